/*
 * libFuzzer harness for the event log: eventlog_parse() (src/eventlog/eventlog_parse.c,
 * eventlog_specid.c), eventlog_replay() and eventlog_compare() (eventlog_replay.c),
 * eventlog_decode() and eventlog_check_content() for every event (eventlog_decode.c,
 * eventlog_content.c, efi_structs.c), and eventlog_write_json() (eventlog_json.c).
 * Seeds: fuzz/corpus/eventlog/ (hand-built) and the real logs listed in fuzz/eventlog.seeds.
 *
 * Property: a log re-serialized from the parsed events (same records, then the same padding)
 * parses again to the same number of events and replays to the same PCRs in every bank. The
 * padding must be kept: without it, trailing all-zero records would become padding themselves.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eventlog log;
	struct pcr_banks pcrs;
	struct err e;
	struct buf out;
	struct json_writer w;
	struct eventlog_json_opts o = {-1, discard, NULL, NULL};

	if (!eventlog_parse(data, size, &log, &e))
		return 0;
	if (eventlog_replay(&log, &pcrs, &e)) {
		check_reserialized_replays_the_same(&log, &pcrs);
		/* Compare the replay with itself (must match) and with a wrong value. */
		for (size_t b = 0; b < pcrs.nbanks; b++) {
			struct pcr_value v = {pcrs.bank[b].alg_id, 0, pcrs.bank[b].pcr[0],
					      pcrs.bank[b].size};
			struct pcr_mismatch mm[2];
			size_t n = eventlog_compare(&pcrs, &v, 1, mm, 2);
			if (pcrs.bank[b].replayed && n != 0)
				__builtin_trap();
		}
		buf_init(&out, 64u << 20);
		json_writer_init(&w, &out);
		o.bank = log.nbanks > 1 ? (int)(size % log.nbanks) - 1 : -1;
		(void)eventlog_write_json(&log, &pcrs, &o, &w);
		buf_free(&out);
	}
	for (size_t i = 0; i < log.nevents; i++) {
		struct el_content c;
		eventlog_decode(&log, i, &c);
		(void)eventlog_check_content(&log, i, &c, eventlog_content_bank(&log));
	}
	eventlog_free(&log);
	return 0;
}
