/*
 * tpm_collect: the TPM side of steps 2-3 (DESIGN.md), over ESAPI with the
 * BearSSL crypto callbacks: AK public area, AK certificate from NV (chunked
 * by TPM2_PT_NV_BUFFER_MAX), HCL report, PCR values, TPM2_Quote, the
 * PCR-policy-bound ephemeral key + TPM2_Certify, and decryption with that key
 * under a PolicyPCR session.
 *
 * Every transient object and session is flushed on every path, errors
 * included (swtpm has no resource manager and only 3 object slots).
 * TPM_RC_RETRY / YIELDED / TESTING are retried with a bounded backoff inside
 * the deadline given to tpm_open(). Errors: layer "tpm", reasons
 * tpm_unreachable / tpm_busy (exit 3), tpm_error, ak_missing, nv_missing,
 * nv_too_large, bad_ak_cert_der, unexpected_signature (exit 1), bad_tcti (2).
 */
#ifndef ATTEST_TPM_TPM_COLLECT_H
#define ATTEST_TPM_TPM_COLLECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

#define AZURE_AK_HANDLE	    0x81000003u
#define AZURE_AK_CERT_NV    0x01C101D0u
#define AZURE_HCL_REPORT_NV 0x01400001u
/* NV areas read whole: 4096 (Azure AK cert area) is the largest documented; keep headroom. */
#define TPM_NV_MAX_READ 8192u
/* Fresh nonce size (qualifyingData): 32 bytes = SHA-256 strength. */
#define TPM_NONCE_SIZE 32
/* SHA-256 PCR values read for the quote: PCRs 0-23. */
#define TPM_MAX_PCRS 24

struct tpm;

/* Opens the TCTI (retrying unreachable TPMs within deadline_s), ESAPI, crypto callbacks. */
bool tpm_open(const char *tcti_spec, unsigned deadline_s, struct tpm **out, struct err *e);
void tpm_close(struct tpm *t);

/* TPM2B_PUBLIC (marshalled) of a persistent key. */
bool tpm_read_public(struct tpm *t, uint32_t handle, struct buf *out, struct err *e);
/* Whole NV index data (size from NV_ReadPublic), chunks <= TPM2_PT_NV_BUFFER_MAX.
 * *present is false (and true returned) when the index does not exist. */
bool tpm_nv_read(struct tpm *t, uint32_t index, struct buf *out, bool *present, struct err *e);
/* SHA-256 PCR values of mask (bit i = PCR i), ascending, 32 bytes each. */
bool tpm_pcr_read(struct tpm *t, uint32_t mask, uint8_t *values, struct err *e);
/* TPM2_Quote with the AK over SHA-256 mask; attest = TPMS_ATTEST, sig = raw RSASSA bytes. */
bool tpm_quote(struct tpm *t, uint32_t ak_handle, uint32_t mask, const uint8_t *nonce,
	       size_t nonce_len, struct buf *attest, struct buf *sig, struct err *e);
/* Creates the ephemeral key (policy over values), TPM2_Certify with the AK, flushes the key. */
bool tpm_ephemeral_certify(struct tpm *t, uint32_t ak_handle, uint32_t mask, const uint8_t *values,
			   size_t values_len, struct buf *pub, struct buf *certify_info,
			   struct buf *certify_sig, struct err *e);
/* Re-creates the key and decrypts under PolicyPCR with the current PCRs.
 * oaep: RSAES-OAEP/SHA-256 with an empty label, else RSAES-PKCS1-v1_5. */
bool tpm_ephemeral_decrypt(struct tpm *t, uint32_t mask, const uint8_t *values, size_t values_len,
			   const uint8_t *ct, size_t ct_len, bool oaep, struct buf *pt,
			   struct err *e);

/* Azure pads the AK certificate's NV area with zeros: the DER length, rest all zero. */
bool ak_cert_trim(const uint8_t *p, size_t n, size_t *der_len, struct err *e);

#endif
