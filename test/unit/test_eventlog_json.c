/* Unit tests for src/eventlog/eventlog_json.c: the JSON form of a parsed and replayed log -
 * a known answer for a two-bank log, the --bank restriction, and a failure when the output
 * does not fit the caller's buffer. */
#include "test_util.h"

#include "test_eventlog_builder.h"

#include "eventlog/eventlog_json.h"

#define SHA1_HI	  "c22b5f9178342609428d6f51b2c5af4c0bde6a42"
#define SHA256_HI "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"

/* Spec ID (sha1, sha256), then EV_EFI_ACTION "hi" in PCR 4 with its real digests, then one
 * with wrong digests in PCR 5. */
static void small_log(struct lb *l, struct eventlog *log, struct pcr_banks *pcrs)
{
	agile_header(l, two, 2);
	lb_event2_hashed(l, 4, EV_EFI_ACTION, two, 2, "hi", 2);
	lb_event2(l, 5, EV_EFI_ACTION, two, 2, 0x5A, "hi", 2);
	parse_ok(l, log);
	replay_ok(log, pcrs);
}

static const char *json_of(const struct eventlog *log, const struct pcr_banks *pcrs, int bank,
			   struct buf *out)
{
	buf_init(out, 1 << 20);
	assert_true(eventlog_write_json(log, pcrs, bank, out));
	return buf_cstr(out);
}

static void test_json_known_answer(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	struct pcr_banks pcrs;
	struct buf out;
	const char *j;
	small_log(&l, &log, &pcrs);
	j = json_of(&log, &pcrs, -1, &out);
	/* The summary, in its fixed key order. */
	assert_non_null(
	    strstr(
		j,
		"{\"format\":\"crypto-agile\",\"size\":217,\"end\":217,\"padding\":null,"
		"\"spec_id\":{\"pcr\":0,\"platform_class\":0,\"version_major\":2,"
		"\"version_minor\":0,\"errata\":0,\"uintn_size\":2,\"vendor_info\":\"\"},"
		"\"banks\":[{\"name\":\"sha1\",\"alg_id\":4,\"digest_size\":20,\"replayed\":true},"
		"{\"name\":\"sha256\",\"alg_id\":11,\"digest_size\":32,\"replayed\":true}],"
		"\"startup_locality\":null,\"hcrtm\":false,\"pcr0_locality\":0,"
		"\"content_digest_bank\":\"sha256\",\"event_count\":3,\"events\":[{\"seq\":0,") ==
	    j);
	/* The Spec ID record shows its SHA-1-sized zero digest (EFIPROT 5.2). */
	assert_non_null(strstr(
	    j, "\"digests\":{\"sha1_header\":\"0000000000000000000000000000000000000000\"}"));
	/* Event 1, whole. */
	assert_non_null(strstr(
	    j,
	    "{\"seq\":1,\"offset\":69,\"pcr\":4,\"type\":2147483655,\"type_name\":\"EV_EFI_"
	    "ACTION\","
	    "\"extended\":true,\"digests\":{\"sha1\":\"" SHA1_HI "\",\"sha256\":\"" SHA256_HI "\"},"
	    "\"data_size\":2,\"content_digest\":\"verified\",\"content\":{\"kind\":\"string\","
	    "\"encoding\":\"ascii\",\"text\":\"hi\"}}"));
	assert_non_null(strstr(j, "\"seq\":2,\"offset\":143,\"pcr\":5,"));
	assert_non_null(strstr(j, "\"content_digest\":\"mismatch\""));
	/* The PCRs after the events: 17 all ones, 0 zero, the extended ones listed. */
	assert_non_null(strstr(
	    j, "}],\"pcrs\":{\"sha1\":{\"0\":\"0000000000000000000000000000000000000000\","));
	assert_non_null(strstr(j, "\"17\":\"ffffffffffffffffffffffffffffffffffffffff\""));
	assert_non_null(strstr(j, ",\"extended_pcrs\":{\"sha1\":[4,5],\"sha256\":[4,5]}}"));
	assert_int_equal(j[out.len - 1], '}');
	buf_free(&out);
	eventlog_free(&log);
	lb_free(&l);
}

/* --bank: only that bank's digests and PCRs, and content checked in it. */
static void test_json_bank_restricts_digests_and_pcrs(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	struct pcr_banks pcrs;
	struct buf out;
	const char *j;
	small_log(&l, &log, &pcrs);
	j = json_of(&log, &pcrs, 0, &out);
	assert_null(strstr(j, "\"sha256\":\""));
	assert_null(strstr(j, "\"sha256\":{\"0\""));
	assert_non_null(strstr(j, "\"content_digest_bank\":\"sha1\""));
	assert_non_null(strstr(j, "\"digests\":{\"sha1\":\"" SHA1_HI "\"}"));
	assert_non_null(strstr(j, "\"extended_pcrs\":{\"sha1\":[4,5]}}"));
	buf_free(&out);
	eventlog_free(&log);
	lb_free(&l);
}

/* A listing that does not fit the caller's buffer fails, at every size short of the whole. */
static void test_json_fails_when_the_output_does_not_fit(void **state)
{
	(void)state;
	struct lb l;
	struct eventlog log;
	struct pcr_banks pcrs;
	struct buf out;
	size_t whole;
	small_log(&l, &log, &pcrs);
	(void)json_of(&log, &pcrs, -1, &out);
	whole = out.len;
	buf_free(&out);
	for (size_t max = 0; max < whole; max += 97) {
		buf_init(&out, max);
		assert_false(eventlog_write_json(&log, &pcrs, -1, &out));
		assert_false(buf_ok(&out));
		buf_free(&out);
	}
	buf_init(&out, whole);
	assert_true(eventlog_write_json(&log, &pcrs, -1, &out));
	assert_int_equal(out.len, whole);
	buf_free(&out);
	eventlog_free(&log);
	lb_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json_known_answer),
	    cmocka_unit_test(test_json_bank_restricts_digests_and_pcrs),
	    cmocka_unit_test(test_json_fails_when_the_output_does_not_fit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
