/* Unit tests for src/core/buf.c (growth, the hard maximum, sticky failure) and
 * src/core/mem.c (large blocks). */
#include "test_util.h"

#include <stdint.h>

#include "core/buf.h"
#include "core/mem.h"

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

/* The inline fast paths (room already reserved) must keep the slow path's rules: a NUL always
 * fits after the contents, and max is never passed. */
static void test_buf_fast_paths_keep_the_limits(void **state)
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
	/* A max lowered after growth still holds on the fast paths. */
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

/* A first reservation is taken as asked, not rounded up to a power of two (a 64 MiB log is
 * read into 64 MiB, not 128); later growth still doubles, and the contents survive it. */
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
	/* A large one comes from mem_alloc_big: aligned for huge pages, and it still grows. */
	assert_true(buf_reserve(&b, MEM_BIG_MIN));
	assert_int_equal((uintptr_t)b.data % MEM_HUGE_PAGE, 0);
	b.data[MEM_BIG_MIN - 1] = 'y';
	b.len = MEM_BIG_MIN;
	assert_true(buf_append(&b, "z", 1));
	assert_int_equal(b.data[MEM_BIG_MIN - 1], 'y');
	assert_int_equal(b.data[MEM_BIG_MIN], 'z');
	buf_free(&b);
}

/* mem_alloc_big: small blocks are ordinary, large ones start on a huge-page boundary; both are
 * writable to their last byte, can be reallocated and are released with free(). */
static void test_mem_alloc_big_blocks(void **state)
{
	(void)state;
	const size_t sizes[] = {
	    1, 4096, MEM_BIG_MIN - 1, MEM_BIG_MIN, MEM_BIG_MIN + 1, 3 * MEM_HUGE_PAGE + 5};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint8_t *p = mem_alloc_big(sizes[i]);
		assert_non_null(p);
		if (sizes[i] >= MEM_BIG_MIN)
			assert_int_equal((uintptr_t)p % MEM_HUGE_PAGE, 0);
		p[sizes[i] - 1] = 2;
		p[0] = 1; /* the same byte when the size is 1 */
		p = realloc(p, sizes[i] + 10);
		assert_non_null(p);
		assert_int_equal(p[0], 1);
		assert_int_equal(p[sizes[i] - 1], sizes[i] > 1 ? 2 : 1);
		free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buf_grows_and_terminates),
	    cmocka_unit_test(test_buf_refuses_past_max_and_stays_failed),
	    cmocka_unit_test(test_buf_huge_append_does_not_wrap),
	    cmocka_unit_test(test_buf_zero_max_holds_nothing),
	    cmocka_unit_test(test_buf_fast_paths_keep_the_limits),
	    cmocka_unit_test(test_buf_first_reservation_is_exact),
	    cmocka_unit_test(test_mem_alloc_big_blocks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
