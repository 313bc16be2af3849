/* jws_alg: the accepted JWS algorithms (RFC 7518 section 3.1). */
#include "jose/jws_alg.h"

#include <bearssl_ec.h>
#include <bearssl_rsa.h>
#include <string.h>

static const struct jws_alg_info algs[] = {
    {JWS_RS256, "RS256", JWK_RSA, "sha256", BR_HASH_OID_SHA256, 0, 0, NULL},
    {JWS_RS384, "RS384", JWK_RSA, "sha384", BR_HASH_OID_SHA384, 0, 0, NULL},
    {JWS_RS512, "RS512", JWK_RSA, "sha512", BR_HASH_OID_SHA512, 0, 0, NULL},
    {JWS_ES256, "ES256", JWK_EC, "sha256", NULL, BR_EC_secp256r1, 32, "P-256"},
    {JWS_ES384, "ES384", JWK_EC, "sha384", NULL, BR_EC_secp384r1, 48, "P-384"},
};

const struct jws_alg_info *jws_alg_by_name(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (strlen(algs[i].name) == n && memcmp(algs[i].name, name, n) == 0)
			return &algs[i];
	return NULL;
}

const struct jws_alg_info *jws_alg_info(enum jws_alg alg)
{
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (algs[i].alg == alg)
			return &algs[i];
	return NULL;
}
