/*
 * Unit tests for src/provider/maa_request.c: the AzureGuest request body
 * (docs/maa-azureguest.md 2.2-2.5).
 *  - pure: a synthetic evidence bundle (hand-built TPMS_ATTEST quote and certify, SNP HCL
 *    report) -> the body decoded back field by field; a negative case for every check;
 *  - cross-implementation: evidence collected from the Azure-like swtpm fixture, the body
 *    written to a file and judged by the emulator's own checker
 *    (test/provider/azureguest_request.py through client_vectors.py): accepted for sevsnp and
 *    trustedlaunch, and tampered variants refused with the emulator's codes. Skips without
 *    swtpm/tpm2-tools, python3-cryptography or ../shared.
 */
#include "swtpm_fixture.h"
#include "test_util.h"

#include <time.h>
#include <unistd.h>

#include "attest/hcl_report.h"
#include "attest/tpms_attest.h"
#include "core/cursor.h"
#include "core/digest.h"
#include "core/hex.h"
#include "jose/base64.h"
#include "json/json_parse.h"
#include "json/json_read.h"
#include "provider/maa_request.h"
#include "tpm/evidence_collect.h"

#define FAKE_CERT_PEM                                                                              \
	"-----BEGIN CERTIFICATE-----\nMAMCAQU=\n-----END CERTIFICATE-----\n"                       \
	"-----BEGIN CERTIFICATE-----\nMAMCAQY=\n-----END CERTIFICATE-----\n"
#define CLAIMS "{\"keys\":[],\"vm-configuration\":{\"secure-boot\":true}}"

static void put_u16(struct buf *b, uint16_t v)
{
	uint8_t x[2];
	store_u16be(x, v);
	assert_true(buf_append(b, x, 2));
}

static void put_u32(struct buf *b, uint32_t v)
{
	uint8_t x[4];
	store_u32be(x, v);
	assert_true(buf_append(b, x, 4));
}

static void put_u64(struct buf *b, uint64_t v)
{
	put_u32(b, (uint32_t)(v >> 32));
	put_u32(b, (uint32_t)v);
}

static void put_fill(struct buf *b, uint8_t c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_true(buf_putc(b, (char)c));
}

/* TPMS_ATTEST header (Part 2 10.12.12) up to and including firmwareVersion. */
static void attest_header(struct buf *b, uint16_t type, const uint8_t *nonce, size_t nlen)
{
	put_u32(b, TPM_GENERATED_VALUE);
	put_u16(b, type);
	put_u16(b, 34); /* qualifiedSigner: nameAlg SHA-256 + digest */
	put_u16(b, TPM_ALG_SHA256);
	put_fill(b, 0x5a, 32);
	put_u16(b, (uint16_t)nlen);
	assert_true(buf_append(b, nonce, nlen));
	put_u64(b, 123456);		/* clock */
	put_u32(b, 7);			/* resetCount */
	put_u32(b, 0);			/* restartCount */
	assert_true(buf_putc(b, 1));	/* safe */
	put_u64(b, 0x2020031200120003); /* firmwareVersion */
}

/* A quote over SHA-256 `mask` (bank `hash`) with pcrDigest over ev's values. */
static void make_quote(struct evidence *ev, uint16_t hash, uint32_t mask, const uint8_t *nonce,
		       size_t nlen)
{
	uint8_t values[24 * 32], d[32];
	uint32_t saved = ev->pcr_mask;
	size_t n;

	ev->pcr_mask = mask;
	n = evidence_pcr_values(ev, values);
	ev->pcr_mask = saved;
	assert_true(digest_compute(digest_by_tpm_alg(TPM_ALG_SHA256), values, n, d));
	buf_reset(&ev->quote);
	attest_header(&ev->quote, TPM_ST_ATTEST_QUOTE, nonce, nlen);
	put_u32(&ev->quote, 1);
	put_u16(&ev->quote, hash);
	assert_true(buf_putc(&ev->quote, 3));
	for (int i = 0; i < 3; i++)
		assert_true(buf_putc(&ev->quote, (char)(mask >> (8 * i))));
	put_u16(&ev->quote, 32);
	assert_true(buf_append(&ev->quote, d, 32));
}

/* An SNP HCL report (docs 7.2) bound to CLAIMS: REPORT_DATA = SHA-256(claims) || 0^32. */
static void make_hcl(struct buf *b, uint32_t type)
{
	uint8_t r[0x4D4 + sizeof(CLAIMS) - 1 + 16];
	size_t cl = sizeof(CLAIMS) - 1;

	memset(r, 0, sizeof(r));
	store_u32le(r, HCL_SIGNATURE);
	store_u32le(r + 4, 1);
	store_u32le(r + 8, (uint32_t)(32 + 1184 + 20 + cl));
	store_u32le(r + 12, 2);
	memset(r + 0x20, 0x11, HCL_HW_REPORT_SIZE);
	assert_true(digest_compute(digest_by_tpm_alg(TPM_ALG_SHA256), CLAIMS, cl, r + 0x20 + 0x50));
	memset(r + 0x20 + 0x70, 0, 32);
	store_u32le(r + 0x4C0, (uint32_t)(20 + cl));
	store_u32le(r + 0x4C4, 1);
	store_u32le(r + 0x4C8, type);
	store_u32le(r + 0x4CC, 1);
	store_u32le(r + 0x4D0, (uint32_t)cl);
	memcpy(r + 0x4D4, CLAIMS, cl);
	buf_reset(b);
	assert_true(buf_append(b, r, sizeof(r))); /* 16 zero bytes of NV padding at the end */
}

static const uint8_t nonce32[32] = {1,	2,  3,	4,  5,	6,  7,	8,  9,	10, 11, 12, 13, 14, 15, 16,
				    17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

static void make_evidence(struct evidence *ev)
{
	static const uint8_t cert[] = {0x30, 0x03, 0x02, 0x01, 0x05};

	evidence_init(ev);
	ev->pcr_mask = 0xff;
	for (int i = 0; i < 24; i++)
		memset(ev->pcr[i], 0xa0 + i, 32);
	assert_true(buf_append(&ev->nonce, nonce32, 32));
	make_quote(ev, TPM_ALG_SHA256, 0xff, nonce32, 32);
	assert_true(buf_append(&ev->ak_cert, cert, sizeof(cert)));
	put_fill(&ev->ak_pub, 0xa1, 280);
	put_fill(&ev->quote_sig, 0xb2, 256);
	put_fill(&ev->enc_key_pub, 0xc3, 280);
	put_fill(&ev->certify_sig, 0xd4, 256);
	attest_header(&ev->certify_info, TPM_ST_ATTEST_CERTIFY, NULL, 0);
	put_u16(&ev->certify_info, 34);
	put_u16(&ev->certify_info, TPM_ALG_SHA256);
	put_fill(&ev->certify_info, 0x77, 32);
	put_u16(&ev->certify_info, 4);
	put_u32(&ev->certify_info, 0x40000007);
	put_fill(&ev->eventlog, 0xee, 100);
	ev->has_eventlog = true;
	make_hcl(&ev->hcl_report, HCL_REPORT_TYPE_SNP);
	ev->has_hcl = true;
}

static void make_input(struct maa_request_in *in, const struct evidence *ev,
		       enum evidence_isolation iso)
{
	memset(in, 0, sizeof(*in));
	in->ev = ev;
	in->os.type = "Linux";
	in->os.distro = "Ubuntu";
	in->os.build = "NotApplication";
	in->os.version_major = 22;
	in->os.version_minor = 4;
	in->isolation = iso;
	in->vcek_chain = (const uint8_t *)FAKE_CERT_PEM;
	in->vcek_chain_len = sizeof(FAKE_CERT_PEM) - 1;
}

/* Decoded body: the outer doc, the AttestationInfo text and its doc. */
struct decoded {
	struct json_doc outer, info;
	struct buf text, tmp;
};

static void decode_body(const struct buf *body, struct decoded *d)
{
	uint32_t v;
	size_t n;
	struct err e;

	err_clear(&e);
	assert_true(json_doc_parse(&d->outer, body->data, body->len, NULL, &e));
	assert_int_equal(json_val_size(&d->outer, JSON_ROOT), 1);
	assert_true(json_obj_member(&d->outer, JSON_ROOT, "AttestationInfo", 15, &v));
	buf_init(&d->tmp, 1 << 22);
	buf_init(&d->text, 1 << 22);
	assert_true(json_val_str_buf(&d->outer, v, &d->tmp, 0, &e));
	assert_true(buf_reserve(&d->text, d->tmp.len));
	/* 2.2: base64url without padding (the strict decoder refuses '=' and + /) */
	if (!base64_decode(BASE64_URL, (const char *)d->tmp.data, d->tmp.len, d->text.data,
			   d->tmp.len, &n, &e))
		fail_msg("AttestationInfo is not base64url: %s", e.reason);
	d->text.len = n;
	if (!json_doc_parse(&d->info, d->text.data, d->text.len, NULL, &e))
		fail_msg("AttestationInfo is not JSON: %s", e.reason);
}

static void decoded_free(struct decoded *d)
{
	json_doc_free(&d->outer);
	json_doc_free(&d->info);
	buf_free(&d->text);
	buf_free(&d->tmp);
}

/* The standard-base64 string at path decodes to exactly want[0..n). */
static void assert_b64_at(struct decoded *d, const char *path, const void *want, size_t n)
{
	uint32_t v;
	uint8_t out[4096];
	size_t len;
	struct err e;

	err_clear(&e);
	if (!json_get(&d->info, JSON_ROOT, path, JSON_STRING, &v, &e))
		fail_msg("%s: %s", path, e.reason);
	assert_true(json_val_str_buf(&d->info, v, &d->tmp, 0, &e));
	if (!base64_decode(BASE64_STD, (const char *)d->tmp.data, d->tmp.len, out, sizeof(out),
			   &len, &e))
		fail_msg("%s is not standard base64: %s", path, e.reason);
	assert_int_equal(len, n);
	assert_memory_equal(out, want, n);
}

static void assert_keys(struct decoded *d, uint32_t obj, const char *const *keys, size_t n)
{
	uint32_t it = 0, k, v;
	size_t i = 0;
	while (json_obj_next(&d->info, obj, &it, &k, &v)) {
		assert_true(i < n);
		assert_true(json_val_str_eq(&d->info, k, keys[i], strlen(keys[i])));
		i++;
	}
	assert_int_equal(i, n);
}

static void test_trustedlaunch_body_known_fields(void **state)
{
	(void)state;
	static const char *const top[] = {"AttestationProtocolVersion",
					  "OSType",
					  "OSDistro",
					  "OSVersionMajor",
					  "OSVersionMinor",
					  "OSBuild",
					  "TcgLogs",
					  "ClientPayload",
					  "TpmInfo",
					  "IsolationInfo"};
	static const char *const tpm[] = {"AikCert",
					  "AikPub",
					  "PcrQuote",
					  "PcrSignature",
					  "EncKeyPub",
					  "EncKeyCertifyInfo",
					  "EncKeyCertifyInfoSignature",
					  "PcrSet",
					  "PCRs"};
	struct evidence ev;
	struct maa_request_in in;
	struct buf body;
	struct decoded d;
	struct err e;
	uint32_t v, tpm_obj;
	int64_t x;
	char s[64], path[64];

	make_evidence(&ev);
	ev.has_hcl = false;
	buf_reset(&ev.hcl_report);
	/* NV zero padding after the DER is dropped (2.4 AikCert) */
	assert_true(buf_append(&ev.ak_cert, "\0\0\0", 3));
	make_input(&in, &ev, EVIDENCE_ISOLATION_TRUSTED_LAUNCH);
	buf_init(&body, MAA_REQUEST_MAX_BODY);
	err_clear(&e);
	if (!maa_request_build(&in, &body, &e))
		fail_msg("%s: %s", e.reason, e.detail);
	assert_memory_equal(body.data, "{\"AttestationInfo\":\"", 20);
	decode_body(&body, &d);
	assert_keys(&d, JSON_ROOT, top, 10);
	assert_true(json_get_str(&d.info, JSON_ROOT, "AttestationProtocolVersion", s, sizeof(s),
				 NULL, 0, &e));
	assert_string_equal(s, "2.0");
	assert_true(json_get_str(&d.info, JSON_ROOT, "OSType", s, sizeof(s), NULL, 0, &e));
	assert_string_equal(s, "TGludXg="); /* b64("Linux"), doc 2.6 */
	assert_true(json_get_str(&d.info, JSON_ROOT, "OSBuild", s, sizeof(s), NULL, 0, &e));
	assert_string_equal(s, "Tm90QXBwbGljYXRpb24="); /* b64("NotApplication"), doc 2.6 */
	assert_true(json_get_str(&d.info, JSON_ROOT, "OSDistro", s, sizeof(s), NULL, 0, &e));
	assert_string_equal(s, "VWJ1bnR1"); /* b64("Ubuntu"), doc 2.6 */
	assert_true(json_get_i64(&d.info, JSON_ROOT, "OSVersionMajor", &x, &e));
	assert_int_equal(x, 22);
	assert_true(json_get_i64(&d.info, JSON_ROOT, "OSVersionMinor", &x, &e));
	assert_int_equal(x, 4);
	assert_b64_at(&d, "TcgLogs", ev.eventlog.data, ev.eventlog.len);
	assert_true(json_get(&d.info, JSON_ROOT, "ClientPayload", JSON_OBJECT, &v, &e));
	assert_int_equal(json_val_size(&d.info, v), 1);
	assert_true(
	    json_get_str(&d.info, JSON_ROOT, "ClientPayload.nonce", s, sizeof(s), NULL, 0, &e));
	assert_string_equal(s, "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=");
	assert_true(json_get(&d.info, JSON_ROOT, "TpmInfo", JSON_OBJECT, &tpm_obj, &e));
	assert_keys(&d, tpm_obj, tpm, 9);
	assert_b64_at(&d, "TpmInfo.AikCert", "\x30\x03\x02\x01\x05", 5);
	assert_b64_at(&d, "TpmInfo.AikPub", ev.ak_pub.data, ev.ak_pub.len);
	assert_b64_at(&d, "TpmInfo.PcrQuote", ev.quote.data, ev.quote.len);
	assert_b64_at(&d, "TpmInfo.PcrSignature", ev.quote_sig.data, ev.quote_sig.len);
	assert_b64_at(&d, "TpmInfo.EncKeyPub", ev.enc_key_pub.data, ev.enc_key_pub.len);
	assert_b64_at(&d, "TpmInfo.EncKeyCertifyInfo", ev.certify_info.data, ev.certify_info.len);
	assert_b64_at(&d, "TpmInfo.EncKeyCertifyInfoSignature", ev.certify_sig.data,
		      ev.certify_sig.len);
	assert_true(json_get(&d.info, JSON_ROOT, "TpmInfo.PcrSet", JSON_ARRAY, &v, &e));
	assert_int_equal(json_val_size(&d.info, v), 8);
	assert_true(json_get(&d.info, JSON_ROOT, "TpmInfo.PCRs", JSON_ARRAY, &v, &e));
	assert_int_equal(json_val_size(&d.info, v), 8);
	for (int i = 0; i < 8; i++) {
		snprintf(path, sizeof(path), "TpmInfo.PcrSet.%d", i);
		assert_true(json_get_i64(&d.info, JSON_ROOT, path, &x, &e));
		assert_int_equal(x, i);
		snprintf(path, sizeof(path), "TpmInfo.PCRs.%d.Index", i);
		assert_true(json_get_i64(&d.info, JSON_ROOT, path, &x, &e));
		assert_int_equal(x, i);
		snprintf(path, sizeof(path), "TpmInfo.PCRs.%d.Digest", i);
		assert_b64_at(&d, path, ev.pcr[i], 32);
	}
	assert_true(json_get(&d.info, JSON_ROOT, "IsolationInfo", JSON_OBJECT, &v, &e));
	assert_int_equal(json_val_size(&d.info, v), 1);
	assert_true(
	    json_get_str(&d.info, JSON_ROOT, "IsolationInfo.Type", s, sizeof(s), NULL, 0, &e));
	assert_string_equal(s, "TrustedLaunch");
	/* the nonce string the token must echo */
	assert_true(maa_request_nonce_b64(&ev, s, &e));
	assert_string_equal(s, "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=");
	decoded_free(&d);
	buf_free(&body);
	evidence_free(&ev);
}

/* The PCR set is the quote's signed selection, here a sparse one (0, 2, 7, 23). */
static void test_pcr_set_from_the_signed_selection(void **state)
{
	(void)state;
	const uint32_t mask = 1u | 1u << 2 | 1u << 7 | 1u << 23;
	const int want[] = {0, 2, 7, 23};
	struct evidence ev;
	struct maa_request_in in;
	struct buf body;
	struct decoded d;
	struct err e;
	int64_t x;
	char path[64];
	uint32_t v;

	make_evidence(&ev);
	ev.pcr_mask = mask;
	make_quote(&ev, TPM_ALG_SHA256, mask, nonce32, 32);
	make_input(&in, &ev, EVIDENCE_ISOLATION_SEV_SNP);
	buf_init(&body, MAA_REQUEST_MAX_BODY);
	if (!maa_request_build(&in, &body, &e))
		fail_msg("%s: %s", e.reason, e.detail);
	decode_body(&body, &d);
	assert_true(json_get(&d.info, JSON_ROOT, "TpmInfo.PCRs", JSON_ARRAY, &v, &e));
	assert_int_equal(json_val_size(&d.info, v), 4);
	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "TpmInfo.PcrSet.%d", i);
		assert_true(json_get_i64(&d.info, JSON_ROOT, path, &x, &e));
		assert_int_equal(x, want[i]);
		snprintf(path, sizeof(path), "TpmInfo.PCRs.%d.Digest", i);
		assert_b64_at(&d, path, ev.pcr[want[i]], 32);
	}
	decoded_free(&d);
	buf_free(&body);
	evidence_free(&ev);
}

static void test_sevsnp_isolation_evidence(void **state)
{
	(void)state;
	struct evidence ev;
	struct maa_request_in in;
	struct buf body, proof;
	struct decoded d;
	struct json_doc pd;
	struct err e;
	uint32_t v;
	uint8_t report[MAA_SNP_REPORT_SIZE + 4];
	size_t n;
	char s[16];

	make_evidence(&ev);
	make_input(&in, &ev, EVIDENCE_ISOLATION_SEV_SNP);
	buf_init(&body, MAA_REQUEST_MAX_BODY);
	if (!maa_request_build(&in, &body, &e))
		fail_msg("%s: %s", e.reason, e.detail);
	decode_body(&body, &d);
	assert_true(
	    json_get_str(&d.info, JSON_ROOT, "IsolationInfo.Type", s, sizeof(s), NULL, 0, &e));
	assert_string_equal(s, "SevSnp");
	assert_true(json_get(&d.info, JSON_ROOT, "IsolationInfo", JSON_OBJECT, &v, &e));
	assert_int_equal(json_val_size(&d.info, v), 2);
	assert_true(json_get(&d.info, JSON_ROOT, "IsolationInfo.Evidence", JSON_OBJECT, &v, &e));
	assert_int_equal(json_val_size(&d.info, v), 2);
	/* RunTimeData: exactly the claims bytes, no NV zero padding (7.2) */
	assert_b64_at(&d, "IsolationInfo.Evidence.RunTimeData", CLAIMS, sizeof(CLAIMS) - 1);
	/* Proof: b64 of {"SnpReport": b64url(1184 B), "VcekCertChain": b64(PEM)} */
	assert_true(
	    json_get(&d.info, JSON_ROOT, "IsolationInfo.Evidence.Proof", JSON_STRING, &v, &e));
	assert_true(json_val_str_buf(&d.info, v, &d.tmp, 0, &e));
	buf_init(&proof, 1 << 16);
	assert_true(buf_reserve(&proof, d.tmp.len));
	assert_true(base64_decode(BASE64_STD, (const char *)d.tmp.data, d.tmp.len, proof.data,
				  d.tmp.len, &proof.len, &e));
	assert_true(json_doc_parse(&pd, proof.data, proof.len, NULL, &e));
	assert_int_equal(json_val_size(&pd, JSON_ROOT), 2);
	assert_true(json_get(&pd, JSON_ROOT, "SnpReport", JSON_STRING, &v, &e));
	assert_true(json_val_str_buf(&pd, v, &d.tmp, 0, &e));
	assert_true(base64_decode(BASE64_URL, (const char *)d.tmp.data, d.tmp.len, report,
				  sizeof(report), &n, &e));
	assert_int_equal(n, MAA_SNP_REPORT_SIZE);
	assert_memory_equal(report, ev.hcl_report.data + 0x20, MAA_SNP_REPORT_SIZE);
	assert_true(json_get(&pd, JSON_ROOT, "VcekCertChain", JSON_STRING, &v, &e));
	assert_true(json_val_str_buf(&pd, v, &d.tmp, 0, &e));
	{
		char pem[512];
		assert_true(base64_decode(BASE64_STD, (const char *)d.tmp.data, d.tmp.len,
					  (uint8_t *)pem, sizeof(pem), &n, &e));
		assert_int_equal(n, sizeof(FAKE_CERT_PEM) - 1);
		assert_memory_equal(pem, FAKE_CERT_PEM, n);
	}
	json_doc_free(&pd);
	buf_free(&proof);
	decoded_free(&d);
	buf_free(&body);
	evidence_free(&ev);
}

/* Builds with one change and expects the named refusal (and an empty body). */
static void assert_refused(struct maa_request_in *in, const char *reason, enum err_class cls)
{
	struct buf body;
	struct err e;

	buf_init(&body, MAA_REQUEST_MAX_BODY);
	assert_true(buf_puts(&body, "stale"));
	err_clear(&e);
	if (maa_request_build(in, &body, &e))
		fail_msg("accepted, want %s", reason);
	if (strcmp(e.reason, reason) != 0)
		fail_msg("refused with %s (%s), want %s", e.reason, e.detail, reason);
	assert_int_equal(e.cls, cls);
	assert_int_equal(body.len, 0);
	buf_free(&body);
}

static void test_evidence_refusals_named(void **state)
{
	(void)state;
	struct evidence ev;
	struct maa_request_in in;
	uint8_t other[32];

	make_evidence(&ev);
	make_input(&in, &ev, EVIDENCE_ISOLATION_SEV_SNP);
	ev.has_eventlog = false;
	assert_refused(&in, "eventlog_missing", ERR_REJECT);
	ev.has_eventlog = true;
	buf_reset(&ev.eventlog);
	assert_refused(&in, "eventlog_missing", ERR_REJECT);
	put_fill(&ev.eventlog, 0xee, 100);

	ev.quote.data[0] ^= 1; /* magic */
	assert_refused(&in, "quote_invalid", ERR_REJECT);
	ev.quote.data[0] ^= 1;
	ev.quote.data[5] = 0x17; /* type certify: the rest no longer parses as a certify body */
	assert_refused(&in, "quote_invalid", ERR_REJECT);
	buf_reset(&ev.quote);
	assert_true(buf_append(&ev.quote, ev.certify_info.data, ev.certify_info.len));
	assert_refused(&in, "quote_not_quote", ERR_REJECT);
	make_quote(&ev, TPM_ALG_SHA1, 0xff, nonce32, 32);
	assert_refused(&in, "quote_pcr_selection_unsupported", ERR_REJECT);
	make_quote(&ev, TPM_ALG_SHA256, 0x7f, nonce32, 32);
	assert_refused(&in, "bundle_pcr_selection_mismatch", ERR_REJECT);
	make_quote(&ev, TPM_ALG_SHA256, 0xff, nonce32, 32);
	ev.pcr[3][0] ^= 1; /* an unsigned PCR value the quote does not cover */
	assert_refused(&in, "quote_pcr_digest_mismatch", ERR_REJECT);
	ev.pcr[3][0] ^= 1;
	memcpy(other, nonce32, 32);
	other[31] ^= 1;
	make_quote(&ev, TPM_ALG_SHA256, 0xff, other, 32);
	assert_refused(&in, "quote_nonce_mismatch", ERR_REJECT);
	make_quote(&ev, TPM_ALG_SHA256, 0xff, nonce32, 0);
	assert_refused(&in, "quote_nonce_mismatch", ERR_REJECT);
	make_quote(&ev, TPM_ALG_SHA256, 0xff, nonce32, 32);

	assert_true(buf_append(&ev.ak_cert, "\0\1", 2));
	assert_refused(&in, "ak_cert_invalid", ERR_REJECT); /* non-zero NV padding */
	ev.ak_cert.len = 4;				    /* truncated DER */
	assert_refused(&in, "ak_cert_invalid", ERR_REJECT);
	ev.ak_cert.data[0] = 0x31;
	ev.ak_cert.len = 5;
	assert_refused(&in, "ak_cert_invalid", ERR_REJECT);
	ev.ak_cert.data[0] = 0x30;
	ev.quote_sig.len = 0;
	assert_refused(&in, "field_missing", ERR_REJECT);
	ev.quote_sig.len = 256;
	ev.certify_info.data[5] = 0x18; /* a quote type where the certify body is */
	assert_refused(&in, "certify_invalid", ERR_REJECT);
	ev.certify_info.data[5] = 0x17;
	/* the unchanged evidence still builds */
	{
		struct buf body;
		struct err e;
		buf_init(&body, MAA_REQUEST_MAX_BODY);
		assert_true(maa_request_build(&in, &body, &e));
		buf_free(&body);
	}
	evidence_free(&ev);
}

static void test_os_and_isolation_refusals_named(void **state)
{
	(void)state;
	struct evidence ev;
	struct maa_request_in in;
	char big[MAA_OS_FIELD_MAX + 2];

	make_evidence(&ev);
	make_input(&in, &ev, EVIDENCE_ISOLATION_SEV_SNP);
	in.os.distro = "";
	assert_refused(&in, "os_field_invalid", ERR_REJECT);
	in.os.distro = NULL;
	assert_refused(&in, "os_field_invalid", ERR_REJECT);
	in.os.distro = "Debian\nGNU";
	assert_refused(&in, "os_field_invalid", ERR_REJECT);
	in.os.distro = "Caf\xc3\xa9";
	assert_refused(&in, "os_field_invalid", ERR_REJECT);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	in.os.distro = big;
	assert_refused(&in, "os_field_invalid", ERR_REJECT);
	in.os.distro = "Ubuntu";
	in.os.type = "";
	assert_refused(&in, "os_field_invalid", ERR_REJECT);
	in.os.type = "Linux";
	in.os.build = "\x7f";
	assert_refused(&in, "os_field_invalid", ERR_REJECT);
	in.os.build = "NotApplication";

	in.isolation = EVIDENCE_ISOLATION_TRUSTED_LAUNCH; /* the node has an HCL report */
	assert_refused(&in, "isolation_mismatch", ERR_REJECT);
	in.isolation = EVIDENCE_ISOLATION_TDX;
	assert_refused(&in, "isolation_tdx_unsupported", ERR_USAGE);
	in.isolation = EVIDENCE_ISOLATION_UNSET;
	assert_refused(&in, "isolation_unset", ERR_USAGE);
	in.isolation = EVIDENCE_ISOLATION_SEV_SNP;
	make_hcl(&ev.hcl_report, HCL_REPORT_TYPE_TDX);
	assert_refused(&in, "isolation_mismatch", ERR_REJECT);
	make_hcl(&ev.hcl_report, HCL_REPORT_TYPE_SNP);
	ev.hcl_report.data[0x4D4 + 3] ^= 1; /* claims edited: REPORT_DATA no longer binds them */
	assert_refused(&in, "hcl_binding_mismatch", ERR_REJECT);
	ev.hcl_report.data[0] ^= 1;
	assert_refused(&in, "hcl_bad_signature", ERR_REJECT);
	make_hcl(&ev.hcl_report, HCL_REPORT_TYPE_SNP);
	ev.has_hcl = false;
	assert_refused(&in, "hcl_report_missing", ERR_REJECT);
	ev.has_hcl = true;
	in.vcek_chain_len = 0;
	assert_refused(&in, "vcek_chain_invalid", ERR_REJECT);
	in.vcek_chain = (const uint8_t *)"not pem";
	in.vcek_chain_len = 7;
	assert_refused(&in, "vcek_chain_invalid", ERR_REJECT);
	in.vcek_chain = (const uint8_t *)"-----BEGIN PUBLIC KEY-----\nMAMCAQU=\n-----END PUBLIC "
					 "KEY-----\n";
	in.vcek_chain_len = strlen((const char *)in.vcek_chain);
	assert_refused(&in, "vcek_chain_invalid", ERR_REJECT);
	in.vcek_chain_len = MAA_VCEK_CHAIN_MAX + 1;
	assert_refused(&in, "vcek_chain_invalid", ERR_REJECT);
	in.ev = NULL;
	assert_refused(&in, "bad_request_input", ERR_USAGE);
	evidence_free(&ev);
}

/* The body cap: a log that inflates past MAA_REQUEST_MAX_BODY is refused, not cut. */
static void test_body_cap(void **state)
{
	(void)state;
	struct evidence ev;
	struct maa_request_in in;
	struct buf body;
	struct err e;

	make_evidence(&ev);
	make_input(&in, &ev, EVIDENCE_ISOLATION_SEV_SNP);
	buf_reset(&ev.eventlog);
	put_fill(&ev.eventlog, 0xee, 512 * 1024); /* 512 KiB: about 0.92 MiB of body */
	buf_init(&body, MAA_REQUEST_MAX_BODY);
	if (!maa_request_build(&in, &body, &e))
		fail_msg("%s: %s", e.reason, e.detail);
	assert_true(body.len <= MAA_REQUEST_MAX_BODY);
	put_fill(&ev.eventlog, 0xee, 64 * 1024);
	assert_refused(&in, "request_too_large", ERR_REJECT);
	buf_free(&body);
	evidence_free(&ev);
}

/* ---- cross-implementation: the swtpm fixture and the emulator's checker ---- */

static struct {
	struct swtpm_fixture sw;
	bool up;
	struct evidence ev;
} fx;

static int fixture_start(void **state)
{
	char cmd[512];
	struct collect_opts o;
	struct err e;

	(void)state;
	if (!fixture_have("/usr/bin/python3 -c 'import cryptography'"))
		return 0;
	if (swtpm_fixture_start(&fx.sw) != 0)
		return -1; /* installed but broken: fail, do not skip */
	if (!fx.sw.up)
		return 0;
	snprintf(cmd, sizeof(cmd),
		 "/usr/bin/python3 test/provider/client_vectors.py pki '%s/pki-a' && "
		 "/usr/bin/python3 test/provider/client_vectors.py pki '%s/pki-b'",
		 fx.sw.dir, fx.sw.dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "# emulator PKI did not start: see %s\n", fx.sw.dir);
		return -1;
	}
	collect_opts_azure(&o);
	o.tcti = fx.sw.tcti;
	o.deadline_s = 10;
	o.eventlog_path = fx.sw.log;
	evidence_init(&fx.ev);
	if (!evidence_collect(&o, &fx.ev, &e)) {
		fprintf(stderr, "# collect: %s: %s\n", e.reason, e.detail);
		return -1;
	}
	fx.up = true;
	return 0;
}

static int fixture_stop(void **state)
{
	(void)state;
	if (fx.up)
		evidence_free(&fx.ev);
	return swtpm_fixture_stop(&fx.sw);
}

/* Builds from ev, writes the body, runs the emulator's checker; returns its one-line verdict. */
static void emulator_verdict(const struct evidence *ev, enum evidence_isolation iso,
			     const char *pki, char *verdict, size_t cap)
{
	struct maa_request_in in;
	struct buf body;
	struct err e;
	char path[256], cmd[1024];
	uint8_t *chain, *out;
	size_t chain_len, n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/vcek-chain.pem", fx.sw.dir, pki);
	chain = test_read_file(path, &chain_len);
	assert_non_null(chain);
	make_input(&in, ev, iso);
	in.os.distro = "Arch Linux";
	in.os.version_major = 1;
	in.os.version_minor = 0;
	in.vcek_chain = chain;
	in.vcek_chain_len = chain_len;
	buf_init(&body, MAA_REQUEST_MAX_BODY);
	if (!maa_request_build(&in, &body, &e))
		fail_msg("build: %s: %s", e.reason, e.detail);
	snprintf(path, sizeof(path), "%s/body.json", fx.sw.dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(body.data, 1, body.len, f), body.len);
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof(cmd),
		 "/usr/bin/python3 test/provider/client_vectors.py check '%s' '%s/pki/roots.pem' "
		 "'%s/pki-a/vcek-chain.pem' >'%s/verdict' 2>&1",
		 path, fx.sw.dir, fx.sw.dir, fx.sw.dir);
	(void)system(cmd);
	snprintf(path, sizeof(path), "%s/verdict", fx.sw.dir);
	out = test_read_file(path, &n);
	assert_non_null(out);
	n = n < cap - 1 ? n : cap - 1;
	memcpy(verdict, out, n);
	verdict[n] = '\0';
	if (n && verdict[n - 1] == '\n')
		verdict[n - 1] = '\0';
	free(out);
	free(chain);
	buf_free(&body);
}

static void assert_verdict(const struct evidence *ev, enum evidence_isolation iso, const char *pki,
			   const char *want_prefix)
{
	char v[512];
	emulator_verdict(ev, iso, pki, v, sizeof(v));
	if (strncmp(v, want_prefix, strlen(want_prefix)) != 0)
		fail_msg("emulator said '%s', want '%s'", v, want_prefix);
}

static void test_emulator_accepts_fixture_requests(void **state)
{
	(void)state;
	struct evidence tl;

	if (!fx.up)
		skip();
	assert_verdict(&fx.ev, EVIDENCE_ISOLATION_SEV_SNP, "pki-a", "accepted");
	/* Trusted Launch: the same node without its HCL report */
	tl = fx.ev;
	tl.has_hcl = false;
	assert_verdict(&tl, EVIDENCE_ISOLATION_TRUSTED_LAUNCH, "pki-a", "accepted");
}

static void test_emulator_refuses_tampered_requests(void **state)
{
	(void)state;
	char path[256];
	uint8_t *ext, *hit;
	uint8_t last[32];
	size_t n, k;

	if (!fx.up)
		skip();
	fx.ev.quote_sig.data[9] ^= 1;
	assert_verdict(&fx.ev, EVIDENCE_ISOLATION_SEV_SNP, "pki-a", "QuoteSignatureInvalid:");
	fx.ev.quote_sig.data[9] ^= 1;
	fx.ev.certify_sig.data[9] ^= 1;
	assert_verdict(&fx.ev, EVIDENCE_ISOLATION_SEV_SNP, "pki-a", "CertifySignatureInvalid:");
	fx.ev.certify_sig.data[9] ^= 1;
	fx.ev.enc_key_pub.data[60] ^= 1;
	assert_verdict(&fx.ev, EVIDENCE_ISOLATION_SEV_SNP, "pki-a", "CertifiedKeyMismatch:");
	fx.ev.enc_key_pub.data[60] ^= 1;
	/* a VCEK chain that does not lead to the emulator's ARK */
	assert_verdict(&fx.ev, EVIDENCE_ISOLATION_SEV_SNP, "pki-b", "IsolationEvidenceInvalid:");
	/* one bit of the last extended digest in the log (test/tpm extends.txt) */
	snprintf(path, sizeof(path), "%s/extends.txt", fx.sw.dir);
	ext = test_read_file(path, &n);
	assert_non_null(ext);
	assert_true(n > 65);
	while (n && (ext[n - 1] == '\n' || ext[n - 1] == ' '))
		n--;
	assert_true(hex_decode((const char *)ext + n - 64, 64, last, 32, &k));
	assert_int_equal(k, 32);
	free(ext);
	hit = NULL;
	for (size_t i = 0; !hit && i + 32 <= fx.ev.eventlog.len; i++)
		if (memcmp(fx.ev.eventlog.data + i, last, 32) == 0)
			hit = fx.ev.eventlog.data + i;
	assert_non_null(hit);
	hit[0] ^= 1;
	assert_verdict(&fx.ev, EVIDENCE_ISOLATION_SEV_SNP, "pki-a", "TcgLogReplayMismatch:");
	hit[0] ^= 1;
	/* and the untouched evidence is still accepted */
	assert_verdict(&fx.ev, EVIDENCE_ISOLATION_SEV_SNP, "pki-a", "accepted");
}

int main(void)
{
	const struct CMUnitTest pure[] = {
	    cmocka_unit_test(test_trustedlaunch_body_known_fields),
	    cmocka_unit_test(test_pcr_set_from_the_signed_selection),
	    cmocka_unit_test(test_sevsnp_isolation_evidence),
	    cmocka_unit_test(test_evidence_refusals_named),
	    cmocka_unit_test(test_os_and_isolation_refusals_named),
	    cmocka_unit_test(test_body_cap),
	};
	const struct CMUnitTest cross[] = {
	    cmocka_unit_test(test_emulator_accepts_fixture_requests),
	    cmocka_unit_test(test_emulator_refuses_tampered_requests),
	};
	int failed = cmocka_run_group_tests_name("maa_request", pure, NULL, NULL);
	return failed + cmocka_run_group_tests_name("maa_request_emulator", cross, fixture_start,
						    fixture_stop);
}
