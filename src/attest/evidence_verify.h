/*
 * evidence_verify: re-runs every local check over an evidence bundle,
 * offline (step 2-3 pre-checks of DESIGN.md). Order and reasons:
 *   0. policy: a required PCR set and an isolation type       -> bad_policy (usage)
 *      nonce: exactly EVIDENCE_NONCE_SIZE bytes                -> bad_nonce_size
 *   1. AK public area: TPM2B_PUBLIC strict parse, restricted RSA signer (quote_verify.h)
 *   2. AK certificate: placeholder / chain to the roots at `now` / key == AK (ak_cert.h)
 *   3. quote: signature, nonce == bundle nonce (quote_verify.h); then the signed
 *      selection (TPMS_QUOTE_INFO.pcrSelect, Part 2 10.12.4) is THE PCR set every later
 *      step uses: one SHA-256 bank                             -> quote_pcr_selection_mismatch
 *      the bundle's unsigned pcr_selection equals it           -> bundle_pcr_selection_mismatch
 *      every required PCR is quoted                            -> quote_pcrs_missing
 *      with pcr_exact, nothing else is quoted                  -> quote_pcr_selection_mismatch
 *      pcrDigest == H(bundle values of the quoted PCRs)        -> quote_pcr_digest_mismatch
 *      A quote selecting MORE PCRs than required (pcr_exact false) is accepted: every quoted
 *      PCR is still replayed, compared, bound into the ephemeral key's policy and printed.
 *   4. event log: parse, replay, SHA-256 replay == every quoted PCR -> pcr_replay_mismatch
 *      (no log in the bundle                                   -> eventlog_missing)
 *   5. ephemeral key: certify signature by the AK, type CERTIFY, same TPM boot as the quote
 *      (resetCount, restartCount: Part 2 10.11.1; firmwareVersion; qualifiedSigner: 10.12.12)
 *                                      -> certify_quote_boot_mismatch /
 * certify_quote_signer_mismatch certified Name == Name(enc_key_pub), key == the template with
 * PolicyPCR over the quoted selection and values    -> certify_bad_signature /
 * certify_name_mismatch / ...
 *   6. isolation: trustedlaunch needs no HCL report (one present is still checked); sevsnp and
 *      tdx need an HCL report of that type (hcl_report_missing / isolation_mismatch), bound
 *      to its claims and with HCLAkPub == AK (hcl_report.h).
 * Returns true only when all ran and passed; the summary names each check, the isolation
 * proven, the quoted PCRs and the quote's clock, resetCount and restartCount.
 *
 * Limit: the SNP/TDX hardware report's own signature (AMD VCEK / Intel quote) is NOT checked
 * here; the attestation provider checks it. A local success for sevsnp/tdx means "a genuine
 * vTPM (AK chained to the roots) and an HCL report of that type bound to the AK", not "signed
 * by AMD/Intel".
 */
#ifndef ATTEST_ATTEST_EVIDENCE_VERIFY_H
#define ATTEST_ATTEST_EVIDENCE_VERIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "attest/evidence_bundle.h"
#include "attest/pem.h"
#include "core/err.h"
#include "eventlog/eventlog.h"
#include "json/json_writer.h"

/* What `evidence collect` quotes and Azure's guest clients send: SHA-256 PCRs 0-7. */
#define EVIDENCE_DEFAULT_PCR_MASK 0xffu

enum evidence_isolation {
	EVIDENCE_ISOLATION_UNSET = 0, /* refused: the verifier must say what it requires */
	EVIDENCE_ISOLATION_TRUSTED_LAUNCH,
	EVIDENCE_ISOLATION_SEV_SNP,
	EVIDENCE_ISOLATION_TDX,
};

struct evidence_policy {
	const struct pem_obj *roots;
	size_t nroots;
	uint64_t now_unix; /* at most AK_CERT_MAX_NOW */
	/* Required SHA-256 PCRs, from the verifier's side (default EVIDENCE_DEFAULT_PCR_MASK);
	 * 0 is refused. pcr_exact: the quote must select exactly these (else at least these). */
	uint32_t pcr_mask;
	bool pcr_exact;
	enum evidence_isolation isolation;
};

/* "trustedlaunch", "sevsnp", "tdx" -> the enum; false for anything else. */
bool evidence_isolation_parse(const char *s, enum evidence_isolation *out);
const char *evidence_isolation_name(enum evidence_isolation iso);

/*
 * Every mismatching PCR of one bank as "sha256: 0-7,9 value_mismatch; 12 bank_not_in_log",
 * grouped by kind, ranges compacted. For one bank of 24 PCRs the longest possible text (every
 * kind and an unknown one present, no two neighbours alike) is 155 bytes, so it always fits
 * struct err's 160-byte detail whole. Returns false (text cut) only when n is too small.
 */
bool evidence_mismatch_text(const char *bank, const struct pcr_mismatch *mm, size_t nm, char *out,
			    size_t n);

/* On success, writes a JSON summary object to w (may be NULL). */
bool evidence_verify(const struct evidence *ev, const struct evidence_policy *p,
		     struct json_writer *w, struct err *e);

#endif
