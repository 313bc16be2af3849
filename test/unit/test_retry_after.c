/* Unit tests for src/provider/retry_after.c: RFC 9110 10.2.3 Retry-After values. */
#include "test_util.h"

#include "provider/retry_after.h"

static uint32_t parse_ok(const char *v, uint64_t now)
{
	uint32_t s = 12345;
	struct err e;
	err_clear(&e);
	if (!retry_after_parse(v, strlen(v), now, &s, &e))
		fail_msg("'%s' refused: %s: %s", v, e.reason, e.detail);
	return s;
}

static void assert_refused(const char *v, uint64_t now)
{
	uint32_t s = 777;
	struct err e;
	err_clear(&e);
	if (retry_after_parse(v, strlen(v), now, &s, &e))
		fail_msg("'%s' accepted as %u", v, s);
	assert_string_equal(e.layer, "provider");
	assert_string_equal(e.reason, "retry_after_invalid");
	assert_int_equal(s, 777); /* output untouched */
}

static void test_delay_seconds_known_answers(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("0", 1000), 0);
	assert_int_equal(parse_ok("120", 1000), 120);
	assert_int_equal(parse_ok(" \t7 ", 1000), 7); /* OWS (RFC 9110 5.5) */
	assert_int_equal(parse_ok("0000000000000000000000000000005", 1000), 5);
}

static void test_delay_seconds_saturate_at_cap(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("86400", 0), RETRY_AFTER_MAX_S);
	assert_int_equal(parse_ok("86401", 0), RETRY_AFTER_MAX_S);
	assert_int_equal(parse_ok("99999999999999999999999999999", 0), RETRY_AFTER_MAX_S);
}

static void test_imf_fixdate_known_answers(void **state)
{
	(void)state;
	/* RFC 9110 5.6.7's example is 784111777. */
	assert_int_equal(parse_ok("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 120), 120);
	assert_int_equal(parse_ok("Sun, 06 Nov 1994 08:49:37 GMT", 784111777), 0);
	assert_int_equal(parse_ok("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 + 5000), 0); /* past */
	assert_int_equal(parse_ok("Tue, 29 Feb 2000 12:00:00 GMT", 951825600 - 1), 1);	  /* leap */
	assert_int_equal(parse_ok("Fri, 04 Dec 2026 19:50:00 GMT", 1796413800 - 30), 30);
	assert_int_equal(parse_ok("Fri, 31 Dec 9999 23:59:59 GMT", 0), RETRY_AFTER_MAX_S);
	assert_int_equal(parse_ok("Thu, 01 Jan 1970 00:00:00 GMT", 0), 0);
}

static void test_other_forms_refused(void **state)
{
	(void)state;
	assert_refused("", 0);
	assert_refused("   ", 0);
	assert_refused("-1", 0);
	assert_refused("+5", 0);
	assert_refused("1.5", 0);
	assert_refused("5s", 0);
	assert_refused("1 2", 0);
	assert_refused("0x10", 0);
	/* obsolete RFC 850 and asctime forms (RFC 9110 5.6.7) */
	assert_refused("Sunday, 06-Nov-94 08:49:37 GMT", 0);
	assert_refused("Sun Nov  6 08:49:37 1994", 0);
	/* IMF-fixdate deviations */
	assert_refused("Mon, 06 Nov 1994 08:49:37 GMT", 0); /* wrong day name */
	assert_refused("Sun, 06 Nov 1994 08:49:37 UTC", 0);
	assert_refused("Sun, 6 Nov 1994 08:49:37 GMT", 0);
	assert_refused("sun, 06 Nov 1994 08:49:37 GMT", 0);
	assert_refused("Sun, 06 nov 1994 08:49:37 GMT", 0);
	assert_refused("Tue, 29 Feb 2001 12:00:00 GMT", 0); /* not a leap year */
	assert_refused("Thu, 31 Apr 2026 12:00:00 GMT", 0);
	assert_refused("Sun, 00 Nov 1994 08:49:37 GMT", 0);
	assert_refused("Sun, 06 Nov 1994 24:00:00 GMT", 0);
	assert_refused("Sun, 06 Nov 1994 08:60:00 GMT", 0);
	assert_refused("Sun, 06 Nov 1994 08:49:61 GMT", 0);
	assert_refused("Wed, 31 Dec 1969 23:59:59 GMT", 0); /* before the epoch */
	assert_refused("Sun, 06 Nov 1994 08:49:37 GMTX", 0);
	assert_refused("Sun, 06 Nov 1994 0x:49:37 GMT", 0);
	assert_refused("Sun, 06 Nov 1994 08:49:37 GMT                                    x", 0);
}

static void test_embedded_nul_and_length_cap(void **state)
{
	(void)state;
	uint32_t s;
	struct err e;
	char v[RETRY_AFTER_MAX_LEN + 2];

	assert_false(retry_after_parse("1\0002", 3, 0, &s, &e));
	memset(v, ' ', sizeof(v));
	v[0] = '1';
	assert_false(retry_after_parse(v, sizeof(v), 0, &s, &e)); /* over the cap */
	assert_true(retry_after_parse(v, RETRY_AFTER_MAX_LEN, 0, &s, &e));
	assert_int_equal(s, 1);
	assert_false(retry_after_parse(NULL, 0, 0, &s, &e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_delay_seconds_known_answers),
	    cmocka_unit_test(test_delay_seconds_saturate_at_cap),
	    cmocka_unit_test(test_imf_fixdate_known_answers),
	    cmocka_unit_test(test_other_forms_refused),
	    cmocka_unit_test(test_embedded_nul_and_length_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
