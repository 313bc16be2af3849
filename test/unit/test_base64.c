/* Unit tests for src/jose/base64.c: strict RFC 4648 base64 and unpadded base64url. */
#include "test_util.h"

#include "jose/base64.h"

static size_t dec(enum base64_variant v, const char *in, uint8_t *out, size_t cap,
		  const char **reason)
{
	struct err e;
	size_t n = 0;

	err_clear(&e);
	*reason = NULL;
	if (!base64_decode(v, in, strlen(in), out, cap, &n, &e)) {
		assert_string_equal(e.layer, "jose");
		*reason = e.reason;
		return 0;
	}
	return n;
}

static void expect_reject(enum base64_variant v, const char *in, const char *reason)
{
	uint8_t out[64];
	const char *r;

	dec(v, in, out, sizeof(out), &r);
	if (!r)
		fail_msg("accepted '%s'", in);
	if (strcmp(r, reason) != 0)
		fail_msg("'%s': %s, wanted %s", in, r, reason);
}

/* RFC 4648 section 10 test vectors. */
static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
static const char *const std_enc[] = {"",	  "Zg==",     "Zm8=",	 "Zm9v",
				      "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
static const char *const url_enc[] = {"", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"};

static void test_base64_rfc4648_vectors_decode_and_encode(void **state)
{
	(void)state;
	uint8_t out[16];
	const char *r;
	struct buf b;

	buf_init(&b, 64);
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		size_t n = dec(BASE64_STD, std_enc[i], out, sizeof(out), &r);
		assert_null(r);
		assert_int_equal(n, strlen(plain[i]));
		assert_memory_equal(out, plain[i], n);
		n = dec(BASE64_URL, url_enc[i], out, sizeof(out), &r);
		assert_null(r);
		assert_int_equal(n, strlen(plain[i]));
		assert_memory_equal(out, plain[i], n);

		buf_reset(&b);
		assert_true(
		    base64_encode(BASE64_STD, (const uint8_t *)plain[i], strlen(plain[i]), &b));
		assert_int_equal(b.len, strlen(std_enc[i]));
		assert_memory_equal(b.data, std_enc[i], b.len);
		buf_reset(&b);
		assert_true(
		    base64_encode(BASE64_URL, (const uint8_t *)plain[i], strlen(plain[i]), &b));
		assert_int_equal(b.len, strlen(url_enc[i]));
		if (b.len)
			assert_memory_equal(b.data, url_enc[i], b.len);
	}
	buf_free(&b);
}

static void test_base64_alphabets_differ_in_62_and_63(void **state)
{
	(void)state;
	uint8_t out[8];
	const char *r;
	const uint8_t want[] = {0xfb, 0xff, 0xbf};

	assert_int_equal(dec(BASE64_STD, "+/+/", out, sizeof(out), &r), 3);
	assert_memory_equal(out, want, 3);
	assert_int_equal(dec(BASE64_URL, "-_-_", out, sizeof(out), &r), 3);
	assert_memory_equal(out, want, 3);
	expect_reject(BASE64_STD, "-_-_", "bad_character");
	expect_reject(BASE64_URL, "+/+/", "bad_character");
}

static void test_base64url_rejects_padding_whitespace_and_junk(void **state)
{
	(void)state;
	/* RFC 7515 section 2: no '=' padding, no whitespace, no other characters. */
	expect_reject(BASE64_URL, "Zg==", "bad_padding");
	expect_reject(BASE64_URL, "Zm8=", "bad_padding");
	expect_reject(BASE64_URL, "Zm=9", "bad_padding");
	expect_reject(BASE64_URL, "Zm9v ", "bad_length");
	expect_reject(BASE64_URL, "Zm 9", "bad_character");
	expect_reject(BASE64_URL, "Zm9v\nZg", "bad_character");
	expect_reject(BASE64_URL, "Zm9v.Zg", "bad_character");
	expect_reject(BASE64_URL, "Zm9\x80", "bad_character");
	/* A single leftover character cannot encode a byte. */
	expect_reject(BASE64_URL, "Z", "bad_length");
	expect_reject(BASE64_URL, "Zm9vY", "bad_length");
}

static void test_base64_rejects_noncanonical_trailing_bits(void **state)
{
	(void)state;
	/* "Zg" is canonical for "f"; "Zh".."Zv" decode to "f" too but with extra bits set. */
	expect_reject(BASE64_URL, "Zh", "noncanonical");
	expect_reject(BASE64_URL, "Zm9", "noncanonical");
	expect_reject(BASE64_STD, "Zh==", "noncanonical");
	expect_reject(BASE64_STD, "Zm9=", "noncanonical");
}

static void test_base64_std_requires_canonical_padding(void **state)
{
	(void)state;
	expect_reject(BASE64_STD, "Zg", "bad_length");
	expect_reject(BASE64_STD, "Zg=", "bad_length");
	expect_reject(BASE64_STD, "Zg===", "bad_length");
	expect_reject(BASE64_STD, "Z===", "bad_padding");
	expect_reject(BASE64_STD, "====", "bad_padding");
	expect_reject(BASE64_STD, "Zg==Zg==", "bad_padding");
	expect_reject(BASE64_STD, "Zm9v\r\n", "bad_length");
	expect_reject(BASE64_STD, "Zm9 v", "bad_length");
	expect_reject(BASE64_STD, "Zm 9", "bad_character");
}

static void test_base64_output_cap_is_enforced(void **state)
{
	(void)state;
	uint8_t out[8];
	const char *r;

	assert_int_equal(dec(BASE64_URL, "Zm9vYmFy", out, 6, &r), 6);
	assert_null(r);
	dec(BASE64_URL, "Zm9vYmFy", out, 5, &r);
	assert_string_equal(r, "too_large");
	dec(BASE64_STD, "Zm9vYg==", out, 3, &r);
	assert_string_equal(r, "too_large");
	assert_true(base64_decoded_max(8) >= 6);
}

/* Deterministic xorshift so the test is reproducible. */
static uint32_t rng(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void test_base64_round_trips_random_data(void **state)
{
	(void)state;
	uint8_t in[300], out[300];
	uint32_t seed = 0x12345678;
	struct buf b;
	struct err e;

	buf_init(&b, 1024);
	for (int round = 0; round < 2000; round++) {
		size_t n = rng(&seed) % sizeof(in), got;
		for (size_t i = 0; i < n; i++)
			in[i] = (uint8_t)rng(&seed);
		for (int v = BASE64_STD; v <= BASE64_URL; v++) {
			buf_reset(&b);
			assert_true(base64_encode((enum base64_variant)v, in, n, &b));
			err_clear(&e);
			if (!base64_decode((enum base64_variant)v, (const char *)b.data, b.len, out,
					   sizeof(out), &got, &e))
				fail_msg("round %d: %s", round, e.reason);
			assert_int_equal(got, n);
			if (n)
				assert_memory_equal(in, out, n);
			assert_true(base64_decoded_max(b.len) >= n);
		}
	}
	buf_free(&b);
}

static void test_base64_encode_respects_buffer_max(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 7);
	assert_false(base64_encode(BASE64_STD, (const uint8_t *)"foobar", 6, &b));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_base64_rfc4648_vectors_decode_and_encode),
	    cmocka_unit_test(test_base64_alphabets_differ_in_62_and_63),
	    cmocka_unit_test(test_base64url_rejects_padding_whitespace_and_junk),
	    cmocka_unit_test(test_base64_rejects_noncanonical_trailing_bits),
	    cmocka_unit_test(test_base64_std_requires_canonical_padding),
	    cmocka_unit_test(test_base64_output_cap_is_enforced),
	    cmocka_unit_test(test_base64_round_trips_random_data),
	    cmocka_unit_test(test_base64_encode_respects_buffer_max),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
