#include "eventlog/efi_structs.h"

#include <string.h>

#include "core/cursor.h"
#include "core/utf8.h"

/* EFI_GLOBAL_VARIABLE (UEFI 2.10, 3.3), EFI_IMAGE_SECURITY_DATABASE_GUID (32.6.1), shim's
 * SHIM_LOCK_GUID (rhboot/shim). Stored in the on-disk byte layout. */
const uint8_t efi_guid_global_variable[EFI_GUID_SIZE] = {
    0x61, 0xdf, 0xe4, 0x8b, 0xca, 0x93, 0xd2, 0x11, 0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03, 0x2b, 0x8c};
const uint8_t efi_guid_image_security[EFI_GUID_SIZE] = {
    0xcb, 0xb2, 0x19, 0xd7, 0x3a, 0x3d, 0x96, 0x45, 0xa3, 0xbc, 0xda, 0xd0, 0x0e, 0x67, 0x65, 0x6f};
const uint8_t efi_guid_shim_lock[EFI_GUID_SIZE] = {0x50, 0xab, 0x5d, 0x60, 0x46, 0xe0, 0x00, 0x43,
						   0xab, 0xb6, 0x3d, 0xd8, 0x10, 0xdd, 0x8b, 0x23};
/* EFI_CERT_X509_GUID, EFI_CERT_SHA256_GUID, EFI_CERT_SHA1_GUID (UEFI 2.10, 32.4.1). */
static const uint8_t cert_x509[EFI_GUID_SIZE] = {0xa1, 0x59, 0xc0, 0xa5, 0xe4, 0x94, 0xa7, 0x4a,
						 0x87, 0xb5, 0xab, 0x15, 0x5c, 0x2b, 0xf0, 0x72};
static const uint8_t cert_sha256[EFI_GUID_SIZE] = {0x26, 0x16, 0xc4, 0xc1, 0x4c, 0x50, 0x92, 0x40,
						   0xac, 0xa9, 0x41, 0xf9, 0x36, 0x93, 0x43, 0x28};
static const uint8_t cert_sha1[EFI_GUID_SIZE] = {0x12, 0xa5, 0x6c, 0x82, 0x10, 0xcf, 0xc9, 0x4a,
						 0xb1, 0x87, 0xbe, 0x01, 0x49, 0x66, 0x31, 0xbd};

void efi_guid_format(const uint8_t *g, char out[EFI_GUID_STR_SIZE])
{
	static const char hexd[] = "0123456789abcdef";
	/* Byte order of each printed position: Data1..3 little-endian, Data4 as stored. */
	static const uint8_t order[EFI_GUID_SIZE] = {3, 2, 1,  0,  5,  4,  7,  6,
						     8, 9, 10, 11, 12, 13, 14, 15};
	size_t k = 0;
	for (size_t i = 0; i < EFI_GUID_SIZE; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hexd[g[order[i]] >> 4];
		out[k++] = hexd[g[order[i]] & 15];
	}
	out[k] = '\0';
}

/* Appends cp as UTF-8 (RFC 3629; core/utf8). */
static void put_utf8(struct buf *out, uint32_t cp)
{
	uint8_t b[4];
	buf_append(out, b, utf8_encode(cp, b));
}

bool efi_utf16_to_utf8(const uint8_t *p, size_t nbytes, bool stop_at_nul, struct buf *out)
{
	size_t i = 0;
	while (i + 1 < nbytes) {
		uint32_t u = load_u16le(p + i);
		i += 2;
		if (u == 0 && stop_at_nul)
			break;
		if (u >= 0xD800 && u <= 0xDBFF && i + 1 < nbytes) {
			uint32_t lo = load_u16le(p + i);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				i += 2;
				put_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
				continue;
			}
		}
		if (u >= 0xD800 && u <= 0xDFFF)
			u = 0xFFFD;
		put_utf8(out, u);
	}
	return buf_ok(out);
}

bool efi_utf16_eq_ascii(const uint8_t *p, size_t nbytes, const char *ascii)
{
	size_t n = strlen(ascii);
	if (nbytes != 2 * n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (p[2 * i] != (uint8_t)ascii[i] || p[2 * i + 1] != 0)
			return false;
	return true;
}

static bool printable(uint8_t c)
{
	return (c >= 0x20 && c <= 0x7E) || c == '\t' || c == '\n' || c == '\r';
}

bool efi_looks_utf16_ascii(const uint8_t *p, size_t nbytes)
{
	size_t i = 0;
	if (nbytes < 2 || nbytes % 2 != 0)
		return false;
	for (; i < nbytes && !(p[i] == 0 && p[i + 1] == 0); i += 2)
		if (p[i + 1] != 0 || !printable(p[i]))
			return false;
	if (i == 0)
		return false;
	for (; i < nbytes; i++)
		if (p[i] != 0)
			return false;
	return true;
}

bool efi_looks_ascii(const uint8_t *p, size_t n)
{
	size_t i = 0;
	for (; i < n && p[i] != 0; i++)
		if (!printable(p[i]))
			return false;
	for (; i < n; i++)
		if (p[i] != 0)
			return false;
	return true;
}

/* UEFI 2.10, 10.3.1 EFI_DEVICE_PATH_PROTOCOL node header; 10.3.5.4 file path media node. */
#define DP_END_TYPE	   0x7F
#define DP_END_ENTIRE	   0xFF
#define DP_MEDIA_TYPE	   0x04
#define DP_MEDIA_FILE_PATH 0x04
#define DP_NODE_HEADER	   4

void efi_device_path_walk(const uint8_t *p, size_t n, struct efi_device_path_info *out)
{
	struct cursor c;
	memset(out, 0, sizeof(*out));
	cursor_init(&c, p, n);
	for (;;) {
		uint8_t type, sub;
		uint16_t len;
		const uint8_t *body;
		if (!cursor_u8(&c, &type) || !cursor_u8(&c, &sub) || !cursor_u16le(&c, &len)) {
			out->why = "truncated_node";
			return;
		}
		if (len < DP_NODE_HEADER || !cursor_bytes(&c, len - DP_NODE_HEADER, &body)) {
			out->why = "bad_node_length";
			return;
		}
		out->nodes++;
		if (type == DP_MEDIA_TYPE && sub == DP_MEDIA_FILE_PATH && !out->file) {
			out->file = body;
			out->file_len = (size_t)(len - DP_NODE_HEADER) & ~(size_t)1;
		}
		if (type == DP_END_TYPE && sub == DP_END_ENTIRE)
			break;
	}
	if (!cursor_at_end(&c)) {
		out->why = "bytes_after_end_node";
		return;
	}
	out->valid = true;
}

/* UEFI 2.10, 32.4.1 EFI_SIGNATURE_LIST: SignatureType GUID, SignatureListSize u32,
 * SignatureHeaderSize u32, SignatureSize u32, SignatureHeader, Signatures[]; each
 * EFI_SIGNATURE_DATA is SignatureOwner GUID then SignatureSize - 16 bytes. */
#define SIGLIST_HEADER 28

void efi_siglist_walk(const uint8_t *p, size_t n, struct efi_siglist_info *out)
{
	struct cursor c;
	memset(out, 0, sizeof(*out));
	cursor_init(&c, p, n);
	while (!cursor_at_end(&c)) {
		const uint8_t *type;
		uint32_t list_size, hdr_size, sig_size;
		size_t body, count;
		if (!cursor_bytes(&c, EFI_GUID_SIZE, &type) || !cursor_u32le(&c, &list_size) ||
		    !cursor_u32le(&c, &hdr_size) || !cursor_u32le(&c, &sig_size)) {
			out->why = "truncated_list_header";
			return;
		}
		if (list_size < SIGLIST_HEADER || list_size - SIGLIST_HEADER > cursor_left(&c)) {
			out->why = "bad_list_size";
			return;
		}
		body = list_size - SIGLIST_HEADER;
		if (hdr_size > body || sig_size < EFI_GUID_SIZE ||
		    (body - hdr_size) % sig_size != 0) {
			out->why = "bad_signature_size";
			return;
		}
		count = (body - hdr_size) / sig_size;
		(void)cursor_skip(&c, body); /* header skipped and entries counted, never parsed */
		if (memcmp(type, cert_x509, EFI_GUID_SIZE) == 0)
			out->x509 += count;
		else if (memcmp(type, cert_sha256, EFI_GUID_SIZE) == 0)
			out->sha256 += count;
		else if (memcmp(type, cert_sha1, EFI_GUID_SIZE) == 0)
			out->sha1 += count;
		else
			out->other += count;
		out->lists++;
	}
	out->valid = true;
}
