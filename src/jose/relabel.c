/* relabel: re-attributes inner json/base64 errors (see relabel.h). */
#include "jose/relabel.h"

#include <stdio.h>
#include <string.h>

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

bool jose_relabel(struct err *e, const char *layer, const char *reason, const char *context)
{
	char d[sizeof(((struct err *)NULL)->detail)], num[32]; /* e may be NULL */
	size_t k = 0;

	if (!e)
		return false;
	d[0] = '\0';
	put(d, sizeof(d), &k, context);
	put(d, sizeof(d), &k, ": ");
	put(d, sizeof(d), &k, e->layer ? e->layer : "?");
	put(d, sizeof(d), &k, " ");
	put(d, sizeof(d), &k, e->reason ? e->reason : "?");
	if (e->offset != ERR_NO_OFFSET) {
		snprintf(num, sizeof(num), " at offset %llu", (unsigned long long)e->offset);
		put(d, sizeof(d), &k, num);
	}
	if (e->detail[0]) {
		put(d, sizeof(d), &k, ": ");
		put(d, sizeof(d), &k, e->detail);
	}
	memcpy(e->detail, d, sizeof(d));
	e->layer = layer;
	if (reason)
		e->reason = reason;
	e->offset = ERR_NO_OFFSET;
	return false;
}
