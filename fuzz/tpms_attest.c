/* libFuzzer harness: tpms_attest_parse() (src/attest/tpms_attest.c), and quote_verify()'s
 * parse-then-signature path with a fixed key, over arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "attest/quote_verify.h"
#include "attest/tpms_attest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tpms_attest a;
	struct err e;
	static struct rsa_pub ak;
	static uint8_t sig[256];
	struct quote_expect w;

	if (ak.nlen == 0) {
		uint8_t n[256];
		memset(n, 0xc3, sizeof(n));
		rsa_pub_set(&ak, n, sizeof(n), (const uint8_t *)"\x01\x00\x01", 3, NULL);
	}
	if (tpms_attest_parse(data, size, &a, &e) && a.type == TPM_ST_ATTEST_QUOTE) {
		uint8_t d[64];
		size_t dl;
		/* PCR values of the right size for the selection, all zero. */
		static uint8_t vals[16 * 32 * 64];
		size_t need = 0;
		for (size_t i = 0; i < a.nsel; i++)
			need += (size_t)__builtin_popcount(a.sel[i].mask) * 64;
		if (need <= sizeof(vals))
			quote_pcr_digest(&a, vals, need, d, &dl, &e);
	}
	memset(&w, 0, sizeof(w));
	quote_verify(data, size, sig, sizeof(sig), &ak, &w, &a, &e);
	return 0;
}
