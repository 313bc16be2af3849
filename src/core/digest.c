#include "core/digest.h"

#include <string.h>

static const struct digest_alg digest_table[] = {
    {TPM_ALG_SHA1, "sha1", 20, &br_sha1_vtable},
    {TPM_ALG_SHA256, "sha256", 32, &br_sha256_vtable},
    {TPM_ALG_SHA384, "sha384", 48, &br_sha384_vtable},
    {TPM_ALG_SHA512, "sha512", 64, &br_sha512_vtable},
    {TPM_ALG_SM3_256, "sm3_256", 32, NULL},
    {TPM_ALG_SHA3_256, "sha3_256", 32, NULL},
    {TPM_ALG_SHA3_384, "sha3_384", 48, NULL},
    {TPM_ALG_SHA3_512, "sha3_512", 64, NULL},
};

const struct digest_alg *digest_by_tpm_alg(uint16_t tpm_alg)
{
	for (size_t i = 0; i < sizeof(digest_table) / sizeof(digest_table[0]); i++)
		if (digest_table[i].tpm_alg == tpm_alg)
			return &digest_table[i];
	return NULL;
}

const struct digest_alg *digest_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(digest_table) / sizeof(digest_table[0]); i++)
		if (strcmp(digest_table[i].name, name) == 0)
			return &digest_table[i];
	return NULL;
}

bool digest_compute(const struct digest_alg *alg, const void *data, size_t n, uint8_t *out)
{
	br_hash_compat_context ctx;
	if (!alg || !alg->impl)
		return false;
	alg->impl->init(&ctx.vtable);
	alg->impl->update(&ctx.vtable, data, n);
	alg->impl->out(&ctx.vtable, out);
	return true;
}

bool digest_extend(const struct digest_alg *alg, uint8_t *pcr, const uint8_t *d)
{
	br_hash_compat_context ctx;
	if (!alg || !alg->impl)
		return false;
	alg->impl->init(&ctx.vtable);
	alg->impl->update(&ctx.vtable, pcr, alg->size);
	alg->impl->update(&ctx.vtable, d, alg->size);
	alg->impl->out(&ctx.vtable, pcr);
	return true;
}
