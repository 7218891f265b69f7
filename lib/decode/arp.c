/* Address Resolution Protocol, RFC 826 (and RARP, RFC 903, which shares
 * the format).
 *
 *	hardware type(2) protocol type(2) hw size(1) proto size(1) op(2)
 *	sender hw(hw size) sender proto(proto size)
 *	target hw(hw size) target proto(proto size)
 *
 * The sizes come from the packet and are trusted only as far as the
 * captured bytes go. */
#include "decode/internal.h"

enum { ARP_FIXED = 8 };

static ProtobufCBinaryData
field(struct nc_cur *c, size_t n)
{
	ProtobufCBinaryData b;

	b.data = (uint8_t *)nc_cur_bytes(c, n);
	b.len = b.data != NULL ? n : 0;
	return b;
}

void
nc_dec_arp(struct nc_pkt *k, struct nc_cur *c)
{
	Netcap__ARP a = NETCAP__ARP__INIT;
	struct nc_cur start = *c;

	a.addr_type = nc_cur_be16(c);
	a.protocol = nc_cur_be16(c);
	a.hw_address_size = nc_cur_u8(c);
	a.prot_address_size = nc_cur_u8(c);
	a.operation = nc_cur_be16(c);
	if (c->err) {
		nc_dec_truncated(k, "ARP", &start, ARP_FIXED);
		return;
	}
	a.src_hw = field(c, a.hw_address_size);
	a.src_ip = field(c, a.prot_address_size);
	a.dst_hw = field(c, a.hw_address_size);
	a.dst_ip = field(c, a.prot_address_size);
	if (c->err) {
		nc_dec_truncated(k, "ARP", &start, ARP_FIXED +
		    2 * ((size_t)a.hw_address_size + a.prot_address_size));
		return;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_ARP)) {
		a.ts = k->ts;
		a.packet = k->packet;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_ARP, &a.base);
	}
}
