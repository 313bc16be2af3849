/*
 * buf: a growable byte buffer with a hard maximum. Appends past the maximum
 * (or a failed allocation) set a sticky failure flag instead of growing, so
 * writers can append freely and check buf_ok() once at the end.
 */
#ifndef ATTEST_CORE_BUF_H
#define ATTEST_CORE_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
	uint8_t *data;
	size_t len;
	size_t cap;
	size_t max;
	bool failed;
};

void buf_init(struct buf *b, size_t max);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
bool buf_ok(const struct buf *b);
bool buf_append(struct buf *b, const void *p, size_t n);
/* Makes room for n more bytes (within max) without changing len; false when it cannot. */
bool buf_reserve(struct buf *b, size_t n);
bool buf_putc(struct buf *b, char c);
bool buf_puts(struct buf *b, const char *s);
/* NUL-terminates the contents (not counted in len) and returns them as a string. */
const char *buf_cstr(struct buf *b);

#endif
