/* Unit tests for src/policy/policy_eval.c, policy_claims.c, policy_eventlog.c and
 * policy_report.c: every operator with a passing and a failing claim, absent claims and type
 * mismatches, every rule evaluated (not only up to the first failure), time rules, and the
 * event-log rules on real logs (Secure Boot on and off). */
#include "test_util.h"

#include "eventlog/eventlog.h"
#include "json/json_read.h"
#include "policy/policy.h"

#define NOW 1700000000LL

static struct policy pol;
static struct policy_report rep;

static void load_ok(const char *s)
{
	struct err e;
	err_clear(&e);
	if (!policy_load(&pol, s, strlen(s), &e))
		fail_msg("policy refused: %s: %s", e.reason, e.detail);
}

/* Evaluates the loaded policy on claims text c (and log/pcrs); frees the policy. */
static bool eval_with(const char *c, const struct eventlog *log, const struct pcr_banks *pcrs,
		      bool has_now, int64_t now)
{
	struct json_doc d;
	struct err e;
	struct policy_input in = {&d, log, pcrs, has_now, now, 0};
	bool pass;

	err_clear(&e);
	assert_true(json_doc_parse(&d, c, strlen(c), NULL, &e));
	pass = policy_eval(&pol, &in, &rep);
	json_doc_free(&d);
	policy_free(&pol);
	return pass;
}

static bool eval(const char *policy, const char *claims)
{
	load_ok(policy);
	return eval_with(claims, NULL, NULL, true, NOW);
}

/* Verdict of one claim rule (on a sevsnp token) against the claims' member "x". */
static bool rule(const char *op_json, const char *x_json)
{
	char p[512], c[512];
	snprintf(p, sizeof(p),
		 "{\"version\":1,\"isolation\":\"sevsnp\",\"claims\":[{\"claim\":\"t.x\",%s}]}",
		 op_json);
	snprintf(c, sizeof(c),
		 "{\"x-ms-isolation-tee\":{\"x-ms-attestation-type\":\"sevsnpvm\"},\"t\":{%s%s}}",
		 x_json ? "\"x\":" : "", x_json ? x_json : "");
	return eval(p, c);
}

static void test_equals_compares_type_and_value(void **state)
{
	(void)state;
	assert_true(rule("\"equals\":\"on\"", "\"on\""));
	assert_false(rule("\"equals\":\"on\"", "\"off\""));
	assert_false(rule("\"equals\":\"on\"", "\"on \""));
	assert_true(rule("\"equals\":\"\\u00e9\"", "\"\xc3\xa9\"")); /* decoded, not raw */
	assert_true(rule("\"equals\":true", "true"));
	assert_false(rule("\"equals\":true", "false"));
	assert_false(rule("\"equals\":true", "\"true\"")); /* type mismatch */
	assert_false(rule("\"equals\":true", "1"));
	assert_true(rule("\"equals\":0", "0"));
	assert_false(rule("\"equals\":0", "false"));
	assert_false(rule("\"equals\":1", "1.0")); /* not in integer form */
	assert_false(rule("\"equals\":\"a\"", "[\"a\"]"));
	assert_false(rule("\"equals\":\"a\"", "null"));
}

static void test_one_of_min_max(void **state)
{
	(void)state;
	assert_true(rule("\"one_of\":[\"a\",\"b\"]", "\"b\""));
	assert_false(rule("\"one_of\":[\"a\",\"b\"]", "\"c\""));
	assert_false(rule("\"one_of\":[1,2]", "\"1\""));
	assert_true(rule("\"min\":4", "4"));
	assert_true(rule("\"min\":4", "5"));
	assert_false(rule("\"min\":4", "3"));
	assert_false(rule("\"min\":4", "\"9\""));
	assert_false(rule("\"min\":4", "4.5"));
	assert_true(rule("\"max\":4", "4"));
	assert_false(rule("\"max\":4", "5"));
	assert_true(rule("\"max\":-1", "-2"));
}

static void test_present_absent_and_missing_claims(void **state)
{
	(void)state;
	assert_true(rule("\"present\":true", "null"));
	assert_false(rule("\"present\":true", NULL));
	assert_true(rule("\"absent\":true", NULL));
	assert_false(rule("\"absent\":true", "false"));
	/* Every operator but absent fails on an absent claim. */
	assert_false(rule("\"equals\":false", NULL));
	assert_false(rule("\"one_of\":[false]", NULL));
	assert_false(rule("\"max\":10", NULL));
	assert_false(rule("\"min\":-10", NULL));
	/* A path through a non-object is absent. */
	load_ok("{\"version\":1,\"isolation\":\"sevsnp\",\"claims\":[{\"claim\":\"t.x.y\","
		"\"present\":true}]}");
	assert_false(eval_with("{\"x-ms-isolation-tee\":{\"x-ms-attestation-type\":\"sevsnpvm\"},"
			       "\"t\":{\"x\":[{\"y\":1}]}}",
			       NULL, NULL, true, NOW));
	assert_string_equal(rep.r[1].actual, "absent");
}

static void test_every_rule_is_reported_with_its_actual_value(void **state)
{
	(void)state;
	load_ok("{\"version\":1,\"isolation\":\"sevsnp\",\"claims\":["
		"{\"claim\":\"a\",\"equals\":1},{\"claim\":\"b\",\"equals\":2},"
		"{\"claim\":\"c\",\"equals\":3}]}");
	assert_false(eval_with("{\"x-ms-isolation-tee\":{\"x-ms-attestation-type\":\"sevsnpvm\"},"
			       "\"a\":9,\"b\":2,\"c\":[ 1, \"x\" ]}",
			       NULL, NULL, true, NOW));
	assert_int_equal(rep.n, 4);
	assert_int_equal(rep.failed, 2);
	assert_string_equal(rep.r[0].rule, "isolation");
	assert_true(rep.r[0].pass);
	assert_string_equal(rep.r[1].rule, "claims[0] a");
	assert_false(rep.r[1].pass);
	assert_string_equal(rep.r[1].actual, "9");
	assert_string_equal(rep.r[1].expected, "equals 1");
	assert_true(rep.r[2].pass);
	assert_false(rep.r[3].pass);
	assert_string_equal(rep.r[3].actual, "[1,\"x\"]"); /* compact JSON text */
}

static void test_long_actual_values_are_truncated_at_utf8_boundaries(void **state)
{
	(void)state;
	char c[1024];
	size_t n = (size_t)snprintf(c, sizeof(c),
				    "{\"x-ms-isolation-tee\":{\"x-ms-attestation-"
				    "type\":\"sevsnpvm\"},\"t\":{\"x\":\"");
	for (int i = 0; i < 200; i++)
		n += (size_t)snprintf(c + n, sizeof(c) - n, "\xc3\xa9");
	snprintf(c + n, sizeof(c) - n, "\"}}");
	load_ok("{\"version\":1,\"isolation\":\"sevsnp\",\"claims\":[{\"claim\":\"t.x\","
		"\"equals\":\"e\"}]}");
	assert_false(eval_with(c, NULL, NULL, true, NOW));
	n = strlen(rep.r[1].actual);
	assert_true(n < POLICY_ACTUAL_MAX);
	assert_string_equal(rep.r[1].actual + n - 3, "...");
	assert_int_equal((unsigned char)rep.r[1].actual[n - 4], 0xa9); /* a whole é before it */
}

static void test_isolation_is_read_from_the_token(void **state)
{
	(void)state;
	const char *snp = "{\"x-ms-attestation-type\":\"azurevm\",\"x-ms-isolation-tee\":{\"x-ms-"
			  "attestation-type\":\"sevsnpvm\"}}";
	const char *tdx = "{\"x-ms-attestation-type\":\"azurevm\",\"x-ms-isolation-tee\":{\"x-ms-"
			  "attestation-type\":\"tdxvm\"}}";
	const char *tl = "{\"x-ms-attestation-type\":\"azurevm\"}";

	assert_true(eval("{\"version\":1,\"isolation\":\"sevsnp\"}", snp));
	assert_false(eval("{\"version\":1,\"isolation\":\"sevsnp\"}", tdx));
	assert_false(eval("{\"version\":1,\"isolation\":\"sevsnp\"}", tl));
	assert_true(eval("{\"version\":1,\"isolation\":\"tdx\"}", tdx));
	assert_false(eval("{\"version\":1,\"isolation\":\"tdx\"}", snp));
	assert_true(eval("{\"version\":1,\"isolation\":\"trustedlaunch\"}", tl));
	assert_false(eval("{\"version\":1,\"isolation\":\"trustedlaunch\"}", snp));
	assert_false(eval("{\"version\":1,\"isolation\":\"trustedlaunch\"}", "{}"));
	assert_false(eval("{\"version\":1,\"isolation\":\"sevsnp\"}", "[]"));
}

static void test_issuer_token_age_and_attested_pcrs(void **state)
{
	(void)state;
	const char *p = "{\"version\":1,\"isolation\":\"trustedlaunch\",\"provider\":{\"issuer\":"
			"\"https://i\",\"max_token_age\":60},\"tpm\":{\"pcrs\":[0,7]}}";
	char c[512];

#define CLAIMS(iss, iat, exp, pcrs)                                                                \
	snprintf(                                                                                  \
	    c, sizeof(c),                                                                          \
	    "{\"x-ms-attestation-type\":\"azurevm\",\"iss\":\"%s\",\"iat\":%lld,\"exp\":%lld,"     \
	    "\"x-ms-azurevm-attested-pcrs\":%s}",                                                  \
	    iss, (long long)(iat), (long long)(exp), pcrs)
	CLAIMS("https://i", NOW - 60, NOW + 1, "[0,1,7]");
	load_ok(p);
	assert_true(eval_with(c, NULL, NULL, true, NOW));
	load_ok(p);
	assert_false(eval_with(c, NULL, NULL, false, 0)); /* no time: the age rule fails */
	CLAIMS("https://i", NOW - 61, NOW + 1, "[0,1,7]");
	assert_false(eval(p, c));
	CLAIMS("https://i", NOW + 1, NOW + 100, "[0,1,7]");
	assert_false(eval(p, c)); /* no skew given: 1 s in the future fails */
#undef CLAIMS
}

/* iat up to ATTEST_MAX_SKEW in the future passes (token_verify allows it); one more does not. */
static bool eval_skew(const char *c, int64_t skew)
{
	struct json_doc d;
	struct err e;
	struct policy_input in = {&d, NULL, NULL, true, NOW, skew};
	bool pass;

	load_ok(
	    "{\"version\":1,\"isolation\":\"trustedlaunch\",\"provider\":{\"max_token_age\":60}}");
	err_clear(&e);
	assert_true(json_doc_parse(&d, c, strlen(c), NULL, &e));
	pass = policy_eval(&pol, &in, &rep);
	json_doc_free(&d);
	policy_free(&pol);
	return pass;
}

static void test_token_age_tolerates_iat_within_skew(void **state)
{
	(void)state;
	char c[256];

#define CLAIMS(iat, exp)                                                                           \
	snprintf(c, sizeof(c),                                                                     \
		 "{\"x-ms-attestation-type\":\"azurevm\",\"iat\":%lld,\"exp\":%lld}",              \
		 (long long)(iat), (long long)(exp))
	CLAIMS(NOW + 30, NOW + 100);
	assert_true(eval_skew(c, 60));
	CLAIMS(NOW + 60, NOW + 100);
	assert_true(eval_skew(c, 60));
	CLAIMS(NOW + 61, NOW + 100);
	assert_false(eval_skew(c, 60));
	assert_string_equal(rep.r[rep.n - 1].rule, "provider.max_token_age");
	assert_string_equal(rep.r[rep.n - 1].actual, "issued 61 s in the future (skew 60 s)");
	CLAIMS(NOW + 1, NOW + 100);
	assert_false(eval_skew(c, 0));
	CLAIMS(NOW + 30, NOW); /* within the skew but expired */
	assert_false(eval_skew(c, 60));
	CLAIMS(NOW - 60, NOW + 1); /* the age limit is unchanged by the skew */
	assert_true(eval_skew(c, 60));
	CLAIMS(NOW - 61, NOW + 1);
	assert_false(eval_skew(c, 60));
#undef CLAIMS
}

static void test_issuer_and_attested_pcrs_rest(void **state)
{
	(void)state;
	const char *p = "{\"version\":1,\"isolation\":\"trustedlaunch\",\"provider\":{\"issuer\":"
			"\"https://i\",\"max_token_age\":60},\"tpm\":{\"pcrs\":[0,7]}}";
	char c[512];

#define CLAIMS(iss, iat, exp, pcrs)                                                                \
	snprintf(                                                                                  \
	    c, sizeof(c),                                                                          \
	    "{\"x-ms-attestation-type\":\"azurevm\",\"iss\":\"%s\",\"iat\":%lld,\"exp\":%lld,"     \
	    "\"x-ms-azurevm-attested-pcrs\":%s}",                                                  \
	    iss, (long long)(iat), (long long)(exp), pcrs)
	CLAIMS("https://i", NOW - 1, NOW, "[0,1,7]"); /* expired */
	assert_false(eval(p, c));
	CLAIMS("https://i/", NOW - 1, NOW + 1, "[0,1,7]");
	assert_false(eval(p, c));
	CLAIMS("https://i", NOW - 1, NOW + 1, "[0,1]");
	assert_false(eval(p, c));
	assert_string_equal(rep.r[3].rule, "tpm.pcrs");
	assert_string_equal(rep.r[3].actual, "[0,1]");
#undef CLAIMS
}

static void test_report_json_lists_every_rule(void **state)
{
	(void)state;
	struct buf b;

	assert_false(eval("{\"version\":1,\"isolation\":\"tdx\",\"claims\":[{\"claim\":\"a\","
			  "\"absent\":true}]}",
			  "{\"x-ms-isolation-tee\":{\"x-ms-attestation-type\":\"sevsnpvm\"}}"));
	buf_init(&b, 4096);
	assert_true(policy_report_json(&rep, &b));
	assert_string_equal(
	    buf_cstr(&b),
	    "{\"verdict\":\"fail\",\"rules\":2,\"failed\":1,\"results\":[{\"rule\":\"isolation\","
	    "\"pass\":false,\"expected\":\"tdx\",\"actual\":\"\\\"sevsnpvm\\\"\"},{\"rule\":"
	    "\"claims[0] a\",\"pass\":true,\"expected\":\"absent\",\"actual\":\"absent\"}]}");
	buf_free(&b);
}

/* A real log from ../shared, parsed and replayed (skips when absent). */
struct real_log {
	uint8_t *data;
	struct eventlog log;
	struct pcr_banks pcrs;
};

static void real_log(struct real_log *r, const char *name)
{
	char rel[128];
	size_t n;
	struct err e;

	snprintf(rel, sizeof(rel), "testdata/eventlogs/%s.bin", name);
	r->data = TEST_SHARED_FILE(rel, &n);
	err_clear(&e);
	assert_true(eventlog_parse(r->data, n, &r->log, &e));
	assert_true(eventlog_replay(&r->log, &r->pcrs, &e));
}

static void real_free(struct real_log *r)
{
	eventlog_free(&r->log);
	free(r->data);
}

static const char snp_claims[] =
    "{\"x-ms-isolation-tee\":{\"x-ms-attestation-type\":\"sevsnpvm\"}}";

static bool eval_log(const char *eventlog_json, const struct real_log *r)
{
	char p[1024];
	snprintf(p, sizeof(p), "{\"version\":1,\"isolation\":\"sevsnp\",\"eventlog\":%s}",
		 eventlog_json);
	load_ok(p);
	return eval_with(snp_claims, r ? &r->log : NULL, r ? &r->pcrs : NULL, true, NOW);
}

static void test_secure_boot_rule_reads_the_logged_variable(void **state)
{
	(void)state;
	struct real_log on, off;

	real_log(&on, "gce-rhel8-sb");
	real_log(&off, "gce-ubuntu2104-nosb");
	assert_true(eval_log("{\"secure_boot\":true}", &on));
	assert_false(eval_log("{\"secure_boot\":true}", &off));
	assert_string_equal(rep.r[1].actual, "off");
	assert_true(eval_log("{\"secure_boot\":false}", &off));
	assert_false(eval_log("{\"secure_boot\":false}", &on));
	assert_false(eval_log("{\"secure_boot\":true}", NULL)); /* no log: fails */
	assert_string_equal(rep.r[1].actual, "no event log");
	real_free(&on);
	real_free(&off);
}

static void test_boot_applications_types_and_pcrs(void **state)
{
	(void)state;
	struct real_log on;
	char el[1024];
	const char *a1 = "40d6cae02973789080cf4c3a9ad11b5a0a4d8bba4438ab96e276cc784454dee7",
		   *a2 = "e8a268c431da72caaae407f729f602b9dbf5d1d43492d4a51cc2b688a08586e3",
		   *a3 = "e4c0382f98feaebfd43923a85fd6da9a20e1a48524a4d5928c31850ca1a96a6e",
		   *pcr7 = "5fd54361d580eb7592adb8deb236ff35444ceeac7148f24b3de63c041f12b3da";

	real_log(&on, "gce-rhel8-sb");
	snprintf(el, sizeof(el), "{\"boot_applications\":{\"allowed\":[\"%s\",\"%s\",\"%s\"]}}", a1,
		 a2, a3);
	assert_true(eval_log(el, &on));
	snprintf(el, sizeof(el), "{\"boot_applications\":{\"allowed\":[\"%s\",\"%s\"]}}", a1, a2);
	assert_false(eval_log(el, &on));
	assert_non_null(strstr(rep.r[1].actual, a3));
	snprintf(el, sizeof(el), "{\"boot_applications\":{\"forbidden\":[\"%s\"]}}", a2);
	assert_false(eval_log(el, &on));
	snprintf(el, sizeof(el), "{\"boot_applications\":{\"forbidden\":[\"%064d\"]}}", 0);
	assert_true(eval_log(el, &on));
	assert_true(eval_log("{\"forbidden_event_types\":[\"EV_EFI_HCRTM_EVENT\"]}", &on));
	assert_false(eval_log("{\"forbidden_event_types\":[\"EV_SEPARATOR\"]}", &on));
	snprintf(el, sizeof(el), "{\"pcrs\":{\"7\":\"%s\"}}", pcr7);
	assert_true(eval_log(el, &on));
	assert_string_equal(rep.r[1].actual, pcr7);
	snprintf(el, sizeof(el), "{\"pcrs\":{\"7\":\"%064d\"}}", 0);
	assert_false(eval_log(el, &on));
	assert_string_equal(rep.r[1].actual, pcr7);
	snprintf(el, sizeof(el), "{\"pcrs\":{\"16\":\"%064d\"}}", 0); /* never extended */
	assert_false(eval_log(el, &on));
	real_free(&on);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_equals_compares_type_and_value),
	    cmocka_unit_test(test_one_of_min_max),
	    cmocka_unit_test(test_present_absent_and_missing_claims),
	    cmocka_unit_test(test_every_rule_is_reported_with_its_actual_value),
	    cmocka_unit_test(test_long_actual_values_are_truncated_at_utf8_boundaries),
	    cmocka_unit_test(test_isolation_is_read_from_the_token),
	    cmocka_unit_test(test_issuer_token_age_and_attested_pcrs),
	    cmocka_unit_test(test_token_age_tolerates_iat_within_skew),
	    cmocka_unit_test(test_issuer_and_attested_pcrs_rest),
	    cmocka_unit_test(test_report_json_lists_every_rule),
	    cmocka_unit_test(test_secure_boot_rule_reads_the_logged_variable),
	    cmocka_unit_test(test_boot_applications_types_and_pcrs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
