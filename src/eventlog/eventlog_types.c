/* Event type names (PFP 1.05 section 10.4.1 Table 9; PFP 1.06 for the SPDM types). */
#include "eventlog/eventlog.h"

static const char *const pre_efi[] = {
    "EV_PREBOOT_CERT",
    "EV_POST_CODE",
    "EV_UNUSED",
    "EV_NO_ACTION",
    "EV_SEPARATOR",
    "EV_ACTION",
    "EV_EVENT_TAG",
    "EV_S_CRTM_CONTENTS",
    "EV_S_CRTM_VERSION",
    "EV_CPU_MICROCODE",
    "EV_PLATFORM_CONFIG_FLAGS",
    "EV_TABLE_OF_DEVICES",
    "EV_COMPACT_HASH",
    "EV_IPL",
    "EV_IPL_PARTITION_DATA",
    "EV_NONHOST_CODE",
    "EV_NONHOST_CONFIG",
    "EV_NONHOST_INFO",
    "EV_OMIT_BOOT_DEVICE_EVENTS",
    "EV_POST_CODE2",
};

static const char *const efi[] = {
    "EV_EFI_EVENT_BASE",
    "EV_EFI_VARIABLE_DRIVER_CONFIG",
    "EV_EFI_VARIABLE_BOOT",
    "EV_EFI_BOOT_SERVICES_APPLICATION",
    "EV_EFI_BOOT_SERVICES_DRIVER",
    "EV_EFI_RUNTIME_SERVICES_DRIVER",
    "EV_EFI_GPT_EVENT",
    "EV_EFI_ACTION",
    "EV_EFI_PLATFORM_FIRMWARE_BLOB",
    "EV_EFI_HANDOFF_TABLES",
    "EV_EFI_PLATFORM_FIRMWARE_BLOB2",
    "EV_EFI_HANDOFF_TABLES2",
    "EV_EFI_VARIABLE_BOOT2",
    "EV_EFI_GPT_EVENT2",
    NULL,
    NULL,
    "EV_EFI_HCRTM_EVENT",
};

static const char *const efi_e0[] = {
    "EV_EFI_VARIABLE_AUTHORITY", "EV_EFI_SPDM_FIRMWARE_BLOB",	 "EV_EFI_SPDM_FIRMWARE_CONFIG",
    "EV_EFI_SPDM_DEVICE_POLICY", "EV_EFI_SPDM_DEVICE_AUTHORITY",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *eventlog_type_name(uint32_t type)
{
	if (type < COUNT(pre_efi))
		return pre_efi[type];
	if (type >= 0x80000000u && type - 0x80000000u < COUNT(efi))
		return efi[type - 0x80000000u];
	if (type >= EV_EFI_VARIABLE_AUTHORITY && type - EV_EFI_VARIABLE_AUTHORITY < COUNT(efi_e0))
		return efi_e0[type - EV_EFI_VARIABLE_AUTHORITY];
	return NULL;
}
