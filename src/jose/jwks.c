/* jwks: JSON Web Key Set parsing (contract in jwks.h). */
#include "jose/jwks.h"

#include <bearssl_ec.h>
#include <bearssl_x509.h>
#include <stdlib.h>
#include <string.h>

#include "jose/base64.h"
#include "json/json_read.h"

/* Tokens in a JWKS: a key with a 3-certificate chain is ~12 tokens. */
#define JWKS_MAX_TOKENS 4096u
/* base64url text of a member we decode into a fixed buffer: a 4096-bit
 * modulus is 683 characters; longer texts are keys we cannot use. */
#define JWK_MAX_B64 1024

/* Outcome of one key: usable, skipped as unsupported, or an error. */
enum key_outcome { KEY_USABLE, KEY_SKIPPED, KEY_BAD };

struct key_ctx {
	const struct json_doc *doc;
	uint32_t obj;
	size_t index;
	struct err *e;
};

static enum key_outcome bad(struct key_ctx *k, const char *fmt, const char *what)
{
	err_fail(k->e, R_JOSE_BAD_JWK, ERR_NO_OFFSET, "keys[%zu]: %s%s", k->index, fmt, what);
	return KEY_BAD;
}

/* Optional member of the key object; *v receives it when present. */
static bool member(struct key_ctx *k, const char *name, uint32_t *v)
{
	return json_obj_member(k->doc, k->obj, name, strlen(name), v);
}

/*
 * Decodes the base64url string member name into out[0..cap) (RFC 7518 section
 * 6: key parameters are base64url without padding). KEY_SKIPPED when the
 * value is longer than we can use, KEY_BAD when malformed.
 */
static enum key_outcome b64url_member(struct key_ctx *k, uint32_t v, const char *name, uint8_t *out,
				      size_t cap, size_t *out_len)
{
	char text[JWK_MAX_B64 + 1];
	size_t n;
	struct err inner;

	err_clear(&inner);
	if (json_val_type(k->doc, v) != JSON_STRING)
		return bad(k, "not a string: ", name);
	if (!json_val_str(k->doc, v, text, sizeof(text), &n, JSON_STR_NO_NUL, &inner)) {
		if (inner.reason && inner.id == R_JSON_STRING_TOO_LONG)
			return KEY_SKIPPED;
		return bad(k, "bad string: ", name);
	}
	if (!base64_decode(BASE64_URL, text, n, out, cap, out_len, &inner)) {
		if (inner.id == R_JOSE_TOO_LARGE)
			return KEY_SKIPPED;
		err_fail(k->e, R_JOSE_BAD_JWK, ERR_NO_OFFSET, "keys[%zu].%s: base64url %s",
			 k->index, name, inner.reason);
		return KEY_BAD;
	}
	return KEY_USABLE;
}

/* A Base64urlUInt (RFC 7518 section 2) uses the minimum number of octets. */
static bool minimal_uint(const uint8_t *p, size_t n)
{
	return n > 0 && p[0] != 0;
}

static void strip_zeros(const uint8_t **p, size_t *n)
{
	while (*n > 0 && (*p)[0] == 0) {
		(*p)++;
		(*n)--;
	}
}

static unsigned bit_length(const uint8_t *p, size_t n)
{
	unsigned bits = (unsigned)n * 8;
	uint8_t top = n ? p[0] : 0;
	if (n == 0)
		return 0;
	for (uint8_t m = 0x80; m && !(top & m); m >>= 1)
		bits--;
	return bits;
}

/* Public key of x5c[0] (RFC 7517 section 4.7: base64 DER, first is the key's
 * certificate). The decoder context holds the key bytes; *pk points into it. */
static enum key_outcome x5c_key(struct key_ctx *k, uint32_t x5c, br_x509_decoder_context *dc,
				const br_x509_pkey **pk)
{
	uint32_t it = 0, first = JSON_NONE, el;
	struct buf text;
	uint8_t *der;
	size_t der_len;
	struct err inner;
	bool ok;

	if (json_val_type(k->doc, x5c) != JSON_ARRAY || json_val_size(k->doc, x5c) == 0)
		return bad(k, "x5c is not a non-empty array", "");
	while (json_arr_next(k->doc, x5c, &it, &el)) {
		if (json_val_type(k->doc, el) != JSON_STRING)
			return bad(k, "x5c element is not a string", "");
		if (first == JSON_NONE)
			first = el;
	}
	err_clear(&inner);
	buf_init(&text, JWK_MAX_CERT * 2);
	if (!json_val_str_buf(k->doc, first, &text, JSON_STR_NO_NUL, &inner)) {
		buf_free(&text);
		return bad(k, "x5c[0] is not a usable string", "");
	}
	der = malloc(JWK_MAX_CERT);
	if (!der) {
		buf_free(&text);
		return bad(k, "out of memory", "");
	}
	ok = base64_decode(BASE64_STD, text.len ? (const char *)text.data : "", text.len, der,
			   JWK_MAX_CERT, &der_len, &inner);
	buf_free(&text);
	if (!ok) {
		free(der);
		err_fail(k->e, R_JOSE_BAD_JWK, ERR_NO_OFFSET, "keys[%zu].x5c[0]: base64 %s",
			 k->index, inner.reason);
		return KEY_BAD;
	}
	br_x509_decoder_init(dc, NULL, NULL);
	br_x509_decoder_push(dc, der, der_len);
	free(der);
	*pk = br_x509_decoder_get_pkey(dc);
	if (!*pk) {
		err_fail(k->e, R_JOSE_BAD_JWK, ERR_NO_OFFSET,
			 "keys[%zu].x5c[0]: certificate does not decode (BearSSL error %d)",
			 k->index, br_x509_decoder_last_error(dc));
		return KEY_BAD;
	}
	return KEY_USABLE;
}

/* The RSA key of x5c[0]: it must equal n/e when those were given (has_n),
 * else it becomes n/e. */
static enum key_outcome rsa_x5c(struct key_ctx *k, uint32_t vx, bool has_n, uint8_t *nbuf,
				size_t *nlen, uint8_t *ebuf, size_t *elen)
{
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	const uint8_t *cn, *ce;
	size_t cnl, cel;
	enum key_outcome o;

	if ((o = x5c_key(k, vx, &dc, &pk)) != KEY_USABLE)
		return o;
	if (pk->key_type != BR_KEYTYPE_RSA)
		return bad(k, "x5c[0] holds no RSA key", "");
	cn = pk->key.rsa.n;
	cnl = pk->key.rsa.nlen;
	ce = pk->key.rsa.e;
	cel = pk->key.rsa.elen;
	strip_zeros(&cn, &cnl);
	strip_zeros(&ce, &cel);
	if (cnl > JWK_RSA_MAX_N || cel > JWK_RSA_MAX_E)
		return KEY_SKIPPED;
	if (has_n) {
		if (cnl != *nlen || memcmp(cn, nbuf, *nlen) != 0 || cel != *elen ||
		    memcmp(ce, ebuf, *elen) != 0)
			return bad(k, "n/e and x5c[0] are different keys", "");
	} else {
		memcpy(nbuf, cn, cnl);
		*nlen = cnl;
		memcpy(ebuf, ce, cel);
		*elen = cel;
	}
	return KEY_USABLE;
}

static enum key_outcome rsa_key(struct key_ctx *k, struct jwk *out)
{
	uint32_t vn, ve, vx;
	bool has_n = member(k, "n", &vn), has_e = member(k, "e", &ve),
	     has_x5c = member(k, "x5c", &vx);
	uint8_t nbuf[JWK_RSA_MAX_N], ebuf[JWK_RSA_MAX_E];
	size_t nlen = 0, elen = 0;
	enum key_outcome o;

	/* RFC 7518 section 6.3.1: "n" and "e" are both required for an RSA public key. */
	if (has_n != has_e)
		return bad(k, "RSA key needs both n and e", "");
	if (!has_n && !has_x5c)
		return bad(k, "RSA key has neither n/e nor x5c", "");
	if (has_n) {
		if ((o = b64url_member(k, vn, "n", nbuf, sizeof(nbuf), &nlen)) != KEY_USABLE)
			return o;
		if ((o = b64url_member(k, ve, "e", ebuf, sizeof(ebuf), &elen)) != KEY_USABLE)
			return o;
		if (!minimal_uint(nbuf, nlen) || !minimal_uint(ebuf, elen))
			return bad(k, "n or e is not a minimal Base64urlUInt (RFC 7518 section 2)",
				   "");
	}
	if (has_x5c && (o = rsa_x5c(k, vx, has_n, nbuf, &nlen, ebuf, &elen)) != KEY_USABLE)
		return o;
	/* e must be odd and at least 3 (RFC 8017 section 3.1); e = 1 would verify anything. */
	if (nlen == 0 || elen == 0 || !(ebuf[elen - 1] & 1) || (elen == 1 && ebuf[0] < 3))
		return bad(k, "RSA exponent is not an odd integer >= 3", "");
	out->type = JWK_RSA;
	memcpy(out->n, nbuf, nlen);
	out->n_len = nlen;
	out->rsa_bits = bit_length(nbuf, nlen);
	memcpy(out->e, ebuf, elen);
	out->e_len = elen;
	return KEY_USABLE;
}

/* RFC 7518 sections 6.2.1.2-3: x and y, each exactly the curve's coordinate
 * size, as the uncompressed point q. */
static enum key_outcome ec_xy(struct key_ctx *k, uint32_t vx, uint32_t vy,
			      const struct jws_alg_info *info, uint8_t *q, size_t *qlen)
{
	enum key_outcome o;
	size_t xl, yl;

	q[0] = 0x04;
	if ((o = b64url_member(k, vx, "x", q + 1, info->coord_len, &xl)) == KEY_BAD)
		return o;
	if (o == KEY_SKIPPED || xl != info->coord_len)
		return bad(k, "x is not the curve's coordinate size", "");
	if ((o = b64url_member(k, vy, "y", q + 1 + xl, info->coord_len, &yl)) == KEY_BAD)
		return o;
	if (o == KEY_SKIPPED || yl != info->coord_len)
		return bad(k, "y is not the curve's coordinate size", "");
	*qlen = 1 + 2 * info->coord_len;
	return KEY_USABLE;
}

/* The key of x5c[0], on crv: it must equal q when x/y were given (has_x),
 * else it becomes q. */
static enum key_outcome ec_x5c(struct key_ctx *k, uint32_t v5, bool has_x,
			       const struct jws_alg_info *info, uint8_t *q, size_t *qlen)
{
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	enum key_outcome o;

	if ((o = x5c_key(k, v5, &dc, &pk)) != KEY_USABLE)
		return o;
	if (pk->key_type != BR_KEYTYPE_EC || pk->key.ec.curve != info->curve ||
	    pk->key.ec.qlen != 1 + 2 * info->coord_len)
		return bad(k, "x5c[0] holds no key on crv", "");
	if (has_x) {
		if (memcmp(pk->key.ec.q, q, *qlen) != 0)
			return bad(k, "x/y and x5c[0] are different keys", "");
	} else {
		*qlen = pk->key.ec.qlen;
		memcpy(q, pk->key.ec.q, *qlen);
	}
	return KEY_USABLE;
}

static enum key_outcome ec_key(struct key_ctx *k, struct jwk *out)
{
	uint32_t vc, vx, vy, v5;
	bool has_x = member(k, "x", &vx), has_y = member(k, "y", &vy),
	     has_x5c = member(k, "x5c", &v5);
	const struct jws_alg_info *info = NULL;
	uint8_t q[JWK_EC_MAX_Q];
	size_t qlen = 0;
	enum key_outcome o;
	static const uint8_t one[1] = {1};
	uint8_t tmp[JWK_EC_MAX_Q];

	/* RFC 7518 section 6.2.1.1: "crv" is required; we support P-256 and P-384. */
	if (!member(k, "crv", &vc) || json_val_type(k->doc, vc) != JSON_STRING)
		return bad(k, "EC key without crv string", "");
	if (json_val_str_eq(k->doc, vc, "P-256", 5))
		info = jws_alg_info(JWS_ES256);
	else if (json_val_str_eq(k->doc, vc, "P-384", 5))
		info = jws_alg_info(JWS_ES384);
	else
		return KEY_SKIPPED;
	if (has_x != has_y)
		return bad(k, "EC key needs both x and y", "");
	if (!has_x && !has_x5c)
		return bad(k, "EC key has neither x/y nor x5c", "");
	if (has_x && (o = ec_xy(k, vx, vy, info, q, &qlen)) != KEY_USABLE)
		return o;
	if (has_x5c && (o = ec_x5c(k, v5, has_x, info, q, &qlen)) != KEY_USABLE)
		return o;
	/* The point must be on the curve: BearSSL's mul decodes and checks it. */
	memcpy(tmp, q, qlen);
	if (!br_ec_get_default()->mul(tmp, qlen, one, sizeof(one), info->curve))
		return bad(k, "EC point is not on the curve", "");
	out->type = JWK_EC;
	out->curve = info->curve;
	memcpy(out->q, q, qlen);
	out->q_len = qlen;
	return KEY_USABLE;
}

/* RFC 7517 sections 4.2-4.3: KEY_SKIPPED unless "use" and "key_ops", when
 * present, allow signature verification. */
static enum key_outcome key_use(struct key_ctx *k)
{
	uint32_t v, it = 0, el;
	bool verify = false;

	/* Section 4.2: a key meant for encryption is not a verification key. */
	if (member(k, "use", &v)) {
		if (json_val_type(k->doc, v) != JSON_STRING)
			return bad(k, "use is not a string", "");
		if (!json_val_str_eq(k->doc, v, "sig", 3))
			return KEY_SKIPPED;
	}
	/* Section 4.3: when key_ops is present it must allow "verify". */
	if (!member(k, "key_ops", &v))
		return KEY_USABLE;
	if (json_val_type(k->doc, v) != JSON_ARRAY)
		return bad(k, "key_ops is not an array", "");
	while (json_arr_next(k->doc, v, &it, &el)) {
		if (json_val_type(k->doc, el) != JSON_STRING)
			return bad(k, "key_ops element is not a string", "");
		if (json_val_str_eq(k->doc, el, "verify", 6))
			verify = true;
	}
	return verify ? KEY_USABLE : KEY_SKIPPED;
}

/* RFC 7517 section 4.4: "alg", when present, restricts the key to one
 * algorithm; KEY_SKIPPED for an algorithm we do not accept. */
static enum key_outcome key_alg(struct key_ctx *k, struct jwk *out)
{
	const struct jws_alg_info *info;
	struct err inner;
	char alg[16];
	size_t alg_len;
	uint32_t v;

	err_clear(&inner);
	if (!member(k, "alg", &v))
		return KEY_USABLE;
	if (json_val_type(k->doc, v) != JSON_STRING)
		return bad(k, "alg is not a string", "");
	if (!json_val_str(k->doc, v, alg, sizeof(alg), &alg_len, 0, &inner) ||
	    !(info = jws_alg_by_name(alg, alg_len)))
		return KEY_SKIPPED;
	if (info->key_type != out->type)
		return bad(k, "alg does not fit kty", "");
	out->alg = info->alg;
	return KEY_USABLE;
}

static enum key_outcome parse_key(struct key_ctx *k, struct jwk *out)
{
	enum key_outcome r;
	struct err inner;
	uint32_t v;

	err_clear(&inner);
	memset(out, 0, sizeof(*out));
	if (json_val_type(k->doc, k->obj) != JSON_OBJECT)
		return bad(k, "not an object", "");
	/* RFC 7517 section 4.1: "kty" is required. */
	if (!member(k, "kty", &v) || json_val_type(k->doc, v) != JSON_STRING)
		return bad(k, "missing kty string", "");
	if (json_val_str_eq(k->doc, v, "RSA", 3))
		out->type = JWK_RSA;
	else if (json_val_str_eq(k->doc, v, "EC", 2))
		out->type = JWK_EC;
	else
		return KEY_SKIPPED; /* unknown key types are ignored (section 5) */
	if ((r = key_use(k)) != KEY_USABLE || (r = key_alg(k, out)) != KEY_USABLE)
		return r;
	/* Section 4.5: "kid" is a string; we compare it byte-exactly. */
	if (member(k, "kid", &v)) {
		if (!json_val_str(k->doc, v, out->kid, sizeof(out->kid), &out->kid_len,
				  JSON_STR_NO_NUL, &inner))
			return bad(k, "kid: ", inner.reason ? inner.reason : "not a string");
		out->has_kid = true;
	}
	if (out->type == JWK_RSA)
		return rsa_key(k, out);
	return ec_key(k, out);
}

bool jwks_parse(struct jwks *ks, const uint8_t *data, size_t len, struct err *e)
{
	const struct json_limits lim = {JWKS_MAX_BYTES, JWKS_MAX_TOKENS, JWKS_MAX_DEPTH};
	struct json_doc doc;
	uint32_t keys, it = 0, el;
	size_t index = 0;
	struct jwk *tmp;
	bool ok = false;

	ks->count = 0;
	ks->skipped = 0;
	if (len > JWKS_MAX_BYTES)
		return err_fail(e, R_JOSE_TOO_LARGE, ERR_NO_OFFSET, "%zu bytes, limit %zu", len,
				JWKS_MAX_BYTES);
	if (!json_doc_parse(&doc, data, len, &lim, e))
		return err_relabel(e, R_JOSE_BAD_JSON, "jwks");
	/* RFC 7517 section 5: a JWKS is an object with a "keys" array. */
	if (json_val_type(&doc, JSON_ROOT) != JSON_OBJECT ||
	    !json_obj_member(&doc, JSON_ROOT, "keys", 4, &keys) ||
	    json_val_type(&doc, keys) != JSON_ARRAY) {
		json_doc_free(&doc);
		return err_fail(e, R_JOSE_NOT_A_JWKS, ERR_NO_OFFSET,
				"expected an object with a \"keys\" array (RFC 7517 section 5)");
	}
	tmp = malloc(sizeof(*tmp));
	if (!tmp) {
		json_doc_free(&doc);
		return err_fail(e, R_JOSE_OUT_OF_MEMORY, ERR_NO_OFFSET, "key");
	}
	while (json_arr_next(&doc, keys, &it, &el)) {
		struct key_ctx k = {&doc, el, index++, e};
		enum key_outcome o = parse_key(&k, tmp);
		if (o == KEY_BAD)
			goto out;
		if (o == KEY_SKIPPED) {
			ks->skipped++;
			continue;
		}
		if (ks->count == JWKS_MAX_KEYS) {
			err_fail(e, R_JOSE_TOO_MANY_KEYS, ERR_NO_OFFSET, "more than %d usable keys",
				 JWKS_MAX_KEYS);
			goto out;
		}
		ks->key[ks->count++] = *tmp;
	}
	if (ks->count == 0) {
		err_fail(e, R_JOSE_NO_USABLE_KEY, ERR_NO_OFFSET, "%zu keys, none usable", index);
		goto out;
	}
	ok = true;
out:
	free(tmp);
	json_doc_free(&doc);
	if (!ok)
		ks->count = 0;
	return ok;
}
