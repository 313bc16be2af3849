/*
 * gate: `attest-init run`, steps 1-8 of DESIGN.md in one call (docs/audit.md for the trail):
 * config, policy_load, evidence_collect, evidence_precheck, provider_exchange, token_verify,
 * policy_eval, token_write, then the verdict. Every step is one audit record on stdout (and
 * ATTEST_AUDIT_LOG); a failure stops the run and the later steps are recorded as not_run.
 * On a block: one error line on stderr, the same line in the termination log, no token file.
 *
 * The facts of each record (digests and identifiers only, never a secret or the token):
 *   config             tcti, deadline_s, max_skew_s, token_out, policy, audit_log, proxy
 *   policy_load        policy, policy_sha256, provider, isolation, ak_roots, ak_roots_objects,
 *                      jwks (file or URL), claim_rules, ca_bundle; sevsnp: vcek_chain (the
 *                      ATTEST_VCEK_CHAIN path or the THIM URL), vcek_chain_sha256
 *   evidence_collect   collections, nonce (hex), ak_cert_sha256, ak_cert_serial (hex),
 *                      ak_cert_subject, ak_cert_issuer (x509_names.h text),
 *                      pcrs_sha256 {"0": hex, ...}, hcl_report,
 *                      eventlog_sha256, eventlog_bytes
 *   evidence_precheck  ak_aia_fetched (+ ak_aia_sha256) with ATTEST_AK_AIA on, verify
 *                      (evidence_verify's summary), first_attempt + collections after a PCR
 *                      race, eventlog_events (our own parse)
 *   provider_exchange  url, nonce_b64 (as sent), request_sha256, request_bytes, attempts,
 *                      status, response_sha256, response_bytes, key_bits, jwt_bytes
 *   token_verify       jwks, jwks_sha256, jwks_keys, token_sha256, jti, iss, iat, exp, kid
 *   policy_eval        report (policy_report_json: every rule with expected and actual)
 *   token_write        evidence_out, token_out, claims_out, token_bytes
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
