/* Unit tests for src/attest/pem.c: PEM (RFC 7468) bundles decoded by BearSSL. */
#include "test_util.h"

#include <string.h>

#include "attest/pem.h"

/* "AQID" is base64 for 01 02 03; "BAUGBwg=" for 04 05 06 07 08. */
static const char two_objects[] = "# a bundle comment\n"
				  "-----BEGIN CERTIFICATE-----\n"
				  "AQID\n"
				  "-----END CERTIFICATE-----\n"
				  "text between objects is ignored\n"
				  "-----BEGIN PUBLIC KEY-----\n"
				  "BAUGBwg=\n"
				  "-----END PUBLIC KEY-----\n";

static void test_bundle_ignores_comments_and_keeps_names_and_bytes(void **state)
{
	(void)state;
	struct pem_obj o[4];
	size_t n;
	struct err e;

	assert_true(
	    pem_decode_all((const uint8_t *)two_objects, strlen(two_objects), o, 4, &n, &e));
	assert_int_equal(n, 2);
	assert_string_equal(o[0].name, "CERTIFICATE");
	assert_int_equal(o[0].len, 3);
	assert_memory_equal(o[0].der, "\x01\x02\x03", 3);
	assert_string_equal(o[1].name, "PUBLIC KEY");
	assert_int_equal(o[1].len, 5);
	assert_memory_equal(o[1].der, "\x04\x05\x06\x07\x08", 5);
	pem_free_all(o, n);
}

static void test_more_objects_than_room_is_refused(void **state)
{
	(void)state;
	struct pem_obj o[1];
	size_t n = 99;
	struct err e;

	assert_false(
	    pem_decode_all((const uint8_t *)two_objects, strlen(two_objects), o, 1, &n, &e));
	assert_string_equal(e.reason, "pem_too_many_objects");
	assert_int_equal(n, 0);
}

static void test_unterminated_or_broken_objects_are_refused(void **state)
{
	(void)state;
	const char *bad[] = {
	    "-----BEGIN CERTIFICATE-----\nAQID\n",			      /* no END line */
	    "-----BEGIN CERTIFICATE-----\nAQ*D\n-----END CERTIFICATE-----\n", /* not base64 */
	};
	struct pem_obj o[4];
	size_t n;
	struct err e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = 99;
		err_clear(&e);
		assert_false(pem_decode_all((const uint8_t *)bad[i], strlen(bad[i]), o, 4, &n, &e));
		assert_int_equal(n, 0);
		assert_non_null(e.reason);
	}
}

static void test_text_without_objects_is_an_empty_bundle(void **state)
{
	(void)state;
	const char text[] = "# only comments\n";
	struct pem_obj o[4];
	size_t n = 99;
	struct err e;

	assert_true(pem_decode_all((const uint8_t *)text, strlen(text), o, 4, &n, &e));
	assert_int_equal(n, 0);
}

/* RFC 7468 known answer: 01 02 03 is "AQID"; 49 bytes make a 64-character line and a rest. */
static void test_encode_known_answer_and_round_trip(void **state)
{
	(void)state;
	static const char want[] = "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n";
	uint8_t big[49];
	struct pem_obj o[2];
	struct buf b;
	size_t n;
	struct err e;

	buf_init(&b, 4096);
	assert_true(pem_encode("CERTIFICATE", (const uint8_t *)"\x01\x02\x03", 3, &b));
	assert_int_equal(b.len, strlen(want));
	assert_memory_equal(b.data, want, b.len);
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7);
	assert_true(pem_encode("X", big, sizeof(big), &b)); /* appended after the first */
	assert_true(pem_decode_all(b.data, b.len, o, 2, &n, &e));
	assert_int_equal(n, 2);
	assert_string_equal(o[1].name, "X");
	assert_int_equal(o[1].len, sizeof(big));
	assert_memory_equal(o[1].der, big, sizeof(big));
	pem_free_all(o, n);
	/* Empty input and a full buffer are refused. */
	assert_false(pem_encode("X", big, 0, &b));
	buf_free(&b);
	buf_init(&b, 10);
	assert_false(pem_encode("CERTIFICATE", big, 3, &b));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_encode_known_answer_and_round_trip),
	    cmocka_unit_test(test_bundle_ignores_comments_and_keeps_names_and_bytes),
	    cmocka_unit_test(test_more_objects_than_room_is_refused),
	    cmocka_unit_test(test_unterminated_or_broken_objects_are_refused),
	    cmocka_unit_test(test_text_without_objects_is_an_empty_bundle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
