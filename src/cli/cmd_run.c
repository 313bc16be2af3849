/*
 * attest-init run [--<setting> VALUE ...] [--config FILE]: the gate (src/gate/gate.h), also
 * what `attest-init` does with no argument or an option first. Every setting of src/config's
 * table is a flag; flag > ATTEST_* environment > config file > default.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_config.h"
#include "gate/gate.h"

extern char **environ;

static void run_help(FILE *out)
{
	fputs("usage: attest-init [run] [--<setting> VALUE ...] [--config FILE]\n"
	      "\n"
	      "Proves this node to the attestation provider and lets the workload start only\n"
	      "on a verified token that passes the local policy: config, policy_load,\n"
	      "evidence_collect, evidence_precheck, provider_exchange, token_verify,\n"
	      "policy_eval, token_write, verdict. stdout is the audit trail (docs/audit.md),\n"
	      "one JSON record per step; on a block, one error line on stderr and in the\n"
	      "termination log.\n"
	      "\n"
	      "settings (flag, environment variable; README \"The gate\"):\n",
	      out);
	for (size_t i = 0; i < CFG_COUNT; i++) {
		if (config_table[i].dflt)
			fprintf(out, "  --%-16s %s (default %s)\n", config_table[i].flag,
				config_table[i].env, config_table[i].dflt);
		else
			fprintf(out, "  --%-16s %s\n", config_table[i].flag, config_table[i].env);
	}
	fputs("  --config FILE      NAME=value lines (env ATTEST_CONFIG)\n"
	      "\n"
	      "Exit 0 allow; 1 rejected or policy denied; 2 usage or configuration;\n"
	      "3 transient (TPM busy or gone, provider unavailable, AK certificate still a\n"
	      "placeholder, deadline).\n",
	      out);
}

/* A setting when the settings do not resolve: the flag, the variable, else the default (the
 * error must still reach `kubectl describe pod`, a stale token must still go). */
static const char *fallback(const char *const flags[CFG_COUNT], enum config_id id)
{
	const char *v = flags[id] ? flags[id] : config_env_get(environ, config_table[id].env);
	return v ? v : config_table[id].dflt;
}

static int run_run(int argc, char **argv)
{
	struct cli_opt opts[CFG_COUNT + 2];
	const char *flags[CFG_COUNT] = {NULL}, *cfgp = NULL;
	struct config_file *file = malloc(sizeof(*file));
	struct config cfg;
	struct gate_args a;
	size_t npos;
	bool help;
	int rc;

	if (!file)
		return cli_fail_id(R_GATE_OUT_OF_MEMORY, "config file");
	for (size_t i = 0; i < CFG_COUNT; i++)
		opts[i] = (struct cli_opt){config_table[i].flag, &flags[i], NULL};
	opts[CFG_COUNT] = (struct cli_opt){CONFIG_FILE_FLAG, &cfgp, NULL};
	opts[CFG_COUNT + 1] = (struct cli_opt){NULL, NULL, NULL};
	if (!cli_parse("run", argc, argv, opts, NULL, 0, 0, &npos, &help)) {
		free(file);
		return EXIT_USAGE;
	}
	if (help) {
		free(file);
		run_help(stdout);
		return EXIT_OK;
	}
	memset(&a, 0, sizeof(a));
	memset(&cfg, 0, sizeof(cfg));
	err_clear(&a.config_err);
	a.cfg = &cfg;
	a.config_ok = cli_config_load(cfgp, flags, file, &cfg, &a.config_err);
	a.termination_log_fallback = fallback(flags, CFG_TERMINATION_LOG);
	a.token_out_fallback = fallback(flags, CFG_TOKEN_OUT);
	rc = gate_run(&a);
	free(file);
	return rc;
}

const struct command cmd_run = {"run", "the gate: attest this node and decide (default command)",
				run_run, run_help};
