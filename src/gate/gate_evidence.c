/*
 * gate_evidence: steps 2-3 (evidence_collect: TPM, AK, AK certificate, nonce, quote, ephemeral
 * key, HCL report, event log) and the local pre-checks (exactly `evidence verify`'s,
 * src/attest/evidence_verify.h) before anything leaves the node (issue 18 "PCR race").
 */
#include <string.h>

#include "attest/der.h"
#include "attest/x509_names.h"
#include "gate/gate_internal.h"
#include "tpm/evidence_collect.h"

/* Seconds left before the run's deadline (at least 1: the TPM layer needs a bound). */
static unsigned seconds_left(const struct gate_ctx *g)
{
	uint64_t now = http_clock_ms();
	uint64_t left = now < g->s.deadline_ms ? (g->s.deadline_ms - now) / 1000u : 0;
	return left == 0 ? 1u : (unsigned)left;
}

static bool collect_once(struct gate_ctx *g, struct err *e)
{
	struct collect_opts o;

	if (g->have_ev)
		evidence_free(&g->ev);
	evidence_init(&g->ev);
	g->have_ev = true;
	collect_opts_azure(&o);
	o.tcti = g->s.tcti;
	o.deadline_s = seconds_left(g);
	o.pcr_mask = g->s.pcr_mask;
	o.eventlog_path = g->s.eventlog;
	o.created_unix = g->now_unix;
	g->collects++;
	return evidence_collect(&o, &g->ev, e);
}

/* The AK certificate's serial, subject and issuer (identifiers an auditor reads, issue 19). */
static void ak_cert_facts(const struct evidence *ev, struct json_writer *f)
{
	struct x509_names n;

	gate_kv_sha256(f, "ak_cert_sha256", ev->ak_cert.data, ev->ak_cert.len);
	if (!ev->ak_cert.data ||
	    !x509_names_read(ev->ak_cert.data, der_tlv_size(ev->ak_cert.data, ev->ak_cert.len), &n))
		return;
	json_kv_str(f, "ak_cert_serial", n.serial);
	json_kv_str(f, "ak_cert_subject", n.subject);
	json_kv_str(f, "ak_cert_issuer", n.issuer);
}

static void evidence_facts(const struct gate_ctx *g, struct json_writer *f)
{
	const struct evidence *ev = &g->ev;

	json_kv_u64(f, "collections", g->collects);
	json_kv_hex(f, "nonce", ev->nonce.data, ev->nonce.len);
	ak_cert_facts(ev, f);
	json_key(f, "pcrs_sha256");
	json_obj_begin(f);
	for (unsigned i = 0; i < EVIDENCE_NUM_PCRS; i++) {
		char k[4];
		if (!(ev->pcr_mask & (1u << i)))
			continue;
		k[0] = (char)(i >= 10 ? '0' + i / 10 : '0' + i);
		k[1] = i >= 10 ? (char)('0' + i % 10) : '\0';
		k[2] = '\0';
		json_kv_hex(f, k, ev->pcr[i], 32);
	}
	json_obj_end(f);
	json_kv_bool(f, "hcl_report", ev->has_hcl);
	if (ev->has_eventlog) {
		gate_kv_sha256(f, "eventlog_sha256", ev->eventlog.data, ev->eventlog.len);
		json_kv_u64(f, "eventlog_bytes", ev->eventlog.len);
	}
}

bool gate_step_collect(struct gate_ctx *g, struct json_writer *f, struct err *e)
{
	if (!collect_once(g, e))
		return false;
	evidence_facts(g, f);
	return true;
}

/* Our own parse and replay of the log, for the policy's event-log rules (step 7). */
static bool replay_log(struct gate_ctx *g, struct json_writer *f, struct err *e)
{
	if (g->have_log) {
		eventlog_free(&g->log);
		g->have_log = false;
	}
	if (!g->ev.has_eventlog)
		return err_fail(e, R_PROVIDER_EVENTLOG_MISSING, ERR_NO_OFFSET, "%s",
				g->s.eventlog ? g->s.eventlog : "no event log");
	if (!eventlog_parse(g->ev.eventlog.data, g->ev.eventlog.len, &g->log, e))
		return false;
	g->have_log = true;
	if (!eventlog_replay(&g->log, &g->pcrs, e))
		return false;
	json_kv_u64(f, "eventlog_events", g->log.nevents);
	return true;
}

static bool verify_once(struct gate_ctx *g, struct json_writer *f, struct err *e)
{
	struct evidence_policy pol;

	memset(&pol, 0, sizeof(pol));
	pol.roots = g->roots;
	pol.nroots = g->nroots;
	pol.now_unix = g->now_unix;
	pol.pcr_mask = g->s.pcr_mask;
	pol.pcr_exact = g->s.pcr_exact;
	pol.isolation = g->s.isolation;
	json_key(f, "verify");
	if (evidence_verify(&g->ev, &pol, f, e))
		return true;
	if (f->after_key)
		json_null(f); /* the summary is written only on success */
	return false;
}

/* A moved PCR shows as a pcrDigest that is not the hash of the values read before the quote. */
static bool pcrs_moved(const struct err *e)
{
	return e->id == R_ATTEST_QUOTE_PCR_DIGEST_MISMATCH;
}

bool gate_step_precheck(struct gate_ctx *g, struct json_writer *f, struct err *e)
{
	bool ok = gate_ak_aia(g, f, e) && verify_once(g, f, e);

	if (!ok && pcrs_moved(e)) {
		/* Collect once more (issue 18): a PCR extended between PCR read and quote. */
		gate_facts_close(f);
		json_kv_str(f, "first_attempt", e->reason);
		err_clear(e);
		if (!collect_once(g, e))
			return false;
		json_kv_u64(f, "collections", g->collects);
		ok = verify_once(g, f, e);
		if (!ok && pcrs_moved(e))
			return err_relabel(e, R_GATE_PCRS_MOVED, "second collection");
	}
	if (!ok && e->id == R_ATTEST_AK_CERT_PLACEHOLDER)
		return err_relabel(e, R_GATE_AK_CERT_PLACEHOLDER, NULL);
	return ok && replay_log(g, f, e);
}
