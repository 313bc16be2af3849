/* Prints docs/reasons.md from the reason registry (make reasons-doc). */
#include "reasons_doc.h"

int main(void)
{
	reasons_doc_write(stdout);
	return fflush(stdout) == 0 ? 0 : 1;
}
