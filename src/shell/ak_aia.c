#include "shell/ak_aia.h"

#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "attest/ak_cert.h"
#include "attest/der.h"
#include "attest/x509_aia.h"
#include "shell/http.h"

static const char *const default_hosts[] = AK_AIA_DEFAULT_HOSTS;

static bool same(const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
	return al == bl && memcmp(a, b, al) == 0;
}

/* http or https to an allow-listed host, checked before any connection. */
static bool url_allowed(const char *url, const char *const *hosts, size_t n, struct err *e)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	bool ok = false;

	if (!u)
		return err_fail(e, R_IO_HTTP_SETUP_FAILED, ERR_NO_OFFSET, "out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		err_fail(e, R_IO_AIA_HOST_NOT_ALLOWED, ERR_NO_OFFSET,
			 "the caIssuers URL does not parse");
		goto out;
	}
	if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) {
		err_fail(e, R_IO_AIA_HOST_NOT_ALLOWED, ERR_NO_OFFSET, "scheme %s", scheme);
		goto out;
	}
	for (size_t i = 0; i < n && !ok; i++)
		ok = hosts[i] && strcasecmp(hosts[i], host) == 0;
	if (!ok)
		err_fail(e, R_IO_AIA_HOST_NOT_ALLOWED, ERR_NO_OFFSET,
			 "host %s is not on the AIA allow-list", host);
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}

/* RFC 5280 4.2.2.1: one DER certificate (the usual .crt); one PEM CERTIFICATE is also taken.
 * The DER goes to der_out. */
static bool body_certificate(const struct buf *body, struct buf *der_out, struct err *e)
{
	struct pem_obj objs[2];
	size_t n = 0;
	struct err pe;
	bool ok;

	buf_reset(der_out);
	if (body->len > 0 && body->data[0] == DER_SEQUENCE) {
		if (der_tlv_size(body->data, body->len) != body->len)
			return err_fail(e, R_IO_AIA_NOT_CERTIFICATE, ERR_NO_OFFSET,
					"not one DER object");
		return buf_append(der_out, body->data, body->len) ||
		       err_fail(e, R_IO_AIA_NOT_CERTIFICATE, ERR_NO_OFFSET, "too large");
	}
	err_clear(&pe);
	if (!pem_decode_all(body->data, body->len, objs, 2, &n, &pe))
		return err_fail(e, R_IO_AIA_NOT_CERTIFICATE, ERR_NO_OFFSET,
				"neither DER nor PEM (%s)", pe.reason);
	ok = n == 1 && strcmp(objs[0].name, "CERTIFICATE") == 0 &&
	     buf_append(der_out, objs[0].der, objs[0].len);
	pem_free_all(objs, n);
	return ok || err_fail(e, R_IO_AIA_NOT_CERTIFICATE, ERR_NO_OFFSET,
			      "not exactly one PEM CERTIFICATE (%zu objects)", n);
}

/* The fetched certificate is X.509, names the wanted issuer as its subject, is no root. */
static bool check_fetched(const struct buf *der, const uint8_t *want, size_t wlen, struct err *e)
{
	const uint8_t *is, *su;
	size_t il, sl;

	if (!x509_dns(der->data, der->len, &is, &il, &su, &sl))
		return err_fail(e, R_IO_AIA_NOT_CERTIFICATE, ERR_NO_OFFSET,
				"not a DER X.509 certificate");
	/* RFC 5280 4.1.2.4: the issuer field names the signer's subject. */
	if (!same(su, sl, want, wlen))
		return err_fail(e, R_IO_AIA_WRONG_ISSUER, ERR_NO_OFFSET,
				"its subject is not the issuer the certificate names");
	/* Trust anchors are pinned only (RFC 5280 6.1.1 d): a fetched root is refused. */
	if (same(is, il, su, sl))
		return err_fail(e, R_IO_AIA_SELF_ISSUED, ERR_NO_OFFSET,
				"the caIssuers URL served a self-issued certificate");
	return true;
}

/* The issuer of cert by its caIssuers URL, as DER in der_out. */
static bool fetch_one(const uint8_t *cert, size_t len, const struct ak_aia_opts *o,
		      struct buf *der_out, bool *fetched, struct err *e)
{
	const char *const *hosts = o->hosts ? o->hosts : default_hosts;
	size_t n_hosts = o->hosts ? o->n_hosts : sizeof(default_hosts) / sizeof(default_hosts[0]);
	struct http_opts h = {
	    .target = HTTP_TARGET_METADATA,
	    .ca_bundle = o->ca_bundle,
	    .resolve = o->resolve,
	    .metadata_hosts = hosts,
	    .n_metadata_hosts = n_hosts,
	    .body_max = AK_AIA_MAX_CERT,
	};
	const uint8_t *is, *su;
	size_t il, sl;
	struct x509_aia aia;
	struct http_response r;
	uint64_t now = http_clock_ms();
	bool ok;

	*fetched = false;
	if (!x509_dns(cert, len, &is, &il, &su, &sl))
		return err_fail(e, R_IO_AIA_NOT_CERTIFICATE, ERR_NO_OFFSET,
				"the certificate is not DER X.509");
	if (!x509_aia_ca_issuers(cert, len, &aia, e))
		return false;
	if (!aia.found)
		return true;
	if (!url_allowed(aia.url, hosts, n_hosts, e))
		return false;
	h.deadline_ms = o->deadline_ms;
	if (now < o->deadline_ms && o->deadline_ms - now > AK_AIA_TIMEOUT_MS)
		h.deadline_ms = now + AK_AIA_TIMEOUT_MS;
	http_response_init(&r);
	ok = http_exchange(&h, "GET", aia.url, NULL, 0, &r, NULL, e) &&
	     body_certificate(&r.body, der_out, e) && check_fetched(der_out, is, il, e);
	http_response_free(&r);
	*fetched = ok;
	return ok;
}

static bool append_pem(const struct buf *der, struct buf *pem_out, struct err *e)
{
	return pem_encode("CERTIFICATE", der->data, der->len, pem_out) ||
	       err_fail(e, R_IO_AIA_CHAIN_TOO_LONG, ERR_NO_OFFSET,
			"the fetched certificates do not fit the output (%zu bytes)", pem_out->max);
}

bool ak_aia_fetch_issuer(const uint8_t *cert, size_t len, const struct ak_aia_opts *o,
			 struct buf *pem_out, bool *fetched, struct err *e)
{
	struct buf der;
	bool ok;

	buf_init(&der, AK_AIA_MAX_CERT);
	ok = fetch_one(cert, len, o, &der, fetched, e) &&
	     (!*fetched || append_pem(&der, pem_out, e));
	buf_free(&der);
	return ok;
}

/* Whether a certificate of known has the subject DN issuer. */
static bool issuer_known(const uint8_t *issuer, size_t ilen, const struct pem_obj *known,
			 size_t n_known)
{
	for (size_t i = 0; i < n_known; i++) {
		const uint8_t *is, *su;
		size_t il, sl;
		if (x509_dns(known[i].der, known[i].len, &is, &il, &su, &sl) &&
		    same(su, sl, issuer, ilen))
			return true;
	}
	return false;
}

bool ak_aia_fetch_chain(const uint8_t *leaf, size_t len, const struct pem_obj *known,
			size_t n_known, const struct ak_aia_opts *o, struct buf *pem_out,
			size_t *n_fetched, struct err *e)
{
	struct buf cur, next;
	bool ok = false, fetched;

	*n_fetched = 0;
	/* The leaf, then fetched certificates (AK_AIA_MAX_CERT, the same 16 KiB). */
	buf_init(&cur, AK_CERT_MAX_DER);
	buf_init(&next, AK_AIA_MAX_CERT);
	if (!buf_append(&cur, leaf, len)) {
		err_fail(e, R_IO_AIA_NOT_CERTIFICATE, ERR_NO_OFFSET,
			 "the AK certificate is over %zu bytes", cur.max);
		goto out;
	}
	for (;;) {
		const uint8_t *is, *su;
		size_t il, sl;
		struct buf swap;
		if (!x509_dns(cur.data, cur.len, &is, &il, &su, &sl)) {
			err_fail(e, R_IO_AIA_NOT_CERTIFICATE, ERR_NO_OFFSET,
				 "the AK certificate is not DER X.509");
			goto out;
		}
		if (issuer_known(is, il, known, n_known))
			break;
		if (*n_fetched == AK_AIA_MAX_FETCHES) {
			err_fail(e, R_IO_AIA_CHAIN_TOO_LONG, ERR_NO_OFFSET,
				 "no known issuer after %u caIssuers fetches", AK_AIA_MAX_FETCHES);
			goto out;
		}
		if (!fetch_one(cur.data, cur.len, o, &next, &fetched, e) ||
		    (fetched && !append_pem(&next, pem_out, e)))
			goto out;
		if (!fetched)
			break;
		(*n_fetched)++;
		swap = cur;
		cur = next;
		next = swap;
	}
	ok = true;
out:
	buf_free(&cur);
	buf_free(&next);
	return ok;
}
