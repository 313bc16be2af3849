/*
 * Unit tests for src/attest/x509_names.c: serial and names as audit text. Known answers from
 * python3-cryptography (names in certificate order, i.e. RFC 4514 reversed) for the test PKI
 * (test/tpm/certs) and Microsoft's vTPM CAs (../shared/testdata/azure-vtpm-ca); hand-made DER
 * for escaping, unknown attribute types, cutting and every malformed shape.
 */
#include "test_util.h"

#include "attest/pem.h"
#include "attest/x509_names.h"

static void test_test_pki_leaf(void **state)
{
	size_t len;
	uint8_t *der = test_read_file("test/tpm/certs/leaf.der", &len);
	struct x509_names n;
	(void)state;

	assert_non_null(der);
	assert_true(x509_names_read(der, len, &n));
	assert_string_equal(n.serial, "0a");
	assert_string_equal(n.subject, "CN=unit-ak");
	assert_string_equal(n.issuer, "CN=Unit CA 01");
	/* A trailing byte (NV padding not trimmed) or a cut certificate is refused. */
	uint8_t *pad = malloc(len + 1);
	assert_non_null(pad);
	memcpy(pad, der, len);
	pad[len] = 0;
	assert_false(x509_names_read(pad, len + 1, &n));
	assert_string_equal(n.subject, "");
	assert_false(x509_names_read(der, len - 1, &n));
	assert_false(x509_names_read(NULL, 0, &n));
	free(pad);
	free(der);
}

static void test_azure_vtpm_cas(void **state)
{
	size_t len, nobj;
	uint8_t *a =
	    TEST_SHARED_FILE("testdata/azure-vtpm-ca/azure-virtual-tpm-root-2023.pem", &len);
	struct pem_obj objs[2];
	struct x509_names n;
	struct err e;
	(void)state;

	assert_true(pem_decode_all(a, len, objs, 2, &nobj, &e));
	assert_true(x509_names_read(objs[0].der, objs[0].len, &n));
	assert_string_equal(n.serial, "51f431da2c92088a4e29e0d929de4aa7");
	assert_string_equal(n.subject, "C=US, O=Microsoft Corporation, CN=Azure Virtual TPM Root "
				       "Certificate Authority 2023");
	assert_string_equal(n.issuer, n.subject);
	pem_free_all(objs, nobj);
	free(a);
	a = TEST_SHARED_FILE("testdata/azure-vtpm-ca/global-virtual-tpm-ca-03.pem", &len);
	assert_true(pem_decode_all(a, len, objs, 2, &nobj, &e));
	assert_true(x509_names_read(objs[0].der, objs[0].len, &n));
	assert_string_equal(n.serial, "33000000092740e5ac727b0ea6000000000009");
	assert_string_equal(n.subject, "CN=Global Virtual TPM CA - 03");
	pem_free_all(objs, nobj);
	free(a);
}

/* Appends TLV(tag, c) to out at *k (definite length, long form when needed). */
static void tlv(uint8_t *out, size_t *k, uint8_t tag, const uint8_t *c, size_t n)
{
	out[(*k)++] = tag;
	if (n < 0x80) {
		out[(*k)++] = (uint8_t)n;
	} else if (n < 0x100) {
		out[(*k)++] = 0x81;
		out[(*k)++] = (uint8_t)n;
	} else {
		out[(*k)++] = 0x82;
		out[(*k)++] = (uint8_t)(n >> 8);
		out[(*k)++] = (uint8_t)n;
	}
	if (n)
		memmove(out + *k, c, n);
	*k += n;
}

/* SEQ { SEQ { INTEGER serial, SEQ {}, issuer, SEQ {}, subject } }: only what x509_names reads
 * (the signature parts are not its business), DER lengths minimal. */
static size_t make_cert(uint8_t *out, const uint8_t *serial, size_t sl, const uint8_t *name,
			size_t nl)
{
	uint8_t tbs[700], inner[710];
	size_t k = 0, m = 0, n = 0;

	assert_true(sl < 100 && nl < 300);
	tlv(tbs, &k, 0x02, serial, sl);
	tlv(tbs, &k, 0x30, NULL, 0);
	memcpy(tbs + k, name, nl); /* issuer */
	k += nl;
	tlv(tbs, &k, 0x30, NULL, 0);
	memcpy(tbs + k, name, nl); /* subject */
	k += nl;
	tlv(inner, &m, 0x30, tbs, k);
	tlv(out, &n, 0x30, inner, m);
	return n;
}

/* Name with one RDN of one attribute: SEQ { SET { SEQ { OID oid, tag value } } }. */
static size_t one_attr(uint8_t *out, const uint8_t *oid, size_t ol, uint8_t vtag, const uint8_t *v,
		       size_t vl)
{
	uint8_t atv[400], set[400];
	size_t a = 0, s = 0, n = 0;

	tlv(atv, &a, 0x06, oid, ol);
	tlv(atv, &a, vtag, v, vl);
	tlv(set, &s, 0x30, atv, a);
	uint8_t seq[400];
	size_t q = 0;
	tlv(seq, &q, 0x31, set, s);
	tlv(out, &n, 0x30, seq, q);
	return n;
}

static const uint8_t oid_cn[] = {0x55, 0x04, 0x03};

static void test_escapes_and_unknown_types(void **state)
{
	/* CN = "a\nb\\\xff", then 1.2.840.113554.19 = "x" (an unknown type, dotted). */
	static const uint8_t other[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x13};
	static const uint8_t serial[] = {0x00, 0x80};
	uint8_t n1[100], n2[100], name[200], der[800];
	size_t l1 = one_attr(n1, oid_cn, 3, 0x0c, (const uint8_t *)"a\nb\\\xff", 5);
	size_t l2 = one_attr(n2, other, sizeof(other), 0x13, (const uint8_t *)"x", 1);
	size_t k = 0;
	struct x509_names out;
	(void)state;

	/* Both RDNs in one Name: the SETs of n1 and n2 (past their SEQ headers) joined. */
	uint8_t sets[200];
	memcpy(sets, n1 + 2, l1 - 2);
	memcpy(sets + l1 - 2, n2 + 2, l2 - 2);
	tlv(name, &k, 0x30, sets, l1 - 2 + l2 - 2);
	assert_true(x509_names_read(der, make_cert(der, serial, sizeof(serial), name, k), &out));
	assert_string_equal(out.serial, "0080");
	assert_string_equal(out.subject, "CN=a\\x0ab\\x5c\\xff, 1.2.840.113554.19=x");
	assert_string_equal(out.issuer, out.subject);
}

static void test_long_names_are_cut(void **state)
{
	static const uint8_t serial[] = {0x01};
	uint8_t v[225], name[260], der[800];
	size_t n;
	struct x509_names out;
	(void)state;

	memset(v, 'a', sizeof(v));
	n = one_attr(name, oid_cn, 3, 0x0c, v, sizeof(v));
	assert_true(x509_names_read(der, make_cert(der, serial, 1, name, n), &out));
	assert_int_equal(strlen(out.subject), 3 + 225);
	/* Escaped, the same value is four times as long: cut with "..." inside the output. */
	memset(v, 0x01, sizeof(v));
	n = one_attr(name, oid_cn, 3, 0x0c, v, sizeof(v));
	assert_true(x509_names_read(der, make_cert(der, serial, 1, name, n), &out));
	assert_true(strlen(out.subject) < X509_NAME_TEXT_MAX);
	assert_true(strlen(out.subject) >= X509_NAME_TEXT_MAX - 5);
	assert_string_equal(out.subject + strlen(out.subject) - 3, "...");
}

static void test_malformed_shapes_are_refused(void **state)
{
	static const uint8_t one[] = {0x01};
	static const uint8_t bad_oid[] = {0x2a, 0x86}; /* ends inside a subidentifier */
	static const uint8_t long_arc[] = {0x2a, 0xff, 0xff, 0xff, 0xff, 0xff,
					   0xff, 0xff, 0xff, 0xff, 0x7f};
	uint8_t der[800], big[40], name[200], atv[100];
	size_t n, a;
	struct x509_names out;
	(void)state;

	n = one_attr(name, oid_cn, 3, 0x0c, (const uint8_t *)"abc", 3);
	assert_true(x509_names_read(der, make_cert(der, one, 1, name, n), &out));
	assert_string_equal(out.subject, "CN=abc");
	assert_string_equal(out.serial, "01");
	/* Serial: empty, or longer than 32 octets. */
	assert_false(x509_names_read(der, make_cert(der, one, 0, name, n), &out));
	memset(big, 0x11, sizeof(big));
	assert_false(x509_names_read(der, make_cert(der, big, 33, name, n), &out));
	assert_true(x509_names_read(der, make_cert(der, big, 32, name, n), &out));
	/* An empty SET, a SEQUENCE where the SET belongs. */
	assert_false(x509_names_read(
	    der, make_cert(der, one, 1, (const uint8_t *)"\x30\x02\x31\x00", 4), &out));
	assert_false(x509_names_read(
	    der, make_cert(der, one, 1, (const uint8_t *)"\x30\x02\x30\x00", 4), &out));
	/* Malformed OIDs. */
	n = one_attr(name, bad_oid, sizeof(bad_oid), 0x0c, (const uint8_t *)"a", 1);
	assert_false(x509_names_read(der, make_cert(der, one, 1, name, n), &out));
	n = one_attr(name, long_arc, sizeof(long_arc), 0x0c, (const uint8_t *)"a", 1);
	assert_false(x509_names_read(der, make_cert(der, one, 1, name, n), &out));
	n = one_attr(name, (const uint8_t *)"\x2a\x80\x01", 3, 0x0c, (const uint8_t *)"a", 1);
	assert_false(x509_names_read(der, make_cert(der, one, 1, name, n), &out));
	/* A third member in the AttributeTypeAndValue. */
	a = 0;
	tlv(atv, &a, 0x06, oid_cn, 3);
	tlv(atv, &a, 0x0c, (const uint8_t *)"a", 1);
	tlv(atv, &a, 0x05, NULL, 0);
	{
		uint8_t seq[100], set[100];
		size_t q = 0, s = 0;
		tlv(seq, &q, 0x30, atv, a);
		tlv(set, &s, 0x31, seq, q);
		n = 0;
		tlv(name, &n, 0x30, set, s);
	}
	assert_false(x509_names_read(der, make_cert(der, one, 1, name, n), &out));
	/* An empty name (SEQUENCE OF nothing) is allowed: the text is empty. */
	assert_true(
	    x509_names_read(der, make_cert(der, one, 1, (const uint8_t *)"\x30\x00", 2), &out));
	assert_string_equal(out.subject, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_test_pki_leaf),
	    cmocka_unit_test(test_azure_vtpm_cas),
	    cmocka_unit_test(test_escapes_and_unknown_types),
	    cmocka_unit_test(test_long_names_are_cut),
	    cmocka_unit_test(test_malformed_shapes_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
