/*
 * ak_aia: AK-chain intermediates from the certificates' Authority Information Access
 * caIssuers URLs (RFC 5280 4.2.2.1), when ATTEST_AK_AIA is on. Azure's AK certificates on
 * some fleets name their issuer only there (leaf <- "Azure Cloud Virtual TPM CA - 11" <-
 * "Azure Cloud Virtual TPM CA 2025" <- the pinned 2023 root; ../shared azure-vtpm-ca README).
 *
 * What is fetched is data, never trust: the caller appends the PEM to the intermediates it
 * passes to ak_cert_verify(), and the chain must still end at a pinned root. Because
 * ak_cert_verify() takes every self-issued certificate of its bundle as an anchor, a fetched
 * self-issued certificate is refused here (aia_self_issued), never returned.
 *
 * Each fetch: the URL's scheme is http or https and its host is on the allow-list (exact,
 * case-insensitive; default AK_AIA_DEFAULT_HOSTS, Microsoft's PKI hosts for vTPM/AIK
 * certificates) -> GET through shell/http.h (HTTP_TARGET_METADATA: no redirects, no proxy,
 * https verified against ca_bundle), answer capped at AK_AIA_MAX_CERT, at most
 * AK_AIA_TIMEOUT_MS and never past the deadline -> one DER certificate (or one PEM
 * CERTIFICATE) whose subject is the issuer DN of the certificate that named the URL.
 * Errors (layer "io"): aia_host_not_allowed, aia_not_certificate, aia_self_issued,
 * aia_wrong_issuer, aia_chain_too_long, http_* (shell/http.h); attest/aia_* (x509_aia.h).
 */
#ifndef ATTEST_SHELL_AK_AIA_H
#define ATTEST_SHELL_AK_AIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attest/pem.h"
#include "core/buf.h"
#include "core/err.h"

/* Real intermediates are 1.5-2 KiB (DER). */
#define AK_AIA_MAX_CERT ((size_t)16 * 1024)
/* One fetch: Microsoft's PKI hosts answer in well under a second. */
#define AK_AIA_TIMEOUT_MS 10000u
/* Intermediates fetched per chain: the deepest known Azure chain has two (README above). */
#define AK_AIA_MAX_FETCHES 3u
/*
 * Default allow-list: the plain-http certificate hosts Microsoft lists for AIK/vTPM
 * certificate chains (www.microsoft.com/pkiops serves the vTPM CAs, e.g. CA - 03's own AIA;
 * azcsprodeusaikpublish.blob.core.windows.net publishes AIK issuers). Wildcard entries of
 * that list (*.aikcertaia.microsoft.com, *.microsoftaik.azure.net) are not matched: name
 * such hosts exactly in the configured list.
 */
#define AK_AIA_DEFAULT_HOSTS                                                                       \
	{                                                                                          \
		"www.microsoft.com", "azcsprodeusaikpublish.blob.core.windows.net"                 \
	}

struct ak_aia_opts {
	const char *const *hosts; /* the allow-list; NULL: AK_AIA_DEFAULT_HOSTS */
	size_t n_hosts;
	const char *ca_bundle; /* for https caIssuers URLs (ATTEST_CA_BUNDLE); may be NULL */
	const char *resolve;   /* ATTEST_RESOLVE or NULL */
	uint64_t deadline_ms;  /* the run's absolute deadline, http_clock_ms() scale */
};

/*
 * The issuer of cert (DER) from its caIssuers URL, appended to pem_out as one PEM
 * CERTIFICATE. *fetched is false (and true returned) when cert has no http(s) caIssuers URL.
 */
bool ak_aia_fetch_issuer(const uint8_t *cert, size_t len, const struct ak_aia_opts *o,
			 struct buf *pem_out, bool *fetched, struct err *e);

/*
 * From the AK leaf upwards: while the current certificate's issuer is not the subject of a
 * certificate in known (the pinned roots and the configured intermediates), fetch it by AIA.
 * Stops at a known issuer or a certificate without an AIA URL (ak_cert_verify then decides);
 * more than AK_AIA_MAX_FETCHES fetches is aia_chain_too_long. Every fetched certificate is
 * appended to pem_out (PEM); *n_fetched counts them.
 */
bool ak_aia_fetch_chain(const uint8_t *leaf, size_t len, const struct pem_obj *known,
			size_t n_known, const struct ak_aia_opts *o, struct buf *pem_out,
			size_t *n_fetched, struct err *e);

#endif
