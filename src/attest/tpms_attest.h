/*
 * tpms_attest: strict parser for TPMS_ATTEST (TPM 2.0 Part 2, 10.12.12) of
 * the two types this program verifies: TPM_ST_ATTEST_QUOTE (TPMS_QUOTE_INFO,
 * 10.12.4) and TPM_ST_ATTEST_CERTIFY (TPMS_CERTIFY_INFO, 10.12.3).
 *
 * Strict: magic must be TPM_GENERATED_VALUE (10.12.12: the TPM only signs
 * structures it generated), every TPM2B within its maximum, clockInfo.safe a
 * TPMI_YES_NO, the PCR selection list within TPM_MAX_PCR_BANKS with bitmaps of
 * 1..TPM_PCR_SELECT_MAX bytes, no bank listed twice, and no trailing bytes.
 * Other attestation types are refused (unsupported_attest_type). Views point
 * into the caller's buffer; the parse is pure and allocation-free. Nothing
 * here is trusted until quote_verify() has checked the signature.
 */
#ifndef ATTEST_ATTEST_TPMS_ATTEST_H
#define ATTEST_ATTEST_TPMS_ATTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define TPM_GENERATED_VALUE   0xFF544347u /* "\xffTCG" (Part 2 6.2) */
#define TPM_ST_ATTEST_CERTIFY 0x8017
#define TPM_ST_ATTEST_QUOTE   0x8018

/* HASH_COUNT bound: one selection per hash algorithm a TPM can implement (Part 2 10.9.7). */
#define TPM_MAX_PCR_BANKS 16
/* PCR_SELECT_MAX for up to 32 PCRs (the TSS's TPM2_PCR_SELECT_MAX); PC Client TPMs have 24. */
#define TPM_PCR_SELECT_MAX 4
/* TPM2B_DATA holds a TPMT_HA (Part 2 10.4.3): 2 + 64 bytes. */
#define TPM_MAX_DATA 66
/* TPM2B_NAME (Part 2 10.5.3): a handle (4) or nameAlg + digest (2 + 64). */
#define TPM_MAX_NAME_BYTES 66
/* TPMS_ATTEST upper bound (TPM2B_ATTEST, Part 2 10.12.13: sizeof(TPMS_ATTEST)). */
#define TPM_MAX_ATTEST 1024

struct tpm_pcr_selection {
	uint16_t hash;
	uint8_t size_of_select;
	uint32_t mask; /* bit i = PCR i (byte i/8, bit i%8: Part 2 10.6.1) */
};

struct tpms_attest {
	uint32_t magic;
	uint16_t type;
	const uint8_t *qualified_signer;
	size_t qualified_signer_len;
	const uint8_t *extra_data;
	size_t extra_data_len;
	uint64_t clock;
	uint32_t reset_count, restart_count;
	uint8_t safe;
	uint64_t firmware_version;
	/* TPM_ST_ATTEST_QUOTE */
	size_t nsel;
	struct tpm_pcr_selection sel[TPM_MAX_PCR_BANKS];
	const uint8_t *pcr_digest;
	size_t pcr_digest_len;
	/* TPM_ST_ATTEST_CERTIFY */
	const uint8_t *certified_name;
	size_t certified_name_len;
	const uint8_t *certified_qualified_name;
	size_t certified_qualified_name_len;
};

/* Parses exactly n bytes of TPMS_ATTEST (no TPM2B_ATTEST size prefix). */
bool tpms_attest_parse(const uint8_t *p, size_t n, struct tpms_attest *out, struct err *e);

#endif
