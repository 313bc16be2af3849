/* Unit tests for src/shell/file_io.c: whole-file reads with a cap, atomic writes. */
#include "test_util.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_file_read_all_reads_to_eof),
	    cmocka_unit_test(test_file_read_all_reads_unsized_streams),
	    cmocka_unit_test(test_file_read_all_reports_missing_file_as_usage),
	    cmocka_unit_test(test_file_write_atomic_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
