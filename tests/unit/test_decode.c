/* Unit tests for lib/decode: packets built byte by byte, well-formed and
 * damaged, decoded through the emit callback; every record is packed and
 * unpacked again before its fields are checked. */
#include <math.h>
#include <xxhash.h>

#include "dectest.h"

/* --- building packets -------------------------------------------------- */

/* --- decoding and looking at the records ------------------------------- */

/* --- the tests ----------------------------------------------------------- */

static const uint8_t syn_opts[] = {
	2, 4, 0x05, 0xb4,		/* MSS 1460 */
	4, 2,				/* SACK permitted */
	8, 10, 0, 0, 0, 1, 0, 0, 0, 2,	/* timestamps 1, 2 */
	1,				/* NOP */
	3, 3, 7,			/* window scale 7 */
};

static void
test_tcp(void)
{
	struct pkt p, q;
	Netcap__Ethernet *e;
	Netcap__IPv4 *ip;
	Netcap__TCP *t;
	uint64_t flow;
	static const uint32_t kinds[] = { 2, 4, 8, 1, 3 };

	eth(&p, 0x0800);
	ipv4(&p, 6, 20 + sizeof syn_opts, NULL, 0, 0);
	tcp(&p, 40000, 80, 0x102, syn_opts, sizeof syn_opts);
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv4,TCP"),
	    "tcp: Ethernet, IPv4, TCP in that order");
	e = get(NETCAP__RECORD__RECORD_ETHERNET, 0);
	ok(e != NULL && bin_is(e->src_mac, mac_a, 6) &&
	    bin_is(e->dst_mac, mac_b, 6) && e->ethertype == 0x0800 &&
	    e->length == 0 && e->ts == TS && e->packet == PKTNO,
	    "tcp: Ethernet fields");
	ip = get(NETCAP__RECORD__RECORD_IPV4, 0);
	ok(ip != NULL && ip->version == 4 && ip->ihl == 5 && ip->tos == 0x10 &&
	    ip->length == 60 && ip->id == 0x1234 && ip->flags == 2 &&
	    ip->frag_offset == 0 && ip->ttl == 64 && ip->protocol == 6 &&
	    ip->checksum == 0xbeef && bin_is(ip->src_ip, ip4_a, 4) &&
	    bin_is(ip->dst_ip, ip4_b, 4) && ip->n_options == 0,
	    "tcp: IPv4 fields");
	t = get(NETCAP__RECORD__RECORD_TCP, 0);
	ok(t != NULL && t->src_port == 40000 && t->dst_port == 80 &&
	    t->seq == 0x01020304 && t->ack == 0xa0b0c0d0 &&
	    t->data_offset == 10 && t->flags == 0x102 && t->window == 65535 &&
	    t->checksum == 0xcafe && t->urgent == 7 &&
	    bin_is(t->src_ip, ip4_a, 4) && bin_is(t->dst_ip, ip4_b, 4) &&
	    t->ts == TS && t->packet == PKTNO, "tcp: header fields, NS bit");
	ok(t != NULL && t->_mss_case == NETCAP__TCP___MSS_MSS &&
	    t->mss == 1460 && t->sack_permitted &&
	    t->_window_scale_case == NETCAP__TCP___WINDOW_SCALE_WINDOW_SCALE &&
	    t->window_scale == 7 && t->_ts_val_case != 0 && t->ts_val == 1 &&
	    t->_ts_ecr_case != 0 && t->ts_ecr == 2 && t->n_sack == 0 &&
	    t->n_option_kinds == 5 &&
	    memcmp(t->option_kinds, kinds, sizeof kinds) == 0,
	    "tcp: options MSS, SACK-permitted, timestamps, NOP, window scale");
	ok(t != NULL && t->payload_size == 0 && t->payload_entropy == 0 &&
	    t->payload.len == 0, "tcp: no payload");
	flow = t != NULL ? t->flow : 0;

	/* The other direction, with payload and no options. */
	eth(&q, 0x0800);
	ipv4(&q, 6, 20 + 4, NULL, 0, 1);
	tcp(&q, 80, 40000, 0x18, NULL, 0);
	raw(&q, "abcd", 4);
	frame(DLT_EN10MB, &q);
	t = get(NETCAP__RECORD__RECORD_TCP, 0);
	ok(t != NULL && t->flow == flow && flow != 0,
	    "tcp: flow id is the same in both directions");
	ok(t != NULL && t->_mss_case == 0 && t->_window_scale_case == 0 &&
	    t->_ts_val_case == 0 && t->n_option_kinds == 0,
	    "tcp: absent options stay unset");
	ok(t != NULL && t->payload_size == 4 && t->payload_entropy == 2.0 &&
	    t->payload.len == 0, "tcp: payload size and entropy, no bytes "
	    "without -P");
	decode_ex(DLT_EN10MB, q.b, q.n, q.n, 1, NULL);
	t = get(NETCAP__RECORD__RECORD_TCP, 0);
	ok(t != NULL && bin_is(t->payload, "abcd", 4), "tcp: -P keeps the "
	    "payload bytes");

	/* The reserved bits between the data offset and NS. */
	eth(&q, 0x0800);
	ipv4(&q, 6, 20, NULL, 0, 1);
	tcp(&q, 80, 40000, 0xa12, NULL, 0);
	frame(DLT_EN10MB, &q);
	t = get(NETCAP__RECORD__RECORD_TCP, 0);
	ok(t != NULL && t->flags == 0xa12 && t->data_offset == 5,
	    "tcp: reserved flag bits are kept");
}

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
test_truncation(void)
{
	struct pkt p;
	Netcap__TCP *t;
	size_t i;
	int bad = 0;

	eth(&p, 0x0800);
	ipv4(&p, 6, 20 + sizeof syn_opts + 100, NULL, 0, 0);
	tcp(&p, 1, 2, 0x10, syn_opts, sizeof syn_opts);
	fill(&p, 'A', 100);

	/* Snap length 80: the TCP header is whole, the payload is not. */
	decode_ex(DLT_EN10MB, p.b, 80, p.n, 1, NULL);
	t = get(NETCAP__RECORD__RECORD_TCP, 0);
	ok(order_is("Ethernet,IPv4,TCP") && t != NULL &&
	    t->payload_size == 100 && t->payload.len == 80 - 74 &&
	    t->payload_entropy == 0, "snaplen: payload size as declared, "
	    "bytes as captured");

	/* Every shorter capture of the frame decodes without over-reading
	 * and always says something. */
	for (i = 0; i < p.n; i++) {
		decode_ex(DLT_EN10MB, p.b, i, p.n, 0, NULL);
		if (nrec == 0)
			bad++;
		if (i < 74 && get(NETCAP__RECORD__RECORD_UNDECODED, 0) == NULL)
			bad++;
	}
	ok(bad == 0, "snaplen: every truncation gives records or Undecoded");
	decode_ex(DLT_EN10MB, p.b, 14 + 20 + 12, p.n, 0, NULL);
	ok(order_is("Ethernet,IPv4,Undecoded") &&
	    undecoded(0, "TCP", 34, "truncated header: 12 of 20 bytes"),
	    "snaplen: a cut TCP header is Undecoded at its offset");
	/* Options cut inside the timestamps: the fixed header and the
	 * options before the cut are kept, as tshark shows them. */
	decode_ex(DLT_EN10MB, p.b, 14 + 20 + 30, p.n, 0, NULL);
	t = get(NETCAP__RECORD__RECORD_TCP, 0);
	ok(order_is("Ethernet,IPv4,TCP,Undecoded") && t != NULL &&
	    t->src_port == 1 && t->dst_port == 2 && t->data_offset == 10 &&
	    t->_mss_case == NETCAP__TCP___MSS_MSS && t->mss == 1460 &&
	    t->sack_permitted && t->_ts_val_case == 0 &&
	    t->payload_size == 100 && t->payload.len == 0 &&
	    undecoded(0, "TCP", 34, "truncated header: 30 of 40 bytes"),
	    "snaplen: cut TCP options keep the fixed header");
	decode_ex(DLT_EN10MB, p.b, 10, p.n, 0, NULL);
	ok(order_is("Undecoded") &&
	    undecoded(0, "Ethernet", 0, "truncated header: 10 of 14 bytes"),
	    "snaplen: a cut Ethernet header");

	/* The frame on the wire was shorter than the total length says. */
	decode_ex(DLT_EN10MB, p.b, 90, 90, 0, NULL);
	t = get(NETCAP__RECORD__RECORD_TCP, 0);
	ok(t != NULL && t->payload_size == 90 - 74,
	    "short frame: the payload is what the frame held");
}

static void
test_ipv4_bad(void)
{
	struct pkt p;
	Netcap__IPv4 *ip;
	static const uint8_t opts[] = {
		1,				/* NOP */
		7, 7, 4, 10, 0, 0, 9,		/* record route */
		0,				/* EOL */
		0xee, 0xee, 0xee,		/* padding */
	};
	static const uint8_t badopt[] = { 1, 0x44, 0xff, 0, };
	static const uint8_t zeroopt[] = { 0x83, 0, 0, 0 };

	eth(&p, 0x0800);
	ipv4(&p, 17, 8, NULL, 0, 0);
	udp(&p, 1, 2, 8);
	p.b[14] = 0x44;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,Undecoded") &&
	    undecoded(0, "IPv4", 14, "bad header length 4"),
	    "ipv4: IHL < 5 is Undecoded, no IPv4 record");
	p.b[14] = 0x4f;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,Undecoded") &&
	    undecoded(0, "IPv4", 14, "truncated header: 28 of 60 bytes"),
	    "ipv4: IHL past the capture");
	p.b[14] = 0x55;
	frame(DLT_EN10MB, &p);
	ok(undecoded(0, "IPv4", 14, "bad version 5"), "ipv4: bad version");
	p.b[14] = 0x45;
	set16(&p, 16, 12);
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,Undecoded") &&
	    undecoded(0, "IPv4", 34, "bad total length 12"),
	    "ipv4: total length below the header length");

	eth(&p, 0x0800);
	ipv4(&p, 17, 8, opts, sizeof opts, 0);
	udp(&p, 1, 2, 8);
	frame(DLT_EN10MB, &p);
	ip = get(NETCAP__RECORD__RECORD_IPV4, 0);
	ok(order_is("Ethernet,IPv4,UDP") && ip != NULL && ip->ihl == 8 &&
	    ip->n_options == 3 && ip->options[0]->type == 1 &&
	    ip->options[0]->length == 1 && ip->options[1]->type == 7 &&
	    ip->options[1]->length == 7 &&
	    bin_is(ip->options[1]->data, opts + 3, 5) &&
	    ip->options[2]->type == 0 && bin_is(ip->padding, opts + 9, 3),
	    "ipv4: options NOP, record route, EOL and padding");

	eth(&p, 0x0800);
	ipv4(&p, 17, 8, badopt, sizeof badopt, 0);
	udp(&p, 1, 2, 8);
	frame(DLT_EN10MB, &p);
	ip = get(NETCAP__RECORD__RECORD_IPV4, 0);
	ok(order_is("Ethernet,IPv4,Undecoded,UDP") && ip != NULL &&
	    ip->n_options == 1 &&
	    undecoded(0, "IPv4", 35, "bad length 255 of option 68"),
	    "ipv4: an option length past the header; the payload still "
	    "decodes");
	eth(&p, 0x0800);
	ipv4(&p, 17, 8, zeroopt, sizeof zeroopt, 0);
	udp(&p, 1, 2, 8);
	frame(DLT_EN10MB, &p);
	ok(undecoded(0, "IPv4", 34, "bad length 0 of option 131"),
	    "ipv4: an option length of 0 cannot loop");

	/* Fragments. */
	eth(&p, 0x0800);
	ipv4(&p, 17, 8, NULL, 0, 0);
	udp(&p, 1, 2, 8);
	set16(&p, 20, 0x2000);		/* MF, offset 0 */
	frame(DLT_EN10MB, &p);
	/* Held for reassembly: explained by the IPv4 record alone. */
	ok(order_is("Ethernet,IPv4") && nrec == 2,
	    "ipv4: a first fragment is not decoded further");
	set16(&p, 20, 185);
	frame(DLT_EN10MB, &p);
	ip = get(NETCAP__RECORD__RECORD_IPV4, 0);
	ok(ip != NULL && ip->frag_offset == 185 && ip->flags == 0 &&
	    order_is("Ethernet,IPv4"), "ipv4: a later fragment");

	/* Protocols with no decoder. */
	eth(&p, 0x0800);
	ipv4(&p, 103, 4, NULL, 0, 0);
	be32(&p, 0x00000800);
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,Undecoded") &&
	    undecoded(0, "IPv4", 34, "unsupported IP protocol 103"),
	    "ipv4: unsupported protocol");
	ok(((Netcap__Undecoded *)get(NETCAP__RECORD__RECORD_UNDECODED,
	    0))->data.len == 4, "undecoded: data runs to the end of the "
	    "capture");

	/* Segmentation offload: total length 0. */
	eth(&p, 0x0800);
	ipv4(&p, 6, 20 + 10, NULL, 0, 0);
	tcp(&p, 1, 2, 0x10, NULL, 0);
	fill(&p, 'z', 10);
	set16(&p, 16, 0);
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,TCP") &&
	    ((Netcap__TCP *)get(NETCAP__RECORD__RECORD_TCP, 0))->payload_size
	    == 10, "ipv4: total length 0 (offload) uses the frame length");
}

static void
test_tcp_bad(void)
{
	struct pkt p;
	Netcap__TCP *t;
	static const uint8_t sack[] = {
		1, 1, 5, 18, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4,
	};
	static const uint8_t longopt[] = { 2, 4, 1, 0, 0x22, 40, 0, 0 };
	static const uint8_t zeroopt[] = { 0x22, 0, 0, 0 };
	static const uint8_t mss3[] = { 2, 3, 9, 1, 1, 1, 1, 0 };

	eth(&p, 0x0800);
	ipv4(&p, 6, 20 + sizeof sack, NULL, 0, 0);
	tcp(&p, 1, 2, 0x10, sack, sizeof sack);
	frame(DLT_EN10MB, &p);
	t = get(NETCAP__RECORD__RECORD_TCP, 0);
	ok(t != NULL && t->n_sack == 4 && t->sack[0] == 1 && t->sack[3] == 4 &&
	    t->n_option_kinds == 3 && t->option_kinds[2] == 5,
	    "tcp: SACK blocks as left,right pairs");

	eth(&p, 0x0800);
	ipv4(&p, 6, 20, NULL, 0, 0);
	tcp(&p, 1, 2, 0x10, NULL, 0);
	p.b[46] = 0x30;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,Undecoded") &&
	    undecoded(0, "TCP", 34, "bad header length 3"),
	    "tcp: data offset < 5");
	p.b[46] = 0xf0;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,Undecoded") &&
	    undecoded(0, "TCP", 34, "header length 60 exceeds IPv4 payload "
	    "length 20"), "tcp: data offset past the IP payload");

	eth(&p, 0x0800);
	ipv4(&p, 6, 20 + sizeof longopt + 2, NULL, 0, 0);
	tcp(&p, 1, 2, 0x10, longopt, sizeof longopt);
	raw(&p, "hi", 2);
	frame(DLT_EN10MB, &p);
	t = get(NETCAP__RECORD__RECORD_TCP, 0);
	ok(order_is("Ethernet,IPv4,TCP,Undecoded") && t != NULL &&
	    t->mss == 256 && t->payload_size == 2 &&
	    undecoded(0, "TCP", 58, "bad length 40 of option 34"),
	    "tcp: an option length past the header");
	eth(&p, 0x0800);
	ipv4(&p, 6, 20 + sizeof zeroopt, NULL, 0, 0);
	tcp(&p, 1, 2, 0x10, zeroopt, sizeof zeroopt);
	frame(DLT_EN10MB, &p);
	ok(undecoded(0, "TCP", 54, "bad length 0 of option 34"),
	    "tcp: an option length of 0 cannot loop");
	eth(&p, 0x0800);
	ipv4(&p, 6, 20 + sizeof mss3, NULL, 0, 0);
	tcp(&p, 1, 2, 0x10, mss3, sizeof mss3);
	frame(DLT_EN10MB, &p);
	t = get(NETCAP__RECORD__RECORD_TCP, 0);
	ok(t != NULL && t->_mss_case == 0 && t->n_option_kinds == 6 &&
	    undecoded(0, "TCP", 54, "bad length 3 of option 2"),
	    "tcp: a known option with the wrong length is not used");
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
test_ipv6(void)
{
	struct pkt p;
	Netcap__IPv6 *ip;
	Netcap__IPv6HopByHop *h;
	Netcap__IPv6Destination *d;
	Netcap__IPv6Routing *r;
	Netcap__IPv6Fragment *f;
	Netcap__UDP *u;
	size_t at;

	eth(&p, 0x86dd);
	at = ipv6(&p, 0, 8 + 8 + 8 + 4, 0);
	/* Hop-by-hop: router alert, then Pad1 Pad1. */
	u8(&p, 60);
	u8(&p, 0);
	raw(&p, "\x05\x02\x00\x00\x00\x00", 6);
	/* Destination options: PadN of 4. */
	u8(&p, 17);
	u8(&p, 0);
	raw(&p, "\x01\x04\x00\x00\x00\x00", 6);
	udp(&p, 5354, 5354, 12);
	raw(&p, "\x00\x01\x02\x03", 4);
	(void)at;
	frame(DLT_EN10MB, &p);
	ip = get(NETCAP__RECORD__RECORD_IPV6, 0);
	h = get(NETCAP__RECORD__RECORD_IPV6_HOP_BY_HOP, 0);
	d = get(NETCAP__RECORD__RECORD_IPV6_DESTINATION, 0);
	u = get(NETCAP__RECORD__RECORD_UDP, 0);
	ok(order_is("Ethernet,IPv6,IPv6HopByHop,IPv6Destination,UDP"),
	    "ipv6: extension headers in chain order");
	ok(ip != NULL && ip->version == 6 && ip->traffic_class == 0xab &&
	    ip->flow_label == 0x12345 && ip->length == 28 &&
	    ip->next_header == 0 && ip->hop_limit == 255 &&
	    bin_is(ip->src_ip, ip6_a, 16) && bin_is(ip->dst_ip, ip6_b, 16),
	    "ipv6: header fields");
	ok(h != NULL && h->next_header == 60 && h->length == 0 &&
	    h->n_options == 3 && h->options[0]->type == 5 &&
	    h->options[0]->length == 2 && h->options[0]->data.len == 2 &&
	    h->options[1]->type == 0 && h->options[2]->type == 0,
	    "ipv6: hop-by-hop options with Pad1");
	ok(d != NULL && d->next_header == 17 && d->n_options == 1 &&
	    d->options[0]->type == 1 && d->options[0]->length == 4,
	    "ipv6: destination options");
	ok(u != NULL && u->payload_size == 4 && bin_is(u->src_ip, ip6_a, 16) &&
	    u->flow == nc_flow_id(ip6_a, ip6_b, 16, 5354, 5354, 17),
	    "ipv6: UDP after the chain, with IPv6 endpoints");

	/* An extension header whose length runs past the packet. */
	eth(&p, 0x86dd);
	ipv6(&p, 60, 16, 0);
	u8(&p, 17);
	u8(&p, 200);
	fill(&p, 1, 14);
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv6,Undecoded") &&
	    undecoded(0, "IPv6Destination", 54, "header length 1608 exceeds "
	    "payload length 16"), "ipv6: extension header past the payload");
	set16(&p, 18, 1608);
	decode_ex(DLT_EN10MB, p.b, p.n, 54 + 1608, 0, NULL);
	ok(undecoded(0, "IPv6Destination", 54, "truncated header: 16 of 1608"),
	    "ipv6: extension header past the capture");
	/* An option whose length runs past its header. */
	p.b[55] = 1;
	set16(&p, 18, 16);
	p.b[56] = 1;
	p.b[57] = 50;
	frame(DLT_EN10MB, &p);
	ok(undecoded(0, "IPv6Destination", 56, "bad length 50 of option 1"),
	    "ipv6: option length past its header");

	/* Routing type 0 with two addresses, then a first fragment. */
	eth(&p, 0x86dd);
	ipv6(&p, 43, 8 + 32 + 8 + 8, 0);
	u8(&p, 44);
	u8(&p, 4);
	u8(&p, 0);
	u8(&p, 2);
	be32(&p, 0);
	raw(&p, ip6_a, 16);
	raw(&p, ip6_b, 16);
	u8(&p, 17);
	u8(&p, 0);
	be16(&p, 0x0001);		/* offset 0, M */
	be32(&p, 0xdeadbeef);
	udp(&p, 1, 2, 100);
	frame(DLT_EN10MB, &p);
	r = get(NETCAP__RECORD__RECORD_IPV6_ROUTING, 0);
	f = get(NETCAP__RECORD__RECORD_IPV6_FRAGMENT, 0);
	ok(order_is("Ethernet,IPv6,IPv6Routing,IPv6Fragment") &&
	    r != NULL && r->routing_type == 0 && r->segments_left == 2 &&
	    r->length == 4 && r->next_header == 44 && r->data.len == 36 &&
	    r->n_addresses_ip == 2 && bin_is(r->addresses_ip[1], ip6_b, 16),
	    "ipv6: type 0 routing header addresses");
	ok(f != NULL && f->next_header == 17 && f->frag_offset == 0 &&
	    f->more_fragments && f->id == 0xdeadbeef,
	    "ipv6: fragment header; the payload is held for reassembly");

	/* Segment routing header: last entry 0, one segment. */
	eth(&p, 0x86dd);
	ipv6(&p, 43, 24, 0);
	u8(&p, 59);
	u8(&p, 2);
	u8(&p, 4);
	u8(&p, 1);
	u8(&p, 0);
	u8(&p, 0);
	be16(&p, 0);
	raw(&p, ip6_b, 16);
	frame(DLT_EN10MB, &p);
	r = get(NETCAP__RECORD__RECORD_IPV6_ROUTING, 0);
	ok(order_is("Ethernet,IPv6,IPv6Routing") && r != NULL &&
	    r->routing_type == 4 && r->n_addresses_ip == 1 &&
	    bin_is(r->addresses_ip[0], ip6_b, 16), "ipv6: segment routing");

	eth(&p, 0x86dd);
	ipv6(&p, 103, 8, 0);
	fill(&p, 0, 8);
	frame(DLT_EN10MB, &p);
	ok(undecoded(0, "IPv6", 54, "unsupported IP protocol 103"),
	    "ipv6: PIM is unsupported");
	eth(&p, 0x86dd);
	ipv6(&p, 59, 0, 0);
	p.n -= 1;
	frame(DLT_EN10MB, &p);
	ok(undecoded(0, "IPv6", 14, "truncated header: 39 of 40 bytes"),
	    "ipv6: cut header");

	/* 6in4. */
	eth(&p, 0x0800);
	ipv4(&p, 41, 40 + 8, NULL, 0, 0);
	ipv6(&p, 17, 8, 0);
	udp(&p, 1, 2, 8);
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,IPv6,UDP"), "tunnel: IPv6 in IPv4");
}

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

static void
test_igmp(void)
{
	struct pkt p;
	Netcap__IGMP *g;
	static const uint8_t grp[4] = { 239, 1, 2, 3 };

	eth(&p, 0x0800);
	ipv4(&p, 2, 8, NULL, 0, 0);
	u8(&p, 0x11);
	u8(&p, 0);
	be16(&p, 0x3333);
	be32(&p, 0);
	frame(DLT_EN10MB, &p);
	g = get(NETCAP__RECORD__RECORD_IGMP, 0);
	ok(order_is("Ethernet,IPv4,IGMP") && g != NULL && g->version == 1 &&
	    g->type == 0x11 && g->checksum == 0x3333 &&
	    g->flow == nc_flow_id(ip4_a, ip4_b, 4, 0, 0, 2) &&
	    g->_max_resp_time_case == 0,
	    "igmp: 8-byte query with code 0 is v1, without a max resp time");
	p.b[35] = 100;
	frame(DLT_EN10MB, &p);
	g = get(NETCAP__RECORD__RECORD_IGMP, 0);
	ok(g != NULL && g->version == 2 && g->_max_resp_time_case != 0 &&
	    g->max_resp_time == 100, "igmp: 8-byte query with a code is v2");
	p.b[34] = 0x16;
	p.b[35] = 0;
	memcpy(p.b + 38, grp, 4);
	frame(DLT_EN10MB, &p);
	g = get(NETCAP__RECORD__RECORD_IGMP, 0);
	ok(g != NULL && g->version == 2 && g->type == 0x16 &&
	    g->_max_resp_time_case != 0 && g->max_resp_time == 0 &&
	    bin_is(g->group_ip, grp, 4), "igmp: v2 report, max resp time 0");
	p.b[34] = 0x12;
	p.b[35] = 7;			/* unused in v1: not a time */
	frame(DLT_EN10MB, &p);
	g = get(NETCAP__RECORD__RECORD_IGMP, 0);
	ok(g != NULL && g->version == 1 && g->_max_resp_time_case == 0,
	    "igmp: v1 report, no max resp time");

	eth(&p, 0x0800);
	ipv4(&p, 2, 12 + 4, NULL, 0, 0);
	u8(&p, 0x11);
	u8(&p, 0x8a);			/* exp 0, mant 10: 26 << 3 = 208 */
	be16(&p, 0);
	raw(&p, grp, 4);
	u8(&p, 2);
	u8(&p, 125);
	be16(&p, 1);
	raw(&p, ip4_a, 4);
	frame(DLT_EN10MB, &p);
	g = get(NETCAP__RECORD__RECORD_IGMP, 0);
	ok(g != NULL && g->version == 3 && g->max_resp_time == 208 &&
	    g->num_sources == 1 && bin_is(g->group_ip, grp, 4),
	    "igmp: v3 query, floating-point max resp code");
	p.b[35] = 0xff;			/* the largest: 31 << 10 */
	frame(DLT_EN10MB, &p);
	g = get(NETCAP__RECORD__RECORD_IGMP, 0);
	ok(g != NULL && g->_max_resp_time_case != 0 &&
	    g->max_resp_time == 31744, "igmp: v3 query, largest max resp code");
	eth(&p, 0x0800);
	ipv4(&p, 2, 10, NULL, 0, 0);
	u8(&p, 0x11);
	u8(&p, 0);
	be16(&p, 0);
	raw(&p, grp, 4);
	be16(&p, 0);
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,Undecoded") &&
	    undecoded(0, "IGMP", 34, "bad query length 10"),
	    "igmp: a 10-byte query is invalid");

	eth(&p, 0x0800);
	ipv4(&p, 2, 8 + 8 + 12, NULL, 0, 0);
	u8(&p, 0x22);
	u8(&p, 0);
	be16(&p, 0);
	be16(&p, 0);
	be16(&p, 2);
	u8(&p, 4);
	u8(&p, 0);
	be16(&p, 0);
	raw(&p, grp, 4);
	u8(&p, 1);
	u8(&p, 0);
	be16(&p, 1);
	raw(&p, ip4_b, 4);
	raw(&p, ip4_a, 4);
	frame(DLT_EN10MB, &p);
	g = get(NETCAP__RECORD__RECORD_IGMP, 0);
	ok(g != NULL && g->version == 3 && g->num_records == 2 &&
	    g->n_groups_ip == 2 && bin_is(g->groups_ip[0], grp, 4) &&
	    bin_is(g->groups_ip[1], ip4_b, 4) && g->n_record_types == 2 &&
	    g->record_types[0] == 4 && g->record_types[1] == 1 &&
	    g->group_ip.len == 0 && g->_max_resp_time_case == 0,
	    "igmp: v3 report group records");
	p.b[53] = 0xff;			/* 255 sources in the second record */
	frame(DLT_EN10MB, &p);
	g = get(NETCAP__RECORD__RECORD_IGMP, 0);
	ok(order_is("Ethernet,IPv4,IGMP,Undecoded") && g != NULL &&
	    g->n_groups_ip == 1 && undecoded(0, "IGMP", 50,
	    "truncated group record 2 of 2"), "igmp: cut group record");
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
	test_tcp();
	test_flow();
	test_entropy();
	test_padding();
	test_truncation();
	test_ipv4_bad();
	test_tcp_bad();
	test_link();
	test_ipv6();
	test_icmp();
	test_igmp();
	test_select();
	clear();
	return tap_done();
}
