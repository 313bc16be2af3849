/*
 * libFuzzer harness for the configuration-string parsers: tcti_spec_parse() (src/tpm/tcti.c,
 * ATTEST_TCTI / --tcti) and pcr_list_parse() (src/attest/evidence_bundle.c, --pcrs). The input
 * is split at its first newline: the TCTI spec before it, the PCR list after it.
 *
 * Properties: an accepted swtpm spec names a loopback host and a port in 1-65534 (swtpm also
 * uses port + 1); an accepted device spec has an absolute path; an accepted PCR list selects
 * only PCRs 0-23.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attest/evidence_bundle.h"
#include "tpm/tcti.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[2 * TCTI_SPEC_MAX];
	struct tcti_spec spec;
	struct err e;
	uint32_t mask = 0;
	char *nl;

	if (size >= sizeof(buf))
		size = sizeof(buf) - 1;
	memcpy(buf, data, size);
	buf[size] = '\0';
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	err_clear(&e);
	if (tcti_spec_parse(buf, &spec, &e)) {
		if (spec.kind == TCTI_SWTPM &&
		    ((strcmp(spec.host, "127.0.0.1") != 0 && strcmp(spec.host, "::1") != 0 &&
		      strcmp(spec.host, "localhost") != 0) ||
		     spec.port == 0 || spec.port > 65534))
			__builtin_trap();
		if (spec.kind == TCTI_DEVICE && spec.path[0] != '/')
			__builtin_trap();
	}
	err_clear(&e);
	if (nl && pcr_list_parse(nl + 1, &mask, &e) && (mask >> 24) != 0)
		__builtin_trap();
	return 0;
}
