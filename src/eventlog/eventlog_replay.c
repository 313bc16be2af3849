/* PCR replay of a parsed event log and comparison with given PCR values (docs/eventlog.md 7). */
#include <string.h>

#include "eventlog/eventlog_internal.h"

/* PC Client Platform TPM Profile, "PCR Initial and Reset Values": PCR 17-22 reset to all
 * ones (they belong to the DRTM), every other PCR to zero. */
#define PCR_DRTM_FIRST 17
#define PCR_DRTM_LAST  22
/* TPM 2.0 Part 1, 34.3: PCR0 = 0...04 when the first measurement came from an H-CRTM. */
#define PCR0_HCRTM_LOCALITY 4

static void pcr_reset(struct pcr_bank *bank, uint8_t pcr0_locality)
{
	memset(bank->pcr, 0, sizeof(bank->pcr));
	for (int i = PCR_DRTM_FIRST; i <= PCR_DRTM_LAST; i++)
		memset(bank->pcr[i], 0xFF, bank->size);
	if (bank->size > 0)
		bank->pcr[0][bank->size - 1] = pcr0_locality;
	bank->extended_mask = 0;
}

/* Every declared bank at its initial values; log->nbanks is at most EVENTLOG_MAX_BANKS. */
static void reset_banks(const struct eventlog *log, struct pcr_banks *out)
{
	/* H-CRTM takes precedence over StartupLocality (docs/eventlog.md 13.7). */
	if (log->has_hcrtm)
		out->pcr0_locality = PCR0_HCRTM_LOCALITY;
	else if (log->has_startup_locality)
		out->pcr0_locality = log->startup_locality;
	out->nbanks = log->nbanks;
	for (size_t b = 0; b < log->nbanks; b++) {
		struct pcr_bank *pb = &out->bank[b];
		pb->alg_id = log->banks[b].alg_id;
		pb->alg = log->banks[b].alg;
		pb->size = log->banks[b].size;
		pb->replayed = log->banks[b].replayable;
		pcr_reset(pb, out->pcr0_locality);
	}
}

bool eventlog_replay(const struct eventlog *log, struct pcr_banks *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	if (log->nevents == 0 || log->nbanks == 0 || log->nbanks > EVENTLOG_MAX_BANKS)
		return err_fail(e, R_EVENTLOG_EMPTY, ERR_NO_OFFSET, "no parsed event log");
	reset_banks(log, out);
	for (size_t i = 0; i < log->nevents; i++) {
		const struct eventlog_event *ev = &log->events[i];
		if (!eventlog_event_extends(ev))
			continue;
		for (size_t b = 0; b < log->nbanks && b < out->nbanks; b++) {
			struct pcr_bank *pb = &out->bank[b];
			const uint8_t *d = eventlog_digest(log, i, b);
			if (!pb->replayed)
				continue;
			/* Only the agile Spec ID record lacks digests, and it is EV_NO_ACTION. */
			if (!d)
				return err_fail(e, R_EVENTLOG_MISSING_DIGEST, ev->offset,
						"event %zu has no %s digest", i, pb->alg->name);
			/* PCR extend: PCR = H(PCR || digest) (TPM 2.0 Part 1, 17.6.3). */
			(void)digest_extend(pb->alg, pb->pcr[ev->pcr], d);
			pb->extended_mask |= (uint32_t)1 << ev->pcr;
		}
	}
	return true;
}

static const struct pcr_bank *find_bank(const struct pcr_banks *r, uint16_t alg_id)
{
	for (size_t b = 0; b < r->nbanks && b < EVENTLOG_MAX_BANKS; b++)
		if (r->bank[b].alg_id == alg_id)
			return &r->bank[b];
	return NULL;
}

size_t eventlog_compare(const struct pcr_banks *replayed, const struct pcr_value *given,
			size_t ngiven, struct pcr_mismatch *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < ngiven; i++) {
		const struct pcr_value *g = &given[i];
		const struct pcr_bank *pb = find_bank(replayed, g->alg_id);
		enum pcr_mismatch_kind kind;

		if (g->pcr >= EVENTLOG_NUM_PCRS)
			kind = PCR_MISMATCH_BAD_INDEX;
		else if (!pb)
			kind = PCR_MISMATCH_NO_BANK;
		else if (!pb->replayed)
			kind = PCR_MISMATCH_NOT_REPLAYED;
		else if (!g->value || g->size != pb->size)
			kind = PCR_MISMATCH_BAD_SIZE;
		else if (memcmp(pb->pcr[g->pcr], g->value, pb->size) != 0)
			kind = PCR_MISMATCH_VALUE;
		else
			continue;
		if (n < max)
			out[n] = (struct pcr_mismatch){g->alg_id, g->pcr, kind};
		n++;
	}
	return n;
}

const char *eventlog_mismatch_name(enum pcr_mismatch_kind kind)
{
	switch (kind) {
	case PCR_MISMATCH_VALUE:
		return "value_mismatch";
	case PCR_MISMATCH_NO_BANK:
		return "bank_not_in_log";
	case PCR_MISMATCH_NOT_REPLAYED:
		return "bank_not_replayed";
	case PCR_MISMATCH_BAD_INDEX:
		return "bad_pcr_index";
	case PCR_MISMATCH_BAD_SIZE:
		return "bad_digest_size";
	}
	return "unknown";
}
