/*
 * ak_cert: the AK certificate check of step 2 (DESIGN.md), pure, on BearSSL's
 * X.509 "minimal" engine:
 *
 *   1. placeholder: an issuer containing "MICROSOFT AZURE TRUSTED VM RSA" (any
 *      case) is Azure's "AK certificate not yet provisioned" stand-in
 *      (docs/maa-azureguest.md 1 step 2, 7.4)            -> ak_cert_placeholder
 *   2. chain: leaf, then intermediates picked from the bundle by issuer DN
 *      (raw DER equality, at most AK_CHAIN_MAX), validated by BearSSL against
 *      the bundle's self-issued certificates as trust anchors, at `now`
 *      (RFC 5280 6.1; BearSSL checks signatures (RSA/ECDSA, SHA-256/384/512
 *      only; SHA-1 is refused), validity, basicConstraints, key usage,
 *      critical extensions)     -> ak_cert_expired / ak_cert_untrusted / ak_cert_invalid
 *   3. key: the leaf's public key equals the AK (modulus and exponent)
 *                                                          -> ak_cert_key_mismatch
 *   RSA keys of the chain under 2048 bits                   -> ak_cert_weak_key
 *   now_unix after AK_CERT_MAX_NOW                          -> ak_cert_bad_time (usage)
 * Limits (BearSSL minimal engine): no revocation (CRL/OCSP), no name
 * constraints, no policy processing; intermediates are found by DN only.
 */
#ifndef ATTEST_ATTEST_AK_CERT_H
#define ATTEST_ATTEST_AK_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attest/pem.h"
#include "attest/rsa_pub.h"
#include "core/err.h"

/* Chain depth cap: leaf + 6 intermediates; Azure's chains have 1-2 intermediates. */
#define AK_CHAIN_MAX 8
/* Latest accepted verification time, 9999-12-31T23:59:59Z (the last X.509 GeneralizedTime,
 * RFC 5280 4.1.2.5): BearSSL's day count (days since year 0, uint32) cannot wrap below it. */
#define AK_CERT_MAX_NOW 253402300799ull
/* RSA keys in the chain: at least 2048 bits (BearSSL's default minimum is 1017 bits). */
#define AK_CERT_MIN_RSA_BYTES 256
/* Certificate size cap (DER): real AK certificates are ~1.5 KiB. */
#define AK_CERT_MAX_DER ((size_t)16 * 1024)

/* The raw issuer and subject DNs (DER, with their SEQUENCE header) of a certificate. */
bool x509_dns(const uint8_t *der, size_t len, const uint8_t **issuer, size_t *ilen,
	      const uint8_t **subject, size_t *slen);

bool ak_cert_is_placeholder(const uint8_t *der, size_t len);

/* roots: the decoded PEM bundle (CERTIFICATE objects; others ignored). */
bool ak_cert_verify(const uint8_t *der, size_t len, const struct pem_obj *roots, size_t nroots,
		    uint64_t now_unix, const struct rsa_pub *ak, struct err *e);

#endif
