/* Unit tests for src/json/json_read.c: navigation and typed getters. */
#include "test_util.h"

#include "json/json_read.h"

/* json_get then json_val_u64, as the evidence bundle reads unsigned fields. */
static bool get_u64(const struct json_doc *d, const char *path, uint64_t *u, struct err *e)
{
	uint32_t v;
	return json_get(d, JSON_ROOT, path, JSON_NUMBER, &v, e) && json_val_u64(d, v, u, e);
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
	assert_true(get_u64(&d, "u", &u, &e));
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
	assert_false(get_u64(&d, "n", &u, &e));
	assert_string_equal(e.reason, "integer_out_of_range");
	/* Caller buffer too small: error, never a truncated string. */
	assert_false(json_get_str(&d, JSON_ROOT, "a.b.c", out, 3, &n, 0, &e));
	assert_string_equal(e.reason, "string_too_long");
	assert_true(json_get_str(&d, JSON_ROOT, "a.b.c", out, 4, &n, 0, &e));
	json_doc_free(&d);
}

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
	assert_false(get_u64(&d, "nope", &u, &e));
	assert_string_equal(e.reason, "missing_member");
	assert_false(get_u64(&d, "s", &u, &e));
	assert_string_equal(e.reason, "wrong_type");
	assert_false(get_u64(&d, "f", &u, &e));
	assert_string_equal(e.reason, "not_integer");
	assert_false(get_u64(&d, "n", &u, &e));
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
	assert_true(get_u64(&d, "z", &u, &e));
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
	assert_false(get_u64(&d, "0", &u, &e));
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
	    cmocka_unit_test(test_json_typed_path_lookups),
	    cmocka_unit_test(test_json_getters_fail_closed_without_writing_output),
	    cmocka_unit_test(test_json_u64_overflow_is_rejected),
	    cmocka_unit_test(test_json_embedded_nul_is_rejected_only_on_request),
	    cmocka_unit_test(test_json_decodes_surrogate_pairs_to_utf8),
	    cmocka_unit_test(test_json_iterates_members_and_elements_in_order),
	    cmocka_unit_test(test_json_parses_real_maa_claims),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
