/*
 * maa_envelope: the AzureGuest answer (docs/maa-azureguest.md 3.1-3.3). Pure.
 *
 * maa_envelope_parse(): HTTP 200 body {"token": T} (other members tolerated) -> T is
 * base64url without padding (RFC 4648 section 5) of a JSON envelope (3.2; extra members
 * tolerated):
 *   "EncryptedInnerKey": b64, the RSAES-PKCS1-v1_5 ciphertext to EncKeyPub (RSA-2048: 256 B)
 *   "EncryptionParams": {"BlockMode":"ChainingModeGCM","BlockPadding":"PKCS7","Cipher":"AES",
 *                        "KeySizeInBits": 128|192|256, "Iv": b64 of 12 bytes}
 *   "AuthenticationData": b64 of the 16-byte GCM tag (top level)
 *   "Jwt": b64 of the GCM ciphertext of the JWT (tag not appended), non-empty
 * b64 = standard base64 with padding (RFC 4648 section 4), strict.
 * maa_envelope_open(): AES-GCM (NIST SP 800-38D) decryption with BearSSL (br_gcm over
 * br_aes_ct_ctr, constant-time), key = the inner key the TPM decrypted (RSAES, evidence
 * decrypt), IV 12 bytes, AAD the 13 bytes "Transport Key" (3.3 step 3), tag checked in
 * constant time, no unpadding (despite "PKCS7", every client takes the plaintext as is).
 *
 * Reasons (layer "provider"): response_not_json (json reason in the detail), response_no_token,
 * token_not_base64url, envelope_not_json, envelope_member_missing, envelope_member_type,
 * envelope_bad_base64 (member in the detail), inner_key_size, iv_size, tag_size,
 * unsupported_cipher, unsupported_block_mode, unsupported_padding, key_size_invalid,
 * jwt_empty, response_too_large; open: key_size_mismatch (the decrypted key's length is not
 * KeySizeInBits), tag_mismatch (nothing of the plaintext is returned).
 */
#ifndef ATTEST_PROVIDER_MAA_ENVELOPE_H
#define ATTEST_PROVIDER_MAA_ENVELOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

/* The HTTP layer's response cap (issue 18): 1 MiB. */
#define MAA_RESPONSE_MAX_BODY ((size_t)1 << 20)
/* RSA-2048 ephemeral key (7.3): the RSAES ciphertext is the modulus size. */
#define MAA_INNER_KEY_CT_SIZE 256u
#define MAA_GCM_IV_SIZE	      12u
#define MAA_GCM_TAG_SIZE      16u
#define MAA_ENVELOPE_AAD      "Transport Key"
#define MAA_ENVELOPE_AAD_LEN  13u

struct maa_envelope {
	uint8_t inner_key_ct[MAA_INNER_KEY_CT_SIZE]; /* for the TPM's RSA_Decrypt */
	uint8_t iv[MAA_GCM_IV_SIZE];
	uint8_t tag[MAA_GCM_TAG_SIZE];
	uint32_t key_bits;
	struct buf jwt_ct; /* the Jwt ciphertext */
};

void maa_envelope_init(struct maa_envelope *env);
void maa_envelope_free(struct maa_envelope *env);

/* env must be maa_envelope_init()ed; filled on success (free it either way). */
bool maa_envelope_parse(const uint8_t *body, size_t n, struct maa_envelope *env, struct err *e);

/* Replaces jwt's contents with the JWT text; on any failure jwt is left empty. */
bool maa_envelope_open(const struct maa_envelope *env, const uint8_t *inner_key, size_t key_len,
		       struct buf *jwt, struct err *e);

#endif
