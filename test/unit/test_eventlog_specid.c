/* Unit tests for src/eventlog/eventlog_specid.c: the crypto-agile Spec ID Event03 (PFP 1.05
 * section 10.4.5.1) - its bank table, sizes, version, uintnSize and record header. */
#include "test_util.h"

#include "test_eventlog_builder.h"

#include "core/cursor.h"
#include "eventlog/eventlog.h"

static void test_parse_accepts_spec_id_event_only(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	struct pcr_banks r;
	agile_header(&l, two, 2);
	parse_ok(&l, &log);
	assert_int_equal(log.format, EVENTLOG_FORMAT_AGILE);
	assert_int_equal(log.nevents, 1);
	assert_int_equal(log.nbanks, 2);
	assert_null(eventlog_digest(&log, 0, 0));
	replay_ok(&log, &r);
	/* Nothing extended: PCR0-16 and 23 zero, 17-22 all ones. */
	for (int p = 0; p < EVENTLOG_NUM_PCRS; p++) {
		uint8_t want[32];
		memset(want, p >= 17 && p <= 22 ? 0xFF : 0, sizeof(want));
		assert_memory_equal(r.bank[1].pcr[p], want, 32);
	}
	assert_int_equal(r.bank[1].extended_mask, 0);
	eventlog_free(&log);
	lb_free(&l);
}

static void test_parse_rejects_spec_id_digest_size_mismatch(void **state)
{
	(void)state;
	struct lb l;
	uint64_t off;
	const struct lb_alg bad[] = {{TPM_ALG_SHA1, 20}, {TPM_ALG_SHA256, 20}};
	agile_header(&l, bad, 2);
	assert_string_equal(parse_fail(l.b, l.n, &off), "digest_size_mismatch");
	assert_int_equal(off, 32 + 28 + 4);
	lb_free(&l);
}

static void test_parse_rejects_spec_id_without_algorithms(void **state)
{
	(void)state;
	struct lb l;
	agile_header(&l, NULL, 0);
	assert_string_equal(parse_fail(l.b, l.n, NULL), "specid_no_algorithms");
	lb_free(&l);
}

static void test_parse_rejects_spec_id_size_mismatch(void **state)
{
	(void)state;
	struct lb l;
	uint64_t off;
	/* t2t-frag-specid-vendordata: eventSize excludes the vendorInfo bytes. */
	agile_header(&l, two, 2);
	l.b[l.n - 1] = 4; /* vendorInfoSize 4, no vendor bytes inside the event */
	lb_bytes(&l, "abcd", 4);
	assert_string_equal(parse_fail(l.b, l.n, &off), "specid_size_mismatch");
	/* Extra bytes after vendorInfo inside the event are rejected too. */
	l.n = 0;
	lb_specid(&l, two, 2, "v", 1);
	store_u32le(l.b + 28, load_u32le(l.b + 28) + 1);
	lb_u8(&l, 0);
	assert_string_equal(parse_fail(l.b, l.n, &off), "specid_size_mismatch");
	/* numberOfAlgorithms larger than the event. */
	l.n = 0;
	lb_specid(&l, two, 2, NULL, 0);
	store_u32le(l.b + 32 + 24, 7);
	assert_string_equal(parse_fail(l.b, l.n, &off), "specid_size_mismatch");
	assert_int_equal(off, 32 + 24);
	/* go-attestation's malicious_number_of_algs: 0xFFFFFFFF, never an allocation. */
	store_u32le(l.b + 32 + 24, 0xFFFFFFFFu);
	assert_string_equal(parse_fail(l.b, l.n, &off), "specid_too_many_algorithms");
	lb_free(&l);
}

static void test_parse_rejects_bad_spec_id_header(void **state)
{
	(void)state;
	struct lb l;
	agile_header(&l, two, 2);
	l.b[8] = 1; /* digest must be zero */
	assert_string_equal(parse_fail(l.b, l.n, NULL), "specid_nonzero_digest");
	l.b[8] = 0;
	store_u32le(l.b, 2); /* pcrIndex 0 (PFP) or 1 (CCEL) only */
	assert_string_equal(parse_fail(l.b, l.n, NULL), "specid_bad_pcr");
	store_u32le(l.b, 0);
	l.b[32 + 21] = 1; /* specVersionMajor */
	assert_string_equal(parse_fail(l.b, l.n, NULL), "specid_bad_version");
	l.b[32 + 21] = 2;
	l.b[32 + 23] = 3; /* uintnSize */
	assert_string_equal(parse_fail(l.b, l.n, NULL), "specid_bad_uintn_size");
	lb_free(&l);
}

static void test_parse_ccel_spec_id_in_mr_index_1(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	const struct lb_alg s384[] = {LB_SHA384};
	lb_init(&l, 4096);
	lb_specid(&l, s384, 1, NULL, 0);
	store_u32le(l.b, 1);
	lb_event2(&l, 1, EV_SEPARATOR, s384, 1, 0x10, "\0\0\0\0", 4);
	lb_fill(&l, 0xFF, 1000);
	parse_ok(&l, &log);
	assert_int_equal(log.specid.pcr, 1);
	assert_int_equal(log.padding_len, 1000);
	eventlog_free(&log);
	lb_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_accepts_spec_id_event_only),
	    cmocka_unit_test(test_parse_rejects_spec_id_digest_size_mismatch),
	    cmocka_unit_test(test_parse_rejects_spec_id_without_algorithms),
	    cmocka_unit_test(test_parse_rejects_spec_id_size_mismatch),
	    cmocka_unit_test(test_parse_rejects_bad_spec_id_header),
	    cmocka_unit_test(test_parse_ccel_spec_id_in_mr_index_1),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
