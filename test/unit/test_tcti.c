/* Unit tests for src/tpm/tcti.c: TCTI specification parsing. */
#include "test_util.h"

#include "tpm/tcti.h"

static void test_tcti_specs_parse(void **state)
{
	(void)state;
	struct tcti_spec s;
	struct err e;

	assert_true(tcti_spec_parse("device:/dev/tpmrm0", &s, &e));
	assert_int_equal(s.kind, TCTI_DEVICE);
	assert_string_equal(s.conf, "/dev/tpmrm0");
	assert_true(tcti_spec_parse("device", &s, &e));
	assert_string_equal(s.path, "/dev/tpmrm0");
	assert_true(tcti_spec_parse("swtpm:host=127.0.0.1,port=2321", &s, &e));
	assert_int_equal(s.kind, TCTI_SWTPM);
	assert_string_equal(s.conf, "host=127.0.0.1,port=2321");
	assert_true(tcti_spec_parse("swtpm:port=40000", &s, &e));
	assert_string_equal(s.conf, "host=127.0.0.1,port=40000");
	assert_true(tcti_spec_parse("swtpm:", &s, &e));
	assert_int_equal(s.port, 2321);
}

static void test_bad_tcti_specs_are_usage_errors(void **state)
{
	(void)state;
	const char *bad[] = {"",
			     "mssim:host=127.0.0.1",
			     "device:tpmrm0",
			     "device:/dev/tpm,x",
			     "swtpm:host=10.1.2.3,port=2321",
			     "swtpm:host=example.com",
			     "swtpm:port=0",
			     "swtpm:port=65535",
			     "swtpm:port=2321x",
			     "swtpm:port=",
			     "swtpm:port=1,port=2",
			     "swtpm:bogus=1",
			     "swtpm:port=1,",
			     "swtpm:host"};
	struct tcti_spec s;
	struct err e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		assert_false(tcti_spec_parse(bad[i], &s, &e));
		assert_string_equal(e.reason, "bad_tcti");
		assert_int_equal(e.cls, ERR_USAGE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tcti_specs_parse),
	    cmocka_unit_test(test_bad_tcti_specs_are_usage_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
