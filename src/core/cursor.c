#include "core/cursor.h"

#include <string.h>

void cursor_init(struct cursor *c, const void *ptr, size_t len)
{
	static const uint8_t empty[1];
	/* Never keep NULL: even "NULL + 0" is undefined behaviour in C. */
	c->ptr = ptr ? ptr : empty;
	c->len = ptr ? len : 0;
	c->off = 0;
}

size_t cursor_left(const struct cursor *c)
{
	return c->len - c->off;
}

bool cursor_at_end(const struct cursor *c)
{
	return c->off == c->len;
}

uint16_t load_u16le(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

uint32_t load_u32le(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

uint64_t load_u64le(const uint8_t *p)
{
	return (uint64_t)load_u32le(p) | ((uint64_t)load_u32le(p + 4) << 32);
}

uint16_t load_u16be(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

uint32_t load_u32be(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) |
	       (uint32_t)p[3];
}

uint64_t load_u64be(const uint8_t *p)
{
	return ((uint64_t)load_u32be(p) << 32) | (uint64_t)load_u32be(p + 4);
}

void store_u16le(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void store_u32le(uint8_t *p, uint32_t v)
{
	store_u16le(p, (uint16_t)v);
	store_u16le(p + 2, (uint16_t)(v >> 16));
}

void store_u64le(uint8_t *p, uint64_t v)
{
	store_u32le(p, (uint32_t)v);
	store_u32le(p + 4, (uint32_t)(v >> 32));
}

void store_u16be(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

void store_u32be(uint8_t *p, uint32_t v)
{
	store_u16be(p, (uint16_t)(v >> 16));
	store_u16be(p + 2, (uint16_t)v);
}

bool cursor_bytes(struct cursor *c, size_t n, const uint8_t **out)
{
	if (n > cursor_left(c))
		return false;
	*out = c->ptr + c->off;
	c->off += n;
	return true;
}

bool cursor_copy(struct cursor *c, void *dst, size_t n)
{
	const uint8_t *p;
	if (!cursor_bytes(c, n, &p))
		return false;
	if (n)
		memcpy(dst, p, n);
	return true;
}

bool cursor_skip(struct cursor *c, size_t n)
{
	const uint8_t *p;
	return cursor_bytes(c, n, &p);
}

bool cursor_sub(struct cursor *c, size_t n, struct cursor *sub)
{
	const uint8_t *p;
	if (!cursor_bytes(c, n, &p))
		return false;
	cursor_init(sub, p, n);
	return true;
}

bool cursor_u16be_sized(struct cursor *c, size_t max, const uint8_t **p, size_t *n)
{
	struct cursor t = *c;
	uint16_t sz;

	if (!cursor_u16be(&t, &sz) || sz > max || !cursor_bytes(&t, sz, p))
		return false;
	*n = sz;
	*c = t;
	return true;
}

bool cursor_peek_eq(const struct cursor *c, const void *want, size_t n)
{
	return n <= cursor_left(c) && memcmp(c->ptr + c->off, want, n) == 0;
}

bool cursor_rest_all(const struct cursor *c, uint8_t b)
{
	for (size_t i = c->off; i < c->len; i++)
		if (c->ptr[i] != b)
			return false;
	return true;
}

/* Each fixed-size integer read: bounds check first, then an explicit-endian load. */
bool cursor_u8(struct cursor *c, uint8_t *v)
{
	const uint8_t *p;
	if (!cursor_bytes(c, 1, &p))
		return false;
	*v = p[0];
	return true;
}

bool cursor_u16le(struct cursor *c, uint16_t *v)
{
	const uint8_t *p;
	if (!cursor_bytes(c, 2, &p))
		return false;
	*v = load_u16le(p);
	return true;
}

bool cursor_u32le(struct cursor *c, uint32_t *v)
{
	const uint8_t *p;
	if (!cursor_bytes(c, 4, &p))
		return false;
	*v = load_u32le(p);
	return true;
}

bool cursor_u64le(struct cursor *c, uint64_t *v)
{
	const uint8_t *p;
	if (!cursor_bytes(c, 8, &p))
		return false;
	*v = load_u64le(p);
	return true;
}

bool cursor_u16be(struct cursor *c, uint16_t *v)
{
	const uint8_t *p;
	if (!cursor_bytes(c, 2, &p))
		return false;
	*v = load_u16be(p);
	return true;
}

bool cursor_u32be(struct cursor *c, uint32_t *v)
{
	const uint8_t *p;
	if (!cursor_bytes(c, 4, &p))
		return false;
	*v = load_u32be(p);
	return true;
}

bool cursor_u64be(struct cursor *c, uint64_t *v)
{
	const uint8_t *p;
	if (!cursor_bytes(c, 8, &p))
		return false;
	*v = load_u64be(p);
	return true;
}
