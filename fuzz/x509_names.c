/*
 * libFuzzer harness: x509_names_read() (src/attest/x509_names.c) over arbitrary DER.
 *
 * Properties: the texts are NUL-terminated within their arrays and hold only printable ASCII
 * (every other byte is escaped); the serial is lowercase hex of 1-32 octets; a refused input
 * leaves everything empty.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "attest/x509_names.h"

static void printable(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);
	if (n == cap)
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct x509_names n;
	size_t sl;

	if (x509_names_read(data, size, &n)) {
		printable(n.issuer, sizeof(n.issuer));
		printable(n.subject, sizeof(n.subject));
		sl = strnlen(n.serial, sizeof(n.serial));
		if (sl == 0 || sl % 2 || sl > 2 * X509_SERIAL_MAX ||
		    strspn(n.serial, "0123456789abcdef") != sl)
			__builtin_trap();
	} else if (n.serial[0] || n.issuer[0] || n.subject[0]) {
		__builtin_trap();
	}
	return 0;
}
