/* ESAPI crypto callbacks on BearSSL; contracts and limits in esys_crypto_bearssl.h. */
#include "tpm/esys_crypto_bearssl.h"

#include <stdlib.h>
#include <string.h>

#include <bearssl.h>
#include <tss2/tss2_mu.h>

#include "core/digest.h"
#include "shell/rng.h"

/* ESAPI treats the context as opaque; this module owns its layout. */
struct ESYS_CRYPTO_CONTEXT_BLOB {
	enum { CTX_HASH = 0x48415348, CTX_HMAC = 0x484d4143 } type; /* "HASH" / "HMAC" */
	size_t out_len;
	union {
		br_hash_compat_context hash;
		br_hmac_context hmac;
	} u;
};

/* Wipes secrets in a way the compiler may not elide. */
static void wipe(void *p, size_t n)
{
	volatile uint8_t *v = p;
	while (n--)
		*v++ = 0;
}

static void ctx_free(ESYS_CRYPTO_CONTEXT_BLOB **ctx)
{
	if (!ctx || !*ctx)
		return;
	wipe(*ctx, sizeof(**ctx));
	free(*ctx);
	*ctx = NULL;
}

static const br_hash_class *hash_impl(TPM2_ALG_ID alg)
{
	const struct digest_alg *a = digest_by_tpm_alg(alg);
	/* Only the hashes ESAPI can use as nameAlg/session hash and BearSSL implements. */
	if (!a || !a->impl ||
	    (alg != TPM2_ALG_SHA1 && alg != TPM2_ALG_SHA256 && alg != TPM2_ALG_SHA384 &&
	     alg != TPM2_ALG_SHA512))
		return NULL;
	return a->impl;
}

static size_t hash_size(const br_hash_class *h)
{
	return (h->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
}

/* ---- hash ---- */

TSS2_RC esys_br_hash_start(ESYS_CRYPTO_CONTEXT_BLOB **ctx, TPM2_ALG_ID alg, void *ud)
{
	const br_hash_class *h = hash_impl(alg);
	ESYS_CRYPTO_CONTEXT_BLOB *c;

	(void)ud;
	if (!ctx)
		return TSS2_ESYS_RC_BAD_REFERENCE;
	if (!h)
		return TSS2_ESYS_RC_NOT_IMPLEMENTED;
	c = calloc(1, sizeof(*c));
	if (!c)
		return TSS2_ESYS_RC_MEMORY;
	c->type = CTX_HASH;
	c->out_len = hash_size(h);
	h->init(&c->u.hash.vtable);
	*ctx = c;
	return TSS2_RC_SUCCESS;
}

TSS2_RC esys_br_hash_update(ESYS_CRYPTO_CONTEXT_BLOB *ctx, const uint8_t *p, size_t n, void *ud)
{
	(void)ud;
	if (!ctx || (!p && n) || ctx->type != CTX_HASH)
		return TSS2_ESYS_RC_BAD_REFERENCE;
	if (n)
		ctx->u.hash.vtable->update(&ctx->u.hash.vtable, p, n);
	return TSS2_RC_SUCCESS;
}

TSS2_RC esys_br_hash_finish(ESYS_CRYPTO_CONTEXT_BLOB **ctx, uint8_t *out, size_t *n, void *ud)
{
	(void)ud;
	if (!ctx || !*ctx || !out || !n || (*ctx)->type != CTX_HASH)
		return TSS2_ESYS_RC_BAD_REFERENCE;
	if (*n < (*ctx)->out_len)
		return TSS2_ESYS_RC_BAD_SIZE; /* context stays alive: caller aborts it */
	(*ctx)->u.hash.vtable->out(&(*ctx)->u.hash.vtable, out);
	*n = (*ctx)->out_len;
	ctx_free(ctx);
	return TSS2_RC_SUCCESS;
}

void esys_br_hash_abort(ESYS_CRYPTO_CONTEXT_BLOB **ctx, void *ud)
{
	(void)ud;
	if (ctx && *ctx && (*ctx)->type == CTX_HASH)
		ctx_free(ctx);
}

/* ---- HMAC (RFC 2104) ---- */

TSS2_RC esys_br_hmac_start(ESYS_CRYPTO_CONTEXT_BLOB **ctx, TPM2_ALG_ID alg, const uint8_t *key,
			   size_t keylen, void *ud)
{
	const br_hash_class *h = hash_impl(alg);
	br_hmac_key_context kc;
	ESYS_CRYPTO_CONTEXT_BLOB *c;

	(void)ud;
	if (!ctx || (!key && keylen))
		return TSS2_ESYS_RC_BAD_REFERENCE;
	if (!h)
		return TSS2_ESYS_RC_NOT_IMPLEMENTED;
	c = calloc(1, sizeof(*c));
	if (!c)
		return TSS2_ESYS_RC_MEMORY;
	c->type = CTX_HMAC;
	c->out_len = hash_size(h);
	br_hmac_key_init(&kc, h, key, keylen);
	br_hmac_init(&c->u.hmac, &kc, 0);
	wipe(&kc, sizeof(kc));
	*ctx = c;
	return TSS2_RC_SUCCESS;
}

TSS2_RC esys_br_hmac_update(ESYS_CRYPTO_CONTEXT_BLOB *ctx, const uint8_t *p, size_t n, void *ud)
{
	(void)ud;
	if (!ctx || (!p && n) || ctx->type != CTX_HMAC)
		return TSS2_ESYS_RC_BAD_REFERENCE;
	if (n)
		br_hmac_update(&ctx->u.hmac, p, n);
	return TSS2_RC_SUCCESS;
}

TSS2_RC esys_br_hmac_finish(ESYS_CRYPTO_CONTEXT_BLOB **ctx, uint8_t *out, size_t *n, void *ud)
{
	(void)ud;
	if (!ctx || !*ctx || !out || !n || (*ctx)->type != CTX_HMAC)
		return TSS2_ESYS_RC_BAD_REFERENCE;
	if (*n < (*ctx)->out_len)
		return TSS2_ESYS_RC_BAD_SIZE;
	*n = br_hmac_out(&(*ctx)->u.hmac, out);
	ctx_free(ctx);
	return TSS2_RC_SUCCESS;
}

void esys_br_hmac_abort(ESYS_CRYPTO_CONTEXT_BLOB **ctx, void *ud)
{
	(void)ud;
	if (ctx && *ctx && (*ctx)->type == CTX_HMAC)
		ctx_free(ctx);
}

/* ---- random ---- */

/* A fresh HMAC-DRBG from the program's one RNG (src/shell/rng.h); false when no source works. */
static bool drbg_new(br_hmac_drbg_context *d)
{
	struct err e;
	return rng_drbg_init(d, &e);
}

TSS2_RC esys_br_get_random2b(TPM2B_NONCE *nonce, size_t num_bytes, void *ud)
{
	struct err e;

	(void)ud;
	if (!nonce)
		return TSS2_ESYS_RC_BAD_REFERENCE;
	/* Contract (esys_crypto_mbed.c): 0 means "fill the whole buffer". */
	if (num_bytes == 0)
		num_bytes = sizeof(nonce->buffer);
	if (num_bytes > sizeof(nonce->buffer))
		return TSS2_ESYS_RC_BAD_VALUE;
	if (!rng_bytes(nonce->buffer, num_bytes, &e))
		return TSS2_ESYS_RC_GENERAL_FAILURE;
	nonce->size = (UINT16)num_bytes;
	return TSS2_RC_SUCCESS;
}

/* ---- RSA-OAEP salt encryption (TPM 2.0 Part 1 B.10.3, RFC 8017 7.1) ---- */

TSS2_RC esys_br_rsa_pk_encrypt(TPM2B_PUBLIC *pub, size_t in_size, BYTE *in, size_t max_out,
			       BYTE *out, size_t *out_size, const char *label, void *ud)
{
	const TPMT_PUBLIC *p;
	const br_hash_class *h;
	br_hmac_drbg_context d;
	br_rsa_public_key pk;
	uint8_t e[4];
	size_t elen = 4, n;
	UINT32 x;

	(void)ud;
	if (!pub || !in || !out || !out_size || !label)
		return TSS2_ESYS_RC_BAD_REFERENCE;
	p = &pub->publicArea;
	if (p->type != TPM2_ALG_RSA)
		return TSS2_ESYS_RC_BAD_VALUE;
	/* ESAPI sets OAEP for salts whatever the key's scheme (esys_iutil.c). */
	if (p->parameters.rsaDetail.scheme.scheme != TPM2_ALG_OAEP)
		return TSS2_ESYS_RC_NOT_IMPLEMENTED;
	h = hash_impl(p->nameAlg);
	if (!h)
		return TSS2_ESYS_RC_NOT_IMPLEMENTED;
	if (p->unique.rsa.size == 0 || p->unique.rsa.size > sizeof(p->unique.rsa.buffer))
		return TSS2_ESYS_RC_BAD_VALUE;
	if (max_out < p->unique.rsa.size)
		return TSS2_ESYS_RC_BAD_SIZE;
	/* TPM 2.0 Part 2 12.2.3.5: exponent 0 means 2^16 + 1. */
	x = p->parameters.rsaDetail.exponent ? p->parameters.rsaDetail.exponent : 65537;
	e[0] = (uint8_t)(x >> 24);
	e[1] = (uint8_t)(x >> 16);
	e[2] = (uint8_t)(x >> 8);
	e[3] = (uint8_t)x;
	while (elen > 1 && e[4 - elen] == 0)
		elen--;
	pk.n = (unsigned char *)p->unique.rsa.buffer;
	pk.nlen = p->unique.rsa.size;
	pk.e = e + 4 - elen;
	pk.elen = elen;
	if (!drbg_new(&d)) {
		wipe(&d, sizeof(d));
		return TSS2_ESYS_RC_GENERAL_FAILURE;
	}
	/* The label includes its terminating NUL (TPM 2.0 Part 1 B.10.4, "SECRET\0"). */
	n = br_rsa_oaep_encrypt_get_default()(&d.vtable, h, label, strlen(label) + 1, &pk, out,
					      max_out, in, in_size);
	wipe(&d, sizeof(d));
	if (n == 0)
		return TSS2_ESYS_RC_GENERAL_FAILURE;
	*out_size = n;
	return TSS2_RC_SUCCESS;
}

/* ---- ECDH for ECC-salted sessions (TPM 2.0 Part 1 C.6.1) ---- */

static int br_curve(TPMI_ECC_CURVE c)
{
	switch (c) {
	case TPM2_ECC_NIST_P256:
		return BR_EC_secp256r1;
	case TPM2_ECC_NIST_P384:
		return BR_EC_secp384r1;
	case TPM2_ECC_NIST_P521:
		return BR_EC_secp521r1;
	default:
		return 0;
	}
}

/* Left-pads a big-endian coordinate to flen bytes; false when longer than the field. */
static bool coord_pad(const TPM2B_ECC_PARAMETER *v, uint8_t *out, size_t flen)
{
	if (v->size == 0 || v->size > flen || v->size > sizeof(v->buffer))
		return false;
	memset(out, 0, flen - v->size);
	memcpy(out + flen - v->size, v->buffer, v->size);
	return true;
}

TSS2_RC esys_br_get_ecdh_point(TPM2B_PUBLIC *key, size_t max_out, TPM2B_ECC_PARAMETER *Z,
			       TPMS_ECC_POINT *Q, BYTE *out, size_t *out_size, void *ud)
{
	const br_ec_impl *ec = br_ec_get_default();
	br_hmac_drbg_context d;
	br_ec_private_key sk;
	uint8_t skbuf[BR_EC_KBUF_PRIV_MAX_SIZE];
	uint8_t qe[BR_EC_KBUF_PUB_MAX_SIZE], pt[BR_EC_KBUF_PUB_MAX_SIZE];
	size_t flen, qlen, off = 0, xoff;
	int curve;
	TSS2_RC rc = TSS2_ESYS_RC_GENERAL_FAILURE;

	(void)ud;
	if (!key || !Z || !Q || !out || !out_size)
		return TSS2_ESYS_RC_BAD_REFERENCE;
	if (key->publicArea.type != TPM2_ALG_ECC)
		return TSS2_ESYS_RC_BAD_VALUE;
	curve = br_curve(key->publicArea.parameters.eccDetail.curveID);
	if (!curve || !((ec->supported_curves >> curve) & 1))
		return TSS2_ESYS_RC_NOT_IMPLEMENTED;
	xoff = ec->xoff(curve, &flen);
	if (xoff != 1 || 1 + 2 * flen > sizeof(pt) || flen > sizeof(Z->buffer))
		return TSS2_ESYS_RC_GENERAL_FAILURE;

	/* The TPM's point, uncompressed (SEC 1 2.3.3); mul() rejects points off the curve. */
	pt[0] = 0x04;
	if (!coord_pad(&key->publicArea.unique.ecc.x, pt + 1, flen) ||
	    !coord_pad(&key->publicArea.unique.ecc.y, pt + 1 + flen, flen))
		return TSS2_ESYS_RC_BAD_VALUE;

	if (!drbg_new(&d))
		goto out;
	if (!br_ec_keygen(&d.vtable, ec, &sk, skbuf, curve))
		goto out;
	qlen = br_ec_compute_pub(ec, NULL, qe, &sk);
	if (qlen != 1 + 2 * flen || qe[0] != 0x04)
		goto out;
	if (ec->mul(pt, 1 + 2 * flen, sk.x, sk.xlen, curve) != 1) {
		rc = TSS2_ESYS_RC_BAD_VALUE; /* TPM point invalid or result at infinity */
		goto out;
	}
	/* Z = x coordinate of d*Qtpm at full field length (see the header). */
	memcpy(Z->buffer, pt + 1, flen);
	Z->size = (UINT16)flen;
	memcpy(Q->x.buffer, qe + 1, flen);
	Q->x.size = (UINT16)flen;
	memcpy(Q->y.buffer, qe + 1 + flen, flen);
	Q->y.size = (UINT16)flen;
	rc = Tss2_MU_TPMS_ECC_POINT_Marshal(Q, out, max_out, &off);
	if (rc == TSS2_RC_SUCCESS)
		*out_size = off;
out:
	wipe(&d, sizeof(d));
	wipe(skbuf, sizeof(skbuf));
	wipe(pt, sizeof(pt));
	return rc;
}

/* ---- AES-CFB (TPM 2.0 Part 1 11.4.6.3: CFB with a full-block feedback) ---- */

#define AES_BLOCK 16

static TSS2_RC aes_cfb(uint8_t *key, TPM2_ALG_ID alg, TPMI_AES_KEY_BITS bits, TPM2_ALG_ID mode,
		       uint8_t *buf, size_t n, const uint8_t *iv, bool encrypt)
{
	br_aes_ct64_cbcenc_keys ks;
	uint8_t fb[AES_BLOCK], ks_block[AES_BLOCK], zero[AES_BLOCK];

	if (!key || (!buf && n) || !iv)
		return TSS2_ESYS_RC_BAD_REFERENCE;
	if (alg != TPM2_ALG_AES || mode != TPM2_ALG_CFB)
		return TSS2_ESYS_RC_BAD_VALUE;
	if (bits != 128 && bits != 192 && bits != 256)
		return TSS2_ESYS_RC_BAD_VALUE;
	br_aes_ct64_cbcenc_init(&ks, key, bits / 8);
	memcpy(fb, iv, AES_BLOCK);
	for (size_t off = 0; off < n; off += AES_BLOCK) {
		size_t k = n - off < AES_BLOCK ? n - off : AES_BLOCK;
		/* E_K(fb): one CBC-encrypt block with a zero IV is the raw block cipher. */
		memcpy(ks_block, fb, AES_BLOCK);
		memset(zero, 0, sizeof(zero));
		br_aes_ct64_cbcenc_run(&ks, zero, ks_block, AES_BLOCK);
		for (size_t i = 0; i < k; i++) {
			uint8_t c = encrypt ? (uint8_t)(buf[off + i] ^ ks_block[i]) : buf[off + i];
			buf[off + i] ^= ks_block[i];
			fb[i] = c; /* the feedback is always the ciphertext */
		}
	}
	wipe(&ks, sizeof(ks));
	wipe(ks_block, sizeof(ks_block));
	return TSS2_RC_SUCCESS;
}

TSS2_RC esys_br_aes_encrypt(uint8_t *key, TPM2_ALG_ID alg, TPMI_AES_KEY_BITS bits, TPM2_ALG_ID mode,
			    uint8_t *buf, size_t n, uint8_t *iv, void *ud)
{
	(void)ud;
	return aes_cfb(key, alg, bits, mode, buf, n, iv, true);
}

TSS2_RC esys_br_aes_decrypt(uint8_t *key, TPM2_ALG_ID alg, TPMI_AES_KEY_BITS bits, TPM2_ALG_ID mode,
			    uint8_t *buf, size_t n, uint8_t *iv, void *ud)
{
	(void)ud;
	return aes_cfb(key, alg, bits, mode, buf, n, iv, false);
}

void esys_crypto_bearssl_callbacks(ESYS_CRYPTO_CALLBACKS *cb)
{
	memset(cb, 0, sizeof(*cb));
	cb->rsa_pk_encrypt = esys_br_rsa_pk_encrypt;
	cb->hash_start = esys_br_hash_start;
	cb->hash_update = esys_br_hash_update;
	cb->hash_finish = esys_br_hash_finish;
	cb->hash_abort = esys_br_hash_abort;
	cb->hmac_start = esys_br_hmac_start;
	cb->hmac_update = esys_br_hmac_update;
	cb->hmac_finish = esys_br_hmac_finish;
	cb->hmac_abort = esys_br_hmac_abort;
	cb->get_random2b = esys_br_get_random2b;
	cb->get_ecdh_point = esys_br_get_ecdh_point;
	cb->aes_encrypt = esys_br_aes_encrypt;
	cb->aes_decrypt = esys_br_aes_decrypt;
	cb->init = NULL;
	cb->userdata = NULL;
}
