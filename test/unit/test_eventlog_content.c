/* Unit tests for src/eventlog/eventlog_content.c: which bank checks content, and each
 * event's content digest check (verified, mismatch, not extended, not covered). */
#include "test_util.h"

#include "test_eventlog_builder.h"

#include "eventlog/eventlog_decode.h"

static void test_content_bank_prefers_sha256(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	struct err e;
	const struct lb_alg decl[] = {LB_SHA1, LB_SHA384, LB_SHA256};
	const struct lb_alg sm3[] = {LB_SM3};
	lb_init(&l, 4096);
	lb_specid(&l, decl, 3, NULL, 0);
	assert_true(eventlog_parse(l.b, l.n, &log, &e));
	assert_int_equal(eventlog_content_bank(&log), 2);
	eventlog_free(&log);
	l.n = 0;
	lb_specid(&l, sm3, 1, NULL, 0);
	assert_true(eventlog_parse(l.b, l.n, &log, &e));
	assert_int_equal(eventlog_content_bank(&log), -1);
	eventlog_free(&log);
	lb_free(&l);
}

/* Content checks on a log mixing right and wrong digests: an event whose digest is the hash
 * of its data is verified, one with filler digests is a mismatch, the Spec ID record and an
 * event in a PCR outside 0-23 are not extended; without a bank nothing is checked. */
static void test_content_checks_verified_mismatch_and_not_extended(void **state)
{
	(void)state;
	static const char *texts[] = {"one", "two", "three", "four", "five"};
	uint8_t sep[4] = {0, 0, 0, 0}, want[16];
	struct lb l;
	struct err e;
	struct eventlog log;
	int bank;

	lb_init(&l, 1 << 14);
	lb_specid(&l, two, 2, NULL, 0);
	for (size_t i = 0; i < 5; i++) {
		lb_event2_hashed(&l, 4, EV_EFI_ACTION, two, 2, texts[i], strlen(texts[i]));
		lb_event2(&l, 5, EV_EFI_ACTION, two, 2, 0x5A, texts[i], strlen(texts[i]));
	}
	lb_event2_hashed(&l, 7, EV_SEPARATOR, two, 2, sep, 4);
	lb_event2(&l, 30, EV_IPL, two, 2, 0x11, "x", 1);
	assert_true(eventlog_parse(l.b, l.n, &log, &e));
	assert_int_equal(log.nevents, 13);
	bank = eventlog_content_bank(&log);
	assert_int_equal(bank, 1);
	for (size_t i = 0; i < log.nevents; i++) {
		struct el_content c;
		eventlog_decode(&log, i, &c);
		want[i] = (uint8_t)eventlog_check_content(&log, i, &c, bank);
		if (i == 1)
			assert_int_equal(eventlog_check_content(&log, i, &c, -1),
					 EL_DIGEST_NOT_CHECKED);
	}
	assert_int_equal(want[0], EL_DIGEST_NOT_EXTENDED);
	for (size_t i = 1; i <= 10; i++)
		assert_int_equal(want[i], i % 2 ? EL_DIGEST_VERIFIED : EL_DIGEST_MISMATCH);
	assert_int_equal(want[11], EL_DIGEST_VERIFIED);
	assert_int_equal(want[12], EL_DIGEST_NOT_EXTENDED);
	assert_string_equal(eventlog_digest_check_name(EL_DIGEST_VERIFIED), "verified");
	assert_string_equal(eventlog_digest_check_name(EL_DIGEST_MISMATCH), "mismatch");
	eventlog_free(&log);
	lb_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_content_bank_prefers_sha256),
	    cmocka_unit_test(test_content_checks_verified_mismatch_and_not_extended),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
