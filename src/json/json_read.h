/*
 * json_read: navigation and typed getters over a document json_parse.h
 * accepted. Values are token indexes (JSON_ROOT is the top-level value) or
 * paths:
 *
 *   int64_t exp;
 *   if (!json_get_i64(&doc, JSON_ROOT, "exp", &exp, &e)) ...
 *
 * A path is member names separated by '.'; on an array, a segment made of
 * decimal digits is an element index ("keys.0.kid"). For member names that
 * contain '.', use json_obj_member(). Strings are decoded (escapes resolved)
 * on request, into caller buffers. Integers are returned only when the
 * number is written in integer form (no fraction, no exponent) and fits the
 * requested type: no silent truncation or rounding. A getter writes its
 * output only when it succeeds.
 *
 * Errors: layer "json", reasons missing_member, wrong_type, not_integer,
 * integer_out_of_range, string_too_long, embedded_nul.
 */
#ifndef ATTEST_JSON_READ_H
#define ATTEST_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "json/json_parse.h"

/* Type of token v (JSON_INVALID when v is out of range). */
enum json_type json_val_type(const struct json_doc *doc, uint32_t v);
/* Members of an object / elements of an array; 0 for scalars. */
uint32_t json_val_size(const struct json_doc *doc, uint32_t v);
const char *json_type_name(enum json_type t);

/*
 * Iteration. Start with *it = 0; each call yields the next member (name token
 * in *key, value in *val) or element, and returns false at the end.
 */
bool json_obj_next(const struct json_doc *doc, uint32_t obj, uint32_t *it, uint32_t *key,
		   uint32_t *val);
bool json_arr_next(const struct json_doc *doc, uint32_t arr, uint32_t *it, uint32_t *elem);

/* Member of obj whose decoded name equals name[0..n); false when absent or obj is no object. */
bool json_obj_member(const struct json_doc *doc, uint32_t obj, const char *name, size_t n,
		     uint32_t *val);
/* Value at path below from; false when absent. An empty path yields from. */
bool json_find(const struct json_doc *doc, uint32_t from, const char *path, uint32_t *out);

/* String decoding flags. */
#define JSON_STR_NO_NUL 1u /* reject a decoded U+0000 (embedded_nul) */

/*
 * Decodes string (or member name) token v into out[0..cap): the bytes, then a
 * NUL terminator, so cap must exceed the decoded length (string_too_long
 * otherwise). *out_len (may be NULL) gets the length without terminator.
 */
bool json_val_str(const struct json_doc *doc, uint32_t v, char *out, size_t cap, size_t *out_len,
		  unsigned flags, struct err *e);
/* Decodes into a growable buffer (replacing its contents; no terminator counted). */
bool json_val_str_buf(const struct json_doc *doc, uint32_t v, struct buf *out, unsigned flags,
		      struct err *e);
/* True when v is a string whose decoded bytes equal s[0..n). */
bool json_val_str_eq(const struct json_doc *doc, uint32_t v, const char *s, size_t n);
bool json_val_i64(const struct json_doc *doc, uint32_t v, int64_t *out, struct err *e);
bool json_val_u64(const struct json_doc *doc, uint32_t v, uint64_t *out, struct err *e);
bool json_val_bool(const struct json_doc *doc, uint32_t v, bool *out, struct err *e);

/*
 * Path getters: missing_member when the path does not resolve, wrong_type
 * when it resolves to another type, otherwise as the json_val_* functions.
 * json_get() checks only the type (JSON_INVALID accepts any; JSON_TRUE
 * accepts either boolean) and returns the token index.
 */
bool json_get(const struct json_doc *doc, uint32_t from, const char *path, enum json_type type,
	      uint32_t *out, struct err *e);
bool json_get_str(const struct json_doc *doc, uint32_t from, const char *path, char *out,
		  size_t cap, size_t *out_len, unsigned flags, struct err *e);
bool json_get_i64(const struct json_doc *doc, uint32_t from, const char *path, int64_t *out,
		  struct err *e);
bool json_get_bool(const struct json_doc *doc, uint32_t from, const char *path, bool *out,
		   struct err *e);

#endif
