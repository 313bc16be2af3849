/* json_string: RFC 8259 section 7 string content (contract in json_string.h). */
#include "json/json_string.h"

#include <string.h>

#include "core/hex.h"
#include "core/utf8.h"

/* Four hex digits at s[0..4) (caller checked the length); -1 when not hex. */
static int32_t hex4(const uint8_t *s)
{
	int32_t v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hex_digit_value(s[i]);
		if (h < 0)
			return -1;
		v = (v << 4) | h;
	}
	return v;
}

/* \uXXXX at s[p..n), and its low-surrogate partner when XXXX is a high one. */
static bool unicode_escape(const uint8_t *s, size_t n, size_t *i, uint32_t *cp, size_t base,
			   struct err *e)
{
	size_t p = *i;
	int32_t hi, lo;

	if (n - p < 6 || (hi = hex4(s + p + 2)) < 0)
		return err_fail(e, R_JSON_BAD_ESCAPE, base + p, "bad \\u escape");
	if (hi >= 0xDC00 && hi <= 0xDFFF)
		return err_fail(e, R_JSON_UNPAIRED_SURROGATE, base + p,
				"low surrogate without high surrogate");
	if (hi < 0xD800 || hi > 0xDBFF) {
		*cp = (uint32_t)hi;
		*i = p + 6;
		return true;
	}
	/* Section 7: a character outside the BMP is a high then a low surrogate. */
	if (n - p < 12 || s[p + 6] != '\\' || s[p + 7] != 'u' || (lo = hex4(s + p + 8)) < 0 ||
	    lo < 0xDC00 || lo > 0xDFFF)
		return err_fail(e, R_JSON_UNPAIRED_SURROGATE, base + p,
				"high surrogate without low surrogate");
	*cp = 0x10000u + (((uint32_t)hi - 0xD800u) << 10) + ((uint32_t)lo - 0xDC00u);
	*i = p + 12;
	return true;
}

/* The escape at s[p..n), p at the backslash: \" \\ \/ \b \f \n \r \t \uXXXX. */
static bool escape(const uint8_t *s, size_t n, size_t *i, uint32_t *cp, size_t base, struct err *e)
{
	static const char names[] = "\"\\/bfnrt";
	static const uint8_t values[] = {'"', '\\', '/', 0x08, 0x0C, 0x0A, 0x0D, 0x09};
	size_t p = *i;
	const char *hit;

	if (p + 1 >= n)
		return err_fail(e, R_JSON_BAD_ESCAPE, base + p, "backslash at end of string");
	if (s[p + 1] == 'u')
		return unicode_escape(s, n, i, cp, base, e);
	hit = memchr(names, s[p + 1], sizeof(names) - 1);
	if (!hit)
		return err_fail(e, R_JSON_BAD_ESCAPE, base + p, "unknown escape \\%c",
				s[p + 1] >= 0x20 && s[p + 1] < 0x7F ? s[p + 1] : '?');
	*cp = values[hit - names];
	*i = p + 2;
	return true;
}

bool json_str_next(const uint8_t *s, size_t n, size_t *i, uint32_t *cp, size_t base, struct err *e)
{
	size_t p = *i, k;
	uint8_t c = s[p];

	if (c == '"')
		return err_fail(e, R_JSON_SYNTAX, base + p, "unescaped quote in string");
	if (c < 0x20)
		return err_fail(e, R_JSON_CONTROL_CHARACTER, base + p,
				"raw U+%04X in string (RFC 8259 section 7)", c);
	if (c == '\\')
		return escape(s, n, i, cp, base, e);
	if (c < 0x80) {
		*cp = c;
		*i = p + 1;
		return true;
	}
	k = utf8_decode(s + p, n - p, cp);
	if (k == 0)
		return err_fail(e, R_JSON_BAD_UTF8, base + p,
				"invalid UTF-8 (RFC 8259 section 8.1)");
	*i = p + k;
	return true;
}
