/* err_relabel: re-attributes inner json/base64 errors (see err_relabel.h). */
#include "jose/err_relabel.h"

#include <stdio.h>
#include <string.h>

bool jose_relabel(struct err *e, const char *layer, const char *reason, const char *context)
{
	char d[sizeof(((struct err *)NULL)->detail)], at[32] = ""; /* e may be NULL */

	if (!e)
		return false;
	if (e->offset != ERR_NO_OFFSET)
		snprintf(at, sizeof(at), " at offset %llu", (unsigned long long)e->offset);
	/* Truncated at the detail's size, like every detail. */
	if (snprintf(d, sizeof(d), "%s: %s %s%s%s%s", context, e->layer ? e->layer : "?",
		     e->reason ? e->reason : "?", at, e->detail[0] ? ": " : "", e->detail) < 0)
		d[0] = '\0';
	memcpy(e->detail, d, sizeof(d));
	e->layer = layer;
	if (reason)
		e->reason = reason;
	e->offset = ERR_NO_OFFSET;
	return false;
}
