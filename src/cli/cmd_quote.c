/*
 * attest-init quote verify --ak-pub FILE --quote FILE --sig FILE [--nonce HEX] [--pcrs FILE]
 *
 * Offline check of a bare TPM2_Quote: the TPMS_ATTEST signature by the AK
 * (RSASSA-PKCS1-v1_5/SHA-256), the qualifying data, and optionally the PCR
 * digest against given PCR values. All checks are in src/attest/quote_verify.c.
 */
#include <stdio.h>
#include <string.h>

#include "attest/quote_verify.h"
#include "cli/cli.h"
#include "core/digest.h"
#include "core/hex.h"
#include "json/json_writer.h"
#include "shell/file_io.h"

/* Input caps: a PEM key or TPM2B_PUBLIC is < 2 KiB; PCR values: 16 banks x 32 PCRs x 64 bytes. */
#define QUOTE_MAX_KEY_FILE  RSA_PUB_MAX_PEM
#define QUOTE_MAX_PCRS_FILE ((size_t)16 * 32 * 64)
/* Read a little more than the structure maxima so that oversize input gets the parser's reason. */
#define QUOTE_MAX_FILE 8192

static void quote_help(FILE *out)
{
	fputs("usage: attest-init quote verify --ak-pub FILE --quote FILE --sig FILE\n"
	      "                               [--nonce HEX] [--pcrs FILE]\n"
	      "\n"
	      "Verifies a TPM2_Quote offline:\n"
	      "  --ak-pub FILE  the attestation key: PEM \"PUBLIC KEY\" or a TPM2B_PUBLIC\n"
	      "                 (binary; then it must be a restricted RSA signing key)\n"
	      "  --quote FILE   the TPMS_ATTEST bytes (no TPM2B_ATTEST size prefix)\n"
	      "  --sig FILE     the raw RSASSA signature, or a marshalled TPMT_SIGNATURE\n"
	      "  --nonce HEX    the expected qualifying data (extraData), hex; without it\n"
	      "                 the nonce is NOT checked (reported as nonce_checked false)\n"
	      "  --pcrs FILE    the selected PCR values, concatenated in selection order\n"
	      "                 (banks as quoted, indices ascending): pcrDigest must be\n"
	      "                 their hash\n"
	      "\n"
	      "Prints a JSON summary on success. Exit 0 verified, 1 rejected or malformed,\n"
	      "2 usage error or unreadable file.\n",
	      out);
}

/* PEM when the file starts (after whitespace) with a PEM boundary, else TPM2B_PUBLIC. */
static bool quote_load_ak(const char *path, struct rsa_pub *ak, struct err *e)
{
	struct buf b;
	struct tpm_public pub;
	size_t i = 0;
	bool ok;

	buf_init(&b, QUOTE_MAX_KEY_FILE);
	if (!file_read_all(path, QUOTE_MAX_KEY_FILE, &b, e)) {
		buf_free(&b);
		return false;
	}
	while (i < b.len &&
	       (b.data[i] == ' ' || b.data[i] == '\n' || b.data[i] == '\r' || b.data[i] == '\t'))
		i++;
	if (b.len - i >= 10 && memcmp(b.data + i, "-----BEGIN", 10) == 0)
		ok = rsa_pub_from_pem(ak, b.data, b.len, e);
	else
		ok = tpm2b_public_parse(b.data, b.len, &pub, e) && ak_public_check(&pub, e) &&
		     tpm_public_rsa(&pub, ak, e);
	buf_free(&b);
	return ok;
}

static void write_summary(struct json_writer *w, const struct tpms_attest *q, bool nonce_checked,
			  bool pcrs_checked)
{
	json_obj_begin(w);
	json_kv_bool(w, "verified", true);
	json_kv_str(w, "type", "quote");
	json_kv_hex(w, "extra_data", q->extra_data, q->extra_data_len);
	json_kv_bool(w, "nonce_checked", nonce_checked);
	json_key(w, "pcr_selection");
	json_arr_begin(w);
	for (size_t i = 0; i < q->nsel; i++) {
		const struct digest_alg *a = digest_by_tpm_alg(q->sel[i].hash);
		json_obj_begin(w);
		json_kv_str(w, "bank", a ? a->name : "unknown");
		json_key(w, "pcrs");
		json_arr_begin(w);
		for (unsigned j = 0; j < 32; j++)
			if (q->sel[i].mask >> j & 1)
				json_u64(w, j);
		json_arr_end(w);
		json_obj_end(w);
	}
	json_arr_end(w);
	json_kv_hex(w, "pcr_digest", q->pcr_digest, q->pcr_digest_len);
	json_kv_bool(w, "pcrs_checked", pcrs_checked);
	json_kv_hex(w, "qualified_signer", q->qualified_signer, q->qualified_signer_len);
	json_kv_u64(w, "clock", q->clock);
	json_kv_u64(w, "reset_count", q->reset_count);
	json_kv_u64(w, "restart_count", q->restart_count);
	json_kv_bool(w, "safe", q->safe != 0);
	json_kv_u64(w, "firmware_version", q->firmware_version);
	json_obj_end(w);
}

static int quote_verify_run(int argc, char **argv)
{
	const char *akp = NULL, *qp = NULL, *sp = NULL, *nonce_hex = NULL, *pcrs = NULL;
	const struct cli_opt opts[] = {{"ak-pub", &akp, NULL}, {"quote", &qp, NULL},
				       {"sig", &sp, NULL},     {"nonce", &nonce_hex, NULL},
				       {"pcrs", &pcrs, NULL},  {NULL, NULL, NULL}};
	const char *pos[1];
	size_t npos;
	bool help;
	struct rsa_pub ak; /* about 0.5 KiB: caller storage on the stack */
	struct buf qb, sb, pb, out;
	struct err e;
	struct quote_expect want;
	struct tpms_attest q;
	uint8_t nonce[TPM_MAX_DATA];
	const uint8_t *raw;
	size_t raw_len;
	int rc = EXIT_REJECT;
	struct json_writer w;

	if (!cli_parse("quote", argc, argv, opts, pos, 0, 0, &npos, &help))
		return EXIT_USAGE;
	if (help) {
		quote_help(stdout);
		return EXIT_OK;
	}
	if (!akp || !qp || !sp)
		return cli_usage_error("quote", R_USAGE_MISSING_OPTION,
				       "verify needs --ak-pub, --quote and --sig");
	memset(&want, 0, sizeof(want));
	if (nonce_hex) {
		if (!hex_decode(nonce_hex, strlen(nonce_hex), nonce, sizeof(nonce),
				&want.nonce_len))
			return cli_usage_error("quote", R_USAGE_BAD_OPTION_VALUE,
					       "--nonce wants even-length hex of at most %d bytes",
					       TPM_MAX_DATA);
		want.check_nonce = true;
		want.nonce = nonce;
	}
	err_clear(&e);
	buf_init(&qb, QUOTE_MAX_FILE);
	buf_init(&sb, QUOTE_MAX_FILE);
	buf_init(&pb, QUOTE_MAX_PCRS_FILE);
	buf_init(&out, 1 << 16);
	if (!quote_load_ak(akp, &ak, &e) || !file_read_all(qp, QUOTE_MAX_FILE, &qb, &e) ||
	    !file_read_all(sp, QUOTE_MAX_FILE, &sb, &e) ||
	    (pcrs && !file_read_all(pcrs, QUOTE_MAX_PCRS_FILE, &pb, &e)) ||
	    !quote_sig_raw(sb.data, sb.len, &ak, &raw, &raw_len, &e)) {
		rc = cli_fail(&e);
		goto done;
	}
	if (pcrs) {
		want.pcr_values = pb.data ? pb.data : (const uint8_t *)"";
		want.pcr_values_len = pb.len;
	}
	if (!quote_verify(qb.data, qb.len, raw, raw_len, &ak, &want, &q, &e)) {
		rc = cli_fail(&e);
		goto done;
	}
	json_writer_init(&w, &out);
	write_summary(&w, &q, want.check_nonce, pcrs != NULL);
	rc = json_writer_ok(&w) ? cli_print_buf(&out)
				: cli_fail_id(R_CORE_JSON_WRITER_FAILED, "quote result");
done:
	buf_free(&qb);
	buf_free(&sb);
	buf_free(&pb);
	buf_free(&out);
	return rc;
}

static int quote_run(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return quote_verify_run(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		quote_help(stdout);
		return EXIT_OK;
	}
	return cli_usage_error("quote",
			       argc < 2 ? R_USAGE_MISSING_SUBCOMMAND : R_USAGE_UNKNOWN_SUBCOMMAND,
			       "expected 'quote verify'");
}

const struct command cmd_quote = {"quote", "verify a TPM2_Quote offline", quote_run, quote_help};
