#include "attest/der.h"

/* Header: tag, then a length in short form or minimal long form (X.690 8.1.3, 10.1). */
static bool der_header(struct cursor *c, uint8_t *tag, size_t *len)
{
	struct cursor t = *c;
	uint8_t b, nb;
	size_t v = 0;

	if (!cursor_u8(&t, tag) || (*tag & 0x1f) == 0x1f) /* high tag numbers unsupported */
		return false;
	if (!cursor_u8(&t, &b))
		return false;
	if (b < 0x80) {
		v = b;
	} else {
		nb = b & 0x7f;
		if (nb == 0 || nb > 4) /* 0x80 = indefinite (BER only); > 4 bytes exceeds the cap */
			return false;
		for (uint8_t i = 0; i < nb; i++) {
			if (!cursor_u8(&t, &b))
				return false;
			if (i == 0 && b == 0) /* not minimal */
				return false;
			v = v << 8 | b;
		}
		if (v < 0x80) /* long form for a short length is not DER */
			return false;
	}
	if (v > DER_MAX_LEN || v > cursor_left(&t))
		return false;
	*len = v;
	*c = t;
	return true;
}

bool der_any(struct cursor *c, uint8_t *tag, struct cursor *content, struct cursor *raw)
{
	struct cursor t = *c;
	size_t len;
	size_t start = c->off;

	if (!der_header(&t, tag, &len))
		return false;
	if (raw)
		cursor_init(raw, c->ptr + start, t.off - start + len);
	if (!cursor_sub(&t, len, content))
		return false;
	*c = t;
	return true;
}

bool der_expect(struct cursor *c, uint8_t tag, struct cursor *content)
{
	struct cursor t = *c;
	uint8_t got;

	if (!der_any(&t, &got, content, NULL) || got != tag)
		return false;
	*c = t;
	return true;
}

size_t der_tlv_size(const uint8_t *p, size_t n)
{
	struct cursor c;
	uint8_t tag;
	size_t len;

	cursor_init(&c, p, n);
	if (!der_header(&c, &tag, &len))
		return 0;
	return c.off + len;
}

bool der_uint(struct cursor *c, const uint8_t **p, size_t *n)
{
	struct cursor t = *c, v;
	const uint8_t *b;
	size_t k;

	if (!der_expect(&t, DER_INTEGER, &v))
		return false;
	k = cursor_left(&v);
	if (k == 0 || !cursor_bytes(&v, k, &b))
		return false;
	if (b[0] & 0x80) /* negative */
		return false;
	if (k > 1 && b[0] == 0 && !(b[1] & 0x80)) /* non-minimal (X.690 8.3.2) */
		return false;
	while (k > 1 && b[0] == 0) {
		b++;
		k--;
	}
	*p = b;
	*n = k;
	*c = t;
	return true;
}

bool der_x509_tbs(const uint8_t *der, size_t len, struct cursor *tbs, struct cursor *serial)
{
	struct cursor c, cert, v;

	cursor_init(&c, der, len);
	if (!der_expect(&c, DER_SEQUENCE, &cert) || !cursor_at_end(&c) ||
	    !der_expect(&cert, DER_SEQUENCE, tbs))
		return false;
	if (cursor_left(tbs) && tbs->ptr[tbs->off] == DER_CTX0 && !der_expect(tbs, DER_CTX0, &v))
		return false;
	return der_expect(tbs, DER_INTEGER, serial);
}
