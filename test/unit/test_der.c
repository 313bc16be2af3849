/* Unit tests for src/attest/der.c: strict DER (X.690 10.1 definite, minimal lengths; 8.3 integers).
 */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_der_rejects_non_minimal_and_indefinite_lengths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
