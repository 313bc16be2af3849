/*
 * jws_alg: the JWS algorithms this program verifies (RFC 7518 section 3.1)
 * and what each needs: RSASSA-PKCS1-v1_5 with SHA-2 (section 3.3) and ECDSA
 * on P-256 / P-384 (section 3.4). "none", HMAC (HS*), RSASSA-PSS (PS*) and
 * anything else are not in the table and therefore refused.
 */
#ifndef ATTEST_JOSE_JWS_ALG_H
#define ATTEST_JOSE_JWS_ALG_H

#include <stddef.h>

enum jwk_type { JWK_RSA = 1, JWK_EC = 2 };

enum jws_alg {
	JWS_ALG_UNSET = 0,
	JWS_RS256,
	JWS_RS384,
	JWS_RS512,
	JWS_ES256,
	JWS_ES384,
};

struct jws_alg_info {
	enum jws_alg alg;
	const char *name;	  /* "RS256" ... */
	enum jwk_type key_type;	  /* key type the algorithm needs */
	const char *hash;	  /* digest_by_name() name */
	const unsigned char *oid; /* RSA: BearSSL DigestInfo hash OID; NULL for EC */
	int curve;		  /* EC: BearSSL curve id; 0 for RSA */
	size_t coord_len;	  /* EC: bytes per coordinate (and per r, s) */
	const char *crv;	  /* EC: JWK "crv" name */
};

/* The entry for name[0..n) (exact, case-sensitive), or NULL when not accepted. */
const struct jws_alg_info *jws_alg_by_name(const char *name, size_t n);
/* The entry for alg, or NULL for JWS_ALG_UNSET. */
const struct jws_alg_info *jws_alg_info(enum jws_alg alg);

#endif
