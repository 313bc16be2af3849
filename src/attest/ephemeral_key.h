/*
 * ephemeral_key: the PCR-bound ephemeral RSA key of the MAA protocol
 * (docs/maa-azureguest.md 7.3, [MS-CPP] Tss2Util::PopulateEphemeralKeyPublicTemplate):
 * RSA-2048, nameAlg SHA-256, objectAttributes decrypt|fixedTPM|fixedParent|
 * sensitiveDataOrigin|noDA (0x00020432), exponent 0, symmetric NULL, scheme
 * NULL, authPolicy = the PolicyPCR digest over the attested SHA-256 PCRs.
 * Pure: the policy digest, the template bytes, and the check that a
 * certified key has exactly that shape.
 */
#ifndef ATTEST_ATTEST_EPHEMERAL_KEY_H
#define ATTEST_ATTEST_EPHEMERAL_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attest/tpm2b_public.h"
#include "core/err.h"

#define EPHEMERAL_KEY_ATTRIBUTES 0x00020432u
#define EPHEMERAL_KEY_BITS	 2048
#define TPM_CC_POLICY_PCR	 0x0000017Fu

/*
 * policyDigest' = SHA-256(0^32 || TPM_CC_PolicyPCR || TPML_PCR_SELECTION || pcrDigest),
 * pcrDigest = SHA-256(values of the selected PCRs, ascending) (TPM 2.0 Part 3 23.7),
 * for one SHA-256 selection of 3 bytes (mask < 2^24). values: popcount(mask) * 32 bytes.
 */
bool ephemeral_policy_digest(uint32_t mask, const uint8_t *values, size_t len, uint8_t out[32],
			     struct err *e);

/* TPML_PCR_SELECTION with one SHA-256, 3-byte selection; returns its size (10). */
size_t pcr_selection_marshal(uint32_t mask, uint8_t out[10]);

/* The key is exactly the template with the given policy (tpm2b_public.h view). */
bool ephemeral_key_check(const struct tpm_public *k, const uint8_t policy[32], struct err *e);

#endif
