/*
 * libFuzzer harness for the command-line parsers of src/cli/cli.c: cli_parse_u64(), the strict
 * decimal reader behind --deadline, --now and --skew, and cli_parse_opts(), the non-printing
 * core of the option parser cli_parse() (which prints usage errors; a harness must not print).
 *
 * Input: byte 0 chooses the positional bounds (min 0-3, max min + 0-3); the rest is split at
 * NUL bytes into at most CLI_FUZZ_MAX_ARGS arguments (as the kernel splits argv), parsed with
 * a fixed table of value and flag options; every argument and option value also goes through
 * cli_parse_u64().
 *
 * Properties: an accepted number is 1-20 ASCII digits whose value printed back with "%llu"
 * equals it without its leading zeros; a refused one is empty, has a non-digit, or exceeds
 * 2^64 - 1, and leaves *out untouched. An accepted command line has min-max positionals, each
 * an argument; option values point into an argument; a refused one is a usage error (exit 2).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* Pieces per input: argv of every command is far shorter; bounds the work per input. */
#define CLI_FUZZ_MAX_ARGS 32
/* Longest piece checked: twice the 20 digits of 2^64 - 1 keeps the leading-zero cases. */
#define CLI_FUZZ_MAX_ARG 64

static void check_u64(const char *s, size_t n)
{
	unsigned long long v = 0x5a5a5a5a5a5a5a5aULL;
	char back[24];
	size_t z = 0, i;

	if (!cli_parse_u64(s, &v)) {
		bool digits = n > 0;
		if (v != 0x5a5a5a5a5a5a5a5aULL)
			__builtin_trap();
		for (i = 0; i < n; i++)
			digits = digits && s[i] >= '0' && s[i] <= '9';
		if (!digits)
			return;
		/* All digits yet refused: only an overflow may cause that (> 20 significant). */
		while (z < n - 1 && s[z] == '0')
			z++;
		if (n - z < 20 || (n - z == 20 && strcmp(s + z, "18446744073709551615") <= 0))
			__builtin_trap();
		return;
	}
	if (n == 0)
		__builtin_trap();
	while (z < n - 1 && s[z] == '0')
		z++;
	snprintf(back, sizeof(back), "%llu", v);
	if (strcmp(back, s + z) != 0)
		__builtin_trap();
}

/* True when p points into one of the arguments (a value is an argument or its "=" tail). */
static bool in_args(const char *p, char **argv, int argc)
{
	for (int i = 1; i < argc; i++)
		if (p >= argv[i] && p <= argv[i] + strlen(argv[i]))
			return true;
	return false;
}

static void check_parse(uint8_t cfg, int argc, char **argv)
{
	const char *pcrs = NULL, *deadline = NULL, *out = NULL, *pos[6];
	bool json = false, quiet = false, help = false;
	const struct cli_opt opts[] = {
	    {"pcrs", &pcrs, NULL},   {"deadline", &deadline, NULL}, {"json", NULL, &json},
	    {"quiet", NULL, &quiet}, {"out", &out, NULL},	    {NULL, NULL, NULL},
	};
	size_t min_pos = cfg & 3u, max_pos = min_pos + (cfg >> 2 & 3u), npos = 99;
	unsigned long long v;
	struct err e;

	err_clear(&e);
	if (!cli_parse_opts(argc, argv, opts, pos, min_pos, max_pos, &npos, &help, &e)) {
		if (e.cls != ERR_USAGE || !e.layer || strcmp(e.layer, "usage") != 0 || !e.reason)
			__builtin_trap();
		return;
	}
	if (help)
		return;
	if (npos < min_pos || npos > max_pos)
		__builtin_trap();
	for (size_t i = 0; i < npos; i++)
		if (!in_args(pos[i], argv, argc))
			__builtin_trap();
	if ((pcrs && !in_args(pcrs, argv, argc)) || (deadline && !in_args(deadline, argv, argc)) ||
	    (out && !in_args(out, argv, argc)))
		__builtin_trap();
	if (deadline)
		(void)cli_parse_u64(deadline, &v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char args[CLI_FUZZ_MAX_ARGS][CLI_FUZZ_MAX_ARG + 1];
	char *argv[CLI_FUZZ_MAX_ARGS + 2];
	int argc = 0;
	size_t start = 1;

	if (size == 0)
		return 0;
	argv[argc++] = (char *)"cmd";
	while (argc <= CLI_FUZZ_MAX_ARGS && start <= size) {
		const uint8_t *nul = start < size ? memchr(data + start, 0, size - start) : NULL;
		size_t end = nul ? (size_t)(nul - data) : size;
		size_t n = end - start;
		char *arg = args[argc - 1];

		if (n > CLI_FUZZ_MAX_ARG)
			n = CLI_FUZZ_MAX_ARG;
		if (n)
			memcpy(arg, data + start, n);
		arg[n] = '\0';
		check_u64(arg, n);
		argv[argc++] = arg;
		if (!nul)
			break;
		start = end + 1;
	}
	argv[argc] = NULL;
	check_parse(data[0], argc, argv);
	return 0;
}
