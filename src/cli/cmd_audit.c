/*
 * attest-init audit verify FILE: checks a gate's audit trail (docs/audit.md, src/audit) and
 * names the first bad line. Exit 0 intact, 1 broken, 2 usage or unreadable file.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "core/hex.h"
#include "shell/file_io.h"

static void audit_help(FILE *out)
{
	fputs("usage: attest-init audit verify FILE\n"
	      "\n"
	      "Checks an audit trail written by 'attest-init run' (docs/audit.md): every line a\n"
	      "record in the writer's exact form, seq counting from 0, each prev the SHA-256 of\n"
	      "the line before, the gate's steps in order and one verdict last, consistent with\n"
	      "them. A removed, reordered, inserted or edited record is refused naming the first\n"
	      "bad line. FILE may be '-' (standard input).\n"
	      "\n"
	      "On success prints: audit: N records intact, verdict allow|block, sha256 HEX\n"
	      "where HEX is the SHA-256 of the verdict line; compare it with the one kept when\n"
	      "the gate ran to prove the whole trail unchanged (the chain alone has no key).\n"
	      "\n"
	      "exit status: 0 intact, 1 broken ('attest-init: audit: <reason> at line N'),\n"
	      "2 usage or unreadable file.\n",
	      out);
}

static int verify_run(int argc, char **argv)
{
	const struct cli_opt opts[] = {{NULL, NULL, NULL}};
	const char *path = NULL;
	char hash[2 * AUDIT_HASH_SIZE + 1];
	struct audit_summary s;
	struct buf text;
	struct err e;
	size_t npos;
	bool help;
	int rc;

	if (!cli_parse("audit verify", argc, argv, opts, &path, 1, 1, &npos, &help))
		return EXIT_USAGE;
	if (help) {
		audit_help(stdout);
		return EXIT_OK;
	}
	err_clear(&e);
	buf_init(&text, 0);
	/* One byte over the cap so that an over-long trail is told apart from one at the cap. */
	if (!file_read_all(path, AUDIT_MAX_TRAIL + 1, &text, &e)) {
		buf_free(&text);
		return cli_fail(&e);
	}
	if (!audit_verify(text.data, text.len, &s, &e)) {
		buf_free(&text);
		return cli_fail(&e);
	}
	buf_free(&text);
	hex_encode(s.verdict_hash, sizeof(s.verdict_hash), hash);
	rc = printf("audit: %zu records intact, verdict %s, sha256 %s\n", s.records,
		    s.allow ? "allow" : "block", hash);
	if (rc < 0 || fflush(stdout) != 0)
		return cli_fail_id(R_IO_STDOUT_WRITE_FAILED, "stdout");
	return EXIT_OK;
}

static int audit_run(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return verify_run(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		audit_help(stdout);
		return EXIT_OK;
	}
	if (argc < 2)
		return cli_usage_error("audit", R_USAGE_MISSING_SUBCOMMAND,
				       "missing subcommand (verify)");
	return cli_usage_error("audit", R_USAGE_UNKNOWN_SUBCOMMAND, "unknown subcommand '%s'",
			       argv[1]);
}

const struct command cmd_audit = {"audit", "check an audit trail (audit verify)", audit_run,
				  audit_help};
