/*
 * libFuzzer harness for the event log: eventlog_parse() (src/eventlog/eventlog_parse.c,
 * eventlog_specid.c), eventlog_replay() and eventlog_compare() (eventlog_replay.c),
 * eventlog_decode() and eventlog_check_content() for every event (eventlog_decode.c,
 * eventlog_content.c, efi_structs.c), and eventlog_write_json() (eventlog_json.c).
 * fuzz/efi_structs.c fuzzes the efi_structs.c readers directly.
 * Seeds: fuzz/corpus/eventlog/ (hand-built) and the real logs listed in fuzz/eventlog.seeds.
 *
 * Properties: a log re-serialized from the parsed events (same records, then the same padding)
 * parses again to the same number of events and replays to the same PCRs in every bank (the
 * padding must be kept: without it, trailing all-zero records would become padding themselves);
 * eventlog_compare() reports exactly the expected kind for a right value, a wrong value, a
 * wrong size, a missing value, an index outside 0-23, a bank the log lacks and a bank it cannot
 * replay; replaying an empty log fails; eventlog_digest() is NULL outside the arrays; the
 * GUID of every decoded variable survives efi_guid_format() then efi_guid_parse(); replay
 * in two parts (eventlog_replay_start, then _extend, as the CLI runs it) gives the whole
 * replay; the JSON written in pieces split at an input-chosen event (eventlog_json_begin,
 * _events twice, the second with a writer made by json_writer_init_inside, _end; as the CLI's
 * threads write it) is byte for byte the JSON written whole; a parse never fails with the
 * "internal" reason (the event arrays, sized once from the log's length, always suffice).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"
#include "core/json_writer.h"
#include "eventlog/eventlog.h"
#include "eventlog/eventlog_decode.h"
#include "eventlog/eventlog_json.h"

/* JSON output kept in memory, discarded at each flush. */
static bool discard(struct buf *out, void *arg)
{
	(void)arg;
	buf_reset(out);
	return true;
}

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

/* The JSON names variables by their GUID text: parsing it must give the same bytes. */
static void check_guid_round_trip(const uint8_t *guid)
{
	char text[EFI_GUID_STR_SIZE];
	uint8_t again[EFI_GUID_SIZE];
	efi_guid_format(guid, text);
	if (!efi_guid_parse(text, again) || memcmp(again, guid, EFI_GUID_SIZE) != 0)
		__builtin_trap();
}

/* Whole and in two pieces: the same bytes. */
static void check_json_in_pieces(const struct eventlog *log, const struct pcr_banks *pcrs,
				 const struct eventlog_json_opts *o, size_t split)
{
	struct buf whole, head, piece;
	struct json_writer w, wp;
	bool ok_whole, ok_pieces;

	buf_init(&whole, 64u << 20);
	json_writer_init(&w, &whole);
	ok_whole = eventlog_write_json(log, pcrs, o, &w);

	buf_init(&head, 64u << 20);
	buf_init(&piece, 64u << 20);
	json_writer_init(&w, &head);
	eventlog_json_begin(log, pcrs, o, &w);
	ok_pieces = eventlog_json_events(log, 0, split, o, &w);
	json_writer_init_inside(&wp, &piece, "{[", split > 0);
	ok_pieces = eventlog_json_events(log, split, log->nevents, o, &wp) && ok_pieces;
	buf_append(&head, piece.data, piece.len);
	eventlog_json_end(pcrs, o, &w);
	ok_pieces = ok_pieces && json_writer_ok(&w);
	if (ok_whole != ok_pieces ||
	    (ok_whole && (whole.len != head.len || memcmp(whole.data, head.data, whole.len) != 0)))
		__builtin_trap();
	buf_free(&whole);
	buf_free(&head);
	buf_free(&piece);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eventlog log;
	struct pcr_banks pcrs, parts;
	struct err e;
	struct buf out;
	struct json_writer w;
	struct eventlog_json_opts o = {-1, discard, NULL};

	if (!eventlog_parse(data, size, &log, &e)) {
		/* "internal" marks a state the parser holds unreachable (e.g. more records than
		 * the event arrays were sized for, from the log's length): a bug if reached. */
		if (strcmp(e.reason, "internal") == 0)
			__builtin_trap();
		/* A failed parse leaves an empty log, which replay refuses. */
		if (eventlog_replay(&log, &pcrs, &e) || eventlog_replay_start(&log, &parts, &e))
			__builtin_trap();
		return 0;
	}
	if (eventlog_replay(&log, &pcrs, &e)) {
		if (!eventlog_replay_start(&log, &parts, &e) ||
		    !eventlog_replay_extend(&log, &parts, &e) ||
		    memcmp(&pcrs, &parts, sizeof(pcrs)) != 0)
			__builtin_trap();
		check_reserialized_replays_the_same(&log, &pcrs);
		check_compare(&pcrs, size);
		buf_init(&out, 64u << 20);
		json_writer_init(&w, &out);
		o.bank = log.nbanks > 1 ? (int)(size % log.nbanks) - 1 : -1;
		(void)eventlog_write_json(&log, &pcrs, &o, &w);
		buf_free(&out);
		o.flush = NULL;
		check_json_in_pieces(&log, &pcrs, &o, size % (log.nevents + 1));
	}
	if (eventlog_digest(&log, log.nevents, 0) || eventlog_digest(&log, 0, log.nbanks))
		__builtin_trap();
	for (size_t i = 0; i < log.nevents; i++) {
		struct el_content c;
		eventlog_decode(&log, i, &c);
		if (c.kind == EL_CONTENT_VARIABLE)
			check_guid_round_trip(c.u.variable.guid);
	}
	eventlog_free(&log);
	return 0;
}
