/* Unit tests for the tunnel decoders: IP-in-IP, GRE (and ERSPAN), VXLAN,
 * MPLS in UDP, Geneve, IPsec AH and ESP.  Packets are built byte by byte,
 * as whole frames (to see the inner marking) or handed to one decoder with
 * layer(); well-formed and damaged (cut at every length, lying lengths,
 * oversize counts, nesting loops).  Every record is packed and unpacked
 * again before its fields are checked. */
#include "dectest.h"

/* The "inner" field of every record, as digits: "0011". */
static const char *
inners(void)
{
	static char s[MAXREC + 1];
	int i;

	for (i = 0; i < nrec; i++) {
		const ProtobufCFieldDescriptor *f =
		    protobuf_c_message_descriptor_get_field_by_name(
		    rec[i].m->descriptor, "inner");
		uint32_t v = f == NULL ? 9 :
		    *(uint32_t *)((char *)rec[i].m + f->offset);

		s[i] = (char)('0' + (v > 9 ? 9 : v));
	}
	s[i] = '\0';
	return s;
}

static int
inners_are(const char *want)
{
	if (strcmp(inners(), want) == 0)
		return 1;
	printf("# inner: %s\n  want: %s\n", inners(), want);
	return 0;
}

/* IPv4 inner packet: IPv4 (ip4_c > ip4_d), UDP 1000 > 2000, 4 bytes. */
static void
inner_udp(struct pkt *p)
{
	ip4_hdr(p, 17, 12, ip4_c, ip4_d);
	udp(p, 1000, 2000, 12);
	be32(p, 0xdeadbeef);
}

static void
test_ipip(void)
{
	struct pkt p;
	Netcap__IPv4 *ip;
	int i;

	eth(&p, 0x0800);
	ip4_hdr(&p, 4, 32, ip4_a, ip4_b);
	inner_udp(&p);
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv4,IPv4,UDP") &&
	    inners_are("0011"), "ipip: IPv4 in IPv4, inner 1 inside");
	ip = get(NETCAP__RECORD__RECORD_IPV4, 1);
	ok(ip != NULL && bin_is(ip->src_ip, ip4_c, 4) && ip->protocol == 17,
	    "ipip: the second IPv4 record is the inner header");

	eth(&p, 0x0800);
	ip4_hdr(&p, 41, 40 + 12, ip4_a, ip4_b);
	ip6_hdr(&p, 17, 12);
	udp(&p, 1, 2, 12);
	be32(&p, 0);
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv4,IPv6,UDP") &&
	    inners_are("0011"), "ipip: IPv6 in IPv4 (6in4)");

	eth(&p, 0x86dd);
	ip6_hdr(&p, 41, 40 + 12);
	ip6_hdr(&p, 17, 12);
	udp(&p, 1, 2, 12);
	be32(&p, 0);
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv6,IPv6,UDP") &&
	    inners_are("0011"), "ipip: IPv6 in IPv6");

	eth(&p, 0x86dd);
	ip6_hdr(&p, 4, 32);
	inner_udp(&p);
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv6,IPv4,UDP") &&
	    inners_are("0011"), "ipip: IPv4 in IPv6");

	/* An Ethernet frame as IPv6's payload (next header 143, SRv6). */
	eth(&p, 0x86dd);
	ip6_hdr(&p, 143, 14 + 32);
	eth_more(&p, 0x0800);
	inner_udp(&p);
	ok(frame(DLT_EN10MB, &p) == 0 &&
	    order_is("Ethernet,IPv6,Ethernet,IPv4,UDP") &&
	    inners_are("00111"), "ipip: Ethernet in IPv6 (protocol 143)");

	/* Two levels. */
	eth(&p, 0x0800);
	ip4_hdr(&p, 4, 52, ip4_a, ip4_b);
	ip4_hdr(&p, 4, 32, ip4_b, ip4_a);
	inner_udp(&p);
	ok(frame(DLT_EN10MB, &p) == 0 &&
	    order_is("Ethernet,IPv4,IPv4,IPv4,UDP") &&
	    inners_are("00122"), "ipip: a tunnel in a tunnel is inner 2");

	/* A loop of 20 nested headers stops at the depth limit. */
	eth(&p, 0x0800);
	for (i = 0; i < 20; i++)
		ip4_hdr(&p, 4, (size_t)(19 - i) * 20 + 32, ip4_a, ip4_b);
	inner_udp(&p);
	frame(DLT_EN10MB, &p);
	ok(get(NETCAP__RECORD__RECORD_IPV4, 15) != NULL &&
	    get(NETCAP__RECORD__RECORD_IPV4, 16) == NULL &&
	    undecoded(0, "IPv4", 14 + 16 * 20, "too many nested headers"),
	    "ipip: 20 nested headers stop at 16 with Undecoded");

	/* An inner header cut short. */
	eth(&p, 0x0800);
	ip4_hdr(&p, 4, 10, ip4_a, ip4_b);
	fill(&p, 0x45, 10);
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,Undecoded") && inners_are("001") &&
	    undecoded(0, "IPv4", 34, "truncated header: 10 of 20"),
	    "ipip: truncated inner header is Undecoded, inner 1");
}

/* GRE header: flags/version, protocol, then the optional words given. */
static void
test_gre(void)
{
	struct pkt p;
	Netcap__GRE *g;
	Netcap__Ethernet *e;

	eth(&p, 0x0800);
	ip4_hdr(&p, 47, 16 + 32, ip4_a, ip4_b);
	be16(&p, 0xb000);		/* C K S, version 0 */
	be16(&p, 0x0800);
	be16(&p, 0x1111);		/* checksum */
	be16(&p, 0);			/* offset */
	be32(&p, 0xcafef00d);		/* key */
	be32(&p, 42);			/* sequence */
	inner_udp(&p);
	ok(frame(DLT_EN10MB, &p) == 0 &&
	    order_is("Ethernet,IPv4,GRE,IPv4,UDP") &&
	    inners_are("00011"), "gre: IPv4 payload is inner 1");
	g = get(NETCAP__RECORD__RECORD_GRE, 0);
	ok(g != NULL && g->flags_and_version == 0xb000 &&
	    g->checksum_present && !g->routing_present && g->key_present &&
	    g->seq_present && !g->strict_source_route &&
	    g->recursion_control == 0 && !g->ack_present && g->version == 0 &&
	    g->protocol == 0x0800 &&
	    g->_checksum_case == NETCAP__GRE___CHECKSUM_CHECKSUM &&
	    g->checksum == 0x1111 && g->_offset_case != 0 && g->offset == 0 &&
	    g->_key_case != 0 && g->key == 0xcafef00d &&
	    g->_seq_case != 0 && g->seq == 42 && g->_ack_case == 0 &&
	    g->_payload_length_case == 0 && g->_call_id_case == 0 &&
	    bin_is(g->src_ip, ip4_a, 4) && bin_is(g->dst_ip, ip4_b, 4) &&
	    g->flow != 0 && g->ts == TS && g->packet == PKTNO,
	    "gre: version 0 fields");
	ok(frame_cuts(DLT_EN10MB, &p, 14),
	    "gre: every cut of the frame decodes");

	/* Minimal header, transparent Ethernet bridging. */
	eth(&p, 0x0800);
	ip4_hdr(&p, 47, 4 + 14 + 32, ip4_a, ip4_b);
	be16(&p, 0);
	be16(&p, 0x6558);
	eth_more(&p, 0x0800);
	inner_udp(&p);
	ok(frame(DLT_EN10MB, &p) == 0 &&
	    order_is("Ethernet,IPv4,GRE,Ethernet,IPv4,UDP") &&
	    inners_are("000111"), "gre: 0x6558 carries an inner Ethernet");
	g = get(NETCAP__RECORD__RECORD_GRE, 0);
	e = get(NETCAP__RECORD__RECORD_ETHERNET, 1);
	ok(g != NULL && !g->checksum_present && g->_checksum_case == 0 &&
	    g->_key_case == 0 && g->_seq_case == 0 && e != NULL &&
	    e->inner == 1, "gre: no optional fields");

	/* PPTP enhanced GRE: K S A, version 1, PPP payload. */
	eth(&p, 0x0800);
	ip4_hdr(&p, 47, 16 + 4, ip4_a, ip4_b);
	be16(&p, 0x3081);
	be16(&p, 0x880b);
	be16(&p, 4);			/* payload length */
	be16(&p, 0x1234);		/* call id */
	be32(&p, 7);
	be32(&p, 6);
	be32(&p, 0xff030021);
	frame(DLT_EN10MB, &p);
	g = get(NETCAP__RECORD__RECORD_GRE, 0);
	ok(g != NULL && g->version == 1 && g->key_present && g->seq_present &&
	    g->ack_present && g->key == 0x41234 &&
	    g->_payload_length_case != 0 && g->payload_length == 4 &&
	    g->_call_id_case != 0 && g->call_id == 0x1234 && g->seq == 7 &&
	    g->_ack_case != 0 && g->ack == 6 && g->protocol == 0x880b,
	    "gre: PPTP version 1 fields");
	ok(order_is("Ethernet,IPv4,GRE,PPP,Undecoded") &&
	    inners_are("00011") && undecoded(0, "IPv4", 54, "truncated"),
	    "gre: PPP inside the tunnel, then its IPv4 cut short");

	/* An acknowledgement alone carries nothing after the header. */
	eth(&p, 0x0800);
	ip4_hdr(&p, 47, 12, ip4_a, ip4_b);
	be16(&p, 0x2081);
	be16(&p, 0x880b);
	be32(&p, 0x00001234);
	be32(&p, 9);
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv4,GRE"),
	    "gre: PPTP ack without payload");

	/* RFC 1701 routing: one SRE, then the null SRE. */
	eth(&p, 0x0800);
	ip4_hdr(&p, 47, 8 + 8 + 4 + 32, ip4_a, ip4_b);
	be16(&p, 0x4000);
	be16(&p, 0x0800);
	be16(&p, 0);
	be16(&p, 0);
	be16(&p, 0x0800);
	u8(&p, 0);
	u8(&p, 4);
	raw(&p, ip4_c, 4);
	be32(&p, 0);
	inner_udp(&p);
	frame(DLT_EN10MB, &p);
	g = get(NETCAP__RECORD__RECORD_GRE, 0);
	ok(order_is("Ethernet,IPv4,GRE,IPv4,UDP") && g != NULL &&
	    g->routing_present && g->routing.len == 12 &&
	    g->_checksum_case != 0, "gre: source route entries");
	/* An SRE longer than the packet. */
	p.b[14 + 20 + 11] = 200;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,Undecoded") &&
	    undecoded(0, "GRE", 34, "truncated source route"),
	    "gre: an SRE running past the packet");

	eth(&p, 0x0800);
	ip4_hdr(&p, 47, 8, ip4_a, ip4_b);
	be16(&p, 0x0002);
	be16(&p, 0x0800);
	be32(&p, 0);
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,Undecoded") &&
	    undecoded(0, "GRE", 34, "unsupported version 2"),
	    "gre: version 2 is Undecoded");

	eth(&p, 0x0800);
	ip4_hdr(&p, 47, 6, ip4_a, ip4_b);
	be16(&p, 0x2000);
	be16(&p, 0x0800);
	be16(&p, 0);
	frame(DLT_EN10MB, &p);
	ok(undecoded(0, "GRE", 34, "truncated header: 6 of 8"),
	    "gre: key flag without the key");

	/* ERSPAN type II: sequence number, 8-byte header, Ethernet. */
	eth(&p, 0x0800);
	ip4_hdr(&p, 47, 8 + 8 + 14 + 32, ip4_a, ip4_b);
	be16(&p, 0x1000);
	be16(&p, 0x88be);
	be32(&p, 1);
	be32(&p, 0x10640155);		/* version 1, VLAN 100, session 0x155 */
	be32(&p, 7);
	eth_more(&p, 0x0800);
	inner_udp(&p);
	ok(frame(DLT_EN10MB, &p) == 0 &&
	    order_is("Ethernet,IPv4,GRE,Ethernet,IPv4,UDP") &&
	    inners_are("000111"), "gre: ERSPAN II carries an inner frame");
	g = get(NETCAP__RECORD__RECORD_GRE, 0);
	ok(g != NULL && g->erspan.len == 8 && g->erspan.data[0] == 0x10 &&
	    g->_erspan_version_case != 0 && g->erspan_version == 1 &&
	    g->_erspan_session_id_case != 0 && g->erspan_session_id == 0x155,
	    "gre: ERSPAN II header");
	ok(frame_cuts(DLT_EN10MB, &p, 14),
	    "gre: every cut of an ERSPAN II frame");
	frame_n(DLT_EN10MB, p.b, 14 + 20 + 8 + 5);
	ok(order_is("Ethernet,IPv4,Undecoded") &&
	    undecoded(0, "GRE", 34, "truncated ERSPAN header"),
	    "gre: truncated ERSPAN header");

	/* Type I: no sequence number, no header. */
	eth(&p, 0x0800);
	ip4_hdr(&p, 47, 4 + 14 + 32, ip4_a, ip4_b);
	be16(&p, 0);
	be16(&p, 0x88be);
	eth_more(&p, 0x0800);
	inner_udp(&p);
	frame(DLT_EN10MB, &p);
	g = get(NETCAP__RECORD__RECORD_GRE, 0);
	ok(order_is("Ethernet,IPv4,GRE,Ethernet,IPv4,UDP") && g != NULL &&
	    g->erspan.len == 0 && g->_erspan_version_case == 0,
	    "gre: ERSPAN I has no header");

	/* Type III with the platform specific subheader. */
	eth(&p, 0x0800);
	ip4_hdr(&p, 47, 8 + 20 + 14 + 32, ip4_a, ip4_b);
	be16(&p, 0x1000);
	be16(&p, 0x22eb);
	be32(&p, 2);
	be32(&p, 0x20000203);
	be32(&p, 0x01020304);
	be32(&p, 0x00000001);		/* O */
	be32(&p, 0);
	be32(&p, 0);
	eth_more(&p, 0x0800);
	inner_udp(&p);
	frame(DLT_EN10MB, &p);
	g = get(NETCAP__RECORD__RECORD_GRE, 0);
	ok(order_is("Ethernet,IPv4,GRE,Ethernet,IPv4,UDP") && g != NULL &&
	    g->erspan.len == 20 && g->erspan_version == 2 &&
	    g->erspan_session_id == 0x203, "gre: ERSPAN III with O bit");
	ok(frame_cuts(DLT_EN10MB, &p, 14),
	    "gre: every cut of an ERSPAN III frame");

	/* GRE in GRE in a loop: the depth limit ends it. */
	eth(&p, 0x0800);
	{
		int i;

		for (i = 0; i < 12; i++) {
			ip4_hdr(&p, 47, (size_t)(11 - i) * 24 + 4 + 32, ip4_a,
			    ip4_b);
			be16(&p, 0);
			be16(&p, 0x0800);
		}
	}
	inner_udp(&p);
	frame(DLT_EN10MB, &p);
	ok(get(NETCAP__RECORD__RECORD_UNDECODED, 0) != NULL &&
	    strstr(((Netcap__Undecoded *)get(NETCAP__RECORD__RECORD_UNDECODED,
	    0))->reason, "too many nested headers") != NULL,
	    "gre: nested GRE stops at the depth limit");
}

static void
vxlan_frame(struct pkt *p, unsigned port, unsigned flags)
{
	eth(p, 0x0800);
	ip4_hdr(p, 17, 8 + 8 + 14 + 32, ip4_a, ip4_b);
	udp(p, 54321, port, 8 + 8 + 14 + 32);
	be16(p, flags);
	be16(p, 0x0077);		/* GBP group policy id */
	be32(p, 0x12345600);		/* VNI 0x123456 */
	eth_more(p, 0x0800);
	inner_udp(p);
}

static void
test_vxlan(void)
{
	struct pkt p;
	Netcap__VXLAN *v;
	Netcap__UDP *u;

	vxlan_frame(&p, 4789, 0x0800);
	ok(frame(DLT_EN10MB, &p) == 0 &&
	    order_is("Ethernet,IPv4,UDP,VXLAN,Ethernet,IPv4,UDP") &&
	    inners_are("0000111"), "vxlan: inner Ethernet frame is inner 1");
	v = get(NETCAP__RECORD__RECORD_VXLAN, 0);
	u = get(NETCAP__RECORD__RECORD_UDP, 0);
	ok(v != NULL && u != NULL && v->flags == 0x0800 && v->valid_id_flag &&
	    v->vni == 0x123456 && !v->gbp_extension && !v->gbp_dont_learn &&
	    !v->gbp_applied && v->gbp_group_policy_id == 0x77 &&
	    v->src_port == 54321 && v->dst_port == 4789 &&
	    bin_is(v->src_ip, ip4_a, 4) && bin_is(v->dst_ip, ip4_b, 4) &&
	    v->flow == u->flow && v->ts == TS && v->packet == PKTNO,
	    "vxlan: fields");
	u = get(NETCAP__RECORD__RECORD_UDP, 1);
	ok(u != NULL && u->inner == 1 && u->src_port == 1000 &&
	    bin_is(u->src_ip, ip4_c, 4), "vxlan: inner UDP");
	ok(frame_cuts(DLT_EN10MB, &p, 14),
	    "vxlan: every cut of the frame decodes");

	vxlan_frame(&p, 8472, 0x8848);
	frame(DLT_EN10MB, &p);
	v = get(NETCAP__RECORD__RECORD_VXLAN, 0);
	ok(v != NULL && v->gbp_extension && v->gbp_dont_learn &&
	    v->gbp_applied && v->dst_port == 8472,
	    "vxlan: port 8472 and GBP flags");

	vxlan_frame(&p, 4789, 0x0000);
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,UDP,Undecoded") &&
	    undecoded(0, "VXLAN", 42, "not VXLAN: I flag clear"),
	    "vxlan: I flag clear is not VXLAN");

	p.n = 0;
	be32(&p, 0x08000000);
	be16(&p, 0x0001);
	layer("VXLAN", &p, 0, 0);
	ok(order_is("Undecoded") &&
	    undecoded(0, "VXLAN", 0, "truncated header: 6 of 8"),
	    "vxlan: truncated header");
}

/* MPLS in UDP, RFC 7510: the label stack is the UDP payload, on
 * destination port 6635. */
static void
test_mpls_udp(void)
{
	struct pkt p;
	Netcap__MPLS *m;
	Netcap__UDP *u;

	eth(&p, 0x0800);
	ip4_hdr(&p, 17, 8 + 8 + 32, ip4_a, ip4_b);
	udp(&p, 49152, 6635, 8 + 8 + 32);
	be32(&p, 1000u << 12 | 5u << 9 | 0 << 8 | 63);
	be32(&p, 2000u << 12 | 1 << 8 | 62);
	inner_udp(&p);
	ok(frame(DLT_EN10MB, &p) == 0 &&
	    order_is("Ethernet,IPv4,UDP,MPLS,MPLS,IPv4,UDP") &&
	    inners_are("0001111"), "mpls in udp: labels and IPv4 are inner 1");
	m = get(NETCAP__RECORD__RECORD_MPLS, 0);
	ok(m != NULL && m->label == 1000 && m->traffic_class == 5 &&
	    !m->stack_bottom && m->ttl == 63, "mpls in udp: outer label");
	m = get(NETCAP__RECORD__RECORD_MPLS, 1);
	ok(m != NULL && m->label == 2000 && m->stack_bottom && m->ttl == 62,
	    "mpls in udp: bottom label");
	u = get(NETCAP__RECORD__RECORD_UDP, 1);
	ok(u != NULL && u->inner == 1 && u->src_port == 1000 &&
	    bin_is(u->src_ip, ip4_c, 4), "mpls in udp: inner UDP");
	ok(frame_cuts(DLT_EN10MB, &p, 14),
	    "mpls in udp: every cut of the frame decodes");

	/* Source port 6635 too (the destination is any port then). */
	eth(&p, 0x0800);
	ip4_hdr(&p, 17, 8 + 4 + 4, ip4_a, ip4_b);
	udp(&p, 6635, 50000, 8 + 4 + 4);
	be32(&p, 3000u << 12 | 1 << 8 | 64);
	be32(&p, 0x12345678);
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,UDP,MPLS,Undecoded") &&
	    inners_are("00011") &&
	    undecoded(0, "MPLS", 14 + 20 + 8 + 4, "unknown payload"),
	    "mpls in udp: a payload that is not IP is Undecoded inside");
}

static void
test_geneve(void)
{
	struct pkt p;
	Netcap__Geneve *g;
	static const uint8_t d1[4] = { 1, 2, 3, 4 };

	eth(&p, 0x0800);
	ip4_hdr(&p, 17, 8 + 8 + 16 + 14 + 32, ip4_a, ip4_b);
	udp(&p, 5555, 6081, 8 + 8 + 16 + 14 + 32);
	u8(&p, 0x04);			/* version 0, 4 words of options */
	u8(&p, 0xc0);			/* O and C */
	be16(&p, 0x6558);
	be32(&p, 0x00abcd01);		/* VNI 0xabcd, reserved 1 */
	be16(&p, 0x0102);		/* option: class 0x0102 */
	u8(&p, 0x80);			/* type: critical */
	u8(&p, 0x01);			/* 4 bytes of data */
	raw(&p, d1, 4);
	be16(&p, 0xffff);
	u8(&p, 7);
	u8(&p, 0xe0);			/* reserved flags, no data */
	be32(&p, 0);			/* option class 0 type 0 no data */
	eth_more(&p, 0x0800);
	inner_udp(&p);
	ok(frame(DLT_EN10MB, &p) == 0 &&
	    order_is("Ethernet,IPv4,UDP,Geneve,Ethernet,IPv4,UDP") &&
	    inners_are("0000111"), "geneve: inner Ethernet frame is inner 1");
	g = get(NETCAP__RECORD__RECORD_GENEVE, 0);
	ok(g != NULL && g->version == 0 && g->options_length == 4 &&
	    g->oam_packet && g->critical_option && g->protocol == 0x6558 &&
	    g->vni == 0xabcd && g->reserved == 1 && g->src_port == 5555 &&
	    g->dst_port == 6081 && g->flow != 0 &&
	    bin_is(g->dst_ip, ip4_b, 4) && g->n_options == 3,
	    "geneve: header fields");
	ok(g != NULL && g->n_options == 3 && g->options[0]->class_ == 0x0102 &&
	    g->options[0]->type == 0x80 && g->options[0]->length == 4 &&
	    bin_is(g->options[0]->data, d1, 4) &&
	    g->options[1]->class_ == 0xffff && g->options[1]->type == 7 &&
	    g->options[1]->flags == 7 && g->options[1]->length == 0 &&
	    g->options[2]->class_ == 0, "geneve: options");
	ok(frame_cuts(DLT_EN10MB, &p, 14),
	    "geneve: every cut of the frame decodes");

	/* An option longer than the options area. */
	p.b[14 + 20 + 8 + 11] = 0x05;
	frame(DLT_EN10MB, &p);
	g = get(NETCAP__RECORD__RECORD_GENEVE, 0);
	ok(g != NULL && g->n_options == 0 &&
	    order_is("Ethernet,IPv4,UDP,Geneve,Undecoded,Ethernet,IPv4,UDP") &&
	    undecoded(0, "Geneve", 50, "option 1 runs past the options"),
	    "geneve: an option running past the options area");

	/* Protocol type IPv4, no options. */
	p.n = 0;
	be16(&p, 0x0000);
	be16(&p, 0x0800);
	be32(&p, 0x00000100);
	inner_udp(&p);
	ok(layer_n("Geneve", p.b, p.n, 1, 6081) == 0 &&
	    order_is("Geneve,IPv4,UDP") && inners_are("011"),
	    "geneve: an IPv4 payload by protocol type");

	p.b[0] = 0x40;
	layer("Geneve", &p, 0, 0);
	ok(order_is("Undecoded") &&
	    undecoded(0, "Geneve", 0, "not Geneve: version 1"),
	    "geneve: version 1 is not Geneve");
	p.n = 0;
	be16(&p, 0x3f00);
	be16(&p, 0x6558);
	be32(&p, 0);
	fill(&p, 0, 20);
	layer("Geneve", &p, 0, 0);
	ok(undecoded(0, "Geneve", 0, "truncated header: 28 of 260"),
	    "geneve: options length past the packet");
}

static void
test_ipsec(void)
{
	struct pkt p;
	Netcap__IPSecAH *h;
	Netcap__IPSecESP *e;
	int i;
	static const uint8_t icv[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
	    12 };

	/* Transport mode AH, then UDP. */
	eth(&p, 0x0800);
	ip4_hdr(&p, 51, 24 + 12, ip4_a, ip4_b);
	u8(&p, 17);
	u8(&p, 4);			/* (4 + 2) * 4 = 24 bytes */
	be16(&p, 0);
	be32(&p, 0x1000);
	be32(&p, 5);
	raw(&p, icv, 12);
	udp(&p, 500, 500, 12);
	be32(&p, 0);
	ok(frame(DLT_EN10MB, &p) == 0 &&
	    order_is("Ethernet,IPv4,IPSecAH,UDP") &&
	    inners_are("0000"), "ah: transport mode, then UDP");
	h = get(NETCAP__RECORD__RECORD_IPSEC_AH, 0);
	ok(h != NULL && h->next_header == 17 && h->payload_length == 4 &&
	    h->reserved == 0 && h->spi == 0x1000 && h->seq == 5 &&
	    bin_is(h->icv, icv, 12) && bin_is(h->src_ip, ip4_a, 4) &&
	    bin_is(h->dst_ip, ip4_b, 4) && h->flow != 0,
	    "ah: fields");
	ok(frame_cuts(DLT_EN10MB, &p, 14),
	    "ah: every cut of the frame decodes");

	/* Tunnel mode: next header 4. */
	eth(&p, 0x0800);
	ip4_hdr(&p, 51, 24 + 32, ip4_a, ip4_b);
	u8(&p, 4);
	u8(&p, 4);
	be16(&p, 0);
	be32(&p, 0x1000);
	be32(&p, 6);
	raw(&p, icv, 12);
	inner_udp(&p);
	ok(frame(DLT_EN10MB, &p) == 0 &&
	    order_is("Ethernet,IPv4,IPSecAH,IPv4,UDP") &&
	    inners_are("00011"), "ah: tunnel mode inner packet is inner 1");

	p.b[14 + 20 + 1] = 0;
	frame(DLT_EN10MB, &p);
	ok(order_is("Ethernet,IPv4,Undecoded") &&
	    undecoded(0, "IPSecAH", 34, "bad payload length 0"),
	    "ah: payload length 0");
	p.b[14 + 20 + 1] = 200;
	frame(DLT_EN10MB, &p);
	ok(undecoded(0, "IPSecAH", 34, "truncated header: 56 of 808"),
	    "ah: payload length past the packet");

	/* Over IPv6, no next header. */
	eth(&p, 0x86dd);
	ip6_hdr(&p, 51, 24);
	u8(&p, 59);
	u8(&p, 4);
	be16(&p, 0);
	be32(&p, 0x2000);
	be32(&p, 1);
	raw(&p, icv, 12);
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv6,IPSecAH"),
	    "ah: over IPv6 with no next header");
	h = get(NETCAP__RECORD__RECORD_IPSEC_AH, 0);
	ok(h != NULL && bin_is(h->src_ip, ip6_a, 16) && h->spi == 0x2000,
	    "ah: IPv6 addresses");
	/* Over IPv6, more extension headers may follow. */
	eth(&p, 0x86dd);
	ip6_hdr(&p, 51, 24 + 8 + 12);
	u8(&p, 60);
	u8(&p, 4);
	be16(&p, 0);
	be32(&p, 0x2000);
	be32(&p, 2);
	raw(&p, icv, 12);
	u8(&p, 17);			/* destination options, 8 bytes */
	u8(&p, 0);
	u8(&p, 1);			/* PadN */
	u8(&p, 4);
	be32(&p, 0);
	udp(&p, 7, 9, 12);
	be32(&p, 0);
	ok(frame(DLT_EN10MB, &p) == 0 &&
	    order_is("Ethernet,IPv6,IPSecAH,IPv6Destination,UDP"),
	    "ah: over IPv6, then an extension header and UDP");

	/* AH after AH after AH ...: no IP header between them counts the
	 * nesting, so AH must (each used to recurse once more). */
	eth(&p, 0x0800);
	ip4_hdr(&p, 51, 40 * 12, ip4_a, ip4_b);
	for (i = 0; i < 40; i++) {
		u8(&p, 51);
		u8(&p, 1);
		be16(&p, 0);
		be32(&p, 0x3000);
		be32(&p, (uint32_t)i);
	}
	ok(frame(DLT_EN10MB, &p) == 0 &&
	    count(NETCAP__RECORD__RECORD_IPSEC_AH) == 16 &&
	    undecoded(0, "IPSecAH", 14 + 20 + 16 * 12,
	    "too many nested headers"), "ah: a chain of AH headers is bounded");

	eth(&p, 0x0800);
	ip4_hdr(&p, 50, 8 + 40, ip4_a, ip4_b);
	be32(&p, 0xfeedface);
	be32(&p, 77);
	fill(&p, 0xaa, 40);
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv4,IPSecESP"),
	    "esp: one record, ciphertext is not Undecoded");
	e = get(NETCAP__RECORD__RECORD_IPSEC_ESP, 0);
	ok(e != NULL && e->spi == 0xfeedface && e->seq == 77 &&
	    e->len_encrypted == 40 && e->encrypted.len == 0 &&
	    bin_is(e->src_ip, ip4_a, 4) && e->flow != 0, "esp: fields");
	decode_ex(DLT_EN10MB, p.b, p.n, p.n, 1, NULL);
	e = get(NETCAP__RECORD__RECORD_IPSEC_ESP, 0);
	ok(e != NULL && e->encrypted.len == 40 && e->encrypted.data[0] == 0xaa,
	    "esp: ciphertext with -P");
	/* Snap length cut: the length on the wire stays. */
	wire_n = p.n;
	frame_n(DLT_EN10MB, p.b, p.n - 30);
	wire_n = 0;
	e = get(NETCAP__RECORD__RECORD_IPSEC_ESP, 0);
	ok(e != NULL && e->len_encrypted == 40, "esp: length from the IP "
	    "header when the capture is cut");
	frame_n(DLT_EN10MB, p.b, 14 + 20 + 6);
	ok(undecoded(0, "IPSecESP", 34, "truncated header: 6 of 8"),
	    "esp: truncated header");
}

int
main(void)
{
	test_ipip();
	test_gre();
	test_vxlan();
	test_mpls_udp();
	test_geneve();
	test_ipsec();
	clear();
	return tap_done();
}
