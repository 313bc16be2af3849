/*
 * err: the one result type. Every failing function fills a caller-owned
 * struct err with the layer that failed, a stable reason code (lowercase,
 * underscores; part of the contract: it appears in the error line, the audit
 * record and the tests), an optional byte offset and a short detail.
 * Verifiers report success only on their single success path.
 */
#ifndef ATTEST_CORE_ERR_H
#define ATTEST_CORE_ERR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ERR_NO_OFFSET UINT64_MAX

/* Exit status classes of the command-line contract (DESIGN.md). */
enum err_class {
	ERR_REJECT = 1,	   /* verification failed, policy denied, input malformed */
	ERR_USAGE = 2,	   /* usage or configuration error, unreadable input file */
	ERR_TRANSIENT = 3, /* TPM busy, provider unreachable, after retries */
};

struct err {
	const char *layer;  /* "eventlog", "jose", "tpm", "provider", "policy", "io", "usage" */
	const char *reason; /* stable reason code */
	uint64_t offset;    /* ERR_NO_OFFSET when not about a byte position */
	enum err_class cls;
	char detail[160];
};

void err_clear(struct err *e);

/* Fill e (class ERR_REJECT) and return false, so "return err_set(...)" fails. */
bool err_set(struct err *e, const char *layer, const char *reason, uint64_t offset, const char *fmt,
	     ...) __attribute__((format(printf, 5, 6)));
/* Same with an explicit class. */
bool err_setc(struct err *e, enum err_class cls, const char *layer, const char *reason,
	      uint64_t offset, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* "attest-init: <layer>: <reason>[ at offset N][: detail]" without newline. */
void err_format(const struct err *e, char *out, size_t n);

#endif
