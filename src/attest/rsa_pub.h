/*
 * rsa_pub: an RSA public key in one normal form (big-endian modulus and
 * exponent without leading zero bytes, copied into the struct), from the
 * three places an AK key comes from: a TPM2B_PUBLIC (tpm2b_public.h), a DER
 * SubjectPublicKeyInfo (RFC 5280 4.1.2.7 / RFC 8017 A.1.1), or PEM
 * "PUBLIC KEY" text. Two keys are the same key when rsa_pub_equal().
 */
#ifndef ATTEST_ATTEST_RSA_PUB_H
#define ATTEST_ATTEST_RSA_PUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bearssl_rsa.h>

#include "core/err.h"

/* 4096-bit moduli: TPM2B_PUBLIC_KEY_RSA holds at most 512 bytes (TPM 2.0 Part 2 11.2.4.5). */
#define RSA_PUB_MAX_N 512
/* Exponents up to 64 bits; real keys use 65537. */
#define RSA_PUB_MAX_E 8
/* Minimum modulus accepted for an attestation key: 2048 bits. */
#define RSA_PUB_MIN_BITS 2048
/* PEM text cap: a 4096-bit SPKI is ~800 bytes of PEM. */
#define RSA_PUB_MAX_PEM 16384

struct rsa_pub {
	uint8_t n[RSA_PUB_MAX_N];
	size_t nlen;
	uint8_t e[RSA_PUB_MAX_E];
	size_t elen;
};

/* From magnitudes (leading zeros are stripped); checks sizes, odd n, e >= 3 and odd. */
bool rsa_pub_set(struct rsa_pub *k, const uint8_t *n, size_t nlen, const uint8_t *e, size_t elen,
		 struct err *err);
bool rsa_pub_from_spki(struct rsa_pub *k, const uint8_t *der, size_t len, struct err *err);
/* Exactly one "PUBLIC KEY" PEM object (anything else in the text is refused). */
bool rsa_pub_from_pem(struct rsa_pub *k, const uint8_t *pem, size_t len, struct err *err);
bool rsa_pub_equal(const struct rsa_pub *a, const struct rsa_pub *b);
size_t rsa_pub_bits(const struct rsa_pub *k);
/* A BearSSL view of the key (pointers into k). */
void rsa_pub_br(const struct rsa_pub *k, br_rsa_public_key *out);

#endif
