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
#include "shell/os_release_load.h"
#include "shell/thim_fetch.h"

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
	s->ca_bundle = c->value[CFG_CA_BUNDLE];
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
	if (!s->token_out || !s->policy_path || !s->tcti || !s->ca_bundle)
		return err_fail(e, R_GATE_MISSING_SETTING, ERR_NO_OFFSET, "%s",
				!s->token_out	? "ATTEST_TOKEN_OUT"
				: !s->tcti	? "ATTEST_TCTI"
				: !s->ca_bundle ? "ATTEST_CA_BUNDLE"
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
	if (!gate_remove_stale_token(g, e) || !gate_aia_hosts(g, e))
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
	if (!ok)
		err_fail(e, R_CONFIG_BAD_AK_ROOTS, ERR_NO_OFFSET,
			 "ATTEST_AK_ROOTS (--ak-roots) %.200s: cannot read", g->s.ak_roots);
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

	if (!path)
		return err_fail(e, R_GATE_MISSING_SETTING, ERR_NO_OFFSET,
				"ATTEST_OS_RELEASE (--os-release): the host's os-release file");
	return os_release_load(path, &g->s.os_text, &g->s.os, e);
}

/* SEV-SNP requests carry the VCEK chain (docs/maa-azureguest.md 1 step 5): from a file, else
 * from THIM (ATTEST_THIM_URL) within the run's deadline. */
static bool load_vcek_chain(struct gate_ctx *g, struct err *e)
{
	const char *path = g->cfg->value[CFG_VCEK_CHAIN];

	if (g->s.isolation != EVIDENCE_ISOLATION_SEV_SNP)
		return true;
	if (path) {
		g->s.vcek_chain_from = path;
		return file_read_all(path, MAA_VCEK_CHAIN_MAX, &g->vcek_chain, e);
	}
	g->s.vcek_chain_from = g->cfg->value[CFG_THIM_URL];
	return thim_fetch(g->s.vcek_chain_from, g->s.resolve, g->s.deadline_ms, &g->vcek_chain, e);
}

/* The provider's TLS roots: a missing file (the image's default path too) is a configuration
 * error naming the setting and the path, before anything is collected or sent. */
static bool check_ca_bundle(const struct gate_ctx *g, struct err *e)
{
	int fd = open(g->s.ca_bundle, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_fail(e, R_IO_HTTP_CA_BUNDLE_UNREADABLE, ERR_NO_OFFSET,
				"ATTEST_CA_BUNDLE (--ca-bundle) %.200s: cannot open",
				g->s.ca_bundle);
	close(fd);
	return true;
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

/* The AK roots: the setting, else the policy's tpm.ak_roots, else the image's file (the
 * table's default, which must not conflict with the policy's value). */
static bool merge_ak_roots(struct gate_ctx *g, struct err *e)
{
	const struct config *c = g->cfg;
	bool dflt = c->source[CFG_AK_ROOTS] == CFG_FROM_DEFAULT;

	if (!merge(CFG_AK_ROOTS, dflt ? NULL : c->value[CFG_AK_ROOTS], g->policy.tpm_ak_roots,
		   "tpm.ak_roots", false, &g->s.ak_roots, e))
		return false;
	if (!g->s.ak_roots)
		g->s.ak_roots = c->value[CFG_AK_ROOTS];
	if (!g->s.ak_roots)
		return err_fail(e, R_GATE_MISSING_SETTING, ERR_NO_OFFSET,
				"ATTEST_AK_ROOTS (--ak-roots or the policy's tpm.ak_roots)");
	return true;
}

/* The policy's values merged with the settings, then what the later steps read from files;
 * the THIM fetch (network) comes last. */
static bool settings_from_policy(struct gate_ctx *g, struct err *e)
{
	const struct policy *p = &g->policy;
	const char *url = p->has_provider ? p->provider_url : NULL;

	if (!merge(CFG_PROVIDER_URL, g->cfg->value[CFG_PROVIDER_URL], url, "provider.url", true,
		   &g->s.provider_url, e) ||
	    !merge_isolation(g, e) || !merge_ak_roots(g, e))
		return false;
	g->s.pcr_mask = p->tpm_pcrs ? p->tpm_pcrs : EVIDENCE_DEFAULT_PCR_MASK;
	return build_urls(g, p->has_provider ? p->provider_jwks : NULL, e) &&
	       load_os_release(g, e) && check_ca_bundle(g, e) && load_roots(g, e) &&
	       load_vcek_chain(g, e);
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
	json_kv_str(f, "ca_bundle", g->s.ca_bundle);
	if (g->s.vcek_chain_from) {
		json_kv_str(f, "vcek_chain", g->s.vcek_chain_from);
		gate_kv_sha256(f, "vcek_chain_sha256", g->vcek_chain.data, g->vcek_chain.len);
	}
	return true;
}
