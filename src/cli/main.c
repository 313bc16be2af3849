/*
 * attest-init entry point: dispatches to one command per file in src/cli/.
 * The command-line contract (commands, exit codes, error lines) is in
 * DESIGN.md and README.md.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct command *const commands[] = {
    &cmd_audit,	 &cmd_eventlog, &cmd_evidence, &cmd_jwt,
    &cmd_policy, &cmd_quote,	&cmd_run,      &cmd_version,
};

static void main_help(FILE *out)
{
	fputs("usage: attest-init <command> [options]\n"
	      "       attest-init [run options]   (the gate, 'attest-init run --help')\n"
	      "\n"
	      "Proves a confidential-computing node is genuine before a workload starts.\n"
	      "\n"
	      "commands:\n",
	      out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\n"
	      "'attest-init <command> --help' describes a command.\n"
	      "exit status: 0 verified, 1 rejected or malformed input, 2 usage or\n"
	      "configuration error, 3 transient failure (TPM or provider unreachable).\n",
	      out);
}

int main(int argc, char **argv)
{
	/* No command, or an option first: the gate (`run`), what an init container runs. */
	if (argc < 2)
		return cmd_run.run(argc, argv);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		main_help(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version.run(1, argv + 1);
	if (argv[1][0] == '-' && argv[1][1] == '-')
		return cmd_run.run(argc, argv);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i]->name) == 0)
			return commands[i]->run(argc - 1, argv + 1);
	return cli_usage_error(NULL, R_USAGE_UNKNOWN_COMMAND, "unknown command '%s'", argv[1]);
}
