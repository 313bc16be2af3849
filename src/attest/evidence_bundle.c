#include "attest/evidence_bundle.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "jose/base64.h"
#include "json/json_read.h"
#include "json/json_writer.h"

static struct buf *field_buf(struct evidence *ev, size_t i);

static const struct {
	const char *name;
	size_t cap;
	bool nullable;
} fields[] = {
    {"ak_pub", EVIDENCE_MAX_FIELD, false},
    {"ak_cert", EVIDENCE_MAX_FIELD, false},
    {"nonce", 64, false},
    {"quote", EVIDENCE_MAX_FIELD, false},
    {"quote_signature", EVIDENCE_MAX_FIELD, false},
    {"eventlog", EVIDENCE_MAX_LOG, true},
    {"enc_key_pub", EVIDENCE_MAX_FIELD, false},
    {"enc_key_certify_info", EVIDENCE_MAX_FIELD, false},
    {"enc_key_certify_signature", EVIDENCE_MAX_FIELD, false},
    {"hcl_report", EVIDENCE_MAX_FIELD, true},
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static struct buf *field_buf(struct evidence *ev, size_t i)
{
	struct buf *b[NFIELDS] = {
	    &ev->ak_pub,   &ev->ak_cert,     &ev->nonce,	&ev->quote,	  &ev->quote_sig,
	    &ev->eventlog, &ev->enc_key_pub, &ev->certify_info, &ev->certify_sig, &ev->hcl_report};
	return b[i];
}

void evidence_init(struct evidence *ev)
{
	memset(ev, 0, sizeof(*ev));
	for (size_t i = 0; i < NFIELDS; i++)
		buf_init(field_buf(ev, i), fields[i].cap);
}

void evidence_free(struct evidence *ev)
{
	for (size_t i = 0; i < NFIELDS; i++)
		buf_free(field_buf(ev, i));
}

size_t evidence_pcr_values(const struct evidence *ev, uint8_t *out)
{
	size_t k = 0;
	for (unsigned i = 0; i < EVIDENCE_NUM_PCRS; i++)
		if (ev->pcr_mask >> i & 1)
			memcpy(out + 32 * k++, ev->pcr[i], 32);
	return 32 * k;
}

static void kv_b64(struct json_writer *w, const char *key, const struct buf *b, bool present,
		   struct buf *tmp)
{
	json_key(w, key);
	if (!present) {
		json_null(w);
		return;
	}
	buf_reset(tmp);
	base64_encode(BASE64_STD, b->data, b->len, tmp);
	json_strn(w, tmp->data ? (const char *)tmp->data : "", tmp->len);
}

bool evidence_write(const struct evidence *ev, struct buf *out, struct err *e)
{
	struct json_writer w;
	struct buf tmp;
	bool ok;

	buf_init(&tmp, EVIDENCE_MAX_TEXT);
	json_writer_init(&w, out);
	json_obj_begin(&w);
	json_kv_str(&w, "format", EVIDENCE_FORMAT);
	json_kv_u64(&w, "version", EVIDENCE_VERSION);
	json_kv_u64(&w, "created", ev->created);
	json_kv_str(&w, "tcti", ev->tcti);
	json_kv_u64(&w, "ak_handle", ev->ak_handle);
	json_kv_u64(&w, "ak_cert_index", ev->ak_cert_index);
	for (size_t i = 0; i < NFIELDS; i++) {
		bool present = !fields[i].nullable || (i == 5 ? ev->has_eventlog : ev->has_hcl);
		if (i == 5) { /* the PCR block goes before the event log, for readers */
			json_kv_str(&w, "pcr_bank", "sha256");
			json_key(&w, "pcr_selection");
			json_arr_begin(&w);
			for (unsigned p = 0; p < EVIDENCE_NUM_PCRS; p++)
				if (ev->pcr_mask >> p & 1)
					json_u64(&w, p);
			json_arr_end(&w);
			json_key(&w, "pcrs");
			json_arr_begin(&w);
			for (unsigned p = 0; p < EVIDENCE_NUM_PCRS; p++) {
				struct buf one = {.data = (uint8_t *)ev->pcr[p], .len = 32};
				if (!(ev->pcr_mask >> p & 1))
					continue;
				json_obj_begin(&w);
				json_kv_u64(&w, "index", p);
				kv_b64(&w, "digest", &one, true, &tmp);
				json_obj_end(&w);
			}
			json_arr_end(&w);
		}
		kv_b64(&w, fields[i].name, field_buf((struct evidence *)ev, i), present, &tmp);
	}
	json_obj_end(&w);
	ok = json_writer_ok(&w) && buf_ok(&tmp);
	buf_free(&tmp);
	return ok || err_fail(e, R_ATTEST_BUNDLE_TOO_LARGE, ERR_NO_OFFSET, "evidence bundle");
}

/* A base64 string member into out; its decoded size is capped by out->max. */
static bool get_b64(const struct json_doc *d, uint32_t v, const char *name, struct buf *out,
		    struct err *e)
{
	struct buf s;
	uint8_t *tmp = NULL;
	size_t n = 0, cap;
	bool ok = false;

	if (json_val_type(d, v) != JSON_STRING)
		return err_fail(e, R_ATTEST_BAD_BUNDLE_FIELD, ERR_NO_OFFSET, "%s is not a string",
				name);
	/* Base64 is 4/3 of the bytes: refuse before decoding anything larger than the cap. */
	buf_init(&s, out->max / 3 * 4 + 8);
	if (!json_val_str_buf(d, v, &s, JSON_STR_NO_NUL, e)) {
		err_fail(e, R_ATTEST_BUNDLE_FIELD_TOO_LARGE, ERR_NO_OFFSET, "%s over %zu bytes",
			 name, out->max);
		goto done;
	}
	cap = base64_decoded_max(s.len) + 1;
	tmp = malloc(cap);
	if (!tmp) {
		err_fail(e, R_ATTEST_OUT_OF_MEMORY, ERR_NO_OFFSET, "%s", name);
		goto done;
	}
	if (!base64_decode(BASE64_STD, s.data ? (const char *)s.data : "", s.len, tmp, cap, &n,
			   e)) {
		err_fail(e, R_ATTEST_BAD_BUNDLE_BASE64, ERR_NO_OFFSET, "%s", name);
		goto done;
	}
	buf_reset(out);
	if (!buf_append(out, tmp, n)) {
		err_fail(e, R_ATTEST_BUNDLE_FIELD_TOO_LARGE, ERR_NO_OFFSET, "%s over %zu bytes",
			 name, out->max);
		goto done;
	}
	ok = true;
done:
	free(tmp);
	buf_free(&s);
	return ok;
}

static bool get_u32(const struct json_doc *d, uint32_t v, const char *name, uint32_t *out,
		    struct err *e)
{
	uint64_t x;
	if (!json_val_u64(d, v, &x, e) || x > UINT32_MAX)
		return err_fail(e, R_ATTEST_BAD_BUNDLE_FIELD, ERR_NO_OFFSET, "%s", name);
	*out = (uint32_t)x;
	return true;
}

/* What evidence_read has seen of the "pcrs" member, checked against pcr_selection at the end. */
struct read_state {
	uint32_t pcrs_mask;
	bool have_pcrs;
};

/* Reads one member's value into ev; `at` / `present_at` are offsets into struct evidence. */
typedef bool (*member_reader)(const struct json_doc *d, uint32_t v, const char *name, size_t at,
			      size_t present_at, struct evidence *ev, struct read_state *st,
			      struct err *e);

static void *field_at(struct evidence *ev, size_t at)
{
	return (char *)ev + at;
}

static bool read_format(const struct json_doc *d, uint32_t v, const char *name, size_t at,
			size_t present_at, struct evidence *ev, struct read_state *st,
			struct err *e)
{
	(void)name, (void)at, (void)present_at, (void)ev, (void)st;
	return json_val_str_eq(d, v, EVIDENCE_FORMAT, strlen(EVIDENCE_FORMAT)) ||
	       err_fail(e, R_ATTEST_BAD_BUNDLE, ERR_NO_OFFSET, "format is not %s", EVIDENCE_FORMAT);
}

static bool read_version(const struct json_doc *d, uint32_t v, const char *name, size_t at,
			 size_t present_at, struct evidence *ev, struct read_state *st,
			 struct err *e)
{
	uint32_t x = 0;
	(void)at, (void)present_at, (void)ev, (void)st;
	if (!get_u32(d, v, name, &x, e))
		return false;
	return x == EVIDENCE_VERSION ||
	       err_fail(e, R_ATTEST_UNSUPPORTED_BUNDLE_VERSION, ERR_NO_OFFSET,
			"version %u (this build reads %d)", x, EVIDENCE_VERSION);
}

static bool read_u64(const struct json_doc *d, uint32_t v, const char *name, size_t at,
		     size_t present_at, struct evidence *ev, struct read_state *st, struct err *e)
{
	(void)name, (void)present_at, (void)st;
	return json_val_u64(d, v, field_at(ev, at), e);
}

static bool read_u32(const struct json_doc *d, uint32_t v, const char *name, size_t at,
		     size_t present_at, struct evidence *ev, struct read_state *st, struct err *e)
{
	(void)present_at, (void)st;
	return get_u32(d, v, name, field_at(ev, at), e);
}

static bool read_tcti(const struct json_doc *d, uint32_t v, const char *name, size_t at,
		      size_t present_at, struct evidence *ev, struct read_state *st, struct err *e)
{
	(void)name, (void)at, (void)present_at, (void)st;
	return json_val_str(d, v, ev->tcti, sizeof(ev->tcti), NULL, JSON_STR_NO_NUL, e);
}

static bool read_pcr_bank(const struct json_doc *d, uint32_t v, const char *name, size_t at,
			  size_t present_at, struct evidence *ev, struct read_state *st,
			  struct err *e)
{
	(void)name, (void)at, (void)present_at, (void)ev, (void)st;
	return json_val_str_eq(d, v, "sha256", 6) ||
	       err_fail(e, R_ATTEST_BAD_BUNDLE_FIELD, ERR_NO_OFFSET, "pcr_bank must be sha256");
}

/* Ascending PCR indices 0-23 into pcr_mask. */
static bool read_pcr_selection(const struct json_doc *d, uint32_t v, const char *name, size_t at,
			       size_t present_at, struct evidence *ev, struct read_state *st,
			       struct err *e)
{
	uint32_t j = 0, el;
	int last = -1;

	(void)at, (void)present_at, (void)st;
	if (json_val_type(d, v) != JSON_ARRAY)
		return err_fail(e, R_ATTEST_BAD_BUNDLE_FIELD, ERR_NO_OFFSET, "%s", name);
	while (json_arr_next(d, v, &j, &el)) {
		uint32_t p = 0;
		if (!get_u32(d, el, name, &p, e) || p >= EVIDENCE_NUM_PCRS || (int)p <= last)
			return err_fail(e, R_ATTEST_BAD_BUNDLE_FIELD, ERR_NO_OFFSET,
					"pcr_selection: ascending indices 0-23");
		last = (int)p;
		ev->pcr_mask |= 1u << p;
	}
	return true;
}

/* One {"index": N, "digest": 32 bytes} element of "pcrs"; each index once. */
static bool read_pcr_value(const struct json_doc *d, uint32_t el, struct evidence *ev,
			   struct read_state *st, struct buf *one, struct err *e)
{
	uint32_t iv, dv, p = 0;

	/* Start clean, so the check below sees only this element's error. */
	if (e)
		err_clear(e);
	if (json_val_type(d, el) != JSON_OBJECT || json_val_size(d, el) != 2 ||
	    !json_get(d, el, "index", JSON_NUMBER, &iv, e) ||
	    !json_get(d, el, "digest", JSON_STRING, &dv, e) ||
	    !get_u32(d, iv, "pcrs.index", &p, e) || p >= EVIDENCE_NUM_PCRS ||
	    (st->pcrs_mask >> p & 1) || !get_b64(d, dv, "pcrs.digest", one, e) || one->len != 32) {
		/* Keep a bundle-level reason; anything else names the field. */
		if (!e || !reason_lookup(e->id) ||
		    reason_lookup(e->id)->layer_id != ERR_LAYER_attest)
			err_fail(e, R_ATTEST_BAD_BUNDLE_FIELD, ERR_NO_OFFSET,
				 "pcrs: {index 0-23 once, digest 32 bytes}");
		return false;
	}
	st->pcrs_mask |= 1u << p;
	memcpy(ev->pcr[p], one->data, 32);
	return true;
}

static bool read_pcrs(const struct json_doc *d, uint32_t v, const char *name, size_t at,
		      size_t present_at, struct evidence *ev, struct read_state *st, struct err *e)
{
	uint32_t j = 0, el;
	struct buf one;
	bool ok = true;

	(void)at, (void)present_at;
	if (json_val_type(d, v) != JSON_ARRAY)
		return err_fail(e, R_ATTEST_BAD_BUNDLE_FIELD, ERR_NO_OFFSET, "%s", name);
	buf_init(&one, 32);
	while (ok && json_arr_next(d, v, &j, &el))
		ok = read_pcr_value(d, el, ev, st, &one, e);
	buf_free(&one);
	st->have_pcrs = ok;
	return ok;
}

/* A base64 byte string into the struct buf at `at` (capped by its max); null when nullable. */
static bool read_bytes(const struct json_doc *d, uint32_t v, const char *name, size_t at,
		       size_t present_at, struct evidence *ev, struct read_state *st, struct err *e)
{
	(void)st;
	if (present_at && json_val_type(d, v) == JSON_NULL)
		return true;
	if (!get_b64(d, v, name, field_at(ev, at), e))
		return false;
	if (present_at)
		*(bool *)field_at(ev, present_at) = true;
	return true;
}

#define AT(f) offsetof(struct evidence, f)

/* Every member of the schema (evidence_bundle.h): name, reader, required, destination and,
 * for nullable byte strings, the flag set when present. */
static const struct member {
	const char *name;
	member_reader read;
	bool required;
	size_t at, present_at;
} members[] = {
    {"format", read_format, true, 0, 0},
    {"version", read_version, true, 0, 0},
    {"created", read_u64, true, AT(created), 0},
    {"tcti", read_tcti, true, AT(tcti), 0},
    {"ak_handle", read_u32, true, AT(ak_handle), 0},
    {"ak_cert_index", read_u32, true, AT(ak_cert_index), 0},
    {"pcr_bank", read_pcr_bank, true, 0, 0},
    {"pcr_selection", read_pcr_selection, true, AT(pcr_mask), 0},
    {"pcrs", read_pcrs, true, AT(pcr), 0},
    {"ak_pub", read_bytes, true, AT(ak_pub), 0},
    {"ak_cert", read_bytes, true, AT(ak_cert), 0},
    {"nonce", read_bytes, true, AT(nonce), 0},
    {"quote", read_bytes, true, AT(quote), 0},
    {"quote_signature", read_bytes, true, AT(quote_sig), 0},
    {"eventlog", read_bytes, true, AT(eventlog), AT(has_eventlog)},
    {"enc_key_pub", read_bytes, true, AT(enc_key_pub), 0},
    {"enc_key_certify_info", read_bytes, true, AT(certify_info), 0},
    {"enc_key_certify_signature", read_bytes, true, AT(certify_sig), 0},
    {"hcl_report", read_bytes, true, AT(hcl_report), AT(has_hcl)},
};
#define NMEMBERS (sizeof(members) / sizeof(members[0]))

/* The member named by key, or NULL (then e says why). */
static const struct member *find_member(const struct json_doc *d, uint32_t key, size_t *index,
					struct err *e)
{
	char name[32];
	size_t nl;

	if (!json_val_str(d, key, name, sizeof(name), &nl, JSON_STR_NO_NUL, NULL)) {
		err_fail(e, R_ATTEST_BAD_BUNDLE, d->tok[key].start, "unknown member");
		return NULL;
	}
	for (size_t i = 0; i < NMEMBERS; i++)
		if (strcmp(name, members[i].name) == 0) {
			*index = i;
			return &members[i];
		}
	err_fail(e, R_ATTEST_BAD_BUNDLE, d->tok[key].start, "unknown member \"%s\"", name);
	return NULL;
}

bool evidence_read(const uint8_t *text, size_t n, struct evidence *ev, struct err *e)
{
	struct json_doc d;
	struct json_limits lim = {EVIDENCE_MAX_TEXT, 4096, 8};
	struct read_state st = {0, false};
	uint32_t it = 0, key, val, seen = 0;
	bool ok = false;

	if (!json_doc_parse(&d, text, n, &lim, e))
		return false;
	if (json_val_type(&d, JSON_ROOT) != JSON_OBJECT) {
		err_fail(e, R_ATTEST_BAD_BUNDLE, ERR_NO_OFFSET, "not a JSON object");
		goto out;
	}
	while (json_obj_next(&d, JSON_ROOT, &it, &key, &val)) {
		size_t i = 0;
		const struct member *m = find_member(&d, key, &i, e);
		if (!m || !m->read(&d, val, m->name, m->at, m->present_at, ev, &st, e))
			goto out;
		seen |= 1u << i;
	}
	for (size_t i = 0; i < NMEMBERS; i++)
		if (members[i].required && !(seen >> i & 1)) {
			err_fail(e, R_ATTEST_BAD_BUNDLE, ERR_NO_OFFSET, "member \"%s\" missing",
				 members[i].name);
			goto out;
		}
	if (!st.have_pcrs || st.pcrs_mask != ev->pcr_mask || ev->pcr_mask == 0) {
		err_fail(e, R_ATTEST_BAD_BUNDLE_FIELD, ERR_NO_OFFSET,
			 "pcrs do not cover exactly pcr_selection");
		goto out;
	}
	ok = true;
out:
	json_doc_free(&d);
	return ok;
}

bool pcr_list_parse(const char *s, uint32_t *mask, struct err *e)
{
	uint32_t m = 0;
	const char *p = s;

	if (!s || !*s)
		goto bad;
	while (*p) {
		unsigned a = 0, b;
		int digits = 0;
		while (*p >= '0' && *p <= '9' && digits < 3)
			a = a * 10 + (unsigned)(*p++ - '0'), digits++;
		if (!digits)
			goto bad;
		b = a;
		if (*p == '-') {
			p++;
			b = 0;
			digits = 0;
			while (*p >= '0' && *p <= '9' && digits < 3)
				b = b * 10 + (unsigned)(*p++ - '0'), digits++;
			if (!digits)
				goto bad;
		}
		if (a > b || b >= EVIDENCE_NUM_PCRS)
			goto bad;
		for (unsigned i = a; i <= b; i++)
			m |= 1u << i;
		if (*p == ',') {
			p++;
			if (!*p)
				goto bad;
		} else if (*p) {
			goto bad;
		}
	}
	*mask = m;
	return true;
bad:
	return err_fail(e, R_USAGE_BAD_PCR_LIST, ERR_NO_OFFSET,
			"'%.40s': want PCR indices 0-23 like 0-7 or 0,1,2,7", s ? s : "");
}
