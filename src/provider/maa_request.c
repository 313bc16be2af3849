#include "provider/maa_request.h"

#include <string.h>

#include "attest/der.h"
#include "attest/hcl_report.h"
#include "attest/pem.h"
#include "attest/tpms_attest.h"
#include "core/digest.h"
#include "json/json_writer.h"
#include "jose/base64.h"

/* What the signed quote says, taken from it after the bundle's copies were compared. */
struct signed_quote {
	uint32_t mask;
	const uint8_t *nonce;
};

/* The writer plus one scratch buffer for base64 text; failures are sticky in both. */
struct builder {
	struct json_writer w;
	struct buf tmp;
	bool ok;
};

/*
 * TPM 2.0 Part 2 10.12.12 (TPMS_ATTEST) and 10.12.4 (TPMS_QUOTE_INFO): the PCR set and the
 * nonce come from the signed quote; the bundle's pcr_mask, PCR values and nonce must equal
 * them (Part 3 18.4: pcrDigest = H(selected PCRs, ascending)).
 */
static bool read_signed_quote(const struct evidence *ev, struct signed_quote *q, struct err *e)
{
	struct tpms_attest a;
	struct err pe;
	uint8_t values[EVIDENCE_NUM_PCRS * 32], d[32];
	const struct digest_alg *sha256 = digest_by_tpm_alg(TPM_ALG_SHA256);
	size_t n;

	q->mask = 0;
	q->nonce = NULL;
	err_clear(&pe);
	if (!tpms_attest_parse(ev->quote.data, ev->quote.len, &a, &pe))
		return err_fail(e, R_PROVIDER_QUOTE_INVALID, pe.offset, "%s", pe.reason);
	if (a.type != TPM_ST_ATTEST_QUOTE)
		return err_fail(e, R_PROVIDER_QUOTE_NOT_QUOTE, 4, "type 0x%04x", a.type);
	if (a.nsel != 1 || a.sel[0].hash != TPM_ALG_SHA256 || a.sel[0].mask == 0 ||
	    a.sel[0].mask >> EVIDENCE_NUM_PCRS)
		return err_fail(e, R_PROVIDER_QUOTE_PCR_SELECTION_UNSUPPORTED, ERR_NO_OFFSET,
				"%zu banks, first 0x%04x mask 0x%x", a.nsel,
				a.nsel ? a.sel[0].hash : 0, a.nsel ? a.sel[0].mask : 0);
	if (ev->pcr_mask != a.sel[0].mask)
		return err_fail(e, R_PROVIDER_BUNDLE_PCR_SELECTION_MISMATCH, ERR_NO_OFFSET,
				"bundle 0x%06x, quote 0x%06x", ev->pcr_mask, a.sel[0].mask);
	n = evidence_pcr_values(ev, values);
	if (!sha256 || a.pcr_digest_len != sizeof(d) || !digest_compute(sha256, values, n, d) ||
	    memcmp(d, a.pcr_digest, sizeof(d)) != 0)
		return err_fail(e, R_PROVIDER_QUOTE_PCR_DIGEST_MISMATCH, ERR_NO_OFFSET,
				"bundle PCR values do not hash to the quote's pcrDigest");
	if (a.extra_data_len != EVIDENCE_NONCE_SIZE || ev->nonce.len != EVIDENCE_NONCE_SIZE ||
	    memcmp(a.extra_data, ev->nonce.data, EVIDENCE_NONCE_SIZE) != 0)
		return err_fail(e, R_PROVIDER_QUOTE_NONCE_MISMATCH, ERR_NO_OFFSET,
				"quote extraData (%zu bytes) is not the bundle's %u-byte nonce",
				a.extra_data_len, EVIDENCE_NONCE_SIZE);
	q->mask = a.sel[0].mask;
	q->nonce = a.extra_data;
	return true;
}

static void put_b64(struct builder *b, const char *key, enum base64_variant v, const uint8_t *p,
		    size_t n)
{
	buf_reset(&b->tmp);
	if (!base64_encode(v, p, n, &b->tmp)) {
		b->ok = false;
		return;
	}
	if (key)
		json_key(&b->w, key);
	json_strn(&b->w, (const char *)b->tmp.data, b->tmp.len);
}

/* 2.3: OS strings are base64 of printable ASCII (the provider decodes them as ASCII). */
static bool os_text_ok(const char *s, const char *what, struct err *e)
{
	size_t n = s ? strnlen(s, MAA_OS_FIELD_MAX + 1) : 0;
	if (n == 0 || n > MAA_OS_FIELD_MAX)
		return err_fail(e, R_PROVIDER_OS_FIELD_INVALID, ERR_NO_OFFSET,
				"%s: %zu bytes (1-%u)", what, n, MAA_OS_FIELD_MAX);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return err_fail(e, R_PROVIDER_OS_FIELD_INVALID, i,
					"%s: not printable ASCII", what);
	return true;
}

/* 2.4 AikCert: the DER certificate without the NV area's trailing zero padding. */
static bool ak_cert_der(const struct buf *cert, size_t *n, struct err *e)
{
	size_t k = der_tlv_size(cert->data, cert->len);
	if (cert->len == 0 || cert->data[0] != DER_SEQUENCE || k == 0 || k > cert->len)
		return err_fail(e, R_PROVIDER_AK_CERT_INVALID, 0, "not a DER SEQUENCE (%zu bytes)",
				cert->len);
	for (size_t i = k; i < cert->len; i++)
		if (cert->data[i] != 0)
			return err_fail(e, R_PROVIDER_AK_CERT_INVALID, i,
					"non-zero bytes after the DER");
	*n = k;
	return true;
}

static bool tpm_fields_ok(const struct evidence *ev, struct err *e)
{
	const struct {
		const char *name;
		const struct buf *b;
	} f[] = {{"AikPub", &ev->ak_pub},
		 {"PcrSignature", &ev->quote_sig},
		 {"EncKeyPub", &ev->enc_key_pub},
		 {"EncKeyCertifyInfo", &ev->certify_info},
		 {"EncKeyCertifyInfoSignature", &ev->certify_sig}};
	struct tpms_attest a;
	struct err pe;

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i].b->len == 0)
			return err_fail(e, R_PROVIDER_FIELD_MISSING, ERR_NO_OFFSET, "%s is empty",
					f[i].name);
	err_clear(&pe);
	/* Part 2 10.12.12 / 10.12.3: the certify body the provider will check by signature. */
	if (!tpms_attest_parse(ev->certify_info.data, ev->certify_info.len, &a, &pe) ||
	    a.type != TPM_ST_ATTEST_CERTIFY)
		return err_fail(e, R_PROVIDER_CERTIFY_INVALID, pe.offset, "%s",
				pe.reason ? pe.reason : "not TPM_ST_ATTEST_CERTIFY");
	return true;
}

static void write_tpm_info(struct builder *b, const struct evidence *ev, uint32_t mask,
			   size_t cert_len)
{
	struct json_writer *w = &b->w;

	json_key(w, "TpmInfo");
	json_obj_begin(w);
	put_b64(b, "AikCert", BASE64_STD, ev->ak_cert.data, cert_len);
	put_b64(b, "AikPub", BASE64_STD, ev->ak_pub.data, ev->ak_pub.len);
	put_b64(b, "PcrQuote", BASE64_STD, ev->quote.data, ev->quote.len);
	put_b64(b, "PcrSignature", BASE64_STD, ev->quote_sig.data, ev->quote_sig.len);
	put_b64(b, "EncKeyPub", BASE64_STD, ev->enc_key_pub.data, ev->enc_key_pub.len);
	put_b64(b, "EncKeyCertifyInfo", BASE64_STD, ev->certify_info.data, ev->certify_info.len);
	put_b64(b, "EncKeyCertifyInfoSignature", BASE64_STD, ev->certify_sig.data,
		ev->certify_sig.len);
	/* 2.4: PcrSet ascending, PCRs one {"Index","Digest"} per member in the same order. */
	json_key(w, "PcrSet");
	json_arr_begin(w);
	for (unsigned i = 0; i < EVIDENCE_NUM_PCRS; i++)
		if (mask >> i & 1)
			json_u64(w, i);
	json_arr_end(w);
	json_key(w, "PCRs");
	json_arr_begin(w);
	for (unsigned i = 0; i < EVIDENCE_NUM_PCRS; i++) {
		if (!(mask >> i & 1))
			continue;
		json_obj_begin(w);
		json_kv_u64(w, "Index", i);
		put_b64(b, "Digest", BASE64_STD, ev->pcr[i], 32);
		json_obj_end(w);
	}
	json_arr_end(w);
	json_obj_end(w);
}

/* The caller's VCEK chain: bounded PEM holding at least one certificate. */
static bool vcek_chain_ok(const uint8_t *p, size_t n, struct err *e)
{
	struct pem_obj objs[8];
	size_t k = 0, certs = 0;
	struct err pe;

	if (!p || n == 0 || n > MAA_VCEK_CHAIN_MAX)
		return err_fail(e, R_PROVIDER_VCEK_CHAIN_INVALID, ERR_NO_OFFSET,
				"%zu bytes (1-%zu)", n, MAA_VCEK_CHAIN_MAX);
	err_clear(&pe);
	if (!pem_decode_all(p, n, objs, sizeof(objs) / sizeof(objs[0]), &k, &pe))
		return err_fail(e, R_PROVIDER_VCEK_CHAIN_INVALID, pe.offset, "%s", pe.reason);
	for (size_t i = 0; i < k; i++)
		certs += strcmp(objs[i].name, "CERTIFICATE") == 0;
	pem_free_all(objs, k);
	if (certs == 0 || certs != k)
		return err_fail(e, R_PROVIDER_VCEK_CHAIN_INVALID, ERR_NO_OFFSET,
				"%zu PEM objects, %zu certificates", k, certs);
	return true;
}

/*
 * 2.5 + 7.2: the HCL report must be there exactly when the isolation says so, of that type,
 * and bound to its runtime claims (REPORT_DATA = H(claims) || 0), which go out byte for byte.
 */
static bool check_isolation(const struct maa_request_in *in, struct hcl_report *r, struct err *e)
{
	const struct evidence *ev = in->ev;

	switch (in->isolation) {
	case EVIDENCE_ISOLATION_TRUSTED_LAUNCH:
		if (ev->has_hcl)
			return err_fail(e, R_PROVIDER_ISOLATION_MISMATCH, ERR_NO_OFFSET,
					"trustedlaunch requested but the node has an HCL report");
		return true;
	case EVIDENCE_ISOLATION_SEV_SNP:
		break;
	case EVIDENCE_ISOLATION_TDX:
		return err_fail(e, R_PROVIDER_ISOLATION_TDX_UNSUPPORTED, ERR_NO_OFFSET,
				"the AzureGuest TDX proof is a TD quote from IMDS (docs 2.5, 8.9)");
	default:
		return err_fail(e, R_PROVIDER_ISOLATION_UNSET, ERR_NO_OFFSET,
				"trustedlaunch, sevsnp or tdx is required");
	}
	if (!ev->has_hcl)
		return err_fail(e, R_PROVIDER_HCL_REPORT_MISSING, ERR_NO_OFFSET,
				"sevsnp requested but the node has no HCL report");
	if (!hcl_report_parse(ev->hcl_report.data, ev->hcl_report.len, r, e))
		return false;
	if (r->report_type != HCL_REPORT_TYPE_SNP)
		return err_fail(e, R_PROVIDER_ISOLATION_MISMATCH, HCL_RUNTIME_OFFSET + 8,
				"sevsnp requested, HCL report type %u", r->report_type);
	if (!hcl_report_check_binding(r, e))
		return false;
	return vcek_chain_ok(in->vcek_chain, in->vcek_chain_len, e);
}

/* 2.5 SevSnp: Proof = base64(JSON {"SnpReport": b64url, "VcekCertChain": b64(PEM)}). */
static void write_isolation(struct builder *b, const struct maa_request_in *in,
			    const struct hcl_report *r)
{
	struct json_writer *w = &b->w, pw;
	struct buf proof;

	json_key(w, "IsolationInfo");
	json_obj_begin(w);
	if (in->isolation == EVIDENCE_ISOLATION_TRUSTED_LAUNCH) {
		json_kv_str(w, "Type", "TrustedLaunch");
		json_obj_end(w);
		return;
	}
	json_kv_str(w, "Type", "SevSnp");
	buf_init(&proof, MAA_REQUEST_MAX_BODY);
	json_writer_init(&pw, &proof);
	json_obj_begin(&pw);
	buf_reset(&b->tmp);
	b->ok = b->ok && base64_encode(BASE64_URL, r->hw_report, MAA_SNP_REPORT_SIZE, &b->tmp);
	json_key(&pw, "SnpReport");
	json_strn(&pw, (const char *)b->tmp.data, b->tmp.len);
	buf_reset(&b->tmp);
	b->ok = b->ok && base64_encode(BASE64_STD, in->vcek_chain, in->vcek_chain_len, &b->tmp);
	json_key(&pw, "VcekCertChain");
	json_strn(&pw, (const char *)b->tmp.data, b->tmp.len);
	json_obj_end(&pw);
	b->ok = b->ok && json_writer_ok(&pw);
	json_key(w, "Evidence");
	json_obj_begin(w);
	put_b64(b, "Proof", BASE64_STD, proof.data, proof.len);
	put_b64(b, "RunTimeData", BASE64_STD, r->claims, r->claims_size);
	json_obj_end(w);
	json_obj_end(w);
	buf_free(&proof);
}

static bool check_inputs(const struct maa_request_in *in, struct signed_quote *q, size_t *cert_len,
			 struct hcl_report *r, struct err *e)
{
	const struct evidence *ev = in->ev;

	/* Issue 18 / 2.3: TcgLogs is required; the provider replays it to the quoted PCRs. */
	if (!ev->has_eventlog || ev->eventlog.len == 0)
		return err_fail(e, R_PROVIDER_EVENTLOG_MISSING, ERR_NO_OFFSET,
				"no TCG event log: the node cannot be attested");
	return read_signed_quote(ev, q, e) && ak_cert_der(&ev->ak_cert, cert_len, e) &&
	       tpm_fields_ok(ev, e) && os_text_ok(in->os.type, "OSType", e) &&
	       os_text_ok(in->os.distro, "OSDistro", e) && os_text_ok(in->os.build, "OSBuild", e) &&
	       check_isolation(in, r, e);
}

static void write_info(struct builder *b, const struct maa_request_in *in,
		       const struct signed_quote *q, size_t cert_len, const struct hcl_report *r)
{
	struct json_writer *w = &b->w;
	const struct maa_os *os = &in->os;

	json_obj_begin(w);
	json_kv_str(w, "AttestationProtocolVersion", MAA_PROTOCOL_VERSION);
	put_b64(b, "OSType", BASE64_STD, (const uint8_t *)os->type, strlen(os->type));
	put_b64(b, "OSDistro", BASE64_STD, (const uint8_t *)os->distro, strlen(os->distro));
	json_kv_u64(w, "OSVersionMajor", os->version_major);
	json_kv_u64(w, "OSVersionMinor", os->version_minor);
	put_b64(b, "OSBuild", BASE64_STD, (const uint8_t *)os->build, strlen(os->build));
	put_b64(b, "TcgLogs", BASE64_STD, in->ev->eventlog.data, in->ev->eventlog.len);
	/* Issue 18 freshness: the quote's qualifying data, echoed in x-ms-runtime (4.2). */
	json_key(w, "ClientPayload");
	json_obj_begin(w);
	put_b64(b, "nonce", BASE64_STD, q->nonce, EVIDENCE_NONCE_SIZE);
	json_obj_end(w);
	write_tpm_info(b, in->ev, q->mask, cert_len);
	write_isolation(b, in, r);
	json_obj_end(w);
}

bool maa_request_build(const struct maa_request_in *in, struct buf *body, struct err *e)
{
	struct signed_quote q = {0, NULL};
	struct hcl_report r;
	struct builder b;
	struct buf info;
	struct json_writer ow;
	size_t cert_len = 0;
	bool ok;

	memset(&r, 0, sizeof(r));
	buf_reset(body);
	if (!in || !in->ev)
		return err_fail(e, R_PROVIDER_BAD_REQUEST_INPUT, ERR_NO_OFFSET, "no evidence");
	if (!check_inputs(in, &q, &cert_len, &r, e))
		return false;
	/* The inner text is at most 3/4 of the body (base64url inflates 4/3). */
	buf_init(&info, MAA_REQUEST_MAX_BODY / 4 * 3);
	buf_init(&b.tmp, MAA_REQUEST_MAX_BODY);
	b.ok = true;
	json_writer_init(&b.w, &info);
	write_info(&b, in, &q, cert_len, &r);
	ok = b.ok && json_writer_ok(&b.w);
	if (ok) {
		/* 2.2: {"AttestationInfo": base64url without padding of the JSON text}. */
		json_writer_init(&ow, body);
		json_obj_begin(&ow);
		buf_reset(&b.tmp);
		ok = base64_encode(BASE64_URL, info.data, info.len, &b.tmp);
		json_key(&ow, "AttestationInfo");
		json_strn(&ow, (const char *)b.tmp.data, b.tmp.len);
		json_obj_end(&ow);
		ok = ok && json_writer_ok(&ow) && body->len <= MAA_REQUEST_MAX_BODY;
	}
	buf_free(&info);
	buf_free(&b.tmp);
	if (!ok) {
		buf_reset(body);
		return err_fail(e, R_PROVIDER_REQUEST_TOO_LARGE, ERR_NO_OFFSET, "over %zu bytes",
				MAA_REQUEST_MAX_BODY);
	}
	return true;
}

bool maa_request_nonce_b64(const struct evidence *ev, char out[MAA_NONCE_B64_LEN + 1],
			   struct err *e)
{
	struct signed_quote q;
	struct buf b;
	bool ok;

	if (!read_signed_quote(ev, &q, e))
		return false;
	buf_init(&b, MAA_NONCE_B64_LEN);
	ok = base64_encode(BASE64_STD, q.nonce, EVIDENCE_NONCE_SIZE, &b) &&
	     b.len == MAA_NONCE_B64_LEN;
	if (ok)
		memcpy(out, b.data, MAA_NONCE_B64_LEN);
	out[ok ? MAA_NONCE_B64_LEN : 0] = '\0';
	buf_free(&b);
	return ok || err_fail(e, R_PROVIDER_INTERNAL, ERR_NO_OFFSET, "nonce encoding");
}
