/* The arrays of the dispatch table (dispatch.h), one per key space, and
 * the direct indexes of the spaces every packet goes through, all built
 * by the compiler: nothing is sorted or allocated at run time. */
#include "decode/internal.h"

/* Positions of the lines of the indexed spaces.  A key written twice is
 * an enumerator defined twice: the build fails. */
enum {
#define NC_LINK(K, L, F)	LINK_##K,
#include "decode/dispatch.h"
	NLINKS
};
enum {
#define NC_ETHERTYPE(K, L, F)	ETHERTYPE_##K,
#include "decode/dispatch.h"
	NETHERTYPES
};
enum {
#define NC_IPPROTO(K, L, F)	IPPROTO_##K,
#include "decode/dispatch.h"
	NIPPROTOS
};
enum {
#define NC_PORT(K, ON, L, F)	PORT_##K,
#include "decode/dispatch.h"
	NPORTS
};

_Static_assert(NLINKS < 255 && NETHERTYPES < 255 && NIPPROTOS < 255 &&
    NPORTS < 255, "an index holds positions in a byte");

const struct nc_dispatch nc_dispatch_links[] = {
#define NC_LINK(K, L, F)	{ K, 0, L, F, NULL, NULL, NULL },
#include "decode/dispatch.h"
};

/* A link type past the end fails the build. */
const uint8_t nc_dispatch_link_index[1024] = {
#define NC_LINK(K, L, F)	[K] = LINK_##K + 1,
#include "decode/dispatch.h"
};

const struct nc_dispatch nc_dispatch_ethertypes[] = {
#define NC_ETHERTYPE(K, L, F)	{ K, 0, L, F, NULL, NULL, NULL },
#include "decode/dispatch.h"
};

const uint8_t nc_dispatch_ethertype_index[65536] = {
#define NC_ETHERTYPE(K, L, F)	[K] = ETHERTYPE_##K + 1,
#include "decode/dispatch.h"
};

static const struct nc_dispatch ppps[] = {
#define NC_PPP(K, L, F)		{ K, 0, L, F, NULL, NULL, NULL },
#include "decode/dispatch.h"
};

const struct nc_dispatch nc_dispatch_ipprotos[] = {
#define NC_IPPROTO(K, L, F)	{ K, 0, L, NULL, F, NULL, NULL },
#include "decode/dispatch.h"
};

const uint8_t nc_dispatch_ipproto_index[256] = {
#define NC_IPPROTO(K, L, F)	[K] = IPPROTO_##K + 1,
#include "decode/dispatch.h"
};

const struct nc_dispatch nc_dispatch_ports[] = {
#define NC_PORT(K, ON, L, F)	{ K, ON, L, NULL, NULL, F, NULL },
#include "decode/dispatch.h"
};

const uint8_t nc_dispatch_port_index[65536] = {
#define NC_PORT(K, ON, L, F)	[K] = PORT_##K + 1,
#include "decode/dispatch.h"
};

/* The table may register no probe; an array cannot be empty. */
static const struct nc_dispatch probes[] = {
#define NC_PROBE(ON, L, P, F)	{ 0, ON, L, NULL, NULL, F, P },
#include "decode/dispatch.h"
	{ 0, 0, NULL, NULL, NULL, NULL, NULL }
};

#define N(a)		(sizeof a / sizeof a[0])

const struct nc_dispatch_space nc_dispatch[NC_SPACE_MAX] = {
	[NC_SPACE_LINK] = { nc_dispatch_links, NLINKS,
	    nc_dispatch_link_index, N(nc_dispatch_link_index) },
	[NC_SPACE_ETHERTYPE] = { nc_dispatch_ethertypes, NETHERTYPES,
	    nc_dispatch_ethertype_index, N(nc_dispatch_ethertype_index) },
	[NC_SPACE_PPP] = { ppps, N(ppps), NULL, 0 },
	[NC_SPACE_IPPROTO] = { nc_dispatch_ipprotos, NIPPROTOS,
	    nc_dispatch_ipproto_index, N(nc_dispatch_ipproto_index) },
	[NC_SPACE_PORT] = { nc_dispatch_ports, NPORTS,
	    nc_dispatch_port_index, N(nc_dispatch_port_index) },
	[NC_SPACE_PROBE] = { probes, N(probes) - 1, NULL, 0 },
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
