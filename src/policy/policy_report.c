/*
 * policy_report: the list of rule results policy_eval() fills, with bounded texts, and its
 * JSON form (one object; every rule, passed or failed, in policy order).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "json/json_writer.h"
#include "policy/policy.h"

void policy_bounded_copy(char *out, size_t cap, const char *s, size_t n)
{
	if (n < cap) {
		memcpy(out, s, n);
		out[n] = '\0';
		return;
	}
	n = cap - 4; /* room for "..." and NUL */
	/* Never cut inside a UTF-8 sequence (RFC 3629 3: continuation bytes are 10xxxxxx). */
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(out, s, n);
	memcpy(out + n, "...", 4);
}

struct policy_result *policy_report_add(struct policy_report *out, const char *rule,
					const char *expected)
{
	struct policy_result *r = &out->r[out->n < POLICY_MAX_RULES ? out->n : POLICY_MAX_RULES];

	memset(r, 0, sizeof(*r));
	policy_bounded_copy(r->rule, sizeof(r->rule), rule, strlen(rule));
	policy_bounded_copy(r->expected, sizeof(r->expected), expected, strlen(expected));
	if (out->n < POLICY_MAX_RULES)
		out->n++;
	return r;
}

void policy_result_set(struct policy_result *r, bool pass, const char *fmt, ...)
{
	char tmp[POLICY_ACTUAL_MAX * 4];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	policy_bounded_copy(r->actual, sizeof(r->actual), tmp,
			    (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
	r->pass = pass;
}

bool policy_report_json(const struct policy_report *r, struct buf *out)
{
	struct json_writer w;
	size_t failed = 0;

	for (size_t i = 0; i < r->n; i++)
		failed += !r->r[i].pass;
	json_writer_init(&w, out);
	json_obj_begin(&w);
	json_kv_str(&w, "verdict", failed == 0 && r->n > 0 ? "pass" : "fail");
	json_kv_u64(&w, "rules", r->n);
	json_kv_u64(&w, "failed", failed);
	json_key(&w, "results");
	json_arr_begin(&w);
	for (size_t i = 0; i < r->n; i++) {
		json_obj_begin(&w);
		json_kv_str(&w, "rule", r->r[i].rule);
		json_kv_bool(&w, "pass", r->r[i].pass);
		json_kv_str(&w, "expected", r->r[i].expected);
		json_kv_str(&w, "actual", r->r[i].actual);
		json_obj_end(&w);
	}
	json_arr_end(&w);
	json_obj_end(&w);
	return json_writer_ok(&w);
}
