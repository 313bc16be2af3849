/* Unit tests for src/shell/file_io.c: whole-file reads with a cap, atomic writes. */
#include "test_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shell/file_io.h"

static void test_file_read_all_reads_to_eof(void **state)
{
	(void)state;
	char path[] = "/tmp/attest-test-XXXXXX";
	int fd = mkstemp(path);
	struct buf b;
	struct err e;
	uint8_t big[200000];

	assert_true(fd >= 0);
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7);
	assert_int_equal(write(fd, big, sizeof(big)), sizeof(big));
	close(fd);
	buf_init(&b, 0);
	err_clear(&e);
	assert_true(file_read_all(path, sizeof(big), &b, &e));
	assert_int_equal(b.len, sizeof(big));
	assert_memory_equal(b.data, big, sizeof(big));
	/* exactly at the cap is fine; one byte over is an error, not a truncated read */
	assert_true(file_read_all(path, sizeof(big), &b, &e));
	assert_false(file_read_all(path, sizeof(big) - 1, &b, &e));
	assert_string_equal(e.reason, "too_large");
	assert_int_equal(e.cls, ERR_REJECT);
	buf_free(&b);
	unlink(path);
}

static void test_file_read_all_reads_unsized_streams(void **state)
{
	(void)state;
	/* A pipe reports no size, like securityfs: the buffer must grow to EOF. */
	int fds[2];
	struct buf b;
	struct err e;
	char path[64];
	uint8_t chunk[5000];

	assert_int_equal(pipe(fds), 0);
	memset(chunk, 'z', sizeof(chunk));
	assert_int_equal(write(fds[1], chunk, sizeof(chunk)), sizeof(chunk));
	close(fds[1]);
	snprintf(path, sizeof(path), "/dev/fd/%d", fds[0]);
	buf_init(&b, 0);
	err_clear(&e);
	assert_true(file_read_all(path, 1 << 20, &b, &e));
	assert_int_equal(b.len, sizeof(chunk));
	close(fds[0]);
	buf_free(&b);
}

static void test_file_read_all_reports_missing_file_as_usage(void **state)
{
	(void)state;
	struct buf b;
	struct err e;
	buf_init(&b, 0);
	err_clear(&e);
	assert_false(file_read_all("/nonexistent/attest/x", 100, &b, &e));
	assert_string_equal(e.layer, "io");
	assert_string_equal(e.reason, "open_failed");
	assert_int_equal(e.cls, ERR_USAGE);
	buf_free(&b);
}

static void test_file_write_atomic_round_trip(void **state)
{
	(void)state;
	char dir[] = "/tmp/attest-test-XXXXXX", path[256];
	struct buf b;
	struct err e;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out.jwt", dir);
	err_clear(&e);
	assert_true(file_write_atomic(path, "token", 5, &e));
	buf_init(&b, 0);
	assert_true(file_read_all(path, 100, &b, &e));
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "token", 5);
	buf_free(&b);
	unlink(path);
	rmdir(dir);
	assert_false(file_write_atomic("/nonexistent/dir/x", "a", 1, &e));
	assert_string_equal(e.reason, "write_failed");
}

/* A scratch directory with a victim file outside the write's target. */
struct scratch {
	char dir[64], path[128], victim[128];
};

static void scratch_make(struct scratch *s)
{
	FILE *f;

	snprintf(s->dir, sizeof(s->dir), "/tmp/attest-test-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->path, sizeof(s->path), "%s/token.jwt", s->dir);
	snprintf(s->victim, sizeof(s->victim), "%s/victim", s->dir);
	f = fopen(s->victim, "w");
	assert_non_null(f);
	fputs("victim", f);
	fclose(f);
}

/* Number of directory entries other than . and .. (temporaries left behind show up here). */
static int scratch_entries(const struct scratch *s)
{
	DIR *d = opendir(s->dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
	closedir(d);
	return n;
}

static void assert_file_is(const char *path, const char *content)
{
	struct buf b;
	struct err e;

	buf_init(&b, 0);
	assert_true(file_read_all(path, 100, &b, &e));
	assert_int_equal(b.len, strlen(content));
	assert_memory_equal(b.data, content, b.len);
	buf_free(&b);
}

static void scratch_remove(struct scratch *s)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
	assert_int_equal(system(cmd), 0);
}

/* A symlink planted at the temporary name is neither followed nor removed: the write fails,
 * the file it points to is unchanged, the target is not created. */
static void test_write_atomic_does_not_follow_symlink_at_temp_name(void **state)
{
	(void)state;
	struct scratch s;
	char tmp[192];
	struct err e;

	scratch_make(&s);
	snprintf(tmp, sizeof(tmp), "%s.tmp.planted", s.path);
	assert_int_equal(symlink(s.victim, tmp), 0);
	assert_false(file_write_atomic_via(s.path, tmp, "evil", 4, &e));
	assert_string_equal(e.reason, "write_failed");
	assert_file_is(s.victim, "victim");
	assert_int_equal(access(s.path, F_OK), -1);
	assert_int_equal(scratch_entries(&s), 2); /* victim and the attacker's link, nothing else */
	/* a plain file planted there is not reused either */
	assert_int_equal(unlink(tmp), 0);
	assert_int_equal(link(s.victim, tmp), 0);
	assert_false(file_write_atomic_via(s.path, tmp, "evil", 4, &e));
	assert_file_is(s.victim, "victim");
	scratch_remove(&s);
}

/* The old guessable name (path.tmp.PID) is not used: a symlink there is ignored. */
static void test_write_atomic_ignores_symlink_at_guessable_name(void **state)
{
	(void)state;
	struct scratch s;
	char guess[192];
	struct err e;

	scratch_make(&s);
	snprintf(guess, sizeof(guess), "%s.tmp.%ld", s.path, (long)getpid());
	assert_int_equal(symlink(s.victim, guess), 0);
	assert_true(file_write_atomic(s.path, "token", 5, &e));
	assert_file_is(s.path, "token");
	assert_file_is(s.victim, "victim");
	assert_int_equal(scratch_entries(&s), 3); /* victim, link, token: no temporary left */
	scratch_remove(&s);
}

/* Mode 0600 even under a permissive umask and over an existing 0644 file. */
static void test_write_atomic_mode_is_0600(void **state)
{
	(void)state;
	struct scratch s;
	struct stat st;
	struct err e;
	mode_t old = umask(0);

	scratch_make(&s);
	assert_int_equal(chmod(s.victim, 0644), 0);
	assert_true(file_write_atomic(s.victim, "new", 3, &e));
	umask(old);
	assert_int_equal(stat(s.victim, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_file_is(s.victim, "new");
	scratch_remove(&s);
}

/* A failing rename (the target is a non-empty directory) leaves no temporary behind. */
static void test_write_atomic_failure_leaves_no_temporary(void **state)
{
	(void)state;
	struct scratch s;
	char inner[192];
	struct err e;

	scratch_make(&s);
	assert_int_equal(mkdir(s.path, 0700), 0);
	snprintf(inner, sizeof(inner), "%s/x", s.path);
	assert_int_equal(symlink("/", inner), 0);
	assert_false(file_write_atomic(s.path, "token", 5, &e));
	assert_string_equal(e.layer, "io");
	assert_string_equal(e.reason, "write_failed");
	assert_int_equal(e.cls, ERR_USAGE);
	assert_int_equal(scratch_entries(&s), 2); /* victim and the directory only */
	scratch_remove(&s);
}

/* The target is replaced by rename: a new inode, readers of the old file keep the old bytes,
 * and a symlink at the target is replaced rather than written through. */
static void test_write_atomic_replaces_target_atomically(void **state)
{
	(void)state;
	struct scratch s;
	struct stat before, after;
	struct err e;
	char old[8] = {0};
	int fd;

	scratch_make(&s);
	assert_true(file_write_atomic(s.path, "old", 3, &e));
	assert_int_equal(stat(s.path, &before), 0);
	fd = open(s.path, O_RDONLY);
	assert_true(fd >= 0);
	assert_true(file_write_atomic(s.path, "newer", 5, &e));
	assert_int_equal(stat(s.path, &after), 0);
	assert_true(before.st_ino != after.st_ino);
	assert_int_equal(read(fd, old, sizeof(old)), 3);
	assert_string_equal(old, "old");
	close(fd);
	assert_file_is(s.path, "newer");
	assert_int_equal(unlink(s.path), 0);
	assert_int_equal(symlink(s.victim, s.path), 0);
	assert_true(file_write_atomic(s.path, "token", 5, &e));
	assert_int_equal(lstat(s.path, &after), 0);
	assert_true(S_ISREG(after.st_mode));
	assert_file_is(s.victim, "victim");
	assert_int_equal(scratch_entries(&s), 2);
	scratch_remove(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_file_read_all_reads_to_eof),
	    cmocka_unit_test(test_file_read_all_reads_unsized_streams),
	    cmocka_unit_test(test_file_read_all_reports_missing_file_as_usage),
	    cmocka_unit_test(test_file_write_atomic_round_trip),
	    cmocka_unit_test(test_write_atomic_does_not_follow_symlink_at_temp_name),
	    cmocka_unit_test(test_write_atomic_ignores_symlink_at_guessable_name),
	    cmocka_unit_test(test_write_atomic_mode_is_0600),
	    cmocka_unit_test(test_write_atomic_failure_leaves_no_temporary),
	    cmocka_unit_test(test_write_atomic_replaces_target_atomically),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
