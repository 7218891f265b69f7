/* Unit tests for the IGMP decoder: queries and reports of every version in
 * whole frames, well-formed and damaged, and the source lists of IGMPv3.
 * Every record is packed and unpacked again before its fields are checked. */
#include "dectest.h"

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
test_igmp_sources(void)
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
	ok(frame_cuts(DLT_EN10MB, &p, 14),
	    "igmp: every cut of a v3 report decodes");
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
	test_igmp();
	test_igmp_sources();
	clear();
	return tap_done();
}
