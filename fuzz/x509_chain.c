/*
 * libFuzzer harness: ak_cert_verify() (src/attest/ak_cert.c: DN extraction, chain building,
 * BearSSL's X.509 minimal engine, key match) and pem_decode_all(). Input: a 2-byte big-endian
 * length L, then L bytes of AK certificate DER, then the PEM (or anything) bundle text.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "attest/ak_cert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pem_obj objs[PEM_MAX_OBJECTS];
	static struct rsa_pub ak;
	size_t l, n = 0;
	struct err e;

	if (ak.nlen == 0) {
		uint8_t m[256];
		memset(m, 0xc3, sizeof(m));
		rsa_pub_set(&ak, m, sizeof(m), (const uint8_t *)"\x01\x00\x01", 3, NULL);
	}
	if (size < 2)
		return 0;
	l = (size_t)data[0] << 8 | data[1];
	if (l > size - 2)
		l = size - 2;
	ak_cert_is_placeholder(data + 2, l);
	if (pem_decode_all(data + 2 + l, size - 2 - l, objs, PEM_MAX_OBJECTS, &n, &e)) {
		/* 2026-01-01: inside the seed certificates' validity. */
		ak_cert_verify(data + 2, l, objs, n, 1767225600ull, &ak, &e);
		pem_free_all(objs, n);
	}
	return 0;
}
