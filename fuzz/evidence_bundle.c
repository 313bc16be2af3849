/* libFuzzer harness: evidence_read() (src/attest/evidence_bundle.c) and, on success, the
 * offline evidence_verify() (src/attest/evidence_verify.c) with an empty root bundle, plus a
 * write-read round trip of what was read.
 *
 * Properties of an accepted bundle: what we write we read back to the same PCR block;
 * evidence_pcr_values() returns 32 bytes per selected PCR, in order; the selection printed as a
 * --pcrs list ("0-7,10", ranges and singles) parses back with pcr_list_parse() to the same mask,
 * and is refused with a trailing comma or PCR 24 appended. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "attest/evidence_bundle.h"
#include "attest/evidence_verify.h"

/* The mask as a --pcrs list: runs of 3 or more as "a-b", others as singles. */
static void pcr_list_format(uint32_t mask, char *s, size_t cap)
{
	size_t k = 0;
	s[0] = '\0';
	for (unsigned i = 0; i < EVIDENCE_NUM_PCRS && k < cap; i++) {
		unsigned j = i;
		int w;
		if (!(mask >> i & 1))
			continue;
		while (j + 1 < EVIDENCE_NUM_PCRS && (mask >> (j + 1) & 1))
			j++;
		if (j >= i + 2)
			w = snprintf(s + k, cap - k, "%s%u-%u", k ? "," : "", i, j);
		else
			w = snprintf(s + k, cap - k, "%s%u", k ? "," : "", i), j = i;
		k += (size_t)w;
		i = j;
	}
}

static void check_pcrs(const struct evidence *ev, const struct evidence *back)
{
	static uint8_t vals[EVIDENCE_NUM_PCRS * 32];
	char list[128];
	uint32_t mask = 0;
	size_t n, k = 0;
	struct err e;

	if (back->pcr_mask != ev->pcr_mask)
		__builtin_trap();
	n = evidence_pcr_values(ev, vals);
	for (unsigned i = 0; i < EVIDENCE_NUM_PCRS; i++) {
		if (!(ev->pcr_mask >> i & 1))
			continue;
		if (memcmp(vals + 32 * k, ev->pcr[i], 32) != 0 ||
		    memcmp(back->pcr[i], ev->pcr[i], 32) != 0)
			__builtin_trap();
		k++;
	}
	if (n != 32 * k)
		__builtin_trap();
	pcr_list_format(ev->pcr_mask, list, sizeof(list));
	if (!pcr_list_parse(list, &mask, &e) || mask != ev->pcr_mask)
		__builtin_trap();
	/* ... and the same list with a trailing comma or PCR 24 added, or empty, is refused. */
	k = strlen(list);
	memcpy(list + k, ",", 2);
	if (pcr_list_parse(list, &mask, &e))
		__builtin_trap();
	memcpy(list + k, ",24", 4);
	if (pcr_list_parse(list, &mask, &e) || pcr_list_parse("", &mask, &e))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct evidence ev, back;
	struct evidence_policy pol = {NULL,	     0,
				      1767225600ull, EVIDENCE_DEFAULT_PCR_MASK,
				      false,	     EVIDENCE_ISOLATION_TRUSTED_LAUNCH};
	struct buf out;
	struct err e;

	evidence_init(&ev);
	if (evidence_read(data, size, &ev, &e)) {
		evidence_verify(&ev, &pol, NULL, &e);
		buf_init(&out, EVIDENCE_MAX_TEXT);
		evidence_init(&back);
		if (evidence_write(&ev, &out, &e)) {
			if (!evidence_read(out.data, out.len, &back, &e))
				__builtin_trap(); /* what we write we must read */
			check_pcrs(&ev, &back);
		}
		evidence_free(&back);
		buf_free(&out);
	}
	evidence_free(&ev);
	return 0;
}
