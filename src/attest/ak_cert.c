#include "attest/ak_cert.h"

#include <stdlib.h>
#include <string.h>

#include <bearssl_x509.h>

#include "attest/der.h"

/* Days from 0000-01-01 (proleptic Gregorian, BearSSL's epoch) to 1970-01-01. */
#define BR_DAYS_TO_UNIX_EPOCH 719528u

bool x509_dns(const uint8_t *der, size_t len, const uint8_t **issuer, size_t *ilen,
	      const uint8_t **subject, size_t *slen)
{
	struct cursor tbs, v, raw;
	uint8_t tag;

	/* TBSCertificate: serialNumber, signature, issuer, validity, subject (RFC 5280 4.1). */
	if (!der_x509_tbs(der, len, &tbs, &v) || !der_expect(&tbs, DER_SEQUENCE, &v))
		return false;
	if (!der_any(&tbs, &tag, &v, &raw) || tag != DER_SEQUENCE)
		return false;
	*issuer = raw.ptr;
	*ilen = raw.len;
	if (!der_expect(&tbs, DER_SEQUENCE, &v))
		return false;
	if (!der_any(&tbs, &tag, &v, &raw) || tag != DER_SEQUENCE)
		return false;
	*subject = raw.ptr;
	*slen = raw.len;
	return true;
}

bool ak_cert_is_placeholder(const uint8_t *der, size_t len)
{
	static const char needle[] = "MICROSOFT AZURE TRUSTED VM RSA";
	const size_t n = sizeof(needle) - 1;
	const uint8_t *is, *su;
	size_t il, sl;

	if (!x509_dns(der, len, &is, &il, &su, &sl))
		return false;
	for (size_t i = 0; i + n <= il; i++) {
		size_t j = 0;
		while (j < n) {
			uint8_t ch = is[i + j];
			if (ch >= 'a' && ch <= 'z')
				ch = (uint8_t)(ch - 'a' + 'A');
			if (ch != (uint8_t)needle[j])
				break;
			j++;
		}
		if (j == n)
			return true;
	}
	return false;
}

/* A trust anchor with its own copy of the key (the decoder's buffers do not outlive it). */
struct anchor {
	br_x509_trust_anchor ta;
	uint8_t key[2 * 512 + 16];
};

static bool make_anchor(const struct pem_obj *o, struct anchor *a)
{
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	const uint8_t *is, *su;
	size_t il, sl;

	if (!x509_dns(o->der, o->len, &is, &il, &su, &sl))
		return false;
	br_x509_decoder_init(&dc, NULL, NULL);
	br_x509_decoder_push(&dc, o->der, o->len);
	pk = br_x509_decoder_get_pkey(&dc);
	if (!pk)
		return false;
	memset(a, 0, sizeof(*a));
	a->ta.dn.data = (unsigned char *)su;
	a->ta.dn.len = sl;
	a->ta.flags = BR_X509_TA_CA;
	a->ta.pkey.key_type = pk->key_type;
	if (pk->key_type == BR_KEYTYPE_RSA) {
		if (pk->key.rsa.nlen + pk->key.rsa.elen > sizeof(a->key))
			return false;
		memcpy(a->key, pk->key.rsa.n, pk->key.rsa.nlen);
		memcpy(a->key + pk->key.rsa.nlen, pk->key.rsa.e, pk->key.rsa.elen);
		a->ta.pkey.key.rsa.n = a->key;
		a->ta.pkey.key.rsa.nlen = pk->key.rsa.nlen;
		a->ta.pkey.key.rsa.e = a->key + pk->key.rsa.nlen;
		a->ta.pkey.key.rsa.elen = pk->key.rsa.elen;
	} else if (pk->key_type == BR_KEYTYPE_EC) {
		if (pk->key.ec.qlen > sizeof(a->key))
			return false;
		memcpy(a->key, pk->key.ec.q, pk->key.ec.qlen);
		a->ta.pkey.key.ec.curve = pk->key.ec.curve;
		a->ta.pkey.key.ec.q = a->key;
		a->ta.pkey.key.ec.qlen = pk->key.ec.qlen;
	} else {
		return false;
	}
	return true;
}

static bool same(const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
	return al == bl && memcmp(a, b, al) == 0;
}

static bool chain_error(struct err *e, unsigned code)
{
	switch (code) {
	case BR_ERR_X509_EXPIRED:
		return err_fail(e, R_ATTEST_AK_CERT_EXPIRED, ERR_NO_OFFSET,
				"a certificate in the AK chain is expired or not yet valid");
	case BR_ERR_X509_NOT_TRUSTED:
		return err_fail(e, R_ATTEST_AK_CERT_UNTRUSTED, ERR_NO_OFFSET,
				"the AK certificate does not chain to a root in --ak-roots");
	case BR_ERR_X509_WEAK_PUBLIC_KEY:
		return err_fail(e, R_ATTEST_AK_CERT_WEAK_KEY, ERR_NO_OFFSET,
				"an RSA key in the AK chain is shorter than %d bits",
				8 * AK_CERT_MIN_RSA_BYTES);
	case BR_ERR_X509_BAD_SIGNATURE:
		/* The issuer named by the certificate is in the bundle, but did not sign it:
		 * a look-alike CA. */
		return err_fail(e, R_ATTEST_AK_CERT_BAD_SIGNATURE, ERR_NO_OFFSET,
				"a signature in the AK chain does not verify (issuer DN matches a "
				"bundle certificate whose key did not sign it)");
	default:
		return err_fail(e, R_ATTEST_AK_CERT_INVALID, ERR_NO_OFFSET,
				"BearSSL X.509 error %u in the AK chain", code);
	}
}

/* Step 1: the AK certificate is DER X.509 and not Azure's placeholder. */
static bool check_leaf_form(const uint8_t *der, size_t len, struct err *e)
{
	const uint8_t *is, *su;
	size_t il, sl;

	if (len > AK_CERT_MAX_DER || !x509_dns(der, len, &is, &il, &su, &sl))
		return err_fail(e, R_ATTEST_AK_CERT_MALFORMED, ERR_NO_OFFSET,
				"the AK certificate is not a DER X.509 certificate");
	if (ak_cert_is_placeholder(der, len))
		return err_fail(
		    e, R_ATTEST_AK_CERT_PLACEHOLDER, ERR_NO_OFFSET,
		    "issuer is Azure's not-yet-provisioned placeholder (\"Microsoft Azure "
		    "Trusted VM RSA\"): retry after the AK certificate is provisioned");
	return true;
}

static bool is_certificate(const struct pem_obj *o)
{
	return strcmp(o->name, "CERTIFICATE") == 0 || strcmp(o->name, "X509 CERTIFICATE") == 0;
}

/* Anchors: the bundle's self-issued certificates (subject == issuer). */
static bool load_anchors(const struct pem_obj *roots, size_t nroots, struct anchor *tas,
			 br_x509_trust_anchor *ta_list, size_t *nta, struct err *e)
{
	*nta = 0;
	for (size_t i = 0; i < nroots; i++) {
		const uint8_t *ri, *rs;
		size_t ril, rsl;
		if (!is_certificate(&roots[i]))
			continue;
		if (!x509_dns(roots[i].der, roots[i].len, &ri, &ril, &rs, &rsl))
			return err_fail(e, R_ATTEST_AK_ROOTS_MALFORMED, ERR_NO_OFFSET,
					"certificate %zu of the bundle is not DER X.509", i + 1);
		if (same(ri, ril, rs, rsl) && make_anchor(&roots[i], &tas[*nta])) {
			ta_list[*nta] = tas[*nta].ta;
			(*nta)++;
		}
	}
	if (*nta == 0)
		return err_fail(e, R_ATTEST_AK_ROOTS_EMPTY, ERR_NO_OFFSET,
				"the --ak-roots bundle holds no self-issued (root) certificate");
	return true;
}

/* The unused non-root bundle certificate whose subject is the DN `issuer`, or NULL. */
static const struct pem_obj *find_issuer(const uint8_t *issuer, size_t ilen,
					 const struct pem_obj *roots, size_t nroots,
					 const struct pem_obj *const *chain, size_t nchain)
{
	for (size_t k = 0; k < nroots; k++) {
		const uint8_t *ri, *rs;
		size_t ril, rsl;
		bool used = false;
		if (!x509_dns(roots[k].der, roots[k].len, &ri, &ril, &rs, &rsl) ||
		    same(ri, ril, rs, rsl) || !same(rs, rsl, issuer, ilen))
			continue;
		for (size_t u = 0; u < nchain; u++)
			used |= chain[u] == &roots[k];
		if (!used)
			return &roots[k];
	}
	return NULL;
}

/* Chain: the leaf, then issuers by DN through the bundle's non-root certificates. */
static bool build_chain(const struct pem_obj *leaf, const struct pem_obj *roots, size_t nroots,
			const struct pem_obj **chain, size_t *nchain, struct err *e)
{
	chain[0] = leaf;
	*nchain = 1;
	while (*nchain < AK_CHAIN_MAX) {
		const struct pem_obj *last = chain[*nchain - 1], *next;
		const uint8_t *ci, *cs;
		size_t cil, csl;
		/* Every chain entry already parsed (the leaf, bundle entries): a failure here
		 * cannot happen, but if it did the chain is not trusted. */
		if (!x509_dns(last->der, last->len, &ci, &cil, &cs, &csl))
			return err_fail(e, R_ATTEST_AK_CERT_MALFORMED, ERR_NO_OFFSET,
					"certificate %zu of the AK chain is not a DER X.509 "
					"certificate",
					*nchain);
		if (same(ci, cil, cs, csl))
			break;
		next = find_issuer(ci, cil, roots, nroots, chain, *nchain);
		if (!next)
			break;
		chain[(*nchain)++] = next;
	}
	return true;
}

/* RFC 5280 6.1 path validation by BearSSL's minimal engine; the leaf key on success. */
static bool run_x509(const struct pem_obj *const *chain, size_t nchain,
		     const br_x509_trust_anchor *ta_list, size_t nta, uint64_t now_unix,
		     struct rsa_pub *leaf_key, struct err *e)
{
	br_x509_minimal_context xc;
	const br_x509_pkey *pk;
	unsigned code, usages;

	br_x509_minimal_init(&xc, &br_sha256_vtable, ta_list, nta);
	/* SHA-256/384/512 only: SHA-1 (and MD5) signatures are not accepted in the chain. */
	br_x509_minimal_set_hash(&xc, br_sha256_ID, &br_sha256_vtable);
	br_x509_minimal_set_hash(&xc, br_sha384_ID, &br_sha384_vtable);
	br_x509_minimal_set_hash(&xc, br_sha512_ID, &br_sha512_vtable);
	br_x509_minimal_set_rsa(&xc, br_rsa_pkcs1_vrfy_get_default());
	br_x509_minimal_set_ecdsa(&xc, br_ec_get_default(), br_ecdsa_vrfy_asn1_get_default());
	/* NIST SP 800-131A: RSA under 2048 bits is disallowed for signatures. */
	br_x509_minimal_set_minrsa(&xc, AK_CERT_MIN_RSA_BYTES);
	/* now_unix <= AK_CERT_MAX_NOW (checked by the caller): the day count fits uint32. */
	br_x509_minimal_set_time(&xc, (uint32_t)(now_unix / 86400u) + BR_DAYS_TO_UNIX_EPOCH,
				 (uint32_t)(now_unix % 86400u));
	xc.vtable->start_chain(&xc.vtable, NULL);
	for (size_t i = 0; i < nchain; i++) {
		xc.vtable->start_cert(&xc.vtable, (uint32_t)chain[i]->len);
		xc.vtable->append(&xc.vtable, chain[i]->der, chain[i]->len);
		xc.vtable->end_cert(&xc.vtable);
	}
	/* end_chain() returns 0 when the chain is trusted, else a BR_ERR_X509_* code. */
	code = xc.vtable->end_chain(&xc.vtable);
	if (code != 0)
		return chain_error(e, code);
	pk = xc.vtable->get_pkey(&xc.vtable, &usages);
	if (!pk || pk->key_type != BR_KEYTYPE_RSA ||
	    !rsa_pub_set(leaf_key, pk->key.rsa.n, pk->key.rsa.nlen, pk->key.rsa.e, pk->key.rsa.elen,
			 NULL))
		return err_fail(e, R_ATTEST_AK_CERT_KEY_MISMATCH, ERR_NO_OFFSET,
				"the AK certificate's public key is not an RSA key");
	return true;
}

bool ak_cert_verify(const uint8_t *der, size_t len, const struct pem_obj *roots, size_t nroots,
		    uint64_t now_unix, const struct rsa_pub *ak, struct err *e)
{
	size_t nchain = 0, nta = 0;
	const struct pem_obj *chain[AK_CHAIN_MAX];
	struct pem_obj leaf = {.der = (uint8_t *)der, .len = len};
	struct anchor *tas = NULL;
	br_x509_trust_anchor *ta_list = NULL;
	struct rsa_pub got;
	bool ok = false;

	if (now_unix > AK_CERT_MAX_NOW)
		return err_fail(e, R_ATTEST_AK_CERT_BAD_TIME, ERR_NO_OFFSET,
				"time %llu is after 9999-12-31", (unsigned long long)now_unix);
	if (!check_leaf_form(der, len, e))
		return false;
	if (nroots > PEM_MAX_OBJECTS)
		return err_fail(e, R_ATTEST_AK_ROOTS_TOO_MANY, ERR_NO_OFFSET, "over %u objects",
				PEM_MAX_OBJECTS);
	tas = calloc(nroots ? nroots : 1, sizeof(*tas));
	ta_list = calloc(nroots ? nroots : 1, sizeof(*ta_list));
	if (!tas || !ta_list) {
		err_fail(e, R_ATTEST_OUT_OF_MEMORY, ERR_NO_OFFSET, "trust anchors");
		goto out;
	}
	if (!load_anchors(roots, nroots, tas, ta_list, &nta, e) ||
	    !build_chain(&leaf, roots, nroots, chain, &nchain, e) ||
	    !run_x509(chain, nchain, ta_list, nta, now_unix, &got, e))
		goto out;
	if (!rsa_pub_equal(&got, ak)) {
		err_fail(e, R_ATTEST_AK_CERT_KEY_MISMATCH, ERR_NO_OFFSET,
			 "the AK certificate's public key is not the TPM's AK");
		goto out;
	}
	ok = true;
out:
	free(tas);
	free(ta_list);
	return ok;
}
