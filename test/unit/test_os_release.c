/* Unit tests for src/provider/os_release.c: os-release(5) -> the AzureGuest OS fields. */
#include "test_util.h"

#include "provider/os_release.h"

static void parse_ok(const char *text, struct os_release *r)
{
	struct err e;
	err_clear(&e);
	if (!os_release_parse((const uint8_t *)text, strlen(text), r, &e))
		fail_msg("refused: %s at %llu: %s", e.reason, (unsigned long long)e.offset,
			 e.detail);
}

static void assert_refused(const char *text, const char *reason)
{
	struct os_release r;
	struct err e;
	err_clear(&e);
	if (os_release_parse((const uint8_t *)text, strlen(text), &r, &e))
		fail_msg("accepted: %s", text);
	assert_string_equal(e.layer, "provider");
	assert_string_equal(e.reason, reason);
	assert_false(r.has_name || r.has_id || r.has_version_id); /* nothing half-filled */
}

static void test_real_ubuntu_and_debian_files(void **state)
{
	(void)state;
	struct os_release r;

	parse_ok("PRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\n"
		 "VERSION=\"22.04.4 LTS (Jammy Jellyfish)\"\nVERSION_CODENAME=jammy\nID=ubuntu\n"
		 "ID_LIKE=debian\nHOME_URL=\"https://www.ubuntu.com/\"\n"
		 "UBUNTU_CODENAME=jammy\n",
		 &r);
	assert_true(r.has_name && r.has_id && r.has_version_id);
	assert_string_equal(r.name, "Ubuntu");
	assert_string_equal(r.id, "ubuntu");
	assert_string_equal(r.version_id, "22.04");
	parse_ok("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
		 "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nID=debian\n",
		 &r);
	assert_string_equal(r.name, "Debian GNU/Linux");
	assert_string_equal(r.version_id, "12");
}

static void test_quoting_escapes_comments(void **state)
{
	(void)state;
	struct os_release r;

	parse_ok("# a comment\n\n   \n  NAME='Single $quoted `x` \\n'\t \nID=a\\ b\n"
		 "VERSION_ID=\"x\\\"y\\\\z\\$w\\`v\\q\"\nEMPTY=\nOTHER=\"\"\n",
		 &r);
	assert_string_equal(r.name, "Single $quoted `x` \\n");
	assert_string_equal(r.id, "a b");
	assert_string_equal(r.version_id, "x\"y\\z$w`v\\q"); /* \q keeps its backslash */
	parse_ok("NAME=\"\"", &r);			     /* no final newline, empty value */
	assert_true(r.has_name);
	assert_string_equal(r.name, "");
	assert_false(r.has_id);
	assert_false(r.has_version_id);
	parse_ok("", &r);
	assert_false(r.has_name);
}

static void test_syntax_refusals(void **state)
{
	(void)state;
	assert_refused("NAME\n", "os_release_syntax");
	assert_refused("=x\n", "os_release_syntax");
	assert_refused("1NAME=x\n", "os_release_syntax");
	assert_refused("NAME =x\n", "os_release_syntax");
	assert_refused("NA-ME=x\n", "os_release_syntax");
	assert_refused("NAME=\"open\n", "os_release_syntax");
	assert_refused("NAME='open\n", "os_release_syntax");
	assert_refused("NAME=\"a\"'b'\n", "os_release_syntax"); /* concatenation */
	assert_refused("NAME=\"a\" b\n", "os_release_syntax");
	assert_refused("NAME=a b\n", "os_release_syntax");
	assert_refused("NAME=a\"b\"\n", "os_release_syntax");
	assert_refused("NAME=$HOME\n", "os_release_syntax");
	assert_refused("NAME=\"$HOME\"\n", "os_release_syntax");
	assert_refused("NAME=\"`id`\"\n", "os_release_syntax");
	assert_refused("NAME=a;b\n", "os_release_syntax");
	assert_refused("NAME=a\\\n", "os_release_syntax");
	assert_refused("NAME=\"a\\\n\"\n", "os_release_syntax");
	assert_refused("OTHER=a b\nNAME=x\n", "os_release_syntax"); /* unused keys count too */
}

static void test_control_duplicate_and_size_refusals(void **state)
{
	(void)state;
	char big[OS_RELEASE_MAX_VALUE + 16];
	uint8_t *huge;
	struct os_release r;
	struct err e;

	assert_refused("NAME=x\r\n", "os_release_control_character");
	assert_refused("NAME=\"a\033b\"\n", "os_release_control_character");
	assert_refused("NAME=x\x7f\n", "os_release_control_character");
	assert_refused("NAME=x\nNAME=y\n", "os_release_duplicate");
	assert_refused("ID=x\nID='x'\n", "os_release_duplicate");
	assert_refused("VERSION_ID=1\nVERSION_ID=1\n", "os_release_duplicate");
	parse_ok("OTHER=1\nOTHER=2\nNAME=n\n", &r); /* unused keys may repeat */
	assert_false(os_release_parse((const uint8_t *)"NAME=a\0b", 8, &r, &e));
	assert_string_equal(e.reason, "os_release_control_character");
	assert_int_equal(e.offset, 6);

	memcpy(big, "NAME=", 5);
	memset(big + 5, 'a', OS_RELEASE_MAX_VALUE);
	big[5 + OS_RELEASE_MAX_VALUE] = '\0';
	parse_ok(big, &r);
	assert_int_equal(strlen(r.name), OS_RELEASE_MAX_VALUE);
	big[5 + OS_RELEASE_MAX_VALUE] = 'a';
	big[6 + OS_RELEASE_MAX_VALUE] = '\0';
	assert_refused(big, "os_release_value_too_long");
	memcpy(big, "XXXX=", 5);
	parse_ok(big, &r); /* an unused long value is fine */

	huge = calloc(1, OS_RELEASE_MAX_TEXT + 1);
	assert_non_null(huge);
	memset(huge, '\n', OS_RELEASE_MAX_TEXT + 1);
	assert_true(os_release_parse(huge, OS_RELEASE_MAX_TEXT, &r, &e));
	assert_false(os_release_parse(huge, OS_RELEASE_MAX_TEXT + 1, &r, &e));
	assert_string_equal(e.reason, "os_release_too_large");
	free(huge);
}

static void test_version_split_known_answers(void **state)
{
	(void)state;
	static const struct {
		const char *v;
		uint32_t major, minor;
	} ok[] = {{"22.04", 22, 4}, {"12", 12, 0}, {"2023.1.20230912", 2023, 1},
		  {"9.3", 9, 3},    {"1.0", 1, 0}, {"123456789.987654321", 123456789, 987654321},
		  {"8.10", 8, 10}};
	static const char *const bad[] = {
	    "",	   "0",	  "0.1",	"rolling", "22.", "22..1", ".1",     "22.x",	    "22-1",
	    " 22", "22 ", "1234567890", "1.1.",	   "+1",  "1.-1",  "12.04a", "1.1234567890"};
	uint32_t a, b;
	struct err e;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		a = b = 99;
		if (!os_release_version(ok[i].v, &a, &b, &e))
			fail_msg("'%s' refused: %s", ok[i].v, e.detail);
		assert_int_equal(a, ok[i].major);
		assert_int_equal(b, ok[i].minor);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		a = b = 99;
		err_clear(&e);
		if (os_release_version(bad[i], &a, &b, &e))
			fail_msg("'%s' accepted", bad[i]);
		assert_string_equal(e.reason, "os_release_bad_version");
		assert_int_equal(a, 99);
	}
	assert_false(os_release_version(NULL, &a, &b, &e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_real_ubuntu_and_debian_files),
	    cmocka_unit_test(test_quoting_escapes_comments),
	    cmocka_unit_test(test_syntax_refusals),
	    cmocka_unit_test(test_control_duplicate_and_size_refusals),
	    cmocka_unit_test(test_version_split_known_answers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
