#include "shell/file_io.h"

#include "core/hex.h"
#include "shell/rng.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum read_step { READ_MORE, READ_EOF, READ_FAILED };

/* The buffer is full: a one-byte read tells EOF from "grow" (or from over the cap). */
static enum read_step probe_step(int fd, const char *path, size_t cap, struct buf *out,
				 struct err *e)
{
	uint8_t probe;
	ssize_t k = read(fd, &probe, 1);

	if (k < 0 && errno == EINTR)
		return READ_MORE;
	if (k == 0)
		return READ_EOF;
	if (k > 0 && buf_append(out, &probe, 1))
		return READ_MORE;
	if (k < 0)
		err_fail(e, R_IO_READ_FAILED, ERR_NO_OFFSET, "%s: %s", path, strerror(errno));
	else if (out->len == cap)
		err_fail(e, R_IO_TOO_LARGE, ERR_NO_OFFSET, "%s: larger than the %zu-byte limit",
			 path, cap);
	else
		err_fail(e, R_IO_OUT_OF_MEMORY, ERR_NO_OFFSET, "%s", path);
	return READ_FAILED;
}

/* One read(2) into out's free room, never past cap. */
static enum read_step read_step(int fd, const char *path, size_t cap, struct buf *out,
				struct err *e)
{
	size_t room = out->cap ? out->cap - 1 - out->len : 0; /* buf keeps a NUL byte */
	ssize_t k;

	if (room == 0 || out->len == cap)
		return probe_step(fd, path, cap, out, e);
	if (room > cap - out->len)
		room = cap - out->len;
	k = read(fd, out->data + out->len, room);
	if (k < 0 && errno == EINTR)
		return READ_MORE;
	if (k < 0) {
		err_fail(e, R_IO_READ_FAILED, ERR_NO_OFFSET, "%s: %s", path, strerror(errno));
		return READ_FAILED;
	}
	if (k == 0)
		return READ_EOF;
	out->len += (size_t)k;
	return READ_MORE;
}

bool file_read_all(const char *path, size_t cap, struct buf *out, struct err *e)
{
	struct stat st;
	int fd;
	bool is_stdin = strcmp(path, "-") == 0;
	enum read_step step;

	buf_reset(out);
	out->max = cap;
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_fail(e, R_IO_OPEN_FAILED, ERR_NO_OFFSET, "%s: %s", path,
				strerror(errno));
	/* The size of a regular file is only a hint for one allocation; reading
	 * still goes to EOF (securityfs files say 0 and are produced in chunks). */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size <= cap)
		(void)buf_reserve(out, (size_t)st.st_size);
	do
		step = read_step(fd, path, cap, out, e);
	while (step == READ_MORE);
	if (!is_stdin)
		close(fd);
	return step == READ_EOF;
}

/* Unlinks tmp and fails with write_failed (errno saved by the caller). */
static bool write_fail(const char *path, const char *tmp, int fd, int saved, struct err *e)
{
	if (fd >= 0)
		close(fd);
	if (tmp)
		unlink(tmp);
	return err_fail(e, R_IO_WRITE_FAILED, ERR_NO_OFFSET, "%s: %s", path, strerror(saved));
}

/* fsync(2) of the directory holding path, so that the rename itself is durable. */
static int fsync_parent(const char *path)
{
	char dir[FILE_PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, rc = 0;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (fsync(fd) != 0)
		rc = errno;
	close(fd);
	return rc;
}

bool file_write_fd(int fd, const void *data, size_t n)
{
	const uint8_t *p = data;

	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k == 0)
			errno = EIO;
		if (k <= 0)
			return false;
		p += k;
		n -= (size_t)k;
	}
	return true;
}

bool file_write_atomic_via(const char *path, const char *tmp, const void *data, size_t n,
			   struct err *e)
{
	int fd, rc;

	/* O_EXCL|O_NOFOLLOW: never open what someone planted at tmp (a symlink or a file) in a
	 * shared directory; only the file created here is written, and only it is unlinked. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return write_fail(path, NULL, -1, errno, e);
	/* 0600 whatever the umask: the token and decrypted keys are secrets. */
	if (fchmod(fd, 0600) != 0)
		return write_fail(path, tmp, fd, errno, e);
	if (!file_write_fd(fd, data, n))
		return write_fail(path, tmp, fd, errno, e);
	if (fsync(fd) != 0)
		return write_fail(path, tmp, fd, errno, e);
	if (close(fd) != 0)
		return write_fail(path, tmp, -1, errno, e);
	/* rename(2) replaces path atomically (a symlink at path is replaced, not followed). */
	if (rename(tmp, path) != 0)
		return write_fail(path, tmp, -1, errno, e);
	rc = fsync_parent(path);
	if (rc != 0)
		return write_fail(path, NULL, -1, rc, e);
	return true;
}

bool file_write_atomic(const char *path, const void *data, size_t n, struct err *e)
{
	char tmp[FILE_PATH_MAX];
	uint8_t r[FILE_TMP_RANDOM];
	char hex[2 * FILE_TMP_RANDOM + 1];

	/* An unpredictable name: nobody can prepare the temporary before it exists. */
	if (!rng_bytes(r, sizeof(r), e))
		return false;
	hex_encode(r, sizeof(r), hex);
	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%s", path, hex) >= (int)sizeof(tmp))
		return err_fail(e, R_IO_PATH_TOO_LONG, ERR_NO_OFFSET, "%s", path);
	return file_write_atomic_via(path, tmp, data, n, e);
}
