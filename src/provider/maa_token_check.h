/*
 * maa_token_check: the binding checks of a VERIFIED AzureGuest token (signature, iss, time
 * already checked by jwt_verify) against what this run sent (docs/maa-azureguest.md 4.2,
 * issue 18 "Response"). Pure: claims and expectations in, a verdict out.
 *
 *   x-ms-runtime.client-payload.nonce  == the ClientPayload nonce string we sent, byte for
 *                                         byte (base64, 2.3)       -> token_nonce_mismatch
 *   x-ms-runtime.keys                  one entry with kid "TpmEphemeralEncryptionKey"
 *                                         (absent: token_enc_key_missing), kty "RSA", its
 *                                         n (base64url, RFC 7518 6.3.1.1) == EncKeyPub's
 *                                         modulus and e == 65537 (7.3: exponent 0)
 *                                                                  -> token_enc_key_mismatch
 *   x-ms-azurevm-attested-pcrs         integers 0-23 covering every required PCR
 *                                                                  -> token_pcrs_missing
 * A claim of the wrong shape (not an object/array/string, a second key with our kid, a PCR
 * outside 0-23) is token_claim_invalid naming the claim. Layer "provider", exit 1.
 */
#ifndef ATTEST_PROVIDER_MAA_TOKEN_CHECK_H
#define ATTEST_PROVIDER_MAA_TOKEN_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "json/json_parse.h"

#define MAA_EPHEMERAL_KID "TpmEphemeralEncryptionKey"
/* RSA-4096 at most (the ephemeral key is RSA-2048, 7.3). */
#define MAA_TOKEN_MAX_N 512u

struct maa_token_expect {
	const char *nonce_b64; /* the ClientPayload nonce exactly as sent */
	size_t nonce_b64_len;
	const uint8_t *enc_n; /* EncKeyPub's modulus, big-endian (unique.rsa) */
	size_t enc_n_len;
	uint32_t pcr_mask; /* required SHA-256 PCRs, bit i = PCR i; 0 is refused */
};

/* claims: the verified payload (an object at JSON_ROOT). True only when every check passed. */
bool maa_token_check(const struct json_doc *claims, const struct maa_token_expect *x,
		     struct err *e);

#endif
