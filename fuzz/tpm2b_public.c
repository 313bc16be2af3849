/* libFuzzer harness: tpm2b_public_parse() / tpmt_public_parse() (src/attest/tpm2b_public.c),
 * then tpm_public_name(), tpm_public_rsa(), ak_public_check() and ephemeral_key_check(). */
#include <stddef.h>
#include <stdint.h>

#include "attest/ephemeral_key.h"
#include "attest/quote_verify.h"
#include "attest/tpm2b_public.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tpm_public k;
	struct err e;
	uint8_t name[TPM_MAX_NAME], policy[32] = {0};
	size_t nl;
	static struct rsa_pub r;

	if (tpm2b_public_parse(data, size, &k, &e)) {
		tpm_public_name(&k, name, &nl, &e);
		tpm_public_rsa(&k, &r, &e);
		ak_public_check(&k, &e);
		ephemeral_key_check(&k, policy, &e);
	}
	if (tpmt_public_parse(data, size, &k, &e))
		tpm_public_name(&k, name, &nl, &e);
	return 0;
}
