/* base64: strict RFC 4648 codecs (contract in base64.h). */
#include "jose/base64.h"

static const char alpha_std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char alpha_url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Value of c in the alphabet, or -1. */
static int sextet(enum base64_variant v, unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (v == BASE64_STD) {
		if (c == '+')
			return 62;
		if (c == '/')
			return 63;
	} else {
		if (c == '-')
			return 62;
		if (c == '_')
			return 63;
	}
	return -1;
}

size_t base64_decoded_max(size_t inlen)
{
	return inlen / 4 * 3 + 2;
}

/* Sets *data to the number of characters before the padding. */
static bool data_length(enum base64_variant v, const unsigned char *s, size_t inlen, size_t *data,
			struct err *e)
{
	*data = inlen;
	if (v != BASE64_STD) {
		/* RFC 7515 appendix C: a remainder of 1 character cannot occur. */
		if (inlen % 4 == 1)
			return err_fail(e, R_JOSE_BAD_LENGTH, inlen, "length %zu is 1 mod 4",
					inlen);
		return true;
	}
	/* RFC 4648 section 4: whole quanta; 0, 1 or 2 '=' at the very end. */
	if (inlen % 4 != 0)
		return err_fail(e, R_JOSE_BAD_LENGTH, inlen, "length %zu is not a multiple of 4",
				inlen);
	if (*data > 0 && s[*data - 1] == '=')
		(*data)--;
	if (*data > 0 && s[*data - 1] == '=')
		(*data)--;
	return true;
}

/* The 2 or 3 characters of a final partial quantum: 1 or 2 bytes. */
static bool decode_tail(enum base64_variant v, const unsigned char *s, size_t data, uint8_t *out,
			size_t *o, struct err *e)
{
	size_t i = data - data % 4;
	uint32_t a, b, c;

	if (data % 4 < 2)
		return true;
	a = (uint32_t)sextet(v, s[i]);
	b = (uint32_t)sextet(v, s[i + 1]);
	/* RFC 4648 section 3.5: the unused bits (4 or 2) must be zero. */
	if (data % 4 == 2) {
		if (b & 0x0F)
			return err_fail(e, R_JOSE_NONCANONICAL, i + 1, "nonzero trailing bits");
		out[(*o)++] = (uint8_t)(a << 2 | b >> 4);
		return true;
	}
	c = (uint32_t)sextet(v, s[i + 2]);
	if (c & 0x03)
		return err_fail(e, R_JOSE_NONCANONICAL, i + 2, "nonzero trailing bits");
	out[(*o)++] = (uint8_t)(a << 2 | b >> 4);
	out[(*o)++] = (uint8_t)((b & 0x0F) << 4 | c >> 2);
	return true;
}

bool base64_decode(enum base64_variant v, const char *in, size_t inlen, uint8_t *out, size_t outcap,
		   size_t *outlen, struct err *e)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t data, need, o = 0;

	*outlen = 0;
	if (!data_length(v, s, inlen, &data, e))
		return false;
	for (size_t i = 0; i < data; i++)
		if (sextet(v, s[i]) < 0)
			return err_fail(e, s[i] == '=' ? R_JOSE_BAD_PADDING : R_JOSE_BAD_CHARACTER,
					i, "character 0x%02x not in the %s alphabet", s[i],
					v == BASE64_STD ? "base64" : "base64url");
	if (v == BASE64_STD && data % 4 == 1)
		return err_fail(e, R_JOSE_BAD_PADDING, data, "too much padding");
	need = data / 4 * 3 + (data % 4 ? data % 4 - 1 : 0);
	if (need > outcap)
		return err_fail(e, R_JOSE_TOO_LARGE, ERR_NO_OFFSET,
				"%zu decoded bytes exceed the %zu-byte limit", need, outcap);
	for (size_t i = 0; i + 4 <= data; i += 4) {
		uint32_t q = (uint32_t)sextet(v, s[i]) << 18 | (uint32_t)sextet(v, s[i + 1]) << 12 |
			     (uint32_t)sextet(v, s[i + 2]) << 6 | (uint32_t)sextet(v, s[i + 3]);
		out[o++] = (uint8_t)(q >> 16);
		out[o++] = (uint8_t)(q >> 8);
		out[o++] = (uint8_t)q;
	}
	if (!decode_tail(v, s, data, out, &o, e))
		return false;
	if (v == BASE64_STD && data % 4 != 0 && inlen - data != 4 - data % 4)
		return err_fail(e, R_JOSE_BAD_PADDING, data,
				"padding does not complete the quantum");
	*outlen = o;
	return true;
}

bool base64_encode(enum base64_variant v, const uint8_t *in, size_t n, struct buf *out)
{
	const char *a = v == BASE64_STD ? alpha_std : alpha_url;
	size_t i = 0;
	char q[4];

	for (; i + 3 <= n; i += 3) {
		uint32_t x = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		q[0] = a[x >> 18];
		q[1] = a[(x >> 12) & 63];
		q[2] = a[(x >> 6) & 63];
		q[3] = a[x & 63];
		buf_append(out, q, 4);
	}
	if (n - i == 1) {
		uint32_t x = (uint32_t)in[i] << 16;
		q[0] = a[x >> 18];
		q[1] = a[(x >> 12) & 63];
		q[2] = q[3] = '=';
		buf_append(out, q, v == BASE64_STD ? 4 : 2);
	} else if (n - i == 2) {
		uint32_t x = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		q[0] = a[x >> 18];
		q[1] = a[(x >> 12) & 63];
		q[2] = a[(x >> 6) & 63];
		q[3] = '=';
		buf_append(out, q, v == BASE64_STD ? 4 : 3);
	}
	return buf_ok(out);
}
