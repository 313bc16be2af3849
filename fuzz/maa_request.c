/*
 * libFuzzer harness: maa_request_build() and maa_request_nonce_b64()
 * (src/provider/maa_request.c) over an evidence bundle read by evidence_read(), for each
 * isolation type. Input: the caller's VCEK chain PEM text, a NUL byte, then the evidence
 * bundle JSON (no NUL: the whole input is the bundle and the chain is empty), the format of the
 * evidence_verify corpus.
 *
 * Properties of a built body: within MAA_REQUEST_MAX_BODY; strict JSON with exactly one member
 * AttestationInfo, a base64url string whose decoding is strict JSON again; and the nonce string
 * is the base64 of the bundle's nonce.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "attest/evidence_bundle.h"
#include "jose/base64.h"
#include "json/json_parse.h"
#include "json/json_read.h"
#include "provider/maa_request.h"

static void check_body(const struct buf *body, const struct evidence *ev)
{
	struct json_doc d, inner;
	struct buf s, text;
	uint32_t v;
	size_t n = 0;
	char nonce[MAA_NONCE_B64_LEN + 1];
	struct buf want;

	if (body->len > MAA_REQUEST_MAX_BODY ||
	    !json_doc_parse(&d, body->data, body->len, NULL, NULL))
		__builtin_trap();
	buf_init(&s, MAA_REQUEST_MAX_BODY);
	buf_init(&text, MAA_REQUEST_MAX_BODY);
	if (json_val_size(&d, JSON_ROOT) != 1 ||
	    !json_obj_member(&d, JSON_ROOT, "AttestationInfo", 15, &v) ||
	    !json_val_str_buf(&d, v, &s, 0, NULL) || !buf_reserve(&text, s.len) ||
	    !base64_decode(BASE64_URL, (const char *)s.data, s.len, text.data, s.len, &n, NULL) ||
	    !json_doc_parse(&inner, text.data, n, NULL, NULL))
		__builtin_trap();
	json_doc_free(&inner);
	json_doc_free(&d);
	buf_init(&want, 64);
	if (!maa_request_nonce_b64(ev, nonce, NULL) ||
	    !base64_encode(BASE64_STD, ev->nonce.data, ev->nonce.len, &want) ||
	    want.len != strlen(nonce) || memcmp(want.data, nonce, want.len) != 0)
		__builtin_trap();
	buf_free(&want);
	buf_free(&s);
	buf_free(&text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum evidence_isolation isos[] = {
	    EVIDENCE_ISOLATION_TRUSTED_LAUNCH, EVIDENCE_ISOLATION_SEV_SNP, EVIDENCE_ISOLATION_TDX};
	const uint8_t *nul = memchr(data, 0, size);
	size_t chain_len = nul ? (size_t)(nul - data) : 0;
	const uint8_t *bundle = nul ? nul + 1 : data;
	size_t bundle_len = nul ? size - chain_len - 1 : size;
	struct evidence ev;
	struct maa_request_in in;
	struct buf body;
	struct err e;

	evidence_init(&ev);
	if (!evidence_read(bundle, bundle_len, &ev, &e)) {
		evidence_free(&ev);
		return 0;
	}
	buf_init(&body, MAA_REQUEST_MAX_BODY);
	for (size_t i = 0; i < sizeof(isos) / sizeof(isos[0]); i++) {
		memset(&in, 0, sizeof(in));
		in.ev = &ev;
		in.os.type = "Linux";
		in.os.distro = "Ubuntu";
		in.os.build = "NotApplication";
		in.os.version_major = 22;
		in.os.version_minor = 4;
		in.isolation = isos[i];
		in.vcek_chain = data;
		in.vcek_chain_len = chain_len;
		if (maa_request_build(&in, &body, &e))
			check_body(&body, &ev);
		else if (body.len != 0)
			__builtin_trap(); /* a refusal leaves no partial body */
	}
	buf_free(&body);
	evidence_free(&ev);
	return 0;
}
