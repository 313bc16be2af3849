#include "shell/os_release_load.h"

#include <string.h>

#include "core/buf.h"
#include "shell/file_io.h"

bool os_release_load(const char *path, struct os_release *storage, struct maa_os *out,
		     struct err *e)
{
	struct buf text;
	bool ok;

	memset(out, 0, sizeof(*out));
	memset(storage, 0, sizeof(*storage));
	buf_init(&text, OS_RELEASE_MAX_TEXT);
	ok = file_read_all(path, OS_RELEASE_MAX_TEXT, &text, e) &&
	     os_release_parse(text.data ? text.data : (const uint8_t *)"", text.len, storage, e);
	buf_free(&text);
	if (!ok)
		return false;
	/* 1 step 4: NAME is OSDistro, VERSION_ID gives OSVersionMajor/Minor. */
	if (!storage->has_name || !storage->has_version_id)
		return err_fail(e, R_PROVIDER_OS_RELEASE_INCOMPLETE, ERR_NO_OFFSET, "%s has no %s",
				path, storage->has_name ? "VERSION_ID" : "NAME");
	if (!os_release_version(storage->version_id, &out->version_major, &out->version_minor, e)) {
		memset(out, 0, sizeof(*out));
		return false;
	}
	out->type = OS_RELEASE_TYPE_LINUX;
	out->distro = storage->name;
	out->build = OS_RELEASE_BUILD_LINUX;
	return true;
}
