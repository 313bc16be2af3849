/* ESAPI evidence collection; contract in tpm_collect.h. */
#include "tpm/tpm_collect.h"

#include <stdlib.h>
#include <string.h>

#include <tss2/tss2_esys.h>
#include <tss2/tss2_mu.h>

#include "attest/der.h"
#include "attest/ephemeral_key.h"
#include "tpm/esys_crypto_bearssl.h"
#include "tpm/tcti.h"
#include "tpm/tpm_rc.h"

struct tpm {
	TSS2_TCTI_CONTEXT *tcti;
	ESYS_CONTEXT *esys;
	uint64_t deadline_ms;
	uint32_t nv_buffer_max; /* TPM2_PT_NV_BUFFER_MAX, read once */
};

/*
 * Runs an ESAPI call, retrying TPM_RC_RETRY / YIELDED / TESTING with backoff.
 * (ESAPI itself resubmits such commands up to 5 times without delay; this
 * adds a bounded, growing pause on top, within the deadline.)
 */
#define TPM_CALL(t, rc, expr)                                                                      \
	do {                                                                                       \
		struct tpm_retry r_ = {(t)->deadline_ms, 0};                                       \
		do {                                                                               \
			(rc) = (expr);                                                             \
		} while (tpm_rc_is_retry(rc) && tpm_backoff(&r_));                                 \
	} while (0)

/* TPM_RC_HANDLE (format one, any handle/parameter number): Part 2 6.6.3. */
static bool rc_is_handle(TSS2_RC rc)
{
	return (rc & TSS2_RC_LAYER_MASK) == TSS2_TPM_RC_LAYER && (rc & 0x80) && (rc & 0x3F) == 0x0B;
}

bool tpm_open(const char *spec, unsigned deadline_s, struct tpm **out, struct err *e)
{
	struct tcti_spec s;
	struct tpm *t;
	ESYS_CRYPTO_CALLBACKS cb;
	struct tpm_retry r;
	TSS2_RC rc;

	*out = NULL;
	if (!tcti_spec_parse(spec ? spec : TCTI_DEFAULT, &s, e))
		return false;
	t = calloc(1, sizeof(*t));
	if (!t)
		return err_fail(e, R_TPM_OUT_OF_MEMORY, ERR_NO_OFFSET, "tpm context");
	t->deadline_ms = tpm_now_ms() + (uint64_t)deadline_s * 1000u;
	r.deadline_ms = t->deadline_ms;
	r.attempt = 0;
	/* An absent or restarting TPM is retried within the budget, then exit 3. */
	while (!tcti_open(&s, &t->tcti, e)) {
		if (!tpm_backoff(&r)) {
			free(t);
			return false;
		}
	}
	TPM_CALL(t, rc, Esys_Initialize(&t->esys, t->tcti, NULL));
	if (rc != TSS2_RC_SUCCESS) {
		tpm_close(t);
		return tpm_rc_fail(e, rc, "Esys_Initialize", "the TPM connection");
	}
	esys_crypto_bearssl_callbacks(&cb);
	rc = Esys_SetCryptoCallbacks(t->esys, &cb);
	if (rc != TSS2_RC_SUCCESS) {
		tpm_close(t);
		return tpm_rc_fail(e, rc, "Esys_SetCryptoCallbacks", "the tpm2-tss build");
	}
	/* swtpm/--flags startup-clear and real TPMs are started already: ESAPI maps
	 * TPM_RC_INITIALIZE to success. */
	TPM_CALL(t, rc, Esys_Startup(t->esys, TPM2_SU_CLEAR));
	if (rc != TSS2_RC_SUCCESS && (rc & 0xFFFF) != TPM2_RC_INITIALIZE) {
		tpm_close(t);
		return tpm_rc_fail(e, rc, "TPM2_Startup", "that the TPM is started");
	}
	*out = t;
	return true;
}

void tpm_close(struct tpm *t)
{
	if (!t)
		return;
	if (t->esys)
		Esys_Finalize(&t->esys);
	tcti_close(t->tcti);
	free(t);
}

/* ESYS_TR for a persistent object or NV index; *missing when the TPM has no such handle. */
static bool tr_from_handle(struct tpm *t, uint32_t h, ESYS_TR *tr, bool *missing, struct err *e)
{
	TSS2_RC rc;

	*missing = false;
	TPM_CALL(t, rc,
		 Esys_TR_FromTPMPublic(t->esys, h, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, tr));
	if (rc == TSS2_RC_SUCCESS)
		return true;
	if (rc_is_handle(rc)) {
		*missing = true;
		return false;
	}
	return tpm_rc_fail(e, rc, "TPM2_ReadPublic/NV_ReadPublic", "the handle");
}

static void tr_close(struct tpm *t, ESYS_TR *tr)
{
	if (*tr != ESYS_TR_NONE)
		Esys_TR_Close(t->esys, tr);
	*tr = ESYS_TR_NONE;
}

static void flush(struct tpm *t, ESYS_TR *tr)
{
	if (*tr != ESYS_TR_NONE)
		Esys_FlushContext(t->esys, *tr);
	*tr = ESYS_TR_NONE;
}

bool tpm_read_public(struct tpm *t, uint32_t handle, struct buf *out, struct err *e)
{
	ESYS_TR tr = ESYS_TR_NONE;
	TPM2B_PUBLIC *pub = NULL;
	uint8_t m[sizeof(TPM2B_PUBLIC)];
	size_t off = 0;
	bool missing, ok = false;
	TSS2_RC rc;

	if (!tr_from_handle(t, handle, &tr, &missing, e)) {
		if (missing)
			return err_fail(e, R_TPM_AK_MISSING, ERR_NO_OFFSET,
					"no object at persistent handle 0x%08x: check that the "
					"vTPM is provisioned (Azure: AK at 0x81000003)",
					handle);
		return false;
	}
	TPM_CALL(t, rc,
		 Esys_ReadPublic(t->esys, tr, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &pub, NULL,
				 NULL));
	if (rc != TSS2_RC_SUCCESS) {
		tpm_rc_fail(e, rc, "TPM2_ReadPublic", "the AK handle");
		goto out;
	}
	rc = Tss2_MU_TPM2B_PUBLIC_Marshal(pub, m, sizeof(m), &off);
	if (rc != TSS2_RC_SUCCESS) {
		tpm_rc_fail(e, rc, "Tss2_MU_TPM2B_PUBLIC_Marshal", "the AK public area");
		goto out;
	}
	buf_reset(out);
	ok = buf_append(out, m, off) ||
	     err_fail(e, R_TPM_OUT_OF_MEMORY, ERR_NO_OFFSET, "AK public area");
out:
	Esys_Free(pub);
	tr_close(t, &tr);
	return ok;
}

static bool nv_buffer_max(struct tpm *t, struct err *e)
{
	TPMS_CAPABILITY_DATA *cap = NULL;
	TPMI_YES_NO more;
	TSS2_RC rc;

	if (t->nv_buffer_max)
		return true;
	TPM_CALL(t, rc,
		 Esys_GetCapability(t->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
				    TPM2_CAP_TPM_PROPERTIES, TPM2_PT_NV_BUFFER_MAX, 1, &more,
				    &cap));
	if (rc != TSS2_RC_SUCCESS)
		return tpm_rc_fail(e, rc, "TPM2_GetCapability(TPM2_PT_NV_BUFFER_MAX)", "the TPM");
	if (cap->data.tpmProperties.count != 1 ||
	    cap->data.tpmProperties.tpmProperty[0].property != TPM2_PT_NV_BUFFER_MAX ||
	    cap->data.tpmProperties.tpmProperty[0].value == 0) {
		Esys_Free(cap);
		return err_fail(e, R_TPM_TPM_ERROR, ERR_NO_OFFSET,
				"TPM2_GetCapability: no TPM2_PT_NV_BUFFER_MAX: check the TPM");
	}
	t->nv_buffer_max = cap->data.tpmProperties.tpmProperty[0].value;
	if (t->nv_buffer_max > sizeof(((TPM2B_MAX_NV_BUFFER *)0)->buffer))
		t->nv_buffer_max = sizeof(((TPM2B_MAX_NV_BUFFER *)0)->buffer);
	Esys_Free(cap);
	return true;
}

bool tpm_nv_read(struct tpm *t, uint32_t index, struct buf *out, bool *present, struct err *e)
{
	ESYS_TR tr = ESYS_TR_NONE;
	TPM2B_NV_PUBLIC *pub = NULL;
	bool missing, ok = false;
	TSS2_RC rc;
	uint16_t size;

	*present = false;
	buf_reset(out);
	if (!tr_from_handle(t, index, &tr, &missing, e))
		return missing; /* absent index: not an error here */
	*present = true;
	if (!nv_buffer_max(t, e))
		goto out;
	TPM_CALL(
	    t, rc,
	    Esys_NV_ReadPublic(t->esys, tr, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &pub, NULL));
	if (rc != TSS2_RC_SUCCESS) {
		tpm_rc_fail(e, rc, "TPM2_NV_ReadPublic", "the NV index");
		goto out;
	}
	size = pub->nvPublic.dataSize;
	if (size > TPM_NV_MAX_READ) {
		err_fail(e, R_TPM_NV_TOO_LARGE, ERR_NO_OFFSET, "NV 0x%08x holds %u bytes (cap %u)",
			 index, size, TPM_NV_MAX_READ);
		goto out;
	}
	for (uint16_t off = 0; off < size;) {
		TPM2B_MAX_NV_BUFFER *data = NULL;
		uint16_t got;
		bool appended;
		uint32_t left = (uint32_t)size - off;
		uint16_t n = (uint16_t)(left < t->nv_buffer_max ? left : t->nv_buffer_max);
		/* Owner authorization (empty on Azure and swtpm), as the Microsoft client does. */
		TPM_CALL(t, rc,
			 Esys_NV_Read(t->esys, ESYS_TR_RH_OWNER, tr, ESYS_TR_PASSWORD, ESYS_TR_NONE,
				      ESYS_TR_NONE, n, off, &data));
		if (rc != TSS2_RC_SUCCESS) {
			tpm_rc_fail(e, rc, "TPM2_NV_Read",
				    "that the owner authorization is empty and the index is "
				    "owner-readable");
			goto out;
		}
		/* Success without a buffer would be an ESAPI bug: fail closed all the same. */
		got = data ? data->size : 0;
		appended = data && got == n && buf_append(out, data->buffer, n);
		Esys_Free(data);
		if (!appended) {
			err_fail(e, R_TPM_TPM_ERROR, ERR_NO_OFFSET,
				 "TPM2_NV_Read returned %u bytes, asked %u", got, n);
			goto out;
		}
		off = (uint16_t)(off + n);
	}
	ok = true;
out:
	Esys_Free(pub);
	tr_close(t, &tr);
	return ok;
}

static void sha256_selection(uint32_t mask, TPML_PCR_SELECTION *s)
{
	memset(s, 0, sizeof(*s));
	s->count = 1;
	s->pcrSelections[0].hash = TPM2_ALG_SHA256;
	s->pcrSelections[0].sizeofSelect = 3;
	s->pcrSelections[0].pcrSelect[0] = (uint8_t)mask;
	s->pcrSelections[0].pcrSelect[1] = (uint8_t)(mask >> 8);
	s->pcrSelections[0].pcrSelect[2] = (uint8_t)(mask >> 16);
}

bool tpm_pcr_read(struct tpm *t, uint32_t mask, uint8_t *values, struct err *e)
{
	uint8_t got[TPM_MAX_PCRS][32];
	uint32_t want = mask, have = 0;
	size_t k = 0;

	if (mask == 0 || mask >> TPM_MAX_PCRS)
		return err_fail(e, R_TPM_BAD_PCR_SELECTION, ERR_NO_OFFSET, "PCR mask 0x%x", mask);
	/* A TPM returns at most 8 digests per TPM2_PCR_Read: loop on what is left. */
	for (int round = 0; want && round < TPM_MAX_PCRS; round++) {
		TPML_PCR_SELECTION in, *sel_out = NULL;
		TPML_DIGEST *dig = NULL;
		UINT32 counter;
		TSS2_RC rc;
		uint32_t outmask = 0;
		size_t d = 0;

		sha256_selection(want, &in);
		TPM_CALL(t, rc,
			 Esys_PCR_Read(t->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &in,
				       &counter, &sel_out, &dig));
		if (rc != TSS2_RC_SUCCESS)
			return tpm_rc_fail(e, rc, "TPM2_PCR_Read",
					   "that the SHA-256 bank is active");
		if (sel_out->count == 1 && sel_out->pcrSelections[0].hash == TPM2_ALG_SHA256)
			for (int b = 0; b < 3 && b < sel_out->pcrSelections[0].sizeofSelect; b++)
				outmask |= (uint32_t)sel_out->pcrSelections[0].pcrSelect[b]
					   << (8 * b);
		for (unsigned i = 0; i < TPM_MAX_PCRS; i++) {
			if (!(outmask >> i & 1))
				continue;
			if (d >= dig->count || dig->digests[d].size != 32 || !(want >> i & 1)) {
				Esys_Free(sel_out);
				Esys_Free(dig);
				return err_fail(
				    e, R_TPM_TPM_ERROR, ERR_NO_OFFSET,
				    "TPM2_PCR_Read: inconsistent answer: check that the "
				    "SHA-256 bank is allocated");
			}
			memcpy(got[i], dig->digests[d++].buffer, 32);
			have |= 1u << i;
		}
		want &= ~outmask;
		Esys_Free(sel_out);
		Esys_Free(dig);
		if (outmask == 0)
			break;
	}
	if (have != mask)
		return err_fail(
		    e, R_TPM_TPM_ERROR, ERR_NO_OFFSET,
		    "TPM2_PCR_Read: PCRs 0x%x not returned: check that the SHA-256 bank "
		    "is allocated",
		    mask & ~have);
	for (unsigned i = 0; i < TPM_MAX_PCRS; i++)
		if (mask >> i & 1)
			memcpy(values + 32 * k++, got[i], 32);
	return true;
}

/* TPMT_SIGNATURE -> raw RSASSA bytes; anything else is refused (the verifier has RSASSA only). */
static bool raw_rsassa(const TPMT_SIGNATURE *sig, struct buf *out, const char *cmd, struct err *e)
{
	if (sig->sigAlg != TPM2_ALG_RSASSA || sig->signature.rsassa.hash != TPM2_ALG_SHA256)
		return err_fail(e, R_TPM_UNEXPECTED_SIGNATURE, ERR_NO_OFFSET,
				"%s: signature alg 0x%04x: check that the AK is RSASSA/SHA-256",
				cmd, sig->sigAlg);
	buf_reset(out);
	return buf_append(out, sig->signature.rsassa.sig.buffer, sig->signature.rsassa.sig.size) ||
	       err_fail(e, R_TPM_OUT_OF_MEMORY, ERR_NO_OFFSET, "signature");
}

static bool ak_tr(struct tpm *t, uint32_t ak_handle, ESYS_TR *tr, struct err *e)
{
	bool missing;

	if (tr_from_handle(t, ak_handle, tr, &missing, e))
		return true;
	if (missing)
		return err_fail(e, R_TPM_AK_MISSING, ERR_NO_OFFSET,
				"no AK at 0x%08x: check the vTPM provisioning", ak_handle);
	return false;
}

bool tpm_quote(struct tpm *t, uint32_t ak_handle, uint32_t mask, const uint8_t *nonce,
	       size_t nonce_len, struct buf *attest, struct buf *sig, struct err *e)
{
	ESYS_TR ak = ESYS_TR_NONE;
	TPM2B_DATA q;
	/* inScheme (Part 3 18.4): NULL = the AK's own scheme. Named in_scheme, not scheme: a
	 * variable named like its designated member reads as self-use to cppcheck. */
	TPMT_SIG_SCHEME in_scheme = {.scheme = TPM2_ALG_NULL};
	TPML_PCR_SELECTION sel;
	TPM2B_ATTEST *quoted = NULL;
	TPMT_SIGNATURE *signature = NULL;
	TSS2_RC rc;
	bool ok = false;

	if (nonce_len > sizeof(q.buffer))
		return err_fail(e, R_TPM_BAD_NONCE, ERR_NO_OFFSET, "nonce too long");
	if (!ak_tr(t, ak_handle, &ak, e))
		return false;
	q.size = (UINT16)nonce_len;
	memcpy(q.buffer, nonce, nonce_len);
	sha256_selection(mask, &sel);
	TPM_CALL(t, rc,
		 Esys_Quote(t->esys, ak, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &q,
			    &in_scheme, &sel, &quoted, &signature));
	if (rc != TSS2_RC_SUCCESS) {
		tpm_rc_fail(e, rc, "TPM2_Quote", "that the AK is a restricted signing key");
		goto out;
	}
	buf_reset(attest);
	if (!buf_append(attest, quoted->attestationData, quoted->size)) {
		err_fail(e, R_TPM_OUT_OF_MEMORY, ERR_NO_OFFSET, "quote");
		goto out;
	}
	ok = raw_rsassa(signature, sig, "TPM2_Quote", e);
out:
	Esys_Free(quoted);
	Esys_Free(signature);
	tr_close(t, &ak);
	return ok;
}

/* TPM2_CreatePrimary of the ephemeral key in the NULL hierarchy (docs 7.3). */
static bool create_ephemeral(struct tpm *t, uint32_t mask, const uint8_t *values, size_t len,
			     ESYS_TR *key, TPM2B_PUBLIC **pub, struct err *e)
{
	TPM2B_SENSITIVE_CREATE sens;
	TPM2B_PUBLIC tmpl;
	TPM2B_DATA outside = {.size = 0};
	TPML_PCR_SELECTION creation_pcr = {.count = 0};
	TSS2_RC rc;
	uint8_t policy[32];

	if (!ephemeral_policy_digest(mask, values, len, policy, e))
		return false;
	memset(&sens, 0, sizeof(sens));
	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.publicArea.type = TPM2_ALG_RSA;
	tmpl.publicArea.nameAlg = TPM2_ALG_SHA256;
	tmpl.publicArea.objectAttributes = EPHEMERAL_KEY_ATTRIBUTES;
	tmpl.publicArea.authPolicy.size = 32;
	memcpy(tmpl.publicArea.authPolicy.buffer, policy, 32);
	tmpl.publicArea.parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
	tmpl.publicArea.parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
	tmpl.publicArea.parameters.rsaDetail.keyBits = EPHEMERAL_KEY_BITS;
	tmpl.publicArea.parameters.rsaDetail.exponent = 0;
	tmpl.publicArea.unique.rsa.size = EPHEMERAL_KEY_BITS / 8; /* zeros, as [MS-CPP] */
	TPM_CALL(t, rc,
		 Esys_CreatePrimary(t->esys, ESYS_TR_RH_NULL, ESYS_TR_PASSWORD, ESYS_TR_NONE,
				    ESYS_TR_NONE, &sens, &tmpl, &outside, &creation_pcr, key, pub,
				    NULL, NULL, NULL));
	if (rc != TSS2_RC_SUCCESS)
		return tpm_rc_fail(e, rc, "TPM2_CreatePrimary(ephemeral key, NULL hierarchy)",
				   "free object slots (flush leftovers) and RSA-2048 support");
	return true;
}

bool tpm_ephemeral_certify(struct tpm *t, uint32_t ak_handle, uint32_t mask, const uint8_t *values,
			   size_t values_len, struct buf *pubout, struct buf *certify_info,
			   struct buf *certify_sig, struct err *e)
{
	ESYS_TR key = ESYS_TR_NONE, ak = ESYS_TR_NONE;
	TPM2B_PUBLIC *pub = NULL;
	TPM2B_ATTEST *info = NULL;
	TPMT_SIGNATURE *sig = NULL;
	TPM2B_DATA q = {.size = 0};
	TPMT_SIG_SCHEME in_scheme = {.scheme = TPM2_ALG_NULL}; /* the AK's own (Part 3 18.2) */
	uint8_t m[sizeof(TPM2B_PUBLIC)];
	size_t off = 0;
	TSS2_RC rc;
	bool ok = false;

	if (!ak_tr(t, ak_handle, &ak, e))
		return false;
	if (!create_ephemeral(t, mask, values, values_len, &key, &pub, e))
		goto out;
	/* Certify: the object's ADMIN role is its (empty) authValue since adminWithPolicy is
	 * clear; the AK signs (Part 3 18.2). Empty qualifyingData, as [MS-CPP]. */
	TPM_CALL(t, rc,
		 Esys_Certify(t->esys, key, ak, ESYS_TR_PASSWORD, ESYS_TR_PASSWORD, ESYS_TR_NONE,
			      &q, &in_scheme, &info, &sig));
	if (rc != TSS2_RC_SUCCESS) {
		tpm_rc_fail(e, rc, "TPM2_Certify(ephemeral key, AK)", "the AK");
		goto out;
	}
	rc = Tss2_MU_TPM2B_PUBLIC_Marshal(pub, m, sizeof(m), &off);
	if (rc != TSS2_RC_SUCCESS) {
		tpm_rc_fail(e, rc, "Tss2_MU_TPM2B_PUBLIC_Marshal", "the ephemeral key");
		goto out;
	}
	buf_reset(pubout);
	buf_reset(certify_info);
	if (!buf_append(pubout, m, off) ||
	    !buf_append(certify_info, info->attestationData, info->size)) {
		err_fail(e, R_TPM_OUT_OF_MEMORY, ERR_NO_OFFSET, "certify");
		goto out;
	}
	ok = raw_rsassa(sig, certify_sig, "TPM2_Certify", e);
out:
	flush(t, &key);
	Esys_Free(pub);
	Esys_Free(info);
	Esys_Free(sig);
	tr_close(t, &ak);
	return ok;
}

bool tpm_ephemeral_decrypt(struct tpm *t, uint32_t mask, const uint8_t *values, size_t values_len,
			   const uint8_t *ct, size_t ct_len, bool oaep, struct buf *pt,
			   struct err *e)
{
	ESYS_TR key = ESYS_TR_NONE, sess = ESYS_TR_NONE;
	TPM2B_PUBLIC *pub = NULL;
	TPM2B_PUBLIC_KEY_RSA in, *msg = NULL;
	TPMT_RSA_DECRYPT scheme;
	TPM2B_DATA label = {.size = 0};
	TPMT_SYM_DEF sym = {.algorithm = TPM2_ALG_NULL};
	TPM2B_DIGEST pcr_digest = {.size = 0};
	TPML_PCR_SELECTION sel;
	TSS2_RC rc;
	bool ok = false;

	if (ct_len > sizeof(in.buffer))
		return err_fail(e, R_TPM_BAD_CIPHERTEXT, ERR_NO_OFFSET, "%zu bytes", ct_len);
	if (!create_ephemeral(t, mask, values, values_len, &key, &pub, e))
		return false;
	/* Policy session: PolicyPCR with an empty pcrDigest binds to the current values; the
	 * TPM refuses RSA_Decrypt unless they hash to the key's authPolicy (Part 3 23.7). */
	TPM_CALL(t, rc,
		 Esys_StartAuthSession(t->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
				       ESYS_TR_NONE, ESYS_TR_NONE, NULL, TPM2_SE_POLICY, &sym,
				       TPM2_ALG_SHA256, &sess));
	if (rc != TSS2_RC_SUCCESS) {
		tpm_rc_fail(e, rc, "TPM2_StartAuthSession(policy)", "free session slots");
		goto out;
	}
	sha256_selection(mask, &sel);
	TPM_CALL(t, rc,
		 Esys_PolicyPCR(t->esys, sess, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
				&pcr_digest, &sel));
	if (rc != TSS2_RC_SUCCESS) {
		tpm_rc_fail(e, rc, "TPM2_PolicyPCR", "the PCR selection");
		goto out;
	}
	memset(&scheme, 0, sizeof(scheme));
	scheme.scheme = oaep ? TPM2_ALG_OAEP : TPM2_ALG_RSAES;
	if (oaep)
		scheme.details.oaep.hashAlg = TPM2_ALG_SHA256;
	in.size = (UINT16)ct_len;
	memcpy(in.buffer, ct, ct_len);
	TPM_CALL(t, rc,
		 Esys_RSA_Decrypt(t->esys, key, sess, ESYS_TR_NONE, ESYS_TR_NONE, &in, &scheme,
				  &label, &msg));
	if (rc != TSS2_RC_SUCCESS) {
		tpm_rc_fail(e, rc, "TPM2_RSA_Decrypt(ephemeral key, PolicyPCR)",
			    "that the PCRs still have the attested values");
		goto out;
	}
	buf_reset(pt);
	ok = buf_append(pt, msg->buffer, msg->size) ||
	     err_fail(e, R_TPM_OUT_OF_MEMORY, ERR_NO_OFFSET, "plaintext");
out:
	/* A policy session used for authorization stays loaded (continueSession is set by
	 * ESAPI for ESYS_TR sessions): flush it explicitly. */
	flush(t, &sess);
	flush(t, &key);
	Esys_Free(pub);
	if (msg) {
		memset(msg->buffer, 0, sizeof(msg->buffer));
		Esys_Free(msg);
	}
	return ok;
}

bool ak_cert_trim(const uint8_t *p, size_t n, size_t *der_len, struct err *e)
{
	size_t k = der_tlv_size(p, n);

	/* A certificate is one DER SEQUENCE (RFC 5280 4.1); Azure zero-fills the rest of the
	 * NV area ([MS-RS] trim_der_certificate). Anything else after it is refused. */
	if (k == 0 || p[0] != DER_SEQUENCE)
		return err_fail(e, R_TPM_BAD_AK_CERT_DER, 0,
				"AK certificate NV data does not start with a DER SEQUENCE");
	for (size_t i = k; i < n; i++)
		if (p[i] != 0)
			return err_fail(e, R_TPM_BAD_AK_CERT_DER, i,
					"non-zero bytes after the DER certificate");
	*der_len = k;
	return true;
}
