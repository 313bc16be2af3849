/*
 * Fuzz target: json_doc_parse() (src/jose/json.c), the strict RFC 8259 reader,
 * plus every typed getter on every token, and the property that a parsed
 * document written back through the JSON writer (json_val_write) re-parses
 * to an equal value (json_val_equal).
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/json_writer.h"
#include "jose/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Depth within the writer's cap so that a parsed document is writable. */
	const struct json_limits lim = {1u << 20, 1u << 16, JSON_WRITER_MAX_DEPTH};
	struct json_doc doc, again;
	struct json_writer w;
	struct buf out, tmp;
	struct err e;
	char small[16];

	err_clear(&e);
	if (!json_doc_parse(&doc, data, size, &lim, &e))
		return 0;
	buf_init(&tmp, size + 1);
	for (uint32_t v = 0; v < doc.ntok; v++) {
		int64_t i;
		uint64_t u;
		bool b;
		uint32_t it = 0, k, x;
		json_val_str(&doc, v, small, sizeof(small), NULL, JSON_STR_NO_NUL, &e);
		json_val_str_buf(&doc, v, &tmp, 0, &e);
		json_val_i64(&doc, v, &i, &e);
		json_val_u64(&doc, v, &u, &e);
		json_val_bool(&doc, v, &b, &e);
		while (json_obj_next(&doc, v, &it, &k, &x))
			json_find(&doc, v, "a.0.b", &x);
	}
	buf_free(&tmp);
	buf_init(&out, 8 * size + 64);
	json_writer_init(&w, &out);
	if (json_val_write(&doc, JSON_ROOT, &w, &e) && json_writer_ok(&w)) {
		if (!json_doc_parse(&again, out.data, out.len, &lim, &e))
			abort(); /* the writer produced text the reader refuses */
		if (!json_val_equal(&doc, JSON_ROOT, &again, JSON_ROOT))
			abort(); /* round trip changed the value */
		json_doc_free(&again);
	}
	buf_free(&out);
	json_doc_free(&doc);
	return 0;
}
