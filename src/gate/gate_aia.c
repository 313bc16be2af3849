/*
 * gate_aia: ATTEST_AK_AIA=on: before the AK chain check, the AK certificate's missing
 * intermediates from the caIssuers URLs of its Authority Information Access (RFC 5280
 * 4.2.2.1), through shell/ak_aia.h. What is fetched joins the pool of intermediates only: the
 * chain must still end at a pinned root (ak_cert_verify, RFC 5280 6.1), and ak_aia refuses a
 * fetched self-issued certificate, so nothing fetched can become an anchor.
 */
#include <string.h>

#include "attest/der.h"
#include "gate/gate_internal.h"
#include "shell/ak_aia.h"

bool gate_aia_hosts(struct gate_ctx *g, struct err *e)
{
	const char *v = g->cfg->value[CFG_AK_AIA_HOSTS];
	char *p;

	g->n_aia_hosts = 0;
	if (!v)
		return true; /* ak_aia's default list */
	if (strlen(v) >= sizeof(g->aia_hosts_text))
		return err_fail(e, R_CONFIG_BAD_VALUE, ERR_NO_OFFSET,
				"ATTEST_AK_AIA_HOSTS: too long");
	memcpy(g->aia_hosts_text, v, strlen(v) + 1);
	/* Comma-separated exact host names: an empty entry is a typo, never "any host". */
	for (p = g->aia_hosts_text;;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (*p == '\0' || g->n_aia_hosts == GATE_AIA_MAX_HOSTS)
			return err_fail(
			    e, R_CONFIG_BAD_VALUE, ERR_NO_OFFSET,
			    "ATTEST_AK_AIA_HOSTS (--ak-aia-hosts) wants 1-%u comma-separated "
			    "host names",
			    GATE_AIA_MAX_HOSTS);
		g->aia_hosts[g->n_aia_hosts++] = p;
		if (!comma)
			return true;
		p = comma + 1;
	}
}

/* Decodes the fetched PEM into the pool after the configured roots and intermediates. */
static bool add_to_pool(struct gate_ctx *g, const struct buf *pem, struct err *e)
{
	size_t k = 0;

	if (!pem_decode_all(pem->data, pem->len, g->roots + g->nroots, PEM_MAX_OBJECTS - g->nroots,
			    &k, e))
		return false;
	g->nroots += k;
	return true;
}

bool gate_ak_aia(struct gate_ctx *g, struct json_writer *f, struct err *e)
{
	struct ak_aia_opts o;
	struct buf pem;
	size_t n = 0;
	bool ok;

	if (!g->cfg->num[CFG_AK_AIA] || g->aia_done)
		return true;
	g->aia_done = true; /* the AK certificate is the same on a second collection */
	memset(&o, 0, sizeof(o));
	o.hosts = g->n_aia_hosts ? (const char *const *)g->aia_hosts : NULL;
	o.n_hosts = g->n_aia_hosts;
	o.ca_bundle = g->s.ca_bundle;
	o.resolve = g->s.resolve;
	o.deadline_ms = g->s.deadline_ms;
	buf_init(&pem, (size_t)AK_AIA_MAX_FETCHES * AK_AIA_MAX_CERT * 2);
	ok = g->ev.ak_cert.data &&
	     ak_aia_fetch_chain(g->ev.ak_cert.data,
				der_tlv_size(g->ev.ak_cert.data, g->ev.ak_cert.len), g->roots,
				g->nroots, &o, &pem, &n, e) &&
	     (n == 0 || add_to_pool(g, &pem, e));
	if (!g->ev.ak_cert.data)
		err_fail(e, R_IO_AIA_NOT_CERTIFICATE, ERR_NO_OFFSET, "no AK certificate");
	json_kv_u64(f, "ak_aia_fetched", n);
	if (ok && n)
		gate_kv_sha256(f, "ak_aia_sha256", pem.data, pem.len);
	buf_free(&pem);
	return ok;
}
