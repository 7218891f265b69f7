/* Ethernet II and IEEE 802.3 frames, and the ethertype dispatch every
 * link layer shares (IEEE 802.3, RFC 894; 802.2 LLC/SNAP per RFC 1042).
 *
 *	+--------+--------+------+---------
 *	| dst(6) | src(6) | type | payload     type >= 0x0600: ethertype
 *	+--------+--------+------+---------    type <= 1500: 802.3 length
 *
 * An 802.3 frame's payload starts with an 802.2 LLC header (llc.c).  The
 * decoders by ethertype are in the table (dispatch.h). */
#include "decode/internal.h"

/* The decoders of the other ethertypes are in the table (dispatch.h). */
enum {
	ETH_HDR = 14,
	ETH_MAX_LENGTH = 1500,		/* larger values are ethertypes */
	ETHERTYPE_TEB = 0x6558,		/* transparent Ethernet bridging (GRE) */
};

void
nc_dec_ethernet(struct nc_pkt *k, struct nc_cur *c)
{
	Netcap__Ethernet e = NETCAP__ETHERNET__INIT;
	struct nc_cur start = *c;
	const uint8_t *dst, *src;
	uint16_t type;

	dst = nc_cur_bytes(c, 6);
	src = nc_cur_bytes(c, 6);
	type = nc_cur_be16(c);
	if (c->err) {
		nc_dec_truncated(k, "Ethernet", &start, ETH_HDR);
		return;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_ETHERNET)) {
		e.ts = k->ts;
		e.packet = k->packet;
		e.dst_mac.data = (uint8_t *)dst;
		e.dst_mac.len = 6;
		e.src_mac.data = (uint8_t *)src;
		e.src_mac.len = 6;
		if (type <= ETH_MAX_LENGTH)
			e.length = type;
		else
			e.ethertype = type;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_ETHERNET, &e.base);
	}
	if (type <= ETH_MAX_LENGTH) {
		/* The length excludes the padding of short frames. */
		nc_cur_limit(c, type);
		nc_dec_llc(k, c, "Ethernet");
		return;
	}
	nc_dec_ethertype(k, c, type, "Ethernet");
}

void
nc_dec_ethertype(struct nc_pkt *k, struct nc_cur *c, uint16_t type,
    const char *layer)
{
	const struct nc_dispatch *e;

	/* Ethernet in Ethernet has no IP header between the two whose
	 * depth check would bound the nesting. */
	if (type == ETHERTYPE_TEB && ++k->depth > NC_MAX_DEPTH) {
		nc_dec_undecoded(k, layer, c, "too many nested headers");
		return;
	}
	e = nc_dispatch_ethertype(type);
	if (e != NULL)
		e->frame(k, c);
	else
		nc_dec_undecoded(k, layer, c, "unsupported ethertype 0x%04x",
		    type);
}
