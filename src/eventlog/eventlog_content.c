/*
 * Checks whether an event's digest covers its data (docs/eventlog.md 7 and 8): only then may a
 * policy trust the decoded content. A match is proof whatever the type; a mismatch is
 * reported as such only for the types whose digest the PFP defines as the hash of the event
 * data, otherwise the digest covers something else (an image, code) and the data stays
 * untrusted.
 */
#include <string.h>

#include "eventlog/eventlog_decode.h"

/* True when the PFP defines the event's digest as the hash of its data (docs/eventlog.md 8). */
static bool type_digest_covers_data(uint32_t type)
{
	switch (type) {
	case EV_SEPARATOR:		    /* PFP 10.4.1, hash of the separator value */
	case EV_ACTION:			    /* PFP 10.4.1, hash of the string */
	case EV_EVENT_TAG:		    /* BIOS121 11.3.2.1 */
	case EV_S_CRTM_VERSION:		    /* PFP 10.4.1 */
	case EV_OMIT_BOOT_DEVICE_EVENTS:    /* PFP 10.4.1 */
	case EV_EFI_VARIABLE_DRIVER_CONFIG: /* PFP 10.2.6: the whole UEFI_VARIABLE_DATA */
	case EV_EFI_VARIABLE_BOOT:	    /* vendor-dependent: data or VariableData */
	case EV_EFI_VARIABLE_BOOT2:
	case EV_EFI_VARIABLE_AUTHORITY:
	case EV_EFI_GPT_EVENT: /* PFP 10.2.5 */
	case EV_EFI_GPT_EVENT2:
	case EV_EFI_ACTION: /* PFP 10.4.1 */
		return true;
	default:
		return false;
	}
}

int eventlog_content_bank(const struct eventlog *log)
{
	static const uint16_t preference[] = {TPM_ALG_SHA256, TPM_ALG_SHA384, TPM_ALG_SHA512,
					      TPM_ALG_SHA1};
	for (size_t k = 0; k < sizeof(preference) / sizeof(preference[0]); k++) {
		int b = eventlog_bank_index(log, preference[k]);
		if (b >= 0 && log->banks[b].replayable)
			return b;
	}
	for (size_t b = 0; b < log->nbanks; b++)
		if (log->banks[b].replayable)
			return (int)b;
	return -1;
}

static bool matches(const struct eventlog *log, size_t i, size_t b, const uint8_t *p, size_t n)
{
	uint8_t h[DIGEST_MAX_SIZE];
	const uint8_t *d = eventlog_digest(log, i, b);
	return d && digest_compute(log->banks[b].alg, p, n, h) &&
	       memcmp(h, d, log->banks[b].size) == 0;
}

enum el_digest_check eventlog_check_content(const struct eventlog *log, size_t i,
					    const struct el_content *c, int bank)
{
	const struct eventlog_event *ev = &log->events[i];

	if (!eventlog_event_extends(ev))
		return EL_DIGEST_NOT_EXTENDED;
	if (bank < 0 || (size_t)bank >= log->nbanks || !log->banks[bank].replayable)
		return EL_DIGEST_NOT_CHECKED;
	if (matches(log, i, (size_t)bank, c->raw.p, c->raw.n))
		return EL_DIGEST_VERIFIED;
	/* Many firmwares hash only VariableData for boot variables (docs/eventlog.md 8). */
	if (c->kind == EL_CONTENT_VARIABLE && ev->type != EV_EFI_VARIABLE_AUTHORITY &&
	    matches(log, i, (size_t)bank, c->u.variable.data.p, c->u.variable.data.n))
		return EL_DIGEST_VERIFIED_VARIABLE_DATA;
	return type_digest_covers_data(ev->type) ? EL_DIGEST_MISMATCH : EL_DIGEST_NOT_COVERED;
}

const char *eventlog_digest_check_name(enum el_digest_check d)
{
	static const char *const names[] = {"not_extended", "verified",	   "verified_variable_data",
					    "mismatch",	    "not_covered", "not_checked"};
	return (size_t)d < sizeof(names) / sizeof(names[0]) ? names[d] : "unknown";
}
