/* Unit tests for the ICMPv4 and ICMPv6 decoders (with neighbour discovery
 * and its options, and the packets errors quote): messages built byte by
 * byte in whole frames, well-formed and damaged.  Every record is packed and unpacked again
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

/* An ICMPv4 header of this type and code, with the 4 bytes after the
 * checksum, from ip4_c to ip4_a: a router's error about ip4_a's packet. */
static void
icmp4_err(struct pkt *p, unsigned type, unsigned code, uint32_t rest,
    size_t body)
{
	eth(p, 0x0800);
	ip4_hdr(p, 1, 8 + body, ip4_c, ip4_a);
	u8(p, type);
	u8(p, code);
	be16(p, 0x4444);
	be32(p, rest);
}

/* The records of a quote are marked and keep the quoted packet's flow;
 * the error's own records do not. */
static void
test_quote4(void)
{
	struct pkt p;
	Netcap__IPv4 *ip, *qip;
	Netcap__ICMPv4 *m;
	Netcap__TCP *t;
	Netcap__UDP *u;
	Netcap__Undecoded *un;

	/* Time exceeded, quoting the IP header and the 8 bytes RFC 792
	 * asks for of a 40-byte TCP segment. */
	icmp4_err(&p, 11, 0, 0, 20 + 8);
	ip4_hdr(&p, 6, 20, ip4_a, ip4_d);
	tcp(&p, 40000, 443, 0x002, NULL, 0);
	p.n -= 12;
	frame(DLT_EN10MB, &p);
	ip = get(NETCAP__RECORD__RECORD_IPV4, 0);
	m = get(NETCAP__RECORD__RECORD_ICMPV4, 0);
	qip = get(NETCAP__RECORD__RECORD_IPV4, 1);
	t = get(NETCAP__RECORD__RECORD_TCP, 0);
	un = get(NETCAP__RECORD__RECORD_UNDECODED, 0);
	ok(order_is("Ethernet,IPv4,ICMPv4,IPv4,TCP,Undecoded") &&
	    ip->quoted == 0 && m->quoted == 0 && m->type == 11 &&
	    m->flow == nc_flow_id(ip4_c, ip4_a, 4, 0, 0, 1) &&
	    qip->quoted == 1 && qip->inner == 0 && qip->length == 40 &&
	    qip->protocol == 6 && bin_is(qip->src_ip, ip4_a, 4) &&
	    bin_is(qip->dst_ip, ip4_d, 4) && t->quoted == 1 &&
	    t->src_port == 40000 && t->dst_port == 443 &&
	    t->seq == 0x01020304 && t->ack == 0 && t->data_offset == 0 &&
	    t->flags == 0 && bin_is(t->src_ip, ip4_a, 4) &&
	    t->flow == nc_flow_id(ip4_a, ip4_d, 4, 40000, 443, 6) &&
	    un->quoted == 1 &&
	    undecoded(0, "TCP", 14 + 20 + 8 + 20, "truncated header: 8 of 20 "
	    "bytes"), "quote: time exceeded, 8 bytes of TCP");
	frame_n(DLT_EN10MB, p.b, p.n - 2);
	ok(order_is("Ethernet,IPv4,ICMPv4,IPv4,Undecoded") &&
	    undecoded(0, "TCP", ANY_OFF, "truncated header: 6 of 20") &&
	    ((Netcap__Undecoded *)get(NETCAP__RECORD__RECORD_UNDECODED,
	    0))->quoted == 1, "quote: fewer than 8 bytes of TCP");

	/* The whole TCP header quoted: a full record, payload_size from the
	 * quoted total length. */
	icmp4_err(&p, 3, 3, 0, 20 + 20);
	ip4_hdr(&p, 6, 20 + 100, ip4_a, ip4_d);
	tcp(&p, 40000, 443, 0x018, NULL, 0);
	frame(DLT_EN10MB, &p);
	t = get(NETCAP__RECORD__RECORD_TCP, 0);
	ok(order_is("Ethernet,IPv4,ICMPv4,IPv4,TCP") && t->quoted == 1 &&
	    t->data_offset == 5 && t->flags == 0x018 && t->ack == 0xa0b0c0d0 &&
	    t->payload_size == 100, "quote: a whole TCP header");

	/* UDP to port 53: the length reaches past the quote, which is no
	 * error in a quote, and the DNS message is not decoded. */
	icmp4_err(&p, 3, 3, 0, 20 + 8 + 12);
	ip4_hdr(&p, 17, 8 + 40, ip4_a, ip4_d);
	udp(&p, 5353 + 1, 53, 8 + 40);
	be16(&p, 0x1234);
	be16(&p, 0x0100);
	be16(&p, 1);
	be16(&p, 0);
	be16(&p, 0);
	be16(&p, 0);
	frame(DLT_EN10MB, &p);
	u = get(NETCAP__RECORD__RECORD_UDP, 0);
	ok(order_is("Ethernet,IPv4,ICMPv4,IPv4,UDP") && u->quoted == 1 &&
	    u->length == 48 && u->payload_size == 40 && u->dst_port == 53 &&
	    u->flow == nc_flow_id(ip4_a, ip4_d, 4, 5354, 53, 17),
	    "quote: UDP longer than the quote, no DNS decoded");
	decode_ex(DLT_EN10MB, p.b, p.n, p.n, 0, "UDP");
	ok(order_is("UDP"), "quote: decoded when ICMPv4 is not selected");

	/* Source quench, redirect and parameter problem quote too; an echo
	 * reply's data is not a quote. */
	p.b[34] = 4;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,ICMPv4,IPv4,UDP"), "quote: source quench");
	p.b[34] = 5;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,ICMPv4,IPv4,UDP"), "quote: redirect");
	p.b[34] = 12;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,ICMPv4,IPv4,UDP"),
	    "quote: parameter problem");
	p.b[34] = 0;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,ICMPv4"), "quote: none in an echo reply");

	/* An error quoting an error quoting UDP: one level only. */
	icmp4_err(&p, 3, 1, 0, 20 + 8 + 20 + 8);
	ip4_hdr(&p, 1, 8 + 20 + 8, ip4_a, ip4_b);
	u8(&p, 3);
	u8(&p, 3);
	be16(&p, 0);
	be32(&p, 0);
	ip4_hdr(&p, 17, 8, ip4_b, ip4_d);
	udp(&p, 1, 2, 8);
	frame(DLT_EN10MB, &p);
	m = get(NETCAP__RECORD__RECORD_ICMPV4, 1);
	ok(order_is("Ethernet,IPv4,ICMPv4,IPv4,ICMPv4") && m->quoted == 1 &&
	    m->type == 3 && m->code == 3, "quote: an error in a quote is "
	    "not followed");

	/* RFC 4884: a length of 32 words bounds the quote, padded to 128
	 * bytes; the extension after it is not payload. */
	icmp4_err(&p, 11, 0, 32u << 16, 128 + 8);
	ip4_hdr(&p, 17, 8 + 400, ip4_a, ip4_d);
	udp(&p, 33434, 33435, 8 + 400);
	fill(&p, 'u', 100);
	be32(&p, 0x20000000);
	be32(&p, 0x00080101);
	dec_payload = 1;
	frame(DLT_EN10MB, &p);
	dec_payload = 0;
	u = get(NETCAP__RECORD__RECORD_UDP, 0);
	ok(order_is("Ethernet,IPv4,ICMPv4,IPv4,UDP") && u->payload.len == 100 &&
	    u->payload_size == 400, "quote: RFC 4884 length");

	/* An ICMPv4 quote goes where its version nibble says. */
	icmp4_err(&p, 3, 3, 0, 40 + 8);
	ip6_hdr(&p, 17, 8);
	udp(&p, 7, 7, 8);
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,ICMPv4,IPv6,UDP") &&
	    ((Netcap__IPv6 *)get(NETCAP__RECORD__RECORD_IPV6, 0))->quoted == 1,
	    "quote: IPv6 in an ICMPv4 error");

	/* A quote cut inside the IP header, and none at all. */
	icmp4_err(&p, 3, 0, 0, 12);
	ip4_hdr(&p, 17, 8, ip4_a, ip4_d);
	p.n -= 8;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,ICMPv4,Undecoded") &&
	    undecoded(0, "IPv4", 42, "truncated header: 12 of 20 bytes"),
	    "quote: cut inside the IP header");
	icmp4_err(&p, 3, 0, 0, 0);
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,ICMPv4"), "quote: empty");
}

/* A quoted fragment is never held for reassembly: a first one gives its
 * transport header, a later one an Undecoded record, and neither leaves
 * anything for the end of input to report. */
static void
test_quote_frag(void)
{
	struct nc_decoder d;
	struct pkt p;
	Netcap__UDP *u;

	icmp4_err(&p, 11, 1, 0, 20 + 8);
	ip4_hdr(&p, 17, 80, ip4_a, ip4_d);
	set16(&p, 14 + 20 + 8 + 6, 0x2000);		/* MF, offset 0 */
	udp(&p, 1000, 2000, 200);
	frame(DLT_EN10MB, &p);
	u = get(NETCAP__RECORD__RECORD_UDP, 0);
	ok(order_is("Ethernet,IPv4,ICMPv4,IPv4,UDP") && u->length == 200 &&
	    u->quoted == 1, "quote: a first fragment's UDP header");
	set16(&p, 14 + 20 + 8 + 6, 10);			/* offset 80, last */
	clear();
	if (nc_decoder_init(&d, DLT_EN10MB, NULL, 0, collect, NULL) < 0)
		abort();
	want_ts = TS;
	want_packet = PKTNO;
	nc_decode_packet(&d, TS, PKTNO, p.b, p.n, p.n);
	nc_decoder_finish(&d);
	nc_decoder_free(&d);
	ok(order_is("Ethernet,IPv4,ICMPv4,IPv4,Undecoded") &&
	    undecoded(0, "IPv4", 14 + 20 + 8 + 20, "quoted fragment at offset "
	    "80"), "quote: a later fragment is not held");
}

static void
test_quote6(void)
{
	struct pkt p;
	Netcap__ICMPv6 *m;
	Netcap__IPv6 *qip;
	Netcap__UDP *u;
	Netcap__TCP *t;

	/* Destination unreachable quoting IPv6 and UDP. */
	eth(&p, 0x86dd);
	ipv6(&p, 58, 8 + 40 + 8 + 4, 1);
	u8(&p, 1);
	u8(&p, 4);
	be16(&p, 0);
	be32(&p, 0);
	ip6_hdr(&p, 17, 8 + 4);
	udp(&p, 5000, 443, 8 + 4);
	raw(&p, "quic", 4);
	frame(DLT_EN10MB, &p);
	m = get(NETCAP__RECORD__RECORD_ICMPV6, 0);
	qip = get(NETCAP__RECORD__RECORD_IPV6, 1);
	u = get(NETCAP__RECORD__RECORD_UDP, 0);
	ok(order_is("Ethernet,IPv6,ICMPv6,IPv6,UDP") && m->quoted == 0 &&
	    m->type == 1 && qip->quoted == 1 && qip->length == 12 &&
	    bin_is(qip->src_ip, ip6_a, 16) && u->quoted == 1 &&
	    u->src_port == 5000 && u->payload_size == 4 &&
	    u->flow == nc_flow_id(ip6_a, ip6_b, 16, 5000, 443, 17),
	    "quote6: destination unreachable");
	p.b[54] = 3;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv6,ICMPv6,IPv6,UDP"), "quote6: time exceeded");
	p.b[54] = 4;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv6,ICMPv6,IPv6,UDP"),
	    "quote6: parameter problem");
	p.b[54] = 2;
	set16(&p, 60, 1280);
	frame(DLT_EN10MB, &p);
	m = get(NETCAP__RECORD__RECORD_ICMPV6, 0);
	ok(order_is("Ethernet,IPv6,ICMPv6,IPv6,UDP") && m->mtu == 1280,
	    "quote6: packet too big");
	p.b[54] = 129;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv6,ICMPv6"), "quote6: none in an echo reply");

	/* 8 bytes of TCP, selected alone. */
	eth(&p, 0x86dd);
	ipv6(&p, 58, 8 + 40 + 8, 1);
	u8(&p, 1);
	u8(&p, 0);
	be16(&p, 0);
	be32(&p, 0);
	ip6_hdr(&p, 6, 20);
	tcp(&p, 40000, 22, 0x002, NULL, 0);
	p.n -= 12;
	decode_ex(DLT_EN10MB, p.b, p.n, p.n, 0, "TCP");
	t = get(NETCAP__RECORD__RECORD_TCP, 0);
	ok(order_is("TCP") && t->quoted == 1 && t->dst_port == 22 &&
	    t->flow == nc_flow_id(ip6_a, ip6_b, 16, 40000, 22, 6),
	    "quote6: 8 bytes of TCP, TCP alone selected");

	/* An ICMPv6 error in the quote: not followed.  RFC 4884's length in
	 * 64-bit words bounds the quote. */
	eth(&p, 0x86dd);
	ipv6(&p, 58, 8 + 40 + 8 + 40 + 8, 1);
	u8(&p, 3);
	u8(&p, 0);
	be16(&p, 0);
	be32(&p, 0);
	ip6_hdr(&p, 58, 8 + 40 + 8);
	u8(&p, 1);
	u8(&p, 0);
	be16(&p, 0);
	be32(&p, 0);
	ip6_hdr(&p, 17, 8);
	udp(&p, 1, 2, 8);
	frame(DLT_EN10MB, &p);
	m = get(NETCAP__RECORD__RECORD_ICMPV6, 1);
	ok(order_is("Ethernet,IPv6,ICMPv6,IPv6,ICMPv6") && m->quoted == 1 &&
	    m->type == 1, "quote6: an error in a quote is not followed");
	p.b[58] = 6;	/* 48 bytes: the quoted ICMPv6 header, cut */
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv6,ICMPv6,IPv6,ICMPv6"),
	    "quote6: RFC 4884 length");
	p.b[58] = 5;	/* 40 bytes: the quoted IPv6 header alone */
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv6,ICMPv6,IPv6,Undecoded") &&
	    undecoded(0, "ICMPv6", 14 + 40 + 8 + 40, "truncated header: 0 of "
	    "4 bytes"), "quote6: RFC 4884 length ending the quote early");
}

/* Any record type may turn up in a quote (a GRE tunnel quoted carries
 * Ethernet, ARP ...): nc_dec_emit marks it only if it has the field. */
static void
test_quoted_field(void)
{
	const struct nc_type *t;
	size_t i, n, bad = 0;

	t = nc_types(&n);
	for (i = 0; i < n; i++) {
		const ProtobufCFieldDescriptor *f =
		    protobuf_c_message_descriptor_get_field_by_name(t[i].desc,
		    "quoted");

		if (strcmp(t[i].name, "Header") == 0)
			continue;
		if (f == NULL || f->type != PROTOBUF_C_TYPE_UINT32) {
			printf("# %s has no uint32 quoted\n", t[i].name);
			bad++;
		}
	}
	ok(n > 50 && bad == 0, "every record type but Header has quoted");
}

/* Every cut of an error and its quote decodes to records, and the
 * sanitizer build sees no read past the end. */
static void
test_quote_cuts(void)
{
	struct pkt p;

	icmp4_err(&p, 3, 3, 0, 20 + 20 + 4);
	ip4_hdr(&p, 6, 20 + 4, ip4_a, ip4_d);
	tcp(&p, 1, 2, 0x012, (const uint8_t *)"\x02\x04\x05\xb4", 4);
	ok(frame_cuts(DLT_EN10MB, &p, 34), "quote: every cut gives records");
	eth(&p, 0x86dd);
	ipv6(&p, 58, 8 + 40 + 8, 1);
	u8(&p, 1);
	u8(&p, 0);
	be16(&p, 0);
	be32(&p, 0);
	ip6_hdr(&p, 17, 8);
	udp(&p, 1, 2, 8);
	ok(frame_cuts(DLT_EN10MB, &p, 54), "quote6: every cut gives records");
}

int
main(void)
{
	test_icmp();
	test_quote4();
	test_quote_frag();
	test_quote6();
	test_quote_cuts();
	test_quoted_field();
	clear();
	return tap_done();
}
