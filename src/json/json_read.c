/* json_read: navigation and typed getters (contract in json_read.h). */
#include "json/json_read.h"

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "json/json_string.h"

enum json_type json_val_type(const struct json_doc *doc, uint32_t v)
{
	return v < doc->ntok ? (enum json_type)doc->tok[v].type : JSON_INVALID;
}

uint32_t json_val_size(const struct json_doc *doc, uint32_t v)
{
	return v < doc->ntok ? doc->tok[v].size : 0;
}

const char *json_type_name(enum json_type t)
{
	switch (t) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_NUMBER:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "boolean";
	case JSON_NULL:
		return "null";
	default:
		return "invalid";
	}
}

bool json_obj_next(const struct json_doc *doc, uint32_t obj, uint32_t *it, uint32_t *key,
		   uint32_t *val)
{
	uint32_t k;

	if (json_val_type(doc, obj) != JSON_OBJECT)
		return false;
	k = *it == 0 ? obj + 1 : *it;
	if (k >= doc->tok[obj].next)
		return false;
	*key = k;
	*val = k + 1;
	*it = doc->tok[k + 1].next;
	return true;
}

bool json_arr_next(const struct json_doc *doc, uint32_t arr, uint32_t *it, uint32_t *elem)
{
	uint32_t k;

	if (json_val_type(doc, arr) != JSON_ARRAY)
		return false;
	k = *it == 0 ? arr + 1 : *it;
	if (k >= doc->tok[arr].next)
		return false;
	*elem = k;
	*it = doc->tok[k].next;
	return true;
}

bool json_val_str_eq(const struct json_doc *doc, uint32_t v, const char *s, size_t n)
{
	const struct json_tok *t;
	const uint8_t *p;
	size_t len, i = 0, j = 0;

	if (json_val_type(doc, v) != JSON_STRING)
		return false;
	t = &doc->tok[v];
	p = (const uint8_t *)doc->text + t->start;
	len = t->end - t->start;
	if (!(t->flags & JSON_TOK_ESCAPED))
		return len == n && memcmp(p, s, n) == 0;
	while (i < len) {
		uint32_t cp = 0;
		uint8_t u[4];
		size_t k;
		json_str_next(p, len, &i, &cp, 0, NULL);
		k = utf8_encode(cp, u);
		if (n - j < k || memcmp(s + j, u, k) != 0)
			return false;
		j += k;
	}
	return j == n;
}

bool json_obj_member(const struct json_doc *doc, uint32_t obj, const char *name, size_t n,
		     uint32_t *val)
{
	uint32_t it = 0, k, v;

	while (json_obj_next(doc, obj, &it, &k, &v))
		if (json_val_str_eq(doc, k, name, n)) {
			*val = v;
			return true;
		}
	return false;
}

/* Element idx of array arr, idx given as a path segment of 1-9 decimal digits. */
static bool arr_element(const struct json_doc *doc, uint32_t arr, const char *seg, size_t n,
			uint32_t *out)
{
	uint64_t idx = 0;
	uint32_t it = 0, el = 0;

	if (n == 0 || n > 9)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (seg[i] < '0' || seg[i] > '9')
			return false;
		idx = idx * 10 + (uint64_t)(seg[i] - '0');
	}
	do {
		if (!json_arr_next(doc, arr, &it, &el))
			return false;
	} while (idx-- > 0);
	*out = el;
	return true;
}

bool json_find(const struct json_doc *doc, uint32_t from, const char *path, uint32_t *out)
{
	uint32_t cur = from;
	const char *p = path;

	if (json_val_type(doc, from) == JSON_INVALID)
		return false;
	while (*p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		enum json_type t = json_val_type(doc, cur);

		if (t == JSON_OBJECT ? !json_obj_member(doc, cur, p, n, &cur)
				     : t != JSON_ARRAY || !arr_element(doc, cur, p, n, &cur))
			return false;
		if (!dot)
			break;
		p = dot + 1;
	}
	*out = cur;
	return true;
}

/* Decodes string v into out[0..cap) with a terminator, or into b when b is not NULL. */
static bool str_decode(const struct json_doc *doc, uint32_t v, uint8_t *out, size_t cap,
		       struct buf *b, size_t *out_len, unsigned flags, struct err *e)
{
	const struct json_tok *t;
	const uint8_t *p;
	size_t len, i = 0, j = 0;

	if (json_val_type(doc, v) != JSON_STRING)
		return err_fail(e, R_JSON_WRONG_TYPE, ERR_NO_OFFSET, "%s where string expected",
				json_type_name(json_val_type(doc, v)));
	t = &doc->tok[v];
	p = (const uint8_t *)doc->text + t->start;
	len = t->end - t->start;
	while (i < len) {
		uint32_t cp = 0;
		uint8_t u[4];
		size_t k;
		json_str_next(p, len, &i, &cp, 0, NULL);
		if (cp == 0 && (flags & JSON_STR_NO_NUL))
			return err_fail(e, R_JSON_EMBEDDED_NUL, t->start, "string contains U+0000");
		k = utf8_encode(cp, u);
		if (b) {
			if (!buf_append(b, u, k))
				return err_fail(e, R_JSON_STRING_TOO_LONG, t->start,
						"decoded string exceeds the buffer");
		} else {
			if (cap - j < k + 1 || cap == 0)
				return err_fail(e, R_JSON_STRING_TOO_LONG, t->start,
						"decoded string longer than %zu bytes",
						cap ? cap - 1 : 0);
			memcpy(out + j, u, k);
		}
		j += k;
	}
	if (!b) {
		if (cap == 0)
			return err_fail(e, R_JSON_STRING_TOO_LONG, t->start, "no room");
		out[j] = 0;
	}
	if (out_len)
		*out_len = j;
	return true;
}

bool json_val_str(const struct json_doc *doc, uint32_t v, char *out, size_t cap, size_t *out_len,
		  unsigned flags, struct err *e)
{
	return str_decode(doc, v, (uint8_t *)out, cap, NULL, out_len, flags, e);
}

bool json_val_str_buf(const struct json_doc *doc, uint32_t v, struct buf *out, unsigned flags,
		      struct err *e)
{
	buf_reset(out);
	return str_decode(doc, v, NULL, 0, out, NULL, flags, e);
}

/* Magnitude of an integer-form number; false on overflow of uint64. */
static bool int_magnitude(const struct json_doc *doc, uint32_t v, bool *neg, uint64_t *mag,
			  struct err *e)
{
	const struct json_tok *t;
	const char *s;
	size_t n, i = 0;
	uint64_t m = 0;

	/* Failures return false explicitly (not err_fail()'s value): *neg and *mag
	 * are set only on the success path, which callers then read. */
	if (json_val_type(doc, v) != JSON_NUMBER) {
		err_fail(e, R_JSON_WRONG_TYPE, ERR_NO_OFFSET, "%s where number expected",
			 json_type_name(json_val_type(doc, v)));
		return false;
	}
	t = &doc->tok[v];
	if (!(t->flags & JSON_TOK_INTEGER)) {
		err_fail(e, R_JSON_NOT_INTEGER, t->start, "number has a fraction or exponent");
		return false;
	}
	s = doc->text + t->start;
	n = t->end - t->start;
	*neg = s[0] == '-';
	if (*neg)
		i++;
	for (; i < n; i++) {
		unsigned d = (unsigned)(s[i] - '0');
		if (m > (UINT64_MAX - d) / 10) {
			err_fail(e, R_JSON_INTEGER_OUT_OF_RANGE, t->start,
				 "integer does not fit 64 bits");
			return false;
		}
		m = m * 10 + d;
	}
	*mag = m;
	return true;
}

bool json_val_i64(const struct json_doc *doc, uint32_t v, int64_t *out, struct err *e)
{
	bool neg;
	uint64_t m;

	if (!int_magnitude(doc, v, &neg, &m, e))
		return false;
	if (neg ? m > (uint64_t)INT64_MAX + 1 : m > (uint64_t)INT64_MAX)
		return err_fail(e, R_JSON_INTEGER_OUT_OF_RANGE, doc->tok[v].start,
				"integer does not fit int64");
	if (neg)
		*out = m == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)m;
	else
		*out = (int64_t)m;
	return true;
}

bool json_val_u64(const struct json_doc *doc, uint32_t v, uint64_t *out, struct err *e)
{
	bool neg;
	uint64_t m;

	if (!int_magnitude(doc, v, &neg, &m, e))
		return false;
	if (neg && m != 0)
		return err_fail(e, R_JSON_INTEGER_OUT_OF_RANGE, doc->tok[v].start,
				"negative where unsigned expected");
	*out = m;
	return true;
}

bool json_val_bool(const struct json_doc *doc, uint32_t v, bool *out, struct err *e)
{
	enum json_type t = json_val_type(doc, v);
	if (t != JSON_TRUE && t != JSON_FALSE)
		return err_fail(e, R_JSON_WRONG_TYPE, ERR_NO_OFFSET, "%s where boolean expected",
				json_type_name(t));
	*out = t == JSON_TRUE;
	return true;
}

bool json_get(const struct json_doc *doc, uint32_t from, const char *path, enum json_type type,
	      uint32_t *out, struct err *e)
{
	uint32_t v;
	enum json_type t;

	/* *out is written only on the success path; failures return false
	 * explicitly (not err_fail()'s value) so callers never see an unset index. */
	if (!json_find(doc, from, path, &v)) {
		err_fail(e, R_JSON_MISSING_MEMBER, ERR_NO_OFFSET, "%s", path);
		return false;
	}
	t = json_val_type(doc, v);
	if (type != JSON_INVALID && t != type &&
	    !(type == JSON_TRUE && (t == JSON_TRUE || t == JSON_FALSE))) {
		err_fail(e, R_JSON_WRONG_TYPE, doc->tok[v].start, "%s: %s, not %s", path,
			 json_type_name(t), json_type_name(type));
		return false;
	}
	*out = v;
	return true;
}

/* Prefixes a value-level error's detail with the path it was read from. */
static bool with_path(bool ok, const char *path, struct err *e)
{
	char d[sizeof(e->detail)];
	size_t k;

	if (ok || !e)
		return ok;
	k = strlen(path);
	if (k > sizeof(d) - 3) /* the path is cut first, keeping ": " */
		k = sizeof(d) - 3;
	if (snprintf(d, sizeof(d), "%.*s: %s", (int)k, path, e->detail) < 0)
		d[0] = '\0';
	memcpy(e->detail, d, sizeof(d));
	return false;
}

bool json_get_str(const struct json_doc *doc, uint32_t from, const char *path, char *out,
		  size_t cap, size_t *out_len, unsigned flags, struct err *e)
{
	uint32_t v;
	return json_get(doc, from, path, JSON_STRING, &v, e) &&
	       with_path(json_val_str(doc, v, out, cap, out_len, flags, e), path, e);
}

bool json_get_i64(const struct json_doc *doc, uint32_t from, const char *path, int64_t *out,
		  struct err *e)
{
	uint32_t v;
	return json_get(doc, from, path, JSON_NUMBER, &v, e) &&
	       with_path(json_val_i64(doc, v, out, e), path, e);
}

bool json_get_bool(const struct json_doc *doc, uint32_t from, const char *path, bool *out,
		   struct err *e)
{
	uint32_t v;
	return json_get(doc, from, path, JSON_TRUE, &v, e) && json_val_bool(doc, v, out, e);
}
