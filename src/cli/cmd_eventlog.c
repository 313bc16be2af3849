/*
 * attest-init eventlog [--json] [--bank NAME] FILE: parse a TCG event log strictly, replay
 * its PCRs and show every event (src/eventlog/). Exit 0 on a well-formed log, 1 on a
 * malformed or absent one, 2 on usage errors.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "eventlog/eventlog.h"
#include "eventlog/eventlog_json.h"
#include "eventlog/eventlog_text.h"
#include "shell/file_io.h"

static void eventlog_help(FILE *out)
{
	fputs("usage: attest-init eventlog [--json] [--bank NAME] FILE\n"
	      "\n"
	      "Parses a TCG PC Client firmware event log (SHA-1 or crypto-agile format)\n"
	      "strictly, replays PCRs 0-23 in every bank the log declares, and shows every\n"
	      "event with its digests and decoded content. FILE '-' reads standard input.\n"
	      "\n"
	      "  --json       one JSON object: the log's summary, \"events\" (seq, offset,\n"
	      "               pcr, type, type_name, extended, digests, data_size,\n"
	      "               content_digest, content), then \"pcrs\" {bank: {index: hex}}\n"
	      "               for every replayed bank and PCRs 0-23. Decoded content is\n"
	      "               untrusted unless content_digest is \"verified\" (or\n"
	      "               \"verified_variable_data\").\n"
	      "  --bank NAME  show only that bank (sha1, sha256, sha384, sha512, sm3_256);\n"
	      "               a bank the log does not declare exits 1 (bank_not_in_log).\n"
	      "\n"
	      "Banks without a hash implementation (sm3_256) are parsed and listed as not\n"
	      "replayed. EV_NO_ACTION events and PCR indices outside 0-23 are never extended.\n"
	      "exit status: 0 well-formed log, 1 malformed/empty/absent log (reason and byte\n"
	      "offset on stderr), 2 usage error.\n",
	      out);
}

/* Writes the listing of a parsed log; returns the exit status. */
static int write_listing(const struct eventlog *log, bool json, int bank, const char *name)
{
	struct pcr_banks pcrs;
	struct buf out;
	struct err e;
	int rc;

	err_clear(&e);
	if (!eventlog_replay(log, &pcrs, &e))
		return cli_fail(&e); /* not reached after a successful parse */
	buf_init(&out, EVENTLOG_MAX_LISTING);
	if (json)
		(void)eventlog_write_json(log, &pcrs, bank, &out);
	else
		(void)eventlog_write_text(log, &pcrs, bank, name, &out);
	rc = cli_print_buf(&out); /* a failed buf: output_too_large */
	buf_free(&out);
	return rc;
}

static int eventlog_run(int argc, char **argv)
{
	bool json = false, help;
	const char *bank_name = NULL, *pos[1];
	size_t npos;
	const struct cli_opt opts[] = {
	    {"json", NULL, &json}, {"bank", &bank_name, NULL}, {NULL, NULL, NULL}};
	const struct digest_alg *alg = NULL;
	struct buf data;
	struct eventlog log;
	struct err e;
	int bank = -1, rc;

	if (!cli_parse("eventlog", argc, argv, opts, pos, 1, 1, &npos, &help))
		return EXIT_USAGE;
	if (help) {
		eventlog_help(stdout);
		return EXIT_OK;
	}
	if (bank_name && !(alg = digest_by_name(bank_name)))
		return cli_usage_error("eventlog", R_USAGE_UNKNOWN_BANK, "unknown bank '%s'",
				       bank_name);
	err_clear(&e);
	buf_init(&data, 0);
	/* Read to EOF before parsing (securityfs reports size 0); one byte over the cap lets
	 * the parser name the cap. An absent file is an empty log (exit 1), not a usage error. */
	if (!file_read_all(pos[0], (size_t)EVENTLOG_MAX_LOG_SIZE + 1, &data, &e)) {
		buf_free(&data);
		if (strcmp(pos[0], "-") != 0 && access(pos[0], F_OK) != 0 && errno == ENOENT)
			err_fail(&e, R_EVENTLOG_EMPTY, ERR_NO_OFFSET, "%s: absent", pos[0]);
		return cli_fail(&e);
	}
	if (!eventlog_parse(data.data, data.len, &log, &e)) {
		buf_free(&data);
		return cli_fail(&e);
	}
	if (alg && (bank = eventlog_bank_index(&log, alg->tpm_alg)) < 0) {
		err_fail(&e, R_EVENTLOG_BANK_NOT_IN_LOG, ERR_NO_OFFSET,
			 "the log declares no %s bank", alg->name);
		rc = cli_fail(&e);
	} else {
		rc = write_listing(&log, json, bank, pos[0]);
	}
	eventlog_free(&log);
	buf_free(&data);
	return rc;
}

const struct command cmd_eventlog = {"eventlog", "parse and replay a TCG event log", eventlog_run,
				     eventlog_help};
