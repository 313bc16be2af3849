/*
 * os_release_load: the OS fields of the AzureGuest request (docs/maa-azureguest.md 1 step 4,
 * 2.3) from the host's os-release file named by ATTEST_OS_RELEASE (a scratch image has none;
 * the host's /etc/os-release is mounted read-only). Read whole, capped at
 * OS_RELEASE_MAX_TEXT (io/too_large past it), parsed by provider/os_release.h.
 *
 * As Microsoft's Linux client: type "Linux", distro = NAME, version = VERSION_ID split into
 * major.minor, build "NotApplication". NAME and VERSION_ID are required: without either the
 * file is refused (provider/os_release_incomplete, exit 2) and nothing is invented; the
 * caller may then use configured values instead. Errors: io/open_failed, io/read_failed,
 * io/too_large, provider/os_release_*.
 */
#ifndef ATTEST_SHELL_OS_RELEASE_LOAD_H
#define ATTEST_SHELL_OS_RELEASE_LOAD_H

#include <stdbool.h>

#include "core/err.h"
#include "provider/maa_request.h"
#include "provider/os_release.h"

#define OS_RELEASE_TYPE_LINUX "Linux"
/* (sic) the build string Microsoft's Linux client sends (1 step 4). */
#define OS_RELEASE_BUILD_LINUX "NotApplication"

/* out's strings point into storage (and static text): storage must outlive out. */
bool os_release_load(const char *path, struct os_release *storage, struct maa_os *out,
		     struct err *e);

#endif
