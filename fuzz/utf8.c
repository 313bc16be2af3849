/*
 * libFuzzer harness for utf8_decode() (src/core/utf8.c), the strict UTF-8 decoder of the JSON
 * reader and writer (RFC 3629 section 4).
 *
 * Properties, for every position of the input: an accepted sequence is 1-4 bytes, all
 * available; its code point is a Unicode scalar value (at most U+10FFFF, not a surrogate)
 * encoded in the shortest form, which re-encodes to exactly the bytes read; the first
 * byte of a refused sequence is never plain ASCII.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/utf8.h"

/* The RFC 3629 encoding of a scalar value; returns its length. */
static size_t encode(uint32_t cp, uint8_t out[4])
{
	if (cp < 0x80) {
		out[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (uint8_t)(0xC0 | (cp >> 6));
		out[1] = (uint8_t)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (uint8_t)(0xE0 | (cp >> 12));
		out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (uint8_t)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (uint8_t)(0xF0 | (cp >> 18));
	out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (uint8_t)(0x80 | (cp & 0x3F));
	return 4;
}

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
		if (encode(cp, again) != len || memcmp(again, data + i, len) != 0)
			__builtin_trap();
	}
	return 0;
}
