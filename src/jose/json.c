/*
 * json: strict RFC 8259 reader on jsmn (see json.h for the contract).
 *
 * Two passes: jsmn (strict mode, parent links) tokenizes; then validate_value()
 * walks the text with a recursive-descent grammar check and requires every
 * jsmn token to start exactly where the grammar says the next value starts.
 * jsmn is therefore only trusted for what the walk re-checks.
 */
#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include "jose/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hex.h"
#include "core/utf8.h"

#define LAYER "json"

/* Objects with up to this many members are checked for duplicates pairwise;
 * larger ones are sorted (heap sort, O(n log n), no recursion). */
#define JSON_DUP_PAIRWISE_MAX 16u

/* Placeholder type of a jsmn primitive before the walk classifies it. */
#define JSON_PRIMITIVE_PENDING 0xFF

struct walker {
	struct json_doc *doc;
	const uint8_t *s; /* doc->text as bytes */
	size_t len;
	uint32_t idx; /* next token the grammar expects */
	uint32_t max_depth;
	struct err *e;
};

static bool is_ws(uint8_t c)
{
	/* RFC 8259 section 2: ws = space, tab, line feed, carriage return. */
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t skip_ws(const uint8_t *s, size_t len, size_t p)
{
	while (p < len && is_ws(s[p]))
		p++;
	return p;
}

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

/*
 * Reads one code point of string content at s[*i..n) and advances *i. With
 * e == NULL the content is known to be valid (already validated). RFC 8259
 * section 7: unescaped characters are >= U+0020 except '"' and '\'; escapes
 * are \" \\ \/ \b \f \n \r \t \uXXXX, and a character outside the BMP is an
 * escaped UTF-16 surrogate pair.
 */
static bool str_next(const uint8_t *s, size_t n, size_t *i, uint32_t *cp, size_t base,
		     struct err *e)
{
	size_t p = *i;
	uint8_t c = s[p];

	if (c == '"')
		return err_set(e, LAYER, "syntax", base + p, "unescaped quote in string");
	if (c < 0x20)
		return err_set(e, LAYER, "control_character", base + p,
			       "raw U+%04X in string (RFC 8259 section 7)", c);
	if (c >= 0x80) {
		size_t k = utf8_decode(s + p, n - p, cp);
		if (k == 0)
			return err_set(e, LAYER, "bad_utf8", base + p,
				       "invalid UTF-8 (RFC 8259 section 8.1)");
		*i = p + k;
		return true;
	}
	if (c != '\\') {
		*cp = c;
		*i = p + 1;
		return true;
	}
	if (p + 1 >= n)
		return err_set(e, LAYER, "bad_escape", base + p, "backslash at end of string");
	switch (s[p + 1]) {
	case '"':
		*cp = '"';
		break;
	case '\\':
		*cp = '\\';
		break;
	case '/':
		*cp = '/';
		break;
	case 'b':
		*cp = 0x08;
		break;
	case 'f':
		*cp = 0x0C;
		break;
	case 'n':
		*cp = 0x0A;
		break;
	case 'r':
		*cp = 0x0D;
		break;
	case 't':
		*cp = 0x09;
		break;
	case 'u': {
		int32_t hi, lo;
		if (n - p < 6 || (hi = hex4(s + p + 2)) < 0)
			return err_set(e, LAYER, "bad_escape", base + p, "bad \\u escape");
		if (hi >= 0xDC00 && hi <= 0xDFFF)
			return err_set(e, LAYER, "unpaired_surrogate", base + p,
				       "low surrogate without high surrogate");
		if (hi < 0xD800 || hi > 0xDBFF) {
			*cp = (uint32_t)hi;
			*i = p + 6;
			return true;
		}
		/* RFC 8259 section 7: a high surrogate must be followed by \u low. */
		if (n - p < 12 || s[p + 6] != '\\' || s[p + 7] != 'u' ||
		    (lo = hex4(s + p + 8)) < 0 || lo < 0xDC00 || lo > 0xDFFF)
			return err_set(e, LAYER, "unpaired_surrogate", base + p,
				       "high surrogate without low surrogate");
		*cp = 0x10000u + (((uint32_t)hi - 0xD800u) << 10) + ((uint32_t)lo - 0xDC00u);
		*i = p + 12;
		return true;
	}
	default:
		return err_set(e, LAYER, "bad_escape", base + p, "unknown escape \\%c",
			       s[p + 1] >= 0x20 && s[p + 1] < 0x7F ? s[p + 1] : '?');
	}
	*i = p + 2;
	return true;
}

static bool validate_string_content(const uint8_t *s, size_t start, size_t end, bool *escaped,
				    struct err *e)
{
	size_t i = 0, n = end - start;
	uint32_t cp;

	*escaped = false;
	while (i < n) {
		if (s[start + i] == '\\')
			*escaped = true;
		if (!str_next(s + start, n, &i, &cp, start, e))
			return false;
	}
	return true;
}

/* RFC 8259 section 6: number = [ minus ] int [ frac ] [ exp ]. */
static bool validate_number(const uint8_t *s, size_t n, bool *integer)
{
	size_t i = 0;

	*integer = true;
	if (i < n && s[i] == '-')
		i++;
	if (i >= n)
		return false;
	if (s[i] == '0')
		i++;
	else if (s[i] >= '1' && s[i] <= '9')
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return false;
	if (i < n && s[i] == '.') {
		size_t d = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return false;
		*integer = false;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t d = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return false;
		*integer = false;
	}
	return i == n;
}

static bool lit_eq(const uint8_t *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	return n == k && memcmp(s, lit, k) == 0;
}

/* Compares the decoded contents of two validated strings (code point order,
 * which is also UTF-8 byte order). */
static int str_cmp(const struct json_doc *a, uint32_t ta, const struct json_doc *b, uint32_t tb)
{
	const struct json_tok *x = &a->tok[ta], *y = &b->tok[tb];
	const uint8_t *sx = (const uint8_t *)a->text + x->start;
	const uint8_t *sy = (const uint8_t *)b->text + y->start;
	size_t nx = x->end - x->start, ny = y->end - y->start, i = 0, j = 0;

	if (!(x->flags & JSON_TOK_ESCAPED) && !(y->flags & JSON_TOK_ESCAPED)) {
		int c = memcmp(sx, sy, nx < ny ? nx : ny);
		if (c)
			return c;
		return nx < ny ? -1 : nx > ny;
	}
	while (i < nx && j < ny) {
		uint32_t cx = 0, cy = 0;
		str_next(sx, nx, &i, &cx, 0, NULL);
		str_next(sy, ny, &j, &cy, 0, NULL);
		if (cx != cy)
			return cx < cy ? -1 : 1;
	}
	return (i < nx) - (j < ny);
}

static void heap_sift(const struct json_doc *doc, uint32_t *k, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1, big = root;
		if (child < n && str_cmp(doc, k[child], doc, k[big]) > 0)
			big = child;
		if (child + 1 < n && str_cmp(doc, k[child + 1], doc, k[big]) > 0)
			big = child + 1;
		if (big == root)
			return;
		uint32_t t = k[root];
		k[root] = k[big];
		k[big] = t;
		root = big;
	}
}

/* RFC 8259 section 4: names SHOULD be unique; we reject duplicates (compared
 * after escape decoding, so "exp" and "\u0065xp" collide). */
static bool check_duplicates(struct walker *w, uint32_t obj)
{
	const struct json_doc *doc = w->doc;
	uint32_t n = doc->tok[obj].size, *keys, it = obj + 1;
	bool ok = true;

	if (n < 2)
		return true;
	if (n <= JSON_DUP_PAIRWISE_MAX) {
		uint32_t k[JSON_DUP_PAIRWISE_MAX];
		for (uint32_t i = 0; i < n; i++) {
			k[i] = it;
			it = doc->tok[it + 1].next;
		}
		for (uint32_t i = 0; i < n; i++)
			for (uint32_t j = i + 1; j < n; j++)
				if (str_cmp(doc, k[i], doc, k[j]) == 0)
					return err_set(w->e, LAYER, "duplicate_member",
						       doc->tok[k[j]].start,
						       "member name repeated in object");
		return true;
	}
	keys = malloc((size_t)n * sizeof(*keys));
	if (!keys)
		return err_set(w->e, LAYER, "out_of_memory", ERR_NO_OFFSET, "member sort");
	for (uint32_t i = 0; i < n; i++) {
		keys[i] = it;
		it = doc->tok[it + 1].next;
	}
	for (size_t i = n / 2; i-- > 0;)
		heap_sift(doc, keys, i, n);
	for (size_t end = n; end-- > 1;) {
		uint32_t t = keys[0];
		keys[0] = keys[end];
		keys[end] = t;
		heap_sift(doc, keys, 0, end);
	}
	for (uint32_t i = 1; i < n && ok; i++)
		if (str_cmp(doc, keys[i - 1], doc, keys[i]) == 0) {
			uint32_t later = keys[i] > keys[i - 1] ? keys[i] : keys[i - 1];
			ok = err_set(w->e, LAYER, "duplicate_member", doc->tok[later].start,
				     "member name repeated in object");
		}
	free(keys);
	return ok;
}

/* The token the grammar expects next must exist and start at pos. */
static struct json_tok *expect_tok(struct walker *w, size_t pos, uint8_t type)
{
	struct json_tok *t;
	uint32_t want = type == JSON_STRING ? (uint32_t)pos + 1 : (uint32_t)pos;

	if (w->idx >= w->doc->ntok) {
		err_set(w->e, LAYER, "syntax", pos, "value expected");
		return NULL;
	}
	t = &w->doc->tok[w->idx];
	if (t->type != type || t->start != want || t->end > w->len || t->end < t->start) {
		err_set(w->e, LAYER, "syntax", pos, "unexpected token");
		return NULL;
	}
	return t;
}

static bool walk_string(struct walker *w, size_t *pos)
{
	struct json_tok *t = expect_tok(w, *pos, JSON_STRING);
	bool escaped;

	if (!t)
		return false;
	if (t->end >= w->len || w->s[t->end] != '"')
		return err_set(w->e, LAYER, "syntax", *pos, "unterminated string");
	if (!validate_string_content(w->s, t->start, t->end, &escaped, w->e))
		return false;
	t->flags = escaped ? JSON_TOK_ESCAPED : 0;
	t->size = 0;
	t->next = ++w->idx;
	*pos = (size_t)t->end + 1;
	return true;
}

static bool walk_primitive(struct walker *w, size_t *pos)
{
	struct json_tok *t = expect_tok(w, *pos, JSON_PRIMITIVE_PENDING);
	const uint8_t *s;
	size_t n;
	bool integer;

	if (!t)
		return false;
	s = w->s + t->start;
	n = t->end - t->start;
	if (s[0] == 't' || s[0] == 'f' || s[0] == 'n') {
		/* RFC 8259 section 3: the literal names, lowercase, exactly. */
		if (lit_eq(s, n, "true"))
			t->type = JSON_TRUE;
		else if (lit_eq(s, n, "false"))
			t->type = JSON_FALSE;
		else if (lit_eq(s, n, "null"))
			t->type = JSON_NULL;
		else
			return err_set(w->e, LAYER, "bad_literal", t->start,
				       "not true, false or null");
		t->flags = 0;
	} else {
		if (!validate_number(s, n, &integer))
			return err_set(w->e, LAYER, "bad_number", t->start,
				       "not an RFC 8259 section 6 number");
		t->type = JSON_NUMBER;
		t->flags = integer ? JSON_TOK_INTEGER : 0;
	}
	t->size = 0;
	t->next = ++w->idx;
	*pos = t->end;
	return true;
}

static bool walk_value(struct walker *w, size_t *pos, uint32_t depth);

/* Object (section 4) or array (section 5) starting at *pos. */
static bool walk_container(struct walker *w, size_t *pos, uint32_t depth, bool object)
{
	uint8_t type = object ? JSON_OBJECT : JSON_ARRAY;
	uint8_t close = object ? '}' : ']';
	struct json_tok *t = expect_tok(w, *pos, type);
	uint32_t me = w->idx, count = 0;
	size_t p;

	if (!t)
		return false;
	if (depth > w->max_depth)
		return err_set(w->e, LAYER, "too_deep", *pos, "nesting deeper than %u",
			       w->max_depth);
	w->idx++;
	p = skip_ws(w->s, w->len, *pos + 1);
	if (p < w->len && w->s[p] == close) {
		p++;
	} else {
		for (;;) {
			if (object) {
				if (p >= w->len || w->s[p] != '"')
					return err_set(w->e, LAYER, "syntax", p,
						       "member name expected");
				if (!walk_string(w, &p))
					return false;
				p = skip_ws(w->s, w->len, p);
				if (p >= w->len || w->s[p] != ':')
					return err_set(w->e, LAYER, "syntax", p, "':' expected");
				p = skip_ws(w->s, w->len, p + 1);
			}
			if (!walk_value(w, &p, depth + 1))
				return false;
			count++;
			p = skip_ws(w->s, w->len, p);
			if (p < w->len && w->s[p] == ',') {
				/* A trailing comma fails at the next value/name. */
				p = skip_ws(w->s, w->len, p + 1);
				continue;
			}
			if (p < w->len && w->s[p] == close) {
				p++;
				break;
			}
			return err_set(w->e, LAYER, "syntax", p, "',' or '%c' expected", close);
		}
	}
	t = &w->doc->tok[me];
	if (t->end != p)
		return err_set(w->e, LAYER, "syntax", *pos, "token boundary mismatch");
	t->size = count;
	t->flags = 0;
	t->next = w->idx;
	if (object && !check_duplicates(w, me))
		return false;
	*pos = p;
	return true;
}

static bool walk_value(struct walker *w, size_t *pos, uint32_t depth)
{
	if (*pos >= w->len)
		return err_set(w->e, LAYER, "truncated", *pos, "value expected");
	switch (w->s[*pos]) {
	case '{':
		return walk_container(w, pos, depth, true);
	case '[':
		return walk_container(w, pos, depth, false);
	case '"':
		return walk_string(w, pos);
	case '-':
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7':
	case '8':
	case '9':
	case 't':
	case 'f':
	case 'n':
		return walk_primitive(w, pos);
	default:
		return err_set(w->e, LAYER, "syntax", *pos, "value expected");
	}
}

static bool is_delim(uint8_t c)
{
	return is_ws(c) || c == ',' || c == ']' || c == '}' || c == ':' || c == '[' || c == '{' ||
	       c == '"';
}

/* Runs jsmn over the text and copies its tokens into doc->tok. */
static bool tokenize(struct json_doc *doc, const struct json_limits *lim, size_t first,
		     struct err *e)
{
	jsmn_parser parser;
	jsmntok_t *jt;
	int r;

	if (doc->text[first] != '{' && doc->text[first] != '[' && doc->text[first] != '"') {
		/* A top-level scalar: jsmn (strict) wants a delimiter after a
		 * primitive, so the one token is made here; the walk validates it. */
		size_t end = first;
		while (end < doc->len && !is_delim((uint8_t)doc->text[end]))
			end++;
		doc->tok = calloc(1, sizeof(*doc->tok));
		if (!doc->tok)
			return err_set(e, LAYER, "out_of_memory", ERR_NO_OFFSET, "tokens");
		doc->ntok = 1;
		doc->tok[0].type = JSON_PRIMITIVE_PENDING;
		doc->tok[0].start = (uint32_t)first;
		doc->tok[0].end = (uint32_t)end;
		return true;
	}
	jsmn_init(&parser);
	r = jsmn_parse(&parser, doc->text, doc->len, NULL, 0);
	if (r == JSMN_ERROR_PART)
		return err_set(e, LAYER, "truncated", doc->len, "document ends early");
	if (r < 0)
		return err_set(e, LAYER, "syntax", parser.pos, "tokenizer rejected input");
	if (r == 0)
		return err_set(e, LAYER, "syntax", first, "no value");
	if ((uint32_t)r > lim->max_tokens)
		return err_set(e, LAYER, "too_many_tokens", ERR_NO_OFFSET, "%d tokens, limit %u", r,
			       lim->max_tokens);
	jt = calloc((size_t)r, sizeof(*jt));
	doc->tok = calloc((size_t)r, sizeof(*doc->tok));
	if (!jt || !doc->tok) {
		free(jt);
		return err_set(e, LAYER, "out_of_memory", ERR_NO_OFFSET, "tokens");
	}
	jsmn_init(&parser);
	r = jsmn_parse(&parser, doc->text, doc->len, jt, (unsigned)r);
	if (r < 0) {
		free(jt);
		if (r == JSMN_ERROR_PART)
			return err_set(e, LAYER, "truncated", doc->len, "document ends early");
		return err_set(e, LAYER, "syntax", parser.pos, "tokenizer rejected input");
	}
	doc->ntok = parser.toknext;
	for (uint32_t i = 0; i < doc->ntok; i++) {
		struct json_tok *t = &doc->tok[i];
		if (jt[i].start < 0 || jt[i].end < jt[i].start) {
			free(jt);
			return err_set(e, LAYER, "syntax", ERR_NO_OFFSET, "incomplete token");
		}
		t->start = (uint32_t)jt[i].start;
		t->end = (uint32_t)jt[i].end;
		switch (jt[i].type) {
		case JSMN_OBJECT:
			t->type = JSON_OBJECT;
			break;
		case JSMN_ARRAY:
			t->type = JSON_ARRAY;
			break;
		case JSMN_STRING:
			t->type = JSON_STRING;
			break;
		default:
			t->type = JSON_PRIMITIVE_PENDING;
			break;
		}
	}
	free(jt);
	return true;
}

void json_doc_free(struct json_doc *doc)
{
	free(doc->tok);
	doc->tok = NULL;
	doc->ntok = 0;
}

bool json_doc_parse(struct json_doc *doc, const void *text, size_t len,
		    const struct json_limits *limits, struct err *e)
{
	struct json_limits lim = {JSON_DEFAULT_MAX_LEN, JSON_DEFAULT_MAX_TOKENS,
				  JSON_DEFAULT_MAX_DEPTH};
	struct walker w;
	size_t p;

	memset(doc, 0, sizeof(*doc));
	if (limits)
		lim = *limits;
	if (lim.max_len > JSON_MAX_TEXT)
		lim.max_len = JSON_MAX_TEXT;
	if (lim.max_tokens > JSON_MAX_TOKENS)
		lim.max_tokens = JSON_MAX_TOKENS;
	if (lim.max_depth > JSON_MAX_DEPTH)
		lim.max_depth = JSON_MAX_DEPTH;
	if (len > lim.max_len)
		return err_set(e, LAYER, "too_large", ERR_NO_OFFSET, "%zu bytes, limit %zu", len,
			       lim.max_len);
	if (!text)
		len = 0;
	doc->text = text;
	doc->len = len;
	p = skip_ws(text, len, 0);
	if (p >= len)
		return err_set(e, LAYER, "empty_input", ERR_NO_OFFSET, "no JSON value");
	if (!tokenize(doc, &lim, p, e))
		goto fail;
	w = (struct walker){doc, text, len, 0, lim.max_depth, e};
	if (!walk_value(&w, &p, 1))
		goto fail;
	/* RFC 8259 section 2: JSON-text = ws value ws; nothing else may follow. */
	p = skip_ws(text, len, p);
	if (p != len || w.idx != doc->ntok) {
		err_set(e, LAYER, "trailing_data", p, "bytes after the top-level value");
		goto fail;
	}
	return true;
fail:
	json_doc_free(doc);
	memset(doc, 0, sizeof(*doc));
	return false;
}

/* ---- reading ---- */

enum json_type json_val_type(const struct json_doc *doc, uint32_t v)
{
	return v < doc->ntok ? (enum json_type)doc->tok[v].type : JSON_INVALID;
}

uint32_t json_val_size(const struct json_doc *doc, uint32_t v)
{
	return v < doc->ntok ? doc->tok[v].size : 0;
}

const char *json_type_name(enum json_type t)
{
	switch (t) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_NUMBER:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "boolean";
	case JSON_NULL:
		return "null";
	default:
		return "invalid";
	}
}

bool json_obj_next(const struct json_doc *doc, uint32_t obj, uint32_t *it, uint32_t *key,
		   uint32_t *val)
{
	uint32_t k;

	if (json_val_type(doc, obj) != JSON_OBJECT)
		return false;
	k = *it == 0 ? obj + 1 : *it;
	if (k >= doc->tok[obj].next)
		return false;
	*key = k;
	*val = k + 1;
	*it = doc->tok[k + 1].next;
	return true;
}

bool json_arr_next(const struct json_doc *doc, uint32_t arr, uint32_t *it, uint32_t *elem)
{
	uint32_t k;

	if (json_val_type(doc, arr) != JSON_ARRAY)
		return false;
	k = *it == 0 ? arr + 1 : *it;
	if (k >= doc->tok[arr].next)
		return false;
	*elem = k;
	*it = doc->tok[k].next;
	return true;
}

bool json_val_str_eq(const struct json_doc *doc, uint32_t v, const char *s, size_t n)
{
	const struct json_tok *t;
	const uint8_t *p;
	size_t len, i = 0, j = 0;

	if (json_val_type(doc, v) != JSON_STRING)
		return false;
	t = &doc->tok[v];
	p = (const uint8_t *)doc->text + t->start;
	len = t->end - t->start;
	if (!(t->flags & JSON_TOK_ESCAPED))
		return len == n && memcmp(p, s, n) == 0;
	while (i < len) {
		uint32_t cp = 0;
		uint8_t u[4];
		size_t k;
		str_next(p, len, &i, &cp, 0, NULL);
		k = utf8_encode(cp, u);
		if (n - j < k || memcmp(s + j, u, k) != 0)
			return false;
		j += k;
	}
	return j == n;
}

bool json_obj_member(const struct json_doc *doc, uint32_t obj, const char *name, size_t n,
		     uint32_t *val)
{
	uint32_t it = 0, k, v;

	while (json_obj_next(doc, obj, &it, &k, &v))
		if (json_val_str_eq(doc, k, name, n)) {
			*val = v;
			return true;
		}
	return false;
}

bool json_find(const struct json_doc *doc, uint32_t from, const char *path, uint32_t *out)
{
	uint32_t cur = from;
	const char *p = path;

	if (json_val_type(doc, from) == JSON_INVALID)
		return false;
	while (*p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		enum json_type t = json_val_type(doc, cur);

		if (t == JSON_OBJECT) {
			if (!json_obj_member(doc, cur, p, n, &cur))
				return false;
		} else if (t == JSON_ARRAY) {
			uint64_t idx = 0;
			uint32_t it = 0, el = 0;
			if (n == 0 || n > 9)
				return false;
			for (size_t i = 0; i < n; i++) {
				if (p[i] < '0' || p[i] > '9')
					return false;
				idx = idx * 10 + (uint64_t)(p[i] - '0');
			}
			do {
				if (!json_arr_next(doc, cur, &it, &el))
					return false;
			} while (idx-- > 0);
			cur = el;
		} else {
			return false;
		}
		if (!dot)
			break;
		p = dot + 1;
	}
	*out = cur;
	return true;
}

static bool str_decode(const struct json_doc *doc, uint32_t v, uint8_t *out, size_t cap,
		       struct buf *b, size_t *out_len, unsigned flags, struct err *e)
{
	const struct json_tok *t;
	const uint8_t *p;
	size_t len, i = 0, j = 0;

	if (json_val_type(doc, v) != JSON_STRING)
		return err_set(e, LAYER, "wrong_type", ERR_NO_OFFSET, "%s where string expected",
			       json_type_name(json_val_type(doc, v)));
	t = &doc->tok[v];
	p = (const uint8_t *)doc->text + t->start;
	len = t->end - t->start;
	while (i < len) {
		uint32_t cp = 0;
		uint8_t u[4];
		size_t k;
		str_next(p, len, &i, &cp, 0, NULL);
		if (cp == 0 && (flags & JSON_STR_NO_NUL))
			return err_set(e, LAYER, "embedded_nul", t->start,
				       "string contains U+0000");
		k = utf8_encode(cp, u);
		if (b) {
			if (!buf_append(b, u, k))
				return err_set(e, LAYER, "string_too_long", t->start,
					       "decoded string exceeds the buffer");
		} else {
			if (cap - j < k + 1 || cap == 0)
				return err_set(e, LAYER, "string_too_long", t->start,
					       "decoded string longer than %zu bytes",
					       cap ? cap - 1 : 0);
			memcpy(out + j, u, k);
		}
		j += k;
	}
	if (!b) {
		if (cap == 0)
			return err_set(e, LAYER, "string_too_long", t->start, "no room");
		out[j] = 0;
	}
	if (out_len)
		*out_len = j;
	return true;
}

bool json_val_str(const struct json_doc *doc, uint32_t v, char *out, size_t cap, size_t *out_len,
		  unsigned flags, struct err *e)
{
	return str_decode(doc, v, (uint8_t *)out, cap, NULL, out_len, flags, e);
}

bool json_val_str_buf(const struct json_doc *doc, uint32_t v, struct buf *out, unsigned flags,
		      struct err *e)
{
	buf_reset(out);
	return str_decode(doc, v, NULL, 0, out, NULL, flags, e);
}

/* Magnitude of an integer-form number; false on overflow of uint64. */
static bool int_magnitude(const struct json_doc *doc, uint32_t v, bool *neg, uint64_t *mag,
			  struct err *e)
{
	const struct json_tok *t;
	const char *s;
	size_t n, i = 0;
	uint64_t m = 0;

	/* Failures return false explicitly (not err_set()'s value): *neg and *mag
	 * are set only on the success path, which callers then read. */
	if (json_val_type(doc, v) != JSON_NUMBER) {
		err_set(e, LAYER, "wrong_type", ERR_NO_OFFSET, "%s where number expected",
			json_type_name(json_val_type(doc, v)));
		return false;
	}
	t = &doc->tok[v];
	if (!(t->flags & JSON_TOK_INTEGER)) {
		err_set(e, LAYER, "not_integer", t->start, "number has a fraction or exponent");
		return false;
	}
	s = doc->text + t->start;
	n = t->end - t->start;
	*neg = s[0] == '-';
	if (*neg)
		i++;
	for (; i < n; i++) {
		unsigned d = (unsigned)(s[i] - '0');
		if (m > (UINT64_MAX - d) / 10) {
			err_set(e, LAYER, "integer_out_of_range", t->start,
				"integer does not fit 64 bits");
			return false;
		}
		m = m * 10 + d;
	}
	*mag = m;
	return true;
}

bool json_val_i64(const struct json_doc *doc, uint32_t v, int64_t *out, struct err *e)
{
	bool neg;
	uint64_t m;

	if (!int_magnitude(doc, v, &neg, &m, e))
		return false;
	if (neg ? m > (uint64_t)INT64_MAX + 1 : m > (uint64_t)INT64_MAX)
		return err_set(e, LAYER, "integer_out_of_range", doc->tok[v].start,
			       "integer does not fit int64");
	if (neg)
		*out = m == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)m;
	else
		*out = (int64_t)m;
	return true;
}

bool json_val_u64(const struct json_doc *doc, uint32_t v, uint64_t *out, struct err *e)
{
	bool neg;
	uint64_t m;

	if (!int_magnitude(doc, v, &neg, &m, e))
		return false;
	if (neg && m != 0)
		return err_set(e, LAYER, "integer_out_of_range", doc->tok[v].start,
			       "negative where unsigned expected");
	*out = m;
	return true;
}

bool json_val_bool(const struct json_doc *doc, uint32_t v, bool *out, struct err *e)
{
	enum json_type t = json_val_type(doc, v);
	if (t != JSON_TRUE && t != JSON_FALSE)
		return err_set(e, LAYER, "wrong_type", ERR_NO_OFFSET, "%s where boolean expected",
			       json_type_name(t));
	*out = t == JSON_TRUE;
	return true;
}

bool json_val_number_text(const struct json_doc *doc, uint32_t v, const char **p, size_t *n,
			  struct err *e)
{
	if (json_val_type(doc, v) != JSON_NUMBER)
		return err_set(e, LAYER, "wrong_type", ERR_NO_OFFSET, "%s where number expected",
			       json_type_name(json_val_type(doc, v)));
	*p = doc->text + doc->tok[v].start;
	*n = doc->tok[v].end - doc->tok[v].start;
	return true;
}

bool json_get(const struct json_doc *doc, uint32_t from, const char *path, enum json_type type,
	      uint32_t *out, struct err *e)
{
	uint32_t v;
	enum json_type t;

	/* *out is written only on the success path; failures return false
	 * explicitly (not err_set()'s value) so callers never see an unset index. */
	if (!json_find(doc, from, path, &v)) {
		err_set(e, LAYER, "missing_member", ERR_NO_OFFSET, "%s", path);
		return false;
	}
	t = json_val_type(doc, v);
	if (type != JSON_INVALID && t != type &&
	    !(type == JSON_TRUE && (t == JSON_TRUE || t == JSON_FALSE))) {
		err_set(e, LAYER, "wrong_type", doc->tok[v].start, "%s: %s, not %s", path,
			json_type_name(t), json_type_name(type));
		return false;
	}
	*out = v;
	return true;
}

/* Prefixes a value-level error's detail with the path it was read from. */
static bool with_path(bool ok, const char *path, struct err *e)
{
	char d[sizeof(e->detail)];
	size_t k, n;

	if (ok || !e)
		return ok;
	k = strlen(path);
	if (k > sizeof(d) - 3)
		k = sizeof(d) - 3;
	memcpy(d, path, k);
	d[k++] = ':';
	d[k++] = ' ';
	n = strlen(e->detail);
	if (n > sizeof(d) - 1 - k)
		n = sizeof(d) - 1 - k;
	memcpy(d + k, e->detail, n);
	d[k + n] = '\0';
	memcpy(e->detail, d, sizeof(d));
	return false;
}

bool json_get_str(const struct json_doc *doc, uint32_t from, const char *path, char *out,
		  size_t cap, size_t *out_len, unsigned flags, struct err *e)
{
	uint32_t v;
	return json_get(doc, from, path, JSON_STRING, &v, e) &&
	       with_path(json_val_str(doc, v, out, cap, out_len, flags, e), path, e);
}

bool json_get_i64(const struct json_doc *doc, uint32_t from, const char *path, int64_t *out,
		  struct err *e)
{
	uint32_t v;
	return json_get(doc, from, path, JSON_NUMBER, &v, e) &&
	       with_path(json_val_i64(doc, v, out, e), path, e);
}

bool json_get_u64(const struct json_doc *doc, uint32_t from, const char *path, uint64_t *out,
		  struct err *e)
{
	uint32_t v;
	return json_get(doc, from, path, JSON_NUMBER, &v, e) &&
	       with_path(json_val_u64(doc, v, out, e), path, e);
}

bool json_get_bool(const struct json_doc *doc, uint32_t from, const char *path, bool *out,
		   struct err *e)
{
	uint32_t v;
	return json_get(doc, from, path, JSON_TRUE, &v, e) && json_val_bool(doc, v, out, e);
}

/* ---- writing and comparing ---- */

static bool write_rec(const struct json_doc *doc, uint32_t v, struct json_writer *w,
		      struct buf *tmp, struct err *e)
{
	uint32_t it = 0, k, x;

	switch (json_val_type(doc, v)) {
	case JSON_OBJECT:
		json_obj_begin(w);
		while (json_obj_next(doc, v, &it, &k, &x)) {
			if (!json_val_str_buf(doc, k, tmp, 0, e) || !buf_cstr(tmp))
				return false;
			/* json_key() takes a C string: a name with U+0000 cannot be written. */
			if (memchr(tmp->data, 0, tmp->len))
				return err_set(e, LAYER, "unwritable_key", doc->tok[k].start,
					       "member name contains U+0000");
			json_key(w, (const char *)tmp->data);
			if (!write_rec(doc, x, w, tmp, e))
				return false;
		}
		json_obj_end(w);
		return true;
	case JSON_ARRAY:
		json_arr_begin(w);
		while (json_arr_next(doc, v, &it, &x))
			if (!write_rec(doc, x, w, tmp, e))
				return false;
		json_arr_end(w);
		return true;
	case JSON_STRING:
		if (!json_val_str_buf(doc, v, tmp, 0, e))
			return false;
		json_strn(w, tmp->len ? (const char *)tmp->data : "", tmp->len);
		return true;
	case JSON_NUMBER:
		json_raw(w, doc->text + doc->tok[v].start, doc->tok[v].end - doc->tok[v].start);
		return true;
	case JSON_TRUE:
		json_bool(w, true);
		return true;
	case JSON_FALSE:
		json_bool(w, false);
		return true;
	case JSON_NULL:
		json_null(w);
		return true;
	default:
		return err_set(e, LAYER, "wrong_type", ERR_NO_OFFSET, "no such value");
	}
}

bool json_val_write(const struct json_doc *doc, uint32_t v, struct json_writer *w, struct err *e)
{
	struct buf tmp;
	bool ok;

	buf_init(&tmp, doc->len + 1);
	ok = write_rec(doc, v, w, &tmp, e);
	buf_free(&tmp);
	return ok;
}

bool json_val_equal(const struct json_doc *a, uint32_t va, const struct json_doc *b, uint32_t vb)
{
	enum json_type t = json_val_type(a, va);
	uint32_t ia = 0, ib = 0, ka, kb, xa, xb;

	if (t == JSON_INVALID || t != json_val_type(b, vb))
		return false;
	switch (t) {
	case JSON_OBJECT:
		if (a->tok[va].size != b->tok[vb].size)
			return false;
		while (json_obj_next(a, va, &ia, &ka, &xa)) {
			if (!json_obj_next(b, vb, &ib, &kb, &xb) || str_cmp(a, ka, b, kb) != 0 ||
			    !json_val_equal(a, xa, b, xb))
				return false;
		}
		return true;
	case JSON_ARRAY:
		if (a->tok[va].size != b->tok[vb].size)
			return false;
		while (json_arr_next(a, va, &ia, &xa)) {
			if (!json_arr_next(b, vb, &ib, &xb) || !json_val_equal(a, xa, b, xb))
				return false;
		}
		return true;
	case JSON_STRING:
		return str_cmp(a, va, b, vb) == 0;
	case JSON_NUMBER:
		return a->tok[va].end - a->tok[va].start == b->tok[vb].end - b->tok[vb].start &&
		       memcmp(a->text + a->tok[va].start, b->text + b->tok[vb].start,
			      a->tok[va].end - a->tok[va].start) == 0;
	default:
		return true;
	}
}
