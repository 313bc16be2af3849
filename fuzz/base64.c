/*
 * Fuzz target: base64_decode() and base64_encode() (src/jose/base64.c), both
 * variants. Properties: decoding is canonical, so encode(decode(x)) == x for
 * every accepted x; decode(encode(y)) == y for every byte string y; the
 * decoded size never exceeds base64_decoded_max(); and an output buffer one
 * byte short of the decoded size is refused (too_large), never overrun.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jose/base64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf enc;
	struct err e;
	uint8_t *dec;
	size_t n, m;

	/* Room for decoding the input (<= 3/4 of it) and for decoding encode(input) (= size). */
	size_t cap = size + 3;

	dec = malloc(cap);
	if (!dec)
		return 0;
	buf_init(&enc, 2 * size + 8);
	for (int v = BASE64_STD; v <= BASE64_URL; v++) {
		err_clear(&e);
		if (base64_decode((enum base64_variant)v, (const char *)data, size, dec, cap, &n,
				  &e)) {
			if (n > base64_decoded_max(size))
				abort();
			if (n > 0 && (base64_decode((enum base64_variant)v, (const char *)data,
						    size, dec, n - 1, &m, &e) ||
				      strcmp(e.reason, "too_large") != 0))
				abort();
			buf_reset(&enc);
			if (!base64_encode((enum base64_variant)v, dec, n, &enc) ||
			    enc.len != size || (size && memcmp(enc.data, data, size) != 0))
				abort();
		}
		buf_reset(&enc);
		if (!base64_encode((enum base64_variant)v, data, size, &enc))
			abort();
		if (!base64_decode((enum base64_variant)v, enc.len ? (const char *)enc.data : "",
				   enc.len, dec, cap, &n, &e) ||
		    n != size || (size && memcmp(dec, data, size) != 0))
			abort();
	}
	buf_free(&enc);
	free(dec);
	return 0;
}
