/* Unit tests for src/policy/policy_load.c: a full policy loads into the right fields, and
 * each kind of mistake is a load error (class USAGE) with its reason and JSON path. */
#include "test_util.h"

#include "policy/policy.h"

#define D64 "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

/* Loads s; NULL when accepted (then p is loaded), else the reason, with the detail in *detail. */
static const char *load(const char *s, struct policy *p, char *detail, size_t n)
{
	struct err e;

	err_clear(&e);
	if (policy_load(p, s, strlen(s), &e))
		return NULL;
	assert_string_equal(e.layer, "policy");
	assert_int_equal(e.cls, ERR_USAGE);
	snprintf(detail, n, "%s", e.detail);
	return e.reason;
}

/* Expects s to fail with reason and a detail starting with path followed by ':'. */
static void refused(const char *s, const char *reason, const char *path)
{
	struct policy p;
	char d[200];
	const char *r = load(s, &p, d, sizeof(d));

	if (!r)
		fail_msg("accepted: %s", s);
	if (strcmp(r, reason) != 0 || strncmp(d, path, strlen(path)) != 0 || d[strlen(path)] != ':')
		fail_msg("%s: got %s '%s', wanted %s at %s", s, r, d, reason, path);
}

static void test_full_policy_loads_every_field(void **state)
{
	(void)state;
	const char *s =
	    "{\"version\":1,\"description\":\"x\",\"isolation\":\"tdx\","
	    "\"provider\":{\"url\":\"https://a\",\"issuer\":\"https://i\","
	    "\"jwks\":\"https://a/certs\",\"max_token_age\":300},"
	    "\"tpm\":{\"pcrs\":[0,7,23],\"ak_roots\":\"/r.pem\"},"
	    "\"claims\":[{\"claim\":\"a.b\",\"equals\":\"v\"},{\"claim\":\"n\",\"min\":-3},"
	    "{\"claim\":\"n\",\"max\":9},{\"claim\":\"o\",\"one_of\":[1,\"x\",true]},"
	    "{\"claim\":\"p\",\"present\":true},{\"claim\":\"q\",\"absent\":true}],"
	    "\"eventlog\":{\"secure_boot\":false,\"boot_applications\":{\"allowed\":[\"" D64
	    "\"],\"forbidden\":[\"" D64 "\"]},"
	    "\"forbidden_event_types\":[\"EV_EFI_ACTION\",18],\"pcrs\":{\"7\":\"" D64 "\"}}}";
	struct policy p;
	char d[200];

	assert_null(load(s, &p, d, sizeof(d)));
	assert_int_equal(p.isolation, POLICY_ISO_TDX);
	assert_string_equal(p.provider_issuer, "https://i");
	assert_string_equal(p.provider_jwks, "https://a/certs");
	assert_true(p.has_max_token_age);
	assert_int_equal(p.max_token_age, 300);
	assert_int_equal(p.tpm_pcrs, (1u << 0) | (1u << 7) | (1u << 23));
	assert_string_equal(p.tpm_ak_roots, "/r.pem");
	assert_int_equal(p.nclaims, 6);
	assert_string_equal(p.claims[0].path, "a.b");
	assert_int_equal(p.claims[0].op, POLICY_OP_EQUALS);
	assert_int_equal(p.claims[1].op, POLICY_OP_MIN);
	assert_int_equal(p.claims[1].bound, -3);
	assert_int_equal(p.claims[2].bound, 9);
	assert_int_equal(p.claims[3].op, POLICY_OP_ONE_OF);
	assert_int_equal(p.claims[4].op, POLICY_OP_PRESENT);
	assert_int_equal(p.claims[5].op, POLICY_OP_ABSENT);
	assert_int_equal(p.secure_boot, 0);
	assert_int_equal(p.apps_allowed.n, 1);
	assert_int_equal(p.apps_forbidden.n, 1);
	assert_int_equal(p.apps_allowed.d[0][0], 0x00);
	assert_int_equal(p.apps_allowed.d[0][31], 0xff);
	assert_int_equal(p.nforbidden_types, 2);
	assert_int_equal(p.forbidden_types[0], 0x80000007u);
	assert_int_equal(p.forbidden_types[1], 18);
	assert_int_equal(p.pcr_mask, 1u << 7);
	policy_free(&p);
}

static void test_minimal_policy_needs_only_version_and_isolation(void **state)
{
	(void)state;
	struct policy p;
	char d[200];

	assert_null(load("{\"version\":1,\"isolation\":\"trustedlaunch\"}", &p, d, sizeof(d)));
	assert_int_equal(p.isolation, POLICY_ISO_TRUSTEDLAUNCH);
	assert_int_equal(p.secure_boot, -1);
	assert_false(p.has_eventlog);
	policy_free(&p);
}

static void test_unknown_keys_are_refused_at_every_level(void **state)
{
	(void)state;
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"claim\":[]}", "unknown_key", "$.claim");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"provider\":{\"issuer\":\"a\",\"isuer\":"
		"\"b\"}}",
		"unknown_key", "$.provider.isuer");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"tpm\":{\"pcr\":[1]}}", "unknown_key",
		"$.tpm.pcr");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"eventlog\":{\"secureboot\":true}}",
		"unknown_key", "$.eventlog.secureboot");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"eventlog\":{\"boot_applications\":"
		"{\"allow\":[\"" D64 "\"]}}}",
		"unknown_key", "$.eventlog.boot_applications.allow");
}

static void test_operators_are_exactly_one_known_name(void **state)
{
	(void)state;
	refused(
	    "{\"version\":1,\"isolation\":\"sevsnp\",\"claims\":[{\"claim\":\"a\",\"equal\":1}]}",
	    "unknown_operator", "$.claims[0].equal");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"claims\":[{\"claim\":\"a\",\"min\":1,"
		"\"max\":2}]}",
		"unknown_operator", "$.claims[0].max");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"claims\":[{\"claim\":\"a\"}]}",
		"missing_key", "$.claims[0]");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"claims\":[{\"equals\":1}]}",
		"missing_key", "$.claims[0]");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"claims\":[{\"claim\":\"a\",\"present\":"
		"false}]}",
		"wrong_type", "$.claims[0].present");
}

static void test_wrong_types_are_refused(void **state)
{
	(void)state;
	refused("[]", "wrong_type", "$");
	refused("{\"version\":1,\"isolation\":1}", "wrong_type", "$.isolation");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"eventlog\":{\"secure_boot\":\"yes\"}}",
		"wrong_type", "$.eventlog.secure_boot");
	refused(
	    "{\"version\":1,\"isolation\":\"sevsnp\",\"claims\":[{\"claim\":\"a\",\"min\":\"4\"}]}",
	    "wrong_type", "$.claims[0].min");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"claims\":[{\"claim\":\"a\",\"equals\":"
		"{}}]}",
		"wrong_type", "$.claims[0].equals");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"claims\":{}}", "wrong_type", "$.claims");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"provider\":{\"max_token_age\":\"60\"}}",
		"wrong_type", "$.provider.max_token_age");
}

static void test_empty_lists_and_sections_are_refused(void **state)
{
	(void)state;
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"claims\":[]}", "empty_list", "$.claims");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"claims\":[{\"claim\":\"a\",\"one_of\":"
		"[]}]}",
		"empty_list", "$.claims[0].one_of");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"eventlog\":{}}", "empty_list",
		"$.eventlog");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"provider\":{}}", "empty_list",
		"$.provider");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"tpm\":{\"pcrs\":[]}}", "empty_list",
		"$.tpm.pcrs");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"eventlog\":{\"pcrs\":{}}}", "empty_list",
		"$.eventlog.pcrs");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"eventlog\":{\"forbidden_event_types\":"
		"[]}}",
		"empty_list", "$.eventlog.forbidden_event_types");
}

static void test_version_isolation_and_json_errors(void **state)
{
	(void)state;
	refused("{\"version\":2,\"isolation\":\"sevsnp\"}", "bad_version", "$.version");
	refused("{\"version\":1.0,\"isolation\":\"sevsnp\"}", "bad_version", "$.version");
	refused("{\"isolation\":\"sevsnp\"}", "bad_version", "$.version");
	/* A file of another version is named as such, not as a list of unknown keys. */
	refused("{\"version\":2,\"rules\":[]}", "bad_version", "$.version");
	refused("{\"version\":1}", "missing_key", "$.isolation");
	refused("{\"version\":1,\"isolation\":\"sev\"}", "bad_value", "$.isolation");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"isolation\":\"tdx\"}", "duplicate_key",
		"$");
	refused("{\"version\":1,", "not_json", "$");
	refused("", "not_json", "$");
}

static void test_values_out_of_range_are_refused(void **state)
{
	(void)state;
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"tpm\":{\"pcrs\":[24]}}", "bad_value",
		"$.tpm.pcrs[0]");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"tpm\":{\"pcrs\":[1,1]}}", "bad_value",
		"$.tpm.pcrs[1]");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"provider\":{\"max_token_age\":0}}",
		"bad_value", "$.provider.max_token_age");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"provider\":{\"max_token_age\":86401}}",
		"bad_value", "$.provider.max_token_age");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"provider\":{\"url\":\"\"}}", "bad_value",
		"$.provider.url");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"eventlog\":{\"pcrs\":{\"7\":\"abcd\"}}}",
		"bad_value", "$.eventlog.pcrs.7");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"eventlog\":{\"pcrs\":{\"07\":\"" D64
		"\"}}}",
		"bad_value", "$.eventlog.pcrs");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"eventlog\":{\"boot_applications\":"
		"{\"allowed\":[\"" D64 "\",\"" D64 "\"]}}}",
		"bad_value", "$.eventlog.boot_applications.allowed[1]");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"eventlog\":{\"forbidden_event_types\":"
		"[\"EV_NOPE\"]}}",
		"bad_value", "$.eventlog.forbidden_event_types[0]");
	refused(
	    "{\"version\":1,\"isolation\":\"sevsnp\",\"claims\":[{\"claim\":\"a..b\",\"present\":"
	    "true}]}",
	    "bad_value", "$.claims[0].claim");
	refused("{\"version\":1,\"isolation\":\"sevsnp\",\"claims\":[{\"claim\":\"a\",\"equals\":1."
		"5}]}",
		"bad_value", "$.claims[0].equals");
}

static void test_lists_over_their_cap_are_refused(void **state)
{
	(void)state;
	char s[8192];
	size_t n = (size_t)snprintf(s, sizeof(s),
				    "{\"version\":1,\"isolation\":\"sevsnp\","
				    "\"claims\":[");

	for (int i = 0; i <= POLICY_MAX_CLAIM_RULES; i++)
		n += (size_t)snprintf(s + n, sizeof(s) - n, "%s{\"claim\":\"c\",\"present\":true}",
				      i ? "," : "");
	snprintf(s + n, sizeof(s) - n, "]}");
	refused(s, "too_many", "$.claims");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_policy_loads_every_field),
	    cmocka_unit_test(test_minimal_policy_needs_only_version_and_isolation),
	    cmocka_unit_test(test_unknown_keys_are_refused_at_every_level),
	    cmocka_unit_test(test_operators_are_exactly_one_known_name),
	    cmocka_unit_test(test_wrong_types_are_refused),
	    cmocka_unit_test(test_empty_lists_and_sections_are_refused),
	    cmocka_unit_test(test_version_isolation_and_json_errors),
	    cmocka_unit_test(test_values_out_of_range_are_refused),
	    cmocka_unit_test(test_lists_over_their_cap_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
