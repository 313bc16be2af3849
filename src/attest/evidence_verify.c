#include "attest/evidence_verify.h"

#include <stdio.h>
#include <string.h>

#include "attest/ak_cert.h"
#include "attest/ephemeral_key.h"
#include "attest/hcl_report.h"
#include "attest/quote_verify.h"
#include "attest/tpm2b_public.h"
#include "eventlog/eventlog.h"

#define L "attest"

/* Step 4: the log's SHA-256 replay equals the quoted PCR values (every PCR named). */
static bool check_replay(const struct evidence *ev, struct err *e)
{
	struct eventlog log;
	static struct pcr_banks banks;
	struct pcr_value given[EVIDENCE_NUM_PCRS];
	struct pcr_mismatch mm[EVIDENCE_NUM_PCRS];
	size_t ng = 0, nm;
	char names[128] = "";

	if (!ev->has_eventlog)
		return err_set(e, L, "eventlog_missing", ERR_NO_OFFSET,
			       "the bundle has no event log to replay");
	if (!eventlog_parse(ev->eventlog.data, ev->eventlog.len, &log, e))
		return false;
	if (!eventlog_replay(&log, &banks, e)) {
		eventlog_free(&log);
		return false;
	}
	for (unsigned i = 0; i < EVIDENCE_NUM_PCRS; i++)
		if (ev->pcr_mask >> i & 1)
			given[ng++] = (struct pcr_value){TPM_ALG_SHA256, i, ev->pcr[i], 32};
	nm = eventlog_compare(&banks, given, ng, mm, EVIDENCE_NUM_PCRS);
	eventlog_free(&log);
	if (nm == 0)
		return true;
	for (size_t i = 0; i < nm && i < EVIDENCE_NUM_PCRS; i++) {
		size_t k = strlen(names);
		snprintf(names + k, sizeof(names) - k, "%s%u(%s)", i ? "," : "", mm[i].pcr,
			 eventlog_mismatch_name(mm[i].kind));
	}
	return err_set(e, L, "pcr_replay_mismatch", ERR_NO_OFFSET,
		       "event log replay differs from the quoted sha256 PCRs %s", names);
}

/* Step 5: the ephemeral key is certified by the AK and has the expected shape. */
static bool check_certify(const struct evidence *ev, const struct rsa_pub *ak,
			  const uint8_t *values, size_t vlen, struct err *e)
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
			e->reason = "certify_bad_signature";
		return false;
	}
	if (c.type != TPM_ST_ATTEST_CERTIFY)
		return err_set(e, L, "not_a_certify", 4, "TPMS_ATTEST type 0x%04x", c.type);
	/* Part 3 18.2: certifyInfo.name is the Name of the certified object. */
	if (!tpm_public_name(&k, name, &nl, e))
		return false;
	if (c.certified_name_len != nl || memcmp(c.certified_name, name, nl) != 0)
		return err_set(e, L, "certify_name_mismatch", ERR_NO_OFFSET,
			       "the certification does not name enc_key_pub");
	if (!ephemeral_policy_digest(ev->pcr_mask, values, vlen, policy, e))
		return false;
	return ephemeral_key_check(&k, policy, e);
}

bool evidence_verify(const struct evidence *ev, const struct evidence_policy *p,
		     struct json_writer *w, struct err *e)
{
	struct tpm_public akp;
	static struct rsa_pub ak;
	struct quote_expect want;
	struct tpms_attest q;
	uint8_t values[EVIDENCE_NUM_PCRS * 32];
	size_t vlen = evidence_pcr_values(ev, values);
	const uint8_t *sig;
	size_t sig_len;
	struct hcl_report hcl;

	if (!tpm2b_public_parse(ev->ak_pub.data, ev->ak_pub.len, &akp, e) ||
	    !ak_public_check(&akp, e) || !tpm_public_rsa(&akp, &ak, e))
		return false;
	if (!ak_cert_verify(ev->ak_cert.data, ev->ak_cert.len, p->roots, p->nroots, p->now_unix,
			    &ak, e))
		return false;
	memset(&want, 0, sizeof(want));
	want.check_nonce = true;
	want.nonce = ev->nonce.data;
	want.nonce_len = ev->nonce.len;
	want.check_selection = true;
	want.bank = TPM_ALG_SHA256;
	want.pcr_mask = p->pcr_mask ? p->pcr_mask : ev->pcr_mask;
	want.pcr_values = values;
	want.pcr_values_len = vlen;
	if (!quote_sig_raw(ev->quote_sig.data, ev->quote_sig.len, &ak, &sig, &sig_len, e) ||
	    !quote_verify(ev->quote.data, ev->quote.len, sig, sig_len, &ak, &want, &q, e))
		return false;
	if (!check_replay(ev, e))
		return false;
	if (!check_certify(ev, &ak, values, vlen, e))
		return false;
	if (ev->has_hcl &&
	    (!hcl_report_parse(ev->hcl_report.data, ev->hcl_report.len, &hcl, e) ||
	     !hcl_report_check_binding(&hcl, e) || !hcl_report_check_ak(&hcl, &ak, e)))
		return false;
	if (w) {
		json_obj_begin(w);
		json_kv_bool(w, "verified", true);
		json_kv_str(w, "ak_public", "restricted RSA signer");
		json_kv_str(w, "ak_certificate", "chains to --ak-roots, key equals AK");
		json_kv_str(w, "quote", "signature, nonce, selection, pcr digest");
		json_kv_str(w, "eventlog", "sha256 replay equals quoted PCRs");
		json_kv_str(w, "ephemeral_key", "certified by AK, PolicyPCR template");
		json_kv_str(w, "hcl_report", ev->has_hcl ? "binding and HCLAkPub == AK" : "absent");
		json_key(w, "pcrs");
		json_arr_begin(w);
		for (unsigned i = 0; i < EVIDENCE_NUM_PCRS; i++)
			if (ev->pcr_mask >> i & 1)
				json_u64(w, i);
		json_arr_end(w);
		json_kv_u64(w, "now", p->now_unix);
		json_obj_end(w);
	}
	return true;
}
