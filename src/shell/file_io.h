/*
 * file_io: the edge where files enter the program. Files are read whole, to
 * EOF, in chunks (securityfs files report size 0 and must never be parsed in
 * place), and never beyond a caller-given cap. "-" means standard input.
 */
#ifndef ATTEST_SHELL_FILE_IO_H
#define ATTEST_SHELL_FILE_IO_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

/* out must be initialised (buf_init) by the caller; its max is raised to cap. */
bool file_read_all(const char *path, size_t cap, struct buf *out, struct err *e);
/* Writes the bytes to path atomically (temporary file + rename), mode 0600. */
bool file_write_atomic(const char *path, const void *data, size_t n, struct err *e);

#endif
