/*
 * Tests for src/shell/http.c against the independent Azure Attestation emulator
 * (test/provider/maa_emulator.py: HTTPS on loopback, its own test CA, the name
 * maa.attest.test mapped by ATTEST_RESOLVE, fault modes set on its control port), started
 * once for the group on port 0 and killed at the end, plus a one-line redirect server
 * (test/unit/redirect_server.py). Every test skips, saying so, when /usr/bin/python3 has no
 * cryptography module; the checks that need no server always run.
 *
 * What it proves: 200 from /certs; 400 with the error body summarised and not retried;
 * N x 503 then an answer; 429 with Retry-After honoured (elapsed time asserted) and never
 * waited past the deadline; a hang ends at the deadline as a transient failure (elapsed
 * asserted); connection refused retried until the deadline; a body cut mid-way; the 1 MiB
 * cap; garbage reaching the envelope parser and refused there; an untrusted server
 * certificate refused without retry; THIM over plain http with its Metadata header;
 * plain http, credentials and foreign hosts refused before any connection; a redirect not
 * followed; https_proxy in the environment ignored (and an explicit proxy used).
 */
#include "test_util.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "provider/maa_envelope.h"
#include "shell/http.h"

#include "emulator_fixture.h"

#define DNS_NAME  EMULATOR_DNS_NAME
#define ATTEST_Q  "/attest/AzureGuest?api-version=2020-10-01"
#define BAD_BODY  "{}"
#define BAD_LEN	  2u
#define REDIR_PID "redir.pid"

static struct emulator_fixture emu;
static struct {
	bool up; /* the emulator and the redirect server */
	unsigned redir;
	char base[128], resolve[128], ca[128], ctl_base[64];
} fx;

static const char *const loopback[] = {"127.0.0.1"};

static int servers_start(void **state)
{
	char cmd[1024], path[256];
	uint8_t *t;
	size_t n;

	(void)state;
	if (emulator_fixture_start(&emu, "/tmp/attest-http-XXXXXX") != 0)
		return -1;
	if (!emu.up)
		return 0;
	snprintf(fx.base, sizeof(fx.base), "https://" DNS_NAME ":%u", emu.https);
	snprintf(fx.resolve, sizeof(fx.resolve), DNS_NAME ":%u:127.0.0.1", emu.https);
	snprintf(fx.ca, sizeof(fx.ca), "%s/emu/tls-ca.pem", emu.dir);
	snprintf(fx.ctl_base, sizeof(fx.ctl_base), "http://127.0.0.1:%u", emu.ctl);

	snprintf(cmd, sizeof(cmd),
		 "/usr/bin/python3 test/unit/redirect_server.py '%s/redir.port' '%s/stats' "
		 ">/dev/null 2>'%s/redir.log' & echo $! >'%s/" REDIR_PID "'",
		 emu.dir, fx.ctl_base, emu.dir, emu.dir);
	if (system(cmd) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/redir.port", emu.dir);
	if (!emulator_wait_file(path))
		return -1;
	t = test_read_file(path, &n);
	if (!t)
		return -1;
	fx.redir = (unsigned)strtoul((const char *)t, NULL, 10);
	free(t);
	fx.up = fx.redir != 0;
	return fx.up ? 0 : -1;
}

static int servers_stop(void **state)
{
	(void)state;
	if (emu.dir[0])
		emulator_kill_pidfile(emu.dir, REDIR_PID);
	return emulator_fixture_stop(&emu);
}

static void need_servers(void)
{
	if (!fx.up) {
		print_message("skip: /usr/bin/python3 with cryptography absent (emulator)\n");
		skip();
	}
}

/* Options for the emulator's HTTPS listener, deadline ms from now. */
static struct http_opts provider_opts(uint64_t ms)
{
	struct http_opts o = {
	    .target = HTTP_TARGET_PROVIDER,
	    .ca_bundle = fx.ca,
	    .resolve = fx.resolve,
	    .deadline_ms = http_clock_ms() + ms,
	};
	return o;
}

static struct http_opts loopback_http_opts(uint64_t ms)
{
	struct http_opts o = {
	    .target = HTTP_TARGET_METADATA,
	    .metadata_hosts = loopback,
	    .n_metadata_hosts = 1,
	    .deadline_ms = http_clock_ms() + ms,
	};
	return o;
}

static void url(char *out, size_t n, const char *path)
{
	snprintf(out, n, "%s%s", fx.base, path);
}

/* Sets the emulator's fault mode over its plain-HTTP control port (our own client). */
static void set_fault(const char *json)
{
	struct http_opts o = loopback_http_opts(5000);
	struct http_response r;
	char u[96];
	struct err e;

	http_response_init(&r);
	snprintf(u, sizeof(u), "%s/fault", fx.ctl_base);
	if (!http_exchange(&o, "POST", u, (const uint8_t *)json, strlen(json), &r, NULL, &e))
		fail_msg("fault %s: %s: %s", json, e.reason, e.detail);
	http_response_free(&r);
}

static void assert_reason(const struct err *e, const char *reason, enum err_class cls)
{
	if (!e->reason || strcmp(e->reason, reason) != 0)
		fail_msg("expected %s, got %s: %s", reason, e->reason ? e->reason : "(none)",
			 e->detail);
	assert_string_equal(e->layer, "io");
	assert_int_equal(e->cls, cls);
}

/* POST the invalid body to the AzureGuest endpoint under o. */
static bool post_attest(const struct http_opts *o, struct http_response *r, unsigned *attempts,
			struct err *e)
{
	char u[192];
	url(u, sizeof(u), ATTEST_Q);
	return http_exchange(o, "POST", u, (const uint8_t *)BAD_BODY, BAD_LEN, r, attempts, e);
}

static void test_get_certs_200(void **state)
{
	struct http_opts o;
	struct http_response r;
	unsigned attempts = 0;
	char u[192];
	struct err e;

	(void)state;
	need_servers();
	o = provider_opts(10000);
	http_response_init(&r);
	url(u, sizeof(u), "/certs");
	if (!http_exchange(&o, "GET", u, NULL, 0, &r, &attempts, &e))
		fail_msg("%s: %s", e.reason, e.detail);
	assert_int_equal(r.status, 200);
	assert_int_equal(attempts, 1);
	assert_true(r.body.len > 20);
	assert_memory_equal(r.body.data, "{\"keys\": [", 10);
	http_response_free(&r);
}

static void test_post_400_summarised_not_retried(void **state)
{
	struct http_opts o;
	struct http_response r;
	unsigned attempts = 0;
	struct err e;

	(void)state;
	need_servers();
	o = provider_opts(10000);
	http_response_init(&r);
	/* Content-Length was sent (no 411) and Content-Type was JSON (no 415). */
	assert_false(post_attest(&o, &r, &attempts, &e));
	assert_reason(&e, "http_status", ERR_REJECT);
	assert_int_equal(attempts, 1);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(e.detail, "HTTP 400: InvalidParameter: "));
	http_response_free(&r);
}

static void test_503_twice_then_answer(void **state)
{
	struct http_opts o;
	struct http_response r;
	unsigned attempts = 0;
	struct err e;

	(void)state;
	need_servers();
	set_fault("{\"mode\":\"error\",\"status\":503,\"count\":2}");
	o = provider_opts(20000);
	http_response_init(&r);
	assert_false(post_attest(&o, &r, &attempts, &e));
	/* Two 503s retried, the third attempt reaches the request check (400). */
	assert_int_equal(attempts, 3);
	assert_reason(&e, "http_status", ERR_REJECT);
	assert_int_equal(r.status, 400);
	http_response_free(&r);
}

static void test_503_until_deadline_is_unavailable(void **state)
{
	struct http_opts o;
	struct http_response r;
	unsigned attempts = 0;
	uint64_t t0 = http_clock_ms(), dt;
	struct err e;

	(void)state;
	need_servers();
	set_fault("{\"mode\":\"error\",\"status\":500}");
	o = provider_opts(2000);
	http_response_init(&r);
	assert_false(post_attest(&o, &r, &attempts, &e));
	dt = http_clock_ms() - t0;
	set_fault("{\"mode\":\"none\"}");
	assert_reason(&e, "http_unavailable", ERR_TRANSIENT);
	assert_true(attempts >= 2);
	assert_non_null(strstr(e.detail, "HTTP 500"));
	assert_true(dt <= 2000 + 300);
	http_response_free(&r);
}

static void test_429_retry_after_honoured(void **state)
{
	struct http_opts o;
	struct http_response r;
	unsigned attempts = 0;
	uint64_t t0, dt;
	struct err e;

	(void)state;
	need_servers();
	set_fault("{\"mode\":\"ratelimit\",\"retry_after\":1,\"count\":1}");
	o = provider_opts(10000);
	http_response_init(&r);
	t0 = http_clock_ms();
	assert_false(post_attest(&o, &r, &attempts, &e));
	dt = http_clock_ms() - t0;
	assert_int_equal(attempts, 2);
	assert_reason(&e, "http_status", ERR_REJECT);
	assert_int_equal(r.status, 400);
	/* Retry-After: 1 is a lower bound; the first backoff window is 250 ms. */
	if (dt < 1000 || dt > 2500)
		fail_msg("elapsed %llu ms", (unsigned long long)dt);
	http_response_free(&r);
}

static void test_429_past_deadline_not_waited(void **state)
{
	struct http_opts o;
	struct http_response r;
	unsigned attempts = 0;
	uint64_t t0, dt;
	struct err e;

	(void)state;
	need_servers();
	set_fault("{\"mode\":\"ratelimit\",\"retry_after\":30,\"count\":1}");
	o = provider_opts(3000);
	http_response_init(&r);
	t0 = http_clock_ms();
	assert_false(post_attest(&o, &r, &attempts, &e));
	dt = http_clock_ms() - t0;
	assert_int_equal(attempts, 1);
	assert_reason(&e, "http_unavailable", ERR_TRANSIENT);
	assert_non_null(strstr(e.detail, "HTTP 429"));
	assert_true(dt < 1500); /* gave up at once instead of sleeping into the deadline */
	http_response_free(&r);
}

static void test_hang_ends_at_deadline(void **state)
{
	struct http_opts o;
	struct http_response r;
	unsigned attempts = 0;
	uint64_t t0, dt;
	struct err e;

	(void)state;
	need_servers();
	set_fault("{\"mode\":\"hang\",\"seconds\":20,\"count\":1}");
	o = provider_opts(2500);
	http_response_init(&r);
	t0 = http_clock_ms();
	assert_false(post_attest(&o, &r, &attempts, &e));
	dt = http_clock_ms() - t0;
	assert_reason(&e, "http_timeout", ERR_TRANSIENT);
	assert_int_equal(attempts, 1);
	if (dt < 2400 || dt > 3200)
		fail_msg("elapsed %llu ms", (unsigned long long)dt);
	http_response_free(&r);
}

static void test_connection_refused_retried_until_deadline(void **state)
{
	struct http_opts o;
	struct http_response r;
	unsigned attempts = 0;
	uint64_t t0, dt;
	struct err e;

	(void)state;
	need_servers();
	/* The redirect server's port speaks plain HTTP: use a port nobody listens on instead. */
	o = provider_opts(2000);
	o.resolve = DNS_NAME ":1:127.0.0.1";
	http_response_init(&r);
	t0 = http_clock_ms();
	assert_false(
	    http_exchange(&o, "GET", "https://" DNS_NAME ":1/certs", NULL, 0, &r, &attempts, &e));
	dt = http_clock_ms() - t0;
	assert_reason(&e, "http_unavailable", ERR_TRANSIENT);
	assert_non_null(strstr(e.detail, "http_connect_failed"));
	assert_true(attempts >= 2);
	assert_true(dt <= 2000 + 300);
	http_response_free(&r);
}

static void test_truncated_body(void **state)
{
	struct http_opts o;
	struct http_response r;
	enum http_attempt_result res;
	unsigned attempts = 0;
	char u[192];
	struct err e;

	(void)state;
	need_servers();
	set_fault("{\"mode\":\"truncate\",\"count\":1}");
	o = provider_opts(10000);
	http_response_init(&r);
	url(u, sizeof(u), ATTEST_Q);
	assert_false(http_request(&o, "POST", u, (const uint8_t *)BAD_BODY, BAD_LEN, &r, &res, &e));
	assert_reason(&e, "http_truncated", ERR_TRANSIENT);
	assert_int_equal(res, HTTP_ATTEMPT_TRANSIENT);
	/* The exchange retries it and gets the whole answer. */
	set_fault("{\"mode\":\"truncate\",\"count\":1}");
	assert_false(post_attest(&o, &r, &attempts, &e));
	assert_int_equal(attempts, 2);
	assert_reason(&e, "http_status", ERR_REJECT);
	http_response_free(&r);
}

static void test_oversized_body_capped(void **state)
{
	struct http_opts o;
	struct http_response r;
	unsigned attempts = 0;
	struct err e;

	(void)state;
	need_servers();
	set_fault("{\"mode\":\"oversized\",\"bytes\":3000000,\"count\":1}");
	o = provider_opts(10000);
	http_response_init(&r);
	assert_false(post_attest(&o, &r, &attempts, &e));
	assert_reason(&e, "http_body_too_large", ERR_REJECT);
	assert_int_equal(attempts, 1);
	assert_true(r.body.len <= HTTP_BODY_MAX);
	http_response_free(&r);
}

static void test_garbage_refused_by_envelope_reader(void **state)
{
	struct http_opts o;
	struct http_response r;
	struct maa_envelope env;
	unsigned attempts = 0;
	struct err e;

	(void)state;
	need_servers();
	set_fault("{\"mode\":\"garbage\",\"count\":1}");
	o = provider_opts(10000);
	http_response_init(&r);
	if (!post_attest(&o, &r, &attempts, &e))
		fail_msg("%s: %s", e.reason, e.detail);
	assert_int_equal(r.status, 200);
	maa_envelope_init(&env);
	assert_false(maa_envelope_parse(r.body.data, r.body.len, &env, &e));
	assert_string_equal(e.reason, "response_not_json");
	assert_int_equal(e.cls, ERR_REJECT);
	maa_envelope_free(&env);
	http_response_free(&r);
}

static void test_untrusted_certificate_not_retried(void **state)
{
	struct http_opts o;
	struct http_response r;
	unsigned attempts = 0;
	char u[192];
	struct err e;

	(void)state;
	need_servers();
	set_fault("{\"mode\":\"untrusted_tls\",\"count\":1}");
	o = provider_opts(10000);
	http_response_init(&r);
	url(u, sizeof(u), "/certs");
	assert_false(http_exchange(&o, "GET", u, NULL, 0, &r, &attempts, &e));
	assert_reason(&e, "http_tls_untrusted", ERR_REJECT);
	assert_int_equal(attempts, 1);
	/* The next connection gets the trusted certificate again. */
	assert_true(http_exchange(&o, "GET", u, NULL, 0, &r, &attempts, &e));
	http_response_free(&r);
}

static void test_wrong_name_refused(void **state)
{
	struct http_opts o;
	struct http_response r;
	char u[192], res[128];
	struct err e;

	(void)state;
	need_servers();
	/* The right server and CA, reached under a name its certificate does not carry. */
	snprintf(res, sizeof(res), "other.attest.test:%u:127.0.0.1", emu.https);
	snprintf(u, sizeof(u), "https://other.attest.test:%u/certs", emu.https);
	o = provider_opts(10000);
	o.resolve = res;
	http_response_init(&r);
	assert_false(http_exchange(&o, "GET", u, NULL, 0, &r, NULL, &e));
	assert_reason(&e, "http_tls_untrusted", ERR_REJECT);
	http_response_free(&r);
}

static void test_ca_bundle_required(void **state)
{
	struct http_opts o;
	struct http_response r;
	char u[192];
	struct err e;

	(void)state;
	need_servers();
	o = provider_opts(10000);
	o.ca_bundle = NULL;
	http_response_init(&r);
	url(u, sizeof(u), "/certs");
	assert_false(http_exchange(&o, "GET", u, NULL, 0, &r, NULL, &e));
	assert_reason(&e, "http_ca_bundle_unreadable", ERR_USAGE);
	o.ca_bundle = "/nonexistent/ca.pem";
	assert_false(http_exchange(&o, "GET", u, NULL, 0, &r, NULL, &e));
	assert_reason(&e, "http_ca_bundle_unreadable", ERR_USAGE);
	http_response_free(&r);
}

/* Refused before any connection: no server needed. */
static void test_urls_refused(void **state)
{
	static const char *const bad[] = {
	    "http://maa.attest.test:443/certs", /* provider: https only */
	    "https://user:pw@maa.attest.test/certs",
	    "ftp://maa.attest.test/certs",
	    "maa.attest.test/certs",
	    "",
	};
	struct http_opts o = {.target = HTTP_TARGET_PROVIDER, .ca_bundle = "/dev/null"};
	struct http_opts m = {
	    .target = HTTP_TARGET_METADATA, .metadata_hosts = loopback, .n_metadata_hosts = 1};
	struct http_response r;
	enum http_attempt_result res;
	unsigned attempts = 0;
	struct err e;

	(void)state;
	o.deadline_ms = m.deadline_ms = http_clock_ms() + 5000;
	http_response_init(&r);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(http_exchange(&o, "GET", bad[i], NULL, 0, &r, &attempts, &e));
		assert_reason(&e, "http_url_refused", ERR_USAGE);
		assert_int_equal(attempts, 1);
	}
	/* IMDS/AIA only to an allow-listed host, over http or https. */
	assert_false(http_request(&m, "GET", "https://127.0.0.2/x", NULL, 0, &r, &res, &e));
	assert_reason(&e, "http_url_refused", ERR_USAGE);
	assert_false(http_request(&m, "GET", "http://127.0.0.2:80/x", NULL, 0, &r, &res, &e));
	assert_reason(&e, "http_url_refused", ERR_USAGE);
	assert_int_equal(res, HTTP_ATTEMPT_FATAL);
	assert_false(
	    http_request(&m, "GET", "http://169.254.169.254/metadata", NULL, 0, &r, &res, &e));
	assert_reason(&e, "http_url_refused", ERR_USAGE);
	/* A bad ATTEST_RESOLVE is a configuration error. */
	o.resolve = "maa.attest.test:443";
	assert_false(http_request(&o, "GET", "https://maa.attest.test/x", NULL, 0, &r, &res, &e));
	assert_reason(&e, "http_resolve_invalid", ERR_USAGE);
	/* A passed deadline ends the exchange as a timeout without a connection. */
	o.resolve = NULL;
	o.deadline_ms = http_clock_ms() - 1;
	assert_false(http_exchange(&o, "GET", "https://maa.attest.test/x", NULL, 0, &r, NULL, &e));
	assert_reason(&e, "http_timeout", ERR_TRANSIENT);
	http_response_free(&r);
}

static void test_thim_over_plain_http_with_metadata_header(void **state)
{
	struct http_opts o;
	struct http_response r;
	char u[128];
	struct err e;

	(void)state;
	need_servers();
	o = loopback_http_opts(5000);
	http_response_init(&r);
	snprintf(u, sizeof(u), "http://127.0.0.1:%u/metadata/THIM/amd/certification", emu.thim);
	/* Without "Metadata: true" IMDS refuses (doc 1 step 5): the extra header is what counts. */
	assert_false(http_exchange(&o, "GET", u, NULL, 0, &r, NULL, &e));
	assert_reason(&e, "http_status", ERR_REJECT);
	assert_int_equal(r.status, 400);
	o.headers[0] = "Metadata: true";
	if (!http_exchange(&o, "GET", u, NULL, 0, &r, NULL, &e))
		fail_msg("%s: %s", e.reason, e.detail);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(buf_cstr(&r.body), "\"vcekCert\""));
	http_response_free(&r);
}

static void test_redirect_not_followed(void **state)
{
	struct http_opts o;
	struct http_response r;
	unsigned attempts = 0;
	char u[96];
	struct err e;

	(void)state;
	need_servers();
	o = loopback_http_opts(5000);
	http_response_init(&r);
	snprintf(u, sizeof(u), "http://127.0.0.1:%u/x", fx.redir);
	assert_false(http_exchange(&o, "GET", u, NULL, 0, &r, &attempts, &e));
	assert_reason(&e, "http_redirect_refused", ERR_REJECT);
	assert_int_equal(r.status, 302);
	assert_int_equal(attempts, 1);
	assert_int_equal(r.body.len, 0); /* not the target's (/stats) answer */
	http_response_free(&r);
}

static void test_environment_proxy_ignored(void **state)
{
	static const char *const vars[] = {"https_proxy", "HTTPS_PROXY", "http_proxy", "ALL_PROXY",
					   "all_proxy"};
	struct http_opts o;
	struct http_response r;
	enum http_attempt_result res;
	char u[192];
	struct err e;

	(void)state;
	need_servers();
	/* A proxy nobody listens on: using it would fail to connect. */
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		setenv(vars[i], "http://127.0.0.1:1", 1);
	o = provider_opts(10000);
	http_response_init(&r);
	url(u, sizeof(u), "/certs");
	bool ok = http_exchange(&o, "GET", u, NULL, 0, &r, NULL, &e);
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
	if (!ok)
		fail_msg("%s: %s", e.reason, e.detail);
	assert_int_equal(r.status, 200);
	/* The control: an explicitly configured proxy is used (and fails to connect here). */
	o.proxy = "http://127.0.0.1:1";
	assert_false(http_request(&o, "GET", u, NULL, 0, &r, &res, &e));
	assert_reason(&e, "http_connect_failed", ERR_TRANSIENT);
	http_response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_urls_refused),
	    cmocka_unit_test(test_get_certs_200),
	    cmocka_unit_test(test_post_400_summarised_not_retried),
	    cmocka_unit_test(test_503_twice_then_answer),
	    cmocka_unit_test(test_503_until_deadline_is_unavailable),
	    cmocka_unit_test(test_429_retry_after_honoured),
	    cmocka_unit_test(test_429_past_deadline_not_waited),
	    cmocka_unit_test(test_hang_ends_at_deadline),
	    cmocka_unit_test(test_connection_refused_retried_until_deadline),
	    cmocka_unit_test(test_truncated_body),
	    cmocka_unit_test(test_oversized_body_capped),
	    cmocka_unit_test(test_garbage_refused_by_envelope_reader),
	    cmocka_unit_test(test_untrusted_certificate_not_retried),
	    cmocka_unit_test(test_wrong_name_refused),
	    cmocka_unit_test(test_ca_bundle_required),
	    cmocka_unit_test(test_thim_over_plain_http_with_metadata_header),
	    cmocka_unit_test(test_redirect_not_followed),
	    cmocka_unit_test(test_environment_proxy_ignored),
	};
	return cmocka_run_group_tests(tests, servers_start, servers_stop);
}
