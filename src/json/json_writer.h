/*
 * json_writer: the one way this program produces JSON (stdout, audit records,
 * requests). Output is compact, keys come in the order the caller writes them
 * (so output is byte-identical across runs), strings are escaped per RFC 8259
 * section 7 and invalid UTF-8 in a string is written as U+FFFD rather than
 * producing invalid JSON. Errors (depth, buffer cap) are sticky: check
 * json_writer_ok() once at the end.
 */
#ifndef ATTEST_JSON_JSON_WRITER_H
#define ATTEST_JSON_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define JSON_WRITER_MAX_DEPTH 32

struct json_writer {
	struct buf *out;
	int depth;
	bool failed;
	bool after_key;
	bool need_comma[JSON_WRITER_MAX_DEPTH + 1];
	char kind[JSON_WRITER_MAX_DEPTH + 1]; /* '{' or '[' per open level */
};

void json_writer_init(struct json_writer *w, struct buf *out);
bool json_writer_ok(const struct json_writer *w);

void json_obj_begin(struct json_writer *w);
void json_obj_end(struct json_writer *w);
void json_arr_begin(struct json_writer *w);
void json_arr_end(struct json_writer *w);
void json_key(struct json_writer *w, const char *key);

void json_str(struct json_writer *w, const char *s);
void json_strn(struct json_writer *w, const char *s, size_t n);
void json_u64(struct json_writer *w, uint64_t v);
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);
/* A string holding the lowercase hex of the bytes. */
void json_hex(struct json_writer *w, const uint8_t *p, size_t n);
/* Inserts text that the caller guarantees is one valid JSON value. */
void json_raw(struct json_writer *w, const char *json, size_t n);

/* Shorthands for "key": value members. */
void json_kv_str(struct json_writer *w, const char *key, const char *s);
void json_kv_u64(struct json_writer *w, const char *key, uint64_t v);
void json_kv_bool(struct json_writer *w, const char *key, bool v);
void json_kv_hex(struct json_writer *w, const char *key, const uint8_t *p, size_t n);

#endif
