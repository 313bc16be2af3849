/* Unit tests for src/shell/rng.c: source fallback, refused seeds, fresh output per call. */
#include "test_util.h"

#include <errno.h>

#include "shell/rng.h"

/* Injected sources; calls counts how often each ran. */
static struct {
	unsigned primary, fallback, mix;
	uint8_t fill; /* byte the constant sources return */
} calls;

static int src_fail(uint8_t *out, size_t n)
{
	(void)out;
	(void)n;
	calls.primary++;
	return ENOSYS;
}

static int src_fail2(uint8_t *out, size_t n)
{
	(void)out;
	(void)n;
	calls.fallback++;
	return EACCES;
}

static int src_const(uint8_t *out, size_t n)
{
	calls.primary++;
	memset(out, calls.fill, n);
	return 0;
}

static int src_counting_os(uint8_t *out, size_t n)
{
	calls.fallback++;
	return rng_source_getrandom(out, n);
}

static int src_const_mix(uint8_t *out, size_t n)
{
	calls.mix++;
	memset(out, 0xff, n); /* the AMD failure: "success" with all ones */
	return 0;
}

static void test_seed_check_refuses_all_zero_and_all_ones(void **state)
{
	(void)state;
	uint8_t s[RNG_SEED_SIZE];
	struct err e;

	memset(s, 0, sizeof(s));
	assert_false(rng_seed_check(s, sizeof(s), &e));
	assert_string_equal(e.reason, "bad_seed");
	assert_int_equal(e.cls, ERR_TRANSIENT);
	memset(s, 0xff, sizeof(s));
	assert_false(rng_seed_check(s, sizeof(s), &e));
	assert_non_null(strstr(e.detail, "0xff"));
	s[7] = 0x00; /* mixed bytes are accepted, even if rare */
	assert_true(rng_seed_check(s, sizeof(s), &e));
	assert_false(rng_seed_check(s, 0, &e));
}

static void test_failing_getrandom_falls_back(void **state)
{
	(void)state;
	struct rng_sources s = {src_fail, src_counting_os, NULL};
	uint8_t a[32], zero[32];
	struct err e;

	memset(&calls, 0, sizeof(calls));
	memset(zero, 0, sizeof(zero));
	assert_true(rng_bytes_from(&s, a, sizeof(a), &e));
	assert_int_equal(calls.primary, 1);
	assert_int_equal(calls.fallback, 1);
	assert_memory_not_equal(a, zero, sizeof(a));
}

static void test_both_sources_failing_is_transient(void **state)
{
	(void)state;
	struct rng_sources s = {src_fail, src_fail2, NULL};
	uint8_t a[16];
	struct err e;

	memset(&calls, 0, sizeof(calls));
	memset(a, 0x5a, sizeof(a));
	assert_false(rng_bytes_from(&s, a, sizeof(a), &e));
	assert_string_equal(e.layer, "io");
	assert_string_equal(e.reason, "no_randomness");
	assert_int_equal(e.cls, ERR_TRANSIENT);
	assert_int_equal(calls.fallback, 1);
	for (size_t i = 0; i < sizeof(a); i++)
		assert_int_equal(a[i], 0); /* no stale or partial output */
}

/* A source returning constant 0x00 / 0xff is a failed source: the next is tried, and with
 * none left the call fails. */
static void test_constant_seeds_are_refused(void **state)
{
	(void)state;
	struct rng_sources only_bad = {src_const, src_fail2, NULL};
	struct rng_sources bad_then_os = {src_const, src_counting_os, NULL};
	uint8_t a[16];
	struct err e;

	for (int k = 0; k < 2; k++) {
		memset(&calls, 0, sizeof(calls));
		calls.fill = k ? 0xff : 0x00;
		assert_false(rng_bytes_from(&only_bad, a, sizeof(a), &e));
		assert_string_equal(e.reason, "no_randomness");
		assert_non_null(strstr(e.detail, "all 0x"));
		assert_true(rng_bytes_from(&bad_then_os, a, sizeof(a), &e));
		assert_int_equal(calls.fallback, 2);
	}
}

/* A broken RDRAND (all ones) is asked, skipped, and the output stays the kernel-seeded one. */
static void test_broken_rdrand_is_not_trusted(void **state)
{
	(void)state;
	struct rng_sources s = {rng_source_getrandom, rng_source_urandom, src_const_mix};
	uint8_t a[32], b[32];
	struct err e;

	memset(&calls, 0, sizeof(calls));
	assert_true(rng_bytes_from(&s, a, sizeof(a), &e));
	assert_true(rng_bytes_from(&s, b, sizeof(b), &e));
	assert_int_equal(calls.mix, 2);
	assert_memory_not_equal(a, b, sizeof(a));
}

static void test_output_differs_between_calls(void **state)
{
	(void)state;
	uint8_t a[32], b[32];
	struct err e;

	assert_true(rng_bytes(a, sizeof(a), &e));
	assert_true(rng_bytes(b, sizeof(b), &e));
	assert_memory_not_equal(a, b, sizeof(a));
	/* each real source on its own works here too */
	assert_int_equal(rng_source_getrandom(a, sizeof(a)), 0);
	assert_int_equal(rng_source_urandom(b, sizeof(b)), 0);
	assert_memory_not_equal(a, b, sizeof(a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_seed_check_refuses_all_zero_and_all_ones),
	    cmocka_unit_test(test_failing_getrandom_falls_back),
	    cmocka_unit_test(test_both_sources_failing_is_transient),
	    cmocka_unit_test(test_constant_seeds_are_refused),
	    cmocka_unit_test(test_broken_rdrand_is_not_trusted),
	    cmocka_unit_test(test_output_differs_between_calls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
