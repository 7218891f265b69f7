/* User Datagram Protocol, RFC 768.
 *
 *	+-------------------------------+-------------------------------+
 *	|          source port          |       destination port        |
 *	|            length             |           checksum            |
 *	+-------------------------------+-------------------------------+
 *
 * The length covers header and data.  When it is sane (8 up to the IP
 * payload length) it narrows the window; otherwise the record keeps the
 * IP layer's view and an Undecoded record says what was wrong. */
#include "decode/internal.h"

enum { UDP_HDR = 8 };

void
nc_dec_udp(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip)
{
	Netcap__UDP u = NETCAP__UDP__INIT;
	struct nc_cur start = *c;
	const uint8_t *pl;
	size_t n, len;
	int bad;

	u.src_port = nc_cur_be16(c);
	u.dst_port = nc_cur_be16(c);
	u.length = nc_cur_be16(c);
	u.checksum = nc_cur_be16(c);
	if (c->err) {
		nc_dec_truncated(k, "UDP", &start, UDP_HDR);
		return;
	}
	bad = u.length < UDP_HDR ||
	    (u.length > ip->declared && !ip->first_frag);
	len = bad ? ip->declared : u.length;
	if (!bad && len <= ip->declared)
		nc_cur_limit(c, len - UDP_HDR);
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_UDP)) {
		u.payload_size = len > UDP_HDR ? (uint32_t)(len - UDP_HDR) : 0;
		pl = nc_cur_rest(c, &n);
		u.payload_entropy = nc_dec_entropy(k, pl, n);
		NC_DEC_IP_FLOW(&u, k, ip, u.src_port, u.dst_port, 17);
		if (k->d->payload) {
			u.payload.data = (uint8_t *)pl;
			u.payload.len = n;
		}
		nc_dec_emit(k, NETCAP__RECORD__RECORD_UDP, &u.base);
	}
	if (bad)
		nc_dec_undecoded(k, "UDP", c, "bad length %u (%s payload "
		    "length %zu)", u.length, ip->layer, ip->declared);
	else
		nc_dec_app(k, c, ip, u.src_port, u.dst_port, 17, u.flow);
}
