/*
 * jwt_claims: the registered-claim checks of RFC 7519 section 4.1 on an
 * already verified payload, against a caller-given time (the core never
 * reads the clock).
 *
 *   exp (4.1.4): required; a NumericDate; rejected when now - skew >= exp.
 *   nbf (4.1.5): optional; rejected when now + skew < nbf.
 *   iat (4.1.6): optional; must be a NumericDate; rejected when it lies more
 *                than the skew in the future (a token from the future is a
 *                clock or forgery problem either way).
 *   iss (4.1.1): when an issuer is expected, must be a string equal to it,
 *                byte for byte after JSON decoding (an escaped NUL or any
 *                other difference fails).
 * NumericDate (section 2) is accepted in integer form only: a fraction or
 * exponent is refused rather than rounded (MAA writes integers).
 *
 * Errors: layer "jose"; reasons exp_missing, bad_numeric_date, expired,
 * not_yet_valid, issued_in_future, issuer_missing, issuer_mismatch;
 * bad_time and max_skew_too_large (class ERR_USAGE) for bad arguments.
 */
#ifndef ATTEST_JOSE_JWT_CLAIMS_H
#define ATTEST_JOSE_JWT_CLAIMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "json/json_read.h"

#define JWT_DEFAULT_SKEW 60u  /* seconds; DESIGN.md ATTEST_MAX_SKEW default */
#define JWT_MAX_SKEW	 300u /* seconds; DESIGN.md: the skew is at most 300 */
/* now must leave room for now + skew: 0 <= now <= JWT_MAX_NOW. */
#define JWT_MAX_NOW (INT64_MAX - (int64_t)JWT_MAX_SKEW)

struct jwt_expect {
	const char *issuer; /* NULL: any issuer (iss not checked) */
	size_t issuer_len;
	int64_t now;	   /* Unix seconds */
	uint32_t max_skew; /* seconds, <= JWT_MAX_SKEW */
};

bool jwt_check_claims(const struct json_doc *claims, const struct jwt_expect *x, struct err *e);

#endif
