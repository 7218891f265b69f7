/* Unit tests for lib/decode as a whole: link types, flow ids, payload
 * entropy, Ethernet padding and type selection, with packets built byte by
 * byte, well-formed and damaged, decoded through the emit callback.  Every
 * record is packed and unpacked again before its fields are checked. */
#include <math.h>
#include <xxhash.h>

#include "dectest.h"

static void
test_flow(void)
{
	uint8_t key[13];
	uint64_t want;

	/* 10.0.0.1:40000 <-> 10.0.0.2:80 TCP: the smaller address first. */
	memcpy(key, ip4_a, 4);
	memcpy(key + 4, ip4_b, 4);
	key[8] = 40000 >> 8;
	key[9] = 40000 & 0xff;
	key[10] = 0;
	key[11] = 80;
	key[12] = 6;
	want = XXH64(key, sizeof key, 0);
	ok(nc_flow_id(ip4_a, ip4_b, 4, 40000, 80, 6) == want &&
	    nc_flow_id(ip4_b, ip4_a, 4, 80, 40000, 6) == want,
	    "flow: XXH64 of addrA addrB portA portB proto, either way");
	ok(nc_flow_id(ip4_a, ip4_a, 4, 1, 2, 17) ==
	    nc_flow_id(ip4_a, ip4_a, 4, 2, 1, 17),
	    "flow: equal addresses are ordered by port");
	ok(nc_flow_id(ip4_a, ip4_b, 4, 1, 2, 17) !=
	    nc_flow_id(ip4_a, ip4_b, 4, 1, 2, 6), "flow: protocol counts");
	ok(nc_flow_id(ip6_a, ip6_b, 16, 0, 0, 58) ==
	    nc_flow_id(ip6_b, ip6_a, 16, 0, 0, 58), "flow: IPv6 addresses");
}

static void
test_entropy(void)
{
	struct nc_entropy *e = calloc(1, sizeof *e);
	uint8_t b[4096];
	size_t i;
	double h;

	nc_entropy_init(e);
	for (i = 0; i < 256; i++)
		b[i] = (uint8_t)i;
	ok(nc_entropy(e, b, 256) == 8.0, "entropy: 256 distinct bytes are 8 "
	    "bits");
	ok(nc_entropy(e, b, 0) == 0, "entropy: empty is 0");
	memset(b, 'x', sizeof b);
	ok(nc_entropy(e, b, sizeof b) == 0, "entropy: one value is 0");
	ok(nc_entropy(e, (const uint8_t *)"aabb", 4) == 1.0,
	    "entropy: two values, even split, is 1 bit");
	/* 3000 of one byte and 1096 of another: counts past the table. */
	memset(b, 'y', 1096);
	h = nc_entropy(e, b, sizeof b);
	ok(fabs(h - (-(3000.0 / 4096) * log2(3000.0 / 4096) -
	    (1096.0 / 4096) * log2(1096.0 / 4096))) < 1e-12,
	    "entropy: matches the formula beyond the table");
	for (i = 0; i < 4 * 256; i++)
		if (e->count[i / 256][i % 256] != 0)
			break;
	ok(i == 4 * 256, "entropy: the histograms are left all zero");
	for (i = 0; i < 300; i++)
		b[i] = (uint8_t)(i % 3);
	ok(fabs(nc_entropy(e, b, 255) - log2(3)) < 1e-12 &&
	    fabs(nc_entropy(e, b, 300) - log2(3)) < 1e-12,
	    "entropy: both counting methods agree");
	free(e);
}

static void
test_padding(void)
{
	struct pkt p;
	Netcap__UDP *u;

	/* A 3-byte UDP payload padded to the 60-byte Ethernet minimum. */
	eth(&p, 0x0800);
	ipv4(&p, 17, 8 + 3, NULL, 0, 0);
	udp(&p, 1234, 1053, 8 + 3);
	raw(&p, "xyz", 3);
	fill(&p, 0, 60 - p.n);
	decode_ex(DLT_EN10MB, p.b, p.n, p.n, 1, NULL);
	u = get(NETCAP__RECORD__RECORD_UDP, 0);
	ok(order_is("Ethernet,IPv4,UDP") && u != NULL &&
	    u->payload_size == 3 && bin_is(u->payload, "xyz", 3) &&
	    u->length == 11 && u->checksum == 0xabcd && u->src_port == 1234 &&
	    u->dst_port == 1053, "padding: Ethernet padding is not payload");

	/* UDP length shorter than the IP payload narrows further. */
	eth(&p, 0x0800);
	ipv4(&p, 17, 8 + 6, NULL, 0, 0);
	udp(&p, 1234, 1053, 8 + 2);
	raw(&p, "abcdef", 6);
	decode_ex(DLT_EN10MB, p.b, p.n, p.n, 1, NULL);
	u = get(NETCAP__RECORD__RECORD_UDP, 0);
	ok(u != NULL && u->payload_size == 2 && bin_is(u->payload, "ab", 2) &&
	    nrec == 3, "udp: its length narrows the payload");

	/* UDP length larger than the IP payload. */
	eth(&p, 0x0800);
	ipv4(&p, 17, 8 + 2, NULL, 0, 0);
	udp(&p, 53, 1053, 500);
	raw(&p, "ab", 2);
	frame(DLT_EN10MB, &p);
	u = get(NETCAP__RECORD__RECORD_UDP, 0);
	ok(order_is("Ethernet,IPv4,UDP,Undecoded") && u != NULL &&
	    u->payload_size == 2 && undecoded(0, "UDP", 42, "bad length 500"),
	    "udp: a length past the IP payload is reported");
	eth(&p, 0x0800);
	ipv4(&p, 17, 8, NULL, 0, 0);
	udp(&p, 53, 1053, 3);
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,UDP,Undecoded") &&
	    undecoded(0, "UDP", 42, "bad length 3"),
	    "udp: a length below 8 is reported");
}

static void
test_link(void)
{
	struct pkt p, ip;
	Netcap__Dot1Q *q;
	Netcap__Ethernet *e;
	Netcap__ARP *a;
	int i;

	/* An IPv4/UDP packet to wrap in every link layer. */
	ip.n = 0;
	ipv4(&ip, 17, 8 + 1, NULL, 0, 0);
	udp(&ip, 7, 9, 9);
	u8(&ip, 'q');

	eth(&p, 0x88a8);
	be16(&p, 0xa064);		/* PCP 5, DEI 0, VID 100 */
	be16(&p, 0x8100);
	be16(&p, 0x3fff);		/* PCP 1, DEI 1, VID 4095 */
	be16(&p, 0x0800);
	raw(&p, ip.b, ip.n);
	frame(DLT_EN10MB, &p);
	e = get(NETCAP__RECORD__RECORD_ETHERNET, 0);
	q = get(NETCAP__RECORD__RECORD_DOT1Q, 0);
	ok(order_is("Ethernet,Dot1Q,Dot1Q,IPv4,UDP") && e != NULL &&
	    e->ethertype == 0x88a8 && q != NULL && q->tpid == 0x88a8 &&
	    q->priority == 5 && !q->drop_eligible &&
	    q->vlan_identifier == 100 && q->type == 0x8100,
	    "vlan: QinQ gives two Dot1Q records, outer first");
	q = get(NETCAP__RECORD__RECORD_DOT1Q, 1);
	ok(q != NULL && q->tpid == 0x8100 && q->priority == 1 &&
	    q->drop_eligible && q->vlan_identifier == 4095 &&
	    q->type == 0x0800, "vlan: the inner tag");
	eth(&p, 0x8100);
	for (i = 0; i < 20; i++) {
		be16(&p, (unsigned)i);
		be16(&p, 0x8100);
	}
	frame(DLT_EN10MB, &p);
	ok(get(NETCAP__RECORD__RECORD_DOT1Q, 15) != NULL &&
	    get(NETCAP__RECORD__RECORD_DOT1Q, 16) == NULL &&
	    undecoded(0, "Dot1Q", 14 + 16 * 4, "too many nested headers"),
	    "vlan: nesting is bounded");
	/* Transparent Ethernet bridging straight inside Ethernet. */
	eth(&p, 0x6558);
	for (i = 0; i < 40; i++) {
		raw(&p, mac_b, 6);
		raw(&p, mac_a, 6);
		be16(&p, 0x6558);
	}
	frame(DLT_EN10MB, &p);
	ok(get(NETCAP__RECORD__RECORD_ETHERNET, 16) != NULL &&
	    get(NETCAP__RECORD__RECORD_ETHERNET, 17) == NULL &&
	    undecoded(0, "Ethernet", 14 + 16 * 14, "too many nested headers"),
	    "ethernet: 0x6558 nesting is bounded");
	eth(&p, 0x8100);
	be16(&p, 1);
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,Undecoded") &&
	    undecoded(0, "Dot1Q", 14, "truncated header: 2 of 4 bytes"),
	    "vlan: a cut tag");
	/* A tagged 802.3 frame: a length, not an ethertype, after the tag,
	 * then LLC (a TCN BPDU here) and padding the length leaves out. */
	eth(&p, 0x8100);
	be16(&p, 0x0064);
	be16(&p, 3 + 4);
	raw(&p, "\x42\x42\x03\x00\x00\x00\x80", 7);
	fill(&p, 0, 20);
	frame(DLT_EN10MB, &p);
	q = get(NETCAP__RECORD__RECORD_DOT1Q, 0);
	ok(order_is("Ethernet,Dot1Q,LLC,STP") && q != NULL && q->type == 0 &&
	    q->length == 7, "vlan: an 802.3 length after the tag leads to "
	    "LLC and is a length, not a type");
	/* QinQ with the length after the inner tag: only that one has it. */
	eth(&p, 0x88a8);
	be16(&p, 0x0064);
	be16(&p, 0x8100);
	be16(&p, 0x0005);
	be16(&p, 1500);
	raw(&p, "\x42\x42\x03\x00\x00\x00\x80", 7);
	frame(DLT_EN10MB, &p);
	q = get(NETCAP__RECORD__RECORD_DOT1Q, 0);
	ok(order_is("Ethernet,Dot1Q,Dot1Q,LLC,STP") && q != NULL &&
	    q->type == 0x8100 && q->length == 0 &&
	    (q = get(NETCAP__RECORD__RECORD_DOT1Q, 1)) != NULL &&
	    q->type == 0 && q->length == 1500,
	    "vlan: QinQ, 802.3 length 1500 after the inner tag");
	p.b[20] = 0x05;			/* 1501: neither length nor known type */
	p.b[21] = 0xdd;
	frame(DLT_EN10MB, &p);
	q = get(NETCAP__RECORD__RECORD_DOT1Q, 1);
	ok(q != NULL && q->type == 0x05dd && q->length == 0,
	    "vlan: 1501 is a type, not a length");

	eth(&p, 0x88b5);
	fill(&p, 0, 10);
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,Undecoded") &&
	    undecoded(0, "Ethernet", 14, "unsupported ethertype 0x88b5"),
	    "ethernet: unsupported ethertype");

	/* 802.3 with an STP LLC header, padded. */
	eth(&p, 38);
	u8(&p, 0x42);
	u8(&p, 0x42);
	u8(&p, 0x03);
	fill(&p, 0, 60 - p.n);
	frame(DLT_EN10MB, &p);
	e = get(NETCAP__RECORD__RECORD_ETHERNET, 0);
	/* The length keeps the padding out: 35 bytes, a config BPDU. */
	ok(order_is("Ethernet,LLC,STP") && e != NULL && e->length == 38 &&
	    e->ethertype == 0, "ethernet: 802.3 length frame with LLC");
	eth(&p, (unsigned)(8 + ip.n));
	raw(&p, "\xaa\xaa\x03\x00\x00\x00\x08\x00", 8);
	raw(&p, ip.b, ip.n);
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,LLC,SNAP,IPv4,UDP"), "ethernet: 802.3 with SNAP "
	    "carrying IPv4");

	/* Linux cooked v1 and v2. */
	p.n = 0;
	be16(&p, 0);
	be16(&p, 1);
	be16(&p, 6);
	raw(&p, mac_a, 6);
	be16(&p, 0);
	be16(&p, 0x0800);
	raw(&p, ip.b, ip.n);
	frame(DLT_SLL, &p);
	ok(order_is("IPv4,UDP"), "sll: cooked v1");
	set16(&p, 14, 0x0004);
	frame(DLT_SLL, &p);
	ok(order_is("Undecoded") &&
	    undecoded(0, "SLL", 0, "unsupported protocol 0x0004"),
	    "sll: Linux-internal protocol");
	p.n = 0;
	be16(&p, 0x86dd);
	be16(&p, 0);
	be32(&p, 3);
	be16(&p, 1);
	u8(&p, 0);
	u8(&p, 6);
	raw(&p, mac_a, 6);
	be16(&p, 0);
	ipv6(&p, 59, 0, 0);
	frame(DLT_SLL2, &p);
	ok(order_is("IPv6"), "sll2: cooked v2 with IPv6, no next header");
	decode_ex(DLT_SLL2, p.b, 19, 19, 0, NULL);
	ok(undecoded(0, "SLL2", 0, "truncated header: 19 of 20 bytes"),
	    "sll2: cut header");

	/* BSD loopback, both byte orders, and OpenBSD DLT_LOOP. */
	p.n = 0;
	raw(&p, "\x02\x00\x00\x00", 4);
	raw(&p, ip.b, ip.n);
	frame(DLT_NULL, &p);
	ok(order_is("IPv4,UDP"), "null: AF_INET little-endian");
	p.n = 0;
	raw(&p, "\x00\x00\x00\x1e", 4);
	ipv6(&p, 59, 0, 0);
	frame(DLT_NULL, &p);
	ok(order_is("IPv6"), "null: AF_INET6 (30) written big-endian");
	p.n = 0;
	raw(&p, "\x00\x00\x00\x18", 4);
	ipv6(&p, 59, 0, 0);
	frame(DLT_LOOP, &p);
	ok(order_is("IPv6"), "loop: AF_INET6 (24) network order");
	p.n = 0;
	raw(&p, "\x07\x00\x00\x00", 4);
	frame(DLT_NULL, &p);
	ok(undecoded(0, "Loopback", 0, "unsupported address family 7"),
	    "null: unknown family");

	/* Raw IP. */
	decode_ex(DLT_RAW, ip.b, ip.n, ip.n, 0, NULL);
	ok(order_is("IPv4,UDP"), "raw: IPv4 by its version nibble");
	decode_ex(LINKTYPE_RAW, ip.b, ip.n, ip.n, 0, NULL);
	ok(order_is("IPv4,UDP"), "raw: LINKTYPE_RAW 101 too");
	decode_ex(DLT_IPV4, ip.b, ip.n, ip.n, 0, NULL);
	ok(order_is("IPv4,UDP"), "raw: LINKTYPE_IPV4");
	p.n = 0;
	ipv6(&p, 59, 0, 0);
	frame(DLT_IPV6, &p);
	ok(order_is("IPv6"), "raw: LINKTYPE_IPV6");
	frame(DLT_RAW, &p);
	ok(order_is("IPv6"), "raw: IPv6 by its version nibble");
	p.b[0] = 0x70;
	frame(DLT_RAW, &p);
	ok(undecoded(0, "IP", 0, "bad IP version 7"), "raw: bad version");
	decode_ex(DLT_RAW, p.b, 0, 0, 0, NULL);
	ok(order_is("Undecoded"), "raw: empty packet");
	ok(nc_decode_linktype_supported(DLT_RAW) &&
	    !nc_decode_linktype_supported(147) &&
	    nc_decode_linktype(DLT_RAW) == LINKTYPE_RAW &&
	    nc_decode_linktype(DLT_EN10MB) == DLT_EN10MB,
	    "linktypes: supported set and DLT_RAW -> LINKTYPE_RAW");

	/* ARP. */
	eth(&p, 0x0806);
	be16(&p, 1);
	be16(&p, 0x0800);
	u8(&p, 6);
	u8(&p, 4);
	be16(&p, 2);
	raw(&p, mac_a, 6);
	raw(&p, ip4_a, 4);
	raw(&p, mac_b, 6);
	raw(&p, ip4_b, 4);
	frame(DLT_EN10MB, &p);
	a = get(NETCAP__RECORD__RECORD_ARP, 0);
	ok(order_is("Ethernet,ARP") && a != NULL && a->addr_type == 1 &&
	    a->protocol == 0x0800 && a->hw_address_size == 6 &&
	    a->prot_address_size == 4 && a->operation == 2 &&
	    bin_is(a->src_hw, mac_a, 6) && bin_is(a->src_ip, ip4_a, 4) &&
	    bin_is(a->dst_hw, mac_b, 6) && bin_is(a->dst_ip, ip4_b, 4),
	    "arp: reply fields");
	p.b[18] = 255;
	p.b[19] = 255;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,Undecoded") &&
	    undecoded(0, "ARP", 14, "truncated header: 28 of 1028 bytes"),
	    "arp: absurd address sizes");
	p.n = 20;
	frame(DLT_EN10MB, &p);
	ok(undecoded(0, "ARP", 14, "truncated header: 6 of 8 bytes"),
	    "arp: cut fixed part");
}

static void
test_select(void)
{
	struct pkt p;

	eth(&p, 0x0800);
	ipv4(&p, 6, 20, NULL, 0, 0);
	tcp(&p, 1, 2, 2, NULL, 0);
	decode_ex(DLT_EN10MB, p.b, p.n, p.n, 0, "TCP");
	ok(order_is("TCP"), "select: only the wanted type, inner layers "
	    "still decoded");
	decode_ex(DLT_EN10MB, p.b, 30, p.n, 0, "undecoded");
	ok(order_is("Undecoded"), "select: Undecoded alone");
	decode_ex(DLT_EN10MB, p.b, p.n, p.n, 0, "ethernet,ipv4");
	ok(order_is("Ethernet,IPv4"), "select: outer layers only");
	stop_at = 1;
	ok(frame(DLT_EN10MB, &p) == 42 && order_is("Ethernet,IPv4"),
	    "emit: a non-zero return stops the packet and is returned");
	stop_at = -1;
}

int
main(void)
{
	test_flow();
	test_entropy();
	test_padding();
	test_link();
	test_select();
	clear();
	return tap_done();
}
