/*
 * policy_load: the strict reader of a version 1 policy file (docs/policy.md,
 * policies/policy.schema.json). Every object is checked key by key against the format so a
 * typo is a load error naming its JSON path, never a rule silently skipped.
 */
#include <stdio.h>
#include <string.h>

#include "core/hex.h"
#include "json/json_read.h"
#include "policy/policy.h"

#define PATH_MAX_LEN 96

/* Fills e with registry entry id and "path: what". */
static bool bad(struct err *e, enum reason_id id, const char *path, const char *what)
{
	return err_fail(e, id, ERR_NO_OFFSET, "%s: %s", path, what);
}

static void sub(char *out, const char *path, const char *key)
{
	snprintf(out, PATH_MAX_LEN, "%s.%s", path, key);
}

static void idx(char *out, const char *path, uint32_t i)
{
	snprintf(out, PATH_MAX_LEN, "%s[%u]", path, (unsigned)i);
}

/* Every key of obj is one of allowed (NULL-terminated). Duplicates are refused by the parser. */
static bool only_keys(const struct json_doc *d, uint32_t obj, const char *const *allowed,
		      const char *path, struct err *e)
{
	uint32_t it = 0, k, v;
	char name[64], p[PATH_MAX_LEN];

	while (json_obj_next(d, obj, &it, &k, &v)) {
		size_t i;
		if (!json_val_str(d, k, name, sizeof(name), NULL, JSON_STR_NO_NUL, e))
			return bad(e, R_POLICY_UNKNOWN_KEY, path, "unknown key (too long)");
		for (i = 0; allowed[i]; i++)
			if (strcmp(name, allowed[i]) == 0)
				break;
		if (!allowed[i]) {
			sub(p, path, name);
			return bad(e, R_POLICY_UNKNOWN_KEY, p, "unknown key");
		}
	}
	return true;
}

/* The member key of obj when present and of type t (JSON_TRUE: any boolean). */
static bool member(const struct json_doc *d, uint32_t obj, const char *key, enum json_type t,
		   const char *path, uint32_t *v, bool *present, struct err *e)
{
	enum json_type vt;
	char p[PATH_MAX_LEN];

	*present = json_obj_member(d, obj, key, strlen(key), v);
	if (!*present)
		return true;
	vt = json_val_type(d, *v);
	if (vt == JSON_FALSE)
		vt = JSON_TRUE;
	if (vt != t) {
		sub(p, path, key);
		return bad(e, R_POLICY_WRONG_TYPE, p, json_type_name(t));
	}
	return true;
}

/* A non-empty string without NUL, at most POLICY_MAX_STRING - 1 bytes. */
static bool read_str(const struct json_doc *d, uint32_t v, char *out, const char *path,
		     struct err *e)
{
	size_t n;
	if (json_val_type(d, v) != JSON_STRING)
		return bad(e, R_POLICY_WRONG_TYPE, path, "string");
	if (!json_val_str(d, v, out, POLICY_MAX_STRING, &n, JSON_STR_NO_NUL, e))
		return bad(e, R_POLICY_BAD_VALUE, path, "string too long or holds NUL");
	if (n == 0)
		return bad(e, R_POLICY_BAD_VALUE, path, "empty string");
	return true;
}

/* An optional string member; out stays "" when absent. */
static bool opt_str(const struct json_doc *d, uint32_t obj, const char *key, char *out,
		    const char *path, struct err *e)
{
	uint32_t v;
	bool present;
	char p[PATH_MAX_LEN];

	out[0] = '\0';
	if (!member(d, obj, key, JSON_STRING, path, &v, &present, e))
		return false;
	sub(p, path, key);
	return !present || read_str(d, v, out, p, e);
}

/* An integer in [lo, hi]. */
static bool read_int(const struct json_doc *d, uint32_t v, int64_t lo, int64_t hi, int64_t *out,
		     const char *path, struct err *e)
{
	if (json_val_type(d, v) != JSON_NUMBER)
		return bad(e, R_POLICY_WRONG_TYPE, path, "integer");
	if (!json_val_i64(d, v, out, e) || *out < lo || *out > hi)
		return err_fail(e, R_POLICY_BAD_VALUE, ERR_NO_OFFSET,
				"%s: not an integer in %lld-%lld", path, (long long)lo,
				(long long)hi);
	return true;
}

/* A non-empty array of at most max elements. */
static bool read_list(const struct json_doc *d, uint32_t v, size_t max, const char *path,
		      struct err *e)
{
	if (json_val_type(d, v) != JSON_ARRAY)
		return bad(e, R_POLICY_WRONG_TYPE, path, "array");
	if (json_val_size(d, v) == 0)
		return bad(e, R_POLICY_EMPTY_LIST, path, "empty list");
	if (json_val_size(d, v) > max)
		return err_fail(e, R_POLICY_TOO_MANY, ERR_NO_OFFSET, "%s: more than %zu entries",
				path, max);
	return true;
}

/* A non-empty object. */
static bool read_section(const struct json_doc *d, uint32_t v, const char *path, struct err *e)
{
	if (json_val_type(d, v) != JSON_OBJECT)
		return bad(e, R_POLICY_WRONG_TYPE, path, "object");
	if (json_val_size(d, v) == 0)
		return bad(e, R_POLICY_EMPTY_LIST, path, "empty section checks nothing");
	return true;
}

/* A SHA-256 digest: 64 hex digits. */
static bool read_sha256(const struct json_doc *d, uint32_t v, uint8_t *out, const char *path,
			struct err *e)
{
	char s[POLICY_MAX_STRING];
	size_t n;

	if (!read_str(d, v, s, path, e))
		return false;
	if (strlen(s) != (size_t)2 * POLICY_SHA256_SIZE ||
	    !hex_decode(s, strlen(s), out, POLICY_SHA256_SIZE, &n))
		return bad(e, R_POLICY_BAD_VALUE, path, "not a SHA-256 digest (64 hex digits)");
	return true;
}

static bool load_isolation(struct policy *p, uint32_t root, struct err *e)
{
	static const char *const names[] = {"trustedlaunch", "sevsnp", "tdx"};
	char s[POLICY_MAX_STRING];
	uint32_t v;
	bool present;

	if (!member(&p->doc, root, "isolation", JSON_STRING, "$", &v, &present, e))
		return false;
	if (!present)
		return bad(e, R_POLICY_MISSING_KEY, "$.isolation", "required");
	if (!read_str(&p->doc, v, s, "$.isolation", e))
		return false;
	for (size_t i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			p->isolation = (enum policy_isolation)(i + 1);
			return true;
		}
	return bad(e, R_POLICY_BAD_VALUE, "$.isolation", "not trustedlaunch, sevsnp or tdx");
}

static bool load_provider(struct policy *p, uint32_t root, struct err *e)
{
	static const char *const keys[] = {"url", "issuer", "jwks", "max_token_age", NULL};
	const char *path = "$.provider";
	uint32_t s, v;
	bool present;

	if (!member(&p->doc, root, "provider", JSON_OBJECT, "$", &s, &present, e) || !present)
		return !present;
	p->has_provider = true;
	if (!read_section(&p->doc, s, path, e) || !only_keys(&p->doc, s, keys, path, e) ||
	    !opt_str(&p->doc, s, "url", p->provider_url, path, e) ||
	    !opt_str(&p->doc, s, "issuer", p->provider_issuer, path, e) ||
	    !opt_str(&p->doc, s, "jwks", p->provider_jwks, path, e) ||
	    !member(&p->doc, s, "max_token_age", JSON_NUMBER, path, &v, &present, e))
		return false;
	p->has_max_token_age = present;
	return !present || read_int(&p->doc, v, 1, POLICY_MAX_TOKEN_AGE, &p->max_token_age,
				    "$.provider.max_token_age", e);
}

static bool load_tpm(struct policy *p, uint32_t root, struct err *e)
{
	static const char *const keys[] = {"pcrs", "ak_roots", NULL};
	const char *path = "$.tpm";
	uint32_t s, v, it = 0, el, i = 0;
	bool present;
	char q[PATH_MAX_LEN];

	if (!member(&p->doc, root, "tpm", JSON_OBJECT, "$", &s, &present, e) || !present)
		return !present;
	if (!read_section(&p->doc, s, path, e) || !only_keys(&p->doc, s, keys, path, e) ||
	    !opt_str(&p->doc, s, "ak_roots", p->tpm_ak_roots, path, e) ||
	    !member(&p->doc, s, "pcrs", JSON_ARRAY, path, &v, &present, e))
		return false;
	if (!present)
		return true;
	if (!read_list(&p->doc, v, EVENTLOG_NUM_PCRS, "$.tpm.pcrs", e))
		return false;
	while (json_arr_next(&p->doc, v, &it, &el)) {
		int64_t pcr = 0;
		idx(q, "$.tpm.pcrs", i++);
		if (!read_int(&p->doc, el, 0, EVENTLOG_NUM_PCRS - 1, &pcr, q, e))
			return false;
		if (p->tpm_pcrs & (1u << pcr))
			return bad(e, R_POLICY_BAD_VALUE, q, "PCR listed twice");
		p->tpm_pcrs |= 1u << pcr;
	}
	return true;
}

/* A scalar a claim can be compared with: string, integer or boolean. */
static bool read_scalar(const struct json_doc *d, uint32_t v, const char *path, struct err *e)
{
	char s[POLICY_MAX_STRING];
	int64_t n;

	switch (json_val_type(d, v)) {
	case JSON_STRING:
		return read_str(d, v, s, path, e);
	case JSON_NUMBER:
		return read_int(d, v, INT64_MIN, INT64_MAX, &n, path, e);
	case JSON_TRUE:
	case JSON_FALSE:
		return true;
	default:
		return bad(e, R_POLICY_WRONG_TYPE, path, "string, integer or boolean");
	}
}

/* A claim path: non-empty member names separated by single dots. */
static bool check_claim_path(const char *s, const char *path, struct err *e)
{
	size_t n = strlen(s);
	if (s[0] == '.' || s[n - 1] == '.' || strstr(s, ".."))
		return bad(e, R_POLICY_BAD_VALUE, path, "empty member name in claim path");
	return true;
}

static bool load_operator(struct policy *p, struct policy_claim_rule *r, const char *name,
			  uint32_t v, const char *path, struct err *e)
{
	static const char *const ops[] = {"equals", "one_of", "min", "max", "present", "absent"};
	uint32_t it = 0, el, i = 0;
	char q[PATH_MAX_LEN];
	size_t k;

	for (k = 0; k < 6 && strcmp(name, ops[k]) != 0; k++)
		;
	if (k == 6)
		return bad(e, R_POLICY_UNKNOWN_OPERATOR, path,
			   "not equals, one_of, min, max, present or absent");
	if (r->op)
		return bad(e, R_POLICY_UNKNOWN_OPERATOR, path, "a rule has exactly one operator");
	r->op = (enum policy_op)(k + 1);
	r->value = v;
	switch (r->op) {
	case POLICY_OP_EQUALS:
		return read_scalar(&p->doc, v, path, e);
	case POLICY_OP_ONE_OF:
		if (!read_list(&p->doc, v, POLICY_MAX_ONE_OF, path, e))
			return false;
		while (json_arr_next(&p->doc, v, &it, &el)) {
			idx(q, path, i++);
			if (!read_scalar(&p->doc, el, q, e))
				return false;
		}
		return true;
	case POLICY_OP_MIN:
	case POLICY_OP_MAX:
		return read_int(&p->doc, v, INT64_MIN, INT64_MAX, &r->bound, path, e);
	default: /* present / absent: true is the only meaningful value */
		if (json_val_type(&p->doc, v) != JSON_TRUE)
			return bad(e, R_POLICY_WRONG_TYPE, path, "true");
		return true;
	}
}

static bool load_claim_rule(struct policy *p, uint32_t obj, const char *path, struct err *e)
{
	struct policy_claim_rule *r = &p->claims[p->nclaims];
	uint32_t it = 0, k, v;
	char name[64], q[PATH_MAX_LEN];
	bool has_claim = false;

	if (json_val_type(&p->doc, obj) != JSON_OBJECT)
		return bad(e, R_POLICY_WRONG_TYPE, path, "object");
	memset(r, 0, sizeof(*r));
	while (json_obj_next(&p->doc, obj, &it, &k, &v)) {
		if (!json_val_str(&p->doc, k, name, sizeof(name), NULL, JSON_STR_NO_NUL, e))
			return bad(e, R_POLICY_UNKNOWN_OPERATOR, path, "unknown key (too long)");
		sub(q, path, name);
		if (strcmp(name, "claim") == 0) {
			if (!read_str(&p->doc, v, r->path, q, e) ||
			    !check_claim_path(r->path, q, e))
				return false;
			has_claim = true;
		} else if (!load_operator(p, r, name, v, q, e)) {
			return false;
		}
	}
	if (!has_claim)
		return bad(e, R_POLICY_MISSING_KEY, path, "claim is required");
	if (!r->op)
		return bad(e, R_POLICY_MISSING_KEY, path, "an operator is required");
	p->nclaims++;
	return true;
}

static bool load_claims(struct policy *p, uint32_t root, struct err *e)
{
	uint32_t v, it = 0, el, i = 0;
	bool present;
	char q[PATH_MAX_LEN];

	if (!member(&p->doc, root, "claims", JSON_ARRAY, "$", &v, &present, e) || !present)
		return !present;
	if (!read_list(&p->doc, v, POLICY_MAX_CLAIM_RULES, "$.claims", e))
		return false;
	while (json_arr_next(&p->doc, v, &it, &el)) {
		idx(q, "$.claims", i++);
		if (!load_claim_rule(p, el, q, e))
			return false;
	}
	return true;
}

static bool load_digests(struct policy *p, uint32_t obj, const char *key,
			 struct policy_digest_list *l, bool *has, struct err *e)
{
	uint32_t v, it = 0, el, i = 0;
	bool present;
	char path[PATH_MAX_LEN], q[PATH_MAX_LEN];

	sub(path, "$.eventlog.boot_applications", key);
	if (!member(&p->doc, obj, key, JSON_ARRAY, "$.eventlog.boot_applications", &v, &present,
		    e) ||
	    !present)
		return !present;
	*has = true;
	if (!read_list(&p->doc, v, POLICY_MAX_DIGESTS, path, e))
		return false;
	while (json_arr_next(&p->doc, v, &it, &el)) {
		idx(q, path, i++);
		if (!read_sha256(&p->doc, el, l->d[l->n], q, e))
			return false;
		for (size_t j = 0; j < l->n; j++)
			if (memcmp(l->d[j], l->d[l->n], POLICY_SHA256_SIZE) == 0)
				return bad(e, R_POLICY_BAD_VALUE, q, "digest listed twice");
		l->n++;
	}
	return true;
}

/* An event type by its PFP name (EV_...) or number. */
static bool event_type_value(const struct json_doc *d, uint32_t v, uint32_t *out, const char *path,
			     struct err *e)
{
	char s[POLICY_MAX_STRING];
	int64_t n;

	if (json_val_type(d, v) == JSON_NUMBER) {
		if (!read_int(d, v, 0, UINT32_MAX, &n, path, e))
			return false;
		*out = (uint32_t)n;
		return true;
	}
	if (!read_str(d, v, s, path, e))
		return false;
	/* The PFP 1.05 Table 9 types live in 0x00-0xFF and 0x80000000-0x800000FF. */
	for (uint32_t hi = 0; hi <= 1; hi++)
		for (uint32_t lo = 0; lo <= 0xFF; lo++) {
			uint32_t t = (hi << 31) | lo;
			const char *name = eventlog_type_name(t);
			if (name && strcmp(name, s) == 0) {
				*out = t;
				return true;
			}
		}
	return bad(e, R_POLICY_BAD_VALUE, path, "not an event type name of the TCG PC Client PFP");
}

static bool load_event_types(struct policy *p, uint32_t obj, struct err *e)
{
	const char *path = "$.eventlog.forbidden_event_types";
	uint32_t v, it = 0, el, i = 0;
	bool present;
	char q[PATH_MAX_LEN];

	if (!member(&p->doc, obj, "forbidden_event_types", JSON_ARRAY, "$.eventlog", &v, &present,
		    e) ||
	    !present)
		return !present;
	if (!read_list(&p->doc, v, POLICY_MAX_EVENT_TYPES, path, e))
		return false;
	while (json_arr_next(&p->doc, v, &it, &el)) {
		idx(q, path, i++);
		if (!event_type_value(&p->doc, el, &p->forbidden_types[p->nforbidden_types], q, e))
			return false;
		p->nforbidden_types++;
	}
	return true;
}

/* "0".."23" without leading zeros. */
static bool pcr_index(const char *s, uint32_t *out)
{
	size_t n = strlen(s);
	if (n == 0 || n > 2 || (n == 2 && s[0] == '0'))
		return false;
	*out = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*out = *out * 10 + (uint32_t)(s[i] - '0');
	}
	return *out < EVENTLOG_NUM_PCRS;
}

static bool load_pcr_values(struct policy *p, uint32_t obj, struct err *e)
{
	const char *path = "$.eventlog.pcrs";
	uint32_t v, it = 0, k, val, pcr;
	bool present;
	char name[8], q[PATH_MAX_LEN];

	if (!member(&p->doc, obj, "pcrs", JSON_OBJECT, "$.eventlog", &v, &present, e) || !present)
		return !present;
	if (!read_section(&p->doc, v, path, e))
		return false;
	while (json_obj_next(&p->doc, v, &it, &k, &val)) {
		if (!json_val_str(&p->doc, k, name, sizeof(name), NULL, JSON_STR_NO_NUL, e) ||
		    !pcr_index(name, &pcr))
			return bad(e, R_POLICY_BAD_VALUE, path, "a key is not a PCR index 0-23");
		sub(q, path, name);
		if (!read_sha256(&p->doc, val, p->pcr_values[pcr], q, e))
			return false;
		p->pcr_mask |= 1u << pcr;
	}
	return true;
}

static bool load_eventlog(struct policy *p, uint32_t root, struct err *e)
{
	static const char *const keys[] = {"secure_boot", "boot_applications",
					   "forbidden_event_types", "pcrs", NULL};
	static const char *const app_keys[] = {"allowed", "forbidden", NULL};
	const char *path = "$.eventlog", *apath = "$.eventlog.boot_applications";
	uint32_t s, v;
	bool present;

	if (!member(&p->doc, root, "eventlog", JSON_OBJECT, "$", &s, &present, e) || !present)
		return !present;
	p->has_eventlog = true;
	if (!read_section(&p->doc, s, path, e) || !only_keys(&p->doc, s, keys, path, e) ||
	    !member(&p->doc, s, "secure_boot", JSON_TRUE, path, &v, &present, e))
		return false;
	if (present)
		p->secure_boot = json_val_type(&p->doc, v) == JSON_TRUE;
	if (!member(&p->doc, s, "boot_applications", JSON_OBJECT, path, &v, &present, e))
		return false;
	if (present &&
	    (!read_section(&p->doc, v, apath, e) || !only_keys(&p->doc, v, app_keys, apath, e) ||
	     !load_digests(p, v, "allowed", &p->apps_allowed, &p->has_apps_allowed, e) ||
	     !load_digests(p, v, "forbidden", &p->apps_forbidden, &p->has_apps_forbidden, e)))
		return false;
	return load_event_types(p, s, e) && load_pcr_values(p, s, e);
}

static bool load_all(struct policy *p, struct err *e)
{
	static const char *const keys[] = {"version", "description", "isolation", "provider",
					   "tpm",     "claims",	     "eventlog",  NULL};
	char desc[POLICY_MAX_STRING];
	uint32_t v;
	int64_t version;

	if (json_val_type(&p->doc, JSON_ROOT) != JSON_OBJECT)
		return bad(e, R_POLICY_WRONG_TYPE, "$", "object");
	/* The version first: a file of another version is named as such, not as typos. */
	if (!json_obj_member(&p->doc, JSON_ROOT, "version", 7, &v) ||
	    json_val_type(&p->doc, v) != JSON_NUMBER || !json_val_i64(&p->doc, v, &version, e) ||
	    version != 1)
		return bad(e, R_POLICY_BAD_VERSION, "$.version", "must be 1");
	if (!only_keys(&p->doc, JSON_ROOT, keys, "$", e))
		return false;
	if (!opt_str(&p->doc, JSON_ROOT, "description", desc, "$", e))
		return false;
	if (!load_isolation(p, JSON_ROOT, e) || !load_provider(p, JSON_ROOT, e) ||
	    !load_tpm(p, JSON_ROOT, e) || !load_claims(p, JSON_ROOT, e) ||
	    !load_eventlog(p, JSON_ROOT, e))
		return false;
	return true;
}

bool policy_load(struct policy *p, const void *text, size_t len, struct err *e)
{
	const struct json_limits lim = {POLICY_MAX_TEXT, POLICY_MAX_TOKENS, POLICY_MAX_DEPTH};

	memset(p, 0, sizeof(*p));
	p->secure_boot = -1;
	if (len > POLICY_MAX_TEXT)
		return err_fail(e, R_POLICY_NOT_JSON, ERR_NO_OFFSET, "$: over %zu bytes",
				POLICY_MAX_TEXT);
	if (!json_doc_parse(&p->doc, text, len, &lim, e))
		return err_relabel(e,
				   e->id == R_JSON_DUPLICATE_MEMBER ? R_POLICY_DUPLICATE_KEY
								    : R_POLICY_NOT_JSON,
				   "$");
	if (!load_all(p, e)) {
		policy_free(p);
		p->secure_boot = -1;
		return false;
	}
	return true;
}

void policy_free(struct policy *p)
{
	json_doc_free(&p->doc);
	memset(p, 0, sizeof(*p));
}

const char *policy_isolation_name(enum policy_isolation iso)
{
	switch (iso) {
	case POLICY_ISO_TRUSTEDLAUNCH:
		return "trustedlaunch";
	case POLICY_ISO_SEVSNP:
		return "sevsnp";
	case POLICY_ISO_TDX:
		return "tdx";
	}
	return "unknown";
}

const char *policy_op_name(enum policy_op op)
{
	static const char *const names[] = {"equals", "one_of", "min", "max", "present", "absent"};
	return op >= POLICY_OP_EQUALS && op <= POLICY_OP_ABSENT ? names[op - 1] : "unknown";
}
