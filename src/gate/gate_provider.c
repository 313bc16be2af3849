/*
 * gate_provider: steps 4-6 (docs/maa-azureguest.md 2-3): the AzureGuest request from the
 * checked evidence, POST over the HTTPS edge (retries, deadline), the {"token": envelope}
 * answer, the inner key decrypted in the TPM with the PCR-bound ephemeral key, AES-GCM.
 */
#include <string.h>

#include "gate/gate_internal.h"
#include "provider/maa_envelope.h"
#include "tpm/evidence_collect.h"

/* The inner key is encrypted with RSAES-PKCS1-v1_5, not OAEP (3.2, 3.3 step 2: TPM_ALG_RSAES). */
#define GATE_INNER_KEY_OAEP false

static bool build_request(struct gate_ctx *g, struct json_writer *f, struct err *e)
{
	struct maa_request_in in;

	memset(&in, 0, sizeof(in));
	in.ev = &g->ev;
	in.os = g->s.os;
	in.isolation = g->s.isolation;
	in.vcek_chain = g->vcek_chain.data;
	in.vcek_chain_len = g->vcek_chain.len;
	if (!maa_request_nonce_b64(&g->ev, g->nonce_b64, e) ||
	    !maa_request_build(&in, &g->request, e))
		return false;
	json_kv_str(f, "url", g->s.attest_url);
	json_kv_str(f, "nonce_b64", g->nonce_b64);
	gate_kv_sha256(f, "request_sha256", g->request.data, g->request.len);
	json_kv_u64(f, "request_bytes", g->request.len);
	return true;
}

void gate_provider_http_opts(const struct gate_ctx *g, struct http_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->target = HTTP_TARGET_PROVIDER;
	o->ca_bundle = g->s.ca_bundle;
	o->resolve = g->s.resolve;
	o->proxy = g->s.proxy;
	o->deadline_ms = g->s.deadline_ms;
}

static bool exchange(struct gate_ctx *g, struct json_writer *f, struct err *e)
{
	struct http_opts o;
	unsigned attempts = 0;
	bool ok;

	gate_provider_http_opts(g, &o);
	ok = http_exchange(&o, "POST", g->s.attest_url, g->request.data, g->request.len, &g->resp,
			   &attempts, e);
	json_kv_u64(f, "attempts", attempts);
	json_kv_u64(f, "status", g->resp.status < 0 ? 0 : (uint64_t)g->resp.status);
	if (ok) {
		gate_kv_sha256(f, "response_sha256", g->resp.body.data, g->resp.body.len);
		json_kv_u64(f, "response_bytes", g->resp.body.len);
	}
	return ok;
}

/* EncryptedInnerKey -> TPM2_RSA_Decrypt under PolicyPCR -> AES-GCM open of the JWT (3.3). */
static bool open_envelope(struct gate_ctx *g, const struct maa_envelope *env, struct json_writer *f,
			  struct err *e)
{
	uint64_t now = http_clock_ms();
	unsigned left = now < g->s.deadline_ms ? (unsigned)((g->s.deadline_ms - now) / 1000u) : 0;
	struct buf key;
	bool ok;

	buf_init(&key, 1024);
	ok = evidence_decrypt(g->s.tcti, left ? left : 1u, &g->ev, env->inner_key_ct,
			      sizeof(env->inner_key_ct), GATE_INNER_KEY_OAEP, &key, e) &&
	     maa_envelope_open(env, key.data, key.len, &g->jwt, e);
	if (key.data)
		memset(key.data, 0, key.cap);
	buf_free(&key);
	if (ok) {
		json_kv_u64(f, "key_bits", env->key_bits);
		json_kv_u64(f, "jwt_bytes", g->jwt.len);
	}
	return ok;
}

bool gate_step_provider(struct gate_ctx *g, struct json_writer *f, struct err *e)
{
	struct maa_envelope env;
	bool ok;

	if (!build_request(g, f, e) || !exchange(g, f, e))
		return false;
	maa_envelope_init(&env);
	ok = maa_envelope_parse(g->resp.body.data ? g->resp.body.data : (const uint8_t *)"",
				g->resp.body.len, &env, e) &&
	     open_envelope(g, &env, f, e);
	maa_envelope_free(&env);
	return ok;
}
