/* Unit tests for src/attest/rsa_pub.c: which RSA public keys are accepted, in which forms. */
#include "test_util.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_real_azure_ak_pem_is_rsa2048_e65537),
	    cmocka_unit_test(test_non_rsa_small_and_multiple_keys_are_refused),
	    cmocka_unit_test(test_even_modulus_and_even_exponent_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
