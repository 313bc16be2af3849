/*
 * pem: PEM (RFC 7468) objects out of a text, decoded by BearSSL's PEM
 * decoder into bounded heap buffers. Text outside BEGIN/END lines (bundle
 * comments) is ignored, as BearSSL does; a malformed object is an error.
 */
#ifndef ATTEST_ATTEST_PEM_H
#define ATTEST_ATTEST_PEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

/* 64 KiB per object: the largest certificates seen in the wild are ~10 KiB. */
#define PEM_MAX_DER ((size_t)64 * 1024)
/* 64 objects per bundle: a vTPM CA bundle holds a handful of roots and intermediates. */
#define PEM_MAX_OBJECTS 64
/* 1 MiB of PEM text. */
#define PEM_MAX_TEXT (1u << 20)

struct pem_obj {
	char name[128]; /* "CERTIFICATE", "PUBLIC KEY", ... (BearSSL keeps at most 127 chars) */
	uint8_t *der;
	size_t len;
};

/* Decodes every object (at most max); *n gets the count. On failure nothing is left to free. */
bool pem_decode_all(const uint8_t *text, size_t len, struct pem_obj *out, size_t max, size_t *n,
		    struct err *e);
void pem_free_all(struct pem_obj *objs, size_t n);

/* Appends one object (banner e.g. "CERTIFICATE") as RFC 7468 text, 64-character lines, LF line
 * ends; false when der is empty or over PEM_MAX_DER, or out is full (its sticky failure). */
bool pem_encode(const char *banner, const uint8_t *der, size_t len, struct buf *out);

#endif
