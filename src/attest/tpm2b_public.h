/*
 * tpm2b_public: strict parser for TPM2B_PUBLIC / TPMT_PUBLIC (TPM 2.0 Part 2,
 * 12.2.4-12.2.5) for RSA and ECC keys, and the object Name (Part 1 16,
 * Name = nameAlg || H_nameAlg(TPMT_PUBLIC)).
 *
 * Strict: the TPM2B size equals the bytes that follow, the TPMT_PUBLIC is
 * consumed exactly (no trailing bytes), every TPM2B is within its structure's
 * maximum, scheme/symmetric selectors carry exactly the details their union
 * member defines. KEYEDHASH and SYMCIPHER objects are refused
 * (unsupported_key_type): an AK or an encryption key is never one.
 * All byte views point into the caller's buffer. Pure, no allocation.
 */
#ifndef ATTEST_ATTEST_TPM2B_PUBLIC_H
#define ATTEST_ATTEST_TPM2B_PUBLIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attest/rsa_pub.h"
#include "core/err.h"

/* TPM_ALG_ID values (Part 2 6.3). */
#define TPM_ALG_RSA	       0x0001
#define TPM_ALG_AES	       0x0006
#define TPM_ALG_KEYEDHASH      0x0008
#define TPM_ALG_NULL	       0x0010
#define TPM_ALG_RSASSA	       0x0014
#define TPM_ALG_RSAES	       0x0015
#define TPM_ALG_RSAPSS	       0x0016
#define TPM_ALG_OAEP	       0x0017
#define TPM_ALG_ECDSA	       0x0018
#define TPM_ALG_ECDH	       0x0019
#define TPM_ALG_ECDAA	       0x001A
#define TPM_ALG_ECSCHNORR      0x001C
#define TPM_ALG_KDF1_SP800_56A 0x0020
#define TPM_ALG_KDF2	       0x0021
#define TPM_ALG_KDF1_SP800_108 0x0022
#define TPM_ALG_ECC	       0x0023
#define TPM_ALG_SYMCIPHER      0x0025
#define TPM_ALG_CFB	       0x0043

/* TPMA_OBJECT bits (Part 2 8.3.2). */
#define OBJ_ATTR_FIXEDTPM	     0x00000002u
#define OBJ_ATTR_FIXEDPARENT	     0x00000010u
#define OBJ_ATTR_SENSITIVEDATAORIGIN 0x00000020u
#define OBJ_ATTR_USERWITHAUTH	     0x00000040u
#define OBJ_ATTR_ADMINWITHPOLICY     0x00000080u
#define OBJ_ATTR_NODA		     0x00000400u
#define OBJ_ATTR_RESTRICTED	     0x00010000u
#define OBJ_ATTR_DECRYPT	     0x00020000u
#define OBJ_ATTR_SIGN_ENCRYPT	     0x00040000u
/* Bits Part 2 Table 31 marks reserved: 0, 3, 8-9, 12-15, 20-31. */
#define OBJ_ATTR_RESERVED 0xFFF0F309u

/* sizeof(TPMU_HA): the largest digest (SHA-512). */
#define TPM_MAX_DIGEST 64
/* MAX_RSA_KEY_BYTES for 4096-bit keys (Part 2 11.2.4.5). */
#define TPM_MAX_RSA_BYTES 512
/* MAX_ECC_KEY_BYTES for P-521 (Part 2 11.2.5.1). */
#define TPM_MAX_ECC_BYTES 66
/* sizeof(TPMT_PUBLIC) upper bound: 4+4 header, 2+64 policy, 10 params, 2+512 unique. */
#define TPM_MAX_PUBLIC 1024
/* TPM2B_NAME: nameAlg + digest (Part 2 10.5.3). */
#define TPM_MAX_NAME (2 + TPM_MAX_DIGEST)

struct tpm_public {
	const uint8_t *tpmt; /* the TPMT_PUBLIC bytes (what the Name hashes) */
	size_t tpmt_len;
	uint16_t type;
	uint16_t name_alg;
	uint32_t attributes;
	const uint8_t *auth_policy;
	size_t auth_policy_len;
	uint16_t sym_alg, sym_bits, sym_mode; /* TPMT_SYM_DEF_OBJECT; bits/mode 0 when NULL */
	uint16_t scheme, scheme_hash;	      /* TPMT_RSA_SCHEME / TPMT_ECC_SCHEME */
	uint16_t scheme_count;		      /* ECDAA only */
	/* RSA */
	uint16_t rsa_bits;
	uint32_t rsa_exponent; /* 0 = 65537 */
	const uint8_t *rsa_n;
	size_t rsa_n_len;
	/* ECC */
	uint16_t ecc_curve;
	uint16_t kdf, kdf_hash;
	const uint8_t *ecc_x, *ecc_y;
	size_t ecc_x_len, ecc_y_len;
};

/* TPM2B_PUBLIC: u16 size then exactly that many bytes of TPMT_PUBLIC, nothing after. */
bool tpm2b_public_parse(const uint8_t *p, size_t n, struct tpm_public *out, struct err *e);
/* TPMT_PUBLIC alone, consuming all n bytes. */
bool tpmt_public_parse(const uint8_t *p, size_t n, struct tpm_public *out, struct err *e);
/* Name = nameAlg (BE u16) || H(TPMT_PUBLIC); name must hold TPM_MAX_NAME bytes. */
bool tpm_public_name(const struct tpm_public *k, uint8_t *name, size_t *len, struct err *e);
/* The RSA key in normal form (exponent 0 becomes 65537). */
bool tpm_public_rsa(const struct tpm_public *k, struct rsa_pub *out, struct err *e);

#endif
