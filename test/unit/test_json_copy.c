/* Unit tests for src/json/json_copy.c: parsed values through the JSON writer. */
#include "test_util.h"

#include "json/json_copy.h"
#include "json/json_writer.h"

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
	struct buf b, b2;
	struct err e;

	err_clear(&e);
	buf_init(&b, 4096);
	assert_true(json_doc_parse(&d, s, strlen(s), NULL, &e));
	json_writer_init(&w, &b);
	assert_true(json_val_write(&d, JSON_ROOT, &w, &e));
	assert_true(json_writer_ok(&w));
	assert_string_equal(buf_cstr(&b), want);
	/* The output re-parses and writes back byte for byte. */
	assert_true(json_doc_parse(&d2, b.data, b.len, NULL, &e));
	buf_init(&b2, 4096);
	json_writer_init(&w, &b2);
	assert_true(json_val_write(&d2, JSON_ROOT, &w, &e));
	assert_string_equal(buf_cstr(&b2), want);
	buf_free(&b2);
	json_doc_free(&d2);
	json_doc_free(&d);
	buf_free(&b);
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
	/* A token index past the document is no value. */
	assert_false(json_val_write(&d, d.ntok, &w, &e));
	assert_string_equal(e.reason, "wrong_type");
	json_doc_free(&d);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json_write_round_trips_through_the_writer),
	    cmocka_unit_test(test_json_write_refuses_member_name_with_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
