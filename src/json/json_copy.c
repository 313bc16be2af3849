/* json_copy: a parsed value through the JSON writer (contract in json_copy.h). */
#include "json/json_copy.h"

#include <string.h>

static bool write_rec(const struct json_doc *doc, uint32_t v, struct json_writer *w,
		      struct buf *tmp, struct err *e);

static bool write_object(const struct json_doc *doc, uint32_t v, struct json_writer *w,
			 struct buf *tmp, struct err *e)
{
	uint32_t it = 0, k, x;

	json_obj_begin(w);
	while (json_obj_next(doc, v, &it, &k, &x)) {
		if (!json_val_str_buf(doc, k, tmp, 0, e) || !buf_cstr(tmp))
			return false;
		/* json_key() takes a C string: a name with U+0000 cannot be written. */
		if (memchr(tmp->data, 0, tmp->len))
			return err_fail(e, R_JSON_UNWRITABLE_KEY, doc->tok[k].start,
					"member name contains U+0000");
		json_key(w, (const char *)tmp->data);
		if (!write_rec(doc, x, w, tmp, e))
			return false;
	}
	json_obj_end(w);
	return true;
}

static bool write_rec(const struct json_doc *doc, uint32_t v, struct json_writer *w,
		      struct buf *tmp, struct err *e)
{
	uint32_t it = 0, x;

	switch (json_val_type(doc, v)) {
	case JSON_OBJECT:
		return write_object(doc, v, w, tmp, e);
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
	case JSON_FALSE:
		json_bool(w, json_val_type(doc, v) == JSON_TRUE);
		return true;
	case JSON_NULL:
		json_null(w);
		return true;
	default:
		return err_fail(e, R_JSON_WRONG_TYPE, ERR_NO_OFFSET, "no such value");
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
