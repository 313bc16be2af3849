/*
 * maa_token_check: a verified token's binding to this run (maa_token_check.h). Pure.
 */
#include "provider/maa_token_check.h"

#include <string.h>

#include "jose/base64.h"
#include "json/json_read.h"

/* Leading zero bytes are not part of an RSA integer (RFC 7518 6.3.1.1: n is minimal). */
static void strip_zeros(const uint8_t **p, size_t *n)
{
	while (*n > 0 && (*p)[0] == 0) {
		(*p)++;
		(*n)--;
	}
}

/* x-ms-runtime.client-payload.nonce is the string we sent (docs/maa-azureguest.md 4.2). */
static bool check_nonce(const struct json_doc *c, uint32_t rt, const struct maa_token_expect *x,
			struct err *e)
{
	uint32_t v;

	if (!json_find(c, rt, "client-payload.nonce", &v) || json_val_type(c, v) != JSON_STRING)
		return err_fail(e, R_PROVIDER_TOKEN_CLAIM_INVALID, ERR_NO_OFFSET,
				"x-ms-runtime.client-payload.nonce: absent or not a string");
	if (!json_val_str_eq(c, v, x->nonce_b64, x->nonce_b64_len))
		return err_fail(e, R_PROVIDER_TOKEN_NONCE_MISMATCH, ERR_NO_OFFSET,
				"x-ms-runtime.client-payload.nonce is not the nonce sent (%.44s)",
				x->nonce_b64);
	return true;
}

/* The one keys[] entry with our kid; a second one is ambiguous (never matched by position). */
static bool find_key(const struct json_doc *c, uint32_t keys, uint32_t *key, struct err *e)
{
	uint32_t it = 0, el, kid;
	bool found = false;

	while (json_arr_next(c, keys, &it, &el)) {
		if (json_val_type(c, el) != JSON_OBJECT)
			return err_fail(e, R_PROVIDER_TOKEN_CLAIM_INVALID, ERR_NO_OFFSET,
					"x-ms-runtime.keys: an entry is not an object");
		if (!json_obj_member(c, el, "kid", 3, &kid) ||
		    !json_val_str_eq(c, kid, MAA_EPHEMERAL_KID, strlen(MAA_EPHEMERAL_KID)))
			continue;
		if (found)
			return err_fail(e, R_PROVIDER_TOKEN_CLAIM_INVALID, ERR_NO_OFFSET,
					"x-ms-runtime.keys: two keys with kid " MAA_EPHEMERAL_KID);
		*key = el;
		found = true;
	}
	if (!found)
		return err_fail(e, R_PROVIDER_TOKEN_ENC_KEY_MISSING, ERR_NO_OFFSET,
				"x-ms-runtime.keys has no kid " MAA_EPHEMERAL_KID);
	return true;
}

/* A base64url member of key decoded into out; false (mismatch) when absent or malformed. */
static bool key_bytes(const struct json_doc *c, uint32_t key, const char *name, uint8_t *out,
		      size_t cap, size_t *n)
{
	uint32_t v;
	struct err inner;

	err_clear(&inner);
	if (!json_obj_member(c, key, name, strlen(name), &v) || json_val_type(c, v) != JSON_STRING)
		return false;
	return base64_decode(BASE64_URL, c->text + c->tok[v].start, c->tok[v].end - c->tok[v].start,
			     out, cap, n, &inner);
}

/* x-ms-runtime.keys[kid TpmEphemeralEncryptionKey] is EncKeyPub (RSA, n equal, e 65537). */
static bool check_key(const struct json_doc *c, uint32_t rt, const struct maa_token_expect *x,
		      struct err *e)
{
	static const uint8_t e65537[] = {0x01, 0x00, 0x01};
	uint8_t n[MAA_TOKEN_MAX_N + 1], ex[8];
	const uint8_t *np = n, *want = x->enc_n;
	size_t nlen, elen, wlen = x->enc_n_len;
	uint32_t keys, key = JSON_NONE, kty;

	if (!json_obj_member(c, rt, "keys", 4, &keys) || json_val_type(c, keys) != JSON_ARRAY)
		return err_fail(e, R_PROVIDER_TOKEN_CLAIM_INVALID, ERR_NO_OFFSET,
				"x-ms-runtime.keys: absent or not an array");
	if (!find_key(c, keys, &key, e))
		return false;
	if (!json_obj_member(c, key, "kty", 3, &kty) || !json_val_str_eq(c, kty, "RSA", 3))
		return err_fail(e, R_PROVIDER_TOKEN_ENC_KEY_MISMATCH, ERR_NO_OFFSET,
				"kty is not RSA");
	if (!key_bytes(c, key, "n", n, sizeof(n), &nlen) ||
	    !key_bytes(c, key, "e", ex, sizeof(ex), &elen))
		return err_fail(e, R_PROVIDER_TOKEN_ENC_KEY_MISMATCH, ERR_NO_OFFSET,
				"n or e absent or not base64url");
	strip_zeros(&np, &nlen);
	strip_zeros(&want, &wlen);
	if (nlen != wlen || wlen == 0 || memcmp(np, want, wlen) != 0)
		return err_fail(e, R_PROVIDER_TOKEN_ENC_KEY_MISMATCH, ERR_NO_OFFSET,
				"n is not EncKeyPub's modulus");
	if (elen != sizeof(e65537) || memcmp(ex, e65537, elen) != 0)
		return err_fail(e, R_PROVIDER_TOKEN_ENC_KEY_MISMATCH, ERR_NO_OFFSET,
				"e is not 65537");
	return true;
}

/* x-ms-azurevm-attested-pcrs covers every required PCR (docs/maa-azureguest.md 4.2). */
static bool check_pcrs(const struct json_doc *c, uint32_t required, struct err *e)
{
	uint32_t arr, it = 0, el, have = 0;
	int64_t i;
	struct err inner;

	if (!json_obj_member(c, JSON_ROOT, "x-ms-azurevm-attested-pcrs", 26, &arr) ||
	    json_val_type(c, arr) != JSON_ARRAY)
		return err_fail(e, R_PROVIDER_TOKEN_CLAIM_INVALID, ERR_NO_OFFSET,
				"x-ms-azurevm-attested-pcrs: absent or not an array");
	err_clear(&inner);
	while (json_arr_next(c, arr, &it, &el)) {
		if (!json_val_i64(c, el, &i, &inner) || i < 0 || i > 23)
			return err_fail(e, R_PROVIDER_TOKEN_CLAIM_INVALID, ERR_NO_OFFSET,
					"x-ms-azurevm-attested-pcrs: not integers 0-23");
		have |= 1u << i;
	}
	if ((have & required) != required)
		return err_fail(e, R_PROVIDER_TOKEN_PCRS_MISSING, ERR_NO_OFFSET,
				"required 0x%06x, attested 0x%06x", (unsigned)required,
				(unsigned)have);
	return true;
}

bool maa_token_check(const struct json_doc *claims, const struct maa_token_expect *x, struct err *e)
{
	uint32_t rt;

	if (!x || !x->nonce_b64 || !x->enc_n || x->enc_n_len > MAA_TOKEN_MAX_N ||
	    x->pcr_mask == 0 || (x->pcr_mask >> 24) != 0)
		return err_fail(e, R_PROVIDER_INTERNAL, ERR_NO_OFFSET, "bad token expectations");
	if (json_val_type(claims, JSON_ROOT) != JSON_OBJECT ||
	    !json_obj_member(claims, JSON_ROOT, "x-ms-runtime", 12, &rt) ||
	    json_val_type(claims, rt) != JSON_OBJECT)
		return err_fail(e, R_PROVIDER_TOKEN_CLAIM_INVALID, ERR_NO_OFFSET,
				"x-ms-runtime: absent or not an object");
	return check_nonce(claims, rt, x, e) && check_key(claims, rt, x, e) &&
	       check_pcrs(claims, x->pcr_mask, e);
}
