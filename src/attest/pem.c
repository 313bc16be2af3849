#include "attest/pem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl_pem.h>

#include "core/buf.h"

static void pem_append(void *ctx, const void *p, size_t n)
{
	buf_append(ctx, p, n); /* sticky failure past PEM_MAX_DER, checked at END */
}

bool pem_decode_all(const uint8_t *text, size_t len, struct pem_obj *out, size_t max, size_t *n,
		    struct err *e)
{
	br_pem_decoder_context pc;
	struct buf cur;
	bool in_obj = false, pushed_nl = false;
	size_t k = 0;
	const uint8_t *p = text;
	size_t left = len;

	*n = 0;
	if (len > PEM_MAX_TEXT)
		return err_fail(e, R_ATTEST_PEM_TOO_LARGE, ERR_NO_OFFSET, "over %u bytes",
				PEM_MAX_TEXT);
	buf_init(&cur, PEM_MAX_DER);
	br_pem_decoder_init(&pc);
	for (;;) {
		if (left == 0) {
			/* BearSSL needs a newline after the END line; supply one at EOF. */
			if (pushed_nl)
				break;
			pushed_nl = true;
			p = (const uint8_t *)"\n";
			left = 1;
		}
		size_t used = br_pem_decoder_push(&pc, p, left);
		p += used;
		left -= used;
		switch (br_pem_decoder_event(&pc)) {
		case BR_PEM_BEGIN_OBJ:
			if (k >= max) {
				err_fail(e, R_ATTEST_PEM_TOO_MANY_OBJECTS, ERR_NO_OFFSET,
					 "more than %zu objects", max);
				goto fail;
			}
			buf_reset(&cur);
			snprintf(out[k].name, sizeof(out[k].name), "%s", br_pem_decoder_name(&pc));
			br_pem_decoder_setdest(&pc, pem_append, &cur);
			in_obj = true;
			break;
		case BR_PEM_END_OBJ:
			if (!in_obj || !buf_ok(&cur) || cur.len == 0) {
				err_fail(e, R_ATTEST_BAD_PEM, ERR_NO_OFFSET,
					 "object empty or over %zu bytes", PEM_MAX_DER);
				goto fail;
			}
			out[k].der = cur.data; /* ownership moves to out[k] */
			out[k].len = cur.len;
			k++;
			buf_init(&cur, PEM_MAX_DER);
			in_obj = false;
			break;
		case BR_PEM_ERROR:
			err_fail(e, R_ATTEST_BAD_PEM, ERR_NO_OFFSET, "malformed PEM");
			goto fail;
		default:
			break;
		}
	}
	if (in_obj) {
		err_fail(e, R_ATTEST_BAD_PEM, ERR_NO_OFFSET, "unterminated PEM object");
		goto fail;
	}
	buf_free(&cur);
	*n = k;
	return true;
fail:
	buf_free(&cur);
	pem_free_all(out, k);
	return false;
}

void pem_free_all(struct pem_obj *objs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(objs[i].der);
		objs[i].der = NULL;
		objs[i].len = 0;
	}
}

bool pem_encode(const char *banner, const uint8_t *der, size_t len, struct buf *out)
{
	size_t need;

	if (len == 0 || len > PEM_MAX_DER)
		return false;
	need = br_pem_encode(NULL, der, len, banner, BR_PEM_LINE64);
	/* br_pem_encode writes a NUL after the text: buf_reserve keeps room for one. */
	if (!buf_reserve(out, need))
		return false;
	br_pem_encode(out->data + out->len, der, len, banner, BR_PEM_LINE64);
	out->len += need;
	return true;
}
