/*
 * json: a strict RFC 8259 reader built on the jsmn tokenizer.
 *
 * jsmn only tokenizes: it accepts {"a"}, [1,], {"a":1 "b":2} and more. This
 * module runs jsmn (strict mode) over the text and then re-walks the text
 * itself, token by token, with a recursive-descent check of the full
 * grammar (RFC 8259 sections 2-7): exactly the right separators between
 * tokens, literals exactly true/false/null, numbers per the section 6
 * grammar, strings free of raw control characters, escapes valid, \u
 * surrogates paired (section 7, 8.2), raw bytes valid UTF-8 (RFC 3629 / RFC
 * 8259 section 8.1), object member names unique after escape decoding
 * (section 4 says SHOULD; we make it MUST: a duplicate "exp" must never be
 * read two ways), nothing but whitespace after the top-level value. Every
 * length is capped: text size, token count and nesting depth (struct
 * json_limits; defaults below).
 *
 * Usage: parse once into a json_doc (the document keeps pointers into the
 * caller's text, which must outlive it), then read values by token index
 * (JSON_ROOT is the top-level value) or by path:
 *
 *   struct json_doc doc;
 *   int64_t exp;
 *   if (!json_doc_parse(&doc, text, len, NULL, &e)) ...
 *   if (!json_get_i64(&doc, JSON_ROOT, "exp", &exp, &e)) ...
 *   json_doc_free(&doc);
 *
 * A path is member names separated by '.'; on an array, a segment made of
 * decimal digits is an element index ("keys.0.kid"). For member names that
 * contain '.', use json_obj_member(). Strings are decoded (escapes resolved)
 * on request, into caller buffers. Integers are returned only when the
 * number is written in integer form (no fraction, no exponent) and fits the
 * requested type: no silent truncation or rounding.
 *
 * Errors: layer "json", reasons:
 *   empty_input, syntax, truncated, trailing_data, too_large, too_many_tokens,
 *   too_deep, bad_literal, bad_number, control_character, bad_escape,
 *   bad_utf8, unpaired_surrogate, duplicate_member, out_of_memory (parse);
 *   missing_member, wrong_type, not_integer, integer_out_of_range,
 *   string_too_long, embedded_nul, unwritable_key (getters and writing).
 * Offsets are byte offsets into the text.
 */
#ifndef ATTEST_JOSE_JSON_H
#define ATTEST_JOSE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/json_writer.h"

/* Hard ceiling on text size: jsmn keeps positions in int; 16 MiB is far above
 * any document this program reads (tokens, JWKS, evidence bundles). */
#define JSON_MAX_TEXT ((size_t)16 * 1024 * 1024)
/* Hard ceiling on tokens (memory: 20 bytes each, plus 20 for jsmn's pass). */
#define JSON_MAX_TOKENS (1u << 20)
/* Hard ceiling on depth: the validator recurses once per level. */
#define JSON_MAX_DEPTH 128

/* Defaults used when json_doc_parse() gets no limits. */
#define JSON_DEFAULT_MAX_LEN	((size_t)4 * 1024 * 1024)
#define JSON_DEFAULT_MAX_TOKENS 65536u
#define JSON_DEFAULT_MAX_DEPTH	32u

#define JSON_ROOT 0u
#define JSON_NONE UINT32_MAX

enum json_type {
	JSON_INVALID = 0,
	JSON_OBJECT,
	JSON_ARRAY,
	JSON_STRING,
	JSON_NUMBER,
	JSON_TRUE,
	JSON_FALSE,
	JSON_NULL,
};

/* Token flags. */
#define JSON_TOK_ESCAPED 1u /* string contains backslash escapes */
#define JSON_TOK_INTEGER 2u /* number has integer form: -?(0|[1-9][0-9]*) */

/* One value (or member name). Tokens are in document order. */
struct json_tok {
	uint8_t type;	/* enum json_type */
	uint8_t flags;	/* JSON_TOK_* */
	uint32_t start; /* strings: first byte after the quote; others: first byte */
	uint32_t end;	/* strings: the closing quote; others: one past the last byte */
	uint32_t size;	/* object: members; array: elements; else 0 */
	uint32_t next;	/* index of the first token after this value's subtree */
};

struct json_limits {
	size_t max_len;
	uint32_t max_tokens;
	uint32_t max_depth; /* a top-level object or array is depth 1 */
};

struct json_doc {
	const char *text; /* the caller's text; not copied */
	size_t len;
	struct json_tok *tok;
	uint32_t ntok;
};

/* Strict parse. limits may be NULL (defaults); larger values are clamped to
 * the hard ceilings above. On failure doc is left empty (freeing is harmless). */
bool json_doc_parse(struct json_doc *doc, const void *text, size_t len,
		    const struct json_limits *limits, struct err *e);
void json_doc_free(struct json_doc *doc);

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
/* The validated RFC 8259 text of a number token. */
bool json_val_number_text(const struct json_doc *doc, uint32_t v, const char **p, size_t *n,
			  struct err *e);

/*
 * Path getters: missing_member when the path does not resolve, wrong_type
 * when it resolves to another type, otherwise as the json_val_* functions.
 * json_get() checks only the type (JSON_INVALID accepts any) and returns the
 * token index.
 */
bool json_get(const struct json_doc *doc, uint32_t from, const char *path, enum json_type type,
	      uint32_t *out, struct err *e);
bool json_get_str(const struct json_doc *doc, uint32_t from, const char *path, char *out,
		  size_t cap, size_t *out_len, unsigned flags, struct err *e);
bool json_get_i64(const struct json_doc *doc, uint32_t from, const char *path, int64_t *out,
		  struct err *e);
bool json_get_u64(const struct json_doc *doc, uint32_t from, const char *path, uint64_t *out,
		  struct err *e);
bool json_get_bool(const struct json_doc *doc, uint32_t from, const char *path, bool *out,
		   struct err *e);

/*
 * Writes value v (recursively) through the JSON writer: strings decoded and
 * re-escaped by the writer, numbers as their validated text, members in
 * document order. Fails (unwritable_key) on a member name containing U+0000,
 * which json_key() cannot take.
 */
bool json_val_write(const struct json_doc *doc, uint32_t v, struct json_writer *w, struct err *e);

/* Structural equality: same types, decoded strings, number texts, member order. */
bool json_val_equal(const struct json_doc *a, uint32_t va, const struct json_doc *b, uint32_t vb);

#endif
