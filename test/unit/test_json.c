/* Unit tests for src/jose/json.c: the strict RFC 8259 reader on jsmn. */
#include "test_util.h"

#include "jose/json.h"

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

static void test_json_typed_path_lookups(void **state)
{
	(void)state;
	const char *s = "{\"a\":{\"b\":{\"c\":\"d\\u00e9\"}},\"n\":-42,\"u\":18446744073709551615,"
			"\"t\":true,\"arr\":[{\"kid\":\"x\"},{\"kid\":\"y\"}],\"dot.ted\":1,"
			"\"f\":1.5,\"big\":9223372036854775808,\"min\":-9223372036854775808}";
	struct json_doc d;
	struct err e;
	char out[16];
	size_t n;
	int64_t i;
	uint64_t u;
	bool b;
	uint32_t v;

	err_clear(&e);
	assert_true(json_doc_parse(&d, s, strlen(s), NULL, &e));
	assert_true(json_get_str(&d, JSON_ROOT, "a.b.c", out, sizeof(out), &n, 0, &e));
	assert_int_equal(n, 3);
	assert_memory_equal(out, "d\xc3\xa9", 4);
	assert_true(json_get_i64(&d, JSON_ROOT, "n", &i, &e));
	assert_true(i == -42);
	assert_true(json_get_u64(&d, JSON_ROOT, "u", &u, &e));
	assert_true(u == UINT64_MAX);
	assert_true(json_get_bool(&d, JSON_ROOT, "t", &b, &e));
	assert_true(b);
	assert_true(json_get_str(&d, JSON_ROOT, "arr.1.kid", out, sizeof(out), &n, 0, &e));
	assert_string_equal(out, "y");
	assert_true(json_get_i64(&d, JSON_ROOT, "min", &i, &e));
	assert_true(i == INT64_MIN);
	/* A name containing '.' is reachable with json_obj_member. */
	assert_false(json_find(&d, JSON_ROOT, "dot.ted", &v));
	assert_true(json_obj_member(&d, JSON_ROOT, "dot.ted", 7, &v));
	assert_int_equal(json_val_type(&d, v), JSON_NUMBER);

	assert_false(json_get_i64(&d, JSON_ROOT, "a.b.x", &i, &e));
	assert_string_equal(e.reason, "missing_member");
	assert_false(json_get_i64(&d, JSON_ROOT, "arr.2", &i, &e));
	assert_string_equal(e.reason, "missing_member");
	assert_false(json_get_i64(&d, JSON_ROOT, "t", &i, &e));
	assert_string_equal(e.reason, "wrong_type");
	assert_false(json_get_str(&d, JSON_ROOT, "n", out, sizeof(out), &n, 0, &e));
	assert_string_equal(e.reason, "wrong_type");
	/* No silent truncation: fractions, out-of-range and negative-as-unsigned fail. */
	assert_false(json_get_i64(&d, JSON_ROOT, "f", &i, &e));
	assert_string_equal(e.reason, "not_integer");
	assert_false(json_get_i64(&d, JSON_ROOT, "big", &i, &e));
	assert_string_equal(e.reason, "integer_out_of_range");
	assert_false(json_get_i64(&d, JSON_ROOT, "u", &i, &e));
	assert_string_equal(e.reason, "integer_out_of_range");
	assert_false(json_get_u64(&d, JSON_ROOT, "n", &u, &e));
	assert_string_equal(e.reason, "integer_out_of_range");
	/* Caller buffer too small: error, never a truncated string. */
	assert_false(json_get_str(&d, JSON_ROOT, "a.b.c", out, 3, &n, 0, &e));
	assert_string_equal(e.reason, "string_too_long");
	assert_true(json_get_str(&d, JSON_ROOT, "a.b.c", out, 4, &n, 0, &e));
	json_doc_free(&d);
}

/* Every path getter fails with the reason of the first failing step and
 * leaves the caller's output untouched on every failure. */
static void test_json_getters_fail_closed_without_writing_output(void **state)
{
	(void)state;
	const char *s = "{\"n\":-1,\"z\":-0,\"f\":2e3,\"s\":\"x\",\"t\":false}";
	struct json_doc d;
	struct err e;
	char out[8] = "keep";
	size_t n = 99;
	int64_t i = 7;
	uint64_t u = 7;
	bool b = true;
	uint32_t v = 5;

	err_clear(&e);
	assert_true(json_doc_parse(&d, s, strlen(s), NULL, &e));
	assert_false(json_get(&d, JSON_ROOT, "nope", JSON_INVALID, &v, &e));
	assert_string_equal(e.reason, "missing_member");
	assert_false(json_get(&d, JSON_ROOT, "s", JSON_NUMBER, &v, &e));
	assert_string_equal(e.reason, "wrong_type");
	assert_int_equal(v, 5);
	assert_false(json_get_str(&d, JSON_ROOT, "nope", out, sizeof(out), &n, 0, &e));
	assert_string_equal(e.reason, "missing_member");
	assert_false(json_get_str(&d, JSON_ROOT, "t", out, sizeof(out), &n, 0, &e));
	assert_string_equal(e.reason, "wrong_type");
	assert_string_equal(out, "keep");
	assert_int_equal(n, 99);
	assert_false(json_get_u64(&d, JSON_ROOT, "nope", &u, &e));
	assert_string_equal(e.reason, "missing_member");
	assert_false(json_get_u64(&d, JSON_ROOT, "s", &u, &e));
	assert_string_equal(e.reason, "wrong_type");
	assert_false(json_get_u64(&d, JSON_ROOT, "f", &u, &e));
	assert_string_equal(e.reason, "not_integer");
	assert_false(json_get_u64(&d, JSON_ROOT, "n", &u, &e));
	assert_string_equal(e.reason, "integer_out_of_range");
	assert_true(u == 7);
	assert_false(json_get_i64(&d, JSON_ROOT, "nope", &i, &e));
	assert_string_equal(e.reason, "missing_member");
	assert_false(json_get_i64(&d, JSON_ROOT, "f", &i, &e));
	assert_string_equal(e.reason, "not_integer");
	assert_true(i == 7);
	assert_false(json_get_bool(&d, JSON_ROOT, "nope", &b, &e));
	assert_string_equal(e.reason, "missing_member");
	assert_false(json_get_bool(&d, JSON_ROOT, "n", &b, &e));
	assert_string_equal(e.reason, "wrong_type");
	assert_true(b);
	/* Negative zero is an unsigned zero, not out of range. */
	assert_true(json_get_u64(&d, JSON_ROOT, "z", &u, &e));
	assert_true(u == 0);
	json_doc_free(&d);
}

static void test_json_u64_overflow_is_rejected(void **state)
{
	(void)state;
	const char *s = "[18446744073709551616,-9223372036854775809]";
	struct json_doc d;
	struct err e;
	uint64_t u;
	int64_t i;

	err_clear(&e);
	assert_true(json_doc_parse(&d, s, strlen(s), NULL, &e));
	assert_false(json_get_u64(&d, JSON_ROOT, "0", &u, &e));
	assert_string_equal(e.reason, "integer_out_of_range");
	assert_false(json_get_i64(&d, JSON_ROOT, "1", &i, &e));
	assert_string_equal(e.reason, "integer_out_of_range");
	json_doc_free(&d);
}

static void test_json_embedded_nul_is_rejected_only_on_request(void **state)
{
	(void)state;
	const char *s = "{\"iss\":\"a\\u0000b\"}";
	struct json_doc d;
	struct err e;
	char out[8];
	size_t n;

	err_clear(&e);
	assert_true(json_doc_parse(&d, s, strlen(s), NULL, &e));
	assert_true(json_get_str(&d, JSON_ROOT, "iss", out, sizeof(out), &n, 0, &e));
	assert_int_equal(n, 3);
	assert_memory_equal(out, "a\0b", 4);
	assert_false(json_get_str(&d, JSON_ROOT, "iss", out, sizeof(out), &n, JSON_STR_NO_NUL, &e));
	assert_string_equal(e.reason, "embedded_nul");
	/* Comparison is by decoded bytes and length: "a" does not equal "a\0b". */
	uint32_t v;
	assert_true(json_find(&d, JSON_ROOT, "iss", &v));
	assert_false(json_val_str_eq(&d, v, "a", 1));
	assert_true(json_val_str_eq(&d, v, "a\0b", 3));
	json_doc_free(&d);
}

static void test_json_decodes_surrogate_pairs_to_utf8(void **state)
{
	(void)state;
	const char *s = "[\"\\ud83d\\ude00\\u20ac\\u0000\\/\"]";
	struct json_doc d;
	struct err e;
	char out[16];
	size_t n;

	err_clear(&e);
	assert_true(json_doc_parse(&d, s, strlen(s), NULL, &e));
	assert_true(json_get_str(&d, JSON_ROOT, "0", out, sizeof(out), &n, 0, &e));
	assert_int_equal(n, 9);
	assert_memory_equal(out, "\xf0\x9f\x98\x80\xe2\x82\xac\0/", 9);
	json_doc_free(&d);
}

static void test_json_iterates_members_and_elements_in_order(void **state)
{
	(void)state;
	const char *s = "{\"x\":[1,[2,3],{\"y\":4}],\"z\":null}";
	struct json_doc d;
	struct err e;
	uint32_t it = 0, k, v, arr, el;
	char name[8];
	int count = 0;
	enum json_type want[] = {JSON_NUMBER, JSON_ARRAY, JSON_OBJECT};

	err_clear(&e);
	assert_true(json_doc_parse(&d, s, strlen(s), NULL, &e));
	assert_int_equal(json_val_size(&d, JSON_ROOT), 2);
	assert_true(json_obj_next(&d, JSON_ROOT, &it, &k, &v));
	assert_true(json_val_str(&d, k, name, sizeof(name), NULL, 0, &e));
	assert_string_equal(name, "x");
	arr = v;
	assert_true(json_obj_next(&d, JSON_ROOT, &it, &k, &v));
	assert_true(json_val_str(&d, k, name, sizeof(name), NULL, 0, &e));
	assert_string_equal(name, "z");
	assert_int_equal(json_val_type(&d, v), JSON_NULL);
	assert_false(json_obj_next(&d, JSON_ROOT, &it, &k, &v));
	it = 0;
	while (json_arr_next(&d, arr, &it, &el))
		assert_int_equal(json_val_type(&d, el), want[count++]);
	assert_int_equal(count, 3);
	/* Iterating the wrong kind yields nothing. */
	it = 0;
	assert_false(json_arr_next(&d, JSON_ROOT, &it, &el));
	json_doc_free(&d);
}

static void test_json_write_round_trips_through_the_writer(void **state)
{
	(void)state;
	const char *s =
	    " { \"a\" : [ 1 , -2.5e3 , true , false , null ] , \"s\" : \"\\u0041\\n\\ud83d"
	    "\\ude00\\u0001\" , \"o\" : { } } ";
	const char *want =
	    "{\"a\":[1,-2.5e3,true,false,null],\"s\":\"A\\n\xf0\x9f\x98\x80\\u0001\","
	    "\"o\":{}}";
	struct json_doc d, d2;
	struct json_writer w;
	struct buf b;
	struct err e;

	err_clear(&e);
	buf_init(&b, 4096);
	assert_true(json_doc_parse(&d, s, strlen(s), NULL, &e));
	json_writer_init(&w, &b);
	assert_true(json_val_write(&d, JSON_ROOT, &w, &e));
	assert_true(json_writer_ok(&w));
	assert_string_equal(buf_cstr(&b), want);
	assert_true(json_doc_parse(&d2, b.data, b.len, NULL, &e));
	assert_true(json_val_equal(&d, JSON_ROOT, &d2, JSON_ROOT));
	json_doc_free(&d2);
	json_doc_free(&d);
	buf_free(&b);
}

static void test_json_equal_detects_differences(void **state)
{
	(void)state;
	const char *a = "{\"k\":[1,\"x\"]}";
	const char *b[] = {"{\"k\":[1,\"y\"]}", "{\"k\":[1]}", "{\"j\":[1,\"x\"]}",
			   "{\"k\":[1.0,\"x\"]}", "[1,\"x\"]"};
	struct json_doc da, db;
	struct err e;

	err_clear(&e);
	assert_true(json_doc_parse(&da, a, strlen(a), NULL, &e));
	assert_true(json_doc_parse(&db, "{\"k\":[1,\"\\u0078\"]}", 18, NULL, &e));
	assert_true(json_val_equal(&da, JSON_ROOT, &db, JSON_ROOT));
	json_doc_free(&db);
	for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		assert_true(json_doc_parse(&db, b[i], strlen(b[i]), NULL, &e));
		assert_false(json_val_equal(&da, JSON_ROOT, &db, JSON_ROOT));
		json_doc_free(&db);
	}
	json_doc_free(&da);
}

static void test_json_write_refuses_member_name_with_nul(void **state)
{
	(void)state;
	const char *s = "{\"a\\u0000b\":1}";
	struct json_doc d;
	struct json_writer w;
	struct buf b;
	struct err e;

	err_clear(&e);
	buf_init(&b, 4096);
	assert_true(json_doc_parse(&d, s, strlen(s), NULL, &e));
	json_writer_init(&w, &b);
	assert_false(json_val_write(&d, JSON_ROOT, &w, &e));
	assert_string_equal(e.reason, "unwritable_key");
	json_doc_free(&d);
	buf_free(&b);
}

static void test_json_parses_real_maa_claims(void **state)
{
	(void)state;
	size_t len;
	uint8_t *data =
	    TEST_SHARED_FILE("testdata/maa/claims-azureguest-sample-app-2022.json", &len);
	struct json_doc d;
	struct err e;
	bool sb;
	char os[32];

	err_clear(&e);
	if (!json_doc_parse(&d, data, len, NULL, &e))
		fail_msg("%s: %s", e.reason, e.detail);
	assert_true(json_get_bool(&d, JSON_ROOT, "secureboot", &sb, &e));
	assert_true(
	    json_get_str(&d, JSON_ROOT, "x-ms-azurevm-ostype", os, sizeof(os), NULL, 0, &e));
	json_doc_free(&d);
	free(data);
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
	    cmocka_unit_test(test_json_typed_path_lookups),
	    cmocka_unit_test(test_json_getters_fail_closed_without_writing_output),
	    cmocka_unit_test(test_json_u64_overflow_is_rejected),
	    cmocka_unit_test(test_json_embedded_nul_is_rejected_only_on_request),
	    cmocka_unit_test(test_json_decodes_surrogate_pairs_to_utf8),
	    cmocka_unit_test(test_json_iterates_members_and_elements_in_order),
	    cmocka_unit_test(test_json_write_round_trips_through_the_writer),
	    cmocka_unit_test(test_json_equal_detects_differences),
	    cmocka_unit_test(test_json_write_refuses_member_name_with_nul),
	    cmocka_unit_test(test_json_parses_real_maa_claims),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
