/*
 * Tests for src/provider/thim.c (the THIM answer to a VCEK chain, pure) and
 * src/shell/thim_fetch.c (the IMDS edge) against the independent emulator's THIM listener
 * (test/provider/maa_emulator.py, plain HTTP on loopback, started once for the group; the
 * fetch tests skip, saying so, when /usr/bin/python3 has no cryptography module).
 *
 * What it proves: the chain is the VCEK then certificateChain, re-encoded (known answer from
 * the unit-test PKI, text between objects dropped); a refusal with its reason for every check
 * (size, JSON, members, types, object count, object type, X.509 form, output cap); the fetch
 * returns exactly the emulator's own VCEK chain file; the endpoint answers 400 without
 * "Metadata: true" (so thim_fetch's success shows it sends it); https, foreign and private
 * hosts are refused before any connection; an unreachable IMDS ends inside the 5 s budget as
 * a transient failure.
 */
#include "test_util.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attest/pem.h"
#include "provider/maa_request.h"
#include "provider/thim.h"
#include "shell/http.h"
#include "shell/thim_fetch.h"

#include "emulator_fixture.h"

#define CERTS  "test/tpm/certs/"
#define THIM_P "/metadata/THIM/amd/certification"

static struct emulator_fixture fx;

/* ---- pure parser ---- */

static char *rd_text(const char *name)
{
	char p[256];
	size_t n;
	uint8_t *d;

	snprintf(p, sizeof(p), CERTS "%s", name);
	d = test_read_file(p, &n);
	assert_non_null(d);
	d = realloc(d, n + 1);
	assert_non_null(d);
	d[n] = '\0';
	return (char *)d;
}

/* s as a JSON string body (newlines escaped), appended to b. */
static void put_json_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++)
		if (*s == '\n')
			buf_puts(b, "\\n");
		else
			buf_putc(b, *s);
	buf_putc(b, '"');
}

/* {"vcekCert": vcek, "tcbm": "...", "certificateChain": chain} */
static void answer(struct buf *b, const char *vcek, const char *chain)
{
	buf_reset(b);
	buf_puts(b, "{\"vcekCert\":");
	put_json_str(b, vcek);
	buf_puts(b, ",\"tcbm\":\"DB18000000000004\",\"certificateChain\":");
	put_json_str(b, chain);
	buf_puts(b, "}");
	assert_true(buf_ok(b));
}

static const char *parse(const void *body, size_t n, struct buf *out)
{
	static char reason[64];
	struct err e;

	err_clear(&e);
	if (thim_parse(body, n, out, &e))
		return "ok";
	assert_int_equal(out->len, 0);
	snprintf(reason, sizeof(reason), "%s", e.reason);
	return reason;
}

static const char *parse_str(const char *body, struct buf *out)
{
	return parse(body, strlen(body), out);
}

static void test_parse_is_vcek_then_chain_known_answer(void **state)
{
	char *v = rd_text("root-only.pem"), *c = rd_text("roots.pem"), *junk;
	struct buf b, out;

	(void)state;
	buf_init(&b, 1 << 20);
	buf_init(&out, MAA_VCEK_CHAIN_MAX);
	answer(&b, v, c);
	assert_string_equal(parse(b.data, b.len, &out), "ok");
	/* The unit PKI's PEM is already RFC 7468 with 64-character lines: same bytes. */
	assert_int_equal(out.len, strlen(v) + strlen(c));
	assert_memory_equal(out.data, v, strlen(v));
	assert_memory_equal(out.data + strlen(v), c, strlen(c));
	/* Text around the objects is not carried into the request. */
	junk = malloc(strlen(v) + 32);
	assert_non_null(junk);
	snprintf(junk, strlen(v) + 32, "note: x\n%s# tail\n", v);
	answer(&b, junk, c);
	assert_string_equal(parse(b.data, b.len, &out), "ok");
	assert_int_equal(out.len, strlen(v) + strlen(c));
	assert_memory_equal(out.data, v, strlen(v));
	free(junk);
	free(v);
	free(c);
	buf_free(&b);
	buf_free(&out);
}

static void test_parse_refuses_bad_json_and_members(void **state)
{
	struct buf out;
	char *v = rd_text("root-only.pem");
	struct buf b;

	(void)state;
	buf_init(&out, MAA_VCEK_CHAIN_MAX);
	buf_init(&b, 1 << 20);
	assert_string_equal(parse_str("", &out), "thim_not_json");
	assert_string_equal(parse_str("{\"vcekCert\":", &out), "thim_not_json");
	assert_string_equal(parse_str("[]", &out), "thim_not_json");
	assert_string_equal(parse_str("{\"a\":1,\"a\":2}", &out), "thim_not_json");
	assert_string_equal(parse_str("{}", &out), "thim_member_missing");
	assert_string_equal(parse_str("{\"vcekCert\":1,\"certificateChain\":\"\"}", &out),
			    "thim_member_type");
	assert_string_equal(
	    parse_str("{\"vcekCert\":\"a\\u0000\",\"certificateChain\":\"\"}", &out),
	    "thim_member_type");
	/* A good vcekCert, then the chain missing / of the wrong type. */
	buf_puts(&b, "{\"vcekCert\":");
	put_json_str(&b, v);
	buf_puts(&b, "}");
	assert_string_equal(parse(b.data, b.len, &out), "thim_member_missing");
	b.len--;
	buf_puts(&b, ",\"certificateChain\":[]}");
	assert_string_equal(parse(b.data, b.len, &out), "thim_member_type");
	free(v);
	buf_free(&b);
	buf_free(&out);
}

static void test_parse_refuses_wrong_objects(void **state)
{
	char *v = rd_text("root-only.pem"), *c = rd_text("roots.pem"), *k = rd_text("ak.pem");
	char *three = malloc(strlen(c) * 2 + 1);
	static const char not_x509[] =
	    "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n";
	static const char broken[] =
	    "-----BEGIN CERTIFICATE-----\nAQ!D\n-----END CERTIFICATE-----\n";
	struct buf b, out;

	(void)state;
	assert_non_null(three);
	snprintf(three, strlen(c) * 2 + 1, "%s%s", c, c); /* four certificates */
	buf_init(&b, 1 << 20);
	buf_init(&out, MAA_VCEK_CHAIN_MAX);
	answer(&b, c, c); /* two in vcekCert */
	assert_string_equal(parse(b.data, b.len, &out), "thim_cert_invalid");
	answer(&b, "", c); /* none */
	assert_string_equal(parse(b.data, b.len, &out), "thim_cert_invalid");
	answer(&b, v, ""); /* an empty chain */
	assert_string_equal(parse(b.data, b.len, &out), "thim_cert_invalid");
	answer(&b, v, three); /* over THIM_CHAIN_MAX_CERTS */
	assert_string_equal(parse(b.data, b.len, &out), "thim_cert_invalid");
	answer(&b, k, c); /* a PUBLIC KEY, not a certificate */
	assert_string_equal(parse(b.data, b.len, &out), "thim_cert_invalid");
	answer(&b, v, not_x509); /* labelled CERTIFICATE, not X.509 DER */
	assert_string_equal(parse(b.data, b.len, &out), "thim_cert_invalid");
	answer(&b, broken, c); /* not base64 */
	assert_string_equal(parse(b.data, b.len, &out), "thim_cert_invalid");
	answer(&b, v, c); /* and the good pair still passes on the same buffers */
	assert_string_equal(parse(b.data, b.len, &out), "ok");
	free(v);
	free(c);
	free(k);
	free(three);
	buf_free(&b);
	buf_free(&out);
}

/* A structurally valid certificate (x509_dns accepts it) of about 6 KiB, as PEM text. */
static char *big_cert_pem(void)
{
	static uint8_t der[6200];
	/* TBSCertificate content: INTEGER 1 (3), SEQUENCE {} (2), issuer (4 + fill), 2 + 2. */
	const size_t fill = 6000, inner = 3 + 2 + 4 + fill + 2 + 2, outer = 4 + inner,
		     all = 4 + outer;
	struct buf b;
	size_t i = 0;

	/* Certificate SEQUENCE { TBSCertificate SEQUENCE { INTEGER 1, SEQUENCE {}, issuer
	 * SEQUENCE { 6000 bytes }, validity SEQUENCE {}, subject SEQUENCE {} } } */
	der[i++] = 0x30, der[i++] = 0x82, der[i++] = (uint8_t)(outer >> 8),
	der[i++] = (uint8_t)outer;
	der[i++] = 0x30, der[i++] = 0x82, der[i++] = (uint8_t)(inner >> 8),
	der[i++] = (uint8_t)inner;
	der[i++] = 0x02, der[i++] = 0x01, der[i++] = 0x01;
	der[i++] = 0x30, der[i++] = 0x00;
	der[i++] = 0x30, der[i++] = 0x82, der[i++] = (uint8_t)(fill >> 8), der[i++] = (uint8_t)fill;
	memset(der + i, 0, fill);
	i += fill;
	der[i++] = 0x30, der[i++] = 0x00, der[i++] = 0x30, der[i++] = 0x00;
	assert_int_equal(i, all);
	buf_init(&b, 1 << 16);
	assert_true(pem_encode("CERTIFICATE", der, all, &b));
	return (char *)b.data; /* NUL-terminated by pem_encode */
}

static void test_parse_refuses_over_caps(void **state)
{
	char *big = big_cert_pem(), *v = rd_text("root-only.pem");
	char *three = malloc(strlen(big) * 3 + 1);
	struct buf b, out;
	uint8_t *huge;

	(void)state;
	assert_non_null(three);
	snprintf(three, strlen(big) * 3 + 1, "%s%s%s", big, big, big);
	buf_init(&b, 1 << 20);
	buf_init(&out, MAA_VCEK_CHAIN_MAX);
	answer(&b, v, big); /* one big certificate fits */
	assert_string_equal(parse(b.data, b.len, &out), "ok");
	answer(&b, v, three); /* three of them: a chain over MAA_VCEK_CHAIN_MAX */
	assert_true(b.len <= THIM_MAX_BODY);
	assert_string_equal(parse(b.data, b.len, &out), "thim_too_large");
	huge = calloc(1, THIM_MAX_BODY + 1);
	assert_non_null(huge);
	assert_string_equal(parse(huge, THIM_MAX_BODY + 1, &out), "thim_too_large");
	free(huge);
	free(big);
	free(three);
	free(v);
	buf_free(&b);
	buf_free(&out);
}

/* ---- the edge, against the emulator ---- */

static int emulator_start(void **state)
{
	(void)state;
	return emulator_fixture_start(&fx, "/tmp/attest-thim-XXXXXX");
}

static int emulator_stop(void **state)
{
	(void)state;
	return emulator_fixture_stop(&fx);
}

static void need_emulator(void)
{
	if (!fx.up) {
		print_message("skip: /usr/bin/python3 with cryptography absent (emulator)\n");
		skip();
	}
}

static void thim_url(char *out, size_t n, const char *host, const char *path)
{
	snprintf(out, n, "http://%s:%u%s", host, fx.thim, path);
}

static void test_fetch_returns_the_emulators_vcek_chain(void **state)
{
	char u[128], path[256];
	struct buf out;
	uint8_t *want;
	size_t n;
	struct err e;

	(void)state;
	need_emulator();
	buf_init(&out, MAA_VCEK_CHAIN_MAX);
	thim_url(u, sizeof(u), "127.0.0.1", THIM_P);
	if (!thim_fetch(u, NULL, http_clock_ms() + 10000, &out, &e))
		fail_msg("%s: %s", e.reason, e.detail);
	snprintf(path, sizeof(path), "%s/emu/vcek-chain.pem", fx.dir);
	want = test_read_file(path, &n);
	assert_non_null(want);
	assert_int_equal(out.len, n); /* VCEK, ASK, ARK: the emulator's own file */
	assert_memory_equal(out.data, want, n);
	free(want);
	/* "localhost" is loopback too. */
	thim_url(u, sizeof(u), "localhost", THIM_P);
	if (!thim_fetch(u, NULL, http_clock_ms() + 10000, &out, &e))
		fail_msg("%s: %s", e.reason, e.detail);
	buf_free(&out);
}

static void test_endpoint_wants_the_metadata_header(void **state)
{
	static const char *const loopback[] = {"127.0.0.1"};
	struct http_opts o = {
	    .target = HTTP_TARGET_METADATA, .metadata_hosts = loopback, .n_metadata_hosts = 1};
	struct http_response r;
	char u[128];
	struct err e;

	(void)state;
	need_emulator();
	o.deadline_ms = http_clock_ms() + 5000;
	thim_url(u, sizeof(u), "127.0.0.1", THIM_P);
	http_response_init(&r);
	/* Without "Metadata: true" the endpoint answers 400, as IMDS does (1 step 5); that
	 * thim_fetch succeeds on the same URL (above) shows it sends the header. */
	assert_false(http_exchange(&o, "GET", u, NULL, 0, &r, NULL, &e));
	assert_string_equal(e.reason, "http_status");
	assert_int_equal(r.status, 400);
	http_response_free(&r);
}

static void test_fetch_refuses_other_urls_before_connecting(void **state)
{
	static const char *const urls[] = {
	    "https://169.254.169.254" THIM_P,	       /* not plain http */
	    "http://example.com" THIM_P,	       /* not IMDS */
	    "http://10.0.0.1" THIM_P,		       /* a private address is not IMDS either */
	    "http://169.254.169.254.evil.test" THIM_P, /* a look-alike name */
	    "http://user:pw@169.254.169.254" THIM_P,   /* credentials */
	    "ftp://169.254.169.254/x",
	    "",
	};
	struct buf out;
	struct err e;
	uint64_t t0 = http_clock_ms();

	(void)state;
	buf_init(&out, MAA_VCEK_CHAIN_MAX);
	for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		assert_false(thim_fetch(urls[i], NULL, http_clock_ms() + 60000, &out, &e));
		assert_string_equal(e.reason, "http_url_refused");
		assert_int_equal(e.cls, ERR_USAGE);
	}
	assert_false(thim_fetch(NULL, NULL, http_clock_ms() + 60000, &out, &e));
	assert_string_equal(e.reason, "http_url_refused");
	assert_true(http_clock_ms() - t0 < 1000); /* no connection was tried */
	buf_free(&out);
}

static void test_fetch_wrong_path_is_status(void **state)
{
	char u[128];
	struct buf out;
	struct err e;

	(void)state;
	need_emulator();
	buf_init(&out, MAA_VCEK_CHAIN_MAX);
	thim_url(u, sizeof(u), "127.0.0.1", "/metadata/THIM/amd/other");
	assert_false(thim_fetch(u, NULL, http_clock_ms() + 10000, &out, &e));
	assert_string_equal(e.reason, "http_status");
	buf_free(&out);
}

static void test_unreachable_imds_ends_within_its_budget(void **state)
{
	struct buf out;
	struct err e;
	uint64_t t0;

	(void)state;
	buf_init(&out, MAA_VCEK_CHAIN_MAX);
	t0 = http_clock_ms();
	/* Port 9 on loopback: nothing listens; retried until the 5 s budget, not the 60 s. */
	assert_false(thim_fetch("http://127.0.0.1:9" THIM_P, NULL, t0 + 60000, &out, &e));
	assert_int_equal(e.cls, ERR_TRANSIENT);
	assert_true(http_clock_ms() - t0 >= 1000);
	assert_true(http_clock_ms() - t0 <= THIM_FETCH_TIMEOUT_MS + 1500);
	/* A deadline already past ends at once. */
	t0 = http_clock_ms();
	assert_false(thim_fetch("http://127.0.0.1:9" THIM_P, NULL, t0 - 1, &out, &e));
	assert_string_equal(e.reason, "http_timeout");
	assert_true(http_clock_ms() - t0 < 1000);
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_is_vcek_then_chain_known_answer),
	    cmocka_unit_test(test_parse_refuses_bad_json_and_members),
	    cmocka_unit_test(test_parse_refuses_wrong_objects),
	    cmocka_unit_test(test_parse_refuses_over_caps),
	    cmocka_unit_test(test_fetch_returns_the_emulators_vcek_chain),
	    cmocka_unit_test(test_endpoint_wants_the_metadata_header),
	    cmocka_unit_test(test_fetch_refuses_other_urls_before_connecting),
	    cmocka_unit_test(test_fetch_wrong_path_is_status),
	    cmocka_unit_test(test_unreachable_imds_ends_within_its_budget),
	};
	return cmocka_run_group_tests(tests, emulator_start, emulator_stop);
}
