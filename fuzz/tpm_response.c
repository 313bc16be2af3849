/*
 * libFuzzer harness for the TPM response handling of src/tpm/tpm_collect.c: tpm_open(),
 * tpm_read_public(), tpm_nv_read(), ak_cert_trim(), tpm_pcr_read(), tpm_quote(),
 * tpm_ephemeral_certify(), tpm_ephemeral_decrypt() and tpm_close(), run over the real
 * tpm2-tss ESAPI/SAPI/MU unmarshalling, with a fake TPM whose answers come from the input.
 *
 * The device TCTI is replaced (this file defines Tss2_Tcti_Device_Init, so the linker does not
 * take libtss2-tcti-device's; nothing touches /dev/tpm*): transmit() keeps the command,
 * receive() returns the next response carved from the input (a TPM2_RSA_Decrypt answer gets its
 * policy-session HMAC recomputed for this run's random nonceCaller, as a TPM would). Input:
 *
 *   byte 0   steps: which entry points run after tpm_open(), in this order (STEP_*)
 *   byte 1   options (OPT_*): output caps, argument errors, what an exhausted input answers
 *   then     responses, each a big-endian u16 length and that many bytes (a short last one is
 *            taken as it is); once they run out every command gets the OPT_TAIL_* answer
 *
 * Seeds (fuzz/corpus/tpm_response/) are response sequences recorded from swtpm by
 * fuzz/gen/tpm_response_gen.c, which includes this file with TPM_RESPONSE_GEN defined and
 * drives the same tpm_response_drive() over a recording TCTI.
 *
 * Properties: every entry point keeps its outputs within their caps; an absent NV index
 * reads as empty; an accepted AK certificate's DER length is within the NV data; every error
 * names a layer and a reason. LSan checks that every ESAPI output is freed on every path (a
 * leaked ESYS_TR or a missed TPM2_FlushContext is not seen here: Esys_Finalize frees the former,
 * and the fake TPM keeps no objects).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl.h>
#include <tss2/tss2_tcti.h>

#include "core/buf.h"
#include "core/err.h"
#include "tpm/tpm_collect.h"

enum {
	STEP_READ_PUBLIC = 1 << 0, /* tpm_read_public(AK) */
	STEP_NV_AK_CERT = 1 << 1,  /* tpm_nv_read(AK certificate) + ak_cert_trim() */
	STEP_NV_HCL = 1 << 2,	   /* tpm_nv_read(HCL report): NV buffer size cached */
	STEP_PCR_READ = 1 << 3,	   /* tpm_pcr_read(PCRs 0-23): several TPM2_PCR_Read rounds */
	STEP_QUOTE = 1 << 4,	   /* tpm_quote(AK, FUZZ_MASK) */
	STEP_CERTIFY = 1 << 5,	   /* tpm_ephemeral_certify(AK, FUZZ_MASK) */
	STEP_DECRYPT = 1 << 6,	   /* tpm_ephemeral_decrypt(FUZZ_MASK) */
};

enum {
	OPT_OAEP = 1 << 0,	     /* decrypt with RSAES-OAEP, else RSAES-PKCS1-v1_5 */
	OPT_TINY_BUFS = 1 << 1,	     /* outputs capped at FUZZ_TINY_CAP bytes */
	OPT_BAD_ARGS = 1 << 2,	     /* out-of-range mask / nonce / ciphertext */
	OPT_TAIL_SHIFT = 3,	     /* bits 3-4: answer once the responses run out */
	OPT_TCTI_INIT_FAIL = 1 << 5, /* the TCTI cannot be initialised (no TPM) */
	OPT_TCTI_BROKEN = 1 << 6,    /* the TCTI has no transmit(): Esys_Initialize fails */
	OPT_BAD_SPEC = 1 << 7,	     /* a TCTI spec tcti_spec_parse() refuses */
};

enum { TAIL_FAILURE = 0, TAIL_HANDLE = 1, TAIL_RETRY = 2, TAIL_IO_ERROR = 3 };

/* PCRs quoted and bound to the ephemeral key: 0-7, as the swtpm fixture extends them. */
#define FUZZ_MASK  0xFFu
#define FUZZ_NPCRS 8
/* Output cap of OPT_TINY_BUFS: below every real answer, so each out_of_memory path runs. */
#define FUZZ_TINY_CAP 16
/* Output cap otherwise: above the largest TPM2B_PUBLIC / TPMS_ATTEST / signature. */
#define FUZZ_OUT_CAP 4096
/* Commands per input: the whole sequence with every ESAPI resubmission is ~120. */
#define FUZZ_MAX_COMMANDS 512

struct drive_args {
	uint8_t steps, opts;
	uint8_t values[FUZZ_NPCRS * 32]; /* PCR values for the ephemeral key (in/out) */
	uint8_t ct[512];
	size_t ct_len;
	/* Called after a successful certify with the ephemeral key (generator: encrypts). */
	void (*after_certify)(struct drive_args *a, const struct buf *eph_pub);
};

static void check_err(const struct err *e)
{
	if (!e->layer || !e->reason || !e->layer[0] || !e->reason[0])
		__builtin_trap();
}

static void check_cap(const struct buf *b, size_t cap)
{
	if (b->len > cap)
		__builtin_trap();
}

static void step_nv(struct tpm *t, uint32_t index, size_t cap, bool trim)
{
	struct buf out;
	struct err e;
	bool present = true;
	size_t der_len;

	buf_init(&out, cap);
	err_clear(&e);
	if (tpm_nv_read(t, index, &out, &present, &e)) {
		check_cap(&out, cap);
		if (!present && out.len != 0)
			__builtin_trap();
		err_clear(&e);
		if (trim && present && ak_cert_trim(out.data, out.len, &der_len, &e) &&
		    (der_len == 0 || der_len > out.len))
			__builtin_trap();
	} else {
		check_err(&e);
	}
	buf_free(&out);
}

static void step_pcr_read(struct tpm *t, struct drive_args *a)
{
	uint32_t mask = (a->opts & OPT_BAD_ARGS) ? 0 : 0xFFFFFFu;
	uint8_t values[TPM_MAX_PCRS * 32];
	struct err e;

	memset(values, 0xA5, sizeof(values));
	err_clear(&e);
	if (tpm_pcr_read(t, mask, values, &e))
		memcpy(a->values, values, sizeof(a->values));
	else
		check_err(&e);
}

static void step_quote(struct tpm *t, const struct drive_args *a, size_t cap)
{
	uint8_t nonce[65];
	size_t nonce_len = (a->opts & OPT_BAD_ARGS) ? sizeof(nonce) : TPM_NONCE_SIZE;
	struct buf attest, sig;
	struct err e;

	for (size_t i = 0; i < sizeof(nonce); i++)
		nonce[i] = (uint8_t)i;
	buf_init(&attest, cap);
	buf_init(&sig, cap);
	err_clear(&e);
	if (tpm_quote(t, AZURE_AK_HANDLE, FUZZ_MASK, nonce, nonce_len, &attest, &sig, &e)) {
		check_cap(&attest, cap);
		check_cap(&sig, cap);
	} else {
		check_err(&e);
	}
	buf_free(&attest);
	buf_free(&sig);
}

static void step_certify(struct tpm *t, struct drive_args *a, size_t cap)
{
	uint32_t mask = (a->opts & OPT_BAD_ARGS) ? 1u << TPM_MAX_PCRS : FUZZ_MASK;
	struct buf pub, info, sig;
	struct err e;

	buf_init(&pub, cap);
	buf_init(&info, cap);
	buf_init(&sig, cap);
	err_clear(&e);
	if (tpm_ephemeral_certify(t, AZURE_AK_HANDLE, mask, a->values, sizeof(a->values), &pub,
				  &info, &sig, &e)) {
		check_cap(&pub, cap);
		check_cap(&info, cap);
		check_cap(&sig, cap);
		if (a->after_certify)
			a->after_certify(a, &pub);
	} else {
		check_err(&e);
	}
	buf_free(&pub);
	buf_free(&info);
	buf_free(&sig);
}

static void step_decrypt(struct tpm *t, const struct drive_args *a, size_t cap)
{
	size_t ct_len = (a->opts & OPT_BAD_ARGS) ? sizeof(a->ct) + 1 : a->ct_len;
	struct buf pt;
	struct err e;

	buf_init(&pt, cap);
	err_clear(&e);
	/* An over-long ct_len is refused before the ciphertext is read. */
	if (tpm_ephemeral_decrypt(t, FUZZ_MASK, a->values, sizeof(a->values), a->ct, ct_len,
				  (a->opts & OPT_OAEP), &pt, &e))
		check_cap(&pt, cap);
	else
		check_err(&e);
	buf_free(&pt);
}

/* Opens the TPM through the device TCTI (replaced, see above) and runs the selected steps. */
static void tpm_response_drive(struct drive_args *a)
{
	size_t cap = (a->opts & OPT_TINY_BUFS) ? FUZZ_TINY_CAP : FUZZ_OUT_CAP;
	struct tpm *t = NULL;
	struct err e;

	err_clear(&e);
	/* Deadline 0: a TPM_RC_RETRY answer is not waited for (no sleeping in the fuzzer). */
	if (!tpm_open((a->opts & OPT_BAD_SPEC) ? "device:fuzz/tpm" : "device:/fuzz/tpm", 0, &t,
		      &e)) {
		check_err(&e);
		if (t)
			__builtin_trap();
		tpm_close(t); /* a no-op on NULL */
		return;
	}
	if (a->steps & STEP_READ_PUBLIC) {
		struct buf pub;
		buf_init(&pub, cap);
		err_clear(&e);
		if (tpm_read_public(t, AZURE_AK_HANDLE, &pub, &e))
			check_cap(&pub, cap);
		else
			check_err(&e);
		buf_free(&pub);
	}
	if (a->steps & STEP_NV_AK_CERT)
		step_nv(t, AZURE_AK_CERT_NV, (a->opts & OPT_TINY_BUFS) ? cap : TPM_NV_MAX_READ,
			true);
	if (a->steps & STEP_NV_HCL)
		step_nv(t, AZURE_HCL_REPORT_NV, (a->opts & OPT_TINY_BUFS) ? cap : TPM_NV_MAX_READ,
			false);
	if (a->steps & STEP_PCR_READ)
		step_pcr_read(t, a);
	if (a->steps & STEP_QUOTE)
		step_quote(t, a, cap);
	if (a->steps & STEP_CERTIFY)
		step_certify(t, a, cap);
	if (a->steps & STEP_DECRYPT)
		step_decrypt(t, a, cap);
	tpm_close(t);
}

#ifndef TPM_RESPONSE_GEN

/* The fake TPM: the responses left in the input and the command in flight. */
static struct {
	const uint8_t *p;
	size_t n;
	uint8_t opts;
	unsigned commands;
	bool pending;	     /* a command was sent and its response not yet taken */
	const uint8_t *resp; /* the response of the command in flight, once carved */
	size_t resp_len;
	uint8_t tail[10];  /* the answer once the input is exhausted */
	uint8_t cmd[4096]; /* the command in flight (TPM2_MAX_COMMAND_SIZE) */
	size_t cmd_len;
} fake;

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/*
 * Signs a TPM2_RSA_Decrypt response for the policy session of the command, as a TPM does
 * (Part 1 19.6.16): ESAPI checks that HMAC against the nonceCaller it drew at random for this
 * very command, so a recorded response can only pass if the fake TPM recomputes it. Key: the
 * session is unbound, unsalted and has no PolicyAuthValue, so sessionKey || authValue is empty.
 * HMAC(rpHash || nonceTPM || nonceCaller || sessionAttributes), rpHash = SHA-256(responseCode
 * || commandCode || parameters) (Part 1 18.9). Only a 32-byte HMAC field is overwritten.
 */
static void fake_sign_policy_response(uint8_t *r, size_t n)
{
	const uint8_t *c = fake.cmd;
	size_t nc, nt, a;
	uint32_t params;
	br_sha256_context h;
	br_hmac_key_context kc;
	br_hmac_context hc;
	uint8_t rp_hash[32];

	/* Command: tag, size, cc, keyHandle, authorizationSize, sessionHandle, nonceCaller... */
	if (fake.cmd_len < 24 || be16(c) != 0x8002 || be32(c + 6) != 0x159 /* RSA_Decrypt */ ||
	    c[18] != 0x03 /* policy session (Part 2 7.4) */)
		return;
	nc = be16(c + 22);
	if (24 + nc > fake.cmd_len)
		return;
	/* Response: tag, size, rc, parameterSize, parameters, nonceTPM, attributes, hmac. */
	if (n < 14 || be16(r) != 0x8002 || be32(r + 6) != 0)
		return;
	params = be32(r + 10);
	if (params > n - 14)
		return;
	a = 14 + params;
	if (a + 2 > n)
		return;
	nt = be16(r + a);
	if (a + 2 + nt + 3 + 32 > n || be16(r + a + 3 + nt) != 32)
		return;
	br_sha256_init(&h);
	br_sha256_update(&h, r + 6, 4);
	br_sha256_update(&h, c + 6, 4);
	br_sha256_update(&h, r + 14, params);
	br_sha256_out(&h, rp_hash);
	br_hmac_key_init(&kc, &br_sha256_vtable, "", 0);
	br_hmac_init(&hc, &kc, 0);
	br_hmac_update(&hc, rp_hash, sizeof(rp_hash));
	br_hmac_update(&hc, r + a + 2, nt);
	br_hmac_update(&hc, c + 24, nc);
	br_hmac_update(&hc, r + a + 2 + nt, 1);
	br_hmac_out(&hc, r + a + 5 + nt);
}

static TSS2_RC fake_transmit(TSS2_TCTI_CONTEXT *ctx, size_t size, const uint8_t *cmd)
{
	(void)ctx;
	if (size < 10 || ++fake.commands > FUZZ_MAX_COMMANDS)
		return TSS2_TCTI_RC_IO_ERROR;
	fake.pending = true;
	fake.resp = NULL; /* a response the caller never took is dropped */
	fake.cmd_len = size < sizeof(fake.cmd) ? size : sizeof(fake.cmd);
	memcpy(fake.cmd, cmd, fake.cmd_len);
	return TSS2_RC_SUCCESS;
}

/* Carves the next response: u16 big-endian length, then the bytes (TPM 2.0 Part 1 18.6). */
static TSS2_RC fake_next(void)
{
	unsigned tail = (fake.opts >> OPT_TAIL_SHIFT) & 3u;
	size_t len;

	if (fake.n >= 2) {
		len = (size_t)fake.p[0] << 8 | fake.p[1];
		fake.p += 2;
		fake.n -= 2;
		if (len > fake.n)
			len = fake.n;
		fake.resp = fake.p;
		fake.resp_len = len;
		fake.p += len;
		fake.n -= len;
		return TSS2_RC_SUCCESS;
	}
	fake.n = 0;
	if (tail == TAIL_IO_ERROR)
		return TSS2_TCTI_RC_IO_ERROR;
	/* TPM_ST_NO_SESSIONS, size 10, the response code (Part 2 6.6). */
	static const uint32_t rcs[] = {0x101 /* FAILURE */, 0x18B /* HANDLE, handle 1 */,
				       0x922 /* RETRY */};
	uint32_t rc = rcs[tail];
	const uint8_t hdr[10] = {0x80,
				 0x01,
				 0,
				 0,
				 0,
				 10,
				 (uint8_t)(rc >> 24),
				 (uint8_t)(rc >> 16),
				 (uint8_t)(rc >> 8),
				 (uint8_t)rc};
	memcpy(fake.tail, hdr, sizeof(hdr));
	fake.resp = fake.tail;
	fake.resp_len = sizeof(hdr);
	return TSS2_RC_SUCCESS;
}

static TSS2_RC fake_receive(TSS2_TCTI_CONTEXT *ctx, size_t *size, uint8_t *response,
			    int32_t timeout)
{
	TSS2_RC rc;

	(void)ctx;
	(void)timeout;
	if (!fake.pending)
		return TSS2_TCTI_RC_BAD_SEQUENCE;
	if (!fake.resp) {
		rc = fake_next();
		if (rc != TSS2_RC_SUCCESS) {
			fake.pending = false;
			return rc;
		}
	}
	if (!response) { /* size query (tss2-sys Tss2_Sys_ExecuteFinish) */
		*size = fake.resp_len;
		return TSS2_RC_SUCCESS;
	}
	if (*size < fake.resp_len)
		return TSS2_TCTI_RC_INSUFFICIENT_BUFFER;
	if (fake.resp_len)
		memcpy(response, fake.resp, fake.resp_len);
	fake_sign_policy_response(response, fake.resp_len);
	*size = fake.resp_len;
	fake.resp = NULL;
	fake.pending = false;
	return TSS2_RC_SUCCESS;
}

static void fake_finalize(TSS2_TCTI_CONTEXT *ctx)
{
	(void)ctx;
}

static TSS2_RC fake_cancel(TSS2_TCTI_CONTEXT *ctx)
{
	(void)ctx;
	return TSS2_TCTI_RC_NOT_IMPLEMENTED;
}

static TSS2_RC fake_poll(TSS2_TCTI_CONTEXT *ctx, TSS2_TCTI_POLL_HANDLE *h, size_t *n)
{
	(void)ctx;
	(void)h;
	(void)n;
	return TSS2_TCTI_RC_NOT_IMPLEMENTED;
}

static TSS2_RC fake_locality(TSS2_TCTI_CONTEXT *ctx, uint8_t locality)
{
	(void)ctx;
	(void)locality;
	return TSS2_TCTI_RC_NOT_IMPLEMENTED;
}

static TSS2_RC fake_sticky(TSS2_TCTI_CONTEXT *ctx, TPM2_HANDLE *handle, uint8_t sticky)
{
	(void)ctx;
	(void)handle;
	(void)sticky;
	return TSS2_TCTI_RC_NOT_IMPLEMENTED;
}

/* Replaces libtss2-tcti-device's: tcti_open() gets the fake TPM above. */
TSS2_RC Tss2_Tcti_Device_Init(TSS2_TCTI_CONTEXT *ctx, size_t *size, const char *conf)
{
	TSS2_TCTI_CONTEXT_COMMON_V2 *c = (TSS2_TCTI_CONTEXT_COMMON_V2 *)ctx;

	(void)conf;
	if (!ctx) {
		*size = sizeof(*c);
		return TSS2_RC_SUCCESS;
	}
	if (fake.opts & OPT_TCTI_INIT_FAIL)
		return TSS2_TCTI_RC_IO_ERROR;
	memset(c, 0, sizeof(*c));
	c->v1.magic = 0x66757a7a74706d31ULL; /* "fuzztpm1" */
	c->v1.version = 2;
	c->v1.transmit = (fake.opts & OPT_TCTI_BROKEN) ? NULL : fake_transmit;
	c->v1.receive = fake_receive;
	c->v1.finalize = fake_finalize;
	c->v1.cancel = fake_cancel;
	c->v1.getPollHandles = fake_poll;
	c->v1.setLocality = fake_locality;
	c->makeSticky = fake_sticky;
	return TSS2_RC_SUCCESS;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct drive_args a;

	if (size < 2)
		return 0;
	memset(&fake, 0, sizeof(fake));
	memset(&a, 0, sizeof(a));
	a.steps = data[0];
	a.opts = data[1];
	fake.opts = a.opts;
	fake.p = data + 2;
	fake.n = size - 2;
	a.ct_len = 256; /* one RSA-2048 block; the fake TPM does not look at it */
	tpm_response_drive(&a);
	return 0;
}

#endif /* TPM_RESPONSE_GEN */
