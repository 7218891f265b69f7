/* The arrays of the dispatch table (dispatch.h), one per key space, built
 * by the compiler: nothing is sorted or allocated at run time. */
#include "decode/internal.h"

static const struct nc_dispatch links[] = {
#define NC_LINK(K, L, F)	{ K, 0, L, F, NULL, NULL, NULL },
#include "decode/dispatch.h"
};

static const struct nc_dispatch ethertypes[] = {
#define NC_ETHERTYPE(K, L, F)	{ K, 0, L, F, NULL, NULL, NULL },
#include "decode/dispatch.h"
};

static const struct nc_dispatch ppps[] = {
#define NC_PPP(K, L, F)		{ K, 0, L, F, NULL, NULL, NULL },
#include "decode/dispatch.h"
};

static const struct nc_dispatch ipprotos[] = {
#define NC_IPPROTO(K, L, F)	{ K, 0, L, NULL, F, NULL, NULL },
#include "decode/dispatch.h"
};

static const struct nc_dispatch ports[] = {
#define NC_PORT(K, ON, L, F)	{ K, ON, L, NULL, NULL, F, NULL },
#include "decode/dispatch.h"
};

/* The table may register no probe; an array cannot be empty. */
static const struct nc_dispatch probes[] = {
#define NC_PROBE(ON, L, P, F)	{ 0, ON, L, NULL, NULL, F, P },
#include "decode/dispatch.h"
	{ 0, 0, NULL, NULL, NULL, NULL, NULL }
};

#define SPACE(a, less)	{ a, sizeof a / sizeof a[0] - (less) }

const struct nc_dispatch_space nc_dispatch[NC_SPACE_MAX] = {
	[NC_SPACE_LINK] = SPACE(links, 0),
	[NC_SPACE_ETHERTYPE] = SPACE(ethertypes, 0),
	[NC_SPACE_PPP] = SPACE(ppps, 0),
	[NC_SPACE_IPPROTO] = SPACE(ipprotos, 0),
	[NC_SPACE_PORT] = SPACE(ports, 0),
	[NC_SPACE_PROBE] = SPACE(probes, 1),
};

const struct nc_dispatch *
nc_dispatch_probe(const struct nc_dispatch_space *s, unsigned on,
    const struct nc_cur *c)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if ((s->e[i].on & on) != 0 && s->e[i].probe(c))
			return &s->e[i];
	return NULL;
}
