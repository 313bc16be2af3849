/*
 * pipeline: produces one long output on two threads and writes it in order. The output is a
 * run of chunks (the event log's events), each formatted into its own buffer on whichever
 * thread is free and written by the calling thread in order; beside them run a few background
 * jobs whose results only what comes after the chunks needs (the PCR replay). The worker
 * thread takes the background jobs first, the calling thread the chunks, so neither waits for
 * the other. A chunk is formatted at most PIPELINE_SLOTS chunks ahead of the last one written,
 * so memory stays bounded whatever the length of the output. Without a second thread
 * everything runs on the caller's: same output, later.
 */
#ifndef ATTEST_SHELL_PIPELINE_H
#define ATTEST_SHELL_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* Chunk buffers in flight; each is reused (reset per chunk). */
#define PIPELINE_SLOTS 8

struct pipeline {
	void *arg;
	size_t njobs;
	/* Background job k of njobs; false: failed. Every job runs, whatever else fails. */
	bool (*job)(void *arg, size_t k);
	size_t nchunks;
	size_t chunk_max; /* each chunk buffer's maximum (buf_init) */
	/* Room reserved in a chunk buffer before its first chunk, a guess at a formatted chunk's
	 * size (0: none): a buffer grown by doubling is copied and touches fresh pages each time,
	 * and a fresh page costs as much as formatting a few events (core/mem.h). */
	size_t chunk_hint;
	/* Formats chunk k into out (empty on entry); false: failed. Runs on either thread. */
	bool (*chunk)(void *arg, size_t k, struct buf *out);
	/* Writes a formatted chunk; called in chunk order, on the calling thread. */
	bool (*write)(void *arg, const struct buf *out);
};

/* Returns when every job has ended and every chunk is written, or after a failure: true when
 * all succeeded. The first failed job, chunk or write stops the chunks: none is written after
 * it (the jobs still all run). */
bool pipeline_run(const struct pipeline *p);

#endif
