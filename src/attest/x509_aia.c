#include "attest/x509_aia.h"

#include <string.h>
#include <strings.h>

#include "attest/der.h"

#define DER_BOOLEAN	 0x01
#define DER_OCTET_STRING 0x04
#define DER_CTX1_PRIM	 0x81 /* [1] IMPLICIT issuerUniqueID */
#define DER_CTX2_PRIM	 0x82 /* [2] IMPLICIT subjectUniqueID */
#define DER_CTX3	 0xa3 /* [3] EXPLICIT extensions */
#define GN_URI		 0x86 /* GeneralName uniformResourceIdentifier [6] IMPLICIT IA5String */

/* id-pe-authorityInfoAccess 1.3.6.1.5.5.7.1.1 and id-ad-caIssuers 1.3.6.1.5.5.7.48.2. */
static const uint8_t oid_aia[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01};
static const uint8_t oid_ca_issuers[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02};

static bool malformed(struct err *e, const char *what)
{
	return err_fail(e, R_ATTEST_AIA_MALFORMED, ERR_NO_OFFSET, "%s", what);
}

static bool oid_is(const struct cursor *oid, const uint8_t *want, size_t n)
{
	return oid->len == n && memcmp(oid->ptr, want, n) == 0;
}

/* RFC 5280 4.1: the TBSCertificate's extensions ([3]), or an empty cursor when absent. */
static bool find_extensions(const uint8_t *der, size_t len, struct cursor *exts, struct err *e)
{
	struct cursor tbs = {0}, v = {0};
	uint8_t tag;

	cursor_init(exts, der, 0);
	if (!der_x509_tbs(der, len, &tbs, &v))
		return malformed(e, "not a DER X.509 certificate");
	/* after serialNumber, five SEQUENCEs: signature, issuer, validity, subject,
	 * subjectPublicKeyInfo */
	for (int i = 0; i < 5; i++)
		if (!der_expect(&tbs, DER_SEQUENCE, &v))
			return malformed(e, "TBSCertificate fields");
	if (cursor_left(&tbs) && tbs.ptr[tbs.off] == DER_CTX1_PRIM &&
	    !der_expect(&tbs, DER_CTX1_PRIM, &v))
		return malformed(e, "issuerUniqueID");
	if (cursor_left(&tbs) && tbs.ptr[tbs.off] == DER_CTX2_PRIM &&
	    !der_expect(&tbs, DER_CTX2_PRIM, &v))
		return malformed(e, "subjectUniqueID");
	if (cursor_at_end(&tbs))
		return true;
	/* extensions [3] EXPLICIT SEQUENCE SIZE (1..MAX) OF Extension, and nothing after it */
	if (!der_any(&tbs, &tag, &v, NULL) || tag != DER_CTX3 || !cursor_at_end(&tbs) ||
	    !der_expect(&v, DER_SEQUENCE, exts) || !cursor_at_end(&v) || cursor_left(exts) == 0)
		return malformed(e, "extensions");
	return true;
}

/* RFC 5280 4.2: Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue }. */
static bool next_extension(struct cursor *exts, struct cursor *oid, struct cursor *value,
			   struct err *e)
{
	struct cursor ext = {0}, crit = {0};

	if (!der_expect(exts, DER_SEQUENCE, &ext) || !der_expect(&ext, DER_OID, oid))
		return malformed(e, "an extension");
	if (cursor_left(&ext) && ext.ptr[ext.off] == DER_BOOLEAN &&
	    (!der_expect(&ext, DER_BOOLEAN, &crit) || crit.len != 1))
		return malformed(e, "an extension's critical flag");
	if (!der_expect(&ext, DER_OCTET_STRING, value) || !cursor_at_end(&ext))
		return malformed(e, "an extension's value");
	return true;
}

/* RFC 3986 2: a URI is printable ASCII without spaces. */
static bool uri_ok(const struct cursor *u)
{
	if (u->len == 0 || u->len > X509_AIA_URL_MAX)
		return false;
	for (size_t i = 0; i < u->len; i++)
		if (u->ptr[i] < 0x21 || u->ptr[i] > 0x7e)
			return false;
	return true;
}

static bool is_http(const struct cursor *u)
{
	return (u->len > 7 && strncasecmp((const char *)u->ptr, "http://", 7) == 0) ||
	       (u->len > 8 && strncasecmp((const char *)u->ptr, "https://", 8) == 0);
}

/* RFC 5280 4.2.2.1: AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription;
 * AccessDescription ::= SEQUENCE { accessMethod OID, accessLocation GeneralName }. */
static bool read_aia(const struct cursor *value, struct x509_aia *out, struct err *e)
{
	struct cursor v = *value, list = {0}, ad = {0}, method = {0}, loc = {0};
	uint8_t tag;

	if (!der_expect(&v, DER_SEQUENCE, &list) || !cursor_at_end(&v) || cursor_left(&list) == 0)
		return malformed(e, "the AIA extension value");
	while (!cursor_at_end(&list)) {
		if (!der_expect(&list, DER_SEQUENCE, &ad) || !der_expect(&ad, DER_OID, &method) ||
		    !der_any(&ad, &tag, &loc, NULL) || !cursor_at_end(&ad))
			return malformed(e, "an AIA AccessDescription");
		if (!oid_is(&method, oid_ca_issuers, sizeof(oid_ca_issuers)) || tag != GN_URI)
			continue;
		if (!uri_ok(&loc))
			return err_fail(e, R_ATTEST_AIA_URL_INVALID, ERR_NO_OFFSET,
					"a caIssuers URI of %zu bytes, empty, over %u or not "
					"printable ASCII",
					loc.len, X509_AIA_URL_MAX);
		if (!out->found && is_http(&loc)) {
			memcpy(out->url, loc.ptr, loc.len);
			out->url[loc.len] = '\0';
			out->found = true;
		}
	}
	return true;
}

bool x509_aia_ca_issuers(const uint8_t *der, size_t len, struct x509_aia *out, struct err *e)
{
	struct cursor exts = {0}, oid = {0}, value = {0};
	bool seen = false;

	memset(out, 0, sizeof(*out));
	if (!find_extensions(der, len, &exts, e))
		return false;
	while (!cursor_at_end(&exts)) {
		if (!next_extension(&exts, &oid, &value, e))
			goto fail;
		if (!oid_is(&oid, oid_aia, sizeof(oid_aia)))
			continue;
		if (seen) {
			malformed(e, "two AIA extensions");
			goto fail;
		}
		seen = true;
		if (!read_aia(&value, out, e))
			goto fail;
	}
	return true;
fail:
	memset(out, 0, sizeof(*out));
	return false;
}
