/*
 * parallel: runs two independent jobs at the same time, one of them on a worker thread. For
 * CPU-bound passes over one input that write disjoint results (the event log's content check
 * and its PCR replay). When no thread can be started, both jobs run here, one after the other:
 * the results are the same, only later.
 */
#ifndef ATTEST_SHELL_PARALLEL_H
#define ATTEST_SHELL_PARALLEL_H

/* Returns when both jobs have finished. */
void run_both(void (*job_a)(void *), void *arg_a, void (*job_b)(void *), void *arg_b);

#endif
