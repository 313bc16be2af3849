/* musl-gcc ships no kernel headers; tpm2-tss only needs PATH_MAX from here. */
#include <limits.h>
