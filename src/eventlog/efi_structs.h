/*
 * efi_structs: bounded readers for the UEFI structures found inside event data: GUIDs
 * (EFI mixed-endian layout), UTF-16LE strings, device paths (UEFI 2.10, 10.3) and
 * EFI_SIGNATURE_LIST chains (UEFI 2.10, 32.4.1). Every length is checked against the bytes
 * that remain; nothing here allocates except into a caller's bounded struct buf.
 */
#ifndef ATTEST_EVENTLOG_EFI_STRUCTS_H
#define ATTEST_EVENTLOG_EFI_STRUCTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define EFI_GUID_SIZE	  16
#define EFI_GUID_STR_SIZE 37 /* 36 characters and a NUL */

/* "8be4df61-93ca-11d2-aa0d-00e098032b8c": first three fields little-endian (UEFI 2.10, App. A). */
void efi_guid_format(const uint8_t *g, char out[EFI_GUID_STR_SIZE]);

/* Appends UTF-16LE (nbytes, even) as UTF-8; unpaired surrogates become U+FFFD. Stops at the
 * first NUL code unit when stop_at_nul. False when out overflows its cap. */
bool efi_utf16_to_utf8(const uint8_t *p, size_t nbytes, bool stop_at_nul, struct buf *out);
/* True when the UTF-16LE text (nbytes) equals the ASCII string exactly. */
bool efi_utf16_eq_ascii(const uint8_t *p, size_t nbytes, const char *ascii);
/* True when nbytes is even, non-zero, and every code unit is printable ASCII or a trailing
 * NUL: the heuristic that tells a UTF-16 string from binary data. */
bool efi_looks_utf16_ascii(const uint8_t *p, size_t nbytes);
/* True when every byte is printable ASCII (0x20-0x7E, tab, newline) apart from trailing NULs. */
bool efi_looks_ascii(const uint8_t *p, size_t n);

/* Device path (UEFI 2.10, 10.3.1): nodes {type u8, subtype u8, length u16 >= 4} ending with
 * an end-of-entire-path node (0x7F/0xFF). */
struct efi_device_path_info {
	bool valid;
	const char *why; /* when not valid */
	size_t nodes;
	const uint8_t *file; /* first media file-path node (4/4) text, UTF-16LE, or NULL */
	size_t file_len;
};
void efi_device_path_walk(const uint8_t *p, size_t n, struct efi_device_path_info *out);

/* EFI_SIGNATURE_LIST chain: every list's header is skipped (GHSA-9r4w-jg96-92mv), sizes
 * are bounded by the list and by the data. */
struct efi_siglist_info {
	bool valid;
	const char *why;
	size_t lists;
	size_t x509, sha256, sha1, other; /* signature entries by list type */
};
void efi_siglist_walk(const uint8_t *p, size_t n, struct efi_siglist_info *out);

extern const uint8_t efi_guid_global_variable[EFI_GUID_SIZE]; /* 8be4df61-93ca-11d2-... */
extern const uint8_t efi_guid_image_security[EFI_GUID_SIZE];  /* d719b2cb-3d3a-4596-... */
extern const uint8_t efi_guid_shim_lock[EFI_GUID_SIZE];	      /* 605dab50-e046-4300-... */

#endif
