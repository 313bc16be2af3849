/* Unit tests for src/eventlog/eventlog_text.c: the readable table of a parsed and replayed
 * log - a known answer for a two-bank log, the --bank restriction, how untrusted text and odd
 * numbers are shown, and a failure when the output does not fit the caller's buffer. */
#include "test_util.h"

#include "test_eventlog_builder.h"

#include "eventlog/eventlog_text.h"

#define SHA1_HI	  "c22b5f9178342609428d6f51b2c5af4c0bde6a42"
#define SHA256_HI "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"
#define ZERO20	  "0000000000000000000000000000000000000000"
#define ONES20	  "ffffffffffffffffffffffffffffffffffffffff"

/* Spec ID (sha1, sha256), then EV_EFI_ACTION "hi" in PCR 4 with its real digests, then one
 * with wrong digests in PCR 5. */
static void small_log(struct lb *l, struct eventlog *log, struct pcr_banks *pcrs)
{
	agile_header(l, two, 2);
	lb_event2_hashed(l, 4, EV_EFI_ACTION, two, 2, "hi", 2);
	lb_event2(l, 5, EV_EFI_ACTION, two, 2, 0x5A, "hi", 2);
	parse_ok(l, log);
	replay_ok(log, pcrs);
}

static const char *text_of(const struct eventlog *log, const struct pcr_banks *pcrs, int bank,
			   struct buf *out)
{
	buf_init(out, 1 << 20);
	assert_true(eventlog_write_text(log, pcrs, bank, "x.bin", out));
	return buf_cstr(out);
}

static void test_text_known_answer(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	struct pcr_banks pcrs;
	struct buf out;
	const char *t;
	small_log(&l, &log, &pcrs);
	t = text_of(&log, &pcrs, -1, &out);
	assert_non_null(
	    strstr(
		t,
		"log: x.bin\n"
		"format: crypto-agile, 217 bytes, 3 events\n"
		"banks: sha1 sha256\n"
		"pcr0 initial locality: 0\n"
		"content checked in bank: sha256\n"
		"\n"
		"  seq   offset  pcr type                                  size content-digest   "
		"content\n"
		"    0        0    0 EV_NO_ACTION                            37 not_extended     "
		"spec_id \"Spec ID Event03\"\n"
		"    1       69    4 EV_EFI_ACTION                            2 verified         "
		"string \"hi\"\n"
		"                   sha1     " SHA1_HI "\n"
		"                   sha256   " SHA256_HI "\n"
		"    2      143    5 EV_EFI_ACTION                            2 mismatch         "
		"string \"hi\"\n") == t);
	assert_non_null(strstr(t, "\nPCRs sha1:\n  0  " ZERO20 "\n"));
	assert_non_null(strstr(t, "\n  4* "));
	assert_non_null(strstr(t, "\n 17  " ONES20 "\n"));
	assert_non_null(strstr(t, "\nPCRs sha256:\n"));
	/* The last line has no newline: the command adds it. */
	assert_non_null(strstr(t, "\n\n(* = extended by the log; other PCRs are at their reset "
				  "value)"));
	assert_int_equal(t[out.len - 1], ')');
	buf_free(&out);
	eventlog_free(&log);
	lb_free(&l);
}

/* --bank: only that bank's digest lines and PCRs; content is checked in it. */
static void test_text_bank_restricts_digests_and_pcrs(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	struct pcr_banks pcrs;
	struct buf out;
	const char *t;
	small_log(&l, &log, &pcrs);
	t = text_of(&log, &pcrs, 0, &out);
	assert_non_null(strstr(t, "content checked in bank: sha1\n"));
	assert_non_null(strstr(t, "sha1     " SHA1_HI "\n"));
	assert_null(strstr(t, SHA256_HI));
	assert_null(strstr(t, "PCRs sha256"));
	assert_non_null(strstr(t, "PCRs sha1:"));
	buf_free(&out);
	eventlog_free(&log);
	lb_free(&l);
}

/* Untrusted text is shown as printable ASCII only and cut at 72 characters; an unnamed type
 * is shown in hex, and so is a PCR index of 100000 or more (Windows' 0xFFFFFFFF). */
static void test_text_shows_untrusted_fields_safely(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	struct pcr_banks pcrs;
	struct buf out;
	char long_text[100];
	const char *t;
	memset(long_text, 'a', sizeof(long_text));
	agile_header(&l, two, 2);
	lb_event2(&l, 4, EV_EFI_ACTION, two, 2, 1, long_text, sizeof(long_text));
	lb_event2(&l, 0xFFFFFFFFu, 0x8401, two, 2, 2, "z", 1);
	lb_event2(&l, 5, EV_EFI_ACTION, two, 2, 3, "a\t\"b", 4);
	parse_ok(&l, &log);
	replay_ok(&log, &pcrs);
	t = text_of(&log, &pcrs, -1, &out);
	assert_non_null(
	    strstr(t, " string \"" /* 72 of 100 */
		      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		      "aaaa\"...\n"));
	assert_non_null(strstr(t, " 0xffffffff 0x00008401                               1 "));
	assert_non_null(strstr(t, " raw\n"));
	/* A tab and a quote are shown as '.'. */
	assert_non_null(strstr(t, " string \"a..b\"\n"));
	buf_free(&out);
	eventlog_free(&log);
	lb_free(&l);
}

/* A table that does not fit the caller's buffer fails, at every size short of the whole. */
static void test_text_fails_when_the_output_does_not_fit(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	struct pcr_banks pcrs;
	struct buf out;
	size_t whole;
	small_log(&l, &log, &pcrs);
	(void)text_of(&log, &pcrs, -1, &out);
	whole = out.len;
	buf_free(&out);
	for (size_t max = 0; max < whole; max += 89) {
		buf_init(&out, max);
		assert_false(eventlog_write_text(&log, &pcrs, -1, "x.bin", &out));
		buf_free(&out);
	}
	buf_init(&out, whole);
	assert_true(eventlog_write_text(&log, &pcrs, -1, "x.bin", &out));
	assert_int_equal(out.len, whole);
	buf_free(&out);
	eventlog_free(&log);
	lb_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text_known_answer),
	    cmocka_unit_test(test_text_bank_restricts_digests_and_pcrs),
	    cmocka_unit_test(test_text_shows_untrusted_fields_safely),
	    cmocka_unit_test(test_text_fails_when_the_output_does_not_fit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
