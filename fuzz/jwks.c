/*
 * Fuzz target: jwks_parse() (src/jose/jwks.c): JWKS JSON, RSA n/e, EC x/y
 * with the on-curve check, and x5c certificates through BearSSL's X.509
 * decoder. Property: a parsed set never holds more than JWKS_MAX_KEYS keys,
 * each with sizes inside its fixed buffers; and (checked once) a document
 * over JWKS_MAX_BYTES is refused as too_large before it is parsed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jose/jwks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct jwks ks;
	static uint8_t oversized[JWKS_MAX_BYTES + 1];
	static bool size_checked;
	struct err e;

	if (!size_checked) {
		memset(oversized, ' ', sizeof(oversized));
		err_clear(&e);
		if (jwks_parse(&ks, oversized, sizeof(oversized), &e) || !e.reason ||
		    strcmp(e.reason, "too_large") != 0)
			abort();
		size_checked = true;
	}
	err_clear(&e);
	if (!jwks_parse(&ks, data, size, &e))
		return 0;
	if (ks.count == 0 || ks.count > JWKS_MAX_KEYS)
		abort();
	for (size_t i = 0; i < ks.count; i++) {
		const struct jwk *k = &ks.key[i];
		if (k->n_len > JWK_RSA_MAX_N || k->e_len > JWK_RSA_MAX_E ||
		    k->q_len > JWK_EC_MAX_Q || k->kid_len > JWK_MAX_KID)
			abort();
		if (k->type == JWK_RSA && (k->n_len == 0 || k->n[0] == 0))
			abort();
	}
	return 0;
}
