/*
 * thim: the answer of Azure IMDS's THIM endpoint, GET /metadata/THIM/amd/certification
 * (docs/maa-azureguest.md 1 step 5), to the VCEK certificate chain of an SEV-SNP request:
 *
 *   {"vcekCert": "<PEM>", "certificateChain": "<PEM ASK><PEM ARK>", "tcbm": "...", ...}
 *
 * -> the VCEK, then the certificateChain certificates in their order, each re-encoded as PEM
 * (RFC 7468, 64-character lines): the form maa_request_in.vcek_chain takes. Re-encoding drops
 * any text between the objects, so only certificates reach the request. Pure, bounded.
 *
 * Refused (layer "provider"):
 *   thim_too_large       the answer over THIM_MAX_BODY, or the chain over MAA_VCEK_CHAIN_MAX
 *   thim_not_json        not one strict JSON object (RFC 8259; the json reason in the detail)
 *   thim_member_missing  no vcekCert or no certificateChain
 *   thim_member_type     one of them is not a string (or holds U+0000)
 *   thim_cert_invalid    vcekCert is not exactly one PEM certificate, certificateChain not
 *                        1..THIM_CHAIN_MAX_CERTS of them, or one is not DER X.509 (RFC 5280 4.1)
 * Other members (tcbm, ...) are tolerated and ignored. Signatures are not checked here: the
 * chain is the provider's to verify (AMD VCEK -> ASK -> ARK), as Microsoft's client leaves it.
 */
#ifndef ATTEST_PROVIDER_THIM_H
#define ATTEST_PROVIDER_THIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

/* The real answer is about 6 KiB (three PEM certificates). */
#define THIM_MAX_BODY ((size_t)64 * 1024)
/* ASK and ARK; room for one more level should AMD add one. */
#define THIM_CHAIN_MAX_CERTS 3u

/* Replaces chain_pem's contents (its max must allow MAA_VCEK_CHAIN_MAX); empty on failure. */
bool thim_parse(const uint8_t *body, size_t n, struct buf *chain_pem, struct err *e);

#endif
