/* Unit tests for src/attest/evidence_bundle.c: write/read round trip and strict reading. */
#include "test_util.h"

#include "attest/evidence_bundle.h"

static void fill(struct evidence *ev)
{
	evidence_init(ev);
	ev->created = 1700000000;
	snprintf(ev->tcti, sizeof(ev->tcti), "swtpm:host=127.0.0.1,port=2321");
	ev->ak_handle = 0x81000003;
	ev->ak_cert_index = 0x01C101D0;
	ev->pcr_mask = 0x83; /* 0, 1, 7 */
	for (int i = 0; i < 24; i++)
		memset(ev->pcr[i], i, 32);
	buf_append(&ev->ak_pub, "akpub", 5);
	buf_append(&ev->ak_cert, "\x30\x00", 2);
	buf_append(&ev->nonce, "0123456789abcdef0123456789abcdef", 32);
	buf_append(&ev->quote, "quote", 5);
	buf_append(&ev->quote_sig, "sig", 3);
	buf_append(&ev->enc_key_pub, "enc", 3);
	buf_append(&ev->certify_info, "cert", 4);
	buf_append(&ev->certify_sig, "csig", 4);
	ev->has_eventlog = true;
	buf_append(&ev->eventlog, "log\0log", 7);
	ev->has_hcl = false;
}

static void test_round_trip_keeps_every_field(void **state)
{
	(void)state;
	struct evidence a, b;
	struct buf out;
	struct err e;

	fill(&a);
	buf_init(&out, EVIDENCE_MAX_TEXT);
	assert_true(evidence_write(&a, &out, &e));
	evidence_init(&b);
	assert_true(evidence_read(out.data, out.len, &b, &e));
	assert_int_equal(b.pcr_mask, 0x83);
	assert_memory_equal(b.pcr[7], a.pcr[7], 32);
	assert_int_equal(b.nonce.len, 32);
	assert_int_equal(b.eventlog.len, 7);
	assert_memory_equal(b.eventlog.data, "log\0log", 7);
	assert_true(b.has_eventlog);
	assert_false(b.has_hcl);
	assert_int_equal(b.ak_handle, 0x81000003);
	assert_string_equal(b.tcti, a.tcti);
	evidence_free(&a);
	evidence_free(&b);
	buf_free(&out);
}

static const char *read_reason(const char *text)
{
	static char r[64];
	struct evidence ev;
	struct err e;
	bool ok;

	evidence_init(&ev);
	ok = evidence_read((const uint8_t *)text, strlen(text), &ev, &e);
	snprintf(r, sizeof(r), "%s", ok ? "ok" : e.reason);
	evidence_free(&ev);
	return r;
}

/* The written document with one textual substitution. */
static char *variant(const char *from, const char *to)
{
	struct evidence a;
	struct buf out;
	struct err e;
	char *s, *p, *res;

	fill(&a);
	buf_init(&out, EVIDENCE_MAX_TEXT);
	assert_true(evidence_write(&a, &out, &e));
	s = strdup(buf_cstr(&out));
	p = strstr(s, from);
	assert_non_null(p);
	size_t head = (size_t)(p - s), tl = strlen(to), rest = strlen(p + strlen(from));
	res = malloc(head + tl + rest + 1);
	memcpy(res, s, head);
	memcpy(res + head, to, tl);
	memcpy(res + head + tl, p + strlen(from), rest + 1);
	free(s);
	evidence_free(&a);
	buf_free(&out);
	return res;
}

static void test_strict_reader_names_each_problem(void **state)
{
	(void)state;
	char *v;
	v = variant("\"version\":1", "\"version\":2");
	assert_string_equal(read_reason(v), "unsupported_bundle_version");
	free(v);
	v = variant("\"version\":1", "\"version\":1,\"x\":0");
	assert_string_equal(read_reason(v), "bad_bundle");
	free(v);
	v = variant("\"format\":\"attest-init-evidence\",", "");
	assert_string_equal(read_reason(v), "bad_bundle");
	free(v);
	v = variant("\"quote\":\"", "\"quote\":\"!");
	assert_string_equal(read_reason(v), "bad_bundle_base64");
	free(v);
	v = variant("\"pcr_selection\":[0,1,7]", "\"pcr_selection\":[0,1,6]");
	assert_string_equal(read_reason(v), "bad_bundle_field");
	free(v);
	v = variant("\"pcr_selection\":[0,1,7]", "\"pcr_selection\":[1,0,7]");
	assert_string_equal(read_reason(v), "bad_bundle_field");
	free(v);
	v = variant("\"pcr_bank\":\"sha256\"", "\"pcr_bank\":\"sha1\"");
	assert_string_equal(read_reason(v), "bad_bundle_field");
	free(v);
	v = variant("\"hcl_report\":null", "\"hcl_report\":3");
	assert_string_equal(read_reason(v), "bad_bundle_field");
	free(v);
	assert_string_equal(read_reason("[]"), "bad_bundle");
	assert_string_equal(read_reason("{\"a\":1,\"a\":2}"), "duplicate_member");
}

static void test_pcr_list_parse(void **state)
{
	(void)state;
	uint32_t m;
	struct err e;
	assert_true(pcr_list_parse("0-7", &m, &e));
	assert_int_equal(m, 0xff);
	assert_true(pcr_list_parse("0,2,4-5,23", &m, &e));
	assert_int_equal(m, 0x800035);
	assert_false(pcr_list_parse("24", &m, &e));
	assert_int_equal(e.cls, ERR_USAGE);
	assert_false(pcr_list_parse("7-0", &m, &e));
	assert_false(pcr_list_parse("1,", &m, &e));
	assert_false(pcr_list_parse("", &m, &e));
	assert_false(pcr_list_parse("1 2", &m, &e));
	assert_false(pcr_list_parse("0001", &m, &e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip_keeps_every_field),
	    cmocka_unit_test(test_strict_reader_names_each_problem),
	    cmocka_unit_test(test_pcr_list_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
