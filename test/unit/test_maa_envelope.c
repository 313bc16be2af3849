/*
 * Unit tests for src/provider/maa_envelope.c: the AzureGuest answer envelope
 * (docs/maa-azureguest.md 3.2, 3.3). AES-GCM known answers computed with python3-cryptography
 * (AAD "Transport Key"); a negative case per check; and envelopes made by the emulator
 * (test/provider/azureguest_token.py through client_vectors.py) opened here, when
 * python3-cryptography is installed.
 */
#include "test_util.h"

#include <unistd.h>

#include "jose/base64.h"
#include "provider/maa_envelope.h"

/* KAT: key 00..1f (or 00..0f), IV a0..ab, plaintext "eyJhbGciOiJSUzI1NiJ9.e30.c2ln". */
#define KAT_PT	   "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"
#define KAT_CT256  "g2E2RSeMYdYtDM2AUgCJ7z7FEym80nFcsm0U6hE="
#define KAT_TAG256 "9j72iBtyP2P8M9RBzAobBQ=="
#define KAT_CT128  "z/9y0xzOUGPFEf9TE2j5UR2HaTGtcg6fC3ND9yw="
#define KAT_TAG128 "xE0XGZ7QauPvz0JdQ5m6SQ=="
#define KAT_IV	   "oKGio6Slpqeoqaqr"
#define TAG_NO_AAD "lAC1s5rJzUULQ6u0PxU1ng==" /* the same encryption without the AAD */

struct fields {
	const char *tag, *inner, *mode, *padding, *cipher, *iv, *bits, *jwt, *extra;
};

static const struct fields good256 = {KAT_TAG256, NULL,	 "ChainingModeGCM", "PKCS7", "AES",
				      KAT_IV,	  "256", KAT_CT256,	    ""};

/* The 256-byte EncryptedInnerKey: 0x42 repeated, standard base64. */
static void inner_b64(struct buf *b, size_t n)
{
	uint8_t ct[300];
	memset(ct, 0x42, sizeof(ct));
	assert_true(n <= sizeof(ct));
	assert_true(base64_encode(BASE64_STD, ct, n, b));
	assert_true(buf_putc(b, '\0'));
}

/* {"token": base64url(envelope JSON)} with the given member texts; NULL drops a member. */
static void make_body(const struct fields *f, struct buf *body)
{
	char env[4096];
	struct buf ib, tb;
	int k = 0;

	buf_init(&ib, 4096);
	inner_b64(&ib, 256);
#define ADD(...) k += snprintf(env + k, sizeof(env) - (size_t)k, __VA_ARGS__)
	ADD("{");
	if (f->tag)
		ADD("\"AuthenticationData\":\"%s\",", f->tag);
	ADD("\"EncryptedInnerKey\":\"%s\",", f->inner ? f->inner : (const char *)ib.data);
	ADD("\"EncryptionParams\":{");
	if (f->mode)
		ADD("\"BlockMode\":\"%s\",", f->mode);
	if (f->padding)
		ADD("\"BlockPadding\":\"%s\",", f->padding);
	if (f->cipher)
		ADD("\"Cipher\":\"%s\",", f->cipher);
	if (f->iv)
		ADD("\"Iv\":\"%s\",", f->iv);
	if (f->bits)
		ADD("\"KeySizeInBits\":%s,", f->bits);
	ADD("\"x\":0}%s", f->extra);
	if (f->jwt)
		ADD(",\"Jwt\":\"%s\"", f->jwt);
	ADD("}");
#undef ADD
	assert_true(k > 0 && (size_t)k < sizeof(env));
	buf_init(&tb, 8192);
	assert_true(base64_encode(BASE64_URL, (const uint8_t *)env, (size_t)k, &tb));
	buf_reset(body);
	assert_true(buf_puts(body, "{\"token\":\""));
	assert_true(buf_append(body, tb.data, tb.len));
	assert_true(buf_puts(body, "\"}"));
	buf_free(&ib);
	buf_free(&tb);
}

static void key_of(uint8_t *k, size_t n)
{
	for (size_t i = 0; i < n; i++)
		k[i] = (uint8_t)i;
}

static void assert_parse_refused(const struct fields *f, const char *reason)
{
	struct maa_envelope env;
	struct buf body;
	struct err e;

	buf_init(&body, 1 << 16);
	make_body(f, &body);
	maa_envelope_init(&env);
	err_clear(&e);
	if (maa_envelope_parse(body.data, body.len, &env, &e))
		fail_msg("accepted, want %s", reason);
	assert_string_equal(e.layer, "provider");
	assert_string_equal(e.reason, reason);
	maa_envelope_free(&env);
	buf_free(&body);
}

static void test_kat_aes256_and_aes128_open(void **state)
{
	(void)state;
	struct fields f = good256;
	struct maa_envelope env;
	struct buf body, jwt;
	uint8_t key[32];
	struct err e;

	buf_init(&body, 1 << 16);
	buf_init(&jwt, 1 << 16);
	make_body(&f, &body);
	maa_envelope_init(&env);
	err_clear(&e);
	if (!maa_envelope_parse(body.data, body.len, &env, &e))
		fail_msg("%s: %s", e.reason, e.detail);
	assert_int_equal(env.key_bits, 256);
	assert_int_equal(env.inner_key_ct[0], 0x42);
	assert_int_equal(env.inner_key_ct[255], 0x42);
	assert_int_equal(env.iv[0], 0xa0);
	assert_int_equal(env.iv[11], 0xab);
	assert_int_equal(env.jwt_ct.len, strlen(KAT_PT));
	key_of(key, 32);
	assert_true(maa_envelope_open(&env, key, 32, &jwt, &e));
	assert_int_equal(jwt.len, strlen(KAT_PT)); /* no unpadding */
	assert_memory_equal(jwt.data, KAT_PT, jwt.len);
	maa_envelope_free(&env);

	f.tag = KAT_TAG128;
	f.jwt = KAT_CT128;
	f.bits = "128";
	make_body(&f, &body);
	maa_envelope_init(&env);
	assert_true(maa_envelope_parse(body.data, body.len, &env, &e));
	assert_true(maa_envelope_open(&env, key, 16, &jwt, &e));
	assert_memory_equal(jwt.data, KAT_PT, jwt.len);
	maa_envelope_free(&env);
	buf_free(&body);
	buf_free(&jwt);
}

/* Wrong key, flipped ciphertext, a tag made without the AAD: tag_mismatch, empty output. */
static void test_open_refuses_bad_tag_key_and_aad(void **state)
{
	(void)state;
	struct fields f = good256;
	struct maa_envelope env;
	struct buf body, jwt;
	uint8_t key[32];
	struct err e;

	buf_init(&body, 1 << 16);
	buf_init(&jwt, 1 << 16);
	key_of(key, 32);
	make_body(&f, &body);
	maa_envelope_init(&env);
	assert_true(maa_envelope_parse(body.data, body.len, &env, &e));
	key[31] ^= 1;
	assert_true(buf_puts(&jwt, "stale"));
	assert_false(maa_envelope_open(&env, key, 32, &jwt, &e));
	assert_string_equal(e.reason, "tag_mismatch");
	assert_int_equal(jwt.len, 0);
	key[31] ^= 1;
	env.jwt_ct.data[3] ^= 0x80;
	assert_false(maa_envelope_open(&env, key, 32, &jwt, &e));
	assert_string_equal(e.reason, "tag_mismatch");
	env.jwt_ct.data[3] ^= 0x80;
	env.iv[0] ^= 1;
	assert_false(maa_envelope_open(&env, key, 32, &jwt, &e));
	env.iv[0] ^= 1;
	assert_true(maa_envelope_open(&env, key, 32, &jwt, &e));
	maa_envelope_free(&env);

	f.tag = TAG_NO_AAD;
	make_body(&f, &body);
	maa_envelope_init(&env);
	assert_true(maa_envelope_parse(body.data, body.len, &env, &e));
	assert_false(maa_envelope_open(&env, key, 32, &jwt, &e));
	assert_string_equal(e.reason, "tag_mismatch");
	maa_envelope_free(&env);
	buf_free(&body);
	buf_free(&jwt);
}

static void test_open_key_length_must_match_key_size(void **state)
{
	(void)state;
	struct fields f = good256;
	struct maa_envelope env;
	struct buf body, jwt;
	uint8_t key[33];
	struct err e;

	buf_init(&body, 1 << 16);
	buf_init(&jwt, 1 << 16);
	key_of(key, sizeof(key));
	make_body(&f, &body);
	maa_envelope_init(&env);
	assert_true(maa_envelope_parse(body.data, body.len, &env, &e));
	for (size_t n = 0; n <= 33; n++) {
		if (n == 32)
			continue;
		err_clear(&e);
		assert_false(maa_envelope_open(&env, key, n, &jwt, &e));
		assert_string_equal(e.reason, "key_size_mismatch");
	}
	maa_envelope_free(&env);
	f.bits = "192";
	make_body(&f, &body);
	maa_envelope_init(&env);
	assert_true(maa_envelope_parse(body.data, body.len, &env, &e));
	assert_false(maa_envelope_open(&env, key, 32, &jwt, &e));
	assert_string_equal(e.reason, "key_size_mismatch");
	assert_false(maa_envelope_open(&env, key, 24, &jwt, &e)); /* right size, wrong key */
	assert_string_equal(e.reason, "tag_mismatch");
	maa_envelope_free(&env);
	buf_free(&body);
	buf_free(&jwt);
}

static void test_every_envelope_deviation_named(void **state)
{
	(void)state;
	struct fields f;
	struct buf ib;

#define CASE(member, value, reason)                                                                \
	do {                                                                                       \
		f = good256;                                                                       \
		f.member = value;                                                                  \
		assert_parse_refused(&f, reason);                                                  \
	} while (0)
	CASE(tag, NULL, "envelope_member_missing");
	CASE(tag, "9j72iBtyP2P8M9RBzAob", "tag_size"); /* 15 bytes */
	CASE(tag, "9j72iBtyP2P8M9RBzAobBQ", "envelope_bad_base64");
	CASE(tag, "9j72iBtyP2P8M9RBzAob_Q==", "envelope_bad_base64");
	CASE(mode, NULL, "envelope_member_missing");
	CASE(mode, "ChainingModeCBC", "unsupported_block_mode");
	CASE(padding, "None", "unsupported_padding");
	CASE(cipher, "aes", "unsupported_cipher");
	CASE(iv, NULL, "envelope_member_missing");
	CASE(iv, "oKGio6Slpqeoqaqrrg==", "iv_size");	 /* 13 bytes */
	CASE(iv, "AAAAAAAAAAAAAAAAAAAAAA==", "iv_size"); /* 16 bytes (emulator bad_iv) */
	CASE(bits, NULL, "envelope_member_missing");
	CASE(bits, "\"256\"", "envelope_member_type");
	CASE(bits, "256.0", "envelope_member_type");
	CASE(bits, "-256", "envelope_member_type");
	CASE(bits, "0", "key_size_invalid");
	CASE(bits, "512", "key_size_invalid");
	CASE(jwt, NULL, "envelope_member_missing");
	CASE(jwt, "", "jwt_empty");
	CASE(extra, ",\"Jwt\":\"AAAA\"", "envelope_not_json"); /* duplicate member */
	CASE(inner, "QkJC", "inner_key_size");
#undef CASE
	buf_init(&ib, 4096);
	inner_b64(&ib, 255);
	f = good256;
	f.inner = (const char *)ib.data;
	assert_parse_refused(&f, "inner_key_size");
	buf_free(&ib);
}

static void assert_body_refused(const char *body, const char *reason)
{
	struct maa_envelope env;
	struct err e;

	maa_envelope_init(&env);
	err_clear(&e);
	assert_false(maa_envelope_parse((const uint8_t *)body, strlen(body), &env, &e));
	assert_string_equal(e.reason, reason);
	maa_envelope_free(&env);
}

static void test_response_body_shape(void **state)
{
	(void)state;
	struct buf body;
	struct maa_envelope env;
	struct err e;
	uint8_t *huge;

	assert_body_refused("", "response_not_json");
	assert_body_refused("garbage", "response_not_json");
	assert_body_refused("{\"token\":1}", "response_no_token");
	assert_body_refused("{\"Token\":\"e30\"}", "response_no_token");
	assert_body_refused("[\"e30\"]", "response_no_token");
	assert_body_refused("{\"token\":\"e30=\"}", "token_not_base64url"); /* padding */
	assert_body_refused("{\"token\":\"e3+/\"}", "token_not_base64url");
	assert_body_refused("{\"token\":\"e30\"}", "envelope_member_missing"); /* {} */
	assert_body_refused("{\"token\":\"W10\"}", "envelope_not_json");       /* [] */
	assert_body_refused("{\"token\":\"bm90IGpzb24\"}", "envelope_not_json");

	/* extra members around the token are tolerated */
	buf_init(&body, 1 << 16);
	make_body(&good256, &body);
	body.data[body.len - 1] = ',';
	assert_true(buf_puts(&body, "\"more\":[1,2]}"));
	maa_envelope_init(&env);
	assert_true(maa_envelope_parse(body.data, body.len, &env, &e));
	maa_envelope_free(&env);
	buf_free(&body);

	huge = calloc(1, MAA_RESPONSE_MAX_BODY + 1);
	assert_non_null(huge);
	maa_envelope_init(&env);
	assert_false(maa_envelope_parse(huge, MAA_RESPONSE_MAX_BODY + 1, &env, &e));
	assert_string_equal(e.reason, "response_too_large");
	maa_envelope_free(&env);
	free(huge);
}

/* The emulator's own envelopes (azureguest_token.envelope) through client_vectors.py. */
static bool emulator_vector(const char *dir, const char *fault)
{
	char cmd[512];
	if (system("/usr/bin/python3 -c 'import cryptography' >/dev/null 2>&1") != 0)
		return false;
	snprintf(cmd, sizeof(cmd),
		 "/usr/bin/python3 test/provider/client_vectors.py envelope '%s' %s >/dev/null",
		 dir, fault);
	assert_int_equal(system(cmd), 0);
	return true;
}

static uint8_t *dir_file(const char *dir, const char *name, size_t *n)
{
	char path[256];
	uint8_t *d;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	d = test_read_file(path, n);
	assert_non_null(d);
	return d;
}

static void test_emulator_envelopes_open_and_faults_refused(void **state)
{
	(void)state;
	static const struct {
		const char *fault, *parse_reason, *open_reason;
	} cases[] = {{"", NULL, NULL},
		     {"bad_tag", NULL, "tag_mismatch"},
		     {"bad_iv", "iv_size", NULL},
		     {"bad_key_size", NULL, "key_size_mismatch"}};
	char dir[] = "/tmp/attest-env-XXXXXX", cmd[128];
	struct maa_envelope env;
	struct buf jwt;
	struct err e;

	if (!mkdtemp(dir))
		fail_msg("mkdtemp");
	buf_init(&jwt, 1 << 16);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t nb, nk, nj;
		uint8_t *body, *key, *want;
		if (!emulator_vector(dir, cases[i].fault)) {
			print_message("skip: python3-cryptography not installed\n");
			rmdir(dir);
			skip();
		}
		body = dir_file(dir, "body", &nb);
		key = dir_file(dir, "key", &nk);
		want = dir_file(dir, "jwt", &nj);
		maa_envelope_init(&env);
		err_clear(&e);
		if (cases[i].parse_reason) {
			assert_false(maa_envelope_parse(body, nb, &env, &e));
			assert_string_equal(e.reason, cases[i].parse_reason);
		} else {
			if (!maa_envelope_parse(body, nb, &env, &e))
				fail_msg("%s: %s: %s", cases[i].fault, e.reason, e.detail);
			if (cases[i].open_reason) {
				assert_false(maa_envelope_open(&env, key, nk, &jwt, &e));
				assert_string_equal(e.reason, cases[i].open_reason);
			} else {
				assert_int_equal(env.key_bits, 256);
				assert_true(maa_envelope_open(&env, key, nk, &jwt, &e));
				assert_int_equal(jwt.len, nj);
				assert_memory_equal(jwt.data, want, nj);
			}
		}
		maa_envelope_free(&env);
		free(body);
		free(key);
		free(want);
	}
	buf_free(&jwt);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kat_aes256_and_aes128_open),
	    cmocka_unit_test(test_open_refuses_bad_tag_key_and_aad),
	    cmocka_unit_test(test_open_key_length_must_match_key_size),
	    cmocka_unit_test(test_every_envelope_deviation_named),
	    cmocka_unit_test(test_response_body_shape),
	    cmocka_unit_test(test_emulator_envelopes_open_and_faults_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
