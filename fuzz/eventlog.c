/*
 * libFuzzer harness for the event log: eventlog_parse() (src/eventlog/eventlog_parse.c,
 * eventlog_specid.c), eventlog_replay() and eventlog_compare() (eventlog_replay.c),
 * eventlog_decode() and eventlog_check_content() for every event (eventlog_decode.c,
 * eventlog_content.c, efi_structs.c), and eventlog_write_json() (eventlog_json.c).
 * Seeds: fuzz/corpus/eventlog/ (hand-built) and the real logs listed in fuzz/eventlog.seeds.
 */
#include <stddef.h>
#include <stdint.h>

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eventlog log;
	struct pcr_banks pcrs;
	struct err e;
	struct buf out;
	struct json_writer w;
	struct eventlog_json_opts o = {-1, discard, NULL};

	if (!eventlog_parse(data, size, &log, &e))
		return 0;
	if (eventlog_replay(&log, &pcrs, &e)) {
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
