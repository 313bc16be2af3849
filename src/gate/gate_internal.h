/*
 * gate_internal: the state one `attest-init run` carries from step to step, and the steps
 * (one file each) that gate.c sequences. Not a public API: src/gate only.
 *
 * Every step has the same shape: it reads what earlier steps left in the context, writes the
 * auditor's facts of its own work as members of the open object in facts (docs/audit.md), and
 * returns true, or false with e filled (the run stops there).
 */
#ifndef ATTEST_GATE_GATE_INTERNAL_H
#define ATTEST_GATE_GATE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "attest/evidence_bundle.h"
#include "attest/evidence_verify.h"
#include "attest/pem.h"
#include "audit/audit.h"
#include "config/config.h"
#include "core/buf.h"
#include "core/err.h"
#include "eventlog/eventlog.h"
#include "gate/gate.h"
#include "jose/jwks.h"
#include "jose/jwt.h"
#include "json/json_writer.h"
#include "policy/policy.h"
#include "provider/maa_request.h"
#include "provider/os_release.h"
#include "shell/file_io.h"
#include "shell/http.h"

#define GATE_ATTEST_PATH     "/attest/AzureGuest?api-version=2020-10-01"
#define GATE_CERTS_PATH	     "/certs"
#define GATE_CLAIMS_SUFFIX   ".claims.json"
#define GATE_URL_MAX	     (CONFIG_VALUE_MAX + 64)
#define GATE_EVIDENCE_FORMAT "attest-init-gate-evidence"
/* ATTEST_AK_AIA_HOSTS entries (Microsoft lists two plain-http PKI hosts). */
#define GATE_AIA_MAX_HOSTS 8u
/* Room for the provider answer, token, JWKS and policy next to the bundle (escaped). */
#define GATE_EVIDENCE_EXTRA ((size_t)16 * 1024 * 1024)

/* Resolved configuration and policy as one set of values (gate_settings.c). */
struct gate_settings {
	const char *provider_url; /* verbatim: the token's iss and the base of /certs */
	const char *policy_path, *tcti, *eventlog, *ca_bundle, *ak_roots, *jwks_file, *resolve,
	    *token_out, *audit_log, *evidence_out, *proxy, *termination_log;
	char attest_url[GATE_URL_MAX], certs_url[GATE_URL_MAX];
	char claims_out[FILE_PATH_MAX];
	unsigned deadline_s;
	uint32_t max_skew;
	enum evidence_isolation isolation;
	uint32_t pcr_mask; /* required SHA-256 PCRs: the policy's tpm.pcrs, else 0-7 */
	bool pcr_exact;
	uint64_t deadline_ms;	     /* absolute, http_clock_ms() scale */
	struct os_release os_text;   /* the parsed file: os's strings point into it */
	struct maa_os os;	     /* the request's OS fields (shell/os_release_load.h) */
	const char *vcek_chain_from; /* sevsnp: ATTEST_VCEK_CHAIN's path or the THIM URL */
};

struct gate_ctx {
	const struct gate_args *args;
	const struct config *cfg;
	struct gate_settings s;
	int audit_fd; /* ATTEST_AUDIT_LOG, or -1 */
	struct buf policy_text;
	struct policy policy;
	bool policy_loaded;
	struct pem_obj roots[PEM_MAX_OBJECTS];
	size_t nroots;
	struct buf vcek_chain;
	struct evidence ev;
	bool have_ev;
	struct eventlog log;
	struct pcr_banks pcrs;
	bool have_log;
	char nonce_b64[MAA_NONCE_B64_LEN + 1];
	struct buf request;
	struct http_response resp;
	struct buf jwt; /* the decrypted token text */
	struct buf jwks_text;
	struct jwks jwks;
	struct jwt_verified tok;
	bool have_tok;
	struct policy_report report;
	uint64_t now_unix;
	uint64_t start_ms; /* http_clock_ms() at the start: the deadline counts from it */
	unsigned collects; /* evidence collections made (a PCR race allows two) */
	char aia_hosts_text[CONFIG_VALUE_MAX + 1]; /* ATTEST_AK_AIA_HOSTS, split in place */
	char *aia_hosts[GATE_AIA_MAX_HOSTS];
	size_t n_aia_hosts;
	bool aia_done;
};

void gate_ctx_init(struct gate_ctx *g, const struct gate_args *a);
void gate_ctx_free(struct gate_ctx *g);

/* Closes every array and object above the facts object itself (after a step stopped midway). */
void gate_facts_close(struct json_writer *w);
/* The wall clock in Unix seconds (0 when unusable: every time check then fails). */
uint64_t gate_now_unix(void);
/* "key": SHA-256 hex of the bytes. */
void gate_kv_sha256(struct json_writer *w, const char *key, const void *p, size_t n);

/* gate_settings.c: config (flags > environment > file) and the policy's own values. */
bool gate_step_config(struct gate_ctx *g, struct json_writer *f, struct err *e);
bool gate_step_policy_load(struct gate_ctx *g, struct json_writer *f, struct err *e);
/* gate_evidence.c: steps 2-3 and the local pre-checks (evidence verify's). */
bool gate_step_collect(struct gate_ctx *g, struct json_writer *f, struct err *e);
bool gate_step_precheck(struct gate_ctx *g, struct json_writer *f, struct err *e);
/* gate_provider.c: request, HTTPS exchange, envelope, TPM decrypt, AES-GCM. */
bool gate_step_provider(struct gate_ctx *g, struct json_writer *f, struct err *e);
/* The provider's HTTPS options (POST /attest and GET /certs): CA bundle, resolve, proxy, deadline.
 */
void gate_provider_http_opts(const struct gate_ctx *g, struct http_opts *o);
/* gate_token.c: JWKS, jwt_verify, the binding checks; the local policy. */
bool gate_step_token_verify(struct gate_ctx *g, struct json_writer *f, struct err *e);
bool gate_step_policy_eval(struct gate_ctx *g, struct json_writer *f, struct err *e);
/* gate_aia.c: ATTEST_AK_AIA_HOSTS split (config step); AK intermediates by AIA (precheck). */
bool gate_aia_hosts(struct gate_ctx *g, struct err *e);
bool gate_ak_aia(struct gate_ctx *g, struct json_writer *f, struct err *e);
/* gate_output.c: token hand-off, stale-token removal, evidence bundle, termination log. */
bool gate_step_token_write(struct gate_ctx *g, struct json_writer *f, struct err *e);
bool gate_remove_stale_token(struct gate_ctx *g, struct err *e);
bool gate_write_evidence_out(struct gate_ctx *g, struct err *e);
void gate_termination_log(const struct gate_ctx *g, const struct err *e);

#endif
