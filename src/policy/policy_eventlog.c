/*
 * policy_eventlog: the rules over attest-init's own replay of the TCG event log (TCG PC
 * Client PFP 1.05 10). The caller binds the replay to the quote (the gate always does);
 * offline ("policy check") the log is only as trustworthy as its source.
 */
#include <stdio.h>
#include <string.h>

#include "core/hex.h"
#include "eventlog/eventlog_decode.h"
#include "policy/policy.h"

/* PFP 1.05 10.4.4 / 3.3.4.8: the SecureBoot variable is measured into PCR 7 as
 * EV_EFI_VARIABLE_DRIVER_CONFIG; only a value whose digest covers its data counts. */
static void eval_secure_boot(const struct policy *p, const struct eventlog *log,
			     struct policy_report *out)
{
	struct policy_result *r =
	    policy_report_add(out, "eventlog.secure_boot", p->secure_boot ? "on" : "off");
	int bank = eventlog_content_bank(log), found = -1;
	enum el_digest_check check = EL_DIGEST_NOT_CHECKED;

	for (size_t i = 0; i < log->nevents; i++) {
		struct el_content c;
		if (log->events[i].type != EV_EFI_VARIABLE_DRIVER_CONFIG || log->events[i].pcr != 7)
			continue;
		eventlog_decode(log, i, &c);
		if (c.kind != EL_CONTENT_VARIABLE || c.u.variable.var != EL_VAR_SECURE_BOOT)
			continue;
		found = c.u.variable.secure_boot;
		check = eventlog_check_content(log, i, &c, bank);
	}
	if (found == -1 && check == EL_DIGEST_NOT_CHECKED)
		policy_result_set(r, false, "no SecureBoot variable event in PCR 7");
	else if (check != EL_DIGEST_VERIFIED && check != EL_DIGEST_VERIFIED_VARIABLE_DATA)
		policy_result_set(r, false, "SecureBoot event digest %s",
				  eventlog_digest_check_name(check));
	else if (found < 0)
		policy_result_set(r, false, "SecureBoot value undecodable");
	else
		policy_result_set(r, found == p->secure_boot, "%s", found ? "on" : "off");
}

static bool in_list(const struct policy_digest_list *l, const uint8_t *d)
{
	for (size_t i = 0; i < l->n; i++)
		if (memcmp(l->d[i], d, POLICY_SHA256_SIZE) == 0)
			return true;
	return false;
}

/* PFP 1.05 10.4.4: each EV_EFI_BOOT_SERVICES_APPLICATION digest is the PE image's
 * Authenticode hash; allowed means every one is listed, forbidden means none is. */
static void eval_apps(const struct eventlog *log, const struct policy_digest_list *l, bool allowed,
		      struct policy_report *out)
{
	char expected[48], hex[2 * POLICY_SHA256_SIZE + 1];
	struct policy_result *r;
	int b = eventlog_bank_index(log, TPM_ALG_SHA256);
	size_t napps = 0, bad = 0;
	const uint8_t *first = NULL;

	snprintf(expected, sizeof(expected), "%s %zu digests", allowed ? "only" : "none of", l->n);
	r = policy_report_add(out,
			      allowed ? "eventlog.boot_applications.allowed"
				      : "eventlog.boot_applications.forbidden",
			      expected);
	if (b < 0) {
		policy_result_set(r, false, "the log has no sha256 bank");
		return;
	}
	for (size_t i = 0; i < log->nevents; i++) {
		const uint8_t *d;
		if (log->events[i].type != EV_EFI_BOOT_SERVICES_APPLICATION ||
		    !eventlog_event_extends(&log->events[i]) ||
		    !(d = eventlog_digest(log, i, (size_t)b)))
			continue;
		napps++;
		if (in_list(l, d) != allowed) {
			bad++;
			if (!first)
				first = d;
		}
	}
	if (first) {
		hex_encode(first, POLICY_SHA256_SIZE, hex);
		policy_result_set(r, false, "%zu of %zu applications %s, first %s", bad, napps,
				  allowed ? "not allowed" : "forbidden", hex);
	} else if (allowed && napps == 0) {
		policy_result_set(r, false, "no boot application in the log");
	} else {
		policy_result_set(r, true, "%zu applications", napps);
	}
}

static void eval_event_types(const struct policy *p, const struct eventlog *log,
			     struct policy_report *out)
{
	struct policy_result *r =
	    policy_report_add(out, "eventlog.forbidden_event_types", "none of the listed types");
	size_t found = 0;
	uint32_t first = 0;

	for (size_t i = 0; i < log->nevents; i++)
		for (size_t k = 0; k < p->nforbidden_types; k++)
			if (log->events[i].type == p->forbidden_types[k]) {
				if (!found)
					first = log->events[i].type;
				found++;
			}
	if (found) {
		const char *name = eventlog_type_name(first);
		policy_result_set(r, false, "%zu forbidden events, first %s (0x%08x)", found,
				  name ? name : "unnamed", (unsigned)first);
	} else {
		policy_result_set(r, true, "none");
	}
}

/* Expected sha256 PCR values against the replay; a PCR no event extended fails. */
static void eval_pcrs(const struct policy *p, const struct pcr_banks *pcrs,
		      struct policy_report *out)
{
	const struct pcr_bank *bank = NULL;
	char name[32], hex[2 * POLICY_SHA256_SIZE + 1];

	for (size_t b = 0; b < pcrs->nbanks; b++)
		if (pcrs->bank[b].alg_id == TPM_ALG_SHA256 && pcrs->bank[b].replayed)
			bank = &pcrs->bank[b];
	for (uint32_t i = 0; i < EVENTLOG_NUM_PCRS; i++) {
		struct policy_result *r;
		if (!(p->pcr_mask & (1u << i)))
			continue;
		snprintf(name, sizeof(name), "eventlog.pcrs[%u]", (unsigned)i);
		hex_encode(p->pcr_values[i], POLICY_SHA256_SIZE, hex);
		r = policy_report_add(out, name, hex);
		if (!bank) {
			policy_result_set(r, false, "the log has no sha256 bank");
			continue;
		}
		if (!(bank->extended_mask & (1u << i))) {
			policy_result_set(r, false, "the log never extends PCR %u", (unsigned)i);
			continue;
		}
		hex_encode(bank->pcr[i], POLICY_SHA256_SIZE, hex);
		policy_result_set(
		    r, memcmp(bank->pcr[i], p->pcr_values[i], POLICY_SHA256_SIZE) == 0, "%s", hex);
	}
}

/* Every event-log rule fails without a log: nothing defaults to pass. */
static void fail_all(const struct policy *p, struct policy_report *out)
{
	char name[32];
	if (p->secure_boot >= 0)
		policy_result_set(
		    policy_report_add(out, "eventlog.secure_boot", p->secure_boot ? "on" : "off"),
		    false, "no event log");
	if (p->has_apps_allowed)
		policy_result_set(
		    policy_report_add(out, "eventlog.boot_applications.allowed", "listed"), false,
		    "no event log");
	if (p->has_apps_forbidden)
		policy_result_set(
		    policy_report_add(out, "eventlog.boot_applications.forbidden", "listed"), false,
		    "no event log");
	if (p->nforbidden_types)
		policy_result_set(policy_report_add(out, "eventlog.forbidden_event_types", "none"),
				  false, "no event log");
	for (uint32_t i = 0; i < EVENTLOG_NUM_PCRS; i++)
		if (p->pcr_mask & (1u << i)) {
			snprintf(name, sizeof(name), "eventlog.pcrs[%u]", (unsigned)i);
			policy_result_set(policy_report_add(out, name, "sha256"), false,
					  "no event log");
		}
}

void policy_eval_eventlog(const struct policy *p, const struct policy_input *in,
			  struct policy_report *out)
{
	if (!p->has_eventlog)
		return;
	if (!in->log || !in->pcrs) {
		fail_all(p, out);
		return;
	}
	if (p->secure_boot >= 0)
		eval_secure_boot(p, in->log, out);
	if (p->has_apps_allowed)
		eval_apps(in->log, &p->apps_allowed, true, out);
	if (p->has_apps_forbidden)
		eval_apps(in->log, &p->apps_forbidden, false, out);
	if (p->nforbidden_types)
		eval_event_types(p, in->log, out);
	if (p->pcr_mask)
		eval_pcrs(p, in->pcrs, out);
}
