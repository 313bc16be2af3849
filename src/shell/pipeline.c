#include "shell/pipeline.h"

#include <pthread.h>

/* Worker stack: the jobs keep a few KiB on the stack; a fixed size makes the limit the same
 * under every libc (musl's default is 128 KiB, glibc's 8 MiB) and under ASan. */
#define WORKER_STACK_SIZE ((size_t)1 << 20)

struct slot {
	struct buf out;
	bool ready; /* formatted, not yet written */
};

/* Shared state; every field is read and written under mu. */
struct run {
	const struct pipeline *p;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool threaded;
	size_t job_next;
	size_t chunk_next, written;
	bool failed;
	struct slot slot[PIPELINE_SLOTS];
};

enum step { STEP_JOB, STEP_WRITE, STEP_CHUNK, STEP_WAIT, STEP_DONE };

/*
 * What a thread does next. The worker takes background jobs first; the caller writes the next
 * chunk when it is ready, else formats one, and runs a background job only when no chunk is
 * left to take (alone, that is after the last chunk). A thread waits only while the other is
 * running a step whose end unblocks it.
 */
static enum step next_step(struct run *r, bool caller, size_t *k)
{
	const struct pipeline *p = r->p;

	if (!caller && r->job_next < p->njobs) {
		*k = r->job_next++;
		return STEP_JOB;
	}
	if (caller && !r->failed && r->written < p->nchunks &&
	    r->slot[r->written % PIPELINE_SLOTS].ready) {
		*k = r->written;
		return STEP_WRITE;
	}
	if (!r->failed && r->chunk_next < p->nchunks &&
	    r->chunk_next - r->written < PIPELINE_SLOTS) {
		*k = r->chunk_next++;
		return STEP_CHUNK;
	}
	if (r->job_next < p->njobs) {
		*k = r->job_next++;
		return STEP_JOB;
	}
	if (caller)
		return r->failed || r->written == p->nchunks ? STEP_DONE : STEP_WAIT;
	return r->failed || r->chunk_next == p->nchunks ? STEP_DONE : STEP_WAIT;
}

/* The hint is a reservation, never a limit: one over the maximum is cut to it. */
static size_t chunk_hint(const struct pipeline *p)
{
	return p->chunk_hint < p->chunk_max ? p->chunk_hint : p->chunk_max;
}

/* Runs a step outside the lock: the slot of a claimed chunk belongs to its thread until the
 * chunk is marked ready, and then to the calling thread until it is written. */
static bool run_step(struct run *r, enum step s, size_t k)
{
	const struct pipeline *p = r->p;
	struct slot *sl = &r->slot[k % PIPELINE_SLOTS];

	switch (s) {
	case STEP_JOB:
		return p->job(p->arg, k);
	case STEP_CHUNK:
		buf_reset(&sl->out);
		if (!sl->out.cap && p->chunk_hint) /* a failure shows in buf_ok() */
			(void)buf_reserve(&sl->out, chunk_hint(p));
		return p->chunk(p->arg, k, &sl->out) && buf_ok(&sl->out);
	case STEP_WRITE:
		return p->write(p->arg, &sl->out);
	default:
		return false;
	}
}

static void end_step(struct run *r, enum step s, size_t k, bool ok)
{
	struct slot *sl = &r->slot[k % PIPELINE_SLOTS];

	if (s == STEP_CHUNK) {
		sl->ready = true;
	} else if (s == STEP_WRITE) {
		sl->ready = false;
		r->written++;
	}
	if (!ok)
		r->failed = true;
}

static void run_steps(struct run *r, bool caller)
{
	enum step s;
	size_t k = 0;

	(void)pthread_mutex_lock(&r->mu);
	while ((s = next_step(r, caller, &k)) != STEP_DONE) {
		bool ok;
		if (s == STEP_WAIT) {
			/* Alone, every job ends before the next is chosen, so there is nothing
			 * to wait for; stop rather than block if that ever failed to hold. */
			if (!r->threaded) {
				r->failed = true;
				break;
			}
			(void)pthread_cond_wait(&r->cv, &r->mu);
			continue;
		}
		(void)pthread_mutex_unlock(&r->mu);
		ok = run_step(r, s, k);
		(void)pthread_mutex_lock(&r->mu);
		end_step(r, s, k, ok);
		(void)pthread_cond_broadcast(&r->cv);
	}
	(void)pthread_mutex_unlock(&r->mu);
}

static void *worker_main(void *arg)
{
	run_steps(arg, false);
	return NULL;
}

bool pipeline_run(const struct pipeline *p)
{
	struct run r = {.p = p, .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
	pthread_attr_t attr;
	pthread_t worker;
	bool ok;

	for (size_t i = 0; i < PIPELINE_SLOTS; i++)
		buf_init(&r.slot[i].out, p->chunk_max);
	/* One chunk is not worth a thread (a small log is formatted faster than one starts). */
	if (p->nchunks > 1 && pthread_attr_init(&attr) == 0) {
		/* Set before the worker exists: it reads the flag. */
		r.threaded = pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE) == 0;
		if (r.threaded && pthread_create(&worker, &attr, worker_main, &r) != 0)
			r.threaded = false;
		(void)pthread_attr_destroy(&attr);
	}
	run_steps(&r, true);
	if (r.threaded)
		(void)pthread_join(worker, NULL);
	ok = !r.failed && r.written == p->nchunks;
	for (size_t i = 0; i < PIPELINE_SLOTS; i++)
		buf_free(&r.slot[i].out);
	return ok;
}
