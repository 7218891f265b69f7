/* Unit tests for the ICMPv4 and ICMPv6 decoders (with neighbour discovery
 * and its options): messages built byte by byte in whole frames,
 * well-formed and damaged.  Every record is packed and unpacked again
 * before its fields are checked. */
#include "dectest.h"

/* An ND prefix information option: ip6_a/64, on-link and autonomous. */
static void
prefix_option(struct pkt *p)
{
	u8(p, 3);
	u8(p, 4);
	u8(p, 64);
	u8(p, 0xc0);
	be32(p, 86400);
	be32(p, 14400);
	be32(p, 0);
	raw(p, ip6_a, 16);
}

static void
test_icmp(void)
{
	struct pkt p;
	Netcap__ICMPv4 *m;
	Netcap__ICMPv6 *m6;
	uint64_t flow;

	eth(&p, 0x0800);
	ipv4(&p, 1, 8 + 4, NULL, 0, 0);
	u8(&p, 8);
	u8(&p, 0);
	be16(&p, 0x1111);
	be16(&p, 0x0102);
	be16(&p, 9);
	raw(&p, "ping", 4);
	frame(DLT_EN10MB, &p);
	m = get(NETCAP__RECORD__RECORD_ICMPV4, 0);
	ok(order_is("Ethernet,IPv4,ICMPv4") && m != NULL && m->type == 8 &&
	    m->code == 0 && m->checksum == 0x1111 && m->_id_case != 0 &&
	    m->id == 0x0102 && m->_seq_case != 0 && m->seq == 9 &&
	    m->_mtu_case == 0&& m->gateway_ip.len == 0 &&
	    bin_is(m->src_ip, ip4_a, 4), "icmpv4: echo request");
	flow = m != NULL ? m->flow : 0;
	eth(&p, 0x0800);
	ipv4(&p, 1, 8, NULL, 0, 1);
	u8(&p, 0);
	u8(&p, 0);
	be16(&p, 0);
	be32(&p, 0);
	frame(DLT_EN10MB, &p);
	m = get(NETCAP__RECORD__RECORD_ICMPV4, 0);
	ok(m != NULL && m->flow == flow &&
	    flow == nc_flow_id(ip4_a, ip4_b, 4, 0, 0, 1),
	    "icmpv4: flow with port 0 both ways");
	p.b[34] = 3;
	p.b[35] = 4;
	set16(&p, 40, 1400);
	frame(DLT_EN10MB, &p);
	m = get(NETCAP__RECORD__RECORD_ICMPV4, 0);
	ok(m != NULL && m->_mtu_case != 0 && m->mtu == 1400 &&
	    m->_id_case == 0, "icmpv4: fragmentation needed MTU");
	p.b[34] = 5;
	p.b[35] = 1;
	memcpy(p.b + 38, ip4_b, 4);
	frame(DLT_EN10MB, &p);
	m = get(NETCAP__RECORD__RECORD_ICMPV4, 0);
	ok(m != NULL &&
	    bin_is(m->gateway_ip, ip4_b, 4), "icmpv4: redirect gateway");
	decode_ex(DLT_EN10MB, p.b, 40, 40, 0, NULL);
	ok(undecoded(0, "ICMPv4", 34, "truncated header: 6 of 8 bytes"),
	    "icmpv4: cut header");

	/* Neighbour solicitation with a source link-layer address. */
	eth(&p, 0x86dd);
	ipv6(&p, 58, 24 + 8, 0);
	u8(&p, 135);
	u8(&p, 0);
	be16(&p, 0x2222);
	be32(&p, 0);
	raw(&p, ip6_b, 16);
	u8(&p, 1);
	u8(&p, 1);
	raw(&p, mac_a, 6);
	frame(DLT_EN10MB, &p);
	m6 = get(NETCAP__RECORD__RECORD_ICMPV6, 0);
	ok(order_is("Ethernet,IPv6,ICMPv6") && m6 != NULL &&
	    m6->type == 135 && m6->checksum == 0x2222 &&
	    bin_is(m6->target_ip, ip6_b, 16) &&
	    bin_is(m6->src_link_mac, mac_a, 6) && m6->n_option_types == 1 &&
	    m6->option_types[0] == 1 && m6->flow ==
	    nc_flow_id(ip6_a, ip6_b, 16, 0, 0, 58),
	    "icmpv6: neighbour solicitation");
	p.b[54] = 136;
	p.b[58] = 0xe0;
	p.b[78] = 2;
	frame(DLT_EN10MB, &p);
	m6 = get(NETCAP__RECORD__RECORD_ICMPV6, 0);
	ok(m6 != NULL && m6->nd_flags == 0xe0 &&
	    bin_is(m6->dst_link_mac, mac_a, 6) && m6->src_link_mac.len == 0,
	    "icmpv6: neighbour advertisement flags and target address");
	p.b[79] = 0;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv6,ICMPv6,Undecoded") &&
	    undecoded(0, "ICMPv6", 78, "bad length 0 of option 2"),
	    "icmpv6: an ND option length of 0 cannot loop");

	/* Router advertisement: prefix and MTU options. */
	eth(&p, 0x86dd);
	ipv6(&p, 58, 16 + 32 + 8, 0);
	u8(&p, 134);
	u8(&p, 0);
	be16(&p, 0);
	u8(&p, 64);
	u8(&p, 0xc0);
	be16(&p, 1800);
	be32(&p, 30000);
	be32(&p, 1000);
	prefix_option(&p);
	u8(&p, 5);
	u8(&p, 1);
	be16(&p, 0);
	be32(&p, 1480);
	frame(DLT_EN10MB, &p);
	m6 = get(NETCAP__RECORD__RECORD_ICMPV6, 0);
	ok(m6 != NULL && m6->cur_hop_limit == 64 && m6->nd_flags == 0xc0 &&
	    m6->router_lifetime == 1800 && m6->reachable_time == 30000 &&
	    m6->retrans_timer == 1000 && m6->n_prefixes_ip == 1 &&
	    bin_is(m6->prefixes_ip[0], ip6_a, 16) &&
	    m6->n_prefix_lengths == 1 && m6->prefix_lengths[0] == 64 &&
	    m6->_mtu_case != 0 && m6->mtu == 1480 &&
	    m6->n_option_types == 2 && m6->n_route_prefixes_ip == 0,
	    "icmpv6: router advertisement");

	/* Route information options (RFC 4191) after a prefix option: a
	 * /48 in 8 bytes, the default route in none, a /128 in 16. */
	eth(&p, 0x86dd);
	ipv6(&p, 58, 16 + 32 + 16 + 8 + 24, 0);
	u8(&p, 134);
	u8(&p, 0);
	be16(&p, 0);
	be32(&p, 0);
	be32(&p, 0);
	be32(&p, 0);
	prefix_option(&p);
	u8(&p, 24);
	u8(&p, 2);
	u8(&p, 48);
	u8(&p, 0x08);			/* Prf high */
	be32(&p, 7200);
	raw(&p, ip6_b, 8);
	u8(&p, 24);
	u8(&p, 1);
	u8(&p, 0);
	u8(&p, 0x18);			/* Prf low */
	be32(&p, 0xffffffff);
	u8(&p, 24);
	u8(&p, 3);
	u8(&p, 128);
	u8(&p, 0x00);			/* Prf medium */
	be32(&p, 60);
	raw(&p, ip6_b, 16);
	frame(DLT_EN10MB, &p);
	m6 = get(NETCAP__RECORD__RECORD_ICMPV6, 0);
	{
		static const uint8_t r48[16] = { 0x20, 0x01, 0x0d, 0xb8 };
		static const uint8_t r0[16];

		ok(order_is("Ethernet,IPv6,ICMPv6") && m6 != NULL &&
		    m6->n_prefixes_ip == 1 && m6->n_option_types == 4 &&
		    m6->option_types[1] == 24 && m6->option_types[3] == 24 &&
		    m6->n_route_prefixes_ip == 3 &&
		    m6->n_route_prefix_lengths == 3 &&
		    m6->n_route_preferences == 3 && m6->n_route_lifetimes == 3 &&
		    bin_is(m6->route_prefixes_ip[0], r48, 16) &&
		    bin_is(m6->route_prefixes_ip[1], r0, 16) &&
		    bin_is(m6->route_prefixes_ip[2], ip6_b, 16) &&
		    m6->route_prefix_lengths[0] == 48 &&
		    m6->route_prefix_lengths[1] == 0 &&
		    m6->route_prefix_lengths[2] == 128 &&
		    m6->route_preferences[0] == 1 &&
		    m6->route_preferences[1] == 3 &&
		    m6->route_preferences[2] == 0 &&
		    m6->route_lifetimes[0] == 7200 &&
		    m6->route_lifetimes[1] == 0xffffffff &&
		    m6->route_lifetimes[2] == 60,
		    "icmpv6: route information options");
	}
	/* A /65 cannot fit in an option of length 2: ignored and said so;
	 * the routes after it are still read. */
	p.b[14 + 40 + 16 + 32 + 2] = 65;
	frame(DLT_EN10MB, &p);
	m6 = get(NETCAP__RECORD__RECORD_ICMPV6, 0);
	ok(order_is("Ethernet,IPv6,ICMPv6,Undecoded") && m6 != NULL &&
	    m6->n_route_prefixes_ip == 2 &&
	    m6->route_prefix_lengths[0] == 0 &&
	    m6->route_prefix_lengths[1] == 128 &&
	    undecoded(0, "ICMPv6", 14 + 40 + 16 + 32,
	    "bad route information option (length 2)"),
	    "icmpv6: a route prefix longer than its option");
	p.b[14 + 40 + 16 + 32 + 2] = 48;
	p.b[14 + 40 + 16 + 32 + 16 + 8 + 1] = 4;	/* the /128: length 4 */
	p.n += 8;
	set16(&p, 14 + 4, 16 + 32 + 16 + 8 + 32);
	memset(p.b + p.n - 8, 0, 8);
	frame(DLT_EN10MB, &p);
	m6 = get(NETCAP__RECORD__RECORD_ICMPV6, 0);
	ok(order_is("Ethernet,IPv6,ICMPv6,Undecoded") && m6 != NULL &&
	    m6->n_route_prefixes_ip == 2 && undecoded(0, "ICMPv6",
	    14 + 40 + 16 + 32 + 16 + 8, "bad route information option "
	    "(length 4)"), "icmpv6: a route option longer than 3 units");

	eth(&p, 0x86dd);
	ipv6(&p, 58, 8, 0);
	u8(&p, 2);
	u8(&p, 0);
	be16(&p, 0);
	be32(&p, 1280);
	frame(DLT_EN10MB, &p);
	m6 = get(NETCAP__RECORD__RECORD_ICMPV6, 0);
	ok(m6 != NULL && m6->_mtu_case != 0 && m6->mtu == 1280,
	    "icmpv6: packet too big MTU");
	p.b[54] = 129;
	frame(DLT_EN10MB, &p);
	m6 = get(NETCAP__RECORD__RECORD_ICMPV6, 0);
	ok(m6 != NULL && m6->_id_case != 0 && m6->id == 0 &&
	    m6->_seq_case != 0 && m6->seq == 1280 && m6->_mtu_case == 0,
	    "icmpv6: echo reply id and sequence");
	p.b[54] = 136;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv6,Undecoded") &&
	    undecoded(0, "ICMPv6", 54, "truncated header: 8 of 24 bytes"),
	    "icmpv6: cut neighbour advertisement");
}

int
main(void)
{
	test_icmp();
	clear();
	return tap_done();
}
