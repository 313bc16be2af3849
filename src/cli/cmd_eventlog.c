/* Placeholder until the eventlog work lands. */
#include "cli/cli.h"

static void eventlog_help(FILE *out)
{
	fputs("usage: attest-init eventlog ... (not built yet)\n", out);
}

static int eventlog_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_usage_error("eventlog", "not built yet");
}

const struct command cmd_eventlog = {"eventlog", "(not built yet)", eventlog_run, eventlog_help};
