/* Placeholder until reassembly lands. */
#include "decode/internal.h"

#include <stdlib.h>

struct nc_reasm {
	int unused;
};

struct nc_reasm *
nc_reasm_new(void)
{
	return calloc(1, sizeof(struct nc_reasm));
}

void
nc_reasm_free(struct nc_reasm *r)
{
	free(r);
}
