/* Virtual Router Redundancy Protocol, IP protocol 112: version 2 (RFC
 * 3768 section 5.1) and version 3 (RFC 5798 section 5.1), one record.
 *
 *	+-------+-------+---------------+---------------+---------------+
 *	|version| type  | virtual rtr id|   priority    | count IP addrs|
 *	v2: | auth type | adver int |         checksum                  |
 *	v3: | rsvd  |    max adver int (12 bits)  |      checksum       |
 *	|         IP addresses (count of them, 16 bytes each over IPv6 v3) |
 *	v2 only: authentication data (8 bytes)
 *	+---------------------------------------------------------------+
 *
 * Addresses that run past the packet make the whole packet Undecoded;
 * a v2 packet without the 8 authentication bytes keeps its record. */
#include "decode/internal.h"

enum { VRRP_HDR = 8, VRRP_AUTH = 8 };

void
nc_dec_vrrp(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip)
{
	Netcap__VRRPv2 v = NETCAP__VRRPV2__INIT;
	ProtobufCBinaryData addr[255];
	struct nc_cur start = *c;
	uint8_t vt, b4, b5;
	size_t alen, i;

	vt = nc_cur_u8(c);
	v.virtual_rtr_id = nc_cur_u8(c);
	v.priority = nc_cur_u8(c);
	v.count_ip_addrs = nc_cur_u8(c);
	b4 = nc_cur_u8(c);
	b5 = nc_cur_u8(c);
	v.checksum = nc_cur_be16(c);
	if (c->err) {
		nc_dec_truncated(k, "VRRP", &start, VRRP_HDR);
		return;
	}
	v.version = vt >> 4;
	v.type = vt & 0x0f;
	if (v.version == 2) {
		v.auth_type = b4;
		v.adver_int = b5;
		alen = 4;
	} else if (v.version == 3) {
		v.max_adver_int = (uint32_t)(b4 & 0x0f) << 8 | b5;
		alen = ip->alen;
	} else {
		nc_dec_undecoded(k, "VRRP", &start, "unsupported version %u",
		    v.version);
		return;
	}
	for (i = 0; i < v.count_ip_addrs; i++) {
		addr[i].data = (uint8_t *)nc_cur_bytes(c, alen);
		addr[i].len = alen;
	}
	if (c->err) {
		nc_dec_truncated(k, "VRRP", &start,
		    VRRP_HDR + v.count_ip_addrs * alen);
		return;
	}
	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_VRRPV2))
		return;
	v.addresses_ip = addr;
	v.n_addresses_ip = v.count_ip_addrs;
	if (v.version == 2 && nc_cur_left(c) >= VRRP_AUTH) {
		v.authentication.data = (uint8_t *)nc_cur_bytes(c, VRRP_AUTH);
		v.authentication.len = VRRP_AUTH;
	}
	NC_DEC_IP_FLOW(&v, k, ip, 0, 0, 112);
	nc_dec_emit(k, NETCAP__RECORD__RECORD_VRRPV2, &v.base);
}
