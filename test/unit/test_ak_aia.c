/*
 * Tests for src/shell/ak_aia.c against a loopback HTTP server (test/unit/aia_server.py: a
 * test PKI root <- "CA 2025" <- "CA - 11" <- AK leaf, whose caIssuers URLs name the server's
 * port; started once for the group; every test that needs it skips, saying so, when
 * /usr/bin/python3 has no cryptography module).
 *
 * What it proves: following caIssuers from the leaf fetches CA - 11 (PEM) and CA 2025 (DER),
 * stops at the pinned root without fetching it, and ak_cert_verify then accepts the chain
 * that it refused without the fetched intermediates; a known intermediate stops the walk;
 * a leaf without AIA fetches nothing; and one named refusal each for a host off the
 * allow-list (the default list too, before any connection), a served root, a certificate
 * that is not the named issuer, a body that is no certificate, a body over 16 KiB, a 404,
 * and two CAs naming each other.
 */
#include "test_util.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attest/ak_cert.h"
#include "attest/pem.h"
#include "shell/ak_aia.h"
#include "shell/http.h"

#define T_2026 1767225600ull /* 2026-01-01, inside the test PKI's validity */

static struct {
	bool up;
	char dir[64];
	long pid;
} fx;

static const char *const loopback[] = {"127.0.0.1"};

static int server_start(void **state)
{
	char cmd[512], path[128];
	struct stat st;
	uint8_t *t;
	size_t n;

	(void)state;
	if (system("/usr/bin/python3 -c 'import cryptography' >/dev/null 2>&1") != 0)
		return 0;
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/attest-aia-XXXXXX");
	if (!mkdtemp(fx.dir))
		return -1;
	snprintf(cmd, sizeof(cmd),
		 "/usr/bin/python3 test/unit/aia_server.py '%s' 2>'%s/log' & echo $! >'%s/pid'",
		 fx.dir, fx.dir, fx.dir);
	if (system(cmd) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/port", fx.dir);
	for (int i = 0; i < 300 && stat(path, &st) != 0; i++)
		usleep(100000);
	snprintf(path, sizeof(path), "%s/pid", fx.dir);
	t = test_read_file(path, &n);
	if (t && n > 0) {
		t[n - 1] = '\0';
		fx.pid = strtol((const char *)t, NULL, 10);
	}
	free(t);
	snprintf(path, sizeof(path), "%s/port", fx.dir);
	fx.up = stat(path, &st) == 0;
	if (!fx.up)
		fprintf(stderr, "# aia_server.py did not start: see %s/log\n", fx.dir);
	return fx.up ? 0 : -1;
}

static int server_stop(void **state)
{
	char cmd[128];

	(void)state;
	if (!fx.dir[0])
		return 0;
	if (fx.pid > 1)
		kill((pid_t)fx.pid, SIGTERM);
	usleep(100000);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx.dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void need_server(void)
{
	if (!fx.up) {
		print_message("skip: /usr/bin/python3 with cryptography absent (aia_server.py)\n");
		skip();
	}
}

static uint8_t *rd(const char *name, size_t *n)
{
	char p[128];
	uint8_t *d;

	snprintf(p, sizeof(p), "%s/%s", fx.dir, name);
	d = test_read_file(p, n);
	assert_non_null(d);
	return d;
}

static struct ak_aia_opts loopback_opts(void)
{
	struct ak_aia_opts o = {
	    .hosts = loopback,
	    .n_hosts = 1,
	    .deadline_ms = http_clock_ms() + 20000,
	};
	return o;
}

/* The chain walk from leaf file name with the pinned root as the only known certificate. */
static const char *walk(const char *leaf, const struct ak_aia_opts *o, struct buf *pem,
			size_t *n_fetched)
{
	static char reason[64];
	size_t ln, rn, nroot;
	uint8_t *l = rd(leaf, &ln), *r = rd("root.pem", &rn);
	struct pem_obj root[1];
	struct err e;
	bool ok;

	assert_true(pem_decode_all(r, rn, root, 1, &nroot, &e));
	err_clear(&e);
	ok = ak_aia_fetch_chain(l, ln, root, nroot, o, pem, n_fetched, &e);
	snprintf(reason, sizeof(reason), "%s", ok ? "ok" : e.reason);
	pem_free_all(root, nroot);
	free(l);
	free(r);
	return reason;
}

/* Whether the bytes p[0..n) contain the string s. */
static bool has(const uint8_t *p, size_t n, const char *s)
{
	size_t k = strlen(s);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(p + i, s, k) == 0)
			return true;
	return false;
}

/* ak_cert_verify of leaf.der against root.pem plus the extra PEM text. */
static const char *verify_with(const struct buf *extra)
{
	static char reason[64];
	size_t ln, rn, kn, nobj;
	uint8_t *l = rd("leaf.der", &ln), *r = rd("root.pem", &rn), *k = rd("ak.pem", &kn);
	struct pem_obj objs[8];
	struct rsa_pub ak;
	struct buf all;
	struct err e;
	bool ok;

	buf_init(&all, 1 << 20);
	assert_true(buf_append(&all, r, rn));
	if (extra)
		assert_true(buf_append(&all, extra->data, extra->len));
	assert_true(rsa_pub_from_pem(&ak, k, kn, &e));
	assert_true(pem_decode_all(all.data, all.len, objs, 8, &nobj, &e));
	err_clear(&e);
	ok = ak_cert_verify(l, ln, objs, nobj, T_2026, &ak, &e);
	snprintf(reason, sizeof(reason), "%s", ok ? "ok" : e.reason);
	pem_free_all(objs, nobj);
	buf_free(&all);
	free(l);
	free(r);
	free(k);
	return reason;
}

static void test_chain_is_fetched_up_to_the_pinned_root(void **state)
{
	struct ak_aia_opts o;
	struct pem_obj got[4];
	struct buf pem;
	size_t n = 9, k;
	struct err e;
	const uint8_t *is, *su;
	size_t il, sl;

	(void)state;
	need_server();
	o = loopback_opts();
	buf_init(&pem, 1 << 16);
	/* Without AIA the intermediates are missing: the chain is not trusted. */
	assert_string_equal(verify_with(NULL), "ak_cert_untrusted");
	assert_string_equal(walk("leaf.der", &o, &pem, &n), "ok");
	assert_int_equal(n,
			 2); /* CA - 11 (served as PEM), CA 2025 (DER); the root is not fetched */
	assert_true(pem_decode_all(pem.data, pem.len, got, 4, &k, &e));
	assert_int_equal(k, 2);
	assert_true(x509_dns(got[0].der, got[0].len, &is, &il, &su, &sl));
	assert_true(has(su, sl, "AIA Test CA - 11"));
	assert_true(x509_dns(got[1].der, got[1].len, &is, &il, &su, &sl));
	assert_true(has(su, sl, "AIA Test CA 2025"));
	pem_free_all(got, k);
	/* With them appended to the pool the chain ends at the pinned root. */
	assert_string_equal(verify_with(&pem), "ok");
	buf_free(&pem);
}

static void test_known_issuer_or_no_aia_fetches_nothing(void **state)
{
	struct ak_aia_opts o;
	struct pem_obj known[2];
	struct buf pem, ca1;
	size_t ln, n = 9, k, cn;
	uint8_t *l, *c;
	bool fetched = true;
	struct err e;

	(void)state;
	need_server();
	o = loopback_opts();
	buf_init(&pem, 1 << 16);
	assert_string_equal(walk("leaf-noaia.der", &o, &pem, &n), "ok");
	assert_int_equal(n, 0);
	assert_int_equal(pem.len, 0);
	l = rd("leaf-noaia.der", &ln);
	assert_true(ak_aia_fetch_issuer(l, ln, &o, &pem, &fetched, &e));
	assert_false(fetched);
	free(l);
	/* CA - 11 already configured: the walk stops at once. */
	c = rd("www/ca1.pem", &cn);
	buf_init(&ca1, 1 << 16);
	assert_true(buf_append(&ca1, c, cn));
	assert_true(pem_decode_all(ca1.data, ca1.len, known, 2, &k, &e));
	l = rd("leaf.der", &ln);
	assert_true(ak_aia_fetch_chain(l, ln, known, k, &o, &pem, &n, &e));
	assert_int_equal(n, 0);
	/* One hop by hand: CA - 11, re-encoded from the served PEM to the same text. */
	assert_true(ak_aia_fetch_issuer(l, ln, &o, &pem, &fetched, &e));
	assert_true(fetched);
	assert_int_equal(pem.len, cn);
	assert_memory_equal(pem.data, c, cn);
	pem_free_all(known, k);
	free(l);
	free(c);
	buf_free(&ca1);
	buf_free(&pem);
}

static void test_host_off_the_allow_list_is_refused(void **state)
{
	struct ak_aia_opts o;
	struct buf pem;
	size_t n;
	uint64_t t0;

	(void)state;
	need_server();
	buf_init(&pem, 1 << 16);
	o = loopback_opts();
	assert_string_equal(walk("leaf-foreign.der", &o, &pem, &n), "aia_host_not_allowed");
	/* The default list (Microsoft's PKI hosts) holds no loopback: refused, no connection. */
	o.hosts = NULL;
	t0 = http_clock_ms();
	assert_string_equal(walk("leaf.der", &o, &pem, &n), "aia_host_not_allowed");
	assert_true(http_clock_ms() - t0 < 1000);
	assert_int_equal(pem.len, 0);
	buf_free(&pem);
}

static void test_served_certificates_are_checked(void **state)
{
	static const struct {
		const char *leaf, *reason;
	} cases[] = {
	    {"leaf-wrong.der", "aia_wrong_issuer"},	 /* CA 2025 served for CA - 11 */
	    {"leaf-garbage.der", "aia_not_certificate"}, /* HTML */
	    {"leaf-big.der", "http_body_too_large"},	 /* over AK_AIA_MAX_CERT */
	    {"leaf-missing.der", "http_status"},	 /* 404 */
	    {"leaf-loop.der", "aia_chain_too_long"},	 /* two CAs naming each other */
	};
	struct ak_aia_opts o;
	struct buf pem;
	size_t n;

	(void)state;
	need_server();
	buf_init(&pem, 1 << 16);
	/* A root is never fetched into the pool: one hop to a served root is refused; the walk
	 * stops before it anyway, its issuer being the pinned root. */
	{
		size_t ln;
		uint8_t *l = rd("leaf-selfroot.der", &ln);
		bool fetched = true;
		struct err e;
		o = loopback_opts();
		assert_false(ak_aia_fetch_issuer(l, ln, &o, &pem, &fetched, &e));
		assert_string_equal(e.reason, "aia_self_issued");
		assert_false(fetched);
		assert_int_equal(pem.len, 0);
		free(l);
		assert_string_equal(walk("leaf-selfroot.der", &o, &pem, &n), "ok");
		assert_int_equal(n, 0);
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		o = loopback_opts();
		buf_reset(&pem);
		if (strcmp(walk(cases[i].leaf, &o, &pem, &n), cases[i].reason) != 0)
			fail_msg("%s: got %s, want %s", cases[i].leaf,
				 walk(cases[i].leaf, &o, &pem, &n), cases[i].reason);
	}
	buf_free(&pem);
}

static void test_garbage_leaf_is_refused(void **state)
{
	struct ak_aia_opts o = {.deadline_ms = 0};
	struct buf pem;
	size_t n;
	bool fetched;
	struct err e;

	(void)state;
	buf_init(&pem, 1 << 16);
	assert_false(ak_aia_fetch_issuer((const uint8_t *)"\x30\x00", 2, &o, &pem, &fetched, &e));
	assert_string_equal(e.reason, "aia_not_certificate");
	assert_false(ak_aia_fetch_chain((const uint8_t *)"\x01", 1, NULL, 0, &o, &pem, &n, &e));
	assert_string_equal(e.reason, "aia_not_certificate");
	buf_free(&pem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chain_is_fetched_up_to_the_pinned_root),
	    cmocka_unit_test(test_known_issuer_or_no_aia_fetches_nothing),
	    cmocka_unit_test(test_host_off_the_allow_list_is_refused),
	    cmocka_unit_test(test_served_certificates_are_checked),
	    cmocka_unit_test(test_garbage_leaf_is_refused),
	};
	return cmocka_run_group_tests(tests, server_start, server_stop);
}
