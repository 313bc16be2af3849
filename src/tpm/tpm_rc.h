/*
 * tpm_rc: TPM / TSS return codes for humans and for the retry loop.
 * Errors are reported by name (tss2-rc's Tss2_RC_Decode) with the command
 * that failed and what to check; TPM_RC_RETRY / YIELDED / TESTING (TPM 2.0
 * Part 2 6.6.3, format-zero warnings) are retried with a bounded backoff.
 */
#ifndef ATTEST_TPM_TPM_RC_H
#define ATTEST_TPM_TPM_RC_H

#include <stdbool.h>
#include <stdint.h>

#include <tss2/tss2_common.h>

#include "core/err.h"

/* Retry budget: at most this many attempts per command, within the overall deadline. */
#define TPM_MAX_ATTEMPTS 8
/* Backoff: 20 ms doubling to at most 1 s. */
#define TPM_BACKOFF_FIRST_MS 20
#define TPM_BACKOFF_MAX_MS   1000

/* True for TPM_RC_RETRY, TPM_RC_YIELDED, TPM_RC_TESTING (from the TPM or the kernel RM). */
bool tpm_rc_is_retry(TSS2_RC rc);
/* True when the TPM could not be reached at all (TCTI I/O, no connection). */
bool tpm_rc_is_unreachable(TSS2_RC rc);

struct tpm_retry {
	uint64_t deadline_ms; /* monotonic; 0 = no deadline */
	unsigned attempt;
};

uint64_t tpm_now_ms(void);
/* Sleeps before the next attempt; false when the budget or deadline is spent. */
bool tpm_backoff(struct tpm_retry *r);

/*
 * Fills e for a failed command and returns false. Reason: tpm_unreachable
 * (transient) / tpm_busy (transient, retries spent) / tpm_error; detail:
 * "<command>: <decoded rc> (0x...): check <what>".
 */
bool tpm_rc_fail(struct err *e, TSS2_RC rc, const char *command, const char *check);

#endif
