/* Unit tests for src/attest/hcl_report.c with the real SNP and TDX HCL reports in ../shared. */
#include "test_util.h"

#include "attest/hcl_report.h"
#include "core/cursor.h"

static void test_real_snp_and_tdx_reports_parse_and_bind(void **state)
{
	(void)state;
	const char *names[] = {"testdata/maa/hcl-report-snp-kinvolk-2023.bin",
			       "testdata/maa/hcl-report-tdx-kinvolk.bin"};
	for (int i = 0; i < 2; i++) {
		size_t n;
		uint8_t *b = TEST_SHARED_FILE(names[i], &n);
		struct hcl_report r;
		struct err e;
		assert_true(hcl_report_parse(b, n, &r, &e));
		assert_int_equal(r.report_type, i == 0 ? HCL_REPORT_TYPE_SNP : HCL_REPORT_TYPE_TDX);
		assert_int_equal(r.hash_type, 1);
		assert_true(hcl_report_check_binding(&r, &e));
		/* Any change of the claims breaks the binding. */
		b[0x4D4 + 5] ^= 1;
		assert_true(hcl_report_parse(b, n, &r, &e));
		assert_false(hcl_report_check_binding(&r, &e));
		assert_string_equal(e.reason, "hcl_binding_mismatch");
		free(b);
	}
}

static void test_edited_azure_unittest_report_fails_binding(void **state)
{
	(void)state;
	size_t n;
	uint8_t *b = TEST_SHARED_FILE("testdata/maa/hcl-report-snp-azure-unittest-2022.bin", &n);
	struct hcl_report r;
	struct err e;
	assert_true(hcl_report_parse(b, n, &r, &e));
	assert_false(hcl_report_check_binding(&r, &e));
	assert_string_equal(e.reason, "hcl_binding_mismatch");
	free(b);
}

static void test_hclakpub_must_equal_the_ak(void **state)
{
	(void)state;
	size_t n;
	uint8_t *b = TEST_SHARED_FILE("testdata/maa/hcl-report-snp-kinvolk-2023.bin", &n);
	struct hcl_report r;
	struct rsa_pub other;
	uint8_t m[256];
	struct err e;

	assert_true(hcl_report_parse(b, n, &r, &e));
	memset(m, 0xc5, sizeof(m));
	assert_true(rsa_pub_set(&other, m, sizeof(m), (const uint8_t *)"\x01\x00\x01", 3, &e));
	assert_false(hcl_report_check_ak(&r, &other, &e));
	assert_string_equal(e.reason, "hcl_ak_mismatch");
	free(b);
}

static void test_structure_checks_have_reasons(void **state)
{
	(void)state;
	size_t n;
	uint8_t *b = TEST_SHARED_FILE("testdata/maa/hcl-report-snp-kinvolk-2023.bin", &n);
	struct hcl_report r;
	struct err e;

	for (size_t k = 0; k < 0x4D4; k += 97)
		assert_false(hcl_report_parse(b, k, &r, &e));
	b[0] = 'X';
	assert_false(hcl_report_parse(b, n, &r, &e));
	assert_string_equal(e.reason, "hcl_bad_signature");
	b[0] = 'H';
	store_u32le(b + 0x4C0, load_u32le(b + 0x4C0) + 1); /* data size != 20 + claims */
	assert_false(hcl_report_parse(b, n, &r, &e));
	assert_string_equal(e.reason, "hcl_bad_size");
	store_u32le(b + 0x4C0, load_u32le(b + 0x4C0) - 1);
	b[n - 1] = 1; /* non-zero after the claims */
	assert_false(hcl_report_parse(b, n, &r, &e));
	assert_string_equal(e.reason, "trailing_bytes");
	b[n - 1] = 0;
	store_u32le(b + 0x4C8, 3); /* TVM report type */
	assert_false(hcl_report_parse(b, n, &r, &e));
	assert_string_equal(e.reason, "hcl_unsupported_type");
	store_u32le(b + 0x4C8, 2);
	store_u32le(b + 0x4D0, 0xffffff00u);
	assert_false(hcl_report_parse(b, n, &r, &e));
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_real_snp_and_tdx_reports_parse_and_bind),
	    cmocka_unit_test(test_edited_azure_unittest_report_fails_binding),
	    cmocka_unit_test(test_hclakpub_must_equal_the_ak),
	    cmocka_unit_test(test_structure_checks_have_reasons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
