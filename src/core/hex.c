#include "core/hex.h"

#include <string.h>

/* The two digits of every byte value: one table read per byte instead of two (hex of digests
 * and event data is most of the output of a large event log). */
static const char hex_pairs[2 * 256 + 1] = "000102030405060708090a0b0c0d0e0f"
					   "101112131415161718191a1b1c1d1e1f"
					   "202122232425262728292a2b2c2d2e2f"
					   "303132333435363738393a3b3c3d3e3f"
					   "404142434445464748494a4b4c4d4e4f"
					   "505152535455565758595a5b5c5d5e5f"
					   "606162636465666768696a6b6c6d6e6f"
					   "707172737475767778797a7b7c7d7e7f"
					   "808182838485868788898a8b8c8d8e8f"
					   "909192939495969798999a9b9c9d9e9f"
					   "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
					   "b0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
					   "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
					   "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
					   "e0e1e2e3e4e5e6e7e8e9eaebecedeeef"
					   "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

void hex_encode_raw(const uint8_t *in, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		memcpy(out + 2 * i, hex_pairs + (size_t)2 * in[i], 2);
}

void hex_encode(const uint8_t *in, size_t n, char *out)
{
	hex_encode_raw(in, n, out);
	out[2 * n] = '\0';
}

int hex_digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool hex_decode(const char *in, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
	if (len % 2 != 0 || len / 2 > cap)
		return false;
	for (size_t i = 0; i < len / 2; i++) {
		int hi = hex_digit_value((unsigned char)in[2 * i]);
		int lo = hex_digit_value((unsigned char)in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*out_len = len / 2;
	return true;
}
