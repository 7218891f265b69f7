/* Ethernet II and IEEE 802.3 frames, and the ethertype dispatch every
 * link layer shares (IEEE 802.3, RFC 894; 802.2 LLC/SNAP per RFC 1042).
 *
 *	+--------+--------+------+---------
 *	| dst(6) | src(6) | type | payload     type >= 0x0600: ethertype
 *	+--------+--------+------+---------    type <= 1500: 802.3 length
 *
 * An 802.3 frame's payload starts with an 802.2 LLC header (llc.c). */
#include "decode/internal.h"

enum {
	ETH_HDR = 14,
	ETH_MAX_LENGTH = 1500,		/* larger values are ethertypes */
	ETHERTYPE_IPV4 = 0x0800,
	ETHERTYPE_ARP = 0x0806,
	ETHERTYPE_RARP = 0x8035,
	ETHERTYPE_VLAN = 0x8100,	/* 802.1Q */
	ETHERTYPE_IPV6 = 0x86dd,
	ETHERTYPE_QINQ = 0x88a8,	/* 802.1ad */
	ETHERTYPE_QINQ_OLD = 0x9100,	/* pre-standard QinQ */
	ETHERTYPE_TEB = 0x6558,		/* transparent Ethernet bridging (GRE) */
	ETHERTYPE_MPLS = 0x8847,
	ETHERTYPE_MPLS_MC = 0x8848,
	ETHERTYPE_EAPOL = 0x888e,	/* 802.1X */
	ETHERTYPE_LLDP = 0x88cc,	/* 802.1AB */
	ETHERTYPE_PPP = 0x880b,		/* PPTP's GRE, RFC 2637 */
	ETHERTYPE_PPPOE_DISC = 0x8863,	/* RFC 2516 */
	ETHERTYPE_PPPOE_SESS = 0x8864,
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
	switch (type) {
	case ETHERTYPE_IPV4:
		nc_dec_ipv4(k, c);
		break;
	case ETHERTYPE_IPV6:
		nc_dec_ipv6(k, c);
		break;
	case ETHERTYPE_ARP:
	case ETHERTYPE_RARP:
		nc_dec_arp(k, c);
		break;
	case ETHERTYPE_VLAN:
	case ETHERTYPE_QINQ:
	case ETHERTYPE_QINQ_OLD:
		nc_dec_vlan(k, c, type);
		break;
	case ETHERTYPE_TEB:
		/* Ethernet in Ethernet has no IP header between the two
		 * whose depth check would bound the nesting. */
		if (++k->depth > NC_MAX_DEPTH) {
			nc_dec_undecoded(k, layer, c, "too many nested headers");
			break;
		}
		nc_dec_ethernet(k, c);
		break;
	case ETHERTYPE_MPLS:
	case ETHERTYPE_MPLS_MC:
		nc_dec_mpls(k, c);
		break;
	case ETHERTYPE_EAPOL:
		nc_dec_eapol(k, c);
		break;
	case ETHERTYPE_LLDP:
		nc_dec_lldp(k, c);
		break;
	case ETHERTYPE_PPP:
		nc_dec_ppp(k, c);
		break;
	case ETHERTYPE_PPPOE_DISC:
	case ETHERTYPE_PPPOE_SESS:
		nc_dec_pppoe(k, c);
		break;
	default:
		nc_dec_undecoded(k, layer, c, "unsupported ethertype 0x%04x",
		    type);
		break;
	}
}
