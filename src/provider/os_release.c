#include "provider/os_release.h"

#include <string.h>

/* One decoded value, written only up to cap (longer values are noted, not truncated). */
struct value {
	char *out;
	size_t cap, len;
	bool too_long;
};

static void put(struct value *v, char c)
{
	if (v->len < v->cap)
		v->out[v->len] = c;
	else
		v->too_long = true;
	v->len++;
}

static bool is_key_char(uint8_t c, bool first)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (!first && c >= '0' && c <= '9');
}

/* Characters a shell would act on in an unquoted word (os-release(5): must be quoted). */
static bool is_shell_special(uint8_t c)
{
	return strchr("\"'$`;&|<>()\\", c) != NULL;
}

static bool rest_blank(const uint8_t *p, size_t i, size_t end)
{
	for (; i < end; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return false;
	return true;
}

/* Value at p[i..end) (one line, control characters already refused) into v. */
static bool parse_value(const uint8_t *p, size_t i, size_t end, struct value *v, struct err *e)
{
	if (i < end && p[i] == '\'') {
		for (i++; i < end && p[i] != '\''; i++)
			put(v, (char)p[i]);
		if (i == end)
			return err_fail(e, R_PROVIDER_OS_RELEASE_SYNTAX, i,
					"unterminated single quote");
		i++;
	} else if (i < end && p[i] == '"') {
		for (i++; i < end && p[i] != '"'; i++) {
			if (p[i] == '$' || p[i] == '`')
				return err_fail(e, R_PROVIDER_OS_RELEASE_SYNTAX, i,
						"unescaped expansion");
			if (p[i] == '\\') {
				if (i + 1 == end)
					return err_fail(e, R_PROVIDER_OS_RELEASE_SYNTAX, i,
							"trailing backslash");
				/* Shell double quotes: \ escapes only $ ` " \ (POSIX 2.2.3). */
				if (strchr("$`\"\\", p[i + 1]))
					i++;
			}
			put(v, (char)p[i]);
		}
		if (i == end)
			return err_fail(e, R_PROVIDER_OS_RELEASE_SYNTAX, i,
					"unterminated double quote");
		i++;
	} else {
		for (; i < end && p[i] != ' ' && p[i] != '\t'; i++) {
			if (p[i] == '\\' && i + 1 < end) {
				i++;
			} else if (is_shell_special(p[i])) {
				return err_fail(e, R_PROVIDER_OS_RELEASE_SYNTAX, i,
						"shell special character in an unquoted value");
			}
			put(v, (char)p[i]);
		}
	}
	if (!rest_blank(p, i, end))
		return err_fail(e, R_PROVIDER_OS_RELEASE_SYNTAX, i, "text after the value");
	return true;
}

/* The field a key fills, or NULL for keys this program does not use. */
static char *field_of(struct os_release *r, const uint8_t *k, size_t n, bool **has)
{
	static const char *const names[] = {"ID", "NAME", "VERSION_ID"};
	char *fields[] = {r->id, r->name, r->version_id};
	bool *flags[] = {&r->has_id, &r->has_name, &r->has_version_id};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && memcmp(names[i], k, n) == 0) {
			*has = flags[i];
			return fields[i];
		}
	return NULL;
}

static bool parse_line(const uint8_t *p, size_t i, size_t end, struct os_release *r, struct err *e)
{
	size_t k0, kn;
	bool *has = NULL;
	char scratch[OS_RELEASE_MAX_VALUE + 1];
	char *field;
	struct value v;

	while (i < end && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i == end || p[i] == '#')
		return true;
	k0 = i;
	while (i < end && is_key_char(p[i], i == k0))
		i++;
	kn = i - k0;
	if (kn == 0 || i == end || p[i] != '=')
		return err_fail(e, R_PROVIDER_OS_RELEASE_SYNTAX, i, "not KEY=value");
	field = field_of(r, p + k0, kn, &has);
	if (field && *has)
		return err_fail(e, R_PROVIDER_OS_RELEASE_DUPLICATE, k0, "%.*s assigned twice",
				(int)kn, (const char *)(p + k0));
	v.out = field ? field : scratch;
	v.cap = OS_RELEASE_MAX_VALUE;
	v.len = 0;
	v.too_long = false;
	if (!parse_value(p, i + 1, end, &v, e))
		return false;
	if (!field)
		return true;
	if (v.too_long)
		return err_fail(e, R_PROVIDER_OS_RELEASE_VALUE_TOO_LONG, k0,
				"%.*s: %zu bytes (max %u)", (int)kn, (const char *)(p + k0), v.len,
				OS_RELEASE_MAX_VALUE);
	field[v.len] = '\0';
	*has = true;
	return true;
}

bool os_release_parse(const uint8_t *p, size_t n, struct os_release *r, struct err *e)
{
	size_t start = 0;

	memset(r, 0, sizeof(*r));
	if (n > OS_RELEASE_MAX_TEXT)
		return err_fail(e, R_PROVIDER_OS_RELEASE_TOO_LARGE, ERR_NO_OFFSET,
				"%zu bytes (max %zu)", n, OS_RELEASE_MAX_TEXT);
	for (size_t i = 0; i < n; i++)
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n') || p[i] == 0x7f) {
			memset(r, 0, sizeof(*r));
			return err_fail(e, R_PROVIDER_OS_RELEASE_CONTROL_CHARACTER, i,
					"byte 0x%02x", p[i]);
		}
	while (start < n) {
		const uint8_t *nl = memchr(p + start, '\n', n - start);
		size_t end = nl ? (size_t)(nl - p) : n;
		if (!parse_line(p, start, end, r, e)) {
			memset(r, 0, sizeof(*r));
			return false;
		}
		start = end + 1;
	}
	return true;
}

/* 1-9 decimal digits at s[*i..], advancing *i. */
static bool version_part(const char *s, size_t *i, uint32_t *out)
{
	uint32_t v = 0;
	size_t k = 0;

	while (s[*i] >= '0' && s[*i] <= '9') {
		if (++k > 9)
			return false;
		v = v * 10 + (uint32_t)(s[*i] - '0');
		(*i)++;
	}
	*out = v;
	return k > 0;
}

bool os_release_version(const char *s, uint32_t *major, uint32_t *minor, struct err *e)
{
	size_t i = 0;
	uint32_t a, b = 0;

	if (!s || !version_part(s, &i, &a) || a == 0 ||
	    (s[i] == '.' && (++i, !version_part(s, &i, &b))) || (s[i] != '\0' && s[i] != '.'))
		return err_fail(e, R_PROVIDER_OS_RELEASE_BAD_VERSION, i,
				"VERSION_ID '%.40s' is not MAJOR[.MINOR[...]] (major > 0)",
				s ? s : "");
	/* Components after the second one (a build date) are not part of the version (1 step 4). */
	while (s[i] == '.') {
		uint32_t skip;
		i++;
		if (!version_part(s, &i, &skip))
			return err_fail(e, R_PROVIDER_OS_RELEASE_BAD_VERSION, i,
					"VERSION_ID '%.40s' has an empty or non-numeric component",
					s);
	}
	if (s[i] != '\0')
		return err_fail(e, R_PROVIDER_OS_RELEASE_BAD_VERSION, i, "VERSION_ID '%.40s'", s);
	*major = a;
	*minor = b;
	return true;
}
