/*
 * Unit tests for src/audit/audit_record.c, the writer half of the audit trail (docs/audit.md).
 * Known answers: exact record bytes (member order, compact JSON), the hash chain (each prev is
 * SHA-256 of the previous line without its '\n', computed independently with python3 hashlib),
 * the verdict's chain_head, RFC 3339 times across leap days and the clamp at 9999.
 */
#include "test_util.h"

#include "audit/audit.h"

#define T0 1796421386123ull /* 2026-12-04T21:56:26.123Z */
#define H0 "e5ddc889c6e4493eddb6d180198a71aa6aa60971ff7c6a1075cac4dbdd9f1a19"
#define H1 "ceef4aa32670ed7e75f62c01f0b2c222b726d551da86f8748a27e8fe2603c551"
#define LINE0                                                                                      \
	"{\"v\":1,\"seq\":0,\"time\":\"2026-12-04T21:56:26.123Z\",\"step\":\"config\","            \
	"\"outcome\":\"pass\",\"reason\":null,\"duration_ms\":7,\"facts\":{\"tcti\":\"swtpm\"},"   \
	"\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\"}\n"
#define LINE1                                                                                      \
	"{\"v\":1,\"seq\":1,\"time\":\"2026-12-04T21:56:26.200Z\",\"step\":\"policy_load\","       \
	"\"outcome\":\"fail\",\"reason\":\"policy: unknown_key\",\"duration_ms\":0,\"facts\":{},"  \
	"\"prev\":\"" H0 "\"}\n"
#define LINE2                                                                                      \
	"{\"v\":1,\"seq\":2,\"time\":\"2026-12-04T21:56:26.201Z\",\"step\":\"verdict\","           \
	"\"outcome\":\"block\",\"reason\":\"policy: unknown_key\",\"duration_ms\":78,"             \
	"\"facts\":{\"exit\":2,\"records\":2,\"chain_head\":\"" H1 "\"},\"prev\":\"" H1 "\"}\n"

static void assert_line(struct buf *line, const char *want)
{
	assert_int_equal(line->len, strlen(want));
	assert_memory_equal(line->data, want, line->len);
}

static void test_trail_known_answer_chain(void **state)
{
	struct audit_chain c;
	struct buf line;
	struct err e;
	struct audit_rec r0 = {"config", AUDIT_PASS, NULL, T0, 7, "{\"tcti\":\"swtpm\"}", 16};
	struct audit_rec r1 = {"policy_load", AUDIT_FAIL, "policy: unknown_key", T0 + 77, 0,
			       NULL,	      0};
	(void)state;

	audit_chain_init(&c);
	buf_init(&line, 0);
	err_clear(&e);
	assert_true(audit_record(&c, &r0, &line, &e));
	assert_line(&line, LINE0);
	assert_int_equal(c.seq, 1);
	/* Record 1's prev is SHA-256 of line 0 (without '\n'). */
	assert_true(audit_record(&c, &r1, &line, &e));
	assert_line(&line, LINE1);
	/* The verdict: records = its seq, chain_head = its prev = SHA-256 of line 1. */
	assert_true(audit_verdict(&c, false, 2, "policy: unknown_key", T0 + 78, 78, &line, &e));
	assert_line(&line, LINE2);
	assert_int_equal(c.seq, 3);
	buf_free(&line);
}

static void test_allow_verdict_has_null_reason(void **state)
{
	struct audit_chain c;
	struct buf line;
	struct err e;
	(void)state;

	audit_chain_init(&c);
	buf_init(&line, 0);
	assert_true(audit_verdict(&c, true, 0, "ignored: reason", T0, 1, &line, &e));
	assert_non_null(strstr((const char *)buf_cstr(&line),
			       "\"step\":\"verdict\",\"outcome\":\"allow\",\"reason\":null,"));
	assert_non_null(strstr((const char *)buf_cstr(&line), "\"exit\":0,\"records\":0,"));
	buf_free(&line);
}

static void test_not_run_and_bad_records(void **state)
{
	struct audit_chain c;
	struct buf line;
	struct err e;
	struct audit_rec nr = {"token_write", AUDIT_NOT_RUN, NULL, 0, 0, NULL, 0};
	struct audit_rec v = {"verdict", AUDIT_PASS, NULL, 0, 0, NULL, 0};
	struct audit_rec allow = {"config", AUDIT_ALLOW, NULL, 0, 0, NULL, 0};
	struct audit_rec nostep = {NULL, AUDIT_PASS, NULL, 0, 0, NULL, 0};
	struct audit_rec badout = {"config", (enum audit_outcome)99, NULL, 0, 0, NULL, 0};
	(void)state;

	audit_chain_init(&c);
	buf_init(&line, 0);
	assert_true(audit_record(&c, &nr, &line, &e));
	assert_non_null(strstr((const char *)buf_cstr(&line),
			       "\"time\":\"1970-01-01T00:00:00.000Z\",\"step\":\"token_write\","
			       "\"outcome\":\"not_run\",\"reason\":null,\"duration_ms\":0,"
			       "\"facts\":{},"));
	/* A verdict only through audit_verdict(); no record without a step or a known outcome;
	 * a refused record leaves the chain where it was. */
	assert_false(audit_record(&c, &v, &line, &e));
	assert_int_equal(e.id, R_CORE_JSON_WRITER_FAILED);
	assert_false(audit_record(&c, &allow, &line, &e));
	assert_false(audit_record(&c, &nostep, &line, &e));
	assert_false(audit_record(&c, &badout, &line, &e));
	assert_int_equal(c.seq, 1);
	buf_free(&line);
}

static void test_oversized_facts_are_refused(void **state)
{
	struct audit_chain c;
	struct buf line;
	struct err e;
	size_t n = AUDIT_MAX_LINE + 16;
	char *facts = malloc(n + 1);
	struct audit_rec r = {"config", AUDIT_PASS, NULL, 0, 0, facts, n};
	uint8_t before[AUDIT_HASH_SIZE];
	(void)state;

	assert_non_null(facts);
	facts[0] = '{';
	facts[1] = '"';
	facts[2] = 'x';
	facts[3] = '"';
	facts[4] = ':';
	facts[5] = '"';
	memset(facts + 6, 'a', n - 8);
	facts[n - 2] = '"';
	facts[n - 1] = '}';
	facts[n] = '\0';
	audit_chain_init(&c);
	memcpy(before, c.prev, sizeof(before));
	buf_init(&line, 0);
	assert_false(audit_record(&c, &r, &line, &e));
	assert_int_equal(c.seq, 0);
	assert_memory_equal(c.prev, before, sizeof(before));
	buf_free(&line);
	free(facts);
}

static void test_time_text_known_answers(void **state)
{
	char t[AUDIT_TIME_LEN + 1];
	(void)state;

	audit_time_text(0, t);
	assert_string_equal(t, "1970-01-01T00:00:00.000Z");
	audit_time_text(T0, t);
	assert_string_equal(t, "2026-12-04T21:56:26.123Z");
	audit_time_text(1709251199999ull, t);
	assert_string_equal(t, "2024-02-29T23:59:59.999Z");
	audit_time_text(951782400000ull, t);
	assert_string_equal(t, "2000-02-29T00:00:00.000Z");
	audit_time_text(253402300799999ull, t);
	assert_string_equal(t, "9999-12-31T23:59:59.999Z");
	audit_time_text(UINT64_MAX, t);
	assert_string_equal(t, "9999-12-31T23:59:59.999Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_trail_known_answer_chain),
	    cmocka_unit_test(test_allow_verdict_has_null_reason),
	    cmocka_unit_test(test_not_run_and_bad_records),
	    cmocka_unit_test(test_oversized_facts_are_refused),
	    cmocka_unit_test(test_time_text_known_answers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
