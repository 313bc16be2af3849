/* Unit tests for src/jose/jwt_claims.c: RFC 7519 section 4.1 claim checks,
 * each with its boundary accepted and a negative case refused. */
#include "test_util.h"

#include "jose/jwt_claims.h"

#define NOW  1700000000LL
#define SKEW 60u
#define ISS  "https://issuer.example"

/* Checks claims text s against x; NULL when accepted, else the reason (the
 * layer must be jwt and the class ERR_USAGE exactly when usage is set). */
static const char *check_cls(const char *s, const struct jwt_expect *x, bool usage)
{
	struct json_doc d;
	struct err e;
	bool ok;

	err_clear(&e);
	if (!json_doc_parse(&d, s, strlen(s), NULL, &e))
		fail_msg("test claims do not parse: %s (%s)", s, e.reason);
	ok = jwt_check_claims(&d, x, &e);
	json_doc_free(&d);
	if (ok)
		return NULL;
	assert_string_equal(e.layer, "jose");
	assert_int_equal(e.cls, usage ? ERR_USAGE : ERR_REJECT);
	return e.reason;
}

static const char *check(const char *s, const struct jwt_expect *x)
{
	return check_cls(s, x, false);
}

/* Claims with exp = NOW + 3600 and the given extra members. */
static const char *with_exp(const char *extra, const struct jwt_expect *x)
{
	char s[256];
	snprintf(s, sizeof(s), "{\"exp\":%lld%s}", NOW + 3600, extra);
	return check(s, x);
}

static const struct jwt_expect any_issuer = {NULL, 0, NOW, SKEW};
static const struct jwt_expect issuer = {ISS, sizeof(ISS) - 1, NOW, SKEW};

static void test_claims_arguments_are_usage_errors(void **state)
{
	(void)state;
	const char *ok = "{\"exp\":9223372036854775807}";
	struct jwt_expect x = {NULL, 0, NOW, JWT_MAX_SKEW};

	assert_null(check_cls(ok, &x, false));
	x.max_skew = JWT_MAX_SKEW + 1;
	assert_string_equal(check_cls(ok, &x, true), "max_skew_too_large");
	x.max_skew = 0;
	x.now = 0;
	assert_null(check_cls(ok, &x, false));
	x.now = -1;
	assert_string_equal(check_cls(ok, &x, true), "bad_time");
	x.now = JWT_MAX_NOW;
	assert_null(check_cls(ok, &x, false));
	x.now = JWT_MAX_NOW + 1;
	assert_string_equal(check_cls(ok, &x, true), "bad_time");
	/* Arguments are checked before the claims are looked at. */
	x.now = -1;
	assert_string_equal(check_cls("[]", &x, true), "bad_time");
}

static void test_claims_must_be_an_object(void **state)
{
	(void)state;
	assert_string_equal(check("[1]", &any_issuer), "payload_not_object");
	assert_string_equal(check("[9999999999]", &any_issuer), "payload_not_object");
	assert_string_equal(check("\"exp\"", &any_issuer), "payload_not_object");
	assert_null(with_exp("", &any_issuer));
}

static void test_exp_is_required(void **state)
{
	(void)state;
	assert_string_equal(check("{}", &any_issuer), "exp_missing");
	assert_string_equal(check("{\"iss\":\"" ISS "\"}", &issuer), "exp_missing");
	assert_string_equal(check("{\"nbf\":1}", &any_issuer), "exp_missing");
	/* Member names are compared decoded: an escaped "exp" is exp. */
	assert_null(check("{\"\\u0065xp\":1700003600}", &any_issuer));
}

static void test_numeric_dates_are_integers_in_int64_range(void **state)
{
	(void)state;
	static const char *bad[] = {
	    "{\"exp\":\"1700003600\"}",
	    "{\"exp\":1700003600.0}",
	    "{\"exp\":1.7e9}",
	    "{\"exp\":null}",
	    "{\"exp\":true}",
	    "{\"exp\":9223372036854775808}",
	    "{\"exp\":1700003600,\"nbf\":\"0\"}",
	    "{\"exp\":1700003600,\"nbf\":0.5}",
	    "{\"exp\":1700003600,\"iat\":[]}",
	    "{\"exp\":1700003600,\"iat\":-9223372036854775809}",
	    "{\"exp\":9999999999.5}",
	    "{\"exp\":1e10}",
	    "{\"exp\":99999999999999999999}",
	    "{\"exp\":9999999999,\"nbf\":null}",
	    "{\"exp\":9999999999,\"iat\":true}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *r = check(bad[i], &any_issuer);
		if (!r || strcmp(r, "bad_numeric_date") != 0)
			fail_msg("%s: %s", bad[i], r ? r : "accepted");
	}
	assert_null(check("{\"exp\":1700003600,\"nbf\":-1,\"iat\":0}", &any_issuer));
}

/* Section 4.1.4: refused once now - skew >= exp. */
static void test_exp_boundary_with_skew(void **state)
{
	(void)state;
	struct jwt_expect x = any_issuer;
	char s[64];

	snprintf(s, sizeof(s), "{\"exp\":%lld}", NOW - SKEW + 1);
	assert_null(check(s, &any_issuer));
	snprintf(s, sizeof(s), "{\"exp\":%lld}", NOW - SKEW);
	assert_string_equal(check(s, &any_issuer), "expired");
	snprintf(s, sizeof(s), "{\"exp\":%lld}", NOW - 3600);
	assert_string_equal(check(s, &any_issuer), "expired");
	/* The skew is the caller's: 0 and the maximum, 300. */
	x.max_skew = 0;
	snprintf(s, sizeof(s), "{\"exp\":%lld}", NOW);
	assert_string_equal(check(s, &x), "expired");
	x.max_skew = JWT_MAX_SKEW;
	snprintf(s, sizeof(s), "{\"exp\":%lld}", NOW - JWT_MAX_SKEW + 1);
	assert_null(check(s, &x));
}

/* Section 4.1.5: refused while now + skew < nbf. */
static void test_nbf_boundary_with_skew(void **state)
{
	(void)state;
	char s[64];

	snprintf(s, sizeof(s), ",\"nbf\":%lld", NOW + SKEW);
	assert_null(with_exp(s, &any_issuer));
	snprintf(s, sizeof(s), ",\"nbf\":%lld", NOW + SKEW + 1);
	assert_string_equal(with_exp(s, &any_issuer), "not_yet_valid");
}

/* Section 4.1.6: a token issued more than the skew in the future is refused. */
static void test_iat_in_the_future_is_refused(void **state)
{
	(void)state;
	char s[64];

	snprintf(s, sizeof(s), ",\"iat\":%lld", NOW + SKEW);
	assert_null(with_exp(s, &any_issuer));
	snprintf(s, sizeof(s), ",\"iat\":%lld", NOW + SKEW + 1);
	assert_string_equal(with_exp(s, &any_issuer), "issued_in_future");
}

/* Section 4.1.1: iss must equal the expected issuer, byte for byte decoded. */
static void test_issuer_is_compared_decoded_and_exactly(void **state)
{
	(void)state;
	struct jwt_expect nul = {ISS "\0", sizeof(ISS), NOW, SKEW};

	assert_null(with_exp(",\"iss\":\"" ISS "\"", &issuer));
	assert_null(with_exp(",\"iss\":\"\\u0068ttps:\\/\\/issuer.example\"", &issuer));
	assert_null(with_exp(",\"iss\":\"https:\\/\\/issuer.\\u0065xample\"", &issuer));
	assert_string_equal(with_exp("", &issuer), "issuer_missing");
	assert_string_equal(with_exp(",\"iss\":\"" ISS "/\"", &issuer), "issuer_mismatch");
	assert_string_equal(with_exp(",\"iss\":\"https://issuer.exampl\"", &issuer),
			    "issuer_mismatch");
	assert_string_equal(with_exp(",\"iss\":\"HTTPS://issuer.example\"", &issuer),
			    "issuer_mismatch");
	assert_string_equal(with_exp(",\"iss\":\"https://other.example\"", &issuer),
			    "issuer_mismatch");
	assert_string_equal(with_exp(",\"iss\":1", &issuer), "issuer_mismatch");
	assert_string_equal(with_exp(",\"iss\":[\"" ISS "\"]", &issuer), "issuer_mismatch");
	assert_string_equal(with_exp(",\"iss\":\"" ISS "\\u0000.evil\"", &issuer),
			    "issuer_mismatch");
	assert_string_equal(with_exp(",\"iss\":\"" ISS "\\u0000\"", &issuer), "issuer_mismatch");
	/* The expected issuer is a length, not a C string: a NUL in it counts. */
	assert_null(with_exp(",\"iss\":\"" ISS "\\u0000\"", &nul));
	assert_string_equal(with_exp(",\"iss\":\"" ISS "\"", &nul), "issuer_mismatch");
	/* No expected issuer: iss is not looked at. */
	assert_null(with_exp(",\"iss\":1", &any_issuer));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_claims_arguments_are_usage_errors),
	    cmocka_unit_test(test_claims_must_be_an_object),
	    cmocka_unit_test(test_exp_is_required),
	    cmocka_unit_test(test_numeric_dates_are_integers_in_int64_range),
	    cmocka_unit_test(test_exp_boundary_with_skew),
	    cmocka_unit_test(test_nbf_boundary_with_skew),
	    cmocka_unit_test(test_iat_in_the_future_is_refused),
	    cmocka_unit_test(test_issuer_is_compared_decoded_and_exactly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
