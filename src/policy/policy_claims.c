/*
 * policy_claims: the rules over the verified token's claims: isolation, provider (issuer,
 * token age), tpm (attested PCRs) and the claim rules. Claims are read only from the signed
 * token's payload (the caller verified the JWS, RFC 7515 5.2); a claim that is absent fails
 * every operator but "absent"; a value of another type fails.
 */
#include <stdio.h>
#include <string.h>

#include "json/json_read.h"
#include "policy/policy.h"

/* Follows a dot path through objects only (member names may hold '-' but never '.'). */
static bool claim_find(const struct json_doc *d, const char *path, uint32_t *out)
{
	uint32_t v = JSON_ROOT;
	const char *s = path;

	for (;;) {
		const char *dot = strchr(s, '.');
		size_t n = dot ? (size_t)(dot - s) : strlen(s);
		if (json_val_type(d, v) != JSON_OBJECT || !json_obj_member(d, v, s, n, &v))
			return false;
		if (!dot)
			break;
		s = dot + 1;
	}
	*out = v;
	return true;
}

/* The JSON text of value v (strings with their quotes, whitespace between tokens dropped),
 * bounded. */
static void value_text(const struct json_doc *d, uint32_t v, char *out, size_t cap)
{
	const struct json_tok *t = &d->tok[v];
	size_t a = t->start, b = t->end, n = 0;
	char tmp[POLICY_ACTUAL_MAX * 2];
	bool in_str = false, esc = false;

	if (t->type == JSON_STRING) {
		a--;
		b++;
	}
	for (size_t i = a; i < b && n < sizeof(tmp); i++) {
		char c = d->text[i];
		if (in_str) {
			in_str = esc || c != '"';
			esc = !esc && c == '\\';
		} else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
			continue; /* RFC 8259 2: insignificant whitespace */
		} else {
			in_str = c == '"';
		}
		tmp[n++] = c;
	}
	policy_bounded_copy(out, cap, tmp, n);
}

/* Scalar equality of claim cv with policy value pv: same type and same value. */
static bool scalar_equal(const struct json_doc *cd, uint32_t cv, const struct json_doc *pd,
			 uint32_t pv)
{
	enum json_type ct = json_val_type(cd, cv), pt = json_val_type(pd, pv);
	char s[POLICY_MAX_STRING];
	size_t n;
	int64_t a, b;
	struct err e;

	if (ct != pt)
		return false;
	switch (pt) {
	case JSON_STRING:
		return json_val_str(pd, pv, s, sizeof(s), &n, JSON_STR_NO_NUL, &e) &&
		       json_val_str_eq(cd, cv, s, n);
	case JSON_NUMBER: /* integers only; a fraction never equals (RFC 8259 6 has no types) */
		return json_val_i64(cd, cv, &a, &e) && json_val_i64(pd, pv, &b, &e) && a == b;
	default: /* true, false */
		return true;
	}
}

static bool claim_holds(const struct policy *p, const struct policy_claim_rule *r,
			const struct json_doc *cd, uint32_t cv)
{
	uint32_t it = 0, el;
	int64_t n;
	struct err e;

	switch (r->op) {
	case POLICY_OP_EQUALS:
		return scalar_equal(cd, cv, &p->doc, r->value);
	case POLICY_OP_ONE_OF:
		while (json_arr_next(&p->doc, r->value, &it, &el))
			if (scalar_equal(cd, cv, &p->doc, el))
				return true;
		return false;
	case POLICY_OP_MIN:
		return json_val_type(cd, cv) == JSON_NUMBER && json_val_i64(cd, cv, &n, &e) &&
		       n >= r->bound;
	case POLICY_OP_MAX:
		return json_val_type(cd, cv) == JSON_NUMBER && json_val_i64(cd, cv, &n, &e) &&
		       n <= r->bound;
	case POLICY_OP_PRESENT:
		return true;
	default: /* absent: reached only when present */
		return false;
	}
}

static void eval_claim_rule(const struct policy *p, size_t i, const struct json_doc *cd,
			    struct policy_report *out)
{
	const struct policy_claim_rule *r = &p->claims[i];
	char name[POLICY_RULE_NAME_MAX], expected[POLICY_ACTUAL_MAX], actual[POLICY_ACTUAL_MAX];
	struct policy_result *res;
	uint32_t cv;

	snprintf(name, sizeof(name), "claims[%zu] %s", i, r->path);
	if (r->op == POLICY_OP_PRESENT || r->op == POLICY_OP_ABSENT) {
		snprintf(expected, sizeof(expected), "%s", policy_op_name(r->op));
	} else {
		char v[POLICY_ACTUAL_MAX - 8];
		value_text(&p->doc, r->value, v, sizeof(v));
		snprintf(expected, sizeof(expected), "%s %s", policy_op_name(r->op), v);
	}
	res = policy_report_add(out, name, expected);
	if (!claim_find(cd, r->path, &cv)) {
		policy_result_set(res, r->op == POLICY_OP_ABSENT, "absent");
		return;
	}
	value_text(cd, cv, actual, sizeof(actual));
	policy_result_set(res, claim_holds(p, r, cd, cv), "%s", actual);
}

/* True when the claim at path is the string s. */
static bool claim_is(const struct json_doc *cd, const char *path, const char *s)
{
	uint32_t v;
	return claim_find(cd, path, &v) && json_val_str_eq(cd, v, s, strlen(s));
}

/* The isolation the signed token states (docs/maa-azureguest.md 4.2): x-ms-isolation-tee's
 * attestation type on a CVM; a Trusted Launch token has no x-ms-isolation-tee at all. */
static void eval_isolation(const struct policy *p, const struct json_doc *cd,
			   struct policy_report *out)
{
	static const char tee[] = "x-ms-isolation-tee.x-ms-attestation-type";
	struct policy_result *r;
	char actual[POLICY_ACTUAL_MAX];
	uint32_t v;
	bool pass;

	r = policy_report_add(out, "isolation", policy_isolation_name(p->isolation));
	/* The actual value: the TEE type on a CVM token, else the top-level attestation type. */
	if (claim_find(cd, tee, &v) || (!claim_find(cd, "x-ms-isolation-tee", &v) &&
					claim_find(cd, "x-ms-attestation-type", &v)))
		value_text(cd, v, actual, sizeof(actual));
	else if (claim_find(cd, "x-ms-isolation-tee", &v))
		snprintf(actual, sizeof(actual),
			 "x-ms-isolation-tee without x-ms-attestation-type");
	else
		snprintf(actual, sizeof(actual), "absent");
	switch (p->isolation) {
	case POLICY_ISO_SEVSNP:
		pass = claim_is(cd, tee, "sevsnpvm");
		break;
	case POLICY_ISO_TDX:
		pass = claim_is(cd, tee, "tdxvm");
		break;
	default:
		pass = !claim_find(cd, "x-ms-isolation-tee", &v) &&
		       claim_is(cd, "x-ms-attestation-type", "azurevm");
		break;
	}
	policy_result_set(r, pass, "%s", actual);
}

static bool claim_i64(const struct json_doc *cd, const char *name, int64_t *out)
{
	uint32_t v;
	struct err e;
	return claim_find(cd, name, &v) && json_val_type(cd, v) == JSON_NUMBER &&
	       json_val_i64(cd, v, out, &e);
}

/* RFC 7519 4.1.6 iat: the token is at most max_token_age old at now, not issued further in
 * the future than the clock skew (4.1.6 allows "some small leeway", as token_verify does), and
 * (4.1.4) not expired. */
static void eval_token_age(const struct policy *p, const struct policy_input *in,
			   struct policy_report *out)
{
	char expected[64];
	struct policy_result *r;
	int64_t iat, exp;

	snprintf(expected, sizeof(expected), "iat within %lld s, exp after now",
		 (long long)p->max_token_age);
	r = policy_report_add(out, "provider.max_token_age", expected);
	if (!in->has_now)
		policy_result_set(r, false, "no current time given");
	else if (!claim_i64(in->claims, "iat", &iat) || !claim_i64(in->claims, "exp", &exp))
		policy_result_set(r, false, "iat or exp absent or not an integer");
	else if (iat > in->now && iat - in->now > in->max_skew)
		policy_result_set(r, false, "issued %lld s in the future (skew %lld s)",
				  (long long)(iat - in->now), (long long)in->max_skew);
	else if (iat > in->now)
		policy_result_set(r, exp > in->now, "issued %lld s in the future, exp in %lld s",
				  (long long)(iat - in->now), (long long)(exp - in->now));
	else
		policy_result_set(r, in->now - iat <= p->max_token_age && exp > in->now,
				  "age %lld s, exp in %lld s", (long long)(in->now - iat),
				  (long long)(exp - in->now));
}

/* Every PCR the policy lists is among the PCRs the provider says it attested. */
static void eval_attested_pcrs(const struct policy *p, const struct json_doc *cd,
			       struct policy_report *out)
{
	static const char name[] = "x-ms-azurevm-attested-pcrs";
	char expected[POLICY_ACTUAL_MAX], actual[POLICY_ACTUAL_MAX];
	size_t n = 0;
	struct policy_result *r;
	uint32_t v, it = 0, el, seen = 0;
	int64_t pcr;
	struct err e;

	for (uint32_t i = 0; i < EVENTLOG_NUM_PCRS; i++)
		if (p->tpm_pcrs & (1u << i))
			n += (size_t)snprintf(expected + n, sizeof(expected) - n, "%s%u",
					      n ? "," : "", (unsigned)i);
	r = policy_report_add(out, "tpm.pcrs", expected);
	if (!claim_find(cd, name, &v) || json_val_type(cd, v) != JSON_ARRAY) {
		policy_result_set(r, false, "%s absent or not an array", name);
		return;
	}
	while (json_arr_next(cd, v, &it, &el))
		if (json_val_type(cd, el) == JSON_NUMBER && json_val_i64(cd, el, &pcr, &e) &&
		    pcr >= 0 && pcr < EVENTLOG_NUM_PCRS)
			seen |= 1u << pcr;
	value_text(cd, v, actual, sizeof(actual));
	policy_result_set(r, (seen & p->tpm_pcrs) == p->tpm_pcrs, "%s", actual);
}

void policy_eval_claims(const struct policy *p, const struct policy_input *in,
			struct policy_report *out)
{
	eval_isolation(p, in->claims, out);
	if (p->provider_issuer[0]) {
		struct policy_result *r =
		    policy_report_add(out, "provider.issuer", p->provider_issuer);
		uint32_t v;
		char actual[POLICY_ACTUAL_MAX] = "absent";
		if (claim_find(in->claims, "iss", &v))
			value_text(in->claims, v, actual, sizeof(actual));
		policy_result_set(r, claim_is(in->claims, "iss", p->provider_issuer), "%s", actual);
	}
	if (p->has_max_token_age)
		eval_token_age(p, in, out);
	if (p->tpm_pcrs)
		eval_attested_pcrs(p, in->claims, out);
	for (size_t i = 0; i < p->nclaims; i++)
		eval_claim_rule(p, i, in->claims, out);
}
