/*
 * hcl_report: the Azure CVM "HCL attestation report" in NV 0x01400001
 * (docs/maa-azureguest.md 7.2; little-endian), parsed strictly, and its two
 * local checks:
 *   - binding: REPORT_DATA of the hardware report (SNP: report offset 0x50;
 *     TDX: TDREPORT offset 0x80) starts with H(runtime claims) for the
 *     declared hash type, and the rest of its 64 bytes is zero    -> hcl_binding_mismatch
 *   - AK: the runtime claims JSON has exactly one key with kid "HCLAkPub",
 *     an RSA JWK (RFC 7517/7518 6.3) equal to the AK              -> hcl_ak_mismatch
 * The hardware report's own signature (AMD VCEK / Intel quote) is NOT
 * checked here (that is the provider's job). Pure; views into the caller's
 * buffer.
 */
#ifndef ATTEST_ATTEST_HCL_REPORT_H
#define ATTEST_ATTEST_HCL_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attest/rsa_pub.h"
#include "core/err.h"

#define HCL_SIGNATURE	     0x414C4348u /* "HCLA" little-endian */
#define HCL_HW_REPORT_OFFSET 0x20
#define HCL_HW_REPORT_SIZE   1184 /* SNP ATTESTATION_REPORT; a TDREPORT (1024) fits inside */
#define HCL_RUNTIME_OFFSET   0x4C0
#define HCL_REPORT_TYPE_SNP  2
#define HCL_REPORT_TYPE_TDX  4
/* NV area cap: 2600 on TDX, 4096 documented maximum; allow some headroom. */
#define HCL_MAX_REPORT 8192

struct hcl_report {
	uint32_t version, report_size, request_type, status;
	const uint8_t *hw_report; /* HCL_HW_REPORT_SIZE bytes */
	uint32_t data_size, data_version, report_type, hash_type, claims_size;
	const uint8_t *claims; /* untrusted JSON until the binding and hardware report check out */
};

bool hcl_report_parse(const uint8_t *p, size_t n, struct hcl_report *out, struct err *e);
bool hcl_report_check_binding(const struct hcl_report *r, struct err *e);
bool hcl_report_check_ak(const struct hcl_report *r, const struct rsa_pub *ak, struct err *e);

#endif
