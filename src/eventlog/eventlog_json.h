/*
 * eventlog_json: the stable JSON form of a parsed and replayed log, consumed by the gate,
 * the evidence bundle and auditors (`attest-init eventlog --json`). Deterministic: keys in a
 * fixed order, no addresses or times. Shape (docs: attest-init eventlog --help):
 *   {"format", "size", "end", "padding", "spec_id", "banks", "startup_locality", "hcrtm",
 *    "pcr0_locality", "content_digest_bank", "event_count",
 *    "events": [{"seq", "offset", "pcr", "type", "type_name", "extended", "digests",
 *                "data_size", "content_digest", "content": {"kind", ...}}],
 *    "pcrs": {"<bank>": {"0".."23": hex}}, "extended_pcrs": {"<bank>": [index, ...]}}
 * The PCR values come last so that the events can be written while the replay runs.
 */
#ifndef ATTEST_EVENTLOG_JSON_H
#define ATTEST_EVENTLOG_JSON_H

#include "core/json_writer.h"
#include "eventlog/eventlog.h"

struct eventlog_json_opts {
	int bank; /* index into log->banks to restrict digests and PCRs to, or -1 for all */
	/* Called between events so that large outputs can be streamed; may be NULL. */
	bool (*flush)(struct buf *out, void *arg);
	void *flush_arg;
};

/* Writes one JSON object; false when the writer or a flush failed. */
bool eventlog_write_json(const struct eventlog *log, const struct pcr_banks *pcrs,
			 const struct eventlog_json_opts *opts, struct json_writer *w);

/*
 * The same object in parts, so that the events can be written in pieces (on several threads)
 * and joined in order: _begin writes everything up to and including the opening of the
 * "events" array (it reads only pcrs->pcr0_locality, final after eventlog_replay_start);
 * _events writes events [from, to) as elements of that array, with a writer left there by
 * _begin or made by json_writer_init_inside(w, out, "{[", from > 0); _end closes the array,
 * writes the replayed PCRs and closes the object. eventlog_write_json is the three in a row.
 */
void eventlog_json_begin(const struct eventlog *log, const struct pcr_banks *pcrs,
			 const struct eventlog_json_opts *opts, struct json_writer *w);
bool eventlog_json_events(const struct eventlog *log, size_t from, size_t to,
			  const struct eventlog_json_opts *opts, struct json_writer *w);
void eventlog_json_end(const struct pcr_banks *pcrs, const struct eventlog_json_opts *opts,
		       struct json_writer *w);

#endif
