/*
 * Unit tests for src/attest/x509_aia.c: the caIssuers URL of a certificate's Authority
 * Information Access extension (RFC 5280 4.2.2.1). Certificates are built here byte by byte
 * (only the structure the walker reads; no signatures), plus the real "Global Virtual TPM
 * CA - 03" from ../shared (skipped, saying so, when absent) and the unit PKI's leaf.
 *
 * What it proves: the first http(s) caIssuers URI is returned (OCSP, ldap and non-URI names
 * skipped); no extension, no AIA and no http URI are "not found", not errors; every DER
 * deviation is aia_malformed; bad URIs are aia_url_invalid; two AIA extensions are refused.
 */
#include "test_util.h"

#include "attest/pem.h"
#include "attest/x509_aia.h"
#include "core/buf.h"

#define OID_AIA	 "\x2b\x06\x01\x05\x05\x07\x01\x01"
#define OID_CAI	 "\x2b\x06\x01\x05\x05\x07\x30\x02" /* id-ad-caIssuers */
#define OID_OCSP "\x2b\x06\x01\x05\x05\x07\x30\x01"
#define OID_BC	 "\x55\x1d\x13" /* basicConstraints */
#define URI	 0x86u
#define DNS	 0x82u

/* One DER TLV (short or two-byte long length) appended to b. */
static void tlv(struct buf *b, uint8_t tag, const void *v, size_t n)
{
	uint8_t h[4] = {tag};
	size_t hn = 2;

	assert_true(n < 65536);
	if (n < 128)
		h[1] = (uint8_t)n;
	else if (n < 256)
		h[1] = 0x81, h[2] = (uint8_t)n, hn = 3;
	else
		h[1] = 0x82, h[2] = (uint8_t)(n >> 8), h[3] = (uint8_t)n, hn = 4;
	assert_true(buf_append(b, h, hn));
	if (n)
		assert_true(buf_append(b, v, n));
}

static void wrap(struct buf *b, uint8_t tag)
{
	struct buf t;

	buf_init(&t, 1 << 20);
	tlv(&t, tag, b->data, b->len);
	buf_reset(b);
	assert_true(buf_append(b, t.data, t.len));
	buf_free(&t);
}

/* AccessDescription { method, [tag] value } appended to list. */
static void access(struct buf *list, const char *oid, uint8_t tag, const char *value)
{
	struct buf ad;

	buf_init(&ad, 1 << 16);
	tlv(&ad, 0x06, oid, 8);
	tlv(&ad, tag, value, strlen(value));
	tlv(list, 0x30, ad.data, ad.len);
	buf_free(&ad);
}

/* Extension { oid, [critical], OCTET STRING value } appended to exts. */
static void extension(struct buf *exts, const char *oid, size_t oidlen, const uint8_t *crit,
		      size_t critlen, const struct buf *value)
{
	struct buf x;

	buf_init(&x, 1 << 16);
	tlv(&x, 0x06, oid, oidlen);
	if (crit)
		tlv(&x, 0x01, crit, critlen);
	tlv(&x, 0x04, value->data, value->len);
	tlv(exts, 0x30, x.data, x.len);
	buf_free(&x);
}

/* An AIA extension value: SEQUENCE OF the AccessDescriptions in list. */
static void aia_ext(struct buf *exts, struct buf *list)
{
	struct buf v;

	buf_init(&v, 1 << 16);
	tlv(&v, 0x30, list->data, list->len);
	extension(exts, OID_AIA, 8, NULL, 0, &v);
	buf_free(&v);
}

/* Certificate { TBSCertificate { [0] v3, serial, sigAlg, issuer, validity, subject, spki,
 * [3] { SEQUENCE { exts } } (when exts), tail }, sigAlg, signature }. */
static void cert(struct buf *out, const struct buf *exts, const void *tail, size_t tail_len)
{
	static const uint8_t head[] = {0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x07, 0x30,
				       0x00, 0x30, 0x00, 0x30, 0x00, 0x30, 0x00, 0x30, 0x00};
	struct buf t;

	buf_init(&t, 1 << 20);
	assert_true(buf_append(&t, head, sizeof(head)));
	if (exts) {
		struct buf x;
		buf_init(&x, 1 << 20);
		tlv(&x, 0x30, exts->data, exts->len);
		tlv(&t, 0xa3, x.data, x.len);
		buf_free(&x);
	}
	if (tail_len)
		assert_true(buf_append(&t, tail, tail_len));
	wrap(&t, 0x30);
	assert_true(buf_append(&t, "\x30\x00\x03\x01\x00", 5));
	wrap(&t, 0x30);
	buf_reset(out);
	assert_true(buf_append(out, t.data, t.len));
	buf_free(&t);
}

static const char *run(const struct buf *c, struct x509_aia *a)
{
	static char reason[64];
	struct err e;

	err_clear(&e);
	if (x509_aia_ca_issuers(c->data, c->len, a, &e))
		return a->found ? a->url : "";
	assert_false(a->found);
	snprintf(reason, sizeof(reason), "error %s", e.reason);
	return reason;
}

struct t {
	struct buf list, exts, c;
	struct x509_aia a;
};

static void t_init(struct t *t)
{
	buf_init(&t->list, 1 << 20);
	buf_init(&t->exts, 1 << 20);
	buf_init(&t->c, 1 << 20);
}

static void t_free(struct t *t)
{
	buf_free(&t->list);
	buf_free(&t->exts);
	buf_free(&t->c);
}

static void test_first_http_ca_issuers_is_returned(void **state)
{
	struct t t;
	static const uint8_t bc[] = {0x30, 0x03, 0x01, 0x01, 0xff};
	struct buf bcv = {.data = (uint8_t *)bc, .len = sizeof(bc)};

	(void)state;
	t_init(&t);
	extension(&t.exts, OID_BC, 3, (const uint8_t *)"\xff", 1, &bcv); /* critical TRUE */
	access(&t.list, OID_OCSP, URI, "http://ocsp.test/");
	access(&t.list, OID_CAI, URI, "ldap://pki.test/ca");
	access(&t.list, OID_CAI, DNS, "pki.test");
	access(&t.list, OID_CAI, URI, "HTTPS://pki.test/ca%2001.crt");
	access(&t.list, OID_CAI, URI, "http://pki.test/second.crt");
	aia_ext(&t.exts, &t.list);
	cert(&t.c, &t.exts, NULL, 0);
	assert_string_equal(run(&t.c, &t.a), "HTTPS://pki.test/ca%2001.crt");
	assert_true(t.a.found);
	t_free(&t);
}

static void test_no_aia_or_no_http_uri_is_not_found(void **state)
{
	struct t t;
	static const uint8_t bc[] = {0x30, 0x00};
	struct buf bcv = {.data = (uint8_t *)bc, .len = sizeof(bc)};

	(void)state;
	t_init(&t);
	cert(&t.c, NULL, NULL, 0); /* no extensions at all */
	assert_string_equal(run(&t.c, &t.a), "");
	extension(&t.exts, OID_BC, 3, NULL, 0, &bcv);
	cert(&t.c, &t.exts, NULL, 0); /* extensions, no AIA */
	assert_string_equal(run(&t.c, &t.a), "");
	access(&t.list, OID_CAI, URI, "ldap://pki.test/ca");
	access(&t.list, OID_OCSP, URI, "http://ocsp.test/");
	access(&t.list, OID_CAI, URI, "http:/x"); /* not "http://" */
	aia_ext(&t.exts, &t.list);
	cert(&t.c, &t.exts, NULL, 0);
	assert_string_equal(run(&t.c, &t.a), "");
	assert_false(t.a.found);
	t_free(&t);
}

static void test_bad_uris_are_url_invalid(void **state)
{
	static const char *const bad[] = {"", "http://pki.test/a b.crt", "http://pki.test/\x7f",
					  "http://pki.test/\xc3\xa9"};
	char longu[X509_AIA_URL_MAX + 2];
	struct t t;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t_init(&t);
		access(&t.list, OID_CAI, URI, bad[i]);
		aia_ext(&t.exts, &t.list);
		cert(&t.c, &t.exts, NULL, 0);
		assert_string_equal(run(&t.c, &t.a), "error aia_url_invalid");
		t_free(&t);
	}
	/* X509_AIA_URL_MAX bytes pass, one more does not. */
	memset(longu, 'a', sizeof(longu));
	memcpy(longu, "http://", 7);
	longu[X509_AIA_URL_MAX] = '\0';
	t_init(&t);
	access(&t.list, OID_CAI, URI, longu);
	aia_ext(&t.exts, &t.list);
	cert(&t.c, &t.exts, NULL, 0);
	assert_string_equal(run(&t.c, &t.a), longu);
	t_free(&t);
	longu[X509_AIA_URL_MAX] = 'a';
	longu[X509_AIA_URL_MAX + 1] = '\0';
	t_init(&t);
	access(&t.list, OID_CAI, URI, longu);
	aia_ext(&t.exts, &t.list);
	cert(&t.c, &t.exts, NULL, 0);
	assert_string_equal(run(&t.c, &t.a), "error aia_url_invalid");
	t_free(&t);
}

static void test_two_aia_extensions_and_empty_list_are_malformed(void **state)
{
	struct t t;
	struct buf empty = {0};

	(void)state;
	t_init(&t);
	access(&t.list, OID_CAI, URI, "http://pki.test/a.crt");
	aia_ext(&t.exts, &t.list);
	aia_ext(&t.exts, &t.list);
	cert(&t.c, &t.exts, NULL, 0);
	assert_string_equal(run(&t.c, &t.a), "error aia_malformed");
	buf_reset(&t.exts);
	aia_ext(&t.exts, &empty); /* SIZE (1..MAX) */
	cert(&t.c, &t.exts, NULL, 0);
	assert_string_equal(run(&t.c, &t.a), "error aia_malformed");
	t_free(&t);
}

static void test_der_deviations_are_malformed(void **state)
{
	struct t t;
	struct buf v;

	(void)state;
	t_init(&t);
	buf_init(&v, 1 << 16);
	access(&t.list, OID_CAI, URI, "http://pki.test/a.crt");
	aia_ext(&t.exts, &t.list);
	cert(&t.c, &t.exts, NULL, 0);
	assert_string_equal(run(&t.c, &t.a), "http://pki.test/a.crt");
	/* Truncated, or one byte after the certificate. */
	t.c.len--;
	assert_string_equal(run(&t.c, &t.a), "error aia_malformed");
	t.c.len++;
	assert_true(buf_putc(&t.c, 0));
	assert_string_equal(run(&t.c, &t.a), "error aia_malformed");
	/* Something after the extensions inside the TBSCertificate. */
	cert(&t.c, &t.exts, "\x05\x00", 2);
	assert_string_equal(run(&t.c, &t.a), "error aia_malformed");
	/* A critical flag of two bytes. */
	buf_reset(&t.exts);
	tlv(&v, 0x30, t.list.data, t.list.len);
	extension(&t.exts, OID_AIA, 8, (const uint8_t *)"\xff\xff", 2, &v);
	cert(&t.c, &t.exts, NULL, 0);
	assert_string_equal(run(&t.c, &t.a), "error aia_malformed");
	/* Bytes after the AIA SEQUENCE inside the OCTET STRING. */
	buf_reset(&t.exts);
	assert_true(buf_append(&v, "\x05\x00", 2));
	extension(&t.exts, OID_AIA, 8, NULL, 0, &v);
	cert(&t.c, &t.exts, NULL, 0);
	assert_string_equal(run(&t.c, &t.a), "error aia_malformed");
	/* An AccessDescription that is not a SEQUENCE of OID and name. */
	buf_reset(&t.exts);
	buf_reset(&v);
	tlv(&v, 0x30, "\x30\x02\x05\x00", 4);
	extension(&t.exts, OID_AIA, 8, NULL, 0, &v);
	cert(&t.c, &t.exts, NULL, 0);
	assert_string_equal(run(&t.c, &t.a), "error aia_malformed");
	/* A long-form length that is not minimal (X.690 10.1), and nothing at all. */
	{
		static const uint8_t nonminimal[] = {0x30, 0x81, 0x01, 0x00};
		struct err e;
		assert_false(x509_aia_ca_issuers(nonminimal, sizeof(nonminimal), &t.a, &e));
		assert_string_equal(e.reason, "aia_malformed");
		assert_false(x509_aia_ca_issuers(nonminimal, 0, &t.a, &e));
		assert_string_equal(e.reason, "aia_malformed");
	}
	buf_free(&v);
	t_free(&t);
}

static void test_real_ca03_names_its_root(void **state)
{
	size_t n, k;
	uint8_t *t = TEST_SHARED_FILE("testdata/azure-vtpm-ca/global-virtual-tpm-ca-03.pem", &n);
	struct pem_obj o[1];
	struct x509_aia a;
	struct err e;

	(void)state;
	assert_true(pem_decode_all(t, n, o, 1, &k, &e));
	assert_true(x509_aia_ca_issuers(o[0].der, o[0].len, &a, &e));
	assert_true(a.found);
	assert_string_equal(a.url,
			    "http://www.microsoft.com/pkiops/certs/"
			    "Azure%20Virtual%20TPM%20Root%20Certificate%20Authority%202023.crt");
	pem_free_all(o, k);
	free(t);
}

static void test_unit_pki_leaf_has_no_aia(void **state)
{
	size_t n;
	uint8_t *t = test_read_file("test/tpm/certs/leaf.der", &n);
	struct x509_aia a;
	struct err e;

	(void)state;
	assert_non_null(t);
	assert_true(x509_aia_ca_issuers(t, n, &a, &e));
	assert_false(a.found);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_first_http_ca_issuers_is_returned),
	    cmocka_unit_test(test_no_aia_or_no_http_uri_is_not_found),
	    cmocka_unit_test(test_bad_uris_are_url_invalid),
	    cmocka_unit_test(test_two_aia_extensions_and_empty_list_are_malformed),
	    cmocka_unit_test(test_der_deviations_are_malformed),
	    cmocka_unit_test(test_real_ca03_names_its_root),
	    cmocka_unit_test(test_unit_pki_leaf_has_no_aia),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
