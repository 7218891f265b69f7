/* Application layers by transport port, then by content probe: the
 * decoders and their ports are in the table (dispatch.h). */
#include "decode/internal.h"

void
nc_dec_app(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip,
    unsigned sport, unsigned dport, unsigned proto, uint64_t flow)
{
	const struct nc_dispatch *e;
	struct nc_app a;
	unsigned lo = sport < dport ? sport : dport;
	unsigned hi = sport < dport ? dport : sport;
	/* SCTP DATA looks a port up as UDP would, and also finds what is
	 * registered for SCTP alone. */
	unsigned on = proto == 6 ? NC_TCP : proto == 132 ? NC_UDP | NC_SCTP :
	    NC_UDP;

	/* A quote holds the first bytes of a message that is, or was, on the
	 * wire in a packet of its own: decoded here it would be counted
	 * twice, cut short, and could change what an application decoder
	 * remembers of its conversation (icmpquote.c). */
	if (k->rc != 0 || nc_cur_left(c) == 0 || k->quoted > 0)
		return;
	/* The lower port first: a client's ephemeral port may collide with a
	 * registered one, a server's well-known port rarely does.  A probe
	 * only when no port is known: a port is cheaper and, on its own
	 * port, a decoder reports what does not fit. */
	e = nc_dispatch_port((uint16_t)lo, on);
	if (e == NULL)
		e = nc_dispatch_port((uint16_t)hi, on);
	if (e == NULL && nc_dispatch[NC_SPACE_PROBE].n > 0)
		e = nc_dispatch_probe(&nc_dispatch[NC_SPACE_PROBE], on, c);
	if (e == NULL)
		return;
	a.ip = ip;
	a.sport = sport;
	a.dport = dport;
	a.proto = proto;
	a.layer = proto == 6 ? "TCP" : proto == 132 ? "SCTP" : "UDP";
	a.flow = flow != 0 ? flow : nc_dec_flow(ip, (uint16_t)sport,
	    (uint16_t)dport, (uint8_t)proto);
	e->app(k, c, &a);
}
