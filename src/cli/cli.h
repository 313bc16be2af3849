/*
 * cli: shared pieces of the command-line shell: the command table, a small
 * strict option parser (the same on musl and glibc), and the error-line and
 * exit-code contract of DESIGN.md (0 ok, 1 rejected, 2 usage, 3 transient).
 */
#ifndef ATTEST_CLI_CLI_H
#define ATTEST_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/err.h"

enum { EXIT_OK = 0, EXIT_REJECT = 1, EXIT_USAGE = 2, EXIT_TRANSIENT = 3 };

struct command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
	void (*help)(FILE *out);
};

/* One option: "--name VALUE" / "--name=VALUE" when value is set, else a flag. */
struct cli_opt {
	const char *name;
	const char **value;
	bool *flag;
};

/*
 * Parses argv[1..] of a command. Options may appear anywhere before "--";
 * "-" alone is a positional (stdin). Unknown options, a missing value, a
 * repeated option or too many/few positionals print a usage line and return
 * false. "--help" sets *help and returns true.
 */
bool cli_parse(const char *cmd, int argc, char **argv, const struct cli_opt *opts, const char **pos,
	       size_t min_pos, size_t max_pos, size_t *npos, bool *help);
/*
 * The same without printing (fuzz/cli_args.c fuzzes it): a usage error fills e (class
 * ERR_USAGE, layer "usage", reason unknown_option / repeated_option / missing_value /
 * unexpected_value / unexpected_argument / missing_argument, detail = the usage message) and
 * returns false.
 */
bool cli_parse_opts(int argc, char **argv, const struct cli_opt *opts, const char **pos,
		    size_t min_pos, size_t max_pos, size_t *npos, bool *help, struct err *e);

/*
 * "attest-init: usage: <code>: <msg> (see 'attest-init <cmd> --help')" for registry
 * entry id (a usage-layer code), exit 2.
 */
int cli_usage_error(const char *cmd, enum reason_id id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prints the error line for registry entry id with a detail; its exit code. */
int cli_fail_id(enum reason_id id, const char *detail);
/* Prints the error line for e and returns its exit code. */
int cli_fail(const struct err *e);
/* Writes the buffer to stdout followed by a newline; exit code. */
int cli_print_buf(struct buf *b);
/* Strict unsigned decimal parse (no sign, no spaces, no overflow). */
bool cli_parse_u64(const char *s, unsigned long long *out);

extern const struct command cmd_version;
extern const struct command cmd_eventlog;
extern const struct command cmd_jwt;
extern const struct command cmd_quote;
extern const struct command cmd_evidence;
extern const struct command cmd_policy;
extern const struct command cmd_run;

#endif
