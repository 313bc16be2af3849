/*
 * jwt: the whole token check: JWS signature (jws.c), then the payload parsed
 * as a strict JSON object with capped size and depth, then the registered
 * claims (jwt_claims.c). Only a token that passes all three yields claims.
 */
#ifndef ATTEST_JOSE_JWT_H
#define ATTEST_JOSE_JWT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "json/json_read.h"
#include "jose/jws.h"
#include "jose/jwt_claims.h"

/* Claims nesting: MAA's deepest claim (x-ms-isolation-tee.x-ms-runtime.
 * vm-configuration...) is 5 levels; 16 leaves room and bounds recursion. */
#define JWT_MAX_CLAIM_DEPTH 16u
/* Claims tokens: an MAA payload has ~150; the token size cap bounds it too. */
#define JWT_MAX_CLAIM_TOKENS 16384u

struct jwt_verified {
	struct jws_verified jws; /* jws.payload holds the text claims points into */
	struct json_doc claims;	 /* the verified claims (root: an object) */
};

/* On success v->claims is the verified payload. Free v either way. */
bool jwt_verify(const char *token, size_t len, const struct jwks *ks, const struct jwt_expect *x,
		struct jwt_verified *v, struct err *e);
void jwt_verified_free(struct jwt_verified *v);

#endif
