/* The crypto-agile Spec ID event: the table of banks and digest sizes of the whole log. */
#include <string.h>

#include "eventlog/eventlog_internal.h"

/* digestSizes[numberOfAlgorithms] (PFP 10.4.5.1 TCG_EfiSpecIdEventAlgorithmSize): each
 * algorithm once, its digest size agreeing with the algorithm. The caller checked that nalgs
 * entries of 4 bytes fit in data. */
static bool specid_banks_parse(struct eventlog *log, struct cursor *data, size_t base,
			       uint32_t nalgs, struct err *e)
{
	for (uint32_t i = 0; i < nalgs; i++) {
		struct eventlog_bank *b = &log->banks[i];
		size_t at = base + data->off;
		(void)cursor_u16le(data, &b->alg_id);
		(void)cursor_u16le(data, &b->size);
		for (uint32_t j = 0; j < i; j++)
			if (log->banks[j].alg_id == b->alg_id)
				return err_fail(e, R_EVENTLOG_SPECID_DUPLICATE_ALGORITHM, at,
						"algorithm 0x%04x listed twice", b->alg_id);
		b->alg = digest_by_tpm_alg(b->alg_id);
		/* Digest sizes come from this table (EFIPROT 5.2) and must agree with the
		 * algorithm's own size (TPM 2.0 Part 2, 6.3). */
		if (b->size == 0 || b->size > DIGEST_MAX_SIZE ||
		    (b->alg && b->alg->size != b->size))
			return err_fail(e, R_EVENTLOG_DIGEST_SIZE_MISMATCH, at,
					"algorithm 0x%04x declared with digest size %u", b->alg_id,
					b->size);
		b->replayable = b->alg && b->alg->impl;
	}
	log->nbanks = nalgs;
	return true;
}

bool eventlog_parse_specid(struct eventlog *log, struct cursor *data, size_t rec_off, struct err *e)
{
	uint32_t nalgs;
	uint8_t vendor_size;
	size_t base = rec_off + EVENTLOG_SHA1_HEADER_SIZE;
	struct eventlog_specid *s = &log->specid;

	/* PFP 10.4.5.1 TCG_EfiSpecIdEvent: signature[16], platformClass u32, specVersionMinor,
	 * specVersionMajor, specErrata, uintnSize (u8 each), numberOfAlgorithms u32. */
	if (!cursor_skip(data, EVENTLOG_SIG_SIZE) || !cursor_u32le(data, &s->platform_class) ||
	    !cursor_u8(data, &s->version_minor) || !cursor_u8(data, &s->version_major) ||
	    !cursor_u8(data, &s->errata) || !cursor_u8(data, &s->uintn_size) ||
	    !cursor_u32le(data, &nalgs))
		return err_fail(e, R_EVENTLOG_SPECID_SIZE_MISMATCH, base + data->off,
				"Spec ID event data too short for its fixed fields");
	/* specVersion 2.0 identifies this layout (PFP 10.4.5.1; go-attestation checks it too). */
	if (s->version_major != 2 || s->version_minor != 0)
		return err_fail(e, R_EVENTLOG_SPECID_BAD_VERSION, base + 20,
				"Spec ID version %u.%u, want 2.0", s->version_major,
				s->version_minor);
	/* uintnSize: 1 = UINT32, 2 = UINT64 (PFP 10.4.5.1). */
	if (s->uintn_size != 1 && s->uintn_size != 2)
		return err_fail(e, R_EVENTLOG_SPECID_BAD_UINTN_SIZE, base + 23,
				"uintnSize %u, want 1 or 2", s->uintn_size);
	log->uintn_size = s->uintn_size == 1 ? 4 : 8;
	if (nalgs == 0)
		return err_fail(e, R_EVENTLOG_SPECID_NO_ALGORITHMS, base + 24,
				"numberOfAlgorithms is 0");
	if (nalgs > EVENTLOG_MAX_BANKS)
		return err_fail(e, R_EVENTLOG_SPECID_TOO_MANY_ALGORITHMS, base + 24,
				"numberOfAlgorithms %u exceeds the cap of %u", nalgs,
				EVENTLOG_MAX_BANKS);
	if (cursor_left(data) / 4 < nalgs)
		return err_fail(e, R_EVENTLOG_SPECID_SIZE_MISMATCH, base + 24,
				"%u algorithms do not fit in the Spec ID event", nalgs);
	if (!specid_banks_parse(log, data, base, nalgs, e))
		return false;
	/* vendorInfoSize u8 then exactly that many bytes fill the rest of the event. */
	if (!cursor_u8(data, &vendor_size))
		return err_fail(e, R_EVENTLOG_SPECID_SIZE_MISMATCH, base + data->off,
				"no vendorInfoSize");
	if (cursor_left(data) != vendor_size)
		return err_fail(e, R_EVENTLOG_SPECID_SIZE_MISMATCH, base + data->off,
				"vendorInfoSize %u but %zu bytes left in the event", vendor_size,
				cursor_left(data));
	s->vendor_off = (uint32_t)(base + data->off);
	s->vendor_len = vendor_size;
	return true;
}
