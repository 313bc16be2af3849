/*
 * audit_verify: checks a whole audit trail (docs/audit.md, "audit verify") line by line and
 * names the first bad line. Pure: bytes in, a summary or a reason out.
 *
 * Each line must be one strict JSON object (RFC 8259, src/json) in the JSON writer's compact
 * form with exactly the record members in order; the hash chain (prev = SHA-256 of the previous
 * line's exact bytes, FIPS 180-4) and seq catch a removed, inserted or reordered record at the
 * first line it touches; the gate's fixed step order and the verdict's facts catch the rest.
 */
#include <string.h>

#include "audit/audit.h"
#include "core/digest.h"
#include "core/hex.h"
#include "json/json_copy.h"
#include "json/json_parse.h"
#include "json/json_read.h"
#include "json/json_writer.h"

/* The gate's steps in the order it runs them; every trail has exactly these, then the verdict. */
static const char *const audit_steps[] = {
    "config",	    "policy_load", "evidence_collect", "evidence_precheck", "provider_exchange",
    "token_verify", "policy_eval", "token_write",      AUDIT_STEP_VERDICT,
};
#define AUDIT_STEP_COUNT (sizeof(audit_steps) / sizeof(audit_steps[0]))

/* The record members, in the one order docs/audit.md allows. */
enum member { M_V, M_SEQ, M_TIME, M_STEP, M_OUTCOME, M_REASON, M_DURATION, M_FACTS, M_PREV, M_N };
static const char *const member_names[M_N] = {
    "v", "seq", "time", "step", "outcome", "reason", "duration_ms", "facts", "prev",
};

#define HASH_HEX_LEN ((size_t)2 * AUDIT_HASH_SIZE)
#define REASON_CAP   96 /* "layer: code": longer than any registry entry */
#define WORD_CAP     32 /* step and outcome names */

/* What one line hands to the next. */
struct trail {
	uint64_t line;				/* 1-based number of the line being checked */
	uint8_t prev[AUDIT_HASH_SIZE];		/* SHA-256 of the previous line */
	char time[AUDIT_TIME_LEN + 1];		/* the previous record's time, "" at first */
	char first_failure[REASON_CAP];		/* the first fail record's reason, "" if none */
	const struct json_doc *doc;		/* the current line, parsed */
	uint32_t val[M_N];			/* its member values (token indexes) */
	char outcome[WORD_CAP];			/* its outcome */
	char reason_text[REASON_CAP];		/* its reason, "" when null */
	const struct reason_info *reason_entry; /* its reason's registry entry */
};

/* ---- lines ---- */

/* The next line at text[off..n): its length without '\n', or a reason naming t->line. */
static bool next_line(const uint8_t *text, size_t n, size_t off, size_t *len, struct trail *t,
		      struct err *e)
{
	size_t rest = n - off, scan = rest < AUDIT_MAX_LINE + 1 ? rest : AUDIT_MAX_LINE + 1;
	const uint8_t *nl = memchr(text + off, '\n', scan);

	if (!nl && scan > AUDIT_MAX_LINE)
		return err_fail_line(e, R_AUDIT_LINE_TOO_LONG, t->line, "over %zu bytes",
				     AUDIT_MAX_LINE);
	if (!nl)
		return err_fail_line(e, R_AUDIT_MISSING_NEWLINE, t->line,
				     "the trail ends mid-line");
	*len = (size_t)(nl - (text + off));
	if (memchr(text + off, '\r', *len))
		return err_fail_line(e, R_AUDIT_CARRIAGE_RETURN, t->line, NULL);
	return true;
}

/* ---- structure: members, types, canonical form ---- */

static bool check_members(struct trail *t, struct err *e)
{
	const struct json_doc *doc = t->doc;
	uint32_t it = 0, key, val;

	if (json_val_type(doc, JSON_ROOT) != JSON_OBJECT)
		return err_fail_line(e, R_AUDIT_NOT_JSON, t->line, "not an object");
	if (json_val_size(doc, JSON_ROOT) != M_N)
		return err_fail_line(e, R_AUDIT_BAD_MEMBERS, t->line, "%u members, not %d",
				     json_val_size(doc, JSON_ROOT), M_N);
	for (int m = 0; json_obj_next(doc, JSON_ROOT, &it, &key, &val); m++) {
		const char *name = member_names[m];
		if (!json_val_str_eq(doc, key, name, strlen(name)))
			return err_fail_line(e, R_AUDIT_BAD_MEMBERS, t->line,
					     "member %d is not \"%s\"", m + 1, name);
		t->val[m] = val;
	}
	return true;
}

/* A non-negative integer in integer form (no fraction, exponent or sign) that fits 64 bits. */
static bool is_count(const struct json_doc *doc, uint32_t v, uint64_t *out)
{
	return json_val_type(doc, v) == JSON_NUMBER && (doc->tok[v].flags & JSON_TOK_INTEGER) &&
	       doc->text[doc->tok[v].start] != '-' /* not even -0 */ &&
	       json_val_u64(doc, v, out, NULL);
}

static bool check_types(const struct trail *t, struct err *e)
{
	const struct json_doc *doc = t->doc;
	static const enum member ints[] = {M_V, M_SEQ, M_DURATION};
	static const enum member strs[] = {M_TIME, M_STEP, M_OUTCOME, M_PREV};
	enum json_type rt = json_val_type(doc, t->val[M_REASON]);

	uint64_t u;

	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		if (!is_count(doc, t->val[ints[i]], &u))
			return err_fail_line(e, R_AUDIT_WRONG_TYPE, t->line,
					     "%s: not a non-negative integer",
					     member_names[ints[i]]);
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if (json_val_type(doc, t->val[strs[i]]) != JSON_STRING)
			return err_fail_line(e, R_AUDIT_WRONG_TYPE, t->line, "%s: not a string",
					     member_names[strs[i]]);
	if (rt != JSON_STRING && rt != JSON_NULL)
		return err_fail_line(e, R_AUDIT_WRONG_TYPE, t->line,
				     "reason: not a string or null");
	if (json_val_type(doc, t->val[M_FACTS]) != JSON_OBJECT)
		return err_fail_line(e, R_AUDIT_WRONG_TYPE, t->line, "facts: not an object");
	return true;
}

/* The line must be byte for byte what the JSON writer makes of it (docs/audit.md "Record"). */
static bool check_canonical(const struct trail *t, const uint8_t *line, size_t len, struct err *e)
{
	struct buf out;
	struct json_writer w;
	struct err inner;
	bool same;

	err_clear(&inner);
	buf_init(&out, AUDIT_MAX_LINE + 1);
	json_writer_init(&w, &out);
	same = json_val_write(t->doc, JSON_ROOT, &w, &inner) && json_writer_ok(&w) &&
	       out.len == len && memcmp(out.data, line, len) == 0;
	buf_free(&out);
	if (!same)
		return err_fail_line(e, R_AUDIT_NOT_CANONICAL, t->line,
				     "not the JSON writer's compact form");
	return true;
}

/* ---- chain: v, seq, prev ---- */

static bool check_chain(const struct trail *t, struct err *e)
{
	const struct json_doc *doc = t->doc;
	char want[HASH_HEX_LEN + 1];
	uint64_t v, seq;

	if (!json_val_u64(doc, t->val[M_V], &v, NULL) || v != AUDIT_VERSION)
		return err_fail_line(e, R_AUDIT_BAD_VERSION, t->line, "v is not %d", AUDIT_VERSION);
	if (!json_val_u64(doc, t->val[M_SEQ], &seq, NULL) || seq != t->line - 1)
		return err_fail_line(e, R_AUDIT_BAD_SEQ, t->line, "seq is not %llu",
				     (unsigned long long)(t->line - 1));
	hex_encode(t->prev, sizeof(t->prev), want);
	if (json_val_str_eq(doc, t->val[M_PREV], want, HASH_HEX_LEN))
		return true;
	if (t->line == 1)
		return err_fail_line(e, R_AUDIT_BAD_PREV, t->line,
				     "not 64 zeros on the first line");
	return err_fail_line(e, R_AUDIT_BAD_PREV, t->line, "not the SHA-256 of line %llu",
			     (unsigned long long)(t->line - 1));
}

/* ---- time: RFC 3339 5.6 date-time, in the one shape the writer uses ---- */

/* The decimal value of s[0..n), all digits (checked by the caller's shape test). */
static unsigned digits(const char *s, size_t n)
{
	unsigned v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (unsigned)(s[i] - '0');
	return v;
}

static unsigned days_in_month(unsigned y, unsigned m)
{
	static const unsigned days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; /* RFC 3339 appendix C */
	return m == 2 && leap ? 29 : days[m - 1];
}

/* "YYYY-MM-DDTHH:MM:SS.mmmZ": upper-case T and Z, milliseconds, UTC, years 1970-9999 (Unix
 * time), no leap second (Unix time has none, so the writer never makes one). */
static bool time_valid(const char *s, size_t n)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";
	unsigned y, mo, d;

	if (n != AUDIT_TIME_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return false;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	return y >= 1970 && mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month(y, mo) &&
	       digits(s + 11, 2) <= 23 && digits(s + 14, 2) <= 59 && digits(s + 17, 2) <= 59;
}

static bool check_time(struct trail *t, struct err *e)
{
	char now[AUDIT_TIME_LEN + 1];
	size_t n;

	if (!json_val_str(t->doc, t->val[M_TIME], now, sizeof(now), &n, JSON_STR_NO_NUL, NULL) ||
	    !time_valid(now, n))
		return err_fail_line(e, R_AUDIT_BAD_TIME, t->line,
				     "not a UTC time YYYY-MM-DDTHH:MM:SS.mmmZ");
	/* The fixed-width shape orders as text the same as in time. */
	if (strcmp(now, t->time) < 0)
		return err_fail_line(e, R_AUDIT_TIME_BACKWARDS, t->line, "earlier than line %llu",
				     (unsigned long long)(t->line - 1));
	memcpy(t->time, now, sizeof(now));
	return true;
}

/* ---- step, outcome, reason, duration ---- */

/* The registry entry whose "layer: code" is s[0..n), or NULL. */
static const struct reason_info *reason_by_text(const char *s, size_t n)
{
	for (unsigned id = R_NONE + 1; id < R_COUNT; id++) {
		const struct reason_info *r = reason_lookup((enum reason_id)id);
		size_t ln = strlen(r->layer), cn = strlen(r->code);
		if (n == ln + 2 + cn && memcmp(s, r->layer, ln) == 0 &&
		    memcmp(s + ln, ": ", 2) == 0 && memcmp(s + ln + 2, r->code, cn) == 0)
			return r;
	}
	return NULL;
}

static bool check_step(const struct trail *t, struct err *e)
{
	const char *want = audit_steps[t->line - 1];
	if (!json_val_str_eq(t->doc, t->val[M_STEP], want, strlen(want)))
		return err_fail_line(e, R_AUDIT_BAD_STEP, t->line, "expected step \"%s\"", want);
	return true;
}

/* Reads outcome and reason; a set reason must be a registry entry. */
static bool read_outcome_reason(struct trail *t, struct err *e)
{
	size_t n;

	if (!json_val_str(t->doc, t->val[M_OUTCOME], t->outcome, sizeof(t->outcome), NULL,
			  JSON_STR_NO_NUL, NULL))
		return err_fail_line(e, R_AUDIT_BAD_OUTCOME, t->line, "unknown outcome");
	t->reason_text[0] = '\0';
	t->reason_entry = NULL;
	if (json_val_type(t->doc, t->val[M_REASON]) == JSON_NULL)
		return true;
	if (!json_val_str(t->doc, t->val[M_REASON], t->reason_text, sizeof(t->reason_text), &n,
			  JSON_STR_NO_NUL, NULL) ||
	    !(t->reason_entry = reason_by_text(t->reason_text, n)))
		return err_fail_line(e, R_AUDIT_BAD_REASON, t->line,
				     "not a \"layer: code\" of the reason registry");
	return true;
}

/* A step record: pass until the first fail, not_run after it (docs/audit.md "Steps"). */
static bool check_step_outcome(struct trail *t, struct err *e)
{
	bool after_fail = t->first_failure[0] != '\0';
	bool fail = strcmp(t->outcome, "fail") == 0, not_run = strcmp(t->outcome, "not_run") == 0;
	uint64_t ms;

	if (!fail && !not_run && strcmp(t->outcome, "pass") != 0)
		return err_fail_line(e, R_AUDIT_BAD_OUTCOME, t->line, "not pass, fail or not_run");
	if (after_fail != not_run)
		return err_fail_line(e, R_AUDIT_BAD_OUTCOME, t->line,
				     after_fail ? "a step after a failure is not not_run"
						: "not_run before any failure");
	if (fail && !t->reason_entry)
		return err_fail_line(e, R_AUDIT_BAD_REASON, t->line, "fail without a reason");
	if (!fail && t->reason_entry)
		return err_fail_line(e, R_AUDIT_BAD_REASON, t->line, "a reason on %s", t->outcome);
	if (not_run && (!json_val_u64(t->doc, t->val[M_DURATION], &ms, NULL) || ms != 0))
		return err_fail_line(e, R_AUDIT_BAD_DURATION, t->line, "not_run with duration_ms");
	if (fail)
		memcpy(t->first_failure, t->reason_text, sizeof(t->first_failure));
	return true;
}

/* ---- the verdict ---- */

/* facts: exactly {"exit":N,"records":N,"chain_head":"<64 hex>"}; chain_head is its prev. */
static bool check_verdict_facts(const struct trail *t, uint64_t *exit_status, struct err *e)
{
	const struct json_doc *doc = t->doc;
	static const char *const names[3] = {"exit", "records", "chain_head"};
	uint32_t f = t->val[M_FACTS], it = 0, key, v, val[3] = {JSON_NONE, JSON_NONE, JSON_NONE};
	uint64_t records;

	if (json_val_size(doc, f) != 3)
		return err_fail_line(e, R_AUDIT_BAD_VERDICT_FACTS, t->line,
				     "not exactly exit, records, chain_head");
	for (int i = 0; i < 3 && json_obj_next(doc, f, &it, &key, &v); i++) {
		if (!json_val_str_eq(doc, key, names[i], strlen(names[i])))
			return err_fail_line(e, R_AUDIT_BAD_VERDICT_FACTS, t->line,
					     "fact %d is not \"%s\"", i + 1, names[i]);
		val[i] = v;
	}
	if (!is_count(doc, val[0], exit_status) || !is_count(doc, val[1], &records) ||
	    json_val_type(doc, val[2]) != JSON_STRING)
		return err_fail_line(e, R_AUDIT_BAD_VERDICT_FACTS, t->line,
				     "exit and records need integers, chain_head a string");
	if (records != t->line - 1)
		return err_fail_line(e, R_AUDIT_BAD_RECORDS, t->line, "records is not %llu",
				     (unsigned long long)(t->line - 1));
	/* prev already equals the hash of the lines before (check_chain): compare its text. */
	if (doc->tok[val[2]].end - doc->tok[val[2]].start != HASH_HEX_LEN ||
	    doc->tok[t->val[M_PREV]].end - doc->tok[t->val[M_PREV]].start != HASH_HEX_LEN ||
	    memcmp(doc->text + doc->tok[val[2]].start, doc->text + doc->tok[t->val[M_PREV]].start,
		   HASH_HEX_LEN) != 0)
		return err_fail_line(e, R_AUDIT_BAD_CHAIN_HEAD, t->line, "not equal to its prev");
	return true;
}

/* allow: no failed step, no reason, exit 0; block: the first failure's reason and its class. */
static bool check_verdict(const struct trail *t, bool *allow, struct err *e)
{
	bool failed = t->first_failure[0] != '\0';
	uint64_t exit_status = UINT64_MAX;
	int want;

	*allow = strcmp(t->outcome, "allow") == 0;
	if (!*allow && strcmp(t->outcome, "block") != 0)
		return err_fail_line(e, R_AUDIT_BAD_OUTCOME, t->line, "verdict not allow or block");
	if (*allow == failed)
		return err_fail_line(e, R_AUDIT_BAD_OUTCOME, t->line,
				     *allow ? "allow after a failed step"
					    : "block with no failed step");
	if (*allow && t->reason_entry)
		return err_fail_line(e, R_AUDIT_BAD_REASON, t->line, "a reason on allow");
	if (!*allow && (!t->reason_entry || strcmp(t->reason_text, t->first_failure) != 0))
		return err_fail_line(e, R_AUDIT_BAD_REASON, t->line,
				     "not the first failed step's reason");
	if (!check_verdict_facts(t, &exit_status, e))
		return false;
	want = t->reason_entry ? (int)t->reason_entry->cls : 0;
	if (exit_status != (uint64_t)want)
		return err_fail_line(e, R_AUDIT_BAD_EXIT, t->line, "exit is not %d", want);
	return true;
}

/* ---- one line, the whole trail ---- */

static bool check_record(struct trail *t, const uint8_t *line, size_t len, bool *allow,
			 struct err *e)
{
	const struct json_limits lim = {AUDIT_MAX_LINE, JSON_DEFAULT_MAX_TOKENS,
					JSON_WRITER_MAX_DEPTH};
	struct json_doc doc;
	bool ok;

	if (len == 0)
		return err_fail_line(e, R_AUDIT_NOT_JSON, t->line, "empty line");
	if (!json_doc_parse(&doc, line, len, &lim, e)) {
		err_relabel(e, R_AUDIT_NOT_JSON, NULL);
		e->line = t->line;
		return false;
	}
	t->doc = &doc;
	ok = check_members(t, e) && check_types(t, e) && check_canonical(t, line, len, e) &&
	     check_chain(t, e) && check_time(t, e) && check_step(t, e) &&
	     read_outcome_reason(t, e) &&
	     (t->line < AUDIT_STEP_COUNT ? check_step_outcome(t, e) : check_verdict(t, allow, e));
	t->doc = NULL;
	json_doc_free(&doc);
	return ok;
}

static bool verify_trail(const uint8_t *text, size_t n, struct audit_summary *s, struct trail *t,
			 struct err *e)
{
	const struct digest_alg *sha256 = digest_by_tpm_alg(TPM_ALG_SHA256);
	size_t off = 0, len = 0;

	if (n > AUDIT_MAX_TRAIL)
		return err_fail(e, R_AUDIT_TOO_LARGE, ERR_NO_OFFSET, "over %zu bytes",
				AUDIT_MAX_TRAIL);
	if (n == 0)
		return err_fail_line(e, R_AUDIT_EMPTY, 1, NULL);
	for (t->line = 1; t->line <= AUDIT_STEP_COUNT; t->line++) {
		if (off == n)
			return err_fail_line(e, R_AUDIT_MISSING_VERDICT, t->line,
					     "the trail ends after %llu records",
					     (unsigned long long)(t->line - 1));
		if (!next_line(text, n, off, &len, t, e) ||
		    !check_record(t, text + off, len, &s->allow, e))
			return false;
		if (!digest_compute(sha256, text + off, len, t->prev))
			return err_fail_line(e, R_CORE_UNKNOWN_REASON, t->line, "no SHA-256");
		off += len + 1;
	}
	if (off != n)
		return err_fail_line(e, R_AUDIT_RECORD_AFTER_VERDICT, t->line, NULL);
	s->records = AUDIT_STEP_COUNT;
	memcpy(s->verdict_hash, t->prev, sizeof(s->verdict_hash));
	return true;
}

bool audit_verify(const uint8_t *text, size_t n, struct audit_summary *s, struct err *e)
{
	struct trail t;
	struct err local;
	struct err *out;

	err_clear(&local);
	out = e ? e : &local;
	memset(s, 0, sizeof(*s));
	memset(&t, 0, sizeof(t));
	err_clear(out);
	if (!text && n)
		return err_fail(out, R_AUDIT_EMPTY, ERR_NO_OFFSET, "no trail");
	if (verify_trail(text, n, s, &t, out))
		return true;
	memset(s, 0, sizeof(*s));
	s->bad_line = (size_t)out->line;
	return false;
}
