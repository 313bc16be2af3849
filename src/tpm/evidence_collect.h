/*
 * evidence_collect: steps 2-3 of the flow (DESIGN.md) as one library call, shared by
 * `evidence collect` and the gate (`run`): open the TPM, read the AK public area and the AK
 * certificate (NV), draw a fresh nonce (shell/rng.h), read the HCL report (NV, optional) and
 * the SHA-256 PCRs, TPM2_Quote over them, create and certify the PCR-bound ephemeral key,
 * close the TPM. The event log is read from a path, or taken as given bytes.
 *
 * evidence_decrypt() is the provider step's use of that key: re-created under PolicyPCR,
 * it decrypts only while the PCRs still hold the attested values.
 *
 * Errors: those of tpm_collect.h, io/no_randomness (exit 3), and tpm/nv_missing when the
 * AK certificate index is absent (the vTPM is not provisioned like Azure's).
 */
#ifndef ATTEST_TPM_EVIDENCE_COLLECT_H
#define ATTEST_TPM_EVIDENCE_COLLECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attest/evidence_bundle.h"
#include "core/buf.h"
#include "core/err.h"

/* Default event log: the kernel's securityfs copy (ATTEST_EVENTLOG's default). */
#define EVENTLOG_DEFAULT_PATH "/sys/kernel/security/tpm0/binary_bios_measurements"

struct collect_opts {
	const char *tcti;    /* TCTI spec (tpm/tcti.h) */
	unsigned deadline_s; /* retries of an unreachable or busy TPM stop after this */
	uint32_t pcr_mask;   /* SHA-256 PCRs to quote, bit i = PCR i */
	uint32_t ak_handle, ak_cert_nv, hcl_nv; /* collect_opts_azure() sets Azure's */
	/* The event log: eventlog bytes when non-NULL, else read from eventlog_path. An
	 * unreadable log is recorded as null in the bundle (evidence verify then fails). */
	const char *eventlog_path;
	const uint8_t *eventlog;
	size_t eventlog_len;
	uint64_t created_unix; /* informational "created" of the bundle */
};

/* Azure's handles and indices, PCRs 0-7, the securityfs log, TCTI_DEFAULT, 60 s. */
void collect_opts_azure(struct collect_opts *o);

/* Fills ev (evidence_init()ed by the caller; free it either way). */
bool evidence_collect(const struct collect_opts *o, struct evidence *ev, struct err *e);

/* Decrypts ct with ev's PCR-bound ephemeral key; pt is wiped by the caller after use.
 * oaep: RSAES-OAEP/SHA-256 with an empty label, else RSAES-PKCS1-v1_5. */
bool evidence_decrypt(const char *tcti, unsigned deadline_s, const struct evidence *ev,
		      const uint8_t *ct, size_t ct_len, bool oaep, struct buf *pt, struct err *e);

#endif
