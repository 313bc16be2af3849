/*
 * jwks: the verification keys, from a JSON Web Key Set (RFC 7517 section 5).
 *
 * The set is the only source of keys for JWS verification (a token's own
 * jwk/jku/x5u/x5c header members are never used). Accepted keys:
 *   - kty "RSA" (RFC 7518 section 6.3.1) from "n"/"e", and/or from the public
 *     key of the certificate "x5c"[0] (RFC 7517 section 4.7, standard base64
 *     DER, decoded with BearSSL's X.509 decoder); when both are present they
 *     must be the same key. Moduli up to 4096 bits (BearSSL's limit) are
 *     kept, larger ones skipped; keys under 2048 bits are KEPT (the real
 *     Azure /certs carries 1024-bit SGX-quote certificates next to the token
 *     signing keys) and refused at verification (jws.c, RFC 7518 section 3.3).
 *   - kty "EC" (RFC 7518 section 6.2.1) on crv "P-256" or "P-384" from "x"/"y"
 *     (full coordinate size, point checked on the curve) and/or "x5c".
 * Skipped (not fatal): other kty values ("oct", "OKP", ...), other curves,
 * RSA over 4096 bits, keys whose "use" is not "sig" (RFC 7517 section 4.2),
 * whose "key_ops" lacks "verify" (section 4.3) or whose "alg" is not one we
 * verify (section 4.4). Fatal: a malformed set or a malformed key of a known
 * type (bad base64, missing members, non-minimal integers, x5c that does not
 * parse or disagrees with n/e or x/y), more than JWKS_MAX_KEYS usable keys,
 * and a set without any usable key.
 *
 * Errors: layer "jose", reasons: too_large, bad_json (json detail), not_a_jwks,
 * bad_jwk, too_many_keys, no_usable_key.
 */
#ifndef ATTEST_JOSE_JWKS_H
#define ATTEST_JOSE_JWKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "jose/jws_alg.h"

/* JWKS document size: a real MAA /certs response is ~10 KiB (5 keys with x5c
 * chains); 256 KiB leaves room for growth and bounds a hostile response. */
#define JWKS_MAX_BYTES ((size_t)256 * 1024)
/* Usable keys kept: MAA publishes 5; the array is caller-owned storage. */
#define JWKS_MAX_KEYS 32
/* kid length in bytes (MAA kids are 27 or 44 characters). */
#define JWK_MAX_KID 256
/* RSA modulus bytes: 4096 bits, BearSSL's BR_MAX_RSA_SIZE. */
#define JWK_RSA_MAX_N 512
/* RSA public exponent bytes: e < 2^32 (RFC 8017 allows larger; no one uses it). */
#define JWK_RSA_MAX_E 4
/* Uncompressed P-384 point: 0x04 || x || y. */
#define JWK_EC_MAX_Q 97
/* One DER certificate in x5c: MAA's SGX-quote certificates are ~8 KiB. */
#define JWK_MAX_CERT ((size_t)32 * 1024)
/* Nesting inside a JWKS: {"keys":[{"x5c":[...]}]} is 3; extra members may nest a little. */
#define JWKS_MAX_DEPTH 8u

struct jwk {
	enum jwk_type type;
	bool has_kid;
	char kid[JWK_MAX_KID + 1]; /* decoded, NUL-free, NUL-terminated */
	size_t kid_len;
	enum jws_alg alg; /* JWS_ALG_UNSET when the key has no "alg" member */
	/* RSA: minimal big-endian n and e. */
	uint8_t n[JWK_RSA_MAX_N];
	size_t n_len;
	unsigned rsa_bits;
	uint8_t e[JWK_RSA_MAX_E];
	size_t e_len;
	/* EC: BearSSL curve id (BR_EC_secp256r1 / BR_EC_secp384r1), uncompressed point. */
	int curve;
	uint8_t q[JWK_EC_MAX_Q];
	size_t q_len;
};

struct jwks {
	size_t count;	/* usable keys in key[] */
	size_t skipped; /* keys skipped as unsupported */
	struct jwk key[JWKS_MAX_KEYS];
};

/* Parses a JWKS document ({"keys":[...]}) into ks (caller-owned, ~30 KiB). */
bool jwks_parse(struct jwks *ks, const uint8_t *data, size_t len, struct err *e);

#endif
