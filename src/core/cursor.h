/*
 * cursor: the one bounds-checked reader for all binary parsing.
 *
 * A cursor is a window (ptr, len) over caller-owned bytes plus a read offset.
 * Every read checks what remains before touching memory and advances only on
 * success, so a failed read leaves the cursor where it was. Integers are read
 * with explicit byte order; no struct is ever overlaid on input bytes.
 */
#ifndef ATTEST_CORE_CURSOR_H
#define ATTEST_CORE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cursor {
	const uint8_t *ptr;
	size_t len;
	size_t off;
};

void cursor_init(struct cursor *c, const void *ptr, size_t len);
size_t cursor_left(const struct cursor *c);
bool cursor_at_end(const struct cursor *c);

bool cursor_u8(struct cursor *c, uint8_t *v);
bool cursor_u16le(struct cursor *c, uint16_t *v);
bool cursor_u32le(struct cursor *c, uint32_t *v);
bool cursor_u64le(struct cursor *c, uint64_t *v);
bool cursor_u16be(struct cursor *c, uint16_t *v);
bool cursor_u32be(struct cursor *c, uint32_t *v);
bool cursor_u64be(struct cursor *c, uint64_t *v);

/* Points *out at the next n bytes (inside the caller's buffer) and advances. */
bool cursor_bytes(struct cursor *c, size_t n, const uint8_t **out);
bool cursor_copy(struct cursor *c, void *dst, size_t n);
bool cursor_skip(struct cursor *c, size_t n);
/* Carves the next n bytes into an independent sub-cursor and advances. */
bool cursor_sub(struct cursor *c, size_t n, struct cursor *sub);
/* A u16 big-endian size then that many bytes, size <= max: the TPM2B shape (TPM 2.0 Part 2,
 * 10.4). Points *p at the bytes and advances past both, or fails without advancing. */
bool cursor_u16be_sized(struct cursor *c, size_t max, const uint8_t **p, size_t *n);
/* True when the next n bytes equal want (does not advance). */
bool cursor_peek_eq(const struct cursor *c, const void *want, size_t n);
/* True when every remaining byte equals b (an empty rest is true). */
bool cursor_rest_all(const struct cursor *c, uint8_t b);

/* Explicit-endian loads and stores for already-bounded buffers. */
uint16_t load_u16le(const uint8_t *p);
uint32_t load_u32le(const uint8_t *p);
uint64_t load_u64le(const uint8_t *p);
uint16_t load_u16be(const uint8_t *p);
uint32_t load_u32be(const uint8_t *p);
uint64_t load_u64be(const uint8_t *p);
void store_u16le(uint8_t *p, uint16_t v);
void store_u32le(uint8_t *p, uint32_t v);
void store_u64le(uint8_t *p, uint64_t v);
void store_u16be(uint8_t *p, uint16_t v);
void store_u32be(uint8_t *p, uint32_t v);

#endif
