/*
 * Unit tests for src/attest/quote_verify.c against the real Azure vTPM quote
 * in ../shared/testdata/maa (extraData "challenge", 24 SHA-256 PCRs): accepted
 * as is, refused after any change, and each check's own reason.
 */
#include "test_util.h"

#include "attest/quote_verify.h"
#include "core/cursor.h"
#include "core/digest.h"

struct real_quote {
	uint8_t *attest, *sig, *pem;
	size_t attest_len, sig_len, pem_len;
	struct rsa_pub ak;
};

static struct real_quote rq;

static int load(void **state)
{
	(void)state;
	char path[1024];
	struct err e;

	memset(&rq, 0, sizeof(rq));
	snprintf(path, sizeof(path), "%s/testdata/maa/vtpm-quote-tpms_attest.bin",
		 test_shared_dir());
	rq.attest = test_read_file(path, &rq.attest_len);
	snprintf(path, sizeof(path), "%s/testdata/maa/vtpm-quote-rsassa-sig.bin",
		 test_shared_dir());
	rq.sig = test_read_file(path, &rq.sig_len);
	snprintf(path, sizeof(path), "%s/testdata/maa/vtpm-quote-akpub.pem", test_shared_dir());
	rq.pem = test_read_file(path, &rq.pem_len);
	if (rq.pem && !rsa_pub_from_pem(&rq.ak, rq.pem, rq.pem_len, &e))
		return -1;
	return 0;
}

static int unload(void **state)
{
	(void)state;
	free(rq.attest);
	free(rq.sig);
	free(rq.pem);
	return 0;
}

#define NEED_REAL()                                                                                \
	do {                                                                                       \
		if (!rq.attest || !rq.sig || !rq.pem) {                                            \
			print_message("skip: testdata/maa quote files absent\n");                  \
			skip();                                                                    \
		}                                                                                  \
	} while (0)

static struct quote_expect nonce_challenge(void)
{
	struct quote_expect w;
	memset(&w, 0, sizeof(w));
	w.check_nonce = true;
	w.nonce = (const uint8_t *)"challenge";
	w.nonce_len = 9;
	return w;
}

static void test_real_azure_quote_verifies_with_nonce_challenge(void **state)
{
	(void)state;
	NEED_REAL();
	struct quote_expect w = nonce_challenge();
	struct tpms_attest q;
	struct err e;

	assert_true(quote_verify(rq.attest, rq.attest_len, rq.sig, rq.sig_len, &rq.ak, &w, &q, &e));
	assert_int_equal(q.type, TPM_ST_ATTEST_QUOTE);
	assert_int_equal(q.nsel, 1);
	assert_int_equal(q.sel[0].hash, TPM_ALG_SHA256);
	assert_int_equal(q.sel[0].mask, 0xffffff);
	/* The full selection check passes for what was actually quoted. */
	w.check_selection = true;
	w.bank = TPM_ALG_SHA256;
	w.pcr_mask = 0xffffff;
	assert_true(quote_verify(rq.attest, rq.attest_len, rq.sig, rq.sig_len, &rq.ak, &w, &q, &e));
}

static void test_real_quote_refused_after_any_byte_flip(void **state)
{
	(void)state;
	NEED_REAL();
	struct quote_expect w = nonce_challenge();
	struct tpms_attest q;
	struct err e;
	uint8_t *m = malloc(rq.attest_len), *s = malloc(rq.sig_len);

	memcpy(m, rq.attest, rq.attest_len);
	for (size_t i = 0; i < rq.attest_len; i++) {
		m[i] ^= 0x01;
		assert_false(
		    quote_verify(m, rq.attest_len, rq.sig, rq.sig_len, &rq.ak, &w, &q, &e));
		m[i] ^= 0x01;
	}
	memcpy(s, rq.sig, rq.sig_len);
	for (size_t i = 0; i < rq.sig_len; i++) {
		s[i] ^= 0x80;
		assert_false(
		    quote_verify(rq.attest, rq.attest_len, s, rq.sig_len, &rq.ak, &w, &q, &e));
		assert_string_equal(e.reason, "quote_bad_signature");
		s[i] ^= 0x80;
	}
	free(m);
	free(s);
}

static void test_wrong_nonce_is_quote_nonce_mismatch(void **state)
{
	(void)state;
	NEED_REAL();
	struct quote_expect w = nonce_challenge();
	struct tpms_attest q;
	struct err e;

	w.nonce = (const uint8_t *)"challengf";
	assert_false(
	    quote_verify(rq.attest, rq.attest_len, rq.sig, rq.sig_len, &rq.ak, &w, &q, &e));
	assert_string_equal(e.reason, "quote_nonce_mismatch");
	w.nonce_len = 0; /* an empty expected nonce is a mismatch too */
	assert_false(
	    quote_verify(rq.attest, rq.attest_len, rq.sig, rq.sig_len, &rq.ak, &w, &q, &e));
	assert_string_equal(e.reason, "quote_nonce_mismatch");
}

static void test_other_pcr_selection_is_selection_mismatch(void **state)
{
	(void)state;
	NEED_REAL();
	struct quote_expect w = nonce_challenge();
	struct tpms_attest q;
	struct err e;

	w.check_selection = true;
	w.bank = TPM_ALG_SHA256;
	w.pcr_mask = 0xff; /* asked 0-7, the quote covers 0-23 */
	assert_false(
	    quote_verify(rq.attest, rq.attest_len, rq.sig, rq.sig_len, &rq.ak, &w, &q, &e));
	assert_string_equal(e.reason, "quote_pcr_selection_mismatch");
	w.pcr_mask = 0xffffff;
	w.bank = TPM_ALG_SHA1;
	assert_false(
	    quote_verify(rq.attest, rq.attest_len, rq.sig, rq.sig_len, &rq.ak, &w, &q, &e));
	assert_string_equal(e.reason, "quote_pcr_selection_mismatch");
}

static void test_pcr_values_must_hash_to_pcr_digest(void **state)
{
	(void)state;
	NEED_REAL();
	struct quote_expect w = nonce_challenge();
	struct tpms_attest q;
	struct err e;
	uint8_t vals[24 * 32];

	memset(vals, 0, sizeof(vals));
	w.pcr_values = vals;
	w.pcr_values_len = sizeof(vals);
	assert_false(
	    quote_verify(rq.attest, rq.attest_len, rq.sig, rq.sig_len, &rq.ak, &w, &q, &e));
	assert_string_equal(e.reason, "quote_pcr_digest_mismatch");
	w.pcr_values_len = 8 * 32;
	assert_false(
	    quote_verify(rq.attest, rq.attest_len, rq.sig, rq.sig_len, &rq.ak, &w, &q, &e));
	assert_string_equal(e.reason, "pcr_values_size");
}

static void test_pcr_digest_is_sha256_of_concatenated_values(void **state)
{
	(void)state;
	struct tpms_attest q;
	uint8_t vals[3 * 32], d[64], want[32];
	size_t dl;
	struct err e;

	memset(&q, 0, sizeof(q));
	q.nsel = 1;
	q.sel[0].hash = TPM_ALG_SHA256;
	q.sel[0].mask = 0x0b; /* PCRs 0, 1, 3 */
	for (size_t i = 0; i < sizeof(vals); i++)
		vals[i] = (uint8_t)i;
	assert_true(quote_pcr_digest(&q, vals, sizeof(vals), d, &dl, &e));
	digest_compute(digest_by_tpm_alg(TPM_ALG_SHA256), vals, sizeof(vals), want);
	assert_int_equal(dl, 32);
	assert_memory_equal(d, want, 32);
}

static void test_signature_in_tpmt_signature_form_is_accepted(void **state)
{
	(void)state;
	NEED_REAL();
	uint8_t t[6 + 256];
	const uint8_t *raw;
	size_t raw_len;
	struct err e;

	assert_int_equal(rq.sig_len, 256);
	store_u16be(t, TPM_ALG_RSASSA);
	store_u16be(t + 2, TPM_ALG_SHA256);
	store_u16be(t + 4, 256);
	memcpy(t + 6, rq.sig, 256);
	assert_true(quote_sig_raw(t, sizeof(t), &rq.ak, &raw, &raw_len, &e));
	assert_ptr_equal(raw, t + 6);
	assert_true(quote_sig_raw(rq.sig, rq.sig_len, &rq.ak, &raw, &raw_len, &e));
	assert_ptr_equal(raw, rq.sig);
	store_u16be(t, TPM_ALG_RSAPSS);
	assert_false(quote_sig_raw(t, sizeof(t), &rq.ak, &raw, &raw_len, &e));
	assert_string_equal(e.reason, "unsupported_signature_scheme");
	store_u16be(t, TPM_ALG_RSASSA);
	assert_false(quote_sig_raw(t, sizeof(t) - 1, &rq.ak, &raw, &raw_len, &e));
	assert_string_equal(e.reason, "bad_signature_format");
}

static void test_wrong_key_is_bad_signature(void **state)
{
	(void)state;
	NEED_REAL();
	struct quote_expect w = nonce_challenge();
	struct tpms_attest q;
	struct err e;
	struct rsa_pub other = rq.ak;

	other.n[10] ^= 1;
	assert_false(
	    quote_verify(rq.attest, rq.attest_len, rq.sig, rq.sig_len, &other, &w, &q, &e));
	assert_string_equal(e.reason, "quote_bad_signature");
}

static void test_ak_public_check_requires_restricted_rsassa_signer(void **state)
{
	(void)state;
	struct tpm_public k;
	struct err e;

	memset(&k, 0, sizeof(k));
	k.type = TPM_ALG_RSA;
	k.attributes =
	    0x00050072; /* Azure AK: fixedTPM|fixedParent|sdo|userWithAuth|restricted|sign */
	k.scheme = TPM_ALG_RSASSA;
	k.scheme_hash = TPM_ALG_SHA256;
	assert_true(ak_public_check(&k, &e));
	k.scheme = TPM_ALG_NULL;
	assert_true(ak_public_check(&k, &e));
	k.attributes &= ~OBJ_ATTR_RESTRICTED;
	assert_false(ak_public_check(&k, &e));
	assert_string_equal(e.reason, "ak_not_restricted_signer");
	k.attributes = 0x00050072 | OBJ_ATTR_DECRYPT;
	assert_false(ak_public_check(&k, &e));
	assert_string_equal(e.reason, "ak_not_restricted_signer");
	k.attributes = 0x00050072;
	k.scheme = TPM_ALG_RSAPSS;
	assert_false(ak_public_check(&k, &e));
	assert_string_equal(e.reason, "unsupported_signature_scheme");
	k.scheme = TPM_ALG_RSASSA;
	k.scheme_hash = TPM_ALG_SHA1;
	assert_false(ak_public_check(&k, &e));
	k.type = TPM_ALG_ECC;
	assert_false(ak_public_check(&k, &e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_real_azure_quote_verifies_with_nonce_challenge),
	    cmocka_unit_test(test_real_quote_refused_after_any_byte_flip),
	    cmocka_unit_test(test_wrong_nonce_is_quote_nonce_mismatch),
	    cmocka_unit_test(test_other_pcr_selection_is_selection_mismatch),
	    cmocka_unit_test(test_pcr_values_must_hash_to_pcr_digest),
	    cmocka_unit_test(test_pcr_digest_is_sha256_of_concatenated_values),
	    cmocka_unit_test(test_signature_in_tpmt_signature_form_is_accepted),
	    cmocka_unit_test(test_wrong_key_is_bad_signature),
	    cmocka_unit_test(test_ak_public_check_requires_restricted_rsassa_signer),
	};
	return cmocka_run_group_tests(tests, load, unload);
}
