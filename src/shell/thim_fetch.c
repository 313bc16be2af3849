#include "shell/thim_fetch.h"

#include <strings.h>

#include "provider/thim.h"
#include "shell/http.h"

/* IMDS's link-local address (Azure IMDS documentation) and loopback. */
static const char *const thim_hosts[] = {"169.254.169.254", "127.0.0.1", "localhost"};

bool thim_fetch(const char *url, const char *resolve, uint64_t deadline_ms, struct buf *chain_pem,
		struct err *e)
{
	struct http_opts o = {
	    .target = HTTP_TARGET_METADATA,
	    .resolve = resolve,
	    .metadata_hosts = thim_hosts,
	    .n_metadata_hosts = sizeof(thim_hosts) / sizeof(thim_hosts[0]),
	    /* 1 step 5: IMDS refuses requests without it (a guard against SSRF). */
	    .headers = {"Metadata: true"},
	    .body_max = THIM_MAX_BODY,
	};
	struct http_response r;
	uint64_t now = http_clock_ms();
	bool ok;

	buf_reset(chain_pem);
	/* IMDS speaks plain http on the link-local address only: no TLS to configure. */
	if (!url || strncasecmp(url, "http://", 7) != 0)
		return err_fail(e, R_IO_HTTP_URL_REFUSED, ERR_NO_OFFSET,
				"the THIM URL must be http:// to 169.254.169.254 (or loopback)");
	o.deadline_ms = deadline_ms;
	if (now < deadline_ms && deadline_ms - now > THIM_FETCH_TIMEOUT_MS)
		o.deadline_ms = now + THIM_FETCH_TIMEOUT_MS;
	http_response_init(&r);
	ok = http_exchange(&o, "GET", url, NULL, 0, &r, NULL, e) &&
	     thim_parse(r.body.data, r.body.len, chain_pem, e);
	http_response_free(&r);
	return ok;
}
