/* The collection sequence of steps 2-3; contract in evidence_collect.h. */
#include "tpm/evidence_collect.h"

#include <stdio.h>
#include <string.h>

#include "shell/file_io.h"
#include "shell/rng.h"
#include "tpm/tcti.h"
#include "tpm/tpm_collect.h"

#define COLLECT_DEFAULT_DEADLINE 60

void collect_opts_azure(struct collect_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->tcti = TCTI_DEFAULT;
	o->deadline_s = COLLECT_DEFAULT_DEADLINE;
	o->pcr_mask = 0xff;
	o->ak_handle = AZURE_AK_HANDLE;
	o->ak_cert_nv = AZURE_AK_CERT_NV;
	o->hcl_nv = AZURE_HCL_REPORT_NV;
	o->eventlog_path = EVENTLOG_DEFAULT_PATH;
}

/* The log first, before any TPM work: a missing log is recorded as null, not an error. */
static void collect_eventlog(const struct collect_opts *o, struct evidence *ev)
{
	if (o->eventlog)
		ev->has_eventlog = o->eventlog_len <= EVIDENCE_MAX_LOG &&
				   buf_append(&ev->eventlog, o->eventlog, o->eventlog_len);
	else
		ev->has_eventlog =
		    o->eventlog_path &&
		    file_read_all(o->eventlog_path, EVIDENCE_MAX_LOG, &ev->eventlog, NULL);
	if (!ev->has_eventlog)
		buf_reset(&ev->eventlog);
}

/* AK public area and certificate (Azure pads the NV area with zeros: trimmed to the DER). */
static bool collect_ak(struct tpm *t, const struct collect_opts *o, struct evidence *ev,
		       struct err *e)
{
	struct buf nv;
	size_t der_len;
	bool present = false, ok;

	buf_init(&nv, TPM_NV_MAX_READ);
	ok = tpm_read_public(t, o->ak_handle, &ev->ak_pub, e) &&
	     tpm_nv_read(t, o->ak_cert_nv, &nv, &present, e);
	if (ok && !present)
		ok = err_fail(e, R_TPM_NV_MISSING, ERR_NO_OFFSET,
			      "no AK certificate at NV 0x%08x: check the vTPM provisioning",
			      o->ak_cert_nv);
	ok = ok && ak_cert_trim(nv.data, nv.len, &der_len, e);
	if (ok && !buf_append(&ev->ak_cert, nv.data, der_len))
		ok = err_fail(e, R_TPM_OUT_OF_MEMORY, ERR_NO_OFFSET, "AK certificate");
	buf_free(&nv);
	return ok;
}

/* PCR values, then the quote over them with the nonce, then the key bound to the same
 * values and certified by the AK (TPM 2.0 Part 3 18.4 TPM2_Quote, 18.2 TPM2_Certify). */
static bool collect_quote(struct tpm *t, const struct collect_opts *o, struct evidence *ev,
			  struct err *e)
{
	uint8_t values[EVIDENCE_NUM_PCRS * 32];
	size_t vlen;

	if (!tpm_pcr_read(t, ev->pcr_mask, values, e))
		return false;
	for (size_t i = 0, k = 0; i < EVIDENCE_NUM_PCRS; i++)
		if (ev->pcr_mask >> i & 1)
			memcpy(ev->pcr[i], values + 32 * k++, 32);
	vlen = evidence_pcr_values(ev, values);
	return tpm_quote(t, o->ak_handle, ev->pcr_mask, ev->nonce.data, ev->nonce.len, &ev->quote,
			 &ev->quote_sig, e) &&
	       tpm_ephemeral_certify(t, o->ak_handle, ev->pcr_mask, values, vlen, &ev->enc_key_pub,
				     &ev->certify_info, &ev->certify_sig, e);
}

bool evidence_collect(const struct collect_opts *o, struct evidence *ev, struct err *e)
{
	uint8_t nonce[TPM_NONCE_SIZE];
	struct tpm *t = NULL;
	bool ok;

	if ((o->pcr_mask & ~((1u << EVIDENCE_NUM_PCRS) - 1)) || o->pcr_mask == 0)
		return err_fail(e, R_TPM_BAD_PCR_LIST, ERR_NO_OFFSET,
				"PCR mask 0x%x: PCRs 0-23, at least one", o->pcr_mask);
	if ((size_t)snprintf(ev->tcti, sizeof(ev->tcti), "%s", o->tcti) >= sizeof(ev->tcti))
		return err_fail(e, R_TPM_BAD_TCTI, ERR_NO_OFFSET, "spec too long");
	ev->pcr_mask = o->pcr_mask;
	ev->ak_handle = o->ak_handle;
	ev->ak_cert_index = o->ak_cert_nv;
	ev->created = o->created_unix;
	collect_eventlog(o, ev);
	if (!rng_bytes(nonce, sizeof(nonce), e))
		return false;
	if (!buf_append(&ev->nonce, nonce, sizeof(nonce)))
		return err_fail(e, R_TPM_OUT_OF_MEMORY, ERR_NO_OFFSET, "nonce");
	ok = tpm_open(o->tcti, o->deadline_s, &t, e) && collect_ak(t, o, ev, e) &&
	     tpm_nv_read(t, o->hcl_nv, &ev->hcl_report, &ev->has_hcl, e) &&
	     collect_quote(t, o, ev, e);
	tpm_close(t);
	return ok;
}

bool evidence_decrypt(const char *tcti, unsigned deadline_s, const struct evidence *ev,
		      const uint8_t *ct, size_t ct_len, bool oaep, struct buf *pt, struct err *e)
{
	uint8_t values[EVIDENCE_NUM_PCRS * 32];
	size_t vlen = evidence_pcr_values(ev, values);
	struct tpm *t = NULL;
	bool ok;

	ok = tpm_open(tcti, deadline_s, &t, e) &&
	     tpm_ephemeral_decrypt(t, ev->pcr_mask, values, vlen, ct, ct_len, oaep, pt, e);
	tpm_close(t);
	return ok;
}
