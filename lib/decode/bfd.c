/* Bidirectional Forwarding Detection control packets: RFC 5880 4.1, over
 * UDP port 3784 (RFC 5881, single hop), 4784 (RFC 5883, multihop) and
 * 6784 (RFC 7130, one session per member link of a LAG; the packet is
 * the same).
 *
 *	 0                   1                   2                   3
 *	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *	|Vers |  Diag   |Sta|P|F|C|A|D|M|  Detect Mult  |    Length     |
 *	|                       My Discriminator                        |
 *	|                      Your Discriminator                       |
 *	|                    Desired Min TX Interval                    |
 *	|                   Required Min RX Interval                    |
 *	|                 Required Min Echo RX Interval                 |
 *	|   Auth Type   |   Auth Len    |  Key ID  | ... (when A is set)
 *
 * Version 1 is the only one; version 0 (the draft's) has another flag
 * layout, so anything else is reported as not BFD.  A Length shorter than
 * the header, or longer than the packet, is reported as Undecoded after
 * the record. */
#include "decode/internal.h"

enum { HDR = 24 };

void
nc_dec_bfd(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	Netcap__BFD b = NETCAP__BFD__INIT;
	struct nc_cur start = *c, auth;
	unsigned v, f, alen;

	if (nc_cur_left(c) < HDR) {
		nc_dec_truncated(k, "BFD", &start, HDR);
		return;
	}
	v = nc_cur_u8(c);
	f = nc_cur_u8(c);
	if (v >> 5 != 1) {
		nc_dec_undecoded(k, "BFD", &start, "not BFD: version %u",
		    v >> 5);
		return;
	}
	b.version = v >> 5;
	b.diagnostic = v & 0x1f;
	b.state = f >> 6;
	b.poll = f >> 5 & 1;
	b.final = f >> 4 & 1;
	b.control_plane_independent = f >> 3 & 1;
	b.auth_present = f >> 2 & 1;
	b.demand = f >> 1 & 1;
	b.multipoint = f & 1;
	b.detect_multiplier = nc_cur_u8(c);
	b.length = nc_cur_u8(c);
	b.my_discriminator = nc_cur_be32(c);
	b.your_discriminator = nc_cur_be32(c);
	b.desired_min_tx_interval = nc_cur_be32(c);
	b.required_min_rx_interval = nc_cur_be32(c);
	b.required_min_echo_rx_interval = nc_cur_be32(c);
	if (b.length >= HDR)
		nc_cur_limit(c, b.length - HDR);
	auth = *c;
	if (b.auth_present && nc_cur_left(c) >= 3) {
		NC_DEC_SET(&b, BFD, auth_type, AUTH_TYPE, nc_cur_u8(c));
		alen = nc_cur_u8(c);
		NC_DEC_SET(&b, BFD, auth_key_id, AUTH_KEY_ID, nc_cur_u8(c));
		/* Keyed MD5 and SHA1 (types 2-5): a reserved byte, then the
		 * sequence number. */
		if (b.auth_type >= 2 && b.auth_type <= 5 && alen >= 8 &&
		    nc_cur_left(c) >= 5) {
			nc_cur_skip(c, 1);
			b._auth_sequence_case =
			    NETCAP__BFD___AUTH_SEQUENCE_AUTH_SEQUENCE;
			b.auth_sequence = nc_cur_be32(c);
		}
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_BFD)) {
		NC_DEC_APP_ENDS(&b, k, a);
		nc_dec_emit(k, NETCAP__RECORD__RECORD_BFD, &b.base);
	}
	if (b.length < HDR || b.length > nc_cur_left(&start))
		nc_dec_undecoded(k, "BFD", &start, "bad length %u (%zu bytes)",
		    b.length, nc_cur_left(&start));
	else if (b.auth_present && nc_cur_left(&auth) < 3)
		nc_dec_undecoded(k, "BFD", &auth, "truncated authentication "
		    "section");
}
