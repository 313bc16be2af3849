/*
 * libFuzzer harness: ak_cert_verify() (src/attest/ak_cert.c: DN extraction, chain building,
 * BearSSL's X.509 minimal engine, key match), ak_cert_is_placeholder() and pem_decode_all()
 * (src/attest/pem.c). Input: a 2-byte big-endian word W, then L = W & 0x7fff bytes of AK
 * certificate DER, then the PEM (or anything) bundle text. Bit 15 of W selects the expected
 * AK: set, the leaf's own RSA key as BearSSL's decoder reads it (so a trusted chain can pass the
 * key match); clear (or no RSA key in the leaf), a fixed 2048-bit key no certificate holds.
 *
 * Properties: a root count over PEM_MAX_OBJECTS is a usage error; a placeholder leaf is refused
 * as such whatever the bundle.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <bearssl_x509.h>

#include "attest/ak_cert.h"

/* The leaf's RSA key into k (false when BearSSL finds none). */
static bool leaf_key(const uint8_t *der, size_t len, struct rsa_pub *k)
{
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;

	br_x509_decoder_init(&dc, NULL, NULL);
	br_x509_decoder_push(&dc, der, len);
	pk = br_x509_decoder_get_pkey(&dc);
	return pk && pk->key_type == BR_KEYTYPE_RSA &&
	       rsa_pub_set(k, pk->key.rsa.n, pk->key.rsa.nlen, pk->key.rsa.e, pk->key.rsa.elen,
			   NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pem_obj objs[PEM_MAX_OBJECTS + 1];
	static struct rsa_pub fixed, own;
	const struct rsa_pub *ak = &fixed;
	const uint8_t *der, *is, *su;
	size_t l, n = 0, il, sl;
	bool placeholder, ok;
	struct err e;

	if (fixed.nlen == 0) {
		uint8_t m[256];
		memset(m, 0xc3, sizeof(m));
		rsa_pub_set(&fixed, m, sizeof(m), (const uint8_t *)"\x01\x00\x01", 3, NULL);
	}
	if (size < 2)
		return 0;
	l = ((size_t)data[0] & 0x7f) << 8 | data[1];
	if (l > size - 2)
		l = size - 2;
	der = data + 2;
	if ((data[0] & 0x80) && leaf_key(der, l, &own))
		ak = &own;
	placeholder = ak_cert_is_placeholder(der, l);
	/* Too many roots: refused before any root is read (objs[] is not touched). */
	err_clear(&e);
	if (!placeholder && l <= AK_CERT_MAX_DER && x509_dns(der, l, &is, &il, &su, &sl) &&
	    (ak_cert_verify(der, l, objs, PEM_MAX_OBJECTS + 1, 0, ak, &e) ||
	     strcmp(e.reason, "ak_roots_too_many") != 0))
		__builtin_trap();
	if (pem_decode_all(der + l, size - 2 - l, objs, PEM_MAX_OBJECTS, &n, &e)) {
		/* 2026-01-01: inside the seed certificates' validity. */
		err_clear(&e);
		ok = ak_cert_verify(der, l, objs, n, 1767225600ull, ak, &e);
		if (placeholder && (ok || strcmp(e.reason, "ak_cert_placeholder") != 0))
			__builtin_trap();
		pem_free_all(objs, n);
	}
	return 0;
}
