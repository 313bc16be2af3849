/*
 * attest-init policy check --policy FILE --claims FILE [--eventlog FILE] [--now UNIX]
 * [--max-skew S]:
 * evaluates a local policy offline (src/policy/) and prints every rule's result as JSON.
 * Exit 0 every rule passed, 1 a rule failed or an input is malformed, 2 a policy load error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "json/json_read.h"
#include "policy/policy.h"
#include "shell/file_io.h"

/* Verified claims are a token's payload; 1 MiB is far above any real one. */
#define CLAIMS_MAX_BYTES ((size_t)1 << 20)
#define NOW_MAX		 253402300799LL /* 9999-12-31T23:59:59Z */
/* As ATTEST_MAX_SKEW (src/config): default 60, at most 300. */
#define SKEW_DEFAULT 60
#define SKEW_MAX     300

static void policy_help(FILE *out)
{
	fputs(
	    "usage: attest-init policy check --policy FILE --claims FILE [--eventlog FILE]\n"
	    "                                [--now UNIX_SECONDS] [--max-skew SECONDS]\n"
	    "\n"
	    "Loads a local policy strictly (docs/policy.md) and evaluates every rule against\n"
	    "verified token claims and, optionally, a TCG event log replayed here. Prints one\n"
	    "JSON object: verdict, and each rule's result with the actual value.\n"
	    "\n"
	    "  --claims FILE    the claims object, bare or as {\"header\":{..},\"payload\":{..}}\n"
	    "                   (a decoded token); only payload is read then. The claims must\n"
	    "                   come from a token whose signature was verified.\n"
	    "  --eventlog FILE  the node's event log; without it every event-log rule fails.\n"
	    "  --now UNIX       the time for provider.max_token_age (default: system clock).\n"
	    "  --max-skew S     how far in the future iat may be, 0-300 s (default 60, as\n"
	    "                   ATTEST_MAX_SKEW).\n"
	    "\n"
	    "exit status: 0 every rule passed, 1 a rule failed or the claims or log are\n"
	    "malformed, 2 usage or policy load error (the reason names the JSON path).\n",
	    out);
}

static int read_file(const char *path, size_t cap, struct buf *out)
{
	struct err e;
	err_clear(&e);
	buf_init(out, 0);
	return file_read_all(path, cap, out, &e) ? EXIT_OK : cli_fail(&e);
}

/* Parses the claims; a {"header":{},"payload":{}} document is narrowed to its payload. */
static int parse_claims(const struct buf *text, struct json_doc *doc)
{
	const struct json_limits lim = {CLAIMS_MAX_BYTES, JSON_DEFAULT_MAX_TOKENS,
					JSON_DEFAULT_MAX_DEPTH};
	uint32_t h, p;
	struct err e;

	err_clear(&e);
	if (!json_doc_parse(doc, text->data, text->len, &lim, &e))
		return (err_relabel(&e, R_POLICY_CLAIMS_INVALID, "claims"), cli_fail(&e));
	if (json_val_type(doc, JSON_ROOT) != JSON_OBJECT) {
		json_doc_free(doc);
		return cli_fail_id(R_POLICY_CLAIMS_INVALID, "claims: not an object");
	}
	if (json_val_size(doc, JSON_ROOT) == 2 &&
	    json_obj_member(doc, JSON_ROOT, "header", 6, &h) &&
	    json_obj_member(doc, JSON_ROOT, "payload", 7, &p) &&
	    json_val_type(doc, h) == JSON_OBJECT && json_val_type(doc, p) == JSON_OBJECT) {
		const char *start = doc->text + doc->tok[p].start;
		size_t n = doc->tok[p].end - doc->tok[p].start;
		json_doc_free(doc);
		if (!json_doc_parse(doc, start, n, &lim, &e))
			return (err_relabel(&e, R_POLICY_CLAIMS_INVALID, "payload"), cli_fail(&e));
	}
	return EXIT_OK;
}

static int parse_now(const char *s, struct policy_input *in)
{
	unsigned long long now;
	time_t t;

	if (s) {
		if (!cli_parse_u64(s, &now) || now > (unsigned long long)NOW_MAX)
			return cli_usage_error("policy check", R_USAGE_BAD_OPTION_VALUE,
					       "--now needs Unix seconds, got '%s'", s);
		in->now = (int64_t)now;
	} else {
		if ((t = time(NULL)) == (time_t)-1)
			return cli_usage_error("policy check", R_USAGE_CLOCK_UNAVAILABLE,
					       "system clock unavailable; use --now");
		in->now = (int64_t)t;
	}
	in->has_now = true;
	return EXIT_OK;
}

static int parse_skew(const char *s, struct policy_input *in)
{
	unsigned long long v = SKEW_DEFAULT;

	if (s && (!cli_parse_u64(s, &v) || v > SKEW_MAX))
		return cli_usage_error("policy check", R_USAGE_BAD_OPTION_VALUE,
				       "--max-skew needs 0-%d seconds, got '%s'", SKEW_MAX, s);
	in->max_skew = (int64_t)v;
	return EXIT_OK;
}

/* Evaluates with the inputs read; prints the report; the exit status. */
static int evaluate(const struct policy *p, const struct policy_input *base, const char *log_path)
{
	struct policy_input in = *base;
	struct policy_report *rep = malloc(sizeof(*rep));
	struct eventlog log;
	struct pcr_banks pcrs;
	struct buf data, out;
	struct err e;
	int rc;
	bool pass;

	if (!rep)
		return cli_fail_id(R_IO_OUT_OF_MEMORY, "policy report");
	err_clear(&e);
	buf_init(&data, 0);
	if (log_path) {
		if ((rc = read_file(log_path, EVENTLOG_MAX_LOG_SIZE + 1, &data)) != EXIT_OK) {
			free(rep);
			buf_free(&data);
			return rc;
		}
		if (!eventlog_parse(data.data, data.len, &log, &e)) {
			free(rep);
			buf_free(&data);
			return cli_fail(&e);
		}
		if (!eventlog_replay(&log, &pcrs, &e)) {
			eventlog_free(&log);
			free(rep);
			buf_free(&data);
			return cli_fail(&e);
		}
		in.log = &log;
		in.pcrs = &pcrs;
	}
	pass = policy_eval(p, &in, rep);
	buf_init(&out, (size_t)1 << 20);
	(void)policy_report_json(rep, &out);
	rc = cli_print_buf(&out);
	if (rc == EXIT_OK && !pass) {
		char d[64];
		snprintf(d, sizeof(d), "%zu of %zu rules failed", rep->failed, rep->n);
		rc = cli_fail_id(R_POLICY_DENIED, d);
	}
	buf_free(&out);
	if (log_path)
		eventlog_free(&log);
	buf_free(&data);
	free(rep);
	return rc;
}

static int check_run(int argc, char **argv)
{
	const char *policy_path = NULL, *claims_path = NULL, *log_path = NULL, *now_s = NULL,
		   *skew_s = NULL;
	const struct cli_opt opts[] = {
	    {"policy", &policy_path, NULL}, {"claims", &claims_path, NULL},
	    {"eventlog", &log_path, NULL},  {"now", &now_s, NULL},
	    {"max-skew", &skew_s, NULL},    {NULL, NULL, NULL}};
	struct policy_input in = {0};
	struct policy *p;
	struct json_doc claims;
	struct buf ptext, ctext;
	struct err e;
	size_t npos;
	bool help;
	int rc;

	if (!cli_parse("policy check", argc, argv, opts, NULL, 0, 0, &npos, &help))
		return EXIT_USAGE;
	if (help) {
		policy_help(stdout);
		return EXIT_OK;
	}
	if (!policy_path || !claims_path)
		return cli_usage_error("policy check", R_USAGE_MISSING_OPTION,
				       "--policy and --claims are required");
	if ((rc = parse_now(now_s, &in)) != EXIT_OK || (rc = parse_skew(skew_s, &in)) != EXIT_OK)
		return rc;
	if ((rc = read_file(policy_path, POLICY_MAX_TEXT + 1, &ptext)) != EXIT_OK) {
		buf_free(&ptext);
		return rc;
	}
	if (!(p = malloc(sizeof(*p)))) {
		buf_free(&ptext);
		return cli_fail_id(R_IO_OUT_OF_MEMORY, "policy");
	}
	err_clear(&e);
	if (!policy_load(p, ptext.data, ptext.len, &e)) {
		rc = cli_fail(&e);
	} else if ((rc = read_file(claims_path, CLAIMS_MAX_BYTES, &ctext)) == EXIT_OK) {
		if ((rc = parse_claims(&ctext, &claims)) == EXIT_OK) {
			in.claims = &claims;
			rc = evaluate(p, &in, log_path);
			json_doc_free(&claims);
		}
		buf_free(&ctext);
	} else {
		buf_free(&ctext);
	}
	policy_free(p);
	free(p);
	buf_free(&ptext);
	return rc;
}

static int policy_run(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return check_run(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		policy_help(stdout);
		return EXIT_OK;
	}
	if (argc < 2)
		return cli_usage_error("policy", R_USAGE_MISSING_SUBCOMMAND,
				       "missing subcommand (check)");
	return cli_usage_error("policy", R_USAGE_UNKNOWN_SUBCOMMAND, "unknown subcommand '%s'",
			       argv[1]);
}

const struct command cmd_policy = {"policy", "evaluate a local policy offline (policy check)",
				   policy_run, policy_help};
