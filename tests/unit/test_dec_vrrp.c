/* Unit tests for the VRRP decoder: packets built byte by byte, well-formed
 * and damaged (cut at every length, lying lengths).  Every record is packed
 * and unpacked again before its fields are checked. */
#include "dectest.h"

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
	ok(layer_cuts("VRRP", &p, 0, 0) && cut_empty_recs > 0,
	    "vrrp: every cut decodes");
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

int
main(void)
{
	test_vrrp();
	clear();
	return tap_done();
}
