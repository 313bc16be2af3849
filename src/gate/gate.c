/*
 * gate: `attest-init run` (gate.h). The step sequence, one audit record per step (docs/
 * audit.md), the verdict, the error line and the exit status. A failure stops the run; the
 * later steps are still recorded, as not_run, so every trail has the same shape.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/digest.h"
#include "gate/gate_internal.h"
#include "provider/maa_envelope.h"

struct gate_step {
	const char *name;
	bool (*run)(struct gate_ctx *g, struct json_writer *facts, struct err *e);
};

static const struct gate_step steps[] = {
    {"config", gate_step_config},
    {"policy_load", gate_step_policy_load},
    {"evidence_collect", gate_step_collect},
    {"evidence_precheck", gate_step_precheck},
    {"provider_exchange", gate_step_provider},
    {"token_verify", gate_step_token_verify},
    {"policy_eval", gate_step_policy_eval},
    {"token_write", gate_step_token_write},
};
#define GATE_NSTEPS (sizeof(steps) / sizeof(steps[0]))
#define FACTS_MAX   ((size_t)56 * 1024)

void gate_ctx_init(struct gate_ctx *g, const struct gate_args *a)
{
	memset(g, 0, sizeof(*g));
	g->args = a;
	g->cfg = a->config_ok ? a->cfg : NULL;
	g->audit_fd = -1;
	buf_init(&g->policy_text, POLICY_MAX_TEXT + 1);
	buf_init(&g->vcek_chain, MAA_VCEK_CHAIN_MAX);
	buf_init(&g->request, MAA_REQUEST_MAX_BODY);
	http_response_init(&g->resp);
	buf_init(&g->jwt, MAA_RESPONSE_MAX_BODY);
	buf_init(&g->jwks_text, JWKS_MAX_BYTES);
}

void gate_ctx_free(struct gate_ctx *g)
{
	if (g->policy_loaded)
		policy_free(&g->policy);
	pem_free_all(g->roots, g->nroots);
	if (g->have_ev)
		evidence_free(&g->ev);
	if (g->have_log)
		eventlog_free(&g->log);
	if (g->have_tok)
		jwt_verified_free(&g->tok);
	buf_free(&g->policy_text);
	buf_free(&g->vcek_chain);
	buf_free(&g->request);
	http_response_free(&g->resp);
	buf_free(&g->jwt);
	buf_free(&g->jwks_text);
	if (g->audit_fd >= 0)
		close(g->audit_fd);
}

void gate_facts_close(struct json_writer *w)
{
	if (w->after_key)
		json_null(w);
	while (w->depth > 1) {
		if (w->kind[w->depth] == '[')
			json_arr_end(w);
		else
			json_obj_end(w);
	}
}

void gate_kv_sha256(struct json_writer *w, const char *key, const void *p, size_t n)
{
	uint8_t h[32];

	(void)digest_compute(digest_by_tpm_alg(TPM_ALG_SHA256), p ? p : "", p ? n : 0, h);
	json_kv_hex(w, key, h, sizeof(h));
}

static uint64_t wall_ms(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || ts.tv_sec < 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t gate_now_unix(void)
{
	return wall_ms() / 1000u;
}

/* One line to stdout and the audit log; false when the audit log could not take it. */
static bool emit(struct gate_ctx *g, const struct buf *line)
{
	(void)file_write_fd(STDOUT_FILENO, line->data, line->len);
	return g->audit_fd < 0 || file_write_fd(g->audit_fd, line->data, line->len);
}

/* "layer: code" of e for the record's reason member. */
static void reason_text(const struct err *e, char *out, size_t n)
{
	snprintf(out, n, "%s: %s", e->layer ? e->layer : "core",
		 e->reason ? e->reason : "unknown_reason");
}

struct gate_run_state {
	struct audit_chain chain;
	struct buf line, facts;
	struct err e; /* the first failure */
	bool failed;
	char reason[96];
};

static void record(struct gate_ctx *g, struct gate_run_state *st, const struct audit_rec *r)
{
	struct err e;

	err_clear(&e);
	if (!audit_record(&st->chain, r, &st->line, &e)) {
		if (!st->failed) {
			st->e = e;
			st->failed = true;
		}
		return;
	}
	if (!emit(g, &st->line) && !st->failed) {
		err_fail(&st->e, R_GATE_AUDIT_LOG_FAILED, ERR_NO_OFFSET,
			 "ATTEST_AUDIT_LOG: write failed");
		st->failed = true;
	}
}

static void run_step(struct gate_ctx *g, struct gate_run_state *st, const struct gate_step *s)
{
	struct audit_rec r;
	struct json_writer w;
	uint64_t t0 = http_clock_ms();
	bool ok;

	memset(&r, 0, sizeof(r));
	r.step = s->name;
	buf_reset(&st->facts);
	if (st->failed) {
		r.outcome = AUDIT_NOT_RUN;
		r.time_ms = wall_ms();
		record(g, st, &r);
		return;
	}
	json_writer_init(&w, &st->facts);
	json_obj_begin(&w);
	ok = s->run(g, &w, &st->e);
	gate_facts_close(&w);
	json_obj_end(&w);
	if (!ok) {
		st->failed = true;
		reason_text(&st->e, st->reason, sizeof(st->reason));
	}
	r.outcome = ok ? AUDIT_PASS : AUDIT_FAIL;
	r.reason = ok ? NULL : st->reason; /* the record's text: lint: allow */
	r.time_ms = wall_ms();
	r.duration_ms = http_clock_ms() - t0;
	if (json_writer_ok(&w)) {
		r.facts = (const char *)st->facts.data;
		r.facts_len = st->facts.len;
	}
	record(g, st, &r);
}

/* After a failure: no token may remain (even when the settings did not resolve: then the
 * fallback path); the evidence bundle is still written when asked for (best effort). */
static void block_cleanup(struct gate_ctx *g)
{
	struct err ign;

	err_clear(&ign);
	if (!g->s.token_out && g->args->token_out_fallback) {
		g->s.token_out = g->args->token_out_fallback;
		if ((size_t)snprintf(g->s.claims_out, sizeof(g->s.claims_out), "%s%s",
				     g->s.token_out, GATE_CLAIMS_SUFFIX) >= sizeof(g->s.claims_out))
			g->s.claims_out[0] = '\0';
	}
	if (g->s.token_out) {
		(void)unlink(g->s.token_out);
		if (g->s.claims_out[0])
			(void)unlink(g->s.claims_out);
	}
	if (g->cfg)
		(void)gate_write_evidence_out(g, &ign);
}

/* The verdict record, the error line, the termination log; the exit status. An allow whose
 * verdict the audit log cannot take becomes a block: a decision is never left unrecorded. */
static int finish(struct gate_ctx *g, struct gate_run_state *st)
{
	int rc = st->failed ? (int)st->e.cls : 0;
	struct err e;
	char line[320];

	if (st->failed && rc == 0)
		rc = 1; /* fail closed: a failure without a class is a block */
	if (st->failed)
		reason_text(&st->e, st->reason, sizeof(st->reason));
	err_clear(&e);
	if (!audit_verdict(&st->chain, !st->failed, rc, st->failed ? st->reason : NULL, wall_ms(),
			   http_clock_ms() - g->start_ms, &st->line, &e) ||
	    !emit(g, &st->line)) {
		if (!st->failed) {
			if (e.id == R_NONE)
				err_fail(&e, R_GATE_AUDIT_LOG_FAILED, ERR_NO_OFFSET,
					 "ATTEST_AUDIT_LOG: the verdict could not be written");
			st->e = e;
			st->failed = true;
			rc = (int)e.cls;
			block_cleanup(g);
		}
	}
	if (!st->failed)
		return 0;
	err_format(&st->e, line, sizeof(line));
	fprintf(stderr, "%s\n", line);
	gate_termination_log(g, &st->e);
	return rc;
}

int gate_run(const struct gate_args *a)
{
	struct gate_ctx *g = malloc(sizeof(*g));
	struct gate_run_state st;
	int rc;

	if (!g) {
		struct err e;
		char line[128];
		err_fail(&e, R_GATE_OUT_OF_MEMORY, ERR_NO_OFFSET, "run state");
		err_format(&e, line, sizeof(line));
		fprintf(stderr, "%s\n", line);
		return (int)e.cls;
	}
	gate_ctx_init(g, a);
	g->start_ms = http_clock_ms();
	g->now_unix = gate_now_unix();
	memset(&st, 0, sizeof(st));
	audit_chain_init(&st.chain);
	buf_init(&st.line, AUDIT_MAX_LINE + 1);
	buf_init(&st.facts, FACTS_MAX);
	err_clear(&st.e);
	for (size_t i = 0; i < GATE_NSTEPS; i++)
		run_step(g, &st, &steps[i]);
	if (st.failed)
		block_cleanup(g);
	rc = finish(g, &st);
	buf_free(&st.line);
	buf_free(&st.facts);
	gate_ctx_free(g);
	free(g);
	return rc;
}
