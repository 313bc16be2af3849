/* Decoders of event data, one per structure (PFP 1.05 section 10.2 and 10.4); all views. */
#include "eventlog/eventlog_decode.h"

#include <string.h>

#include "core/cursor.h"
#include "eventlog/eventlog_internal.h"

/* PFP 10.2.2 UEFI_PLATFORM_FIRMWARE_BLOB: BlobBase u64, BlobLength u64. */
#define BLOB_SIZE 16
/* UEFI 2.10, 5.3.2 EFI_PARTITION_TABLE_HEADER size and the minimum partition entry size. */
#define GPT_HEADER_SIZE	   92
#define GPT_MIN_ENTRY_SIZE 128
#define SEPARATOR_SIZE	   4

static bool undecodable(struct el_content *out, const char *why)
{
	out->kind = EL_CONTENT_UNDECODABLE;
	out->why = why;
	return false;
}

static struct el_view trim_nul(const uint8_t *p, size_t n, size_t unit)
{
	while (n >= unit && p[n - unit] == 0 && (unit == 1 || p[n - 1] == 0))
		n -= unit;
	return (struct el_view){p, n};
}

static bool read_uintn(struct cursor *c, size_t uintn, uint64_t *v)
{
	uint32_t v32;
	if (uintn == 8)
		return cursor_u64le(c, v);
	if (!cursor_u32le(c, &v32))
		return false;
	*v = v32;
	return true;
}

static void decode_string(struct el_content *out, bool allow_utf16)
{
	const struct el_view *r = &out->raw;
	out->kind = EL_CONTENT_STRING;
	out->u.string.utf16 = allow_utf16 && efi_looks_utf16_ascii(r->p, r->n);
	out->u.string.text = trim_nul(r->p, r->n, out->u.string.utf16 ? 2 : 1);
}

/* EV_NO_ACTION data starts with a 16-byte NUL-padded signature (PFP 10.4.5). */
static void decode_no_action(const struct eventlog *log, size_t i, struct el_content *out)
{
	const uint8_t *d = out->raw.p;
	size_t n = out->raw.n;
	struct cursor c;

	if (n < EVENTLOG_SIG_SIZE) {
		undecodable(out, "short_signature");
		return;
	}
	if (memcmp(d, "Spec ID Event0", 14) == 0) {
		out->kind = EL_CONTENT_SPECID;
		out->u.specid.signature = trim_nul(d, EVENTLOG_SIG_SIZE, 1);
		if (i == 0 && log->format == EVENTLOG_FORMAT_AGILE) {
			out->u.specid.platform_class = log->specid.platform_class;
			out->u.specid.version_major = log->specid.version_major;
			out->u.specid.version_minor = log->specid.version_minor;
			out->u.specid.errata = log->specid.errata;
			out->u.specid.uintn_size = log->specid.uintn_size;
			return;
		}
		/* Event00 (BIOS121 11.3.4.1) and Event02 (EFI12 7.4) share the first fields. */
		cursor_init(&c, d + EVENTLOG_SIG_SIZE, n - EVENTLOG_SIG_SIZE);
		if (!cursor_u32le(&c, &out->u.specid.platform_class) ||
		    !cursor_u8(&c, &out->u.specid.version_minor) ||
		    !cursor_u8(&c, &out->u.specid.version_major) ||
		    !cursor_u8(&c, &out->u.specid.errata) ||
		    !cursor_u8(&c, &out->u.specid.uintn_size))
			undecodable(out, "short_specid");
		return;
	}
	if (memcmp(d, "StartupLocality", EVENTLOG_SIG_SIZE) == 0) {
		if (n != EVENTLOG_SIG_SIZE + 1) {
			undecodable(out, "bad_startup_locality_size");
			return;
		}
		out->kind = EL_CONTENT_STARTUP_LOCALITY;
		out->u.locality = d[EVENTLOG_SIG_SIZE];
		return;
	}
	out->kind = EL_CONTENT_NO_ACTION;
	out->u.no_action_signature = trim_nul(d, EVENTLOG_SIG_SIZE, 1);
}

/* EV_SEPARATOR (PFP 10.4.1, 3.3.2.2; Windows uses "WBCL"). */
static void decode_separator(struct el_content *out)
{
	const uint8_t *d = out->raw.p;
	if (out->raw.n != SEPARATOR_SIZE) {
		undecodable(out, "bad_separator_size");
		return;
	}
	out->kind = EL_CONTENT_SEPARATOR;
	out->u.separator.value = load_u32le(d);
	if (memcmp(d, "WBCL", 4) == 0)
		out->u.separator.kind = EL_SEPARATOR_WBCL;
	else if (out->u.separator.value == 0)
		out->u.separator.kind = EL_SEPARATOR_NORMAL;
	else if (out->u.separator.value == 1)
		out->u.separator.kind = EL_SEPARATOR_ERROR;
	else if (out->u.separator.value == 0xFFFFFFFFu)
		out->u.separator.kind = EL_SEPARATOR_ALT_NORMAL;
	else
		out->u.separator.kind = EL_SEPARATOR_OTHER;
}

static enum el_variable classify_variable(const uint8_t *guid, struct el_view name)
{
	static const struct {
		const uint8_t *guid;
		const char *name;
		enum el_variable var;
	} known[] = {
	    {efi_guid_global_variable, "SecureBoot", EL_VAR_SECURE_BOOT},
	    {efi_guid_global_variable, "PK", EL_VAR_PK},
	    {efi_guid_global_variable, "KEK", EL_VAR_KEK},
	    {efi_guid_global_variable, "BootOrder", EL_VAR_BOOT_ORDER},
	    {efi_guid_image_security, "db", EL_VAR_DB},
	    {efi_guid_image_security, "dbx", EL_VAR_DBX},
	    {efi_guid_image_security, "dbt", EL_VAR_DBT},
	    {efi_guid_image_security, "dbr", EL_VAR_DBR},
	    {efi_guid_shim_lock, "MokList", EL_VAR_MOK_LIST},
	    {efi_guid_shim_lock, "MokListX", EL_VAR_MOK_LIST},
	    {efi_guid_shim_lock, "MokListTrusted", EL_VAR_MOK_LIST},
	    {efi_guid_shim_lock, "SbatLevel", EL_VAR_SBAT_LEVEL},
	};
	for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
		if (memcmp(guid, known[k].guid, EFI_GUID_SIZE) == 0 &&
		    efi_utf16_eq_ascii(name.p, name.n, known[k].name))
			return known[k].var;
	/* Boot#### (UEFI 2.10, 3.1.1): four uppercase hex digits. */
	if (memcmp(guid, efi_guid_global_variable, EFI_GUID_SIZE) == 0 && name.n == 16 &&
	    memcmp(name.p, "B\0o\0o\0t\0", 8) == 0) {
		for (size_t k = 8; k < 16; k += 2) {
			uint8_t ch = name.p[k];
			if (name.p[k + 1] != 0 ||
			    !((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'F')))
				return EL_VAR_OTHER;
		}
		return EL_VAR_BOOT_ENTRY;
	}
	return EL_VAR_OTHER;
}

/* PFP 10.2.6 UEFI_VARIABLE_DATA: VariableName GUID, UnicodeNameLength u64 (characters),
 * VariableDataLength u64, UnicodeName, VariableData. */
static void decode_variable(struct el_content *out)
{
	struct cursor c;
	uint64_t name_chars, data_len;
	const uint8_t *name, *data;
	enum el_variable var;

	cursor_init(&c, out->raw.p, out->raw.n);
	if (!cursor_bytes(&c, EFI_GUID_SIZE, &out->u.variable.guid) ||
	    !cursor_u64le(&c, &name_chars) || !cursor_u64le(&c, &data_len)) {
		undecodable(out, "truncated_variable_header");
		return;
	}
	if (name_chars > cursor_left(&c) / 2 || !cursor_bytes(&c, 2 * name_chars, &name)) {
		undecodable(out, "bad_variable_name_length");
		return;
	}
	if (data_len > cursor_left(&c) || !cursor_bytes(&c, data_len, &data)) {
		undecodable(out, "bad_variable_data_length");
		return;
	}
	/* Trailing bytes are tolerated in the view (shim's authority events carry 6 extra). */
	out->kind = EL_CONTENT_VARIABLE;
	out->u.variable.name = (struct el_view){name, 2 * name_chars};
	out->u.variable.data = (struct el_view){data, data_len};
	var = classify_variable(out->u.variable.guid, out->u.variable.name);
	out->u.variable.var = var;
	out->u.variable.secure_boot = -1;
	if (var == EL_VAR_SECURE_BOOT) {
		/* An empty SecureBoot variable is logged when it is off (docs/eventlog.md 9.1). */
		if (data_len == 0 || (data_len == 1 && data[0] == 0))
			out->u.variable.secure_boot = 0;
		else if (data_len == 1 && data[0] == 1)
			out->u.variable.secure_boot = 1;
	}
	if (var == EL_VAR_PK || var == EL_VAR_KEK || var == EL_VAR_DB || var == EL_VAR_DBX ||
	    var == EL_VAR_DBT || var == EL_VAR_DBR) {
		out->u.variable.has_sigs = true;
		efi_siglist_walk(data, data_len, &out->u.variable.sigs);
	}
}

/* PFP 10.2.3 UEFI_IMAGE_LOAD_EVENT: ImageLocationInMemory u64, ImageLengthInMemory UINTN,
 * ImageLinkTimeAddress UINTN, LengthOfDevicePath UINTN, DevicePath. The device path length
 * is the field, never the bytes left (keylime issue 1153). */
static void decode_image(const struct eventlog *log, struct el_content *out)
{
	struct cursor c;
	const uint8_t *dp;
	cursor_init(&c, out->raw.p, out->raw.n);
	if (!cursor_u64le(&c, &out->u.image.location) ||
	    !read_uintn(&c, log->uintn_size, &out->u.image.length) ||
	    !read_uintn(&c, log->uintn_size, &out->u.image.link_time_address) ||
	    !read_uintn(&c, log->uintn_size, &out->u.image.device_path_length)) {
		undecodable(out, "truncated_image_load_event");
		return;
	}
	if (out->u.image.device_path_length > cursor_left(&c) ||
	    !cursor_bytes(&c, out->u.image.device_path_length, &dp)) {
		undecodable(out, "bad_device_path_length");
		return;
	}
	out->kind = EL_CONTENT_IMAGE_LOAD;
	out->u.image.device_path = (struct el_view){dp, out->u.image.device_path_length};
	out->u.image.trailing = cursor_left(&c);
	efi_device_path_walk(dp, out->u.image.device_path_length, &out->u.image.dp);
}

/* PFP 10.2.2 blob, or with description = true the BLOB2 form (PFP 1.05 10.2.4). */
static void decode_blob(struct el_content *out, bool description)
{
	struct cursor c;
	cursor_init(&c, out->raw.p, out->raw.n);
	out->u.blob.description = (struct el_view){NULL, 0};
	if (description) {
		uint8_t dlen;
		const uint8_t *d;
		if (!cursor_u8(&c, &dlen) || !cursor_bytes(&c, dlen, &d)) {
			undecodable(out, "bad_blob_description");
			return;
		}
		out->u.blob.description = trim_nul(d, dlen, 1);
	}
	if (!cursor_u64le(&c, &out->u.blob.base) || !cursor_u64le(&c, &out->u.blob.length) ||
	    !cursor_at_end(&c)) {
		undecodable(out, "bad_blob_size");
		return;
	}
	out->kind = EL_CONTENT_FIRMWARE_BLOB;
}

/* PFP 10.2.4 UEFI_HANDOFF_TABLE_POINTERS(2): [description,] NumberOfTables u64,
 * EFI_CONFIGURATION_TABLE {VendorGuid, VendorTable UINTN}[]. */
static void decode_handoff(const struct eventlog *log, struct el_content *out, bool description)
{
	struct cursor c;
	const uint8_t *entries;
	size_t esize = EFI_GUID_SIZE + log->uintn_size;
	cursor_init(&c, out->raw.p, out->raw.n);
	out->u.handoff.description = (struct el_view){NULL, 0};
	if (description) {
		uint8_t dlen;
		const uint8_t *d;
		if (!cursor_u8(&c, &dlen) || !cursor_bytes(&c, dlen, &d)) {
			undecodable(out, "bad_table_description");
			return;
		}
		out->u.handoff.description = trim_nul(d, dlen, 1);
	}
	if (!cursor_u64le(&c, &out->u.handoff.count)) {
		undecodable(out, "truncated_handoff_tables");
		return;
	}
	if (out->u.handoff.count != cursor_left(&c) / esize || cursor_left(&c) % esize != 0 ||
	    !cursor_bytes(&c, cursor_left(&c), &entries)) {
		undecodable(out, "bad_table_count");
		return;
	}
	out->kind = EL_CONTENT_HANDOFF_TABLES;
	out->u.handoff.entries = (struct el_view){entries, out->u.handoff.count * esize};
	out->u.handoff.entry_size = esize;
}

/* PFP 10.2.5 UEFI_GPT_DATA: EFI_PARTITION_TABLE_HEADER (92 bytes), NumberOfPartitions u64,
 * partition entries of SizeOfPartitionEntry bytes. */
static void decode_gpt(struct el_content *out)
{
	struct cursor c;
	const uint8_t *hdr, *entries;
	cursor_init(&c, out->raw.p, out->raw.n);
	if (!cursor_bytes(&c, GPT_HEADER_SIZE, &hdr) || memcmp(hdr, "EFI PART", 8) != 0 ||
	    !cursor_u64le(&c, &out->u.gpt.count)) {
		undecodable(out, "bad_gpt_header");
		return;
	}
	out->u.gpt.disk_guid = hdr + 56;
	out->u.gpt.entry_size = load_u32le(hdr + 84);
	if (out->u.gpt.entry_size < GPT_MIN_ENTRY_SIZE ||
	    out->u.gpt.count > cursor_left(&c) / out->u.gpt.entry_size ||
	    !cursor_bytes(&c, out->u.gpt.count * out->u.gpt.entry_size, &entries) ||
	    !cursor_at_end(&c)) {
		undecodable(out, "bad_gpt_partition_count");
		return;
	}
	out->kind = EL_CONTENT_GPT;
	out->u.gpt.entries =
	    (struct el_view){entries, (size_t)out->u.gpt.count * out->u.gpt.entry_size};
}

/* BIOS121 11.3.2.1 TCG_PCClientTaggedEvent: taggedEventID u32, taggedEventDataSize u32, data. */
static void decode_tag(struct el_content *out)
{
	struct cursor c;
	uint32_t size;
	const uint8_t *d;
	cursor_init(&c, out->raw.p, out->raw.n);
	if (!cursor_u32le(&c, &out->u.tag.id) || !cursor_u32le(&c, &size) ||
	    size != cursor_left(&c) || !cursor_bytes(&c, size, &d)) {
		undecodable(out, "bad_tagged_event_size");
		return;
	}
	out->kind = EL_CONTENT_EVENT_TAG;
	out->u.tag.data = (struct el_view){d, size};
}

/* EV_S_CRTM_VERSION: a UTF-16 version string, or a 16-byte GUID (PFP 10.4.1). */
static void decode_version(struct el_content *out)
{
	if (efi_looks_utf16_ascii(out->raw.p, out->raw.n)) {
		decode_string(out, true);
		return;
	}
	if (out->raw.n == EFI_GUID_SIZE) {
		out->kind = EL_CONTENT_GUID;
		memcpy(out->u.guid, out->raw.p, EFI_GUID_SIZE);
		return;
	}
	undecodable(out, "not_utf16_or_guid");
}

/* EV_POST_CODE / EV_S_CRTM_CONTENTS: a 16-byte blob or an ASCII string (tpm2-tools #2017). */
static void decode_blob_or_string(struct el_content *out)
{
	if (out->raw.n == BLOB_SIZE && !efi_looks_ascii(out->raw.p, out->raw.n)) {
		decode_blob(out, false);
		return;
	}
	if (efi_looks_ascii(out->raw.p, out->raw.n)) {
		decode_string(out, false);
		return;
	}
	undecodable(out, "not_blob_or_string");
}

void eventlog_decode(const struct eventlog *log, size_t i, struct el_content *out)
{
	const struct eventlog_event *ev = &log->events[i];
	memset(out, 0, sizeof(*out));
	out->raw = (struct el_view){log->base + ev->data_off, ev->data_len};
	switch (ev->type) {
	case EV_NO_ACTION:
		decode_no_action(log, i, out);
		break;
	case EV_SEPARATOR:
		decode_separator(out);
		break;
	case EV_IPL:
		decode_string(out, true);
		break;
	case EV_ACTION:
	case EV_EFI_ACTION:
	case EV_OMIT_BOOT_DEVICE_EVENTS:
	case EV_EFI_HCRTM_EVENT:
		if (efi_looks_ascii(out->raw.p, out->raw.n))
			decode_string(out, false);
		else
			undecodable(out, "not_ascii");
		break;
	case EV_S_CRTM_VERSION:
		decode_version(out);
		break;
	case EV_POST_CODE:
	case EV_S_CRTM_CONTENTS:
		decode_blob_or_string(out);
		break;
	case EV_EFI_VARIABLE_DRIVER_CONFIG:
	case EV_EFI_VARIABLE_BOOT:
	case EV_EFI_VARIABLE_BOOT2:
	case EV_EFI_VARIABLE_AUTHORITY:
		decode_variable(out);
		break;
	case EV_EFI_BOOT_SERVICES_APPLICATION:
	case EV_EFI_BOOT_SERVICES_DRIVER:
	case EV_EFI_RUNTIME_SERVICES_DRIVER:
		decode_image(log, out);
		break;
	case EV_EFI_PLATFORM_FIRMWARE_BLOB:
		decode_blob(out, false);
		break;
	case EV_EFI_PLATFORM_FIRMWARE_BLOB2:
		decode_blob(out, true);
		break;
	case EV_EFI_HANDOFF_TABLES:
		decode_handoff(log, out, false);
		break;
	case EV_EFI_HANDOFF_TABLES2:
		decode_handoff(log, out, true);
		break;
	case EV_EFI_GPT_EVENT:
	case EV_EFI_GPT_EVENT2:
		decode_gpt(out);
		break;
	case EV_EVENT_TAG:
		decode_tag(out);
		break;
	default:
		out->kind = EL_CONTENT_RAW;
		break;
	}
}

const char *eventlog_content_kind_name(enum el_content_kind kind)
{
	static const char *const names[] = {
	    "raw",	     "undecodable",    "spec_id", "startup_locality", "no_action",
	    "separator",     "string",	       "guid",	  "variable",	      "image_load",
	    "firmware_blob", "handoff_tables", "gpt",	  "event_tag",
	};
	return (size_t)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "unknown";
}

const char *eventlog_separator_name(enum el_separator_kind kind)
{
	static const char *const names[] = {"normal", "error", "alternative_normal", "wbcl",
					    "other"};
	return (size_t)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "unknown";
}

const char *eventlog_variable_name(enum el_variable var)
{
	static const char *const names[] = {"other",	 "SecureBoot", "PK",	  "KEK",
					    "db",	 "dbx",	       "dbt",	  "dbr",
					    "BootOrder", "Boot####",   "MokList", "SbatLevel"};
	return (size_t)var < sizeof(names) / sizeof(names[0]) ? names[var] : "unknown";
}
