/* Shared helpers for the cmocka unit tests (one test file per module). */
#ifndef ATTEST_TEST_UTIL_H
#define ATTEST_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* ../shared (ATTEST_SHARED): real test data that is not in the repository. */
static inline const char *test_shared_dir(void)
{
	const char *d = getenv("ATTEST_SHARED");
	return d && *d ? d : "../shared";
}

/* Reads a whole file into a malloc'd buffer; NULL when absent. */
static inline uint8_t *test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t cap = 0, n = 0;
	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			data = realloc(data, cap);
			assert_non_null(data);
		}
		size_t k = fread(data + n, 1, cap - n, f);
		if (k == 0)
			break;
		n += k;
	}
	fclose(f);
	*len = n;
	return data;
}

/* Reads ATTEST_SHARED/rel, or skips the calling test (saying so) when absent. */
#define TEST_SHARED_FILE(rel, lenp)                                                                \
	({                                                                                         \
		char path_[1024];                                                                  \
		*(lenp) = 0; /* skip() longjmps, but compilers cannot see that */                  \
		snprintf(path_, sizeof(path_), "%s/%s", test_shared_dir(), (rel));                 \
		uint8_t *d_ = test_read_file(path_, (lenp));                                       \
		if (!d_) {                                                                         \
			print_message("skip: %s absent (../shared not present)\n", path_);         \
			skip();                                                                    \
		}                                                                                  \
		d_;                                                                                \
	})

#endif
