/* Unit tests for src/provider/maa_error.c: error bodies to one bounded, escaped line. */
#include "test_util.h"

#include "provider/maa_error.h"

static bool summary(const char *body, char *out, size_t cap)
{
	return maa_error_summary((const uint8_t *)body, strlen(body), out, cap);
}

static void test_both_shapes_known_answers(void **state)
{
	(void)state;
	char out[MAA_ERROR_SUMMARY_MAX];

	assert_true(summary("{\"error\":{\"code\":\"PolicyDenied\",\"message\":\"policy: no\"}}",
			    out, sizeof(out)));
	assert_string_equal(out, "PolicyDenied: policy: no");
	assert_true(summary("{\"Error\":{\"Code\":\"Bad\",\"Message\":\"m\"}}", out, sizeof(out)));
	assert_string_equal(out, "Bad: m");
	assert_true(summary("{\"error\":{\"code\":\"OnlyCode\"},\"x\":1}", out, sizeof(out)));
	assert_string_equal(out, "OnlyCode");
	assert_true(summary("{\"Error\":{\"Message\":\"only message\"}}", out, sizeof(out)));
	assert_string_equal(out, "only message");
	assert_true(
	    summary("{\"error\":{\"code\":429,\"message\":\"slow down\"}}", out, sizeof(out)));
	assert_string_equal(out, "429: slow down");
}

static void test_control_characters_and_non_ascii_escaped(void **state)
{
	(void)state;
	char out[MAA_ERROR_SUMMARY_MAX];

	assert_true(summary("{\"error\":{\"code\":\"A\\nB\",\"message\":\"\\u001b[31mred\\\\"
			    "\\u00e9\"}}",
			    out, sizeof(out)));
	assert_string_equal(out, "A\\x0aB: \\x1b[31mred\\\\\\xc3\\xa9");
	for (const char *p = out; *p; p++)
		assert_true(*p >= 0x20 && *p <= 0x7e);
}

static void test_unrecognised_bodies_summarised_not_parsed(void **state)
{
	(void)state;
	char out[MAA_ERROR_SUMMARY_MAX];

	assert_false(summary("<html>\r\n502</html>", out, sizeof(out)));
	assert_string_equal(out, "unrecognised body (18 bytes): <html>\\x0d\\x0a502</html>");
	assert_false(summary("", out, sizeof(out)));
	assert_string_equal(out, "unrecognised body (0 bytes): ");
	/* the right JSON shape is required: wrapper object, inner object, a code or message */
	assert_false(summary("{\"error\":\"x\"}", out, sizeof(out)));
	assert_false(summary("{\"error\":{}}", out, sizeof(out)));
	assert_false(summary("{\"error\":{\"code\":true}}", out, sizeof(out)));
	assert_false(summary("{\"ERROR\":{\"code\":\"x\"}}", out, sizeof(out)));
	assert_false(summary("[{\"error\":{\"code\":\"x\"}}]", out, sizeof(out)));
	assert_false(summary("{\"error\":{\"code\":\"x\"},\"error\":{}}", out, sizeof(out)));
}

static void test_summary_bounded_and_terminated(void **state)
{
	(void)state;
	char out[32], big[4096];
	uint8_t *huge;
	size_t n = MAA_ERROR_MAX_BODY + 1;

	snprintf(big, sizeof(big), "{\"error\":{\"code\":\"C\",\"message\":\"%0300d\"}}", 7);
	memset(out, 'Z', sizeof(out));
	assert_true(summary(big, out, sizeof(out)));
	assert_int_equal(strlen(out), sizeof(out) - 1);
	assert_memory_equal(out + sizeof(out) - 4, "...", 3);
	/* escapes are never cut in half: the line holds whole \xNN or ends in "..." */
	assert_true(summary("{\"error\":{\"code\":\"\\u0001\\u0001\\u0001\\u0001\\u0001\\u0001"
			    "\\u0001\\u0001\"}}",
			    out, 16));
	assert_string_equal(out, "\\x01\\x01\\x01...");
	/* too small a buffer: empty string, false */
	out[0] = 'x';
	assert_false(summary("{\"error\":{\"code\":\"C\"}}", out, 4));
	assert_string_equal(out, "");
	/* over the body cap: not parsed, only the prefix is shown */
	huge = calloc(1, n);
	assert_non_null(huge);
	memcpy(huge, "{\"error\":{\"code\":\"C\"}}", 22);
	assert_false(maa_error_summary(huge, n, big, sizeof(big)));
	assert_non_null(strstr(big, "(65537 bytes)"));
	free(huge);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_both_shapes_known_answers),
	    cmocka_unit_test(test_control_characters_and_non_ascii_escaped),
	    cmocka_unit_test(test_unrecognised_bodies_summarised_not_parsed),
	    cmocka_unit_test(test_summary_bounded_and_terminated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
