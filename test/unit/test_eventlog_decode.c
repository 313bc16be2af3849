/* Unit tests for src/eventlog/eventlog_decode.c: one hand-built event per decoded type, and
 * the decoder pitfalls of docs/eventlog.md 12. */
#include "test_util.h"

#include "test_eventlog_builder.h"

#include "core/cursor.h"
#include "eventlog/efi_structs.h"
#include "eventlog/eventlog_decode.h"

/* UEFI_VARIABLE_DATA with an ASCII name. */
static size_t variable(uint8_t *out, const uint8_t *guid, const char *name, const void *data,
		       size_t n)
{
	struct lb l = {out, 0, 8192};
	size_t k = strlen(name);
	lb_bytes(&l, guid, 16);
	lb_u64(&l, k);
	lb_u64(&l, n);
	for (size_t i = 0; i < k; i++)
		lb_u16(&l, (uint8_t)name[i]);
	lb_bytes(&l, data, n);
	return l.n;
}

static void test_decode_separators(void **state)
{
	(void)state;
	static const struct {
		const char *data;
		enum el_separator_kind kind;
	} cases[] = {{"\0\0\0\0", EL_SEPARATOR_NORMAL},
		     {"\1\0\0\0", EL_SEPARATOR_ERROR},
		     {"\xff\xff\xff\xff", EL_SEPARATOR_ALT_NORMAL},
		     {"WBCL", EL_SEPARATOR_WBCL},
		     {"\2\0\0\0", EL_SEPARATOR_OTHER}};
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct one o;
		one_event(&o, 7, EV_SEPARATOR, cases[k].data, 4, true);
		assert_int_equal(o.c.kind, EL_CONTENT_SEPARATOR);
		assert_int_equal(o.c.u.separator.kind, cases[k].kind);
		/* go-eventlog getSeparatorInfo: the FFFFFFFF digest is H(FFFFFFFF) alone. */
		assert_int_equal(o.check, EL_DIGEST_VERIFIED);
		one_free(&o);
	}
	struct one o;
	one_event(&o, 7, EV_SEPARATOR, "\0\0\0\0\0", 5, false);
	assert_int_equal(o.c.kind, EL_CONTENT_UNDECODABLE);
	assert_string_equal(o.c.why, "bad_separator_size");
	assert_int_equal(o.check, EL_DIGEST_MISMATCH);
	one_free(&o);
}

static void test_decode_secure_boot_variable_and_digest_conventions(void **state)
{
	(void)state;
	uint8_t buf[256];
	struct one o;
	size_t n = variable(buf, efi_guid_global_variable, "SecureBoot", "\1", 1);
	one_event(&o, 7, EV_EFI_VARIABLE_DRIVER_CONFIG, buf, n, true);
	assert_int_equal(o.c.kind, EL_CONTENT_VARIABLE);
	assert_int_equal(o.c.u.variable.var, EL_VAR_SECURE_BOOT);
	assert_int_equal(o.c.u.variable.secure_boot, 1);
	assert_true(efi_utf16_eq_ascii(o.c.u.variable.name.p, o.c.u.variable.name.n, "SecureBoot"));
	assert_int_equal(o.check, EL_DIGEST_VERIFIED);
	one_free(&o);

	/* EV_EFI_VARIABLE_BOOT whose digest covers VariableData only (GCE, OVMF, ...). */
	uint8_t order[4] = {1, 0, 2, 0};
	struct lb l;
	struct err e;
	struct eventlog log;
	struct el_content c;
	n = variable(buf, efi_guid_global_variable, "BootOrder", order, 4);
	lb_init(&l, 4096);
	lb_specid(&l, two, 2, NULL, 0);
	lb_u32(&l, 1);
	lb_u32(&l, EV_EFI_VARIABLE_BOOT);
	lb_u32(&l, 2);
	for (size_t i = 0; i < 2; i++) {
		uint8_t h[32];
		digest_compute(digest_by_tpm_alg(two[i].id), order, 4, h);
		lb_u16(&l, two[i].id);
		lb_bytes(&l, h, two[i].size);
	}
	lb_u32(&l, (uint32_t)n);
	lb_bytes(&l, buf, n);
	assert_true(eventlog_parse(l.b, l.n, &log, &e));
	eventlog_decode(&log, 1, &c);
	assert_int_equal(c.u.variable.var, EL_VAR_BOOT_ORDER);
	assert_int_equal(eventlog_check_content(&log, 1, &c, eventlog_content_bank(&log)),
			 EL_DIGEST_VERIFIED_VARIABLE_DATA);
	assert_int_equal(eventlog_check_content(&log, 1, &c, -1), EL_DIGEST_NOT_CHECKED);
	eventlog_free(&log);
	lb_free(&l);

	/* An empty SecureBoot variable means off (Arch, sd-boot, NUC logs). */
	n = variable(buf, efi_guid_global_variable, "SecureBoot", NULL, 0);
	one_event(&o, 7, EV_EFI_VARIABLE_DRIVER_CONFIG, buf, n, false);
	assert_int_equal(o.c.u.variable.secure_boot, 0);
	assert_int_equal(o.check, EL_DIGEST_MISMATCH);
	one_free(&o);
}

static void test_decode_variable_lengths_are_checked(void **state)
{
	(void)state;
	uint8_t buf[256];
	struct one o;
	size_t n = variable(buf, efi_guid_global_variable, "PK", "abc", 3);
	store_u64le(buf + 16, 1000); /* name length beyond the data */
	one_event(&o, 7, EV_EFI_VARIABLE_DRIVER_CONFIG, buf, n, false);
	assert_int_equal(o.c.kind, EL_CONTENT_UNDECODABLE);
	assert_string_equal(o.c.why, "bad_variable_name_length");
	one_free(&o);
	store_u64le(buf + 16, 2);
	store_u64le(buf + 24, 0xFFFFFFFFFFFFFFFFull);
	one_event(&o, 7, EV_EFI_VARIABLE_DRIVER_CONFIG, buf, n, false);
	assert_string_equal(o.c.why, "bad_variable_data_length");
	one_free(&o);
	one_event(&o, 7, EV_EFI_VARIABLE_DRIVER_CONFIG, buf, 20, false);
	assert_string_equal(o.c.why, "truncated_variable_header");
	one_free(&o);
}

/* EFI_SIGNATURE_LIST with the given header size and count X.509 entries of 20 bytes. */
static size_t siglist(uint8_t *out, const char *type_guid, uint32_t hdr, size_t count)
{
	struct lb l = {out, 0, 4096};
	uint8_t g[16];
	lb_guid(type_guid, g);
	lb_bytes(&l, g, 16);
	lb_u32(&l, (uint32_t)(28 + hdr + count * 36));
	lb_u32(&l, hdr);
	lb_u32(&l, 36);
	lb_fill(&l, 0xEE, hdr);
	for (size_t i = 0; i < count; i++)
		lb_fill(&l, (uint8_t)i, 36);
	return l.n;
}

static void test_decode_db_signature_lists_skip_the_header(void **state)
{
	(void)state;
	uint8_t sl[4096], buf[8192];
	struct one o;
	/* GHSA-9r4w-jg96-92mv: SignatureHeaderSize bytes must be skipped, not read as entries. */
	size_t n = siglist(sl, "a5c059a1-94e4-4aa7-87b5-ab155c2bf072", 36, 2);
	n += siglist(sl + n, "c1c41626-504c-4092-aca9-41f936934328", 0, 3);
	size_t vn = variable(buf, efi_guid_image_security, "db", sl, n);
	one_event(&o, 7, EV_EFI_VARIABLE_DRIVER_CONFIG, buf, vn, true);
	assert_int_equal(o.c.u.variable.var, EL_VAR_DB);
	assert_true(o.c.u.variable.has_sigs);
	assert_true(o.c.u.variable.sigs.valid);
	assert_int_equal(o.c.u.variable.sigs.lists, 2);
	assert_int_equal(o.c.u.variable.sigs.x509, 2);
	assert_int_equal(o.c.u.variable.sigs.sha256, 3);
	one_free(&o);

	struct efi_siglist_info info;
	store_u32le(sl + 20, 5000); /* header larger than the list */
	efi_siglist_walk(sl, n, &info);
	assert_false(info.valid);
	store_u32le(sl + 20, 36);
	store_u32le(sl + 16, 20); /* list size below its own header */
	efi_siglist_walk(sl, n, &info);
	assert_false(info.valid);
	assert_string_equal(info.why, "bad_list_size");
	store_u32le(sl + 16, 28 + 36 + 72);
	store_u32le(sl + 24, 8); /* SignatureSize below the owner GUID */
	efi_siglist_walk(sl, n, &info);
	assert_string_equal(info.why, "bad_signature_size");
	efi_siglist_walk(NULL, 0, &info); /* an empty variable is valid */
	assert_true(info.valid);
}

/* UEFI_IMAGE_LOAD_EVENT with a device path: file path node "\a.efi" then the end node. */
static size_t image(uint8_t *out, size_t uintn, uint64_t dp_len_override)
{
	struct lb l = {out, 0, 1024};
	uint8_t dp[64];
	struct lb d = {dp, 0, sizeof(dp)};
	const char *file = "\\a.efi";
	lb_u8(&d, 4);
	lb_u8(&d, 4);
	lb_u16(&d, (uint16_t)(4 + 2 * (strlen(file) + 1)));
	for (const char *s = file; *s; s++)
		lb_u16(&d, (uint8_t)*s);
	lb_u16(&d, 0);
	lb_u8(&d, 0x7F);
	lb_u8(&d, 0xFF);
	lb_u16(&d, 4);
	lb_u64(&l, 0x1000);
	uint64_t fields[3] = {0x2000, 0, dp_len_override ? dp_len_override : d.n};
	for (int i = 0; i < 3; i++) {
		if (uintn == 8)
			lb_u64(&l, fields[i]);
		else
			lb_u32(&l, (uint32_t)fields[i]);
	}
	lb_bytes(&l, dp, d.n);
	return l.n;
}

static void test_decode_image_load_uses_device_path_length_field(void **state)
{
	(void)state;
	uint8_t buf[1024];
	struct one o;
	size_t n = image(buf, 8, 0);
	one_event(&o, 4, EV_EFI_BOOT_SERVICES_APPLICATION, buf, n, false);
	assert_int_equal(o.c.kind, EL_CONTENT_IMAGE_LOAD);
	assert_int_equal(o.c.u.image.length, 0x2000);
	assert_true(o.c.u.image.dp.valid);
	assert_int_equal(o.c.u.image.dp.nodes, 2);
	assert_true(efi_utf16_eq_ascii(o.c.u.image.dp.file, 12, "\\a.efi"));
	assert_int_equal(o.check, EL_DIGEST_NOT_COVERED);
	one_free(&o);
	/* keylime #1153: a LengthOfDevicePath beyond the event is undecodable, not a crash. */
	n = image(buf, 8, 5000);
	one_event(&o, 4, EV_EFI_BOOT_SERVICES_APPLICATION, buf, n, false);
	assert_string_equal(o.c.why, "bad_device_path_length");
	one_free(&o);
	/* A shorter length leaves trailing bytes and a device path without its end node. */
	n = image(buf, 8, 6);
	one_event(&o, 4, EV_EFI_BOOT_SERVICES_DRIVER, buf, n, false);
	assert_int_equal(o.c.kind, EL_CONTENT_IMAGE_LOAD);
	assert_false(o.c.u.image.dp.valid);
	assert_true(o.c.u.image.trailing > 0);
	one_free(&o);
}

static void test_decode_image_load_with_32bit_uintn(void **state)
{
	(void)state;
	uint8_t buf[1024];
	struct lb l;
	struct eventlog log;
	struct err e;
	struct el_content c;
	size_t n = image(buf, 4, 0);
	lb_init(&l, 4096);
	lb_specid(&l, two, 2, NULL, 0);
	l.b[32 + 23] = 1; /* uintnSize 1: UINT32 (Arm/TF-A, tpm2-tools #3224) */
	lb_event2(&l, 4, EV_EFI_BOOT_SERVICES_APPLICATION, two, 2, 1, buf, n);
	assert_true(eventlog_parse(l.b, l.n, &log, &e));
	assert_int_equal(log.uintn_size, 4);
	eventlog_decode(&log, 1, &c);
	assert_int_equal(c.kind, EL_CONTENT_IMAGE_LOAD);
	assert_true(c.u.image.dp.valid);
	assert_int_equal(c.u.image.trailing, 0);
	eventlog_free(&log);
	lb_free(&l);
}

static void test_decode_strings(void **state)
{
	(void)state;
	struct one o;
	one_event(&o, 5, EV_EFI_ACTION, "Exit Boot Services Invocation", 29, true);
	assert_int_equal(o.c.kind, EL_CONTENT_STRING);
	assert_false(o.c.u.string.utf16);
	assert_int_equal(o.c.u.string.text.n, 29);
	assert_int_equal(o.check, EL_DIGEST_VERIFIED);
	one_free(&o);
	/* GRUB: "grub_cmd: ..." with a NUL; the digest is not over the data. */
	one_event(&o, 8, EV_IPL, "grub_cmd: linux /vmlinuz\0", 25, false);
	assert_int_equal(o.c.kind, EL_CONTENT_STRING);
	assert_int_equal(o.c.u.string.text.n, 24);
	assert_int_equal(o.check, EL_DIGEST_NOT_COVERED);
	one_free(&o);
	/* systemd-boot: UTF-16LE command line in PCR12. */
	one_event(&o, 12, EV_IPL, "q\0u\0i\0e\0t\0\0\0", 12, true);
	assert_true(o.c.u.string.utf16);
	assert_int_equal(o.c.u.string.text.n, 10);
	assert_int_equal(o.check, EL_DIGEST_VERIFIED);
	one_free(&o);
	one_event(&o, 5, EV_EFI_ACTION, "\x01\x02", 2, false);
	assert_string_equal(o.c.why, "not_ascii");
	one_free(&o);
}

static void test_decode_crtm_version_as_utf16_or_guid(void **state)
{
	(void)state;
	struct one o;
	one_event(&o, 0, EV_S_CRTM_VERSION, "2\0.\0003\0\0\0", 8, true);
	assert_int_equal(o.c.kind, EL_CONTENT_STRING);
	assert_true(o.c.u.string.utf16);
	one_free(&o);
	uint8_t g[16];
	lb_guid("546bfb1e-1d0c-4055-a4ad-4ef4bf17b83a", g);
	one_event(&o, 0, EV_S_CRTM_VERSION, g, 16, true);
	assert_int_equal(o.c.kind, EL_CONTENT_GUID);
	char s[EFI_GUID_STR_SIZE];
	efi_guid_format(o.c.u.guid, s);
	assert_string_equal(s, "546bfb1e-1d0c-4055-a4ad-4ef4bf17b83a");
	one_free(&o);
	one_event(&o, 0, EV_S_CRTM_VERSION, "\x01\x02\x03", 3, false);
	assert_string_equal(o.c.why, "not_utf16_or_guid");
	one_free(&o);
}

static void test_decode_post_code_blob_or_short_string(void **state)
{
	(void)state;
	struct one o;
	uint8_t blob[16];
	store_u64le(blob, 0xFFE00000ull);
	store_u64le(blob + 8, 0x200000);
	one_event(&o, 0, EV_POST_CODE, blob, 16, false);
	assert_int_equal(o.c.kind, EL_CONTENT_FIRMWARE_BLOB);
	assert_true(o.c.u.blob.base == 0xFFE00000ull);
	one_free(&o);
	/* tpm2-tools #2017: a 9-byte "ACPI DATA" string is not a 16-byte blob. */
	one_event(&o, 0, EV_POST_CODE, "ACPI DATA", 9, false);
	assert_int_equal(o.c.kind, EL_CONTENT_STRING);
	one_free(&o);
	one_event(&o, 0, EV_S_CRTM_CONTENTS, "Boot Guard Measured S-CRTM\0", 27, false);
	assert_int_equal(o.c.kind, EL_CONTENT_STRING);
	one_free(&o);
}

static void test_decode_firmware_blobs_and_handoff_tables(void **state)
{
	(void)state;
	struct one o;
	uint8_t b[128];
	struct lb l = {b, 0, sizeof(b)};
	lb_u8(&l, 9);
	lb_bytes(&l, "POST CODE", 9);
	lb_u64(&l, 0x820000);
	lb_u64(&l, 0xD0000);
	one_event(&o, 0, EV_EFI_PLATFORM_FIRMWARE_BLOB2, b, l.n, false);
	assert_int_equal(o.c.kind, EL_CONTENT_FIRMWARE_BLOB);
	assert_int_equal(o.c.u.blob.description.n, 9);
	assert_int_equal(o.c.u.blob.length, 0xD0000);
	one_free(&o);
	one_event(&o, 0, EV_EFI_PLATFORM_FIRMWARE_BLOB, b + 10, 15, false);
	assert_string_equal(o.c.why, "bad_blob_size");
	one_free(&o);

	l.n = 0;
	lb_u64(&l, 2);
	for (int i = 0; i < 2; i++) {
		lb_fill(&l, (uint8_t)(0xA0 + i), 16);
		lb_u64(&l, 0x7F000000u + (unsigned)i);
	}
	one_event(&o, 1, EV_EFI_HANDOFF_TABLES, b, l.n, false);
	assert_int_equal(o.c.kind, EL_CONTENT_HANDOFF_TABLES);
	assert_int_equal(o.c.u.handoff.count, 2);
	one_free(&o);
	store_u64le(b, 3);
	one_event(&o, 1, EV_EFI_HANDOFF_TABLES, b, l.n, false);
	assert_string_equal(o.c.why, "bad_table_count");
	one_free(&o);
}

static void test_decode_gpt_and_event_tag(void **state)
{
	(void)state;
	struct one o;
	uint8_t b[1024];
	struct lb l = {b, 0, sizeof(b)};
	lb_bytes(&l, "EFI PART", 8);
	lb_fill(&l, 0, 92 - 8);
	store_u32le(b + 84, 128);
	lb_u64(&l, 2);
	lb_fill(&l, 0x11, 256);
	one_event(&o, 5, EV_EFI_GPT_EVENT, b, l.n, true);
	assert_int_equal(o.c.kind, EL_CONTENT_GPT);
	assert_int_equal(o.c.u.gpt.count, 2);
	assert_int_equal(o.check, EL_DIGEST_VERIFIED);
	one_free(&o);
	store_u64le(b + 92, 0x4000000000000000ull);
	one_event(&o, 5, EV_EFI_GPT_EVENT, b, l.n, false);
	assert_string_equal(o.c.why, "bad_gpt_partition_count");
	one_free(&o);

	l.n = 0;
	lb_u32(&l, 0x40010001);
	lb_u32(&l, 3);
	lb_bytes(&l, "abc", 3);
	one_event(&o, 12, EV_EVENT_TAG, b, l.n, true);
	assert_int_equal(o.c.kind, EL_CONTENT_EVENT_TAG);
	assert_int_equal(o.c.u.tag.id, 0x40010001);
	one_free(&o);
	one_event(&o, 12, EV_EVENT_TAG, b, l.n - 1, false);
	assert_string_equal(o.c.why, "bad_tagged_event_size");
	one_free(&o);
}

static void test_decode_no_action_and_unknown_types(void **state)
{
	(void)state;
	struct one o;
	one_event(&o, 0, EV_NO_ACTION, "SP800-155 Event3rest", 20, false);
	assert_int_equal(o.c.kind, EL_CONTENT_NO_ACTION);
	assert_int_equal(o.c.u.no_action_signature.n, 16);
	assert_int_equal(o.check, EL_DIGEST_NOT_EXTENDED);
	one_free(&o);
	one_event(&o, 0, EV_NO_ACTION, "short", 5, false);
	assert_string_equal(o.c.why, "short_signature");
	one_free(&o);
	/* Vendor type 0x8401 (rust-keylime-uefi): kept raw, still replayed. */
	one_event(&o, 1, 0x8401, "xyz", 3, false);
	assert_int_equal(o.c.kind, EL_CONTENT_RAW);
	assert_int_equal(o.c.raw.n, 3);
	assert_true(eventlog_event_extends(&o.log.events[1]));
	one_free(&o);
}

static void test_decode_spec_id_event(void **state)
{
	(void)state;
	struct one o;
	struct el_content c;
	one_event(&o, 0, EV_SEPARATOR, "\0\0\0\0", 4, true);
	eventlog_decode(&o.log, 0, &c);
	assert_int_equal(c.kind, EL_CONTENT_SPECID);
	assert_int_equal(c.u.specid.version_major, 2);
	assert_int_equal(c.u.specid.uintn_size, 2);
	assert_int_equal(eventlog_check_content(&o.log, 0, &c, 1), EL_DIGEST_NOT_EXTENDED);
	one_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decode_separators),
	    cmocka_unit_test(test_decode_secure_boot_variable_and_digest_conventions),
	    cmocka_unit_test(test_decode_variable_lengths_are_checked),
	    cmocka_unit_test(test_decode_db_signature_lists_skip_the_header),
	    cmocka_unit_test(test_decode_image_load_uses_device_path_length_field),
	    cmocka_unit_test(test_decode_image_load_with_32bit_uintn),
	    cmocka_unit_test(test_decode_strings),
	    cmocka_unit_test(test_decode_crtm_version_as_utf16_or_guid),
	    cmocka_unit_test(test_decode_post_code_blob_or_short_string),
	    cmocka_unit_test(test_decode_firmware_blobs_and_handoff_tables),
	    cmocka_unit_test(test_decode_gpt_and_event_tag),
	    cmocka_unit_test(test_decode_no_action_and_unknown_types),
	    cmocka_unit_test(test_decode_spec_id_event),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
