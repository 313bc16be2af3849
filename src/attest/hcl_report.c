#include "attest/hcl_report.h"

#include <string.h>

#include "core/cursor.h"
#include "core/digest.h"
#include "jose/base64.h"
#include "json/json_read.h"

bool hcl_report_parse(const uint8_t *p, size_t n, struct hcl_report *r, struct err *e)
{
	struct cursor c;
	uint32_t sig;

	memset(r, 0, sizeof(*r));
	if (n > HCL_MAX_REPORT)
		return err_fail(e, R_ATTEST_HCL_TOO_LARGE, ERR_NO_OFFSET, "%zu bytes", n);
	cursor_init(&c, p, n);
	if (!cursor_u32le(&c, &sig) || sig != HCL_SIGNATURE)
		return err_fail(e, R_ATTEST_HCL_BAD_SIGNATURE, 0, "not an HCLA report");
	if (!cursor_u32le(&c, &r->version) || !cursor_u32le(&c, &r->report_size) ||
	    !cursor_u32le(&c, &r->request_type) || !cursor_u32le(&c, &r->status) ||
	    !cursor_skip(&c, 12) || !cursor_bytes(&c, HCL_HW_REPORT_SIZE, &r->hw_report))
		return err_fail(e, R_ATTEST_HCL_TRUNCATED, c.off, "header or hardware report");
	if (r->version < 1 || r->version > 2)
		return err_fail(e, R_ATTEST_HCL_UNSUPPORTED_VERSION, 4, "version %u", r->version);
	if (!cursor_u32le(&c, &r->data_size) || !cursor_u32le(&c, &r->data_version) ||
	    !cursor_u32le(&c, &r->report_type) || !cursor_u32le(&c, &r->hash_type) ||
	    !cursor_u32le(&c, &r->claims_size))
		return err_fail(e, R_ATTEST_HCL_TRUNCATED, c.off, "runtime data header");
	if (r->report_type != HCL_REPORT_TYPE_SNP && r->report_type != HCL_REPORT_TYPE_TDX)
		return err_fail(e, R_ATTEST_HCL_UNSUPPORTED_TYPE, HCL_RUNTIME_OFFSET + 8,
				"report type %u (SNP 2 and TDX 4 are implemented)", r->report_type);
	/* data size = 20-byte runtime header + claims (all samples; docs 7.2). */
	if (r->data_size != 20u + (uint64_t)r->claims_size)
		return err_fail(e, R_ATTEST_HCL_BAD_SIZE, HCL_RUNTIME_OFFSET,
				"data size %u, claims %u", r->data_size, r->claims_size);
	if (!cursor_bytes(&c, r->claims_size, &r->claims))
		return err_fail(e, R_ATTEST_HCL_TRUNCATED, c.off, "runtime claims (%u bytes)",
				r->claims_size);
	/* The rest of the NV area is zero (docs 7.2); anything else is refused. */
	if (!cursor_rest_all(&c, 0))
		return err_fail(e, R_ATTEST_TRAILING_BYTES, c.off,
				"non-zero bytes after the claims");
	return true;
}

bool hcl_report_check_binding(const struct hcl_report *r, struct err *e)
{
	static const uint16_t algs[] = {0, TPM_ALG_SHA256, TPM_ALG_SHA384, TPM_ALG_SHA512};
	const struct digest_alg *h;
	const uint8_t *rd;
	uint8_t d[DIGEST_MAX_SIZE];

	if (r->hash_type < 1 || r->hash_type > 3)
		return err_fail(e, R_ATTEST_HCL_UNSUPPORTED_HASH, HCL_RUNTIME_OFFSET + 12,
				"hash type %u", r->hash_type);
	h = digest_by_tpm_alg(algs[r->hash_type]);
	rd = r->hw_report + (r->report_type == HCL_REPORT_TYPE_SNP ? 0x50 : 0x80);
	digest_compute(h, r->claims, r->claims_size, d);
	if (memcmp(rd, d, h->size) != 0)
		return err_fail(e, R_ATTEST_HCL_BINDING_MISMATCH, ERR_NO_OFFSET,
				"REPORT_DATA is not %s(runtime claims)", h->name);
	for (size_t i = h->size; i < 64; i++)
		if (rd[i] != 0)
			return err_fail(e, R_ATTEST_HCL_BINDING_MISMATCH, ERR_NO_OFFSET,
					"REPORT_DATA has non-zero bytes after the claims hash");
	return true;
}

static bool jwk_b64(const struct json_doc *d, uint32_t key, const char *name, uint8_t *out,
		    size_t cap, size_t *n, struct err *e)
{
	char s[2 * RSA_PUB_MAX_N];
	size_t sl;

	return json_get_str(d, key, name, s, sizeof(s), &sl, JSON_STR_NO_NUL, e) &&
	       base64_decode(BASE64_URL, s, sl, out, cap, n, e);
}

bool hcl_report_check_ak(const struct hcl_report *r, const struct rsa_pub *ak, struct err *e)
{
	struct json_doc d;
	uint32_t keys, it = 0, k, found = JSON_NONE;
	uint8_t n[RSA_PUB_MAX_N], x[RSA_PUB_MAX_E];
	size_t nl, xl;
	struct rsa_pub got;
	bool ok = false;

	if (!json_doc_parse(&d, r->claims, r->claims_size, NULL, e))
		return false;
	if (!json_get(&d, JSON_ROOT, "keys", JSON_ARRAY, &keys, e))
		goto out;
	while (json_arr_next(&d, keys, &it, &k)) {
		uint32_t kid;
		if (json_obj_member(&d, k, "kid", 3, &kid) &&
		    json_val_str_eq(&d, kid, "HCLAkPub", 8)) {
			if (found != JSON_NONE) {
				err_fail(e, R_ATTEST_HCL_AK_MISMATCH, ERR_NO_OFFSET,
					 "two HCLAkPub keys in the runtime claims");
				goto out;
			}
			found = k;
		}
	}
	if (found == JSON_NONE) {
		err_fail(e, R_ATTEST_HCL_AK_MISMATCH, ERR_NO_OFFSET,
			 "no HCLAkPub in the runtime claims");
		goto out;
	}
	{
		uint32_t kty;
		if (!json_get(&d, found, "kty", JSON_STRING, &kty, e))
			goto out;
		if (!json_val_str_eq(&d, kty, "RSA", 3)) {
			err_fail(e, R_ATTEST_HCL_AK_MISMATCH, ERR_NO_OFFSET,
				 "HCLAkPub is not an RSA key");
			goto out;
		}
	}
	if (!jwk_b64(&d, found, "n", n, sizeof(n), &nl, e) ||
	    !jwk_b64(&d, found, "e", x, sizeof(x), &xl, e) || !rsa_pub_set(&got, n, nl, x, xl, e))
		goto out;
	if (!rsa_pub_equal(&got, ak)) {
		err_fail(e, R_ATTEST_HCL_AK_MISMATCH, ERR_NO_OFFSET,
			 "HCLAkPub in the runtime claims is not the TPM's AK");
		goto out;
	}
	ok = true;
out:
	json_doc_free(&d);
	return ok;
}
