#include "attest/evidence_bundle.h"

#include <stdlib.h>
#include <string.h>

#include "core/json_writer.h"
#include "jose/base64.h"
#include "json/json_read.h"

#define L "evidence"

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
	return ok || err_set(e, L, "bundle_too_large", ERR_NO_OFFSET, "evidence bundle");
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
		return err_set(e, L, "bad_bundle_field", ERR_NO_OFFSET, "%s is not a string", name);
	/* Base64 is 4/3 of the bytes: refuse before decoding anything larger than the cap. */
	buf_init(&s, out->max / 3 * 4 + 8);
	if (!json_val_str_buf(d, v, &s, JSON_STR_NO_NUL, e)) {
		err_set(e, L, "bundle_field_too_large", ERR_NO_OFFSET, "%s over %zu bytes", name,
			out->max);
		goto done;
	}
	cap = base64_decoded_max(s.len) + 1;
	tmp = malloc(cap);
	if (!tmp) {
		err_set(e, L, "out_of_memory", ERR_NO_OFFSET, "%s", name);
		goto done;
	}
	if (!base64_decode(BASE64_STD, s.data ? (const char *)s.data : "", s.len, tmp, cap, &n,
			   e)) {
		err_set(e, L, "bad_bundle_base64", ERR_NO_OFFSET, "%s", name);
		goto done;
	}
	buf_reset(out);
	if (!buf_append(out, tmp, n)) {
		err_set(e, L, "bundle_field_too_large", ERR_NO_OFFSET, "%s over %zu bytes", name,
			out->max);
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
		return err_set(e, L, "bad_bundle_field", ERR_NO_OFFSET, "%s", name);
	*out = (uint32_t)x;
	return true;
}

bool evidence_read(const uint8_t *text, size_t n, struct evidence *ev, struct err *e)
{
	struct json_doc d;
	struct json_limits lim = {EVIDENCE_MAX_TEXT, 4096, 8};
	uint32_t it = 0, key, val, seen = 0, pcr_list_mask = 0;
	bool ok = false, have_pcrs = false;
	/* Member bits: 0 format, 1 version, 2 created, 3 tcti, 4 ak_handle, 5 ak_cert_index,
	 * 6 pcr_bank, 7 pcr_selection, 8 pcrs, 9.. the byte-string fields. */
	const uint32_t all = (1u << (9 + NFIELDS)) - 1;

	if (!json_doc_parse(&d, text, n, &lim, e))
		return false;
	if (json_val_type(&d, JSON_ROOT) != JSON_OBJECT) {
		err_set(e, L, "bad_bundle", ERR_NO_OFFSET, "not a JSON object");
		goto out;
	}
	while (json_obj_next(&d, JSON_ROOT, &it, &key, &val)) {
		char name[32];
		size_t nl;
		int bit = -1;
		if (!json_val_str(&d, key, name, sizeof(name), &nl, JSON_STR_NO_NUL, NULL)) {
			err_set(e, L, "bad_bundle", d.tok[key].start, "unknown member");
			goto out;
		}
		static const char *const fixed[] = {"format",	"version",	 "created",
						    "tcti",	"ak_handle",	 "ak_cert_index",
						    "pcr_bank", "pcr_selection", "pcrs"};
		for (int i = 0; i < 9; i++)
			if (strcmp(name, fixed[i]) == 0)
				bit = i;
		for (size_t i = 0; i < NFIELDS && bit < 0; i++)
			if (strcmp(name, fields[i].name) == 0)
				bit = 9 + (int)i;
		if (bit < 0) {
			err_set(e, L, "bad_bundle", d.tok[key].start, "unknown member \"%s\"",
				name);
			goto out;
		}
		seen |= 1u << bit;
		switch (bit) {
		case 0:
			if (!json_val_str_eq(&d, val, EVIDENCE_FORMAT, strlen(EVIDENCE_FORMAT))) {
				err_set(e, L, "bad_bundle", ERR_NO_OFFSET, "format is not %s",
					EVIDENCE_FORMAT);
				goto out;
			}
			break;
		case 1: {
			uint32_t v = 0;
			if (!get_u32(&d, val, "version", &v, e))
				goto out;
			if (v != EVIDENCE_VERSION) {
				err_set(e, L, "unsupported_bundle_version", ERR_NO_OFFSET,
					"version %u (this build reads %d)", v, EVIDENCE_VERSION);
				goto out;
			}
			break;
		}
		case 2:
			if (!json_val_u64(&d, val, &ev->created, e))
				goto out;
			break;
		case 3:
			if (!json_val_str(&d, val, ev->tcti, sizeof(ev->tcti), NULL,
					  JSON_STR_NO_NUL, e))
				goto out;
			break;
		case 4:
			if (!get_u32(&d, val, "ak_handle", &ev->ak_handle, e))
				goto out;
			break;
		case 5:
			if (!get_u32(&d, val, "ak_cert_index", &ev->ak_cert_index, e))
				goto out;
			break;
		case 6:
			if (!json_val_str_eq(&d, val, "sha256", 6)) {
				err_set(e, L, "bad_bundle_field", ERR_NO_OFFSET,
					"pcr_bank must be sha256");
				goto out;
			}
			break;
		case 7: {
			uint32_t j = 0, el;
			int last = -1;
			if (json_val_type(&d, val) != JSON_ARRAY) {
				err_set(e, L, "bad_bundle_field", ERR_NO_OFFSET, "pcr_selection");
				goto out;
			}
			while (json_arr_next(&d, val, &j, &el)) {
				uint32_t p = 0;
				if (!get_u32(&d, el, "pcr_selection", &p, e) ||
				    p >= EVIDENCE_NUM_PCRS || (int)p <= last) {
					err_set(e, L, "bad_bundle_field", ERR_NO_OFFSET,
						"pcr_selection: ascending indices 0-23");
					goto out;
				}
				last = (int)p;
				ev->pcr_mask |= 1u << p;
			}
			break;
		}
		case 8: {
			uint32_t j = 0, el, iv, dv;
			struct buf one;
			if (json_val_type(&d, val) != JSON_ARRAY) {
				err_set(e, L, "bad_bundle_field", ERR_NO_OFFSET, "pcrs");
				goto out;
			}
			buf_init(&one, 32);
			while (json_arr_next(&d, val, &j, &el)) {
				uint32_t p = 0;
				/* Start clean, so the check below sees only this element's error.
				 */
				if (e)
					err_clear(e);
				if (json_val_type(&d, el) != JSON_OBJECT ||
				    json_val_size(&d, el) != 2 ||
				    !json_get(&d, el, "index", JSON_NUMBER, &iv, e) ||
				    !json_get(&d, el, "digest", JSON_STRING, &dv, e) ||
				    !get_u32(&d, iv, "pcrs.index", &p, e) ||
				    p >= EVIDENCE_NUM_PCRS || (pcr_list_mask >> p & 1) ||
				    !get_b64(&d, dv, "pcrs.digest", &one, e) || one.len != 32) {
					buf_free(&one);
					if (!e || !e->reason || !e->layer ||
					    strcmp(e->layer, L) != 0)
						err_set(e, L, "bad_bundle_field", ERR_NO_OFFSET,
							"pcrs: {index 0-23 once, digest 32 bytes}");
					goto out;
				}
				pcr_list_mask |= 1u << p;
				memcpy(ev->pcr[p], one.data, 32);
			}
			buf_free(&one);
			have_pcrs = true;
			break;
		}
		default: {
			size_t i = (size_t)bit - 9;
			if (fields[i].nullable && json_val_type(&d, val) == JSON_NULL)
				break;
			if (!get_b64(&d, val, fields[i].name, field_buf(ev, i), e))
				goto out;
			if (i == 5)
				ev->has_eventlog = true;
			if (i == 9)
				ev->has_hcl = true;
			break;
		}
		}
	}
	if (seen != all) {
		for (int b = 0; b < 9 + (int)NFIELDS; b++)
			if (!(seen >> b & 1)) {
				err_set(e, L, "bad_bundle", ERR_NO_OFFSET, "member %d missing", b);
				break;
			}
		goto out;
	}
	if (!have_pcrs || pcr_list_mask != ev->pcr_mask || ev->pcr_mask == 0) {
		err_set(e, L, "bad_bundle_field", ERR_NO_OFFSET,
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
	return err_setc(e, ERR_USAGE, "usage", "bad_pcr_list", ERR_NO_OFFSET,
			"'%.40s': want PCR indices 0-23 like 0-7 or 0,1,2,7", s ? s : "");
}
