/* utf8: strict UTF-8 decoding (RFC 3629 section 4), shared by the JSON reader and writer. */
#ifndef ATTEST_CORE_UTF8_H
#define ATTEST_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at s (n > 0 bytes available), 0 when invalid (overlong
 * forms, surrogates, values above U+10FFFF, truncated sequences); *cp receives the code point. */
size_t utf8_decode(const uint8_t *s, size_t n, uint32_t *cp);

/* The RFC 3629 encoding of cp (a Unicode scalar value) into out; returns its length, 1-4. */
size_t utf8_encode(uint32_t cp, uint8_t out[4]);

#endif
