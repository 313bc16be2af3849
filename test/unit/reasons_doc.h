/*
 * reasons_doc: the reason registry (src/core/reasons.def) with its meanings,
 * and the one writer of docs/reasons.md. Shared by test/unit/gen_reasons_doc.c
 * (make reasons-doc) and test_reasons.c (fails when the file is stale).
 */
#ifndef ATTEST_TEST_REASONS_DOC_H
#define ATTEST_TEST_REASONS_DOC_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

struct reason_doc {
	enum reason_id id;
	const char *id_name;
	enum err_layer layer_id;
	const char *layer;
	const char *code;
	enum err_class cls;
	const char *meaning;
};

static const struct reason_doc reason_docs[] = {
#define REASON(id, layer, code, cls, meaning)                                                      \
	{id, #id, ERR_LAYER_##layer, #layer, code, ERR_##cls, meaning},
#include "core/reasons.def"
#undef REASON
};

#define REASON_DOC_COUNT (sizeof(reason_docs) / sizeof(reason_docs[0]))

/* Writes docs/reasons.md: one section per layer (ERR_LAYERS order), one table row per code. */
static inline void reasons_doc_write(FILE *out)
{
	static const char *const layers[] = {
#define LAYER_NAME(l) #l,
	    ERR_LAYERS(LAYER_NAME)
#undef LAYER_NAME
	};

	fputs("# Reason codes\n\n"
	      "<!-- Generated from src/core/reasons.def by `make reasons-doc`; do not edit. -->\n\n"
	      "Every failure is one line on stderr, "
	      "`attest-init: <layer>: <reason>[ at offset N][ at line N][: detail]`,\n"
	      "and the exit status is the reason's class: **1** untrustworthy (verification "
	      "failed, policy\ndenied, input malformed), **2** usage or configuration, **3** "
	      "transient (retry later). The\nlayer is the module that detected the failure "
	      "(`src/core/err.h`); the reason code is stable.\n",
	      out);
	for (size_t l = 0; l < sizeof(layers) / sizeof(layers[0]); l++) {
		int rows = 0;
		for (size_t i = 0; i < REASON_DOC_COUNT; i++) {
			const struct reason_doc *r = &reason_docs[i];
			if (r->layer_id != (enum err_layer)l)
				continue;
			if (rows++ == 0)
				fprintf(out,
					"\n## %s\n\n| reason | exit | meaning |\n|---|---|---|\n",
					layers[l]);
			fprintf(out, "| `%s` | %d | %s |\n", r->code, (int)r->cls, r->meaning);
		}
	}
}

#endif
