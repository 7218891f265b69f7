/* Unit tests for the tunnel and routing decoders: IP-in-IP, GRE, VXLAN,
 * Geneve, IPsec AH and ESP, OSPFv2/v3, VRRP, SCTP and IGMPv3 sources.
 * Packets are built byte by byte, as whole frames (to see the inner
 * marking) or handed to one decoder with nc_decode_layer(); well-formed
 * and damaged (cut at every length, lying lengths, oversize counts,
 * nesting loops).  Every record is packed and unpacked again before its
 * fields are checked. */
#include "dectest.h"

/* --- building packets -------------------------------------------------- */

/* --- decoding and looking at the records ------------------------------- */

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

static int
ip_is(ProtobufCBinaryData b, unsigned a, unsigned b1, unsigned c, unsigned d)
{
	const uint8_t w[4] = { (uint8_t)a, (uint8_t)b1, (uint8_t)c,
	    (uint8_t)d };

	return bin_is(b, w, 4);
}

/* --- the tests ----------------------------------------------------------- */

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
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv6,Ethernet,IPv4,UDP") &&
	    inners_are("00111"), "ipip: Ethernet in IPv6 (protocol 143)");

	/* Two levels. */
	eth(&p, 0x0800);
	ip4_hdr(&p, 4, 52, ip4_a, ip4_b);
	ip4_hdr(&p, 4, 32, ip4_b, ip4_a);
	inner_udp(&p);
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv4,IPv4,IPv4,UDP") &&
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
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv4,GRE,IPv4,UDP") &&
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
	ok(frame_cuts(DLT_EN10MB, &p, 14), "gre: every cut of the frame decodes");

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
	ok(frame_cuts(DLT_EN10MB, &p, 14), "gre: every cut of an ERSPAN II frame");
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
	ok(frame_cuts(DLT_EN10MB, &p, 14), "gre: every cut of an ERSPAN III frame");

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
	ok(frame_cuts(DLT_EN10MB, &p, 14), "vxlan: every cut of the frame decodes");

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
	ok(frame_cuts(DLT_EN10MB, &p, 14), "mpls in udp: every cut of the frame decodes");

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
	ok(frame_cuts(DLT_EN10MB, &p, 14), "geneve: every cut of the frame decodes");

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
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv4,IPSecAH,UDP") &&
	    inners_are("0000"), "ah: transport mode, then UDP");
	h = get(NETCAP__RECORD__RECORD_IPSEC_AH, 0);
	ok(h != NULL && h->next_header == 17 && h->payload_length == 4 &&
	    h->reserved == 0 && h->spi == 0x1000 && h->seq == 5 &&
	    bin_is(h->icv, icv, 12) && bin_is(h->src_ip, ip4_a, 4) &&
	    bin_is(h->dst_ip, ip4_b, 4) && h->flow != 0,
	    "ah: fields");
	ok(frame_cuts(DLT_EN10MB, &p, 14), "ah: every cut of the frame decodes");

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
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv4,IPSecAH,IPv4,UDP") &&
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
	ok(frame(DLT_EN10MB, &p) == 0 && count(NETCAP__RECORD__RECORD_IPSEC_AH) == 16 &&
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

static void
ospf2_hdr(struct pkt *p, unsigned type, unsigned len)
{
	p->n = 0;
	u8(p, 2);
	u8(p, type);
	be16(p, len);
	raw(p, ip4_c, 4);		/* router id */
	be32(p, 0);			/* backbone */
	be16(p, 0x1234);
	be16(p, 1);			/* simple password */
	raw(p, "secret!!", 8);
}

static void
lsa_hdr(struct pkt *p, unsigned type, unsigned len, int v3)
{
	be16(p, 30);			/* age */
	if (v3) {
		be16(p, 0x2000 | type);
	} else {
		u8(p, 0x22);		/* options */
		u8(p, type);
	}
	raw(p, ip4_a, 4);		/* link state id */
	raw(p, ip4_c, 4);		/* advertising router */
	be32(p, 0x80000001);
	be16(p, 0xabcd);
	be16(p, len);
}

static void
test_ospf(void)
{
	struct pkt p;
	Netcap__OSPFv2 *o;
	Netcap__OSPFv3 *o3;
	int i;

	ospf2_hdr(&p, 1, 24 + 20 + 8);
	raw(&p, "\xff\xff\xff\x00", 4);
	be16(&p, 10);
	u8(&p, 0x02);
	u8(&p, 1);
	be32(&p, 40);
	raw(&p, ip4_c, 4);
	raw(&p, ip4_d, 4);
	raw(&p, ip4_a, 4);
	raw(&p, ip4_b, 4);
	ok(layer("OSPF", &p, 0, 0) == 0 && order_is("OSPFv2"), "ospf: v2 hello");
	o = get(NETCAP__RECORD__RECORD_OSPFV2, 0);
	ok(o != NULL && o->version == 2 && o->type == 1 &&
	    o->packet_length == 52 && bin_is(o->router_id_ip, ip4_c, 4) &&
	    ip_is(o->area_id_ip, 0, 0, 0, 0) && o->checksum == 0x1234 &&
	    o->au_type == 1 && bin_is(o->authentication, "secret!!", 8) &&
	    ip_is(o->src_ip, 192, 0, 2, 1) && ip_is(o->dst_ip, 192, 0, 2, 2),
	    "ospf: v2 header fields");
	ok(o != NULL && ip_is(o->network_mask_ip, 255, 255, 255, 0) &&
	    o->hello_interval == 10 && o->options == 2 && o->priority == 1 &&
	    o->dead_interval == 40 && bin_is(o->dr_ip, ip4_c, 4) &&
	    bin_is(o->bdr_ip, ip4_d, 4) && o->n_neighbors_ip == 2 &&
	    bin_is(o->neighbors_ip[1], ip4_b, 4) && o->n_lsas == 0,
	    "ospf: v2 hello fields");
	ok(layer_cuts("OSPF", &p, 0, 0) && cut_empty_recs > 0, "ospf: every cut of a hello decodes");
	p.n -= 2;
	layer("OSPF", &p, 0, 0);
	ok(undecoded(0, "OSPFv2", 0, "bad packet length 52"),
	    "ospf: packet length past the packet");
	p.b[3] = 50;
	layer("OSPF", &p, 0, 0);
	ok(order_is("OSPFv2,Undecoded") &&
	    ((Netcap__OSPFv2 *)get(NETCAP__RECORD__RECORD_OSPFV2, 0))
	    ->n_neighbors_ip == 1 &&
	    undecoded(0, "OSPFv2", 48, "truncated neighbor"),
	    "ospf: a neighbor cut by the packet length");

	/* DB description with two LSA headers. */
	ospf2_hdr(&p, 2, 24 + 8 + 40);
	be16(&p, 1500);
	u8(&p, 0x42);
	u8(&p, 0x07);
	be32(&p, 0x01020304);
	lsa_hdr(&p, 1, 36, 0);
	lsa_hdr(&p, 2, 32, 0);
	layer("OSPF", &p, 0, 0);
	o = get(NETCAP__RECORD__RECORD_OSPFV2, 0);
	ok(o != NULL && o->interface_mtu == 1500 && o->options == 0x42 &&
	    o->dd_flags == 7 && o->dd_sequence == 0x01020304 &&
	    o->n_lsas == 2 && o->lsas[0]->age == 30 &&
	    o->lsas[0]->options == 0x22 && o->lsas[0]->type == 1 &&
	    bin_is(o->lsas[0]->link_state_id_ip, ip4_a, 4) &&
	    bin_is(o->lsas[0]->adv_router_ip, ip4_c, 4) &&
	    o->lsas[0]->seq_num == 0x80000001 &&
	    o->lsas[0]->checksum == 0xabcd && o->lsas[0]->length == 36 &&
	    o->lsas[1]->type == 2, "ospf: v2 DB description");
	ok(layer_cuts("OSPF", &p, 0, 0) && cut_empty_recs > 0, "ospf: every cut of a DB description");

	/* LS request. */
	ospf2_hdr(&p, 3, 24 + 24);
	for (i = 1; i <= 2; i++) {
		be32(&p, (uint32_t)i);
		raw(&p, ip4_a, 4);
		raw(&p, ip4_c, 4);
	}
	layer("OSPF", &p, 0, 0);
	o = get(NETCAP__RECORD__RECORD_OSPFV2, 0);
	ok(o != NULL && o->n_lsas == 2 && o->lsas[1]->type == 2 &&
	    bin_is(o->lsas[1]->adv_router_ip, ip4_c, 4) &&
	    o->lsas[1]->length == 0, "ospf: v2 LS request");

	/* LS update: two LSAs with bodies. */
	ospf2_hdr(&p, 4, 24 + 4 + 24 + 28);
	be32(&p, 2);
	lsa_hdr(&p, 1, 24, 0);
	be32(&p, 0);
	lsa_hdr(&p, 5, 28, 0);
	fill(&p, 9, 8);
	layer("OSPF", &p, 0, 0);
	o = get(NETCAP__RECORD__RECORD_OSPFV2, 0);
	ok(order_is("OSPFv2") && o != NULL && o->num_lsas == 2 &&
	    o->n_lsas == 2 && o->lsas[1]->type == 5 &&
	    o->lsas[1]->length == 28, "ospf: v2 LS update");
	ok(layer_cuts("OSPF", &p, 0, 0) && cut_empty_recs > 0, "ospf: every cut of an LS update");
	p.b[24 + 3] = 200;		/* count larger than the packet holds */
	layer("OSPF", &p, 0, 0);
	ok(order_is("OSPFv2,Undecoded") &&
	    undecoded(0, "OSPFv2", 80, "truncated LSA header 3"),
	    "ospf: LS update count past the packet");
	p.b[24 + 3] = 2;
	p.b[24 + 4 + 19] = 4;		/* LSA length below its header */
	layer("OSPF", &p, 0, 0);
	ok(undecoded(0, "OSPFv2", 28, "bad length 4 of LSA 1"),
	    "ospf: LSA length below 20");

	/* LS ack with more headers than the record holds. */
	ospf2_hdr(&p, 5, 24 + 600 * 20);
	for (i = 0; i < 600; i++)
		lsa_hdr(&p, 1, 20, 0);
	layer("OSPF", &p, 0, 0);
	o = get(NETCAP__RECORD__RECORD_OSPFV2, 0);
	ok(o != NULL && o->n_lsas == 512 &&
	    undecoded(0, "OSPFv2", 24 + 512 * 20, "more than 512 LSAs"),
	    "ospf: more than 512 LSA headers");

	ospf2_hdr(&p, 9, 24);
	layer("OSPF", &p, 0, 0);
	ok(order_is("OSPFv2,Undecoded") &&
	    undecoded(0, "OSPFv2", 24, "unknown packet type 9"),
	    "ospf: unknown packet type");
	p.b[0] = 4;
	layer("OSPF", &p, 0, 0);
	ok(order_is("Undecoded") &&
	    undecoded(0, "OSPF", 0, "unsupported version 4"),
	    "ospf: version 4");
	ospf2_hdr(&p, 1, 20);
	layer("OSPF", &p, 0, 0);
	ok(undecoded(0, "OSPFv2", 0, "bad packet length 20"),
	    "ospf: packet length below the header");

	/* OSPFv3 hello over IPv6. */
	eth(&p, 0x86dd);
	ip6_hdr(&p, 89, 16 + 20 + 4);
	u8(&p, 3);
	u8(&p, 1);
	be16(&p, 40);
	raw(&p, ip4_c, 4);
	raw(&p, ip4_a, 4);
	be16(&p, 0x5678);
	u8(&p, 1);
	u8(&p, 0);
	be32(&p, 5);			/* interface id */
	u8(&p, 1);			/* priority */
	u8(&p, 0);
	be16(&p, 0x0013);		/* options V6 E R */
	be16(&p, 10);
	be16(&p, 40);
	raw(&p, ip4_c, 4);
	be32(&p, 0);
	raw(&p, ip4_d, 4);
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv6,OSPFv3"),
	    "ospf: v3 over IPv6");
	o3 = get(NETCAP__RECORD__RECORD_OSPFV3, 0);
	ok(o3 != NULL && o3->version == 3 && o3->type == 1 &&
	    o3->packet_length == 40 && bin_is(o3->router_id_ip, ip4_c, 4) &&
	    bin_is(o3->area_id_ip, ip4_a, 4) && o3->checksum == 0x5678 &&
	    o3->instance_id == 1 && o3->reserved == 0 &&
	    o3->interface_id == 5 && o3->priority == 1 &&
	    o3->options == 0x13 && o3->hello_interval == 10 &&
	    o3->dead_interval == 40 && bin_is(o3->dr_ip, ip4_c, 4) &&
	    ip_is(o3->bdr_ip, 0, 0, 0, 0) && o3->n_neighbors_ip == 1 &&
	    bin_is(o3->neighbors_ip[0], ip4_d, 4) &&
	    bin_is(o3->src_ip, ip6_a, 16), "ospf: v3 hello fields");
	ok(frame_cuts(DLT_EN10MB, &p, 14), "ospf: every cut of a v3 frame");

	/* OSPFv3 LS update and DB description. */
	p.n = 0;
	u8(&p, 3);
	u8(&p, 4);
	be16(&p, 16 + 4 + 24);
	raw(&p, ip4_c, 4);
	be32(&p, 0);
	be16(&p, 0);
	be16(&p, 0);
	be32(&p, 1);
	lsa_hdr(&p, 1, 24, 1);
	be32(&p, 0);
	layer("OSPF", &p, 0, 0);
	o3 = get(NETCAP__RECORD__RECORD_OSPFV3, 0);
	ok(o3 != NULL && o3->num_lsas == 1 && o3->n_lsas == 1 &&
	    o3->lsas[0]->type == 0x2001 && o3->lsas[0]->options == 0 &&
	    o3->lsas[0]->length == 24, "ospf: v3 LS update, 16-bit type");
	p.n = 0;
	u8(&p, 3);
	u8(&p, 2);
	be16(&p, 16 + 12 + 20);
	raw(&p, ip4_c, 4);
	be32(&p, 0);
	be16(&p, 0);
	be16(&p, 0);
	u8(&p, 0);
	u8(&p, 0);
	be16(&p, 0x13);
	be16(&p, 1500);
	u8(&p, 0);
	u8(&p, 7);
	be32(&p, 99);
	lsa_hdr(&p, 8, 20, 1);
	layer("OSPF", &p, 0, 0);
	o3 = get(NETCAP__RECORD__RECORD_OSPFV3, 0);
	ok(o3 != NULL && o3->options == 0x13 && o3->interface_mtu == 1500 &&
	    o3->dd_flags == 7 && o3->dd_sequence == 99 && o3->n_lsas == 1 &&
	    o3->lsas[0]->type == 0x2008, "ospf: v3 DB description");
	ok(layer_cuts("OSPF", &p, 0, 0) && cut_empty_recs > 0, "ospf: every cut of a v3 DB description");
}

static void
test_vrrp(void)
{
	struct pkt p;
	Netcap__VRRPv2 *v;

	p.n = 0;
	u8(&p, 0x21);
	u8(&p, 7);
	u8(&p, 100);
	u8(&p, 2);
	u8(&p, 1);
	u8(&p, 3);
	be16(&p, 0xface);
	raw(&p, ip4_c, 4);
	raw(&p, ip4_d, 4);
	raw(&p, "pass\0\0\0\0", 8);
	ok(layer("VRRP", &p, 0, 0) == 0 && order_is("VRRPv2"), "vrrp: v2");
	v = get(NETCAP__RECORD__RECORD_VRRPV2, 0);
	ok(v != NULL && v->version == 2 && v->type == 1 &&
	    v->virtual_rtr_id == 7 && v->priority == 100 &&
	    v->count_ip_addrs == 2 && v->auth_type == 1 && v->adver_int == 3 &&
	    v->max_adver_int == 0 && v->checksum == 0xface &&
	    v->n_addresses_ip == 2 && bin_is(v->addresses_ip[0], ip4_c, 4) &&
	    bin_is(v->addresses_ip[1], ip4_d, 4) &&
	    bin_is(v->authentication, "pass\0\0\0\0", 8) && v->flow != 0 &&
	    ip_is(v->src_ip, 192, 0, 2, 1), "vrrp: v2 fields");
	ok(layer_cuts("VRRP", &p, 0, 0) && cut_empty_recs > 0, "vrrp: every cut decodes");
	p.n -= 8;
	layer("VRRP", &p, 0, 0);
	v = get(NETCAP__RECORD__RECORD_VRRPV2, 0);
	ok(v != NULL && v->authentication.len == 0,
	    "vrrp: v2 without authentication data");
	p.n -= 2;
	layer("VRRP", &p, 0, 0);
	ok(order_is("Undecoded") &&
	    undecoded(0, "VRRP", 0, "truncated header: 14 of 16"),
	    "vrrp: addresses past the packet");
	p.b[3] = 255;
	layer("VRRP", &p, 0, 0);
	ok(undecoded(0, "VRRP", 0, "truncated header: 14 of 1028"),
	    "vrrp: 255 addresses claimed");
	p.b[0] = 0x41;
	layer("VRRP", &p, 0, 0);
	ok(undecoded(0, "VRRP", 0, "unsupported version 4"),
	    "vrrp: version 4");

	/* Version 3 over IPv6. */
	eth(&p, 0x86dd);
	ip6_hdr(&p, 112, 8 + 32);
	u8(&p, 0x31);
	u8(&p, 9);
	u8(&p, 255);
	u8(&p, 2);
	be16(&p, 0x0064);		/* max adver int 100 cs */
	be16(&p, 0x1111);
	raw(&p, ip6_a, 16);
	raw(&p, ip6_b, 16);
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv6,VRRPv2"),
	    "vrrp: v3 over IPv6");
	v = get(NETCAP__RECORD__RECORD_VRRPV2, 0);
	ok(v != NULL && v->version == 3 && v->virtual_rtr_id == 9 &&
	    v->priority == 255 && v->max_adver_int == 100 &&
	    v->adver_int == 0 && v->auth_type == 0 &&
	    v->n_addresses_ip == 2 && bin_is(v->addresses_ip[1], ip6_b, 16) &&
	    v->authentication.len == 0, "vrrp: v3 fields, IPv6 addresses");
}

static void
sctp_hdr(struct pkt *p)
{
	p->n = 0;
	be16(p, 2905);
	be16(p, 38412);
	be32(p, 0x01020304);
	be32(p, 0xa1b2c3d4);
}

static void
test_sctp(void)
{
	struct pkt p;
	Netcap__SCTP *s;
	Netcap__SCTPChunk *ch;
	int i;

	sctp_hdr(&p);
	u8(&p, 1);			/* INIT */
	u8(&p, 0);
	be16(&p, 20 + 4);
	be32(&p, 0xdeadbeef);
	be32(&p, 65536);
	be16(&p, 10);
	be16(&p, 65535);
	be32(&p, 1000);
	be32(&p, 0x000c0004);		/* an empty parameter */
	ok(layer("SCTP", &p, 0, 0) == 0 && order_is("SCTP"), "sctp: INIT");
	s = get(NETCAP__RECORD__RECORD_SCTP, 0);
	ch = s != NULL && s->n_chunks == 1 ? s->chunks[0] : NULL;
	ok(s != NULL && s->src_port == 2905 && s->dst_port == 38412 &&
	    s->verification_tag == 0x01020304 && s->checksum == 0xa1b2c3d4 &&
	    ip_is(s->src_ip, 192, 0, 2, 1) && s->flow != 0 &&
	    s->payload_size == 0, "sctp: common header");
	ok(ch != NULL && ch->type == 1 && ch->flags == 0 && ch->length == 24 &&
	    ch->_initiate_tag_case != 0 && ch->initiate_tag == 0xdeadbeef &&
	    ch->a_rwnd == 65536 && ch->outbound_streams == 10 &&
	    ch->inbound_streams == 65535 && ch->_initial_tsn_case != 0 &&
	    ch->initial_tsn == 1000 && ch->_tsn_case == 0,
	    "sctp: INIT fields");
	ok(layer_cuts("SCTP", &p, 0, 0) && cut_empty_recs > 0, "sctp: every cut of an INIT decodes");

	/* DATA with 5 bytes (3 of padding), then SACK. */
	sctp_hdr(&p);
	u8(&p, 0);
	u8(&p, 3);
	be16(&p, 16 + 5);
	be32(&p, 77);
	be16(&p, 2);
	be16(&p, 9);
	be32(&p, 46);
	raw(&p, "hello\0\0\0", 8);
	u8(&p, 3);
	u8(&p, 0);
	be16(&p, 16);
	be32(&p, 76);
	be32(&p, 4096);
	be16(&p, 0);
	be16(&p, 0);
	layer("SCTP", &p, 0, 0);
	s = get(NETCAP__RECORD__RECORD_SCTP, 0);
	ok(s != NULL && s->n_chunks == 2 && s->payload_size == 5 &&
	    s->chunks[0]->type == 0 && s->chunks[0]->flags == 3 &&
	    s->chunks[0]->length == 21 && s->chunks[0]->_tsn_case != 0 &&
	    s->chunks[0]->tsn == 77 && s->chunks[0]->stream_id == 2 &&
	    s->chunks[0]->stream_seq == 9 && s->chunks[0]->ppid == 46 &&
	    s->chunks[1]->type == 3 && s->chunks[1]->_cum_tsn_ack_case != 0 &&
	    s->chunks[1]->cum_tsn_ack == 76 && s->chunks[1]->a_rwnd == 4096,
	    "sctp: DATA and SACK");
	ok(layer_cuts("SCTP", &p, 0, 0) && cut_empty_recs > 0, "sctp: every cut of DATA+SACK decodes");
	p.b[12 + 3] = 2;
	layer("SCTP", &p, 0, 0);
	ok(order_is("SCTP,Undecoded") &&
	    ((Netcap__SCTP *)get(NETCAP__RECORD__RECORD_SCTP, 0))->n_chunks
	    == 0 && undecoded(0, "SCTP", 12, "bad length 2 of chunk 1"),
	    "sctp: chunk length below 4");
	p.b[12 + 2] = 1;
	layer("SCTP", &p, 0, 0);
	ok(undecoded(0, "SCTP", 12, "chunk 1 of length 258 runs past"),
	    "sctp: chunk length past the packet");

	/* A DATA chunk too short for its fields keeps type and length. */
	sctp_hdr(&p);
	u8(&p, 0);
	u8(&p, 0);
	be16(&p, 8);
	be32(&p, 1);
	layer("SCTP", &p, 0, 0);
	s = get(NETCAP__RECORD__RECORD_SCTP, 0);
	ok(order_is("SCTP") && s->n_chunks == 1 &&
	    s->chunks[0]->_tsn_case == 0, "sctp: short DATA chunk");

	sctp_hdr(&p);
	for (i = 0; i < 300; i++)
		be32(&p, 0x0e000004);	/* SHUTDOWN COMPLETE */
	layer("SCTP", &p, 0, 0);
	s = get(NETCAP__RECORD__RECORD_SCTP, 0);
	ok(s != NULL && s->n_chunks == 256 &&
	    undecoded(0, "SCTP", 12 + 256 * 4, "more than 256 chunks"),
	    "sctp: more than 256 chunks");

	/* A whole user message goes on to the application decoders by
	 * port; a fragment of one does not. */
	sctp_hdr(&p);
	p.b[0] = 0x13;
	p.b[1] = 0xc4;			/* source port 5060 */
	u8(&p, 0);
	u8(&p, 3);
	be16(&p, 16 + 44);
	be32(&p, 1);
	be16(&p, 0);
	be16(&p, 0);
	be32(&p, 0);
	raw(&p, "OPTIONS sip:a@b SIP/2.0\r\nCSeq: 1 OPTIONS\r\n\r\n", 44);
	layer("SCTP", &p, 0, 0);
	ok(nrec == 2 && rec[0].type == NETCAP__RECORD__RECORD_SCTP &&
	    rec[1].type != NETCAP__RECORD__RECORD_SCTP,
	    "sctp: a whole DATA message on port 5060 goes to the app layer "
	    "(%s)", order());
	p.b[12 + 1] = 2;		/* B only */
	layer("SCTP", &p, 0, 0);
	ok(order_is("SCTP"), "sctp: a message fragment is not");

	/* A whole frame. */
	eth(&p, 0x0800);
	ip4_hdr(&p, 132, 16, ip4_a, ip4_b);
	be16(&p, 1);
	be16(&p, 2);
	be32(&p, 0);
	be32(&p, 0);
	be32(&p, 0x0e000004);
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv4,SCTP") &&
	    bin_is(((Netcap__SCTP *)get(NETCAP__RECORD__RECORD_SCTP, 0))
	    ->dst_ip, ip4_b, 4), "sctp: in a frame");
}

static void
test_igmp(void)
{
	struct pkt p;
	Netcap__IGMP *g;

	/* v3 report: record 1 with 2 sources and 1 word of aux data,
	 * record 2 with none, record 3 with 1 source. */
	eth(&p, 0x0800);
	ip4_hdr(&p, 2, 8 + 20 + 8 + 12, ip4_a, ip4_b);
	u8(&p, 0x22);
	u8(&p, 0);
	be16(&p, 0x1234);
	be16(&p, 0);
	be16(&p, 3);
	u8(&p, 1);
	u8(&p, 1);
	be16(&p, 2);
	raw(&p, "\xe0\x00\x00\x01", 4);
	raw(&p, ip4_c, 4);
	raw(&p, ip4_d, 4);
	be32(&p, 0);
	u8(&p, 4);
	u8(&p, 0);
	be16(&p, 0);
	raw(&p, "\xe0\x00\x00\x02", 4);
	u8(&p, 5);
	u8(&p, 0);
	be16(&p, 1);
	raw(&p, "\xe0\x00\x00\x03", 4);
	raw(&p, ip4_a, 4);
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv4,IGMP"),
	    "igmp: v3 report");
	g = get(NETCAP__RECORD__RECORD_IGMP, 0);
	ok(g != NULL && g->num_records == 3 && g->n_groups_ip == 3 &&
	    g->n_record_num_sources == 3 && g->record_num_sources[0] == 2 &&
	    g->record_num_sources[1] == 0 && g->record_num_sources[2] == 1 &&
	    g->n_record_aux_lens == 3 && g->record_aux_lens[0] == 1 &&
	    g->record_aux_lens[1] == 0 && g->n_sources_ip == 3 &&
	    bin_is(g->sources_ip[0], ip4_c, 4) &&
	    bin_is(g->sources_ip[1], ip4_d, 4) &&
	    bin_is(g->sources_ip[2], ip4_a, 4) &&
	    g->record_types[2] == 5, "igmp: v3 sources and aux lengths");
	ok(frame_cuts(DLT_EN10MB, &p, 14), "igmp: every cut of a v3 report decodes");
	p.b[14 + 20 + 8 + 3] = 9;	/* 9 sources in record 1 */
	frame(DLT_EN10MB, &p);
	g = get(NETCAP__RECORD__RECORD_IGMP, 0);
	ok(order_is("Ethernet,IPv4,IGMP,Undecoded") && g->n_sources_ip == 0 &&
	    g->n_record_num_sources == 0 &&
	    undecoded(0, "IGMP", 42, "truncated group record 1 of 3"),
	    "igmp: sources past the packet");

	/* v3 query with two sources. */
	eth(&p, 0x0800);
	ip4_hdr(&p, 2, 12 + 8, ip4_a, ip4_b);
	u8(&p, 0x11);
	u8(&p, 100);
	be16(&p, 0);
	raw(&p, "\xe0\x00\x00\x01", 4);
	u8(&p, 2);
	u8(&p, 125);
	be16(&p, 2);
	raw(&p, ip4_c, 4);
	raw(&p, ip4_d, 4);
	frame(DLT_EN10MB, &p);
	g = get(NETCAP__RECORD__RECORD_IGMP, 0);
	ok(order_is("Ethernet,IPv4,IGMP") && g->version == 3 &&
	    g->num_sources == 2 && g->n_sources_ip == 2 &&
	    bin_is(g->sources_ip[1], ip4_d, 4), "igmp: v3 query sources");
	p.b[14 + 20 + 11] = 3;
	frame(DLT_EN10MB, &p);
	g = get(NETCAP__RECORD__RECORD_IGMP, 0);
	ok(order_is("Ethernet,IPv4,IGMP,Undecoded") && g->n_sources_ip == 2 &&
	    undecoded(0, "IGMP", 54, "truncated source 3 of 3"),
	    "igmp: v3 query source count past the packet");
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
	test_ospf();
	test_vrrp();
	test_sctp();
	test_igmp();
	clear();
	return tap_done();
}
