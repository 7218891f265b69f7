/* Decoding from a named layer instead of a link type: what fuzz harnesses
 * and unit tests use to reach one decoder with bytes of their choosing.
 * The layers are the names of the dispatch table (dispatch.h).  The layers
 * below are imagined: IPv4 addresses 192.0.2.1 and 192.0.2.2, and the
 * caller's ports. */
#include "decode/internal.h"
#include "decode/quic.h"

#include <string.h>
#include <strings.h>

/* Only here: the 802.3 length before LLC was Ethernet's. */
static void
llc_ethernet(struct nc_pkt *k, struct nc_cur *c)
{
	nc_dec_llc(k, c, "Ethernet");
}

#define PROTO(on)	((on) & NC_UDP ? 17u : (on) & NC_TCP ? 6u : 132u)

/* Every line of the table, in its order; a name may repeat, or be NULL. */
static const struct layer {
	const char *name;
	nc_frame_fn *frame;
	nc_ip_fn *ip;
	nc_app_fn *app;
	unsigned proto;			/* app: 6, 17 or 132 */
} layers[] = {
#define NC_LINK(K, L, F)	{ L, F, NULL, NULL, 0 },
#define NC_ETHERTYPE(K, L, F)	{ L, F, NULL, NULL, 0 },
#define NC_PPP(K, L, F)		{ L, F, NULL, NULL, 0 },
#define NC_IPPROTO(K, L, F)	{ L, NULL, F, NULL, 0 },
#define NC_PORT(K, ON, L, F)	{ L, NULL, NULL, F, PROTO(ON) },
#define NC_PROBE(ON, L, P, F)	{ L, NULL, NULL, F, PROTO(ON) },
#define NC_LAYER_FRAME(L, F)	{ L, F, NULL, NULL, 0 },
#define NC_LAYER_APP(L, ON, F)	{ L, NULL, NULL, F, PROTO(ON) },
#include "decode/dispatch.h"
};

#define NLAYERS	(sizeof layers / sizeof layers[0])

/* The first line with that name. */
static const struct layer *
find(const char *name, size_t upto)
{
	size_t i;

	for (i = 0; i < upto; i++)
		if (layers[i].name != NULL &&
		    strcasecmp(layers[i].name, name) == 0)
			return &layers[i];
	return NULL;
}

/* The i-th distinct name: the list is for tests and fuzzing, where a
 * quadratic walk over a hundred lines costs nothing. */
const char *
nc_decode_layer_name(size_t i)
{
	size_t j;

	for (j = 0; j < NLAYERS; j++) {
		if (layers[j].name == NULL || find(layers[j].name, j) != NULL)
			continue;
		if (i-- == 0)
			return layers[j].name;
	}
	return NULL;
}

int
nc_decode_layer(struct nc_decoder *d, const char *name, const uint8_t *p,
    size_t n, unsigned sport, unsigned dport)
{
	static const uint8_t src[4] = { 192, 0, 2, 1 }, dst[4] = { 192, 0, 2, 2 };
	const struct layer *l = find(name, NLAYERS);
	struct nc_pkt k;
	struct nc_cur c = nc_cur_make(p, n);
	struct nc_ip ip;
	struct nc_app a;

	if (l == NULL)
		return -1;
	memset(&k, 0, sizeof k);
	k.d = d;
	k.ts = 1;
	k.packet = 1;
	k.frame = p;
	k.caplen = k.wirelen = n;
	ip.src = src;
	ip.dst = dst;
	ip.alen = 4;
	ip.declared = n;
	ip.layer = "IPv4";
	ip.first_frag = 0;
	if (l->frame != NULL) {
		l->frame(&k, &c);
	} else if (l->ip != NULL) {
		l->ip(&k, &c, &ip);
	} else {
		a.ip = &ip;
		a.sport = sport;
		a.dport = dport;
		a.proto = l->proto;
		a.layer = l->proto == 6 ? "TCP" : l->proto == 132 ? "SCTP" :
		    "UDP";
		a.flow = nc_dec_flow(&ip, (uint16_t)sport, (uint16_t)dport,
		    (uint8_t)l->proto);
		l->app(&k, &c, &a);
	}
	return k.rc;
}
