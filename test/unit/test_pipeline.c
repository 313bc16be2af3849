/* Unit tests for src/shell/pipeline.c: every background job runs once, chunks are written in
 * order and each once whatever thread formatted them, at most PIPELINE_SLOTS are in flight,
 * chunks are written while a job still runs, and a failure anywhere stops the output. */
#include "test_util.h"

#include <stdatomic.h>
#include <time.h>

#include "shell/pipeline.h"

#define MAX_CHUNKS 2000

struct trace {
	atomic_int job_runs[8];
	atomic_int chunk_runs[MAX_CHUNKS];
	atomic_int formatted; /* chunk jobs started */
	atomic_int written;   /* chunks written (only the caller writes) */
	atomic_int max_ahead; /* most chunks started but not yet written */
	size_t next_write;
	bool order_ok;
	long fail_job, fail_chunk, fail_write; /* index that fails, or -1 */
	int job_waits_for; /* a job returns only once this many chunks are written (0: no wait) */
	bool job_timed_out;
};

/* Work that takes long enough for the two threads to interleave. */
static volatile unsigned spin_sink;

static void spin(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		spin_sink = spin_sink + i % 7;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static bool t_job(void *arg, size_t k)
{
	struct trace *t = arg;
	double start = now_s();
	spin(20000 * (unsigned)(k + 1));
	/* Sleeps rather than spins: under valgrind only one thread runs at a time. */
	while (atomic_load(&t->written) < t->job_waits_for) {
		const struct timespec pause = {0, 100000};
		if (now_s() - start > 30) {
			t->job_timed_out = true;
			break;
		}
		nanosleep(&pause, NULL);
	}
	atomic_fetch_add(&t->job_runs[k], 1);
	return (long)k != t->fail_job;
}

static bool t_chunk(void *arg, size_t k, struct buf *out)
{
	struct trace *t = arg;
	int ahead = atomic_fetch_add(&t->formatted, 1) + 1 - atomic_load(&t->written);
	int seen = atomic_load(&t->max_ahead);
	char s[16];
	int n;

	while (ahead > seen && !atomic_compare_exchange_weak(&t->max_ahead, &seen, ahead))
		;
	atomic_fetch_add(&t->chunk_runs[k], 1);
	spin(500 + (unsigned)(k % 5) * 3000);
	if (out->len != 0)
		t->order_ok = false; /* a chunk buffer starts empty */
	n = snprintf(s, sizeof(s), ",%zu", k);
	buf_append(out, s, (size_t)n);
	return (long)k != t->fail_chunk;
}

static bool t_write(void *arg, const struct buf *out)
{
	struct trace *t = arg;
	char want[16];
	int n = snprintf(want, sizeof(want), ",%zu", t->next_write);
	if (out->len != (size_t)n || memcmp(out->data, want, out->len) != 0)
		t->order_ok = false;
	t->next_write++;
	atomic_fetch_add(&t->written, 1);
	return (long)t->next_write - 1 != t->fail_write;
}

static bool run_trace(struct trace *t, size_t njobs, size_t nchunks)
{
	const struct pipeline p = {t, njobs, t_job, nchunks, 64, 16, t_chunk, t_write};
	return pipeline_run(&p);
}

static void init_trace(struct trace *t)
{
	memset(t, 0, sizeof(*t));
	t->order_ok = true;
	t->fail_job = t->fail_chunk = t->fail_write = -1;
}

static void test_pipeline_writes_chunks_in_order_and_runs_every_job(void **state)
{
	(void)state;
	static struct trace t;
	const size_t cases[][2] = {{1, 1000}, {3, 1000}, {1, 2}, {0, 5}, {4, 1}, {3, 0}, {0, 0}};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		for (int round = 0; round < 5; round++) {
			size_t njobs = cases[c][0], nchunks = cases[c][1];
			init_trace(&t);
			assert_true(run_trace(&t, njobs, nchunks));
			for (size_t k = 0; k < njobs; k++)
				assert_int_equal(atomic_load(&t.job_runs[k]), 1);
			for (size_t k = 0; k < nchunks; k++)
				assert_int_equal(atomic_load(&t.chunk_runs[k]), 1);
			assert_true(t.order_ok);
			assert_int_equal(t.next_write, nchunks);
			/* Bounded memory: never more chunks in flight than slots. */
			assert_true(atomic_load(&t.max_ahead) <= PIPELINE_SLOTS);
		}
	}
}

/* The chunks do not wait for the background job: a job that returns only once chunks have
 * been written still lets the pipeline finish (alone, the job runs after the last chunk). */
static void test_pipeline_writes_chunks_while_a_job_runs(void **state)
{
	(void)state;
	static struct trace t;
	init_trace(&t);
	t.job_waits_for = 3 * PIPELINE_SLOTS;
	assert_true(run_trace(&t, 1, 100));
	assert_false(t.job_timed_out);
	assert_int_equal(t.next_write, 100);
	assert_true(t.order_ok);
}

static void test_pipeline_failed_job_stops_the_chunks_but_not_the_jobs(void **state)
{
	(void)state;
	static struct trace t;
	for (long bad = 0; bad < 3; bad++) {
		init_trace(&t);
		t.fail_job = bad;
		assert_false(run_trace(&t, 3, 200));
		for (size_t k = 0; k < 3; k++)
			assert_int_equal(atomic_load(&t.job_runs[k]), 1);
		assert_true(t.order_ok);
	}
	/* Without chunks, a failed job is still reported. */
	init_trace(&t);
	t.fail_job = 0;
	assert_false(run_trace(&t, 1, 0));
}

static void test_pipeline_failed_chunk_or_write_stops_the_output(void **state)
{
	(void)state;
	static struct trace t;
	for (long bad = 0; bad < 40; bad += 13) {
		init_trace(&t);
		t.fail_chunk = bad;
		assert_false(run_trace(&t, 2, 300));
		/* Chunks before the failed one may be written, never it or any after it. */
		assert_true(t.next_write <= (size_t)bad);
		assert_true(t.order_ok);
		assert_int_equal(atomic_load(&t.job_runs[0]), 1);
		assert_int_equal(atomic_load(&t.job_runs[1]), 1);

		init_trace(&t);
		t.fail_write = bad;
		assert_false(run_trace(&t, 2, 300));
		assert_int_equal(t.next_write, (size_t)bad + 1);
		assert_true(t.order_ok);
		assert_int_equal(atomic_load(&t.job_runs[1]), 1);
	}
}

/* A chunk that overflows its buffer's maximum fails like a chunk job that returns false. */
static bool big_chunk(void *arg, size_t k, struct buf *out)
{
	char s[100];
	(void)arg;
	memset(s, 'x', sizeof(s));
	buf_append(out, s, k == 3 ? sizeof(s) : 10);
	return true;
}

static bool count_write(void *arg, const struct buf *out)
{
	struct trace *t = arg;
	(void)out;
	t->next_write++;
	return true;
}

static void test_pipeline_chunk_over_its_maximum_fails(void **state)
{
	(void)state;
	static struct trace t;
	init_trace(&t);
	const struct pipeline p = {&t, 0, t_job, 10, 64, 0, big_chunk, count_write};
	assert_false(pipeline_run(&p));
	assert_true(t.next_write <= 3);
}

/* A size hint is a reservation, not a limit: one over the maximum is cut to it (the chunks
 * still fit), and it never lets a chunk grow past the maximum. */
static void test_pipeline_size_hint_is_cut_to_the_maximum(void **state)
{
	(void)state;
	static struct trace t;
	init_trace(&t);
	const size_t hint = (size_t)1 << 30;
	const struct pipeline fits = {&t, 0, t_job, 40, 64, hint, t_chunk, t_write};
	assert_true(pipeline_run(&fits));
	assert_int_equal(t.next_write, 40);
	assert_true(t.order_ok);
	init_trace(&t);
	const struct pipeline over = {&t, 0, t_job, 10, 64, hint, big_chunk, count_write};
	assert_false(pipeline_run(&over));
	assert_true(t.next_write <= 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pipeline_writes_chunks_in_order_and_runs_every_job),
	    cmocka_unit_test(test_pipeline_writes_chunks_while_a_job_runs),
	    cmocka_unit_test(test_pipeline_failed_job_stops_the_chunks_but_not_the_jobs),
	    cmocka_unit_test(test_pipeline_failed_chunk_or_write_stops_the_output),
	    cmocka_unit_test(test_pipeline_chunk_over_its_maximum_fails),
	    cmocka_unit_test(test_pipeline_size_hint_is_cut_to_the_maximum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
