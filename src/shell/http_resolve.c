#include "shell/http_resolve.h"

#include <string.h>

static bool bad(struct err *e, size_t off, const char *why)
{
	return err_fail(e, R_IO_HTTP_RESOLVE_INVALID, off, "%s", why);
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* RFC 1123 2.1 host name. */
static bool host_ok(const char *p, size_t n)
{
	size_t label = 0;

	if (n == 0 || n > 253)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '.') {
			if (label == 0 || p[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!is_alnum(p[i]) && !(p[i] == '-' && label > 0))
			return false;
		if (++label > 63)
			return false;
	}
	return label > 0 && p[n - 1] != '-';
}

/* Decimal without leading zero, value in [lo, hi]. */
static bool number_ok(const char *p, size_t n, unsigned lo, unsigned hi)
{
	unsigned v = 0;

	if (n == 0 || n > 5 || (n > 1 && p[0] == '0'))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(p[i]))
			return false;
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	return v >= lo && v <= hi;
}

static bool ipv4_ok(const char *p, size_t n)
{
	size_t start = 0, parts = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i < n && p[i] != '.')
			continue;
		if (!number_ok(p + start, i - start, 0, 255) || ++parts > 4)
			return false;
		start = i + 1;
	}
	return parts == 4;
}

static bool ipv6_ok(const char *p, size_t n)
{
	if (n < 4 || n > 47 || p[0] != '[' || p[n - 1] != ']')
		return false;
	for (size_t i = 1; i + 1 < n; i++) {
		char c = p[i];
		if (!is_digit(c) && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F') &&
		    c != ':' && c != '.')
			return false;
	}
	return memchr(p, ':', n) != NULL;
}

bool http_resolve_check(const char *v, size_t n, struct err *e)
{
	const char *c1, *c2;
	size_t hn, pn;

	if (n == 0 || n > HTTP_RESOLVE_MAX)
		return bad(e, ERR_NO_OFFSET, "empty or longer than its cap");
	c1 = memchr(v, ':', n);
	if (!c1)
		return bad(e, ERR_NO_OFFSET, "not HOST:PORT:ADDRESS");
	hn = (size_t)(c1 - v);
	c2 = memchr(c1 + 1, ':', n - hn - 1);
	if (!c2)
		return bad(e, ERR_NO_OFFSET, "not HOST:PORT:ADDRESS");
	pn = (size_t)(c2 - c1 - 1);
	if (!host_ok(v, hn))
		return bad(e, 0, "host is not a DNS name");
	if (!number_ok(c1 + 1, pn, 1, 65535))
		return bad(e, hn + 1, "port is not 1-65535");
	if (!ipv4_ok(c2 + 1, n - hn - pn - 2) && !ipv6_ok(c2 + 1, n - hn - pn - 2))
		return bad(e, hn + pn + 2, "address is not one IPv4 or bracketed IPv6 address");
	return true;
}
