#include "attest/tpm2b_public.h"

#include <string.h>

#include "core/cursor.h"
#include "core/digest.h"

static bool fail(struct err *e, const struct cursor *c, enum reason_id reason, const char *what)
{
	return err_fail(e, reason, c->off, "TPMT_PUBLIC: %s", what);
}

/* TPMT_SYM_DEF_OBJECT (Part 2 11.1.7). */
static bool sym_def(struct cursor *c, struct tpm_public *k, struct err *e)
{
	if (!cursor_u16be(c, &k->sym_alg))
		return fail(e, c, R_ATTEST_TRUNCATED_PUBLIC, "symmetric");
	if (k->sym_alg == TPM_ALG_NULL)
		return true;
	if (k->sym_alg != TPM_ALG_AES && k->sym_alg != 0x0013 /* SM4 */ &&
	    k->sym_alg != 0x0026 /* CAMELLIA */)
		return fail(e, c, R_ATTEST_BAD_PUBLIC_PARAMETERS, "symmetric algorithm");
	if (!cursor_u16be(c, &k->sym_bits) || !cursor_u16be(c, &k->sym_mode))
		return fail(e, c, R_ATTEST_TRUNCATED_PUBLIC, "symmetric details");
	return true;
}

static bool is_hash(uint16_t alg)
{
	return digest_by_tpm_alg(alg) != NULL;
}

/* TPMT_RSA_SCHEME (Part 2 11.2.4.2) / TPMT_ECC_SCHEME (11.2.5.6). */
static bool scheme(struct cursor *c, struct tpm_public *k, struct err *e)
{
	if (!cursor_u16be(c, &k->scheme))
		return fail(e, c, R_ATTEST_TRUNCATED_PUBLIC, "scheme");
	switch (k->scheme) {
	case TPM_ALG_NULL:
		return true;
	case TPM_ALG_RSAES:
		if (k->type != TPM_ALG_RSA)
			break;
		return true; /* TPMS_ENC_SCHEME_RSAES is empty */
	case TPM_ALG_RSASSA:
	case TPM_ALG_RSAPSS:
	case TPM_ALG_OAEP:
		if (k->type != TPM_ALG_RSA)
			break;
		goto hash;
	case TPM_ALG_ECDSA:
	case TPM_ALG_ECDH:
	case TPM_ALG_ECSCHNORR:
	case TPM_ALG_ECDAA:
	case 0x001B: /* SM2 */
	case 0x001D: /* ECMQV */
		if (k->type != TPM_ALG_ECC)
			break;
		goto hash;
	default:
		break;
	}
	return fail(e, c, R_ATTEST_BAD_PUBLIC_PARAMETERS, "scheme not valid for the key type");
hash:
	if (!cursor_u16be(c, &k->scheme_hash))
		return fail(e, c, R_ATTEST_TRUNCATED_PUBLIC, "scheme hash");
	if (!is_hash(k->scheme_hash))
		return fail(e, c, R_ATTEST_BAD_PUBLIC_PARAMETERS, "scheme hash algorithm");
	if (k->scheme == TPM_ALG_ECDAA && !cursor_u16be(c, &k->scheme_count))
		return fail(e, c, R_ATTEST_TRUNCATED_PUBLIC, "ECDAA count");
	return true;
}

static bool parse_rsa(struct cursor *c, struct tpm_public *k, struct err *e)
{
	if (!sym_def(c, k, e) || !scheme(c, k, e))
		return false;
	if (!cursor_u16be(c, &k->rsa_bits) || !cursor_u32be(c, &k->rsa_exponent))
		return fail(e, c, R_ATTEST_TRUNCATED_PUBLIC, "RSA parameters");
	if (!cursor_u16be_sized(c, TPM_MAX_RSA_BYTES, &k->rsa_n, &k->rsa_n_len))
		return fail(e, c, R_ATTEST_BAD_PUBLIC_UNIQUE, "RSA modulus size");
	/* The modulus is exactly keyBits long (Part 2 11.2.4.5 / TPM_RC_KEY). */
	if (k->rsa_n_len * 8 != k->rsa_bits)
		return fail(e, c, R_ATTEST_BAD_PUBLIC_UNIQUE, "modulus size differs from keyBits");
	return true;
}

static bool parse_ecc(struct cursor *c, struct tpm_public *k, struct err *e)
{
	if (!sym_def(c, k, e) || !scheme(c, k, e))
		return false;
	if (!cursor_u16be(c, &k->ecc_curve) || !cursor_u16be(c, &k->kdf))
		return fail(e, c, R_ATTEST_TRUNCATED_PUBLIC, "ECC parameters");
	/* TPMT_KDF_SCHEME (Part 2 11.2.3.3). */
	if (k->kdf != TPM_ALG_NULL) {
		if (k->kdf != TPM_ALG_KDF1_SP800_56A && k->kdf != TPM_ALG_KDF2 &&
		    k->kdf != TPM_ALG_KDF1_SP800_108 && k->kdf != 0x0007 /* MGF1 */)
			return fail(e, c, R_ATTEST_BAD_PUBLIC_PARAMETERS, "KDF scheme");
		if (!cursor_u16be(c, &k->kdf_hash) || !is_hash(k->kdf_hash))
			return fail(e, c, R_ATTEST_BAD_PUBLIC_PARAMETERS, "KDF hash");
	}
	/* TPMS_ECC_POINT (Part 2 11.2.5.2). */
	if (!cursor_u16be_sized(c, TPM_MAX_ECC_BYTES, &k->ecc_x, &k->ecc_x_len) ||
	    !cursor_u16be_sized(c, TPM_MAX_ECC_BYTES, &k->ecc_y, &k->ecc_y_len))
		return fail(e, c, R_ATTEST_BAD_PUBLIC_UNIQUE, "ECC point");
	return true;
}

bool tpmt_public_parse(const uint8_t *p, size_t n, struct tpm_public *k, struct err *e)
{
	struct cursor c;
	const struct digest_alg *h;

	memset(k, 0, sizeof(*k));
	cursor_init(&c, p, n);
	if (n > TPM_MAX_PUBLIC)
		return fail(e, &c, R_ATTEST_PUBLIC_TOO_LARGE, "over TPM_MAX_PUBLIC");
	k->tpmt = p;
	k->tpmt_len = n;
	if (!cursor_u16be(&c, &k->type) || !cursor_u16be(&c, &k->name_alg) ||
	    !cursor_u32be(&c, &k->attributes))
		return fail(e, &c, R_ATTEST_TRUNCATED_PUBLIC, "header");
	/* nameAlg: a hash the Name can be computed with (Part 2 12.2.4, TPMI_ALG_HASH). */
	h = digest_by_tpm_alg(k->name_alg);
	if (!h)
		return err_fail(e, R_ATTEST_BAD_PUBLIC_NAME_ALG, 2, "nameAlg 0x%04x", k->name_alg);
	if (k->attributes & OBJ_ATTR_RESERVED)
		return err_fail(e, R_ATTEST_BAD_PUBLIC_ATTRIBUTES, 4,
				"reserved TPMA_OBJECT bits 0x%08x",
				k->attributes & OBJ_ATTR_RESERVED);
	if (!cursor_u16be_sized(&c, TPM_MAX_DIGEST, &k->auth_policy, &k->auth_policy_len))
		return fail(e, &c, R_ATTEST_BAD_PUBLIC_POLICY, "authPolicy size");
	/* authPolicy is empty or one nameAlg digest (Part 2 12.2.4, TPM_RC_SIZE). */
	if (k->auth_policy_len != 0 && k->auth_policy_len != h->size)
		return fail(e, &c, R_ATTEST_BAD_PUBLIC_POLICY,
			    "authPolicy is not a nameAlg digest");
	switch (k->type) {
	case TPM_ALG_RSA:
		if (!parse_rsa(&c, k, e))
			return false;
		break;
	case TPM_ALG_ECC:
		if (!parse_ecc(&c, k, e))
			return false;
		break;
	default:
		return err_fail(e, R_ATTEST_UNSUPPORTED_KEY_TYPE, 0, "TPMT_PUBLIC type 0x%04x",
				k->type);
	}
	if (!cursor_at_end(&c))
		return fail(e, &c, R_ATTEST_TRAILING_BYTES, "bytes after the unique field");
	return true;
}

bool tpm2b_public_parse(const uint8_t *p, size_t n, struct tpm_public *k, struct err *e)
{
	struct cursor c;
	uint16_t sz;
	const uint8_t *body;

	cursor_init(&c, p, n);
	if (!cursor_u16be(&c, &sz))
		return err_fail(e, R_ATTEST_TRUNCATED_PUBLIC, 0, "TPM2B_PUBLIC size");
	if (sz != cursor_left(&c))
		return err_fail(
		    e, sz > cursor_left(&c) ? R_ATTEST_TRUNCATED_PUBLIC : R_ATTEST_TRAILING_BYTES,
		    0, "TPM2B_PUBLIC size %u, %zu bytes follow", sz, cursor_left(&c));
	if (!cursor_bytes(&c, sz, &body))
		return err_fail(e, R_ATTEST_TRUNCATED_PUBLIC, 2, "TPM2B_PUBLIC body");
	if (!tpmt_public_parse(body, sz, k, e)) {
		if (e && e->offset != ERR_NO_OFFSET)
			e->offset += 2;
		return false;
	}
	return true;
}

bool tpm_public_name(const struct tpm_public *k, uint8_t *name, size_t *len, struct err *e)
{
	const struct digest_alg *h = digest_by_tpm_alg(k->name_alg);

	if (!h || !h->impl)
		return err_fail(e, R_ATTEST_UNSUPPORTED_NAME_ALG, ERR_NO_OFFSET, "nameAlg 0x%04x",
				k->name_alg);
	store_u16be(name, k->name_alg);
	digest_compute(h, k->tpmt, k->tpmt_len, name + 2);
	*len = 2 + h->size;
	return true;
}

bool tpm_public_rsa(const struct tpm_public *k, struct rsa_pub *out, struct err *e)
{
	uint8_t ex[4];
	uint32_t x;

	if (k->type != TPM_ALG_RSA)
		return err_fail(e, R_ATTEST_UNSUPPORTED_KEY_TYPE, ERR_NO_OFFSET, "not an RSA key");
	/* Part 2 12.2.3.5: exponent 0 means the default, 2^16 + 1. */
	x = k->rsa_exponent ? k->rsa_exponent : 65537u;
	store_u32be(ex, x);
	return rsa_pub_set(out, k->rsa_n, k->rsa_n_len, ex, 4, e);
}
