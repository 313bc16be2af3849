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
/* Longest path accepted for writing (with the temporary suffix). */
#define FILE_PATH_MAX 4096
/* Random bytes in a temporary name: 128 bits, not guessable. */
#define FILE_TMP_RANDOM 16

/*
 * Writes the bytes to path atomically, mode 0600: a new temporary "path.tmp.<32 hex>" (random
 * name from shell/rng.h, O_CREAT|O_EXCL|O_NOFOLLOW, so a symlink or file planted in a shared
 * directory is never followed or reused), fsync, rename over path, fsync of the directory.
 * On any failure the temporary (if this call created it) is unlinked and path is unchanged.
 * Errors: io/write_failed, io/path_too_long (usage), io/no_randomness (transient).
 */
bool file_write_atomic(const char *path, const void *data, size_t n, struct err *e);
/* All n bytes to an open descriptor, retrying short writes and EINTR; false with errno set
 * (EIO when write returned 0). */
bool file_write_fd(int fd, const void *data, size_t n);
/* The same with the temporary name given (the tests plant files at it). */
bool file_write_atomic_via(const char *path, const char *tmp, const void *data, size_t n,
			   struct err *e);

#endif
