/* The config file parser (format in config.h): pure, over a bounded byte range. */
#include "config/config.h"

#include <string.h>

/* "<name>: <what>" at the line's offset. */
static bool file_err(struct err *e, enum reason_id reason, size_t off, const char *name,
		     const char *what)
{
	return err_fail(e, reason, off, "%s: %s", name, what);
}

/* One line text[start, end) (no line end); NUL-terminates the value in place. */
static bool parse_line(struct config_file *out, size_t start, size_t end, struct err *e)
{
	char *line = out->text + start;
	size_t n = end - start;
	const char *eq = memchr(line, '=', n);
	int id;

	if (n == 0 || line[0] == '#')
		return true;
	if (!eq)
		return file_err(e, R_CONFIG_BAD_LINE, start, "config file", "expected NAME=value");
	id = config_by_env(line, (size_t)(eq - line));
	if (id < 0) {
		char name[64];
		size_t k =
		    (size_t)(eq - line) < sizeof(name) ? (size_t)(eq - line) : sizeof(name) - 1;
		memcpy(name, line, k);
		name[k] = '\0';
		for (size_t j = 0; j < k; j++)
			if ((unsigned char)name[j] < 0x20 || (unsigned char)name[j] >= 0x7f)
				name[j] = '?';
		return file_err(e, R_CONFIG_UNKNOWN_KEY, start, name, "not a setting");
	}
	if (out->value[id])
		return file_err(e, R_CONFIG_DUPLICATE_KEY, start, config_table[id].env,
				"set twice");
	for (const char *v = eq + 1; v < line + n; v++)
		if ((unsigned char)*v < 0x20 || *v == 0x7f)
			return file_err(e, R_CONFIG_BAD_VALUE, start, config_table[id].env,
					"control character");
	if (eq + 1 == line + n || n - (size_t)(eq + 1 - line) > CONFIG_VALUE_MAX)
		return file_err(e, R_CONFIG_BAD_VALUE, start, config_table[id].env,
				"empty or too long");
	line[n] = '\0';
	out->value[id] = eq + 1;
	return true;
}

bool config_file_parse(const uint8_t *p, size_t n, struct config_file *out, struct err *e)
{
	size_t start = 0;

	memset(out->value, 0, sizeof(out->value));
	if (n > CONFIG_FILE_MAX)
		return err_fail(e, R_CONFIG_TOO_LARGE, ERR_NO_OFFSET, "config file over %d bytes",
				CONFIG_FILE_MAX);
	if (n)
		memcpy(out->text, p, n);
	out->text[n] = '\0';
	while (start < n) {
		const char *nl = memchr(out->text + start, '\n', n - start);
		size_t end = nl ? (size_t)(nl - out->text) : n, next = nl ? end + 1 : n;

		/* "\r\n" line ends: the '\r' is not part of the value. */
		if (nl && end > start && out->text[end - 1] == '\r')
			end--;
		if (memchr(out->text + start, '\0', end - start))
			return file_err(e, R_CONFIG_BAD_LINE, start, "config file", "NUL byte");
		if (!parse_line(out, start, end, e))
			return false;
		start = next;
	}
	return true;
}
