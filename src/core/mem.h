/*
 * mem: allocation of large arrays that are filled once, front to back (a log read whole, the
 * events parsed from it). On the virtual machines this runs on, each first touch of a 4 KiB
 * page costs ~10 us (measured: 1000 faults, 11 ms), so a 64 MiB log read into 4 KiB pages
 * would spend more time faulting than parsing. Blocks of at least MEM_BIG_MIN bytes are
 * aligned to 2 MiB and advised as transparent huge pages: a hint only, the memory is the same
 * without it. Smaller blocks are plain malloc. Release with free(); realloc works too.
 */
#ifndef ATTEST_CORE_MEM_H
#define ATTEST_CORE_MEM_H

#include <stddef.h>

#define MEM_HUGE_PAGE ((size_t)2 << 20)
#define MEM_BIG_MIN   ((size_t)4 << 20)

void *mem_alloc_big(size_t n);

#endif
