/*
 * eventlog_decode: views of the event data that operators and policies care about. Every
 * field is UNTRUSTED: the event type and PCR index are covered by no digest, and the data
 * only where eventlog_check_content() says the digest covers it (docs/eventlog.md 7, 8).
 * Decoding never affects replay: data that does not fit its type's structure is reported as
 * EL_CONTENT_UNDECODABLE with a reason, and the raw bytes are always available.
 * Views point into the log's buffer; nothing is copied or allocated.
 */
#ifndef ATTEST_EVENTLOG_DECODE_H
#define ATTEST_EVENTLOG_DECODE_H

#include "eventlog/efi_structs.h"
#include "eventlog/eventlog.h"

struct el_view {
	const uint8_t *p;
	size_t n;
};

enum el_content_kind {
	EL_CONTENT_RAW = 0,	     /* no decoder for the type: raw bytes only */
	EL_CONTENT_UNDECODABLE,	     /* decoder exists, data does not fit it (see why) */
	EL_CONTENT_SPECID,	     /* EV_NO_ACTION "Spec ID Event00/02/03" */
	EL_CONTENT_STARTUP_LOCALITY, /* EV_NO_ACTION "StartupLocality" */
	EL_CONTENT_NO_ACTION,	     /* other EV_NO_ACTION: signature */
	EL_CONTENT_SEPARATOR,
	EL_CONTENT_STRING,	   /* EV_IPL, EV_EFI_ACTION, EV_ACTION, POST_CODE text, ... */
	EL_CONTENT_GUID,	   /* EV_S_CRTM_VERSION as a GUID */
	EL_CONTENT_VARIABLE,	   /* UEFI_VARIABLE_DATA */
	EL_CONTENT_IMAGE_LOAD,	   /* UEFI_IMAGE_LOAD_EVENT */
	EL_CONTENT_FIRMWARE_BLOB,  /* UEFI_PLATFORM_FIRMWARE_BLOB(2) */
	EL_CONTENT_HANDOFF_TABLES, /* UEFI_HANDOFF_TABLE_POINTERS(2) */
	EL_CONTENT_GPT,		   /* UEFI_GPT_DATA */
	EL_CONTENT_EVENT_TAG,	   /* TCG_PCClientTaggedEvent */
};

enum el_separator_kind {
	EL_SEPARATOR_NORMAL,	 /* 00000000 */
	EL_SEPARATOR_ERROR,	 /* 00000001: a firmware error (PFP 3.3.2.2) */
	EL_SEPARATOR_ALT_NORMAL, /* FFFFFFFF (SeaBIOS) */
	EL_SEPARATOR_WBCL,	 /* "WBCL" (Windows PCR 12-14) */
	EL_SEPARATOR_OTHER,
};

enum el_variable {
	EL_VAR_OTHER = 0,
	EL_VAR_SECURE_BOOT,
	EL_VAR_PK,
	EL_VAR_KEK,
	EL_VAR_DB,
	EL_VAR_DBX,
	EL_VAR_DBT,
	EL_VAR_DBR,
	EL_VAR_BOOT_ORDER,
	EL_VAR_BOOT_ENTRY, /* Boot#### */
	EL_VAR_MOK_LIST,   /* MokList, MokListX, MokListTrusted (shim) */
	EL_VAR_SBAT_LEVEL,
};

struct el_content {
	enum el_content_kind kind;
	const char *why;    /* UNDECODABLE: stable lowercase reason */
	struct el_view raw; /* always the whole event data */
	union {
		struct {
			struct el_view signature; /* NUL-trimmed */
			uint32_t platform_class;
			uint8_t version_major, version_minor, errata, uintn_size;
		} specid;
		uint8_t locality;
		struct el_view no_action_signature;
		struct {
			enum el_separator_kind kind;
			uint32_t value;
		} separator;
		struct {
			struct el_view text; /* trailing NULs trimmed */
			bool utf16;	     /* text is UTF-16LE */
		} string;
		uint8_t guid[EFI_GUID_SIZE];
		struct {
			const uint8_t *guid;
			struct el_view name; /* UTF-16LE */
			struct el_view data;
			enum el_variable var;
			int secure_boot; /* SecureBoot: 1 on, 0 off (1-byte 0 or empty), -1
					    otherwise */
			struct efi_siglist_info
			    sigs; /* PK, KEK, db, dbx, MokList: signature lists */
			bool has_sigs;
		} variable;
		struct {
			uint64_t location, length, link_time_address, device_path_length;
			struct el_view device_path;
			struct efi_device_path_info dp;
			size_t trailing; /* bytes after the device path */
		} image;
		struct {
			struct el_view description; /* BLOB2 only */
			uint64_t base, length;
		} blob;
		struct {
			struct el_view description; /* TABLES2 only */
			uint64_t count;
			struct el_view entries; /* count * (16 + uintn) bytes */
			size_t entry_size;
		} handoff;
		struct {
			const uint8_t *disk_guid;
			uint64_t count;
			uint32_t entry_size;
			struct el_view entries;
		} gpt;
		struct {
			uint32_t id;
			struct el_view data;
		} tag;
	} u;
};

void eventlog_decode(const struct eventlog *log, size_t i, struct el_content *out);

const char *eventlog_content_kind_name(enum el_content_kind kind);
const char *eventlog_separator_name(enum el_separator_kind kind);
const char *eventlog_variable_name(enum el_variable var);

/*
 * Whether the event's digest was checked against its data (eventlog_content.c). The check
 * is made in one bank, the one a quote covers: SHA-256 when the log has it (the gate quotes
 * the SHA-256 bank), else SHA-384, SHA-512, SHA-1 (eventlog_content_bank). A digest in a
 * bank no quote covers proves nothing, and checking one bank keeps the cost to one hash of
 * the data.
 */
enum el_digest_check {
	EL_DIGEST_NOT_EXTENDED = 0,	  /* EV_NO_ACTION or PCR >= 24: nothing to check */
	EL_DIGEST_VERIFIED,		  /* H(data) == the event's digest in the checked bank */
	EL_DIGEST_VERIFIED_VARIABLE_DATA, /* only VariableData is covered (name/GUID are not) */
	EL_DIGEST_MISMATCH,		  /* the PFP says the digest covers the data; it does not */
	EL_DIGEST_NOT_COVERED,		  /* the digest covers something else (an image, code) */
	EL_DIGEST_NOT_CHECKED,		  /* no replayable bank to check in */
};

/* The bank index content is checked in by default, or -1 when no bank is replayable. */
int eventlog_content_bank(const struct eventlog *log);
/* bank: an index into log->banks (normally eventlog_content_bank()); -1 = NOT_CHECKED. */
enum el_digest_check eventlog_check_content(const struct eventlog *log, size_t i,
					    const struct el_content *c, int bank);
const char *eventlog_digest_check_name(enum el_digest_check d);

#endif
