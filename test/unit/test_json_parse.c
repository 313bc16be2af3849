/* Unit tests for src/json/json_parse.c: the strict RFC 8259 parser on jsmn. */
#include "test_util.h"

#include "core/buf.h"
#include "json/json_parse.h"

static bool parses(const char *s)
{
	struct json_doc d;
	struct err e;
	bool ok;

	err_clear(&e);
	ok = json_doc_parse(&d, s, strlen(s), NULL, &e);
	json_doc_free(&d);
	return ok;
}

/* Parse must fail with this reason. */
static void expect_reject_n(const char *s, size_t n, const char *reason)
{
	struct json_doc d;
	struct err e;

	err_clear(&e);
	if (json_doc_parse(&d, s, n, NULL, &e)) {
		json_doc_free(&d);
		fail_msg("accepted: %.*s", (int)n, s);
	}
	/* reason may list alternatives, "a|b": jsmn catches some errors first. */
	size_t rl = strlen(e.reason);
	const char *hit = strstr(reason, e.reason);
	if (!hit || (hit != reason && hit[-1] != '|') || (hit[rl] != '\0' && hit[rl] != '|'))
		fail_msg("'%.*s': reason %s, wanted %s (%s)", (int)n, s, e.reason, reason,
			 e.detail);
	assert_string_equal(e.layer, "json");
	assert_null(d.tok);
}

static void expect_reject(const char *s, const char *reason)
{
	expect_reject_n(s, strlen(s), reason);
}

static void test_json_accepts_valid_documents(void **state)
{
	(void)state;
	static const char *ok[] = {
	    "{}",
	    "[]",
	    " \t\r\n{ \"a\" : 1 , \"b\" : [ true , false , null ] } \n",
	    "{\"a\":{\"b\":{\"c\":\"d\"}}}",
	    "[[],[[]],{}]",
	    "0",
	    "-0",
	    "1.5e+10",
	    "-12.25E-3",
	    "\"top-level string\"",
	    "true",
	    "null",
	    "[1,-1,0.5,1e5,1E-5]",
	    "{\"\":\"\"}",
	    "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\ud83d\\ude00\"]",
	    "[\"h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"]",
	    "{\"a\":1,\"A\":2,\"a \":3}",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!parses(ok[i]))
			fail_msg("rejected valid JSON: %s", ok[i]);
}

static void test_json_rejects_grammar_errors_jsmn_lets_through(void **state)
{
	(void)state;
	expect_reject("{\"a\"}", "syntax");
	expect_reject("{\"a\":1,}", "syntax");
	expect_reject("[1,]", "syntax");
	expect_reject("[1 2]", "syntax");
	expect_reject("{\"a\":1 \"b\":2}", "syntax");
	expect_reject("{\"a\" 1}", "syntax");
	expect_reject("{\"a\"::1}", "syntax");
	expect_reject("[,1]", "syntax");
	expect_reject("{,}", "syntax");
	expect_reject("{\"a\":1:2}", "bad_number");
	expect_reject("{1:2}", "syntax");
	expect_reject("[1}", "syntax");
	expect_reject("{\"a\":[}", "syntax");
	expect_reject("[\"a\":1]", "syntax");
	expect_reject("{\"a\",\"b\"}", "syntax");
	expect_reject("['a']", "syntax");
	expect_reject("", "empty_input");
	expect_reject("  \n ", "empty_input");
	expect_reject("[", "truncated");
	expect_reject("{\"a\":", "truncated");
	expect_reject("\"abc", "truncated");
}

static void test_json_rejects_bad_literals_and_numbers(void **state)
{
	(void)state;
	expect_reject("[tru]", "bad_literal");
	expect_reject("[True]", "syntax");
	expect_reject("[nul]", "bad_literal");
	expect_reject("[truex]", "bad_literal");
	expect_reject("[01]", "bad_number");
	expect_reject("[-]", "bad_number");
	expect_reject("[1.]", "bad_number");
	expect_reject("[.5]", "syntax");
	expect_reject("[1e]", "bad_number");
	expect_reject("[1e+]", "bad_number");
	expect_reject("[+1]", "syntax");
	expect_reject("[0x10]", "bad_number");
	expect_reject("[1.5.5]", "bad_number");
	expect_reject("[-01]", "bad_number");
	expect_reject("[NaN]", "syntax");
	expect_reject("[Infinity]", "syntax");
	expect_reject("01", "bad_number");
	expect_reject("-", "bad_number");
}

static void test_json_rejects_anything_after_the_value(void **state)
{
	(void)state;
	expect_reject("{} {}", "trailing_data");
	expect_reject("{}x", "syntax");
	expect_reject("[1] 2", "trailing_data|truncated");
	expect_reject("1 2", "trailing_data");
	expect_reject("\"a\" \"b\"", "trailing_data");
	expect_reject_n("{}\0", 3, "trailing_data");
	expect_reject("{}\f", "syntax");
}

static void test_json_rejects_bad_strings(void **state)
{
	(void)state;
	expect_reject("[\"a\tb\"]", "control_character");
	expect_reject("[\"a\nb\"]", "control_character");
	expect_reject_n("[\"a\0b\"]", 7, "truncated");
	expect_reject("[\"\\x41\"]", "bad_escape|syntax");
	expect_reject("[\"\\u12G4\"]", "bad_escape|syntax");
	expect_reject("[\"\\u123\"]", "bad_escape|syntax");
	expect_reject("[\"\\'\"]", "bad_escape|syntax");
	expect_reject("[\"\\ud800\"]", "unpaired_surrogate");
	expect_reject("[\"\\ud800x\"]", "unpaired_surrogate");
	expect_reject("[\"\\ud800\\u0041\"]", "unpaired_surrogate");
	expect_reject("[\"\\ud800\\ud800\"]", "unpaired_surrogate");
	expect_reject("[\"\\udc00\"]", "unpaired_surrogate");
	expect_reject("[\"\\ude00\\ud83d\"]", "unpaired_surrogate");
	/* Invalid UTF-8 in raw bytes (RFC 3629): overlong, surrogate, > U+10FFFF, stray. */
	expect_reject("[\"\xc0\xaf\"]", "bad_utf8");
	expect_reject("[\"\xe0\x80\xaf\"]", "bad_utf8");
	expect_reject("[\"\xed\xa0\x80\"]", "bad_utf8");
	expect_reject("[\"\xf4\x90\x80\x80\"]", "bad_utf8");
	expect_reject("[\"\x80\"]", "bad_utf8");
	expect_reject("[\"\xc3\"]", "bad_utf8");
	expect_reject("[\"\xff\"]", "bad_utf8");
}

static void test_json_rejects_duplicate_member_names(void **state)
{
	(void)state;
	expect_reject("{\"exp\":1,\"exp\":2}", "duplicate_member");
	/* Same name after escape decoding. */
	expect_reject("{\"exp\":1,\"\\u0065xp\":2}", "duplicate_member");
	expect_reject("{\"a\\/b\":1,\"a/b\":2}", "duplicate_member");
	expect_reject("{\"\xc3\xa9\":1,\"\\u00e9\":2}", "duplicate_member");
	/* Nested objects are checked too; equal names in different objects are fine. */
	expect_reject("{\"a\":{\"x\":1,\"y\":2,\"x\":3}}", "duplicate_member");
	assert_true(parses("{\"a\":{\"x\":1},\"b\":{\"x\":1}}"));
}

static void test_json_finds_duplicates_in_large_objects(void **state)
{
	(void)state;
	struct buf b;
	char tmp[32];

	buf_init(&b, 1 << 20);
	buf_putc(&b, '{');
	for (int i = 0; i < 500; i++) {
		snprintf(tmp, sizeof(tmp), "%s\"k%d\":%d", i ? "," : "", i, i);
		buf_puts(&b, tmp);
	}
	buf_puts(&b, "}");
	assert_true(parses(buf_cstr(&b)));
	b.len--; /* drop '}' and add a late duplicate, escaped */
	buf_puts(&b, ",\"\\u006b250\":0}");
	expect_reject(buf_cstr(&b), "duplicate_member");
	buf_free(&b);
}

static void test_json_caps_depth_tokens_and_size(void **state)
{
	(void)state;
	struct json_limits lim = {1024, 8, 3};
	struct json_doc d;
	struct err e;
	char deep[300];

	err_clear(&e);
	assert_true(json_doc_parse(&d, "[[[1]]]", 7, &lim, &e));
	json_doc_free(&d);
	assert_false(json_doc_parse(&d, "[[[[1]]]]", 9, &lim, &e));
	assert_string_equal(e.reason, "too_deep");
	assert_false(json_doc_parse(&d, "{\"a\":{\"b\":{\"c\":{}}}}", 20, &lim, &e));
	assert_string_equal(e.reason, "too_deep");
	assert_false(json_doc_parse(&d, "[1,2,3,4,5,6,7,8]", 17, &lim, &e));
	assert_string_equal(e.reason, "too_many_tokens");
	lim.max_len = 4;
	assert_false(json_doc_parse(&d, "[1,2]", 5, &lim, &e));
	assert_string_equal(e.reason, "too_large");
	/* Default depth (32): 150 levels are refused, without deep recursion. */
	memset(deep, '[', 150);
	memset(deep + 150, ']', 150);
	assert_false(json_doc_parse(&d, deep, 300, NULL, &e));
	assert_string_equal(e.reason, "too_deep");
}

/* jsmn runs once; a refused text is classified as a count-then-fill
 * tokenizer would: the counting pass's error, then too_many_tokens, then the
 * filling pass's error. */
static void test_json_classifies_tokenizer_refusals(void **state)
{
	(void)state;
	struct json_limits lim = {1024, 8, 8};
	struct json_doc d;
	struct err e;

	err_clear(&e);
	/* The counting pass skips bracket matching and stops at '@' (offset 8),
	 * after the mismatched ']' (offset 6) that the filling pass sees first. */
	assert_false(json_doc_parse(&d, "{\"a\":1] @", 9, &lim, &e));
	assert_string_equal(e.reason, "syntax");
	assert_int_equal(e.offset, 8);
	assert_false(json_doc_parse(&d, "[1,2,3}", 7, &lim, &e));
	assert_string_equal(e.reason, "syntax");
	assert_int_equal(e.offset, 6);
	/* Too many tokens wins over the mismatch the filling pass stops at. */
	assert_false(json_doc_parse(&d, "[1,2,3,4,5,6,7,8}", 17, &lim, &e));
	assert_string_equal(e.reason, "too_many_tokens");
	/* Exactly max_tokens tokens fit the one pass's token array. */
	assert_true(json_doc_parse(&d, "[1,2,3,4,5,6,7]", 15, &lim, &e));
	assert_int_equal(d.ntok, 8);
	json_doc_free(&d);
	lim.max_tokens = 0;
	assert_false(json_doc_parse(&d, "[]", 2, &lim, &e));
	assert_string_equal(e.reason, "too_many_tokens");
	assert_null(d.tok);
}
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json_accepts_valid_documents),
	    cmocka_unit_test(test_json_rejects_grammar_errors_jsmn_lets_through),
	    cmocka_unit_test(test_json_rejects_bad_literals_and_numbers),
	    cmocka_unit_test(test_json_rejects_anything_after_the_value),
	    cmocka_unit_test(test_json_rejects_bad_strings),
	    cmocka_unit_test(test_json_rejects_duplicate_member_names),
	    cmocka_unit_test(test_json_finds_duplicates_in_large_objects),
	    cmocka_unit_test(test_json_caps_depth_tokens_and_size),
	    cmocka_unit_test(test_json_classifies_tokenizer_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
