#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The registry (reasons.def) without the meanings, which only docs/reasons.md carries. */
static const struct reason_info reasons[R_COUNT] = {
#define REASON(id, layer, code, cls, meaning) [id] = {ERR_LAYER_##layer, #layer, code, ERR_##cls},
#include "core/reasons.def"
#undef REASON
};

const struct reason_info *reason_lookup(enum reason_id id)
{
	if ((unsigned)id == (unsigned)R_NONE || (unsigned)id >= (unsigned)R_COUNT)
		return NULL;
	return &reasons[id];
}

void err_clear(struct err *e)
{
	memset(e, 0, sizeof(*e));
	e->offset = ERR_NO_OFFSET;
}

/* Sets everything but the detail from the registry; unknown ids fail closed. */
static void err_fill_id(struct err *e, enum reason_id id, uint64_t offset)
{
	const struct reason_info *r = reason_lookup(id);

	if (!r) {
		id = R_CORE_UNKNOWN_REASON;
		r = &reasons[id];
	}
	e->id = id;
	e->layer = r->layer;
	e->reason = r->code;
	e->cls = r->cls;
	e->offset = offset;
	e->line = 0;
	e->detail[0] = '\0';
}

bool err_fail(struct err *e, enum reason_id id, uint64_t offset, const char *fmt, ...)
{
	va_list ap;
	if (!e)
		return false;
	err_fill_id(e, id, offset);
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
		va_end(ap);
	}
	return false;
}

bool err_fail_line(struct err *e, enum reason_id id, uint64_t line, const char *fmt, ...)
{
	va_list ap;
	if (!e)
		return false;
	err_fill_id(e, id, ERR_NO_OFFSET);
	e->line = line;
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
		va_end(ap);
	}
	return false;
}

/* Appends s to d[0..cap) at *k, truncating, keeping d NUL-terminated. */
static void put(char *d, size_t cap, size_t *k, const char *s)
{
	size_t n = strlen(s);
	if (*k + 1 >= cap)
		return;
	if (n > cap - 1 - *k)
		n = cap - 1 - *k;
	memcpy(d + *k, s, n);
	*k += n;
	d[*k] = '\0';
}

bool err_relabel(struct err *e, enum reason_id id, const char *context)
{
	char d[sizeof(((struct err *)NULL)->detail)], num[32]; /* e may be NULL */
	size_t k = 0;

	if (!e)
		return false;
	d[0] = '\0';
	if (context) {
		put(d, sizeof(d), &k, context);
		put(d, sizeof(d), &k, ": ");
	}
	put(d, sizeof(d), &k, e->layer ? e->layer : "?");
	put(d, sizeof(d), &k, " ");
	put(d, sizeof(d), &k, e->reason ? e->reason : "?");
	if (e->offset != ERR_NO_OFFSET) {
		snprintf(num, sizeof(num), " at offset %llu", (unsigned long long)e->offset);
		put(d, sizeof(d), &k, num);
	}
	if (e->line) {
		snprintf(num, sizeof(num), " at line %llu", (unsigned long long)e->line);
		put(d, sizeof(d), &k, num);
	}
	if (e->detail[0]) {
		put(d, sizeof(d), &k, ": ");
		put(d, sizeof(d), &k, e->detail);
	}
	err_fill_id(e, id, ERR_NO_OFFSET);
	memcpy(e->detail, d, sizeof(d));
	return false;
}

void err_format(const struct err *e, char *out, size_t n)
{
	/* A failure that named no reason (a bug) still prints a registry entry. */
	const struct reason_info *none = reason_lookup(R_CORE_UNKNOWN_REASON);
	const char *layer = e->reason && e->layer ? e->layer : none->layer;
	const char *reason = e->reason && e->layer ? e->reason : none->code;
	char num[32];
	size_t k = 0;

	if (n == 0)
		return;
	out[0] = '\0';
	put(out, n, &k, "attest-init: ");
	put(out, n, &k, layer);
	put(out, n, &k, ": ");
	put(out, n, &k, reason);
	if (e->offset != ERR_NO_OFFSET) {
		snprintf(num, sizeof(num), " at offset %llu", (unsigned long long)e->offset);
		put(out, n, &k, num);
	}
	if (e->line) {
		snprintf(num, sizeof(num), " at line %llu", (unsigned long long)e->line);
		put(out, n, &k, num);
	}
	if (e->detail[0]) {
		put(out, n, &k, ": ");
		put(out, n, &k, e->detail);
	}
}
