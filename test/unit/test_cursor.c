/* Unit tests for src/core/cursor.c: every read is bounds-checked and atomic. */
#include "test_util.h"

#include "core/cursor.h"

static void test_cursor_reads_little_and_big_endian(void **state)
{
	(void)state;
	const uint8_t b[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
			     0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
			     0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};
	struct cursor c;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	cursor_init(&c, b, sizeof(b));
	assert_true(cursor_u8(&c, &u8));
	assert_int_equal(u8, 0x01);
	assert_true(cursor_u16le(&c, &u16));
	assert_int_equal(u16, 0x0302);
	assert_true(cursor_u16be(&c, &u16));
	assert_int_equal(u16, 0x0405);
	assert_true(cursor_u32le(&c, &u32));
	assert_int_equal(u32, 0x09080706);
	assert_true(cursor_u32be(&c, &u32));
	assert_int_equal(u32, 0x0a0b0c0d);
	assert_true(cursor_u64le(&c, &u64));
	assert_true(u64 == 0x1514131211100f0eULL);
	assert_true(cursor_u64be(&c, &u64));
	assert_true(u64 == 0x161718191a1b1c1dULL);
	assert_int_equal(cursor_left(&c), 2);
}

static void test_cursor_failed_read_does_not_advance(void **state)
{
	(void)state;
	const uint8_t b[] = {1, 2, 3};
	struct cursor c;
	uint32_t u32;
	uint64_t u64;
	const uint8_t *p = NULL;

	cursor_init(&c, b, sizeof(b));
	assert_false(cursor_u32le(&c, &u32));
	assert_int_equal(c.off, 0);
	assert_false(cursor_u64be(&c, &u64));
	assert_false(cursor_bytes(&c, 4, &p));
	assert_null(p);
	assert_int_equal(c.off, 0);
	assert_true(cursor_skip(&c, 3));
	assert_true(cursor_at_end(&c));
	assert_false(cursor_skip(&c, 1));
	assert_int_equal(c.off, 3);
}

static void test_cursor_huge_length_does_not_wrap(void **state)
{
	(void)state;
	const uint8_t b[] = {1, 2, 3, 4};
	struct cursor c, sub;
	const uint8_t *p;

	cursor_init(&c, b, sizeof(b));
	assert_true(cursor_skip(&c, 1));
	assert_false(cursor_bytes(&c, SIZE_MAX, &p));
	assert_false(cursor_sub(&c, SIZE_MAX - 1, &sub));
	assert_false(cursor_skip(&c, (size_t)-2));
	assert_int_equal(c.off, 1);
}

static void test_cursor_sub_is_bounded_to_its_window(void **state)
{
	(void)state;
	const uint8_t b[] = {0xaa, 0xbb, 0xcc, 0xdd, 0xee};
	struct cursor c, sub;
	uint16_t v;
	uint8_t u8;

	cursor_init(&c, b, sizeof(b));
	assert_true(cursor_skip(&c, 1));
	assert_true(cursor_sub(&c, 2, &sub));
	assert_int_equal(c.off, 3);
	assert_true(cursor_u16be(&sub, &v));
	assert_int_equal(v, 0xbbcc);
	assert_false(cursor_u8(&sub, &u8));
	assert_true(cursor_u8(&c, &u8));
	assert_int_equal(u8, 0xdd);
}

static void test_cursor_copy_peek_and_rest(void **state)
{
	(void)state;
	const uint8_t b[] = {'a', 'b', 0, 0, 0};
	uint8_t out[2];
	struct cursor c;

	cursor_init(&c, b, sizeof(b));
	assert_true(cursor_peek_eq(&c, "ab", 2));
	assert_false(cursor_peek_eq(&c, "abc", 3));
	assert_false(cursor_peek_eq(&c, "abxxxx", 6));
	assert_false(cursor_rest_all(&c, 0));
	assert_true(cursor_copy(&c, out, 2));
	assert_memory_equal(out, "ab", 2);
	assert_true(cursor_rest_all(&c, 0));
	assert_false(cursor_rest_all(&c, 0xff));
	assert_true(cursor_skip(&c, 3));
	assert_true(cursor_rest_all(&c, 0xff)); /* empty rest */
}

static void test_cursor_empty_and_null_buffers(void **state)
{
	(void)state;
	struct cursor c;
	uint8_t u8;

	cursor_init(&c, NULL, 10);
	assert_int_equal(cursor_left(&c), 0);
	assert_false(cursor_u8(&c, &u8));
	assert_true(cursor_skip(&c, 0));
}

static void test_cursor_u16be_sized_reads_tpm2b_within_max(void **state)
{
	(void)state;
	const uint8_t b[] = {0x00, 0x02, 0xaa, 0xbb, 0x00, 0x05, 0x01};
	struct cursor c;
	const uint8_t *p = NULL;
	size_t n = 0;

	cursor_init(&c, b, sizeof(b));
	assert_false(cursor_u16be_sized(&c, 1, &p, &n)); /* size 2 over max 1 */
	assert_int_equal(c.off, 0);
	assert_true(cursor_u16be_sized(&c, 2, &p, &n));
	assert_int_equal(n, 2);
	assert_ptr_equal(p, b + 2);
	assert_int_equal(c.off, 4);
	assert_false(cursor_u16be_sized(&c, 100, &p, &n)); /* size 5, one byte left */
	assert_int_equal(c.off, 4);
}

static void test_store_and_load_round_trip(void **state)
{
	(void)state;
	uint8_t b[8];
	store_u64le(b, 0x0102030405060708ULL);
	assert_int_equal(b[0], 0x08);
	assert_true(load_u64le(b) == 0x0102030405060708ULL);
	store_u32be(b, 0xdeadbeef);
	assert_int_equal(b[0], 0xde);
	assert_int_equal(load_u32be(b), 0xdeadbeef);
	store_u16le(b, 0xbeef);
	assert_int_equal(load_u16le(b), 0xbeef);
	assert_int_equal(load_u16be(b), 0xefbe);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cursor_reads_little_and_big_endian),
	    cmocka_unit_test(test_cursor_failed_read_does_not_advance),
	    cmocka_unit_test(test_cursor_huge_length_does_not_wrap),
	    cmocka_unit_test(test_cursor_sub_is_bounded_to_its_window),
	    cmocka_unit_test(test_cursor_copy_peek_and_rest),
	    cmocka_unit_test(test_cursor_empty_and_null_buffers),
	    cmocka_unit_test(test_cursor_u16be_sized_reads_tpm2b_within_max),
	    cmocka_unit_test(test_store_and_load_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
