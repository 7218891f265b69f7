/* Lightweight Communications and Marshalling over UDP multicast (the LCM
 * UDP transport, lcm-proj.github.io "UDP Multicast Protocol"), port 7667.
 *
 *	short message			fragment
 *	+------------------------+	+------------------------+
 *	| magic "LC02" (4)       |	| magic "LC03" (4)       |
 *	| sequence number (4)    |	| sequence number (4)    |
 *	| channel name, NUL      |	| payload size (4)       |
 *	| payload                |	| fragment offset (4)    |
 *	+------------------------+	| fragment number (2)    |
 *					| fragments in all (2)   |
 *					| channel name, NUL (in  |
 *					|  fragment 0 only), data|
 *
 * Channel names are at most 63 bytes in LCM; a longer or unterminated one
 * is kept cut to 255 and reported as Undecoded after the record. */
#include "decode/internal.h"
#include "decode/text.h"

enum {
	SHORT = 0x4c433032,	/* "LC02" */
	FRAG = 0x4c433033,	/* "LC03" */
	SHORT_HDR = 8,
	FRAG_HDR = 20,
};

void
nc_dec_lcm(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	Netcap__LCM l = NETCAP__LCM__INIT;
	struct nc_cur start = *c;
	const uint8_t *p;
	size_t n, i;
	int named, bad = 0;

	l.magic = nc_cur_be32(c);
	l.sequence_number = nc_cur_be32(c);
	if (c->err) {
		nc_dec_truncated(k, "LCM", &start, SHORT_HDR);
		return;
	}
	if (l.magic != SHORT && l.magic != FRAG) {
		nc_dec_undecoded(k, "LCM", &start, "not LCM: magic 0x%08x",
		    l.magic);
		return;
	}
	named = 1;
	if (l.magic == FRAG) {
		l.fragmented = 1;
		l.payload_size = nc_cur_be32(c);
		l._fragment_offset_case =
		    NETCAP__LCM___FRAGMENT_OFFSET_FRAGMENT_OFFSET;
		l.fragment_offset = nc_cur_be32(c);
		l._fragment_number_case =
		    NETCAP__LCM___FRAGMENT_NUMBER_FRAGMENT_NUMBER;
		l.fragment_number = nc_cur_be16(c);
		l._total_fragments_case =
		    NETCAP__LCM___TOTAL_FRAGMENTS_TOTAL_FRAGMENTS;
		l.total_fragments = nc_cur_be16(c);
		if (c->err) {
			nc_dec_truncated(k, "LCM", &start, FRAG_HDR);
			return;
		}
		named = l.fragment_number == 0;
	}
	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_LCM))
		return;
	if (named) {
		p = nc_cur_rest(c, &n);
		for (i = 0; i < n && nc_cur_peek(c, i) != 0; i++)
			;
		bad = i == n || i > 63;
		l.channel_name = nc_dec_span(p, i, 255);
		nc_cur_skip(c, i < n ? i + 1 : n);
		if (!l.fragmented)
			l.payload_size = (uint32_t)nc_cur_left(c);
	}
	NC_DEC_APP_ENDS(&l, k, a);
	nc_dec_emit(k, NETCAP__RECORD__RECORD_LCM, &l.base);
	if (bad)
		nc_dec_undecoded(k, "LCM", &start, "channel name %s",
		    i == n ? "not terminated" : "longer than 63 bytes");
}
