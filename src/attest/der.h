/*
 * der: a minimal strict DER (ITU-T X.690 section 10) TLV reader over the
 * project cursor, for the few places that must look inside X.509 and
 * SubjectPublicKeyInfo structures that BearSSL does not expose (issuer and
 * subject DN bytes, a bare RSA public key, the DER length of a zero-padded
 * NV certificate). It checks structure only; signatures are BearSSL's job.
 *
 * Limits: single-byte tags only (no high tag numbers), definite lengths only,
 * minimal length encoding (X.690 10.1), lengths up to DER_MAX_LEN.
 */
#ifndef ATTEST_ATTEST_DER_H
#define ATTEST_ATTEST_DER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cursor.h"

/* 16 MiB: far above any certificate or key this program reads (NV areas are <= 4 KiB). */
#define DER_MAX_LEN ((size_t)16 * 1024 * 1024)

#define DER_INTEGER    0x02
#define DER_BIT_STRING 0x03
#define DER_NULL       0x05
#define DER_OID	       0x06
#define DER_SEQUENCE   0x30
#define DER_SET	       0x31
#define DER_CTX0       0xa0 /* [0] constructed (explicit) */

/* Reads one TLV with the given tag; *content is its value. Advances only on success. */
bool der_expect(struct cursor *c, uint8_t tag, struct cursor *content);
/* Reads any TLV: its tag, its value, and (raw) the whole TLV including the header. */
bool der_any(struct cursor *c, uint8_t *tag, struct cursor *content, struct cursor *raw);
/* Total size (header + value) of the TLV at p, or 0 when the header is malformed or longer than n.
 */
size_t der_tlv_size(const uint8_t *p, size_t n);
/* An unsigned INTEGER's magnitude without leading zero bytes (positive only, X.690 8.3). */
bool der_uint(struct cursor *c, const uint8_t **p, size_t *n);
/* X.509 (RFC 5280 4.1): Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version
 * OPTIONAL, serialNumber INTEGER, signature, issuer, ... }, ... } filling all of der. On success
 * *serial is the serialNumber's value and *tbs is left at the field after it (signature). */
bool der_x509_tbs(const uint8_t *der, size_t len, struct cursor *tbs, struct cursor *serial);

#endif
