/* Unit tests for src/core/digest.c: known-answer vectors (FIPS 180-4 examples). */
#include "test_util.h"

#include "core/digest.h"
#include "core/hex.h"

static void check_kat(const char *name, const char *msg, const char *want)
{
	const struct digest_alg *a = digest_by_name(name);
	uint8_t d[DIGEST_MAX_SIZE];
	char hex[2 * DIGEST_MAX_SIZE + 1];
	assert_non_null(a);
	assert_true(digest_compute(a, msg, strlen(msg), d));
	hex_encode(d, a->size, hex);
	assert_string_equal(hex, want);
}

static void test_digest_known_answers_for_abc(void **state)
{
	(void)state;
	check_kat("sha1", "abc", "a9993e364706816aba3e25717850c26c9cd0d89d");
	check_kat("sha256", "abc",
		  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	check_kat("sha384", "abc",
		  "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc23"
		  "58baeca134c825a7");
	check_kat("sha512", "abc",
		  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a8"
		  "36ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

static void test_digest_extend_is_hash_of_concatenation(void **state)
{
	(void)state;
	const struct digest_alg *a = digest_by_tpm_alg(TPM_ALG_SHA256);
	uint8_t pcr[32] = {0}, d[32], cat[64], want[32];
	assert_non_null(a);
	assert_true(digest_compute(a, "x", 1, d));
	memcpy(cat + 32, d, 32);
	memset(cat, 0, 32);
	assert_true(digest_compute(a, cat, 64, want));
	assert_true(digest_extend(a, pcr, d));
	assert_memory_equal(pcr, want, 32);
}

static void test_digest_known_but_unimplemented_algorithms(void **state)
{
	(void)state;
	const struct digest_alg *sm3 = digest_by_tpm_alg(TPM_ALG_SM3_256);
	uint8_t out[64], pcr[64] = {0};
	assert_non_null(sm3);
	assert_string_equal(sm3->name, "sm3_256");
	assert_int_equal(sm3->size, 32);
	assert_null(sm3->impl);
	assert_false(digest_compute(sm3, "a", 1, out));
	assert_false(digest_extend(sm3, pcr, out));
	assert_null(digest_by_tpm_alg(0x0001));
	assert_null(digest_by_name("md5"));
	assert_int_equal(digest_by_name("sha384")->tpm_alg, TPM_ALG_SHA384);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_digest_known_answers_for_abc),
	    cmocka_unit_test(test_digest_extend_is_hash_of_concatenation),
	    cmocka_unit_test(test_digest_known_but_unimplemented_algorithms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
