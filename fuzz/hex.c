/*
 * libFuzzer harness for hex_decode() (src/core/hex.c): the strict hex reader behind
 * `quote verify --nonce HEX` and every hex value in configuration.
 *
 * Input: byte 0 chooses the output capacity (0-63 bytes), the rest is the text.
 * Properties: decoding succeeds exactly when the text has even length, only [0-9a-fA-F]
 * and at most 2 * capacity characters; then hex_encode() of the result is the text in
 * lowercase. A refused text leaves *out_len untouched.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/hex.h"

#define CAP_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t out[CAP_MAX];
	char again[2 * CAP_MAX + 1];
	size_t cap, n = SIZE_MAX, len;
	const char *text;
	bool valid;

	if (size == 0)
		return 0;
	cap = data[0] % CAP_MAX;
	text = (const char *)data + 1;
	len = size - 1;
	valid = len % 2 == 0 && len / 2 <= cap;
	for (size_t i = 0; i < len && valid; i++)
		valid = hex_digit_value((unsigned char)text[i]) >= 0;
	if (hex_decode(text, len, out, cap, &n) != valid)
		__builtin_trap();
	if (!valid) {
		if (n != SIZE_MAX)
			__builtin_trap();
		return 0;
	}
	if (n != len / 2)
		__builtin_trap();
	hex_encode(out, n, again);
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (again[i] != c)
			__builtin_trap();
	}
	return 0;
}
