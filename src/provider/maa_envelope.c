#include "provider/maa_envelope.h"

#include <string.h>

#include <bearssl_aead.h>
#include <bearssl_block.h>
#include <bearssl_hash.h>

#include "jose/base64.h"
#include "json/json_parse.h"
#include "json/json_read.h"

/* Both documents are small objects; extra members are tolerated but counted. */
static const struct json_limits envelope_limits = {MAA_RESPONSE_MAX_BODY, 1024, 8};

void maa_envelope_init(struct maa_envelope *env)
{
	memset(env, 0, sizeof(*env));
	buf_init(&env->jwt_ct, MAA_RESPONSE_MAX_BODY);
}

void maa_envelope_free(struct maa_envelope *env)
{
	buf_free(&env->jwt_ct);
	memset(env, 0, sizeof(*env));
}

/* The string member name of obj, decoded into tmp. */
static bool member_str(const struct json_doc *d, uint32_t obj, const char *name, struct buf *tmp,
		       struct err *e)
{
	uint32_t v;
	struct err je;

	if (!json_obj_member(d, obj, name, strlen(name), &v))
		return err_fail(e, R_PROVIDER_ENVELOPE_MEMBER_MISSING, ERR_NO_OFFSET, "%s", name);
	if (json_val_type(d, v) != JSON_STRING)
		return err_fail(e, R_PROVIDER_ENVELOPE_MEMBER_TYPE, d->tok[v].start,
				"%s is not a string", name);
	err_clear(&je);
	if (!json_val_str_buf(d, v, tmp, JSON_STR_NO_NUL, &je))
		return err_fail(e, R_PROVIDER_ENVELOPE_MEMBER_TYPE, d->tok[v].start, "%s: %s", name,
				je.reason);
	return true;
}

/* A standard-base64 member of exactly want bytes (want 0: any size up to out's max). */
static bool member_b64(const struct json_doc *d, uint32_t obj, const char *name, size_t want,
		       enum reason_id size_reason, struct buf *tmp, struct buf *out, struct err *e)
{
	size_t len = 0, room;
	struct err be;

	if (!member_str(d, obj, name, tmp, e))
		return false;
	buf_reset(out);
	room = base64_decoded_max(tmp->len);
	if (room > 0 && !buf_reserve(out, room))
		return err_fail(e, R_PROVIDER_RESPONSE_TOO_LARGE, ERR_NO_OFFSET, "%s", name);
	err_clear(&be);
	if (!base64_decode(BASE64_STD, (const char *)tmp->data, tmp->len, out->data, room, &len,
			   &be))
		return err_fail(e, R_PROVIDER_ENVELOPE_BAD_BASE64, be.offset, "%s: %s", name,
				be.reason);
	out->len = len;
	if (want && len != want)
		return err_fail(e, size_reason, ERR_NO_OFFSET, "%s is %zu bytes, want %zu", name,
				len, want);
	return true;
}

/* 3.2: EncryptionParams, held to the only values every client accepts (NativeConverter). */
static bool read_params(const struct json_doc *d, uint32_t env, struct maa_envelope *out,
			struct buf *tmp, struct buf *raw, struct err *e)
{
	static const struct {
		const char *name, *want;
		enum reason_id reason;
	} fixed[] = {{"Cipher", "AES", R_PROVIDER_UNSUPPORTED_CIPHER},
		     {"BlockMode", "ChainingModeGCM", R_PROVIDER_UNSUPPORTED_BLOCK_MODE},
		     {"BlockPadding", "PKCS7", R_PROVIDER_UNSUPPORTED_PADDING}};
	uint32_t p, k;
	uint64_t bits;
	struct err je;

	if (!json_obj_member(d, env, "EncryptionParams", 16, &p))
		return err_fail(e, R_PROVIDER_ENVELOPE_MEMBER_MISSING, ERR_NO_OFFSET,
				"EncryptionParams");
	if (json_val_type(d, p) != JSON_OBJECT)
		return err_fail(e, R_PROVIDER_ENVELOPE_MEMBER_TYPE, d->tok[p].start,
				"EncryptionParams is not an object");
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		if (!member_str(d, p, fixed[i].name, tmp, e))
			return false;
		if (tmp->len != strlen(fixed[i].want) ||
		    memcmp(tmp->data, fixed[i].want, tmp->len) != 0)
			return err_fail(e, fixed[i].reason, ERR_NO_OFFSET, "%s is not %s",
					fixed[i].name, fixed[i].want);
	}
	if (!json_obj_member(d, p, "KeySizeInBits", 13, &k))
		return err_fail(e, R_PROVIDER_ENVELOPE_MEMBER_MISSING, ERR_NO_OFFSET,
				"KeySizeInBits");
	err_clear(&je);
	if (json_val_type(d, k) != JSON_NUMBER || !json_val_u64(d, k, &bits, &je))
		return err_fail(e, R_PROVIDER_ENVELOPE_MEMBER_TYPE, d->tok[k].start,
				"KeySizeInBits is not an unsigned integer");
	/* AES (FIPS 197) keys: 128, 192 or 256 bits. */
	if (bits != 128 && bits != 192 && bits != 256)
		return err_fail(e, R_PROVIDER_KEY_SIZE_INVALID, d->tok[k].start,
				"KeySizeInBits %llu", (unsigned long long)bits);
	out->key_bits = (uint32_t)bits;
	/* SP 800-38D 8.2: the 96-bit IV every client requires (3.3 step 3). */
	if (!member_b64(d, p, "Iv", MAA_GCM_IV_SIZE, R_PROVIDER_IV_SIZE, tmp, raw, e))
		return false;
	memcpy(out->iv, raw->data, MAA_GCM_IV_SIZE);
	return true;
}

static bool read_envelope(const uint8_t *text, size_t n, struct maa_envelope *out, struct buf *tmp,
			  struct buf *raw, struct err *e)
{
	struct json_doc d;
	struct err je;
	bool ok;

	err_clear(&je);
	if (!json_doc_parse(&d, text, n, &envelope_limits, &je))
		return err_fail(e, R_PROVIDER_ENVELOPE_NOT_JSON, je.offset, "%s", je.reason);
	ok = json_val_type(&d, JSON_ROOT) == JSON_OBJECT ||
	     err_fail(e, R_PROVIDER_ENVELOPE_NOT_JSON, 0, "not an object");
	ok = ok && member_b64(&d, JSON_ROOT, "EncryptedInnerKey", MAA_INNER_KEY_CT_SIZE,
			      R_PROVIDER_INNER_KEY_SIZE, tmp, raw, e);
	if (ok)
		memcpy(out->inner_key_ct, raw->data, MAA_INNER_KEY_CT_SIZE);
	ok = ok && read_params(&d, JSON_ROOT, out, tmp, raw, e);
	ok = ok && member_b64(&d, JSON_ROOT, "AuthenticationData", MAA_GCM_TAG_SIZE,
			      R_PROVIDER_TAG_SIZE, tmp, raw, e);
	if (ok)
		memcpy(out->tag, raw->data, MAA_GCM_TAG_SIZE);
	ok = ok && member_b64(&d, JSON_ROOT, "Jwt", 0, R_NONE, tmp, &out->jwt_ct, e);
	ok = ok && (out->jwt_ct.len > 0 || err_fail(e, R_PROVIDER_JWT_EMPTY, ERR_NO_OFFSET, "Jwt"));
	json_doc_free(&d);
	return ok;
}

bool maa_envelope_parse(const uint8_t *body, size_t n, struct maa_envelope *out, struct err *e)
{
	struct json_doc d;
	struct err je;
	struct buf tmp, raw;
	uint32_t t = 0;
	size_t len = 0;
	bool ok;

	if (n > MAA_RESPONSE_MAX_BODY)
		return err_fail(e, R_PROVIDER_RESPONSE_TOO_LARGE, ERR_NO_OFFSET, "%zu bytes", n);
	err_clear(&je);
	if (!json_doc_parse(&d, body, n, &envelope_limits, &je))
		return err_fail(e, R_PROVIDER_RESPONSE_NOT_JSON, je.offset, "%s", je.reason);
	buf_init(&tmp, MAA_RESPONSE_MAX_BODY);
	buf_init(&raw, MAA_RESPONSE_MAX_BODY);
	/* 3.1: the answer is {"token": envelope} (C++ ParseMaaResponse reads exactly token). */
	ok = (json_val_type(&d, JSON_ROOT) == JSON_OBJECT &&
	      json_obj_member(&d, JSON_ROOT, "token", 5, &t) &&
	      json_val_type(&d, t) == JSON_STRING) ||
	     err_fail(e, R_PROVIDER_RESPONSE_NO_TOKEN, ERR_NO_OFFSET, "no string member token");
	ok = ok && json_val_str_buf(&d, t, &tmp, JSON_STR_NO_NUL, e);
	json_doc_free(&d);
	/* 3.2: base64url without padding of the envelope's JSON text. */
	if (ok && (!buf_reserve(&raw, base64_decoded_max(tmp.len) + 1) ||
		   !base64_decode(BASE64_URL, (const char *)tmp.data, tmp.len, raw.data,
				  base64_decoded_max(tmp.len) + 1, &len, &je)))
		ok = err_fail(e, R_PROVIDER_TOKEN_NOT_BASE64URL, je.offset, "%s",
			      je.reason ? je.reason : "too large");
	if (ok) {
		struct buf field; /* decoded byte fields; raw holds the envelope text */
		raw.len = len;
		buf_init(&field, MAA_RESPONSE_MAX_BODY);
		ok = read_envelope(raw.data, raw.len, out, &tmp, &field, e);
		buf_free(&field);
	}
	buf_free(&tmp);
	buf_free(&raw);
	return ok;
}

bool maa_envelope_open(const struct maa_envelope *env, const uint8_t *key, size_t key_len,
		       struct buf *jwt, struct err *e)
{
	br_aes_ct_ctr_keys ctr;
	br_gcm_context gcm;
	uint32_t tag_ok;

	buf_reset(jwt);
	/* 3.3 step 3: the key length comes from the decrypted key and must match KeySizeInBits. */
	if ((key_len != 16 && key_len != 24 && key_len != 32) || key_len * 8 != env->key_bits)
		return err_fail(e, R_PROVIDER_KEY_SIZE_MISMATCH, ERR_NO_OFFSET,
				"inner key %zu bytes, KeySizeInBits %u", key_len, env->key_bits);
	if (env->jwt_ct.len == 0)
		return err_fail(e, R_PROVIDER_JWT_EMPTY, ERR_NO_OFFSET, "Jwt");
	if (!buf_append(jwt, env->jwt_ct.data, env->jwt_ct.len))
		return err_fail(e, R_PROVIDER_RESPONSE_TOO_LARGE, ERR_NO_OFFSET, "Jwt %zu bytes",
				env->jwt_ct.len);
	br_aes_ct_ctr_init(&ctr, key, key_len);
	br_gcm_init(&gcm, &ctr.vtable, br_ghash_ctmul64);
	br_gcm_reset(&gcm, env->iv, MAA_GCM_IV_SIZE);
	br_gcm_aad_inject(&gcm, MAA_ENVELOPE_AAD, MAA_ENVELOPE_AAD_LEN);
	br_gcm_flip(&gcm);
	br_gcm_run(&gcm, 0, jwt->data, jwt->len);
	/* SP 800-38D 7.2 step 8: constant-time tag comparison; no plaintext without it. */
	tag_ok = br_gcm_check_tag(&gcm, env->tag);
	memset(&ctr, 0, sizeof(ctr));
	memset(&gcm, 0, sizeof(gcm));
	if (!tag_ok) {
		memset(jwt->data, 0, jwt->len);
		buf_reset(jwt);
		return err_fail(e, R_PROVIDER_TAG_MISMATCH, ERR_NO_OFFSET,
				"AES-GCM tag does not verify (AuthenticationData)");
	}
	return true;
}
