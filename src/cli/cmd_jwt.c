/*
 * attest-init jwt verify: offline check of a provider token (DESIGN.md step 7)
 * against a pinned JWKS. Reads files and the clock here (the shell); the
 * verification itself is src/jose/jwt.c.
 *
 * Exit 0 and the claims as one JSON line on stdout when the token is valid;
 * exit 1 with "attest-init: jose: <reason>" (or json) when it is not; exit 2 for
 * usage errors, unreadable files and a --jwks file that is not a usable key set
 * (configuration, reported as "attest-init: config: bad_jwks: --jwks: <inner>").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "jose/jwks.h"
#include "jose/jwt.h"
#include "json/json_copy.h"
#include "json/json_writer.h"
#include "shell/file_io.h"

/* Claims output: the writer re-escapes decoded strings; 4x the token bounds it. */
#define JWT_MAX_OUTPUT (4 * JWS_MAX_TOKEN)

static void jwt_help(FILE *out)
{
	fputs("usage: attest-init jwt verify --jwks FILE [--issuer ISS] [--now UNIX_SECONDS]\n"
	      "                              [--max-skew SECONDS] TOKEN_FILE\n"
	      "\n"
	      "Verifies a JWS compact token (RS256/384/512, ES256/384) with a key taken only\n"
	      "from the JWKS file (selected by kid), then its exp/nbf/iat (allowed clock skew\n"
	      "--max-skew, default 60 s, at most 300 s) and, with --issuer, its iss.\n"
	      "TOKEN_FILE '-' reads standard input; one trailing newline is ignored.\n"
	      "--now sets the time (Unix seconds) instead of the system clock.\n"
	      "\n"
	      "exit status: 0 valid (claims printed as JSON), 1 invalid\n"
	      "('attest-init: jose: <reason>'), 2 usage error, unreadable file or unusable JWKS.\n",
	      out);
}

static int print_claims(const struct json_doc *claims)
{
	struct buf out;
	struct json_writer w;
	struct err e;
	int rc;

	err_clear(&e);
	buf_init(&out, JWT_MAX_OUTPUT);
	json_writer_init(&w, &out);
	if (!json_val_write(claims, JSON_ROOT, &w, &e)) {
		buf_free(&out);
		err_relabel(&e, R_JOSE_CLAIMS_UNPRINTABLE, "claims");
		return cli_fail(&e);
	}
	if (!json_writer_ok(&w)) {
		buf_free(&out);
		err_fail(&e, R_JOSE_CLAIMS_UNPRINTABLE, ERR_NO_OFFSET, "over %zu bytes",
			 (size_t)JWT_MAX_OUTPUT);
		return cli_fail(&e);
	}
	rc = cli_print_buf(&out);
	buf_free(&out);
	return rc;
}

/* --now (else the system clock), --max-skew and --issuer into the expectations (RFC 7519
 * 4.1.1, 4.1.4-4.1.6). EXIT_OK, or the exit status of the usage error it reported. */
static int verify_expect(const char *issuer, const char *now_s, const char *skew_s,
			 struct jwt_expect *x)
{
	unsigned long long now, skew = JWT_DEFAULT_SKEW;

	if (now_s) {
		if (!cli_parse_u64(now_s, &now) || now > (unsigned long long)JWT_MAX_NOW)
			return cli_usage_error("jwt verify", R_USAGE_BAD_OPTION_VALUE,
					       "--now needs Unix seconds, got '%s'", now_s);
	} else {
		time_t t = time(NULL);
		if (t < 0)
			return cli_usage_error("jwt verify", R_USAGE_CLOCK_UNAVAILABLE,
					       "system clock unavailable; use --now");
		now = (unsigned long long)t;
	}
	if (skew_s && (!cli_parse_u64(skew_s, &skew) || skew > JWT_MAX_SKEW))
		return cli_usage_error("jwt verify", R_USAGE_BAD_OPTION_VALUE,
				       "--max-skew needs 0..%u seconds, got '%s'", JWT_MAX_SKEW,
				       skew_s);
	if (issuer && !*issuer)
		return cli_usage_error("jwt verify", R_USAGE_BAD_OPTION_VALUE,
				       "--issuer must not be empty");
	x->issuer = issuer;
	x->issuer_len = issuer ? strlen(issuer) : 0;
	x->now = (int64_t)now;
	x->max_skew = (uint32_t)skew;
	return EXIT_OK;
}

/* The pinned key set (*ks allocated here, the caller frees it): an unreadable, oversized or
 * unusable --jwks is a configuration error. */
static bool jwks_load(const char *path, struct buf *text, struct jwks **ks, struct err *e)
{
	if (!file_read_all(path, JWKS_MAX_BYTES, text, e))
		return err_relabel(e, R_CONFIG_JWKS_UNREADABLE, "--jwks");
	*ks = malloc(sizeof(**ks));
	if (!*ks)
		return err_fail(e, R_JOSE_OUT_OF_MEMORY, ERR_NO_OFFSET, "key set");
	if (!jwks_parse(*ks, text->data, text->len, e))
		return err_relabel(e, R_CONFIG_BAD_JWKS, "--jwks");
	return true;
}

/* The compact token (RFC 7515 7.1): one more byte than the cap allows exactly one trailing
 * newline, which is dropped; anything else is part of the token. */
static bool token_read(const char *path, struct buf *token, struct err *e)
{
	if (!file_read_all(path, JWS_MAX_TOKEN + 1, token, e)) {
		if (e->id == R_IO_TOO_LARGE)
			err_fail(e, R_JOSE_TOKEN_TOO_LARGE, ERR_NO_OFFSET, "limit %zu bytes",
				 JWS_MAX_TOKEN);
		return false;
	}
	if (token->len > 0 && token->data[token->len - 1] == '\n')
		token->len--;
	return true;
}

static int verify_run(int argc, char **argv)
{
	const char *jwks_path = NULL, *issuer = NULL, *now_s = NULL, *skew_s = NULL;
	const char *pos[1];
	size_t npos;
	bool help;
	const struct cli_opt opts[] = {{"jwks", &jwks_path, NULL},
				       {"issuer", &issuer, NULL},
				       {"now", &now_s, NULL},
				       {"max-skew", &skew_s, NULL},
				       {NULL, NULL, NULL}};
	struct jwt_expect x;
	struct jwks *ks = NULL;
	struct jwt_verified v;
	struct buf jwks_text, token;
	struct err e;
	int rc;

	if (!cli_parse("jwt verify", argc, argv, opts, pos, 1, 1, &npos, &help))
		return EXIT_USAGE;
	if (help) {
		jwt_help(stdout);
		return EXIT_OK;
	}
	if (!jwks_path)
		return cli_usage_error("jwt verify", R_USAGE_MISSING_OPTION,
				       "--jwks FILE is required");
	rc = verify_expect(issuer, now_s, skew_s, &x);
	if (rc != EXIT_OK)
		return rc;

	err_clear(&e);
	buf_init(&jwks_text, JWKS_MAX_BYTES);
	buf_init(&token, JWS_MAX_TOKEN + 1);
	memset(&v, 0, sizeof(v));
	if (!jwks_load(jwks_path, &jwks_text, &ks, &e) || !token_read(pos[0], &token, &e) ||
	    !jwt_verify(token.len ? (const char *)token.data : "", token.len, ks, &x, &v, &e))
		rc = cli_fail(&e);
	else
		rc = print_claims(&v.claims);
	jwt_verified_free(&v);
	free(ks);
	buf_free(&token);
	buf_free(&jwks_text);
	return rc;
}

static int jwt_run(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("jwt", R_USAGE_MISSING_SUBCOMMAND,
				       "missing subcommand (verify)");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		jwt_help(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "verify") == 0)
		return verify_run(argc - 1, argv + 1);
	return cli_usage_error("jwt", R_USAGE_UNKNOWN_SUBCOMMAND, "unknown subcommand '%s'",
			       argv[1]);
}

const struct command cmd_jwt = {"jwt", "verify a provider token (JWS) against a JWKS", jwt_run,
				jwt_help};
