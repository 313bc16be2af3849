/*
 * eventlog: strict parser and PCR replay for the TCG PC Client firmware event
 * log (binary_bios_measurements), both the SHA-1 TCG_PCR_EVENT format and the
 * crypto-agile TCG_PCR_EVENT2 format (TCG EFI Protocol Specification rev 13,
 * sections 5.1 and 5.2; TCG PC Client PFP 1.05 section 10). Fact sheet:
 * docs/eventlog.md in the shared workspace.
 *
 * Contract:
 * - eventlog_parse() is a pure function over (ptr, len): no I/O, no globals.
 *   Events are (offset, length) views into the caller's buffer, which must
 *   outlive the struct eventlog. The only allocations are the event array and
 *   the per-event digest offsets, made once for as many records as the log's
 *   length can hold and bounded by EVENTLOG_MAX_EVENTS.
 * - It either accepts the whole log or fails with a reason and a byte offset:
 *   a log that ends inside an event is an error, never a partial success. The
 *   one exception is padding: when the bytes after an event are all 0x00 or
 *   all 0xFF (fixed-size ACPI/CCEL log areas) the log ends there. Because of
 *   that rule a run of all-zero bytes at the end (the kernel's "type 0 and
 *   size 0 ends the log") is padding too; a zero-type, zero-size record that
 *   is followed by more records is an ordinary event.
 * - Replay never depends on decoding event data (eventlog_decode.h).
 * - Limits: the crypto-agile Spec ID event may carry pcrIndex 0 (PFP) or 1
 *   (the Confidential Computing event log, UEFI 2.10 section 38.4.1, where the
 *   index is an MR index). Big-endian (POWER firmware) logs are not supported;
 *   the kernel re-emits them little-endian in securityfs.
 *
 * Named caps, all derived from EVENTLOG_MAX_LOG_SIZE. Firmware hands the OS its log in one
 * reserved memory area whose length the platform declares (ACPI TCPA/TPM2 table "Log Area
 * Minimum Length", the CCEL table's log area, or the EFI_TCG2 GetEventLog buffer): real
 * platforms reserve 64 KiB to 1 MiB, and the kernel exposes at most that area. The largest
 * log here is one such area (a 256 KiB CCEL area, padded); the largest without padding is
 * 72 817 bytes (a Windows option-ROM log).
 */
#ifndef ATTEST_EVENTLOG_EVENTLOG_H
#define ATTEST_EVENTLOG_EVENTLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/digest.h"
#include "core/err.h"

/* 8 MiB: eight times the largest firmware log area (1 MiB), over 100 times the largest real
 * log. A longer input is not a firmware log. */
#define EVENTLOG_MAX_LOG_SIZE ((size_t)8 << 20)
/* The smallest record: crypto-agile with one bank of 1-byte digests (pcrIndex, eventType,
 * count, algorithm id, digest, eventSize: 4 + 4 + 4 + 2 + 1 + 4 bytes; EFIPROT 5.2). */
#define EVENTLOG_MIN_RECORD_SIZE 19
/* 2^18 events: as many 32-byte SHA-1-format records (EFIPROT 5.1) as fit in the size cap;
 * only a log of smaller agile records can reach it. Bounds the event arrays to 13 MiB. */
#define EVENTLOG_MAX_EVENTS (1u << 18)
/* 1 MiB of data per event: the largest firmware log area, an eighth of the size cap;
 * go-attestation caps variables at 1 MiB too. */
#define EVENTLOG_MAX_EVENT_DATA (1u << 20)
/* The listing of a log (eventlog_text.h, eventlog_json.h): a record of
 * EVENTLOG_MIN_RECORD_SIZE bytes lists in about 210 bytes of names, numbers and hex (11 per
 * byte), and a byte of event data in at most 6 (a control character escaped as \u00XX);
 * 32 bytes per byte of log leave room for both. */
#define EVENTLOG_MAX_LISTING ((size_t)32 * EVENTLOG_MAX_LOG_SIZE)
/* 8 banks: every hash TPM_ALG_ID that can be a PCR bank (TPM 2.0 Part 2, 6.3); real logs use <= 3.
 */
#define EVENTLOG_MAX_BANKS 8
/* PC Client PCRs 0-23 (PC Client Platform TPM Profile, PCR attributes). */
#define EVENTLOG_NUM_PCRS 24

/* Event types used by the parser and replay (PFP 1.05 section 10.4.1, Table 9). */
#define EV_PREBOOT_CERT			 0x00000000u
#define EV_POST_CODE			 0x00000001u
#define EV_NO_ACTION			 0x00000003u
#define EV_SEPARATOR			 0x00000004u
#define EV_ACTION			 0x00000005u
#define EV_EVENT_TAG			 0x00000006u
#define EV_S_CRTM_CONTENTS		 0x00000007u
#define EV_S_CRTM_VERSION		 0x00000008u
#define EV_IPL				 0x0000000Du
#define EV_OMIT_BOOT_DEVICE_EVENTS	 0x00000012u
#define EV_EFI_VARIABLE_DRIVER_CONFIG	 0x80000001u
#define EV_EFI_VARIABLE_BOOT		 0x80000002u
#define EV_EFI_BOOT_SERVICES_APPLICATION 0x80000003u
#define EV_EFI_BOOT_SERVICES_DRIVER	 0x80000004u
#define EV_EFI_RUNTIME_SERVICES_DRIVER	 0x80000005u
#define EV_EFI_GPT_EVENT		 0x80000006u
#define EV_EFI_ACTION			 0x80000007u
#define EV_EFI_PLATFORM_FIRMWARE_BLOB	 0x80000008u
#define EV_EFI_HANDOFF_TABLES		 0x80000009u
#define EV_EFI_PLATFORM_FIRMWARE_BLOB2	 0x8000000Au
#define EV_EFI_HANDOFF_TABLES2		 0x8000000Bu
#define EV_EFI_VARIABLE_BOOT2		 0x8000000Cu
#define EV_EFI_GPT_EVENT2		 0x8000000Du
#define EV_EFI_HCRTM_EVENT		 0x80000010u
#define EV_EFI_VARIABLE_AUTHORITY	 0x800000E0u

enum eventlog_format {
	EVENTLOG_FORMAT_SHA1 = 1,  /* TCG_PCR_EVENT throughout (EFIPROT 5.1) */
	EVENTLOG_FORMAT_AGILE = 2, /* Spec ID Event03 then TCG_PCR_EVENT2 (EFIPROT 5.2) */
};

struct eventlog_bank {
	uint16_t alg_id;	      /* TPM_ALG_ID from the Spec ID table */
	uint16_t size;		      /* digest size from the Spec ID table */
	const struct digest_alg *alg; /* NULL when digest.h does not know the id */
	bool replayable;	      /* alg has an implementation (SM3-256 has none) */
};

struct eventlog_event {
	uint32_t offset;   /* of the record */
	uint32_t pcr;	   /* untrusted: not covered by any digest */
	uint32_t type;	   /* untrusted: not covered by any digest */
	uint32_t data_off; /* event data view */
	uint32_t data_len;
};

/* The Spec ID Event03 fields (PFP 1.05 section 10.4.5.1), when the log is crypto-agile. */
struct eventlog_specid {
	uint32_t pcr; /* 0 (PFP) or 1 (CCEL) */
	uint32_t platform_class;
	uint8_t version_minor, version_major, errata, uintn_size;
	uint32_t vendor_off, vendor_len;
};

struct eventlog {
	const uint8_t *base; /* the caller's bytes */
	size_t size;
	enum eventlog_format format;
	struct eventlog_specid specid; /* valid when format is AGILE */
	size_t nbanks;
	struct eventlog_bank banks[EVENTLOG_MAX_BANKS];
	size_t nevents;
	struct eventlog_event *events;
	/* nevents * nbanks offsets of each event's digest for each bank; UINT32_MAX when the
	 * event has none for that bank (only the SHA-1-format Spec ID record of an agile log). */
	uint32_t *digest_off;
	size_t end;	    /* offset after the last event */
	size_t padding_len; /* bytes after end, all equal to padding_byte */
	uint8_t padding_byte;
	uint8_t uintn_size; /* bytes in a UEFI UINTN: 4 or 8 (Spec ID uintnSize; 8 when absent) */
	bool has_startup_locality;
	uint8_t startup_locality; /* StartupLocality EV_NO_ACTION (PFP 10.4.5.3) */
	bool has_hcrtm;		  /* an EV_EFI_HCRTM_EVENT in PCR0 */
};

/* Parses the whole log. On failure out is left empty (nothing to free) and e says why. */
bool eventlog_parse(const uint8_t *p, size_t n, struct eventlog *out, struct err *e);
void eventlog_free(struct eventlog *log);

/* The digest of event i for bank b (log->banks[b].size bytes), or NULL. */
const uint8_t *eventlog_digest(const struct eventlog *log, size_t i, size_t b);
/* The index of the bank for alg_id, or -1. */
int eventlog_bank_index(const struct eventlog *log, uint16_t alg_id);
/* True when the event would be extended: not EV_NO_ACTION and pcr in 0-23. */
bool eventlog_event_extends(const struct eventlog_event *ev);

/* ---- replay (eventlog_replay.c) ---- */

struct pcr_bank {
	uint16_t alg_id;
	const struct digest_alg *alg; /* NULL when unknown */
	size_t size;
	bool replayed;		/* false when the bank has no hash implementation */
	uint32_t extended_mask; /* bit i: some event was extended into PCR i */
	uint8_t pcr[EVENTLOG_NUM_PCRS][DIGEST_MAX_SIZE];
};

struct pcr_banks {
	size_t nbanks;
	struct pcr_bank bank[EVENTLOG_MAX_BANKS];
	uint8_t pcr0_locality; /* initial last byte of PCR0: 4 (H-CRTM), StartupLocality, or 0 */
};

/* Replays every bank declared by the log from its initial PCR values (PC Client Platform TPM
 * Profile: 0-16 and 23 zero, 17-22 all ones, PCR0 ending in the locality byte); banks without
 * an implementation are reported with replayed = false, never an error. */
bool eventlog_replay(const struct eventlog *log, struct pcr_banks *out, struct err *e);

/* A value to compare with (e.g. from a quote). */
struct pcr_value {
	uint16_t alg_id;
	uint32_t pcr;
	const uint8_t *value;
	size_t size;
};

enum pcr_mismatch_kind {
	PCR_MISMATCH_VALUE = 1,	       /* replayed value differs */
	PCR_MISMATCH_NO_BANK = 2,      /* the log declares no such bank */
	PCR_MISMATCH_NOT_REPLAYED = 3, /* bank declared but without an implementation */
	PCR_MISMATCH_BAD_INDEX = 4,    /* pcr outside 0-23 */
	PCR_MISMATCH_BAD_SIZE = 5,     /* value size differs from the bank's digest size */
};

struct pcr_mismatch {
	uint16_t alg_id;
	uint32_t pcr;
	enum pcr_mismatch_kind kind;
};

/* Compares every given value; writes up to max mismatches and returns how many there are
 * in total (0 = all equal). Every mismatching PCR and bank is named, not just the first. */
size_t eventlog_compare(const struct pcr_banks *replayed, const struct pcr_value *given,
			size_t ngiven, struct pcr_mismatch *out, size_t max);
const char *eventlog_mismatch_name(enum pcr_mismatch_kind kind);

/* ---- type names (eventlog_types.c) ---- */

/* "EV_SEPARATOR", ...; NULL for a type the PFP does not name. */
const char *eventlog_type_name(uint32_t type);

#endif
