/*
 * The Azure Attestation (AzureGuest) emulator (test/provider/maa_emulator.py) for unit tests
 * that talk to it: started once per test file on free loopback ports, its state in a fresh
 * /tmp directory, stopped and removed at the end. Skipped (up stays false) when
 * /usr/bin/python3 has no cryptography module; an emulator that is installed but does not
 * start is a failure, not a skip.
 */
#ifndef ATTEST_TEST_EMULATOR_FIXTURE_H
#define ATTEST_TEST_EMULATOR_FIXTURE_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"

#define EMULATOR_DNS_NAME "maa.attest.test"
#define EMULATOR_PIDF	  "emu.pid"

struct emulator_fixture {
	bool up;
	char dir[64];
	unsigned https, ctl, thim; /* the ports of its listeners */
};

/* Waits up to 40 s for a non-empty file (the emulator generates its PKI first). */
static inline bool emulator_wait_file(const char *path)
{
	struct stat st;
	for (int i = 0; i < 400; i++) {
		if (stat(path, &st) == 0 && st.st_size > 0)
			return true;
		usleep(100000);
	}
	return false;
}

/* The number after "key": in text, 0 when absent. */
static inline unsigned emulator_json_port(const char *text, const char *key)
{
	char pat[32];
	const char *p;
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(text, pat);
	return p ? (unsigned)strtoul(p + strlen(pat), NULL, 10) : 0;
}

/* SIGTERM to the pid written in dir/name, if any. */
static inline void emulator_kill_pidfile(const char *dir, const char *name)
{
	char path[256];
	uint8_t *t;
	size_t n;
	long pid;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	t = test_read_file(path, &n);
	if (!t)
		return;
	t[n ? n - 1 : 0] = '\0';
	pid = strtol((const char *)t, NULL, 10);
	free(t);
	if (pid > 1)
		kill((pid_t)pid, SIGTERM);
}

/* dir_template: "/tmp/attest-<name>-XXXXXX". 0: started (fx->up) or skipped; -1: broken. */
static inline int emulator_fixture_start(struct emulator_fixture *fx, const char *dir_template)
{
	char cmd[1024], path[256];
	uint8_t *t;
	size_t n;

	if (system("/usr/bin/python3 -c 'import cryptography' >/dev/null 2>&1") != 0)
		return 0;
	snprintf(fx->dir, sizeof(fx->dir), "%s", dir_template);
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(cmd, sizeof(cmd),
		 "/usr/bin/python3 test/provider/maa_emulator.py --state-dir '%s/emu' "
		 "--ak-roots test/tpm/certs/roots.pem --dns-name " EMULATOR_DNS_NAME
		 " --ports-file '%s/ports.json' --idle-timeout 120 >'%s/emu.out' 2>'%s/emu.log' "
		 "& echo $! >'%s/" EMULATOR_PIDF "'",
		 fx->dir, fx->dir, fx->dir, fx->dir, fx->dir);
	if (system(cmd) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/ports.json", fx->dir);
	if (!emulator_wait_file(path)) {
		fprintf(stderr, "# emulator did not start: see %s/emu.log\n", fx->dir);
		return -1; /* installed but broken: fail, do not skip */
	}
	t = test_read_file(path, &n);
	if (!t)
		return -1;
	t = realloc(t, n + 1);
	if (!t)
		return -1;
	t[n] = '\0';
	fx->https = emulator_json_port((const char *)t, "https");
	fx->ctl = emulator_json_port((const char *)t, "control");
	fx->thim = emulator_json_port((const char *)t, "thim");
	free(t);
	fx->up = fx->https && fx->ctl && fx->thim;
	return fx->up ? 0 : -1;
}

/* Stops the emulator and removes its directory (after the caller stopped its own servers). */
static inline int emulator_fixture_stop(struct emulator_fixture *fx)
{
	char cmd[256];

	if (!fx->dir[0])
		return 0;
	emulator_kill_pidfile(fx->dir, EMULATOR_PIDF);
	usleep(200000);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
