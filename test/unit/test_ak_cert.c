/*
 * Unit tests for src/attest/ak_cert.c with the fixed-date PKI in test/tpm/certs
 * (make_unit_certs.py; valid 2024-01-01..2034-01-01): chain, time, key match,
 * placeholder, and a reason for each failure.
 */
#include "test_util.h"

#include "attest/ak_cert.h"

#define CERTS  "test/tpm/certs/"
#define T_2026 1767225600ull /* 2026-01-01 */

static uint8_t *rd(const char *name, size_t *n)
{
	char p[256];
	uint8_t *d;
	snprintf(p, sizeof(p), CERTS "%s", name);
	d = test_read_file(p, n);
	assert_non_null(d);
	return d;
}

static const char *verify(const char *leaf, const char *roots, uint64_t now)
{
	static char reason[64];
	size_t ln, rn, kn, nobj;
	uint8_t *l = rd(leaf, &ln), *r = rd(roots, &rn), *k = rd("ak.pem", &kn);
	struct pem_obj objs[8];
	struct rsa_pub ak;
	struct err e;
	bool ok;

	err_clear(&e);
	assert_true(rsa_pub_from_pem(&ak, k, kn, &e));
	assert_true(pem_decode_all(r, rn, objs, 8, &nobj, &e));
	ok = ak_cert_verify(l, ln, objs, nobj, now, &ak, &e);
	snprintf(reason, sizeof(reason), "%s", ok ? "ok" : e.reason);
	pem_free_all(objs, nobj);
	free(l);
	free(r);
	free(k);
	return reason;
}

static void test_leaf_chains_through_bundle_intermediate(void **state)
{
	(void)state;
	assert_string_equal(verify("leaf.der", "roots.pem", T_2026), "ok");
}

static void test_leaf_directly_under_root_verifies(void **state)
{
	(void)state;
	assert_string_equal(verify("leaf-under-root.der", "root-only.pem", T_2026), "ok");
}

static void test_missing_intermediate_is_untrusted(void **state)
{
	(void)state;
	assert_string_equal(verify("leaf.der", "root-only.pem", T_2026), "ak_cert_untrusted");
}

static void test_other_ca_is_untrusted(void **state)
{
	(void)state;
	assert_string_equal(verify("leaf-other-ca.der", "roots.pem", T_2026), "ak_cert_untrusted");
	assert_string_equal(verify("leaf.der", "other-roots.pem", T_2026), "ak_cert_untrusted");
}

static void test_lookalike_issuer_is_bad_signature(void **state)
{
	(void)state;
	assert_string_equal(verify("leaf-lookalike.der", "roots.pem", T_2026),
			    "ak_cert_bad_signature");
}

static void test_other_key_is_key_mismatch(void **state)
{
	(void)state;
	assert_string_equal(verify("leaf-other-key.der", "roots.pem", T_2026),
			    "ak_cert_key_mismatch");
}

static void test_time_outside_validity_is_expired(void **state)
{
	(void)state;
	assert_string_equal(verify("leaf-expired.der", "roots.pem", T_2026), "ak_cert_expired");
	assert_string_equal(verify("leaf-expired.der", "roots.pem", 1719792000ull /* 2024-07 */),
			    "ok");
	assert_string_equal(verify("leaf.der", "roots.pem", 1672531200ull /* 2023 */),
			    "ak_cert_expired");
	assert_string_equal(verify("leaf.der", "roots.pem", 2082758400ull /* 2036 */),
			    "ak_cert_expired");
}

/* 371086923110400 s is ~11.7 million years: its day count + 719528 wraps uint32 to a day in
 * 2025, inside the validity (issue 16.4). It must be refused, never wrapped. */
static void test_time_past_year_9999_is_refused_not_wrapped(void **state)
{
	(void)state;
	assert_string_equal(verify("leaf.der", "roots.pem", 371086923110400ull),
			    "ak_cert_bad_time");
	assert_string_equal(verify("leaf.der", "roots.pem", AK_CERT_MAX_NOW + 1),
			    "ak_cert_bad_time");
	assert_string_equal(verify("leaf.der", "roots.pem", AK_CERT_MAX_NOW), "ak_cert_expired");
}

static void test_placeholder_issuer_is_named_failure(void **state)
{
	(void)state;
	size_t n;
	uint8_t *l = rd("leaf-placeholder.der", &n);
	assert_true(ak_cert_is_placeholder(l, n));
	free(l);
	l = rd("leaf.der", &n);
	assert_false(ak_cert_is_placeholder(l, n));
	free(l);
	assert_string_equal(verify("leaf-placeholder.der", "roots.pem", T_2026),
			    "ak_cert_placeholder");
}

static void test_bundle_without_roots_and_garbage_leaf(void **state)
{
	(void)state;
	size_t ln, kn;
	uint8_t *l = rd("leaf.der", &ln), *k = rd("ak.pem", &kn);
	struct rsa_pub ak;
	struct err e;

	assert_true(rsa_pub_from_pem(&ak, k, kn, &e));
	assert_false(ak_cert_verify(l, ln, NULL, 0, T_2026, &ak, &e));
	assert_string_equal(e.reason, "ak_roots_empty");
	assert_int_equal(e.cls, ERR_USAGE);
	assert_false(ak_cert_verify(l, ln - 1, NULL, 0, T_2026, &ak, &e));
	assert_string_equal(e.reason, "ak_cert_malformed");
	free(l);
	free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_leaf_chains_through_bundle_intermediate),
	    cmocka_unit_test(test_leaf_directly_under_root_verifies),
	    cmocka_unit_test(test_missing_intermediate_is_untrusted),
	    cmocka_unit_test(test_other_ca_is_untrusted),
	    cmocka_unit_test(test_lookalike_issuer_is_bad_signature),
	    cmocka_unit_test(test_other_key_is_key_mismatch),
	    cmocka_unit_test(test_time_outside_validity_is_expired),
	    cmocka_unit_test(test_time_past_year_9999_is_refused_not_wrapped),
	    cmocka_unit_test(test_placeholder_issuer_is_named_failure),
	    cmocka_unit_test(test_bundle_without_roots_and_garbage_leaf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
