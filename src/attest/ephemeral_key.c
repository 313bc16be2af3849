#include "attest/ephemeral_key.h"

#include <string.h>

#include "core/cursor.h"
#include "core/digest.h"

size_t pcr_selection_marshal(uint32_t mask, uint8_t out[10])
{
	store_u32be(out, 1);		      /* count */
	store_u16be(out + 4, TPM_ALG_SHA256); /* hash */
	out[6] = 3;			      /* sizeofSelect: PC Client, 24 PCRs */
	out[7] = (uint8_t)mask;
	out[8] = (uint8_t)(mask >> 8);
	out[9] = (uint8_t)(mask >> 16);
	return 10;
}

bool ephemeral_policy_digest(uint32_t mask, const uint8_t *values, size_t len, uint8_t out[32],
			     struct err *e)
{
	const struct digest_alg *h = digest_by_tpm_alg(TPM_ALG_SHA256);
	br_sha256_context c;
	uint8_t zero[32] = {0}, cc[4], sel[10], pcrd[32];
	unsigned n = 0;

	if (mask == 0 || mask >> 24)
		return err_fail(e, R_ATTEST_BAD_PCR_SELECTION, ERR_NO_OFFSET,
				"PCR mask 0x%x outside PCRs 0-23 or empty", mask);
	for (uint32_t m = mask; m; m &= m - 1)
		n++;
	if (len != (size_t)n * 32u)
		return err_fail(e, R_ATTEST_PCR_VALUES_SIZE, ERR_NO_OFFSET, "%zu bytes for %u PCRs",
				len, n);
	digest_compute(h, values, len, pcrd);
	store_u32be(cc, TPM_CC_POLICY_PCR);
	pcr_selection_marshal(mask, sel);
	br_sha256_init(&c);
	br_sha256_update(&c, zero, sizeof(zero));
	br_sha256_update(&c, cc, sizeof(cc));
	br_sha256_update(&c, sel, sizeof(sel));
	br_sha256_update(&c, pcrd, sizeof(pcrd));
	br_sha256_out(&c, out);
	return true;
}

bool ephemeral_key_check(const struct tpm_public *k, const uint8_t policy[32], struct err *e)
{
	if (k->type != TPM_ALG_RSA || k->name_alg != TPM_ALG_SHA256 ||
	    k->attributes != EPHEMERAL_KEY_ATTRIBUTES || k->rsa_bits != EPHEMERAL_KEY_BITS ||
	    k->sym_alg != TPM_ALG_NULL || k->scheme != TPM_ALG_NULL ||
	    (k->rsa_exponent != 0 && k->rsa_exponent != 65537))
		return err_fail(e, R_ATTEST_EPHEMERAL_KEY_TEMPLATE, ERR_NO_OFFSET,
				"type 0x%04x nameAlg 0x%04x attributes 0x%08x bits %u: not the "
				"ephemeral key template",
				k->type, k->name_alg, k->attributes, k->rsa_bits);
	if (k->auth_policy_len != 32 || memcmp(k->auth_policy, policy, 32) != 0)
		return err_fail(e, R_ATTEST_EPHEMERAL_KEY_POLICY, ERR_NO_OFFSET,
				"authPolicy is not PolicyPCR over the quoted PCR values");
	return true;
}
