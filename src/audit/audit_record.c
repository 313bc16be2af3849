/*
 * audit_record: the writer half of the audit trail (docs/audit.md, src/audit/audit.h). Pure:
 * records are built into a buffer; the gate writes them out.
 */
#include <string.h>

#include "audit/audit.h"
#include "core/digest.h"
#include "json/json_writer.h"

void audit_chain_init(struct audit_chain *c)
{
	memset(c->prev, 0, sizeof(c->prev));
	c->seq = 0;
}

/* Days since 1970-01-01 -> proleptic Gregorian y-m-d (civil_from_days, H. Hinnant). */
static void civil_from_days(uint64_t days, uint64_t *y, unsigned *m, unsigned *d)
{
	uint64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
	uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;

	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

/* Two digits (or more for the year) into out, most significant first. */
static void put_num(char *out, uint64_t v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* RFC 3339 section 5.6 date-time in UTC with milliseconds; years past 9999 are clamped to
 * 9999-12-31T23:59:59.999Z so the text keeps its fixed width. */
void audit_time_text(uint64_t time_ms, char out[AUDIT_TIME_LEN + 1])
{
	uint64_t s = time_ms / 1000, y;
	unsigned m, d;

	if (s > 253402300799ull) {
		s = 253402300799ull;
		time_ms = s * 1000 + 999;
	}
	civil_from_days(s / 86400, &y, &m, &d);
	memcpy(out, "0000-00-00T00:00:00.000Z", AUDIT_TIME_LEN + 1);
	put_num(out, y, 4);
	put_num(out + 5, m, 2);
	put_num(out + 8, d, 2);
	put_num(out + 11, s % 86400 / 3600, 2);
	put_num(out + 14, s % 3600 / 60, 2);
	put_num(out + 17, s % 60, 2);
	put_num(out + 20, time_ms % 1000, 3);
}

static const char *outcome_name(enum audit_outcome o)
{
	switch (o) {
	case AUDIT_PASS:
		return "pass";
	case AUDIT_FAIL:
		return "fail";
	case AUDIT_NOT_RUN:
		return "not_run";
	case AUDIT_ALLOW:
		return "allow";
	case AUDIT_BLOCK:
		return "block";
	}
	return NULL;
}

/* The record's members in docs/audit.md order; the chain advances only on success. */
static bool write_record(struct audit_chain *c, const struct audit_rec *r, struct buf *line,
			 struct err *e)
{
	char t[AUDIT_TIME_LEN + 1];
	const char *outcome = outcome_name(r->outcome);
	struct json_writer w;

	buf_reset(line);
	if (line->max < AUDIT_MAX_LINE + 1)
		line->max = AUDIT_MAX_LINE + 1;
	if (!outcome || !r->step)
		return err_fail(e, R_CORE_JSON_WRITER_FAILED, ERR_NO_OFFSET, "audit record");
	audit_time_text(r->time_ms, t);
	json_writer_init(&w, line);
	json_obj_begin(&w);
	json_kv_u64(&w, "v", AUDIT_VERSION);
	json_kv_u64(&w, "seq", c->seq);
	json_kv_str(&w, "time", t);
	json_kv_str(&w, "step", r->step);
	json_kv_str(&w, "outcome", outcome);
	json_key(&w, "reason");
	if (r->reason)
		json_str(&w, r->reason);
	else
		json_null(&w);
	json_kv_u64(&w, "duration_ms", r->duration_ms);
	json_key(&w, "facts");
	if (r->facts && r->facts_len > 0)
		json_raw(&w, r->facts, r->facts_len);
	else
		json_raw(&w, "{}", 2);
	json_kv_hex(&w, "prev", c->prev, sizeof(c->prev));
	json_obj_end(&w);
	if (!json_writer_ok(&w) || line->len > AUDIT_MAX_LINE)
		return err_fail(e, R_CORE_JSON_WRITER_FAILED, ERR_NO_OFFSET, "audit record");
	/* The next record's prev: SHA-256 of this line's bytes without the '\n' (docs/audit.md). */
	(void)digest_compute(digest_by_tpm_alg(TPM_ALG_SHA256), line->data, line->len, c->prev);
	c->seq++;
	if (!buf_putc(line, '\n'))
		return err_fail(e, R_CORE_JSON_WRITER_FAILED, ERR_NO_OFFSET, "audit record");
	return true;
}

bool audit_record(struct audit_chain *c, const struct audit_rec *r, struct buf *line, struct err *e)
{
	if (r->outcome == AUDIT_ALLOW || r->outcome == AUDIT_BLOCK ||
	    (r->step && strcmp(r->step, AUDIT_STEP_VERDICT) == 0))
		return err_fail(e, R_CORE_JSON_WRITER_FAILED, ERR_NO_OFFSET,
				"audit: a verdict goes through audit_verdict");
	return write_record(c, r, line, e);
}

bool audit_verdict(struct audit_chain *c, bool allow, int exit_status, const char *reason,
		   uint64_t time_ms, uint64_t duration_ms, struct buf *line, struct err *e)
{
	struct buf facts;
	struct json_writer w;
	struct audit_rec r;
	bool ok;

	buf_init(&facts, 256);
	json_writer_init(&w, &facts);
	json_obj_begin(&w);
	json_kv_u64(&w, "exit", exit_status < 0 ? 0 : (uint64_t)exit_status);
	json_kv_u64(&w, "records", c->seq);
	json_kv_hex(&w, "chain_head", c->prev, sizeof(c->prev));
	json_obj_end(&w);
	memset(&r, 0, sizeof(r));
	r.step = AUDIT_STEP_VERDICT;
	r.outcome = allow ? AUDIT_ALLOW : AUDIT_BLOCK;
	r.reason = allow ? NULL : reason; /* the record's text, not an err: lint: allow */
	r.time_ms = time_ms;
	r.duration_ms = duration_ms;
	r.facts = (const char *)facts.data;
	r.facts_len = facts.len;
	ok = json_writer_ok(&w) ? write_record(c, &r, line, e)
				: err_fail(e, R_CORE_JSON_WRITER_FAILED, ERR_NO_OFFSET, "verdict");
	buf_free(&facts);
	return ok;
}
