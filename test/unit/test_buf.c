/* Unit tests for src/core/buf.c: growth, the hard maximum, sticky failure. */
#include "test_util.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buf_grows_and_terminates),
	    cmocka_unit_test(test_buf_refuses_past_max_and_stays_failed),
	    cmocka_unit_test(test_buf_huge_append_does_not_wrap),
	    cmocka_unit_test(test_buf_zero_max_holds_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
