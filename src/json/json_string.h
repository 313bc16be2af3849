/*
 * json_string: one code point of JSON string content (RFC 8259 section 7),
 * shared by the parser (which validates) and the reader (which decodes text
 * the parser already validated).
 */
#ifndef ATTEST_JSON_STRING_H
#define ATTEST_JSON_STRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/*
 * Reads the code point at s[*i..n) (n is the content length, without quotes)
 * into *cp and advances *i past it: a raw character, a UTF-8 sequence or an
 * escape (a surrogate pair as one code point). Needs *i < n. Fails on a raw
 * quote (syntax), a raw control character, invalid UTF-8, a bad escape or an
 * unpaired surrogate; error offsets are base + the byte's index. e may be NULL
 * when the content is known to be valid.
 */
bool json_str_next(const uint8_t *s, size_t n, size_t *i, uint32_t *cp, size_t base, struct err *e);

#endif
