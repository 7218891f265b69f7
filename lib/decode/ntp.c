/* Network Time Protocol: RFC 5905 (modes 1-5), RFC 9327 (mode 6 control
 * messages); mode 7 (ntpd's private requests) and the reserved mode 0
 * keep only the first byte's fields and their bytes as data.  Mode 7's
 * first byte is R, M, VN and mode: its top bits are a response and a
 * more bit, not a leap indicator, so that is left unset.
 *
 *	modes 1-5
 *	+--+---+----+---------+--------+-----------+
 *	|LI|VN |Mode| Stratum |  Poll  | Precision |
 *	| root delay (4)  root dispersion (4)      |
 *	| reference id (4)                         |
 *	| reference, origin, receive and transmit  |
 *	| timestamps (8 each)                      |
 *	| extension fields, key id, MAC            |
 *
 *	mode 6
 *	+--+---+----+-+-+-+--------+---------------+
 *	|LI|VN |Mode|R|E|M| Opcode | sequence (2)  |
 *	| status (2)  association id (2)           |
 *	| offset (2)  count (2)                    |
 *	| data (count), padding, authenticator     |
 *
 *	mode 7
 *	+-+-+---+----+-----------------------------+
 *	|R|M|VN |Mode| auth, sequence, request ... |
 *
 * The timestamps stay as the 64-bit NTP values (seconds in the high half):
 * 64 bits cannot say which era a value is in, so the conversion is left
 * to the reader, for whom the schema gives RFC 4330's rule (top bit clear:
 * era 1, from 2036). */
#include "decode/internal.h"

enum { HDR = 48, CTL_HDR = 12 };

static void
header(Netcap__NTP *n, struct nc_cur *c)
{
	n->stratum = nc_cur_u8(c);
	n->poll = (int8_t)nc_cur_u8(c);
	n->precision = (int8_t)nc_cur_u8(c);
	n->root_delay = nc_cur_be32(c);
	n->root_dispersion = nc_cur_be32(c);
	n->reference_id = nc_cur_be32(c);
	n->reference_timestamp = (uint64_t)nc_cur_be32(c) << 32;
	n->reference_timestamp |= nc_cur_be32(c);
	n->origin_timestamp = (uint64_t)nc_cur_be32(c) << 32;
	n->origin_timestamp |= nc_cur_be32(c);
	n->receive_timestamp = (uint64_t)nc_cur_be32(c) << 32;
	n->receive_timestamp |= nc_cur_be32(c);
	n->transmit_timestamp = (uint64_t)nc_cur_be32(c) << 32;
	n->transmit_timestamp |= nc_cur_be32(c);
	n->extension_bytes.data = (uint8_t *)nc_cur_rest(c,
	    &n->extension_bytes.len);
}

static void
control(Netcap__NTP *n, struct nc_cur *c)
{
	unsigned b = nc_cur_u8(c);
	size_t have;

	n->response = b >> 7 & 1;
	n->error = b >> 6 & 1;
	n->more = b >> 5 & 1;
	NC_DEC_SET(n, NTP, opcode, OPCODE, b & 0x1f);
	NC_DEC_SET(n, NTP, sequence, SEQUENCE, nc_cur_be16(c));
	NC_DEC_SET(n, NTP, status, STATUS, nc_cur_be16(c));
	NC_DEC_SET(n, NTP, association_id, ASSOCIATION_ID, nc_cur_be16(c));
	NC_DEC_SET(n, NTP, offset, OFFSET, nc_cur_be16(c));
	NC_DEC_SET(n, NTP, count, COUNT, nc_cur_be16(c));
	n->data.data = (uint8_t *)nc_cur_rest(c, &have);
	n->data.len = have < n->count ? have : n->count;
	nc_cur_skip(c, n->data.len);
	n->extension_bytes.data = (uint8_t *)nc_cur_rest(c,
	    &n->extension_bytes.len);
}

void
nc_dec_ntp(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	Netcap__NTP n = NETCAP__NTP__INIT;
	struct nc_cur start = *c;
	unsigned b;

	b = nc_cur_peek(c, 0);
	n.version = b >> 3 & 7;
	n.mode = b & 7;
	if (n.version == 0 || n.version > 4) {
		nc_dec_undecoded(k, "NTP", &start, "not NTP: version %u",
		    n.version);
		return;
	}
	if (n.mode >= 1 && n.mode <= 5 && nc_cur_left(c) < HDR) {
		nc_dec_truncated(k, "NTP", &start, HDR);
		return;
	}
	if (n.mode == 6 && nc_cur_left(c) < CTL_HDR) {
		nc_dec_truncated(k, "NTP", &start, CTL_HDR);
		return;
	}
	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_NTP))
		return;
	NC_DEC_APP_ENDS(&n, k, a);
	nc_cur_skip(c, 1);
	if (n.mode == 7) {
		n.response = b >> 7 & 1;
		n.more = b >> 6 & 1;
	} else {
		n._leap_indicator_case =
		    NETCAP__NTP___LEAP_INDICATOR_LEAP_INDICATOR;
		n.leap_indicator = b >> 6;
	}
	if (n.mode == 6)
		control(&n, c);
	else if (n.mode >= 1 && n.mode <= 5)
		header(&n, c);
	else
		n.data.data = (uint8_t *)nc_cur_rest(c, &n.data.len);
	nc_dec_emit(k, NETCAP__RECORD__RECORD_NTP, &n.base);
}
