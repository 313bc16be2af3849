/* Unit tests for src/attest/tpms_attest.c: strict TPMS_ATTEST parsing (TPM 2.0 Part 2 10.12). */
#include "test_util.h"

#include "attest/tpms_attest.h"
#include "core/cursor.h"
#include "core/digest.h"

/* A hand-built quote: magic, type, signer name (34), extraData "nonce", clock, fw, 1 selection
 * sha256 3 bytes 0xff 0x00 0x00, pcrDigest 32. */
static size_t build_quote(uint8_t *b)
{
	size_t o = 0;
	store_u32be(b + o, TPM_GENERATED_VALUE), o += 4;
	store_u16be(b + o, TPM_ST_ATTEST_QUOTE), o += 2;
	store_u16be(b + o, 34), o += 2;
	store_u16be(b + o, TPM_ALG_SHA256), o += 2;
	memset(b + o, 0x11, 32), o += 32;
	store_u16be(b + o, 5), o += 2;
	memcpy(b + o, "nonce", 5), o += 5;
	memset(b + o, 0, 8), b[o + 7] = 9, o += 8; /* clock */
	store_u32be(b + o, 1), o += 4;
	store_u32be(b + o, 2), o += 4;
	b[o++] = 1; /* safe */
	memset(b + o, 0, 8), b[o] = 0x20, o += 8;
	store_u32be(b + o, 1), o += 4;
	store_u16be(b + o, TPM_ALG_SHA256), o += 2;
	b[o++] = 3;
	b[o++] = 0xff, b[o++] = 0, b[o++] = 0;
	store_u16be(b + o, 32), o += 2;
	memset(b + o, 0x22, 32), o += 32;
	return o;
}

static void test_parses_hand_built_quote_fields(void **state)
{
	(void)state;
	uint8_t b[256];
	size_t n = build_quote(b);
	struct tpms_attest a;
	struct err e;

	assert_true(tpms_attest_parse(b, n, &a, &e));
	assert_int_equal(a.type, TPM_ST_ATTEST_QUOTE);
	assert_int_equal(a.qualified_signer_len, 34);
	assert_int_equal(a.extra_data_len, 5);
	assert_memory_equal(a.extra_data, "nonce", 5);
	assert_true(a.clock == 9);
	assert_int_equal(a.reset_count, 1);
	assert_int_equal(a.restart_count, 2);
	assert_int_equal(a.safe, 1);
	assert_true(a.firmware_version == 0x2000000000000000ULL);
	assert_int_equal(a.nsel, 1);
	assert_int_equal(a.sel[0].mask, 0xff);
	assert_int_equal(a.pcr_digest_len, 32);
}

static void test_every_truncation_and_trailing_byte_is_refused(void **state)
{
	(void)state;
	uint8_t b[256];
	size_t n = build_quote(b);
	struct tpms_attest a;
	struct err e;

	for (size_t k = 0; k < n; k++)
		assert_false(tpms_attest_parse(b, k, &a, &e));
	b[n] = 0;
	assert_false(tpms_attest_parse(b, n + 1, &a, &e));
	assert_string_equal(e.reason, "trailing_bytes");
}

static void test_bad_magic_type_safe_and_selection_have_reasons(void **state)
{
	(void)state;
	uint8_t b[256];
	size_t n;
	struct tpms_attest a;
	struct err e;
	const size_t sel_off = 4 + 2 + 36 + 7 + 17 + 8; /* count field */

	n = build_quote(b);
	b[0] = 0xfe;
	assert_false(tpms_attest_parse(b, n, &a, &e));
	assert_string_equal(e.reason, "bad_attest_magic");

	n = build_quote(b);
	store_u16be(b + 4, 0x8014); /* TPM_ST_ATTEST_NV */
	assert_false(tpms_attest_parse(b, n, &a, &e));
	assert_string_equal(e.reason, "unsupported_attest_type");

	n = build_quote(b);
	b[sel_off - 9] = 2; /* safe */
	assert_false(tpms_attest_parse(b, n, &a, &e));
	assert_string_equal(e.reason, "bad_attest_field");

	n = build_quote(b);
	store_u32be(b + sel_off, TPM_MAX_PCR_BANKS + 1);
	assert_false(tpms_attest_parse(b, n, &a, &e));
	assert_string_equal(e.reason, "bad_pcr_selection");

	n = build_quote(b);
	b[sel_off + 6] = 0; /* sizeofSelect 0 */
	assert_false(tpms_attest_parse(b, n, &a, &e));
	assert_string_equal(e.reason, "bad_pcr_selection");
	b[sel_off + 6] = TPM_PCR_SELECT_MAX + 1;
	assert_false(tpms_attest_parse(b, n, &a, &e));

	n = build_quote(b);
	store_u16be(b + sel_off + 4, 0x0006); /* AES is no hash */
	assert_false(tpms_attest_parse(b, n, &a, &e));
	assert_string_equal(e.reason, "bad_pcr_selection");

	n = build_quote(b);
	store_u16be(b + 6, 67); /* qualifiedSigner larger than TPM2B_NAME */
	assert_false(tpms_attest_parse(b, n, &a, &e));
	assert_string_equal(e.reason, "bad_attest_field");
}

static void test_bank_selected_twice_is_refused(void **state)
{
	(void)state;
	uint8_t b[256];
	size_t n = build_quote(b), o;
	struct tpms_attest a;
	struct err e;
	const size_t sel_off = 4 + 2 + 36 + 7 + 17 + 8;

	/* Rebuild the tail with two sha256 selections. */
	o = sel_off;
	store_u32be(b + o, 2), o += 4;
	for (int i = 0; i < 2; i++) {
		store_u16be(b + o, TPM_ALG_SHA256), o += 2;
		b[o++] = 3, b[o++] = 1, b[o++] = 0, b[o++] = 0;
	}
	store_u16be(b + o, 32), o += 2;
	memset(b + o, 0x22, 32), o += 32;
	n = o;
	assert_false(tpms_attest_parse(b, n, &a, &e));
	assert_string_equal(e.reason, "bad_pcr_selection");
	store_u16be(b + sel_off + 4 + 6, TPM_ALG_SHA1);
	assert_true(tpms_attest_parse(b, n, &a, &e));
	assert_int_equal(a.nsel, 2);
}

static void test_parses_certify_info_names(void **state)
{
	(void)state;
	uint8_t b[256];
	size_t o = 0;
	struct tpms_attest a;
	struct err e;

	store_u32be(b + o, TPM_GENERATED_VALUE), o += 4;
	store_u16be(b + o, TPM_ST_ATTEST_CERTIFY), o += 2;
	store_u16be(b + o, 0), o += 2;
	store_u16be(b + o, 0), o += 2;
	memset(b + o, 0, 17), o += 17;
	memset(b + o, 0, 8), o += 8;
	store_u16be(b + o, 34), o += 2;
	store_u16be(b + o, TPM_ALG_SHA256), o += 2;
	memset(b + o, 0x33, 32), o += 32;
	store_u16be(b + o, 34), o += 2;
	store_u16be(b + o, TPM_ALG_SHA256), o += 2;
	memset(b + o, 0x44, 32), o += 32;
	assert_true(tpms_attest_parse(b, o, &a, &e));
	assert_int_equal(a.type, TPM_ST_ATTEST_CERTIFY);
	assert_int_equal(a.certified_name_len, 34);
	assert_int_equal(a.certified_name[2], 0x33);
	assert_int_equal(a.certified_qualified_name[2], 0x44);
	assert_false(tpms_attest_parse(b, o - 1, &a, &e));
}

static void test_real_azure_quote_parses(void **state)
{
	(void)state;
	size_t n;
	uint8_t *b = TEST_SHARED_FILE("testdata/maa/vtpm-quote-tpms_attest.bin", &n);
	struct tpms_attest a;
	struct err e;

	assert_true(tpms_attest_parse(b, n, &a, &e));
	assert_int_equal(a.type, TPM_ST_ATTEST_QUOTE);
	assert_int_equal(a.extra_data_len, 9);
	assert_memory_equal(a.extra_data, "challenge", 9);
	assert_true(a.firmware_version == 0x2020031200120003ULL);
	assert_int_equal(a.nsel, 1);
	assert_int_equal(a.sel[0].hash, TPM_ALG_SHA256);
	assert_int_equal(a.sel[0].size_of_select, 3);
	assert_int_equal(a.sel[0].mask, 0xffffff);
	assert_int_equal(a.pcr_digest_len, 32);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parses_hand_built_quote_fields),
	    cmocka_unit_test(test_every_truncation_and_trailing_byte_is_refused),
	    cmocka_unit_test(test_bad_magic_type_safe_and_selection_have_reasons),
	    cmocka_unit_test(test_bank_selected_twice_is_refused),
	    cmocka_unit_test(test_parses_certify_info_names),
	    cmocka_unit_test(test_real_azure_quote_parses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
