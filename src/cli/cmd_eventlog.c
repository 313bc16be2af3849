/*
 * attest-init eventlog [--json] [--bank NAME] FILE: parse a TCG event log strictly, replay
 * its PCRs and show every event (src/eventlog/). Exit 0 on a well-formed log, 1 on a
 * malformed or absent one, 2 on usage errors.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/json_writer.h"
#include "eventlog/eventlog.h"
#include "eventlog/eventlog_decode.h"
#include "eventlog/eventlog_json.h"
#include "shell/file_io.h"

/* Output is buffered up to this much per event (1 MiB of data is 2 MiB of hex). */
#define OUT_MAX	   (32u << 20)
#define FLUSH_SIZE (1u << 20)
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
	      "  --json       one JSON object: \"pcrs\" {bank: {index: hex}} for every replayed\n"
	      "               bank and PCRs 0-23, and \"events\" (seq, offset, pcr, type,\n"
	      "               type_name, extended, digests, data_size, content_digest,\n"
	      "               content). Decoded content is untrusted unless content_digest\n"
	      "               is \"verified\" (or \"verified_variable_data\").\n"
	      "  --bank NAME  show only that bank (sha1, sha256, sha384, sha512, sm3_256);\n"
	      "               a bank the log does not declare exits 1 (bank_not_in_log).\n"
	      "\n"
	      "Banks without a hash implementation (sm3_256) are parsed and listed as not\n"
	      "replayed. EV_NO_ACTION events and PCR indices outside 0-23 are never extended.\n"
	      "exit status: 0 well-formed log, 1 malformed/empty/absent log (reason and byte\n"
	      "offset on stderr), 2 usage error.\n",
	      out);
}

static bool flush_stdout(struct buf *b, void *arg)
{
	(void)arg;
	if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len)
		return false;
	buf_reset(b);
	return true;
}

static int finish(struct buf *out, bool ok)
{
	if (!ok || !buf_ok(out)) {
		fputs("attest-init: io: write_failed: stdout\n", stderr);
		return EXIT_REJECT;
	}
	return cli_print_buf(out);
}

static int run_json(const struct eventlog *log, const struct pcr_banks *pcrs, int bank)
{
	struct buf out;
	struct json_writer w;
	struct eventlog_json_opts o = {bank, flush_stdout, NULL};
	bool ok;
	int rc;

	buf_init(&out, OUT_MAX);
	json_writer_init(&w, &out);
	ok = eventlog_write_json(log, pcrs, &o, &w);
	rc = finish(&out, ok);
	buf_free(&out);
	return rc;
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

/* n <= DIGEST_MAX_SIZE: encoded on the stack and appended once. */
static void put_hex(struct buf *b, const uint8_t *p, size_t n)
{
	static const char d[] = "0123456789abcdef";
	char s[2 * DIGEST_MAX_SIZE];
	size_t k = 0;
	for (size_t i = 0; i < n && i < DIGEST_MAX_SIZE; i++) {
		s[k++] = d[p[i] >> 4];
		s[k++] = d[p[i] & 15];
	}
	buf_append(b, s, k);
}

/* Printable ASCII only; anything else is shown as '.'; long text is cut with "...". */
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
		putf(b, " %u", c->u.locality);
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
		buf_putc(b, ' ');
		put_text(b, c->u.variable.name.p, c->u.variable.name.n, 2);
		putf(b, " %zu bytes", c->u.variable.data.n);
		if (c->u.variable.var == EL_VAR_SECURE_BOOT)
			putf(b, " secure_boot=%s",
			     c->u.variable.secure_boot < 0
				 ? "unknown"
				 : (c->u.variable.secure_boot ? "on" : "off"));
		if (c->u.variable.has_sigs)
			putf(b, " x509=%zu sha256=%zu%s", c->u.variable.sigs.x509,
			     c->u.variable.sigs.sha256,
			     c->u.variable.sigs.valid ? "" : " (bad signature list)");
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

static int run_table(const struct eventlog *log, const struct pcr_banks *r, int bank,
		     const char *path)
{
	struct buf b;
	bool ok = true;
	int rc, check = bank >= 0 ? bank : eventlog_content_bank(log);

	buf_init(&b, OUT_MAX);
	table_header(&b, log, r, path);
	putf(&b, "content checked in bank: %s\n\n%5s %8s %4s %-34s %7s %-16s %s\n",
	     check >= 0 && log->banks[check].replayable ? bank_label(&log->banks[check]) : "none",
	     "seq", "offset", "pcr", "type", "size", "content-digest", "content");
	for (size_t i = 0; i < log->nevents && ok; i++) {
		const struct eventlog_event *ev = &log->events[i];
		const char *name = eventlog_type_name(ev->type);
		char tname[24], pcr[12];
		struct el_content c;

		eventlog_decode(log, i, &c);
		if (!name) {
			snprintf(tname, sizeof(tname), "0x%08x", (unsigned)ev->type);
			name = tname;
		}
		if (ev->pcr < 100000)
			snprintf(pcr, sizeof(pcr), "%u", (unsigned)ev->pcr);
		else
			snprintf(pcr, sizeof(pcr), "0x%x", (unsigned)ev->pcr);
		putf(&b, "%5zu %8u %4s %-34s %7u %-16s ", i, (unsigned)ev->offset, pcr, name,
		     (unsigned)ev->data_len,
		     eventlog_digest_check_name(eventlog_check_content(log, i, &c, check)));
		put_content(&b, &c);
		buf_putc(&b, '\n');
		for (size_t k = 0; k < log->nbanks; k++) {
			const uint8_t *d = eventlog_digest(log, i, k);
			if (!d || (bank >= 0 && (size_t)bank != k))
				continue;
			putf(&b, "%19s%-8s ", "", bank_label(&log->banks[k]));
			put_hex(&b, d, log->banks[k].size);
			buf_putc(&b, '\n');
		}
		if (b.len >= FLUSH_SIZE && buf_ok(&b))
			ok = flush_stdout(&b, NULL);
	}
	for (size_t k = 0; k < r->nbanks; k++) {
		const struct pcr_bank *pb = &r->bank[k];
		if (bank >= 0 && (size_t)bank != k)
			continue;
		putf(&b, "\nPCRs %s:%s\n", bank_label(&log->banks[k]),
		     pb->replayed ? "" : " not replayed (no implementation)");
		for (int p = 0; pb->replayed && p < EVENTLOG_NUM_PCRS; p++) {
			putf(&b, "%3d%c ", p, pb->extended_mask & (1u << p) ? '*' : ' ');
			put_hex(&b, pb->pcr[p], pb->size);
			buf_putc(&b, '\n');
		}
	}
	buf_puts(&b, "\n(* = extended by the log; other PCRs are at their reset value)");
	rc = finish(&b, ok);
	buf_free(&b);
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
	struct pcr_banks pcrs;
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
	} else if (!eventlog_replay(&log, &pcrs, &e)) {
		rc = cli_fail(&e);
	} else {
		rc = json ? run_json(&log, &pcrs, bank) : run_table(&log, &pcrs, bank, pos[0]);
	}
	eventlog_free(&log);
	buf_free(&data);
	return rc;
}

const struct command cmd_eventlog = {"eventlog", "parse and replay a TCG event log", eventlog_run,
				     eventlog_help};
