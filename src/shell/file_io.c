#include "shell/file_io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool file_read_all(const char *path, size_t cap, struct buf *out, struct err *e)
{
	struct stat st;
	int fd;
	bool is_stdin = strcmp(path, "-") == 0;

	buf_reset(out);
	out->max = cap;
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_setc(e, ERR_USAGE, "io", "open_failed", ERR_NO_OFFSET, "%s: %s", path,
				strerror(errno));
	/* The size of a regular file is only a hint for one allocation; reading
	 * still goes to EOF (securityfs files say 0 and are produced in chunks). */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size <= cap)
		(void)buf_reserve(out, (size_t)st.st_size);
	for (;;) {
		size_t room = out->cap ? out->cap - 1 - out->len : 0; /* buf keeps a NUL byte */
		ssize_t k;
		if (room == 0 || out->len == cap) {
			/* Buffer full: a one-byte read tells EOF from "grow" (or over the cap). */
			uint8_t probe;
			k = read(fd, &probe, 1);
			if (k < 0 && errno == EINTR)
				continue;
			if (k == 0)
				break;
			if (k > 0 && buf_append(out, &probe, 1))
				continue;
			if (!is_stdin)
				close(fd);
			if (k < 0)
				return err_setc(e, ERR_USAGE, "io", "read_failed", ERR_NO_OFFSET,
						"%s: %s", path, strerror(errno));
			if (out->len == cap)
				return err_set(e, "io", "too_large", ERR_NO_OFFSET,
					       "%s: larger than the %zu-byte limit", path, cap);
			return err_set(e, "io", "out_of_memory", ERR_NO_OFFSET, "%s", path);
		}
		if (room > cap - out->len)
			room = cap - out->len;
		k = read(fd, out->data + out->len, room);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			int saved = errno;
			if (!is_stdin)
				close(fd);
			return err_setc(e, ERR_USAGE, "io", "read_failed", ERR_NO_OFFSET, "%s: %s",
					path, strerror(saved));
		}
		if (k == 0)
			break;
		out->len += (size_t)k;
	}
	if (!is_stdin)
		close(fd);
	return true;
}

bool file_write_atomic(const char *path, const void *data, size_t n, struct err *e)
{
	char tmp[4096];
	const uint8_t *p = data;
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof(tmp))
		return err_setc(e, ERR_USAGE, "io", "path_too_long", ERR_NO_OFFSET, "%s", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return err_setc(e, ERR_USAGE, "io", "write_failed", ERR_NO_OFFSET, "%s: %s", path,
				strerror(errno));
	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			int saved = errno;
			close(fd);
			unlink(tmp);
			return err_setc(e, ERR_USAGE, "io", "write_failed", ERR_NO_OFFSET, "%s: %s",
					path, strerror(saved));
		}
		p += k;
		n -= (size_t)k;
	}
	if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
		int saved = errno;
		unlink(tmp);
		return err_setc(e, ERR_USAGE, "io", "write_failed", ERR_NO_OFFSET, "%s: %s", path,
				strerror(saved));
	}
	return true;
}
