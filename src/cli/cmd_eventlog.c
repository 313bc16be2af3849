/*
 * attest-init eventlog [--json] [--bank NAME] FILE: parse a TCG event log strictly, replay
 * its PCRs and show every event (src/eventlog/). Exit 0 on a well-formed log, 1 on a
 * malformed or absent one, 2 on usage errors.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/hex.h"
#include "core/json_writer.h"
#include "eventlog/eventlog.h"
#include "eventlog/eventlog_decode.h"
#include "eventlog/eventlog_json.h"
#include "shell/file_io.h"
#include "shell/pipeline.h"

/* Bound of each output buffer (the head, the tail, each chunk of events): a chunk holds at
 * most CHUNK_DATA bytes of event data plus one event of at most EVENTLOG_MAX_EVENT_DATA, and
 * its output is a small multiple of that (1 MiB of data is 2 MiB of hex). */
#define OUT_MAX (32u << 20)
/* The event listing is formatted in chunks on two threads (src/shell/pipeline.c): a chunk ends
 * after CHUNK_EVENTS events or once its events' data reaches CHUNK_DATA bytes. */
#define CHUNK_EVENTS 256
#define CHUNK_DATA   (64u << 10)
/* Room reserved for a chunk's output: more than a chunk of real events takes (JSON: ~600 bytes
 * an event, plus data shown in full); only the part written is ever touched. */
#define CHUNK_OUT_HINT (256u << 10)
/* ... and for the head and the tail: the PCR values of eight banks of SHA-512 fit. */
#define HEAD_TAIL_HINT (32u << 10)
/* Characters of a decoded string shown in the table. */
#define TEXT_SHOWN 72

static void eventlog_help(FILE *out)
{
	fputs("usage: attest-init eventlog [--json] [--bank NAME] FILE\n"
	      "\n"
	      "Parses a TCG PC Client firmware event log (SHA-1 or crypto-agile format)\n"
	      "strictly, replays PCRs 0-23 in every bank the log declares, and shows every\n"
	      "event with its digests and decoded content. FILE '-' reads standard input.\n"
	      "\n"
	      "  --json       one JSON object: the log's summary, \"events\" (seq, offset,\n"
	      "               pcr, type, type_name, extended, digests, data_size,\n"
	      "               content_digest, content), then \"pcrs\" {bank: {index: hex}}\n"
	      "               for every replayed bank and PCRs 0-23. Decoded content is\n"
	      "               untrusted unless content_digest is \"verified\" (or\n"
	      "               \"verified_variable_data\").\n"
	      "  --bank NAME  show only that bank (sha1, sha256, sha384, sha512, sm3_256);\n"
	      "               a bank the log does not declare exits 1 (bank_not_in_log).\n"
	      "\n"
	      "Banks without a hash implementation (sm3_256) are parsed and listed as not\n"
	      "replayed. EV_NO_ACTION events and PCR indices outside 0-23 are never extended.\n"
	      "exit status: 0 well-formed log, 1 malformed/empty/absent log (reason and byte\n"
	      "offset on stderr), 2 usage error.\n",
	      out);
}

/* ---- the readable table ---- */

static void putf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int k;
	va_start(ap, fmt);
	k = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (k > 0)
		buf_append(b, tmp, (size_t)k < sizeof(tmp) ? (size_t)k : sizeof(tmp) - 1);
}

/*
 * The per-event part of the table is built in a fixed stack row and appended to the output once
 * per event: at 64 MiB (172k events) a vsnprintf per field and a buf call per character were
 * most of the run time. The row's bound: the event line is at most ~420 characters (numbers
 * are at most 20 digits, text is cut at TEXT_SHOWN, the reason and kind names are short) and
 * each digest line 19 + 8 + 1 + 2 * DIGEST_MAX_SIZE + 1.
 */
#define ROW_LINE_MAX 1024
#define ROW_MAX	     (ROW_LINE_MAX + EVENTLOG_MAX_BANKS * (29 + 2 * DIGEST_MAX_SIZE))

struct row {
	size_t n;
	bool over; /* never set given ROW_MAX; reported as a failed write if it were */
	char s[ROW_MAX];
};

static void row_put(struct row *r, const char *p, size_t n)
{
	if (n > ROW_MAX - r->n) {
		r->over = true;
		n = ROW_MAX - r->n;
	}
	memcpy(r->s + r->n, p, n);
	r->n += n;
}

static void row_puts(struct row *r, const char *s)
{
	row_put(r, s, strlen(s));
}

static void row_putc(struct row *r, char c)
{
	if (r->n < ROW_MAX)
		r->s[r->n++] = c;
	else
		r->over = true;
}

static void row_pad(struct row *r, size_t n)
{
	if (n > ROW_MAX - r->n) {
		r->over = true;
		n = ROW_MAX - r->n;
	}
	memset(r->s + r->n, ' ', n);
	r->n += n;
}

/* Decimal digits of UINT64_MAX (18446744073709551615) and hex digits of any uint64_t. */
#define U64_DEC_MAX 20
#define U64_HEX_MAX 16

/* printf "%*llu": right-aligned in width (wider numbers are not cut). */
static void row_u64(struct row *r, uint64_t v, size_t width)
{
	char d[U64_DEC_MAX];
	size_t len = 0; /* digits written, filled from the end of d: d[sizeof(d) - len ..] */
	do {
		len++;
		d[sizeof(d) - len] = (char)('0' + v % 10);
		v /= 10;
	} while (v && len < sizeof(d));
	if (len < width)
		row_pad(r, width - len);
	row_put(r, &d[sizeof(d) - len], len);
}

/* printf "%0*llx" / "%llx" (lowercase); zero_width is at most U64_HEX_MAX. */
static void row_x64(struct row *r, uint64_t v, size_t zero_width)
{
	static const char digits[] = "0123456789abcdef";
	char d[U64_HEX_MAX];
	size_t len = 0; /* digits written, filled from the end of d: d[sizeof(d) - len ..] */
	do {
		len++;
		d[sizeof(d) - len] = digits[v & 15];
		v >>= 4;
	} while (v && len < sizeof(d));
	while (len < zero_width && len < sizeof(d)) {
		len++;
		d[sizeof(d) - len] = '0';
	}
	row_put(r, &d[sizeof(d) - len], len);
}

/* printf "%-*s": right-padded; longer strings are not cut. */
static void row_left(struct row *r, const char *s, size_t width)
{
	size_t n = strlen(s);
	row_put(r, s, n);
	if (n < width)
		row_pad(r, width - n);
}

/* n <= DIGEST_MAX_SIZE bytes as lowercase hex, encoded in place. */
static void row_hex(struct row *r, const uint8_t *p, size_t n)
{
	if (n > DIGEST_MAX_SIZE || 2 * n > ROW_MAX - r->n) {
		r->over = true;
		return;
	}
	hex_encode_raw(p, n, r->s + r->n);
	r->n += 2 * n;
}

/* n <= DIGEST_MAX_SIZE: encoded on the stack and appended once. */
static void put_hex(struct buf *b, const uint8_t *p, size_t n)
{
	struct row r;
	r.n = 0;
	r.over = false;
	row_hex(&r, p, n);
	buf_append(b, r.s, r.n);
}

/* Printable ASCII only; anything else is shown as '.'; long text is cut with "...". */
static void put_text(struct row *r, const uint8_t *p, size_t n, size_t step)
{
	char s[TEXT_SHOWN + 2];
	size_t shown = 0, k = 0;
	s[k++] = '"';
	for (size_t i = 0; i + step <= n && shown < TEXT_SHOWN; i += step, shown++) {
		uint8_t c = p[i];
		bool hi = step == 2 && p[i + 1] != 0;
		s[k++] = !hi && c >= 0x20 && c < 0x7F && c != '"' ? (char)c : '.';
	}
	s[k++] = '"';
	row_put(r, s, k);
	if (shown < n / step)
		row_puts(r, "...");
}

static void put_content(struct row *r, const struct el_content *c)
{
	char g[EFI_GUID_STR_SIZE];
	row_puts(r, eventlog_content_kind_name(c->kind));
	switch (c->kind) {
	case EL_CONTENT_UNDECODABLE:
		row_puts(r, " (");
		row_puts(r, c->why);
		row_putc(r, ')');
		break;
	case EL_CONTENT_SPECID:
		row_putc(r, ' ');
		put_text(r, c->u.specid.signature.p, c->u.specid.signature.n, 1);
		break;
	case EL_CONTENT_STARTUP_LOCALITY:
		row_putc(r, ' ');
		row_u64(r, c->u.locality, 0);
		break;
	case EL_CONTENT_NO_ACTION:
		row_putc(r, ' ');
		put_text(r, c->u.no_action_signature.p, c->u.no_action_signature.n, 1);
		break;
	case EL_CONTENT_SEPARATOR:
		row_putc(r, ' ');
		row_x64(r, c->u.separator.value, 8);
		row_putc(r, ' ');
		row_puts(r, eventlog_separator_name(c->u.separator.kind));
		break;
	case EL_CONTENT_STRING:
		row_putc(r, ' ');
		put_text(r, c->u.string.text.p, c->u.string.text.n, c->u.string.utf16 ? 2 : 1);
		break;
	case EL_CONTENT_GUID:
		efi_guid_format(c->u.guid, g);
		row_putc(r, ' ');
		row_puts(r, g);
		break;
	case EL_CONTENT_VARIABLE:
		row_putc(r, ' ');
		put_text(r, c->u.variable.name.p, c->u.variable.name.n, 2);
		row_putc(r, ' ');
		row_u64(r, c->u.variable.data.n, 0);
		row_puts(r, " bytes");
		if (c->u.variable.var == EL_VAR_SECURE_BOOT) {
			row_puts(r, " secure_boot=");
			row_puts(r, c->u.variable.secure_boot < 0
					? "unknown"
					: (c->u.variable.secure_boot ? "on" : "off"));
		}
		if (c->u.variable.has_sigs) {
			row_puts(r, " x509=");
			row_u64(r, c->u.variable.sigs.x509, 0);
			row_puts(r, " sha256=");
			row_u64(r, c->u.variable.sigs.sha256, 0);
			if (!c->u.variable.sigs.valid)
				row_puts(r, " (bad signature list)");
		}
		break;
	case EL_CONTENT_IMAGE_LOAD:
		row_puts(r, " length ");
		row_u64(r, c->u.image.length, 0);
		row_puts(r, ", device path ");
		row_u64(r, c->u.image.device_path_length, 0);
		row_puts(r, " bytes");
		if (c->u.image.dp.file) {
			row_putc(r, ' ');
			put_text(r, c->u.image.dp.file, c->u.image.dp.file_len, 2);
		}
		break;
	case EL_CONTENT_FIRMWARE_BLOB:
		row_puts(r, " base 0x");
		row_x64(r, c->u.blob.base, 0);
		row_puts(r, " length ");
		row_u64(r, c->u.blob.length, 0);
		break;
	case EL_CONTENT_HANDOFF_TABLES:
		row_putc(r, ' ');
		row_u64(r, c->u.handoff.count, 0);
		row_puts(r, " tables");
		break;
	case EL_CONTENT_GPT:
		row_putc(r, ' ');
		row_u64(r, c->u.gpt.count, 0);
		row_puts(r, " partitions");
		break;
	case EL_CONTENT_EVENT_TAG:
		row_puts(r, " id 0x");
		row_x64(r, c->u.tag.id, 8);
		row_puts(r, ", ");
		row_u64(r, c->u.tag.data.n, 0);
		row_puts(r, " bytes");
		break;
	case EL_CONTENT_RAW:
		break;
	}
}

static const char *bank_label(const struct eventlog_bank *b)
{
	return b->alg ? b->alg->name : "unknown";
}

static void table_header(struct buf *b, const struct eventlog *log, const struct pcr_banks *r,
			 const char *path)
{
	putf(b, "log: %s\nformat: %s, %zu bytes, %zu events\nbanks:", path,
	     log->format == EVENTLOG_FORMAT_AGILE ? "crypto-agile" : "sha1", log->size,
	     log->nevents);
	for (size_t k = 0; k < log->nbanks; k++)
		putf(b, " %s%s", bank_label(&log->banks[k]),
		     log->banks[k].replayable ? "" : " (not replayed)");
	putf(b, "\npcr0 initial locality: %u%s\n", r->pcr0_locality,
	     log->has_hcrtm ? " (H-CRTM)"
			    : (log->has_startup_locality ? " (StartupLocality)" : ""));
	if (log->padding_len)
		putf(b, "padding: %zu bytes of 0x%02x after offset %zu\n", log->padding_len,
		     log->padding_byte, log->end);
}

/* The column header comes after table_header(); check is the bank whose digest checks content. */
static void table_columns(struct buf *b, const struct eventlog *log, int check)
{
	putf(b, "content checked in bank: %s\n\n%5s %8s %4s %-34s %7s %-16s %s\n",
	     check >= 0 && log->banks[check].replayable ? bank_label(&log->banks[check]) : "none",
	     "seq", "offset", "pcr", "type", "size", "content-digest", "content");
}

/* Rows of events [from, to); false if a row did not fit (never, given ROW_MAX). */
static bool table_rows(struct buf *b, const struct eventlog *log, int bank, int check, size_t from,
		       size_t to)
{
	struct row rowbuf, *row = &rowbuf;
	bool ok = true;

	row->over = false;
	for (size_t i = from; i < to && i < log->nevents; i++) {
		const struct eventlog_event *ev = &log->events[i];
		const char *name = eventlog_type_name(ev->type);
		struct el_content c;

		eventlog_decode(log, i, &c);
		/* "%5zu %8u %4s %-34s %7u %-16s " with pcr "%u" below 100000, else "0x%x", and
		 * an unnamed type as "0x%08x". */
		row->n = 0;
		row_u64(row, i, 5);
		row_putc(row, ' ');
		row_u64(row, ev->offset, 8);
		row_putc(row, ' ');
		if (ev->pcr < 100000) {
			row_u64(row, ev->pcr, 4);
		} else {
			row_puts(row, "0x");
			row_x64(row, ev->pcr, 0);
		}
		row_putc(row, ' ');
		if (name) {
			row_left(row, name, 34);
		} else {
			row_puts(row, "0x");
			row_x64(row, ev->type, 8);
			row_pad(row, 34 - 10);
		}
		row_putc(row, ' ');
		row_u64(row, ev->data_len, 7);
		row_putc(row, ' ');
		row_left(row, eventlog_digest_check_name(eventlog_check_content(log, i, &c, check)),
			 16);
		row_putc(row, ' ');
		put_content(row, &c);
		row_putc(row, '\n');
		for (size_t k = 0; k < log->nbanks; k++) {
			const uint8_t *d = eventlog_digest(log, i, k);
			if (!d || (bank >= 0 && (size_t)bank != k))
				continue;
			row_pad(row, 19);
			row_left(row, bank_label(&log->banks[k]), 8);
			row_putc(row, ' ');
			row_hex(row, d, log->banks[k].size);
			row_putc(row, '\n');
		}
		if (row->over)
			ok = false;
		buf_append(b, row->s, row->n);
	}
	return ok;
}

static void table_pcrs(struct buf *b, const struct eventlog *log, const struct pcr_banks *r,
		       int bank)
{
	for (size_t k = 0; k < r->nbanks; k++) {
		const struct pcr_bank *pb = &r->bank[k];
		if (bank >= 0 && (size_t)bank != k)
			continue;
		putf(b, "\nPCRs %s:%s\n", bank_label(&log->banks[k]),
		     pb->replayed ? "" : " not replayed (no implementation)");
		for (int p = 0; pb->replayed && p < EVENTLOG_NUM_PCRS; p++) {
			putf(b, "%3d%c ", p, pb->extended_mask & (1u << p) ? '*' : ' ');
			put_hex(b, pb->pcr[p], pb->size);
			buf_putc(b, '\n');
		}
	}
	buf_puts(b, "\n(* = extended by the log; other PCRs are at their reset value)");
}

/*
 * The listing of a parsed log: the head (the log's summary) first, then the events in chunks
 * formatted on two threads by pipeline_run() (each event decoded and its content checked, the
 * first hash-bound pass), with the PCR replay (the second) running beside them as a background
 * job; the PCR values come last, once the replay has ended.
 */
struct listing {
	const struct eventlog *log;
	struct pcr_banks pcrs;
	struct err replay_err;
	bool json;
	int bank;  /* --bank: index into log->banks, or -1 */
	int check; /* table: bank whose digest checks content */
	struct eventlog_json_opts jopts;
	size_t *start; /* chunk k: events [start[k], start[k + 1]) */
};

/* Chunk boundaries; stores them when start is not NULL; returns how many chunks. */
static size_t plan_chunks(const struct eventlog *log, size_t *start)
{
	size_t n = 0, events = 0, data = 0;
	for (size_t i = 0; i < log->nevents; i++) {
		if (events == 0) {
			if (start)
				start[n] = i;
			n++;
		}
		data += log->events[i].data_len;
		if (++events == CHUNK_EVENTS || data >= CHUNK_DATA)
			events = data = 0;
	}
	if (start)
		start[n] = log->nevents;
	return n;
}

static bool write_stdout(const struct buf *b)
{
	return !b->len || fwrite(b->data, 1, b->len, stdout) == b->len;
}

static bool listing_replay(void *arg, size_t k)
{
	struct listing *l = arg;
	(void)k;
	return eventlog_replay_extend(l->log, &l->pcrs, &l->replay_err);
}

static bool listing_chunk(void *arg, size_t k, struct buf *out)
{
	struct listing *l = arg;
	size_t from = l->start[k], to = l->start[k + 1];
	struct json_writer w;

	if (!l->json)
		return table_rows(out, l->log, l->bank, l->check, from, to);
	json_writer_init_inside(&w, out, "{[", from > 0);
	return eventlog_json_events(l->log, from, to, &l->jopts, &w);
}

static bool listing_write(void *arg, const struct buf *out)
{
	(void)arg;
	return write_stdout(out);
}

/* Writes the listing of a log whose replay has started; returns the exit status. */
static int run_listing(struct listing *l, const char *path, size_t nchunks)
{
	const struct pipeline p = {
	    l, 1, listing_replay, nchunks, OUT_MAX, CHUNK_OUT_HINT, listing_chunk, listing_write};
	struct buf out;
	struct json_writer w;
	bool ok;
	int rc;

	buf_init(&out, OUT_MAX);
	(void)buf_reserve(&out, HEAD_TAIL_HINT); /* a failure shows in buf_ok() */
	json_writer_init(&w, &out);
	if (l->json) {
		eventlog_json_begin(l->log, &l->pcrs, &l->jopts, &w);
	} else {
		table_header(&out, l->log, &l->pcrs, path);
		table_columns(&out, l->log, l->check);
	}
	ok = buf_ok(&out) && write_stdout(&out);
	buf_reset(&out);
	ok = ok && pipeline_run(&p);
	if (l->replay_err.reason) {
		/* Not reached after a successful parse (every extended event has its digests). */
		rc = cli_fail(&l->replay_err);
	} else if (!ok) {
		fputs("attest-init: io: write_failed: stdout\n", stderr);
		rc = EXIT_REJECT;
	} else {
		if (l->json)
			eventlog_json_end(&l->pcrs, &l->jopts, &w);
		else
			table_pcrs(&out, l->log, &l->pcrs, l->bank);
		rc = json_writer_ok(&w) ? cli_print_buf(&out) : EXIT_REJECT;
	}
	buf_free(&out);
	return rc;
}

static int eventlog_run(int argc, char **argv)
{
	bool json = false, help;
	const char *bank_name = NULL, *pos[1];
	size_t npos;
	const struct cli_opt opts[] = {
	    {"json", NULL, &json}, {"bank", &bank_name, NULL}, {NULL, NULL, NULL}};
	const struct digest_alg *alg = NULL;
	struct buf data;
	struct eventlog log;
	struct listing l;
	struct err e;
	int bank = -1, rc;

	if (!cli_parse("eventlog", argc, argv, opts, pos, 1, 1, &npos, &help))
		return EXIT_USAGE;
	if (help) {
		eventlog_help(stdout);
		return EXIT_OK;
	}
	if (bank_name && !(alg = digest_by_name(bank_name)))
		return cli_usage_error("eventlog", "unknown bank '%s'", bank_name);
	err_clear(&e);
	memset(&l, 0, sizeof(l));
	buf_init(&data, 0);
	/* Read to EOF before parsing (securityfs reports size 0); one byte over the cap lets
	 * the parser name the cap. An absent file is an empty log (exit 1), not a usage error. */
	if (!file_read_all(pos[0], (size_t)EVENTLOG_MAX_LOG_SIZE + 1, &data, &e)) {
		buf_free(&data);
		if (strcmp(pos[0], "-") != 0 && access(pos[0], F_OK) != 0 && errno == ENOENT)
			err_set(&e, "eventlog", "empty", ERR_NO_OFFSET, "%s: absent", pos[0]);
		return cli_fail(&e);
	}
	if (!eventlog_parse(data.data, data.len, &log, &e)) {
		buf_free(&data);
		return cli_fail(&e);
	}
	if (alg && (bank = eventlog_bank_index(&log, alg->tpm_alg)) < 0) {
		err_set(&e, "eventlog", "bank_not_in_log", ERR_NO_OFFSET,
			"the log declares no %s bank", alg->name);
		rc = cli_fail(&e);
	} else if (!eventlog_replay_start(&log, &l.pcrs, &e)) {
		rc = cli_fail(&e);
	} else if (!(l.start = malloc((plan_chunks(&log, NULL) + 1) * sizeof(*l.start)))) {
		err_set(&e, "eventlog", "out_of_memory", ERR_NO_OFFSET, "%zu events", log.nevents);
		rc = cli_fail(&e);
	} else {
		l.log = &log;
		l.json = json;
		l.bank = bank;
		l.check = bank >= 0 ? bank : eventlog_content_bank(&log);
		l.jopts = (struct eventlog_json_opts){bank, NULL, NULL};
		rc = run_listing(&l, pos[0], plan_chunks(&log, l.start));
	}
	free(l.start);
	eventlog_free(&log);
	buf_free(&data);
	return rc;
}

const struct command cmd_eventlog = {"eventlog", "parse and replay a TCG event log", eventlog_run,
				     eventlog_help};
