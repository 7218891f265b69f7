/* Cisco HDLC (link type 104, and Cisco frames in link type 50) and its
 * Serial Line Address Resolution Protocol.  Cisco publishes neither; the
 * layout is the one tcpdump and Wireshark decode.
 *
 *	+---------+---------+-----------+---------
 *	| address | control | protocol  | payload     protocol: an ethertype
 *	+---------+---------+-----------+---------
 *
 * SLARP (protocol 0x8035, RARP's ethertype reused) is a 4-byte type, then
 * for an address request (0) or reply (1) an address and a netmask, and
 * for a keepalive (2) the sender's and the last received sequence numbers
 * and a 2-byte reliability.  Both may be followed by padding. */
#include "decode/internal.h"

enum {
	CHDLC_HDR = 4,
	PROTO_SLARP = 0x8035,
	PROTO_CDP = 0x2000,
	SLARP_MIN = 12,			/* type and two 4-byte fields */
	SLARP_KEEPALIVE = 2,
};

static void
slarp(Netcap__CHDLC *r, struct nc_cur *c, struct nc_issue *is)
{
	struct nc_cur at = *c;

	r->slarp_type = nc_cur_be32(c);
	if (!c->err)
		r->_slarp_type_case = NETCAP__CHDLC___SLARP_TYPE_SLARP_TYPE;
	if (!c->err && r->slarp_type == SLARP_KEEPALIVE) {
		r->slarp_my_sequence = nc_cur_be32(c);
		r->slarp_your_sequence = nc_cur_be32(c);
		if (!c->err) {
			r->_slarp_my_sequence_case =
			    NETCAP__CHDLC___SLARP_MY_SEQUENCE_SLARP_MY_SEQUENCE;
			r->_slarp_your_sequence_case =
			    NETCAP__CHDLC___SLARP_YOUR_SEQUENCE_SLARP_YOUR_SEQUENCE;
			if (nc_cur_left(c) >= 2) {
				r->slarp_reliability = nc_cur_be16(c);
				r->_slarp_reliability_case =
				    NETCAP__CHDLC___SLARP_RELIABILITY_SLARP_RELIABILITY;
			}
		}
	} else if (!c->err && r->slarp_type <= 1) {
		r->slarp_address_ip.data = (uint8_t *)nc_cur_bytes(c, 4);
		r->slarp_netmask_ip.data = (uint8_t *)nc_cur_bytes(c, 4);
		if (!c->err)
			r->slarp_address_ip.len = r->slarp_netmask_ip.len = 4;
	} else if (!c->err) {
		nc_dec_issue(is, "CHDLC", &at, "unknown SLARP type %u",
		    r->slarp_type);
	}
	if (c->err)
		nc_dec_issue(is, "CHDLC", &at, "truncated SLARP: have %zu of "
		    "%d bytes", nc_cur_left(&at), SLARP_MIN);
}

void
nc_dec_chdlc(struct nc_pkt *k, struct nc_cur *c)
{
	Netcap__CHDLC r = NETCAP__CHDLC__INIT;
	struct nc_issue is = { 0 };
	struct nc_cur start = *c;

	r.address = nc_cur_u8(c);
	r.control = nc_cur_u8(c);
	r.protocol = nc_cur_be16(c);
	if (c->err) {
		nc_dec_truncated(k, "CHDLC", &start, CHDLC_HDR);
		return;
	}
	if (r.protocol == PROTO_SLARP)
		slarp(&r, c, &is);
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_CHDLC)) {
		r.ts = k->ts;
		r.packet = k->packet;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_CHDLC, &r.base);
	}
	nc_dec_flush_issue(k, &is);
	if (r.protocol == PROTO_SLARP)
		return;
	if (r.protocol == PROTO_CDP)
		nc_dec_cdp(k, c);
	else
		nc_dec_ethertype(k, c, r.protocol, "CHDLC");
}
