/*
 * attest-init evidence collect [--tcti SPEC] [--pcrs LIST] [--eventlog FILE] --out FILE
 * attest-init evidence verify FILE --ak-roots PEM [--now UNIX] [--pcrs LIST]
 *
 * collect: steps 2-3 of the flow on the TPM (src/tpm/tpm_collect.c) into one
 * JSON evidence bundle (schema in src/attest/evidence_bundle.h).
 * verify: every local check again, offline (src/attest/evidence_verify.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attest/evidence_bundle.h"
#include "attest/evidence_verify.h"
#include "attest/pem.h"
#include "cli/cli.h"
#include "shell/file_io.h"
#include "shell/rng.h"
#include "tpm/tcti.h"
#include "tpm/tpm_collect.h"

#define EVENTLOG_DEFAULT "/sys/kernel/security/tpm0/binary_bios_measurements"
/* Deadline for the TPM part, seconds (ATTEST_DEADLINE's default). */
#define COLLECT_DEFAULT_DEADLINE 60
#define COLLECT_MAX_DEADLINE	 3600

static void evidence_help(FILE *out)
{
	fputs("usage: attest-init evidence collect [--tcti SPEC] [--pcrs LIST] [--eventlog FILE]\n"
	      "                                    [--deadline SECONDS] --out FILE\n"
	      "       attest-init evidence verify FILE --ak-roots PEM [--now UNIX] [--pcrs LIST]\n"
	      "       attest-init evidence decrypt [--tcti SPEC] --evidence FILE --in CT --out PT\n"
	      "                                    [--oaep]\n"
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
	      "\n"
	      "verify re-runs every local check offline: AK public area, AK certificate\n"
	      "chain to the PEM bundle --ak-roots (roots and intermediates) at --now\n"
	      "(default: the current time), quote signature/nonce/PCR selection/digest,\n"
	      "event log replay, the ephemeral key's certification, the HCL report. --pcrs\n"
	      "sets the expected selection (default: the bundle's own).\n"
	      "\n"
	      "decrypt re-creates the bundle's PCR-bound ephemeral key in the TPM and\n"
	      "decrypts CT (RSAES-PKCS1-v1_5, or RSAES-OAEP/SHA-256 with --oaep) under a\n"
	      "PolicyPCR session: it works only while the PCRs hold the attested values.\n"
	      "\n"
	      "Exit 0 verified/written, 1 rejected, 2 usage, 3 TPM unreachable or busy.\n",
	      out);
}

static const char *env_or(const char *flag, const char *env, const char *dflt)
{
	const char *v;
	if (flag)
		return flag;
	v = getenv(env);
	return v && *v ? v : dflt;
}

static int collect_run(int argc, char **argv)
{
	const char *tcti = NULL, *pcrs = NULL, *logp = NULL, *outp = NULL, *dl = NULL;
	const struct cli_opt opts[] = {{"tcti", &tcti, NULL},	  {"pcrs", &pcrs, NULL},
				       {"eventlog", &logp, NULL}, {"out", &outp, NULL},
				       {"deadline", &dl, NULL},	  {NULL, NULL, NULL}};
	const char *pos[1];
	size_t npos, der_len, vlen;
	bool help, present;
	unsigned long long deadline = COLLECT_DEFAULT_DEADLINE;
	static struct evidence ev;
	struct tpm *t = NULL;
	struct err e;
	struct buf out, nv;
	uint8_t values[EVIDENCE_NUM_PCRS * 32];
	int rc = EXIT_REJECT;

	if (!cli_parse("evidence", argc, argv, opts, pos, 0, 0, &npos, &help))
		return EXIT_USAGE;
	if (help) {
		evidence_help(stdout);
		return EXIT_OK;
	}
	if (!outp)
		return cli_usage_error("evidence", "collect needs --out FILE");
	dl = env_or(dl, "ATTEST_DEADLINE", NULL);
	if (dl &&
	    (!cli_parse_u64(dl, &deadline) || deadline == 0 || deadline > COLLECT_MAX_DEADLINE))
		return cli_usage_error("evidence", "--deadline wants 1-%d seconds",
				       COLLECT_MAX_DEADLINE);
	err_clear(&e);
	evidence_init(&ev);
	buf_init(&out, EVIDENCE_MAX_TEXT);
	buf_init(&nv, TPM_NV_MAX_READ);
	ev.pcr_mask = 0xff;
	if (pcrs && !pcr_list_parse(pcrs, &ev.pcr_mask, &e))
		goto fail;
	tcti = env_or(tcti, "ATTEST_TCTI", TCTI_DEFAULT);
	logp = env_or(logp, "ATTEST_EVENTLOG", EVENTLOG_DEFAULT);
	snprintf(ev.tcti, sizeof(ev.tcti), "%s", tcti);
	ev.ak_handle = AZURE_AK_HANDLE;
	ev.ak_cert_index = AZURE_AK_CERT_NV;
	ev.created = (uint64_t)time(NULL);
	/* The event log first: a missing log is recorded as null (verify then fails). */
	ev.has_eventlog = file_read_all(logp, EVIDENCE_MAX_LOG, &ev.eventlog, NULL);
	if (!ev.has_eventlog)
		buf_reset(&ev.eventlog);
	if (!rng_bytes(values, TPM_NONCE_SIZE, &e))
		goto fail;
	if (!buf_append(&ev.nonce, values, TPM_NONCE_SIZE)) {
		err_set(&e, "tpm", "out_of_memory", ERR_NO_OFFSET, "nonce");
		goto fail;
	}
	if (!tpm_open(tcti, (unsigned)deadline, &t, &e) ||
	    !tpm_read_public(t, AZURE_AK_HANDLE, &ev.ak_pub, &e) ||
	    !tpm_nv_read(t, AZURE_AK_CERT_NV, &nv, &present, &e))
		goto fail;
	if (!present) {
		err_set(&e, "tpm", "nv_missing", ERR_NO_OFFSET,
			"no AK certificate at NV 0x%08x: check the vTPM provisioning",
			AZURE_AK_CERT_NV);
		goto fail;
	}
	if (!ak_cert_trim(nv.data, nv.len, &der_len, &e) ||
	    !buf_append(&ev.ak_cert, nv.data, der_len))
		goto fail;
	if (!tpm_nv_read(t, AZURE_HCL_REPORT_NV, &ev.hcl_report, &ev.has_hcl, &e))
		goto fail;
	if (!tpm_pcr_read(t, ev.pcr_mask, values, &e))
		goto fail;
	for (size_t i = 0, k = 0; i < EVIDENCE_NUM_PCRS; i++)
		if (ev.pcr_mask >> i & 1)
			memcpy(ev.pcr[i], values + 32 * k++, 32);
	vlen = evidence_pcr_values(&ev, values);
	if (!tpm_quote(t, AZURE_AK_HANDLE, ev.pcr_mask, ev.nonce.data, ev.nonce.len, &ev.quote,
		       &ev.quote_sig, &e) ||
	    !tpm_ephemeral_certify(t, AZURE_AK_HANDLE, ev.pcr_mask, values, vlen, &ev.enc_key_pub,
				   &ev.certify_info, &ev.certify_sig, &e))
		goto fail;
	tpm_close(t);
	t = NULL;
	if (!evidence_write(&ev, &out, &e) || !file_write_atomic(outp, out.data, out.len, &e))
		goto fail;
	rc = EXIT_OK;
	goto done;
fail:
	rc = cli_fail(&e);
done:
	tpm_close(t);
	evidence_free(&ev);
	buf_free(&out);
	buf_free(&nv);
	return rc;
}

static int verify_run(int argc, char **argv)
{
	const char *roots = NULL, *nows = NULL, *pcrs = NULL;
	const struct cli_opt opts[] = {{"ak-roots", &roots, NULL},
				       {"now", &nows, NULL},
				       {"pcrs", &pcrs, NULL},
				       {NULL, NULL, NULL}};
	const char *pos[1];
	size_t npos, nobj = 0;
	bool help;
	unsigned long long now = (unsigned long long)time(NULL);
	static struct evidence ev;
	static struct pem_obj objs[PEM_MAX_OBJECTS];
	struct evidence_policy pol;
	struct buf text, pem, out;
	struct json_writer w;
	struct err e;
	int rc;

	if (!cli_parse("evidence", argc, argv, opts, pos, 1, 1, &npos, &help))
		return EXIT_USAGE;
	if (help) {
		evidence_help(stdout);
		return EXIT_OK;
	}
	roots = env_or(roots, "ATTEST_AK_ROOTS", NULL);
	if (!roots)
		return cli_usage_error("evidence", "verify needs --ak-roots PEM");
	if (nows && !cli_parse_u64(nows, &now))
		return cli_usage_error("evidence", "--now wants unix seconds");
	memset(&pol, 0, sizeof(pol));
	err_clear(&e);
	if (pcrs && !pcr_list_parse(pcrs, &pol.pcr_mask, &e))
		return cli_fail(&e);
	evidence_init(&ev);
	buf_init(&text, EVIDENCE_MAX_TEXT);
	buf_init(&pem, PEM_MAX_TEXT);
	buf_init(&out, 1 << 16);
	if (!file_read_all(roots, PEM_MAX_TEXT, &pem, &e) ||
	    !pem_decode_all(pem.data ? pem.data : (const uint8_t *)"", pem.len, objs,
			    PEM_MAX_OBJECTS, &nobj, &e)) {
		if (e.cls != ERR_USAGE && strcmp(e.layer, "io") != 0)
			e.cls = ERR_USAGE; /* an unusable --ak-roots is a configuration error */
		rc = cli_fail(&e);
		goto done;
	}
	pol.roots = objs;
	pol.nroots = nobj;
	pol.now_unix = now;
	json_writer_init(&w, &out);
	if (!file_read_all(pos[0], EVIDENCE_MAX_TEXT, &text, &e) ||
	    !evidence_read(text.data ? text.data : (const uint8_t *)"", text.len, &ev, &e) ||
	    !evidence_verify(&ev, &pol, &w, &e)) {
		rc = cli_fail(&e);
		goto done;
	}
	rc = json_writer_ok(&w) ? cli_print_buf(&out) : EXIT_REJECT;
done:
	pem_free_all(objs, nobj);
	evidence_free(&ev);
	buf_free(&text);
	buf_free(&pem);
	buf_free(&out);
	return rc;
}

/* Decrypts with the bundle's PCR-bound ephemeral key (re-created in the TPM, the PCRs must still
 * hold the attested values): what the provider step does with EncryptedInnerKey. */
static int decrypt_run(int argc, char **argv)
{
	const char *tcti = NULL, *evp = NULL, *inp = NULL, *outp = NULL;
	bool oaep = false, help;
	const struct cli_opt opts[] = {{"tcti", &tcti, NULL}, {"evidence", &evp, NULL},
				       {"in", &inp, NULL},    {"out", &outp, NULL},
				       {"oaep", NULL, &oaep}, {NULL, NULL, NULL}};
	const char *pos[1];
	size_t npos, vlen;
	static struct evidence ev;
	struct buf text, ct, pt;
	struct tpm *t = NULL;
	struct err e;
	uint8_t values[EVIDENCE_NUM_PCRS * 32];
	int rc;

	if (!cli_parse("evidence", argc, argv, opts, pos, 0, 0, &npos, &help))
		return EXIT_USAGE;
	if (help) {
		evidence_help(stdout);
		return EXIT_OK;
	}
	if (!evp || !inp || !outp)
		return cli_usage_error("evidence", "decrypt needs --evidence, --in and --out");
	err_clear(&e);
	evidence_init(&ev);
	buf_init(&text, EVIDENCE_MAX_TEXT);
	buf_init(&ct, 1024);
	buf_init(&pt, 1024);
	tcti = env_or(tcti, "ATTEST_TCTI", TCTI_DEFAULT);
	if (!file_read_all(evp, EVIDENCE_MAX_TEXT, &text, &e) ||
	    !evidence_read(text.data ? text.data : (const uint8_t *)"", text.len, &ev, &e) ||
	    !file_read_all(inp, 1024, &ct, &e))
		goto fail;
	vlen = evidence_pcr_values(&ev, values);
	if (!tpm_open(tcti, COLLECT_DEFAULT_DEADLINE, &t, &e) ||
	    !tpm_ephemeral_decrypt(t, ev.pcr_mask, values, vlen, ct.data, ct.len, oaep, &pt, &e) ||
	    !file_write_atomic(outp, pt.data, pt.len, &e))
		goto fail;
	rc = EXIT_OK;
	goto done;
fail:
	rc = cli_fail(&e);
done:
	tpm_close(t);
	evidence_free(&ev);
	buf_free(&text);
	buf_free(&ct);
	if (pt.data)
		memset(pt.data, 0, pt.len);
	buf_free(&pt);
	return rc;
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
	return cli_usage_error("evidence", "expected 'evidence collect' or 'evidence verify'");
}

const struct command cmd_evidence = {"evidence", "collect, verify, decrypt with TPM evidence",
				     evidence_run, evidence_help};
