/* Unit tests for src/eventlog/efi_structs.c: UEFI GUID text, UTF-16, device paths and
 * signature lists read on their own (UEFI 2.10). */
#include "test_util.h"

#include "test_eventlog_builder.h"

#include "core/cursor.h"
#include "eventlog/efi_structs.h"

static void test_efi_utf16_to_utf8_handles_surrogates(void **state)
{
	(void)state;
	struct buf b;
	/* "A", U+1F600 as a surrogate pair, an unpaired high surrogate, "é". */
	const uint8_t in[] = {'A', 0, 0x3D, 0xD8, 0x00, 0xDE, 0x3D, 0xD8, 0xE9, 0x00};
	buf_init(&b, 64);
	assert_true(efi_utf16_to_utf8(in, sizeof(in), false, &b));
	assert_int_equal(b.len, 1 + 4 + 3 + 2);
	assert_memory_equal(b.data, "A\xF0\x9F\x98\x80\xEF\xBF\xBD\xC3\xA9", b.len);
	buf_free(&b);
	/* The output cap holds: "A" fits, the 4-byte character does not. */
	buf_init(&b, 3);
	assert_false(efi_utf16_to_utf8(in, sizeof(in), false, &b));
	buf_free(&b);
	/* stop_at_nul: a NUL code unit ends the text. */
	buf_init(&b, 64);
	assert_true(efi_utf16_to_utf8((const uint8_t *)"a\0\0\0b\0", 6, true, &b));
	assert_int_equal(b.len, 1);
	buf_free(&b);
}

/* UEFI 2.10 appendix A: the first three fields are little-endian, the last eight bytes are in
 * order; known answer: EFI_GLOBAL_VARIABLE. */
static void test_efi_guid_format_known_answer(void **state)
{
	(void)state;
	char s[EFI_GUID_STR_SIZE];
	uint8_t g[16];
	efi_guid_format(efi_guid_global_variable, s);
	assert_string_equal(s, "8be4df61-93ca-11d2-aa0d-00e098032b8c");
	lb_guid("00112233-4455-6677-8899-aabbccddeeff", g);
	assert_int_equal(g[0], 0x33);
	assert_int_equal(g[5], 0x44);
	assert_int_equal(g[8], 0x88);
	efi_guid_format(g, s);
	assert_string_equal(s, "00112233-4455-6677-8899-aabbccddeeff");
}

static void test_efi_text_classifiers(void **state)
{
	(void)state;
	assert_true(efi_utf16_eq_ascii((const uint8_t *)"P\0K\0", 4, "PK"));
	assert_false(efi_utf16_eq_ascii((const uint8_t *)"P\0K\0", 4, "PX"));
	assert_false(efi_utf16_eq_ascii((const uint8_t *)"P\0K\1", 4, "PK"));
	assert_false(efi_utf16_eq_ascii((const uint8_t *)"P\0", 2, "PK"));
	assert_true(efi_looks_utf16_ascii((const uint8_t *)"2\0.\0003\0\0\0", 8));
	assert_false(efi_looks_utf16_ascii((const uint8_t *)"abc", 3));
	assert_true(efi_looks_ascii((const uint8_t *)"ACPI DATA", 9));
	assert_false(efi_looks_ascii((const uint8_t *)"\x01\x02", 2));
}

/* A device path of a file node then the end node (UEFI 2.10, 10.3.1 and 10.3.5.4); a node
 * whose length runs past the path is invalid. */
static void test_efi_device_path_walk(void **state)
{
	(void)state;
	uint8_t dp[64];
	struct lb d = {dp, 0, sizeof(dp)};
	struct efi_device_path_info info;
	lb_u8(&d, 4);
	lb_u8(&d, 4);
	lb_u16(&d, 4 + 6);
	lb_bytes(&d, "a\0b\0\0\0", 6);
	lb_u8(&d, 0x7F);
	lb_u8(&d, 0xFF);
	lb_u16(&d, 4);
	efi_device_path_walk(dp, d.n, &info);
	assert_true(info.valid);
	assert_int_equal(info.nodes, 2);
	assert_ptr_equal(info.file, dp + 4);
	store_u16le(dp + 2, 60);
	efi_device_path_walk(dp, d.n, &info);
	assert_false(info.valid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_efi_utf16_to_utf8_handles_surrogates),
	    cmocka_unit_test(test_efi_guid_format_known_answer),
	    cmocka_unit_test(test_efi_text_classifiers),
	    cmocka_unit_test(test_efi_device_path_walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
