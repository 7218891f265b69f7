/* IP protocol numbers (IANA "Assigned Internet Protocol Numbers"): the
 * dispatch from IPv4's protocol field or IPv6's last next header to the
 * transport decoders, and IP-in-IP tunnels (RFC 2003, RFC 4213) and
 * Ethernet in IP (RFC 8986): the records of a tunnelled packet carry
 * inner + 1. */
#include "decode/internal.h"

enum {
	IPPROTO_ICMP_ = 1,
	IPPROTO_IGMP_ = 2,
	IPPROTO_IPIP_ = 4,
	IPPROTO_TCP_ = 6,
	IPPROTO_UDP_ = 17,
	IPPROTO_IPV6_ = 41,
	IPPROTO_GRE_ = 47,
	IPPROTO_ESP_ = 50,
	IPPROTO_AH_ = 51,
	IPPROTO_ICMPV6_ = 58,
	IPPROTO_OSPF_ = 89,
	IPPROTO_VRRP_ = 112,
	IPPROTO_SCTP_ = 132,
	IPPROTO_ETHERNET_ = 143,
};

void
nc_dec_ipproto(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip,
    unsigned proto)
{
	if (k->rc != 0)
		return;
	switch (proto) {
	case IPPROTO_TCP_:
		nc_dec_tcp(k, c, ip);
		break;
	case IPPROTO_UDP_:
		nc_dec_udp(k, c, ip);
		break;
	case IPPROTO_ICMP_:
		nc_dec_icmp4(k, c, ip);
		break;
	case IPPROTO_ICMPV6_:
		nc_dec_icmp6(k, c, ip);
		break;
	case IPPROTO_IGMP_:
		nc_dec_igmp(k, c, ip);
		break;
	case IPPROTO_IPIP_:
	case IPPROTO_IPV6_:
		/* The inner header's depth check bounds the nesting. */
		k->inner++;
		if (proto == IPPROTO_IPIP_)
			nc_dec_ipv4(k, c);
		else
			nc_dec_ipv6(k, c);
		k->inner--;
		break;
	case IPPROTO_ETHERNET_:
		/* An Ethernet frame as the payload (RFC 8986, SRv6 End.DX2);
		 * the outer IP header's depth check bounds the nesting. */
		k->inner++;
		nc_dec_ethernet(k, c);
		k->inner--;
		break;
	case IPPROTO_GRE_:
		nc_dec_gre(k, c, ip);
		break;
	case IPPROTO_ESP_:
		nc_dec_ipsec_esp(k, c, ip);
		break;
	case IPPROTO_AH_:
		nc_dec_ipsec_ah(k, c, ip);
		break;
	case IPPROTO_OSPF_:
		nc_dec_ospf(k, c, ip);
		break;
	case IPPROTO_VRRP_:
		nc_dec_vrrp(k, c, ip);
		break;
	case IPPROTO_SCTP_:
		nc_dec_sctp(k, c, ip);
		break;
	default:
		nc_dec_undecoded(k, ip->layer, c, "unsupported IP protocol %u",
		    proto);
		break;
	}
}
