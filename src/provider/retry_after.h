/*
 * retry_after: the value of an HTTP Retry-After header (RFC 9110 section 10.2.3) -> seconds to
 * wait, given the current time. Pure.
 *
 *   delay-seconds = 1*DIGIT                                  -> that many seconds
 *   HTTP-date, IMF-fixdate only (RFC 9110 section 5.6.7):
 *     "Sun, 06 Nov 1994 08:49:37 GMT"                        -> date - now, 0 when past
 * Optional whitespace around the value is ignored (RFC 9110 section 5.5). The obsolete
 * RFC 850 and asctime() date forms, a day name that does not match the date, impossible dates
 * and times, signs, fractions and anything else are refused (layer "provider",
 * retry_after_invalid). Results are capped at RETRY_AFTER_MAX_S: a longer wait is the same
 * as "past any deadline" (ATTEST_DEADLINE is at most 3600 s).
 */
#ifndef ATTEST_PROVIDER_RETRY_AFTER_H
#define ATTEST_PROVIDER_RETRY_AFTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define RETRY_AFTER_MAX_S 86400u
/* Longest accepted header value (digits or a date, plus whitespace). */
#define RETRY_AFTER_MAX_LEN 64u

bool retry_after_parse(const char *v, size_t n, uint64_t now_unix, uint32_t *seconds,
		       struct err *e);

#endif
