/*
 * policy_eval: evaluates every rule of a loaded policy (never stopping at the first failure,
 * so the report names all of them) and passes only when each one passed.
 */
#include <string.h>

#include "json/json_read.h"
#include "policy/policy.h"

bool policy_eval(const struct policy *p, const struct policy_input *in, struct policy_report *out)
{
	memset(out, 0, sizeof(*out));
	if (!in->claims || json_val_type(in->claims, JSON_ROOT) != JSON_OBJECT) {
		policy_result_set(policy_report_add(out, "claims", "an object"), false,
				  "no claims object");
		out->failed = 1;
		return false;
	}
	policy_eval_claims(p, in, out);
	policy_eval_eventlog(p, in, out);
	for (size_t i = 0; i < out->n; i++)
		out->failed += !out->r[i].pass;
	return out->n > 0 && out->failed == 0;
}
