/*
 * libFuzzer harness: thim_parse() (src/provider/thim.c), the IMDS THIM answer to a VCEK chain.
 *
 * Properties: a refusal leaves the output empty; an accepted chain is within
 * MAA_VCEK_CHAIN_MAX, holds 2..THIM_CHAIN_MAX_CERTS + 1 PEM CERTIFICATE objects and nothing
 * else, and parses again (the same bytes re-encode to themselves).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "attest/pem.h"
#include "provider/maa_request.h"
#include "provider/thim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pem_obj objs[THIM_CHAIN_MAX_CERTS + 2];
	struct buf out;
	struct err e;
	size_t n = 0;

	buf_init(&out, MAA_VCEK_CHAIN_MAX);
	if (!thim_parse(data, size, &out, &e)) {
		if (out.len != 0)
			__builtin_trap();
		buf_free(&out);
		return 0;
	}
	if (out.len == 0 || out.len > MAA_VCEK_CHAIN_MAX ||
	    !pem_decode_all(out.data, out.len, objs, THIM_CHAIN_MAX_CERTS + 2, &n, &e) || n < 2 ||
	    n > THIM_CHAIN_MAX_CERTS + 1)
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if (strcmp(objs[i].name, "CERTIFICATE") != 0)
			__builtin_trap();
	pem_free_all(objs, n);
	buf_free(&out);
	return 0;
}
