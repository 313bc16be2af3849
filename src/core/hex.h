/* hex: lowercase hex encoding and strict decoding (even length, [0-9a-fA-F] only). */
#ifndef ATTEST_CORE_HEX_H
#define ATTEST_CORE_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The value of one hex digit [0-9a-fA-F], or -1. */
int hex_digit_value(int c);
/* Writes 2n chars, no NUL, into out (size >= 2n). */
void hex_encode_raw(const uint8_t *in, size_t n, char *out);
/* Writes 2n chars plus NUL into out (size >= 2n+1). */
void hex_encode(const uint8_t *in, size_t n, char *out);
/* Decodes exactly len chars; fails on odd length, bad digits or len/2 > cap. */
bool hex_decode(const char *in, size_t len, uint8_t *out, size_t cap, size_t *out_len);

#endif
