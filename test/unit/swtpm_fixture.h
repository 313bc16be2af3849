/*
 * The Azure-like swtpm fixture (test/tpm/swtpm-fixture.sh) for unit tests that need a TPM:
 * started once per test file, with PCRs extended from a real event log in ../shared.
 * Skipped (up stays false) when swtpm, tpm2-tools or the log are absent; a fixture that is
 * installed but does not start is a failure, not a skip.
 */
#ifndef ATTEST_TEST_SWTPM_FIXTURE_H
#define ATTEST_TEST_SWTPM_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"

struct swtpm_fixture {
	bool up;
	char dir[64], tcti[128], log[512];
};

/* True when the shell command succeeds (its output discarded). */
static inline bool fixture_have(const char *shell_cmd)
{
	char c[256];
	snprintf(c, sizeof(c), "%s >/dev/null 2>&1", shell_cmd);
	return system(c) == 0;
}

/* 0 when started (fx->up) or skipped (!fx->up); -1 when installed but broken. */
static inline int swtpm_fixture_start(struct swtpm_fixture *fx)
{
	char cmd[1024];
	size_t n;
	uint8_t *t;

	memset(fx, 0, sizeof(*fx));
	snprintf(fx->log, sizeof(fx->log), "%s/testdata/eventlogs/archlinux-workstation.bin",
		 test_shared_dir());
	if (!fixture_have("command -v swtpm") || !fixture_have("command -v tpm2_createak") ||
	    access(fx->log, R_OK) != 0)
		return 0;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/attest-fx-XXXXXX");
	if (!mkdtemp(fx->dir)) {
		fx->dir[0] = 0;
		return 0;
	}
	snprintf(cmd, sizeof(cmd),
		 "sh test/tpm/swtpm-fixture.sh start '%s' '%s' >'%s/start.out' 2>&1", fx->dir,
		 fx->log, fx->dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "# swtpm fixture did not start: see %s/start.out\n", fx->dir);
		return -1;
	}
	snprintf(cmd, sizeof(cmd), "%s/tcti", fx->dir);
	t = test_read_file(cmd, &n);
	if (!t || n == 0 || n >= sizeof(fx->tcti)) {
		free(t);
		return -1;
	}
	memcpy(fx->tcti, t, n - (t[n - 1] == '\n'));
	free(t);
	fx->up = true;
	return 0;
}

/* Stops swtpm and removes the fixture's directory (also after a skipped or failed start). */
static inline int swtpm_fixture_stop(struct swtpm_fixture *fx)
{
	char cmd[256];

	if (!fx->dir[0])
		return 0;
	snprintf(cmd, sizeof(cmd), "sh test/tpm/swtpm-fixture.sh stop '%s'; rm -rf '%s'", fx->dir,
		 fx->dir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
