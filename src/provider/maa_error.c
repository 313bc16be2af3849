#include "provider/maa_error.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "json/json_parse.h"
#include "json/json_read.h"

static const struct json_limits error_limits = {MAA_ERROR_MAX_BODY, 256, 8};

/* An output line that escapes as it goes and stops (with "...") when full. */
struct line {
	char *out;
	size_t cap, len;
	bool full;
};

static void put_raw(struct line *l, const char *s, size_t n)
{
	if (l->full)
		return;
	/* Keep room for "..." and the NUL. */
	if (l->len + n + 4 > l->cap) {
		memcpy(l->out + l->len, "...", 3);
		l->len += 3;
		l->full = true;
		return;
	}
	memcpy(l->out + l->len, s, n);
	l->len += n;
}

static void put_escaped(struct line *l, const uint8_t *p, size_t n)
{
	char hex[5];
	for (size_t i = 0; i < n && !l->full; i++) {
		if (p[i] == '\\') {
			put_raw(l, "\\\\", 2);
		} else if (p[i] < 0x20 || p[i] > 0x7e) {
			snprintf(hex, sizeof(hex), "\\x%02x", p[i]);
			put_raw(l, hex, 4);
		} else {
			put_raw(l, (const char *)p + i, 1);
		}
	}
}

/* Member a or b of obj, a string or number, as text (strings decoded) into v. */
static bool text_member(const struct json_doc *d, uint32_t obj, const char *a, const char *b,
			struct buf *v)
{
	uint32_t t;
	enum json_type ty;

	if (!json_obj_member(d, obj, a, strlen(a), &t) &&
	    !json_obj_member(d, obj, b, strlen(b), &t))
		return false;
	ty = json_val_type(d, t);
	buf_reset(v);
	if (ty == JSON_NUMBER)
		return buf_append(v, d->text + d->tok[t].start, d->tok[t].end - d->tok[t].start);
	return ty == JSON_STRING && json_val_str_buf(d, t, v, 0, NULL);
}

static bool summarise(const struct json_doc *d, struct line *l)
{
	uint32_t inner;
	struct buf code, msg;
	bool has_code, has_msg;

	if (json_val_type(d, JSON_ROOT) != JSON_OBJECT ||
	    (!json_obj_member(d, JSON_ROOT, "error", 5, &inner) &&
	     !json_obj_member(d, JSON_ROOT, "Error", 5, &inner)) ||
	    json_val_type(d, inner) != JSON_OBJECT)
		return false;
	buf_init(&code, MAA_ERROR_MAX_BODY);
	buf_init(&msg, MAA_ERROR_MAX_BODY);
	has_code = text_member(d, inner, "code", "Code", &code);
	has_msg = text_member(d, inner, "message", "Message", &msg);
	if (has_code)
		put_escaped(l, code.data, code.len);
	if (has_code && has_msg)
		put_raw(l, ": ", 2);
	if (has_msg)
		put_escaped(l, msg.data, msg.len);
	buf_free(&code);
	buf_free(&msg);
	return has_code || has_msg;
}

bool maa_error_summary(const uint8_t *body, size_t n, char *out, size_t cap)
{
	struct line l = {out, cap, 0, false};
	struct json_doc d;
	char head[48];
	bool ok = false;

	if (!out || cap < 8) {
		if (out && cap)
			out[0] = '\0';
		return false;
	}
	if (n <= MAA_ERROR_MAX_BODY && json_doc_parse(&d, body, n, &error_limits, NULL)) {
		ok = summarise(&d, &l);
		json_doc_free(&d);
	}
	if (!ok) {
		l.len = 0;
		l.full = false;
		snprintf(head, sizeof(head), "unrecognised body (%zu bytes): ", n);
		put_raw(&l, head, strlen(head));
		put_escaped(&l, body, n < MAA_ERROR_PREFIX ? n : MAA_ERROR_PREFIX);
	}
	out[l.len] = '\0';
	return ok;
}
