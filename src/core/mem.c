#include "core/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

void *mem_alloc_big(size_t n)
{
	size_t rounded;
	void *p;

	if (n < MEM_BIG_MIN || n > SIZE_MAX - MEM_HUGE_PAGE)
		return malloc(n);
	/* aligned_alloc wants a multiple of the alignment; huge pages want both. */
	rounded = (n + MEM_HUGE_PAGE - 1) & ~(MEM_HUGE_PAGE - 1);
	p = aligned_alloc(MEM_HUGE_PAGE, rounded);
#ifdef MADV_HUGEPAGE
	if (p)
		(void)madvise(p, rounded, MADV_HUGEPAGE);
#endif
	return p;
}
