/*
 * cli_config: the edge of src/config: the process environment and the config file named by
 * --config or ATTEST_CONFIG (read whole, at most CONFIG_FILE_MAX bytes) handed to the pure
 * resolver. Every command that takes settings of DESIGN.md "Configuration" calls it.
 */
#ifndef ATTEST_CLI_CLI_CONFIG_H
#define ATTEST_CLI_CLI_CONFIG_H

#include <stdbool.h>

#include "config/config.h"
#include "core/err.h"

/* config_path: the --config value or NULL; flags as for config_resolve(). file is caller
 * storage the resolved values may point into (keep it alive while c is used). */
bool cli_config_load(const char *config_path, const char *const flags[CFG_COUNT],
		     struct config_file *file, struct config *c, struct err *e);

#endif
