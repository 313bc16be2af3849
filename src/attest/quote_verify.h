/*
 * quote_verify: checks a TPM2_Quote (TPMS_ATTEST + signature) against an AK
 * public key and the caller's expectations. Pure; BearSSL does the crypto.
 *
 * Checks, in order, each with its own reason code (layer "attest"):
 *   parse (tpms_attest.h)                          bad_attest_* / truncated_attest / ...
 *   signature: RSASSA-PKCS1-v1_5 with SHA-256 over the TPMS_ATTEST bytes
 *     (Part 1 18.2 / Part 2 11.3.4; the only scheme implemented: RSAPSS,
 *     ECDSA and others are refused as unsupported_signature_scheme)  quote_bad_signature
 *   type is TPM_ST_ATTEST_QUOTE                     not_a_quote
 *   extraData equals the expected nonce             quote_nonce_mismatch
 *   the PCR selection is exactly the one asked for  quote_pcr_selection_mismatch
 *   pcrDigest = H(selected PCR values, selection order then ascending index;
 *     Part 3 18.4.1, TPM2_Quote)                    quote_pcr_digest_mismatch
 * Success is returned only when every requested check ran and passed.
 */
#ifndef ATTEST_ATTEST_QUOTE_VERIFY_H
#define ATTEST_ATTEST_QUOTE_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attest/rsa_pub.h"
#include "attest/tpm2b_public.h"
#include "attest/tpms_attest.h"
#include "core/err.h"

struct quote_expect {
	bool check_nonce;
	const uint8_t *nonce;
	size_t nonce_len;
	bool check_selection; /* exactly one selection: bank with exactly pcr_mask */
	uint16_t bank;
	uint32_t pcr_mask;
	/* When set: the values of every selected PCR, in selection order (banks in the order
	 * of the quote's list, indices ascending), each the bank's digest size. */
	const uint8_t *pcr_values;
	size_t pcr_values_len;
};

/*
 * A signature file is either the raw RSASSA signature (modulus length) or a
 * marshalled TPMT_SIGNATURE (sigAlg RSASSA, hash SHA-256, TPM2B). *raw points
 * into sig. Anything else: unsupported_signature_scheme / bad_signature_format.
 */
bool quote_sig_raw(const uint8_t *sig, size_t len, const struct rsa_pub *ak, const uint8_t **raw,
		   size_t *raw_len, struct err *e);

/* RSASSA-PKCS1-v1_5/SHA-256 check of sig over msg (sig_len must equal the modulus length). */
bool attest_sig_verify(const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len,
		       const struct rsa_pub *ak, struct err *e);

/* The AK public area is a restricted signing key bound to its TPM (Part 1 25.2; Part 2
 * 8.3.3.1) whose scheme, when set, is RSASSA/SHA-256: ak_not_restricted_signer /
 * unsupported_signature_scheme otherwise. */
bool ak_public_check(const struct tpm_public *ak, struct err *e);

/* H(values) with the selection's hash; false when the hash is unknown or sizes disagree. */
bool quote_pcr_digest(const struct tpms_attest *q, const uint8_t *values, size_t len, uint8_t *out,
		      size_t *out_len, struct err *e);

bool quote_verify(const uint8_t *attest, size_t attest_len, const uint8_t *sig, size_t sig_len,
		  const struct rsa_pub *ak, const struct quote_expect *want,
		  struct tpms_attest *out, struct err *e);

#endif
