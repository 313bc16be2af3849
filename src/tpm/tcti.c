#include "tpm/tcti.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tss2/tss2_tcti_device.h>
#include <tss2/tss2_rc.h>
#include <tss2/tss2_tcti_swtpm.h>

#include "tpm/tpm_rc.h"

static bool usage(struct err *e, const char *what, const char *spec)
{
	return err_fail(e, R_TPM_BAD_TCTI, ERR_NO_OFFSET, "%s in '%.80s'", what, spec);
}

static bool is_loopback(const char *h)
{
	return strcmp(h, "127.0.0.1") == 0 || strcmp(h, "::1") == 0 || strcmp(h, "localhost") == 0;
}

/* A port value: 1-5 decimal digits, 1-65534 (tpm2-tss's swtpm TCTI also uses port + 1). */
static bool port_parse(const char *v, size_t vlen, const char *spec, uint16_t *port, struct err *e)
{
	unsigned long p = 0;

	if (vlen == 0 || vlen > 5)
		return usage(e, "bad port", spec);
	for (size_t i = 0; i < vlen; i++) {
		if (v[i] < '0' || v[i] > '9')
			return usage(e, "bad port", spec);
		p = p * 10 + (unsigned long)(v[i] - '0');
	}
	if (p == 0 || p > 65534)
		return usage(e, "port outside 1-65534", spec);
	*port = (uint16_t)p;
	return true;
}

/* rest: the "host=H,port=P" after "swtpm:", each key at most once, either may be omitted
 * (127.0.0.1, 2321); the host must be a loopback address. */
static bool swtpm_spec_parse(const char *spec, const char *rest, struct tcti_spec *s, struct err *e)
{
	bool have_host = false, have_port = false;

	s->kind = TCTI_SWTPM;
	snprintf(s->host, sizeof(s->host), "127.0.0.1");
	s->port = 2321;
	while (*rest) {
		const char *comma = strchr(rest, ','), *eq = strchr(rest, '=');
		size_t n = comma ? (size_t)(comma - rest) : strlen(rest);
		if (!eq || eq > rest + n || eq == rest + n - 1)
			return usage(e, "want key=value", spec);
		size_t klen = (size_t)(eq - rest), vlen = n - klen - 1;
		const char *v = eq + 1;
		if (klen == 4 && strncmp(rest, "host", 4) == 0 && !have_host) {
			if (vlen >= sizeof(s->host))
				return usage(e, "host too long", spec);
			memcpy(s->host, v, vlen);
			s->host[vlen] = '\0';
			have_host = true;
		} else if (klen == 4 && strncmp(rest, "port", 4) == 0 && !have_port) {
			if (!port_parse(v, vlen, spec, &s->port, e))
				return false;
			have_port = true;
		} else {
			return usage(e, "unknown or repeated key", spec);
		}
		rest += n;
		if (*rest == ',') {
			rest++;
			if (!*rest)
				return usage(e, "trailing comma", spec);
		}
	}
	if (!is_loopback(s->host))
		return usage(e, "swtpm host must be a loopback address", spec);
	snprintf(s->conf, sizeof(s->conf), "host=%s,port=%u", s->host, (unsigned)s->port);
	return true;
}

bool tcti_spec_parse(const char *spec, struct tcti_spec *s, struct err *e)
{
	const char *rest;

	memset(s, 0, sizeof(*s));
	if (!spec || strlen(spec) >= TCTI_SPEC_MAX)
		return usage(e, "missing or too long TCTI", spec ? spec : "");
	if (strncmp(spec, "device:", 7) == 0) {
		rest = spec + 7;
		if (rest[0] != '/' || strchr(rest, ','))
			return usage(e, "device path must be absolute", spec);
		s->kind = TCTI_DEVICE;
		snprintf(s->path, sizeof(s->path), "%s", rest);
		snprintf(s->conf, sizeof(s->conf), "%s", rest);
		return true;
	}
	if (strcmp(spec, "device") == 0)
		return tcti_spec_parse(TCTI_DEFAULT, s, e);
	if (strncmp(spec, "swtpm:", 6) != 0)
		return usage(e, "want device:PATH or swtpm:host=H,port=P", spec);
	return swtpm_spec_parse(spec, spec + 6, s, e);
}

bool tcti_open(const struct tcti_spec *s, TSS2_TCTI_CONTEXT **out, struct err *e)
{
	TSS2_RC(*init)
	(TSS2_TCTI_CONTEXT *, size_t *, const char *) =
	    s->kind == TCTI_DEVICE ? Tss2_Tcti_Device_Init : Tss2_Tcti_Swtpm_Init;
	size_t size = 0;
	TSS2_TCTI_CONTEXT *t;
	TSS2_RC rc;

	*out = NULL;
	rc = init(NULL, &size, s->conf);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_rc_fail(e, rc, "Tss2_Tcti_Init(size)", "the TCTI configuration");
	t = calloc(1, size);
	if (!t)
		return err_fail(e, R_TPM_OUT_OF_MEMORY, ERR_NO_OFFSET, "TCTI context");
	rc = init(t, &size, s->conf);
	if (rc != TSS2_RC_SUCCESS) {
		free(t);
		return err_fail(e, R_TPM_TPM_UNREACHABLE, ERR_NO_OFFSET,
				"%s %s: %s (0x%x): check that the TPM %s is present and accessible",
				s->kind == TCTI_DEVICE ? "device" : "swtpm", s->conf,
				Tss2_RC_Decode(rc), rc,
				s->kind == TCTI_DEVICE ? "device" : "simulator");
	}
	*out = t;
	return true;
}

void tcti_close(TSS2_TCTI_CONTEXT *t)
{
	if (!t)
		return;
	Tss2_Tcti_Finalize(t);
	free(t);
}
