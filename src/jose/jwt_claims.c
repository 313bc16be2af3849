/* jwt_claims: RFC 7519 section 4.1 checks (contract in jwt_claims.h). */
#include "jose/jwt_claims.h"

#include <string.h>

/* A NumericDate claim (RFC 7519 section 2) in integer form. */
static bool numeric_date(const struct json_doc *d, const char *name, bool *present, int64_t *out,
			 struct err *e)
{
	uint32_t v;

	*present = json_obj_member(d, JSON_ROOT, name, strlen(name), &v);
	if (!*present)
		return true;
	if (json_val_type(d, v) != JSON_NUMBER)
		return err_fail(e, R_JOSE_BAD_NUMERIC_DATE, ERR_NO_OFFSET, "%s is a %s", name,
				json_type_name(json_val_type(d, v)));
	if (!json_val_i64(d, v, out, e))
		return err_fail(e, R_JOSE_BAD_NUMERIC_DATE, ERR_NO_OFFSET,
				"%s is not an integer NumericDate in int64 range", name);
	return true;
}

bool jwt_check_claims(const struct json_doc *claims, const struct jwt_expect *x, struct err *e)
{
	int64_t exp = 0, nbf = 0, iat = 0;
	bool has_exp, has_nbf, has_iat;
	uint32_t v;

	if (x->max_skew > JWT_MAX_SKEW)
		return err_fail(e, R_JOSE_MAX_SKEW_TOO_LARGE, ERR_NO_OFFSET, "%u s, limit %u s",
				x->max_skew, JWT_MAX_SKEW);
	if (x->now < 0 || x->now > JWT_MAX_NOW)
		return err_fail(e, R_JOSE_BAD_TIME, ERR_NO_OFFSET, "now out of range");
	if (json_val_type(claims, JSON_ROOT) != JSON_OBJECT)
		return err_fail(e, R_JOSE_PAYLOAD_NOT_OBJECT, ERR_NO_OFFSET,
				"claims must be a JSON object (RFC 7519 section 7.2)");
	if (!numeric_date(claims, "exp", &has_exp, &exp, e) ||
	    !numeric_date(claims, "nbf", &has_nbf, &nbf, e) ||
	    !numeric_date(claims, "iat", &has_iat, &iat, e))
		return false;
	if (!has_exp)
		return err_fail(e, R_JOSE_EXP_MISSING, ERR_NO_OFFSET,
				"a token without exp never expires");
	/* Section 4.1.4: now must be before exp (+ skew). now - skew cannot overflow. */
	if (x->now - (int64_t)x->max_skew >= exp)
		return err_fail(e, R_JOSE_EXPIRED, ERR_NO_OFFSET, "exp %lld, now %lld, skew %u",
				(long long)exp, (long long)x->now, x->max_skew);
	/* Section 4.1.5: now must not be before nbf (- skew). */
	if (has_nbf && x->now + (int64_t)x->max_skew < nbf)
		return err_fail(e, R_JOSE_NOT_YET_VALID, ERR_NO_OFFSET,
				"nbf %lld, now %lld, skew %u", (long long)nbf, (long long)x->now,
				x->max_skew);
	if (has_iat && x->now + (int64_t)x->max_skew < iat)
		return err_fail(e, R_JOSE_ISSUED_IN_FUTURE, ERR_NO_OFFSET,
				"iat %lld, now %lld, skew %u", (long long)iat, (long long)x->now,
				x->max_skew);
	/* Section 4.1.1: iss compared as decoded bytes, never as a C string. */
	if (x->issuer) {
		if (!json_obj_member(claims, JSON_ROOT, "iss", 3, &v))
			return err_fail(e, R_JOSE_ISSUER_MISSING, ERR_NO_OFFSET,
					"token has no iss");
		if (!json_val_str_eq(claims, v, x->issuer, x->issuer_len))
			return err_fail(e, R_JOSE_ISSUER_MISMATCH, ERR_NO_OFFSET,
					"iss is not the expected issuer");
	}
	return true;
}
