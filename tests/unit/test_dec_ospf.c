/* Unit tests for the OSPFv2 and OSPFv3 decoder: packets built byte by
 * byte, as whole frames or handed to the decoder with layer(), well-formed
 * and damaged (cut at every length, lying lengths, oversize counts).  Every
 * record is packed and unpacked again before its fields are checked. */
#include "dectest.h"

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
	ok(layer("OSPF", &p, 0, 0) == 0 && order_is("OSPFv2"),
	    "ospf: v2 hello");
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
	ok(layer_cuts("OSPF", &p, 0, 0) && cut_empty_recs > 0,
	    "ospf: every cut of a hello decodes");
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
	ok(layer_cuts("OSPF", &p, 0, 0) && cut_empty_recs > 0,
	    "ospf: every cut of a DB description");

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
	ok(layer_cuts("OSPF", &p, 0, 0) && cut_empty_recs > 0,
	    "ospf: every cut of an LS update");
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
	ok(layer_cuts("OSPF", &p, 0, 0) && cut_empty_recs > 0,
	    "ospf: every cut of a v3 DB description");
}

int
main(void)
{
	test_ospf();
	clear();
	return tap_done();
}
