#include "core/json_writer.h"

#include "core/hex.h"
#include "core/utf8.h"

#include <stdio.h>
#include <string.h>

/*
 * Fast paths. An event log's JSON is millions of short keys, numbers and names: through
 * buf_append each paid a call and a memcpy start-up (rep movsb under -Os, rep movsq in musl's
 * memcpy) of tens of cycles. The fast paths check the room once and copy with a plain loop;
 * anything unusual (a character to escape, a full buffer) takes the general path.
 */
#define SHORT_COPY 64

/* Where n more bytes go, or NULL when the buffer must grow first (or cannot). Same rule as
 * buf_reserve: room for n bytes plus a NUL, and within max. */
static inline uint8_t *room_for(struct buf *b, size_t n)
{
	if (b->failed || !b->data || b->cap - b->len <= n || b->max - b->len < n)
		return NULL;
	return b->data + b->len;
}

/* Copies s[0..n) to o unless it holds a character JSON must escape; returns whether it did. */
static inline bool copy_plain(uint8_t *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\')
			return false;
		o[i] = c;
	}
	return true;
}

/* Appends s[0..n) (n <= SHORT_COPY) through the fast path; false: nothing appended. */
static inline bool append_short(struct buf *b, const char *s, size_t n)
{
	uint8_t *o = room_for(b, n);
	if (!o)
		return false;
	for (size_t i = 0; i < n; i++)
		o[i] = (uint8_t)s[i];
	b->len += n;
	return true;
}

void json_writer_init(struct json_writer *w, struct buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

void json_writer_init_inside(struct json_writer *w, struct buf *out, const char *nesting, bool more)
{
	json_writer_init(w, out);
	for (const char *c = nesting; *c; c++) {
		if ((*c != '{' && *c != '[') || w->depth >= JSON_WRITER_MAX_DEPTH) {
			w->failed = true;
			return;
		}
		w->need_comma[w->depth] = true; /* each container is a member of its parent */
		w->depth++;
		w->kind[w->depth] = *c;
	}
	if (w->depth == 0)
		w->failed = true;
	else
		w->need_comma[w->depth] = more;
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

bool json_escape_to(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	uint8_t *o;

	/* Short strings with nothing to escape (names, most keys): one check, one copy. */
	if (n <= SHORT_COPY && (o = room_for(b, n + 2)) && copy_plain(o + 1, s, n)) {
		o[0] = '"';
		o[n + 1] = '"';
		b->len += n + 2;
		return true;
	}
	buf_putc(b, '"');
	while (i < n) {
		unsigned char c = p[i];
		size_t len, run;
		uint32_t cp;
		char esc[8];

		/* Fast path: a run of printable ASCII other than '"' and '\\' is copied as is. */
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
	size_t n;
	uint8_t *o;

	if (w->failed || w->after_key || w->depth == 0 || w->kind[w->depth] != '{') {
		w->failed = true;
		return;
	}
	n = strlen(key);
	/* ,"key": in one step when the key needs no escaping. */
	if (n <= SHORT_COPY && (o = room_for(w->out, n + 4))) {
		size_t k = 0;
		if (w->need_comma[w->depth])
			o[k++] = ',';
		o[k++] = '"';
		if (copy_plain(o + k, key, n)) {
			k += n;
			o[k++] = '"';
			o[k++] = ':';
			w->out->len += k;
			w->need_comma[w->depth] = true;
			w->after_key = true;
			return;
		}
	}
	if (w->need_comma[w->depth])
		buf_putc(w->out, ',');
	w->need_comma[w->depth] = true;
	json_escape_to(w->out, key, n);
	buf_putc(w->out, ':');
	w->after_key = true;
}

void json_strn(struct json_writer *w, const char *s, size_t n)
{
	if (json_before_value(w))
		json_escape_to(w->out, s, n);
}

void json_str(struct json_writer *w, const char *s)
{
	json_strn(w, s, strlen(s));
}

/* Decimal digits of UINT64_MAX (18446744073709551615). */
#define U64_DEC_MAX 20

/* Digits of v at the end of d[U64_DEC_MAX]; returns how many (numbers are most of an event
 * log's JSON, and snprintf per number was a tenth of its run time). */
static size_t u64_digits(uint64_t v, char *d)
{
	size_t len = 0;
	do {
		len++;
		d[U64_DEC_MAX - len] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return len;
}

void json_u64(struct json_writer *w, uint64_t v)
{
	char d[U64_DEC_MAX];
	size_t len;
	if (!json_before_value(w))
		return;
	len = u64_digits(v, d);
	if (!append_short(w->out, d + U64_DEC_MAX - len, len))
		buf_append(w->out, d + U64_DEC_MAX - len, len);
}

void json_i64(struct json_writer *w, int64_t v)
{
	char tmp[24];
	if (!json_before_value(w))
		return;
	snprintf(tmp, sizeof(tmp), "%lld", (long long)v);
	buf_puts(w->out, tmp);
}

void json_bool(struct json_writer *w, bool v)
{
	if (json_before_value(w) && !append_short(w->out, v ? "true" : "false", v ? 4 : 5))
		buf_puts(w->out, v ? "true" : "false");
}

void json_null(struct json_writer *w)
{
	if (json_before_value(w) && !append_short(w->out, "null", 4))
		buf_puts(w->out, "null");
}

void json_hex(struct json_writer *w, const uint8_t *p, size_t n)
{
	char *o;
	if (!json_before_value(w))
		return;
	/* Encoded in place after one reservation: hex of event data is most of the bytes of a
	 * large event log's JSON. */
	if (n > (SIZE_MAX - 2) / 2 || !buf_reserve(w->out, 2 * n + 2)) {
		w->failed = true;
		return;
	}
	o = (char *)w->out->data + w->out->len;
	o[0] = '"';
	hex_encode_raw(p, n, o + 1);
	o[2 * n + 1] = '"';
	w->out->len += 2 * n + 2;
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
