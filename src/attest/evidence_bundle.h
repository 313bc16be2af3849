/*
 * evidence_bundle: the evidence of one collection as a single, versioned JSON
 * document (written with json/json_writer, read with json/json_read strictly:
 * unknown members, wrong types, bad base64 and oversize fields are errors).
 *
 * Schema, format "attest-init-evidence", version 1 (byte strings are standard
 * base64, RFC 4648 section 4; sizes are the caps below):
 *   "format": "attest-init-evidence", "version": 1,
 *   "created": unix seconds of the collection (informational, unsigned),
 *   "tcti": the TPM transport used (informational),
 *   "ak_handle": number (0x81000003), "ak_cert_index": number (0x01C101D0),
 *   "ak_pub": TPM2B_PUBLIC, "ak_cert": DER (NV padding trimmed),
 *   "nonce": the qualifying data given to TPM2_Quote,
 *   "pcr_bank": "sha256", "pcr_selection": [ascending PCR indices],
 *   "pcrs": [{"index": N, "digest": 32-byte value}] for exactly the selection,
 *   "quote": TPMS_ATTEST, "quote_signature": raw RSASSA signature,
 *   "eventlog": the TCG event log bytes, or null when none was readable,
 *   "enc_key_pub": TPM2B_PUBLIC of the ephemeral key,
 *   "enc_key_certify_info": TPMS_ATTEST (certify), "enc_key_certify_signature": raw,
 *   "hcl_report": NV 0x01400001 bytes, or null (not a CVM)
 */
#ifndef ATTEST_ATTEST_EVIDENCE_BUNDLE_H
#define ATTEST_ATTEST_EVIDENCE_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

#define EVIDENCE_FORMAT	 "attest-init-evidence"
#define EVIDENCE_VERSION 1
/* Whole document: a 4/3-inflated event log cap plus the small fields. */
#define EVIDENCE_MAX_LOG  ((size_t)8 * 1024 * 1024) /* 32x the largest real log area (256 KiB) */
#define EVIDENCE_MAX_TEXT ((size_t)12 * 1024 * 1024)
/* Small fields: NV areas and TPM structures are all below 8 KiB. */
#define EVIDENCE_MAX_FIELD 8192u
#define EVIDENCE_NUM_PCRS  24
/* The quote nonce (qualifyingData) `evidence collect` uses: 32 bytes, SHA-256 strength. */
#define EVIDENCE_NONCE_SIZE 32u

struct evidence {
	uint64_t created;
	char tcti[256];
	uint32_t ak_handle, ak_cert_index;
	uint32_t pcr_mask; /* SHA-256 bank */
	uint8_t pcr[EVIDENCE_NUM_PCRS][32];
	struct buf ak_pub, ak_cert, nonce, quote, quote_sig, eventlog, enc_key_pub, certify_info,
	    certify_sig, hcl_report;
	bool has_eventlog, has_hcl;
};

void evidence_init(struct evidence *ev);
void evidence_free(struct evidence *ev);
/* Values of the selected PCRs, ascending, 32 bytes each; returns the byte count. */
size_t evidence_pcr_values(const struct evidence *ev, uint8_t *out);

bool evidence_write(const struct evidence *ev, struct buf *out, struct err *e);
/* ev must be evidence_init()ed; filled on success (free it either way). */
bool evidence_read(const uint8_t *text, size_t n, struct evidence *ev, struct err *e);

/* "0-7", "0,1,2", "0-3,7": PCR indices 0-23 -> mask; usage error otherwise. */
bool pcr_list_parse(const char *s, uint32_t *mask, struct err *e);

#endif
