#include "attest/tpms_attest.h"

#include <string.h>

#include "core/cursor.h"
#include "core/digest.h"

static bool bad(struct err *e, const struct cursor *c, enum reason_id reason, const char *what)
{
	return err_fail(e, reason, c->off, "TPMS_ATTEST: %s", what);
}

/* TPML_PCR_SELECTION (Part 2 10.9.7) of TPMS_PCR_SELECTION (10.6.2). */
static bool pcr_selection(struct cursor *c, struct tpms_attest *a, struct err *e)
{
	uint32_t count;

	if (!cursor_u32be(c, &count))
		return bad(e, c, R_ATTEST_TRUNCATED_ATTEST, "pcrSelect count");
	if (count > TPM_MAX_PCR_BANKS)
		return bad(e, c, R_ATTEST_BAD_PCR_SELECTION, "more selections than banks");
	for (uint32_t i = 0; i < count; i++) {
		struct tpm_pcr_selection *s = &a->sel[i];
		const uint8_t *bits;
		if (!cursor_u16be(c, &s->hash) || !cursor_u8(c, &s->size_of_select))
			return bad(e, c, R_ATTEST_TRUNCATED_ATTEST, "pcrSelection");
		if (!digest_by_tpm_alg(s->hash))
			return bad(e, c, R_ATTEST_BAD_PCR_SELECTION,
				   "selection hash is not a hash");
		if (s->size_of_select == 0 || s->size_of_select > TPM_PCR_SELECT_MAX)
			return bad(e, c, R_ATTEST_BAD_PCR_SELECTION, "sizeofSelect out of range");
		if (!cursor_bytes(c, s->size_of_select, &bits))
			return bad(e, c, R_ATTEST_TRUNCATED_ATTEST, "pcrSelect bitmap");
		s->mask = 0;
		for (uint8_t b = 0; b < s->size_of_select; b++)
			s->mask |= (uint32_t)bits[b] << (8 * b);
		for (uint32_t j = 0; j < i; j++)
			if (a->sel[j].hash == s->hash)
				return bad(e, c, R_ATTEST_BAD_PCR_SELECTION, "bank selected twice");
	}
	a->nsel = count;
	return true;
}

/* TPMU_ATTEST (Part 2 10.12.11) for the two types accepted: TPMS_QUOTE_INFO (10.12.4, PCR
 * selection and digest) or TPMS_CERTIFY_INFO (10.12.3, the certified object's names). */
static bool attested_parse(struct cursor *c, struct tpms_attest *a, struct err *e)
{
	if (a->type == TPM_ST_ATTEST_QUOTE) {
		if (!pcr_selection(c, a, e))
			return false;
		if (!cursor_u16be_sized(c, 64, &a->pcr_digest, &a->pcr_digest_len))
			return bad(e, c, R_ATTEST_BAD_ATTEST_FIELD, "pcrDigest");
		return true;
	}
	if (!cursor_u16be_sized(c, TPM_MAX_NAME_BYTES, &a->certified_name,
				&a->certified_name_len) ||
	    !cursor_u16be_sized(c, TPM_MAX_NAME_BYTES, &a->certified_qualified_name,
				&a->certified_qualified_name_len))
		return bad(e, c, R_ATTEST_BAD_ATTEST_FIELD, "certifyInfo names");
	return true;
}

bool tpms_attest_parse(const uint8_t *p, size_t n, struct tpms_attest *a, struct err *e)
{
	struct cursor c;

	memset(a, 0, sizeof(*a));
	cursor_init(&c, p, n);
	if (n > TPM_MAX_ATTEST)
		return bad(e, &c, R_ATTEST_ATTEST_TOO_LARGE, "over TPM_MAX_ATTEST");
	if (!cursor_u32be(&c, &a->magic) || !cursor_u16be(&c, &a->type))
		return bad(e, &c, R_ATTEST_TRUNCATED_ATTEST, "header");
	if (a->magic != TPM_GENERATED_VALUE)
		return err_fail(e, R_ATTEST_BAD_ATTEST_MAGIC, 0,
				"magic 0x%08x is not TPM_GENERATED", a->magic);
	if (a->type != TPM_ST_ATTEST_QUOTE && a->type != TPM_ST_ATTEST_CERTIFY)
		return err_fail(e, R_ATTEST_UNSUPPORTED_ATTEST_TYPE, 4, "type 0x%04x", a->type);
	if (!cursor_u16be_sized(&c, TPM_MAX_NAME_BYTES, &a->qualified_signer,
				&a->qualified_signer_len))
		return bad(e, &c, R_ATTEST_BAD_ATTEST_FIELD, "qualifiedSigner");
	if (!cursor_u16be_sized(&c, TPM_MAX_DATA, &a->extra_data, &a->extra_data_len))
		return bad(e, &c, R_ATTEST_BAD_ATTEST_FIELD, "extraData");
	/* TPMS_CLOCK_INFO (Part 2 10.11.1). */
	if (!cursor_u64be(&c, &a->clock) || !cursor_u32be(&c, &a->reset_count) ||
	    !cursor_u32be(&c, &a->restart_count) || !cursor_u8(&c, &a->safe))
		return bad(e, &c, R_ATTEST_TRUNCATED_ATTEST, "clockInfo");
	if (a->safe > 1)
		return bad(e, &c, R_ATTEST_BAD_ATTEST_FIELD, "clockInfo.safe is not YES/NO");
	if (!cursor_u64be(&c, &a->firmware_version))
		return bad(e, &c, R_ATTEST_TRUNCATED_ATTEST, "firmwareVersion");
	if (!attested_parse(&c, a, e))
		return false;
	if (!cursor_at_end(&c))
		return bad(e, &c, R_ATTEST_TRAILING_BYTES, "bytes after the attested info");
	return true;
}
