/*
 * libFuzzer harness: maa_envelope_parse() and maa_envelope_open() (src/provider/maa_envelope.c)
 * over an AzureGuest answer body. The inner key for open: the first KeySizeInBits/8 bytes of
 * the input (so the fuzzer can reach a tag check that passes only with the right key).
 *
 * Properties: a parsed envelope has a 128/192/256-bit key size and a non-empty ciphertext; an
 * opened JWT is exactly as long as the ciphertext (no unpadding); a failed open returns nothing.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "provider/maa_envelope.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct maa_envelope env;
	struct buf jwt;
	struct err e;
	uint8_t key[32];

	maa_envelope_init(&env);
	buf_init(&jwt, MAA_RESPONSE_MAX_BODY);
	if (maa_envelope_parse(data, size, &env, &e)) {
		size_t k = env.key_bits / 8;
		if ((k != 16 && k != 24 && k != 32) || env.jwt_ct.len == 0)
			__builtin_trap();
		memset(key, 0, sizeof(key));
		memcpy(key, data, size < k ? size : k);
		if (maa_envelope_open(&env, key, k, &jwt, &e)) {
			if (jwt.len != env.jwt_ct.len)
				__builtin_trap();
		} else if (jwt.len != 0) {
			__builtin_trap();
		}
		if (maa_envelope_open(&env, key, k == 32 ? 16 : 32, &jwt, &e) || jwt.len != 0)
			__builtin_trap(); /* the key length must match KeySizeInBits */
	}
	buf_free(&jwt);
	maa_envelope_free(&env);
	return 0;
}
