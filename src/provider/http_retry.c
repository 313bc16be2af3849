#include "provider/http_retry.h"

#include "core/err.h"
#include "provider/retry_after.h"

bool http_status_retryable(long status)
{
	/* RFC 9110 15.5.9 (408), RFC 6585 4 (429), RFC 9110 15.6 (5xx: server errors). */
	return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

/* Full jitter (uniform in [0, window]) over an exponential window capped at CAP. */
static uint64_t backoff_ms(unsigned attempt, uint32_t random)
{
	uint64_t window = HTTP_RETRY_BASE_MS;
	for (unsigned i = 1; i < attempt && window < HTTP_RETRY_CAP_MS; i++)
		window *= 2;
	if (window > HTTP_RETRY_CAP_MS)
		window = HTTP_RETRY_CAP_MS;
	return (uint64_t)random % (window + 1);
}

enum http_retry_verdict http_retry_decide(const struct http_retry_in *in, uint64_t *delay_ms)
{
	uint64_t delay;
	uint32_t ra_s;
	struct err e;

	*delay_ms = 0;
	if (in->result == HTTP_ATTEMPT_FATAL)
		return HTTP_RETRY_FINAL;
	if (in->result == HTTP_ATTEMPT_STATUS) {
		if (in->status >= 200 && in->status <= 299)
			return HTTP_RETRY_SUCCESS;
		if (!http_status_retryable(in->status))
			return HTTP_RETRY_FINAL;
	}
	if (in->attempt == 0 || in->attempt >= HTTP_RETRY_MAX_ATTEMPTS)
		return HTTP_RETRY_EXHAUSTED;
	delay = backoff_ms(in->attempt, in->random);
	/* RFC 9110 10.2.3: the server's wish is a lower bound; an invalid value is ignored. */
	if (in->result == HTTP_ATTEMPT_STATUS && in->retry_after &&
	    retry_after_parse(in->retry_after, in->retry_after_len, in->now_unix, &ra_s, &e) &&
	    (uint64_t)ra_s * 1000u > delay)
		delay = (uint64_t)ra_s * 1000u;
	if (in->now_ms >= in->deadline_ms ||
	    in->deadline_ms - in->now_ms < delay + HTTP_RETRY_MIN_ATTEMPT_MS)
		return HTTP_RETRY_EXHAUSTED;
	*delay_ms = delay;
	return HTTP_RETRY_AGAIN;
}
