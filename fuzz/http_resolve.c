/*
 * libFuzzer harness: http_resolve_check() (src/shell/http_resolve.c), the ATTEST_RESOLVE
 * check in front of libcurl's CURLOPT_RESOLVE.
 *
 * Properties: an accepted value is at most HTTP_RESOLVE_MAX bytes, holds no NUL, exactly two
 * ':' outside brackets, and a port of 1-65535; a refusal is always http_resolve_invalid.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "shell/http_resolve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *v = (const char *)data;
	const char *c1, *c2;
	unsigned long port = 0;
	struct err e;

	err_clear(&e);
	if (!http_resolve_check(v, size, &e)) {
		if (e.id != R_IO_HTTP_RESOLVE_INVALID)
			__builtin_trap();
		return 0;
	}
	if (size > HTTP_RESOLVE_MAX || memchr(v, '\0', size))
		__builtin_trap();
	c1 = memchr(v, ':', size);
	c2 = c1 ? memchr(c1 + 1, ':', size - (size_t)(c1 - v) - 1) : NULL;
	if (!c1 || !c2 || c2 - c1 < 2 || c2 - c1 > 6)
		__builtin_trap();
	for (const char *p = c1 + 1; p < c2; p++) {
		if (*p < '0' || *p > '9')
			__builtin_trap();
		port = port * 10 + (unsigned long)(*p - '0');
	}
	if (port < 1 || port > 65535)
		__builtin_trap();
	if (c2[1] != '[' && memchr(c2 + 1, ':', size - (size_t)(c2 - v) - 1))
		__builtin_trap();
	return 0;
}
