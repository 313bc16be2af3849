/* Unit tests for src/tpm/tpm_rc.c: which response codes are retried or mean "unreachable". */
#include "test_util.h"

#include <string.h>

#include <tss2/tss2_common.h>

#include "tpm/tpm_rc.h"

static void test_retry_and_unreachable_classes(void **state)
{
	(void)state;
	struct err e;

	assert_true(tpm_rc_is_retry(0x922));		   /* TPM_RC_RETRY */
	assert_true(tpm_rc_is_retry(0x908));		   /* TPM_RC_YIELDED */
	assert_true(tpm_rc_is_retry(0x90A));		   /* TPM_RC_TESTING */
	assert_true(tpm_rc_is_retry(0x922 | (12u << 16))); /* via the resource manager */
	assert_false(tpm_rc_is_retry(0x902));		   /* OBJECT_MEMORY */
	assert_false(tpm_rc_is_retry(0x922 | (7u << 16))); /* an ESAPI-layer code */
	assert_true(tpm_rc_is_unreachable(TSS2_TCTI_RC_IO_ERROR));
	assert_false(tpm_rc_is_unreachable(0x0A)); /* TPM-layer 0x00A is not an I/O error */
	tpm_rc_fail(&e, TSS2_TCTI_RC_IO_ERROR, "TPM2_Quote", "the device");
	assert_string_equal(e.reason, "tpm_unreachable");
	assert_int_equal(e.cls, ERR_TRANSIENT);
	tpm_rc_fail(&e, 0x922, "TPM2_Quote", "the TPM");
	assert_string_equal(e.reason, "tpm_busy");
	assert_int_equal(e.cls, ERR_TRANSIENT);
	tpm_rc_fail(&e, 0x18B, "TPM2_ReadPublic", "the AK handle");
	assert_string_equal(e.reason, "tpm_error");
	assert_int_equal(e.cls, ERR_REJECT);
	assert_non_null(strstr(e.detail, "TPM2_ReadPublic: "));
	assert_non_null(strstr(e.detail, "check the AK handle"));
}

static void test_backoff_is_bounded(void **state)
{
	(void)state;
	struct tpm_retry r = {tpm_now_ms() + 200, 0};
	unsigned n = 0;
	uint64_t t0 = tpm_now_ms();
	while (tpm_backoff(&r))
		n++;
	assert_true(n < TPM_MAX_ATTEMPTS);
	assert_true(tpm_now_ms() - t0 < 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_retry_and_unreachable_classes),
	    cmocka_unit_test(test_backoff_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
