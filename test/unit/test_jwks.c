/* Unit tests for src/jose/jwks.c: JSON Web Key Sets (RFC 7517 section 5). */
#include "test_util.h"

#include <bearssl_ec.h>

#include "jose/base64.h"
#include "json/json_read.h"
#include "jose/jwks.h"

#define RFC_N                                                                                      \
	"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-"                    \
	"4qPCJrcS2mJPMEzP1Pt0Bm4"                                                                  \
	"d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-"                 \
	"bSf63kpaSHSXndS5z5rex"                                                                    \
	"MdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_"            \
	"I5IhlJH7aGhyxXFvU"                                                                        \
	"K-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"
#define RFC_X	       "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"
#define RFC_Y	       "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"
#define RSA_KEY(extra) "{\"kty\":\"RSA\",\"kid\":\"a\",\"n\":\"" RFC_N "\",\"e\":\"AQAB\"" extra "}"
#define EC_KEY(extra)                                                                              \
	"{\"kty\":\"EC\",\"kid\":\"b\",\"crv\":\"P-256\",\"x\":\"" RFC_X "\",\"y\":\"" RFC_Y       \
	"\"" extra "}"

static const char *parse(const char *json, struct jwks *ks)
{
	static char reason[64];
	struct err e;

	err_clear(&e);
	if (jwks_parse(ks, (const uint8_t *)json, strlen(json), &e))
		return NULL;
	assert_string_equal(e.layer, "jose");
	snprintf(reason, sizeof(reason), "%s", e.reason);
	return reason;
}

static struct jwks ks;

#define assert_parses(json)                                                                        \
	do {                                                                                       \
		const char *r_ = parse(json, &ks);                                                 \
		if (r_)                                                                            \
			fail_msg("rejected (%s): %s", r_, json);                                   \
	} while (0)
#define assert_reject(json, want)                                                                  \
	do {                                                                                       \
		const char *r_ = parse(json, &ks);                                                 \
		if (!r_)                                                                           \
			fail_msg("accepted: %s", json);                                            \
		if (strcmp(r_, want) != 0)                                                         \
			fail_msg("%s, wanted %s: %s", r_, want, json);                             \
	} while (0)

static void test_jwks_reads_rsa_and_ec_keys(void **state)
{
	(void)state;
	assert_parses("{\"keys\":[" RSA_KEY("") "," EC_KEY("") "]}");
	assert_int_equal(ks.count, 2);
	assert_int_equal(ks.key[0].type, JWK_RSA);
	assert_int_equal(ks.key[0].rsa_bits, 2048);
	assert_int_equal(ks.key[0].n_len, 256);
	assert_int_equal(ks.key[0].e_len, 3);
	assert_true(ks.key[0].has_kid);
	assert_string_equal(ks.key[0].kid, "a");
	assert_int_equal(ks.key[1].type, JWK_EC);
	assert_int_equal(ks.key[1].curve, BR_EC_secp256r1);
	assert_int_equal(ks.key[1].q_len, 65);
	assert_int_equal(ks.key[1].q[0], 4);
	/* Optional members that allow signatures. */
	assert_parses("{\"keys\":[" RSA_KEY(",\"use\":\"sig\",\"alg\":\"RS256\","
					    "\"key_ops\":[\"verify\"]") "]}");
	assert_int_equal(ks.key[0].alg, JWS_RS256);
}

static void test_jwks_skips_unknown_and_unusable_keys(void **state)
{
	(void)state;
	assert_parses(
	    "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"},{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
	    "\"x\":\"AA\"}," RSA_KEY(",\"use\":\"enc\"") "," RSA_KEY(
		",\"key_ops\":[\"encrypt\"]") "," RSA_KEY(",\"alg\":\"RSA-OAEP\"") ","
										   "{\"kty\":"
										   "\"EC\",\"crv\":"
										   "\"P-521\","
										   "\"x\":\"AA\","
										   "\"y\":\"AA\"}"
										   "," EC_KEY(
										       "") "]}");
	assert_int_equal(ks.count, 1);
	assert_int_equal(ks.skipped, 6);
	assert_int_equal(ks.key[0].type, JWK_EC);
	assert_reject("{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}", "no_usable_key");
	assert_reject("{\"keys\":[]}", "no_usable_key");
}

static void test_jwks_rejects_malformed_sets(void **state)
{
	(void)state;
	assert_reject("[]", "not_a_jwks");
	assert_reject("{}", "not_a_jwks");
	assert_reject("{\"keys\":{}}", "not_a_jwks");
	assert_reject("{\"keys\":[1]}", "bad_jwk");
	assert_reject("{\"keys\":[{}]}", "bad_jwk");
	assert_reject("{\"keys\":[{\"kty\":1}]}", "bad_jwk");
	assert_reject("{\"keys\":[" RSA_KEY("") "],}", "bad_json");
	assert_reject("{\"keys\":[" RSA_KEY(",\"kid\":\"dup\"") "]}", "bad_json");
	assert_reject("{\"keys\":[" RSA_KEY("") "]} x", "bad_json");
}

static void test_jwks_rejects_malformed_rsa_keys(void **state)
{
	(void)state;
	assert_reject("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"" RFC_N "\"}]}", "bad_jwk");
	assert_reject("{\"keys\":[{\"kty\":\"RSA\",\"e\":\"AQAB\"}]}", "bad_jwk");
	assert_reject("{\"keys\":[{\"kty\":\"RSA\"}]}", "bad_jwk");
	/* Padding in a base64url member; standard-alphabet characters. */
	assert_reject("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"" RFC_N "\",\"e\":\"AQAB==\"}]}",
		      "bad_jwk");
	assert_reject("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"" RFC_N "\",\"e\":\"AQ+B\"}]}",
		      "bad_jwk");
	/* Base64urlUInt must be minimal (RFC 7518 section 2): no leading zero octet. */
	assert_reject("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AA" RFC_N "\",\"e\":\"AQAB\"}]}",
		      "bad_jwk");
	assert_reject("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"" RFC_N "\",\"e\":\"AAEAAQ\"}]}",
		      "bad_jwk");
	/* Exponent even, or 1. */
	assert_reject("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"" RFC_N "\",\"e\":\"AQAA\"}]}",
		      "bad_jwk");
	assert_reject("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"" RFC_N "\",\"e\":\"AQ\"}]}", "bad_jwk");
	assert_reject("{\"keys\":[" RSA_KEY(",\"alg\":\"ES256\"") "]}", "bad_jwk");
	assert_reject("{\"keys\":[" RSA_KEY(",\"use\":1") "]}", "bad_jwk");
	assert_reject("{\"keys\":[" RSA_KEY(",\"key_ops\":\"verify\"") "]}", "bad_jwk");
	assert_reject("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"a\\u0000b\",\"n\":\"" RFC_N
		      "\",\"e\":\"AQAB\"}]}",
		      "bad_jwk");
}

/* n of len bytes 0xC5 as base64url. */
static void fake_modulus(size_t len, char *out, size_t cap)
{
	uint8_t n[600];
	struct buf b;

	assert_true(len <= sizeof(n));
	memset(n, 0xC5, len);
	buf_init(&b, cap - 1);
	assert_true(base64_encode(BASE64_URL, n, len, &b));
	memcpy(out, b.data, b.len);
	out[b.len] = 0;
	buf_free(&b);
}

static void test_jwks_keeps_small_rsa_keys_for_a_precise_refusal(void **state)
{
	(void)state;
	char n[1024], json[2048];

	/* 1024-bit keys appear in real MAA /certs; kept here, refused by jws. */
	fake_modulus(128, n, sizeof(n));
	snprintf(json, sizeof(json), "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"%s\",\"e\":\"AQAB\"}]}",
		 n);
	assert_parses(json);
	assert_int_equal(ks.count, 1);
	assert_int_equal(ks.key[0].rsa_bits, 1024);
}

static void test_jwks_skips_rsa_keys_over_4096_bits(void **state)
{
	(void)state;
	char big[2048], json[3000];

	fake_modulus(513, big, sizeof(big));
	snprintf(json, sizeof(json),
		 "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"%s\",\"e\":\"AQAB\"}," EC_KEY("") "]}", big);
	assert_parses(json);
	assert_int_equal(ks.count, 1);
	assert_int_equal(ks.skipped, 1);
	/* 4096 bits exactly is kept. */
	fake_modulus(512, big, sizeof(big));
	snprintf(json, sizeof(json), "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"%s\",\"e\":\"AQAB\"}]}",
		 big);
	assert_parses(json);
	assert_int_equal(ks.key[0].rsa_bits, 4096);
}
static void test_jwks_rejects_malformed_ec_keys(void **state)
{
	(void)state;
	/* Short coordinate (RFC 7518 section 6.2.1.2: full size). */
	assert_reject("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" RFC_X
		      "\",\"y\":\"AAAA\"}]}",
		      "bad_jwk");
	/* A P-256 point given as P-384. */
	assert_reject("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"" RFC_X
		      "\",\"y\":\"" RFC_Y "\"}]}",
		      "bad_jwk");
	/* Not on the curve: y of another point. */
	assert_reject("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" RFC_X
		      "\",\"y\":\"" RFC_X "\"}]}",
		      "bad_jwk");
	assert_reject("{\"keys\":[{\"kty\":\"EC\",\"x\":\"" RFC_X "\",\"y\":\"" RFC_Y "\"}]}",
		      "bad_jwk");
	assert_reject("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" RFC_X "\"}]}",
		      "bad_jwk");
	assert_reject("{\"keys\":[" EC_KEY(",\"alg\":\"RS256\"") "]}", "bad_jwk");
}

static void test_jwks_caps_key_count_and_size(void **state)
{
	(void)state;
	struct buf b;
	struct err e;
	char *big;

	buf_init(&b, 1 << 20);
	buf_puts(&b, "{\"keys\":[");
	for (int i = 0; i <= JWKS_MAX_KEYS; i++) {
		if (i)
			buf_putc(&b, ',');
		buf_puts(&b, EC_KEY(""));
	}
	buf_puts(&b, "]}");
	assert_reject(buf_cstr(&b), "too_many_keys");
	buf_free(&b);
	big = calloc(1, JWKS_MAX_BYTES + 2);
	memset(big, ' ', JWKS_MAX_BYTES + 1);
	err_clear(&e);
	assert_false(jwks_parse(&ks, (const uint8_t *)big, JWKS_MAX_BYTES + 1, &e));
	assert_string_equal(e.reason, "too_large");
	free(big);
}

/* The committed openssl-made certificates (test/data/jose/x5c-certs.json). */
struct certs {
	char rsa_cert[4096], rsa_n[512], ec_cert[2048], ec_x[64], ec_y[64];
};

static void load_certs(struct certs *c)
{
	size_t len;
	uint8_t *data = test_read_file("test/data/jose/x5c-certs.json", &len);
	struct json_doc d;
	struct err e;

	assert_non_null(data);
	err_clear(&e);
	assert_true(json_doc_parse(&d, data, len, NULL, &e));
	assert_true(
	    json_get_str(&d, JSON_ROOT, "rsa_cert", c->rsa_cert, sizeof(c->rsa_cert), NULL, 0, &e));
	assert_true(json_get_str(&d, JSON_ROOT, "rsa_n", c->rsa_n, sizeof(c->rsa_n), NULL, 0, &e));
	assert_true(
	    json_get_str(&d, JSON_ROOT, "ec_cert", c->ec_cert, sizeof(c->ec_cert), NULL, 0, &e));
	assert_true(json_get_str(&d, JSON_ROOT, "ec_x", c->ec_x, sizeof(c->ec_x), NULL, 0, &e));
	assert_true(json_get_str(&d, JSON_ROOT, "ec_y", c->ec_y, sizeof(c->ec_y), NULL, 0, &e));
	json_doc_free(&d);
	free(data);
}

static void test_jwks_takes_keys_from_x5c_certificates(void **state)
{
	(void)state;
	static struct certs c;
	char json[8192];
	uint8_t n[256];
	size_t nl;
	struct err e;

	load_certs(&c);
	err_clear(&e);
	assert_true(base64_decode(BASE64_URL, c.rsa_n, strlen(c.rsa_n), n, sizeof(n), &nl, &e));
	/* x5c only: the key is the certificate's, equal to what openssl printed. */
	snprintf(json, sizeof(json),
		 "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"c\",\"x5c\":[\"%s\"]}]}", c.rsa_cert);
	assert_parses(json);
	assert_int_equal(ks.key[0].n_len, nl);
	assert_memory_equal(ks.key[0].n, n, nl);
	assert_int_equal(ks.key[0].rsa_bits, 2048);
	/* Both, agreeing; then disagreeing. */
	snprintf(
	    json, sizeof(json),
	    "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"%s\",\"e\":\"AQAB\",\"x5c\":[\"%s\",\"more\"]}]}",
	    c.rsa_n, c.rsa_cert);
	assert_parses(json);
	snprintf(json, sizeof(json),
		 "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"" RFC_N
		 "\",\"e\":\"AQAB\",\"x5c\":[\"%s\"]}]}",
		 c.rsa_cert);
	assert_reject(json, "bad_jwk");
	/* EC: x5c only, both, and mismatch with the RFC point. */
	snprintf(json, sizeof(json),
		 "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x5c\":[\"%s\"]}]}", c.ec_cert);
	assert_parses(json);
	snprintf(json, sizeof(json),
		 "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"%s\",\"y\":\"%s\","
		 "\"x5c\":[\"%s\"]}]}",
		 c.ec_x, c.ec_y, c.ec_cert);
	assert_parses(json);
	snprintf(json, sizeof(json),
		 "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" RFC_X "\",\"y\":\"" RFC_Y
		 "\",\"x5c\":[\"%s\"]}]}",
		 c.ec_cert);
	assert_reject(json, "bad_jwk");
	/* Certificate of the other key type; wrong curve. */
	snprintf(json, sizeof(json), "{\"keys\":[{\"kty\":\"RSA\",\"x5c\":[\"%s\"]}]}", c.ec_cert);
	assert_reject(json, "bad_jwk");
	snprintf(json, sizeof(json),
		 "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-384\",\"x5c\":[\"%s\"]}]}", c.ec_cert);
	assert_reject(json, "bad_jwk");
}

static void test_jwks_rejects_bad_x5c(void **state)
{
	(void)state;
	assert_reject("{\"keys\":[{\"kty\":\"RSA\",\"x5c\":[]}]}", "bad_jwk");
	assert_reject("{\"keys\":[{\"kty\":\"RSA\",\"x5c\":\"MIIB\"}]}", "bad_jwk");
	assert_reject("{\"keys\":[{\"kty\":\"RSA\",\"x5c\":[1]}]}", "bad_jwk");
	/* base64url is not the x5c alphabet (RFC 7517 section 4.7: standard base64). */
	assert_reject("{\"keys\":[{\"kty\":\"RSA\",\"x5c\":[\"MII-\"]}]}", "bad_jwk");
	assert_reject("{\"keys\":[{\"kty\":\"RSA\",\"x5c\":[\"MIIBAAAA\"]}]}", "bad_jwk");
}

static void test_jwks_reads_real_maa_keys(void **state)
{
	(void)state;
	size_t len;
	uint8_t *data = TEST_SHARED_FILE("testdata/maa/jwks-shared-instances-moduli.json", &len);
	struct err e;

	err_clear(&e);
	assert_true(jwks_parse(&ks, data, len, &e));
	assert_int_equal(ks.count, 2);
	assert_string_equal(ks.key[0].kid, "J0pAPdfXXHqWWimgrH853wMIdh5/fLe1z6uSXYPXCa0=");
	assert_int_equal(ks.key[0].rsa_bits, 2048);
	free(data);
}

static void test_jwks_reads_real_maa_x5c_key(void **state)
{
	(void)state;
	size_t len;
	uint8_t *data =
	    TEST_SHARED_FILE("testdata/maa/jwks-excerpt-one-key-shareduks-test-2020.json", &len);
	struct buf b;
	struct err e;

	/* The file is one key object; wrap it into a set. */
	buf_init(&b, 1 << 16);
	buf_puts(&b, "{\"keys\":[");
	buf_append(&b, data, len);
	buf_puts(&b, "]}");
	err_clear(&e);
	if (!jwks_parse(&ks, b.data, b.len, &e))
		fail_msg("%s: %s", e.reason, e.detail);
	assert_int_equal(ks.count, 1);
	assert_string_equal(ks.key[0].kid, "81dsh2B8UUKHZ2JXSOQn-VwfQMU");
	assert_int_equal(ks.key[0].rsa_bits, 2048);
	buf_free(&b);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_jwks_reads_rsa_and_ec_keys),
	    cmocka_unit_test(test_jwks_skips_unknown_and_unusable_keys),
	    cmocka_unit_test(test_jwks_rejects_malformed_sets),
	    cmocka_unit_test(test_jwks_rejects_malformed_rsa_keys),
	    cmocka_unit_test(test_jwks_keeps_small_rsa_keys_for_a_precise_refusal),
	    cmocka_unit_test(test_jwks_skips_rsa_keys_over_4096_bits),
	    cmocka_unit_test(test_jwks_rejects_malformed_ec_keys),
	    cmocka_unit_test(test_jwks_caps_key_count_and_size),
	    cmocka_unit_test(test_jwks_takes_keys_from_x5c_certificates),
	    cmocka_unit_test(test_jwks_rejects_bad_x5c),
	    cmocka_unit_test(test_jwks_reads_real_maa_keys),
	    cmocka_unit_test(test_jwks_reads_real_maa_x5c_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
