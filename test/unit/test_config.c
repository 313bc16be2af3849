/* Unit tests for src/config: precedence flag > environment > file > default, the config file
 * format, and the errors (unknown key, duplicate key, bad value) naming the setting. */
#include "test_util.h"

#include "config/config.h"

static bool parse(const char *text, struct config_file *f, struct err *e)
{
	err_clear(e);
	return config_file_parse((const uint8_t *)text, strlen(text), f, e);
}

static void test_table_matches_design_names(void **state)
{
	(void)state;
	/* Every entry filled, names unique, flag = the env name's tail in lower case. */
	for (int i = 0; i < CFG_COUNT; i++) {
		const struct config_setting *s = &config_table[i];
		char want[64];
		size_t k = 0;

		assert_non_null(s->env);
		assert_non_null(s->flag);
		assert_int_equal(strncmp(s->env, "ATTEST_", 7), 0);
		for (const char *p = s->env + 7; *p && k + 1 < sizeof(want); p++)
			want[k++] = *p == '_' ? '-' : (char)(*p - 'A' + 'a');
		want[k] = '\0';
		if (i != CFG_PROVIDER_URL) /* ATTEST_PROVIDER_URL is --provider */
			assert_string_equal(s->flag, want);
		assert_int_equal(config_by_env(s->env, strlen(s->env)), i);
	}
	assert_string_equal(config_table[CFG_PROVIDER_URL].flag, "provider");
	assert_string_equal(config_table[CFG_TCTI].dflt, "device:/dev/tpmrm0");
	assert_int_equal(config_by_env("ATTEST_TCT", 10), -1);
	assert_int_equal(config_by_env("ATTEST_TCTIX", 12), -1);
}

static void test_defaults_apply_when_nothing_is_set(void **state)
{
	(void)state;
	struct config c;
	struct err e;

	assert_true(config_resolve(NULL, NULL, NULL, &c, &e));
	assert_string_equal(c.value[CFG_TCTI], "device:/dev/tpmrm0");
	assert_string_equal(c.value[CFG_EVENTLOG],
			    "/sys/kernel/security/tpm0/binary_bios_measurements");
	assert_int_equal(c.source[CFG_TCTI], CFG_FROM_DEFAULT);
	assert_int_equal(c.num[CFG_DEADLINE], 60);
	assert_int_equal(c.num[CFG_MAX_SKEW], 60);
	assert_int_equal(c.num[CFG_AK_AIA], 0);
	assert_null(c.value[CFG_PROVIDER_URL]); /* required: the command says so */
	assert_null(c.value[CFG_ISOLATION]);
}

static void test_flag_beats_environment_beats_file(void **state)
{
	(void)state;
	struct config_file f;
	struct config c;
	struct err e;
	const char *flags[CFG_COUNT] = {NULL};
	char *envp[] = {"PATH=/bin",
			"ATTEST_TCTI=swtpm:port=2",
			"ATTEST_EVENTLOG=/env/log",
			"ATTEST_SHARED=/not/a/setting",
			"ATTEST_DEADLINE=",
			NULL};

	assert_true(parse("# comment\n"
			  "ATTEST_TCTI=swtpm:port=3\r\n"
			  "\n"
			  "ATTEST_EVENTLOG=/file/log\n"
			  "ATTEST_DEADLINE=7\n"
			  "ATTEST_AK_ROOTS=/file/roots.pem",
			  &f, &e));
	flags[CFG_TCTI] = "swtpm:port=1";
	assert_true(config_resolve(flags, envp, &f, &c, &e));
	assert_string_equal(c.value[CFG_TCTI], "swtpm:port=1");
	assert_int_equal(c.source[CFG_TCTI], CFG_FROM_FLAG);
	assert_string_equal(c.value[CFG_EVENTLOG], "/env/log");
	assert_int_equal(c.source[CFG_EVENTLOG], CFG_FROM_ENV);
	/* an empty environment variable is unset: the file's value applies */
	assert_int_equal(c.num[CFG_DEADLINE], 7);
	assert_int_equal(c.source[CFG_DEADLINE], CFG_FROM_FILE);
	assert_string_equal(c.value[CFG_AK_ROOTS], "/file/roots.pem"); /* last line, no newline */
	assert_string_equal(c.value[CFG_POLICY], "/etc/attest-init/policy.json");
	/* without the flag the environment wins; without both the file */
	flags[CFG_TCTI] = NULL;
	assert_true(config_resolve(flags, envp, &f, &c, &e));
	assert_string_equal(c.value[CFG_TCTI], "swtpm:port=2");
	assert_true(config_resolve(flags, NULL, &f, &c, &e));
	assert_string_equal(c.value[CFG_TCTI], "swtpm:port=3"); /* "\r\n" end stripped */
	assert_string_equal(config_env_get(envp, "ATTEST_TCTI"), "swtpm:port=2");
	assert_null(config_env_get(envp, "ATTEST_TCT"));
	assert_null(config_env_get(envp, "ATTEST_DEADLINE"));
}

static void test_file_unknown_key_is_usage_error(void **state)
{
	(void)state;
	struct config_file f;
	struct err e;

	assert_false(parse("ATTEST_TCTI=swtpm:port=1\nATTEST_TCTY=x\n", &f, &e));
	assert_string_equal(e.layer, "config");
	assert_string_equal(e.reason, "unknown_key");
	assert_int_equal(e.cls, ERR_USAGE);
	assert_int_equal(e.offset, 25);
	assert_non_null(strstr(e.detail, "ATTEST_TCTY"));
	assert_false(parse("attest_tcti=x\n", &f, &e)); /* names are case-sensitive */
	assert_string_equal(e.reason, "unknown_key");
	assert_false(parse("ATTEST_CONFIG=/other\n", &f, &e)); /* the file names no other file */
	assert_string_equal(e.reason, "unknown_key");
}

static void test_file_duplicate_key_is_usage_error(void **state)
{
	(void)state;
	struct config_file f;
	struct err e;

	assert_false(parse("ATTEST_EVENTLOG=/a\nATTEST_EVENTLOG=/a\n", &f, &e));
	assert_string_equal(e.reason, "duplicate_key");
	assert_int_equal(e.cls, ERR_USAGE);
	assert_non_null(strstr(e.detail, "ATTEST_EVENTLOG"));
}

static void test_file_bad_lines_and_values(void **state)
{
	(void)state;
	struct config_file f;
	struct err e;
	static char big[CONFIG_FILE_MAX + 2];
	const char nul[] = "ATTEST_TCTI=a\0b\n";

	assert_false(parse("ATTEST_TCTI\n", &f, &e));
	assert_string_equal(e.reason, "bad_line");
	assert_false(parse(" ATTEST_TCTI=x\n", &f, &e)); /* no leading blanks */
	assert_string_equal(e.reason, "unknown_key");
	assert_false(parse("ATTEST_TCTI=\n", &f, &e));
	assert_string_equal(e.reason, "bad_value");
	assert_non_null(strstr(e.detail, "ATTEST_TCTI"));
	assert_false(parse("ATTEST_TCTI=a\tb\n", &f, &e));
	assert_string_equal(e.reason, "bad_value");
	assert_false(parse("ATTEST_TCTI=a\rb\n", &f, &e)); /* a lone CR is not a line end */
	assert_string_equal(e.reason, "bad_value");
	assert_false(config_file_parse((const uint8_t *)nul, sizeof(nul) - 1, &f, &e));
	assert_string_equal(e.reason, "bad_line");
	memset(big, '#', sizeof(big) - 1);
	assert_false(parse(big, &f, &e));
	assert_string_equal(e.reason, "too_large");
	big[CONFIG_FILE_MAX] = '\0';
	assert_true(parse(big, &f, &e)); /* exactly at the cap: one comment line */
	assert_true(parse("", &f, &e));
}

/* A value of the wrong kind is a usage error naming the setting and its source, whether
 * it comes from a flag, the environment or the file, even when a higher source overrides it. */
static void test_bad_values_name_the_setting(void **state)
{
	(void)state;
	struct config_file f;
	struct config c;
	struct err e;
	const char *flags[CFG_COUNT] = {NULL};
	char *env_bad[] = {"ATTEST_MAX_SKEW=301", NULL};
	char *env_ok[] = {"ATTEST_DEADLINE=3600", "ATTEST_MAX_SKEW=0", "ATTEST_AK_AIA=on",
			  "ATTEST_ISOLATION=sevsnp", NULL};

	flags[CFG_DEADLINE] = "0";
	assert_false(config_resolve(flags, NULL, NULL, &c, &e));
	assert_string_equal(e.layer, "config");
	assert_string_equal(e.reason, "bad_value");
	assert_int_equal(e.cls, ERR_USAGE);
	assert_non_null(strstr(e.detail, "ATTEST_DEADLINE (--deadline) from the flag"));
	flags[CFG_DEADLINE] = "3601";
	assert_false(config_resolve(flags, NULL, NULL, &c, &e));
	flags[CFG_DEADLINE] = "+5";
	assert_false(config_resolve(flags, NULL, NULL, &c, &e));
	flags[CFG_DEADLINE] = "99999999999999999999999";
	assert_false(config_resolve(flags, NULL, NULL, &c, &e));
	flags[CFG_DEADLINE] = NULL;
	assert_false(config_resolve(flags, env_bad, NULL, &c, &e));
	assert_non_null(strstr(e.detail, "ATTEST_MAX_SKEW (--max-skew) from the environment"));
	flags[CFG_MAX_SKEW] = "10"; /* overriding a bad value does not hide it */
	assert_false(config_resolve(flags, env_bad, NULL, &c, &e));
	flags[CFG_MAX_SKEW] = NULL;
	assert_true(parse("ATTEST_ISOLATION=sgx\n", &f, &e));
	assert_false(config_resolve(flags, NULL, &f, &c, &e));
	assert_non_null(strstr(e.detail, "ATTEST_ISOLATION (--isolation) from the config file"));
	assert_true(parse("ATTEST_AK_AIA=yes\n", &f, &e));
	assert_false(config_resolve(flags, NULL, &f, &c, &e));
	assert_non_null(strstr(e.detail, "on or off"));
	flags[CFG_TCTI] = "";
	assert_false(config_resolve(flags, NULL, NULL, &c, &e));
	assert_non_null(strstr(e.detail, "ATTEST_TCTI"));
	flags[CFG_TCTI] = NULL;
	assert_true(config_resolve(flags, env_ok, NULL, &c, &e));
	assert_int_equal(c.num[CFG_DEADLINE], 3600);
	assert_int_equal(c.num[CFG_MAX_SKEW], 0);
	assert_int_equal(c.num[CFG_AK_AIA], 1);
	assert_string_equal(c.value[CFG_ISOLATION], "sevsnp");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_matches_design_names),
	    cmocka_unit_test(test_defaults_apply_when_nothing_is_set),
	    cmocka_unit_test(test_flag_beats_environment_beats_file),
	    cmocka_unit_test(test_file_unknown_key_is_usage_error),
	    cmocka_unit_test(test_file_duplicate_key_is_usage_error),
	    cmocka_unit_test(test_file_bad_lines_and_values),
	    cmocka_unit_test(test_bad_values_name_the_setting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
