/* Settings from flags, environment and config file; contract in cli_config.h. */
#include "cli/cli_config.h"

#include "core/buf.h"
#include "shell/file_io.h"

extern char **environ;

bool cli_config_load(const char *config_path, const char *const flags[CFG_COUNT],
		     struct config_file *file, struct config *c, struct err *e)
{
	const char *path = config_path ? config_path : config_env_get(environ, CONFIG_FILE_ENV);
	struct buf text;
	bool ok;

	if (!path)
		return config_resolve(flags, environ, NULL, c, e);
	buf_init(&text, CONFIG_FILE_MAX);
	ok = file_read_all(path, CONFIG_FILE_MAX, &text, e);
	/* An unusable config file is a configuration error; open/read failures already are. */
	if (!ok && e->reason && e->cls != ERR_USAGE)
		err_relabel(e, R_CONFIG_FILE_UNREADABLE, "config file");
	ok = ok && config_file_parse(text.data, text.len, file, e) &&
	     config_resolve(flags, environ, file, c, e);
	buf_free(&text);
	return ok;
}
