/*
 * tcti: the TPM transport chosen by configuration (ATTEST_TCTI / --tcti),
 * initialised directly (static binary, no tctildr/dlopen):
 *
 *   device:PATH              the kernel device, PATH absolute (default /dev/tpmrm0,
 *                            the in-kernel resource manager)
 *   swtpm:host=H,port=P      the swtpm TCP socket (tests); H must be a loopback address
 *                            (127.0.0.1, ::1, localhost): the swtpm protocol is plaintext
 *
 * tcti_spec_parse() is pure; tcti_open() is the shell edge. Unknown keys,
 * repeated keys, empty values, and ports outside 1-65534 (swtpm uses P and
 * P+1) are usage errors (exit 2).
 */
#ifndef ATTEST_TPM_TCTI_H
#define ATTEST_TPM_TCTI_H

#include <stdbool.h>
#include <stdint.h>

#include <tss2/tss2_tcti.h>

#include "core/err.h"

#define TCTI_DEFAULT "device:/dev/tpmrm0"
/* Longest accepted spec / device path (PATH_MAX is far more than any /dev path needs). */
#define TCTI_SPEC_MAX 256

enum tcti_kind { TCTI_DEVICE = 1, TCTI_SWTPM = 2 };

struct tcti_spec {
	enum tcti_kind kind;
	char path[TCTI_SPEC_MAX]; /* device */
	char host[64];		  /* swtpm */
	uint16_t port;
	char conf[TCTI_SPEC_MAX]; /* the configuration string handed to the TCTI */
};

bool tcti_spec_parse(const char *spec, struct tcti_spec *out, struct err *e);
/* Allocates and initialises the TCTI; transient (exit 3) when the TPM cannot be reached. */
bool tcti_open(const struct tcti_spec *s, TSS2_TCTI_CONTEXT **out, struct err *e);
void tcti_close(TSS2_TCTI_CONTEXT *t);

#endif
