/*
 * libFuzzer harness: x509_aia_ca_issuers() (src/attest/x509_aia.c), the caIssuers URL of a
 * certificate's Authority Information Access extension (DER input).
 *
 * Properties: a refusal leaves nothing found; a found URL is NUL-terminated within
 * X509_AIA_URL_MAX, printable ASCII without spaces, and starts with http:// or https://.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "attest/x509_aia.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct x509_aia a;
	struct err e;
	size_t n;

	if (!x509_aia_ca_issuers(data, size, &a, &e)) {
		if (a.found)
			__builtin_trap();
		return 0;
	}
	if (!a.found)
		return 0;
	n = strnlen(a.url, sizeof(a.url));
	if (n == 0 || n > X509_AIA_URL_MAX)
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if (a.url[i] < 0x21 || a.url[i] > 0x7e)
			__builtin_trap();
	if (strncasecmp(a.url, "http://", 7) != 0 && strncasecmp(a.url, "https://", 8) != 0)
		__builtin_trap();
	return 0;
}
