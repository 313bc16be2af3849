/*
 * http_resolve: checks an ATTEST_RESOLVE value before it reaches libcurl's CURLOPT_RESOLVE,
 * which skips entries it cannot parse and would then resolve the name through DNS. Pure.
 *
 * Exactly one entry HOST:PORT:ADDRESS (at most HTTP_RESOLVE_MAX bytes):
 *   HOST    a DNS name: labels of letters, digits and '-' (not at either end), 1-63 bytes
 *           each, separated by single dots, 1-253 bytes in all (RFC 1123 2.1)
 *   PORT    1-65535, decimal, no sign or leading zero
 *   ADDRESS dotted-quad IPv4 (four decimal 0-255, no leading zeros), or an IPv6 address in
 *           brackets (hex digits, ':' and '.' only, 2-45 bytes; libcurl parses it further)
 * libcurl's other forms ("+" for a deferred entry, "-" to remove one, several addresses) are
 * refused. Errors: layer "io", http_resolve_invalid (class usage, exit 2).
 */
#ifndef ATTEST_SHELL_HTTP_RESOLVE_H
#define ATTEST_SHELL_HTTP_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define HTTP_RESOLVE_MAX 320u

bool http_resolve_check(const char *v, size_t n, struct err *e);

#endif
