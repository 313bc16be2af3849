/*
 * gate_output: what the gate leaves behind (step 8). On success only, the verified token at
 * ATTEST_TOKEN_OUT and a small summary of its claims at <token-out>.claims.json (atomic
 * create + rename, 0600, O_NOFOLLOW: shell/file_io.h); at the start of every run any token
 * and summary at those paths are removed, so after a failure none exists. Also the evidence
 * bundle (ATTEST_EVIDENCE_OUT) and the one-line reason in the termination log.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gate/gate_internal.h"
#include "json/json_copy.h"
#include "json/json_read.h"

/* The claims an operator or the workload looks at first (docs/maa-azureguest.md 4.2). */
static const char *const summary_claims[] = {
    "iss",
    "jti",
    "iat",
    "exp",
    "x-ms-attestation-type",
    "x-ms-policy-hash",
    "secureboot",
    "x-ms-azurevm-attested-pcrs",
    "x-ms-azurevm-debuggersdisabled",
    "x-ms-azurevm-vmid",
    "x-ms-isolation-tee.x-ms-attestation-type",
    "x-ms-isolation-tee.x-ms-compliance-status",
};

static bool remove_one(const char *path, struct err *e)
{
	/* ENOTDIR: a path under a non-directory cannot hold a token either. */
	if (unlink(path) == 0 || errno == ENOENT || errno == ENOTDIR)
		return true;
	return err_fail(e, R_GATE_TOKEN_WRITE_FAILED, ERR_NO_OFFSET,
			"cannot remove the stale %.100s: %s", path, strerror(errno));
}

bool gate_remove_stale_token(struct gate_ctx *g, struct err *e)
{
	return remove_one(g->s.token_out, e) && remove_one(g->s.claims_out, e);
}

static bool claims_summary(const struct gate_ctx *g, struct buf *out, struct err *e)
{
	struct json_writer w;
	uint32_t v;

	json_writer_init(&w, out);
	json_obj_begin(&w);
	for (size_t i = 0; i < sizeof(summary_claims) / sizeof(summary_claims[0]); i++) {
		if (!json_find(&g->tok.claims, JSON_ROOT, summary_claims[i], &v))
			continue;
		json_key(&w, summary_claims[i]);
		if (!json_val_write(&g->tok.claims, v, &w, e))
			return false;
	}
	json_obj_end(&w);
	if (!json_writer_ok(&w) || !buf_putc(out, '\n'))
		return err_fail(e, R_CORE_JSON_WRITER_FAILED, ERR_NO_OFFSET, "claims summary");
	return true;
}

bool gate_step_token_write(struct gate_ctx *g, struct json_writer *f, struct err *e)
{
	struct buf sum;
	bool ok;

	if (!gate_write_evidence_out(g, e))
		return false;
	if (g->s.evidence_out)
		json_kv_str(f, "evidence_out", g->s.evidence_out);
	buf_init(&sum, (size_t)64 * 1024);
	ok = claims_summary(g, &sum, e) &&
	     file_write_atomic(g->s.claims_out, sum.data, sum.len, e) &&
	     file_write_atomic(g->s.token_out, g->jwt.data, g->jwt.len, e);
	buf_free(&sum);
	if (!ok) {
		err_relabel(e, R_GATE_TOKEN_WRITE_FAILED, "ATTEST_TOKEN_OUT");
		/* Nothing half-written may stay: the workload must not start on it. */
		(void)unlink(g->s.token_out);
		(void)unlink(g->s.claims_out);
		return false;
	}
	json_kv_str(f, "token_out", g->s.token_out);
	json_kv_str(f, "claims_out", g->s.claims_out);
	json_kv_u64(f, "token_bytes", g->jwt.len);
	return true;
}

/* A byte string member as JSON text: the bytes escaped by the writer, or null when empty. */
static void kv_text(struct json_writer *w, const char *key, const struct buf *b)
{
	json_key(w, key);
	if (b->len > 0)
		json_strn(w, (const char *)b->data, b->len);
	else
		json_null(w);
}

/*
 * The decision's inputs in one document, so it can be re-checked offline (issue 19):
 * {"format":"attest-init-gate-evidence","version":1,"evidence":<the bundle of `evidence
 * collect`, for `evidence verify`>,"provider_response":"<body>","token":"<the decrypted
 * JWT>","jwks":"<text>","policy":"<text>"}; text members null when that step did not run.
 * The file is 0600 like the token (it holds the token).
 */
static bool evidence_document(struct gate_ctx *g, struct buf *out, struct err *e)
{
	struct buf bundle;
	struct json_writer w;
	bool ok;

	buf_init(&bundle, EVIDENCE_MAX_TEXT);
	ok = evidence_write(&g->ev, &bundle, e);
	if (ok) {
		json_writer_init(&w, out);
		json_obj_begin(&w);
		json_kv_str(&w, "format", GATE_EVIDENCE_FORMAT);
		json_kv_u64(&w, "version", 1);
		json_key(&w, "evidence");
		json_raw(&w, (const char *)bundle.data, bundle.len);
		kv_text(&w, "provider_response", &g->resp.body);
		kv_text(&w, "token", &g->jwt);
		kv_text(&w, "jwks", &g->jwks_text);
		kv_text(&w, "policy", &g->policy_text);
		json_obj_end(&w);
		ok = json_writer_ok(&w) ||
		     err_fail(e, R_CORE_JSON_WRITER_FAILED, ERR_NO_OFFSET, "evidence document");
	}
	buf_free(&bundle);
	return ok;
}

/* The collected evidence document (ATTEST_EVIDENCE_OUT). True when there is nothing to write. */
bool gate_write_evidence_out(struct gate_ctx *g, struct err *e)
{
	struct buf out;
	bool ok;

	if (!g->s.evidence_out || !g->have_ev)
		return true;
	buf_init(&out, EVIDENCE_MAX_TEXT + GATE_EVIDENCE_EXTRA);
	ok = evidence_document(g, &out, e) &&
	     file_write_atomic(g->s.evidence_out, out.data, out.len, e);
	buf_free(&out);
	return ok || err_relabel(e, R_GATE_EVIDENCE_OUT_FAILED, "ATTEST_EVIDENCE_OUT");
}

/* Kubernetes shows this file's text in `kubectl describe pod` (terminationMessagePath). An
 * unwritable log changes nothing: the block stands. */
void gate_termination_log(const struct gate_ctx *g, const struct err *e)
{
	const char *path =
	    g->cfg ? g->cfg->value[CFG_TERMINATION_LOG] : g->args->termination_log_fallback;
	char line[320];
	size_t skip = strlen("attest-init: ");
	int fd;

	if (!path || strcmp(path, "off") == 0)
		return;
	err_format(e, line, sizeof(line));
	if (strlen(line) < skip)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	size_t n = strlen(line + skip);
	line[skip + n] = '\n';
	(void)file_write_fd(fd, line + skip, n + 1);
	close(fd);
}
