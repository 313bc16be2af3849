/*
 * libFuzzer harness for config_file_parse() and config_resolve() (src/config/): the
 * `NAME=value` config file of --config / ATTEST_CONFIG.
 *
 * Input: the file bytes. Properties: parsing never reads past the input; on success every
 * value set is a NUL-terminated string inside the parsed copy, non-empty, at most
 * CONFIG_VALUE_MAX bytes, without control characters; resolving the parsed file alone either
 * succeeds with each setting's value the file's (or the default) or fails with a usage error.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "config/config.h"

static struct config_file file;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	struct err e;

	err_clear(&e);
	if (!config_file_parse(data, size, &file, &e)) {
		if (e.cls != ERR_USAGE || strcmp(e.layer, "config") != 0)
			__builtin_trap();
		return 0;
	}
	for (int i = 0; i < CFG_COUNT; i++) {
		const char *v = file.value[i];
		size_t n;
		if (!v)
			continue;
		if (v <= file.text || v > file.text + size)
			__builtin_trap();
		n = strlen(v);
		if (n == 0 || n > CONFIG_VALUE_MAX || v + n > file.text + size)
			__builtin_trap();
		for (size_t k = 0; k < n; k++)
			if ((unsigned char)v[k] < 0x20 || v[k] == 0x7f)
				__builtin_trap();
	}
	if (!config_resolve(NULL, NULL, &file, &c, &e)) {
		if (e.cls != ERR_USAGE || strcmp(e.reason, "bad_value") != 0)
			__builtin_trap();
		return 0;
	}
	for (int i = 0; i < CFG_COUNT; i++)
		if (file.value[i] ? c.value[i] != file.value[i] || c.source[i] != CFG_FROM_FILE
				  : c.value[i] != config_table[i].dflt)
			__builtin_trap();
	return 0;
}
