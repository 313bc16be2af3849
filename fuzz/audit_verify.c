/*
 * Fuzz target: audit_verify() (src/audit/audit_verify.c) on any bytes, then again on a copy
 * whose hash chain is repaired (each line's "prev" and "chain_head" set to the SHA-256 of the
 * repaired line before), so the fuzzer reaches the checks behind the chain on every line.
 * Properties: a refused trail is an audit-layer REJECT naming a line no further than one past
 * the last, with an empty summary; an accepted one is exactly AUDIT records + '\n'-ended lines,
 * and its verdict hash is the SHA-256 of its last line; the answer is the same twice.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/digest.h"
#include "core/hex.h"

#define TRAIL_RECORDS 9 /* docs/audit.md: 8 steps and the verdict */

static size_t count_lines(const uint8_t *p, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += p[i] == '\n';
	return k;
}

static void sha256(const uint8_t *p, size_t n, uint8_t out[AUDIT_HASH_SIZE])
{
	if (!digest_compute(digest_by_tpm_alg(TPM_ALG_SHA256), p, n, out))
		abort();
}

static void check(const uint8_t *data, size_t size)
{
	struct audit_summary s, again;
	struct err e;
	uint8_t h[AUDIT_HASH_SIZE];
	bool ok = audit_verify(data, size, &s, &e);
	const uint8_t *last;

	if (ok != audit_verify(data, size, &again, NULL) || memcmp(&s, &again, sizeof(s)) != 0)
		abort();
	if (!ok) {
		if (e.cls != ERR_REJECT || strcmp(e.layer, "audit") != 0 || s.bad_line != e.line ||
		    s.records != 0 || s.bad_line > count_lines(data, size) + 1)
			abort();
		return;
	}
	if (s.records != TRAIL_RECORDS || s.bad_line != 0 || size == 0 || data[size - 1] != '\n' ||
	    count_lines(data, size) != TRAIL_RECORDS)
		abort();
	last = data + size - 1;
	while (last > data && last[-1] != '\n')
		last--;
	sha256(last, (size_t)(data + size - 1 - last), h);
	if (memcmp(h, s.verdict_hash, sizeof(h)) != 0)
		abort();
}

/* Overwrites the 64 characters after the first `key` in line[0..n) with hex. */
static void put_hash(uint8_t *line, size_t n, const char *key, const char *hex)
{
	size_t k = strlen(key);
	for (size_t i = 0; i + k + 64 <= n; i++)
		if (memcmp(line + i, key, k) == 0) {
			memcpy(line + i + k, hex, 64);
			return;
		}
}

/* Repairs the chain in place: what an attacker who rewrites every line could do. */
static void rechain(uint8_t *p, size_t n)
{
	uint8_t h[AUDIT_HASH_SIZE] = {0};
	char hex[2 * AUDIT_HASH_SIZE + 1];
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		if (p[i] != '\n')
			continue;
		hex_encode(h, sizeof(h), hex);
		put_hash(p + start, i - start, "\"prev\":\"", hex);
		put_hash(p + start, i - start, "\"chain_head\":\"", hex);
		sha256(p + start, i - start, h);
		start = i + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy;

	check(data, size);
	if (size == 0 || size > AUDIT_MAX_TRAIL || !(copy = malloc(size)))
		return 0;
	memcpy(copy, data, size);
	rechain(copy, size);
	check(copy, size);
	free(copy);
	return 0;
}
