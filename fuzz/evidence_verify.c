/*
 * libFuzzer harness: evidence_verify() (src/attest/evidence_verify.c: every offline check of
 * an evidence bundle: AK public area, AK certificate chain, quote, event log replay, ephemeral
 * key certification, HCL report) over a bundle read by evidence_read(), with the --ak-roots
 * bundle from the input. Input: PEM root bundle text, a NUL byte, then the evidence bundle JSON
 * (no NUL: the whole input is the bundle and there are no roots). Verification time: 2026-01-01.
 *
 * Properties: a verified bundle writes its summary; it is refused when the policy asks for
 * another PCR selection than the one quoted.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "attest/evidence_bundle.h"
#include "attest/evidence_verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct evidence ev;
	static struct pem_obj roots[PEM_MAX_OBJECTS];
	struct evidence_policy pol = {roots, 0, 1767225600ull, 0};
	const uint8_t *nul = memchr(data, 0, size);
	const uint8_t *text = data;
	size_t n = size, nroots = 0;
	struct json_writer w;
	struct buf out;
	struct err e;

	if (nul) {
		if (!pem_decode_all(data, (size_t)(nul - data), roots, PEM_MAX_OBJECTS, &nroots,
				    &e))
			return 0;
		text = nul + 1;
		n = size - (size_t)(nul - data) - 1;
	}
	pol.nroots = nroots;
	evidence_init(&ev);
	if (evidence_read(text, n, &ev, &e)) {
		buf_init(&out, 4096);
		json_writer_init(&w, &out);
		if (evidence_verify(&ev, &pol, &w, &e)) {
			if (!json_writer_ok(&w) || out.len == 0)
				__builtin_trap();
			pol.pcr_mask =
			    ev.pcr_mask ^ (ev.pcr_mask == 1 ? 2u : 1u); /* never 0 (= own) */
			if (evidence_verify(&ev, &pol, NULL, &e))
				__builtin_trap();
		}
		buf_free(&out);
	}
	evidence_free(&ev);
	pem_free_all(roots, nroots);
	return 0;
}
