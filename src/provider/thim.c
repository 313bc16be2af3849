#include "provider/thim.h"

#include <string.h>

#include "attest/ak_cert.h"
#include "attest/pem.h"
#include "json/json_parse.h"
#include "json/json_read.h"
#include "provider/maa_request.h"

/* One flat object of a few strings. */
static const struct json_limits thim_limits = {THIM_MAX_BODY, 256, 4};

/* The string member name of the root, decoded into tmp. */
static bool member_str(const struct json_doc *d, const char *name, struct buf *tmp, struct err *e)
{
	uint32_t v;
	struct err je;

	if (!json_obj_member(d, JSON_ROOT, name, strlen(name), &v))
		return err_fail(e, R_PROVIDER_THIM_MEMBER_MISSING, ERR_NO_OFFSET, "%s", name);
	err_clear(&je);
	if (json_val_type(d, v) != JSON_STRING ||
	    !json_val_str_buf(d, v, tmp, JSON_STR_NO_NUL, &je))
		return err_fail(e, R_PROVIDER_THIM_MEMBER_TYPE, d->tok[v].start,
				"%s is not a string%s%s", name, je.reason ? ": " : "",
				je.reason ? je.reason : "");
	return true;
}

/* PEM text with min..max objects, each a DER X.509 certificate. objs[] holds max + 1. */
static bool read_certs(const char *name, const struct buf *text, size_t min, size_t max,
		       struct pem_obj *objs, size_t *n, struct err *e)
{
	struct err pe;

	err_clear(&pe);
	if (!pem_decode_all(text->data, text->len, objs, max + 1, n, &pe))
		return err_fail(e, R_PROVIDER_THIM_CERT_INVALID, pe.offset, "%s: %s", name,
				pe.reason);
	if (*n < min || *n > max)
		return err_fail(e, R_PROVIDER_THIM_CERT_INVALID, ERR_NO_OFFSET,
				"%s holds %zu PEM objects, want %zu..%zu", name, *n, min, max);
	for (size_t i = 0; i < *n; i++) {
		const uint8_t *is, *su;
		size_t il, sl;
		/* RFC 7468 5.1: certificates are labelled CERTIFICATE; RFC 5280 4.1 structure. */
		if (strcmp(objs[i].name, "CERTIFICATE") != 0 ||
		    !x509_dns(objs[i].der, objs[i].len, &is, &il, &su, &sl))
			return err_fail(e, R_PROVIDER_THIM_CERT_INVALID, ERR_NO_OFFSET,
					"%s object %zu is not an X.509 certificate", name, i + 1);
	}
	return true;
}

static bool encode_all(const struct pem_obj *objs, size_t n, struct buf *out, struct err *e)
{
	for (size_t i = 0; i < n; i++)
		if (!pem_encode("CERTIFICATE", objs[i].der, objs[i].len, out) ||
		    out->len > MAA_VCEK_CHAIN_MAX)
			return err_fail(e, R_PROVIDER_THIM_TOO_LARGE, ERR_NO_OFFSET,
					"the VCEK chain is over %zu bytes", MAA_VCEK_CHAIN_MAX);
	return true;
}

static bool read_answer(const struct json_doc *d, struct buf *tmp, struct buf *out, struct err *e)
{
	struct pem_obj vcek[2], chain[THIM_CHAIN_MAX_CERTS + 1];
	size_t nv = 0, nc = 0;
	bool ok;

	/* 1 step 5: vcekCert is the VCEK alone; certificateChain is ASK then ARK. */
	ok = member_str(d, "vcekCert", tmp, e) && read_certs("vcekCert", tmp, 1, 1, vcek, &nv, e) &&
	     member_str(d, "certificateChain", tmp, e) &&
	     read_certs("certificateChain", tmp, 1, THIM_CHAIN_MAX_CERTS, chain, &nc, e) &&
	     encode_all(vcek, nv, out, e) && encode_all(chain, nc, out, e);
	pem_free_all(vcek, nv);
	pem_free_all(chain, nc);
	return ok;
}

bool thim_parse(const uint8_t *body, size_t n, struct buf *chain_pem, struct err *e)
{
	struct json_doc d;
	struct buf tmp;
	bool ok;

	buf_reset(chain_pem);
	if (n > THIM_MAX_BODY)
		return err_fail(e, R_PROVIDER_THIM_TOO_LARGE, ERR_NO_OFFSET,
				"answer of %zu bytes, over %zu", n, THIM_MAX_BODY);
	/* RFC 8259, strict: one object. */
	if (!json_doc_parse(&d, body, n, &thim_limits, e))
		return err_relabel(e, R_PROVIDER_THIM_NOT_JSON, NULL);
	if (json_val_type(&d, JSON_ROOT) != JSON_OBJECT) {
		json_doc_free(&d);
		return err_fail(e, R_PROVIDER_THIM_NOT_JSON, 0, "the answer is not a JSON object");
	}
	buf_init(&tmp, THIM_MAX_BODY);
	ok = read_answer(&d, &tmp, chain_pem, e);
	buf_free(&tmp);
	json_doc_free(&d);
	if (!ok)
		buf_reset(chain_pem);
	return ok;
}
