/*
 * Fuzz target: json_doc_parse() (src/json/json_parse.c), the strict RFC 8259
 * parser, plus every reader (src/json/json_read.c) and the writer glue
 * (src/json/json_copy.c) on the parsed value. Properties:
 *   - limits only ever narrow: a document accepted under small limits is
 *     accepted under the harness limits, and one accepted under the harness
 *     limits is accepted under the (clamped) maximal limits, with equal tokens;
 *   - every typed getter agrees with its path getter (json_get_*) on the same
 *     value, and a member name or array index used as a path finds exactly
 *     that member or element; a decoded member name compares equal to itself
 *     (json_val_str_eq) and unequal to any strict prefix of itself;
 *   - a parsed document written back through the JSON writer (json_val_write)
 *     re-parses to an equal value (same_value() below).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json_copy.h"
#include "json/json_read.h"
#include "json/json_writer.h"

/* Path lookups per input: bounds the quadratic member search on big objects. */
#define HARNESS_MAX_PATHS 256

/* Fixed paths tried from the root: nested, empty and malformed segments. */
static const char *const fixed_paths[] = {
    "a.0.b",	  "keys.0.kid", "0.a",	       "",   "a..b", "a.", ".a",
    "1234567890", "0.0.1",	"dotted.name", "01",
};

/* Same text, same tokens: the parse did not depend on the limits. */
static bool same_doc(const struct json_doc *a, const struct json_doc *b)
{
	return a->ntok == b->ntok && a->len == b->len &&
	       memcmp(a->tok, b->tok, a->ntok * sizeof(*a->tok)) == 0;
}

/* Decoded strings (or member names) ka of a and kb of b are equal. */
static bool same_str(const struct json_doc *a, uint32_t ka, const struct json_doc *b, uint32_t kb,
		     struct buf *sa, struct buf *sb)
{
	struct err e;

	return json_val_str_buf(a, ka, sa, 0, &e) && json_val_str_buf(b, kb, sb, 0, &e) &&
	       sa->len == sb->len && (!sa->len || memcmp(sa->data, sb->data, sa->len) == 0);
}

/* Structural equality across documents: types, decoded strings and member
 * names, number texts, member order. */
static bool same_value(const struct json_doc *a, uint32_t va, const struct json_doc *b, uint32_t vb,
		       struct buf *sa, struct buf *sb)
{
	enum json_type t = json_val_type(a, va);
	uint32_t ia = 0, ib = 0, ka, kb, xa, xb;
	const struct json_tok *x, *y;

	if (t == JSON_INVALID || t != json_val_type(b, vb) ||
	    json_val_size(a, va) != json_val_size(b, vb))
		return false;
	switch (t) {
	case JSON_NUMBER:
		x = &a->tok[va];
		y = &b->tok[vb];
		return x->end - x->start == y->end - y->start &&
		       memcmp(a->text + x->start, b->text + y->start, x->end - x->start) == 0;
	case JSON_STRING:
		return same_str(a, va, b, vb, sa, sb);
	case JSON_OBJECT:
		while (json_obj_next(a, va, &ia, &ka, &xa))
			if (!json_obj_next(b, vb, &ib, &kb, &xb) ||
			    !same_str(a, ka, b, kb, sa, sb) || !same_value(a, xa, b, xb, sa, sb))
				return false;
		return true;
	case JSON_ARRAY:
		while (json_arr_next(a, va, &ia, &xa))
			if (!json_arr_next(b, vb, &ib, &xb) || !same_value(a, xa, b, xb, sa, sb))
				return false;
		return true;
	default:
		return true;
	}
}

/* Every getter on value v, and each getter's path twin (path from `from`). */
static void check_value(const struct json_doc *doc, uint32_t from, const char *path, uint32_t v)
{
	struct err e, pe;
	char s1[64], s2[64];
	size_t n1 = 0, n2 = 0;
	int64_t i1 = 0, i2 = 0;
	uint64_t u1 = 0, u2 = 0;
	bool b1 = false, b2 = false, ok1, ok2;
	uint32_t got;
	enum json_type t = json_val_type(doc, v);

	err_clear(&e);
	err_clear(&pe);
	if (!json_get(doc, from, path, JSON_INVALID, &got, &pe) || got != v)
		abort(); /* the path does not lead to the value it was made from */
	if (!json_get(doc, from, path, t, &got, &pe) || got != v)
		abort();
	if (t != JSON_NULL && json_get(doc, from, path, JSON_NULL, &got, &pe))
		abort();
	ok1 = json_val_str(doc, v, s1, sizeof(s1), &n1, JSON_STR_NO_NUL, &e);
	ok2 = json_get_str(doc, from, path, s2, sizeof(s2), &n2, JSON_STR_NO_NUL, &pe);
	if (ok1 != ok2 || (ok1 && (n1 != n2 || memcmp(s1, s2, n1) != 0)))
		abort();
	ok1 = json_val_i64(doc, v, &i1, &e);
	ok2 = json_get_i64(doc, from, path, &i2, &pe);
	if (ok1 != ok2 || (ok1 && i1 != i2))
		abort();
	ok1 = json_val_u64(doc, v, &u1, &e);
	ok2 = json_get(doc, from, path, JSON_NUMBER, &got, &pe) && json_val_u64(doc, got, &u2, &pe);
	if (ok1 != ok2 || (ok1 && u1 != u2))
		abort();
	ok1 = json_val_bool(doc, v, &b1, &e);
	ok2 = json_get_bool(doc, from, path, &b2, &pe);
	if (ok1 != ok2 || (ok1 && b1 != b2))
		abort();
}

/* Member names and array indexes of container c as one-segment paths. */
static void check_children(const struct json_doc *doc, uint32_t c, struct buf *name,
			   unsigned *budget)
{
	uint32_t it = 0, k, x;
	char idx[16];
	struct err e;

	err_clear(&e);
	if (json_val_type(doc, c) == JSON_ARRAY) {
		for (uint32_t i = 0; json_arr_next(doc, c, &it, &x) && *budget; i++, (*budget)--) {
			snprintf(idx, sizeof(idx), "%u", i);
			check_value(doc, c, idx, x);
		}
		return;
	}
	while (json_obj_next(doc, c, &it, &k, &x) && *budget) {
		(*budget)--;
		if (!json_val_str_buf(doc, k, name, 0, &e) || !buf_cstr(name))
			abort(); /* a validated member name always decodes */
		const char *s = name->len ? (const char *)name->data : "";
		if (!json_val_str_eq(doc, k, s, name->len) ||
		    (name->len && json_val_str_eq(doc, k, s, name->len - 1)))
			abort();
		if (!json_obj_member(doc, c, s, name->len, &x) || x != k + 1)
			abort();
		/* A path cannot hold '.' or U+0000 inside a name; "" is the container. */
		if (name->len && !memchr(s, 0, name->len) && !memchr(s, '.', name->len))
			check_value(doc, c, s, x);
	}
}

static void check_getters(const struct json_doc *doc)
{
	struct buf tmp, tiny, name;
	struct err e;
	char small[16];
	size_t n;
	uint32_t x, it = 0;
	unsigned budget = HARNESS_MAX_PATHS;

	err_clear(&e);
	buf_init(&tmp, doc->len + 1);
	buf_init(&tiny, 8);
	buf_init(&name, doc->len + 1);
	for (uint32_t v = 0; v < doc->ntok; v++) {
		json_val_str(doc, v, small, sizeof(small), &n, 0, &e);
		json_val_str(doc, v, small, 0, NULL, 0, &e);
		json_val_str_buf(doc, v, &tmp, JSON_STR_NO_NUL, &e);
		json_val_str_buf(doc, v, &tiny, 0, &e);
		json_val_size(doc, v);
		json_arr_next(doc, v, &it, &x);
		it = 0;
		json_obj_next(doc, v, &it, &x, &x);
		it = 0;
		json_val_str_eq(doc, v, "a", 1);
		/* A value never equals its next sibling unless their texts say so. */
		if (doc->tok[v].next < doc->ntok)
			same_value(doc, v, doc, doc->tok[v].next, &tmp, &name);
		if (json_val_size(doc, v) && budget)
			check_children(doc, v, &name, &budget);
	}
	for (size_t i = 0; i < sizeof(fixed_paths) / sizeof(fixed_paths[0]); i++)
		json_get(doc, JSON_ROOT, fixed_paths[i], JSON_INVALID, &x, &e);
	/* Out-of-range tokens are JSON_INVALID everywhere. */
	if (json_val_type(doc, doc->ntok) != JSON_INVALID || json_val_size(doc, doc->ntok) ||
	    json_find(doc, doc->ntok, "", &x) || strcmp(json_type_name(JSON_INVALID), "invalid"))
		abort();
	buf_free(&name);
	buf_free(&tiny);
	buf_free(&tmp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Depth within the writer's cap so that a parsed document is writable. */
	const struct json_limits lim = {1u << 20, 1u << 16, JSON_WRITER_MAX_DEPTH};
	/* Small limits reach too_large, too_many_tokens and too_deep cheaply. */
	const struct json_limits narrow = {48, 12, 3};
	/* Above the hard ceilings: clamped to JSON_MAX_*. */
	const struct json_limits wide = {SIZE_MAX, UINT32_MAX, UINT32_MAX};
	struct json_doc doc, again;
	struct json_writer w;
	struct buf out, sa, sb;
	struct err e;
	bool ok, ok_narrow, ok_wide;

	err_clear(&e);
	ok = json_doc_parse(&doc, data, size, &lim, &e);
	ok_narrow = json_doc_parse(&again, data, size, &narrow, &e);
	if (ok_narrow && (!ok || !same_doc(&doc, &again)))
		abort(); /* narrower limits accepted what the wider ones refused */
	json_doc_free(&again);
	ok_wide = json_doc_parse(&again, data, size, &wide, &e);
	if (ok && (!ok_wide || !same_doc(&doc, &again)))
		abort();
	json_doc_free(&again);
	if (json_doc_parse(&again, NULL, 0, &lim, &e))
		abort(); /* no text is empty_input */
	if (!ok)
		return 0;
	check_getters(&doc);
	buf_init(&out, 8 * size + 64);
	json_writer_init(&w, &out);
	if (json_val_write(&doc, doc.ntok, &w, &e))
		abort(); /* no such value */
	buf_reset(&out);
	json_writer_init(&w, &out);
	if (json_val_write(&doc, JSON_ROOT, &w, &e) && json_writer_ok(&w)) {
		if (!json_doc_parse(&again, out.data, out.len, &lim, &e))
			abort(); /* the writer produced text the reader refuses */
		buf_init(&sa, size + 1);
		buf_init(&sb, out.len + 1);
		if (!same_value(&doc, JSON_ROOT, &again, JSON_ROOT, &sa, &sb))
			abort(); /* round trip changed the value */
		buf_free(&sb);
		buf_free(&sa);
		json_doc_free(&again);
	}
	buf_free(&out);
	json_doc_free(&doc);
	return 0;
}
