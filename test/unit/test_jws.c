/*
 * Unit tests for src/jose/jws.c and jwt.c: JWS compact verification against
 * a JWKS, and the claim checks applied through jwt_verify() (each claim
 * check's own cases are in test_jwt_claims.c).
 *
 * Known answers: RFC 7515 Appendix A.2 (RS256) and A.3 (ES256), and the two
 * real Azure Attestation tokens from ../shared. Negative cases use keys and
 * tokens made here with BearSSL's key generation and signing (deterministic
 * HMAC-DRBG seed), one case per rule; each negative token differs from a
 * token that verifies only in the property under test.
 */
#include "test_util.h"

#include <bearssl.h>

#include "core/digest.h"
#include "jose/base64.h"
#include "jose/jwks.h"
#include "jose/jwt.h"

#define NOW 1700000000LL
#define ISS "https://issuer.example"

/* ---- RFC 7515 appendix A ---- */

#define RFC_PAYLOAD                                                                                \
	"eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0" \
	"cnV"                                                                                      \
	"lfQ"
static const char rfc_a2_token[] =
    "eyJhbGciOiJSUzI1NiJ9." RFC_PAYLOAD
    ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5"
    "jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1"
    "L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYE"
    "UipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
static const char rfc_a2_jwks[] =
    "{\"keys\":[{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQo"
    "Tbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b3"
    "2690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665"
    "xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kz"
    "k2PAcDTW9gb54h4FRWyuXpoQ\"}]}";
static const char rfc_a3_token[] =
    "eyJhbGciOiJFUzI1NiJ9." RFC_PAYLOAD
    ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
static const char rfc_a3_jwks[] = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":"
				  "\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"
				  "\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}";
#define RFC_EXP 1300819380LL

/* ---- helpers ---- */

static void load_jwks(struct jwks *ks, const char *json)
{
	struct err e;
	err_clear(&e);
	if (!jwks_parse(ks, (const uint8_t *)json, strlen(json), &e))
		fail_msg("jwks: %s: %s", e.reason, e.detail);
}

/* Verifies; returns NULL on success or the reason code. */
static const char *verify_full(const char *tok, size_t len, const struct jwks *ks, int64_t now,
			       const char *issuer, uint32_t skew)
{
	static char reason[64];
	struct jwt_expect x = {issuer, issuer ? strlen(issuer) : 0, now, skew};
	struct jwt_verified v;
	struct err e;
	bool ok;

	err_clear(&e);
	ok = jwt_verify(tok, len, ks, &x, &v, &e);
	jwt_verified_free(&v);
	if (ok)
		return NULL;
	assert_non_null(e.reason);
	if (strcmp(e.layer, "jose") != 0)
		fail_msg("layer %s (reason %s), wanted jose", e.layer, e.reason);
	/* A JSON error inside the header or payload is reported as bad_header / bad_payload
	 * with the inner layer and code first in the detail ("payload: json syntax ..."). */
	if ((e.id == R_JOSE_BAD_HEADER && strncmp(e.detail, "header: ", 8) == 0) ||
	    (e.id == R_JOSE_BAD_PAYLOAD && strncmp(e.detail, "payload: ", 9) == 0)) {
		const char *inner = strchr(e.detail, ' ');
		char layer[16] = "", code[40] = "";
		assert_non_null(inner);
		assert_int_equal(sscanf(inner, " %15s %39[a-z0-9_]", layer, code), 2);
		snprintf(reason, sizeof(reason), "%s %s %s", e.reason, layer, code);
		return reason;
	}
	snprintf(reason, sizeof(reason), "%s", e.reason);
	return reason;
}

static const char *verify_at(const char *tok, const struct jwks *ks, int64_t now,
			     const char *issuer)
{
	return verify_full(tok, strlen(tok), ks, now, issuer, JWT_DEFAULT_SKEW);
}

#define assert_verifies(r)                                                                         \
	do {                                                                                       \
		const char *r_ = (r);                                                              \
		if (r_)                                                                            \
			fail_msg("rejected: %s", r_);                                              \
	} while (0)
#define assert_reason(r, want)                                                                     \
	do {                                                                                       \
		const char *r_ = (r);                                                              \
		if (!r_)                                                                           \
			fail_msg("accepted, wanted %s", want);                                     \
		if (strcmp(r_, want) != 0)                                                         \
			fail_msg("reason %s, wanted %s", r_, want);                                \
	} while (0)

/* Every single-character change of the token must make verification fail. */
static void assert_every_change_fails(const char *tok, const struct jwks *ks, int64_t now)
{
	size_t n = strlen(tok);
	char *m = malloc(n + 1);

	assert_non_null(m);
	for (size_t i = 0; i < n; i++) {
		memcpy(m, tok, n + 1);
		m[i] = m[i] == 'A' ? 'B' : 'A';
		if (!verify_at(m, ks, now, NULL))
			fail_msg("change at %zu accepted", i);
	}
	free(m);
}

/* ---- generated keys ---- */

enum key_id { K_R1, K_R2_ATTACKER, K_SMALL, K_E1, K_E384, K_NKEYS };

struct test_key {
	bool rsa;
	br_rsa_private_key rsk;
	br_rsa_public_key rpk;
	uint8_t rpriv[BR_RSA_KBUF_PRIV_SIZE(2048)], rpub[BR_RSA_KBUF_PUB_SIZE(2048)];
	br_ec_private_key esk;
	br_ec_public_key epk;
	uint8_t epriv[BR_EC_KBUF_PRIV_MAX_SIZE], epub[BR_EC_KBUF_PUB_MAX_SIZE];
};

static struct test_key keys[K_NKEYS];
static struct jwks the_jwks;

static void b64url(const uint8_t *p, size_t n, char *out, size_t cap)
{
	struct buf b;
	buf_init(&b, cap - 1);
	assert_true(base64_encode(BASE64_URL, p, n, &b));
	memcpy(out, b.data, b.len);
	out[b.len] = 0;
	buf_free(&b);
}

static void b64url_str(const char *s, char *out, size_t cap)
{
	b64url((const uint8_t *)s, strlen(s), out, cap);
}

/* JWK member text for key k (public part only). */
static void jwk_json(enum key_id k, const char *kid, char *out, size_t cap)
{
	char a[1024], b[1024];
	struct test_key *t = &keys[k];

	if (t->rsa) {
		b64url(t->rpk.n, t->rpk.nlen, a, sizeof(a));
		b64url(t->rpk.e, t->rpk.elen, b, sizeof(b));
		snprintf(out, cap, "{\"kty\":\"RSA\",\"kid\":\"%s\",\"n\":\"%s\",\"e\":\"%s\"}",
			 kid, a, b);
	} else {
		size_t c = (t->epk.qlen - 1) / 2;
		b64url(t->epk.q + 1, c, a, sizeof(a));
		b64url(t->epk.q + 1 + c, c, b, sizeof(b));
		snprintf(out, cap,
			 "{\"kty\":\"EC\",\"kid\":\"%s\",\"crv\":\"%s\",\"x\":\"%s\",\"y\":\"%s\"}",
			 kid, c == 32 ? "P-256" : "P-384", a, b);
	}
}

static int group_setup(void **state)
{
	(void)state;
	br_hmac_drbg_context rng;
	static const char seed[] = "attest-init test_jws deterministic seed";
	const unsigned sizes[K_NKEYS] = {2048, 2048, 1024, 0, 0};
	const int curves[K_NKEYS] = {0, 0, 0, BR_EC_secp256r1, BR_EC_secp384r1};
	char j[4][2048], all[4 * 2048 + 64];

	br_hmac_drbg_init(&rng, &br_sha256_vtable, seed, sizeof(seed));
	for (int k = 0; k < K_NKEYS; k++) {
		struct test_key *t = &keys[k];
		if (sizes[k]) {
			t->rsa = true;
			if (!br_rsa_keygen_get_default()(&rng.vtable, &t->rsk, t->rpriv, &t->rpk,
							 t->rpub, sizes[k], 65537))
				return -1;
		} else {
			if (!br_ec_keygen(&rng.vtable, br_ec_get_default(), &t->esk, t->epriv,
					  curves[k]) ||
			    !br_ec_compute_pub(br_ec_get_default(), &t->epk, t->epub, &t->esk))
				return -1;
		}
	}
	jwk_json(K_R1, "r1", j[0], sizeof(j[0]));
	jwk_json(K_SMALL, "small", j[1], sizeof(j[1]));
	jwk_json(K_E1, "e1", j[2], sizeof(j[2]));
	jwk_json(K_E384, "e384", j[3], sizeof(j[3]));
	snprintf(all, sizeof(all), "{\"keys\":[%s,%s,%s,%s]}", j[0], j[1], j[2], j[3]);
	struct err e;
	err_clear(&e);
	if (!jwks_parse(&the_jwks, (const uint8_t *)all, strlen(all), &e)) {
		fprintf(stderr, "jwks: %s %s\n", e.reason, e.detail);
		return -1;
	}
	return 0;
}

enum sig_form { SIG_RAW, SIG_DER };

/* Signature of input with key k for algorithm alg ("RS256"...; "HS256" uses
 * the RSA modulus as the HMAC key, the classic key-confusion attack). */
static size_t sign(enum key_id k, const char *alg, enum sig_form form, const char *input,
		   uint8_t *sig)
{
	struct test_key *t = &keys[k];
	const char *hname = strstr(alg, "384")	 ? "sha384"
			    : strstr(alg, "512") ? "sha512"
						 : "sha256";
	const struct digest_alg *d = digest_by_name(hname);
	uint8_t h[64];

	assert_true(digest_compute(d, input, strlen(input), h));
	if (alg[0] == 'H') {
		br_hmac_key_context kc;
		br_hmac_context hc;
		br_hmac_key_init(&kc, &br_sha256_vtable, keys[K_R1].rpk.n, keys[K_R1].rpk.nlen);
		br_hmac_init(&hc, &kc, 0);
		br_hmac_update(&hc, input, strlen(input));
		return br_hmac_out(&hc, sig);
	}
	if (t->rsa) {
		const unsigned char *oid = d->size == 32   ? BR_HASH_OID_SHA256
					   : d->size == 48 ? BR_HASH_OID_SHA384
							   : BR_HASH_OID_SHA512;
		assert_true(br_rsa_pkcs1_sign_get_default()(oid, h, d->size, &t->rsk, sig));
		return (t->rsk.n_bitlen + 7) / 8;
	}
	if (form == SIG_DER)
		return br_ecdsa_sign_asn1_get_default()(br_ec_get_default(), d->impl, h, &t->esk,
							sig);
	return br_ecdsa_sign_raw_get_default()(br_ec_get_default(), d->impl, h, &t->esk, sig);
}

/* Builds b64u(header).b64u(payload).b64u(sig); signs with alg's hash
 * (sig_alg, normally the header's alg). Returns a static buffer. */
static char *make_token_ex(const char *header, const char *payload, enum key_id k,
			   const char *sig_alg, enum sig_form form)
{
	static char tok[16384];
	static char in[sizeof(tok) - 1024];
	char h[4096], p[8192], s[1024];
	uint8_t sig[1024];
	size_t n;

	b64url_str(header, h, sizeof(h));
	b64url_str(payload, p, sizeof(p));
	assert_true((size_t)snprintf(in, sizeof(in), "%s.%s", h, p) < sizeof(in));
	n = sign(k, sig_alg, form, in, sig);
	b64url(sig, n, s, sizeof(s));
	assert_true((size_t)snprintf(tok, sizeof(tok), "%s.%s", in, s) < sizeof(tok));
	return tok;
}

static char *make_token(const char *header, const char *payload, enum key_id k)
{
	const char *a = strstr(header, "\"alg\":\"");
	char alg[8] = "RS256";
	if (a)
		memcpy(alg, a + 7, 5);
	return make_token_ex(header, payload, k, alg, SIG_RAW);
}

static char good_payload[256];

static const char *claims(void)
{
	snprintf(good_payload, sizeof(good_payload),
		 "{\"iss\":\"" ISS
		 "\",\"exp\":%lld,\"nbf\":%lld,\"iat\":%lld,\"x\":[1,{\"y\":true}]}",
		 NOW + 3600, NOW - 10, NOW - 10);
	return good_payload;
}

static const char *check(const char *tok)
{
	return verify_at(tok, &the_jwks, NOW, ISS);
}

/* ---- known answers ---- */

static void test_rfc7515_a2_rs256_example_verifies(void **state)
{
	(void)state;
	struct jwks ks;
	load_jwks(&ks, rfc_a2_jwks);
	assert_verifies(verify_at(rfc_a2_token, &ks, RFC_EXP - 1000, "joe"));
	/* The example expired in 2011. */
	assert_reason(verify_at(rfc_a2_token, &ks, RFC_EXP + 61, NULL), "expired");
}

static void test_rfc7515_a2_any_changed_byte_fails(void **state)
{
	(void)state;
	struct jwks ks;
	load_jwks(&ks, rfc_a2_jwks);
	assert_every_change_fails(rfc_a2_token, &ks, RFC_EXP - 1000);
}

static void test_rfc7515_a3_es256_example_verifies(void **state)
{
	(void)state;
	struct jwks ks;
	load_jwks(&ks, rfc_a3_jwks);
	assert_verifies(verify_at(rfc_a3_token, &ks, RFC_EXP - 1000, "joe"));
	assert_reason(verify_at(rfc_a3_token, &ks, RFC_EXP - 1000, "jo"), "issuer_mismatch");
}

static void test_rfc7515_a3_any_changed_byte_fails(void **state)
{
	(void)state;
	struct jwks ks;
	load_jwks(&ks, rfc_a3_jwks);
	assert_every_change_fails(rfc_a3_token, &ks, RFC_EXP - 1000);
}

static void test_jws_payload_is_handed_out_only_after_verification(void **state)
{
	(void)state;
	struct jwks ks;
	struct jws_verified v;
	struct err e;
	const char *want = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n "
			   "\"http://example.com/is_root\":true}";

	load_jwks(&ks, rfc_a2_jwks);
	err_clear(&e);
	assert_true(jws_verify_compact(rfc_a2_token, strlen(rfc_a2_token), &ks, &v, &e));
	assert_int_equal(v.payload.len, strlen(want));
	assert_memory_equal(v.payload.data, want, strlen(want));
	assert_int_equal(v.alg, JWS_RS256);
	assert_ptr_equal(v.key, &ks.key[0]);
	jws_verified_free(&v);
	/* A failing token leaves no payload behind. */
	assert_false(jws_verify_compact(rfc_a3_token, strlen(rfc_a3_token), &ks, &v, &e));
	assert_int_equal(v.payload.len, 0);
	jws_verified_free(&v);
}

/* Real MAA tokens: read the token and JWKS from ../shared. */
struct maa_case {
	const char *file, *iss;
	int64_t nbf, exp;
};
static const struct maa_case maa[] = {
    {"testdata/maa/token-azureguest-sharedeus2-2024-linux-cvm.jwt",
     "https://sharedeus2.eus2.attest.azure.net", 1734719094, 1734747894},
    {"testdata/maa/token-azureguest-sharedweu-2023-windows-cvm.jwt",
     "https://sharedweu.weu.attest.azure.net", 1680173374, 1680202174},
};

static void test_real_maa_tokens_verify_inside_validity_only(void **state)
{
	(void)state;
	size_t jl, tl;
	uint8_t *j = TEST_SHARED_FILE("testdata/maa/jwks-shared-instances-moduli.json", &jl);
	struct jwks ks;
	struct err e;

	err_clear(&e);
	assert_true(jwks_parse(&ks, j, jl, &e));
	assert_int_equal(ks.count, 2);
	for (size_t i = 0; i < 2; i++) {
		uint8_t *t = TEST_SHARED_FILE(maa[i].file, &tl);
		char *tok = calloc(1, tl + 1);
		memcpy(tok, t, tl);
		if (tl && tok[tl - 1] == '\n')
			tok[--tl] = 0;
		assert_verifies(verify_at(tok, &ks, maa[i].nbf + 3600, maa[i].iss));
		assert_verifies(verify_at(tok, &ks, maa[i].exp + 59, maa[i].iss));
		assert_verifies(verify_at(tok, &ks, maa[i].nbf - 60, maa[i].iss));
		assert_reason(verify_at(tok, &ks, maa[i].exp + 60, maa[i].iss), "expired");
		assert_reason(verify_at(tok, &ks, maa[i].exp + 86400, NULL), "expired");
		assert_reason(verify_at(tok, &ks, maa[i].nbf - 61, NULL), "not_yet_valid");
		assert_reason(verify_at(tok, &ks, maa[i].nbf + 10, maa[1 - i].iss),
			      "issuer_mismatch");
		assert_every_change_fails(tok, &ks, maa[i].nbf + 3600);
		free(tok);
		free(t);
	}
	free(j);
}

/* ---- generated: positive controls ---- */

static void test_all_accepted_algorithms_verify(void **state)
{
	(void)state;
	assert_verifies(check(make_token("{\"alg\":\"RS256\",\"kid\":\"r1\"}", claims(), K_R1)));
	assert_verifies(check(make_token("{\"alg\":\"RS384\",\"kid\":\"r1\"}", claims(), K_R1)));
	assert_verifies(check(make_token("{\"alg\":\"RS512\",\"kid\":\"r1\"}", claims(), K_R1)));
	assert_verifies(check(make_token("{\"alg\":\"ES256\",\"kid\":\"e1\"}", claims(), K_E1)));
	assert_verifies(
	    check(make_token("{\"alg\":\"ES384\",\"kid\":\"e384\"}", claims(), K_E384)));
	/* Without kid: accepted when exactly one key fits the algorithm. */
	assert_verifies(check(make_token("{\"alg\":\"ES384\"}", claims(), K_E384)));
	/* typ, jku and other hints do not matter when the JWKS key verifies. */
	assert_verifies(check(make_token("{\"alg\":\"RS256\",\"kid\":\"r1\",\"typ\":\"JWT\","
					 "\"jku\":\"https://evil.example/certs\"}",
					 claims(), K_R1)));
}

/* ---- generated: one negative case per rule ---- */

static void test_alg_none_is_refused(void **state)
{
	(void)state;
	char h[128], p[512], tok[1024];
	b64url_str("{\"alg\":\"none\"}", h, sizeof(h));
	b64url_str(claims(), p, sizeof(p));
	snprintf(tok, sizeof(tok), "%s.%s.", h, p);
	assert_reason(check(tok), "alg_not_allowed");
	/* Case variants are not "none" either, and are refused too. */
	assert_reason(check(make_token("{\"alg\":\"None\",\"kid\":\"r1\"}", claims(), K_R1)),
		      "alg_not_allowed");
}

static void test_hs256_keyed_with_rsa_public_key_is_refused(void **state)
{
	(void)state;
	assert_reason(check(make_token("{\"alg\":\"HS256\",\"kid\":\"r1\"}", claims(), K_R1)),
		      "alg_not_allowed");
	assert_reason(check(make_token("{\"alg\":\"PS256\",\"kid\":\"r1\"}", claims(), K_R1)),
		      "alg_not_allowed");
	assert_reason(check(make_token("{\"alg\":1,\"kid\":\"r1\"}", claims(), K_R1)),
		      "alg_not_allowed");
	assert_reason(check(make_token("{\"kid\":\"r1\"}", claims(), K_R1)), "alg_missing");
}

static void test_embedded_jwk_is_never_used(void **state)
{
	(void)state;
	char jwk[2048], h[3072];
	jwk_json(K_R2_ATTACKER, "att", jwk, sizeof(jwk));
	/* Attacker signs and ships its own key; the JWKS key r1 is used, and fails. */
	snprintf(h, sizeof(h), "{\"alg\":\"RS256\",\"kid\":\"r1\",\"jwk\":%s}", jwk);
	assert_reason(check(make_token(h, claims(), K_R2_ATTACKER)), "signature_invalid");
	/* With the attacker's own kid, there is no such key in the JWKS. */
	snprintf(h, sizeof(h), "{\"alg\":\"RS256\",\"kid\":\"att\",\"jwk\":%s}", jwk);
	assert_reason(check(make_token(h, claims(), K_R2_ATTACKER)), "kid_not_found");
	/* x5c in the header is ignored the same way. */
	assert_reason(check(make_token("{\"alg\":\"RS256\",\"kid\":\"r1\",\"x5c\":[\"MIIB\"]}",
				       claims(), K_R2_ATTACKER)),
		      "signature_invalid");
}

static void test_foreign_jku_is_never_followed(void **state)
{
	(void)state;
	assert_reason(check(make_token("{\"alg\":\"RS256\",\"kid\":\"r1\","
				       "\"jku\":\"https://evil.example/certs\"}",
				       claims(), K_R2_ATTACKER)),
		      "signature_invalid");
	assert_reason(check(make_token("{\"alg\":\"RS256\",\"kid\":\"evil\","
				       "\"x5u\":\"https://evil.example/cert\"}",
				       claims(), K_R2_ATTACKER)),
		      "kid_not_found");
}

static void test_crit_header_is_refused(void **state)
{
	(void)state;
	assert_reason(check(make_token("{\"alg\":\"RS256\",\"kid\":\"r1\",\"crit\":[\"exp\"],"
				       "\"exp\":1}",
				       claims(), K_R1)),
		      "crit_unsupported");
	assert_reason(
	    check(make_token("{\"alg\":\"RS256\",\"kid\":\"r1\",\"crit\":[]}", claims(), K_R1)),
	    "crit_unsupported");
}

static void test_nested_jwt_is_refused(void **state)
{
	(void)state;
	assert_reason(
	    check(make_token("{\"alg\":\"RS256\",\"kid\":\"r1\",\"cty\":\"JWT\"}", claims(), K_R1)),
	    "nested_unsupported");
}

static void test_duplicate_exp_is_refused(void **state)
{
	(void)state;
	char p[256];
	snprintf(p, sizeof(p), "{\"iss\":\"" ISS "\",\"exp\":%lld,\"exp\":%lld}", NOW + 3600,
		 NOW - 3600);
	assert_reason(check(make_token("{\"alg\":\"RS256\",\"kid\":\"r1\"}", p, K_R1)),
		      "bad_payload json duplicate_member");
	/* Duplicate header members too (two different algs). */
	assert_reason(check(make_token("{\"alg\":\"RS256\",\"alg\":\"none\",\"kid\":\"r1\"}",
				       claims(), K_R1)),
		      "bad_header json duplicate_member");
}

static void test_trailing_bytes_are_refused(void **state)
{
	(void)state;
	char tok[16384];
	const char *good = make_token("{\"alg\":\"RS256\",\"kid\":\"r1\"}", claims(), K_R1);

	assert_verifies(check(good));
	snprintf(tok, sizeof(tok), "%s ", good);
	assert_reason(check(tok), "bad_base64url");
	snprintf(tok, sizeof(tok), "%s\n", good);
	assert_reason(check(tok), "bad_base64url");
	snprintf(tok, sizeof(tok), " %s", good);
	assert_reason(check(tok), "bad_base64url");
	snprintf(tok, sizeof(tok), "%sAAAA", good);
	assert_reason(check(tok), "signature_length");
	/* Bytes after the JSON inside a signed payload are refused too. */
	assert_reason(
	    check(make_token("{\"alg\":\"RS256\",\"kid\":\"r1\"}", "{\"exp\":9999999999} x", K_R1)),
	    "bad_payload json syntax");
}

static void test_padded_segments_are_refused(void **state)
{
	(void)state;
	/* 26-byte header: base64url needs one '=' of padding; sign the padded text. */
	const char *hdr = "{\"alg\":\"RS256\",\"kid\":\"r1\"}";
	char h[128], p[512], input[1024], s[1024], tok[2048];
	uint8_t sig[512];
	size_t n;

	assert_int_equal(strlen(hdr) % 3, 2);
	b64url_str(hdr, h, sizeof(h));
	b64url_str(claims(), p, sizeof(p));
	snprintf(input, sizeof(input), "%s=.%s", h, p);
	n = sign(K_R1, "RS256", SIG_RAW, input, sig);
	b64url(sig, n, s, sizeof(s));
	snprintf(tok, sizeof(tok), "%s.%s", input, s);
	assert_reason(check(tok), "bad_base64url");
	/* A padded signature segment: RSA-2048 signatures need "==" in base64. */
	snprintf(tok, sizeof(tok), "%s==", make_token(hdr, claims(), K_R1));
	assert_reason(check(tok), "bad_base64url");
}

static void test_two_or_four_segments_are_refused(void **state)
{
	(void)state;
	char tok[16384];
	const char *good = make_token("{\"alg\":\"RS256\",\"kid\":\"r1\"}", claims(), K_R1);
	const char *last = strrchr(good, '.');

	snprintf(tok, sizeof(tok), "%.*s", (int)(last - good), good);
	assert_reason(check(tok), "segment_count");
	snprintf(tok, sizeof(tok), "%s.", good);
	assert_reason(check(tok), "segment_count");
	snprintf(tok, sizeof(tok), "%s.AAAA.AAAA", good);
	assert_reason(check(tok), "segment_count");
	assert_reason(check(""), "segment_count");
	assert_reason(check(".."), "bad_header json empty_input");
}

static void test_der_ecdsa_signature_is_refused(void **state)
{
	(void)state;
	const char *hdr = "{\"alg\":\"ES256\",\"kid\":\"e1\"}";
	assert_verifies(check(make_token_ex(hdr, claims(), K_E1, "ES256", SIG_RAW)));
	assert_reason(check(make_token_ex(hdr, claims(), K_E1, "ES256", SIG_DER)),
		      "signature_length");
}

static void test_wrong_curve_is_refused(void **state)
{
	(void)state;
	assert_reason(check(make_token("{\"alg\":\"ES256\",\"kid\":\"e384\"}", claims(), K_E384)),
		      "wrong_curve");
	assert_reason(check(make_token("{\"alg\":\"ES384\",\"kid\":\"e1\"}", claims(), K_E1)),
		      "wrong_curve");
}

static void test_short_rsa_signature_is_refused(void **state)
{
	(void)state;
	char tok[16384], s[1024];
	const char *good = make_token("{\"alg\":\"RS256\",\"kid\":\"r1\"}", claims(), K_R1);
	const char *last = strrchr(good, '.');
	uint8_t sig[512];
	size_t n;
	struct err e;

	err_clear(&e);
	assert_true(
	    base64_decode(BASE64_URL, last + 1, strlen(last + 1), sig, sizeof(sig), &n, &e));
	assert_int_equal(n, 256);
	/* Drop the first byte: a 255-byte signature for a 256-byte modulus. */
	b64url(sig + 1, n - 1, s, sizeof(s));
	snprintf(tok, sizeof(tok), "%.*s.%s", (int)(last - good), good, s);
	assert_reason(check(tok), "signature_length");
	/* A flipped bit keeps the length and fails the signature check. */
	sig[100] ^= 1;
	b64url(sig, n, s, sizeof(s));
	snprintf(tok, sizeof(tok), "%.*s.%s", (int)(last - good), good, s);
	assert_reason(check(tok), "signature_invalid");
}

static void test_signature_over_other_hash_is_refused(void **state)
{
	(void)state;
	/* Header says RS256, signer used SHA-384. */
	assert_reason(check(make_token_ex("{\"alg\":\"RS256\",\"kid\":\"r1\"}", claims(), K_R1,
					  "RS384", SIG_RAW)),
		      "signature_invalid");
	assert_reason(check(make_token_ex("{\"alg\":\"ES256\",\"kid\":\"e1\"}", claims(), K_E1,
					  "ES384", SIG_RAW)),
		      "signature_invalid");
}

static void test_expired_token_is_refused(void **state)
{
	(void)state;
	char p[128];
	const char *h = "{\"alg\":\"RS256\",\"kid\":\"r1\"}";

	/* exp is exclusive; 60 s of skew by default. */
	snprintf(p, sizeof(p), "{\"exp\":%lld}", NOW - 59);
	assert_verifies(verify_at(make_token(h, p, K_R1), &the_jwks, NOW, NULL));
	snprintf(p, sizeof(p), "{\"exp\":%lld}", NOW - 60);
	assert_reason(verify_at(make_token(h, p, K_R1), &the_jwks, NOW, NULL), "expired");
	/* The skew is the caller's: 0 and 300. */
	snprintf(p, sizeof(p), "{\"exp\":%lld}", NOW);
	assert_reason(verify_full(make_token(h, p, K_R1), strlen(make_token(h, p, K_R1)), &the_jwks,
				  NOW, NULL, 0),
		      "expired");
	snprintf(p, sizeof(p), "{\"exp\":%lld}", NOW - 299);
	assert_verifies(verify_full(make_token(h, p, K_R1), strlen(make_token(h, p, K_R1)),
				    &the_jwks, NOW, NULL, 300));
	assert_reason(verify_full(make_token(h, p, K_R1), strlen(make_token(h, p, K_R1)), &the_jwks,
				  NOW, NULL, 301),
		      "max_skew_too_large");
}

static void test_wrong_issuer_is_refused(void **state)
{
	(void)state;
	char p[256];
	const char *h = "{\"alg\":\"RS256\",\"kid\":\"r1\"}";

	snprintf(p, sizeof(p), "{\"iss\":\"https://other.example\",\"exp\":%lld}", NOW + 60);
	assert_reason(check(make_token(h, p, K_R1)), "issuer_mismatch");
	snprintf(p, sizeof(p), "{\"iss\":\"" ISS "/\",\"exp\":%lld}", NOW + 60);
	assert_reason(check(make_token(h, p, K_R1)), "issuer_mismatch");
	snprintf(p, sizeof(p), "{\"iss\":[\"" ISS "\"],\"exp\":%lld}", NOW + 60);
	assert_reason(check(make_token(h, p, K_R1)), "issuer_mismatch");
	snprintf(p, sizeof(p), "{\"exp\":%lld}", NOW + 60);
	assert_reason(check(make_token(h, p, K_R1)), "issuer_missing");
	/* Without an expected issuer, iss is not checked. */
	assert_verifies(verify_at(make_token(h, p, K_R1), &the_jwks, NOW, NULL));
	/* Escapes are decoded before comparing. */
	snprintf(p, sizeof(p), "{\"iss\":\"https:\\/\\/issuer.\\u0065xample\",\"exp\":%lld}",
		 NOW + 60);
	assert_verifies(check(make_token(h, p, K_R1)));
}

static void test_key_type_mismatch_with_alg_is_refused(void **state)
{
	(void)state;
	assert_reason(check(make_token_ex("{\"alg\":\"RS256\",\"kid\":\"e1\"}", claims(), K_R1,
					  "RS256", SIG_RAW)),
		      "key_type_mismatch");
	assert_reason(check(make_token("{\"alg\":\"ES256\",\"kid\":\"r1\"}", claims(), K_E1)),
		      "key_type_mismatch");
}

static void test_kid_selection_rules(void **state)
{
	(void)state;
	/* Unknown kid; kid-less token with several fitting keys (r1 and small). */
	assert_reason(check(make_token("{\"alg\":\"RS256\",\"kid\":\"r9\"}", claims(), K_R1)),
		      "kid_not_found");
	assert_reason(check(make_token("{\"alg\":\"RS256\"}", claims(), K_R1)), "kid_required");
	/* kid matching is exact: no prefix, no case folding. */
	assert_reason(check(make_token("{\"alg\":\"RS256\",\"kid\":\"R1\"}", claims(), K_R1)),
		      "kid_not_found");
	assert_reason(
	    check(make_token("{\"alg\":\"RS256\",\"kid\":\"r1\\u0000\"}", claims(), K_R1)),
	    "bad_header");
	assert_reason(check(make_token("{\"alg\":\"RS256\",\"kid\":7}", claims(), K_R1)),
		      "bad_header");
}

/* JWK text of key k with kid and one extra member (e.g. "\"alg\":\"RS384\""). */
static void jwk_json_with(enum key_id k, const char *kid, const char *extra, char *out, size_t cap)
{
	char j[2048];
	jwk_json(k, kid, j, sizeof(j));
	assert_true((size_t)snprintf(out, cap, "{%s,%s", extra, j + 1) < cap);
}

static void test_two_fitting_keys_with_one_kid_are_ambiguous(void **state)
{
	(void)state;
	char a[2048], b[2048], c[2048], set[8192];
	struct jwks ks;

	/* RFC 7515 section 4.1.4 leaves kid uniqueness to the JWKS; two RSA keys
	 * named "dup" both fit RS256, so neither is chosen. */
	jwk_json(K_R1, "dup", a, sizeof(a));
	jwk_json(K_R2_ATTACKER, "dup", b, sizeof(b));
	jwk_json(K_E1, "dup", c, sizeof(c));
	snprintf(set, sizeof(set), "{\"keys\":[%s,%s]}", a, b);
	load_jwks(&ks, set);
	assert_reason(verify_at(make_token("{\"alg\":\"RS256\",\"kid\":\"dup\"}", claims(), K_R1),
				&ks, NOW, ISS),
		      "kid_ambiguous");
	assert_reason(
	    verify_at(make_token("{\"alg\":\"RS256\",\"kid\":\"dup\"}", claims(), K_R2_ATTACKER),
		      &ks, NOW, ISS),
	    "kid_ambiguous");
	/* The same kid on an RSA and an EC key: only one fits RS256, and it verifies. */
	snprintf(set, sizeof(set), "{\"keys\":[%s,%s]}", c, a);
	load_jwks(&ks, set);
	assert_verifies(verify_at(make_token("{\"alg\":\"RS256\",\"kid\":\"dup\"}", claims(), K_R1),
				  &ks, NOW, ISS));
	assert_verifies(verify_at(make_token("{\"alg\":\"ES256\",\"kid\":\"dup\"}", claims(), K_E1),
				  &ks, NOW, ISS));
}

static void test_jwk_alg_restricts_the_key(void **state)
{
	(void)state;
	char a[2048], set[4096];
	struct jwks ks;

	/* RFC 7517 section 4.4: a key published for RS384 is not used for RS256. */
	jwk_json_with(K_R1, "r1", "\"alg\":\"RS384\"", a, sizeof(a));
	snprintf(set, sizeof(set), "{\"keys\":[%s]}", a);
	load_jwks(&ks, set);
	assert_reason(verify_at(make_token("{\"alg\":\"RS256\",\"kid\":\"r1\"}", claims(), K_R1),
				&ks, NOW, ISS),
		      "alg_mismatch");
	assert_reason(verify_at(make_token("{\"alg\":\"RS256\"}", claims(), K_R1), &ks, NOW, ISS),
		      "alg_mismatch");
	assert_verifies(verify_at(make_token("{\"alg\":\"RS384\",\"kid\":\"r1\"}", claims(), K_R1),
				  &ks, NOW, ISS));
}

static void test_rsa_key_under_2048_bits_is_refused(void **state)
{
	(void)state;
	assert_int_equal(the_jwks.key[1].rsa_bits, 1024);
	assert_reason(check(make_token("{\"alg\":\"RS256\",\"kid\":\"small\"}", claims(), K_SMALL)),
		      "rsa_key_too_small");
}

static void test_header_and_payload_must_be_json_objects(void **state)
{
	(void)state;
	assert_reason(check(make_token("[\"RS256\"]", claims(), K_R1)), "header_not_object");
	assert_reason(check(make_token("{\"alg\":\"RS256\",\"kid\":\"r1\",}", claims(), K_R1)),
		      "bad_header json syntax");
	assert_reason(check(make_token("{\"alg\":\"RS256\",\"kid\":\"r1\"}", "\"exp\"", K_R1)),
		      "payload_not_object");
}

static void test_deeply_nested_claims_are_refused(void **state)
{
	(void)state;
	char p[512];
	int k = 0;

	k += snprintf(p + k, sizeof(p) - (size_t)k, "{\"exp\":%lld,\"d\":", NOW + 60);
	for (int i = 0; i < 40; i++)
		p[k++] = '[';
	for (int i = 0; i < 40; i++)
		p[k++] = ']';
	p[k++] = '}';
	p[k] = 0;
	assert_reason(verify_at(make_token("{\"alg\":\"RS256\",\"kid\":\"r1\"}", p, K_R1),
				&the_jwks, NOW, NULL),
		      "bad_payload json too_deep");
}

static void test_oversized_token_is_refused(void **state)
{
	(void)state;
	size_t n = JWS_MAX_TOKEN + 1;
	char *big = malloc(n);

	assert_non_null(big);
	memset(big, 'A', n);
	big[100] = '.';
	big[200] = '.';
	assert_reason(verify_full(big, n, &the_jwks, NOW, NULL, 60), "token_too_large");
	/* Exactly at the cap it is parsed (and fails later: the header is not JSON). */
	assert_reason(verify_full(big, n - 1, &the_jwks, NOW, NULL, 60), "bad_header json syntax");
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc7515_a2_rs256_example_verifies),
	    cmocka_unit_test(test_rfc7515_a2_any_changed_byte_fails),
	    cmocka_unit_test(test_rfc7515_a3_es256_example_verifies),
	    cmocka_unit_test(test_rfc7515_a3_any_changed_byte_fails),
	    cmocka_unit_test(test_jws_payload_is_handed_out_only_after_verification),
	    cmocka_unit_test(test_real_maa_tokens_verify_inside_validity_only),
	    cmocka_unit_test(test_all_accepted_algorithms_verify),
	    cmocka_unit_test(test_alg_none_is_refused),
	    cmocka_unit_test(test_hs256_keyed_with_rsa_public_key_is_refused),
	    cmocka_unit_test(test_embedded_jwk_is_never_used),
	    cmocka_unit_test(test_foreign_jku_is_never_followed),
	    cmocka_unit_test(test_crit_header_is_refused),
	    cmocka_unit_test(test_nested_jwt_is_refused),
	    cmocka_unit_test(test_duplicate_exp_is_refused),
	    cmocka_unit_test(test_trailing_bytes_are_refused),
	    cmocka_unit_test(test_padded_segments_are_refused),
	    cmocka_unit_test(test_two_or_four_segments_are_refused),
	    cmocka_unit_test(test_der_ecdsa_signature_is_refused),
	    cmocka_unit_test(test_wrong_curve_is_refused),
	    cmocka_unit_test(test_short_rsa_signature_is_refused),
	    cmocka_unit_test(test_signature_over_other_hash_is_refused),
	    cmocka_unit_test(test_expired_token_is_refused),
	    cmocka_unit_test(test_wrong_issuer_is_refused),
	    cmocka_unit_test(test_key_type_mismatch_with_alg_is_refused),
	    cmocka_unit_test(test_kid_selection_rules),
	    cmocka_unit_test(test_two_fitting_keys_with_one_kid_are_ambiguous),
	    cmocka_unit_test(test_jwk_alg_restricts_the_key),
	    cmocka_unit_test(test_rsa_key_under_2048_bits_is_refused),
	    cmocka_unit_test(test_header_and_payload_must_be_json_objects),
	    cmocka_unit_test(test_deeply_nested_claims_are_refused),
	    cmocka_unit_test(test_oversized_token_is_refused),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
