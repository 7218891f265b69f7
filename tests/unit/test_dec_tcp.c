/* Unit tests for the TCP decoder: headers and options built byte by byte,
 * well-formed and damaged, and segments cut by the snap length.  Every
 * record is packed and unpacked again before its fields are checked. */
#include "dectest.h"

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

int
main(void)
{
	test_tcp();
	test_truncation();
	test_tcp_bad();
	clear();
	return tap_done();
}
