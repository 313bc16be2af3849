/*
 * json_parse: strict RFC 8259 parser on jsmn (see json_parse.h for the
 * contract).
 *
 * Two stages: jsmn (strict mode, parent links) tokenizes in one pass; then
 * walk_value() walks the text with a recursive-descent grammar check and
 * requires every jsmn token to start exactly where the grammar says the next
 * value starts. jsmn is therefore only trusted for what the walk re-checks.
 */
#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include "json/json_parse.h"

#include <stdlib.h>
#include <string.h>

#include "json/json_string.h"

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

static size_t skip_digits(const uint8_t *s, size_t n, size_t i)
{
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* RFC 8259 section 6: number = [ minus ] int [ frac ] [ exp ]. */
static bool validate_number(const uint8_t *s, size_t n, bool *integer)
{
	size_t i = n > 0 && s[0] == '-';
	size_t d;

	if (i >= n || s[i] < '0' || s[i] > '9')
		return false;
	/* int = zero / ( digit1-9 *DIGIT ) */
	i = s[i] == '0' ? i + 1 : skip_digits(s, n, i);
	*integer = i == n; /* whatever follows is a fraction or an exponent */
	if (i < n && s[i] == '.') {
		d = skip_digits(s, n, ++i);
		if (d == i)
			return false;
		i = d;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		d = skip_digits(s, n, i);
		if (d == i)
			return false;
		i = d;
	}
	return i == n;
}

static bool lit_eq(const uint8_t *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	return n == k && memcmp(s, lit, k) == 0;
}

/* Compares the decoded contents of two validated member names (code point
 * order, which is also UTF-8 byte order). */
static int name_cmp(const struct json_doc *doc, uint32_t ta, uint32_t tb)
{
	const struct json_tok *x = &doc->tok[ta], *y = &doc->tok[tb];
	const uint8_t *sx = (const uint8_t *)doc->text + x->start;
	const uint8_t *sy = (const uint8_t *)doc->text + y->start;
	size_t nx = x->end - x->start, ny = y->end - y->start, i = 0, j = 0;

	if (!(x->flags & JSON_TOK_ESCAPED) && !(y->flags & JSON_TOK_ESCAPED)) {
		int c = memcmp(sx, sy, nx < ny ? nx : ny);
		if (c)
			return c;
		return nx < ny ? -1 : nx > ny;
	}
	while (i < nx && j < ny) {
		uint32_t cx = 0, cy = 0;
		json_str_next(sx, nx, &i, &cx, 0, NULL);
		json_str_next(sy, ny, &j, &cy, 0, NULL);
		if (cx != cy)
			return cx < cy ? -1 : 1;
	}
	return (i < nx) - (j < ny);
}

static void heap_sift(const struct json_doc *doc, uint32_t *k, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1, big = root;
		if (child < n && name_cmp(doc, k[child], k[big]) > 0)
			big = child;
		if (child + 1 < n && name_cmp(doc, k[child + 1], k[big]) > 0)
			big = child + 1;
		if (big == root)
			return;
		uint32_t t = k[root];
		k[root] = k[big];
		k[big] = t;
		root = big;
	}
}

static void heap_sort(const struct json_doc *doc, uint32_t *k, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		heap_sift(doc, k, i, n);
	for (size_t end = n; end-- > 1;) {
		uint32_t t = k[0];
		k[0] = k[end];
		k[end] = t;
		heap_sift(doc, k, 0, end);
	}
}

static bool duplicate(struct walker *w, uint32_t later)
{
	return err_fail(w->e, R_JSON_DUPLICATE_MEMBER, w->doc->tok[later].start,
			"member name repeated in object");
}

/* RFC 8259 section 4: names SHOULD be unique; we reject duplicates (compared
 * after escape decoding, so "exp" and "\u0065xp" collide). */
static bool check_duplicates(struct walker *w, uint32_t obj)
{
	const struct json_doc *doc = w->doc;
	uint32_t n = doc->tok[obj].size, small[JSON_DUP_PAIRWISE_MAX], *keys = small;
	uint32_t it = obj + 1;
	bool ok = true;

	if (n < 2)
		return true;
	if (n > JSON_DUP_PAIRWISE_MAX && !(keys = malloc((size_t)n * sizeof(*keys))))
		return err_fail(w->e, R_JSON_OUT_OF_MEMORY, ERR_NO_OFFSET, "member sort");
	for (uint32_t i = 0; i < n; i++) {
		keys[i] = it;
		it = doc->tok[it + 1].next;
	}
	if (keys == small) {
		for (uint32_t i = 0; i < n; i++)
			for (uint32_t j = i + 1; j < n; j++)
				if (name_cmp(doc, keys[i], keys[j]) == 0)
					return duplicate(w, keys[j]);
		return true;
	}
	heap_sort(doc, keys, n);
	for (uint32_t i = 1; i < n && ok; i++)
		if (name_cmp(doc, keys[i - 1], keys[i]) == 0)
			ok = duplicate(w, keys[i] > keys[i - 1] ? keys[i] : keys[i - 1]);
	free(keys);
	return ok;
}

/* The token the grammar expects next must exist and start at pos. */
static struct json_tok *expect_tok(struct walker *w, size_t pos, uint8_t type)
{
	struct json_tok *t;
	uint32_t want = type == JSON_STRING ? (uint32_t)pos + 1 : (uint32_t)pos;

	if (w->idx >= w->doc->ntok) {
		err_fail(w->e, R_JSON_SYNTAX, pos, "value expected");
		return NULL;
	}
	t = &w->doc->tok[w->idx];
	if (t->type != type || t->start != want || t->end > w->len || t->end < t->start) {
		err_fail(w->e, R_JSON_SYNTAX, pos, "unexpected token");
		return NULL;
	}
	return t;
}

static bool walk_string(struct walker *w, size_t *pos)
{
	struct json_tok *t = expect_tok(w, *pos, JSON_STRING);
	size_t i = 0, n;
	uint32_t cp;

	if (!t)
		return false;
	if (t->end >= w->len || w->s[t->end] != '"')
		return err_fail(w->e, R_JSON_SYNTAX, *pos, "unterminated string");
	n = t->end - t->start;
	/* Section 7: every character of the content, escapes and UTF-8 included. */
	while (i < n)
		if (!json_str_next(w->s + t->start, n, &i, &cp, t->start, w->e))
			return false;
	t->flags = memchr(w->s + t->start, '\\', n) ? JSON_TOK_ESCAPED : 0;
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
	bool integer = false;

	if (!t)
		return false;
	s = w->s + t->start;
	n = t->end - t->start;
	t->flags = 0;
	/* RFC 8259 section 3: the literal names, lowercase, exactly. */
	if (lit_eq(s, n, "true"))
		t->type = JSON_TRUE;
	else if (lit_eq(s, n, "false"))
		t->type = JSON_FALSE;
	else if (lit_eq(s, n, "null"))
		t->type = JSON_NULL;
	else if (s[0] == 't' || s[0] == 'f' || s[0] == 'n')
		return err_fail(w->e, R_JSON_BAD_LITERAL, t->start, "not true, false or null");
	else if (validate_number(s, n, &integer))
		t->type = JSON_NUMBER;
	else
		return err_fail(w->e, R_JSON_BAD_NUMBER, t->start,
				"not an RFC 8259 section 6 number");
	if (t->type == JSON_NUMBER && integer)
		t->flags = JSON_TOK_INTEGER;
	t->size = 0;
	t->next = ++w->idx;
	*pos = t->end;
	return true;
}

static bool walk_value(struct walker *w, size_t *pos, uint32_t depth);

/* One element (section 5) or member (section 4: name ws ':' ws value) at *pos. */
static bool walk_item(struct walker *w, size_t *pos, uint32_t depth, bool object)
{
	size_t p = *pos;

	if (object) {
		if (p >= w->len || w->s[p] != '"')
			return err_fail(w->e, R_JSON_SYNTAX, p, "member name expected");
		if (!walk_string(w, &p))
			return false;
		p = skip_ws(w->s, w->len, p);
		if (p >= w->len || w->s[p] != ':')
			return err_fail(w->e, R_JSON_SYNTAX, p, "':' expected");
		p = skip_ws(w->s, w->len, p + 1);
	}
	if (!walk_value(w, &p, depth))
		return false;
	*pos = p;
	return true;
}

/* Object (section 4) or array (section 5) starting at *pos. */
static bool walk_container(struct walker *w, size_t *pos, uint32_t depth, bool object)
{
	uint8_t close = object ? '}' : ']';
	struct json_tok *t = expect_tok(w, *pos, object ? JSON_OBJECT : JSON_ARRAY);
	uint32_t me = w->idx, count = 0;
	size_t p;

	if (!t)
		return false;
	if (depth > w->max_depth)
		return err_fail(w->e, R_JSON_TOO_DEEP, *pos, "nesting deeper than %u",
				w->max_depth);
	w->idx++;
	p = skip_ws(w->s, w->len, *pos + 1);
	if (p < w->len && w->s[p] == close)
		p++;
	else
		for (;;) {
			if (!walk_item(w, &p, depth + 1, object))
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
			return err_fail(w->e, R_JSON_SYNTAX, p, "',' or '%c' expected", close);
		}
	t = &w->doc->tok[me];
	if (t->end != p)
		return err_fail(w->e, R_JSON_SYNTAX, *pos, "token boundary mismatch");
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
	uint8_t c;

	if (*pos >= w->len)
		return err_fail(w->e, R_JSON_TRUNCATED, *pos, "value expected");
	c = w->s[*pos];
	if (c == '{' || c == '[')
		return walk_container(w, pos, depth, c == '{');
	if (c == '"')
		return walk_string(w, pos);
	if (c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n')
		return walk_primitive(w, pos);
	return err_fail(w->e, R_JSON_SYNTAX, *pos, "value expected");
}

static bool is_delim(uint8_t c)
{
	return is_ws(c) || c == ',' || c == ']' || c == '}' || c == ':' || c == '[' || c == '{' ||
	       c == '"';
}

/* A top-level scalar: jsmn (strict) wants a delimiter after a primitive, so
 * the one token is made here; the walk validates it. */
static bool scalar_token(struct json_doc *doc, size_t first, struct err *e)
{
	size_t end = first;

	while (end < doc->len && !is_delim((uint8_t)doc->text[end]))
		end++;
	doc->tok = calloc(1, sizeof(*doc->tok));
	if (!doc->tok)
		return err_fail(e, R_JSON_OUT_OF_MEMORY, ERR_NO_OFFSET, "tokens");
	doc->ntok = 1;
	doc->tok[0].type = JSON_PRIMITIVE_PENDING;
	doc->tok[0].start = (uint32_t)first;
	doc->tok[0].end = (uint32_t)end;
	return true;
}

/*
 * jsmn refused the text: r < 0 from the filling pass (or r > max_tokens when
 * max_tokens is 0 and the array had 1 entry). The reason is the one a
 * count-then-fill tokenizer gives: a counting pass's (NULL tokens) error
 * first, then too_many_tokens, then the filling pass's error. Only refused
 * texts pay for this second pass.
 */
static bool jsmn_refused(const struct json_doc *doc, const struct json_limits *lim,
			 const jsmn_parser *filled, int r, struct err *e)
{
	jsmn_parser counter;
	int n;

	jsmn_init(&counter);
	n = jsmn_parse(&counter, doc->text, doc->len, NULL, 0);
	if (n >= 0 && (uint32_t)n > lim->max_tokens)
		return err_fail(e, R_JSON_TOO_MANY_TOKENS, ERR_NO_OFFSET, "%d tokens, limit %u", n,
				lim->max_tokens);
	if (n < 0) {
		r = n;
		filled = &counter;
	}
	if (r == JSMN_ERROR_PART)
		return err_fail(e, R_JSON_TRUNCATED, doc->len, "document ends early");
	return err_fail(e, R_JSON_SYNTAX, filled->pos, "tokenizer rejected input");
}

static uint8_t tok_type(jsmntype_t t)
{
	switch (t) {
	case JSMN_OBJECT:
		return JSON_OBJECT;
	case JSMN_ARRAY:
		return JSON_ARRAY;
	case JSMN_STRING:
		return JSON_STRING;
	default:
		return JSON_PRIMITIVE_PENDING;
	}
}

/* Copies jsmn's tokens into doc->tok. */
static bool copy_tokens(struct json_doc *doc, const jsmntok_t *jt, uint32_t n, struct err *e)
{
	doc->tok = calloc(n, sizeof(*doc->tok));
	if (!doc->tok)
		return err_fail(e, R_JSON_OUT_OF_MEMORY, ERR_NO_OFFSET, "tokens");
	doc->ntok = n;
	for (uint32_t i = 0; i < n; i++) {
		if (jt[i].start < 0 || jt[i].end < jt[i].start)
			return err_fail(e, R_JSON_SYNTAX, ERR_NO_OFFSET, "incomplete token");
		doc->tok[i].start = (uint32_t)jt[i].start;
		doc->tok[i].end = (uint32_t)jt[i].end;
		doc->tok[i].type = tok_type(jt[i].type);
	}
	return true;
}

/*
 * Runs jsmn once over the text. jsmn makes each token at a different byte (its
 * bracket, opening quote or first character), so a text has at most len
 * tokens: an array of min(max_tokens, len) entries holds every text within
 * the limit, and no counting pass is needed first.
 */
static bool tokenize(struct json_doc *doc, const struct json_limits *lim, size_t first,
		     struct err *e)
{
	unsigned cap = lim->max_tokens < doc->len ? lim->max_tokens : (unsigned)doc->len;
	jsmn_parser parser;
	jsmntok_t *jt;
	bool ok;
	int r;

	if (doc->text[first] != '{' && doc->text[first] != '[' && doc->text[first] != '"')
		return scalar_token(doc, first, e);
	cap = cap ? cap : 1; /* max_tokens 0: calloc(0) may return NULL */
	jt = calloc(cap, sizeof(*jt));
	if (!jt)
		return err_fail(e, R_JSON_OUT_OF_MEMORY, ERR_NO_OFFSET, "tokens");
	jsmn_init(&parser);
	r = jsmn_parse(&parser, doc->text, doc->len, jt, cap);
	if (r < 0 || (uint32_t)r > lim->max_tokens) /* the latter: max_tokens 0 */
		ok = jsmn_refused(doc, lim, &parser, r, e);
	else if (r == 0)
		ok = err_fail(e, R_JSON_SYNTAX, first, "no value");
	else
		ok = copy_tokens(doc, jt, parser.toknext, e);
	free(jt);
	return ok;
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
		return err_fail(e, R_JSON_TOO_LARGE, ERR_NO_OFFSET, "%zu bytes, limit %zu", len,
				lim.max_len);
	if (!text)
		len = 0;
	doc->text = text;
	doc->len = len;
	p = skip_ws(text, len, 0);
	if (p >= len)
		return err_fail(e, R_JSON_EMPTY_INPUT, ERR_NO_OFFSET, "no JSON value");
	if (!tokenize(doc, &lim, p, e))
		goto fail;
	w = (struct walker){doc, text, len, 0, lim.max_depth, e};
	if (!walk_value(&w, &p, 1))
		goto fail;
	/* RFC 8259 section 2: JSON-text = ws value ws; nothing else may follow. */
	p = skip_ws(text, len, p);
	if (p != len || w.idx != doc->ntok) {
		err_fail(e, R_JSON_TRAILING_DATA, p, "bytes after the top-level value");
		goto fail;
	}
	return true;
fail:
	json_doc_free(doc);
	memset(doc, 0, sizeof(*doc));
	return false;
}
