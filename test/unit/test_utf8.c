/* Unit tests for src/core/utf8.c: RFC 3629 section 4 strictness. */
#include "test_util.h"

#include "core/utf8.h"

static size_t dec(const char *s, size_t n, uint32_t *cp)
{
	return utf8_decode((const uint8_t *)s, n, cp);
}

static void test_utf8_decodes_each_length(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(dec("A", 1, &cp), 1);
	assert_int_equal(cp, 0x41);
	assert_int_equal(dec("\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(dec("\xe2\x82\xac", 3, &cp), 3);
	assert_int_equal(cp, 0x20AC);
	assert_int_equal(dec("\xf0\x9f\x94\x92", 4, &cp), 4);
	assert_int_equal(cp, 0x1F512);
}

static void test_utf8_rejects_invalid_sequences(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(dec("\xc0\xaf", 2, &cp), 0);	      /* overlong '/' */
	assert_int_equal(dec("\xe0\x80\xaf", 3, &cp), 0);     /* overlong, 3 bytes */
	assert_int_equal(dec("\xed\xa0\x80", 3, &cp), 0);     /* UTF-16 surrogate D800 */
	assert_int_equal(dec("\xf4\x90\x80\x80", 4, &cp), 0); /* above U+10FFFF */
	assert_int_equal(dec("\xf5\x80\x80\x80", 4, &cp), 0); /* bad lead byte */
	assert_int_equal(dec("\x80", 1, &cp), 0);	      /* lone continuation */
	assert_int_equal(dec("\xe2\x82", 2, &cp), 0);	      /* truncated */
	assert_int_equal(dec("\xe2\x28\xa1", 3, &cp), 0);     /* bad continuation */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_decodes_each_length),
	    cmocka_unit_test(test_utf8_rejects_invalid_sequences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
