/* Unit tests for src/attest/der.c: strict DER (X.690 10.1 definite, minimal lengths; 8.3 integers).
 */
#include <string.h>

#include "test_util.h"

#include "attest/der.h"

static void test_der_rejects_non_minimal_and_indefinite_lengths(void **state)
{
	(void)state;
	const uint8_t ok[] = {0x30, 0x03, 0x02, 0x01, 0x05};
	const uint8_t longform_small[] = {0x30, 0x81, 0x03, 0x02, 0x01, 0x05};
	const uint8_t indefinite[] = {0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00};
	const uint8_t lead_zero[] = {0x30, 0x82, 0x00, 0x03, 0x02, 0x01, 0x05};
	const uint8_t neg_int[] = {0x02, 0x01, 0x80};
	const uint8_t pad_int[] = {0x02, 0x02, 0x00, 0x05};
	struct cursor c, v;
	const uint8_t *p;
	size_t n;

	assert_int_equal(der_tlv_size(ok, sizeof(ok)), 5);
	assert_int_equal(der_tlv_size(ok, 4), 0);
	assert_int_equal(der_tlv_size(longform_small, sizeof(longform_small)), 0);
	assert_int_equal(der_tlv_size(indefinite, sizeof(indefinite)), 0);
	assert_int_equal(der_tlv_size(lead_zero, sizeof(lead_zero)), 0);
	cursor_init(&c, ok, sizeof(ok));
	assert_true(der_expect(&c, DER_SEQUENCE, &v));
	assert_true(der_uint(&v, &p, &n));
	assert_int_equal(n, 1);
	cursor_init(&c, neg_int, sizeof(neg_int));
	assert_false(der_uint(&c, &p, &n));
	cursor_init(&c, pad_int, sizeof(pad_int));
	assert_false(der_uint(&c, &p, &n));
	assert_int_equal(c.off, 0);
}

/* RFC 5280 4.1: Certificate { tbsCertificate { [0] version OPTIONAL, serialNumber, ... }, ... } */
static void test_x509_tbs_opens_with_and_without_version(void **state)
{
	(void)state;
	/* SEQ { SEQ { [0] { INT 2 }, INT 0x2a, SEQ {} }, SEQ {}, BIT STRING } */
	const uint8_t v3[] = {0x30, 0x12, 0x30, 0x0a, 0xa0, 0x03, 0x02, 0x01, 0x02, 0x02,
			      0x01, 0x2a, 0x30, 0x00, 0x30, 0x00, 0x03, 0x02, 0x00, 0x00};
	/* v1: no [0] version; serial 0x01 0x00 */
	const uint8_t v1[] = {0x30, 0x0c, 0x30, 0x06, 0x02, 0x02, 0x01,
			      0x00, 0x30, 0x00, 0x30, 0x00, 0x30, 0x00};
	uint8_t trailing[sizeof(v3) + 1];
	uint8_t noserial[sizeof(v3)];
	struct cursor tbs, serial, v;

	assert_true(der_x509_tbs(v3, sizeof(v3), &tbs, &serial));
	assert_int_equal(serial.len, 1);
	assert_int_equal(serial.ptr[0], 0x2a);
	assert_true(der_expect(&tbs, DER_SEQUENCE, &v)); /* left at the signature field */
	assert_true(der_x509_tbs(v1, sizeof(v1), &tbs, &serial));
	assert_int_equal(serial.len, 2);
	memcpy(trailing, v3, sizeof(v3));
	trailing[sizeof(v3)] = 0;
	assert_false(der_x509_tbs(trailing, sizeof(trailing), &tbs, &serial)); /* bytes after it */
	memcpy(noserial, v3, sizeof(v3));
	noserial[9] = 0x04; /* serialNumber is not an INTEGER */
	assert_false(der_x509_tbs(noserial, sizeof(noserial), &tbs, &serial));
	assert_false(der_x509_tbs(v3, sizeof(v3) - 1, &tbs, &serial)); /* truncated */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_der_rejects_non_minimal_and_indefinite_lengths),
	    cmocka_unit_test(test_x509_tbs_opens_with_and_without_version),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
