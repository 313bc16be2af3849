/* Unit tests for src/cli/cli.c: the strict option parser and number parsing. */
#include "test_util.h"

#include "cli/cli.h"

struct parsed {
	const char *jwks, *now;
	bool json;
	const char *pos[2];
	size_t npos;
	bool help;
};

static bool parse(struct parsed *p, int argc, char **argv)
{
	const struct cli_opt opts[] = {
	    {"jwks", &p->jwks, NULL}, {"now", &p->now, NULL}, {"json", NULL, &p->json}, {0}};
	memset(p, 0, sizeof(*p));
	return cli_parse("t", argc, argv, opts, p->pos, 1, 2, &p->npos, &p->help);
}

static void test_cli_parse_values_flags_and_positionals(void **state)
{
	(void)state;
	struct parsed p;
	char *argv[] = {"t", "--jwks", "k.json", "tok", "--now=17", "--json", NULL};
	assert_true(parse(&p, 6, argv));
	assert_string_equal(p.jwks, "k.json");
	assert_string_equal(p.now, "17");
	assert_true(p.json);
	assert_int_equal(p.npos, 1);
	assert_string_equal(p.pos[0], "tok");
}

static void test_cli_parse_dash_is_positional_and_double_dash_ends_options(void **state)
{
	(void)state;
	struct parsed p;
	char *argv[] = {"t", "-", "--", "--json", NULL};
	assert_true(parse(&p, 4, argv));
	assert_int_equal(p.npos, 2);
	assert_string_equal(p.pos[0], "-");
	assert_string_equal(p.pos[1], "--json");
	assert_false(p.json);
}

static void test_cli_parse_rejects_bad_usage(void **state)
{
	(void)state;
	struct parsed p;
	char *unknown[] = {"t", "--nope", "x", NULL};
	char *missing_value[] = {"t", "x", "--jwks", NULL};
	char *twice[] = {"t", "--json", "x", "--json", NULL};
	char *flag_value[] = {"t", "--json=1", "x", NULL};
	char *short_opt[] = {"t", "-j", "x", NULL};
	char *too_many[] = {"t", "a", "b", "c", NULL};
	char *too_few[] = {"t", "--json", NULL};
	assert_false(parse(&p, 3, unknown));
	assert_false(parse(&p, 3, missing_value));
	assert_false(parse(&p, 4, twice));
	assert_false(parse(&p, 3, flag_value));
	assert_false(parse(&p, 3, short_opt));
	assert_false(parse(&p, 4, too_many));
	assert_false(parse(&p, 2, too_few));
}

/* The non-printing core names each usage error with its own reason. */
static void test_cli_parse_opts_names_each_usage_error(void **state)
{
	(void)state;
	static const struct {
		int argc;
		char *argv[5];
		const char *reason;
	} cases[] = {
	    {3, {"t", "--nope", "x", NULL}, "unknown_option"},
	    {3, {"t", "-j", "x", NULL}, "unknown_option"},
	    {4, {"t", "--json", "x", "--json", NULL}, "repeated_option"},
	    {3, {"t", "x", "--jwks", NULL}, "missing_value"},
	    {3, {"t", "--json=1", "x", NULL}, "unexpected_value"},
	    {4, {"t", "a", "b", "c", NULL}, "unexpected_argument"},
	    {2, {"t", "--json", NULL}, "missing_argument"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *jwks = NULL, *pos[2];
		bool json = false, help = false;
		size_t npos = 99;
		const struct cli_opt opts[] = {{"jwks", &jwks, NULL}, {"json", NULL, &json}, {0}};
		struct err e;
		err_clear(&e);
		assert_false(cli_parse_opts(cases[i].argc, (char **)cases[i].argv, opts, pos, 1, 2,
					    &npos, &help, &e));
		assert_string_equal(e.reason, cases[i].reason);
		assert_int_equal(e.cls, ERR_USAGE);
		assert_true(strlen(e.detail) > 0);
		assert_int_equal(npos, 99);
	}
}

static void test_cli_parse_help_short_circuits(void **state)
{
	(void)state;
	struct parsed p;
	char *argv[] = {"t", "--help", "--nope", NULL};
	assert_true(parse(&p, 3, argv));
	assert_true(p.help);
}

static void test_cli_parse_u64_is_strict(void **state)
{
	(void)state;
	unsigned long long v;
	assert_true(cli_parse_u64("0", &v));
	assert_true(v == 0);
	assert_true(cli_parse_u64("18446744073709551615", &v));
	assert_true(v == 18446744073709551615ULL);
	assert_false(cli_parse_u64("18446744073709551616", &v));
	assert_false(cli_parse_u64("", &v));
	assert_false(cli_parse_u64("-1", &v));
	assert_false(cli_parse_u64("+1", &v));
	assert_false(cli_parse_u64(" 1", &v));
	assert_false(cli_parse_u64("1x", &v));
	assert_false(cli_parse_u64(NULL, &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cli_parse_values_flags_and_positionals),
	    cmocka_unit_test(test_cli_parse_dash_is_positional_and_double_dash_ends_options),
	    cmocka_unit_test(test_cli_parse_rejects_bad_usage),
	    cmocka_unit_test(test_cli_parse_opts_names_each_usage_error),
	    cmocka_unit_test(test_cli_parse_help_short_circuits),
	    cmocka_unit_test(test_cli_parse_u64_is_strict),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
