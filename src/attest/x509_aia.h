/*
 * x509_aia: the caIssuers URL of a certificate's Authority Information Access extension
 * (RFC 5280 4.2.2.1), for fetching a missing AK-chain intermediate (ATTEST_AK_AIA). Pure: a
 * strict DER walk (attest/der.h) of Certificate -> TBSCertificate -> [3] extensions
 * (RFC 5280 4.1, 4.1.2.9) -> id-pe-authorityInfoAccess -> AccessDescription entries.
 *
 * Result: the first id-ad-caIssuers accessLocation that is a uniformResourceIdentifier with
 * an http:// or https:// scheme (RFC 5280: "at least one ... SHOULD specify ... an HTTP or
 * LDAP URI"; LDAP and other names are skipped). No such entry, or no AIA extension, is not
 * an error: found is false (Azure's newer AK certificates carry none).
 * Refused (layer "attest"):
 *   aia_malformed    the certificate, its extensions or the AIA value are not the DER the
 *                    RFC 5280 ASN.1 describes; two AIA extensions (RFC 5280 4.2: at most one
 *                    instance of an extension); an empty AccessDescription list (SIZE 1..MAX)
 *   aia_url_invalid  a caIssuers URI that is empty, over X509_AIA_URL_MAX, or holds a byte
 *                    outside printable ASCII 0x21-0x7e (RFC 3986 2: URIs are ASCII, no spaces)
 * It does not check signatures or trust: what is fetched must still chain to a pinned root
 * (ak_cert_verify).
 */
#ifndef ATTEST_ATTEST_X509_AIA_H
#define ATTEST_ATTEST_X509_AIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Real caIssuers URLs are about 100 bytes. */
#define X509_AIA_URL_MAX 1024u

struct x509_aia {
	bool found;
	char url[X509_AIA_URL_MAX + 1]; /* NUL-terminated when found */
};

bool x509_aia_ca_issuers(const uint8_t *der, size_t len, struct x509_aia *out, struct err *e);

#endif
