/* Unit tests for src/core/hex.c. */
#include "test_util.h"

#include "core/hex.h"

static void test_hex_encode_is_lowercase(void **state)
{
	(void)state;
	const uint8_t in[] = {0x00, 0xAB, 0xff, 0x10};
	char out[9];
	hex_encode(in, sizeof(in), out);
	assert_string_equal(out, "00abff10");
	hex_encode(in, 0, out);
	assert_string_equal(out, "");
}

static void test_hex_encode_covers_every_byte_value(void **state)
{
	(void)state;
	uint8_t in[256];
	char out[2 * 256 + 1], guard[4] = "xyz";
	for (int i = 0; i < 256; i++)
		in[i] = (uint8_t)i;
	hex_encode(in, sizeof(in), out);
	for (int i = 0; i < 256; i++) {
		assert_int_equal(hex_digit_value(out[2 * i]), i >> 4);
		assert_int_equal(hex_digit_value(out[2 * i + 1]), i & 15);
		assert_false(out[2 * i] >= 'A' && out[2 * i] <= 'F');
	}
	/* The raw form writes exactly 2n characters and no terminator. */
	hex_encode_raw(in + 0xa5, 1, guard);
	assert_memory_equal(guard, "a5z", 4);
}

static void test_hex_decode_accepts_both_cases(void **state)
{
	(void)state;
	uint8_t out[4];
	size_t n = 0;
	assert_true(hex_decode("00AbfF10", 8, out, sizeof(out), &n));
	assert_int_equal(n, 4);
	assert_int_equal(out[1], 0xab);
	assert_int_equal(out[2], 0xff);
}

static void test_hex_digit_value(void **state)
{
	(void)state;
	assert_int_equal(hex_digit_value('0'), 0);
	assert_int_equal(hex_digit_value('9'), 9);
	assert_int_equal(hex_digit_value('a'), 10);
	assert_int_equal(hex_digit_value('F'), 15);
	assert_int_equal(hex_digit_value('g'), -1);
	assert_int_equal(hex_digit_value('/'), -1);
	assert_int_equal(hex_digit_value(0xB0), -1);
	assert_int_equal(hex_digit_value(-1), -1);
}

static void test_hex_decode_rejects_malformed(void **state)
{
	(void)state;
	uint8_t out[4];
	size_t n = 99;
	assert_false(hex_decode("abc", 3, out, sizeof(out), &n));
	assert_false(hex_decode("zz", 2, out, sizeof(out), &n));
	assert_false(hex_decode("0 ", 2, out, sizeof(out), &n));
	assert_false(hex_decode("0x12", 4, out, sizeof(out), &n));
	assert_false(hex_decode("0011223344", 10, out, sizeof(out), &n)); /* over capacity */
	assert_int_equal(n, 99);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hex_encode_is_lowercase),
	    cmocka_unit_test(test_hex_encode_covers_every_byte_value),
	    cmocka_unit_test(test_hex_decode_accepts_both_cases),
	    cmocka_unit_test(test_hex_digit_value),
	    cmocka_unit_test(test_hex_decode_rejects_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
