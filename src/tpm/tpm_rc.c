#include "tpm/tpm_rc.h"

#include <time.h>

#include <tss2/tss2_rc.h>

#define RC_RETRY   0x922 /* TPM_RC_RETRY   (RC_WARN + 0x022) */
#define RC_YIELDED 0x908 /* TPM_RC_YIELDED (RC_WARN + 0x008) */
#define RC_TESTING 0x90A /* TPM_RC_TESTING (RC_WARN + 0x00A) */

bool tpm_rc_is_retry(TSS2_RC rc)
{
	TSS2_RC layer = rc & TSS2_RC_LAYER_MASK, base = rc & 0xFFFF;

	if (layer != TSS2_TPM_RC_LAYER && layer != TSS2_RESMGR_TPM_RC_LAYER)
		return false;
	return base == RC_RETRY || base == RC_YIELDED || base == RC_TESTING;
}

bool tpm_rc_is_unreachable(TSS2_RC rc)
{
	TSS2_RC base = rc & 0xFFFF;

	return (rc & TSS2_RC_LAYER_MASK) != TSS2_TPM_RC_LAYER &&
	       (base == TSS2_BASE_RC_IO_ERROR || base == TSS2_BASE_RC_NO_CONNECTION ||
		base == TSS2_BASE_RC_TRY_AGAIN);
}

uint64_t tpm_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

bool tpm_backoff(struct tpm_retry *r)
{
	uint64_t ms = TPM_BACKOFF_FIRST_MS, now = tpm_now_ms();
	struct timespec ts;

	if (++r->attempt >= TPM_MAX_ATTEMPTS)
		return false;
	for (unsigned i = 1; i < r->attempt && ms < TPM_BACKOFF_MAX_MS; i++)
		ms *= 2;
	if (ms > TPM_BACKOFF_MAX_MS)
		ms = TPM_BACKOFF_MAX_MS;
	if (r->deadline_ms) {
		if (now >= r->deadline_ms)
			return false;
		if (now + ms > r->deadline_ms)
			ms = r->deadline_ms - now;
	}
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
	return true;
}

bool tpm_rc_fail(struct err *e, TSS2_RC rc, const char *command, const char *check)
{
	if (tpm_rc_is_unreachable(rc))
		return err_fail(e, R_TPM_TPM_UNREACHABLE, ERR_NO_OFFSET, "%s: %s (0x%x): check %s",
				command, Tss2_RC_Decode(rc), rc, check);
	if (tpm_rc_is_retry(rc))
		return err_fail(e, R_TPM_TPM_BUSY, ERR_NO_OFFSET,
				"%s: %s (0x%x) after %d attempts: check %s", command,
				Tss2_RC_Decode(rc), rc, TPM_MAX_ATTEMPTS, check);
	return err_fail(e, R_TPM_TPM_ERROR, ERR_NO_OFFSET, "%s: %s (0x%x): check %s", command,
			Tss2_RC_Decode(rc), rc, check);
}
