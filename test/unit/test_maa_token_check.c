/*
 * Unit tests for src/provider/maa_token_check.c: the binding of a verified AzureGuest token to
 * the run that asked for it (docs/maa-azureguest.md 4.2 x-ms-runtime, x-ms-azurevm-attested-pcrs).
 * One passing token, a negative case per check, and the real Linux CVM token of ../shared
 * (its client-payload nonce is "", its keys[] holds its own ephemeral key).
 */
#include "test_util.h"

#include "jose/base64.h"
#include "json/json_read.h"
#include "provider/maa_token_check.h"

#define NONCE "hWcNi9byDQoGR+qFIy/S5ZPbinGCPbcSSxTScoopzMg="

static uint8_t modulus[256];
static char n_b64[400];

static void make_modulus(void)
{
	struct buf b;

	for (size_t i = 0; i < sizeof(modulus); i++)
		modulus[i] = (uint8_t)(0xC1 + i * 7);
	buf_init(&b, sizeof(n_b64));
	assert_true(base64_encode(BASE64_URL, modulus, sizeof(modulus), &b));
	assert_true(b.len < sizeof(n_b64));
	memcpy(n_b64, b.data, b.len);
	n_b64[b.len] = '\0';
	buf_free(&b);
}

/* Claims with the given pieces (each a JSON text). */
static int check_text(const char *runtime, const char *pcrs, uint32_t mask, struct err *e)
{
	char text[4096];
	struct json_limits lim = {sizeof(text), 1024, 16};
	struct json_doc doc;
	struct maa_token_expect x = {NONCE, strlen(NONCE), modulus, sizeof(modulus), mask};
	int ok;

	snprintf(text, sizeof(text), "{\"iss\":\"https://maa.attest.test\"%s%s%s%s}",
		 runtime ? ",\"x-ms-runtime\":" : "", runtime ? runtime : "",
		 pcrs ? ",\"x-ms-azurevm-attested-pcrs\":" : "", pcrs ? pcrs : "");
	err_clear(e);
	assert_true(json_doc_parse(&doc, text, strlen(text), &lim, e));
	ok = maa_token_check(&doc, &x, e);
	json_doc_free(&doc);
	return ok;
}

/* x-ms-runtime with the given nonce member text and keys array text. */
static const char *runtime(const char *nonce_member, const char *keys)
{
	static char rt[2048];
	snprintf(rt, sizeof(rt), "{\"client-payload\":{%s},\"keys\":%s}", nonce_member, keys);
	return rt;
}

static const char *key(const char *kid, const char *kty, const char *n, const char *ex)
{
	static char k[1024];
	snprintf(
	    k, sizeof(k),
	    "{\"e\":\"%s\",\"key_ops\":[\"encrypt\"],\"kid\":\"%s\",\"kty\":\"%s\",\"n\":\"%s\"}",
	    ex, kid, kty, n);
	return k;
}

static char keys_buf[2048];
static const char *keys1(const char *k)
{
	snprintf(keys_buf, sizeof(keys_buf), "[%s]", k);
	return keys_buf;
}

#define GOOD_NONCE "\"nonce\":\"" NONCE "\""
#define PCRS_0_7   "[0,1,2,3,4,5,6,7]"

static void expect_reason(bool ok, const struct err *e, enum reason_id id)
{
	assert_false(ok);
	assert_int_equal(e->id, id);
}

static void test_token_bound_to_this_run_passes(void **state)
{
	struct err e;
	(void)state;
	assert_true(
	    check_text(runtime(GOOD_NONCE, keys1(key(MAA_EPHEMERAL_KID, "RSA", n_b64, "AQAB"))),
		       PCRS_0_7, 0xff, &e));
	/* More PCRs attested than required, other keys next to ours: still bound. */
	snprintf(keys_buf, sizeof(keys_buf), "[{\"kid\":\"HCLAkPub\",\"kty\":\"RSA\"},%s]",
		 key(MAA_EPHEMERAL_KID, "RSA", n_b64, "AQAB"));
	assert_true(check_text(runtime(GOOD_NONCE, keys_buf), "[0,1,2,3,4,5,6,7,11,14]", 0xff, &e));
}

static void test_nonce_of_another_request_is_refused(void **state)
{
	struct err e;
	const char *k = key(MAA_EPHEMERAL_KID, "RSA", n_b64, "AQAB");
	(void)state;
	expect_reason(check_text(runtime("\"nonce\":\"MTIzNA==\"", keys1(k)), PCRS_0_7, 0xff, &e),
		      &e, R_PROVIDER_TOKEN_NONCE_MISMATCH);
	/* The same bytes in base64url are another string: compared as sent, byte for byte. */
	expect_reason(
	    check_text(
		runtime("\"nonce\":\"hWcNi9byDQoGR-qFIy_S5ZPbinGCPbcSSxTScoopzMg=\"", keys1(k)),
		PCRS_0_7, 0xff, &e),
	    &e, R_PROVIDER_TOKEN_NONCE_MISMATCH);
	expect_reason(check_text(runtime("\"nonce\":\"\"", keys1(k)), PCRS_0_7, 0xff, &e), &e,
		      R_PROVIDER_TOKEN_NONCE_MISMATCH);
	expect_reason(check_text(runtime("\"n\":1", keys1(k)), PCRS_0_7, 0xff, &e), &e,
		      R_PROVIDER_TOKEN_CLAIM_INVALID);
	expect_reason(check_text(runtime("\"nonce\":5", keys1(k)), PCRS_0_7, 0xff, &e), &e,
		      R_PROVIDER_TOKEN_CLAIM_INVALID);
}

static void test_missing_runtime_is_refused(void **state)
{
	struct err e;
	(void)state;
	expect_reason(check_text(NULL, PCRS_0_7, 0xff, &e), &e, R_PROVIDER_TOKEN_CLAIM_INVALID);
	expect_reason(check_text("[]", PCRS_0_7, 0xff, &e), &e, R_PROVIDER_TOKEN_CLAIM_INVALID);
}

static void test_foreign_ephemeral_key_is_refused(void **state)
{
	struct err e;
	char other[400];
	(void)state;
	expect_reason(check_text(runtime(GOOD_NONCE, keys1(key("HCLAkPub", "RSA", n_b64, "AQAB"))),
				 PCRS_0_7, 0xff, &e),
		      &e, R_PROVIDER_TOKEN_ENC_KEY_MISSING);
	expect_reason(check_text(runtime(GOOD_NONCE, "[]"), PCRS_0_7, 0xff, &e), &e,
		      R_PROVIDER_TOKEN_ENC_KEY_MISSING);
	expect_reason(check_text(runtime(GOOD_NONCE, "{}"), PCRS_0_7, 0xff, &e), &e,
		      R_PROVIDER_TOKEN_CLAIM_INVALID);
	/* One changed character of n: another modulus. */
	memcpy(other, n_b64, strlen(n_b64) + 1);
	other[10] = other[10] == 'A' ? 'B' : 'A';
	expect_reason(
	    check_text(runtime(GOOD_NONCE, keys1(key(MAA_EPHEMERAL_KID, "RSA", other, "AQAB"))),
		       PCRS_0_7, 0xff, &e),
	    &e, R_PROVIDER_TOKEN_ENC_KEY_MISMATCH);
	/* A truncated modulus (the first 255 bytes). */
	memcpy(other, n_b64, 340);
	other[340] = '\0';
	expect_reason(
	    check_text(runtime(GOOD_NONCE, keys1(key(MAA_EPHEMERAL_KID, "RSA", other, "AQAB"))),
		       PCRS_0_7, 0xff, &e),
	    &e, R_PROVIDER_TOKEN_ENC_KEY_MISMATCH);
	expect_reason(
	    check_text(runtime(GOOD_NONCE, keys1(key(MAA_EPHEMERAL_KID, "RSA", n_b64, "Aw"))),
		       PCRS_0_7, 0xff, &e),
	    &e, R_PROVIDER_TOKEN_ENC_KEY_MISMATCH);
	expect_reason(
	    check_text(runtime(GOOD_NONCE, keys1(key(MAA_EPHEMERAL_KID, "EC", n_b64, "AQAB"))),
		       PCRS_0_7, 0xff, &e),
	    &e, R_PROVIDER_TOKEN_ENC_KEY_MISMATCH);
	expect_reason(
	    check_text(runtime(GOOD_NONCE, keys1(key(MAA_EPHEMERAL_KID, "RSA", "!!", "AQAB"))),
		       PCRS_0_7, 0xff, &e),
	    &e, R_PROVIDER_TOKEN_ENC_KEY_MISMATCH);
}

static void test_two_keys_with_our_kid_are_refused(void **state)
{
	struct err e;
	char k2[1100];
	(void)state;
	snprintf(k2, sizeof(k2), "%s", key(MAA_EPHEMERAL_KID, "RSA", n_b64, "AQAB"));
	snprintf(keys_buf, sizeof(keys_buf), "[%s,%s]", k2, k2);
	expect_reason(check_text(runtime(GOOD_NONCE, keys_buf), PCRS_0_7, 0xff, &e), &e,
		      R_PROVIDER_TOKEN_CLAIM_INVALID);
}

static void test_required_pcr_not_attested_is_refused(void **state)
{
	struct err e;
	const char *rt = runtime(GOOD_NONCE, keys1(key(MAA_EPHEMERAL_KID, "RSA", n_b64, "AQAB")));
	char rtc[2048];
	(void)state;
	snprintf(rtc, sizeof(rtc), "%s", rt);
	expect_reason(check_text(rtc, "[0,1,2,3,4,5,6]", 0xff, &e), &e,
		      R_PROVIDER_TOKEN_PCRS_MISSING);
	expect_reason(check_text(rtc, PCRS_0_7, 0xff | (1u << 14), &e), &e,
		      R_PROVIDER_TOKEN_PCRS_MISSING);
	expect_reason(check_text(rtc, NULL, 0xff, &e), &e, R_PROVIDER_TOKEN_CLAIM_INVALID);
	expect_reason(check_text(rtc, "\"0-7\"", 0xff, &e), &e, R_PROVIDER_TOKEN_CLAIM_INVALID);
	expect_reason(check_text(rtc, "[0,1,2,3,4,5,6,7,24]", 0xff, &e), &e,
		      R_PROVIDER_TOKEN_CLAIM_INVALID);
	expect_reason(check_text(rtc, "[0,1,2,3,4,5,6,-7]", 0xff, &e), &e,
		      R_PROVIDER_TOKEN_CLAIM_INVALID);
	expect_reason(check_text(rtc, "[0,1,2,3,4,5,6,7.5]", 0xff, &e), &e,
		      R_PROVIDER_TOKEN_CLAIM_INVALID);
}

static void test_bad_expectations_fail_closed(void **state)
{
	struct err e;
	const char *rt = runtime(GOOD_NONCE, keys1(key(MAA_EPHEMERAL_KID, "RSA", n_b64, "AQAB")));
	char rtc[2048];
	(void)state;
	snprintf(rtc, sizeof(rtc), "%s", rt);
	expect_reason(check_text(rtc, PCRS_0_7, 0, &e), &e, R_PROVIDER_INTERNAL);
	expect_reason(check_text(rtc, PCRS_0_7, 1u << 24, &e), &e, R_PROVIDER_INTERNAL);
}

/* The real token's payload (../shared/testdata/maa): bound to its own run (nonce "", its key). */
static void test_real_linux_cvm_token(void **state)
{
	size_t len;
	uint8_t *text = TEST_SHARED_FILE(
	    "testdata/maa/token-azureguest-sharedeus2-2024-linux-cvm.decoded.json", &len);
	struct json_limits lim = {len, 65536, 32};
	struct json_doc doc, pay;
	uint32_t p, nv;
	uint8_t n[600];
	size_t nlen;
	struct err e;
	(void)state;

	err_clear(&e);
	assert_true(json_doc_parse(&doc, text, len, &lim, &e));
	assert_true(json_obj_member(&doc, JSON_ROOT, "payload", 7, &p));
	assert_true(json_doc_parse(&pay, doc.text + doc.tok[p].start,
				   doc.tok[p].end - doc.tok[p].start, &lim, &e));
	assert_true(json_find(&pay, JSON_ROOT, "x-ms-runtime.keys.0.n", &nv));
	assert_true(base64_decode(BASE64_URL, pay.text + pay.tok[nv].start,
				  pay.tok[nv].end - pay.tok[nv].start, n, sizeof(n), &nlen, &e));
	assert_int_equal(nlen, 256);
	struct maa_token_expect x = {"", 0, n, nlen, 0xff};
	assert_true(maa_token_check(&pay, &x, &e));
	/* Any nonce we would have sent: this token was not issued for it. */
	x.nonce_b64 = NONCE;
	x.nonce_b64_len = strlen(NONCE);
	assert_false(maa_token_check(&pay, &x, &e));
	assert_int_equal(e.id, R_PROVIDER_TOKEN_NONCE_MISMATCH);
	/* Our ephemeral key is not the one in it. */
	x.nonce_b64 = "";
	x.nonce_b64_len = 0;
	x.enc_n = modulus;
	assert_false(maa_token_check(&pay, &x, &e));
	assert_int_equal(e.id, R_PROVIDER_TOKEN_ENC_KEY_MISMATCH);
	json_doc_free(&pay);
	json_doc_free(&doc);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_token_bound_to_this_run_passes),
	    cmocka_unit_test(test_nonce_of_another_request_is_refused),
	    cmocka_unit_test(test_missing_runtime_is_refused),
	    cmocka_unit_test(test_foreign_ephemeral_key_is_refused),
	    cmocka_unit_test(test_two_keys_with_our_kid_are_refused),
	    cmocka_unit_test(test_required_pcr_not_attested_is_refused),
	    cmocka_unit_test(test_bad_expectations_fail_closed),
	    cmocka_unit_test(test_real_linux_cvm_token),
	};
	make_modulus();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
