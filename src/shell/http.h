/*
 * http: the one HTTP(S) client edge (libcurl on BearSSL). Used for the attestation provider
 * (https only) and, when the caller marks the request as such, for IMDS/THIM and AIA
 * certificate fetches (only to a host on the caller's allow-list; there plain http is allowed).
 *
 * Every transfer, whatever the caller asks (issue 18 "HTTP"):
 * - the URL is used verbatim (port kept); it must parse, carry no credentials and have the
 *   allowed scheme; CURLOPT_PROTOCOLS_STR / REDIR_PROTOCOLS_STR are limited to that scheme;
 * - TLS: CURLOPT_CAINFO always set (https needs a CA bundle), peer and host verified,
 *   TLS 1.2 minimum set explicitly (RFC 9325 3.1.1);
 * - no redirects (a 3xx is reported, never followed), no proxy from the environment
 *   (CURLOPT_PROXY "" unless opts->proxy names one; nothing is printed: the gate's config
 *   step records it in the audit trail);
 * - ATTEST_RESOLVE (opts->resolve, HOST:PORT:ADDRESS, checked by http_resolve_check) pins
 *   a name to an address;
 * - a body is sent with Content-Type: application/json and Content-Length (never chunked,
 *   no "Expect: 100-continue"); the answer body is capped at HTTP_BODY_MAX, or the caller's
 *   smaller opts->body_max (the transfer is aborted past it); of the headers only Retry-After
 *   is kept;
 * - connect and total timeouts come from one absolute deadline (CLOCK_MONOTONIC ms).
 *
 * http_request makes one attempt; http_exchange repeats it under the retry policy of
 * provider/http_retry.h (backoff with full jitter from rng_bytes, Retry-After honoured, never
 * past the deadline) and succeeds only on a 2xx answer. Errors: layer "io", http_* reasons
 * (docs/reasons.md): untrustworthy answers exit 1, unavailability exit 3, configuration 2.
 */
#ifndef ATTEST_SHELL_HTTP_H
#define ATTEST_SHELL_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "provider/http_retry.h"
#include "provider/retry_after.h"

#define HTTP_BODY_MAX ((size_t)1024 * 1024)
/* Connecting (TCP and TLS handshake) never takes more than this of the deadline. */
#define HTTP_CONNECT_MAX_MS 10000u
#define HTTP_MAX_HEADERS    4u

enum http_target {
	HTTP_TARGET_PROVIDER, /* https only */
	HTTP_TARGET_METADATA, /* IMDS/THIM or AIA: allow-listed hosts only, http allowed */
};

struct http_opts {
	enum http_target target;
	const char *ca_bundle;		   /* PEM file for CURLOPT_CAINFO; required for https */
	const char *resolve;		   /* ATTEST_RESOLVE or NULL */
	const char *proxy;		   /* ATTEST_PROXY or NULL: no proxy at all */
	const char *const *metadata_hosts; /* HTTP_TARGET_METADATA: the only hosts allowed */
	size_t n_metadata_hosts;
	const char *headers[HTTP_MAX_HEADERS]; /* extra "Name: value" lines, NULL-ended */
	uint64_t deadline_ms;		       /* absolute, http_clock_ms() scale */
	size_t body_max; /* answer cap below HTTP_BODY_MAX; 0: HTTP_BODY_MAX */
};

struct http_response {
	long status; /* 0 when no answer arrived */
	struct buf body;
	bool has_retry_after;
	char retry_after[RETRY_AFTER_MAX_LEN + 1];
	size_t retry_after_len;
	bool body_too_large; /* the cap aborted the transfer */
};

void http_response_init(struct http_response *r);
void http_response_free(struct http_response *r);

/* CLOCK_MONOTONIC in milliseconds: deadlines are absolute on this clock. */
uint64_t http_clock_ms(void);

/*
 * One attempt. True when an answer with a status arrived (any status: the caller or
 * http_exchange judges it); false with e filled and *result set to how it failed.
 * method: "GET" or "POST"; body may be NULL (len 0) for GET.
 */
bool http_request(const struct http_opts *o, const char *method, const char *url,
		  const uint8_t *body, size_t len, struct http_response *out,
		  enum http_attempt_result *result, struct err *e);

/*
 * Attempts under the retry policy until a 2xx answer (true, out holds it), a final
 * failure (false: the attempt's own reason, or http_status / http_redirect_refused with the
 * summarised error body), or exhaustion (false: http_unavailable, or http_timeout, with the
 * last failure in the detail). *attempts (may be NULL) is the number of attempts made.
 */
bool http_exchange(const struct http_opts *o, const char *method, const char *url,
		   const uint8_t *body, size_t len, struct http_response *out, unsigned *attempts,
		   struct err *e);

#endif
