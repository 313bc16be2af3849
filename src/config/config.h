/*
 * config: every setting of DESIGN.md "Configuration" in one table (environment variable,
 * flag, default, kind), resolved flag > environment > config file > default. Pure: the
 * environment is passed in (an envp list), the file as bytes; nothing here calls getenv or
 * opens files (src/cli/cli_config.c is the edge).
 *
 * Config file format: UTF-8/ASCII text, at most CONFIG_FILE_MAX bytes, one `NAME=value` per
 * line (NAME one of the ATTEST_* names of the table, value taken verbatim to the end of the
 * line, no quoting), blank lines and lines starting with '#' ignored, '\n' or "\r\n" line
 * ends. Easy to audit: what is written is what is used.
 *
 * Errors (layer "config", class usage, exit 2; the detail names the setting): unknown_key,
 * duplicate_key, bad_line (no '='), bad_value (empty, control characters, too long, or not
 * of the setting's kind), too_large. File errors carry the byte offset of the line.
 */
#ifndef ATTEST_CONFIG_CONFIG_H
#define ATTEST_CONFIG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* The settings, in DESIGN.md's order. */
enum config_id {
	CFG_PROVIDER_URL,
	CFG_POLICY,
	CFG_TCTI,
	CFG_EVENTLOG,
	CFG_CA_BUNDLE,
	CFG_AK_ROOTS,
	CFG_JWKS,
	CFG_RESOLVE,
	CFG_TOKEN_OUT,
	CFG_AUDIT_LOG,
	CFG_EVIDENCE_OUT,
	CFG_DEADLINE,
	CFG_MAX_SKEW,
	CFG_ISOLATION,
	CFG_OS_RELEASE,
	CFG_THIM_URL,
	CFG_VCEK_CHAIN,
	CFG_AK_AIA,
	CFG_AK_AIA_HOSTS,
	CFG_PROXY,
	CFG_TERMINATION_LOG,
	CFG_COUNT
};

enum config_kind {
	CFG_KIND_TEXT,	    /* any non-empty value without control characters */
	CFG_KIND_DEADLINE,  /* seconds, 1-CONFIG_MAX_DEADLINE */
	CFG_KIND_SKEW,	    /* seconds, 0-CONFIG_MAX_SKEW */
	CFG_KIND_SWITCH,    /* "on" or "off" */
	CFG_KIND_ISOLATION, /* "trustedlaunch", "sevsnp" or "tdx" */
};

#define CONFIG_MAX_DEADLINE 3600
#define CONFIG_MAX_SKEW	    300
/* Longest value (URLs, paths, TCTI specs) and longest config file. */
#define CONFIG_VALUE_MAX 1024
#define CONFIG_FILE_MAX	 16384
/* Where the config file's path comes from (not a setting of the file itself). */
#define CONFIG_FILE_ENV	 "ATTEST_CONFIG"
#define CONFIG_FILE_FLAG "config"

struct config_setting {
	const char *env;  /* ATTEST_* name: environment variable and config file key */
	const char *flag; /* without the leading "--" */
	const char *dflt; /* NULL: none (required or optional, the command decides) */
	enum config_kind kind;
};

extern const struct config_setting config_table[CFG_COUNT];

enum config_source { CFG_FROM_DEFAULT = 0, CFG_FROM_FILE, CFG_FROM_ENV, CFG_FROM_FLAG };

/* A parsed config file; values point into text (NUL-terminated there). */
struct config_file {
	char text[CONFIG_FILE_MAX + 1];
	const char *value[CFG_COUNT];
};

struct config {
	const char *value[CFG_COUNT]; /* NULL when unset without a default */
	enum config_source source[CFG_COUNT];
	unsigned long long num[CFG_COUNT]; /* DEADLINE/SKEW: seconds; SWITCH: 1 on, 0 off */
};

/* The setting named env (an ATTEST_* name of length n), or -1. */
int config_by_env(const char *env, size_t n);
/* The value of name in envp ("NAME=value" strings, NULL-terminated; NULL envp: none);
 * NULL when absent or empty (an empty variable counts as unset). */
const char *config_env_get(char *const *envp, const char *name);
/* Parses the file bytes into out (whose previous contents are discarded). */
bool config_file_parse(const uint8_t *p, size_t n, struct config_file *out, struct err *e);
/* flags[i]: the value of config_table[i].flag given on the command line, or NULL; file may be
 * NULL. Every value that is set is checked against its kind, whatever its source. */
bool config_resolve(const char *const flags[CFG_COUNT], char *const *envp,
		    const struct config_file *file, struct config *out, struct err *e);

#endif
