/*
 * json_parse: a strict RFC 8259 parser built on the jsmn tokenizer: untrusted
 * bytes in, validated tokens out (json_read.h reads them).
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
 * The document keeps pointers into the caller's text, which must outlive it:
 *
 *   struct json_doc doc;
 *   if (!json_doc_parse(&doc, text, len, NULL, &e)) ...
 *   ... json_read.h getters on doc, from JSON_ROOT ...
 *   json_doc_free(&doc);
 *
 * Errors: layer "json", reasons empty_input, syntax, truncated,
 * trailing_data, too_large, too_many_tokens, too_deep, bad_literal,
 * bad_number, control_character, bad_escape, bad_utf8, unpaired_surrogate,
 * duplicate_member, out_of_memory. Offsets are byte offsets into the text.
 */
#ifndef ATTEST_JSON_PARSE_H
#define ATTEST_JSON_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Hard ceiling on text size: jsmn keeps positions in int; 16 MiB is far above
 * any document this program reads (tokens, JWKS, evidence bundles). */
#define JSON_MAX_TEXT ((size_t)16 * 1024 * 1024)
/* Hard ceiling on tokens (memory: 20 bytes each, plus 20 for jsmn's array). */
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

#endif
