/*
 * Tests for the shipped AK trust anchors, policies/azure-vtpm-roots.pem, with the project's own
 * PEM reader (src/attest/pem.c) and chain check (src/attest/ak_cert.c, BearSSL):
 * the file holds exactly Microsoft's two vTPM roots (known SHA-256 fingerprints, 4096-bit RSA),
 * and BearSSL validates the real "Global Virtual TPM CA - 03" intermediate (sha384WithRSA)
 * against the 2023 root, and refuses it against the other root, after its expiry and with a
 * changed signature (untrusted: no anchor's key verifies it). CA - 03 is read from ../shared (the
 * test skips, saying so, when absent); the roots only from policies/.
 */
#include "test_util.h"

#include <bearssl_hash.h>
#include <bearssl_x509.h>

#include "attest/ak_cert.h"
#include "attest/pem.h"

#define ROOTS	  "policies/azure-vtpm-roots.pem"
#define CA03	  "testdata/azure-vtpm-ca/global-virtual-tpm-ca-03.pem"
#define T_2026	  1767225600ull /* 2026-01-01, inside CA - 03's validity */
#define T_2027_06 1811808000ull /* 2027-06-01, after CA - 03's notAfter 2027-04-24 */

/* SHA-256 of the DER, as `openssl x509 -fingerprint -sha256` prints them (../shared README). */
static const char *const root_fp[] = {
    "E6C596B17F8FFEFBA5C300F714CFB1260C6028704ECF7BECC4AB5018EFB00E95", /* Root CA 2023 */
    "8C2BB9144D4970C94FB8105CC5D860A58E2E675EB360FDD8C14B30833AAAEC1D", /* Devices Root 2021 */
};

struct fx {
	struct pem_obj roots[4];
	size_t nroots;
	struct pem_obj ca03[2];
	size_t nca03;
};

static void load_roots(struct fx *f)
{
	size_t n;
	uint8_t *t = test_read_file(ROOTS, &n);
	struct err e;

	assert_non_null(t);
	if (!pem_decode_all(t, n, f->roots, 4, &f->nroots, &e))
		fail_msg("%s: %s", e.reason, e.detail);
	free(t);
}

static void load_ca03(struct fx *f)
{
	size_t n;
	uint8_t *t = TEST_SHARED_FILE(CA03, &n);
	struct err e;

	if (!pem_decode_all(t, n, f->ca03, 2, &f->nca03, &e))
		fail_msg("%s: %s", e.reason, e.detail);
	free(t);
	assert_int_equal(f->nca03, 1);
}

static void fx_free(struct fx *f)
{
	pem_free_all(f->roots, f->nroots);
	pem_free_all(f->ca03, f->nca03);
}

/* The RSA key of a certificate, as ak_cert_verify wants the "AK" (here: CA - 03's own key). */
static void cert_key(const struct pem_obj *o, struct rsa_pub *k)
{
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	struct err e;

	br_x509_decoder_init(&dc, NULL, NULL);
	br_x509_decoder_push(&dc, o->der, o->len);
	pk = br_x509_decoder_get_pkey(&dc);
	assert_non_null(pk);
	assert_int_equal(pk->key_type, BR_KEYTYPE_RSA);
	assert_true(
	    rsa_pub_set(k, pk->key.rsa.n, pk->key.rsa.nlen, pk->key.rsa.e, pk->key.rsa.elen, &e));
}

static const char *verify_ca03(const struct pem_obj *der, const struct pem_obj *roots, size_t n,
			       uint64_t now)
{
	static char reason[64];
	struct rsa_pub k;
	struct err e;

	cert_key(der, &k);
	err_clear(&e);
	if (ak_cert_verify(der->der, der->len, roots, n, now, &k, &e))
		return "ok";
	snprintf(reason, sizeof(reason), "%s", e.reason);
	return reason;
}

static void test_roots_file_holds_the_two_microsoft_roots(void **state)
{
	struct fx f = {0};
	br_sha256_context h;
	uint8_t d[32];
	char hex[65];

	(void)state;
	load_roots(&f);
	assert_int_equal(f.nroots, 2);
	for (size_t i = 0; i < 2; i++) {
		const uint8_t *is, *su;
		size_t il, sl;
		assert_string_equal(f.roots[i].name, "CERTIFICATE");
		br_sha256_init(&h);
		br_sha256_update(&h, f.roots[i].der, f.roots[i].len);
		br_sha256_out(&h, d);
		for (size_t j = 0; j < 32; j++)
			snprintf(hex + 2 * j, 3, "%02X", d[j]);
		assert_string_equal(hex, root_fp[i]);
		/* Roots: self-issued (RFC 5280 6.1: a trust anchor), RSA 4096. */
		assert_true(x509_dns(f.roots[i].der, f.roots[i].len, &is, &il, &su, &sl));
		assert_int_equal(il, sl);
		assert_memory_equal(is, su, il);
		struct rsa_pub k;
		cert_key(&f.roots[i], &k);
		assert_int_equal(rsa_pub_bits(&k), 4096);
	}
	fx_free(&f);
}

static void test_ca03_validates_against_the_2023_root(void **state)
{
	struct fx f = {0};

	(void)state;
	load_ca03(&f);
	load_roots(&f);
	/* The whole shipped file, and the 2023 root alone: CA - 03 is signed sha384WithRSA by it.
	 */
	assert_string_equal(verify_ca03(&f.ca03[0], f.roots, f.nroots, T_2026), "ok");
	assert_string_equal(verify_ca03(&f.ca03[0], &f.roots[0], 1, T_2026), "ok");
	fx_free(&f);
}

static void test_ca03_against_the_other_root_is_untrusted(void **state)
{
	struct fx f = {0};

	(void)state;
	load_ca03(&f);
	load_roots(&f);
	assert_string_equal(verify_ca03(&f.ca03[0], &f.roots[1], 1, T_2026), "ak_cert_untrusted");
	fx_free(&f);
}

static void test_ca03_after_its_expiry_is_expired(void **state)
{
	struct fx f = {0};

	(void)state;
	load_ca03(&f);
	load_roots(&f);
	assert_string_equal(verify_ca03(&f.ca03[0], f.roots, f.nroots, T_2027_06),
			    "ak_cert_expired");
	fx_free(&f);
}

static void test_ca03_with_a_changed_signature_is_refused(void **state)
{
	struct fx f = {0};

	(void)state;
	load_ca03(&f);
	load_roots(&f);
	/* The signature BIT STRING is the certificate's last element: flip its last byte. BearSSL
	 * tries every anchor whose DN matches; none verifies, so the chain is not trusted. */
	f.ca03[0].der[f.ca03[0].len - 1] ^= 0x01;
	assert_string_equal(verify_ca03(&f.ca03[0], f.roots, f.nroots, T_2026),
			    "ak_cert_untrusted");
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roots_file_holds_the_two_microsoft_roots),
	    cmocka_unit_test(test_ca03_validates_against_the_2023_root),
	    cmocka_unit_test(test_ca03_against_the_other_root_is_untrusted),
	    cmocka_unit_test(test_ca03_after_its_expiry_is_expired),
	    cmocka_unit_test(test_ca03_with_a_changed_signature_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
