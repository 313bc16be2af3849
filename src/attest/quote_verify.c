#include "attest/quote_verify.h"

#include <string.h>

#include <bearssl_hash.h>
#include <bearssl_rsa.h>

#include "core/cursor.h"
#include "core/digest.h"

static unsigned popcount32(uint32_t v)
{
	unsigned n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

bool quote_sig_raw(const uint8_t *sig, size_t len, const struct rsa_pub *ak, const uint8_t **raw,
		   size_t *raw_len, struct err *e)
{
	struct cursor c;
	uint16_t alg, hash, sz;

	if (len == ak->nlen) {
		*raw = sig;
		*raw_len = len;
		return true;
	}
	/* TPMT_SIGNATURE (Part 2 11.3.4): sigAlg, then TPMS_SIGNATURE_RSA {hash, TPM2B sig}. */
	if (len != ak->nlen + 6)
		return err_fail(
		    e, R_ATTEST_BAD_SIGNATURE_FORMAT, 0,
		    "%zu bytes: neither a raw signature (%zu) nor a TPMT_SIGNATURE (%zu)", len,
		    ak->nlen, ak->nlen + 6);
	cursor_init(&c, sig, len);
	if (!cursor_u16be(&c, &alg) || !cursor_u16be(&c, &hash) || !cursor_u16be(&c, &sz))
		return err_fail(e, R_ATTEST_BAD_SIGNATURE_FORMAT, 0,
				"%zu bytes: neither a raw signature nor a TPMT_SIGNATURE", len);
	if (alg != TPM_ALG_RSASSA || hash != TPM_ALG_SHA256)
		return err_fail(e, R_ATTEST_UNSUPPORTED_SIGNATURE_SCHEME, 0,
				"sigAlg 0x%04x hash 0x%04x (only RSASSA/SHA-256)", alg, hash);
	if (sz != cursor_left(&c) || sz != ak->nlen || !cursor_bytes(&c, sz, raw))
		return err_fail(e, R_ATTEST_BAD_SIGNATURE_FORMAT, 4,
				"signature size %u, %zu bytes follow, modulus %zu", sz,
				cursor_left(&c), ak->nlen);
	*raw_len = sz;
	return true;
}

bool attest_sig_verify(const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len,
		       const struct rsa_pub *ak, struct err *e)
{
	br_rsa_public_key pk;
	uint8_t want[32], got[32];

	if (sig_len != ak->nlen)
		return err_fail(e, R_ATTEST_QUOTE_BAD_SIGNATURE, ERR_NO_OFFSET,
				"signature is %zu bytes, modulus %zu", sig_len, ak->nlen);
	rsa_pub_br(ak, &pk);
	digest_compute(digest_by_tpm_alg(TPM_ALG_SHA256), msg, len, want);
	/* RFC 8017 8.2.2: BearSSL checks the padding and DigestInfo for the SHA-256 OID. */
	if (br_rsa_pkcs1_vrfy_get_default()(sig, sig_len, BR_HASH_OID_SHA256, sizeof(got), &pk,
					    got) != 1 ||
	    memcmp(want, got, sizeof(got)) != 0)
		return err_fail(e, R_ATTEST_QUOTE_BAD_SIGNATURE, ERR_NO_OFFSET,
				"RSASSA-PKCS1-v1_5/SHA-256 signature does not verify with the AK");
	return true;
}

bool ak_public_check(const struct tpm_public *ak, struct err *e)
{
	const uint32_t need = OBJ_ATTR_RESTRICTED | OBJ_ATTR_SIGN_ENCRYPT | OBJ_ATTR_FIXEDTPM |
			      OBJ_ATTR_FIXEDPARENT | OBJ_ATTR_SENSITIVEDATAORIGIN;

	if (ak->type != TPM_ALG_RSA)
		return err_fail(e, R_ATTEST_UNSUPPORTED_SIGNATURE_SCHEME, ERR_NO_OFFSET,
				"AK type 0x%04x: only RSA AKs are implemented", ak->type);
	if ((ak->attributes & need) != need || (ak->attributes & OBJ_ATTR_DECRYPT))
		return err_fail(e, R_ATTEST_AK_NOT_RESTRICTED_SIGNER, ERR_NO_OFFSET,
				"objectAttributes 0x%08x lack restricted|sign|fixedTPM|fixedParent|"
				"sensitiveDataOrigin or have decrypt",
				ak->attributes);
	if (ak->scheme != TPM_ALG_NULL &&
	    (ak->scheme != TPM_ALG_RSASSA || ak->scheme_hash != TPM_ALG_SHA256))
		return err_fail(e, R_ATTEST_UNSUPPORTED_SIGNATURE_SCHEME, ERR_NO_OFFSET,
				"AK scheme 0x%04x hash 0x%04x (only RSASSA/SHA-256)", ak->scheme,
				ak->scheme_hash);
	return true;
}

bool quote_pcr_digest(const struct tpms_attest *q, const uint8_t *values, size_t len, uint8_t *out,
		      size_t *out_len, struct err *e)
{
	size_t need = 0;
	const struct digest_alg *h;
	br_hash_compat_context ctx;

	*out_len = 0; /* defined on every path; set to the digest size only on success */
	/* The digest uses the quote signer's hash; a PCR digest of SHA-256 length means
	 * SHA-256 here (Part 3 18.4: the signing scheme's hash). */
	h = digest_by_tpm_alg(TPM_ALG_SHA256);
	for (size_t i = 0; i < q->nsel; i++) {
		const struct digest_alg *b = digest_by_tpm_alg(q->sel[i].hash);
		if (!b)
			return err_fail(e, R_ATTEST_BAD_PCR_SELECTION, ERR_NO_OFFSET,
					"unknown bank");
		need += popcount32(q->sel[i].mask) * b->size;
	}
	if (len != need)
		return err_fail(e, R_ATTEST_PCR_VALUES_SIZE, ERR_NO_OFFSET,
				"%zu bytes of PCR values, the selection needs %zu", len, need);
	h->impl->init(&ctx.vtable);
	h->impl->update(&ctx.vtable, values, len);
	h->impl->out(&ctx.vtable, out);
	*out_len = h->size;
	return true;
}

bool quote_verify(const uint8_t *attest, size_t attest_len, const uint8_t *sig, size_t sig_len,
		  const struct rsa_pub *ak, const struct quote_expect *want, struct tpms_attest *q,
		  struct err *e)
{
	if (!tpms_attest_parse(attest, attest_len, q, e))
		return false;
	if (!attest_sig_verify(attest, attest_len, sig, sig_len, ak, e))
		return false;
	/* From here the fields are signed by the AK. */
	if (q->type != TPM_ST_ATTEST_QUOTE)
		return err_fail(e, R_ATTEST_NOT_A_QUOTE, 4, "TPMS_ATTEST type 0x%04x", q->type);
	if (want->check_nonce &&
	    (q->extra_data_len != want->nonce_len ||
	     (want->nonce_len && memcmp(q->extra_data, want->nonce, want->nonce_len) != 0)))
		return err_fail(e, R_ATTEST_QUOTE_NONCE_MISMATCH, ERR_NO_OFFSET,
				"extraData (%zu bytes) is not the expected nonce (%zu bytes)",
				q->extra_data_len, want->nonce_len);
	if (want->check_selection &&
	    (q->nsel != 1 || q->sel[0].hash != want->bank || q->sel[0].mask != want->pcr_mask))
		return err_fail(
		    e, R_ATTEST_QUOTE_PCR_SELECTION_MISMATCH, ERR_NO_OFFSET,
		    "quoted %zu selection(s), first bank 0x%04x mask 0x%06x; asked bank "
		    "0x%04x mask 0x%06x",
		    q->nsel, q->nsel ? q->sel[0].hash : 0, q->nsel ? q->sel[0].mask : 0, want->bank,
		    want->pcr_mask);
	if (want->pcr_values) {
		uint8_t d[DIGEST_MAX_SIZE];
		size_t dl = 0;
		if (!quote_pcr_digest(q, want->pcr_values, want->pcr_values_len, d, &dl, e))
			return false;
		/* No computed digest (dl == 0) never matches, even an empty pcrDigest. */
		if (dl == 0 || dl != q->pcr_digest_len || memcmp(d, q->pcr_digest, dl) != 0)
			return err_fail(e, R_ATTEST_QUOTE_PCR_DIGEST_MISMATCH, ERR_NO_OFFSET,
					"pcrDigest is not the hash of the given PCR values");
	}
	return true;
}
