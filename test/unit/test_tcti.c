/*
 * Unit tests for src/tpm/tcti.c (spec parsing), src/tpm/tpm_rc.c (retry classes),
 * ak_cert_trim (tpm_collect.c) and the ephemeral key policy (src/attest/ephemeral_key.c).
 */
#include "test_util.h"

#include <tss2/tss2_common.h>

#include "attest/ephemeral_key.h"
#include "core/digest.h"
#include "tpm/tcti.h"
#include "tpm/tpm_collect.h"
#include "tpm/tpm_rc.h"

static void test_tcti_specs_parse(void **state)
{
	(void)state;
	struct tcti_spec s;
	struct err e;

	assert_true(tcti_spec_parse("device:/dev/tpmrm0", &s, &e));
	assert_int_equal(s.kind, TCTI_DEVICE);
	assert_string_equal(s.conf, "/dev/tpmrm0");
	assert_true(tcti_spec_parse("device", &s, &e));
	assert_string_equal(s.path, "/dev/tpmrm0");
	assert_true(tcti_spec_parse("swtpm:host=127.0.0.1,port=2321", &s, &e));
	assert_int_equal(s.kind, TCTI_SWTPM);
	assert_string_equal(s.conf, "host=127.0.0.1,port=2321");
	assert_true(tcti_spec_parse("swtpm:port=40000", &s, &e));
	assert_string_equal(s.conf, "host=127.0.0.1,port=40000");
	assert_true(tcti_spec_parse("swtpm:", &s, &e));
	assert_int_equal(s.port, 2321);
}

static void test_bad_tcti_specs_are_usage_errors(void **state)
{
	(void)state;
	const char *bad[] = {"",
			     "mssim:host=127.0.0.1",
			     "device:tpmrm0",
			     "device:/dev/tpm,x",
			     "swtpm:host=10.1.2.3,port=2321",
			     "swtpm:host=example.com",
			     "swtpm:port=0",
			     "swtpm:port=65535",
			     "swtpm:port=2321x",
			     "swtpm:port=",
			     "swtpm:port=1,port=2",
			     "swtpm:bogus=1",
			     "swtpm:port=1,",
			     "swtpm:host"};
	struct tcti_spec s;
	struct err e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		assert_false(tcti_spec_parse(bad[i], &s, &e));
		assert_string_equal(e.reason, "bad_tcti");
		assert_int_equal(e.cls, ERR_USAGE);
	}
}

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

static void test_ak_cert_trim_strips_zero_padding_only(void **state)
{
	(void)state;
	uint8_t nv[16] = {0x30, 0x03, 0x02, 0x01, 0x05};
	size_t n;
	struct err e;

	assert_true(ak_cert_trim(nv, sizeof(nv), &n, &e));
	assert_int_equal(n, 5);
	assert_true(ak_cert_trim(nv, 5, &n, &e));
	nv[10] = 1;
	assert_false(ak_cert_trim(nv, sizeof(nv), &n, &e));
	assert_string_equal(e.reason, "bad_ak_cert_der");
	assert_int_equal(e.offset, 10);
	assert_false(ak_cert_trim(nv, 4, &n, &e));
	nv[0] = 0x31;
	assert_false(ak_cert_trim(nv, 5, &n, &e));
}

static void test_policy_pcr_digest_matches_part3_formula(void **state)
{
	(void)state;
	uint8_t vals[8 * 32], got[32], want[32], pcrd[32], buf[32 + 4 + 10 + 32];
	struct err e;

	memset(vals, 0, sizeof(vals));
	assert_true(ephemeral_policy_digest(0xff, vals, sizeof(vals), got, &e));
	/* policyDigest = SHA256(0^32 || CC_PolicyPCR || TPML_PCR_SELECTION || SHA256(values)). */
	digest_compute(digest_by_tpm_alg(TPM_ALG_SHA256), vals, sizeof(vals), pcrd);
	memset(buf, 0, 32);
	memcpy(buf + 32, "\x00\x00\x01\x7f", 4);
	memcpy(buf + 36, "\x00\x00\x00\x01\x00\x0b\x03\xff\x00\x00", 10);
	memcpy(buf + 46, pcrd, 32);
	digest_compute(digest_by_tpm_alg(TPM_ALG_SHA256), buf, sizeof(buf), want);
	assert_memory_equal(got, want, 32);
	assert_false(ephemeral_policy_digest(0xff, vals, 7 * 32, got, &e));
	assert_false(ephemeral_policy_digest(0, vals, 0, got, &e));
	assert_false(ephemeral_policy_digest(1u << 24, vals, 32, got, &e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tcti_specs_parse),
	    cmocka_unit_test(test_bad_tcti_specs_are_usage_errors),
	    cmocka_unit_test(test_retry_and_unreachable_classes),
	    cmocka_unit_test(test_backoff_is_bounded),
	    cmocka_unit_test(test_ak_cert_trim_strips_zero_padding_only),
	    cmocka_unit_test(test_policy_pcr_digest_matches_part3_formula),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
