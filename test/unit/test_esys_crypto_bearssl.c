/*
 * Unit tests for src/tpm/esys_crypto_bearssl.c: the ESAPI crypto callbacks
 * against known-answer vectors (FIPS 180-4 examples, RFC 2202/4231 HMAC,
 * NIST SP 800-38A F.3.13/F.3.14/F.3.17/F.3.18 AES-CFB128), an RSA-OAEP round
 * trip through BearSSL's private-key OAEP decryption, and ECDH agreement.
 */
#include "test_util.h"

#include <bearssl.h>
#include <tss2/tss2_mu.h>

#include "core/hex.h"
#include "tpm/esys_crypto_bearssl.h"

static size_t unhex(const char *h, uint8_t *out, size_t cap)
{
	size_t n = 0;
	assert_true(hex_decode(h, strlen(h), out, cap, &n));
	return n;
}

static void assert_hex(const uint8_t *got, size_t n, const char *want)
{
	char h[2 * 256 + 1];
	assert_true(n <= 256);
	hex_encode(got, n, h);
	assert_string_equal(h, want);
}

/* A DRBG with a fixed seed, so keys made in the tests are the same every run. */
static void fixed_drbg(br_hmac_drbg_context *d, const char *seed)
{
	br_hmac_drbg_init(d, &br_sha256_vtable, seed, strlen(seed));
}

/* ---- hashes ---- */

static void hash_once(TPM2_ALG_ID alg, const char *msg, const char *want)
{
	ESYS_CRYPTO_CONTEXT_BLOB *c = NULL;
	uint8_t out[64];
	size_t n = sizeof(out);

	assert_int_equal(esys_br_hash_start(&c, alg, NULL), TSS2_RC_SUCCESS);
	assert_int_equal(esys_br_hash_update(c, (const uint8_t *)msg, strlen(msg), NULL), 0);
	assert_int_equal(esys_br_hash_finish(&c, out, &n, NULL), TSS2_RC_SUCCESS);
	assert_null(c);
	assert_hex(out, n, want);
}

static void test_hash_matches_fips180_abc_vectors(void **state)
{
	(void)state;
	hash_once(TPM2_ALG_SHA1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d");
	hash_once(TPM2_ALG_SHA256, "abc",
		  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hash_once(TPM2_ALG_SHA384, "abc",
		  "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7"
		  "cc2358baeca134c825a7");
	hash_once(TPM2_ALG_SHA512, "abc",
		  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274f"
		  "c1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

static void test_hash_updates_in_pieces_equal_one_update(void **state)
{
	(void)state;
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	ESYS_CRYPTO_CONTEXT_BLOB *c = NULL;
	uint8_t out[32];
	size_t n = sizeof(out);

	assert_int_equal(esys_br_hash_start(&c, TPM2_ALG_SHA256, NULL), TSS2_RC_SUCCESS);
	for (size_t i = 0; i < strlen(m); i += 5) {
		size_t k = strlen(m) - i < 5 ? strlen(m) - i : 5;
		assert_int_equal(esys_br_hash_update(c, (const uint8_t *)m + i, k, NULL), 0);
	}
	assert_int_equal(esys_br_hash_update(c, NULL, 0, NULL), TSS2_RC_SUCCESS);
	assert_int_equal(esys_br_hash_finish(&c, out, &n, NULL), TSS2_RC_SUCCESS);
	assert_hex(out, n, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_hash_refuses_unimplemented_algorithms(void **state)
{
	(void)state;
	ESYS_CRYPTO_CONTEXT_BLOB *c = NULL;
	assert_int_equal(esys_br_hash_start(&c, TPM2_ALG_SM3_256, NULL),
			 TSS2_ESYS_RC_NOT_IMPLEMENTED);
	assert_int_equal(esys_br_hash_start(&c, TPM2_ALG_SHA3_256, NULL),
			 TSS2_ESYS_RC_NOT_IMPLEMENTED);
	assert_int_equal(esys_br_hash_start(&c, TPM2_ALG_NULL, NULL), TSS2_ESYS_RC_NOT_IMPLEMENTED);
	assert_null(c);
	assert_int_equal(esys_br_hash_start(NULL, TPM2_ALG_SHA256, NULL),
			 TSS2_ESYS_RC_BAD_REFERENCE);
}

static void test_hash_finish_with_short_buffer_fails_and_abort_frees(void **state)
{
	(void)state;
	ESYS_CRYPTO_CONTEXT_BLOB *c = NULL;
	uint8_t out[64];
	size_t n = 31;

	assert_int_equal(esys_br_hash_start(&c, TPM2_ALG_SHA256, NULL), TSS2_RC_SUCCESS);
	assert_int_equal(esys_br_hash_finish(&c, out, &n, NULL), TSS2_ESYS_RC_BAD_SIZE);
	assert_non_null(c);
	/* A hash context is not an HMAC context (and vice versa). */
	assert_int_equal(esys_br_hmac_update(c, out, 1, NULL), TSS2_ESYS_RC_BAD_REFERENCE);
	esys_br_hmac_abort(&c, NULL);
	assert_non_null(c);
	esys_br_hash_abort(&c, NULL); /* ASan reports a leak if this does not free */
	assert_null(c);
	esys_br_hash_abort(&c, NULL);
	esys_br_hash_abort(NULL, NULL);
}

/* ---- HMAC ---- */

static void hmac_once(TPM2_ALG_ID alg, const uint8_t *key, size_t keylen, const char *msg,
		      const char *want)
{
	ESYS_CRYPTO_CONTEXT_BLOB *c = NULL;
	uint8_t out[64];
	size_t n = sizeof(out);

	assert_int_equal(esys_br_hmac_start(&c, alg, key, keylen, NULL), TSS2_RC_SUCCESS);
	assert_int_equal(esys_br_hmac_update(c, (const uint8_t *)msg, strlen(msg), NULL), 0);
	assert_int_equal(esys_br_hmac_finish(&c, out, &n, NULL), TSS2_RC_SUCCESS);
	assert_null(c);
	assert_hex(out, n, want);
}

static void test_hmac_matches_rfc4231_and_rfc2202_vectors(void **state)
{
	(void)state;
	uint8_t k1[20], k6[131];
	memset(k1, 0x0b, sizeof(k1));
	memset(k6, 0xaa, sizeof(k6));

	/* RFC 2202 test case 1 (HMAC-SHA-1). */
	hmac_once(TPM2_ALG_SHA1, k1, 20, "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00");
	/* RFC 4231 test case 1. */
	hmac_once(TPM2_ALG_SHA256, k1, 20, "Hi There",
		  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	hmac_once(TPM2_ALG_SHA384, k1, 20, "Hi There",
		  "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076e"
		  "de7f4af152e8b2fa9cb6");
	hmac_once(TPM2_ALG_SHA512, k1, 20, "Hi There",
		  "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8"
		  "a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
	/* RFC 4231 test case 6: a key longer than the block is hashed first. */
	hmac_once(TPM2_ALG_SHA256, k6, sizeof(k6),
		  "Test Using Larger Than Block-Size Key - Hash Key First",
		  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

static void test_hmac_refuses_unknown_hash_and_short_buffer(void **state)
{
	(void)state;
	ESYS_CRYPTO_CONTEXT_BLOB *c = NULL;
	uint8_t key[4] = {1, 2, 3, 4}, out[64];
	size_t n = 20;

	assert_int_equal(esys_br_hmac_start(&c, TPM2_ALG_SM3_256, key, 4, NULL),
			 TSS2_ESYS_RC_NOT_IMPLEMENTED);
	assert_null(c);
	assert_int_equal(esys_br_hmac_start(&c, TPM2_ALG_SHA256, key, 4, NULL), TSS2_RC_SUCCESS);
	assert_int_equal(esys_br_hash_update(c, out, 1, NULL), TSS2_ESYS_RC_BAD_REFERENCE);
	assert_int_equal(esys_br_hmac_finish(&c, out, &n, NULL), TSS2_ESYS_RC_BAD_SIZE);
	esys_br_hmac_abort(&c, NULL);
	assert_null(c);
}

/* ---- random ---- */

static void test_random2b_fills_requested_size_and_differs(void **state)
{
	(void)state;
	TPM2B_NONCE a, b;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	assert_int_equal(esys_br_get_random2b(&a, 32, NULL), TSS2_RC_SUCCESS);
	assert_int_equal(a.size, 32);
	assert_int_equal(esys_br_get_random2b(&b, 32, NULL), TSS2_RC_SUCCESS);
	assert_memory_not_equal(a.buffer, b.buffer, 32);
	/* 0 means the whole buffer (tpm2-tss backends' contract). */
	assert_int_equal(esys_br_get_random2b(&a, 0, NULL), TSS2_RC_SUCCESS);
	assert_int_equal(a.size, sizeof(a.buffer));
	assert_int_equal(esys_br_get_random2b(&a, sizeof(a.buffer) + 1, NULL),
			 TSS2_ESYS_RC_BAD_VALUE);
}

/* ---- AES-CFB ---- */

static const char *const f3_plain =
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
static const char *const f3_iv = "000102030405060708090a0b0c0d0e0f";

static void cfb_kat(const char *key_hex, unsigned bits, const char *cipher_hex)
{
	uint8_t key[32], iv[16], iv_copy[16], buf[64], want[64];
	size_t n;

	unhex(key_hex, key, sizeof(key));
	unhex(f3_iv, iv, sizeof(iv));
	memcpy(iv_copy, iv, 16);
	n = unhex(f3_plain, buf, sizeof(buf));
	unhex(cipher_hex, want, sizeof(want));
	/* Encrypt (F.3.13 / F.3.17). */
	assert_int_equal(esys_br_aes_encrypt(key, TPM2_ALG_AES, (TPMI_AES_KEY_BITS)bits,
					     TPM2_ALG_CFB, buf, n, iv, NULL),
			 TSS2_RC_SUCCESS);
	assert_memory_equal(buf, want, n);
	assert_memory_equal(iv, iv_copy, 16); /* the caller's iv is left alone */
	/* Decrypt (F.3.14 / F.3.18). */
	assert_int_equal(esys_br_aes_decrypt(key, TPM2_ALG_AES, (TPMI_AES_KEY_BITS)bits,
					     TPM2_ALG_CFB, buf, n, iv, NULL),
			 TSS2_RC_SUCCESS);
	unhex(f3_plain, want, sizeof(want));
	assert_memory_equal(buf, want, n);
	/* A partial last block: CFB is a stream, so a prefix encrypts to a prefix. */
	unhex(f3_plain, buf, sizeof(buf));
	assert_int_equal(esys_br_aes_encrypt(key, TPM2_ALG_AES, (TPMI_AES_KEY_BITS)bits,
					     TPM2_ALG_CFB, buf, 21, iv, NULL),
			 TSS2_RC_SUCCESS);
	unhex(cipher_hex, want, sizeof(want));
	assert_memory_equal(buf, want, 21);
	unhex(f3_plain, want, sizeof(want));
	assert_memory_equal(buf + 21, want + 21, sizeof(buf) - 21); /* untouched past n */
}

static void test_aes128_cfb_matches_sp800_38a_f3_13_and_f3_14(void **state)
{
	(void)state;
	cfb_kat("2b7e151628aed2a6abf7158809cf4f3c", 128,
		"3b3fd92eb72dad20333449f8e83cfb4ac8a64537a0b3a93fcde3cdad9f1ce58b"
		"26751f67a3cbb140b1808cf187a4f4dfc04b05357c5d1c0eeac4c66f9ff7f2e6");
}

static void test_aes256_cfb_matches_sp800_38a_f3_17_and_f3_18(void **state)
{
	(void)state;
	cfb_kat("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", 256,
		"dc7e84bfda79164b7ecd8486985d386039ffed143b28b1c832113c6331e5407b"
		"df10132415e54b92a13ed0a8267ae2f975a385741ab9cef82031623d55b1e471");
}

static void test_aes_refuses_other_modes_and_key_sizes(void **state)
{
	(void)state;
	uint8_t key[32] = {0}, iv[16] = {0}, buf[16] = {0};
	assert_int_equal(
	    esys_br_aes_encrypt(key, TPM2_ALG_AES, 128, TPM2_ALG_CBC, buf, 16, iv, NULL),
	    TSS2_ESYS_RC_BAD_VALUE);
	assert_int_equal(
	    esys_br_aes_encrypt(key, TPM2_ALG_SM4, 128, TPM2_ALG_CFB, buf, 16, iv, NULL),
	    TSS2_ESYS_RC_BAD_VALUE);
	assert_int_equal(
	    esys_br_aes_decrypt(key, TPM2_ALG_AES, 64, TPM2_ALG_CFB, buf, 16, iv, NULL),
	    TSS2_ESYS_RC_BAD_VALUE);
	assert_int_equal(
	    esys_br_aes_decrypt(NULL, TPM2_ALG_AES, 128, TPM2_ALG_CFB, buf, 16, iv, NULL),
	    TSS2_ESYS_RC_BAD_REFERENCE);
	assert_memory_equal(buf, key, 16);
}

/* ---- RSA-OAEP ---- */

struct rsa_test_key {
	br_rsa_private_key sk;
	br_rsa_public_key pk;
	uint8_t skbuf[BR_RSA_KBUF_PRIV_SIZE(2048)];
	uint8_t pkbuf[BR_RSA_KBUF_PUB_SIZE(2048)];
};

static void rsa_test_key(struct rsa_test_key *k, TPM2B_PUBLIC *pub, TPM2_ALG_ID name_alg)
{
	br_hmac_drbg_context d;
	fixed_drbg(&d, "attest-init esys crypto rsa test key");
	assert_int_equal(
	    br_rsa_keygen_get_default()(&d.vtable, &k->sk, k->skbuf, &k->pk, k->pkbuf, 2048, 65537),
	    1);
	memset(pub, 0, sizeof(*pub));
	pub->publicArea.type = TPM2_ALG_RSA;
	pub->publicArea.nameAlg = name_alg;
	pub->publicArea.parameters.rsaDetail.keyBits = 2048;
	pub->publicArea.parameters.rsaDetail.exponent = 0; /* 65537 */
	pub->publicArea.parameters.rsaDetail.scheme.scheme = TPM2_ALG_OAEP;
	assert_int_equal(k->pk.nlen, 256);
	memcpy(pub->publicArea.unique.rsa.buffer, k->pk.n, k->pk.nlen);
	pub->publicArea.unique.rsa.size = (UINT16)k->pk.nlen;
}

static void test_rsa_oaep_round_trips_through_bearssl_private_decrypt(void **state)
{
	(void)state;
	static struct rsa_test_key k;
	TPM2B_PUBLIC pub;
	uint8_t salt[32], ct[512], pt[512];
	size_t ctlen = 0, ptlen;
	const br_hash_class *hashes[2] = {&br_sha256_vtable, &br_sha1_vtable};
	const TPM2_ALG_ID algs[2] = {TPM2_ALG_SHA256, TPM2_ALG_SHA1};

	for (int i = 0; i < 2; i++) {
		rsa_test_key(&k, &pub, algs[i]);
		for (size_t j = 0; j < sizeof(salt); j++)
			salt[j] = (uint8_t)(j * 7 + 1);
		assert_int_equal(esys_br_rsa_pk_encrypt(&pub, sizeof(salt), salt, sizeof(ct), ct,
							&ctlen, "SECRET", NULL),
				 TSS2_RC_SUCCESS);
		assert_int_equal(ctlen, 256);
		/* OAEP with the key's nameAlg and the label "SECRET\0" decrypts. */
		memcpy(pt, ct, ctlen);
		ptlen = ctlen;
		assert_int_equal(
		    br_rsa_oaep_decrypt_get_default()(hashes[i], "SECRET", 7, &k.sk, pt, &ptlen),
		    1);
		assert_int_equal(ptlen, sizeof(salt));
		assert_memory_equal(pt, salt, sizeof(salt));
		/* Without the NUL the label differs, so decryption must fail. */
		memcpy(pt, ct, ctlen);
		ptlen = ctlen;
		assert_int_equal(
		    br_rsa_oaep_decrypt_get_default()(hashes[i], "SECRET", 6, &k.sk, pt, &ptlen),
		    0);
		/* The other hash fails too: the callback used the key's nameAlg. */
		memcpy(pt, ct, ctlen);
		ptlen = ctlen;
		assert_int_equal(br_rsa_oaep_decrypt_get_default()(hashes[1 - i], "SECRET", 7,
								   &k.sk, pt, &ptlen),
				 0);
	}
}

static void test_rsa_encrypt_refuses_non_oaep_small_output_and_bad_keys(void **state)
{
	(void)state;
	static struct rsa_test_key k;
	TPM2B_PUBLIC pub;
	uint8_t salt[32] = {0}, ct[512];
	size_t ctlen = 0;

	rsa_test_key(&k, &pub, TPM2_ALG_SHA256);
	assert_int_equal(esys_br_rsa_pk_encrypt(&pub, 32, salt, 255, ct, &ctlen, "SECRET", NULL),
			 TSS2_ESYS_RC_BAD_SIZE);
	pub.publicArea.parameters.rsaDetail.scheme.scheme = TPM2_ALG_RSAES;
	assert_int_equal(esys_br_rsa_pk_encrypt(&pub, 32, salt, 512, ct, &ctlen, "SECRET", NULL),
			 TSS2_ESYS_RC_NOT_IMPLEMENTED);
	pub.publicArea.parameters.rsaDetail.scheme.scheme = TPM2_ALG_OAEP;
	pub.publicArea.nameAlg = TPM2_ALG_SM3_256;
	assert_int_equal(esys_br_rsa_pk_encrypt(&pub, 32, salt, 512, ct, &ctlen, "SECRET", NULL),
			 TSS2_ESYS_RC_NOT_IMPLEMENTED);
	pub.publicArea.nameAlg = TPM2_ALG_SHA256;
	pub.publicArea.unique.rsa.size = 0;
	assert_int_equal(esys_br_rsa_pk_encrypt(&pub, 32, salt, 512, ct, &ctlen, "SECRET", NULL),
			 TSS2_ESYS_RC_BAD_VALUE);
	pub.publicArea.type = TPM2_ALG_ECC;
	assert_int_equal(esys_br_rsa_pk_encrypt(&pub, 32, salt, 512, ct, &ctlen, "SECRET", NULL),
			 TSS2_ESYS_RC_BAD_VALUE);
}

/* ---- ECDH ---- */

struct ec_case {
	TPMI_ECC_CURVE tpm_curve;
	int br_curve;
	size_t flen;
};

static void ecdh_agrees(const struct ec_case *cs, int rounds)
{
	const br_ec_impl *ec = br_ec_get_default();
	br_hmac_drbg_context d;
	br_ec_private_key sk;
	uint8_t skbuf[BR_EC_KBUF_PRIV_MAX_SIZE], pkbuf[BR_EC_KBUF_PUB_MAX_SIZE];
	uint8_t pt[BR_EC_KBUF_PUB_MAX_SIZE], out[512];
	TPM2B_PUBLIC tpm;
	TPM2B_ECC_PARAMETER Z;
	TPMS_ECC_POINT Q, Qm;
	size_t outlen, off, pklen;

	/* The "TPM" key: a static pair whose public part goes into TPM2B_PUBLIC. */
	fixed_drbg(&d, "attest-init esys crypto ecdh tpm key");
	assert_true(br_ec_keygen(&d.vtable, ec, &sk, skbuf, cs->br_curve) > 0);
	pklen = br_ec_compute_pub(ec, NULL, pkbuf, &sk);
	assert_int_equal(pklen, 1 + 2 * cs->flen);
	memset(&tpm, 0, sizeof(tpm));
	tpm.publicArea.type = TPM2_ALG_ECC;
	tpm.publicArea.nameAlg = TPM2_ALG_SHA256;
	tpm.publicArea.parameters.eccDetail.curveID = cs->tpm_curve;
	memcpy(tpm.publicArea.unique.ecc.x.buffer, pkbuf + 1, cs->flen);
	tpm.publicArea.unique.ecc.x.size = (UINT16)cs->flen;
	memcpy(tpm.publicArea.unique.ecc.y.buffer, pkbuf + 1 + cs->flen, cs->flen);
	tpm.publicArea.unique.ecc.y.size = (UINT16)cs->flen;

	for (int r = 0; r < rounds; r++) {
		memset(&Z, 0, sizeof(Z));
		memset(&Q, 0, sizeof(Q));
		assert_int_equal(
		    esys_br_get_ecdh_point(&tpm, sizeof(out), &Z, &Q, out, &outlen, NULL),
		    TSS2_RC_SUCCESS);
		/* Z and Q are always at full field length (what the TPM's KDFe uses). */
		assert_int_equal(Z.size, cs->flen);
		assert_int_equal(Q.x.size, cs->flen);
		assert_int_equal(Q.y.size, cs->flen);
		/* The marshalled point is exactly Q. */
		off = 0;
		assert_int_equal(Tss2_MU_TPMS_ECC_POINT_Unmarshal(out, outlen, &off, &Qm), 0);
		assert_int_equal(off, outlen);
		assert_memory_equal(Qm.x.buffer, Q.x.buffer, cs->flen);
		assert_memory_equal(Qm.y.buffer, Q.y.buffer, cs->flen);
		/* The TPM side: x(d_tpm * Q) must equal Z. */
		pt[0] = 0x04;
		memcpy(pt + 1, Q.x.buffer, cs->flen);
		memcpy(pt + 1 + cs->flen, Q.y.buffer, cs->flen);
		assert_int_equal(ec->mul(pt, 1 + 2 * cs->flen, sk.x, sk.xlen, cs->br_curve), 1);
		assert_memory_equal(pt + 1, Z.buffer, cs->flen);
	}
}

static void test_ecdh_agrees_with_tpm_side_on_p256_p384_p521(void **state)
{
	(void)state;
	const struct ec_case p256 = {TPM2_ECC_NIST_P256, BR_EC_secp256r1, 32};
	const struct ec_case p384 = {TPM2_ECC_NIST_P384, BR_EC_secp384r1, 48};
	const struct ec_case p521 = {TPM2_ECC_NIST_P521, BR_EC_secp521r1, 66};
	/* 300 rounds on P-256: most runs meet a Z with a leading zero byte. */
	ecdh_agrees(&p256, 300);
	ecdh_agrees(&p384, 5);
	ecdh_agrees(&p521, 3);
}

static void test_ecdh_refuses_point_off_curve_and_unknown_curves(void **state)
{
	(void)state;
	TPM2B_PUBLIC tpm;
	TPM2B_ECC_PARAMETER Z;
	TPMS_ECC_POINT Q;
	uint8_t out[512];
	size_t outlen = 0;

	memset(&tpm, 0, sizeof(tpm));
	tpm.publicArea.type = TPM2_ALG_ECC;
	tpm.publicArea.parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
	tpm.publicArea.unique.ecc.x.size = 32;
	tpm.publicArea.unique.ecc.y.size = 32;
	tpm.publicArea.unique.ecc.x.buffer[31] = 1;
	tpm.publicArea.unique.ecc.y.buffer[31] = 1; /* (1,1) is not on P-256 */
	assert_int_equal(esys_br_get_ecdh_point(&tpm, sizeof(out), &Z, &Q, out, &outlen, NULL),
			 TSS2_ESYS_RC_BAD_VALUE);
	tpm.publicArea.unique.ecc.x.size = 33; /* longer than the field */
	assert_int_equal(esys_br_get_ecdh_point(&tpm, sizeof(out), &Z, &Q, out, &outlen, NULL),
			 TSS2_ESYS_RC_BAD_VALUE);
	tpm.publicArea.parameters.eccDetail.curveID = TPM2_ECC_NIST_P192;
	assert_int_equal(esys_br_get_ecdh_point(&tpm, sizeof(out), &Z, &Q, out, &outlen, NULL),
			 TSS2_ESYS_RC_NOT_IMPLEMENTED);
	tpm.publicArea.parameters.eccDetail.curveID = TPM2_ECC_BN_P256;
	assert_int_equal(esys_br_get_ecdh_point(&tpm, sizeof(out), &Z, &Q, out, &outlen, NULL),
			 TSS2_ESYS_RC_NOT_IMPLEMENTED);
	assert_int_equal(outlen, 0);
}

static void test_callback_table_is_complete(void **state)
{
	(void)state;
	ESYS_CRYPTO_CALLBACKS cb;
	esys_crypto_bearssl_callbacks(&cb);
	/* Esys_SetCryptoCallbacks rejects a table with any of these missing. */
	assert_non_null(cb.rsa_pk_encrypt);
	assert_non_null(cb.hash_start);
	assert_non_null(cb.hash_update);
	assert_non_null(cb.hash_finish);
	assert_non_null(cb.hash_abort);
	assert_non_null(cb.hmac_start);
	assert_non_null(cb.hmac_update);
	assert_non_null(cb.hmac_finish);
	assert_non_null(cb.hmac_abort);
	assert_non_null(cb.get_random2b);
	assert_non_null(cb.get_ecdh_point);
	assert_non_null(cb.aes_encrypt);
	assert_non_null(cb.aes_decrypt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hash_matches_fips180_abc_vectors),
	    cmocka_unit_test(test_hash_updates_in_pieces_equal_one_update),
	    cmocka_unit_test(test_hash_refuses_unimplemented_algorithms),
	    cmocka_unit_test(test_hash_finish_with_short_buffer_fails_and_abort_frees),
	    cmocka_unit_test(test_hmac_matches_rfc4231_and_rfc2202_vectors),
	    cmocka_unit_test(test_hmac_refuses_unknown_hash_and_short_buffer),
	    cmocka_unit_test(test_random2b_fills_requested_size_and_differs),
	    cmocka_unit_test(test_aes128_cfb_matches_sp800_38a_f3_13_and_f3_14),
	    cmocka_unit_test(test_aes256_cfb_matches_sp800_38a_f3_17_and_f3_18),
	    cmocka_unit_test(test_aes_refuses_other_modes_and_key_sizes),
	    cmocka_unit_test(test_rsa_oaep_round_trips_through_bearssl_private_decrypt),
	    cmocka_unit_test(test_rsa_encrypt_refuses_non_oaep_small_output_and_bad_keys),
	    cmocka_unit_test(test_ecdh_agrees_with_tpm_side_on_p256_p384_p521),
	    cmocka_unit_test(test_ecdh_refuses_point_off_curve_and_unknown_curves),
	    cmocka_unit_test(test_callback_table_is_complete),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
