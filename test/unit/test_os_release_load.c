/*
 * Unit tests for src/shell/os_release_load.c: the host's os-release file to the request's OS
 * fields. Files are written to a temporary directory.
 *
 * What it proves: a real Ubuntu file gives Linux / Ubuntu / 22.4 / NotApplication (known
 * answer, as Microsoft's client sends them); a file without NAME or VERSION_ID is refused as
 * incomplete (exit 2), never filled in; a missing file, a file over the cap, a syntax error
 * and a zero major version each fail with their reason and leave the fields empty.
 */
#include "test_util.h"

#include <unistd.h>

#include "shell/os_release_load.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/attest-osrel-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *put(const char *name, const void *text, size_t n)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, n, f), n);
	fclose(f);
	return path;
}

static const char *load(const char *path, struct maa_os *os)
{
	static char reason[64];
	struct os_release storage;
	struct err e;

	err_clear(&e);
	if (os_release_load(path, &storage, os, &e))
		return "ok";
	assert_null(os->distro);
	assert_null(os->type);
	snprintf(reason, sizeof(reason), "%s/%d", e.reason, (int)e.cls);
	return reason;
}

static void test_ubuntu_gives_the_fields_microsofts_client_sends(void **state)
{
	static const char ubuntu[] =
	    "PRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\nNAME=\"Ubuntu\"\n"
	    "VERSION_ID=\"22.04\"\nVERSION=\"22.04.4 LTS (Jammy Jellyfish)\"\n"
	    "ID=ubuntu\nID_LIKE=debian\n";
	struct os_release storage;
	struct maa_os os;
	struct err e;

	(void)state;
	assert_true(os_release_load(put("ubuntu", ubuntu, strlen(ubuntu)), &storage, &os, &e));
	assert_string_equal(os.type, "Linux");
	assert_string_equal(os.distro, "Ubuntu");
	assert_string_equal(os.build, "NotApplication");
	assert_int_equal(os.version_major, 22);
	assert_int_equal(os.version_minor, 4);
}

static void test_missing_name_or_version_is_incomplete(void **state)
{
	static const char arch[] = "NAME=\"Arch Linux\"\nID=arch\nBUILD_ID=rolling\n";
	static const char noname[] = "ID=debian\nVERSION_ID=\"12\"\n";
	struct maa_os os;

	(void)state;
	assert_string_equal(load(put("arch", arch, strlen(arch)), &os), "os_release_incomplete/2");
	assert_string_equal(load(put("noname", noname, strlen(noname)), &os),
			    "os_release_incomplete/2");
}

static void test_unreadable_oversized_or_bad_files_are_refused(void **state)
{
	static const char syntax[] = "NAME=\"Ubuntu\nVERSION_ID=22.04\n";
	static const char zero[] = "NAME=Ubuntu\nVERSION_ID=0.1\n";
	char *big = malloc(OS_RELEASE_MAX_TEXT + 1);
	char path[128];
	struct maa_os os;

	(void)state;
	assert_non_null(big);
	snprintf(path, sizeof(path), "%s/absent", dir);
	assert_string_equal(load(path, &os), "open_failed/2");
	memset(big, '#', OS_RELEASE_MAX_TEXT + 1);
	big[OS_RELEASE_MAX_TEXT] = '\n';
	assert_string_equal(load(put("big", big, OS_RELEASE_MAX_TEXT + 1), &os), "too_large/1");
	free(big);
	assert_string_equal(load(put("syntax", syntax, strlen(syntax)), &os),
			    "os_release_syntax/1");
	assert_string_equal(load(put("zero", zero, strlen(zero)), &os), "os_release_bad_version/1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ubuntu_gives_the_fields_microsofts_client_sends),
	    cmocka_unit_test(test_missing_name_or_version_is_incomplete),
	    cmocka_unit_test(test_unreadable_oversized_or_bad_files_are_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
