/*
 * thim_fetch: the VCEK certificate chain of an SEV-SNP node from Azure IMDS's THIM endpoint
 * (docs/maa-azureguest.md 1 step 5; ATTEST_THIM_URL, default THIM_DEFAULT_URL):
 * GET with the header "Metadata: true" (IMDS answers 400 without it), plain http, through the
 * one HTTP edge (shell/http.h, HTTP_TARGET_METADATA: no proxy, no redirects, retries on
 * 5xx/429/connection failures), then provider/thim.h's parser.
 *
 * Only plain http to the link-local IMDS address 169.254.169.254, or to loopback
 * (127.0.0.1, localhost: tests, a node-local relay) is allowed; anything else is refused
 * before any connection (io/http_url_refused). The fetch gets at most THIM_FETCH_TIMEOUT_MS,
 * and never past the caller's deadline. The answer is capped at THIM_MAX_BODY.
 * Errors: io/http_* (shell/http.h: transient exit 3 when IMDS stays unavailable), provider/thim_*.
 */
#ifndef ATTEST_SHELL_THIM_FETCH_H
#define ATTEST_SHELL_THIM_FETCH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

#define THIM_DEFAULT_URL "http://169.254.169.254/metadata/THIM/amd/certification"
/* IMDS is node-local: a few retries fit in 5 s (Microsoft's client uses a short timeout too). */
#define THIM_FETCH_TIMEOUT_MS 5000u

/*
 * url: ATTEST_THIM_URL; resolve: ATTEST_RESOLVE or NULL; deadline_ms: the run's absolute
 * deadline (http_clock_ms() scale). chain_pem gets the VCEK then ASK and ARK as PEM (the form
 * maa_request_in.vcek_chain takes); its max must allow MAA_VCEK_CHAIN_MAX.
 */
bool thim_fetch(const char *url, const char *resolve, uint64_t deadline_ms, struct buf *chain_pem,
		struct err *e);

#endif
