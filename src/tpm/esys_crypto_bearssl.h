/*
 * esys_crypto_bearssl: the crypto backend of ESAPI, on BearSSL.
 *
 * tpm2-tss is built --with-crypto=none, so ESAPI computes names, session
 * HMACs, salts and parameter encryption through the callbacks installed with
 * Esys_SetCryptoCallbacks(). This module implements them (contracts as in
 * tpm2-tss 4.1.3 include/tss2/tss2_esys.h and src/tss2-esys/esys_crypto_*.c):
 *
 *   hash_*     SHA-1/256/384/512 (BearSSL vtables); other algorithms NOT_IMPLEMENTED
 *   hmac_*     HMAC over the same hashes (br_hmac); key material is wiped on free
 *   get_random2b  the program's one RNG (src/shell/rng.h: kernel seed, RDRAND mixed in)
 *   rsa_pk_encrypt  RSAES-OAEP only, hash = the key's nameAlg, label incl. NUL
 *              (ESAPI forces OAEP with label "SECRET" for salts, esys_iutil.c)
 *   get_ecdh_point  P-256/P-384/P-521: ephemeral key (br_ec_keygen), Q at full
 *              field length, Z = x(d*Qtpm) at FULL field length. That is what
 *              the TPM feeds KDFe (TPM 2.0 Part 1 C.6.1; SP 800-56A 5.7.1.2
 *              "Z as a byte string of the field size") and what the ossl
 *              backend does; the upstream mbed backend strips leading zero
 *              bytes and so derives a wrong salt about once in 256 sessions.
 *   aes_*      AES-128/192/256-CFB (full-block CFB128, TPM 2.0 Part 1 11.4.6.3),
 *              built from the constant-time br_aes_ct64 block function; the
 *              caller's iv is not modified.
 *   sm4_*      not provided (ESAPI substitutes its own NOT_IMPLEMENTED stub).
 *
 * Limits: no SM3/SM4/SHA3, no RSAES-PKCS1-v1_5 salt encryption (ESAPI never
 * asks for it), no P-192/P-224/BN curves.
 */
#ifndef ATTEST_TPM_ESYS_CRYPTO_BEARSSL_H
#define ATTEST_TPM_ESYS_CRYPTO_BEARSSL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tss2/tss2_esys.h>

/* The full callback table (userdata NULL), ready for Esys_SetCryptoCallbacks. */
void esys_crypto_bearssl_callbacks(ESYS_CRYPTO_CALLBACKS *cb);

/* The individual callbacks (exported for the unit tests). */
TSS2_RC esys_br_hash_start(ESYS_CRYPTO_CONTEXT_BLOB **ctx, TPM2_ALG_ID alg, void *ud);
TSS2_RC esys_br_hash_update(ESYS_CRYPTO_CONTEXT_BLOB *ctx, const uint8_t *p, size_t n, void *ud);
TSS2_RC esys_br_hash_finish(ESYS_CRYPTO_CONTEXT_BLOB **ctx, uint8_t *out, size_t *n, void *ud);
void esys_br_hash_abort(ESYS_CRYPTO_CONTEXT_BLOB **ctx, void *ud);
TSS2_RC esys_br_hmac_start(ESYS_CRYPTO_CONTEXT_BLOB **ctx, TPM2_ALG_ID alg, const uint8_t *key,
			   size_t keylen, void *ud);
TSS2_RC esys_br_hmac_update(ESYS_CRYPTO_CONTEXT_BLOB *ctx, const uint8_t *p, size_t n, void *ud);
TSS2_RC esys_br_hmac_finish(ESYS_CRYPTO_CONTEXT_BLOB **ctx, uint8_t *out, size_t *n, void *ud);
void esys_br_hmac_abort(ESYS_CRYPTO_CONTEXT_BLOB **ctx, void *ud);
TSS2_RC esys_br_get_random2b(TPM2B_NONCE *nonce, size_t num_bytes, void *ud);
TSS2_RC esys_br_rsa_pk_encrypt(TPM2B_PUBLIC *pub, size_t in_size, BYTE *in, size_t max_out,
			       BYTE *out, size_t *out_size, const char *label, void *ud);
TSS2_RC esys_br_get_ecdh_point(TPM2B_PUBLIC *key, size_t max_out, TPM2B_ECC_PARAMETER *Z,
			       TPMS_ECC_POINT *Q, BYTE *out, size_t *out_size, void *ud);
TSS2_RC esys_br_aes_encrypt(uint8_t *key, TPM2_ALG_ID alg, TPMI_AES_KEY_BITS bits, TPM2_ALG_ID mode,
			    uint8_t *buf, size_t n, uint8_t *iv, void *ud);
TSS2_RC esys_br_aes_decrypt(uint8_t *key, TPM2_ALG_ID alg, TPMI_AES_KEY_BITS bits, TPM2_ALG_ID mode,
			    uint8_t *buf, size_t n, uint8_t *iv, void *ud);

#endif
