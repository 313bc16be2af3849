/* Unit tests for src/shell/parallel.c: both jobs run to completion, each exactly once, with
 * its own argument, and the call returns only after both have finished. */
#include "test_util.h"

#include <stdatomic.h>

#include "shell/parallel.h"

struct counter {
	atomic_int runs;
	long sum;
};

static void add_up(void *p)
{
	struct counter *c = p;
	long s = 0;
	for (long i = 1; i <= 200000; i++)
		s += i % 7;
	c->sum = s;
	atomic_fetch_add(&c->runs, 1);
}

static void test_run_both_runs_each_job_once(void **state)
{
	(void)state;
	for (int round = 0; round < 50; round++) {
		struct counter a = {0, 0}, b = {0, 0};
		run_both(add_up, &a, add_up, &b);
		assert_int_equal(atomic_load(&a.runs), 1);
		assert_int_equal(atomic_load(&b.runs), 1);
		assert_int_equal(a.sum, b.sum);
		assert_true(a.sum > 0);
	}
}

/* The two jobs share a counter, as the event-log content check does with its chunks. */
struct shared_work {
	atomic_size_t next;
	unsigned char done[10000];
};

static void take_items(void *p)
{
	struct shared_work *w = p;
	size_t i;
	while ((i = atomic_fetch_add(&w->next, 7)) < sizeof(w->done))
		for (size_t k = i; k < i + 7 && k < sizeof(w->done); k++)
			w->done[k]++;
}

static void test_run_both_shares_work_without_overlap(void **state)
{
	(void)state;
	static struct shared_work w;
	for (int round = 0; round < 20; round++) {
		memset(&w, 0, sizeof(w));
		run_both(take_items, &w, take_items, &w);
		for (size_t k = 0; k < sizeof(w.done); k++)
			assert_int_equal(w.done[k], 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_run_both_runs_each_job_once),
	    cmocka_unit_test(test_run_both_shares_work_without_overlap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
