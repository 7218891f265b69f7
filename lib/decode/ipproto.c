/* The dispatch from IPv4's protocol field or IPv6's last next header to
 * the decoders the table (dispatch.h) registers by IP protocol number,
 * and IP-in-IP tunnels (RFC 2003, RFC 4213) and Ethernet in IP (RFC 8986):
 * the records of a tunnelled packet carry inner + 1. */
#include "decode/internal.h"

void
nc_dec_ipproto(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip,
    unsigned proto)
{
	const struct nc_dispatch *e;

	if (k->rc != 0)
		return;
	e = nc_dispatch_ipproto(proto);
	if (e != NULL)
		e->ip(k, c, ip);
	else
		nc_dec_undecoded(k, ip->layer, c, "unsupported IP protocol %u",
		    proto);
}

/* The inner header's depth check bounds the nesting of IP in IP. */
void
nc_dec_ipv4_in_ip(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip)
{
	(void)ip;
	k->inner++;
	nc_dec_ipv4(k, c);
	k->inner--;
}

void
nc_dec_ipv6_in_ip(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip)
{
	(void)ip;
	k->inner++;
	nc_dec_ipv6(k, c);
	k->inner--;
}

/* An Ethernet frame as the payload (RFC 8986, SRv6 End.DX2); the outer IP
 * header's depth check bounds the nesting. */
void
nc_dec_ethernet_in_ip(struct nc_pkt *k, struct nc_cur *c,
    const struct nc_ip *ip)
{
	(void)ip;
	k->inner++;
	nc_dec_ethernet(k, c);
	k->inner--;
}
