/* jwt: signature, then payload JSON, then claims (contract in jwt.h). */
#include "jose/jwt.h"

#include <string.h>

bool jwt_verify(const char *token, size_t len, const struct jwks *ks, const struct jwt_expect *x,
		struct jwt_verified *v, struct err *e)
{
	const struct json_limits lim = {JWS_MAX_TOKEN, JWT_MAX_CLAIM_TOKENS, JWT_MAX_CLAIM_DEPTH};

	memset(v, 0, sizeof(*v));
	if (!jws_verify_compact(token, len, ks, &v->jws, e))
		return false;
	/* RFC 7519 section 7.2 step 10: the claims are a JSON object. */
	if (!json_doc_parse(&v->claims, v->jws.payload.data, v->jws.payload.len, &lim, e))
		return err_relabel(e, R_JOSE_BAD_PAYLOAD, "payload");
	if (!jwt_check_claims(&v->claims, x, e)) {
		json_doc_free(&v->claims);
		return false;
	}
	return true;
}

void jwt_verified_free(struct jwt_verified *v)
{
	json_doc_free(&v->claims);
	jws_verified_free(&v->jws);
}
