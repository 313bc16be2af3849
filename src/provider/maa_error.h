/*
 * maa_error: a provider error body -> one bounded line for the error message. Pure.
 *
 * Shapes (docs/maa-azureguest.md 3.1, [MS-CPP] getErrorMessage): {"error":{"code","message"}}
 * and {"Error":{"Code","Message"}} (either spelling of the inner names is taken in either
 * wrapper; a code or message that is a number is taken as written). The line is
 * "CODE: MESSAGE" (or either alone); anything else gives "unrecognised body (N bytes): PREFIX".
 * Every byte outside printable ASCII and the backslash are escaped (\xNN, \\), so a hostile
 * body cannot forge log lines or terminal sequences; the line is cut at cap - 1 bytes with
 * "..." and always NUL-terminated.
 */
#ifndef ATTEST_PROVIDER_MAA_ERROR_H
#define ATTEST_PROVIDER_MAA_ERROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Error bodies are small; longer ones are not parsed (only their prefix is shown). */
#define MAA_ERROR_MAX_BODY ((size_t)64 * 1024)
/* A summary fits the detail of struct err (160) with room for the status. */
#define MAA_ERROR_SUMMARY_MAX 128u
/* Bytes of an unrecognised body shown. */
#define MAA_ERROR_PREFIX 48u

/* True when the body had the error shape; out (cap >= 8) is filled either way. */
bool maa_error_summary(const uint8_t *body, size_t n, char *out, size_t cap);

#endif
