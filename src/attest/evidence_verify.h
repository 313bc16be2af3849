/*
 * evidence_verify: re-runs every local check over an evidence bundle,
 * offline (step 2-3 pre-checks of DESIGN.md). Order and reasons:
 *   1. AK public area: TPM2B_PUBLIC strict parse, restricted RSA signer (quote_verify.h)
 *   2. AK certificate: placeholder / chain to the roots at `now` / key == AK (ak_cert.h)
 *   3. quote: signature, nonce == bundle nonce, selection == the expected PCRs,
 *      pcrDigest == H(bundle PCR values) (quote_verify.h)
 *   4. event log: parse, replay, SHA-256 replay == the quoted PCR values   -> pcr_replay_mismatch
 *      (no log in the bundle                                               -> eventlog_missing)
 *   5. ephemeral key: certify signature by the AK, type CERTIFY, certified Name ==
 *      Name(enc_key_pub), key == the template with PolicyPCR over the quoted values
 *                                       -> certify_bad_signature / certify_name_mismatch / ...
 *   6. HCL report when present: binding and HCLAkPub == AK (hcl_report.h)
 * Returns true only when all ran and passed; the summary names each check.
 */
#ifndef ATTEST_ATTEST_EVIDENCE_VERIFY_H
#define ATTEST_ATTEST_EVIDENCE_VERIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "attest/evidence_bundle.h"
#include "attest/pem.h"
#include "core/err.h"
#include "core/json_writer.h"

struct evidence_policy {
	const struct pem_obj *roots;
	size_t nroots;
	uint64_t now_unix;
	uint32_t pcr_mask; /* expected selection; 0 = the bundle's own pcr_selection */
};

/* On success, writes a JSON summary object to w (may be NULL). */
bool evidence_verify(const struct evidence *ev, const struct evidence_policy *p,
		     struct json_writer *w, struct err *e);

#endif
