/*
 * libFuzzer harness: maa_error_summary() (src/provider/maa_error.c) over an error body, with
 * the output size taken from the first input byte.
 *
 * Properties: the summary is NUL-terminated within the buffer and holds printable ASCII only.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "provider/maa_error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[MAA_ERROR_SUMMARY_MAX + 1];
	size_t cap = size ? 1 + data[0] % MAA_ERROR_SUMMARY_MAX : MAA_ERROR_SUMMARY_MAX;

	memset(out, 'Z', sizeof(out));
	maa_error_summary(size ? data + 1 : data, size ? size - 1 : 0, out, cap);
	if (memchr(out, 0, cap) == NULL)
		__builtin_trap();
	for (size_t i = 0; out[i]; i++)
		if (out[i] < 0x20 || out[i] > 0x7e)
			__builtin_trap();
	return 0;
}
