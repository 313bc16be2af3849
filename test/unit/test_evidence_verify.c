/*
 * Unit tests for src/attest/evidence_verify.c with the hand-built bundles in test/data/evidence
 * (test/tpm/make_evidence_fixtures.py: a test root, an AK chained to it, quotes and
 * certifications signed by that AK; valid 2025-2030, verified at 2026-01-01). Each check of the
 * security review (issue 16) has a bundle that passed before and must fail now, with its reason.
 */
#include "test_util.h"

#include "attest/ak_cert.h"
#include "attest/evidence_verify.h"

#define FIXTURES "test/data/evidence/"
#define T_2026	 1767225600ull /* 2026-01-01 */

struct run {
	bool ok;
	char reason[64];
	char detail[sizeof(((struct err *)0)->detail)];
	char summary[2048];
};

static struct evidence_policy policy(enum evidence_isolation iso)
{
	struct evidence_policy p;
	memset(&p, 0, sizeof(p));
	p.now_unix = T_2026;
	p.pcr_mask = EVIDENCE_DEFAULT_PCR_MASK;
	p.isolation = iso;
	return p;
}

/* Reads FIXTURES/name (PEM roots, NUL, bundle JSON) and verifies it under p. */
static struct run verify_with(const char *name, struct evidence_policy p)
{
	static struct run r;
	char path[256];
	size_t n, nroots = 0;
	uint8_t *data;
	const uint8_t *nul;
	struct pem_obj roots[8];
	struct evidence ev;
	struct buf out;
	struct json_writer w;
	struct err e;

	memset(&r, 0, sizeof(r));
	snprintf(path, sizeof(path), FIXTURES "%s", name);
	data = test_read_file(path, &n);
	assert_non_null(data);
	nul = memchr(data, 0, n);
	assert_non_null(nul);
	err_clear(&e);
	assert_true(pem_decode_all(data, (size_t)(nul - data), roots, 8, &nroots, &e));
	evidence_init(&ev);
	assert_true(evidence_read(nul + 1, n - (size_t)(nul - data) - 1, &ev, &e));
	p.roots = roots;
	p.nroots = nroots;
	buf_init(&out, sizeof(r.summary) - 1);
	json_writer_init(&w, &out);
	r.ok = evidence_verify(&ev, &p, &w, &e);
	snprintf(r.reason, sizeof(r.reason), "%s", r.ok ? "ok" : e.reason);
	snprintf(r.detail, sizeof(r.detail), "%s", r.ok ? "" : e.detail);
	if (r.ok) {
		assert_true(json_writer_ok(&w));
		memcpy(r.summary, out.data, out.len);
	}
	buf_free(&out);
	evidence_free(&ev);
	pem_free_all(roots, nroots);
	free(data);
	return r;
}

static const char *reason(const char *name, struct evidence_policy p)
{
	static char rs[64];
	snprintf(rs, sizeof(rs), "%s", verify_with(name, p).reason);
	return rs;
}

static void test_well_formed_bundles_verify_and_name_the_isolation(void **state)
{
	(void)state;
	struct run r = verify_with("ok-no-hcl", policy(EVIDENCE_ISOLATION_TRUSTED_LAUNCH));
	assert_string_equal(r.reason, "ok");
	assert_non_null(strstr(r.summary, "\"isolation\":\"trustedlaunch\""));
	assert_non_null(strstr(r.summary, "\"pcrs\":[0,1,2,3,4,5,6,7]"));
	/* The fixture's quote: clock 1000, resetCount 1, restartCount 0 (attest_hdr). */
	assert_non_null(strstr(r.summary, "\"quote_clock\":1000"));
	assert_non_null(strstr(r.summary, "\"quote_reset_count\":1"));
	assert_non_null(strstr(r.summary, "\"quote_restart_count\":0"));
	r = verify_with("ok-hcl-snp", policy(EVIDENCE_ISOLATION_SEV_SNP));
	assert_string_equal(r.reason, "ok");
	assert_non_null(strstr(r.summary, "\"isolation\":\"sevsnp\""));
	assert_non_null(strstr(r.summary, "hardware signature not checked"));
	r = verify_with("ok-hcl-tdx", policy(EVIDENCE_ISOLATION_TDX));
	assert_string_equal(r.reason, "ok");
	assert_non_null(strstr(r.summary, "\"isolation\":\"tdx\""));
	/* A CVM's bundle under trustedlaunch: the HCL report is still checked, and passes. */
	assert_string_equal(reason("ok-hcl-snp", policy(EVIDENCE_ISOLATION_TRUSTED_LAUNCH)), "ok");
}

/* Issue 16.1: genuine quote over 0-7, bundle relabelled to 8-15, forged events under 0-7. */
static void test_pcrs_relabelled_outside_the_signed_quote_are_refused(void **state)
{
	(void)state;
	struct evidence_policy p = policy(EVIDENCE_ISOLATION_TRUSTED_LAUNCH);
	struct run r = verify_with("attack-pcrs-relabelled", p);
	assert_string_equal(r.reason, "bundle_pcr_selection_mismatch");
	assert_non_null(strstr(r.detail, "0x00ff00"));
	assert_non_null(strstr(r.detail, "0x0000ff"));
	p.pcr_exact = true; /* --pcrs 0-7, the exact attack of the review */
	assert_string_equal(reason("attack-pcrs-relabelled", p), "bundle_pcr_selection_mismatch");
	assert_string_equal(reason("bundle-selection-wider-than-quote", p),
			    "bundle_pcr_selection_mismatch");
}

/* Issue 16.2: the required set comes from the verifier (default 0-7), not from the bundle. */
static void test_quote_without_every_required_pcr_is_refused(void **state)
{
	(void)state;
	struct evidence_policy p = policy(EVIDENCE_ISOLATION_TRUSTED_LAUNCH);
	struct run r = verify_with("quote-pcr0-only", p);
	assert_string_equal(r.reason, "quote_pcrs_missing");
	assert_non_null(strstr(r.detail, "0x0000fe"));
	p.pcr_mask = 0x1;
	assert_string_equal(reason("quote-pcr0-only", p), "ok");
	p.pcr_mask = 0x3;
	assert_string_equal(reason("quote-pcr0-only", p), "quote_pcrs_missing");
}

/* More quoted than required: accepted by default, and every quoted PCR is still checked. */
static void test_quote_over_more_pcrs_checks_every_quoted_pcr(void **state)
{
	(void)state;
	struct evidence_policy p = policy(EVIDENCE_ISOLATION_TRUSTED_LAUNCH);
	struct run r = verify_with("quote-pcrs-0-9", p);
	assert_string_equal(r.reason, "ok");
	assert_non_null(strstr(r.summary, "\"pcrs\":[0,1,2,3,4,5,6,7,8,9]"));
	r = verify_with("quote-pcrs-0-9-log-pcr9-differs", p);
	assert_string_equal(r.reason, "pcr_replay_mismatch");
	assert_string_equal(r.detail, "sha256: 9 value_mismatch");
	/* --pcrs: exactly the quoted set. */
	p.pcr_exact = true;
	assert_string_equal(reason("quote-pcrs-0-9", p), "quote_pcr_selection_mismatch");
	p.pcr_mask = 0x3ff;
	assert_string_equal(reason("quote-pcrs-0-9", p), "ok");
}

/* Issue 16.3: the isolation is required and must be what the HCL report proves. */
static void test_isolation_needs_an_hcl_report_of_that_type(void **state)
{
	(void)state;
	assert_string_equal(reason("ok-no-hcl", policy(EVIDENCE_ISOLATION_SEV_SNP)),
			    "hcl_report_missing");
	assert_string_equal(reason("ok-no-hcl", policy(EVIDENCE_ISOLATION_TDX)),
			    "hcl_report_missing");
	assert_string_equal(reason("ok-hcl-snp", policy(EVIDENCE_ISOLATION_TDX)),
			    "isolation_mismatch");
	assert_string_equal(reason("ok-hcl-tdx", policy(EVIDENCE_ISOLATION_SEV_SNP)),
			    "isolation_mismatch");
	assert_string_equal(reason("ok-no-hcl", policy(EVIDENCE_ISOLATION_UNSET)), "bad_policy");
	assert_string_equal(reason("ok-no-hcl", policy((enum evidence_isolation)9)), "bad_policy");
}

static void test_isolation_names_parse_both_ways(void **state)
{
	(void)state;
	enum evidence_isolation iso = EVIDENCE_ISOLATION_UNSET;
	assert_true(evidence_isolation_parse("sevsnp", &iso));
	assert_int_equal(iso, EVIDENCE_ISOLATION_SEV_SNP);
	assert_string_equal(evidence_isolation_name(iso), "sevsnp");
	assert_true(evidence_isolation_parse("trustedlaunch", &iso));
	assert_true(evidence_isolation_parse("tdx", &iso));
	assert_int_equal(iso, EVIDENCE_ISOLATION_TDX);
	assert_false(evidence_isolation_parse("SEVSNP", &iso));
	assert_false(evidence_isolation_parse("", &iso));
	assert_false(evidence_isolation_parse(NULL, &iso));
	assert_int_equal(iso, EVIDENCE_ISOLATION_TDX);
}

/* Issue 16.4: a time that would wrap BearSSL's day count is refused, and 0 PCRs too. */
static void test_policy_time_and_pcr_bounds(void **state)
{
	(void)state;
	struct evidence_policy p = policy(EVIDENCE_ISOLATION_TRUSTED_LAUNCH);
	p.now_unix = 371086923110400ull;
	assert_string_equal(reason("ok-no-hcl", p), "bad_policy");
	p.now_unix = AK_CERT_MAX_NOW;
	assert_string_equal(reason("ok-no-hcl", p), "ak_cert_expired");
	p = policy(EVIDENCE_ISOLATION_TRUSTED_LAUNCH);
	p.pcr_mask = 0;
	assert_string_equal(reason("ok-no-hcl", p), "bad_policy");
	p.pcr_mask = 1u << 24;
	assert_string_equal(reason("ok-no-hcl", p), "bad_policy");
}

/* Issue 16.6: certification and quote from the same TPM boot and signer; 32-byte nonce. */
static void test_certify_must_share_the_quotes_boot_and_signer(void **state)
{
	(void)state;
	struct evidence_policy p = policy(EVIDENCE_ISOLATION_TRUSTED_LAUNCH);
	assert_string_equal(reason("certify-other-reset-count", p), "certify_quote_boot_mismatch");
	assert_string_equal(reason("certify-other-restart-count", p),
			    "certify_quote_boot_mismatch");
	assert_string_equal(reason("certify-other-firmware", p), "certify_quote_boot_mismatch");
	assert_string_equal(reason("certify-other-signer", p), "certify_quote_signer_mismatch");
}

static void test_nonce_must_be_32_bytes(void **state)
{
	(void)state;
	struct evidence_policy p = policy(EVIDENCE_ISOLATION_TRUSTED_LAUNCH);
	struct run r = verify_with("nonce-empty", p);
	assert_string_equal(r.reason, "bad_nonce_size");
	assert_non_null(strstr(r.detail, "0 bytes"));
	assert_string_equal(reason("nonce-16-bytes", p), "bad_nonce_size");
}

/* Issue 16.7a: all eight mismatching PCRs are named (the old text stopped at PCR 5). */
static void test_replay_mismatch_names_every_pcr(void **state)
{
	(void)state;
	struct run r =
	    verify_with("log-differs-on-all-8", policy(EVIDENCE_ISOLATION_TRUSTED_LAUNCH));
	assert_string_equal(r.reason, "pcr_replay_mismatch");
	assert_string_equal(r.detail, "sha256: 0-7 value_mismatch");
}

/* The longest text for one bank: 24 PCRs, every kind, alternating; it fits struct err. */
static void test_mismatch_text_worst_case_fits_the_detail(void **state)
{
	(void)state;
	struct pcr_mismatch mm[24];
	char out[sizeof(((struct err *)0)->detail)];
	for (unsigned i = 0; i < 24; i++)
		mm[i] = (struct pcr_mismatch){TPM_ALG_SHA256, i, (enum pcr_mismatch_kind)(i % 6)};
	assert_true(evidence_mismatch_text("sha256", mm, 24, out, sizeof(out)));
	assert_string_equal(out, "sha256: 0,6,12,18 ?; 1,7,13,19 value_mismatch; "
				 "2,8,14,20 bank_not_in_log; 3,9,15,21 bank_not_replayed; "
				 "4,10,16,22 bad_pcr_index; 5,11,17,23 bad_digest_size");
	assert_int_equal(strlen(out), 155);
	mm[0].kind = PCR_MISMATCH_VALUE;
	mm[1].pcr = 3;
	assert_true(evidence_mismatch_text("sha256", mm, 3, out, sizeof(out)));
	assert_string_equal(out, "sha256: 0,3 value_mismatch; 2 bank_not_in_log");
	/* Too small a buffer says so instead of cutting silently. */
	assert_false(evidence_mismatch_text("sha256", mm, 24, out, 40));
	assert_false(evidence_mismatch_text("sha256", mm, 24, out, 0));
}

/* Issue 16.7b: an RSA-1024 intermediate is refused; the same chain with RSA-2048 passes. */
static void test_rsa_1024_intermediate_is_a_weak_key(void **state)
{
	(void)state;
	struct evidence_policy p = policy(EVIDENCE_ISOLATION_TRUSTED_LAUNCH);
	assert_string_equal(reason("chain-1024-bit-intermediate", p), "ak_cert_weak_key");
	assert_string_equal(reason("chain-2048-bit-intermediate", p), "ok");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_well_formed_bundles_verify_and_name_the_isolation),
	    cmocka_unit_test(test_pcrs_relabelled_outside_the_signed_quote_are_refused),
	    cmocka_unit_test(test_quote_without_every_required_pcr_is_refused),
	    cmocka_unit_test(test_quote_over_more_pcrs_checks_every_quoted_pcr),
	    cmocka_unit_test(test_isolation_needs_an_hcl_report_of_that_type),
	    cmocka_unit_test(test_isolation_names_parse_both_ways),
	    cmocka_unit_test(test_policy_time_and_pcr_bounds),
	    cmocka_unit_test(test_certify_must_share_the_quotes_boot_and_signer),
	    cmocka_unit_test(test_nonce_must_be_32_bytes),
	    cmocka_unit_test(test_replay_mismatch_names_every_pcr),
	    cmocka_unit_test(test_mismatch_text_worst_case_fits_the_detail),
	    cmocka_unit_test(test_rsa_1024_intermediate_is_a_weak_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
