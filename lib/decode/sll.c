/* Linux "cooked" capture headers, SLL (LINKTYPE_LINUX_SLL 113) and SLL2
 * (LINKTYPE_LINUX_SLL2 276), as documented at tcpdump.org/linktypes.
 *
 *   SLL:  packet type(2) ARPHRD type(2) addr len(2) addr(8) protocol(2)
 *   SLL2: protocol(2) reserved(2) ifindex(4) ARPHRD type(2)
 *         packet type(1) addr len(1) addr(8)
 *
 * The schema has no record for these headers: they describe the capturing
 * host rather than the wire.  Their protocol field is an ethertype when it
 * is 0x0600 or more; smaller values name Linux-internal framings (802.2
 * LLC, CAN, netlink ...), reported as Undecoded. */
#include "decode/internal.h"

enum {
	SLL_HDR = 16,
	SLL2_HDR = 20,
	ETHERTYPE_MIN = 0x0600,
};

static void
protocol(struct nc_pkt *k, struct nc_cur *c, uint16_t proto,
    const char *layer, const struct nc_cur *start)
{
	if (proto < ETHERTYPE_MIN) {
		nc_dec_undecoded(k, layer, start, "unsupported protocol "
		    "0x%04x", proto);
		return;
	}
	nc_dec_ethertype(k, c, proto, layer);
}

void
nc_dec_sll(struct nc_pkt *k, struct nc_cur *c)
{
	struct nc_cur start = *c;
	uint16_t proto;

	nc_cur_skip(c, 14);
	proto = nc_cur_be16(c);
	if (c->err) {
		nc_dec_truncated(k, "SLL", &start, SLL_HDR);
		return;
	}
	protocol(k, c, proto, "SLL", &start);
}

void
nc_dec_sll2(struct nc_pkt *k, struct nc_cur *c)
{
	struct nc_cur start = *c;
	uint16_t proto;

	proto = nc_cur_be16(c);
	nc_cur_skip(c, SLL2_HDR - 2);
	if (c->err) {
		nc_dec_truncated(k, "SLL2", &start, SLL2_HDR);
		return;
	}
	protocol(k, c, proto, "SLL2", &start);
}
