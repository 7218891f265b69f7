/* Virtual eXtensible Local Area Network, RFC 7348, on UDP 4789 (and 8472,
 * Linux's port before the IANA one), with the Group Based Policy bits of
 * draft-smith-vxlan-group-policy.
 *
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-------------------------------+
 *	|G|R|R|R|I|R|R|R|R|D|R|R|A|R|R|R|   group policy id (GBP) / 0   |
 *	|         VXLAN network identifier (VNI)        |   reserved    |
 *	+-----------------------------------------------+---------------+
 *
 * The inner Ethernet frame follows as an inner packet (inner + 1).  RFC
 * 7348 says a receiver drops a packet without the I flag; so does this
 * decoder, as Undecoded "not VXLAN", since on a port this common a
 * payload without it is more likely something else. */
#include "decode/internal.h"

enum {
	VXLAN_HDR = 8,
	VXLAN_G = 0x8000,
	VXLAN_I = 0x0800,
	VXLAN_D = 0x0040,
	VXLAN_A = 0x0008,
};

void
nc_dec_vxlan(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	Netcap__VXLAN v = NETCAP__VXLAN__INIT;
	struct nc_cur start = *c;
	uint16_t flags, gbp;
	uint32_t vni;

	flags = nc_cur_be16(c);
	gbp = nc_cur_be16(c);
	vni = nc_cur_be32(c);
	if (c->err) {
		nc_dec_truncated(k, "VXLAN", &start, VXLAN_HDR);
		return;
	}
	if (!(flags & VXLAN_I)) {
		nc_dec_undecoded(k, "VXLAN", &start, "not VXLAN: I flag clear "
		    "(flags 0x%04x)", flags);
		return;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_VXLAN)) {
		NC_DEC_APP_ENDS(&v, k, a);
		v.flags = flags;
		v.valid_id_flag = 1;
		v.vni = vni >> 8;
		v.gbp_extension = (flags & VXLAN_G) != 0;
		v.gbp_dont_learn = (flags & VXLAN_D) != 0;
		v.gbp_applied = (flags & VXLAN_A) != 0;
		v.gbp_group_policy_id = gbp;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_VXLAN, &v.base);
	}
	if (nc_cur_left(c) == 0)
		return;
	if (++k->depth > NC_MAX_DEPTH) {
		nc_dec_undecoded(k, "VXLAN", c, "too many nested headers");
		return;
	}
	k->inner++;
	nc_dec_ethernet(k, c);
	k->inner--;
	k->depth--;
}
