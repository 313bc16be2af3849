/* Private helpers shared by the eventlog sources (not part of the public API). */
#ifndef ATTEST_EVENTLOG_INTERNAL_H
#define ATTEST_EVENTLOG_INTERNAL_H

#include "core/cursor.h"
#include "eventlog/eventlog.h"

/* EFIPROT 5.1: pcrIndex, eventType, SHA-1 digest, eventSize. */
#define EVENTLOG_SHA1_HEADER_SIZE 32
#define EVENTLOG_SIG_SIZE	  16

/*
 * Parses the Spec ID Event03 data (PFP 1.05 section 10.4.5.1) of the record at rec_off into
 * log->specid and log->banks. data is the event data window.
 */
bool eventlog_parse_specid(struct eventlog *log, struct cursor *data, size_t rec_off,
			   struct err *e);

#endif
