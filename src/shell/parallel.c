#include "shell/parallel.h"

#include <pthread.h>
#include <stddef.h>

/* Worker stack: the jobs keep a few KiB on the stack; a fixed size makes the limit the same
 * under every libc (musl's default is 128 KiB, glibc's 8 MiB) and under ASan. */
#define WORKER_STACK_SIZE ((size_t)1 << 20)

struct job {
	void (*fn)(void *);
	void *arg;
};

static void *run_job(void *p)
{
	struct job *j = p;
	j->fn(j->arg);
	return NULL;
}

void run_both(void (*job_a)(void *), void *arg_a, void (*job_b)(void *), void *arg_b)
{
	struct job a = {job_a, arg_a};
	pthread_attr_t attr;
	pthread_t worker;
	int started = -1;

	if (pthread_attr_init(&attr) == 0) {
		if (pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE) == 0)
			started = pthread_create(&worker, &attr, run_job, &a);
		(void)pthread_attr_destroy(&attr);
	}
	job_b(arg_b);
	if (started == 0)
		(void)pthread_join(worker, NULL);
	else
		job_a(arg_a);
}
