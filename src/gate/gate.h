/*
 * gate: `attest-init run`, steps 1-8 of DESIGN.md in one call (docs/audit.md for the trail):
 * config, policy_load, evidence_collect, evidence_precheck, provider_exchange, token_verify,
 * policy_eval, token_write, then the verdict. Every step is one audit record on stdout (and
 * ATTEST_AUDIT_LOG); a failure stops the run and the later steps are recorded as not_run.
 * On a block: one error line on stderr, the same line in the termination log, no token file.
 */
#ifndef ATTEST_GATE_GATE_H
#define ATTEST_GATE_GATE_H

#include <stdbool.h>

#include "config/config.h"
#include "core/err.h"

/* The resolved settings (src/cli/cli_config.c reads the environment and the config file);
 * when config_ok is false, config_err says why and the run blocks at its first step. */
struct gate_args {
	const struct config *cfg;
	bool config_ok;
	struct err config_err;
	/* The termination log when the settings could not be resolved (flag or environment
	 * value, else the default), so even a configuration failure reaches Kubernetes. */
	const char *termination_log_fallback;
	/* Likewise the token path whose stale token and claims file are removed. */
	const char *token_out_fallback;
};

/* Runs the gate; returns the exit status (0 allow, 1 block, 2 configuration, 3 transient). */
int gate_run(const struct gate_args *a);

#endif
