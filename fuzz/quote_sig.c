/*
 * libFuzzer harness for quote_sig_raw() (src/attest/quote_verify.c): the reader of a quote's
 * signature file, either the raw RSASSA signature or a marshalled TPMT_SIGNATURE (TPM 2.0
 * Part 2, 11.3.4).
 *
 * Input: byte 0 chooses the AK modulus length (0, 128, 256, 384 or 512 bytes); the rest is
 * the signature file. Properties: an accepted file yields exactly modulus-length bytes
 * inside the input: the whole input when it is that long, else the bytes after the 6-byte
 * RSASSA/SHA-256 header, whose size field agrees. Every refusal is a named reject.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "attest/quote_verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t lens[] = {0, 128, 256, 384, 512};
	static struct rsa_pub ak;
	const uint8_t *sig, *raw = NULL;
	size_t len, raw_len = 0;
	struct err e;

	if (size == 0)
		return 0;
	memset(&ak, 0, sizeof(ak));
	ak.nlen = lens[data[0] % 5];
	ak.n[0] = 0xC5;
	ak.e[0] = 3;
	ak.elen = 1;
	sig = data + 1;
	len = size - 1;
	err_clear(&e);
	if (!quote_sig_raw(sig, len, &ak, &raw, &raw_len, &e)) {
		if (e.cls != ERR_REJECT || !e.reason || e.reason[0] == '\0')
			__builtin_trap();
		return 0;
	}
	if (raw_len != ak.nlen)
		__builtin_trap();
	if (len == ak.nlen) {
		if (raw != sig)
			__builtin_trap();
	} else if (len != ak.nlen + 6 || raw != sig + 6 || sig[0] != 0x00 || sig[1] != 0x14 ||
		   sig[2] != 0x00 || sig[3] != 0x0B ||
		   (size_t)((sig[4] << 8) | sig[5]) != ak.nlen) {
		__builtin_trap();
	}
	return 0;
}
