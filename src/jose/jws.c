/* jws: compact JWS parse and signature verification (contract in jws.h). */
#include "jose/jws.h"

#include <bearssl_ec.h>
#include <bearssl_rsa.h>
#include <stdlib.h>
#include <string.h>

#include "core/digest.h"
#include "jose/base64.h"
#include "json/json_read.h"

/* Largest signature: RSA-4096 (512 bytes); ES384 is 96. */
#define JWS_MAX_SIG JWK_RSA_MAX_N

struct segments {
	const char *hdr, *pay, *sig;
	size_t hdr_len, pay_len, sig_len;
	size_t signing_len; /* ASCII(header "." payload), RFC 7515 section 5.2 step 8 */
};

/* RFC 7515 section 7.1: BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(sig). */
static bool split(const char *t, size_t len, struct segments *s, struct err *e)
{
	size_t dots[2], nd = 0;

	for (size_t i = 0; i < len; i++)
		if (t[i] == '.') {
			if (nd == 2)
				return err_fail(e, R_JOSE_SEGMENT_COUNT, i,
						"more than three segments");
			dots[nd++] = i;
		}
	if (nd != 2)
		return err_fail(e, R_JOSE_SEGMENT_COUNT, ERR_NO_OFFSET, "%zu segments, need 3",
				nd + 1);
	s->hdr = t;
	s->hdr_len = dots[0];
	s->pay = t + dots[0] + 1;
	s->pay_len = dots[1] - dots[0] - 1;
	s->sig = t + dots[1] + 1;
	s->sig_len = len - dots[1] - 1;
	s->signing_len = dots[1];
	return true;
}

/* Decodes one base64url segment (RFC 7515 section 2: no padding, no
 * whitespace) into out. */
static bool decode_segment(const char *p, size_t n, struct buf *out, const char *what,
			   struct err *e)
{
	size_t max = base64_decoded_max(n), got;
	uint8_t *tmp = malloc(max);
	bool ok;

	buf_reset(out);
	if (!tmp)
		return err_fail(e, R_JOSE_OUT_OF_MEMORY, ERR_NO_OFFSET, "%s", what);
	ok = base64_decode(BASE64_URL, p, n, tmp, max, &got, e);
	if (!ok)
		err_relabel(e, R_JOSE_BAD_BASE64URL, what);
	else if (!buf_append(out, tmp, got))
		ok = err_fail(e, R_JOSE_TOKEN_TOO_LARGE, ERR_NO_OFFSET, "%s", what);
	free(tmp);
	return ok;
}

struct header {
	const struct jws_alg_info *alg;
	bool has_kid;
	char kid[JWK_MAX_KID + 1];
	size_t kid_len;
};

static bool parse_header(const uint8_t *p, size_t n, struct header *h, struct err *e)
{
	const struct json_limits lim = {JWS_MAX_TOKEN, JWS_HEADER_MAX_TOKENS, JWS_HEADER_MAX_DEPTH};
	struct json_doc doc;
	uint32_t v;
	char alg[16];
	size_t alg_len;
	bool ok = false;

	memset(h, 0, sizeof(*h));
	/* Every failure returns false explicitly: h->alg is non-NULL on success. */
	if (!json_doc_parse(&doc, p, n, &lim, e)) {
		err_relabel(e, R_JOSE_BAD_HEADER, "header");
		return false;
	}
	/* RFC 7515 section 4: the JOSE Header is a JSON object. */
	if (json_val_type(&doc, JSON_ROOT) != JSON_OBJECT) {
		err_fail(e, R_JOSE_HEADER_NOT_OBJECT, ERR_NO_OFFSET, "header is a %s",
			 json_type_name(json_val_type(&doc, JSON_ROOT)));
		goto out;
	}
	/* Section 4.1.1: "alg" is required. */
	if (!json_obj_member(&doc, JSON_ROOT, "alg", 3, &v)) {
		err_fail(e, R_JOSE_ALG_MISSING, ERR_NO_OFFSET, "header has no alg");
		goto out;
	}
	if (json_val_type(&doc, v) != JSON_STRING ||
	    !json_val_str(&doc, v, alg, sizeof(alg), &alg_len, JSON_STR_NO_NUL, NULL) ||
	    !(h->alg = jws_alg_by_name(alg, alg_len))) {
		err_fail(e, R_JOSE_ALG_NOT_ALLOWED, ERR_NO_OFFSET,
			 "accepted: RS256 RS384 RS512 ES256 ES384");
		goto out;
	}
	/* Section 4.1.11: "crit" lists extensions that MUST be understood; we
	 * understand none, so any crit (even a malformed or empty one) is refused. */
	if (json_obj_member(&doc, JSON_ROOT, "crit", 4, &v)) {
		err_fail(e, R_JOSE_CRIT_UNSUPPORTED, ERR_NO_OFFSET,
			 "no critical header extension is supported");
		goto out;
	}
	/* RFC 7519 section 5.2: cty "JWT" means a nested JWT, which we do not unwrap. */
	if (json_obj_member(&doc, JSON_ROOT, "cty", 3, &v) &&
	    (json_val_type(&doc, v) != JSON_STRING || json_val_str_eq(&doc, v, "JWT", 3) ||
	     json_val_str_eq(&doc, v, "jwt", 3))) {
		err_fail(e, R_JOSE_NESTED_UNSUPPORTED, ERR_NO_OFFSET, "cty is not a plain type");
		goto out;
	}
	/* Section 4.1.4: "kid" is a string. */
	if (json_obj_member(&doc, JSON_ROOT, "kid", 3, &v)) {
		if (!json_val_str(&doc, v, h->kid, sizeof(h->kid), &h->kid_len, JSON_STR_NO_NUL,
				  e)) {
			err_relabel(e, R_JOSE_BAD_HEADER, "kid");
			goto out;
		}
		h->has_kid = true;
	}
	/* jwk, jku, x5u, x5c, x5t, x5t#S256 are deliberately not read. */
	ok = true;
out:
	json_doc_free(&doc);
	return ok;
}

static bool key_fits(const struct jwk *k, const struct jws_alg_info *alg)
{
	return k->type == alg->key_type && (k->type != JWK_EC || k->curve == alg->curve) &&
	       (k->alg == JWS_ALG_UNSET || k->alg == alg->alg);
}

/* Why no single key fits h->alg: nfit keys fit (0 or > 1); named is the last
 * key with a matching kid (any key when the header has none), or NULL. */
static void explain_no_key(const struct header *h, const struct jwk *named, size_t nfit,
			   struct err *e)
{
	if (nfit > 1)
		err_fail(e, h->has_kid ? R_JOSE_KID_AMBIGUOUS : R_JOSE_KID_REQUIRED, ERR_NO_OFFSET,
			 "%zu keys fit %s", nfit, h->alg->name);
	else if (!named)
		err_fail(e, R_JOSE_KID_NOT_FOUND, ERR_NO_OFFSET,
			 h->has_kid ? "no key with this kid in the JWKS" : "no key in the JWKS");
	else if (named->type != h->alg->key_type)
		err_fail(e, R_JOSE_KEY_TYPE_MISMATCH, ERR_NO_OFFSET, "%s needs an %s key",
			 h->alg->name, h->alg->key_type == JWK_RSA ? "RSA" : "EC");
	else if (named->type == JWK_EC && named->curve != h->alg->curve)
		err_fail(e, R_JOSE_WRONG_CURVE, ERR_NO_OFFSET, "%s needs %s", h->alg->name,
			 h->alg->crv);
	else
		err_fail(e, R_JOSE_ALG_MISMATCH, ERR_NO_OFFSET, "the key's alg is not %s",
			 h->alg->name);
}

/* The key: selected by kid from the JWKS only. True (and *out set, non-NULL)
 * only when exactly one key fits. */
static bool select_key(const struct jwks *ks, const struct header *h, const struct jwk **out,
		       struct err *e)
{
	const struct jwk *fit = NULL, *named = NULL;
	size_t nfit = 0;

	for (size_t i = 0; i < ks->count; i++) {
		const struct jwk *k = &ks->key[i];
		if (h->has_kid && (!k->has_kid || k->kid_len != h->kid_len ||
				   memcmp(k->kid, h->kid, h->kid_len) != 0))
			continue;
		named = k;
		if (key_fits(k, h->alg)) {
			fit = k;
			nfit++;
		}
	}
	if (nfit == 1 && fit) {
		*out = fit;
		return true;
	}
	explain_no_key(h, named, nfit, e);
	return false;
}

static bool verify_sig(const struct jwk *k, const struct jws_alg_info *alg, const char *input,
		       size_t input_len, const uint8_t *sig, size_t sig_len, struct err *e)
{
	const struct digest_alg *d = digest_by_name(alg->hash);
	uint8_t hash[DIGEST_MAX_SIZE], rec[DIGEST_MAX_SIZE];

	if (!d || !digest_compute(d, input, input_len, hash))
		return err_fail(e, R_JOSE_INTERNAL, ERR_NO_OFFSET, "no %s", alg->hash);
	if (k->type == JWK_RSA) {
		br_rsa_public_key pk = {(unsigned char *)k->n, k->n_len, (unsigned char *)k->e,
					k->e_len};
		/* RFC 7518 section 3.3: keys of 2048 bits or more. */
		if (k->rsa_bits < 2048)
			return err_fail(e, R_JOSE_RSA_KEY_TOO_SMALL, ERR_NO_OFFSET,
					"%u-bit key, need >= 2048", k->rsa_bits);
		/* RFC 8017 section 8.2.2 step 1: the signature is k octets long. */
		if (sig_len != k->n_len)
			return err_fail(e, R_JOSE_SIGNATURE_LENGTH, ERR_NO_OFFSET,
					"%zu bytes, modulus is %zu", sig_len, k->n_len);
		if (!br_rsa_pkcs1_vrfy_get_default()(sig, sig_len, alg->oid, d->size, &pk, rec) ||
		    memcmp(rec, hash, d->size) != 0)
			return err_fail(e, R_JOSE_SIGNATURE_INVALID, ERR_NO_OFFSET,
					"%s signature does not verify", alg->name);
		return true;
	}
	/* RFC 7518 section 3.4: R || S, each the coordinate size; DER is wrong. */
	if (sig_len != 2 * alg->coord_len)
		return err_fail(e, R_JOSE_SIGNATURE_LENGTH, ERR_NO_OFFSET,
				"%zu bytes, %s needs %zu (raw R||S)", sig_len, alg->name,
				2 * alg->coord_len);
	br_ec_public_key pk = {k->curve, (unsigned char *)k->q, k->q_len};
	if (!br_ecdsa_vrfy_raw_get_default()(br_ec_get_default(), hash, d->size, &pk, sig, sig_len))
		return err_fail(e, R_JOSE_SIGNATURE_INVALID, ERR_NO_OFFSET,
				"%s signature does not verify", alg->name);
	return true;
}

void jws_verified_free(struct jws_verified *v)
{
	buf_free(&v->payload);
	v->key = NULL;
	v->alg = JWS_ALG_UNSET;
}

bool jws_verify_compact(const char *token, size_t len, const struct jwks *ks,
			struct jws_verified *out, struct err *e)
{
	struct segments s;
	struct header h;
	struct buf tmp;
	const struct jwk *key = NULL;
	uint8_t sig[JWS_MAX_SIG];
	size_t sig_len;
	bool ok = false;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	buf_init(&out->payload, JWS_MAX_TOKEN);
	buf_init(&tmp, JWS_MAX_TOKEN);
	if (len > JWS_MAX_TOKEN)
		return err_fail(e, R_JOSE_TOKEN_TOO_LARGE, ERR_NO_OFFSET, "%zu bytes, limit %zu",
				len, JWS_MAX_TOKEN);
	if (!split(token, len, &s, e))
		goto out;
	if (!decode_segment(s.hdr, s.hdr_len, &tmp, "header", e) ||
	    !parse_header(tmp.data, tmp.len, &h, e))
		goto out;
	if (!select_key(ks, &h, &key, e))
		goto out;
	if (!base64_decode(BASE64_URL, s.sig, s.sig_len, sig, sizeof(sig), &sig_len, e)) {
		err_relabel(e,
			    e && e->reason && e->id == R_JOSE_TOO_LARGE ? R_JOSE_SIGNATURE_LENGTH
									: R_JOSE_BAD_BASE64URL,
			    "signature");
		goto out;
	}
	if (!verify_sig(key, h.alg, token, s.signing_len, sig, sig_len, e))
		goto out;
	/* Verified: only now is the payload decoded. */
	if (!decode_segment(s.pay, s.pay_len, &out->payload, "payload", e))
		goto out;
	out->alg = h.alg->alg;
	out->key = key;
	ok = true;
out:
	buf_free(&tmp);
	if (!ok)
		buf_free(&out->payload);
	return ok;
}
