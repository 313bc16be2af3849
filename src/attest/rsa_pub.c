#include "attest/rsa_pub.h"

#include <string.h>

#include <bearssl_pem.h>

#include "attest/der.h"
#include "attest/pem.h"

/* rsaEncryption, 1.2.840.113549.1.1.1 (RFC 8017 A.1). */
static const uint8_t oid_rsa[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};

bool rsa_pub_set(struct rsa_pub *k, const uint8_t *n, size_t nlen, const uint8_t *e, size_t elen,
		 struct err *err)
{
	while (nlen && n[0] == 0) {
		n++;
		nlen--;
	}
	while (elen && e[0] == 0) {
		e++;
		elen--;
	}
	if (nlen == 0 || nlen > RSA_PUB_MAX_N || !(n[nlen - 1] & 1))
		return err_fail(err, R_ATTEST_BAD_RSA_KEY, ERR_NO_OFFSET,
				"modulus empty, even or over %u bytes", RSA_PUB_MAX_N);
	if (elen == 0 || elen > RSA_PUB_MAX_E || !(e[elen - 1] & 1) || (elen == 1 && e[0] < 3))
		return err_fail(err, R_ATTEST_BAD_RSA_KEY, ERR_NO_OFFSET,
				"exponent not an odd number >= 3 of at most %u bytes",
				RSA_PUB_MAX_E);
	memset(k, 0, sizeof(*k));
	memcpy(k->n, n, nlen);
	k->nlen = nlen;
	memcpy(k->e, e, elen);
	k->elen = elen;
	if (rsa_pub_bits(k) < RSA_PUB_MIN_BITS)
		return err_fail(err, R_ATTEST_RSA_KEY_TOO_SMALL, ERR_NO_OFFSET,
				"%zu-bit modulus, need >= %u", rsa_pub_bits(k), RSA_PUB_MIN_BITS);
	return true;
}

size_t rsa_pub_bits(const struct rsa_pub *k)
{
	size_t bits;
	uint8_t top;

	if (k->nlen == 0)
		return 0;
	bits = (k->nlen - 1) * 8;
	for (top = k->n[0]; top; top >>= 1)
		bits++;
	return bits;
}

bool rsa_pub_from_spki(struct rsa_pub *k, const uint8_t *der, size_t len, struct err *err)
{
	struct cursor c, spki, algid, oid, bits, rsakey, tmp;
	const uint8_t *n, *e;
	size_t nlen, elen;
	uint8_t unused;

	/* SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
	 *                                     subjectPublicKey BIT STRING } (RFC 5280 4.1) */
	cursor_init(&c, der, len);
	if (!der_expect(&c, DER_SEQUENCE, &spki) || !cursor_at_end(&c) ||
	    !der_expect(&spki, DER_SEQUENCE, &algid) || !der_expect(&algid, DER_OID, &oid))
		return err_fail(err, R_ATTEST_BAD_SPKI, ERR_NO_OFFSET,
				"not a SubjectPublicKeyInfo");
	if (cursor_left(&oid) != sizeof(oid_rsa) || !cursor_peek_eq(&oid, oid_rsa, sizeof(oid_rsa)))
		return err_fail(err, R_ATTEST_UNSUPPORTED_KEY_TYPE, ERR_NO_OFFSET,
				"public key is not rsaEncryption");
	/* RFC 8017 A.1: parameters SHALL be NULL (absent is tolerated by many; not here). */
	if (!der_expect(&algid, DER_NULL, &tmp) || cursor_left(&tmp) || !cursor_at_end(&algid))
		return err_fail(err, R_ATTEST_BAD_SPKI, ERR_NO_OFFSET,
				"rsaEncryption parameters are not NULL");
	if (!der_expect(&spki, DER_BIT_STRING, &bits) || !cursor_at_end(&spki) ||
	    !cursor_u8(&bits, &unused) || unused != 0)
		return err_fail(err, R_ATTEST_BAD_SPKI, ERR_NO_OFFSET, "bad subjectPublicKey");
	/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
	if (!der_expect(&bits, DER_SEQUENCE, &rsakey) || !cursor_at_end(&bits) ||
	    !der_uint(&rsakey, &n, &nlen) || !der_uint(&rsakey, &e, &elen) ||
	    !cursor_at_end(&rsakey))
		return err_fail(err, R_ATTEST_BAD_SPKI, ERR_NO_OFFSET, "bad RSAPublicKey");
	return rsa_pub_set(k, n, nlen, e, elen, err);
}

bool rsa_pub_from_pem(struct rsa_pub *k, const uint8_t *pem, size_t len, struct err *err)
{
	struct pem_obj objs[2];
	size_t nobj = 0;
	bool ok;

	if (!pem_decode_all(pem, len, objs, 2, &nobj, err))
		return false;
	if (nobj != 1 || strcmp(objs[0].name, "PUBLIC KEY") != 0) {
		pem_free_all(objs, nobj);
		return err_fail(err, R_ATTEST_BAD_PEM, ERR_NO_OFFSET,
				"want exactly one PUBLIC KEY object");
	}
	ok = rsa_pub_from_spki(k, objs[0].der, objs[0].len, err);
	pem_free_all(objs, nobj);
	return ok;
}

bool rsa_pub_equal(const struct rsa_pub *a, const struct rsa_pub *b)
{
	return a->nlen == b->nlen && a->elen == b->elen && memcmp(a->n, b->n, a->nlen) == 0 &&
	       memcmp(a->e, b->e, a->elen) == 0;
}

void rsa_pub_br(const struct rsa_pub *k, br_rsa_public_key *out)
{
	out->n = (unsigned char *)k->n;
	out->nlen = k->nlen;
	out->e = (unsigned char *)k->e;
	out->elen = k->elen;
}
