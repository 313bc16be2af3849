/* libFuzzer harness: evidence_read() (src/attest/evidence_bundle.c) and, on success, the
 * offline evidence_verify() (src/attest/evidence_verify.c) with an empty root bundle, plus a
 * write-read round trip of what was read. */
#include <stddef.h>
#include <stdint.h>

#include "attest/evidence_bundle.h"
#include "attest/evidence_verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct evidence ev, back;
	struct evidence_policy pol = {NULL, 0, 1767225600ull, 0};
	struct buf out;
	struct err e;

	evidence_init(&ev);
	if (evidence_read(data, size, &ev, &e)) {
		evidence_verify(&ev, &pol, NULL, &e);
		buf_init(&out, EVIDENCE_MAX_TEXT);
		evidence_init(&back);
		if (evidence_write(&ev, &out, &e) && !evidence_read(out.data, out.len, &back, &e))
			__builtin_trap(); /* what we write we must read */
		evidence_free(&back);
		buf_free(&out);
	}
	evidence_free(&ev);
	return 0;
}
