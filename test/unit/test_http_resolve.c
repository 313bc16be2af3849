/* Unit tests for src/shell/http_resolve.c: the ATTEST_RESOLVE HOST:PORT:ADDRESS check. */
#include "test_util.h"

#include "shell/http_resolve.h"

static void ok(const char *v)
{
	struct err e;
	err_clear(&e);
	if (!http_resolve_check(v, strlen(v), &e))
		fail_msg("'%s' refused: %s: %s", v, e.reason, e.detail);
}

static void refused(const char *v)
{
	struct err e;
	err_clear(&e);
	if (http_resolve_check(v, strlen(v), &e))
		fail_msg("'%s' accepted", v);
	assert_string_equal(e.layer, "io");
	assert_string_equal(e.reason, "http_resolve_invalid");
	assert_int_equal(e.cls, ERR_USAGE);
}

static void test_accepts_one_entry(void **state)
{
	(void)state;
	ok("maa.attest.test:443:127.0.0.1");
	ok("maa.attest.test:65535:10.0.0.255");
	ok("a:1:0.0.0.0");
	ok("sharedeus.eus.attest.azure.net:443:[::1]");
	ok("x-1.example:8443:[2001:db8::7]");
	ok("h:443:[::ffff:192.0.2.1]");
}

static void test_refuses_bad_hosts(void **state)
{
	(void)state;
	refused(":443:127.0.0.1");
	refused("-a:443:127.0.0.1");
	refused("a-:443:127.0.0.1");
	refused("a..b:443:127.0.0.1");
	refused(".a:443:127.0.0.1");
	refused("a.:443:127.0.0.1");
	refused("a_b:443:127.0.0.1");
	refused("+maa.attest.test:443:127.0.0.1"); /* libcurl's deferred form */
	refused("-maa.attest.test:443");	   /* libcurl's removal form */
	refused("[::1]:443:127.0.0.1");
	char v[400];
	memset(v, 'a', 64);
	memcpy(v + 64, ":443:127.0.0.1", 15);
	refused(v); /* a 64-byte label */
	memset(v, 'a', 63);
	memcpy(v + 63, ":443:127.0.0.1", 15);
	ok(v);
}

static void test_refuses_bad_ports(void **state)
{
	(void)state;
	refused("h::127.0.0.1");
	refused("h:0:127.0.0.1");
	refused("h:65536:127.0.0.1");
	refused("h:0443:127.0.0.1");
	refused("h:+443:127.0.0.1");
	refused("h:44a:127.0.0.1");
	refused("h:443");
	refused("h");
}

static void test_refuses_bad_addresses(void **state)
{
	(void)state;
	refused("h:443:");
	refused("h:443:127.0.0");
	refused("h:443:127.0.0.1.5");
	refused("h:443:256.0.0.1");
	refused("h:443:01.0.0.1");
	refused("h:443:127.0.0.1,127.0.0.2"); /* several addresses */
	refused("h:443:localhost");
	refused("h:443:::1"); /* IPv6 without brackets */
	refused("h:443:[]");
	refused("h:443:[::g]");
	refused("h:443:[1.2.3.4]");
	refused("h:443:127.0.0.1 ");
}

static void test_refuses_empty_and_long(void **state)
{
	(void)state;
	char v[HTTP_RESOLVE_MAX + 2];
	struct err e;
	refused("");
	memset(v, 'a', sizeof(v));
	assert_false(http_resolve_check(v, sizeof(v), &e));
	assert_false(http_resolve_check("h:443:1.2.3.4\0x", 15, &e)); /* embedded NUL */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_accepts_one_entry),
	    cmocka_unit_test(test_refuses_bad_hosts),
	    cmocka_unit_test(test_refuses_bad_ports),
	    cmocka_unit_test(test_refuses_bad_addresses),
	    cmocka_unit_test(test_refuses_empty_and_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
