/*
 * http_retry: whether and when to repeat an HTTP exchange with the provider, IMDS or an AIA
 * host. Pure: the caller passes the clock, the deadline and a random word; nothing here
 * sleeps, reads a clock or draws randomness.
 *
 * Retried (issue 18): a transport failure the server may recover from (connection refused,
 * reset or closed, a timeout), 408 Request Timeout, 429 Too Many Requests and every 5xx
 * (RFC 9110 15.5.9, 15.6; RFC 6585 4). Never retried: success, any other status (3xx is a
 * refused redirect, 4xx a refusal) and failures that say the answer cannot be trusted or the
 * configuration is wrong (TLS trust, body cap, bad URL).
 *
 * The wait is exponential backoff with full jitter: uniform in [0, min(CAP, BASE * 2^(n-1))]
 * after the n-th attempt, drawn from the caller's random word. A Retry-After header
 * (RFC 9110 10.2.3, parsed by retry_after_parse; an unparseable one is ignored) raises the
 * wait to at least its value. A wait that would leave less than HTTP_RETRY_MIN_ATTEMPT_MS
 * before the deadline, or an attempt count at HTTP_RETRY_MAX_ATTEMPTS, ends the retries:
 * the server is unavailable (exit 3), never "wait past the deadline".
 */
#ifndef ATTEST_PROVIDER_HTTP_RETRY_H
#define ATTEST_PROVIDER_HTTP_RETRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_RETRY_MAX_ATTEMPTS 8u
#define HTTP_RETRY_BASE_MS	250u
#define HTTP_RETRY_CAP_MS	8000u
/* An attempt started with less time than this left cannot finish a TLS exchange. */
#define HTTP_RETRY_MIN_ATTEMPT_MS 200u

/* How one attempt ended. */
enum http_attempt_result {
	HTTP_ATTEMPT_STATUS,	/* an answer with a status code arrived */
	HTTP_ATTEMPT_TRANSIENT, /* connection failure, closed mid-answer or timeout */
	HTTP_ATTEMPT_FATAL,	/* TLS trust, body cap, configuration: not retried */
};

struct http_retry_in {
	unsigned attempt; /* attempts made so far, >= 1 */
	enum http_attempt_result result;
	long status;		 /* with HTTP_ATTEMPT_STATUS */
	const char *retry_after; /* the Retry-After value, or NULL */
	size_t retry_after_len;
	uint64_t now_unix;	      /* wall clock, for an HTTP-date Retry-After */
	uint64_t now_ms, deadline_ms; /* monotonic milliseconds; deadline absolute */
	uint32_t random;	      /* uniform random word for the jitter */
};

enum http_retry_verdict {
	HTTP_RETRY_SUCCESS,   /* 2xx: done */
	HTTP_RETRY_AGAIN,     /* wait *delay_ms, then try again */
	HTTP_RETRY_EXHAUSTED, /* retryable, but attempts or time ran out: unavailable */
	HTTP_RETRY_FINAL,     /* not retryable: report this attempt's failure */
};

/* True for the statuses worth repeating: 408, 429, 5xx. */
bool http_status_retryable(long status);

/* The verdict for in; *delay_ms is set (0 unless HTTP_RETRY_AGAIN). */
enum http_retry_verdict http_retry_decide(const struct http_retry_in *in, uint64_t *delay_ms);

#endif
