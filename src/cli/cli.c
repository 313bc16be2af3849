#include "cli/cli.h"

#include <stdarg.h>
#include <string.h>

int cli_usage_error(const char *cmd, enum reason_id id, const char *fmt, ...)
{
	const struct reason_info *r = reason_lookup(id);
	va_list ap;

	if (!r)
		r = reason_lookup(R_CORE_UNKNOWN_REASON);
	fprintf(stderr, "attest-init: %s: %s: ", r->layer, r->code);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, " (see 'attest-init %s --help')\n", cmd);
	else
		fputs(" (see 'attest-init --help')\n", stderr);
	return r->cls == ERR_USAGE ? EXIT_USAGE : EXIT_REJECT;
}

int cli_fail_id(enum reason_id id, const char *detail)
{
	struct err e;

	err_clear(&e);
	err_fail(&e, id, ERR_NO_OFFSET, "%s", detail);
	return cli_fail(&e);
}

int cli_fail(const struct err *e)
{
	char line[512];
	err_format(e, line, sizeof(line));
	fprintf(stderr, "%s\n", line);
	switch (e->cls) {
	case ERR_USAGE:
		return EXIT_USAGE;
	case ERR_TRANSIENT:
		return EXIT_TRANSIENT;
	default:
		return EXIT_REJECT;
	}
}

int cli_print_buf(struct buf *b)
{
	if (!buf_ok(b))
		return cli_fail_id(R_IO_OUTPUT_TOO_LARGE, "stdout");
	if (fwrite(b->data, 1, b->len, stdout) != b->len || fputc('\n', stdout) == EOF ||
	    fflush(stdout) != 0)
		return cli_fail_id(R_IO_STDOUT_WRITE_FAILED, "stdout");
	return EXIT_OK;
}

bool cli_parse_u64(const char *s, unsigned long long *out)
{
	unsigned long long v = 0;
	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v > (~0ULL - (unsigned)(*s - '0')) / 10)
			return false;
		v = v * 10 + (unsigned)(*s - '0');
	}
	*out = v;
	return true;
}

static const struct cli_opt *cli_find(const struct cli_opt *opts, const char *name, size_t n)
{
	for (; opts && opts->name; opts++)
		if (strlen(opts->name) == n && strncmp(opts->name, name, n) == 0)
			return opts;
	return NULL;
}

bool cli_parse_opts(int argc, char **argv, const struct cli_opt *opts, const char **pos,
		    size_t min_pos, size_t max_pos, size_t *npos, bool *help, struct err *e)
{
	bool only_pos = false;
	size_t seen_mask = 0, k = 0;

	*help = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!only_pos && strcmp(a, "--") == 0) {
			only_pos = true;
			continue;
		}
		if (!only_pos && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
			*help = true;
			return true;
		}
		if (!only_pos && a[0] == '-' && a[1] != '\0') {
			const char *name = a + 2, *eq = strchr(a, '=');
			size_t n = eq ? (size_t)(eq - name) : strlen(name);
			const struct cli_opt *o = a[1] == '-' ? cli_find(opts, name, n) : NULL;
			if (!o)
				return err_fail(e, R_USAGE_UNKNOWN_OPTION, ERR_NO_OFFSET,
						"unknown option '%s'", a);
			size_t bit = (size_t)1 << (size_t)(o - opts);
			if (seen_mask & bit)
				return err_fail(e, R_USAGE_REPEATED_OPTION, ERR_NO_OFFSET,
						"option '--%s' given twice", o->name);
			seen_mask |= bit;
			if (o->value) {
				if (eq)
					*o->value = eq + 1;
				else if (i + 1 < argc)
					*o->value = argv[++i];
				else
					return err_fail(e, R_USAGE_MISSING_VALUE, ERR_NO_OFFSET,
							"option '--%s' needs a value", o->name);
			} else {
				if (eq)
					return err_fail(e, R_USAGE_UNEXPECTED_VALUE, ERR_NO_OFFSET,
							"option '--%s' takes no value", o->name);
				*o->flag = true;
			}
			continue;
		}
		if (k >= max_pos)
			return err_fail(e, R_USAGE_UNEXPECTED_ARGUMENT, ERR_NO_OFFSET,
					"unexpected argument '%s'", a);
		pos[k++] = a;
	}
	if (k < min_pos)
		return err_fail(e, R_USAGE_MISSING_ARGUMENT, ERR_NO_OFFSET, "missing argument");
	*npos = k;
	return true;
}

bool cli_parse(const char *cmd, int argc, char **argv, const struct cli_opt *opts, const char **pos,
	       size_t min_pos, size_t max_pos, size_t *npos, bool *help)
{
	struct err e;

	err_clear(&e);
	if (cli_parse_opts(argc, argv, opts, pos, min_pos, max_pos, npos, help, &e))
		return true;
	cli_usage_error(cmd, e.id, "%s", e.detail);
	return false;
}
