/*
 * jws: JWS Compact Serialization (RFC 7515 section 7.1) parsing and signature
 * verification against a configured JWKS.
 *
 * What is checked, in order (each failure has its own reason code):
 *   - size <= JWS_MAX_TOKEN (token_too_large); exactly three '.'-separated
 *     segments (segment_count; a JWE has five, RFC 7516 section 7.1);
 *   - header: base64url without padding or whitespace (bad_base64url), a JSON
 *     object (json reasons, header_not_object), "alg" present (alg_missing)
 *     and one of RS256/RS384/RS512/ES256/ES384 (alg_not_allowed: "none",
 *     HS*, PS*, anything else), no "crit" (crit_unsupported: we implement no
 *     extension, RFC 7515 section 4.1.11), "kid" a string if present
 *     (bad_header), no nested JWT via "cty" (nested_unsupported);
 *   - the key: ONLY from the JWKS, by "kid" (kid_not_found, kid_ambiguous);
 *     a token without "kid" needs exactly one fitting key (kid_required).
 *     The header members jwk, jku, x5u, x5c, x5t are never used: they are
 *     hints an attacker controls (RFC 7515 sections 4.1.2-4.1.6;
 *     RFC 8725 section 3.10).
 *     The key must fit the algorithm (key_type_mismatch; wrong_curve for an
 *     EC key on the other curve; alg_mismatch when the JWK's "alg" differs);
 *   - signature: base64url; RSA keys of at least 2048 bits (rsa_key_too_small,
 *     RFC 7518 section 3.3), signature length equal to the modulus length
 *     (signature_length); ECDSA as raw r||s of twice the coordinate size,
 *     DER is an error (signature_length, RFC 7518 section 3.4); then the
 *     BearSSL check over ASCII(header "." payload) (signature_invalid);
 *   - only then is the payload base64url-decoded and handed out.
 * The payload bytes are the only output; they are trustworthy as "signed by
 * that key", nothing more (claims are checked by jwt_claims).
 *
 * Errors: layer "jose" (the command prints "attest-init: jose: <reason>").
 */
#ifndef ATTEST_JOSE_JWS_H
#define ATTEST_JOSE_JWS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "jose/jwks.h"
#include "jose/jws_alg.h"

/* Token size cap: MAA tokens are 5-6 KiB; 256 KiB bounds every allocation. */
#define JWS_MAX_TOKEN ((size_t)256 * 1024)
/* Header nesting: {"jwk":{...}} is 2; "crit" arrays 2. */
#define JWS_HEADER_MAX_DEPTH 4u
/* Header tokens: a handful of members in practice. */
#define JWS_HEADER_MAX_TOKENS 256u

struct jws_verified {
	enum jws_alg alg;
	const struct jwk *key; /* the JWKS entry that verified the signature */
	struct buf payload;    /* decoded payload; freed by jws_verified_free() */
};

/* Verifies token[0..len) against ks. On success out->payload holds the
 * signed payload bytes. out is always initialised; free it either way. */
bool jws_verify_compact(const char *token, size_t len, const struct jwks *ks,
			struct jws_verified *out, struct err *e);
void jws_verified_free(struct jws_verified *v);

#endif
