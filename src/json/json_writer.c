#include "json/json_writer.h"

#include "core/hex.h"
#include "core/utf8.h"

#include <stdio.h>
#include <string.h>

void json_writer_init(struct json_writer *w, struct buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

bool json_writer_ok(const struct json_writer *w)
{
	return !w->failed && w->depth == 0 && !w->after_key && buf_ok(w->out);
}

/* Separator and placement checks before any value or key. */
static bool json_before_value(struct json_writer *w)
{
	if (w->failed)
		return false;
	if (w->after_key) {
		w->after_key = false;
		return true;
	}
	if (w->depth > 0 && w->kind[w->depth] == '{') {
		w->failed = true; /* a value inside an object needs a key first */
		return false;
	}
	if (w->depth == 0 && w->need_comma[0]) {
		w->failed = true; /* RFC 8259 section 2: a JSON text is one value */
		return false;
	}
	if (w->need_comma[w->depth])
		buf_putc(w->out, ',');
	w->need_comma[w->depth] = true;
	return true;
}

static void json_open(struct json_writer *w, char kind)
{
	if (!json_before_value(w))
		return;
	if (w->depth >= JSON_WRITER_MAX_DEPTH) {
		w->failed = true;
		return;
	}
	buf_putc(w->out, kind);
	w->depth++;
	w->kind[w->depth] = kind;
	w->need_comma[w->depth] = false;
}

static void json_close(struct json_writer *w, char kind)
{
	if (w->failed || w->depth == 0 || w->after_key || w->kind[w->depth] != kind) {
		w->failed = true;
		return;
	}
	buf_putc(w->out, kind == '{' ? '}' : ']');
	w->depth--;
}

void json_obj_begin(struct json_writer *w)
{
	json_open(w, '{');
}

void json_obj_end(struct json_writer *w)
{
	json_close(w, '{');
}

void json_arr_begin(struct json_writer *w)
{
	json_open(w, '[');
}

void json_arr_end(struct json_writer *w)
{
	json_close(w, '[');
}

/* Appends s escaped as a JSON string (with quotes) to b (RFC 8259 section 7). */
static bool escape_to(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	buf_putc(b, '"');
	while (i < n) {
		unsigned char c = p[i];
		size_t len, run;
		uint32_t cp;
		char esc[8];

		/* A run of printable ASCII other than '"' and '\\' is copied as is. */
		for (run = i;
		     run < n && p[run] >= 0x20 && p[run] < 0x7F && p[run] != '"' && p[run] != '\\';
		     run++)
			;
		if (run > i) {
			buf_append(b, p + i, run - i);
			i = run;
			continue;
		}

		switch (c) {
		case '"':
			buf_puts(b, "\\\"");
			i++;
			continue;
		case '\\':
			buf_puts(b, "\\\\");
			i++;
			continue;
		case '\n':
			buf_puts(b, "\\n");
			i++;
			continue;
		case '\r':
			buf_puts(b, "\\r");
			i++;
			continue;
		case '\t':
			buf_puts(b, "\\t");
			i++;
			continue;
		default:
			break;
		}
		if (c < 0x20 || c == 0x7F) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			buf_puts(b, esc);
			i++;
			continue;
		}
		len = utf8_decode(p + i, n - i, &cp);
		if (len == 0) {
			buf_puts(b, "\\ufffd");
			i++;
			continue;
		}
		buf_append(b, p + i, len);
		i += len;
	}
	return buf_putc(b, '"');
}

void json_key(struct json_writer *w, const char *key)
{
	if (w->failed || w->after_key || w->depth == 0 || w->kind[w->depth] != '{') {
		w->failed = true;
		return;
	}
	if (w->need_comma[w->depth])
		buf_putc(w->out, ',');
	w->need_comma[w->depth] = true;
	escape_to(w->out, key, strlen(key));
	buf_putc(w->out, ':');
	w->after_key = true;
}

void json_strn(struct json_writer *w, const char *s, size_t n)
{
	if (json_before_value(w))
		escape_to(w->out, s, n);
}

void json_str(struct json_writer *w, const char *s)
{
	json_strn(w, s, strlen(s));
}

void json_u64(struct json_writer *w, uint64_t v)
{
	char tmp[24]; /* UINT64_MAX has 20 digits */
	if (!json_before_value(w))
		return;
	snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v);
	buf_puts(w->out, tmp);
}

void json_bool(struct json_writer *w, bool v)
{
	if (json_before_value(w))
		buf_puts(w->out, v ? "true" : "false");
}

void json_null(struct json_writer *w)
{
	if (json_before_value(w))
		buf_puts(w->out, "null");
}

/* Bytes hex-encoded per append: a stack block, so that every byte goes through buf_append. */
#define HEX_BLOCK 256

void json_hex(struct json_writer *w, const uint8_t *p, size_t n)
{
	char tmp[2 * HEX_BLOCK];
	if (!json_before_value(w))
		return;
	buf_putc(w->out, '"');
	for (size_t i = 0; i < n; i += HEX_BLOCK) {
		size_t k = n - i < HEX_BLOCK ? n - i : HEX_BLOCK;
		hex_encode_raw(p + i, k, tmp);
		buf_append(w->out, tmp, 2 * k);
	}
	buf_putc(w->out, '"');
}

void json_raw(struct json_writer *w, const char *json, size_t n)
{
	if (json_before_value(w))
		buf_append(w->out, json, n);
}

void json_kv_str(struct json_writer *w, const char *key, const char *s)
{
	json_key(w, key);
	json_str(w, s);
}

void json_kv_u64(struct json_writer *w, const char *key, uint64_t v)
{
	json_key(w, key);
	json_u64(w, v);
}

void json_kv_bool(struct json_writer *w, const char *key, bool v)
{
	json_key(w, key);
	json_bool(w, v);
}

void json_kv_hex(struct json_writer *w, const char *key, const uint8_t *p, size_t n)
{
	json_key(w, key);
	json_hex(w, p, n);
}
