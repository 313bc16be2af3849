/*
 * libFuzzer harness: evidence_verify() (src/attest/evidence_verify.c: every offline check of
 * an evidence bundle: AK public area, AK certificate chain, quote, event log replay, ephemeral
 * key certification, HCL report) over a bundle read by evidence_read(), with the --ak-roots
 * bundle from the input. Input: PEM root bundle text, a NUL byte, then the evidence bundle JSON
 * (no NUL: the whole input is the bundle and there are no roots). Verification time: 2026-01-01.
 *
 * Properties: a verified bundle writes its summary; the PCR set it verified is exactly the
 * signed quote's selection (the bundle's pcr_selection equals it) and the event log replays to
 * the quoted pcrDigest over those PCR numbers (recomputed here, independently of the verifier);
 * it is refused when the policy asks exactly for another PCR selection than the one quoted.
 * Policy: at least PCRs 0-7 (the default), isolation trustedlaunch (an HCL report, when present,
 * is still checked).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "attest/evidence_bundle.h"
#include "attest/evidence_verify.h"
#include "attest/quote_verify.h"
#include "attest/tpms_attest.h"
#include "core/digest.h"
#include "eventlog/eventlog.h"

/* The verified bundle's quote selects exactly its pcr_selection, and the log replayed over the
 * quote's PCR numbers hashes to the signed pcrDigest. */
static void check_signed_selection(const struct evidence *ev)
{
	struct tpms_attest q;
	struct eventlog log;
	static struct pcr_banks banks; /* harness only: large, and libFuzzer is single-threaded */
	uint8_t vals[EVIDENCE_NUM_PCRS * 32], d[DIGEST_MAX_SIZE];
	size_t n = 0, dl = 0, b;

	if (!tpms_attest_parse(ev->quote.data, ev->quote.len, &q, NULL) || q.nsel != 1 ||
	    q.sel[0].hash != TPM_ALG_SHA256 || q.sel[0].mask != ev->pcr_mask ||
	    (q.sel[0].mask & EVIDENCE_DEFAULT_PCR_MASK) != EVIDENCE_DEFAULT_PCR_MASK)
		__builtin_trap();
	if (!eventlog_parse(ev->eventlog.data, ev->eventlog.len, &log, NULL))
		__builtin_trap();
	if (!eventlog_replay(&log, &banks, NULL))
		__builtin_trap();
	eventlog_free(&log);
	for (b = 0; b < banks.nbanks && banks.bank[b].alg_id != TPM_ALG_SHA256; b++)
		;
	if (b == banks.nbanks)
		__builtin_trap();
	for (unsigned i = 0; i < EVIDENCE_NUM_PCRS; i++)
		if (q.sel[0].mask >> i & 1)
			memcpy(vals + 32 * n++, banks.bank[b].pcr[i], 32);
	if (!quote_pcr_digest(&q, vals, 32 * n, d, &dl, NULL) || dl != q.pcr_digest_len ||
	    memcmp(d, q.pcr_digest, dl) != 0)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct evidence ev;
	static struct pem_obj roots[PEM_MAX_OBJECTS];
	struct evidence_policy pol = {roots,	     0,
				      1767225600ull, EVIDENCE_DEFAULT_PCR_MASK,
				      false,	     EVIDENCE_ISOLATION_TRUSTED_LAUNCH};
	const uint8_t *nul = memchr(data, 0, size);
	const uint8_t *text = data;
	size_t n = size, nroots = 0;
	struct json_writer w;
	struct buf out;
	struct err e;

	if (nul) {
		if (!pem_decode_all(data, (size_t)(nul - data), roots, PEM_MAX_OBJECTS, &nroots,
				    &e))
			return 0;
		text = nul + 1;
		n = size - (size_t)(nul - data) - 1;
	}
	pol.nroots = nroots;
	evidence_init(&ev);
	if (evidence_read(text, n, &ev, &e)) {
		buf_init(&out, 4096);
		json_writer_init(&w, &out);
		if (evidence_verify(&ev, &pol, &w, &e)) {
			if (!json_writer_ok(&w) || out.len == 0)
				__builtin_trap();
			check_signed_selection(&ev);
			pol.pcr_mask = ev.pcr_mask ^ (1u << 23); /* another, never empty set */
			pol.pcr_exact = true;
			if (evidence_verify(&ev, &pol, NULL, &e))
				__builtin_trap();
		}
		buf_free(&out);
	}
	evidence_free(&ev);
	pem_free_all(roots, nroots);
	return 0;
}
