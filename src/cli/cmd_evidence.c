/*
 * attest-init evidence collect [--tcti SPEC] [--pcrs LIST] [--eventlog FILE] --out FILE
 * attest-init evidence verify FILE --ak-roots PEM --isolation trustedlaunch|sevsnp|tdx
 *                              [--now UNIX] [--pcrs LIST] [--config FILE]
 *
 * collect: steps 2-3 of the flow on the TPM (src/tpm/evidence_collect.c) into one
 * JSON evidence bundle (schema in src/attest/evidence_bundle.h); settings from
 * flags, environment and config file (src/config/config.h).
 * verify: every local check again, offline (src/attest/evidence_verify.c); --ak-roots and
 * --isolation resolved the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attest/ak_cert.h"
#include "attest/evidence_bundle.h"
#include "attest/evidence_verify.h"
#include "attest/pem.h"
#include "cli/cli.h"
#include "cli/cli_config.h"
#include "shell/file_io.h"
#include "tpm/evidence_collect.h"

static void evidence_help(FILE *out)
{
	fputs(
	    "usage: attest-init evidence collect [--tcti SPEC] [--pcrs LIST] [--eventlog FILE]\n"
	    "                                    [--deadline SECONDS] [--config FILE] --out FILE\n"
	    "       attest-init evidence verify FILE --ak-roots PEM\n"
	    "                                    --isolation trustedlaunch|sevsnp|tdx\n"
	    "                                    [--now UNIX] [--pcrs LIST] [--config FILE]\n"
	    "       attest-init evidence decrypt [--tcti SPEC] --evidence FILE --in CT --out PT\n"
	    "                                    [--oaep] [--config FILE]\n"
	    "\n"
	    "collect reads the AK public area (0x81000003), the AK certificate (NV\n"
	    "0x01C101D0), the HCL report (NV 0x01400001, when present), the SHA-256 PCRs\n"
	    "LIST (default 0-7), a TPM2_Quote over them with a fresh 32-byte nonce, the\n"
	    "event log, and the PCR-bound ephemeral key certified by the AK, and writes\n"
	    "them as one JSON document (base64 fields, format attest-init-evidence v1).\n"
	    "  --tcti SPEC      device:/dev/tpmrm0 (default; env ATTEST_TCTI) or\n"
	    "                   swtpm:host=127.0.0.1,port=P\n"
	    "  --eventlog FILE  default env ATTEST_EVENTLOG or the securityfs log\n"
	    "  --deadline S     give up on an unreachable or busy TPM after S seconds\n"
	    "                   (default env ATTEST_DEADLINE or 60; exit 3)\n"
	    "  --config FILE    NAME=value lines with the ATTEST_* names (default env\n"
	    "                   ATTEST_CONFIG); flags win over environment over file\n"
	    "\n"
	    "verify re-runs every local check offline: AK public area, AK certificate\n"
	    "chain to the PEM bundle --ak-roots (roots and intermediates) at --now\n"
	    "(unix seconds up to 9999-12-31; default: the current time), the quote's\n"
	    "signature and 32-byte nonce, the PCR set signed in the quote, event log replay\n"
	    "over every quoted PCR, the ephemeral key certified in the quote's TPM boot.\n"
	    "  --ak-roots PEM   required (env ATTEST_AK_ROOTS or the config file may give it)\n"
	    "  --pcrs LIST      the quote must select exactly these SHA-256 PCRs; without\n"
	    "                   it, at least PCRs 0-7 (more are accepted and all checked)\n"
	    "  --isolation I    required: trustedlaunch (no HCL report needed), sevsnp or\n"
	    "                   tdx (an HCL report of that type, bound to the AK). The\n"
	    "                   SNP/TDX hardware report's signature is NOT checked locally\n"
	    "                   (the provider checks it): exit 0 means a genuine vTPM and an\n"
	    "                   HCL report bound to its AK, not an AMD/Intel signature.\n"
	    "                   Env ATTEST_ISOLATION or the config file may give it.\n"
	    "\n"
	    "decrypt re-creates the bundle's PCR-bound ephemeral key in the TPM and\n"
	    "decrypts CT (RSAES-PKCS1-v1_5, or RSAES-OAEP/SHA-256 with --oaep) under a\n"
	    "PolicyPCR session: it works only while the PCRs hold the attested values.\n"
	    "\n"
	    "Exit 0 verified/written, 1 rejected, 2 usage, 3 TPM unreachable or busy.\n",
	    out);
}

static int collect_run(int argc, char **argv)
{
	const char *flags[CFG_COUNT] = {NULL}, *pcrs = NULL, *outp = NULL, *cfgp = NULL;
	const struct cli_opt opts[] = {{"tcti", &flags[CFG_TCTI], NULL},
				       {"pcrs", &pcrs, NULL},
				       {"eventlog", &flags[CFG_EVENTLOG], NULL},
				       {"out", &outp, NULL},
				       {"deadline", &flags[CFG_DEADLINE], NULL},
				       {CONFIG_FILE_FLAG, &cfgp, NULL},
				       {NULL, NULL, NULL}};
	const char *pos[1];
	size_t npos;
	bool help, ok;
	struct config_file file;
	struct config cfg;
	struct collect_opts o;
	struct evidence ev;
	struct err e;
	struct buf out;

	if (!cli_parse("evidence", argc, argv, opts, pos, 0, 0, &npos, &help))
		return EXIT_USAGE;
	if (help) {
		evidence_help(stdout);
		return EXIT_OK;
	}
	if (!outp)
		return cli_usage_error("evidence", R_USAGE_MISSING_OPTION,
				       "collect needs --out FILE");
	err_clear(&e);
	collect_opts_azure(&o);
	if (!cli_config_load(cfgp, flags, &file, &cfg, &e) ||
	    (pcrs && !pcr_list_parse(pcrs, &o.pcr_mask, &e)))
		return cli_fail(&e);
	o.tcti = cfg.value[CFG_TCTI];
	o.eventlog_path = cfg.value[CFG_EVENTLOG];
	o.deadline_s = (unsigned)cfg.num[CFG_DEADLINE];
	o.created_unix = (uint64_t)time(NULL);
	evidence_init(&ev);
	buf_init(&out, EVIDENCE_MAX_TEXT);
	ok = evidence_collect(&o, &ev, &e) && evidence_write(&ev, &out, &e) &&
	     file_write_atomic(outp, out.data, out.len, &e);
	evidence_free(&ev);
	buf_free(&out);
	return ok ? EXIT_OK : cli_fail(&e);
}

/* verify's command line: --ak-roots goes to src/config as a flag; --isolation keeps its own
 * usage check (verify_policy) and is the flag over ATTEST_ISOLATION. */
struct verify_args {
	const char *flags[CFG_COUNT];
	const char *isolation, *now, *pcrs, *config;
};

/* verify_run's large state: one heap block, nothing static. */
struct verify_state {
	struct config_file file; /* the resolved settings point into it */
	struct config cfg;
	struct evidence ev;
	struct pem_obj objs[PEM_MAX_OBJECTS];
	size_t nobj;
	struct buf text, pem, out;
};

/* Options into the policy: --isolation is required, --now bounded, --pcrs exact. */
static int verify_policy(const char *iso, const char *nows, const char *pcrs,
			 struct evidence_policy *pol)
{
	unsigned long long now;
	struct err e;

	memset(pol, 0, sizeof(*pol));
	if (!iso)
		return cli_usage_error("evidence", R_USAGE_MISSING_OPTION,
				       "verify needs --isolation trustedlaunch|sevsnp|tdx");
	if (!evidence_isolation_parse(iso, &pol->isolation))
		return cli_usage_error(
		    "evidence", R_USAGE_BAD_OPTION_VALUE,
		    "--isolation wants trustedlaunch, sevsnp or tdx, got '%.40s'", iso);
	if (nows) {
		/* The X.509 time range (ak_cert.h): later times would wrap BearSSL's day count. */
		if (!cli_parse_u64(nows, &now) || now > AK_CERT_MAX_NOW)
			return cli_usage_error("evidence", R_USAGE_BAD_OPTION_VALUE,
					       "--now wants unix seconds 0-%llu", AK_CERT_MAX_NOW);
	} else {
		time_t t = time(NULL);
		if (t < 0 || (unsigned long long)t > AK_CERT_MAX_NOW)
			return cli_usage_error("evidence", R_USAGE_CLOCK_UNAVAILABLE,
					       "system clock unusable; use --now");
		now = (unsigned long long)t;
	}
	pol->now_unix = now;
	pol->pcr_mask = EVIDENCE_DEFAULT_PCR_MASK;
	err_clear(&e);
	if (pcrs) {
		if (!pcr_list_parse(pcrs, &pol->pcr_mask, &e))
			return cli_fail(&e);
		pol->pcr_exact = true;
	}
	return EXIT_OK;
}

/* Settings (flag > environment > config file, src/config; neither --ak-roots nor --isolation
 * has a default) and options into the policy. A bad ATTEST_ISOLATION from the environment or
 * the file is config bad_value naming the setting, from config_resolve. */
static int verify_settings(const struct verify_args *a, struct verify_state *st,
			   struct evidence_policy *pol)
{
	struct err e;

	err_clear(&e);
	if (!cli_config_load(a->config, a->flags, &st->file, &st->cfg, &e))
		return cli_fail(&e);
	/* Offline verification names its anchors: the image's default file is for the gate. */
	if (!st->cfg.value[CFG_AK_ROOTS] || st->cfg.source[CFG_AK_ROOTS] == CFG_FROM_DEFAULT)
		return cli_usage_error("evidence", R_USAGE_MISSING_OPTION,
				       "verify needs --ak-roots PEM");
	return verify_policy(a->isolation ? a->isolation : st->cfg.value[CFG_ISOLATION], a->now,
			     a->pcrs, pol);
}

static int verify_run(int argc, char **argv)
{
	struct verify_args a = {{NULL}, NULL, NULL, NULL, NULL};
	const struct cli_opt opts[] = {{"ak-roots", &a.flags[CFG_AK_ROOTS], NULL},
				       {"now", &a.now, NULL},
				       {"pcrs", &a.pcrs, NULL},
				       {"isolation", &a.isolation, NULL},
				       {CONFIG_FILE_FLAG, &a.config, NULL},
				       {NULL, NULL, NULL}};
	const char *pos[1];
	size_t npos;
	bool help;
	struct verify_state *st;
	struct evidence_policy pol;
	struct json_writer w;
	struct err e;
	int rc;

	if (!cli_parse("evidence", argc, argv, opts, pos, 1, 1, &npos, &help))
		return EXIT_USAGE;
	if (help) {
		evidence_help(stdout);
		return EXIT_OK;
	}
	st = calloc(1, sizeof(*st));
	if (!st)
		return cli_fail_id(R_ATTEST_OUT_OF_MEMORY, "verify state");
	err_clear(&e);
	evidence_init(&st->ev);
	buf_init(&st->text, EVIDENCE_MAX_TEXT);
	buf_init(&st->pem, PEM_MAX_TEXT);
	buf_init(&st->out, 1 << 16);
	rc = verify_settings(&a, st, &pol);
	if (rc != EXIT_OK)
		goto done;
	if (!file_read_all(st->cfg.value[CFG_AK_ROOTS], PEM_MAX_TEXT, &st->pem, &e)) {
		rc = cli_fail(&e);
		goto done;
	}
	if (!pem_decode_all(st->pem.data ? st->pem.data : (const uint8_t *)"", st->pem.len,
			    st->objs, PEM_MAX_OBJECTS, &st->nobj, &e)) {
		/* An unusable --ak-roots is a configuration error. */
		err_relabel(&e, R_CONFIG_BAD_AK_ROOTS, "--ak-roots");
		rc = cli_fail(&e);
		goto done;
	}
	pol.roots = st->objs;
	pol.nroots = st->nobj;
	json_writer_init(&w, &st->out);
	if (!file_read_all(pos[0], EVIDENCE_MAX_TEXT, &st->text, &e) ||
	    !evidence_read(st->text.data ? st->text.data : (const uint8_t *)"", st->text.len,
			   &st->ev, &e) ||
	    !evidence_verify(&st->ev, &pol, &w, &e)) {
		rc = cli_fail(&e);
		goto done;
	}
	rc = json_writer_ok(&w) ? cli_print_buf(&st->out)
				: cli_fail_id(R_CORE_JSON_WRITER_FAILED, "verify result");
done:
	pem_free_all(st->objs, st->nobj);
	evidence_free(&st->ev);
	buf_free(&st->text);
	buf_free(&st->pem);
	buf_free(&st->out);
	free(st);
	return rc;
}

/* Decrypts with the bundle's PCR-bound ephemeral key (re-created in the TPM, the PCRs must still
 * hold the attested values): what the provider step does with EncryptedInnerKey. */
static int decrypt_run(int argc, char **argv)
{
	const char *flags[CFG_COUNT] = {NULL}, *evp = NULL, *inp = NULL, *outp = NULL, *cfgp = NULL;
	bool oaep = false, help, ok;
	const struct cli_opt opts[] = {{"tcti", &flags[CFG_TCTI], NULL},
				       {"evidence", &evp, NULL},
				       {"in", &inp, NULL},
				       {"out", &outp, NULL},
				       {CONFIG_FILE_FLAG, &cfgp, NULL},
				       {"oaep", NULL, &oaep},
				       {NULL, NULL, NULL}};
	const char *pos[1];
	size_t npos;
	struct config_file file;
	struct config cfg;
	struct evidence ev;
	struct buf text, ct, pt;
	struct err e;

	if (!cli_parse("evidence", argc, argv, opts, pos, 0, 0, &npos, &help))
		return EXIT_USAGE;
	if (help) {
		evidence_help(stdout);
		return EXIT_OK;
	}
	if (!evp || !inp || !outp)
		return cli_usage_error("evidence", R_USAGE_MISSING_OPTION,
				       "decrypt needs --evidence, --in and --out");
	err_clear(&e);
	if (!cli_config_load(cfgp, flags, &file, &cfg, &e))
		return cli_fail(&e);
	evidence_init(&ev);
	buf_init(&text, EVIDENCE_MAX_TEXT);
	buf_init(&ct, 1024);
	buf_init(&pt, 1024);
	ok = file_read_all(evp, EVIDENCE_MAX_TEXT, &text, &e) &&
	     evidence_read(text.data ? text.data : (const uint8_t *)"", text.len, &ev, &e) &&
	     file_read_all(inp, 1024, &ct, &e) &&
	     evidence_decrypt(cfg.value[CFG_TCTI], (unsigned)cfg.num[CFG_DEADLINE], &ev, ct.data,
			      ct.len, oaep, &pt, &e) &&
	     file_write_atomic(outp, pt.data, pt.len, &e);
	evidence_free(&ev);
	buf_free(&text);
	buf_free(&ct);
	if (pt.data)
		memset(pt.data, 0, pt.len);
	buf_free(&pt);
	return ok ? EXIT_OK : cli_fail(&e);
}

static int evidence_run(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "collect") == 0)
		return collect_run(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return verify_run(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "decrypt") == 0)
		return decrypt_run(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		evidence_help(stdout);
		return EXIT_OK;
	}
	return cli_usage_error("evidence",
			       argc < 2 ? R_USAGE_MISSING_SUBCOMMAND : R_USAGE_UNKNOWN_SUBCOMMAND,
			       "expected 'evidence collect' or 'evidence verify'");
}

const struct command cmd_evidence = {"evidence", "collect, verify, decrypt with TPM evidence",
				     evidence_run, evidence_help};
