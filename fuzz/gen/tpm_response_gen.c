/*
 * Records seed inputs for fuzz/tpm_response.c from a real (software) TPM: includes the harness
 * with TPM_RESPONSE_GEN defined, replaces the device TCTI by a wrapper around the swtpm TCTI
 * that copies every response, and runs tpm_response_drive() for each scenario below. Each
 * output file is the harness input format: steps byte, options byte, then the responses as
 * big-endian u16 length + bytes. Built and run by fuzz/gen/tpm_response.py (swtpm fixture).
 *
 * Usage: tpm_response_gen SWTPM_CONF OUTDIR   (SWTPM_CONF e.g. host=127.0.0.1,port=2321)
 */
#define TPM_RESPONSE_GEN 1
#include "../tpm_response.c"

#include <stdio.h>

#include <bearssl.h>
#include <tss2/tss2_mu.h>
#include <tss2/tss2_tcti_swtpm.h>

/* Recording buffer: the largest scenario (every step) is ~8 KB. */
#define GEN_REC_MAX 65536

static struct {
	const char *conf;
	bool recording;
	uint8_t rec[GEN_REC_MAX];
	size_t len;
	uint8_t ct_oaep[256], ct_pkcs1[256];
	bool have_ct;
} gen;

struct rec_tcti {
	TSS2_TCTI_CONTEXT_COMMON_V2 v2;
	TSS2_TCTI_CONTEXT *inner;
};

static TSS2_RC rec_transmit(TSS2_TCTI_CONTEXT *ctx, size_t size, const uint8_t *cmd)
{
	return Tss2_Tcti_Transmit(((struct rec_tcti *)ctx)->inner, size, cmd);
}

static TSS2_RC rec_receive(TSS2_TCTI_CONTEXT *ctx, size_t *size, uint8_t *resp, int32_t timeout)
{
	TSS2_RC rc = Tss2_Tcti_Receive(((struct rec_tcti *)ctx)->inner, size, resp, timeout);

	if (rc == TSS2_RC_SUCCESS && resp && gen.recording) {
		if (gen.len + 2 + *size > sizeof(gen.rec)) {
			fprintf(stderr, "tpm_response_gen: recording buffer full\n");
			exit(1);
		}
		gen.rec[gen.len++] = (uint8_t)(*size >> 8);
		gen.rec[gen.len++] = (uint8_t)*size;
		memcpy(gen.rec + gen.len, resp, *size);
		gen.len += *size;
	}
	return rc;
}

static void rec_finalize(TSS2_TCTI_CONTEXT *ctx)
{
	struct rec_tcti *c = (struct rec_tcti *)ctx;

	if (c->inner) {
		Tss2_Tcti_Finalize(c->inner);
		free(c->inner);
		c->inner = NULL;
	}
}

TSS2_RC Tss2_Tcti_Device_Init(TSS2_TCTI_CONTEXT *ctx, size_t *size, const char *conf)
{
	struct rec_tcti *c = (struct rec_tcti *)ctx;
	size_t n = 0;
	TSS2_RC rc;

	(void)conf;
	if (!ctx) {
		*size = sizeof(*c);
		return TSS2_RC_SUCCESS;
	}
	memset(c, 0, sizeof(*c));
	rc = Tss2_Tcti_Swtpm_Init(NULL, &n, gen.conf);
	if (rc != TSS2_RC_SUCCESS)
		return rc;
	c->inner = calloc(1, n);
	if (!c->inner)
		return TSS2_TCTI_RC_MEMORY;
	rc = Tss2_Tcti_Swtpm_Init(c->inner, &n, gen.conf);
	if (rc != TSS2_RC_SUCCESS) {
		free(c->inner);
		return rc;
	}
	c->v2.v1.magic = 0x7265637470726f78ULL;
	c->v2.v1.version = 2;
	c->v2.v1.transmit = rec_transmit;
	c->v2.v1.receive = rec_receive;
	c->v2.v1.finalize = rec_finalize;
	return TSS2_RC_SUCCESS;
}

/* Encrypts the seed plaintext to the ephemeral key, both paddings (after a certify). */
static void gen_encrypt(struct drive_args *a, const struct buf *eph_pub)
{
	static const uint8_t msg[32] = "attest-init tpm_response seed!!";
	static const uint8_t e65537[3] = {1, 0, 1};
	TPM2B_PUBLIC pub;
	size_t off = 0, k;
	br_rsa_public_key pk;
	br_hmac_drbg_context rng;
	uint8_t em[256];

	(void)a;
	memset(&pub, 0, sizeof(pub));
	if (Tss2_MU_TPM2B_PUBLIC_Unmarshal(eph_pub->data, eph_pub->len, &off, &pub) !=
		TSS2_RC_SUCCESS ||
	    pub.publicArea.unique.rsa.size != sizeof(em)) {
		fprintf(stderr, "tpm_response_gen: unexpected ephemeral key\n");
		exit(1);
	}
	pk.n = pub.publicArea.unique.rsa.buffer;
	pk.nlen = sizeof(em);
	pk.e = (unsigned char *)e65537;
	pk.elen = sizeof(e65537);
	br_hmac_drbg_init(&rng, &br_sha256_vtable, "tpm_response seed", 17);
	if (br_rsa_i31_oaep_encrypt(&rng.vtable, &br_sha256_vtable, NULL, 0, &pk, gen.ct_oaep,
				    sizeof(gen.ct_oaep), msg, sizeof(msg)) != sizeof(gen.ct_oaep)) {
		fprintf(stderr, "tpm_response_gen: OAEP encryption failed\n");
		exit(1);
	}
	/* RSAES-PKCS1-v1_5 (RFC 8017 7.2.1): 00 02 PS (non-zero) 00 M. */
	k = sizeof(em) - sizeof(msg);
	em[0] = 0;
	em[1] = 2;
	memset(em + 2, 0x42, k - 3);
	em[k - 1] = 0;
	memcpy(em + k, msg, sizeof(msg));
	if (!br_rsa_i31_public(em, sizeof(em), &pk)) {
		fprintf(stderr, "tpm_response_gen: RSA public operation failed\n");
		exit(1);
	}
	memcpy(gen.ct_pkcs1, em, sizeof(em));
	gen.have_ct = true;
}

static uint8_t pcr_values[FUZZ_NPCRS * 32];

static void scenario(const char *dir, const char *name, uint8_t steps, uint8_t opts)
{
	struct drive_args a;
	char path[512];
	FILE *f;

	memset(&a, 0, sizeof(a));
	a.steps = steps;
	a.opts = opts;
	memcpy(a.values, pcr_values, sizeof(a.values));
	memcpy(a.ct, (opts & OPT_OAEP) ? gen.ct_oaep : gen.ct_pkcs1, 256);
	a.ct_len = 256;
	gen.len = 0;
	gen.recording = true;
	tpm_response_drive(&a);
	gen.recording = false;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fputc(steps, f) == EOF || fputc(opts, f) == EOF ||
	    fwrite(gen.rec, 1, gen.len, f) != gen.len || fclose(f) != 0) {
		fprintf(stderr, "tpm_response_gen: cannot write %s\n", path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	struct drive_args a;
	const char *dir;

	if (argc != 3) {
		fprintf(stderr, "usage: tpm_response_gen SWTPM_CONF OUTDIR\n");
		return 2;
	}
	gen.conf = argv[1];
	dir = argv[2];
	/* Not recorded: the current PCR values and a ciphertext for the ephemeral key. */
	memset(&a, 0, sizeof(a));
	a.steps = STEP_PCR_READ | STEP_CERTIFY;
	a.after_certify = gen_encrypt;
	tpm_response_drive(&a);
	if (!gen.have_ct) {
		fprintf(stderr, "tpm_response_gen: no ephemeral key from the TPM\n");
		return 1;
	}
	memcpy(pcr_values, a.values, sizeof(pcr_values));

	scenario(dir, "all-steps-pkcs1", 0x7F, 0);
	scenario(dir, "all-steps-oaep", 0x7F, OPT_OAEP);
	scenario(dir, "all-steps-tiny-bufs", 0x7F, OPT_TINY_BUFS);
	scenario(dir, "read-public", STEP_READ_PUBLIC, 0);
	scenario(dir, "nv-ak-cert", STEP_NV_AK_CERT, 0);
	scenario(dir, "nv-both", STEP_NV_AK_CERT | STEP_NV_HCL, 0);
	scenario(dir, "pcr-read", STEP_PCR_READ, 0);
	scenario(dir, "quote", STEP_QUOTE, 0);
	scenario(dir, "certify", STEP_CERTIFY, 0);
	scenario(dir, "decrypt-oaep", STEP_DECRYPT, OPT_OAEP);
	scenario(dir, "decrypt-pkcs1", STEP_DECRYPT, 0);
	scenario(dir, "bad-args", 0x7F, OPT_BAD_ARGS);
	return 0;
}
