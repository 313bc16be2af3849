/*
 * audit: the gate's tamper-evident trail (docs/audit.md). Pure: records are built into and
 * checked from bytes; the gate (src/gate) writes them to stdout and ATTEST_AUDIT_LOG.
 *
 *   struct audit_chain c; audit_chain_init(&c);
 *   audit_record(&c, &rec, &line, &e);   line = one JSON object + '\n', c advances
 *   ...
 *   audit_verify(text, n, &summary, &e); e.offset/line name the first bad line
 */
#ifndef ATTEST_AUDIT_AUDIT_H
#define ATTEST_AUDIT_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

#define AUDIT_VERSION	   1
#define AUDIT_HASH_SIZE	   32
#define AUDIT_MAX_TRAIL	   ((size_t)16 * 1024 * 1024) /* audit verify reads at most this */
#define AUDIT_MAX_LINE	   ((size_t)64 * 1024)	      /* one record */
#define AUDIT_MAX_RECORDS  64u
#define AUDIT_TIME_LEN	   24 /* "2026-12-04T21:56:26.123Z" */
#define AUDIT_STEP_VERDICT "verdict"

enum audit_outcome {
	AUDIT_PASS = 1,
	AUDIT_FAIL,
	AUDIT_NOT_RUN,
	AUDIT_ALLOW, /* verdict only */
	AUDIT_BLOCK, /* verdict only */
};

struct audit_chain {
	uint8_t prev[AUDIT_HASH_SIZE]; /* SHA-256 of the last record's line, zeros at the start */
	uint64_t seq;		       /* the next record's seq */
};

struct audit_rec {
	const char *step;
	enum audit_outcome outcome;
	const char *reason; /* "layer: code" or NULL */
	uint64_t time_ms;   /* Unix milliseconds, UTC, when the step ended */
	uint64_t duration_ms;
	const char *facts; /* compact JSON object text (json_writer output) or NULL for {} */
	size_t facts_len;
};

void audit_chain_init(struct audit_chain *c);

/* Replaces line's contents with the record (docs/audit.md) and its '\n'; advances c. For the
 * verdict record use audit_verdict(). Fails (core: json_writer_failed) only if line is too small.
 */
bool audit_record(struct audit_chain *c, const struct audit_rec *r, struct buf *line,
		  struct err *e);

/* The verdict record: step "verdict", facts {"exit":N,"records":seq,"chain_head":prev hex}. */
bool audit_verdict(struct audit_chain *c, bool allow, int exit_status, const char *reason,
		   uint64_t time_ms, uint64_t duration_ms, struct buf *line, struct err *e);

/* "2026-12-04T21:56:26.123Z" (AUDIT_TIME_LEN chars + NUL) from Unix milliseconds. */
void audit_time_text(uint64_t time_ms, char out[AUDIT_TIME_LEN + 1]);

struct audit_summary {
	size_t records;			       /* including the verdict */
	bool allow;			       /* the verdict's outcome */
	uint8_t verdict_hash[AUDIT_HASH_SIZE]; /* SHA-256 of the verdict line */
	size_t bad_line;		       /* 1-based line of the first failure, 0 if none */
};

/* Checks a whole trail (docs/audit.md "audit verify"); on failure e names the reason (layer
 * "audit") and s->bad_line the first bad line. */
bool audit_verify(const uint8_t *text, size_t n, struct audit_summary *s, struct err *e);

#endif
