/*
 * gate_token: step 7 in two records. token_verify: the signing keys (a pinned ATTEST_JWKS
 * file, else GET <provider>/certs: the configured URL, never the token's jku/x5u; docs/
 * maa-azureguest.md 5), the JWS and registered claims (iss == the provider URL verbatim,
 * exp/nbf/iat within ATTEST_MAX_SKEW; RFC 7519 4.1), then the binding of the token to this
 * run (provider/maa_token_check.h). policy_eval: the customer's policy over the verified
 * claims and our own replay of the event log (src/policy).
 */
#include <stdio.h>
#include <string.h>

#include "attest/tpm2b_public.h"
#include "gate/gate_internal.h"
#include "json/json_read.h"
#include "provider/maa_token_check.h"

static bool jwks_from_file(struct gate_ctx *g, struct err *e)
{
	if (!file_read_all(g->s.jwks_file, JWKS_MAX_BYTES, &g->jwks_text, e))
		return err_relabel(e, R_CONFIG_JWKS_UNREADABLE, "ATTEST_JWKS");
	if (!jwks_parse(&g->jwks, g->jwks_text.data ? g->jwks_text.data : (const uint8_t *)"",
			g->jwks_text.len, e))
		return err_relabel(e, R_CONFIG_BAD_JWKS, "ATTEST_JWKS");
	return true;
}

static bool jwks_from_provider(struct gate_ctx *g, struct err *e)
{
	struct http_opts o;
	struct http_response r;
	bool ok;

	gate_provider_http_opts(g, &o);
	http_response_init(&r);
	ok = http_exchange(&o, "GET", g->s.certs_url, NULL, 0, &r, NULL, e) &&
	     buf_append(&g->jwks_text, r.body.data ? r.body.data : (const uint8_t *)"",
			r.body.len) &&
	     jwks_parse(&g->jwks, g->jwks_text.data ? g->jwks_text.data : (const uint8_t *)"",
			g->jwks_text.len, e);
	if (!ok && e->id == R_NONE)
		err_fail(e, R_JOSE_TOO_LARGE, ERR_NO_OFFSET, "JWKS over %zu bytes",
			 (size_t)JWKS_MAX_BYTES);
	http_response_free(&r);
	return ok;
}

/* A string claim as a fact, when present. */
static void claim_fact(const struct json_doc *c, struct json_writer *f, const char *name)
{
	char v[128];
	int64_t n;
	struct err ign;

	err_clear(&ign);
	if (json_get_str(c, JSON_ROOT, name, v, sizeof(v), NULL, JSON_STR_NO_NUL, &ign))
		json_kv_str(f, name, v);
	else if (json_get_i64(c, JSON_ROOT, name, &n, &ign) && n >= 0)
		json_kv_u64(f, name, (uint64_t)n);
}

/* What this run sent: the nonce string, EncKeyPub's modulus, the required PCRs. */
static bool check_binding(struct gate_ctx *g, struct err *e)
{
	struct tpm_public pub;
	struct maa_token_expect x;

	if (!tpm2b_public_parse(g->ev.enc_key_pub.data, g->ev.enc_key_pub.len, &pub, e))
		return false;
	memset(&x, 0, sizeof(x));
	x.nonce_b64 = g->nonce_b64;
	x.nonce_b64_len = strlen(g->nonce_b64);
	x.enc_n = pub.rsa_n;
	x.enc_n_len = pub.rsa_n_len;
	x.pcr_mask = g->s.pcr_mask;
	return maa_token_check(&g->tok.claims, &x, e);
}

bool gate_step_token_verify(struct gate_ctx *g, struct json_writer *f, struct err *e)
{
	struct jwt_expect x;

	json_kv_str(f, "jwks", g->s.jwks_file ? g->s.jwks_file : g->s.certs_url);
	/* The token was issued moments ago: judge it (and the policy's token age) by the clock now,
	 * not the one at the start of the run. */
	g->now_unix = gate_now_unix();
	if (!(g->s.jwks_file ? jwks_from_file(g, e) : jwks_from_provider(g, e)))
		return false;
	gate_kv_sha256(f, "jwks_sha256", g->jwks_text.data, g->jwks_text.len);
	json_kv_u64(f, "jwks_keys", g->jwks.count);
	memset(&x, 0, sizeof(x));
	x.issuer = g->s.provider_url;
	x.issuer_len = strlen(g->s.provider_url);
	x.now = (int64_t)g->now_unix;
	x.max_skew = g->s.max_skew;
	g->have_tok = true;
	if (!jwt_verify((const char *)(g->jwt.data ? g->jwt.data : (const uint8_t *)""), g->jwt.len,
			&g->jwks, &x, &g->tok, e))
		return false;
	gate_kv_sha256(f, "token_sha256", g->jwt.data, g->jwt.len);
	claim_fact(&g->tok.claims, f, "jti");
	claim_fact(&g->tok.claims, f, "iss");
	claim_fact(&g->tok.claims, f, "iat");
	claim_fact(&g->tok.claims, f, "exp");
	if (g->tok.jws.key && g->tok.jws.key->has_kid)
		json_kv_str(f, "kid", g->tok.jws.key->kid);
	return check_binding(g, e);
}

bool gate_step_policy_eval(struct gate_ctx *g, struct json_writer *f, struct err *e)
{
	struct policy_input in;
	struct buf rep;
	bool pass;

	memset(&in, 0, sizeof(in));
	in.claims = &g->tok.claims;
	in.log = g->have_log ? &g->log : NULL;
	in.pcrs = g->have_log ? &g->pcrs : NULL;
	in.has_now = true;
	in.now = (int64_t)g->now_unix;
	in.max_skew = (int64_t)g->s.max_skew;
	pass = policy_eval(&g->policy, &in, &g->report);
	buf_init(&rep, (size_t)48 * 1024);
	json_key(f, "report");
	if (policy_report_json(&g->report, &rep))
		json_raw(f, (const char *)rep.data, rep.len);
	else
		json_null(f);
	buf_free(&rep);
	if (pass)
		return true;
	for (size_t i = 0; i < g->report.n; i++)
		if (!g->report.r[i].pass)
			return err_fail(e, R_POLICY_DENIED, ERR_NO_OFFSET,
					"%zu of %zu rules failed, first %.60s: %.40s",
					g->report.failed, g->report.n, g->report.r[i].rule,
					g->report.r[i].actual);
	return err_fail(e, R_POLICY_DENIED, ERR_NO_OFFSET, "%zu rules failed", g->report.failed);
}
