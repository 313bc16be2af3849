/* Unit tests for src/eventlog/eventlog_replay.c: initial PCR values, extends in every declared
 * bank, banks that cannot be replayed, comparison with given values, and known answers from
 * real logs (../shared). */
#include "test_util.h"

#include "test_eventlog_builder.h"

#include "core/hex.h"
#include "eventlog/eventlog.h"

static void test_replay_extends_every_declared_bank_in_any_order(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	struct pcr_banks r;
	const struct lb_alg decl[] = {LB_SHA384, LB_SHA1, LB_SHA256};
	const struct lb_alg order[] = {LB_SHA256, LB_SHA384, LB_SHA1};
	uint8_t p1[20] = {0}, p256[32] = {0}, p384[48] = {0}, d[48];

	agile_header(&l, decl, 3);
	lb_event2(&l, 7, EV_SEPARATOR, order, 3, 0x40, "\0\0\0\0", 4);
	lb_event2(&l, 7, EV_EFI_ACTION, decl, 3, 0x50, "hi", 2);
	parse_ok(&l, &log);
	replay_ok(&log, &r);
	assert_int_equal(r.nbanks, 3);
	assert_int_equal(r.bank[0].alg_id, TPM_ALG_SHA384);
	/* Event 1 carries sha256=0x40.., sha384=0x41.., sha1=0x42..; event 2 sha384=0x50,
	 * sha1=0x51, sha256=0x52. */
	memset(d, 0x42, 20), ref_extend(&br_sha1_vtable, p1, d, 20);
	memset(d, 0x51, 20), ref_extend(&br_sha1_vtable, p1, d, 20);
	memset(d, 0x40, 32), ref_extend(&br_sha256_vtable, p256, d, 32);
	memset(d, 0x52, 32), ref_extend(&br_sha256_vtable, p256, d, 32);
	memset(d, 0x41, 48), ref_extend(&br_sha384_vtable, p384, d, 48);
	memset(d, 0x50, 48), ref_extend(&br_sha384_vtable, p384, d, 48);
	assert_memory_equal(r.bank[1].pcr[7], p1, 20);
	assert_memory_equal(r.bank[2].pcr[7], p256, 32);
	assert_memory_equal(r.bank[0].pcr[7], p384, 48);
	assert_int_equal(r.bank[2].extended_mask, 1u << 7);
	eventlog_free(&log);
	lb_free(&l);
}

/* Every bank starts at its reset value (PCR0 ending in the StartupLocality, 17-22 all ones,
 * the rest zero); only PCRs of extending events change and are marked; an empty log is
 * refused. */
static void test_replay_starts_at_reset_values_and_marks_extended_pcrs(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	struct pcr_banks r;
	struct err e;
	const struct lb_alg decl[] = {LB_SHA384, LB_SHA1, LB_SHA256};
	uint8_t locality[17] = "StartupLocality", zero[DIGEST_MAX_SIZE] = {0};

	locality[16] = 3;
	agile_header(&l, decl, 3);
	lb_event2(&l, 0, EV_NO_ACTION, decl, 3, 0, locality, sizeof(locality));
	lb_event2(&l, 0, EV_S_CRTM_VERSION, decl, 3, 0x10, "v", 1);
	lb_event2(&l, 7, EV_SEPARATOR, decl, 3, 0x40, "\0\0\0\0", 4);
	lb_event2(&l, 3, EV_NO_ACTION, decl, 3, 0x60, "x", 1);
	lb_event2(&l, 23, EV_EFI_ACTION, decl, 3, 0x50, "hi", 2);
	parse_ok(&l, &log);
	replay_ok(&log, &r);
	assert_int_equal(r.nbanks, 3);
	assert_int_equal(r.pcr0_locality, 3);
	for (size_t b = 0; b < 3; b++) {
		assert_int_equal(r.bank[b].extended_mask, (1u << 0) | (1u << 7) | (1u << 23));
		assert_int_equal(r.bank[b].pcr[17][0], 0xFF);
		assert_int_equal(r.bank[b].pcr[22][r.bank[b].size - 1], 0xFF);
		assert_memory_equal(r.bank[b].pcr[3], zero, r.bank[b].size);
		assert_memory_equal(r.bank[b].pcr[5], zero, r.bank[b].size);
	}
	eventlog_free(&log);
	lb_free(&l);

	memset(&log, 0, sizeof(log));
	err_clear(&e);
	assert_false(eventlog_replay(&log, &r, &e));
	assert_string_equal(e.reason, "empty");
}

static void test_replay_reports_sm3_and_unknown_banks_as_not_replayed(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	struct pcr_banks r;
	const struct lb_alg decl[] = {LB_SM3, LB_SHA256, {0x0099, 24}};
	agile_header(&l, decl, 3);
	lb_event2(&l, 1, EV_SEPARATOR, decl, 3, 0x40, "\0\0\0\0", 4);
	parse_ok(&l, &log);
	replay_ok(&log, &r);
	assert_false(r.bank[0].replayed);
	assert_true(r.bank[1].replayed);
	assert_false(r.bank[2].replayed);
	assert_null(log.banks[2].alg);
	assert_int_equal(r.bank[1].extended_mask, 1u << 1);
	eventlog_free(&log);
	lb_free(&l);
}

static void locality_case(uint8_t loc, bool hcrtm, uint8_t want)
{
	struct lb l;
	struct eventlog log;
	struct pcr_banks r;
	uint8_t data[17] = "StartupLocality";
	uint8_t p0[32] = {0}, d[32];
	data[16] = loc;
	agile_header(&l, two, 2);
	lb_event2(&l, 0, EV_NO_ACTION, two, 2, 0x00, data, sizeof(data));
	if (hcrtm)
		lb_event2(&l, 0, EV_EFI_HCRTM_EVENT, two, 2, 0x30, "HCRTM", 5);
	lb_event2(&l, 0, EV_S_CRTM_VERSION, two, 2, 0x60, "v", 1);
	parse_ok(&l, &log);
	replay_ok(&log, &r);
	assert_int_equal(r.pcr0_locality, want);
	p0[31] = want;
	if (hcrtm) {
		memset(d, 0x31, 32);
		ref_extend(&br_sha256_vtable, p0, d, 32);
	}
	memset(d, 0x61, 32);
	ref_extend(&br_sha256_vtable, p0, d, 32);
	assert_memory_equal(r.bank[1].pcr[0], p0, 32);
	eventlog_free(&log);
	lb_free(&l);
}

static void test_replay_starts_pcr0_at_startup_locality(void **state)
{
	(void)state;
	locality_case(0, false, 0);
	locality_case(3, false, 3);
	locality_case(4, false, 4);
	/* An H-CRTM event means PCR0 starts at 4 (TPM 2.0 Part 1, 34.3). */
	locality_case(0, true, 4);
}

static void test_replay_skips_no_action_events_mid_log(void **state)
{
	(void)state;
	/* tpm2-tools #3224 / fwupd #9940: NO_ACTION after the first event was extended. */
	struct lb l;
	struct eventlog log;
	struct pcr_banks r;
	uint8_t p[32] = {0}, d[32];
	agile_header(&l, two, 2);
	lb_event2(&l, 0, EV_SEPARATOR, two, 2, 0x10, "\0\0\0\0", 4);
	lb_event2(&l, 0, EV_NO_ACTION, two, 2, 0x77, "SP800-155 Event3", 16);
	parse_ok(&l, &log);
	replay_ok(&log, &r);
	memset(d, 0x11, 32);
	ref_extend(&br_sha256_vtable, p, d, 32);
	assert_memory_equal(r.bank[1].pcr[0], p, 32);
	assert_false(eventlog_event_extends(&log.events[2]));
	eventlog_free(&log);
	lb_free(&l);
}

static void test_replay_never_extends_out_of_range_pcr(void **state)
{
	(void)state;
	/* GHSA-qp88-8f4j-wv7q / tpm2-tools PR #2242: pcrIndex used as an array subscript. */
	static const uint32_t idx[] = {24, 31, 32, 0x75676f62u, 0xFFFFFFFFu};
	struct lb l;
	struct eventlog log;
	struct pcr_banks r;
	agile_header(&l, two, 2);
	for (size_t k = 0; k < sizeof(idx) / sizeof(idx[0]); k++)
		lb_event2(&l, idx[k], EV_SEPARATOR, two, 2, 0x10, "\0\0\0\0", 4);
	parse_ok(&l, &log);
	replay_ok(&log, &r);
	assert_int_equal(log.nevents, 6);
	assert_int_equal(r.bank[0].extended_mask, 0);
	assert_int_equal(r.bank[1].extended_mask, 0);
	eventlog_free(&log);
	lb_free(&l);
}

static void test_compare_names_every_mismatching_pcr_and_bank(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	struct pcr_banks r;
	struct pcr_mismatch mm[8];
	uint8_t good1[20], good256[32], bad[32] = {1};
	const struct lb_alg decl[] = {LB_SHA1, LB_SHA256, LB_SM3};
	agile_header(&l, decl, 3);
	lb_event2(&l, 0, EV_SEPARATOR, decl, 3, 0x10, "\0\0\0\0", 4);
	parse_ok(&l, &log);
	replay_ok(&log, &r);
	memcpy(good1, r.bank[0].pcr[0], 20);
	memcpy(good256, r.bank[1].pcr[7], 32);
	const struct pcr_value given[] = {
	    {TPM_ALG_SHA1, 0, good1, 20},  {TPM_ALG_SHA256, 7, good256, 32},
	    {TPM_ALG_SHA256, 0, bad, 32},  {TPM_ALG_SHA1, 5, bad, 20},
	    {TPM_ALG_SHA384, 0, bad, 32},  {TPM_ALG_SM3_256, 0, bad, 32},
	    {TPM_ALG_SHA256, 24, bad, 32}, {TPM_ALG_SHA256, 1, bad, 20},
	};
	size_t n = eventlog_compare(&r, given, 8, mm, 8);
	assert_int_equal(n, 6);
	assert_int_equal(mm[0].alg_id, TPM_ALG_SHA256);
	assert_int_equal(mm[0].pcr, 0);
	assert_int_equal(mm[0].kind, PCR_MISMATCH_VALUE);
	assert_int_equal(mm[1].pcr, 5);
	assert_int_equal(mm[1].kind, PCR_MISMATCH_VALUE);
	assert_int_equal(mm[2].kind, PCR_MISMATCH_NO_BANK);
	assert_int_equal(mm[3].kind, PCR_MISMATCH_NOT_REPLAYED);
	assert_int_equal(mm[4].kind, PCR_MISMATCH_BAD_INDEX);
	assert_int_equal(mm[5].kind, PCR_MISMATCH_BAD_SIZE);
	assert_string_equal(eventlog_mismatch_name(mm[2].kind), "bank_not_in_log");
	/* The total is returned even when out is smaller. */
	assert_int_equal(eventlog_compare(&r, given, 8, mm, 1), 6);
	assert_int_equal(eventlog_compare(&r, given, 2, mm, 8), 0);
	eventlog_free(&log);
	lb_free(&l);
}

static void real_pcr(const char *name, uint16_t alg, int pcr, const char *hexwant,
		     uint8_t want_locality)
{
	char rel[256];
	size_t n;
	uint8_t want[64];
	size_t wn;
	struct eventlog log;
	struct pcr_banks r;
	struct err e;
	snprintf(rel, sizeof(rel), "testdata/eventlogs/%s.bin", name);
	uint8_t *p = TEST_SHARED_FILE(rel, &n);
	assert_true(eventlog_parse(p, n, &log, &e));
	assert_true(eventlog_replay(&log, &r, &e));
	assert_true(hex_decode(hexwant, strlen(hexwant), want, sizeof(want), &wn));
	int b = eventlog_bank_index(&log, alg);
	assert_true(b >= 0);
	assert_memory_equal(r.bank[b].pcr[pcr], want, wn);
	assert_int_equal(r.pcr0_locality, want_locality);
	const struct pcr_value v = {alg, (uint32_t)pcr, want, wn};
	struct pcr_mismatch mm;
	assert_int_equal(eventlog_compare(&r, &v, 1, &mm, 1), 0);
	eventlog_free(&log);
	free(p);
}

static void test_real_hcrtm_log_pcr0_starts_at_4(void **state)
{
	(void)state;
	real_pcr("tss-hcrtm", TPM_ALG_SHA1, 0, "15f4e6ca457d1af6bc49511a93ba3500ad69acc5", 4);
}

static void test_real_startup_locality_3_log(void **state)
{
	(void)state;
	real_pcr("glinux-laptop", TPM_ALG_SHA256, 0,
		 "0e5ea849d7647a1ac1becc096fee4df98f00f8015f934afadaab0b8aa20b38a5", 3);
	real_pcr("glinux-laptop", TPM_ALG_SHA1, 1, "db16852a369b2503d6cc6c0007501c837dbe1170", 3);
}

static void test_real_sha1_windows_log(void **state)
{
	(void)state;
	real_pcr("gcp-windows-shieldedvm-wbcl", TPM_ALG_SHA1, 0,
		 "51c323de0c0c694f4601cdd02beb58ff13629f74", 0);
}

static void test_real_seabios_log(void **state)
{
	(void)state;
	real_pcr("openeuler-doc-seabios", TPM_ALG_SHA256, 2,
		 "a9d5bdf3b0b034a434ef3adde2d5cb0a7533803f97f8889f1174ab60bd4dcb70", 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_replay_extends_every_declared_bank_in_any_order),
	    cmocka_unit_test(test_replay_starts_at_reset_values_and_marks_extended_pcrs),
	    cmocka_unit_test(test_replay_reports_sm3_and_unknown_banks_as_not_replayed),
	    cmocka_unit_test(test_replay_starts_pcr0_at_startup_locality),
	    cmocka_unit_test(test_replay_skips_no_action_events_mid_log),
	    cmocka_unit_test(test_replay_never_extends_out_of_range_pcr),
	    cmocka_unit_test(test_compare_names_every_mismatching_pcr_and_bank),
	    cmocka_unit_test(test_real_hcrtm_log_pcr0_starts_at_4),
	    cmocka_unit_test(test_real_startup_locality_3_log),
	    cmocka_unit_test(test_real_sha1_windows_log),
	    cmocka_unit_test(test_real_seabios_log),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
