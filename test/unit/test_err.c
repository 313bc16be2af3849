/* Unit tests for src/core/err.c: the one error line format of the CLI contract. */
#include "test_util.h"

#include "core/err.h"

static void test_err_format_with_offset_and_detail(void **state)
{
	(void)state;
	struct err e;
	char line[256];
	err_clear(&e);
	assert_false(err_fail(&e, R_EVENTLOG_TRUNCATED_EVENT, 1234, "needs %d more bytes", 7));
	assert_int_equal(e.cls, ERR_REJECT);
	assert_int_equal(e.id, R_EVENTLOG_TRUNCATED_EVENT);
	err_format(&e, line, sizeof(line));
	assert_string_equal(
	    line, "attest-init: eventlog: truncated_event at offset 1234: needs 7 more bytes");
}

/* The class comes from the registry entry, not from the call site. */
static void test_err_format_without_offset_or_detail(void **state)
{
	(void)state;
	struct err e;
	char line[256];
	err_clear(&e);
	assert_false(err_fail(&e, R_TPM_TPM_UNREACHABLE, ERR_NO_OFFSET, NULL));
	assert_int_equal(e.cls, ERR_TRANSIENT);
	err_format(&e, line, sizeof(line));
	assert_string_equal(line, "attest-init: tpm: tpm_unreachable");
}

static void test_err_format_truncates_safely(void **state)
{
	(void)state;
	struct err e;
	char line[16];
	err_clear(&e);
	err_fail(&e, R_JOSE_SIGNATURE_INVALID, ERR_NO_OFFSET, "long detail text here");
	err_format(&e, line, sizeof(line));
	assert_int_equal(strlen(line), sizeof(line) - 1);
}

/* A failure that set no reason (a bug) still prints a registry entry, never a made-up one. */
static void test_err_format_without_reason_is_unknown_reason(void **state)
{
	(void)state;
	struct err e;
	char line[64];
	err_clear(&e);
	err_format(&e, line, sizeof(line));
	assert_string_equal(line, "attest-init: core: unknown_reason");
}

/* An id outside the registry cannot produce an unlisted line: it reports unknown_reason. */
static void test_err_fail_unknown_id_fails_closed(void **state)
{
	(void)state;
	struct err e;
	char line[128];
	err_clear(&e);
	assert_false(err_fail(&e, (enum reason_id)R_COUNT, 5, "x"));
	assert_int_equal(e.id, R_CORE_UNKNOWN_REASON);
	assert_int_equal(e.cls, ERR_REJECT);
	err_format(&e, line, sizeof(line));
	assert_string_equal(line, "attest-init: core: unknown_reason at offset 5: x");
	err_clear(&e);
	assert_false(err_fail(&e, R_NONE, ERR_NO_OFFSET, NULL));
	assert_int_equal(e.id, R_CORE_UNKNOWN_REASON);
}

/* The inner layer, code, offset and detail move into the detail after the context. */
static void test_err_relabel_keeps_inner_error_in_detail(void **state)
{
	(void)state;
	struct err e;
	char line[256];
	err_clear(&e);
	err_fail(&e, R_EVENTLOG_TRUNCATED_EVENT, 3, "short");
	assert_false(err_relabel(&e, R_JOSE_SIGNATURE_INVALID, "payload"));
	assert_int_equal(e.id, R_JOSE_SIGNATURE_INVALID);
	assert_int_equal(e.offset, ERR_NO_OFFSET);
	err_format(&e, line, sizeof(line));
	assert_string_equal(line, "attest-init: jose: signature_invalid: payload: eventlog "
				  "truncated_event at offset 3: short");
	err_fail(&e, R_JOSE_SIGNATURE_INVALID, ERR_NO_OFFSET, NULL);
	err_relabel(&e, R_TPM_TPM_UNREACHABLE, NULL);
	assert_int_equal(e.cls, ERR_TRANSIENT);
	err_format(&e, line, sizeof(line));
	assert_string_equal(line, "attest-init: tpm: tpm_unreachable: jose signature_invalid");
	assert_false(err_relabel(NULL, R_TPM_TPM_UNREACHABLE, NULL));
}

/* A line-oriented reader names the line, the one-line contract kept: "at line N". */
static void test_err_fail_line_formats_at_line(void **state)
{
	(void)state;
	struct err e;
	char line[256];
	err_clear(&e);
	assert_int_equal(e.line, 0);
	assert_false(err_fail_line(&e, R_AUDIT_BAD_PREV, 7, "not the SHA-256 of line %d", 6));
	assert_int_equal(e.line, 7);
	assert_int_equal(e.offset, ERR_NO_OFFSET);
	assert_int_equal(e.cls, ERR_REJECT);
	err_format(&e, line, sizeof(line));
	assert_string_equal(line,
			    "attest-init: audit: bad_prev at line 7: not the SHA-256 of line 6");
	/* A later err_fail() on the same struct does not inherit the line. */
	err_fail(&e, R_AUDIT_EMPTY, ERR_NO_OFFSET, NULL);
	assert_int_equal(e.line, 0);
	err_format(&e, line, sizeof(line));
	assert_string_equal(line, "attest-init: audit: empty");
	assert_false(err_fail_line(NULL, R_AUDIT_EMPTY, 1, NULL));
}

/* Relabelling an error about a line keeps the line in the detail. */
static void test_err_relabel_keeps_inner_line(void **state)
{
	(void)state;
	struct err e;
	char line[256];
	err_clear(&e);
	err_fail_line(&e, R_AUDIT_BAD_SEQ, 3, "x");
	err_relabel(&e, R_POLICY_DENIED, "trail");
	assert_int_equal(e.line, 0);
	err_format(&e, line, sizeof(line));
	assert_string_equal(line, "attest-init: policy: denied: trail: audit bad_seq at line 3: x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_err_format_with_offset_and_detail),
	    cmocka_unit_test(test_err_format_without_offset_or_detail),
	    cmocka_unit_test(test_err_format_truncates_safely),
	    cmocka_unit_test(test_err_format_without_reason_is_unknown_reason),
	    cmocka_unit_test(test_err_fail_unknown_id_fails_closed),
	    cmocka_unit_test(test_err_relabel_keeps_inner_error_in_detail),
	    cmocka_unit_test(test_err_fail_line_formats_at_line),
	    cmocka_unit_test(test_err_relabel_keeps_inner_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
