/*
 * os_release: the host's os-release file (freedesktop os-release(5)) -> the OS fields of the
 * AzureGuest request (docs/maa-azureguest.md 1 step 4, 2.3): NAME is OSDistro, VERSION_ID
 * gives OSVersionMajor/Minor; ID is kept for messages. Pure, bounded, fail-closed.
 *
 * Format (os-release(5)): lines of KEY=value; blank lines and lines starting with '#' are
 * ignored; a value is unquoted, or wholly in single quotes (no escapes), or wholly in double
 * quotes (backslash escapes \\ \" \$ \` as in the shell, any other backslash kept).
 * Refused (never guessed), layer "provider":
 *   os_release_too_large     text over OS_RELEASE_MAX_TEXT
 *   os_release_syntax        a line that is not KEY=value, an unterminated quote, text after a
 *                            closing quote (concatenation is unsupported), a shell special
 *                            character or unescaped $ ` (an expansion) or a trailing backslash
 *   os_release_control_character  a control character (CR, NUL, ...) anywhere but a tab
 *   os_release_duplicate     ID, NAME or VERSION_ID assigned twice
 *   os_release_value_too_long  ID, NAME or VERSION_ID over OS_RELEASE_MAX_VALUE bytes
 * Other keys are parsed (so their syntax counts) and dropped. Absent keys are reported as
 * absent (has_*); the caller decides (configuration values, or exit 2), nothing is invented.
 */
#ifndef ATTEST_PROVIDER_OS_RELEASE_H
#define ATTEST_PROVIDER_OS_RELEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Real os-release files are under 1 KiB. */
#define OS_RELEASE_MAX_TEXT ((size_t)64 * 1024)
/* The AzureGuest OS text fields are capped at 256 bytes (maa_request.h MAA_OS_FIELD_MAX). */
#define OS_RELEASE_MAX_VALUE 256u

struct os_release {
	char id[OS_RELEASE_MAX_VALUE + 1];
	char name[OS_RELEASE_MAX_VALUE + 1];
	char version_id[OS_RELEASE_MAX_VALUE + 1];
	bool has_id, has_name, has_version_id;
};

bool os_release_parse(const uint8_t *text, size_t n, struct os_release *out, struct err *e);

/*
 * VERSION_ID -> major.minor as Microsoft's client splits it (1 step 4): "22.04" -> 22, 4;
 * "12" -> 12, 0; "2023.1.20230912" -> 2023, 1. Refused (os_release_bad_version): empty, a
 * component that is not 1-9 decimal digits, a major of 0 (the provider's client rejects it).
 */
bool os_release_version(const char *version_id, uint32_t *major, uint32_t *minor, struct err *e);

#endif
