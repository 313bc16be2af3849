/*
 * libFuzzer harness: rsa_pub_from_pem() and rsa_pub_from_spki() (src/attest/rsa_pub.c, the
 * --ak-pub reader: pem_decode_all() in src/attest/pem.c, then the SubjectPublicKeyInfo walk
 * with der_expect() / der_uint() in src/attest/der.c) and der_tlv_size(). The whole input is
 * tried as PEM text and as DER.
 *
 * Properties: an accepted key has at least RSA_PUB_MIN_BITS bits, an odd modulus and an odd
 * exponent >= 3, equals itself and has the same BearSSL view; der_tlv_size() never exceeds the
 * input.
 */
#include <stddef.h>
#include <stdint.h>

#include "attest/der.h"
#include "attest/rsa_pub.h"

static void check_key(const struct rsa_pub *k)
{
	br_rsa_public_key b;

	rsa_pub_br(k, &b);
	if (b.n != k->n || b.nlen != k->nlen || b.e != k->e || b.elen != k->elen ||
	    rsa_pub_bits(k) < RSA_PUB_MIN_BITS || k->nlen > RSA_PUB_MAX_N ||
	    k->elen > RSA_PUB_MAX_E || k->elen == 0 || !(k->n[k->nlen - 1] & 1) ||
	    !(k->e[k->elen - 1] & 1) || !rsa_pub_equal(k, k))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rsa_pub k;
	struct err e;

	if (rsa_pub_from_pem(&k, data, size, &e))
		check_key(&k);
	if (rsa_pub_from_spki(&k, data, size, &e))
		check_key(&k);
	if (der_tlv_size(data, size) > size)
		__builtin_trap();
	return 0;
}
