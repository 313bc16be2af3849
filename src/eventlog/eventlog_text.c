#include "eventlog/eventlog_text.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/hex.h"
#include "eventlog/eventlog_decode.h"

/* Characters of a decoded string shown in a row. */
#define TEXT_SHOWN 72
/* One formatted piece: every format below with its widest arguments fits (a path is written
 * with buf_puts, not through here). */
#define PIECE_MAX 256

static void putf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct buf *b, const char *fmt, ...)
{
	char tmp[PIECE_MAX];
	va_list ap;
	int k;
	va_start(ap, fmt);
	k = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= sizeof(tmp))
		b->failed = true; /* never, given PIECE_MAX; fail closed if it were */
	else
		buf_append(b, tmp, (size_t)k);
}

/* n <= DIGEST_MAX_SIZE bytes as lowercase hex. */
static void put_hex(struct buf *b, const uint8_t *p, size_t n)
{
	char s[2 * DIGEST_MAX_SIZE];
	if (n > DIGEST_MAX_SIZE) {
		b->failed = true;
		return;
	}
	hex_encode_raw(p, n, s);
	buf_append(b, s, 2 * n);
}

/* Printable ASCII only (of UTF-16 when step is 2); anything else is shown as '.'; long text
 * is cut with "...". */
static void put_text(struct buf *b, const uint8_t *p, size_t n, size_t step)
{
	size_t shown = 0;
	buf_putc(b, '"');
	for (size_t i = 0; i + step <= n && shown < TEXT_SHOWN; i += step, shown++) {
		uint8_t c = p[i];
		bool hi = step == 2 && p[i + 1] != 0;
		buf_putc(b, !hi && c >= 0x20 && c < 0x7F && c != '"' ? (char)c : '.');
	}
	buf_putc(b, '"');
	if (shown < n / step)
		buf_puts(b, "...");
}

static void put_variable(struct buf *b, const struct el_content *c)
{
	buf_putc(b, ' ');
	put_text(b, c->u.variable.name.p, c->u.variable.name.n, 2);
	putf(b, " %zu bytes", c->u.variable.data.n);
	if (c->u.variable.var == EL_VAR_SECURE_BOOT)
		putf(b, " secure_boot=%s",
		     c->u.variable.secure_boot < 0 ? "unknown"
						   : (c->u.variable.secure_boot ? "on" : "off"));
	if (c->u.variable.has_sigs)
		putf(b, " x509=%llu sha256=%llu%s", (unsigned long long)c->u.variable.sigs.x509,
		     (unsigned long long)c->u.variable.sigs.sha256,
		     c->u.variable.sigs.valid ? "" : " (bad signature list)");
}

static void put_content(struct buf *b, const struct el_content *c)
{
	char g[EFI_GUID_STR_SIZE];
	buf_puts(b, eventlog_content_kind_name(c->kind));
	switch (c->kind) {
	case EL_CONTENT_UNDECODABLE:
		putf(b, " (%s)", c->why);
		break;
	case EL_CONTENT_SPECID:
		buf_putc(b, ' ');
		put_text(b, c->u.specid.signature.p, c->u.specid.signature.n, 1);
		break;
	case EL_CONTENT_STARTUP_LOCALITY:
		putf(b, " %u", (unsigned)c->u.locality);
		break;
	case EL_CONTENT_NO_ACTION:
		buf_putc(b, ' ');
		put_text(b, c->u.no_action_signature.p, c->u.no_action_signature.n, 1);
		break;
	case EL_CONTENT_SEPARATOR:
		putf(b, " %08x %s", (unsigned)c->u.separator.value,
		     eventlog_separator_name(c->u.separator.kind));
		break;
	case EL_CONTENT_STRING:
		buf_putc(b, ' ');
		put_text(b, c->u.string.text.p, c->u.string.text.n, c->u.string.utf16 ? 2 : 1);
		break;
	case EL_CONTENT_GUID:
		efi_guid_format(c->u.guid, g);
		putf(b, " %s", g);
		break;
	case EL_CONTENT_VARIABLE:
		put_variable(b, c);
		break;
	case EL_CONTENT_IMAGE_LOAD:
		putf(b, " length %llu, device path %llu bytes",
		     (unsigned long long)c->u.image.length,
		     (unsigned long long)c->u.image.device_path_length);
		if (c->u.image.dp.file) {
			buf_putc(b, ' ');
			put_text(b, c->u.image.dp.file, c->u.image.dp.file_len, 2);
		}
		break;
	case EL_CONTENT_FIRMWARE_BLOB:
		putf(b, " base 0x%llx length %llu", (unsigned long long)c->u.blob.base,
		     (unsigned long long)c->u.blob.length);
		break;
	case EL_CONTENT_HANDOFF_TABLES:
		putf(b, " %llu tables", (unsigned long long)c->u.handoff.count);
		break;
	case EL_CONTENT_GPT:
		putf(b, " %llu partitions", (unsigned long long)c->u.gpt.count);
		break;
	case EL_CONTENT_EVENT_TAG:
		putf(b, " id 0x%08x, %zu bytes", (unsigned)c->u.tag.id, c->u.tag.data.n);
		break;
	case EL_CONTENT_RAW:
		break;
	}
}

static const char *bank_label(const struct eventlog_bank *b)
{
	return b->alg ? b->alg->name : "unknown";
}

static void put_summary(struct buf *b, const struct eventlog *log, const struct pcr_banks *r,
			const char *name, int check)
{
	buf_puts(b, "log: ");
	buf_puts(b, name);
	putf(b, "\nformat: %s, %zu bytes, %zu events\nbanks:",
	     log->format == EVENTLOG_FORMAT_AGILE ? "crypto-agile" : "sha1", log->size,
	     log->nevents);
	for (size_t k = 0; k < log->nbanks; k++)
		putf(b, " %s%s", bank_label(&log->banks[k]),
		     log->banks[k].replayable ? "" : " (not replayed)");
	putf(b, "\npcr0 initial locality: %u%s\n", (unsigned)r->pcr0_locality,
	     log->has_hcrtm ? " (H-CRTM)"
			    : (log->has_startup_locality ? " (StartupLocality)" : ""));
	if (log->padding_len)
		putf(b, "padding: %zu bytes of 0x%02x after offset %zu\n", log->padding_len,
		     (unsigned)log->padding_byte, log->end);
	putf(b, "content checked in bank: %s\n\n%5s %8s %4s %-34s %7s %-16s %s\n",
	     check >= 0 && log->banks[check].replayable ? bank_label(&log->banks[check]) : "none",
	     "seq", "offset", "pcr", "type", "size", "content-digest", "content");
}

/* Event i's row; check is the bank whose digest checks content. */
static void put_event(struct buf *b, const struct eventlog *log, size_t i, int bank, int check)
{
	const struct eventlog_event *ev = &log->events[i];
	const char *name = eventlog_type_name(ev->type);
	char tname[16], pcr[16];
	struct el_content c;

	eventlog_decode(log, i, &c);
	if (!name) {
		snprintf(tname, sizeof(tname), "0x%08x", (unsigned)ev->type);
		name = tname;
	}
	/* Windows logs informational events in PCR 0xFFFFFFFF: shown in hex. */
	if (ev->pcr < 100000)
		snprintf(pcr, sizeof(pcr), "%u", (unsigned)ev->pcr);
	else
		snprintf(pcr, sizeof(pcr), "0x%x", (unsigned)ev->pcr);
	putf(b, "%5zu %8u %4s %-34s %7u %-16s ", i, (unsigned)ev->offset, pcr, name,
	     (unsigned)ev->data_len,
	     eventlog_digest_check_name(eventlog_check_content(log, i, &c, check)));
	put_content(b, &c);
	buf_putc(b, '\n');
	for (size_t k = 0; k < log->nbanks; k++) {
		const uint8_t *d = eventlog_digest(log, i, k);
		if (!d || (bank >= 0 && (size_t)bank != k))
			continue;
		putf(b, "%19s%-8s ", "", bank_label(&log->banks[k]));
		put_hex(b, d, log->banks[k].size);
		buf_putc(b, '\n');
	}
}

static void put_pcrs(struct buf *b, const struct eventlog *log, const struct pcr_banks *r, int bank)
{
	for (size_t k = 0; k < r->nbanks && k < log->nbanks; k++) {
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

bool eventlog_write_text(const struct eventlog *log, const struct pcr_banks *pcrs, int bank,
			 const char *name, struct buf *out)
{
	int check = bank >= 0 ? bank : eventlog_content_bank(log);
	put_summary(out, log, pcrs, name, check);
	for (size_t i = 0; i < log->nevents; i++)
		put_event(out, log, i, bank, check);
	put_pcrs(out, log, pcrs, bank);
	return buf_ok(out);
}
