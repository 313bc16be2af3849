/*
 * Strict parser of the TCG firmware event log: format detection (docs/eventlog.md section 3),
 * SHA-1 records (EFIPROT 5.1), crypto-agile records (EFIPROT 5.2), padding, caps.
 */
#include <stdlib.h>
#include <string.h>

#include "eventlog/eventlog_internal.h"

static const uint8_t specid03_sig[EVENTLOG_SIG_SIZE] = "Spec ID Event03";
static const uint8_t locality_sig[EVENTLOG_SIG_SIZE] = "StartupLocality";

/* StartupLocality event data: signature[16] then the locality u8 (PFP 10.4.5.3). */
#define STARTUP_LOCALITY_DATA_SIZE 17
/* TPM2_Startup may come from localities 0-4 (TPM 2.0 Part 1, 34.3); 4 marks an H-CRTM. */
#define STARTUP_LOCALITY_MAX 4

struct pass {
	struct eventlog *log;
	size_t cap;	     /* entries allocated in log->events (and nbanks times that offsets) */
	size_t pad00, padff; /* first offset from which every byte is 0x00 / 0xFF */
	bool pcr0_extended;
};

/* First index from which p[k..n) is all b (n when p[n-1] != b). Linear, computed once, so
 * the padding test at each record boundary is O(1) even on hostile input. */
static size_t tail_start(const uint8_t *p, size_t n, uint8_t b)
{
	while (n > 0 && p[n - 1] == b)
		n--;
	return n;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;
	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

/*
 * The event arrays are allocated once, when the first event is stored, for as many events as
 * the bytes from there can hold: every record after the first takes at least min_record bytes
 * (its header, one digest per declared bank, eventSize). That reserves at most 24 bytes for
 * every 19 of the log (one bank of 1-byte digests, the smallest the Spec ID allows; ~1/4 of
 * the log's size for three real banks) and only the part the events use is ever touched: one
 * pass, no copies.
 */
static size_t min_record(const struct eventlog *log)
{
	size_t n = 12 + 4; /* pcrIndex, eventType, digest count; eventSize */
	if (log->format != EVENTLOG_FORMAT_AGILE)
		return EVENTLOG_SHA1_HEADER_SIZE;
	for (size_t b = 0; b < log->nbanks; b++)
		n += 2 + log->banks[b].size;
	return n;
}

static bool alloc_events(struct pass *ps, size_t at, struct err *e)
{
	struct eventlog *log = ps->log;
	size_t cap;

	if (log->nbanks == 0 || log->nbanks > EVENTLOG_MAX_BANKS) /* set before any event */
		return err_fail(e, R_EVENTLOG_INTERNAL, at, "no banks before an event");
	cap = 1 + (log->size - at) / min_record(log);
	if (cap > EVENTLOG_MAX_EVENTS)
		cap = EVENTLOG_MAX_EVENTS;
	log->events = malloc(cap * sizeof(*log->events));
	log->digest_off = malloc(cap * log->nbanks * sizeof(*log->digest_off));
	if (!log->events || !log->digest_off)
		return err_fail(e, R_EVENTLOG_OUT_OF_MEMORY, at, "%zu events", cap);
	ps->cap = cap;
	return true;
}

/* nbanks is fixed before the first event is stored (by the Spec ID event, or 1 for SHA-1). */
static bool store_event(struct pass *ps, const struct eventlog_event *ev, const uint32_t *doff,
			struct err *e)
{
	struct eventlog *log = ps->log;
	if (ps->cap == 0 && !alloc_events(ps, ev->offset, e))
		return false;
	/* Not reached: the cap counts every record the bytes can hold, up to the too_many_events
	 * check before each record. */
	if (log->nevents >= ps->cap)
		return err_fail(e, R_EVENTLOG_INTERNAL, ev->offset, "event array full");
	log->events[log->nevents] = *ev;
	memcpy(&log->digest_off[log->nevents * log->nbanks], doff, log->nbanks * sizeof(uint32_t));
	log->nevents++;
	return true;
}

/* Reads eventSize and carves the data window; checks the bytes left first, then the cap. */
static bool read_data(struct cursor *c, struct eventlog_event *ev, struct err *e)
{
	uint32_t size;
	size_t at = c->off;
	if (!cursor_u32le(c, &size))
		return err_fail(e, R_EVENTLOG_TRUNCATED_HEADER, at,
				"log ends inside the eventSize field");
	if (size > cursor_left(c))
		return err_fail(e, R_EVENTLOG_TRUNCATED_EVENT, at,
				"eventSize %u but %zu bytes left", size, cursor_left(c));
	if (size > EVENTLOG_MAX_EVENT_DATA)
		return err_fail(e, R_EVENTLOG_EVENT_TOO_LARGE, at,
				"eventSize %u exceeds the cap of %u", size,
				EVENTLOG_MAX_EVENT_DATA);
	ev->data_off = (uint32_t)c->off;
	ev->data_len = size;
	(void)cursor_skip(c, size);
	return true;
}

/* Checks that apply to every event whatever the format: StartupLocality, H-CRTM. */
static bool note_event(struct pass *ps, const struct eventlog_event *ev, struct err *e)
{
	struct eventlog *log = ps->log;
	const uint8_t *d = log->base + ev->data_off;

	if (ev->type == EV_NO_ACTION && ev->data_len >= EVENTLOG_SIG_SIZE &&
	    memcmp(d, locality_sig, EVENTLOG_SIG_SIZE) == 0) {
		/* PFP 10.4.5.3: 17 bytes, logged once, before any measurement into PCR0. */
		if (ev->data_len != STARTUP_LOCALITY_DATA_SIZE ||
		    d[EVENTLOG_SIG_SIZE] > STARTUP_LOCALITY_MAX)
			return err_fail(e, R_EVENTLOG_BAD_STARTUP_LOCALITY, ev->offset,
					"StartupLocality event of %u bytes", ev->data_len);
		if (log->has_startup_locality)
			return err_fail(e, R_EVENTLOG_DUPLICATE_STARTUP_LOCALITY, ev->offset,
					"second StartupLocality event");
		if (ps->pcr0_extended)
			return err_fail(e, R_EVENTLOG_LATE_STARTUP_LOCALITY, ev->offset,
					"StartupLocality after a PCR0 measurement");
		log->has_startup_locality = true;
		log->startup_locality = d[EVENTLOG_SIG_SIZE];
	}
	/* EV_EFI_HCRTM_EVENT: PCR0 starts at 4 (TPM 2.0 Part 1, 34.3; PFP 10.4.5.3). */
	if (ev->type == EV_EFI_HCRTM_EVENT && ev->pcr == 0)
		log->has_hcrtm = true;
	if (eventlog_event_extends(ev) && ev->pcr == 0)
		ps->pcr0_extended = true;
	return true;
}

/* EFIPROT 5.1 TCG_PCR_EVENT: pcrIndex u32, eventType u32, digest[20], eventSize u32, data. */
static bool parse_sha1_record(struct cursor *c, struct eventlog_event *ev, uint32_t *doff,
			      struct err *e)
{
	ev->offset = (uint32_t)c->off;
	if (cursor_left(c) < EVENTLOG_SHA1_HEADER_SIZE)
		return err_fail(e, R_EVENTLOG_TRUNCATED_HEADER, c->off,
				"%zu bytes left, a record header needs %d", cursor_left(c),
				EVENTLOG_SHA1_HEADER_SIZE);
	(void)cursor_u32le(c, &ev->pcr);
	(void)cursor_u32le(c, &ev->type);
	*doff = (uint32_t)c->off;
	(void)cursor_skip(c, 20);
	return read_data(c, ev, e);
}

/* EFIPROT 5.2 TCG_PCR_EVENT2: pcrIndex, eventType, digests (count, {hashAlg, digest}...),
 * eventSize, data. Exactly one digest per Spec ID algorithm, sizes from the Spec ID table. */
static bool parse_agile_record(const struct eventlog *log, struct cursor *c,
			       struct eventlog_event *ev, uint32_t *doff, struct err *e)
{
	uint32_t count;
	ev->offset = (uint32_t)c->off;
	if (!cursor_u32le(c, &ev->pcr) || !cursor_u32le(c, &ev->type) || !cursor_u32le(c, &count)) {
		c->off = ev->offset;
		return err_fail(e, R_EVENTLOG_TRUNCATED_HEADER, ev->offset,
				"%zu bytes left, a record header needs 12", cursor_left(c));
	}
	if (count != log->nbanks)
		return err_fail(e, R_EVENTLOG_DIGEST_COUNT_MISMATCH, c->off - 4,
				"%u digests, the Spec ID event declares %zu", count, log->nbanks);
	for (size_t b = 0; b < log->nbanks; b++)
		doff[b] = UINT32_MAX;
	for (uint32_t i = 0; i < count; i++) {
		uint16_t alg;
		size_t at = c->off;
		int b;
		if (!cursor_u16le(c, &alg))
			return err_fail(e, R_EVENTLOG_TRUNCATED_EVENT, at,
					"log ends inside a digest");
		b = eventlog_bank_index(log, alg);
		if (b < 0)
			return err_fail(e, R_EVENTLOG_UNDECLARED_ALGORITHM, at,
					"digest algorithm 0x%04x is not in the Spec ID event", alg);
		if (doff[b] != UINT32_MAX)
			return err_fail(e, R_EVENTLOG_DUPLICATE_DIGEST, at,
					"two digests for algorithm 0x%04x", alg);
		doff[b] = (uint32_t)c->off;
		if (!cursor_skip(c, log->banks[b].size))
			return err_fail(e, R_EVENTLOG_TRUNCATED_EVENT, c->off,
					"log ends inside a %u-byte digest", log->banks[b].size);
	}
	return read_data(c, ev, e);
}

/* The first record is always in SHA-1 format (docs/eventlog.md section 3). Returns true
 * with *agile set when it is the Spec ID Event03 of a crypto-agile log. */
static bool parse_first(struct pass *ps, struct cursor *c, bool *agile, struct err *e)
{
	struct eventlog *log = ps->log;
	/* Zeroed so that no field is read before a successful parse_sha1_record() sets it. */
	struct eventlog_event ev = {0};
	uint32_t doff[EVENTLOG_MAX_BANKS] = {0};
	struct cursor data;

	if (!parse_sha1_record(c, &ev, &doff[0], e))
		return false;
	*agile = ev.type == EV_NO_ACTION && ev.data_len >= EVENTLOG_SIG_SIZE &&
		 memcmp(log->base + ev.data_off, specid03_sig, EVENTLOG_SIG_SIZE) == 0;
	if (!*agile) {
		c->off = 0;
		return true;
	}
	/* EFIPROT 5.2: the Spec ID record has pcrIndex 0 and a zero digest; a CC event log
	 * (UEFI 2.10, 38.4.1) gives it MR index 1. */
	if (ev.pcr > 1)
		return err_fail(e, R_EVENTLOG_SPECID_BAD_PCR, 0, "Spec ID event in PCR %u", ev.pcr);
	if (!all_zero(log->base + doff[0], 20))
		return err_fail(e, R_EVENTLOG_SPECID_NONZERO_DIGEST, 8,
				"Spec ID event digest is not zero");
	cursor_init(&data, log->base + ev.data_off, ev.data_len);
	if (!eventlog_parse_specid(log, &data, ev.offset, e))
		return false;
	log->specid.pcr = ev.pcr;
	log->format = EVENTLOG_FORMAT_AGILE;
	for (size_t b = 0; b < log->nbanks; b++)
		doff[b] = UINT32_MAX;
	return store_event(ps, &ev, doff, e);
}

static bool parse_pass(struct pass *ps, struct err *e)
{
	struct eventlog *log = ps->log;
	struct cursor c;
	bool agile;

	cursor_init(&c, log->base, log->size);
	if (!parse_first(ps, &c, &agile, e))
		return false;
	if (!agile) {
		const struct digest_alg *sha1 = digest_by_tpm_alg(TPM_ALG_SHA1);
		log->format = EVENTLOG_FORMAT_SHA1;
		log->nbanks = 1;
		log->banks[0] = (struct eventlog_bank){TPM_ALG_SHA1, 20, sha1, sha1 && sha1->impl};
		log->uintn_size = 8;
	}
	while (!cursor_at_end(&c)) {
		/* Zeroed: note_event() and store_event() only see a fully parsed record. */
		struct eventlog_event ev = {0};
		uint32_t doff[EVENTLOG_MAX_BANKS];
		bool ok;

		/* Fixed-size log areas are padded after the last event (docs/eventlog.md 1, 13.5).
		 */
		if (c.off >= ps->pad00 || c.off >= ps->padff) {
			log->padding_byte = c.off >= ps->pad00 ? 0x00 : 0xFF;
			log->padding_len = log->size - c.off;
			break;
		}
		if (log->nevents >= EVENTLOG_MAX_EVENTS)
			return err_fail(e, R_EVENTLOG_TOO_MANY_EVENTS, c.off, "more than %u events",
					EVENTLOG_MAX_EVENTS);
		if (agile)
			ok = parse_agile_record(log, &c, &ev, doff, e);
		else
			ok = parse_sha1_record(&c, &ev, &doff[0], e);
		if (!ok || !note_event(ps, &ev, e) || !store_event(ps, &ev, doff, e))
			return false;
	}
	log->end = c.off;
	return true;
}

bool eventlog_parse(const uint8_t *p, size_t n, struct eventlog *out, struct err *e)
{
	struct pass ps;

	memset(out, 0, sizeof(*out));
	if (!p || n == 0)
		return err_fail(e, R_EVENTLOG_EMPTY, 0, "the event log is empty");
	if (n > EVENTLOG_MAX_LOG_SIZE)
		return err_fail(e, R_EVENTLOG_LOG_TOO_LARGE, ERR_NO_OFFSET,
				"%zu bytes exceeds the cap of %zu", n, EVENTLOG_MAX_LOG_SIZE);
	ps.pad00 = tail_start(p, n, 0x00);
	ps.padff = tail_start(p, n, 0xFF);
	if (ps.pad00 == 0 || ps.padff == 0)
		return err_fail(e, R_EVENTLOG_EMPTY, 0, "the event log is only padding");

	out->base = p;
	out->size = n;
	ps.log = out;
	ps.cap = 0;
	ps.pcr0_extended = false;
	if (!parse_pass(&ps, e)) {
		eventlog_free(out);
		return false;
	}
	/* A log that parses has at least one record (the first is always read, section 3). */
	if (out->nevents == 0 || out->nbanks == 0) {
		eventlog_free(out);
		return err_fail(e, R_EVENTLOG_INTERNAL, ERR_NO_OFFSET, "no events parsed");
	}
	return true;
}

void eventlog_free(struct eventlog *log)
{
	free(log->events);
	free(log->digest_off);
	memset(log, 0, sizeof(*log));
}

const uint8_t *eventlog_digest(const struct eventlog *log, size_t i, size_t b)
{
	uint32_t off;
	if (i >= log->nevents || b >= log->nbanks)
		return NULL;
	off = log->digest_off[i * log->nbanks + b];
	return off == UINT32_MAX ? NULL : log->base + off;
}

int eventlog_bank_index(const struct eventlog *log, uint16_t alg_id)
{
	for (size_t b = 0; b < log->nbanks; b++)
		if (log->banks[b].alg_id == alg_id)
			return (int)b;
	return -1;
}

bool eventlog_event_extends(const struct eventlog_event *ev)
{
	/* EV_NO_ACTION is never extended (PFP 1.05 10.4.3); indices >= 24 (Windows -1) are
	 * informational and never used as a subscript. */
	return ev->type != EV_NO_ACTION && ev->pcr < EVENTLOG_NUM_PCRS;
}
