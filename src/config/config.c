/* The settings table and its resolver; contract in config.h. */
#include "config/config.h"

#include <string.h>

/* DESIGN.md "Configuration": these names are a stable contract. */
const struct config_setting config_table[CFG_COUNT] = {
    [CFG_PROVIDER_URL] = {"ATTEST_PROVIDER_URL", "provider", NULL, CFG_KIND_TEXT},
    [CFG_POLICY] = {"ATTEST_POLICY", "policy", "/etc/attest-init/policy.json", CFG_KIND_TEXT},
    [CFG_TCTI] = {"ATTEST_TCTI", "tcti", "device:/dev/tpmrm0", CFG_KIND_TEXT},
    [CFG_EVENTLOG] = {"ATTEST_EVENTLOG", "eventlog",
		      "/sys/kernel/security/tpm0/binary_bios_measurements", CFG_KIND_TEXT},
    [CFG_CA_BUNDLE] = {"ATTEST_CA_BUNDLE", "ca-bundle", "/etc/attest-init/ca-bundle.pem",
		       CFG_KIND_TEXT},
    /* Used only when the policy has no tpm.ak_roots (src/gate/gate_settings.c). */
    [CFG_AK_ROOTS] = {"ATTEST_AK_ROOTS", "ak-roots", "/etc/attest-init/azure-vtpm-roots.pem",
		      CFG_KIND_TEXT},
    [CFG_JWKS] = {"ATTEST_JWKS", "jwks", NULL, CFG_KIND_TEXT},
    [CFG_RESOLVE] = {"ATTEST_RESOLVE", "resolve", NULL, CFG_KIND_TEXT},
    [CFG_TOKEN_OUT] = {"ATTEST_TOKEN_OUT", "token-out", "/run/attest/token.jwt", CFG_KIND_TEXT},
    [CFG_AUDIT_LOG] = {"ATTEST_AUDIT_LOG", "audit-log", NULL, CFG_KIND_TEXT},
    [CFG_EVIDENCE_OUT] = {"ATTEST_EVIDENCE_OUT", "evidence-out", NULL, CFG_KIND_TEXT},
    [CFG_DEADLINE] = {"ATTEST_DEADLINE", "deadline", "60", CFG_KIND_DEADLINE},
    [CFG_MAX_SKEW] = {"ATTEST_MAX_SKEW", "max-skew", "60", CFG_KIND_SKEW},
    [CFG_ISOLATION] = {"ATTEST_ISOLATION", "isolation", NULL, CFG_KIND_ISOLATION},
    [CFG_OS_RELEASE] = {"ATTEST_OS_RELEASE", "os-release", NULL, CFG_KIND_TEXT},
    /* = THIM_DEFAULT_URL (shell/thim_fetch.h); config stays pure, so spelled out here. */
    [CFG_THIM_URL] = {"ATTEST_THIM_URL", "thim-url",
		      "http://169.254.169.254/metadata/THIM/amd/certification", CFG_KIND_TEXT},
    [CFG_VCEK_CHAIN] = {"ATTEST_VCEK_CHAIN", "vcek-chain", NULL, CFG_KIND_TEXT},
    [CFG_AK_AIA] = {"ATTEST_AK_AIA", "ak-aia", "off", CFG_KIND_SWITCH},
    /* NULL: shell/ak_aia.h's AK_AIA_DEFAULT_HOSTS (config stays pure). */
    [CFG_AK_AIA_HOSTS] = {"ATTEST_AK_AIA_HOSTS", "ak-aia-hosts", NULL, CFG_KIND_TEXT},
    [CFG_PROXY] = {"ATTEST_PROXY", "proxy", NULL, CFG_KIND_TEXT},
    [CFG_TERMINATION_LOG] = {"ATTEST_TERMINATION_LOG", "termination-log", "/dev/termination-log",
			     CFG_KIND_TEXT},
};

static const char *const source_name[] = {"default", "config file", "environment", "flag"};

int config_by_env(const char *env, size_t n)
{
	for (int i = 0; i < CFG_COUNT; i++)
		if (strlen(config_table[i].env) == n && memcmp(config_table[i].env, env, n) == 0)
			return i;
	return -1;
}

const char *config_env_get(char *const *envp, const char *name)
{
	size_t n = strlen(name);

	for (; envp && *envp; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return (*envp)[n + 1] ? *envp + n + 1 : NULL;
	return NULL;
}

/* Strict unsigned decimal, no sign or spaces, at most max. */
static bool parse_seconds(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

/* What each kind accepts, for the error line. */
static const char *const kind_wants[] = {
    [CFG_KIND_TEXT] = "a non-empty value without control characters",
    [CFG_KIND_DEADLINE] = "1-3600 seconds",
    [CFG_KIND_SKEW] = "0-300 seconds",
    [CFG_KIND_SWITCH] = "on or off",
    [CFG_KIND_ISOLATION] = "trustedlaunch, sevsnp or tdx",
};

/* Non-empty, bounded, printable: no control characters can reach paths, URLs or logs. */
static bool is_text(const char *v)
{
	size_t n = strlen(v);

	for (size_t k = 0; k < n; k++)
		if ((unsigned char)v[k] < 0x20 || v[k] == 0x7f)
			return false;
	return n > 0 && n <= CONFIG_VALUE_MAX;
}

static bool kind_ok(enum config_kind kind, const char *v, unsigned long long *num)
{
	switch (kind) {
	case CFG_KIND_DEADLINE:
		return parse_seconds(v, CONFIG_MAX_DEADLINE, num) && *num > 0;
	case CFG_KIND_SKEW:
		return parse_seconds(v, CONFIG_MAX_SKEW, num);
	case CFG_KIND_SWITCH:
		*num = strcmp(v, "on") == 0;
		return *num || strcmp(v, "off") == 0;
	case CFG_KIND_ISOLATION:
		return strcmp(v, "trustedlaunch") == 0 || strcmp(v, "sevsnp") == 0 ||
		       strcmp(v, "tdx") == 0;
	case CFG_KIND_TEXT:
	default:
		return true;
	}
}

/* Checks v against the kind of setting i; on success it becomes the value (from src). */
static bool check_value(int i, const char *v, enum config_source src, struct config *c,
			struct err *e)
{
	const struct config_setting *s = &config_table[i];

	if (!is_text(v) || !kind_ok(s->kind, v, &c->num[i]))
		return err_fail(e, R_CONFIG_BAD_VALUE, ERR_NO_OFFSET,
				"%s (--%s) from the %s wants %s", s->env, s->flag, source_name[src],
				kind_wants[s->kind]);
	c->value[i] = v;
	c->source[i] = src;
	return true;
}

bool config_resolve(const char *const flags[CFG_COUNT], char *const *envp,
		    const struct config_file *file, struct config *out, struct err *e)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < CFG_COUNT; i++) {
		/* Lowest precedence first, each later source overwrites; every value given is
		 * checked, even when overridden: misconfiguration anywhere is an error. */
		const char *v[4] = {config_table[i].dflt, file ? file->value[i] : NULL,
				    config_env_get(envp, config_table[i].env),
				    flags ? flags[i] : NULL};
		for (int src = CFG_FROM_DEFAULT; src <= CFG_FROM_FLAG; src++)
			if (v[src] && !check_value(i, v[src], (enum config_source)src, out, e))
				return false;
	}
	return true;
}
