#include "attest/evidence_verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attest/ak_cert.h"
#include "attest/ephemeral_key.h"
#include "attest/hcl_report.h"
#include "attest/quote_verify.h"
#include "attest/tpm2b_public.h"
#include "core/digest.h"

/* The quoted PCR set (signed) and the bundle's values of exactly those PCRs. */
struct quoted_pcrs {
	uint32_t mask;
	uint8_t values[EVIDENCE_NUM_PCRS * 32];
	size_t vlen;
};

/* Large or key material: one heap block per call instead of static storage. */
struct verify_scratch {
	struct rsa_pub ak;
	struct pcr_banks banks;
	struct quoted_pcrs qp;
};

static const char *const isolation_names[] = {"", "trustedlaunch", "sevsnp", "tdx"};

bool evidence_isolation_parse(const char *s, enum evidence_isolation *out)
{
	for (size_t i = 1; s && i < sizeof(isolation_names) / sizeof(isolation_names[0]); i++)
		if (strcmp(s, isolation_names[i]) == 0) {
			*out = (enum evidence_isolation)i;
			return true;
		}
	return false;
}

const char *evidence_isolation_name(enum evidence_isolation iso)
{
	return (size_t)iso < sizeof(isolation_names) / sizeof(isolation_names[0])
		   ? isolation_names[iso]
		   : "";
}

/* "a-b,c" for the set bits of mask, appended at out[*k]; false when it does not fit. */
static bool append_ranges(uint32_t mask, char *out, size_t n, size_t *k)
{
	bool first = true;
	for (unsigned i = 0; i < 32; i++) {
		unsigned j = i;
		int w;
		if (!(mask >> i & 1))
			continue;
		while (j + 1 < 32 && (mask >> (j + 1) & 1))
			j++;
		w = j > i ? snprintf(out + *k, n - *k, "%s%u-%u", first ? "" : ",", i, j)
			  : snprintf(out + *k, n - *k, "%s%u", first ? "" : ",", i);
		if (w < 0 || (size_t)w >= n - *k)
			return false;
		*k += (size_t)w;
		first = false;
		i = j;
	}
	return true;
}

bool evidence_mismatch_text(const char *bank, const struct pcr_mismatch *mm, size_t nm, char *out,
			    size_t n)
{
	/* Kinds 1-5 (eventlog.h); index 0 collects any other value, labelled "?". */
	uint32_t by_kind[6] = {0};
	size_t k = 0;
	bool first = true;
	int w;

	if (n == 0)
		return false;
	out[0] = '\0';
	for (size_t i = 0; i < nm; i++) {
		unsigned kind = (unsigned)mm[i].kind <= 5 ? (unsigned)mm[i].kind : 0;
		if (mm[i].pcr < 32)
			by_kind[kind] |= 1u << mm[i].pcr;
	}
	w = snprintf(out, n, "%s: ", bank);
	if (w < 0 || (size_t)w >= n)
		return false;
	k = (size_t)w;
	for (unsigned kind = 0; kind < 6; kind++) {
		if (!by_kind[kind])
			continue;
		if (!first) {
			w = snprintf(out + k, n - k, "; ");
			if (w < 0 || (size_t)w >= n - k)
				return false;
			k += (size_t)w;
		}
		if (!append_ranges(by_kind[kind], out, n, &k))
			return false;
		w = snprintf(out + k, n - k, " %s",
			     kind ? eventlog_mismatch_name((enum pcr_mismatch_kind)kind) : "?");
		if (w < 0 || (size_t)w >= n - k)
			return false;
		k += (size_t)w;
		first = false;
	}
	return true;
}

/* Step 4: the log's SHA-256 replay equals every quoted PCR value (every mismatch named). */
static bool check_replay(const struct evidence *ev, const struct quoted_pcrs *qp,
			 struct pcr_banks *banks, struct err *e)
{
	struct eventlog log;
	struct pcr_value given[EVIDENCE_NUM_PCRS];
	struct pcr_mismatch mm[EVIDENCE_NUM_PCRS];
	size_t ng = 0, nm;
	char names[sizeof(e->detail)];

	if (!ev->has_eventlog)
		return err_fail(e, R_ATTEST_EVENTLOG_MISSING, ERR_NO_OFFSET,
				"the bundle has no event log to replay");
	if (!eventlog_parse(ev->eventlog.data, ev->eventlog.len, &log, e))
		return false;
	if (!eventlog_replay(&log, banks, e)) {
		eventlog_free(&log);
		return false;
	}
	/* Values by the quote's selection: the k-th value is the k-th quoted PCR. */
	for (unsigned i = 0; i < EVIDENCE_NUM_PCRS; i++)
		if (qp->mask >> i & 1) {
			given[ng] = (struct pcr_value){TPM_ALG_SHA256, i, qp->values + 32 * ng, 32};
			ng++;
		}
	nm = eventlog_compare(banks, given, ng, mm, EVIDENCE_NUM_PCRS);
	eventlog_free(&log);
	if (nm == 0)
		return true;
	/* nm <= ng <= 24 and the text of one bank always fits the detail (evidence_verify.h). */
	evidence_mismatch_text("sha256", mm, nm < EVIDENCE_NUM_PCRS ? nm : EVIDENCE_NUM_PCRS, names,
			       sizeof(names));
	return err_fail(e, R_ATTEST_PCR_REPLAY_MISMATCH, ERR_NO_OFFSET, "%s", names);
}

/*
 * Step 3, after the quote's signature: the signed selection is the PCR set; the unsigned
 * pcr_selection and the policy must agree with it, and the values must hash to pcrDigest.
 */
static bool check_quoted_pcrs(const struct evidence *ev, const struct evidence_policy *p,
			      const struct tpms_attest *q, struct quoted_pcrs *qp, struct err *e)
{
	uint8_t d[DIGEST_MAX_SIZE];
	size_t dl = 0;
	uint32_t mask;

	/* Part 2 10.12.4 TPMS_QUOTE_INFO.pcrSelect: exactly one SHA-256 bank of PCRs 0-23. */
	if (q->nsel != 1 || q->sel[0].hash != TPM_ALG_SHA256 || q->sel[0].mask == 0 ||
	    q->sel[0].mask >> EVIDENCE_NUM_PCRS)
		return err_fail(e, R_ATTEST_QUOTE_PCR_SELECTION_MISMATCH, ERR_NO_OFFSET,
				"the quote selects %zu bank(s), first 0x%04x mask 0x%x: want one "
				"sha256 bank of PCRs 0-23",
				q->nsel, q->nsel ? q->sel[0].hash : 0,
				q->nsel ? q->sel[0].mask : 0);
	mask = q->sel[0].mask;
	if (ev->pcr_mask != mask)
		return err_fail(e, R_ATTEST_BUNDLE_PCR_SELECTION_MISMATCH, ERR_NO_OFFSET,
				"bundle pcr_selection mask 0x%06x, the signed quote selects 0x%06x",
				ev->pcr_mask, mask);
	if ((p->pcr_mask & ~mask) != 0)
		return err_fail(e, R_ATTEST_QUOTE_PCRS_MISSING, ERR_NO_OFFSET,
				"required PCRs mask 0x%06x are not quoted (quote selects 0x%06x)",
				p->pcr_mask & ~mask, mask);
	if (p->pcr_exact && mask != p->pcr_mask)
		return err_fail(e, R_ATTEST_QUOTE_PCR_SELECTION_MISMATCH, ERR_NO_OFFSET,
				"the quote selects mask 0x%06x, --pcrs asks exactly 0x%06x", mask,
				p->pcr_mask);
	qp->mask = mask;
	qp->vlen = 0;
	for (unsigned i = 0; i < EVIDENCE_NUM_PCRS; i++)
		if (mask >> i & 1) {
			memcpy(qp->values + qp->vlen, ev->pcr[i], 32);
			qp->vlen += 32;
		}
	/* Part 3 18.4.1 (TPM2_Quote): pcrDigest = H(selected values, ascending index). */
	if (!quote_pcr_digest(q, qp->values, qp->vlen, d, &dl, e))
		return false;
	if (dl == 0 || dl != q->pcr_digest_len || memcmp(d, q->pcr_digest, dl) != 0)
		return err_fail(e, R_ATTEST_QUOTE_PCR_DIGEST_MISMATCH, ERR_NO_OFFSET,
				"pcrDigest is not the hash of the bundle's quoted PCR values");
	return true;
}

/* Step 5a: the certification and the quote come from the same TPM boot and the same AK. */
static bool check_same_boot(const struct tpms_attest *c, const struct tpms_attest *q, struct err *e)
{
	/* Part 2 10.11.1 TPMS_CLOCK_INFO: resetCount and restartCount change with every TPM
	 * Reset / Restart; firmwareVersion (10.12.12) with every firmware update. */
	if (c->reset_count != q->reset_count || c->restart_count != q->restart_count ||
	    c->firmware_version != q->firmware_version)
		return err_fail(e, R_ATTEST_CERTIFY_QUOTE_BOOT_MISMATCH, ERR_NO_OFFSET,
				"certify reset/restart %u/%u fw 0x%llx, quote %u/%u fw 0x%llx",
				c->reset_count, c->restart_count,
				(unsigned long long)c->firmware_version, q->reset_count,
				q->restart_count, (unsigned long long)q->firmware_version);
	/* Part 2 10.12.12: qualifiedSigner is the Qualified Name of the signing key. */
	if (c->qualified_signer_len != q->qualified_signer_len ||
	    memcmp(c->qualified_signer, q->qualified_signer, q->qualified_signer_len) != 0)
		return err_fail(e, R_ATTEST_CERTIFY_QUOTE_SIGNER_MISMATCH, ERR_NO_OFFSET,
				"the certification and the quote name different signing keys");
	return true;
}

/* Step 5: the ephemeral key is certified by the AK and has the expected shape. */
static bool check_certify(const struct evidence *ev, const struct rsa_pub *ak,
			  const struct tpms_attest *q, const struct quoted_pcrs *qp, struct err *e)
{
	struct tpm_public k;
	struct tpms_attest c;
	uint8_t name[TPM_MAX_NAME], policy[32];
	size_t nl;

	if (!tpm2b_public_parse(ev->enc_key_pub.data, ev->enc_key_pub.len, &k, e) ||
	    !tpms_attest_parse(ev->certify_info.data, ev->certify_info.len, &c, e))
		return false;
	if (!attest_sig_verify(ev->certify_info.data, ev->certify_info.len, ev->certify_sig.data,
			       ev->certify_sig.len, ak, e)) {
		if (e)
			err_relabel(e, R_ATTEST_CERTIFY_BAD_SIGNATURE, NULL);
		return false;
	}
	if (c.type != TPM_ST_ATTEST_CERTIFY)
		return err_fail(e, R_ATTEST_NOT_A_CERTIFY, 4, "TPMS_ATTEST type 0x%04x", c.type);
	if (!check_same_boot(&c, q, e))
		return false;
	/* Part 3 18.2: certifyInfo.name is the Name of the certified object. */
	if (!tpm_public_name(&k, name, &nl, e))
		return false;
	if (c.certified_name_len != nl || memcmp(c.certified_name, name, nl) != 0)
		return err_fail(e, R_ATTEST_CERTIFY_NAME_MISMATCH, ERR_NO_OFFSET,
				"the certification does not name enc_key_pub");
	if (!ephemeral_policy_digest(qp->mask, qp->values, qp->vlen, policy, e))
		return false;
	return ephemeral_key_check(&k, policy, e);
}

/* Step 6: the isolation the verifier requires is what the HCL report proves. */
static bool check_isolation(const struct evidence *ev, const struct evidence_policy *p,
			    const struct rsa_pub *ak, struct err *e)
{
	struct hcl_report hcl;
	uint32_t want = p->isolation == EVIDENCE_ISOLATION_SEV_SNP ? HCL_REPORT_TYPE_SNP
			: p->isolation == EVIDENCE_ISOLATION_TDX   ? HCL_REPORT_TYPE_TDX
								   : 0;

	if (!ev->has_hcl) {
		if (want == 0)
			return true; /* trusted launch: a vTPM without an HCL report */
		return err_fail(e, R_ATTEST_HCL_REPORT_MISSING, ERR_NO_OFFSET,
				"--isolation %s needs an HCL report; the bundle has none",
				evidence_isolation_name(p->isolation));
	}
	if (!hcl_report_parse(ev->hcl_report.data, ev->hcl_report.len, &hcl, e) ||
	    !hcl_report_check_binding(&hcl, e) || !hcl_report_check_ak(&hcl, ak, e))
		return false;
	if (want != 0 && hcl.report_type != want)
		return err_fail(e, R_ATTEST_ISOLATION_MISMATCH, ERR_NO_OFFSET,
				"HCL report type %u, --isolation %s wants type %u", hcl.report_type,
				evidence_isolation_name(p->isolation), want);
	return true;
}

static void write_summary(const struct evidence *ev, const struct evidence_policy *p,
			  const struct tpms_attest *q, uint32_t mask, struct json_writer *w)
{
	json_obj_begin(w);
	json_kv_bool(w, "verified", true);
	json_kv_str(w, "isolation", evidence_isolation_name(p->isolation));
	json_kv_str(w, "ak_public", "restricted RSA signer");
	json_kv_str(w, "ak_certificate", "chains to --ak-roots, key equals AK");
	json_kv_str(w, "quote", "signature, nonce, signed selection, pcr digest");
	json_kv_str(w, "eventlog", "sha256 replay equals every quoted PCR");
	json_kv_str(w, "ephemeral_key", "certified by AK in the quote's boot, PolicyPCR template");
	json_kv_str(w, "hcl_report",
		    ev->has_hcl ? "binding and HCLAkPub == AK (hardware signature not checked)"
				: "none (trustedlaunch)");
	json_key(w, "pcrs");
	json_arr_begin(w);
	for (unsigned i = 0; i < EVIDENCE_NUM_PCRS; i++)
		if (mask >> i & 1)
			json_u64(w, i);
	json_arr_end(w);
	json_kv_u64(w, "quote_clock", q->clock);
	json_kv_u64(w, "quote_reset_count", q->reset_count);
	json_kv_u64(w, "quote_restart_count", q->restart_count);
	json_kv_u64(w, "now", p->now_unix);
	json_obj_end(w);
}

static bool check_policy(const struct evidence *ev, const struct evidence_policy *p, struct err *e)
{
	if (p->pcr_mask == 0 || p->pcr_mask >> EVIDENCE_NUM_PCRS)
		return err_fail(e, R_ATTEST_BAD_POLICY, ERR_NO_OFFSET,
				"required PCR mask 0x%x: want a non-empty set of PCRs 0-23",
				p->pcr_mask);
	if (p->isolation < EVIDENCE_ISOLATION_TRUSTED_LAUNCH ||
	    p->isolation > EVIDENCE_ISOLATION_TDX)
		return err_fail(e, R_ATTEST_BAD_POLICY, ERR_NO_OFFSET,
				"no isolation type required (trustedlaunch, sevsnp or tdx)");
	if (p->now_unix > AK_CERT_MAX_NOW)
		return err_fail(e, R_ATTEST_BAD_POLICY, ERR_NO_OFFSET,
				"time %llu is after 9999-12-31", (unsigned long long)p->now_unix);
	/* The nonce is the quote's qualifyingData (Part 3 18.4); the collector uses 32 bytes. */
	if (ev->nonce.len != EVIDENCE_NONCE_SIZE)
		return err_fail(e, R_ATTEST_BAD_NONCE_SIZE, ERR_NO_OFFSET,
				"nonce is %zu bytes, want %u", ev->nonce.len, EVIDENCE_NONCE_SIZE);
	return true;
}

static bool verify_all(const struct evidence *ev, const struct evidence_policy *p,
		       struct verify_scratch *s, struct tpms_attest *q, struct err *e)
{
	struct tpm_public akp;
	struct quote_expect want;
	const uint8_t *sig;
	size_t sig_len;

	if (!check_policy(ev, p, e))
		return false;
	if (!tpm2b_public_parse(ev->ak_pub.data, ev->ak_pub.len, &akp, e) ||
	    !ak_public_check(&akp, e) || !tpm_public_rsa(&akp, &s->ak, e))
		return false;
	if (!ak_cert_verify(ev->ak_cert.data, ev->ak_cert.len, p->roots, p->nroots, p->now_unix,
			    &s->ak, e))
		return false;
	/* Signature, type and nonce here; the selection and digest by check_quoted_pcrs. */
	memset(&want, 0, sizeof(want));
	want.check_nonce = true;
	want.nonce = ev->nonce.data;
	want.nonce_len = ev->nonce.len;
	if (!quote_sig_raw(ev->quote_sig.data, ev->quote_sig.len, &s->ak, &sig, &sig_len, e) ||
	    !quote_verify(ev->quote.data, ev->quote.len, sig, sig_len, &s->ak, &want, q, e))
		return false;
	return check_quoted_pcrs(ev, p, q, &s->qp, e) && check_replay(ev, &s->qp, &s->banks, e) &&
	       check_certify(ev, &s->ak, q, &s->qp, e) && check_isolation(ev, p, &s->ak, e);
}

bool evidence_verify(const struct evidence *ev, const struct evidence_policy *p,
		     struct json_writer *w, struct err *e)
{
	struct verify_scratch *s = calloc(1, sizeof(*s));
	struct tpms_attest q;
	bool ok;

	if (!s)
		return err_fail(e, R_ATTEST_OUT_OF_MEMORY, ERR_NO_OFFSET, "verifier scratch");
	ok = verify_all(ev, p, s, &q, e);
	if (ok && w)
		write_summary(ev, p, &q, s->qp.mask, w);
	memset(s, 0, sizeof(*s));
	free(s);
	return ok;
}
