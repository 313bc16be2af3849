/*
 * err: the one result type. Every failing function fills a caller-owned
 * struct err from one entry of the reason registry (src/core/reasons.def):
 * the layer that detected the failure, a stable reason code (lowercase,
 * underscores; part of the contract: it appears in the error line, the audit
 * record and the tests) and its exit class, plus an optional byte offset and
 * a short detail. Verifiers report success only on their single success path.
 * docs/reasons.md lists every code; it is generated from reasons.def.
 */
#ifndef ATTEST_CORE_ERR_H
#define ATTEST_CORE_ERR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ERR_NO_OFFSET UINT64_MAX

/* Exit status classes of the command-line contract (DESIGN.md). */
enum err_class {
	ERR_REJECT = 1,	   /* verification failed, policy denied, input malformed */
	ERR_USAGE = 2,	   /* usage or configuration error, unreadable input file */
	ERR_TRANSIENT = 3, /* TPM busy, provider unreachable, after retries */
};

/*
 * Layers: the module that detected the failure, one per src/ directory:
 *   core (src/core), eventlog (src/eventlog), json (the strict JSON reader),
 *   jose (src/jose: base64, JWS, JWKS, JWT), attest (src/attest), tpm (src/tpm),
 *   io (src/shell: files, output), usage (src/cli: command-line arguments),
 *   config (configuration files and strings), provider, policy, audit (the trail),
 *   gate (src/gate: the `run` orchestrator's own decisions).
 * A command that reports an inner failure under its own code uses err_relabel().
 */
#define ERR_LAYERS(X)                                                                              \
	X(core)                                                                                    \
	X(eventlog)                                                                                \
	X(json)                                                                                    \
	X(jose)                                                                                    \
	X(attest)                                                                                  \
	X(tpm)                                                                                     \
	X(io)                                                                                      \
	X(usage)                                                                                   \
	X(config)                                                                                  \
	X(provider)                                                                                \
	X(policy)                                                                                  \
	X(audit)                                                                                   \
	X(gate)

enum err_layer {
#define ERR_LAYER_ENUM(l) ERR_LAYER_##l,
	ERR_LAYERS(ERR_LAYER_ENUM)
#undef ERR_LAYER_ENUM
	    ERR_LAYER_COUNT
};

/* One id per registry entry: R_<LAYER>_<CODE>. R_NONE (0) is "no error yet". */
enum reason_id {
	R_NONE = 0,
#define REASON(id, layer, code, cls, meaning) id,
#include "core/reasons.def"
#undef REASON
	R_COUNT
};

struct reason_info {
	enum err_layer layer_id;
	const char *layer; /* the layer's name */
	const char *code;  /* the stable reason code */
	enum err_class cls;
};

/* The registry entry of id; NULL for R_NONE and out-of-range values. */
const struct reason_info *reason_lookup(enum reason_id id);

struct err {
	enum reason_id id;  /* the registry entry; R_NONE after err_clear() */
	const char *layer;  /* copied from the registry entry, NULL when none */
	const char *reason; /* copied from the registry entry, NULL when none */
	uint64_t offset;    /* ERR_NO_OFFSET when not about a byte position */
	enum err_class cls; /* copied from the registry entry */
	char detail[160];
};

void err_clear(struct err *e);

/*
 * Fill e from registry entry id (layer, code, class) and return false, so
 * "return err_fail(...)" fails. An id outside the registry fails closed as
 * R_CORE_UNKNOWN_REASON.
 */
bool err_fail(struct err *e, enum reason_id id, uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Reports an inner failure under registry entry id (e.g. a JSON syntax error
 * inside a JWS header becomes jose bad_header). The inner layer, code, offset
 * (relative to the inner input) and detail are kept in the detail after an
 * optional context word: "header: json syntax at offset 3: ...". Returns false.
 */
bool err_relabel(struct err *e, enum reason_id id, const char *context);

/* "attest-init: <layer>: <reason>[ at offset N][: detail]" without newline. */
void err_format(const struct err *e, char *out, size_t n);

#endif
