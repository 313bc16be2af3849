/*
 * rng: the program's one source of randomness (quote nonces, ESAPI session
 * nonces and salts, temporary file names, later the provider client).
 *
 * Every call seeds a fresh HMAC-DRBG (NIST SP 800-90A 10.1.2, SHA-256) with
 * RNG_SEED_SIZE bytes from the kernel: getrandom(2) first, /dev/urandom when
 * getrandom is unavailable or fails. RDRAND, when CPUID advertises it, is only
 * mixed in as additional input (SP 800-90A 10.1.2.4 update): a CPU that returns
 * the same word every time (the all-ones failure of some AMD parts) cannot
 * weaken the seed, and a broken RDRAND is skipped, not trusted. A seed of all
 * zero or all 0xff bytes is refused as a failed source (rng_seed_check).
 *
 * Errors: layer "io" (src/shell), reason no_randomness (class transient, exit 3) when no
 * source gives an acceptable seed; the detail says why each source failed.
 */
#ifndef ATTEST_SHELL_RNG_H
#define ATTEST_SHELL_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bearssl.h>

#include "core/err.h"

/* 384 bits: SP 800-90A 8.6.7 asks for security strength (256) plus half of it as nonce. */
#define RNG_SEED_SIZE 48

/* A seed source: fills out[0..n) and returns 0, or returns an errno value (EIO when unsure). */
typedef int (*rng_source_fn)(uint8_t *out, size_t n);

struct rng_sources {
	rng_source_fn primary;	/* getrandom(2) */
	rng_source_fn fallback; /* /dev/urandom */
	rng_source_fn mix;	/* RDRAND, or NULL: additional input only, never the seed */
};

/* The real sources; mix is NULL when the CPU has no RDRAND. */
void rng_system_sources(struct rng_sources *s);
int rng_source_getrandom(uint8_t *out, size_t n);
int rng_source_urandom(uint8_t *out, size_t n);
int rng_source_rdrand(uint8_t *out, size_t n);

/* Pure: false (reason bad_seed) when every byte is 0x00 or every byte is 0xff. */
bool rng_seed_check(const uint8_t *seed, size_t n, struct err *e);

/* A freshly seeded DRBG for BearSSL APIs that draw from a br_prng_class. Wipe it after use. */
bool rng_drbg_init_from(const struct rng_sources *s, br_hmac_drbg_context *d, struct err *e);
bool rng_drbg_init(br_hmac_drbg_context *d, struct err *e);

/* n random bytes; on failure out is zeroed. */
bool rng_bytes_from(const struct rng_sources *s, void *out, size_t n, struct err *e);
bool rng_bytes(void *out, size_t n, struct err *e);

/* Overwrites n bytes in a way the compiler may not elide. */
void rng_wipe(void *p, size_t n);

#endif
