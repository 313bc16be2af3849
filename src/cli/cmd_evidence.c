/* Placeholder until the evidence work lands. */
#include "cli/cli.h"

static void evidence_help(FILE *out)
{
	fputs("usage: attest-init evidence ... (not built yet)\n", out);
}

static int evidence_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_usage_error("evidence", "not built yet");
}

const struct command cmd_evidence = {"evidence", "(not built yet)", evidence_run, evidence_help};
