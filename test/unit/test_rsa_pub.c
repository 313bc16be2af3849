/* Unit tests for src/attest/rsa_pub.c, der.c and pem.c: key forms, strict DER, PEM bundles. */
#include "test_util.h"

#include "attest/der.h"
#include "attest/pem.h"
#include "attest/rsa_pub.h"

static const char ec_pem[] = "-----BEGIN PUBLIC KEY-----\n"
			     "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEdvDX142PUJJSPv4X2u9EGdT1UFiz\n"
			     "49fDY/9nhI41LvnZUUyGKE0gQAAr5QKoOkHJPKV82jiDSNPfJ+BxgInXig==\n"
			     "-----END PUBLIC KEY-----\n";
static const char rsa1024_pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCax024t7vK1dHjwPr/jvJTLeOi\n"
    "vnqyI/l94rD0nHMR8WpiYx14jrkYPwUouMKywvneZ2SeK+ChTs6gmmH2UsvPO1mz\n"
    "65XMgSf+yd6stc8hOO8WIMVOm5Cm5tsv/pnYjvNJTbue4d7AiW+NK4HlZtuuPbY9\n"
    "AZQbHXGCHqq3mgM5rQIDAQAB\n"
    "-----END PUBLIC KEY-----\n";

static void test_real_azure_ak_pem_is_rsa2048_e65537(void **state)
{
	(void)state;
	size_t n;
	uint8_t *p = TEST_SHARED_FILE("testdata/maa/vtpm-quote-akpub.pem", &n);
	struct rsa_pub k, k2;
	struct err e;

	assert_true(rsa_pub_from_pem(&k, p, n, &e));
	assert_int_equal(rsa_pub_bits(&k), 2048);
	assert_int_equal(k.elen, 3);
	assert_true(rsa_pub_set(&k2, k.n, k.nlen, (const uint8_t *)"\0\0\x01\x00\x01", 5, &e));
	assert_true(rsa_pub_equal(&k, &k2)); /* leading zeros do not matter */
	k2.n[5] ^= 1;
	assert_false(rsa_pub_equal(&k, &k2));
	free(p);
}

static void test_non_rsa_small_and_multiple_keys_are_refused(void **state)
{
	(void)state;
	struct rsa_pub k;
	struct err e;
	char two[2 * sizeof(rsa1024_pem)];

	assert_false(rsa_pub_from_pem(&k, (const uint8_t *)ec_pem, strlen(ec_pem), &e));
	assert_string_equal(e.reason, "unsupported_key_type");
	assert_false(rsa_pub_from_pem(&k, (const uint8_t *)rsa1024_pem, strlen(rsa1024_pem), &e));
	assert_string_equal(e.reason, "rsa_key_too_small");
	snprintf(two, sizeof(two), "%s%s", rsa1024_pem, rsa1024_pem);
	assert_false(rsa_pub_from_pem(&k, (const uint8_t *)two, strlen(two), &e));
	assert_string_equal(e.reason, "bad_pem");
	assert_false(rsa_pub_from_pem(&k, (const uint8_t *)"junk", 4, &e));
}

static void test_even_modulus_and_even_exponent_are_refused(void **state)
{
	(void)state;
	uint8_t n[256];
	struct rsa_pub k;
	struct err e;

	memset(n, 0xff, sizeof(n));
	assert_true(rsa_pub_set(&k, n, sizeof(n), (const uint8_t *)"\x01\x00\x01", 3, &e));
	n[255] = 0xfe;
	assert_false(rsa_pub_set(&k, n, sizeof(n), (const uint8_t *)"\x01\x00\x01", 3, &e));
	n[255] = 0xff;
	assert_false(rsa_pub_set(&k, n, sizeof(n), (const uint8_t *)"\x01\x00\x00", 3, &e));
	assert_false(rsa_pub_set(&k, n, sizeof(n), (const uint8_t *)"\x01", 1, &e));
}

static void test_der_rejects_non_minimal_and_indefinite_lengths(void **state)
{
	(void)state;
	const uint8_t ok[] = {0x30, 0x03, 0x02, 0x01, 0x05};
	const uint8_t longform_small[] = {0x30, 0x81, 0x03, 0x02, 0x01, 0x05};
	const uint8_t indefinite[] = {0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00};
	const uint8_t lead_zero[] = {0x30, 0x82, 0x00, 0x03, 0x02, 0x01, 0x05};
	const uint8_t neg_int[] = {0x02, 0x01, 0x80};
	const uint8_t pad_int[] = {0x02, 0x02, 0x00, 0x05};
	struct cursor c, v;
	const uint8_t *p;
	size_t n;

	assert_int_equal(der_tlv_size(ok, sizeof(ok)), 5);
	assert_int_equal(der_tlv_size(ok, 4), 0);
	assert_int_equal(der_tlv_size(longform_small, sizeof(longform_small)), 0);
	assert_int_equal(der_tlv_size(indefinite, sizeof(indefinite)), 0);
	assert_int_equal(der_tlv_size(lead_zero, sizeof(lead_zero)), 0);
	cursor_init(&c, ok, sizeof(ok));
	assert_true(der_expect(&c, DER_SEQUENCE, &v));
	assert_true(der_uint(&v, &p, &n));
	assert_int_equal(n, 1);
	cursor_init(&c, neg_int, sizeof(neg_int));
	assert_false(der_uint(&c, &p, &n));
	cursor_init(&c, pad_int, sizeof(pad_int));
	assert_false(der_uint(&c, &p, &n));
	assert_int_equal(c.off, 0);
}

static void test_pem_bundle_ignores_comments_and_counts_objects(void **state)
{
	(void)state;
	char text[4096];
	struct pem_obj o[4];
	size_t n;
	struct err e;

	snprintf(text, sizeof(text), "# a comment\n%s\nmore text\n%s", rsa1024_pem, ec_pem);
	assert_true(pem_decode_all((const uint8_t *)text, strlen(text), o, 4, &n, &e));
	assert_int_equal(n, 2);
	assert_string_equal(o[0].name, "PUBLIC KEY");
	assert_int_equal(o[1].len, 91);
	pem_free_all(o, n);
	assert_false(pem_decode_all((const uint8_t *)text, strlen(text), o, 1, &n, &e));
	assert_string_equal(e.reason, "pem_too_many_objects");
	/* Unterminated object. */
	assert_false(pem_decode_all((const uint8_t *)ec_pem, strlen(ec_pem) - 30, o, 4, &n, &e));
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_real_azure_ak_pem_is_rsa2048_e65537),
	    cmocka_unit_test(test_non_rsa_small_and_multiple_keys_are_refused),
	    cmocka_unit_test(test_even_modulus_and_even_exponent_are_refused),
	    cmocka_unit_test(test_der_rejects_non_minimal_and_indefinite_lengths),
	    cmocka_unit_test(test_pem_bundle_ignores_comments_and_counts_objects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
