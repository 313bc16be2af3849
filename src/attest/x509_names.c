/*
 * x509_names: serial and names of a certificate as text (x509_names.h). Pure.
 */
#include "attest/x509_names.h"

#include <string.h>

#include "attest/der.h"
#include "core/hex.h"

/* A bounded text being written: cut with "..." when it does not fit. */
struct text {
	char *p;
	size_t cap, len;
	bool cut;
};

/* Invariant: len < cap (cap >= 1), p[len] is the NUL. */
static void put(struct text *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n && !t->cut; i++) {
		if (t->cap - t->len <= 4) { /* "..." (as much as fits) and the NUL */
			size_t k = t->cap - t->len - 1 < 3 ? t->cap - t->len - 1 : 3;
			memcpy(t->p + t->len, "...", k);
			t->len += k;
			t->cut = true;
			break;
		}
		t->p[t->len++] = s[i];
	}
	t->p[t->len] = '\0';
}

static void put_escaped(struct text *t, const uint8_t *s, size_t n)
{
	static const char hexd[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		char esc[4] = {'\\', 'x', hexd[s[i] >> 4], hexd[s[i] & 15]};
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\')
			put(t, (const char *)&s[i], 1);
		else
			put(t, esc, sizeof(esc));
	}
}

/* RFC 4519 2 (and PKCS #9 emailAddress): the short names of the usual attribute types. */
static const char *attr_name(const uint8_t *oid, size_t n)
{
	static const uint8_t email[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01};
	if (n == 3 && oid[0] == 0x55 && oid[1] == 0x04) {
		switch (oid[2]) {
		case 3:
			return "CN";
		case 5:
			return "serialNumber";
		case 6:
			return "C";
		case 7:
			return "L";
		case 8:
			return "ST";
		case 10:
			return "O";
		case 11:
			return "OU";
		default:
			return NULL;
		}
	}
	return n == sizeof(email) && memcmp(oid, email, n) == 0 ? "emailAddress" : NULL;
}

/* X.690 8.19: the OID's arcs in dotted decimal; false when malformed or an arc is too big. */
static bool put_oid(struct text *t, const uint8_t *oid, size_t n)
{
	uint64_t arc = 0;
	bool first = true;
	char num[24];

	if (n == 0 || (oid[n - 1] & 0x80))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (arc == 0 && oid[i] == 0x80)
			return false; /* not minimal */
		if (arc >> 56)
			return false;
		arc = (arc << 7) | (oid[i] & 0x7f);
		if (oid[i] & 0x80)
			continue;
		uint64_t a = arc, b = 0;
		if (first) { /* the first subidentifier holds two arcs (X.690 8.19.4) */
			a = arc < 80 ? arc / 40 : 2;
			b = arc - a * 40;
		}
		for (int k = first ? 2 : 1, j = 0; j < k; j++) {
			uint64_t v = j == 0 ? a : b;
			size_t m = sizeof(num);
			num[--m] = '\0';
			do {
				num[--m] = (char)('0' + v % 10);
				v /= 10;
			} while (v && m > 0);
			if (!(first && j == 0))
				put(t, ".", 1);
			put(t, num + m, strlen(num + m));
		}
		first = false;
		arc = 0;
	}
	return true;
}

/* One AttributeTypeAndValue: SEQUENCE { type OBJECT IDENTIFIER, value ANY }. */
static bool put_atv(struct text *t, struct cursor *set)
{
	struct cursor atv, oid, val, raw;
	uint8_t tag;
	const char *name;

	if (!der_expect(set, DER_SEQUENCE, &atv) || !der_expect(&atv, DER_OID, &oid) ||
	    !der_any(&atv, &tag, &val, &raw) || !cursor_at_end(&atv))
		return false;
	name = attr_name(oid.ptr, oid.len);
	if (name) {
		put(t, name, strlen(name));
	} else {
		struct text o = {t->p + t->len, t->cap - t->len, 0, t->cut};
		if (!put_oid(&o, oid.ptr, oid.len))
			return false;
		t->len += o.len;
		t->cut = o.cut;
	}
	put(t, "=", 1);
	put_escaped(t, val.ptr, val.len);
	return true;
}

/* Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue). */
static bool name_text(struct cursor *tbs, char *out, size_t cap)
{
	struct cursor name, rdn;
	struct text t = {out, cap, 0, false};
	bool sep = false;

	out[0] = '\0';
	if (!der_expect(tbs, DER_SEQUENCE, &name))
		return false;
	while (cursor_left(&name)) {
		if (!der_expect(&name, DER_SET, &rdn) || !cursor_left(&rdn))
			return false;
		while (cursor_left(&rdn)) {
			if (sep)
				put(&t, ", ", 2);
			if (!put_atv(&t, &rdn))
				return false;
			sep = true;
		}
	}
	return true;
}

static bool read_names(const uint8_t *der, size_t len, struct x509_names *out)
{
	struct cursor tbs, v;

	/* TBSCertificate: serialNumber, signature, issuer, validity, subject (RFC 5280 4.1). */
	if (!der_x509_tbs(der, len, &tbs, &v) || v.len == 0 || v.len > X509_SERIAL_MAX)
		return false;
	hex_encode(v.ptr, v.len, out->serial);
	return der_expect(&tbs, DER_SEQUENCE, &v) &&
	       name_text(&tbs, out->issuer, X509_NAME_TEXT_MAX) &&
	       der_expect(&tbs, DER_SEQUENCE, &v) &&
	       name_text(&tbs, out->subject, X509_NAME_TEXT_MAX);
}

bool x509_names_read(const uint8_t *der, size_t len, struct x509_names *out)
{
	memset(out, 0, sizeof(*out));
	if (der && read_names(der, len, out))
		return true;
	memset(out, 0, sizeof(*out));
	return false;
}
