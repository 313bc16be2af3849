/*
 * libFuzzer harness: os_release_parse() and os_release_version() (src/provider/os_release.c).
 *
 * Properties: parsed values are NUL-terminated within OS_RELEASE_MAX_VALUE; a failed parse
 * leaves nothing set; an accepted VERSION_ID has a major version above 0.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "provider/os_release.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct os_release r;
	struct err e;
	uint32_t major, minor;

	if (!os_release_parse(data, size, &r, &e)) {
		if (r.has_id || r.has_name || r.has_version_id)
			__builtin_trap();
		return 0;
	}
	if (strnlen(r.id, sizeof(r.id)) > OS_RELEASE_MAX_VALUE ||
	    strnlen(r.name, sizeof(r.name)) > OS_RELEASE_MAX_VALUE ||
	    strnlen(r.version_id, sizeof(r.version_id)) > OS_RELEASE_MAX_VALUE)
		__builtin_trap();
	if (r.has_version_id && os_release_version(r.version_id, &major, &minor, &e) && major == 0)
		__builtin_trap();
	return 0;
}
