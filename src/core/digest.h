/*
 * digest: hash algorithms by TPM_ALG_ID (TPM 2.0 Part 2, 6.3) and by name,
 * backed by BearSSL. An algorithm may be known (id, name, size) without an
 * implementation (SM3-256, SHA3): callers must check digest_alg.impl.
 */
#ifndef ATTEST_CORE_DIGEST_H
#define ATTEST_CORE_DIGEST_H

#include <bearssl_hash.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIGEST_MAX_SIZE 64

#define TPM_ALG_SHA1	 0x0004
#define TPM_ALG_SHA256	 0x000B
#define TPM_ALG_SHA384	 0x000C
#define TPM_ALG_SHA512	 0x000D
#define TPM_ALG_SM3_256	 0x0012
#define TPM_ALG_SHA3_256 0x0027
#define TPM_ALG_SHA3_384 0x0028
#define TPM_ALG_SHA3_512 0x0029

struct digest_alg {
	uint16_t tpm_alg;
	const char *name; /* "sha1", "sha256", "sha384", "sha512", "sm3_256", "sha3_256", ... */
	size_t size;
	const br_hash_class *impl; /* NULL when BearSSL has no implementation */
};

const struct digest_alg *digest_by_tpm_alg(uint16_t tpm_alg);
const struct digest_alg *digest_by_name(const char *name);

/* out receives alg->size bytes; false when the algorithm has no implementation. */
bool digest_compute(const struct digest_alg *alg, const void *data, size_t n, uint8_t *out);
/* pcr = H(pcr || d), both alg->size bytes (TPM 2.0 Part 1, PCR extend). */
bool digest_extend(const struct digest_alg *alg, uint8_t *pcr, const uint8_t *d);

#endif
