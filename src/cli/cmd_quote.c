/* Placeholder until the quote work lands. */
#include "cli/cli.h"

static void quote_help(FILE *out)
{
	fputs("usage: attest-init quote ... (not built yet)\n", out);
}

static int quote_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_usage_error("quote", "not built yet");
}

const struct command cmd_quote = {"quote", "(not built yet)", quote_run, quote_help};
