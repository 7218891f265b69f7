/* Unit tests for the IPv4 and IPv6 decoders: headers, options and
 * extension headers built byte by byte, well-formed and damaged.  Every
 * record is packed and unpacked again before its fields are checked. */
#include "dectest.h"

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

int
main(void)
{
	test_ipv4_bad();
	test_ipv6();
	clear();
	return tap_done();
}
