/*
 * policy: the customer's local policy (DESIGN.md step 7; docs/policy.md). Pure: bytes in,
 * verdicts out, every count capped below.
 *
 *   struct policy p;
 *   if (!policy_load(&p, text, len, &e)) ...   exit-2 class, e.detail names the JSON path
 *   policy_eval(&p, &claims_doc, &input, &report);   every rule, never stopping early
 *   policy_free(&p);
 *
 * Loading is strict (a typo never weakens the policy): unknown keys, wrong types, empty lists,
 * duplicate keys, an unknown operator or another version are load errors. The policy keeps
 * pointers into the caller's text, which must outlive it.
 */
#ifndef ATTEST_POLICY_POLICY_H
#define ATTEST_POLICY_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "eventlog/eventlog.h"
#include "json/json_parse.h"

/* A policy is a short hand-written file; 256 KiB is far above any real one. */
#define POLICY_MAX_TEXT	       ((size_t)256 * 1024)
#define POLICY_MAX_TOKENS      8192u
#define POLICY_MAX_DEPTH       8u
#define POLICY_MAX_CLAIM_RULES 64
#define POLICY_MAX_ONE_OF      32 /* values in one one_of list */
#define POLICY_MAX_DIGESTS     64 /* per allowed / forbidden list */
#define POLICY_MAX_EVENT_TYPES 32
#define POLICY_MAX_STRING      512   /* URLs, paths, claim paths, string values */
#define POLICY_MAX_TOKEN_AGE   86400 /* seconds: a day */
/* Every rule: claims, isolation, 2 provider, 1 tpm, 4 event-log lists, 24 PCRs. */
#define POLICY_MAX_RULES     (POLICY_MAX_CLAIM_RULES + 8 + EVENTLOG_NUM_PCRS)
#define POLICY_RULE_NAME_MAX 96
#define POLICY_ACTUAL_MAX    160 /* bounded text of an actual value */
#define POLICY_SHA256_SIZE   32

enum policy_isolation { POLICY_ISO_TRUSTEDLAUNCH = 1, POLICY_ISO_SEVSNP, POLICY_ISO_TDX };

enum policy_op {
	POLICY_OP_EQUALS = 1,
	POLICY_OP_ONE_OF,
	POLICY_OP_MIN,
	POLICY_OP_MAX,
	POLICY_OP_PRESENT,
	POLICY_OP_ABSENT,
};

struct policy_claim_rule {
	char path[POLICY_MAX_STRING]; /* dot-separated object members */
	enum policy_op op;
	uint32_t value; /* token in policy.doc: the scalar, the one_of array */
	int64_t bound;	/* min / max */
};

struct policy_digest_list {
	size_t n;
	uint8_t d[POLICY_MAX_DIGESTS][POLICY_SHA256_SIZE];
};

struct policy {
	struct json_doc doc;
	enum policy_isolation isolation;
	bool has_provider;
	char provider_url[POLICY_MAX_STRING];
	char provider_issuer[POLICY_MAX_STRING]; /* "" when not set */
	char provider_jwks[POLICY_MAX_STRING];
	bool has_max_token_age;
	int64_t max_token_age;
	uint32_t tpm_pcrs; /* bit i: PCR i (0 when no tpm section) */
	char tpm_ak_roots[POLICY_MAX_STRING];
	size_t nclaims;
	struct policy_claim_rule claims[POLICY_MAX_CLAIM_RULES];
	bool has_eventlog;
	int secure_boot; /* -1 no rule, 0 must be off, 1 must be on */
	bool has_apps_allowed, has_apps_forbidden;
	struct policy_digest_list apps_allowed, apps_forbidden;
	size_t nforbidden_types;
	uint32_t forbidden_types[POLICY_MAX_EVENT_TYPES];
	uint32_t pcr_mask; /* expected sha256 PCR values */
	uint8_t pcr_values[EVENTLOG_NUM_PCRS][POLICY_SHA256_SIZE];
};

/* Parses and checks a version 1 policy. On failure p is empty and e (layer policy, class
 * USAGE) names the JSON path, e.g. "claims[2].equal: unknown key". */
bool policy_load(struct policy *p, const void *text, size_t len, struct err *e);
void policy_free(struct policy *p);
const char *policy_isolation_name(enum policy_isolation iso);
const char *policy_op_name(enum policy_op op);

/* What the rules are evaluated against. log and pcrs are NULL without an event log; pcrs is
 * the replay of log. has_now false: time rules fail (nothing defaults to pass). */
struct policy_input {
	const struct json_doc *claims; /* verified claims, an object at JSON_ROOT */
	const struct eventlog *log;
	const struct pcr_banks *pcrs;
	bool has_now;
	int64_t now;
	/* ATTEST_MAX_SKEW: how far in the future iat may be (clocks differ; token_verify allows
	 * the same); 0 when not set. */
	int64_t max_skew;
};

struct policy_result {
	char rule[POLICY_RULE_NAME_MAX]; /* "claims[3] x-ms-...", "eventlog.secure_boot" */
	bool pass;
	char expected[POLICY_ACTUAL_MAX]; /* bounded, UTF-8 */
	char actual[POLICY_ACTUAL_MAX];	  /* bounded, UTF-8 */
};

struct policy_report {
	size_t n, failed;
	struct policy_result r[POLICY_MAX_RULES + 1]; /* + 1: the overflow slot */
};

/* Evaluates every rule into out; true only when every rule passed. */
bool policy_eval(const struct policy *p, const struct policy_input *in, struct policy_report *out);

/* {"verdict":"pass"|"fail","rules":N,"failed":N,"results":[{"rule","pass","expected","actual"}]} */
bool policy_report_json(const struct policy_report *r, struct buf *out);

/* Internal pieces shared by the evaluator files. */
/* A new result (pass false) named rule; a spare slot absorbs overflow (never reached: the
 * caps bound the rules to POLICY_MAX_RULES). */
struct policy_result *policy_report_add(struct policy_report *out, const char *rule,
					const char *expected);
/* Sets the outcome and the actual text (truncated at a UTF-8 boundary). */
void policy_result_set(struct policy_result *r, bool pass, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Copies at most cap-1 bytes of s[0..n) into out, cut at a UTF-8 boundary, "..." marking a cut. */
void policy_bounded_copy(char *out, size_t cap, const char *s, size_t n);
void policy_eval_claims(const struct policy *p, const struct policy_input *in,
			struct policy_report *out);
void policy_eval_eventlog(const struct policy *p, const struct policy_input *in,
			  struct policy_report *out);

#endif
