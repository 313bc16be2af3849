/*
 * libFuzzer harness for utf8_decode() (src/core/utf8.c), the strict UTF-8 decoder of the JSON
 * reader and writer (RFC 3629 section 4).
 *
 * Properties, for every position of the input: an accepted sequence is 1-4 bytes, all
 * available; its code point is a Unicode scalar value (at most U+10FFFF, not a surrogate)
 * encoded in the shortest form, which utf8_encode() re-encodes to exactly the bytes read; the first
 * byte of a refused sequence is never plain ASCII.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		uint32_t cp = UINT32_MAX;
		uint8_t again[4];
		size_t len = utf8_decode(data + i, size - i, &cp);
		if (len == 0) {
			if (data[i] < 0x80)
				__builtin_trap();
			continue;
		}
		if (len > 4 || len > size - i || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			__builtin_trap();
		if (utf8_encode(cp, again) != len || memcmp(again, data + i, len) != 0)
			__builtin_trap();
	}
	return 0;
}
