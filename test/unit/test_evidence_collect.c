/*
 * Unit tests for src/tpm/evidence_collect.c against the Azure-like swtpm fixture
 * (test/tpm/swtpm-fixture.sh, started once for the group): a collection that evidence_verify()
 * accepts, given event-log bytes taken as they are, and the named failures (missing AK, missing
 * AK certificate, unreachable TPM, bad PCR mask). Fixture tests skip without swtpm/tpm2-tools
 * or ../shared; the checks that need no TPM always run.
 */
#include "swtpm_fixture.h"
#include "test_util.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "attest/evidence_verify.h"
#include "attest/pem.h"
#include "json/json_writer.h"
#include "tpm/evidence_collect.h"
#include "tpm/tpm_collect.h"

static struct swtpm_fixture fx;

static int fixture_start(void **state)
{
	(void)state;
	return swtpm_fixture_start(&fx);
}

static int fixture_stop(void **state)
{
	(void)state;
	return swtpm_fixture_stop(&fx);
}

static void fixture_opts(struct collect_opts *o)
{
	if (!fx.up)
		skip();
	collect_opts_azure(o);
	o->tcti = fx.tcti;
	o->deadline_s = 10;
	o->eventlog_path = fx.log;
	o->created_unix = 1700000000;
}

static void assert_buf_is_file(const struct buf *b, const char *name)
{
	char path[192];
	size_t n;
	uint8_t *want;

	snprintf(path, sizeof(path), "%s/%s", fx.dir, name);
	want = test_read_file(path, &n);
	assert_non_null(want);
	assert_int_equal(b->len, n);
	assert_memory_equal(b->data, want, n);
	free(want);
}

/* Collect, then every offline check of evidence_verify() against the fixture's test PKI. */
static void test_collect_from_fixture_verifies(void **state)
{
	(void)state;
	struct collect_opts o;
	struct evidence ev;
	struct evidence_policy pol;
	static struct pem_obj roots[PEM_MAX_OBJECTS];
	struct buf out;
	uint8_t *pem;
	struct json_writer w;
	struct err e;
	char path[192];
	size_t nroots = 0, pem_len;

	fixture_opts(&o);
	evidence_init(&ev);
	err_clear(&e);
	if (!evidence_collect(&o, &ev, &e))
		fail_msg("%s: %s: %s", e.layer, e.reason, e.detail);
	assert_string_equal(ev.tcti, fx.tcti);
	assert_int_equal(ev.created, 1700000000);
	assert_int_equal(ev.pcr_mask, 0xff);
	assert_int_equal(ev.ak_handle, AZURE_AK_HANDLE);
	assert_int_equal(ev.nonce.len, TPM_NONCE_SIZE);
	assert_true(ev.has_eventlog);
	assert_true(ev.has_hcl);
	assert_buf_is_file(&ev.ak_pub, "ak.tpm2b");
	assert_buf_is_file(&ev.ak_cert, "pki/ak.der"); /* NV padding trimmed */
	assert_buf_is_file(&ev.hcl_report, "hcl.bin");

	snprintf(path, sizeof(path), "%s/pki/roots.pem", fx.dir);
	pem = test_read_file(path, &pem_len);
	assert_non_null(pem);
	assert_true(pem_decode_all(pem, pem_len, roots, PEM_MAX_OBJECTS, &nroots, &e));
	memset(&pol, 0, sizeof(pol));
	pol.roots = roots;
	pol.nroots = nroots;
	pol.now_unix = (uint64_t)time(NULL);
	pol.pcr_mask = EVIDENCE_DEFAULT_PCR_MASK;
	pol.isolation = EVIDENCE_ISOLATION_SEV_SNP; /* the fixture provisions an SNP HCL report */
	buf_init(&out, 1 << 16);
	json_writer_init(&w, &out);
	if (!evidence_verify(&ev, &pol, &w, &e))
		fail_msg("%s: %s: %s", e.layer, e.reason, e.detail);
	/* a second collection draws a new nonce */
	{
		struct evidence ev2;
		evidence_init(&ev2);
		assert_true(evidence_collect(&o, &ev2, &e));
		assert_memory_not_equal(ev.nonce.data, ev2.nonce.data, TPM_NONCE_SIZE);
		evidence_free(&ev2);
	}
	pem_free_all(roots, nroots);
	free(pem);
	buf_free(&out);
	evidence_free(&ev);
}

/* Event-log bytes are taken as given; an unreadable path is recorded as "no log". */
static void test_collect_takes_eventlog_bytes_or_records_none(void **state)
{
	(void)state;
	struct collect_opts o;
	struct evidence ev;
	struct err e;
	const uint8_t log[] = "not really a log";

	fixture_opts(&o);
	o.pcr_mask = 0x1; /* PCR 0 only */
	o.eventlog = log;
	o.eventlog_len = sizeof(log);
	evidence_init(&ev);
	assert_true(evidence_collect(&o, &ev, &e));
	assert_true(ev.has_eventlog);
	assert_int_equal(ev.eventlog.len, sizeof(log));
	assert_memory_equal(ev.eventlog.data, log, sizeof(log));
	assert_int_equal(ev.pcr_mask, 0x1);
	evidence_free(&ev);

	o.eventlog = NULL;
	o.eventlog_path = "/nonexistent/attest/log";
	evidence_init(&ev);
	assert_true(evidence_collect(&o, &ev, &e));
	assert_false(ev.has_eventlog);
	assert_int_equal(ev.eventlog.len, 0);
	evidence_free(&ev);
}

static void test_collect_missing_ak_is_named(void **state)
{
	(void)state;
	struct collect_opts o;
	struct evidence ev;
	struct err e;

	fixture_opts(&o);
	o.ak_handle = 0x81000099;
	evidence_init(&ev);
	assert_false(evidence_collect(&o, &ev, &e));
	assert_string_equal(e.layer, "tpm");
	assert_string_equal(e.reason, "ak_missing");
	assert_int_equal(e.cls, ERR_REJECT);
	assert_non_null(strstr(e.detail, "0x81000099"));
	evidence_free(&ev);
}

static void test_collect_missing_ak_cert_is_named(void **state)
{
	(void)state;
	struct collect_opts o;
	struct evidence ev;
	struct err e;

	fixture_opts(&o);
	o.ak_cert_nv = 0x01C10199;
	evidence_init(&ev);
	assert_false(evidence_collect(&o, &ev, &e));
	assert_string_equal(e.reason, "nv_missing");
	assert_non_null(strstr(e.detail, "0x01c10199"));
	evidence_free(&ev);
}

/* No TPM needed: a closed loopback port is transient after the deadline; a bad mask is usage. */
static void test_collect_failures_without_tpm(void **state)
{
	(void)state;
	struct collect_opts o;
	struct evidence ev;
	struct err e;

	collect_opts_azure(&o);
	o.tcti = "swtpm:host=127.0.0.1,port=1";
	o.deadline_s = 1;
	o.eventlog_path = NULL;
	evidence_init(&ev);
	assert_false(evidence_collect(&o, &ev, &e));
	assert_string_equal(e.reason, "tpm_unreachable");
	assert_int_equal(e.cls, ERR_TRANSIENT);
	evidence_free(&ev);

	o.pcr_mask = 1u << 24;
	evidence_init(&ev);
	assert_false(evidence_collect(&o, &ev, &e));
	assert_string_equal(e.reason, "bad_pcr_list");
	assert_int_equal(e.cls, ERR_USAGE);
	o.pcr_mask = 0;
	assert_false(evidence_collect(&o, &ev, &e));
	assert_string_equal(e.reason, "bad_pcr_list");
	evidence_free(&ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_collect_failures_without_tpm),
	    cmocka_unit_test(test_collect_from_fixture_verifies),
	    cmocka_unit_test(test_collect_takes_eventlog_bytes_or_records_none),
	    cmocka_unit_test(test_collect_missing_ak_is_named),
	    cmocka_unit_test(test_collect_missing_ak_cert_is_named),
	};
	return cmocka_run_group_tests(tests, fixture_start, fixture_stop);
}
