/*
 * gate_settings: the config and policy_load steps. Settings come resolved (flag >
 * environment > config file > default, src/config); the policy file may also give the
 * provider URL, the isolation, the AK roots and the JWKS source. Where both give one and they
 * differ, the run stops (gate config_conflict naming the setting): never pick one silently.
 * A required value that nothing gives is gate missing_setting naming it (exit 2).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gate/gate_internal.h"

static const char *setting_name(enum config_id id)
{
	return config_table[id].env;
}

bool gate_step_config(struct gate_ctx *g, struct json_writer *f, struct err *e)
{
	const struct config *c = g->cfg;
	struct gate_settings *s = &g->s;

	if (!g->args->config_ok) {
		*e = g->args->config_err;
		return false;
	}
	s->tcti = c->value[CFG_TCTI];
	s->eventlog = c->value[CFG_EVENTLOG];
	s->ca_bundle = c->value[CFG_CA_BUNDLE] ? c->value[CFG_CA_BUNDLE] : GATE_DEFAULT_CA_BUNDLE;
	s->jwks_file = c->value[CFG_JWKS];
	s->resolve = c->value[CFG_RESOLVE];
	s->token_out = c->value[CFG_TOKEN_OUT];
	s->audit_log = c->value[CFG_AUDIT_LOG];
	s->evidence_out = c->value[CFG_EVIDENCE_OUT];
	s->proxy = c->value[CFG_PROXY];
	s->policy_path = c->value[CFG_POLICY];
	s->max_skew = (uint32_t)c->num[CFG_MAX_SKEW];
	s->deadline_s = (unsigned)c->num[CFG_DEADLINE];
	s->deadline_ms = g->start_ms + (uint64_t)s->deadline_s * 1000u;
	if (!s->token_out || !s->policy_path || !s->tcti)
		return err_fail(e, R_GATE_MISSING_SETTING, ERR_NO_OFFSET, "%s",
				!s->token_out ? "ATTEST_TOKEN_OUT"
				: !s->tcti    ? "ATTEST_TCTI"
					      : "ATTEST_POLICY");
	if ((size_t)snprintf(s->claims_out, sizeof(s->claims_out), "%s%s", s->token_out,
			     GATE_CLAIMS_SUFFIX) >= sizeof(s->claims_out))
		return err_fail(e, R_GATE_TOKEN_WRITE_FAILED, ERR_NO_OFFSET,
				"ATTEST_TOKEN_OUT: path too long");
	json_kv_str(f, "tcti", s->tcti);
	json_kv_u64(f, "deadline_s", s->deadline_s);
	json_kv_u64(f, "max_skew_s", s->max_skew);
	json_kv_str(f, "token_out", s->token_out);
	json_kv_str(f, "policy", s->policy_path);
	if (s->proxy)
		json_kv_str(f, "proxy", s->proxy);
	/* Before anything else: a stale token from an earlier run must not survive this one. */
	if (!gate_remove_stale_token(g, e))
		return false;
	if (s->audit_log) {
		g->audit_fd =
		    open(s->audit_log, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (g->audit_fd < 0)
			return err_fail(e, R_GATE_AUDIT_LOG_FAILED, ERR_NO_OFFSET,
					"ATTEST_AUDIT_LOG %.100s: cannot open", s->audit_log);
		json_kv_str(f, "audit_log", s->audit_log);
	}
	return true;
}

/* One value from a setting or the policy ("" in the policy: not given); both and different is
 * a conflict, neither is missing (when required). */
static bool merge(enum config_id id, const char *setting, const char *from_policy,
		  const char *policy_key, bool required, const char **out, struct err *e)
{
	bool has_p = from_policy && from_policy[0] != '\0';

	if (setting && has_p && strcmp(setting, from_policy) != 0)
		return err_fail(e, R_GATE_CONFIG_CONFLICT, ERR_NO_OFFSET,
				"%s (--%s) differs from the policy's %s", setting_name(id),
				config_table[id].flag, policy_key);
	*out = setting ? setting : has_p ? from_policy : NULL;
	if (!*out && required)
		return err_fail(e, R_GATE_MISSING_SETTING, ERR_NO_OFFSET,
				"%s (--%s or the policy's %s)", setting_name(id),
				config_table[id].flag, policy_key);
	return true;
}

static bool merge_isolation(struct gate_ctx *g, struct err *e)
{
	const char *pol = policy_isolation_name(g->policy.isolation), *iso = NULL;

	if (!merge(CFG_ISOLATION, g->cfg->value[CFG_ISOLATION], pol, "isolation", true, &iso, e))
		return false;
	if (!iso || !evidence_isolation_parse(iso, &g->s.isolation))
		return err_fail(e, R_CONFIG_BAD_VALUE, ERR_NO_OFFSET, "ATTEST_ISOLATION: %.40s",
				iso ? iso : "");
	if (g->s.isolation == EVIDENCE_ISOLATION_TDX)
		return err_fail(e, R_PROVIDER_ISOLATION_TDX_UNSUPPORTED, ERR_NO_OFFSET,
				"ATTEST_ISOLATION tdx");
	return true;
}

/* The AK trust anchors: a PEM bundle of roots (and intermediates). */
static bool load_roots(struct gate_ctx *g, struct err *e)
{
	struct buf pem;
	bool ok;

	buf_init(&pem, PEM_MAX_TEXT);
	ok = file_read_all(g->s.ak_roots, PEM_MAX_TEXT, &pem, e);
	if (ok && !pem_decode_all(pem.data ? pem.data : (const uint8_t *)"", pem.len, g->roots,
				  PEM_MAX_OBJECTS, &g->nroots, e))
		ok = err_relabel(e, R_CONFIG_BAD_AK_ROOTS, "ATTEST_AK_ROOTS");
	buf_free(&pem);
	return ok;
}

/* OS fields from the host's os-release (ATTEST_OS_RELEASE): never invented (issue 18). */
static bool load_os_release(struct gate_ctx *g, struct err *e)
{
	const char *path = g->cfg->value[CFG_OS_RELEASE];
	struct buf text;
	bool ok;

	if (!path)
		return err_fail(e, R_GATE_MISSING_SETTING, ERR_NO_OFFSET,
				"ATTEST_OS_RELEASE (--os-release): the host's os-release file");
	buf_init(&text, OS_RELEASE_MAX_TEXT);
	ok = file_read_all(path, OS_RELEASE_MAX_TEXT + 1, &text, e) &&
	     os_release_parse(text.data ? text.data : (const uint8_t *)"", text.len, &g->s.os, e);
	buf_free(&text);
	if (ok && (!g->s.os.has_name || !g->s.os.has_version_id))
		return err_fail(e, R_GATE_MISSING_SETTING, ERR_NO_OFFSET,
				"ATTEST_OS_RELEASE %.80s has no %s", path,
				g->s.os.has_name ? "VERSION_ID" : "NAME");
	return ok && os_release_version(g->s.os.version_id, &g->s.os_major, &g->s.os_minor, e);
}

/* SEV-SNP requests carry the VCEK chain (docs/maa-azureguest.md 1 step 5): from a file. */
static bool load_vcek_chain(struct gate_ctx *g, struct err *e)
{
	const char *path = g->cfg->value[CFG_VCEK_CHAIN];

	if (g->s.isolation != EVIDENCE_ISOLATION_SEV_SNP)
		return true;
	if (!path)
		return err_fail(e, R_GATE_THIM_UNSUPPORTED, ERR_NO_OFFSET,
				"set ATTEST_VCEK_CHAIN (--vcek-chain)");
	return file_read_all(path, MAA_VCEK_CHAIN_MAX, &g->vcek_chain, e);
}

static bool build_urls(struct gate_ctx *g, const char *jwks_policy, struct err *e)
{
	struct gate_settings *s = &g->s;
	const char *certs = GATE_CERTS_PATH, *base = s->provider_url;
	int n1, n2;

	if (!s->jwks_file && jwks_policy && jwks_policy[0] != '\0') {
		if (strncmp(jwks_policy, "https://", 8) == 0)
			base = jwks_policy, certs = "";
		else
			s->jwks_file = jwks_policy;
	}
	n1 = snprintf(s->attest_url, sizeof(s->attest_url), "%s%s", s->provider_url,
		      GATE_ATTEST_PATH);
	n2 = snprintf(s->certs_url, sizeof(s->certs_url), "%s%s", base, certs);
	if (n1 < 0 || n2 < 0 || (size_t)n1 >= sizeof(s->attest_url) ||
	    (size_t)n2 >= sizeof(s->certs_url))
		return err_fail(e, R_CONFIG_BAD_VALUE, ERR_NO_OFFSET,
				"ATTEST_PROVIDER_URL: too long");
	return true;
}

/* The policy's values merged with the settings, then what the later steps read from files. */
static bool settings_from_policy(struct gate_ctx *g, struct err *e)
{
	const struct policy *p = &g->policy;
	const char *url = p->has_provider ? p->provider_url : NULL;

	if (!merge(CFG_PROVIDER_URL, g->cfg->value[CFG_PROVIDER_URL], url, "provider.url", true,
		   &g->s.provider_url, e) ||
	    !merge_isolation(g, e) ||
	    !merge(CFG_AK_ROOTS, g->cfg->value[CFG_AK_ROOTS], p->tpm_ak_roots, "tpm.ak_roots", true,
		   &g->s.ak_roots, e))
		return false;
	g->s.pcr_mask = p->tpm_pcrs ? p->tpm_pcrs : EVIDENCE_DEFAULT_PCR_MASK;
	return build_urls(g, p->has_provider ? p->provider_jwks : NULL, e) &&
	       load_os_release(g, e) && load_vcek_chain(g, e) && load_roots(g, e);
}

bool gate_step_policy_load(struct gate_ctx *g, struct json_writer *f, struct err *e)
{
	json_kv_str(f, "policy", g->s.policy_path);
	if (!file_read_all(g->s.policy_path, POLICY_MAX_TEXT + 1, &g->policy_text, e))
		return false;
	gate_kv_sha256(f, "policy_sha256", g->policy_text.data, g->policy_text.len);
	if (!policy_load(&g->policy, g->policy_text.data ? g->policy_text.data : (const void *)"",
			 g->policy_text.len, e))
		return false;
	g->policy_loaded = true;
	if (!settings_from_policy(g, e))
		return false;
	json_kv_str(f, "provider", g->s.provider_url);
	json_kv_str(f, "isolation", evidence_isolation_name(g->s.isolation));
	json_kv_str(f, "ak_roots", g->s.ak_roots);
	json_kv_u64(f, "ak_roots_objects", g->nroots);
	json_kv_str(f, "jwks", g->s.jwks_file ? g->s.jwks_file : g->s.certs_url);
	json_kv_u64(f, "claim_rules", g->policy.nclaims);
	return true;
}
