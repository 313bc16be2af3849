/*
 * Unit tests for src/attest/ephemeral_key.c: the PolicyPCR digest (TPM 2.0 Part 3 23.7), the
 * TPML_PCR_SELECTION it hashes (Part 2 10.6.2), and the check that a certified key is exactly
 * the MAA ephemeral key template (docs/maa-azureguest.md 7.3).
 */
#include "test_util.h"

#include <string.h>

#include "attest/ephemeral_key.h"
#include "core/digest.h"

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

static void test_pcr_selection_marshal_is_one_sha256_bank_of_three_bytes(void **state)
{
	(void)state;
	uint8_t out[10];

	assert_int_equal(pcr_selection_marshal(0xff, out), 10);
	assert_memory_equal(out, "\x00\x00\x00\x01\x00\x0b\x03\xff\x00\x00", 10);
	/* pcrSelect[i] bit j is PCR 8i+j (Part 2 10.6.1) */
	assert_int_equal(pcr_selection_marshal(1u << 8 | 1u << 23, out), 10);
	assert_memory_equal(out + 7, "\x00\x01\x80", 3);
}

/* A key shaped exactly like the template, with the given policy. */
static struct tpm_public template_key(const uint8_t policy[32])
{
	struct tpm_public k;

	memset(&k, 0, sizeof(k));
	k.type = TPM_ALG_RSA;
	k.name_alg = TPM_ALG_SHA256;
	k.attributes = EPHEMERAL_KEY_ATTRIBUTES;
	k.rsa_bits = EPHEMERAL_KEY_BITS;
	k.sym_alg = TPM_ALG_NULL;
	k.scheme = TPM_ALG_NULL;
	k.auth_policy = policy;
	k.auth_policy_len = 32;
	return k;
}

static void test_key_check_accepts_the_template_only(void **state)
{
	(void)state;
	uint8_t policy[32], other[32];
	struct tpm_public k;
	struct err e;

	memset(policy, 0xa5, sizeof(policy));
	memcpy(other, policy, sizeof(other));
	other[31] ^= 1;
	k = template_key(policy);
	assert_true(ephemeral_key_check(&k, policy, &e));
	k.rsa_exponent = 65537; /* the default exponent written out is the same key */
	assert_true(ephemeral_key_check(&k, policy, &e));

	/* every template field, changed alone, is refused */
	k = template_key(policy);
	k.type = TPM_ALG_ECC;
	assert_false(ephemeral_key_check(&k, policy, &e));
	assert_string_equal(e.reason, "ephemeral_key_template");
	k = template_key(policy);
	k.name_alg = TPM_ALG_SHA1;
	assert_false(ephemeral_key_check(&k, policy, &e));
	assert_string_equal(e.reason, "ephemeral_key_template");
	k = template_key(policy);
	k.attributes |= 0x00040000u; /* sign: the key could sign, not only decrypt */
	assert_false(ephemeral_key_check(&k, policy, &e));
	assert_string_equal(e.reason, "ephemeral_key_template");
	k = template_key(policy);
	k.rsa_bits = 1024;
	assert_false(ephemeral_key_check(&k, policy, &e));
	k = template_key(policy);
	k.sym_alg = TPM_ALG_AES;
	assert_false(ephemeral_key_check(&k, policy, &e));
	k = template_key(policy);
	k.scheme = TPM_ALG_OAEP;
	assert_false(ephemeral_key_check(&k, policy, &e));
	k = template_key(policy);
	k.rsa_exponent = 3;
	assert_false(ephemeral_key_check(&k, policy, &e));
	assert_string_equal(e.reason, "ephemeral_key_template");

	/* the policy must be PolicyPCR over the quoted values, byte for byte */
	k = template_key(policy);
	assert_false(ephemeral_key_check(&k, other, &e));
	assert_string_equal(e.reason, "ephemeral_key_policy");
	k.auth_policy_len = 0;
	assert_false(ephemeral_key_check(&k, policy, &e));
	assert_string_equal(e.reason, "ephemeral_key_policy");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_policy_pcr_digest_matches_part3_formula),
	    cmocka_unit_test(test_pcr_selection_marshal_is_one_sha256_bank_of_three_bytes),
	    cmocka_unit_test(test_key_check_accepts_the_template_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
