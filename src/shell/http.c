#include "shell/http.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "provider/maa_error.h"
#include "shell/http_resolve.h"
#include "shell/rng.h"

void http_response_init(struct http_response *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->body, HTTP_BODY_MAX);
}

void http_response_free(struct http_response *r)
{
	buf_free(&r->body);
	memset(r, 0, sizeof(*r));
}

static void response_reset(struct http_response *r)
{
	buf_reset(&r->body);
	r->status = 0;
	r->has_retry_after = false;
	r->retry_after_len = 0;
	r->retry_after[0] = '\0';
	r->body_too_large = false;
}

uint64_t http_clock_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return UINT64_MAX; /* no clock: every deadline has passed */
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *ctx)
{
	struct http_response *r = ctx;
	size_t n = size * nmemb;

	/* Issue 18: the answer is capped (body.max, set per request); returning short aborts. */
	if (n > r->body.max - r->body.len) {
		r->body_too_large = true;
		return 0;
	}
	return buf_append(&r->body, p, n) ? n : 0;
}

/* Keeps Retry-After of the final answer only (RFC 9110 10.2.3); other headers are dropped. */
static size_t on_header(char *p, size_t size, size_t nmemb, void *ctx)
{
	static const char name[] = "retry-after:";
	struct http_response *r = ctx;
	size_t n = size * nmemb, i = sizeof(name) - 1;

	if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) { /* a new status line: a new answer */
		r->has_retry_after = false;
		r->retry_after_len = 0;
		return n;
	}
	if (n < i || strncasecmp(p, name, i) != 0)
		return n;
	while (n > i && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	r->has_retry_after = true;
	/* An over-long value is kept empty: retry_after_parse refuses it, the policy ignores it. */
	r->retry_after_len = 0;
	if (n - i <= RETRY_AFTER_MAX_LEN) {
		memcpy(r->retry_after, p + i, n - i);
		r->retry_after_len = n - i;
	}
	r->retry_after[r->retry_after_len] = '\0';
	return size * nmemb;
}

static bool host_allowed(const struct http_opts *o, const char *host)
{
	for (size_t i = 0; i < o->n_metadata_hosts; i++)
		if (o->metadata_hosts[i] && strcasecmp(o->metadata_hosts[i], host) == 0)
			return true;
	return false;
}

/* The scheme the URL may use ("https" or "http"), or NULL with http_url_refused. */
static const char *url_check(const struct http_opts *o, const char *url, struct err *e)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *user = NULL, *password = NULL;
	const char *proto = NULL;

	if (!u) {
		err_fail(e, R_IO_HTTP_SETUP_FAILED, ERR_NO_OFFSET, "out of memory");
		return NULL;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		err_fail(e, R_IO_HTTP_URL_REFUSED, ERR_NO_OFFSET, "not an absolute http(s) URL");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PASSWORD, &password, 0) == CURLUE_OK) {
		err_fail(e, R_IO_HTTP_URL_REFUSED, ERR_NO_OFFSET, "credentials in the URL");
		goto out;
	}
	/* IMDS/THIM and AIA: only the configured hosts, whatever the scheme (issue 18). */
	if (o->target == HTTP_TARGET_METADATA && !host_allowed(o, host)) {
		err_fail(e, R_IO_HTTP_URL_REFUSED, ERR_NO_OFFSET,
			 "host %s is not on the allow-list", host);
		goto out;
	}
	if (strcmp(scheme, "https") == 0)
		proto = "https";
	else if (strcmp(scheme, "http") == 0 && o->target == HTTP_TARGET_METADATA)
		proto = "http";
	else
		err_fail(e, R_IO_HTTP_URL_REFUSED, ERR_NO_OFFSET,
			 "scheme %s is not allowed for this request", scheme);
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_free(password);
	curl_url_cleanup(u);
	return proto;
}

/* The failure of a transfer that ended with rc, as a reason and a retry class. */
static bool transfer_failed(CURLcode rc, const struct http_response *r, const char *why,
			    enum http_attempt_result *result, struct err *e)
{
	enum reason_id id;

	*result = HTTP_ATTEMPT_FATAL;
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
		id = R_IO_HTTP_CONNECT_FAILED;
		*result = HTTP_ATTEMPT_TRANSIENT;
		break;
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
		id = r->status ? R_IO_HTTP_TRUNCATED : R_IO_HTTP_CONNECT_FAILED;
		*result = HTTP_ATTEMPT_TRANSIENT;
		break;
	case CURLE_OPERATION_TIMEDOUT:
		id = R_IO_HTTP_TIMEOUT;
		*result = HTTP_ATTEMPT_TRANSIENT;
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		id = R_IO_HTTP_TLS_UNTRUSTED;
		break;
	case CURLE_SSL_CACERT_BADFILE:
		id = R_IO_HTTP_CA_BUNDLE_UNREADABLE;
		break;
	case CURLE_FILESIZE_EXCEEDED:
		id = R_IO_HTTP_BODY_TOO_LARGE;
		break;
	case CURLE_WRITE_ERROR:
		id = r->body_too_large ? R_IO_HTTP_BODY_TOO_LARGE : R_IO_HTTP_SETUP_FAILED;
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		id = R_IO_HTTP_URL_REFUSED;
		break;
	default:
		id = R_IO_HTTP_PROTOCOL;
		break;
	}
	if (id == R_IO_HTTP_BODY_TOO_LARGE)
		return err_fail(e, id, ERR_NO_OFFSET, "over %zu bytes", r->body.max);
	return err_fail(e, id, ERR_NO_OFFSET, "%s (curl %d: %s)", why[0] ? why : "no detail",
			(int)rc, curl_easy_strerror(rc));
}

/* One libcurl option; a refusal is a setup failure naming the option. */
#define SET(h, opt, val)                                                                           \
	do {                                                                                       \
		if (curl_easy_setopt((h), (opt), (val)) != CURLE_OK)                               \
			return err_fail(e, R_IO_HTTP_SETUP_FAILED, ERR_NO_OFFSET, "%s", #opt);     \
	} while (0)

/* Checks before any connection: URL and scheme, CA bundle, ATTEST_RESOLVE, time left. */
static const char *request_preflight(const struct http_opts *o, const char *url, uint64_t *left,
				     enum http_attempt_result *result, struct err *e)
{
	static bool global_done;
	const char *proto;
	uint64_t now = http_clock_ms();

	if (!global_done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			err_fail(e, R_IO_HTTP_SETUP_FAILED, ERR_NO_OFFSET, "global init");
			return NULL;
		}
		global_done = true;
	}
	proto = url_check(o, url, e);
	if (!proto)
		return NULL;
	if (strcmp(proto, "https") == 0 && (!o->ca_bundle || !o->ca_bundle[0])) {
		err_fail(e, R_IO_HTTP_CA_BUNDLE_UNREADABLE, ERR_NO_OFFSET,
			 "no CA bundle configured for https");
		return NULL;
	}
	if (o->resolve && !http_resolve_check(o->resolve, strlen(o->resolve), e))
		return NULL;
	if (now >= o->deadline_ms) {
		*result = HTTP_ATTEMPT_TRANSIENT;
		err_fail(e, R_IO_HTTP_TIMEOUT, ERR_NO_OFFSET, "deadline passed");
		return NULL;
	}
	*left = o->deadline_ms - now;
	return proto;
}

/* The transport rules in one place: scheme, no redirects, no implicit proxy, verified TLS 1.2+,
 * timeouts inside the deadline, the body cap and the callbacks. */
static bool set_transport(CURL *h, const struct http_opts *o, const char *url, const char *proto,
			  uint64_t left, char *why, struct http_response *out, struct err *e)
{
	uint64_t connect = left < HTTP_CONNECT_MAX_MS ? left : HTTP_CONNECT_MAX_MS;

	SET(h, CURLOPT_ERRORBUFFER, why);
	SET(h, CURLOPT_NOSIGNAL, 1L);
	SET(h, CURLOPT_URL, url); /* verbatim: the port is never normalised away */
	SET(h, CURLOPT_PROTOCOLS_STR, proto);
	SET(h, CURLOPT_REDIR_PROTOCOLS_STR, proto);
	SET(h, CURLOPT_FOLLOWLOCATION, 0L);
	SET(h, CURLOPT_MAXREDIRS, 0L);
	/* libcurl reads https_proxy/all_proxy from the environment unless told "" (no proxy). */
	SET(h, CURLOPT_PROXY, o->proxy ? o->proxy : "");
	if (o->ca_bundle)
		SET(h, CURLOPT_CAINFO, o->ca_bundle);
	SET(h, CURLOPT_SSL_VERIFYPEER, 1L);
	SET(h, CURLOPT_SSL_VERIFYHOST, 2L);
	SET(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2); /* RFC 9325 3.1.1 */
	SET(h, CURLOPT_CONNECTTIMEOUT_MS, (long)connect);
	SET(h, CURLOPT_TIMEOUT_MS, (long)(left > LONG_MAX ? LONG_MAX : left));
	SET(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)out->body.max);
	SET(h, CURLOPT_WRITEFUNCTION, on_body);
	SET(h, CURLOPT_WRITEDATA, out);
	SET(h, CURLOPT_HEADERFUNCTION, on_header);
	SET(h, CURLOPT_HEADERDATA, out);
	return true;
}

/* Name mapping, headers, and the method with its body; the caller frees both lists. */
static bool set_request(CURL *h, const struct http_opts *o, const char *method, const uint8_t *body,
			size_t len, struct curl_slist **resolve, struct curl_slist **hdrs,
			struct err *e)
{
	struct curl_slist *l;

	if (o->resolve) {
		*resolve = curl_slist_append(NULL, o->resolve);
		if (!*resolve)
			return err_fail(e, R_IO_HTTP_SETUP_FAILED, ERR_NO_OFFSET, "out of memory");
		SET(h, CURLOPT_RESOLVE, *resolve);
	}
	/* An empty "Expect:" stops libcurl's 100-continue wait before the body. */
	*hdrs = curl_slist_append(*hdrs, "Expect:");
	if (*hdrs && body)
		*hdrs = (l = curl_slist_append(*hdrs, "Content-Type: application/json")) ? l : NULL;
	for (size_t i = 0; *hdrs && i < HTTP_MAX_HEADERS && o->headers[i]; i++)
		*hdrs = (l = curl_slist_append(*hdrs, o->headers[i])) ? l : NULL;
	if (!*hdrs)
		return err_fail(e, R_IO_HTTP_SETUP_FAILED, ERR_NO_OFFSET, "out of memory");
	SET(h, CURLOPT_HTTPHEADER, *hdrs);
	if (strcmp(method, "POST") == 0) {
		/* A known size: libcurl sends Content-Length, never chunked encoding. */
		SET(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
		SET(h, CURLOPT_POSTFIELDS, body ? (const char *)body : "");
		return true;
	}
	if (strcmp(method, "GET") == 0 && !body) {
		SET(h, CURLOPT_HTTPGET, 1L);
		return true;
	}
	return err_fail(e, R_IO_HTTP_SETUP_FAILED, ERR_NO_OFFSET, "method %s", method);
}

bool http_request(const struct http_opts *o, const char *method, const char *url,
		  const uint8_t *body, size_t len, struct http_response *out,
		  enum http_attempt_result *result, struct err *e)
{
	char why[CURL_ERROR_SIZE] = "";
	struct curl_slist *hdrs = NULL, *resolve = NULL;
	const char *proto;
	uint64_t left = 0;
	CURL *h = NULL;
	CURLcode rc;
	bool ok = false;

	*result = HTTP_ATTEMPT_FATAL;
	response_reset(out);
	/* The caller's smaller cap (an AIA certificate), never a larger one. */
	out->body.max = o->body_max && o->body_max < HTTP_BODY_MAX ? o->body_max : HTTP_BODY_MAX;
	proto = request_preflight(o, url, &left, result, e);
	if (!proto)
		return false;
	h = curl_easy_init();
	if (!h)
		return err_fail(e, R_IO_HTTP_SETUP_FAILED, ERR_NO_OFFSET, "curl_easy_init");
	if (!set_transport(h, o, url, proto, left, why, out, e) ||
	    !set_request(h, o, method, body, len, &resolve, &hdrs, e))
		goto out;
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
	if (rc != CURLE_OK) {
		transfer_failed(rc, out, why, result, e);
		goto out;
	}
	if (out->status < 100 || out->status > 599) {
		err_fail(e, R_IO_HTTP_PROTOCOL, ERR_NO_OFFSET, "status %ld", out->status);
		goto out;
	}
	*result = HTTP_ATTEMPT_STATUS;
	ok = true;
out:
	curl_slist_free_all(hdrs);
	curl_slist_free_all(resolve);
	curl_easy_cleanup(h);
	return ok;
}
#undef SET

static void sleep_ms(uint64_t ms)
{
	struct timespec ts = {.tv_sec = (time_t)(ms / 1000u),
			      .tv_nsec = (long)(ms % 1000u) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* The final answer's status as a failure, with the error body summarised (maa_error). */
static bool status_failed(const struct http_response *r, struct err *e)
{
	char summary[MAA_ERROR_SUMMARY_MAX];

	maa_error_summary(r->body.data, r->body.len, summary, sizeof(summary));
	if (r->status >= 300 && r->status <= 399)
		return err_fail(e, R_IO_HTTP_REDIRECT_REFUSED, ERR_NO_OFFSET, "HTTP %ld: %s",
				r->status, summary);
	return err_fail(e, R_IO_HTTP_STATUS, ERR_NO_OFFSET, "HTTP %ld: %s", r->status, summary);
}

bool http_exchange(const struct http_opts *o, const char *method, const char *url,
		   const uint8_t *body, size_t len, struct http_response *out, unsigned *attempts,
		   struct err *e)
{
	struct http_retry_in in = {0};
	enum http_retry_verdict v;
	uint64_t delay;
	struct err last;

	for (in.attempt = 1;; in.attempt++) {
		if (attempts)
			*attempts = in.attempt;
		err_clear(&last);
		if (!http_request(o, method, url, body, len, out, &in.result, &last) &&
		    in.result == HTTP_ATTEMPT_FATAL) {
			*e = last;
			return false;
		}
		if (in.result == HTTP_ATTEMPT_STATUS && !(out->status >= 200 && out->status <= 299))
			status_failed(out, &last);
		in.status = out->status;
		in.retry_after = out->has_retry_after ? out->retry_after : NULL;
		in.retry_after_len = out->retry_after_len;
		in.now_unix = (uint64_t)time(NULL);
		in.now_ms = http_clock_ms();
		in.deadline_ms = o->deadline_ms;
		if (!rng_bytes(&in.random, sizeof(in.random), e))
			return false;
		v = http_retry_decide(&in, &delay);
		if (v == HTTP_RETRY_SUCCESS)
			return true;
		if (v == HTTP_RETRY_FINAL) {
			*e = last;
			return false;
		}
		if (v == HTTP_RETRY_EXHAUSTED) {
			char inner[sizeof(last.detail)];
			/* The last failure, as the detail of the unavailability. */
			err_format(&last, inner, sizeof(inner));
			return err_fail(e,
					last.id == R_IO_HTTP_TIMEOUT ? R_IO_HTTP_TIMEOUT
								     : R_IO_HTTP_UNAVAILABLE,
					ERR_NO_OFFSET, "after %u attempt%s: %s", in.attempt,
					in.attempt == 1 ? "" : "s",
					inner + (strncmp(inner, "attest-init: ", 13) ? 0 : 13));
		}
		sleep_ms(delay);
	}
}
