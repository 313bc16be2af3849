/*
 * eventlog_text: the readable table of a parsed and replayed log (`attest-init eventlog`):
 * a summary, one row per event (seq, offset, pcr, type, size, content-digest check, decoded
 * content, then one line per digest), then the replayed PCRs of each bank. Decoded text is
 * cut and shown as printable ASCII only. Pure: writes into the caller's buf, whose max bounds
 * the output.
 */
#ifndef ATTEST_EVENTLOG_TEXT_H
#define ATTEST_EVENTLOG_TEXT_H

#include "core/buf.h"
#include "eventlog/eventlog.h"

/* Appends the table to out; name is the log's name for the first line. bank: index into
 * log->banks to restrict digests and PCRs to (and to check content with), or -1 for all.
 * False when out failed (its max). */
bool eventlog_write_text(const struct eventlog *log, const struct pcr_banks *pcrs, int bank,
			 const char *name, struct buf *out);

#endif
