/* Unit tests for src/eventlog parse + replay + compare: structural rules, caps, padding,
 * initial PCR values, bank handling, and known answers from real logs (../shared). */
#include "test_util.h"

#include "test_eventlog_builder.h"

#include "core/cursor.h"
#include "core/hex.h"
#include "eventlog/eventlog.h"

static const char *parse_fail(const uint8_t *p, size_t n, uint64_t *off)
{
	struct eventlog log;
	struct err e;
	err_clear(&e);
	if (eventlog_parse(p, n, &log, &e)) {
		eventlog_free(&log);
		return "accepted";
	}
	assert_string_equal(e.layer, "eventlog");
	assert_int_equal(e.cls, ERR_REJECT);
	assert_null(log.events);
	if (off)
		*off = e.offset;
	return e.reason;
}

static void parse_ok(const struct lb *l, struct eventlog *log)
{
	struct err e;
	err_clear(&e);
	if (!eventlog_parse(l->b, l->n, log, &e))
		fail_msg("rejected: %s at %llu: %s", e.reason, (unsigned long long)e.offset,
			 e.detail);
}

static void replay_ok(const struct eventlog *log, struct pcr_banks *r)
{
	struct err e;
	err_clear(&e);
	assert_true(eventlog_replay(log, r, &e));
}

static const struct lb_alg two[] = {{TPM_ALG_SHA1, 20}, {TPM_ALG_SHA256, 32}};

static void agile_header(struct lb *l, const struct lb_alg *algs, size_t n)
{
	lb_init(l, 1 << 16);
	lb_specid(l, algs, n, NULL, 0);
}

/* ---- empty, padding, Spec ID only ---- */

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

/* ---- structural rules, each with its reason and offset ---- */

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
	/* The cap is 64 MiB, a size_t (no 32-bit multiplication), named in the detail. */
	assert_true(EVENTLOG_MAX_LOG_SIZE == (size_t)64 * 1024 * 1024);
	struct err e;
	err_clear(&e);
	assert_false(eventlog_parse(big, (size_t)EVENTLOG_MAX_LOG_SIZE + 1, &log, &e));
	assert_string_equal(e.detail, "67108865 bytes exceeds the cap of 67108864");
	/* Exactly the cap is accepted: one record (pcr 1, type 0, no data), then zero padding. */
	assert_true(eventlog_parse(big, EVENTLOG_MAX_LOG_SIZE, &log, &e));
	assert_int_equal(log.nevents, 1);
	assert_int_equal(log.padding_len, EVENTLOG_MAX_LOG_SIZE - 32);
	eventlog_free(&log);
	free(big);
}

static void test_parse_enforces_event_count_cap(void **state)
{
	(void)state;
	/* EVENTLOG_MAX_EVENTS + 1 minimal SHA-1 records (32 bytes each). */
	size_t n = ((size_t)EVENTLOG_MAX_EVENTS + 1) * 32;
	uint8_t *p = calloc(1, n);
	uint64_t off;
	assert_non_null(p);
	for (size_t i = 0; i < n; i += 32)
		store_u32le(p + i + 4, EV_IPL);
	assert_string_equal(parse_fail(p, n, &off), "too_many_events");
	assert_int_equal(off, (uint64_t)EVENTLOG_MAX_EVENTS * 32);
	/* Exactly the cap is accepted. */
	struct eventlog log;
	struct err e;
	assert_true(eventlog_parse(p, n - 32, &log, &e));
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

/* ---- replay ---- */

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

/* Replay in two parts (as the eventlog command runs it, the extending on another thread):
 * after _start every bank is at its reset value and the header fields are final; _extend
 * changes only the PCR values and masks, and the result is what the whole replay gives. */
static void test_replay_in_parts_equals_whole_replay(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	struct pcr_banks whole, parts, reset;
	struct err e;
	const struct lb_alg decl[] = {LB_SHA384, LB_SHA1, LB_SHA256};
	uint8_t locality[17] = "StartupLocality";

	locality[16] = 3;
	agile_header(&l, decl, 3);
	lb_event2(&l, 0, EV_NO_ACTION, decl, 3, 0, locality, sizeof(locality));
	lb_event2(&l, 0, EV_S_CRTM_VERSION, decl, 3, 0x10, "v", 1);
	lb_event2(&l, 7, EV_SEPARATOR, decl, 3, 0x40, "\0\0\0\0", 4);
	lb_event2(&l, 3, EV_NO_ACTION, decl, 3, 0x60, "x", 1);
	lb_event2(&l, 23, EV_EFI_ACTION, decl, 3, 0x50, "hi", 2);
	parse_ok(&l, &log);
	replay_ok(&log, &whole);
	err_clear(&e);
	assert_true(eventlog_replay_start(&log, &parts, &e));
	assert_int_equal(parts.pcr0_locality, 3);
	for (size_t b = 0; b < 3; b++) {
		assert_int_equal(parts.bank[b].extended_mask, 0);
		assert_int_equal(parts.bank[b].pcr[0][parts.bank[b].size - 1], 3);
		assert_int_equal(parts.bank[b].pcr[17][0], 0xFF);
	}
	reset = parts;
	assert_true(eventlog_replay_extend(&log, &parts, &e));
	assert_memory_equal(&whole, &parts, sizeof(whole));
	assert_int_equal(parts.bank[1].extended_mask, (1u << 0) | (1u << 7) | (1u << 23));
	assert_int_equal(parts.nbanks, reset.nbanks);
	assert_int_equal(parts.pcr0_locality, reset.pcr0_locality);
	for (size_t b = 0; b < 3; b++)
		assert_memory_equal(parts.bank[b].pcr[5], reset.bank[b].pcr[5], DIGEST_MAX_SIZE);
	eventlog_free(&log);
	lb_free(&l);

	memset(&log, 0, sizeof(log));
	err_clear(&e);
	assert_false(eventlog_replay_start(&log, &parts, &e));
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

/* ---- compare ---- */

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

/* ---- known answers from real logs (../shared) ---- */

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
	    cmocka_unit_test(test_parse_accepts_spec_id_event_only),
	    cmocka_unit_test(test_parse_stops_at_zero_or_ff_padding_only),
	    cmocka_unit_test(test_parse_keeps_event_ending_exactly_at_buffer_end),
	    cmocka_unit_test(test_parse_rejects_digest_count_mismatch),
	    cmocka_unit_test(test_parse_rejects_undeclared_algorithm),
	    cmocka_unit_test(test_parse_rejects_duplicate_digest),
	    cmocka_unit_test(test_parse_rejects_spec_id_digest_size_mismatch),
	    cmocka_unit_test(test_parse_rejects_spec_id_without_algorithms),
	    cmocka_unit_test(test_parse_rejects_spec_id_size_mismatch),
	    cmocka_unit_test(test_parse_rejects_bad_spec_id_header),
	    cmocka_unit_test(test_parse_rejects_log_ending_inside_an_event),
	    cmocka_unit_test(test_parse_rejects_sha1_record_truncated),
	    cmocka_unit_test(test_parse_rejects_truncated_first_record),
	    cmocka_unit_test(test_parse_single_record_logs_have_one_event),
	    cmocka_unit_test(test_parse_enforces_caps),
	    cmocka_unit_test(test_parse_enforces_event_count_cap),
	    cmocka_unit_test(test_parse_holds_every_minimal_record_the_log_fits),
	    cmocka_unit_test(test_replay_extends_every_declared_bank_in_any_order),
	    cmocka_unit_test(test_replay_in_parts_equals_whole_replay),
	    cmocka_unit_test(test_replay_reports_sm3_and_unknown_banks_as_not_replayed),
	    cmocka_unit_test(test_replay_starts_pcr0_at_startup_locality),
	    cmocka_unit_test(test_parse_rejects_bad_or_late_startup_locality),
	    cmocka_unit_test(test_replay_skips_no_action_events_mid_log),
	    cmocka_unit_test(test_replay_never_extends_out_of_range_pcr),
	    cmocka_unit_test(test_parse_windows_minus_one_event_is_not_padding),
	    cmocka_unit_test(test_parse_legacy_sha1_log),
	    cmocka_unit_test(test_parse_short_no_action_first_event_means_sha1_log),
	    cmocka_unit_test(test_parse_ccel_spec_id_in_mr_index_1),
	    cmocka_unit_test(test_compare_names_every_mismatching_pcr_and_bank),
	    cmocka_unit_test(test_real_hcrtm_log_pcr0_starts_at_4),
	    cmocka_unit_test(test_real_startup_locality_3_log),
	    cmocka_unit_test(test_real_sha1_windows_log),
	    cmocka_unit_test(test_real_seabios_log),
	    cmocka_unit_test(test_real_malformed_logs_are_rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
