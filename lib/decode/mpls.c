/* MPLS label stack, RFC 3032, after ethertype 0x8847 (unicast) or
 * 0x8848 (multicast), and as the payload of UDP port 6635 (RFC 7510).
 *
 *	+----------------------+----+---+----------+
 *	| label (20)           | TC | S | TTL (8)  |   one 4-byte entry
 *	+----------------------+----+---+----------+
 *	                        3 bits  bottom of stack
 *
 * One MPLS record per entry, outermost first.  Nothing says what follows
 * the bottom entry; like Wireshark and tcpdump, the first nibble decides:
 * 4 is IPv4, 6 IPv6, anything else (a pseudowire control word, Ethernet)
 * is Undecoded.
 *
 * In UDP the stack and what it carries are a tunnelled packet (inner + 1),
 * as after GRE, whose MPLS payload comes through the ethertype. */
#include "decode/internal.h"

void
nc_dec_mpls(struct nc_pkt *k, struct nc_cur *c)
{
	Netcap__MPLS m;
	struct nc_cur at;
	uint32_t v;
	uint8_t nib;

	do {
		at = *c;
		if (++k->depth > NC_MAX_DEPTH) {
			nc_dec_undecoded(k, "MPLS", c, "too many nested "
			    "headers");
			return;
		}
		v = nc_cur_be32(c);
		if (c->err) {
			nc_dec_truncated(k, "MPLS", &at, 4);
			return;
		}
		if (nc_dec_want(k, NETCAP__RECORD__RECORD_MPLS)) {
			netcap__mpls__init(&m);
			m.ts = k->ts;
			m.packet = k->packet;
			m.label = v >> 12;
			m.traffic_class = (v >> 9) & 7;
			m.stack_bottom = (v >> 8) & 1;
			m.ttl = v & 0xff;
			nc_dec_emit(k, NETCAP__RECORD__RECORD_MPLS, &m.base);
		}
	} while (!(v & 0x100));
	if (nc_cur_left(c) == 0)
		return;
	nib = nc_cur_peek(c, 0) >> 4;
	if (nib == 4)
		nc_dec_ipv4(k, c);
	else if (nib == 6)
		nc_dec_ipv6(k, c);
	else
		nc_dec_undecoded(k, "MPLS", c, "unknown payload after the "
		    "bottom label (first byte 0x%02x)", nc_cur_peek(c, 0));
}

/* MPLS in UDP, RFC 7510: the whole payload is the label stack; the
 * source port is flow entropy, so nothing else in the header matters. */
void
nc_dec_mpls_udp(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	(void)a;
	if (++k->depth > NC_MAX_DEPTH) {
		nc_dec_undecoded(k, "MPLS", c, "too many nested headers");
		return;
	}
	k->inner++;
	nc_dec_mpls(k, c);
	k->inner--;
	k->depth--;
}
