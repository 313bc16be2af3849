/*
 * Unit tests for src/tpm/tpm_collect.c against a fake ESAPI: this file defines the Esys_*
 * functions tpm_open() and tpm_nv_read() call, so the linker takes them instead of
 * libtss2-esys's, and a test can make the "TPM" misbehave in ways swtpm never does.
 * The device TCTI is faked too (the real one probes the device); nothing is ever sent.
 */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include <tss2/tss2_esys.h>
#include <tss2/tss2_tcti.h>

#include "tpm/tpm_collect.h"

/* The fake TPM's behaviour. */
static struct {
	uint16_t nv_size;   /* NV_ReadPublic dataSize */
	uint16_t short_by;  /* NV_Read returns this many bytes fewer than asked */
	unsigned nv_reads;  /* NV_Read calls */
	unsigned tr_closed; /* Esys_TR_Close calls */
} fake;

static int fake_esys_storage;

static void fake_tcti_finalize(TSS2_TCTI_CONTEXT *ctx)
{
	(void)ctx;
}

TSS2_RC Tss2_Tcti_Device_Init(TSS2_TCTI_CONTEXT *ctx, size_t *size, const char *conf)
{
	TSS2_TCTI_CONTEXT_COMMON_V1 *c = (TSS2_TCTI_CONTEXT_COMMON_V1 *)ctx;

	(void)conf;
	if (!ctx) {
		*size = sizeof(*c);
		return TSS2_RC_SUCCESS;
	}
	c->version = 1;
	c->finalize = fake_tcti_finalize;
	return TSS2_RC_SUCCESS;
} /* ESYS_CONTEXT is opaque: any non-NULL pointer will do */

TSS2_RC Esys_Initialize(ESYS_CONTEXT **esys_context, TSS2_TCTI_CONTEXT *tcti,
			TSS2_ABI_VERSION *abi_version)
{
	(void)tcti;
	(void)abi_version;
	*esys_context = (ESYS_CONTEXT *)&fake_esys_storage;
	return TSS2_RC_SUCCESS;
}

void Esys_Finalize(ESYS_CONTEXT **esys_context)
{
	*esys_context = NULL;
}

TSS2_RC Esys_SetCryptoCallbacks(ESYS_CONTEXT *esys_context, ESYS_CRYPTO_CALLBACKS *callbacks)
{
	(void)esys_context;
	(void)callbacks;
	return TSS2_RC_SUCCESS;
}

TSS2_RC Esys_Startup(ESYS_CONTEXT *esys_context, TPM2_SU startup_type)
{
	(void)esys_context;
	(void)startup_type;
	return TSS2_RC_SUCCESS;
}

TSS2_RC Esys_TR_FromTPMPublic(ESYS_CONTEXT *esys_context, TPM2_HANDLE tpm_handle, ESYS_TR shandle1,
			      ESYS_TR shandle2, ESYS_TR shandle3, ESYS_TR *object)
{
	(void)esys_context;
	(void)tpm_handle;
	(void)shandle1;
	(void)shandle2;
	(void)shandle3;
	*object = 0x4000;
	return TSS2_RC_SUCCESS;
}

TSS2_RC Esys_TR_Close(ESYS_CONTEXT *esys_context, ESYS_TR *rsrc_handle)
{
	(void)esys_context;
	*rsrc_handle = ESYS_TR_NONE;
	fake.tr_closed++;
	return TSS2_RC_SUCCESS;
}

TSS2_RC Esys_GetCapability(ESYS_CONTEXT *esys_context, ESYS_TR shandle1, ESYS_TR shandle2,
			   ESYS_TR shandle3, TPM2_CAP capability, UINT32 property,
			   UINT32 propertyCount, TPMI_YES_NO *moreData,
			   TPMS_CAPABILITY_DATA **capabilityData)
{
	(void)esys_context;
	(void)shandle1;
	(void)shandle2;
	(void)shandle3;
	(void)capability;
	(void)propertyCount;
	*moreData = TPM2_NO;
	*capabilityData = calloc(1, sizeof(**capabilityData)); /* freed by Esys_Free = free */
	assert_non_null(*capabilityData);
	(*capabilityData)->data.tpmProperties.count = 1;
	(*capabilityData)->data.tpmProperties.tpmProperty[0].property = property;
	(*capabilityData)->data.tpmProperties.tpmProperty[0].value = 1024;
	return TSS2_RC_SUCCESS;
}

TSS2_RC Esys_NV_ReadPublic(ESYS_CONTEXT *esys_context, ESYS_TR nvIndex, ESYS_TR shandle1,
			   ESYS_TR shandle2, ESYS_TR shandle3, TPM2B_NV_PUBLIC **nvPublic,
			   TPM2B_NAME **nvName)
{
	(void)esys_context;
	(void)nvIndex;
	(void)shandle1;
	(void)shandle2;
	(void)shandle3;
	*nvPublic = calloc(1, sizeof(**nvPublic));
	assert_non_null(*nvPublic);
	(*nvPublic)->nvPublic.dataSize = fake.nv_size;
	if (nvName)
		*nvName = NULL;
	return TSS2_RC_SUCCESS;
}

TSS2_RC Esys_NV_Read(ESYS_CONTEXT *esys_context, ESYS_TR authHandle, ESYS_TR nvIndex,
		     ESYS_TR shandle1, ESYS_TR shandle2, ESYS_TR shandle3, UINT16 size,
		     UINT16 offset, TPM2B_MAX_NV_BUFFER **data)
{
	(void)esys_context;
	(void)authHandle;
	(void)nvIndex;
	(void)shandle1;
	(void)shandle2;
	(void)shandle3;
	fake.nv_reads++;
	*data = calloc(1, sizeof(**data));
	assert_non_null(*data);
	(*data)->size = (UINT16)(size - fake.short_by);
	for (UINT16 i = 0; i < (*data)->size; i++)
		(*data)->buffer[i] = (uint8_t)(offset + i);
	return TSS2_RC_SUCCESS;
}

static struct tpm *open_fake(void)
{
	struct tpm *t = NULL;
	struct err e;

	memset(&fake, 0, sizeof(fake));
	if (!tpm_open("device:/dev/null", 1, &t, &e))
		fail_msg("%s: %s: %s", e.layer, e.reason, e.detail);
	assert_non_null(t);
	return t;
}

static void test_nv_read_reads_whole_index_in_chunks(void **state)
{
	(void)state;
	struct tpm *t = open_fake();
	struct buf out;
	struct err e;
	bool present = false;

	fake.nv_size = 2500; /* 1024 + 1024 + 452 */
	buf_init(&out, TPM_NV_MAX_READ);
	assert_true(tpm_nv_read(t, AZURE_AK_CERT_NV, &out, &present, &e));
	assert_true(present);
	assert_int_equal(out.len, 2500);
	assert_int_equal(fake.nv_reads, 3);
	for (size_t i = 0; i < out.len; i++)
		assert_int_equal(out.data[i], (uint8_t)i);
	assert_int_equal(fake.tr_closed, 1);
	buf_free(&out);
	tpm_close(t);
}

/* A TPM answering TPM2_NV_Read with fewer bytes than asked is refused, and the error
 * reports the size it returned. (The size was once read from the answer after freeing it:
 * AddressSanitizer aborts this test on that heap-use-after-free.) */
static void test_nv_read_short_answer_is_tpm_error(void **state)
{
	(void)state;
	struct tpm *t = open_fake();
	struct buf out;
	struct err e;
	bool present = false;

	fake.nv_size = 100;
	fake.short_by = 1;
	buf_init(&out, TPM_NV_MAX_READ);
	assert_false(tpm_nv_read(t, AZURE_AK_CERT_NV, &out, &present, &e));
	assert_string_equal(e.layer, "tpm");
	assert_string_equal(e.reason, "tpm_error");
	assert_non_null(strstr(e.detail, "returned 99 bytes, asked 100"));
	assert_int_equal(fake.tr_closed, 1);
	buf_free(&out);
	tpm_close(t);
}

static void test_nv_read_over_cap_is_refused(void **state)
{
	(void)state;
	struct tpm *t = open_fake();
	struct buf out;
	struct err e;
	bool present = false;

	fake.nv_size = TPM_NV_MAX_READ + 1;
	buf_init(&out, TPM_NV_MAX_READ);
	assert_false(tpm_nv_read(t, AZURE_AK_CERT_NV, &out, &present, &e));
	assert_string_equal(e.reason, "nv_too_large");
	assert_int_equal(fake.nv_reads, 0);
	buf_free(&out);
	tpm_close(t);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ak_cert_trim_strips_zero_padding_only),
	    cmocka_unit_test(test_nv_read_reads_whole_index_in_chunks),
	    cmocka_unit_test(test_nv_read_short_answer_is_tpm_error),
	    cmocka_unit_test(test_nv_read_over_cap_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
