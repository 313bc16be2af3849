/* Unit tests for src/eventlog/eventlog_parse.c: format detection, structural rules with their
 * reasons and offsets, caps, padding, StartupLocality rules, and real malformed logs (../shared).
 */
#include "test_util.h"

#include "test_eventlog_builder.h"

#include "core/cursor.h"
#include "eventlog/eventlog.h"

static void test_parse_rejects_empty_log(void **state)
{
	(void)state;
	uint8_t ff[64], zero[64];
	memset(ff, 0xFF, sizeof(ff));
	memset(zero, 0, sizeof(zero));
	assert_string_equal(parse_fail(NULL, 0, NULL), "empty");
	assert_string_equal(parse_fail(ff, sizeof(ff), NULL), "empty");
	assert_string_equal(parse_fail(zero, sizeof(zero), NULL), "empty");
}

static void test_parse_stops_at_zero_or_ff_padding_only(void **state)
{
	(void)state;
	static const uint8_t pads[] = {0x00, 0xFF};
	for (size_t k = 0; k < 2; k++) {
		struct lb l;
		struct eventlog log;
		agile_header(&l, two, 2);
		lb_event2(&l, 0, EV_SEPARATOR, two, 2, 0x10, "\0\0\0\0", 4);
		size_t end = l.n;
		lb_fill(&l, pads[k], 300);
		parse_ok(&l, &log);
		assert_int_equal(log.nevents, 2);
		assert_int_equal(log.end, end);
		assert_int_equal(log.padding_len, 300);
		assert_int_equal(log.padding_byte, pads[k]);
		eventlog_free(&log);
		/* Mixed trailing bytes are not padding: the log ends inside a record. */
		l.n -= 2;
		lb_u8(&l, 0x00);
		lb_u8(&l, 0xFF);
		assert_string_not_equal(parse_fail(l.b, l.n, NULL), "accepted");
		lb_free(&l);
	}
}

static void test_parse_keeps_event_ending_exactly_at_buffer_end(void **state)
{
	(void)state;
	/* Linux 2026-06 patch: the kernel dropped an event whose end equals the limit. */
	struct lb l;
	struct eventlog log;
	agile_header(&l, two, 2);
	lb_event2(&l, 4, EV_EFI_ACTION, two, 2, 0x20, "x", 1);
	parse_ok(&l, &log);
	assert_int_equal(log.nevents, 2);
	assert_int_equal(log.end, l.n);
	assert_int_equal(log.padding_len, 0);
	eventlog_free(&log);
	lb_free(&l);
}

static void test_parse_rejects_digest_count_mismatch(void **state)
{
	(void)state;
	struct lb l;
	uint64_t off;
	const struct lb_alg three[] = {LB_SHA1, LB_SHA256, LB_SHA1};
	agile_header(&l, two, 2);
	size_t at = l.n;
	lb_event2(&l, 0, EV_SEPARATOR, two, 1, 0x10, "\0\0\0\0", 4); /* fewer */
	assert_string_equal(parse_fail(l.b, l.n, &off), "digest_count_mismatch");
	assert_int_equal(off, at + 8);
	l.n = at;
	lb_event2(&l, 0, EV_SEPARATOR, three, 3, 0x10, "\0\0\0\0", 4); /* more */
	assert_string_equal(parse_fail(l.b, l.n, &off), "digest_count_mismatch");
	lb_free(&l);
}

static void test_parse_rejects_undeclared_algorithm(void **state)
{
	(void)state;
	struct lb l;
	uint64_t off;
	const struct lb_alg bad[] = {LB_SHA1, LB_SHA384};
	agile_header(&l, two, 2);
	size_t at = l.n;
	lb_event2(&l, 0, EV_SEPARATOR, bad, 2, 0x10, "\0\0\0\0", 4);
	assert_string_equal(parse_fail(l.b, l.n, &off), "undeclared_algorithm");
	assert_int_equal(off, at + 12 + 2 + 20);
	lb_free(&l);
}

static void test_parse_rejects_duplicate_digest(void **state)
{
	(void)state;
	struct lb l;
	const struct lb_alg dup[] = {LB_SHA1, LB_SHA1};
	agile_header(&l, two, 2);
	lb_event2(&l, 0, EV_SEPARATOR, dup, 2, 0x10, "\0\0\0\0", 4);
	assert_string_equal(parse_fail(l.b, l.n, NULL), "duplicate_digest");
	lb_free(&l);
}

static void test_parse_rejects_log_ending_inside_an_event(void **state)
{
	(void)state;
	struct lb l;
	uint64_t off;
	agile_header(&l, two, 2);
	size_t at = l.n;
	lb_event2(&l, 4, EV_EFI_ACTION, two, 2, 0x20, "abcdef", 6);
	for (size_t cut = at + 1; cut < l.n; cut++) {
		const char *r = parse_fail(l.b, cut, &off);
		if (cut < at + 12)
			assert_string_equal(r, "truncated_header");
		else if (cut < at + 12 + 22 + 34)
			assert_string_equal(r, "truncated_event");
		else if (cut < at + 12 + 56 + 4)
			assert_string_equal(r, "truncated_header");
		else
			assert_string_equal(r, "truncated_event");
		assert_true(off >= at && off <= cut);
	}
	lb_free(&l);
}

static void test_parse_rejects_sha1_record_truncated(void **state)
{
	(void)state;
	struct lb l;
	uint64_t off;
	lb_init(&l, 4096);
	lb_event1(&l, 0, EV_S_CRTM_VERSION, 0x11, "ab", 2);
	lb_event1(&l, 0, EV_SEPARATOR, 0x12, "\0\0\0\0", 4);
	assert_string_equal(parse_fail(l.b, l.n - 1, &off), "truncated_event");
	assert_int_equal(off, 34 + 28);
	assert_string_equal(parse_fail(l.b, 34 + 10, &off), "truncated_header");
	assert_int_equal(off, 34);
	lb_free(&l);
}

/* The first record is read before the format is known (docs/eventlog.md section 3): when it is
 * cut, parse_first() must fail without looking at the type or data of a record it never read
 * (clang-analyzer flagged the uninitialised reads; the record is now zeroed and this pins the
 * fail-closed result for every cut point). */
static void test_parse_rejects_truncated_first_record(void **state)
{
	(void)state;
	struct lb l;
	uint64_t off;
	lb_init(&l, 4096);
	lb_event1(&l, 1, EV_NO_ACTION, 0, "Spec ID Event03", 16);
	for (size_t cut = 1; cut < l.n; cut++) {
		const char *r = parse_fail(l.b, cut, &off);
		if (cut < 32) {
			assert_string_equal(r, "truncated_header");
			assert_int_equal(off, 0);
		} else {
			assert_string_equal(r, "truncated_event");
			assert_int_equal(off, 28);
		}
	}
	lb_free(&l);
}

/* The smallest logs that parse hold exactly one record, so the event and digest arrays are
 * never allocated with 0 entries (clang-analyzer: calloc of 0 bytes). */
static void test_parse_single_record_logs_have_one_event(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	/* SHA-1 format: one 32-byte record with no data. */
	lb_init(&l, 4096);
	lb_event1(&l, 7, EV_IPL, 0x5A, NULL, 0);
	parse_ok(&l, &log);
	assert_int_equal(log.format, EVENTLOG_FORMAT_SHA1);
	assert_int_equal(log.nevents, 1);
	assert_int_equal(log.nbanks, 1);
	assert_non_null(log.events);
	assert_non_null(log.digest_off);
	assert_int_equal(log.events[0].pcr, 7);
	assert_ptr_equal(eventlog_digest(&log, 0, 0), l.b + 8);
	assert_int_equal(log.end, 32);
	eventlog_free(&log);
	lb_free(&l);
	/* Crypto-agile: the Spec ID record alone. */
	agile_header(&l, two, 2);
	parse_ok(&l, &log);
	assert_int_equal(log.nevents, 1);
	assert_non_null(log.events);
	assert_non_null(log.digest_off);
	assert_null(eventlog_digest(&log, 0, 1));
	eventlog_free(&log);
	lb_free(&l);
}

static void test_parse_enforces_caps(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	uint64_t off;
	/* Event data cap, checked only when the bytes exist. */
	lb_init(&l, EVENTLOG_MAX_EVENT_DATA + 256);
	lb_event1(&l, 0, EV_IPL, 0x11, NULL, 0);
	store_u32le(l.b + 28, EVENTLOG_MAX_EVENT_DATA + 1);
	lb_fill(&l, 'a', EVENTLOG_MAX_EVENT_DATA + 1);
	assert_string_equal(parse_fail(l.b, l.n, &off), "event_too_large");
	assert_int_equal(off, 28);
	/* go-attestation's eventSize 0xBDBFEF47: an error, not an allocation. */
	store_u32le(l.b + 28, 0xBDBFEF47u);
	assert_string_equal(parse_fail(l.b, l.n, &off), "truncated_event");
	lb_free(&l);
	/* Total size cap. */
	uint8_t *big = calloc(1, (size_t)EVENTLOG_MAX_LOG_SIZE + 1);
	assert_non_null(big);
	big[0] = 1;
	assert_string_equal(parse_fail(big, (size_t)EVENTLOG_MAX_LOG_SIZE + 1, NULL),
			    "log_too_large");
	/* The cap is 8 MiB, a size_t (no 32-bit multiplication), named in the detail. */
	assert_true(EVENTLOG_MAX_LOG_SIZE == (size_t)8 * 1024 * 1024);
	struct err e;
	err_clear(&e);
	assert_false(eventlog_parse(big, (size_t)EVENTLOG_MAX_LOG_SIZE + 1, &log, &e));
	assert_string_equal(e.detail, "8388609 bytes exceeds the cap of 8388608");
	/* Exactly the cap is accepted: one record (pcr 1, type 0, no data), then zero padding. */
	assert_true(eventlog_parse(big, EVENTLOG_MAX_LOG_SIZE, &log, &e));
	assert_int_equal(log.nevents, 1);
	assert_int_equal(log.padding_len, EVENTLOG_MAX_LOG_SIZE - 32);
	eventlog_free(&log);
	free(big);
}

/* The smallest records (EVENTLOG_MIN_RECORD_SIZE: one bank of 1-byte digests) are the only
 * ones that reach the event cap within the size cap; SHA-1 records (32 bytes) fill the size
 * cap with exactly EVENTLOG_MAX_EVENTS events. */
static void test_parse_enforces_event_count_cap(void **state)
{
	(void)state;
	const struct lb_alg tiny[] = {{0x7777, 1}};
	struct lb l;
	struct eventlog log;
	struct err e;
	uint64_t off;
	size_t first;

	assert_true((size_t)EVENTLOG_MAX_EVENTS * 32 == EVENTLOG_MAX_LOG_SIZE);
	lb_init(&l, 64 + ((size_t)EVENTLOG_MAX_EVENTS + 1) * EVENTLOG_MIN_RECORD_SIZE);
	lb_specid(&l, tiny, 1, NULL, 0);
	first = l.n;
	/* The Spec ID record is event 0: EVENTLOG_MAX_EVENTS more records are one too many. */
	for (size_t i = 0; i < EVENTLOG_MAX_EVENTS; i++)
		lb_event2(&l, 1, EV_IPL, tiny, 1, (uint8_t)i, NULL, 0);
	assert_int_equal(l.n - first, (size_t)EVENTLOG_MAX_EVENTS * EVENTLOG_MIN_RECORD_SIZE);
	assert_true(l.n <= EVENTLOG_MAX_LOG_SIZE);
	assert_string_equal(parse_fail(l.b, l.n, &off), "too_many_events");
	assert_int_equal(off, first + ((size_t)EVENTLOG_MAX_EVENTS - 1) * EVENTLOG_MIN_RECORD_SIZE);
	/* Exactly the cap is accepted. */
	err_clear(&e);
	assert_true(eventlog_parse(l.b, l.n - EVENTLOG_MIN_RECORD_SIZE, &log, &e));
	assert_int_equal(log.nevents, EVENTLOG_MAX_EVENTS);
	eventlog_free(&log);
	lb_free(&l);
	/* SHA-1 format: the size cap in 32-byte records is exactly the event cap. */
	uint8_t *p = calloc(1, EVENTLOG_MAX_LOG_SIZE);
	assert_non_null(p);
	for (size_t i = 0; i < EVENTLOG_MAX_LOG_SIZE; i += 32)
		store_u32le(p + i + 4, EV_IPL);
	assert_true(eventlog_parse(p, EVENTLOG_MAX_LOG_SIZE, &log, &e));
	assert_int_equal(log.nevents, EVENTLOG_MAX_EVENTS);
	eventlog_free(&log);
	free(p);
}

/* The event arrays are sized once from the log's length (eventlog_parse.c): a log of nothing
 * but the smallest records its banks allow, in any bank set, must still parse whole, the
 * last record's digests included (SHA-1 logs: test_parse_enforces_event_count_cap). */
static void test_parse_holds_every_minimal_record_the_log_fits(void **state)
{
	(void)state;
	const struct lb_alg one[] = {LB_SHA1};
	const struct lb_alg three[] = {LB_SHA384, LB_SHA1, LB_SHA256};
	const struct {
		const struct lb_alg *algs;
		size_t n;
	} sets[] = {{one, 1}, {two, 2}, {three, 3}};
	for (size_t s = 0; s < sizeof(sets) / sizeof(sets[0]); s++) {
		for (size_t count = 0; count < 300; count += 37) {
			struct lb l;
			struct eventlog log;
			lb_init(&l, 1 << 16);
			lb_specid(&l, sets[s].algs, sets[s].n, NULL, 0);
			for (size_t i = 0; i < count; i++)
				lb_event2(&l, (uint32_t)(i % 24), EV_IPL, sets[s].algs, sets[s].n,
					  (uint8_t)i, NULL, 0);
			parse_ok(&l, &log);
			assert_int_equal(log.nevents, count + 1);
			assert_int_equal(log.end, l.n);
			if (count) {
				const uint8_t *d = eventlog_digest(&log, count, sets[s].n - 1);
				assert_non_null(d);
				assert_int_equal(d[0], (uint8_t)(count - 1 + sets[s].n - 1));
			}
			eventlog_free(&log);
			lb_free(&l);
		}
	}
}

static void test_parse_rejects_bad_or_late_startup_locality(void **state)
{
	(void)state;
	struct lb l;
	uint8_t data[17] = "StartupLocality";
	data[16] = 3;
	agile_header(&l, two, 2);
	lb_event2(&l, 0, EV_S_CRTM_VERSION, two, 2, 0x60, "v", 1);
	lb_event2(&l, 0, EV_NO_ACTION, two, 2, 0, data, 17);
	assert_string_equal(parse_fail(l.b, l.n, NULL), "late_startup_locality");
	lb_free(&l);
	agile_header(&l, two, 2);
	lb_event2(&l, 0, EV_NO_ACTION, two, 2, 0, data, 17);
	lb_event2(&l, 0, EV_NO_ACTION, two, 2, 0, data, 17);
	assert_string_equal(parse_fail(l.b, l.n, NULL), "duplicate_startup_locality");
	lb_free(&l);
	agile_header(&l, two, 2);
	data[16] = 9;
	lb_event2(&l, 0, EV_NO_ACTION, two, 2, 0, data, 17);
	assert_string_equal(parse_fail(l.b, l.n, NULL), "bad_startup_locality");
	lb_free(&l);
}

static void test_parse_windows_minus_one_event_is_not_padding(void **state)
{
	(void)state;
	/* go-eventlog treats pcrIndex 0xFFFFFFFF as padding; here an event follows it. */
	struct lb l;
	struct eventlog log;
	lb_init(&l, 4096);
	lb_event1(&l, 0, EV_SEPARATOR, 0x11, "\0\0\0\0", 4);
	lb_event1(&l, 0xFFFFFFFFu, EV_NO_ACTION, 0x22, "trust point.....", 16);
	lb_event1(&l, 4, EV_SEPARATOR, 0x33, "\0\0\0\0", 4);
	parse_ok(&l, &log);
	assert_int_equal(log.nevents, 3);
	assert_int_equal(log.padding_len, 0);
	eventlog_free(&log);
	lb_free(&l);
}

static void test_parse_legacy_sha1_log(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	struct pcr_banks r;
	uint8_t p[20] = {0}, d[20];
	lb_init(&l, 4096);
	lb_event1(&l, 0, EV_S_CRTM_VERSION, 0x11, "v\0", 2);
	lb_event1(&l, 0, EV_SEPARATOR, 0x22, "\0\0\0\0", 4);
	parse_ok(&l, &log);
	assert_int_equal(log.format, EVENTLOG_FORMAT_SHA1);
	assert_int_equal(log.nbanks, 1);
	assert_int_equal(log.uintn_size, 8);
	replay_ok(&log, &r);
	memset(d, 0x11, 20), ref_extend(&br_sha1_vtable, p, d, 20);
	memset(d, 0x22, 20), ref_extend(&br_sha1_vtable, p, d, 20);
	assert_memory_equal(r.bank[0].pcr[0], p, 20);
	eventlog_free(&log);
	lb_free(&l);
}

static void test_parse_short_no_action_first_event_means_sha1_log(void **state)
{
	(void)state;
	/* go-attestation PR #208 (ga-short-no-action): StartupLocality first, SHA-1 format. */
	struct lb l;
	struct eventlog log;
	struct pcr_banks r;
	uint8_t data[17] = "StartupLocality";
	data[16] = 3;
	lb_init(&l, 4096);
	lb_event1(&l, 0, EV_NO_ACTION, 0, data, 17);
	parse_ok(&l, &log);
	assert_int_equal(log.format, EVENTLOG_FORMAT_SHA1);
	assert_true(log.has_startup_locality);
	replay_ok(&log, &r);
	assert_int_equal(r.bank[0].pcr[0][19], 3);
	eventlog_free(&log);
	lb_free(&l);
}

static void test_real_malformed_logs_are_rejected(void **state)
{
	(void)state;
	static const struct {
		const char *name, *reason;
	} cases[] = {
	    {"keylime-bogus", "truncated_event"},
	    {"t2t-frag-specid-vendordata", "specid_size_mismatch"},
	    {"t2t-frag-event-uefivar", "digest_count_mismatch"},
	    {"t2t-frag-event-uefiaction", "digest_count_mismatch"},
	};
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		char rel[256];
		size_t n;
		snprintf(rel, sizeof(rel), "testdata/eventlogs/%s.bin", cases[k].name);
		uint8_t *p = TEST_SHARED_FILE(rel, &n);
		assert_string_equal(parse_fail(p, n, NULL), cases[k].reason);
		free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_rejects_empty_log),
	    cmocka_unit_test(test_parse_stops_at_zero_or_ff_padding_only),
	    cmocka_unit_test(test_parse_keeps_event_ending_exactly_at_buffer_end),
	    cmocka_unit_test(test_parse_rejects_digest_count_mismatch),
	    cmocka_unit_test(test_parse_rejects_undeclared_algorithm),
	    cmocka_unit_test(test_parse_rejects_duplicate_digest),
	    cmocka_unit_test(test_parse_rejects_log_ending_inside_an_event),
	    cmocka_unit_test(test_parse_rejects_sha1_record_truncated),
	    cmocka_unit_test(test_parse_rejects_truncated_first_record),
	    cmocka_unit_test(test_parse_single_record_logs_have_one_event),
	    cmocka_unit_test(test_parse_enforces_caps),
	    cmocka_unit_test(test_parse_enforces_event_count_cap),
	    cmocka_unit_test(test_parse_holds_every_minimal_record_the_log_fits),
	    cmocka_unit_test(test_parse_rejects_bad_or_late_startup_locality),
	    cmocka_unit_test(test_parse_windows_minus_one_event_is_not_padding),
	    cmocka_unit_test(test_parse_legacy_sha1_log),
	    cmocka_unit_test(test_parse_short_no_action_first_event_means_sha1_log),
	    cmocka_unit_test(test_real_malformed_logs_are_rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
