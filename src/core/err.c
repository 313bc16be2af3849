#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void err_clear(struct err *e)
{
	memset(e, 0, sizeof(*e));
	e->offset = ERR_NO_OFFSET;
}

/* Sets everything but the detail, which each caller formats from its own va_list. */
static void err_fill(struct err *e, enum err_class cls, const char *layer, const char *reason,
		     uint64_t offset)
{
	e->layer = layer;
	e->reason = reason;
	e->offset = offset;
	e->cls = cls;
	e->detail[0] = '\0';
}

bool err_set(struct err *e, const char *layer, const char *reason, uint64_t offset, const char *fmt,
	     ...)
{
	va_list ap;
	if (!e)
		return false;
	err_fill(e, ERR_REJECT, layer, reason, offset);
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
		va_end(ap);
	}
	return false;
}

bool err_setc(struct err *e, enum err_class cls, const char *layer, const char *reason,
	      uint64_t offset, const char *fmt, ...)
{
	va_list ap;
	if (!e)
		return false;
	err_fill(e, cls, layer, reason, offset);
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
		va_end(ap);
	}
	return false;
}

void err_format(const struct err *e, char *out, size_t n)
{
	const char *layer = e->layer ? e->layer : "internal";
	const char *reason = e->reason ? e->reason : "unknown_error";
	int k;

	if (e->offset != ERR_NO_OFFSET)
		k = snprintf(out, n, "attest-init: %s: %s at offset %llu", layer, reason,
			     (unsigned long long)e->offset);
	else
		k = snprintf(out, n, "attest-init: %s: %s", layer, reason);
	if (k >= 0 && (size_t)k < n && e->detail[0])
		snprintf(out + k, n - (size_t)k, ": %s", e->detail);
}
