/* libFuzzer harness: hcl_report_parse(), hcl_report_check_binding() and
 * hcl_report_check_ak() (src/attest/hcl_report.c; the claims go through src/json). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "attest/hcl_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hcl_report r;
	struct err e;
	static struct rsa_pub ak;

	if (ak.nlen == 0) {
		uint8_t n[256];
		memset(n, 0xc3, sizeof(n));
		rsa_pub_set(&ak, n, sizeof(n), (const uint8_t *)"\x01\x00\x01", 3, NULL);
	}
	if (hcl_report_parse(data, size, &r, &e)) {
		hcl_report_check_binding(&r, &e);
		hcl_report_check_ak(&r, &ak, &e);
	}
	return 0;
}
