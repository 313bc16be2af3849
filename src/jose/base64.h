/*
 * base64: strict RFC 4648 decoders and encoders.
 *
 * BASE64_STD (RFC 4648 section 4): alphabet A-Z a-z 0-9 + /, padded to a
 * multiple of 4 with '='. Used for X.509 certificates in JWKS "x5c" (RFC 7517
 * section 4.7) and the provider's base64 fields.
 * BASE64_URL (RFC 4648 section 5) without padding, as JWS requires (RFC 7515
 * section 2 "Base64url Encoding": trailing '=' omitted; no line breaks,
 * whitespace or other characters).
 *
 * Decoding is strict for both: any character outside the alphabet (including
 * whitespace and line breaks) is an error; STD needs exactly the canonical
 * padding; URL rejects '=' anywhere and a length of 1 mod 4; the unused low
 * bits of the last character must be zero (RFC 4648 section 3.5), so every
 * byte string has exactly one accepted encoding.
 *
 * Errors: layer "jose", reasons bad_character, bad_length, bad_padding,
 * noncanonical, too_large (the output does not fit outcap). The offset is
 * the index of the offending input character.
 */
#ifndef ATTEST_JOSE_BASE64_H
#define ATTEST_JOSE_BASE64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

enum base64_variant {
	BASE64_STD, /* RFC 4648 section 4, padded */
	BASE64_URL, /* RFC 4648 section 5, unpadded (RFC 7515 section 2) */
};

/* Upper bound of the decoded size of inlen characters (never less than the truth). */
size_t base64_decoded_max(size_t inlen);

/* Decodes in[0..inlen) into out[0..outcap); *outlen gets the decoded size. */
bool base64_decode(enum base64_variant v, const char *in, size_t inlen, uint8_t *out, size_t outcap,
		   size_t *outlen, struct err *e);

/* Appends the encoding of in[0..n) to out (false when the buffer's max is hit). */
bool base64_encode(enum base64_variant v, const uint8_t *in, size_t n, struct buf *out);

#endif
