/*
 * x509_names: an X.509 certificate's serial number and its issuer and subject names as text,
 * for the audit trail (identifiers an auditor reads, docs/audit.md). Pure; structure checks
 * only (RFC 5280 4.1), nothing here is a trust decision.
 *
 * A name (RFC 5280 4.1.2.4: SEQUENCE OF SET OF AttributeTypeAndValue) is written in
 * certificate order as "C=US, O=Example, CN=leaf": the attribute types of RFC 4519 by their
 * short names (CN, C, L, ST, O, OU, serialNumber; emailAddress of PKCS #9), others as dotted
 * OIDs; values of any string type as their bytes, with every byte outside printable ASCII and
 * the backslash escaped as \xNN (a certificate cannot forge log lines). Text longer than the
 * output is cut with "..."; the output is always NUL-terminated.
 */
#ifndef ATTEST_ATTEST_X509_NAMES_H
#define ATTEST_ATTEST_X509_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Serial numbers are at most 20 octets (RFC 5280 4.1.2.2); a few CAs exceed it slightly. */
#define X509_SERIAL_MAX	   32
#define X509_NAME_TEXT_MAX 256

struct x509_names {
	char serial[2 * X509_SERIAL_MAX + 1]; /* lowercase hex of the INTEGER's content octets */
	char issuer[X509_NAME_TEXT_MAX];
	char subject[X509_NAME_TEXT_MAX];
};

/* False (out zeroed) when der is not one certificate with well-formed names. */
bool x509_names_read(const uint8_t *der, size_t len, struct x509_names *out);

#endif
