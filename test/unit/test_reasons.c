/*
 * Unit tests for the reason registry (src/core/reasons.def, src/core/err.c):
 * every entry is well formed and unique, every meaning is written, every id
 * reports exactly its entry, and docs/reasons.md is the generated file.
 */
#include "test_util.h"

#include <ctype.h>

#include "reasons_doc.h"

/* "R_" + upper(layer) + "_" + upper(code), so an id says what it reports. */
static void test_registry_ids_are_named_for_layer_and_code(void **state)
{
	(void)state;
	for (size_t i = 0; i < REASON_DOC_COUNT; i++) {
		const struct reason_doc *r = &reason_docs[i];
		char want[128];
		size_t k = 0;
		want[k++] = 'R';
		want[k++] = '_';
		for (const char *p = r->layer; *p && k < sizeof(want) - 2; p++)
			want[k++] = (char)toupper((unsigned char)*p);
		want[k++] = '_';
		for (const char *p = r->code; *p && k < sizeof(want) - 1; p++)
			want[k++] = (char)toupper((unsigned char)*p);
		want[k] = '\0';
		if (strcmp(r->id_name, want) != 0)
			fail_msg("%s should be named %s", r->id_name, want);
		assert_int_equal(r->id, (int)(i + 1)); /* R_NONE is 0 */
	}
	assert_int_equal(R_COUNT, (int)REASON_DOC_COUNT + 1);
}

static void test_registry_codes_are_lowercase_identifiers(void **state)
{
	(void)state;
	for (size_t i = 0; i < REASON_DOC_COUNT; i++) {
		const char *c = reason_docs[i].code;
		if (!islower((unsigned char)c[0]))
			fail_msg("code '%s' must start with a lowercase letter", c);
		for (const char *p = c; *p; p++)
			if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_')
				fail_msg("code '%s' has '%c'", c, *p);
		assert_true(strlen(c) <= 48);
	}
}

/* Grouped by layer in ERR_LAYERS order, codes ascending: so (layer, code) is unique. */
static void test_registry_is_sorted_and_unique(void **state)
{
	(void)state;
	for (size_t i = 1; i < REASON_DOC_COUNT; i++) {
		const struct reason_doc *a = &reason_docs[i - 1], *b = &reason_docs[i];
		if (a->layer_id > b->layer_id ||
		    (a->layer_id == b->layer_id && strcmp(a->code, b->code) >= 0))
			fail_msg("%s must come after %s (sorted, unique)", a->id_name, b->id_name);
	}
}

static void test_registry_meanings_are_written(void **state)
{
	(void)state;
	for (size_t i = 0; i < REASON_DOC_COUNT; i++) {
		const struct reason_doc *r = &reason_docs[i];
		size_t n = strlen(r->meaning);
		if (n < 12 || strstr(r->meaning, "TODO") || strpbrk(r->meaning, "|\n") ||
		    r->meaning[n - 1] != '.')
			fail_msg("%s: meaning must be one written sentence, not \"%s\"", r->id_name,
				 r->meaning);
		assert_true(r->cls == ERR_REJECT || r->cls == ERR_USAGE || r->cls == ERR_TRANSIENT);
	}
}

/* err_fail copies layer, code and class from the entry: the line names exactly it. */
static void test_err_fail_reports_each_entry(void **state)
{
	(void)state;
	for (size_t i = 0; i < REASON_DOC_COUNT; i++) {
		const struct reason_doc *r = &reason_docs[i];
		struct err e;
		char line[256], want[256];
		err_clear(&e);
		assert_false(err_fail(&e, r->id, ERR_NO_OFFSET, NULL));
		assert_int_equal(e.id, r->id);
		assert_string_equal(e.layer, r->layer);
		assert_string_equal(e.reason, r->code);
		assert_int_equal(e.cls, r->cls);
		err_format(&e, line, sizeof(line));
		snprintf(want, sizeof(want), "attest-init: %s: %s", r->layer, r->code);
		assert_string_equal(line, want);
		assert_non_null(reason_lookup(r->id));
	}
	assert_null(reason_lookup(R_NONE));
	assert_null(reason_lookup(R_COUNT));
}

static void test_docs_reasons_md_is_generated_from_the_registry(void **state)
{
	(void)state;
	char *want = NULL;
	size_t want_len = 0, have_len = 0;
	FILE *m = open_memstream(&want, &want_len);
	assert_non_null(m);
	reasons_doc_write(m);
	assert_int_equal(fclose(m), 0);
	/* make test runs from the repository root. */
	uint8_t *have = test_read_file("docs/reasons.md", &have_len);
	if (!have)
		fail_msg("docs/reasons.md is missing: run make reasons-doc");
	if (have_len != want_len || memcmp(have, want, want_len) != 0)
		fail_msg("docs/reasons.md is stale: run make reasons-doc");
	free(have);
	free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_registry_ids_are_named_for_layer_and_code),
	    cmocka_unit_test(test_registry_codes_are_lowercase_identifiers),
	    cmocka_unit_test(test_registry_is_sorted_and_unique),
	    cmocka_unit_test(test_registry_meanings_are_written),
	    cmocka_unit_test(test_err_fail_reports_each_entry),
	    cmocka_unit_test(test_docs_reasons_md_is_generated_from_the_registry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
