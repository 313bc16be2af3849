/*
 * err_relabel: moves an error from an inner layer (json, base64) to the layer
 * that reports it (jwt, jwks), so a command prints one consistent
 * "attest-init: <layer>: <reason>" line. The inner layer, reason and offset
 * (which is relative to the inner input, e.g. the decoded JWS payload) are
 * kept in the detail, after a context word: "payload: json syntax at offset 3: ...".
 */
#ifndef ATTEST_JOSE_ERR_RELABEL_H
#define ATTEST_JOSE_ERR_RELABEL_H

#include <stdbool.h>

#include "core/err.h"

/* Always returns false. reason NULL keeps the inner reason. */
bool jose_relabel(struct err *e, const char *layer, const char *reason, const char *context);

#endif
