/*
 * Small builders for hand-made TCG event logs used by the eventlog unit tests (one test file
 * per src/eventlog module): every test log is spelled out field by field (EFIPROT 5.1 / 5.2
 * layouts), never an opaque blob. Also the helpers those files share: parse with the
 * failure's reason, replay, and one decoded event.
 */
#ifndef ATTEST_TEST_EVENTLOG_BUILDER_H
#define ATTEST_TEST_EVENTLOG_BUILDER_H

#include <bearssl_hash.h>
#include <stdlib.h>
#include <string.h>

#include "core/digest.h"
#include "eventlog/eventlog.h"
#include "eventlog/eventlog_decode.h"

struct lb {
	uint8_t *b;
	size_t n, cap;
};

static inline void lb_init(struct lb *l, size_t cap)
{
	l->b = calloc(1, cap);
	assert_non_null(l->b);
	l->n = 0;
	l->cap = cap;
}

static inline void lb_bytes(struct lb *l, const void *p, size_t n)
{
	assert_true(l->n + n <= l->cap);
	if (n)
		memcpy(l->b + l->n, p, n);
	l->n += n;
}

static inline void lb_fill(struct lb *l, uint8_t v, size_t n)
{
	assert_true(l->n + n <= l->cap);
	memset(l->b + l->n, v, n);
	l->n += n;
}

static inline void lb_u8(struct lb *l, uint8_t v)
{
	lb_bytes(l, &v, 1);
}

static inline void lb_u16(struct lb *l, uint16_t v)
{
	uint8_t x[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
	lb_bytes(l, x, 2);
}

static inline void lb_u32(struct lb *l, uint32_t v)
{
	uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	lb_bytes(l, x, 4);
}

static inline void lb_u64(struct lb *l, uint64_t v)
{
	lb_u32(l, (uint32_t)v);
	lb_u32(l, (uint32_t)(v >> 32));
}

struct lb_alg {
	uint16_t id, size;
};

/* SHA-1-format record (EFIPROT 5.1) with a digest of 20 bytes equal to dfill. */
static inline void lb_event1(struct lb *l, uint32_t pcr, uint32_t type, uint8_t dfill,
			     const void *data, size_t n)
{
	lb_u32(l, pcr);
	lb_u32(l, type);
	lb_fill(l, dfill, 20);
	lb_u32(l, (uint32_t)n);
	lb_bytes(l, data, n);
}

/* The Spec ID Event03 record (PFP 10.4.5.1) declaring algs, with vendor bytes. */
static inline void lb_specid(struct lb *l, const struct lb_alg *algs, size_t nalgs,
			     const void *vendor, uint8_t nvendor)
{
	lb_u32(l, 0);
	lb_u32(l, EV_NO_ACTION);
	lb_fill(l, 0, 20);
	lb_u32(l, (uint32_t)(16 + 4 + 4 + 4 + 4 * nalgs + 1 + nvendor));
	lb_bytes(l, "Spec ID Event03", 16);
	lb_u32(l, 0); /* platformClass */
	lb_u8(l, 0);  /* minor */
	lb_u8(l, 2);  /* major */
	lb_u8(l, 0);  /* errata */
	lb_u8(l, 2);  /* uintnSize: UINT64 */
	lb_u32(l, (uint32_t)nalgs);
	for (size_t i = 0; i < nalgs; i++) {
		lb_u16(l, algs[i].id);
		lb_u16(l, algs[i].size);
	}
	lb_u8(l, nvendor);
	lb_bytes(l, vendor, nvendor);
}

/* TCG_PCR_EVENT2 record with one digest per alg (in the given order), each filled with
 * dfill + index. */
static inline void lb_event2(struct lb *l, uint32_t pcr, uint32_t type, const struct lb_alg *algs,
			     size_t nalgs, uint8_t dfill, const void *data, size_t n)
{
	lb_u32(l, pcr);
	lb_u32(l, type);
	lb_u32(l, (uint32_t)nalgs);
	for (size_t i = 0; i < nalgs; i++) {
		lb_u16(l, algs[i].id);
		lb_fill(l, (uint8_t)(dfill + i), algs[i].size);
	}
	lb_u32(l, (uint32_t)n);
	lb_bytes(l, data, n);
}

/* Agile event whose digests are the real hashes of its data in each alg. */
static inline void lb_event2_hashed(struct lb *l, uint32_t pcr, uint32_t type,
				    const struct lb_alg *algs, size_t nalgs, const void *data,
				    size_t n)
{
	lb_u32(l, pcr);
	lb_u32(l, type);
	lb_u32(l, (uint32_t)nalgs);
	for (size_t i = 0; i < nalgs; i++) {
		uint8_t h[64];
		const struct digest_alg *a = digest_by_tpm_alg(algs[i].id);
		assert_non_null(a);
		assert_true(digest_compute(a, data, n, h));
		lb_u16(l, algs[i].id);
		lb_bytes(l, h, algs[i].size);
	}
	lb_u32(l, (uint32_t)n);
	lb_bytes(l, data, n);
}

static inline void lb_free(struct lb *l)
{
	free(l->b);
}

/* Independent reference extend with BearSSL directly (not digest_extend). */
static inline void ref_extend(const br_hash_class *h, uint8_t *pcr, const uint8_t *d, size_t n)
{
	br_hash_compat_context ctx;
	h->init(&ctx.vtable);
	h->update(&ctx.vtable, pcr, n);
	h->update(&ctx.vtable, d, n);
	h->out(&ctx.vtable, pcr);
}

static const struct lb_alg LB_SHA1 = {TPM_ALG_SHA1, 20};
static const struct lb_alg LB_SHA256 = {TPM_ALG_SHA256, 32};
static const struct lb_alg LB_SHA384 = {TPM_ALG_SHA384, 48};
static const struct lb_alg LB_SM3 = {TPM_ALG_SM3_256, 32};

static const struct lb_alg two[] = {{TPM_ALG_SHA1, 20}, {TPM_ALG_SHA256, 32}};

/* GUID text (UEFI 2.10 appendix A: the first three fields little-endian) to its 16 bytes. */
static inline void lb_guid(const char *s, uint8_t out[16])
{
	static const int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
	uint8_t raw[16];
	size_t k = 0;
	assert_int_equal(strlen(s), 36);
	for (size_t i = 0; i < 36; i++) {
		unsigned v;
		if (s[i] == '-')
			continue;
		assert_int_equal(sscanf(s + i, "%2x", &v), 1);
		raw[k++] = (uint8_t)v;
		i++;
	}
	assert_int_equal(k, 16);
	for (size_t i = 0; i < 16; i++)
		out[i] = raw[order[i]];
}

/* ---- parse and replay with the failure's reason (eventlog.h) ---- */

static inline const char *parse_fail(const uint8_t *p, size_t n, uint64_t *off)
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

static inline void parse_ok(const struct lb *l, struct eventlog *log)
{
	struct err e;
	err_clear(&e);
	if (!eventlog_parse(l->b, l->n, log, &e))
		fail_msg("rejected: %s at %llu: %s", e.reason, (unsigned long long)e.offset,
			 e.detail);
}

static inline void replay_ok(const struct eventlog *log, struct pcr_banks *r)
{
	struct err e;
	err_clear(&e);
	assert_true(eventlog_replay(log, r, &e));
}

static inline void agile_header(struct lb *l, const struct lb_alg *algs, size_t n)
{
	lb_init(l, 1 << 16);
	lb_specid(l, algs, n, NULL, 0);
}

/* ---- one decoded event (eventlog_decode.h) ---- */

/* A crypto-agile log holding one event of the given type and data (digests = real hashes
 * when hashed, else filler), parsed; the event is index 1. */
struct one {
	struct lb l;
	struct eventlog log;
	struct el_content c;
	enum el_digest_check check;
};

static inline void one_event(struct one *o, uint32_t pcr, uint32_t type, const void *data, size_t n,
			     bool hashed)
{
	struct err e;
	lb_init(&o->l, 1 << 16);
	lb_specid(&o->l, two, 2, NULL, 0);
	if (hashed)
		lb_event2_hashed(&o->l, pcr, type, two, 2, data, n);
	else
		lb_event2(&o->l, pcr, type, two, 2, 0x5A, data, n);
	assert_true(eventlog_parse(o->l.b, o->l.n, &o->log, &e));
	eventlog_decode(&o->log, 1, &o->c);
	o->check = eventlog_check_content(&o->log, 1, &o->c, eventlog_content_bank(&o->log));
}

static inline void one_free(struct one *o)
{
	eventlog_free(&o->log);
	lb_free(&o->l);
}

#endif
