/* Unit tests for src/attest/tpm2b_public.c: strict TPM2B_PUBLIC parsing and the Name. */
#include "test_util.h"

#include "attest/tpm2b_public.h"
#include "core/cursor.h"
#include "core/digest.h"

/* An Azure-like AK: RSA, SHA-256, 0x00050072, no policy, RSASSA/SHA-256, 2048 bits. */
static size_t build_rsa(uint8_t *b, uint32_t attrs, uint16_t scheme)
{
	size_t o = 2;
	store_u16be(b + o, TPM_ALG_RSA), o += 2;
	store_u16be(b + o, TPM_ALG_SHA256), o += 2;
	store_u32be(b + o, attrs), o += 4;
	store_u16be(b + o, 0), o += 2;		  /* authPolicy */
	store_u16be(b + o, TPM_ALG_NULL), o += 2; /* symmetric */
	store_u16be(b + o, scheme), o += 2;
	if (scheme != TPM_ALG_NULL)
		store_u16be(b + o, TPM_ALG_SHA256), o += 2;
	store_u16be(b + o, 2048), o += 2;
	store_u32be(b + o, 0), o += 4;
	store_u16be(b + o, 256), o += 2;
	for (int i = 0; i < 256; i++)
		b[o++] = (uint8_t)(i | 0x81);
	store_u16be(b, (uint16_t)(o - 2));
	return o;
}

static void test_parses_azure_like_ak(void **state)
{
	(void)state;
	uint8_t b[600];
	size_t n = build_rsa(b, 0x00050072, TPM_ALG_RSASSA);
	struct tpm_public k;
	struct rsa_pub r;
	struct err e;

	assert_true(tpm2b_public_parse(b, n, &k, &e));
	assert_int_equal(k.type, TPM_ALG_RSA);
	assert_int_equal(k.attributes, 0x00050072);
	assert_int_equal(k.scheme, TPM_ALG_RSASSA);
	assert_int_equal(k.scheme_hash, TPM_ALG_SHA256);
	assert_int_equal(k.rsa_n_len, 256);
	assert_int_equal(k.tpmt_len, n - 2);
	assert_true(tpm_public_rsa(&k, &r, &e));
	assert_int_equal(r.elen, 3); /* exponent 0 -> 65537 */
	assert_int_equal(r.e[0], 1);
}

static void test_name_is_namealg_and_hash_of_tpmt(void **state)
{
	(void)state;
	uint8_t b[600], name[TPM_MAX_NAME], want[32];
	size_t n = build_rsa(b, 0x00050072, TPM_ALG_RSASSA), nl;
	struct tpm_public k;
	struct err e;

	assert_true(tpm2b_public_parse(b, n, &k, &e));
	assert_true(tpm_public_name(&k, name, &nl, &e));
	assert_int_equal(nl, 34);
	assert_int_equal(load_u16be(name), TPM_ALG_SHA256);
	digest_compute(digest_by_tpm_alg(TPM_ALG_SHA256), b + 2, n - 2, want);
	assert_memory_equal(name + 2, want, 32);
}

static void test_every_truncation_and_size_mismatch_is_refused(void **state)
{
	(void)state;
	uint8_t b[600];
	size_t n = build_rsa(b, 0x00050072, TPM_ALG_RSASSA);
	struct tpm_public k;
	struct err e;

	for (size_t i = 0; i < n; i++)
		assert_false(tpm2b_public_parse(b, i, &k, &e));
	b[n] = 0;
	assert_false(tpm2b_public_parse(b, n + 1, &k, &e));
	assert_string_equal(e.reason, "trailing_bytes");
	/* A TPMT_PUBLIC with a byte after unique. */
	store_u16be(b, (uint16_t)(n - 1));
	assert_false(tpm2b_public_parse(b, n + 1, &k, &e));
	assert_false(tpmt_public_parse(b + 2, n - 1, &k, &e));
	assert_string_equal(e.reason, "trailing_bytes");
}

static void test_field_checks_have_reasons(void **state)
{
	(void)state;
	uint8_t b[600];
	size_t n;
	struct tpm_public k;
	struct err e;

	n = build_rsa(b, 0x00050072 | 0x80000000u, TPM_ALG_RSASSA);
	assert_false(tpm2b_public_parse(b, n, &k, &e));
	assert_string_equal(e.reason, "bad_public_attributes");

	n = build_rsa(b, 0x00050072, TPM_ALG_ECDSA); /* an ECC scheme on an RSA key */
	assert_false(tpm2b_public_parse(b, n, &k, &e));
	assert_string_equal(e.reason, "bad_public_parameters");

	n = build_rsa(b, 0x00050072, TPM_ALG_RSASSA);
	store_u16be(b + 4, 0x0099); /* nameAlg */
	assert_false(tpm2b_public_parse(b, n, &k, &e));
	assert_string_equal(e.reason, "bad_public_name_alg");

	n = build_rsa(b, 0x00050072, TPM_ALG_RSASSA);
	store_u16be(b + 2 + 2 + 2 + 4 + 2 + 2 + 4, 1024); /* keyBits != modulus size */
	assert_false(tpm2b_public_parse(b, n, &k, &e));
	assert_string_equal(e.reason, "bad_public_unique");

	n = build_rsa(b, 0x00050072, TPM_ALG_RSASSA);
	store_u16be(b + 2, TPM_ALG_KEYEDHASH);
	assert_false(tpm2b_public_parse(b, n, &k, &e));
	assert_string_equal(e.reason, "unsupported_key_type");
}

static void test_policy_must_be_empty_or_one_digest(void **state)
{
	(void)state;
	uint8_t b[700], c[700];
	size_t n = build_rsa(b, 0x00020432, TPM_ALG_NULL), o = 2 + 8;
	struct tpm_public k;
	struct err e;

	/* Insert a 32-byte policy. */
	memcpy(c, b, o);
	store_u16be(c + o, 32);
	memset(c + o + 2, 0xab, 32);
	memcpy(c + o + 34, b + o + 2, n - o - 2);
	store_u16be(c, (uint16_t)(n + 32 - 2));
	assert_true(tpm2b_public_parse(c, n + 32, &k, &e));
	assert_int_equal(k.auth_policy_len, 32);
	store_u16be(c + o, 31);
	store_u16be(c, (uint16_t)(n + 31 - 2));
	memmove(c + o + 33, c + o + 34, n - o - 2);
	assert_false(tpm2b_public_parse(c, n + 31, &k, &e));
	assert_string_equal(e.reason, "bad_public_policy");
}

static void test_parses_ecc_key(void **state)
{
	(void)state;
	uint8_t b[200];
	size_t o = 2;
	struct tpm_public k;
	struct err e;

	store_u16be(b + o, TPM_ALG_ECC), o += 2;
	store_u16be(b + o, TPM_ALG_SHA256), o += 2;
	store_u32be(b + o, 0x00050072), o += 4;
	store_u16be(b + o, 0), o += 2;
	store_u16be(b + o, TPM_ALG_NULL), o += 2;
	store_u16be(b + o, TPM_ALG_ECDSA), o += 2;
	store_u16be(b + o, TPM_ALG_SHA256), o += 2;
	store_u16be(b + o, 0x0003), o += 2; /* NIST P-256 */
	store_u16be(b + o, TPM_ALG_NULL), o += 2;
	store_u16be(b + o, 32), o += 2;
	memset(b + o, 1, 32), o += 32;
	store_u16be(b + o, 32), o += 2;
	memset(b + o, 2, 32), o += 32;
	store_u16be(b, (uint16_t)(o - 2));
	assert_true(tpm2b_public_parse(b, o, &k, &e));
	assert_int_equal(k.ecc_curve, 3);
	assert_int_equal(k.ecc_x_len, 32);
	assert_false(tpm_public_rsa(&k, NULL, &e));
	assert_string_equal(e.reason, "unsupported_key_type");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parses_azure_like_ak),
	    cmocka_unit_test(test_name_is_namealg_and_hash_of_tpmt),
	    cmocka_unit_test(test_every_truncation_and_size_mismatch_is_refused),
	    cmocka_unit_test(test_field_checks_have_reasons),
	    cmocka_unit_test(test_policy_must_be_empty_or_one_digest),
	    cmocka_unit_test(test_parses_ecc_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
