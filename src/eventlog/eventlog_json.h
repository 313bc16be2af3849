/*
 * eventlog_json: the stable JSON form of a parsed and replayed log, consumed by the gate,
 * the evidence bundle and auditors (`attest-init eventlog --json`). Deterministic: keys in a
 * fixed order, no addresses or times. Shape (docs: attest-init eventlog --help):
 *   {"format", "size", "end", "padding", "spec_id", "banks", "startup_locality", "hcrtm",
 *    "pcr0_locality", "content_digest_bank", "event_count",
 *    "events": [{"seq", "offset", "pcr", "type", "type_name", "extended", "digests",
 *                "data_size", "content_digest", "content": {"kind", ...}}],
 *    "pcrs": {"<bank>": {"0".."23": hex}}, "extended_pcrs": {"<bank>": [index, ...]}}
 * Pure: writes into the caller's buf, whose max bounds the output.
 */
#ifndef ATTEST_EVENTLOG_JSON_H
#define ATTEST_EVENTLOG_JSON_H

#include "core/buf.h"
#include "eventlog/eventlog.h"

/* Appends one JSON object for the parsed log and its replay to out. bank: index into
 * log->banks to restrict digests and PCRs to, or -1 for all. False when out failed (its max). */
bool eventlog_write_json(const struct eventlog *log, const struct pcr_banks *pcrs, int bank,
			 struct buf *out);

#endif
