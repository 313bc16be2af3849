#include "eventlog/eventlog_json.h"

#include <stdio.h>
#include <string.h>

#include "core/cursor.h"
#include "eventlog/eventlog_decode.h"
#include "json/json_writer.h"

/* Scratch for one value: a UTF-16 string as UTF-8 (at most 3 bytes per 2-byte code unit) of
 * at most one event's data. */
#define UTF8_SCRATCH_MAX ((size_t)EVENTLOG_MAX_EVENT_DATA * 2 + 16)

static bool want_bank(int bank, size_t b)
{
	return bank < 0 || (size_t)bank == b;
}

static void kv_addr(struct json_writer *w, const char *key, uint64_t v)
{
	char tmp[24];
	snprintf(tmp, sizeof(tmp), "0x%llx", (unsigned long long)v);
	json_kv_str(w, key, tmp);
}

static void kv_guid(struct json_writer *w, const char *key, const uint8_t *g)
{
	char s[EFI_GUID_STR_SIZE];
	efi_guid_format(g, s);
	json_kv_str(w, key, s);
}

static void kv_view_str(struct json_writer *w, const char *key, struct el_view v)
{
	json_key(w, key);
	json_strn(w, (const char *)v.p, v.n);
}

static void kv_utf16(struct json_writer *w, struct buf *tmp, const char *key, struct el_view v,
		     bool stop_at_nul)
{
	buf_reset(tmp);
	efi_utf16_to_utf8(v.p, v.n, stop_at_nul, tmp);
	json_key(w, key);
	json_strn(w, tmp->data ? (const char *)tmp->data : "", tmp->len);
}

static void kv_view_hex(struct json_writer *w, const char *key, struct el_view v)
{
	json_kv_hex(w, key, v.p, v.n);
}

static void write_variable(struct json_writer *w, struct buf *tmp, const struct el_content *c)
{
	kv_guid(w, "guid", c->u.variable.guid);
	kv_utf16(w, tmp, "name", c->u.variable.name, false);
	json_kv_str(w, "variable", eventlog_variable_name(c->u.variable.var));
	json_kv_u64(w, "data_size", c->u.variable.data.n);
	if (c->u.variable.var == EL_VAR_SECURE_BOOT) {
		json_key(w, "secure_boot");
		if (c->u.variable.secure_boot < 0)
			json_null(w);
		else
			json_bool(w, c->u.variable.secure_boot == 1);
	}
	if (c->u.variable.has_sigs) {
		const struct efi_siglist_info *s = &c->u.variable.sigs;
		json_kv_bool(w, "present", c->u.variable.data.n > 0);
		json_key(w, "signature_lists");
		json_obj_begin(w);
		json_kv_bool(w, "valid", s->valid);
		if (!s->valid)
			json_kv_str(w, "why", s->why);
		json_kv_u64(w, "lists", s->lists);
		json_kv_u64(w, "x509", s->x509);
		json_kv_u64(w, "sha256", s->sha256);
		json_kv_u64(w, "sha1", s->sha1);
		json_kv_u64(w, "other", s->other);
		json_obj_end(w);
	} else {
		kv_view_hex(w, "data", c->u.variable.data);
	}
}

static void write_image(struct json_writer *w, struct buf *tmp, const struct el_content *c)
{
	kv_addr(w, "image_location", c->u.image.location);
	json_kv_u64(w, "image_length", c->u.image.length);
	kv_addr(w, "link_time_address", c->u.image.link_time_address);
	json_kv_u64(w, "device_path_length", c->u.image.device_path_length);
	kv_view_hex(w, "device_path", c->u.image.device_path);
	json_kv_bool(w, "device_path_valid", c->u.image.dp.valid);
	if (!c->u.image.dp.valid)
		json_kv_str(w, "device_path_why", c->u.image.dp.why);
	json_kv_u64(w, "device_path_nodes", c->u.image.dp.nodes);
	if (c->u.image.dp.file)
		kv_utf16(w, tmp, "file",
			 (struct el_view){c->u.image.dp.file, c->u.image.dp.file_len}, true);
	json_kv_u64(w, "trailing_bytes", c->u.image.trailing);
}

static void write_gpt(struct json_writer *w, struct buf *tmp, const struct el_content *c)
{
	kv_guid(w, "disk_guid", c->u.gpt.disk_guid);
	json_kv_u64(w, "partition_count", c->u.gpt.count);
	json_key(w, "partitions");
	json_arr_begin(w);
	for (uint64_t k = 0; k < c->u.gpt.count; k++) {
		/* UEFI 2.10, 5.3.3 GPT partition entry. */
		const uint8_t *e = c->u.gpt.entries.p + k * c->u.gpt.entry_size;
		json_obj_begin(w);
		kv_guid(w, "type_guid", e);
		kv_guid(w, "unique_guid", e + 16);
		json_kv_u64(w, "first_lba", load_u64le(e + 32));
		json_kv_u64(w, "last_lba", load_u64le(e + 40));
		kv_addr(w, "attributes", load_u64le(e + 48));
		kv_utf16(w, tmp, "name", (struct el_view){e + 56, 72}, true);
		json_obj_end(w);
	}
	json_arr_end(w);
}

static void write_handoff(const struct eventlog *log, struct json_writer *w,
			  const struct el_content *c)
{
	if (c->u.handoff.description.p)
		kv_view_str(w, "description", c->u.handoff.description);
	json_kv_u64(w, "table_count", c->u.handoff.count);
	json_key(w, "tables");
	json_arr_begin(w);
	for (uint64_t k = 0; k < c->u.handoff.count; k++) {
		const uint8_t *e = c->u.handoff.entries.p + k * c->u.handoff.entry_size;
		json_obj_begin(w);
		kv_guid(w, "vendor_guid", e);
		kv_addr(w, "vendor_table",
			log->uintn_size == 8 ? load_u64le(e + 16) : load_u32le(e + 16));
		json_obj_end(w);
	}
	json_arr_end(w);
}

static void write_content(const struct eventlog *log, struct json_writer *w, struct buf *tmp,
			  const struct el_content *c)
{
	char hex8[12];
	json_obj_begin(w);
	json_kv_str(w, "kind", eventlog_content_kind_name(c->kind));
	switch (c->kind) {
	case EL_CONTENT_RAW:
		kv_view_hex(w, "data", c->raw);
		break;
	case EL_CONTENT_UNDECODABLE:
		json_kv_str(w, "why", c->why);
		kv_view_hex(w, "data", c->raw);
		break;
	case EL_CONTENT_SPECID:
		kv_view_str(w, "signature", c->u.specid.signature);
		json_kv_u64(w, "platform_class", c->u.specid.platform_class);
		json_kv_u64(w, "version_major", c->u.specid.version_major);
		json_kv_u64(w, "version_minor", c->u.specid.version_minor);
		json_kv_u64(w, "errata", c->u.specid.errata);
		json_kv_u64(w, "uintn_size", c->u.specid.uintn_size);
		break;
	case EL_CONTENT_STARTUP_LOCALITY:
		json_kv_u64(w, "locality", c->u.locality);
		break;
	case EL_CONTENT_NO_ACTION:
		kv_view_str(w, "signature", c->u.no_action_signature);
		kv_view_hex(w, "data", c->raw);
		break;
	case EL_CONTENT_SEPARATOR:
		snprintf(hex8, sizeof(hex8), "%08x", (unsigned)c->u.separator.value);
		json_kv_str(w, "value", hex8);
		json_kv_str(w, "meaning", eventlog_separator_name(c->u.separator.kind));
		break;
	case EL_CONTENT_STRING:
		json_kv_str(w, "encoding", c->u.string.utf16 ? "utf16le" : "ascii");
		if (c->u.string.utf16)
			kv_utf16(w, tmp, "text", c->u.string.text, false);
		else
			kv_view_str(w, "text", c->u.string.text);
		break;
	case EL_CONTENT_GUID:
		kv_guid(w, "guid", c->u.guid);
		break;
	case EL_CONTENT_VARIABLE:
		write_variable(w, tmp, c);
		break;
	case EL_CONTENT_IMAGE_LOAD:
		write_image(w, tmp, c);
		break;
	case EL_CONTENT_FIRMWARE_BLOB:
		if (c->u.blob.description.p)
			kv_view_str(w, "description", c->u.blob.description);
		kv_addr(w, "base", c->u.blob.base);
		json_kv_u64(w, "length", c->u.blob.length);
		break;
	case EL_CONTENT_HANDOFF_TABLES:
		write_handoff(log, w, c);
		break;
	case EL_CONTENT_GPT:
		write_gpt(w, tmp, c);
		break;
	case EL_CONTENT_EVENT_TAG:
		json_kv_u64(w, "tag_id", c->u.tag.id);
		kv_view_hex(w, "data", c->u.tag.data);
		break;
	}
	json_obj_end(w);
}

static void write_event(const struct eventlog *log, size_t i, int bank, int check_bank,
			struct json_writer *w, struct buf *tmp)
{
	const struct eventlog_event *ev = &log->events[i];
	const char *name = eventlog_type_name(ev->type);
	struct el_content c;

	eventlog_decode(log, i, &c);
	json_obj_begin(w);
	json_kv_u64(w, "seq", i);
	json_kv_u64(w, "offset", ev->offset);
	json_kv_u64(w, "pcr", ev->pcr);
	json_kv_u64(w, "type", ev->type);
	json_key(w, "type_name");
	if (name)
		json_str(w, name);
	else
		json_null(w);
	json_kv_bool(w, "extended", eventlog_event_extends(ev));
	json_key(w, "digests");
	json_obj_begin(w);
	for (size_t b = 0; b < log->nbanks; b++) {
		const uint8_t *d = eventlog_digest(log, i, b);
		if (!want_bank(bank, b) || !d)
			continue;
		json_key(w, log->banks[b].alg ? log->banks[b].alg->name : "unknown");
		json_hex(w, d, log->banks[b].size);
	}
	/* The crypto-agile Spec ID record carries one SHA-1-sized zero digest (EFIPROT 5.2). */
	if (i == 0 && log->format == EVENTLOG_FORMAT_AGILE)
		json_kv_hex(w, "sha1_header", log->base + ev->offset + 8, 20);
	json_obj_end(w);
	json_kv_u64(w, "data_size", ev->data_len);
	json_kv_str(w, "content_digest",
		    eventlog_digest_check_name(eventlog_check_content(log, i, &c, check_bank)));
	json_key(w, "content");
	write_content(log, w, tmp, &c);
	json_obj_end(w);
}

static const char *bank_name(const struct eventlog_bank *b, char *tmp, size_t n)
{
	if (b->alg)
		return b->alg->name;
	snprintf(tmp, n, "alg_0x%04x", b->alg_id);
	return tmp;
}

static void write_header(const struct eventlog *log, const struct pcr_banks *pcrs, int check_bank,
			 struct json_writer *w)
{
	char name[16];
	json_kv_str(w, "format", log->format == EVENTLOG_FORMAT_AGILE ? "crypto-agile" : "sha1");
	json_kv_u64(w, "size", log->size);
	json_kv_u64(w, "end", log->end);
	json_key(w, "padding");
	if (log->padding_len) {
		json_obj_begin(w);
		json_kv_hex(w, "byte", &log->padding_byte, 1);
		json_kv_u64(w, "length", log->padding_len);
		json_obj_end(w);
	} else {
		json_null(w);
	}
	json_key(w, "spec_id");
	if (log->format == EVENTLOG_FORMAT_AGILE) {
		json_obj_begin(w);
		json_kv_u64(w, "pcr", log->specid.pcr);
		json_kv_u64(w, "platform_class", log->specid.platform_class);
		json_kv_u64(w, "version_major", log->specid.version_major);
		json_kv_u64(w, "version_minor", log->specid.version_minor);
		json_kv_u64(w, "errata", log->specid.errata);
		json_kv_u64(w, "uintn_size", log->specid.uintn_size);
		json_kv_hex(w, "vendor_info", log->base + log->specid.vendor_off,
			    log->specid.vendor_len);
		json_obj_end(w);
	} else {
		json_null(w);
	}
	json_key(w, "banks");
	json_arr_begin(w);
	for (size_t b = 0; b < log->nbanks; b++) {
		json_obj_begin(w);
		json_kv_str(w, "name", bank_name(&log->banks[b], name, sizeof(name)));
		json_kv_u64(w, "alg_id", log->banks[b].alg_id);
		json_kv_u64(w, "digest_size", log->banks[b].size);
		json_kv_bool(w, "replayed", log->banks[b].replayable);
		json_obj_end(w);
	}
	json_arr_end(w);
	json_key(w, "startup_locality");
	if (log->has_startup_locality)
		json_u64(w, log->startup_locality);
	else
		json_null(w);
	json_kv_bool(w, "hcrtm", log->has_hcrtm);
	json_kv_u64(w, "pcr0_locality", pcrs->pcr0_locality);
	json_key(w, "content_digest_bank");
	if (check_bank >= 0)
		json_str(w, log->banks[check_bank].alg->name);
	else
		json_null(w);
	json_kv_u64(w, "event_count", log->nevents);
}

static void write_pcrs(const struct pcr_banks *pcrs, int bank, struct json_writer *w)
{
	char key[4];
	json_key(w, "pcrs");
	json_obj_begin(w);
	for (size_t b = 0; b < pcrs->nbanks; b++) {
		const struct pcr_bank *pb = &pcrs->bank[b];
		if (!pb->replayed || !want_bank(bank, b))
			continue;
		json_key(w, pb->alg->name);
		json_obj_begin(w);
		for (int k = 0; k < EVENTLOG_NUM_PCRS; k++) {
			snprintf(key, sizeof(key), "%d", k);
			json_kv_hex(w, key, pb->pcr[k], pb->size);
		}
		json_obj_end(w);
	}
	json_obj_end(w);
	json_key(w, "extended_pcrs");
	json_obj_begin(w);
	for (size_t b = 0; b < pcrs->nbanks; b++) {
		const struct pcr_bank *pb = &pcrs->bank[b];
		if (!pb->replayed || !want_bank(bank, b))
			continue;
		json_key(w, pb->alg->name);
		json_arr_begin(w);
		for (int k = 0; k < EVENTLOG_NUM_PCRS; k++)
			if (pb->extended_mask & ((uint32_t)1 << k))
				json_u64(w, (uint64_t)k);
		json_arr_end(w);
	}
	json_obj_end(w);
}

/* The bank whose digest checks content: --bank's, else eventlog_content_bank()'s; -1 when
 * that bank has no hash implementation. */
static int content_check_bank(const struct eventlog *log, int bank)
{
	int check_bank = bank >= 0 ? bank : eventlog_content_bank(log);
	if (check_bank >= 0 && !log->banks[check_bank].replayable)
		check_bank = -1;
	return check_bank;
}

bool eventlog_write_json(const struct eventlog *log, const struct pcr_banks *pcrs, int bank,
			 struct buf *out)
{
	struct json_writer w;
	struct buf tmp;
	int check_bank = content_check_bank(log, bank);

	buf_init(&tmp, UTF8_SCRATCH_MAX);
	json_writer_init(&w, out);
	json_obj_begin(&w);
	write_header(log, pcrs, check_bank, &w);
	json_key(&w, "events");
	json_arr_begin(&w);
	for (size_t i = 0; i < log->nevents; i++)
		write_event(log, i, bank, check_bank, &w, &tmp);
	json_arr_end(&w);
	write_pcrs(pcrs, bank, &w);
	json_obj_end(&w);
	buf_free(&tmp);
	return json_writer_ok(&w);
}
