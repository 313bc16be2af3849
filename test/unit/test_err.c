/* Unit tests for src/core/err.c: the one error line format of the CLI contract. */
#include "test_util.h"

#include "core/err.h"

static void test_err_format_with_offset_and_detail(void **state)
{
	(void)state;
	struct err e;
	char line[256];
	err_clear(&e);
	assert_false(err_set(&e, "eventlog", "truncated_event", 1234, "needs %d more bytes", 7));
	assert_int_equal(e.cls, ERR_REJECT);
	err_format(&e, line, sizeof(line));
	assert_string_equal(
	    line, "attest-init: eventlog: truncated_event at offset 1234: needs 7 more bytes");
}

static void test_err_format_without_offset_or_detail(void **state)
{
	(void)state;
	struct err e;
	char line[256];
	err_clear(&e);
	assert_false(err_setc(&e, ERR_TRANSIENT, "tpm", "unreachable", ERR_NO_OFFSET, NULL));
	assert_int_equal(e.cls, ERR_TRANSIENT);
	err_format(&e, line, sizeof(line));
	assert_string_equal(line, "attest-init: tpm: unreachable");
}

static void test_err_format_truncates_safely(void **state)
{
	(void)state;
	struct err e;
	char line[16];
	err_clear(&e);
	err_set(&e, "jwt", "signature_invalid", ERR_NO_OFFSET, "long detail text here");
	err_format(&e, line, sizeof(line));
	assert_int_equal(strlen(line), sizeof(line) - 1);
	err_clear(&e);
	err_format(&e, line, sizeof(line));
	assert_string_equal(line, "attest-init: in");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_err_format_with_offset_and_detail),
	    cmocka_unit_test(test_err_format_without_offset_or_detail),
	    cmocka_unit_test(test_err_format_truncates_safely),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
