#include "core/buf.h"

#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b, b->max);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->failed = false;
}

bool buf_ok(const struct buf *b)
{
	return !b->failed;
}

/* Room for need more bytes plus a NUL, within max. */
bool buf_reserve(struct buf *b, size_t need)
{
	size_t want, ncap;
	uint8_t *p;

	if (b->failed)
		return false;
	if (need > b->max - b->len || b->len + need == SIZE_MAX) {
		b->failed = true;
		return false;
	}
	want = b->len + need + 1;
	if (want <= b->cap)
		return true;
	/* A first reservation is taken as asked (a file's size, a size hint); growth doubles. */
	ncap = b->cap ? b->cap : (want > 256 ? want : 256);
	while (ncap < want)
		ncap = ncap > SIZE_MAX / 2 ? want : ncap * 2;
	if (ncap - 1 > b->max) /* not "> max + 1": max may be SIZE_MAX */
		ncap = b->max + 1;
	p = realloc(b->data, ncap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = ncap;
	return true;
}

bool buf_append(struct buf *b, const void *p, size_t n)
{
	if (!buf_reserve(b, n))
		return false;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	return true;
}

bool buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

bool buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

const char *buf_cstr(struct buf *b)
{
	if (!buf_reserve(b, 0))
		return NULL;
	b->data[b->len] = '\0';
	return (const char *)b->data;
}
