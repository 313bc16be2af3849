/*
 * eventlog_json: the stable JSON form of a parsed and replayed log, consumed by the gate,
 * the evidence bundle and auditors (`attest-init eventlog --json`). Deterministic: keys in a
 * fixed order, no addresses or times. Shape (docs: attest-init eventlog --help):
 *   {"format", "size", "end", "padding", "spec_id", "banks", "startup_locality", "hcrtm",
 *    "pcr0_locality", "pcrs": {"<bank>": {"0".."23": hex}}, "extended_pcrs", "event_count",
 *    "events": [{"seq", "offset", "pcr", "type", "type_name", "extended", "digests",
 *                "data_size", "content_digest", "content": {"kind", ...}}]}
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
	/* Per-event results of eventlog_check_contents() for the content bank (computed
	 * beforehand, e.g. on another thread), or NULL to check each event while writing. */
	const uint8_t *checks;
};

/* Writes one JSON object; false when the writer or a flush failed. */
bool eventlog_write_json(const struct eventlog *log, const struct pcr_banks *pcrs,
			 const struct eventlog_json_opts *opts, struct json_writer *w);

#endif
