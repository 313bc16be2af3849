/*
 * libFuzzer harness for the event log: eventlog_parse() (src/eventlog/eventlog_parse.c,
 * eventlog_specid.c), eventlog_replay() and eventlog_compare() (eventlog_replay.c),
 * eventlog_decode() and eventlog_check_content() for every event (eventlog_decode.c,
 * eventlog_content.c, efi_structs.c), eventlog_write_json() (eventlog_json.c) and
 * eventlog_write_text() (eventlog_text.c).
 * fuzz/efi_structs.c fuzzes the efi_structs.c readers directly.
 * Seeds: fuzz/corpus/eventlog/ (hand-built) and the real logs listed in fuzz/eventlog.seeds.
 *
 * Properties: a log re-serialized from the parsed events (same records, then the same padding)
 * parses again to the same number of events and replays to the same PCRs in every bank (the
 * padding must be kept: without it, trailing all-zero records would become padding themselves);
 * eventlog_compare() reports exactly the expected kind for a right value, a wrong value, a
 * wrong size, a missing value, an index outside 0-23, a bank the log lacks and a bank it cannot
 * replay; replaying an empty log fails; eventlog_digest() is NULL outside the arrays; the
 * GUID text of every decoded variable is its bytes in the UEFI layout; the JSON and the table
 * of a log fit EVENTLOG_MAX_LISTING; a parse never fails with the "internal" reason (the event
 * arrays, sized once from the log's length, always suffice).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "core/cursor.h"
#include "eventlog/eventlog.h"
#include "eventlog/eventlog_decode.h"
#include "eventlog/eventlog_json.h"
#include "eventlog/eventlog_text.h"

static void put32(uint8_t **p, uint32_t v)
{
	store_u32le(*p, v);
	*p += 4;
}

/* Writes the parsed events back in their format (TCG EFI Protocol 5.1 / 5.2). */
static size_t reserialize(const struct eventlog *log, uint8_t *out)
{
	uint8_t *p = out;
	for (size_t i = 0; i < log->nevents; i++) {
		const struct eventlog_event *ev = &log->events[i];
		if (log->format == EVENTLOG_FORMAT_AGILE && i == 0) {
			/* The Spec ID record is in SHA-1 layout: copy it as it was. */
			size_t len = ev->data_off + ev->data_len - ev->offset;
			memcpy(p, log->base + ev->offset, len);
			p += len;
			continue;
		}
		put32(&p, ev->pcr);
		put32(&p, ev->type);
		if (log->format == EVENTLOG_FORMAT_AGILE) {
			put32(&p, (uint32_t)log->nbanks);
			for (size_t b = 0; b < log->nbanks; b++) {
				store_u16le(p, log->banks[b].alg_id);
				p += 2;
				memcpy(p, eventlog_digest(log, i, b), log->banks[b].size);
				p += log->banks[b].size;
			}
		} else {
			memcpy(p, eventlog_digest(log, i, 0), 20);
			p += 20;
		}
		put32(&p, ev->data_len);
		memcpy(p, log->base + ev->data_off, ev->data_len);
		p += ev->data_len;
	}
	return (size_t)(p - out);
}

static void check_reserialized_replays_the_same(const struct eventlog *log,
						const struct pcr_banks *pcrs)
{
	uint8_t *copy = malloc(log->end + log->padding_len + 1);
	struct eventlog again;
	struct pcr_banks pcrs2;
	struct err e;
	size_t n;

	if (!copy)
		return;
	n = reserialize(log, copy);
	if (n != log->end)
		__builtin_trap();
	memset(copy + n, log->padding_byte, log->padding_len);
	n += log->padding_len;
	if (!eventlog_parse(copy, n, &again, &e))
		__builtin_trap();
	if (again.nevents != log->nevents || !eventlog_replay(&again, &pcrs2, &e) ||
	    pcrs2.nbanks != pcrs->nbanks)
		__builtin_trap();
	for (size_t b = 0; b < pcrs->nbanks; b++)
		if (pcrs->bank[b].replayed &&
		    memcmp(pcrs->bank[b].pcr, pcrs2.bank[b].pcr, sizeof(pcrs->bank[b].pcr)) != 0)
			__builtin_trap();
	eventlog_free(&again);
	free(copy);
}

/* A TPM_ALG_ID that no bank of the replay uses (there are at most EVENTLOG_MAX_BANKS). */
static uint16_t absent_alg(const struct pcr_banks *pcrs)
{
	uint16_t id = 0;
	for (size_t b = 0; b < pcrs->nbanks;) {
		if (pcrs->bank[b].alg_id == id) {
			id++;
			b = 0;
		} else {
			b++;
		}
	}
	return id;
}

/* eventlog_compare() over every kind of given value, in each bank; vary picks the PCR. */
static void check_compare(const struct pcr_banks *pcrs, size_t vary)
{
	enum { NVALUES = 6 };
	for (size_t b = 0; b < pcrs->nbanks; b++) {
		const struct pcr_bank *pb = &pcrs->bank[b];
		uint32_t pcr = (uint32_t)(vary % EVENTLOG_NUM_PCRS);
		uint8_t flipped[DIGEST_MAX_SIZE];
		struct pcr_value v[NVALUES] = {
		    {pb->alg_id, pcr, pb->pcr[pcr], pb->size},
		    {pb->alg_id, pcr, flipped, pb->size},
		    {pb->alg_id, pcr, pb->pcr[pcr], pb->size - 1},
		    {pb->alg_id, pcr, NULL, pb->size},
		    {pb->alg_id, EVENTLOG_NUM_PCRS + (uint32_t)vary % 8, pb->pcr[0], pb->size},
		    {absent_alg(pcrs), pcr, pb->pcr[pcr], pb->size},
		};
		enum pcr_mismatch_kind want[NVALUES] = {
		    0,
		    PCR_MISMATCH_VALUE,
		    PCR_MISMATCH_BAD_SIZE,
		    PCR_MISMATCH_BAD_SIZE,
		    PCR_MISMATCH_BAD_INDEX,
		    PCR_MISMATCH_NO_BANK,
		};
		struct pcr_mismatch mm[NVALUES];
		size_t n, k = 0, max = vary % (NVALUES + 1);

		memcpy(flipped, pb->pcr[pcr], pb->size);
		flipped[0] ^= 1;
		if (!pb->replayed)
			for (size_t i = 0; i < 4; i++)
				want[i] = PCR_MISMATCH_NOT_REPLAYED;
		n = eventlog_compare(pcrs, v, NVALUES, mm, max);
		for (size_t i = 0; i < NVALUES; i++) {
			if (want[i] == 0)
				continue;
			if (k < max && (mm[k].kind != want[i] || mm[k].alg_id != v[i].alg_id ||
					mm[k].pcr != v[i].pcr))
				__builtin_trap();
			if (k < max && strcmp(eventlog_mismatch_name(mm[k].kind), "unknown") == 0)
				__builtin_trap();
			k++;
		}
		if (n != k)
			__builtin_trap();
	}
	if (strcmp(eventlog_mismatch_name((enum pcr_mismatch_kind)0), "unknown") != 0)
		__builtin_trap();
}

/* The JSON names variables by their GUID text: Data1-3 little-endian, Data4 in order
 * (UEFI 2.10 appendix A), checked against an independent printf. */
static void check_guid_text(const uint8_t *g)
{
	char text[EFI_GUID_STR_SIZE], want[64];
	efi_guid_format(g, text);
	snprintf(want, sizeof(want), "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 (unsigned)load_u32le(g), (unsigned)load_u16le(g + 4), (unsigned)load_u16le(g + 6),
		 g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
	if (strcmp(text, want) != 0)
		__builtin_trap();
}

/* Both listings of every log that replays fit the command's cap (eventlog.h). */
static void check_listings(const struct eventlog *log, const struct pcr_banks *pcrs, int bank)
{
	struct buf out;
	buf_init(&out, EVENTLOG_MAX_LISTING);
	if (!eventlog_write_json(log, pcrs, bank, &out))
		__builtin_trap();
	buf_free(&out);
	buf_init(&out, EVENTLOG_MAX_LISTING);
	if (!eventlog_write_text(log, pcrs, bank, "fuzz", &out))
		__builtin_trap();
	buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eventlog log;
	struct pcr_banks pcrs;
	struct err e;

	if (!eventlog_parse(data, size, &log, &e)) {
		/* "internal" marks a state the parser holds unreachable (e.g. more records than
		 * the event arrays were sized for, from the log's length): a bug if reached. */
		if (e.id == R_EVENTLOG_INTERNAL)
			__builtin_trap();
		/* A failed parse leaves an empty log, which replay refuses. */
		if (eventlog_replay(&log, &pcrs, &e))
			__builtin_trap();
		return 0;
	}
	if (eventlog_replay(&log, &pcrs, &e)) {
		check_reserialized_replays_the_same(&log, &pcrs);
		check_compare(&pcrs, size);
		check_listings(&log, &pcrs, log.nbanks > 1 ? (int)(size % log.nbanks) - 1 : -1);
	}
	if (eventlog_digest(&log, log.nevents, 0) || eventlog_digest(&log, 0, log.nbanks))
		__builtin_trap();
	for (size_t i = 0; i < log.nevents; i++) {
		struct el_content c;
		eventlog_decode(&log, i, &c);
		if (c.kind == EL_CONTENT_VARIABLE)
			check_guid_text(c.u.variable.guid);
	}
	eventlog_free(&log);
	return 0;
}
