/*
 * Fuzz target: jwt_check_claims() (src/jose/jwt_claims.c), the RFC 7519
 * section 4.1 registered-claim checks, on any document json_doc_parse()
 * accepts (with jwt.c's claim limits), under several expectations: the
 * issuer required or not, times around the claims' range, zero and maximal
 * skew, and out-of-range arguments (which must fail as ERR_USAGE whatever
 * the claims). Property: a claim set accepted at some time is also accepted
 * when the skew grows (skew only widens the window).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jose/jwt.h"

static const struct jwt_expect expects[] = {
    {"joe", 3, 1300000000, JWT_DEFAULT_SKEW},
    {NULL, 0, 1300000000, 0},
    {"joe", 3, 0, JWT_MAX_SKEW},
    {"jo", 2, JWT_MAX_NOW, 0},
    {"joe\0", 4, 1300000000, JWT_DEFAULT_SKEW},
};

/* Arguments jwt_check_claims() refuses before looking at the claims. */
static const struct jwt_expect bad_args[] = {
    {NULL, 0, 1300000000, JWT_MAX_SKEW + 1},
    {NULL, 0, -1, 0},
    {NULL, 0, JWT_MAX_NOW + 1, 0},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct json_limits lim = {size, JWT_MAX_CLAIM_TOKENS, JWT_MAX_CLAIM_DEPTH};
	struct json_doc doc;
	struct err e;

	err_clear(&e);
	if (!json_doc_parse(&doc, data, size, &lim, &e))
		return 0;
	for (size_t i = 0; i < sizeof(expects) / sizeof(expects[0]); i++) {
		struct jwt_expect wider = expects[i];
		err_clear(&e);
		if (!jwt_check_claims(&doc, &expects[i], &e))
			continue;
		wider.max_skew = JWT_MAX_SKEW;
		if (!jwt_check_claims(&doc, &wider, &e))
			abort(); /* a wider skew refused what a narrower one accepted */
	}
	for (size_t i = 0; i < sizeof(bad_args) / sizeof(bad_args[0]); i++) {
		err_clear(&e);
		if (jwt_check_claims(&doc, &bad_args[i], &e) || e.cls != ERR_USAGE)
			abort();
	}
	json_doc_free(&doc);
	return 0;
}
