/*
 * Unit tests for src/provider/http_retry.c: which outcomes are retried (408, 429, 5xx,
 * transport failures), backoff window bounds with full jitter, Retry-After as a lower bound
 * (seconds and HTTP-date), and the deadline and attempt budget ending the retries.
 */
#include "test_util.h"

#include "provider/http_retry.h"

#define NOW_MS	 1000000u
#define NOW_UNIX 1796413800u /* 2026-12-04 19:50:00 UTC */

static struct http_retry_in status_in(unsigned attempt, long status)
{
	struct http_retry_in in = {
	    .attempt = attempt,
	    .result = HTTP_ATTEMPT_STATUS,
	    .status = status,
	    .now_unix = NOW_UNIX,
	    .now_ms = NOW_MS,
	    .deadline_ms = NOW_MS + 60000u,
	    .random = 0xffffffffu,
	};
	return in;
}

static enum http_retry_verdict decide(const struct http_retry_in *in, uint64_t *delay)
{
	*delay = 12345;
	return http_retry_decide(in, delay);
}

static void test_success_statuses_end_the_exchange(void **state)
{
	uint64_t d;
	(void)state;
	for (long s = 200; s <= 299; s++) {
		struct http_retry_in in = status_in(1, s);
		assert_int_equal(decide(&in, &d), HTTP_RETRY_SUCCESS);
		assert_int_equal(d, 0);
	}
}

static void test_retryable_statuses(void **state)
{
	uint64_t d;
	(void)state;
	static const long yes[] = {408, 429, 500, 502, 503, 504, 599};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		struct http_retry_in in = status_in(1, yes[i]);
		assert_true(http_status_retryable(yes[i]));
		assert_int_equal(decide(&in, &d), HTTP_RETRY_AGAIN);
	}
}

static void test_other_statuses_are_final(void **state)
{
	uint64_t d;
	(void)state;
	/* Other 4xx are refusals; 3xx are redirects we never follow; 1xx/600 are not answers. */
	static const long no[] = {100, 301, 302, 307, 400, 401, 403, 404, 409, 413, 415, 499, 600};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		struct http_retry_in in = status_in(1, no[i]);
		assert_false(http_status_retryable(no[i]));
		assert_int_equal(decide(&in, &d), HTTP_RETRY_FINAL);
		assert_int_equal(d, 0);
	}
}

static void test_transport_failures(void **state)
{
	uint64_t d;
	(void)state;
	struct http_retry_in in = status_in(1, 0);
	in.result = HTTP_ATTEMPT_TRANSIENT;
	assert_int_equal(decide(&in, &d), HTTP_RETRY_AGAIN);
	/* TLS trust, body cap, configuration: never retried, even with time left. */
	in.result = HTTP_ATTEMPT_FATAL;
	assert_int_equal(decide(&in, &d), HTTP_RETRY_FINAL);
	assert_int_equal(d, 0);
}

static void test_backoff_window_doubles_to_cap(void **state)
{
	uint64_t d;
	(void)state;
	/* The delay is random mod (window + 1): random = window hits the top of the window. */
	static const uint64_t window[] = {250, 500, 1000, 2000, 4000, 8000, 8000};
	for (unsigned a = 1; a <= 7; a++) {
		struct http_retry_in in = status_in(a, 503);
		in.random = (uint32_t)window[a - 1];
		assert_int_equal(decide(&in, &d), HTTP_RETRY_AGAIN);
		assert_int_equal(d, window[a - 1]); /* the top of the window */
		in.random = (uint32_t)window[a - 1] + 1;
		assert_int_equal(decide(&in, &d), HTTP_RETRY_AGAIN);
		assert_int_equal(d, 0); /* wraps to the bottom: full jitter starts at 0 */
	}
}

static void test_jitter_stays_in_window(void **state)
{
	uint64_t d, max = 0;
	(void)state;
	uint32_t x = 0x12345678u;
	for (int i = 0; i < 10000; i++) {
		struct http_retry_in in = status_in(3, 500);
		x = x * 1664525u + 1013904223u;
		in.random = x;
		assert_int_equal(decide(&in, &d), HTTP_RETRY_AGAIN);
		assert_true(d <= 1000);
		max = d > max ? d : max;
	}
	assert_true(max > 900); /* the whole window is used */
}

static void test_retry_after_seconds_is_a_lower_bound(void **state)
{
	uint64_t d;
	(void)state;
	struct http_retry_in in = status_in(1, 429);
	in.random = 0;
	in.retry_after = "3";
	in.retry_after_len = 1;
	assert_int_equal(decide(&in, &d), HTTP_RETRY_AGAIN);
	assert_int_equal(d, 3000);
	/* A jitter above it wins. */
	in.retry_after = "0";
	in.random = 200;
	assert_int_equal(decide(&in, &d), HTTP_RETRY_AGAIN);
	assert_int_equal(d, 200);
}

static void test_retry_after_http_date(void **state)
{
	uint64_t d;
	(void)state;
	struct http_retry_in in = status_in(1, 503);
	in.random = 0;
	in.retry_after = "Fri, 04 Dec 2026 19:50:07 GMT";
	in.retry_after_len = strlen(in.retry_after);
	assert_int_equal(decide(&in, &d), HTTP_RETRY_AGAIN);
	assert_int_equal(d, 7000);
}

static void test_invalid_retry_after_is_ignored(void **state)
{
	uint64_t d;
	(void)state;
	struct http_retry_in in = status_in(1, 503);
	in.random = 100;
	in.retry_after = "soon";
	in.retry_after_len = 4;
	assert_int_equal(decide(&in, &d), HTTP_RETRY_AGAIN);
	assert_int_equal(d, 100);
}

static void test_retry_after_past_deadline_gives_up(void **state)
{
	uint64_t d;
	(void)state;
	struct http_retry_in in = status_in(1, 429);
	in.random = 0;
	in.deadline_ms = NOW_MS + 5000;
	in.retry_after = "5";
	in.retry_after_len = 1;
	assert_int_equal(decide(&in, &d), HTTP_RETRY_EXHAUSTED);
	assert_int_equal(d, 0);
	/* Just enough room for the wait and one more attempt. */
	in.retry_after = "4";
	in.deadline_ms = NOW_MS + 4000 + HTTP_RETRY_MIN_ATTEMPT_MS;
	assert_int_equal(decide(&in, &d), HTTP_RETRY_AGAIN);
	assert_int_equal(d, 4000);
	in.deadline_ms--;
	assert_int_equal(decide(&in, &d), HTTP_RETRY_EXHAUSTED);
}

static void test_deadline_passed_gives_up(void **state)
{
	uint64_t d;
	(void)state;
	struct http_retry_in in = status_in(1, 0);
	in.result = HTTP_ATTEMPT_TRANSIENT;
	in.random = 0;
	in.deadline_ms = NOW_MS;
	assert_int_equal(decide(&in, &d), HTTP_RETRY_EXHAUSTED);
	in.deadline_ms = NOW_MS - 1;
	assert_int_equal(decide(&in, &d), HTTP_RETRY_EXHAUSTED);
	in.deadline_ms = NOW_MS + HTTP_RETRY_MIN_ATTEMPT_MS - 1;
	assert_int_equal(decide(&in, &d), HTTP_RETRY_EXHAUSTED);
	in.deadline_ms = NOW_MS + HTTP_RETRY_MIN_ATTEMPT_MS;
	assert_int_equal(decide(&in, &d), HTTP_RETRY_AGAIN);
}

static void test_attempt_budget(void **state)
{
	uint64_t d;
	(void)state;
	struct http_retry_in in = status_in(HTTP_RETRY_MAX_ATTEMPTS - 1, 503);
	in.random = 0;
	assert_int_equal(decide(&in, &d), HTTP_RETRY_AGAIN);
	in.attempt = HTTP_RETRY_MAX_ATTEMPTS;
	assert_int_equal(decide(&in, &d), HTTP_RETRY_EXHAUSTED);
	in.attempt = 0; /* a caller bug: no attempt made */
	assert_int_equal(decide(&in, &d), HTTP_RETRY_EXHAUSTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_success_statuses_end_the_exchange),
	    cmocka_unit_test(test_retryable_statuses),
	    cmocka_unit_test(test_other_statuses_are_final),
	    cmocka_unit_test(test_transport_failures),
	    cmocka_unit_test(test_backoff_window_doubles_to_cap),
	    cmocka_unit_test(test_jitter_stays_in_window),
	    cmocka_unit_test(test_retry_after_seconds_is_a_lower_bound),
	    cmocka_unit_test(test_retry_after_http_date),
	    cmocka_unit_test(test_invalid_retry_after_is_ignored),
	    cmocka_unit_test(test_retry_after_past_deadline_gives_up),
	    cmocka_unit_test(test_deadline_passed_gives_up),
	    cmocka_unit_test(test_attempt_budget),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
