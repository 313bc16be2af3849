/*
 * Fuzz target: policy_load() (src/policy/policy_load.c) on any bytes, then, when a policy
 * loads, policy_eval() and policy_report_json() with the same text as the claims (an object,
 * so every claim path is looked up in a document of the fuzzer's making) and no event log.
 * Properties: a refused policy is a USAGE-class policy error; a loaded one yields at most
 * POLICY_MAX_RULES results, each with NUL-terminated bounded texts, and passes only if every
 * result passed; without an event log every event-log rule fails.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json/json_read.h"
#include "policy/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct policy p;
	static struct policy_report rep;
	struct json_doc claims;
	struct policy_input in = {&claims, NULL, NULL, true, 1700000000, 60};
	struct buf out;
	struct err e;
	bool pass;

	err_clear(&e);
	if (!policy_load(&p, data, size, &e)) {
		if (e.cls != ERR_USAGE || strcmp(e.layer, "policy") != 0)
			abort();
		return 0;
	}
	if (!json_doc_parse(&claims, data, size, NULL, &e))
		abort(); /* the policy parsed under tighter limits */
	pass = policy_eval(&p, &in, &rep);
	if (rep.n > POLICY_MAX_RULES || (pass && rep.failed) || (!pass && !rep.failed))
		abort();
	for (size_t i = 0; i < rep.n; i++)
		if (strnlen(rep.r[i].actual, POLICY_ACTUAL_MAX) == POLICY_ACTUAL_MAX ||
		    strnlen(rep.r[i].rule, POLICY_RULE_NAME_MAX) == POLICY_RULE_NAME_MAX ||
		    (strncmp(rep.r[i].rule, "eventlog.", 9) == 0 && rep.r[i].pass))
			abort();
	buf_init(&out, (size_t)1 << 20);
	if (!policy_report_json(&rep, &out))
		abort();
	buf_free(&out);
	json_doc_free(&claims);
	policy_free(&p);
	return 0;
}
