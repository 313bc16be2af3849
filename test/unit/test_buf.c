/* Unit tests for src/core/buf.c: growth, the hard maximum, sticky failure. */
#include "test_util.h"

#include <stdint.h>

#include "core/buf.h"

static void test_buf_grows_and_terminates(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 100000);
	for (int i = 0; i < 1000; i++)
		assert_true(buf_puts(&b, "0123456789"));
	assert_int_equal(b.len, 10000);
	assert_string_equal(buf_cstr(&b) + 9990, "0123456789");
	assert_true(buf_ok(&b));
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

static void test_buf_refuses_past_max_and_stays_failed(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 8);
	assert_true(buf_append(&b, "12345678", 8));
	assert_false(buf_putc(&b, 'x'));
	assert_false(buf_ok(&b));
	assert_int_equal(b.len, 8);
	/* sticky: even an append that would fit fails now */
	assert_false(buf_append(&b, "", 0));
	assert_null(buf_cstr(&b));
	buf_reset(&b);
	assert_true(buf_ok(&b));
	assert_true(buf_putc(&b, 'a'));
	assert_string_equal(buf_cstr(&b), "a");
	buf_free(&b);
}

static void test_buf_huge_append_does_not_wrap(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, SIZE_MAX);
	assert_true(buf_putc(&b, 'a'));
	/* max + 1 must not wrap to a zero-size allocation (found by valgrind) */
	assert_true(b.cap >= 2);
	assert_false(buf_append(&b, "x", SIZE_MAX));
	assert_false(buf_ok(&b));
	buf_free(&b);
}

static void test_buf_zero_max_holds_nothing(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	assert_string_equal(buf_cstr(&b), "");
	assert_false(buf_putc(&b, 'a'));
	buf_free(&b);
}

/* Appends into room already reserved keep buf_reserve's rules: a NUL always fits after the
 * contents, and max is never passed. */
static void test_buf_appends_keep_the_limits(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 300);
	assert_true(buf_reserve(&b, 10));
	for (int i = 0; i < 300; i++)
		assert_true(buf_putc(&b, (char)('a' + i % 26)));
	assert_int_equal(b.len, 300);
	assert_true(b.cap > b.len);
	assert_false(buf_putc(&b, 'x'));
	assert_false(buf_ok(&b));
	assert_int_equal(b.len, 300);
	assert_null(buf_cstr(&b));
	buf_free(&b);

	buf_init(&b, 64);
	assert_true(buf_append(&b, "0123456789", 10));
	assert_true(buf_append(&b, "", 0));
	assert_true(
	    buf_append(&b, "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstu", 54));
	assert_int_equal(b.len, 64);
	assert_false(buf_append(&b, "v", 1));
	assert_false(buf_putc(&b, 'v'));
	assert_int_equal(b.len, 64);
	buf_reset(&b);
	assert_true(buf_putc(&b, 'k'));
	assert_string_equal(buf_cstr(&b), "k");
	/* A max lowered after growth still holds. */
	b.max = 2;
	assert_true(buf_putc(&b, 'l'));
	assert_false(buf_putc(&b, 'm'));
	assert_int_equal(b.len, 2);
	buf_reset(&b);
	assert_true(buf_append(&b, "ab", 2));
	assert_false(buf_append(&b, "c", 1));
	assert_int_equal(b.len, 2);
	buf_free(&b);
}

/* A first reservation is taken as asked, not rounded up to a power of two (a file is read
 * into its own size); later growth still doubles, and the contents survive it. */
static void test_buf_first_reservation_is_exact(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, SIZE_MAX);
	assert_true(buf_reserve(&b, 1000));
	assert_int_equal(b.cap, 1001);
	assert_true(buf_append(&b, "x", 1));
	assert_int_equal(b.cap, 1001);
	assert_true(buf_reserve(&b, 1000));
	assert_int_equal(b.cap, 2002);
	assert_int_equal(b.data[0], 'x');
	buf_free(&b);
	/* Small first reservations still start at 256 bytes. */
	assert_true(buf_reserve(&b, 3));
	assert_int_equal(b.cap, 256);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buf_grows_and_terminates),
	    cmocka_unit_test(test_buf_refuses_past_max_and_stays_failed),
	    cmocka_unit_test(test_buf_huge_append_does_not_wrap),
	    cmocka_unit_test(test_buf_zero_max_holds_nothing),
	    cmocka_unit_test(test_buf_appends_keep_the_limits),
	    cmocka_unit_test(test_buf_first_reservation_is_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
