/* Unit tests for src/eventlog/eventlog_types.c: event type names (PFP 1.05 section 10.4.1
 * Table 9; PFP 1.06 for the SPDM types), including the edges of each numbered range. */
#include "test_util.h"

#include "eventlog/eventlog.h"

static void test_type_names_known_answers(void **state)
{
	(void)state;
	assert_string_equal(eventlog_type_name(EV_PREBOOT_CERT), "EV_PREBOOT_CERT");
	assert_string_equal(eventlog_type_name(EV_SEPARATOR), "EV_SEPARATOR");
	assert_string_equal(eventlog_type_name(EV_IPL), "EV_IPL");
	assert_string_equal(eventlog_type_name(0x13), "EV_POST_CODE2");
	assert_string_equal(eventlog_type_name(0x80000000u), "EV_EFI_EVENT_BASE");
	assert_string_equal(eventlog_type_name(EV_EFI_GPT_EVENT2), "EV_EFI_GPT_EVENT2");
	assert_string_equal(eventlog_type_name(EV_EFI_HCRTM_EVENT), "EV_EFI_HCRTM_EVENT");
	assert_string_equal(eventlog_type_name(EV_EFI_VARIABLE_AUTHORITY),
			    "EV_EFI_VARIABLE_AUTHORITY");
	assert_string_equal(eventlog_type_name(0x800000E4u), "EV_EFI_SPDM_DEVICE_AUTHORITY");
}

/* Unnamed: past each range, the two holes before EV_EFI_HCRTM_EVENT, vendor types. */
static void test_type_names_unknown_are_null(void **state)
{
	(void)state;
	assert_null(eventlog_type_name(0x14));
	assert_null(eventlog_type_name(0x7FFFFFFFu));
	assert_null(eventlog_type_name(0x8000000E));
	assert_null(eventlog_type_name(0x8000000F));
	assert_null(eventlog_type_name(0x80000011u));
	assert_null(eventlog_type_name(0x800000DFu));
	assert_null(eventlog_type_name(0x800000E5u));
	assert_null(eventlog_type_name(0x8401)); /* rust-keylime-uefi vendor type */
	assert_null(eventlog_type_name(0xFFFFFFFFu));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_type_names_known_answers),
	    cmocka_unit_test(test_type_names_unknown_are_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
