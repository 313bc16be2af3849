/*
 * Unit tests for src/audit/audit_verify.c (docs/audit.md "audit verify"): trails built here,
 * record by record, with their own hash chain (core/digest, not the gate's writer), pass; every
 * tamper and every broken rule fails with its reason at the first bad line.
 */
#include "test_util.h"

#include "audit/audit.h"
#include "core/digest.h"
#include "core/hex.h"

#define NSTEPS	 9 /* 8 gate steps + the verdict */
#define MAX_RECS 12
#define LINE_CAP 1024

static const char *const steps[NSTEPS] = {
    "config",	    "policy_load", "evidence_collect", "evidence_precheck", "provider_exchange",
    "token_verify", "policy_eval", "token_write",      "verdict",
};

/* One record as the test wants it; the builder writes the line and chains prev. */
struct spec {
	unsigned v;
	long seq; /* -1: its position */
	const char *time;
	const char *step;
	const char *outcome;
	const char *why; /* the reason member as JSON text: "null" or "\"layer: code\"" */
	const char *duration;
	const char
	    *facts; /* NULL on the verdict: {"exit":exit,"records":records,"chain_head":prev} */
	int exit;
	long records; /* -1: its seq */
};

static struct spec recs[MAX_RECS];
static size_t nrecs;
static char lines[MAX_RECS][LINE_CAP];
/* Optional edit of a line's text before it is hashed (so the chain stays intact). */
static void (*edit_before_hash)(size_t i, char *line);

static void sha256_hex(const char *s, size_t n, char out[65])
{
	uint8_t h[32];
	assert_true(digest_compute(digest_by_tpm_alg(TPM_ALG_SHA256), s, n, h));
	hex_encode(h, sizeof(h), out);
}

/* An allowed run: every step passes, times one second apart. */
static void spec_allow(void)
{
	static char times[NSTEPS][32];
	nrecs = NSTEPS;
	edit_before_hash = NULL;
	for (size_t i = 0; i < NSTEPS; i++) {
		snprintf(times[i], sizeof(times[i]), "2026-12-04T21:56:%02zu.%03zuZ", 10 + i,
			 i * 7);
		recs[i] = (struct spec){1,	-1,   times[i],	   steps[i], "pass",
					"null", "12", "{\"n\":1}", 0,	     -1};
	}
	recs[8].outcome = "allow";
	recs[8].facts = NULL;
}

/* A run blocked at step index at with reason (JSON text) and exit status. */
static void spec_block(size_t at, const char *reason, int exit_status)
{
	spec_allow();
	recs[at].outcome = "fail";
	recs[at].why = reason;
	for (size_t i = at + 1; i < NSTEPS - 1; i++) {
		recs[i].outcome = "not_run";
		recs[i].duration = "0";
		recs[i].facts = "{}";
	}
	recs[8].outcome = "block";
	recs[8].why = reason;
	recs[8].exit = exit_status;
}

/* Writes every line from recs, chaining prev over the exact bytes. */
static void build_lines(void)
{
	char prev[65], facts[256];
	memset(prev, '0', 64);
	prev[64] = '\0';
	for (size_t i = 0; i < nrecs; i++) {
		const struct spec *r = &recs[i];
		long seq = r->seq < 0 ? (long)i : r->seq;
		if (r->facts)
			snprintf(facts, sizeof(facts), "%s", r->facts);
		else
			snprintf(facts, sizeof(facts),
				 "{\"exit\":%d,\"records\":%ld,\"chain_head\":\"%s\"}", r->exit,
				 r->records < 0 ? seq : r->records, prev);
		snprintf(lines[i], LINE_CAP,
			 "{\"v\":%u,\"seq\":%ld,\"time\":\"%s\",\"step\":\"%s\",\"outcome\":\"%s\","
			 "\"reason\":%s,\"duration_ms\":%s,\"facts\":%s,\"prev\":\"%s\"}",
			 r->v, seq, r->time, r->step, r->outcome, r->why, r->duration, facts, prev);
		if (edit_before_hash)
			edit_before_hash(i, lines[i]);
		sha256_hex(lines[i], strlen(lines[i]), prev);
	}
}

/* The trail text: lines order[0..n) (indexes into lines), each followed by sep. */
static char trail[MAX_RECS * (LINE_CAP + 2)];
static size_t join(const int *order, size_t n, const char *sep)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += (size_t)snprintf(trail + k, sizeof(trail) - k, "%s%s", lines[order[i]], sep);
	return k;
}

static size_t join_all(void)
{
	int order[MAX_RECS];
	for (size_t i = 0; i < nrecs; i++)
		order[i] = (int)i;
	return join(order, nrecs, "\n");
}

/* Expects text[0..n) to fail with reason at line (0: no line). */
static void refused_at(const char *text, size_t n, const char *reason, size_t line)
{
	struct audit_summary s;
	struct err e;
	char msg[300], want[64];

	err_clear(&e);
	if (audit_verify((const uint8_t *)text, n, &s, &e))
		fail_msg("accepted, wanted %s at line %zu", reason, line);
	err_format(&e, msg, sizeof(msg));
	if (strcmp(e.layer, "audit") != 0 || strcmp(e.reason, reason) != 0 || s.bad_line != line ||
	    e.line != line)
		fail_msg("got '%s' (bad_line %zu), wanted %s at line %zu", msg, s.bad_line, reason,
			 line);
	assert_int_equal(e.cls, ERR_REJECT);
	assert_int_equal(s.records, 0);
	if (line) {
		snprintf(want, sizeof(want), "attest-init: audit: %s at line %zu", reason, line);
		assert_memory_equal(msg, want, strlen(want));
	}
}

/* Builds recs and expects the whole trail to fail with reason at line. */
static void built_refused_at(const char *reason, size_t line)
{
	build_lines();
	refused_at(trail, join_all(), reason, line);
}

static void accepted(bool allow)
{
	struct audit_summary s;
	struct err e;
	char want[65], got[65];
	size_t n;

	build_lines();
	n = join_all();
	err_clear(&e);
	if (!audit_verify((const uint8_t *)trail, n, &s, &e)) {
		char msg[300];
		err_format(&e, msg, sizeof(msg));
		fail_msg("refused: %s", msg);
	}
	assert_int_equal(s.records, NSTEPS);
	assert_int_equal(s.allow, allow);
	assert_int_equal(s.bad_line, 0);
	sha256_hex(lines[NSTEPS - 1], strlen(lines[NSTEPS - 1]), want);
	hex_encode(s.verdict_hash, sizeof(s.verdict_hash), got);
	assert_string_equal(got, want);
}

/* ---- intact trails ---- */

static void test_allowed_run_is_intact(void **state)
{
	(void)state;
	spec_allow();
	accepted(true);
}

static void test_blocked_runs_are_intact(void **state)
{
	(void)state;
	spec_block(2, "\"tpm: tpm_unreachable\"", 3); /* transient: exit 3 */
	accepted(false);
	spec_block(0, "\"config: bad_value\"", 2); /* usage: exit 2 */
	accepted(false);
	spec_block(7, "\"policy: denied\"", 1); /* the last step fails: nothing not_run */
	accepted(false);
}

/* Equal times are fine (millisecond steps); leap days that exist are fine. */
static void test_equal_times_and_real_leap_day_pass(void **state)
{
	(void)state;
	spec_allow();
	recs[4].time = recs[3].time;
	accepted(true);
	spec_allow();
	for (size_t i = 0; i < NSTEPS; i++)
		recs[i].time = "2028-02-29T23:59:59.999Z";
	accepted(true);
}

/* ---- tampering with an intact trail (no re-hashing) ---- */

static void test_removed_first_record_is_bad_seq_at_line_1(void **state)
{
	(void)state;
	static const int order[] = {1, 2, 3, 4, 5, 6, 7, 8};
	spec_allow();
	build_lines();
	refused_at(trail, join(order, 8, "\n"), "bad_seq", 1);
}

static void test_removed_middle_record_is_bad_seq_at_its_line(void **state)
{
	(void)state;
	static const int order[] = {0, 1, 2, 3, 5, 6, 7, 8};
	spec_allow();
	build_lines();
	refused_at(trail, join(order, 8, "\n"), "bad_seq", 5);
}

static void test_removed_verdict_is_missing_verdict_at_line_9(void **state)
{
	(void)state;
	static const int order[] = {0, 1, 2, 3, 4, 5, 6, 7};
	spec_allow();
	build_lines();
	refused_at(trail, join(order, 8, "\n"), "missing_verdict", 9);
}

static void test_reordered_records_are_bad_seq_at_first_moved(void **state)
{
	(void)state;
	static const int order[] = {0, 1, 3, 2, 4, 5, 6, 7, 8};
	spec_allow();
	build_lines();
	refused_at(trail, join(order, 9, "\n"), "bad_seq", 3);
}

static void test_inserted_copy_is_bad_seq(void **state)
{
	(void)state;
	static const int order[] = {0, 1, 2, 3, 3, 4, 5, 6, 7, 8};
	spec_allow();
	build_lines();
	refused_at(trail, join(order, 10, "\n"), "bad_seq", 5);
}

/* A forged record with the right seq and prev still shifts the next record's seq. */
static void test_inserted_forged_record_breaks_the_next_line(void **state)
{
	(void)state;
	static const int order[] = {0, 1, 2, 9, 3, 4, 5, 6, 7, 8};
	char prev[65];
	spec_allow();
	build_lines();
	sha256_hex(lines[2], strlen(lines[2]), prev);
	snprintf(lines[9], LINE_CAP,
		 "{\"v\":1,\"seq\":3,\"time\":\"2026-12-04T21:56:12.014Z\",\"step\":"
		 "\"evidence_precheck\",\"outcome\":\"pass\",\"reason\":null,\"duration_ms\":1,"
		 "\"facts\":{},\"prev\":\"%s\"}",
		 prev);
	refused_at(trail, join(order, 10, "\n"), "bad_seq", 5);
}

/* An edited record is caught by the next record's prev. */
static void test_edited_fact_is_bad_prev_at_next_line(void **state)
{
	(void)state;
	spec_allow();
	build_lines();
	char *f = strstr(lines[2], "\"n\":1");
	assert_non_null(f);
	f[4] = '2';
	refused_at(trail, join_all(), "bad_prev", 4);
}

/* The verdict has no next line: its facts are checked against the chain instead. */
static void test_edited_verdict_exit_is_bad_exit(void **state)
{
	(void)state;
	spec_allow();
	build_lines();
	char *f = strstr(lines[8], "\"exit\":0");
	assert_non_null(f);
	f[7] = '1';
	refused_at(trail, join_all(), "bad_exit", 9);
}

static void test_edited_prev_is_bad_prev_at_its_line(void **state)
{
	(void)state;
	spec_allow();
	build_lines();
	char *p = strstr(lines[4], "\"prev\":\"");
	assert_non_null(p);
	p[8] = p[8] == 'a' ? 'b' : 'a';
	refused_at(trail, join_all(), "bad_prev", 5);
}

static void test_first_prev_must_be_zeros(void **state)
{
	(void)state;
	spec_allow();
	build_lines();
	char *p = strstr(lines[0], "\"prev\":\"");
	assert_non_null(p);
	p[8 + 63] = '1';
	refused_at(trail, join_all(), "bad_prev", 1);
}

static void test_duplicated_verdict_is_record_after_verdict(void **state)
{
	(void)state;
	static const int order[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 8};
	spec_allow();
	build_lines();
	refused_at(trail, join(order, 10, "\n"), "record_after_verdict", 10);
}

static void test_trailing_garbage_is_record_after_verdict(void **state)
{
	(void)state;
	spec_allow();
	build_lines();
	size_t n = join_all();
	trail[n] = 'x';
	refused_at(trail, n + 1, "record_after_verdict", 10);
	trail[n] = '\n'; /* even an empty line */
	refused_at(trail, n + 1, "record_after_verdict", 10);
}

static void test_last_line_without_newline_is_missing_newline(void **state)
{
	(void)state;
	spec_allow();
	build_lines();
	refused_at(trail, join_all() - 1, "missing_newline", 9);
}

static void test_crlf_is_carriage_return_at_line_1(void **state)
{
	(void)state;
	static const int order[] = {0, 1, 2, 3, 4, 5, 6, 7, 8};
	spec_allow();
	build_lines();
	refused_at(trail, join(order, 9, "\r\n"), "carriage_return", 1);
}

static void test_empty_trail_is_empty_at_line_1(void **state)
{
	(void)state;
	refused_at("", 0, "empty", 1);
	refused_at(NULL, 0, "empty", 1);
}

static void test_over_long_line_is_line_too_long(void **state)
{
	(void)state;
	size_t n = strlen(lines[0]) + 1 + AUDIT_MAX_LINE + 2;
	char *t = malloc(n);
	spec_allow();
	build_lines();
	assert_non_null(t);
	memcpy(t, lines[0], strlen(lines[0]));
	t[strlen(lines[0])] = '\n';
	memset(t + strlen(lines[0]) + 1, 'a', n - strlen(lines[0]) - 1);
	refused_at(t, n, "line_too_long", 2);
	t[n - 1] = '\n'; /* exactly one byte over the cap, newline included */
	refused_at(t, n, "line_too_long", 2);
	free(t);
}

static void test_over_cap_trail_is_too_large(void **state)
{
	(void)state;
	refused_at(" ", AUDIT_MAX_TRAIL + 1, "too_large", 0);
}

/* ---- each rule, on a trail whose chain is intact ---- */

static void test_bad_time_is_bad_time(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "2026-02-30T10:00:00.000Z",	     "2027-02-29T10:00:00.000Z",
	    "2026-13-01T10:00:00.000Z",	     "2026-00-01T10:00:00.000Z",
	    "2026-12-00T10:00:00.000Z",	     "2026-12-04T24:00:00.000Z",
	    "2026-12-04T21:60:00.000Z",	     "2026-12-04T21:56:60.000Z",
	    "2026-12-04t21:56:26.123Z",	     "2026-12-04T21:56:26.123z",
	    "2026-12-04T21:56:26.123",	     "2026-12-04T21:56:26Z",
	    "2026-12-04T21:56:26.1234Z",     "1969-12-31T23:59:59.999Z",
	    "2026-12-04T21:56:26.123+00:00", "2026-12-04 21:56:26.123Z",
	    "+026-12-04T21:56:26.123Z",	     "",
	    "2100-02-29T00:00:00.000Z",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		spec_allow();
		recs[2].time = bad[i];
		built_refused_at("bad_time", 3);
	}
}

static void test_earlier_time_is_time_backwards(void **state)
{
	(void)state;
	spec_allow();
	recs[3].time = "2026-12-04T21:56:11.999Z";
	built_refused_at("time_backwards", 4);
}

static void test_other_version_is_bad_version(void **state)
{
	(void)state;
	spec_allow();
	recs[6].v = 2;
	built_refused_at("bad_version", 7);
	spec_allow();
	recs[0].v = 0;
	built_refused_at("bad_version", 1);
}

static void test_renumbered_seq_is_bad_seq(void **state)
{
	(void)state;
	spec_allow();
	recs[3].seq = 4;
	built_refused_at("bad_seq", 4);
}

/* Line edits applied before hashing, chosen per test. */
static size_t edit_line;
static const char *edit_from, *edit_to;
static void replace_in_line(size_t i, char *line)
{
	char out[LINE_CAP], *p;
	if (i != edit_line || !(p = strstr(line, edit_from)))
		return;
	snprintf(out, sizeof(out), "%.*s%s%s", (int)(p - line), line, edit_to,
		 p + strlen(edit_from));
	snprintf(line, LINE_CAP, "%s", out);
}

static void edited_refused_at(size_t line_index, const char *from, const char *to,
			      const char *reason)
{
	spec_allow();
	edit_before_hash = replace_in_line;
	edit_line = line_index;
	edit_from = from;
	edit_to = to;
	build_lines();
	edit_before_hash = NULL;
	refused_at(trail, join_all(), reason, line_index + 1);
}

static void test_members_must_be_exact_and_in_order(void **state)
{
	(void)state;
	edited_refused_at(1, "\"v\":1,\"seq\":1,", "\"seq\":1,\"v\":1,", "bad_members");
	edited_refused_at(1, "\"duration_ms\":12,", "", "bad_members");
	edited_refused_at(1, "\"facts\"", "\"extra\":1,\"facts\"", "bad_members");
	edited_refused_at(1, "\"step\"", "\"Step\"", "bad_members");
}

static void test_member_types_are_checked(void **state)
{
	(void)state;
	edited_refused_at(2, "\"seq\":2", "\"seq\":\"2\"", "wrong_type");
	edited_refused_at(2, "\"v\":1", "\"v\":1.0", "wrong_type");
	edited_refused_at(2, "\"duration_ms\":12", "\"duration_ms\":1e1", "wrong_type");
	edited_refused_at(2, "\"duration_ms\":12", "\"duration_ms\":-12", "wrong_type");
	edited_refused_at(2, "\"duration_ms\":12", "\"duration_ms\":-0", "wrong_type");
	edited_refused_at(2, "\"seq\":2", "\"seq\":18446744073709551618", "wrong_type");
	edited_refused_at(2, "\"reason\":null", "\"reason\":false", "wrong_type");
	edited_refused_at(2, "\"facts\":{\"n\":1}", "\"facts\":[]", "wrong_type");
	edited_refused_at(2, "\"step\":\"evidence_collect\"", "\"step\":3", "wrong_type");
}

static void test_non_compact_json_is_not_canonical(void **state)
{
	(void)state;
	edited_refused_at(0, "\"seq\":0", "\"seq\": 0", "not_canonical");
	edited_refused_at(0, "\"step\":\"config\"", "\"step\":\"\\u0063onfig\"", "not_canonical");
	edited_refused_at(0, "{\"n\":1}", "{\"n\":1 }", "not_canonical");
	edited_refused_at(8, "\"outcome\"", " \"outcome\"", "not_canonical");
}

static void test_lines_that_are_not_json_objects(void **state)
{
	(void)state;
	edited_refused_at(3, "{\"v\"", "[{\"v\"", "not_json");
	edited_refused_at(3, "\"seq\":3,", "\"seq\":3,,", "not_json");
	edited_refused_at(3, "\"prev\"", "\"seq\"", "not_json"); /* duplicate member */
	spec_allow();
	build_lines();
	lines[4][0] = '\0'; /* an empty line */
	refused_at(trail, join_all(), "not_json", 5);
}

static void test_wrong_or_unknown_step_is_bad_step(void **state)
{
	(void)state;
	spec_allow();
	recs[1].step = "policy";
	built_refused_at("bad_step", 2);
	spec_allow();
	recs[3].step = "evidence_collect"; /* a step twice */
	built_refused_at("bad_step", 4);
	spec_allow();
	recs[7] = recs[8]; /* the verdict one record early */
	nrecs = 8;
	built_refused_at("bad_step", 8);
}

static void test_outcomes_follow_the_run(void **state)
{
	(void)state;
	spec_allow();
	recs[2].outcome = "ok";
	built_refused_at("bad_outcome", 3);
	spec_allow();
	recs[2].outcome = "allow"; /* a verdict outcome on a step */
	built_refused_at("bad_outcome", 3);
	spec_allow();
	recs[4].outcome = "not_run"; /* skipped without a failure */
	recs[4].duration = "0";
	built_refused_at("bad_outcome", 5);
	spec_block(2, "\"tpm: tpm_unreachable\"", 3);
	recs[5].outcome = "pass"; /* ran after the failure */
	built_refused_at("bad_outcome", 6);
	spec_block(2, "\"tpm: tpm_unreachable\"", 3);
	recs[5].outcome = "fail"; /* a second failure */
	built_refused_at("bad_outcome", 6);
	spec_allow();
	recs[8].outcome = "pass";
	built_refused_at("bad_outcome", 9);
}

static void test_verdict_outcome_matches_the_steps(void **state)
{
	(void)state;
	spec_block(2, "\"tpm: tpm_unreachable\"", 3);
	recs[8].outcome = "allow";
	recs[8].why = "null";
	recs[8].exit = 0;
	built_refused_at("bad_outcome", 9);
	spec_allow();
	recs[8].outcome = "block";
	recs[8].why = "\"policy: denied\"";
	recs[8].exit = 1;
	built_refused_at("bad_outcome", 9);
}

static void test_reasons_are_registry_entries_where_due(void **state)
{
	(void)state;
	spec_block(2, "null", 3);
	built_refused_at("bad_reason", 3); /* fail without a reason */
	spec_allow();
	recs[1].why = "\"policy: denied\"";
	built_refused_at("bad_reason", 2); /* a reason on pass */
	spec_block(2, "\"tpm: no_such_code\"", 3);
	built_refused_at("bad_reason", 3);
	spec_block(2, "\"tpm:tpm_unreachable\"", 3);
	built_refused_at("bad_reason", 3);
	spec_block(2, "\"tpm: tpm_unreachable\"", 3);
	recs[4].why = "\"tpm: tpm_unreachable\"";
	built_refused_at("bad_reason", 5); /* a reason on not_run */
	spec_block(2, "\"tpm: tpm_unreachable\"", 3);
	recs[8].why = "\"policy: denied\"";
	built_refused_at("bad_reason", 9); /* not the first failure's */
	spec_allow();
	recs[8].why = "\"policy: denied\"";
	built_refused_at("bad_reason", 9); /* a reason on allow */
}

static void test_not_run_has_no_duration(void **state)
{
	(void)state;
	spec_block(2, "\"tpm: tpm_unreachable\"", 3);
	recs[6].duration = "5";
	built_refused_at("bad_duration", 7);
}

static void test_verdict_facts_are_checked(void **state)
{
	(void)state;
	spec_allow();
	recs[8].facts = "{\"exit\":0,\"records\":8}";
	built_refused_at("bad_verdict_facts", 9);
	spec_allow();
	recs[8].facts = "{\"records\":8,\"exit\":0,\"chain_head\":\"00\"}";
	built_refused_at("bad_verdict_facts", 9);
	spec_allow();
	recs[8].facts = "{\"exit\":\"0\",\"records\":8,\"chain_head\":\"00\"}";
	built_refused_at("bad_verdict_facts", 9);
	spec_allow();
	recs[8].records = 7;
	built_refused_at("bad_records", 9);
	spec_allow();
	recs[8].facts = "{\"exit\":0,\"records\":8,\"chain_head\":"
			"\"0000000000000000000000000000000000000000000000000000000000000000\"}";
	built_refused_at("bad_chain_head", 9);
	spec_allow();
	recs[8].exit = 1;
	built_refused_at("bad_exit", 9);
	spec_block(2, "\"tpm: tpm_unreachable\"", 1); /* transient is exit 3 */
	built_refused_at("bad_exit", 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_allowed_run_is_intact),
	    cmocka_unit_test(test_blocked_runs_are_intact),
	    cmocka_unit_test(test_equal_times_and_real_leap_day_pass),
	    cmocka_unit_test(test_removed_first_record_is_bad_seq_at_line_1),
	    cmocka_unit_test(test_removed_middle_record_is_bad_seq_at_its_line),
	    cmocka_unit_test(test_removed_verdict_is_missing_verdict_at_line_9),
	    cmocka_unit_test(test_reordered_records_are_bad_seq_at_first_moved),
	    cmocka_unit_test(test_inserted_copy_is_bad_seq),
	    cmocka_unit_test(test_inserted_forged_record_breaks_the_next_line),
	    cmocka_unit_test(test_edited_fact_is_bad_prev_at_next_line),
	    cmocka_unit_test(test_edited_verdict_exit_is_bad_exit),
	    cmocka_unit_test(test_edited_prev_is_bad_prev_at_its_line),
	    cmocka_unit_test(test_first_prev_must_be_zeros),
	    cmocka_unit_test(test_duplicated_verdict_is_record_after_verdict),
	    cmocka_unit_test(test_trailing_garbage_is_record_after_verdict),
	    cmocka_unit_test(test_last_line_without_newline_is_missing_newline),
	    cmocka_unit_test(test_crlf_is_carriage_return_at_line_1),
	    cmocka_unit_test(test_empty_trail_is_empty_at_line_1),
	    cmocka_unit_test(test_over_long_line_is_line_too_long),
	    cmocka_unit_test(test_over_cap_trail_is_too_large),
	    cmocka_unit_test(test_bad_time_is_bad_time),
	    cmocka_unit_test(test_earlier_time_is_time_backwards),
	    cmocka_unit_test(test_other_version_is_bad_version),
	    cmocka_unit_test(test_renumbered_seq_is_bad_seq),
	    cmocka_unit_test(test_members_must_be_exact_and_in_order),
	    cmocka_unit_test(test_member_types_are_checked),
	    cmocka_unit_test(test_non_compact_json_is_not_canonical),
	    cmocka_unit_test(test_lines_that_are_not_json_objects),
	    cmocka_unit_test(test_wrong_or_unknown_step_is_bad_step),
	    cmocka_unit_test(test_outcomes_follow_the_run),
	    cmocka_unit_test(test_verdict_outcome_matches_the_steps),
	    cmocka_unit_test(test_reasons_are_registry_entries_where_due),
	    cmocka_unit_test(test_not_run_has_no_duration),
	    cmocka_unit_test(test_verdict_facts_are_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
