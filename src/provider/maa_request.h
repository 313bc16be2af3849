/*
 * maa_request: the body of POST /attest/AzureGuest (docs/maa-azureguest.md 2.2-2.5), built
 * from a collected evidence bundle. Pure: bytes in, body out, no I/O.
 *
 *   {"AttestationInfo": base64url-without-padding(JSON text of AttestationInfo)}     (2.2)
 *
 * AttestationInfo (2.3): AttestationProtocolVersion "2.0", OSType/OSDistro/OSBuild
 * (standard base64 of ASCII), OSVersionMajor/Minor (integers), TcgLogs, ClientPayload
 * {"nonce": base64(nonce)}, TpmInfo (2.4), IsolationInfo (2.5). Every byte field is standard
 * base64 with padding (RFC 4648 section 4) except SnpReport (base64url, no padding), as
 * Microsoft's C++ client sends them.
 *
 * Decided on signed values only: the PCR set is TPMS_QUOTE_INFO.pcrSelect of the quote
 * (TPM 2.0 Part 2 10.12.4) and the nonce its extraData (10.12.12); the bundle's unsigned
 * copies (pcr_mask, the PCR values, nonce) must equal them. Refusals (layer "provider"):
 *   eventlog_missing           no TCG log: a node without a readable log cannot be attested
 *   quote_invalid (+ the tpms_attest reason in the detail), quote_not_quote
 *   quote_pcr_selection_unsupported  not exactly one SHA-256 bank of PCRs 0-23
 *   bundle_pcr_selection_mismatch    the bundle's pcr_mask is not the quote's selection
 *   quote_pcr_digest_mismatch        the bundle's PCR values do not hash to pcrDigest
 *   quote_nonce_mismatch             extraData is not the bundle's 32-byte nonce
 *   ak_cert_invalid                  AikCert is not one DER SEQUENCE (zero NV padding dropped)
 *   certify_invalid                  EncKeyCertifyInfo is not a TPMS_ATTEST of type certify
 *   field_missing                    an empty TPM field
 *   os_field_invalid                 OS text empty, over MAA_OS_FIELD_MAX or not printable ASCII
 *   isolation_mismatch               the HCL report (present, type) disagrees with isolation
 *   hcl_report_missing, hcl_* (hcl_report.h), vcek_chain_invalid
 *   isolation_tdx_unsupported (usage class, exit 2): section 2.5 names the TDX shape, but its
 *     Proof is a TD quote that only IMDS /acc/tdquote produces (not in the bundle), the
 *     RunTimeData content is not pinned down, and no TDX AzureGuest token is known (8.9)
 *   request_too_large                the body would exceed MAA_REQUEST_MAX_BODY
 * It builds, it does not verify: signatures, the AK chain and the log replay are
 * evidence_verify()'s job, which the caller runs before anything leaves the node (issue 18).
 */
#ifndef ATTEST_PROVIDER_MAA_REQUEST_H
#define ATTEST_PROVIDER_MAA_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attest/evidence_bundle.h"
#include "attest/evidence_verify.h"
#include "core/buf.h"
#include "core/err.h"

/* The request body cap: the emulator's (and our HTTP layer's) 1 MiB; a 256 KiB log fits twice. */
#define MAA_REQUEST_MAX_BODY ((size_t)1 << 20)
/* OS strings: the emulator's 256-byte cap on each decoded OS field. */
#define MAA_OS_FIELD_MAX 256u
/* PEM VCEK + ASK + ARK is about 6 KiB. */
#define MAA_VCEK_CHAIN_MAX ((size_t)16 * 1024)
/* base64 of the 32-byte nonce: 44 characters. */
#define MAA_NONCE_B64_LEN    44u
#define MAA_PROTOCOL_VERSION "2.0"
#define MAA_SNP_REPORT_SIZE  1184u /* SNP ATTESTATION_REPORT inside the HCL report (7.2) */

/* OS fields (2.3); the caller takes them from the host's os-release or configuration. */
struct maa_os {
	const char *type;   /* "Linux" */
	const char *distro; /* os-release NAME */
	const char *build;  /* "NotApplication" on Linux, as Microsoft's client sends */
	uint32_t version_major, version_minor;
};

struct maa_request_in {
	const struct evidence *ev;
	struct maa_os os;
	enum evidence_isolation isolation;
	/* sevsnp: PEM VCEK followed by ASK and ARK (THIM vcekCert + certificateChain, 1 step 5). */
	const uint8_t *vcek_chain;
	size_t vcek_chain_len;
};

/* Replaces body's contents with the request body (its max must allow MAA_REQUEST_MAX_BODY). */
bool maa_request_build(const struct maa_request_in *in, struct buf *body, struct err *e);

/* The ClientPayload nonce string exactly as sent (the token must echo it, 4.2 x-ms-runtime). */
bool maa_request_nonce_b64(const struct evidence *ev, char out[MAA_NONCE_B64_LEN + 1],
			   struct err *e);

#endif
