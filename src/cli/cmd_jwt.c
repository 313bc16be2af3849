/* Placeholder until the jwt work lands. */
#include "cli/cli.h"

static void jwt_help(FILE *out)
{
	fputs("usage: attest-init jwt ... (not built yet)\n", out);
}

static int jwt_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_usage_error("jwt", "not built yet");
}

const struct command cmd_jwt = {"jwt", "(not built yet)", jwt_run, jwt_help};
