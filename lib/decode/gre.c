/* Generic Routing Encapsulation: RFC 2784 with the key and sequence
 * number of RFC 2890, the routing fields of RFC 1701, and PPTP's enhanced
 * GRE (version 1, RFC 2637 section 4.1).
 *
 *	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *	+-+-+-+-+-+-----+-+-------+-----+-------------------------------+
 *	|C|R|K|S|s|Recur|A| Flags | Ver |         Protocol Type         |
 *	+-+-+-+-+-+-----+-+-------+-----+-------------------------------+
 *	|      Checksum (C or R)        |       Offset (C or R)         |
 *	|                           Key (K)                             |
 *	|                    Sequence Number (S)                        |
 *	|              Acknowledgment Number (A, version 1)             |
 *	|              Source Route Entries (R), up to a null SRE       |
 *	+---------------------------------------------------------------+
 *
 * Version 1 splits the key into payload length and call id.  The payload
 * goes to the ethertype dispatch as an inner packet (inner + 1), so
 * 0x6558 gives an inner Ethernet frame; what has no decoder there (PPP in
 * PPTP) becomes Undecoded under the GRE layer.
 *
 * ERSPAN (draft-foschiano-erspan) mirrors an Ethernet frame: type I is
 * protocol 0x88be without a sequence number and has no header of its own,
 * type II is 0x88be with one and an 8-byte header, type III is 0x22eb
 * with a 12-byte header and 8 more when its O bit is set.  The header is
 * kept raw in the GRE record with its version and session id; the frame
 * follows as an inner packet. */
#include "decode/internal.h"

enum {
	GRE_HDR = 4,
	GRE_C = 0x8000,
	GRE_R = 0x4000,
	GRE_K = 0x2000,
	GRE_S = 0x1000,
	GRE_SSR = 0x0800,
	GRE_A = 0x0080,
	SRE_HDR = 4,
	ETHERTYPE_ERSPAN2 = 0x88be,	/* types I and II */
	ETHERTYPE_ERSPAN3 = 0x22eb,
	ERSPAN2_HDR = 8,
	ERSPAN3_HDR = 12,
	ERSPAN3_PLATFORM = 8,		/* with the O bit */
};

/* The ERSPAN header before the mirrored frame; returns 0 if it is cut
 * short.  Type I has none. */
static int
erspan(Netcap__GRE *g, struct nc_cur *c)
{
	struct nc_cur h;
	size_t n;

	if (g->protocol == ETHERTYPE_ERSPAN2 && !g->seq_present)
		return 1;
	n = g->protocol == ETHERTYPE_ERSPAN2 ? ERSPAN2_HDR : ERSPAN3_HDR;
	if (g->protocol == ETHERTYPE_ERSPAN3 &&
	    (nc_cur_peek(c, ERSPAN3_HDR - 1) & 1))
		n += ERSPAN3_PLATFORM;
	h = nc_cur_sub(c, n);
	if (h.err)
		return 0;
	g->erspan.data = (uint8_t *)nc_cur_at(&h, 0, n);
	g->erspan.len = n;
	NC_DEC_SET(g, GRE, erspan_version, ERSPAN_VERSION,
	    nc_cur_peek(&h, 0) >> 4);
	g->_erspan_session_id_case =
	    NETCAP__GRE___ERSPAN_SESSION_ID_ERSPAN_SESSION_ID;
	g->erspan_session_id = nc_cur_peek_be16(&h, 2) & 0x3ff;
	return 1;
}

/* RFC 1701 source route entries: af(2) offset(1) length(1) info, ending
 * with a null entry (af 0, length 0).  Returns 0 when they run past the
 * packet. */
static int
routing(struct nc_cur *c, ProtobufCBinaryData *raw)
{
	const uint8_t *from = c->p;

	for (;;) {
		uint16_t af = nc_cur_be16(c);
		uint8_t len;

		nc_cur_skip(c, 1);
		len = nc_cur_u8(c);
		nc_cur_skip(c, len);
		if (c->err)
			return 0;
		if (af == 0 && len == 0)
			break;
	}
	raw->data = (uint8_t *)from;
	raw->len = nc_cur_offset(c, from);
	return 1;
}

void
nc_dec_gre(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip)
{
	Netcap__GRE g = NETCAP__GRE__INIT;
	struct nc_cur start = *c;
	uint16_t fv, proto;
	size_t need;
	int is_erspan;

	fv = nc_cur_be16(c);
	proto = nc_cur_be16(c);
	if (c->err) {
		nc_dec_truncated(k, "GRE", &start, GRE_HDR);
		return;
	}
	g.flags_and_version = fv;
	g.checksum_present = (fv & GRE_C) != 0;
	g.routing_present = (fv & GRE_R) != 0;
	g.key_present = (fv & GRE_K) != 0;
	g.seq_present = (fv & GRE_S) != 0;
	g.strict_source_route = (fv & GRE_SSR) != 0;
	g.recursion_control = (fv >> 8) & 7;
	g.ack_present = (fv & GRE_A) != 0;
	g.version = fv & 7;
	g.protocol = proto;
	if (g.version > 1) {
		nc_dec_undecoded(k, "GRE", &start, "unsupported version %u",
		    g.version);
		return;
	}
	need = GRE_HDR + (fv & (GRE_C | GRE_R) ? 4 : 0) +
	    (fv & GRE_K ? 4 : 0) + (fv & GRE_S ? 4 : 0) +
	    (g.version == 1 && (fv & GRE_A) ? 4 : 0);
	if (fv & (GRE_C | GRE_R)) {
		NC_DEC_SET(&g, GRE, checksum, CHECKSUM, nc_cur_be16(c));
		NC_DEC_SET(&g, GRE, offset, OFFSET, nc_cur_be16(c));
	}
	if (fv & GRE_K) {
		NC_DEC_SET(&g, GRE, key, KEY, nc_cur_be32(c));
		if (g.version == 1) {
			g._payload_length_case =
			    NETCAP__GRE___PAYLOAD_LENGTH_PAYLOAD_LENGTH;
			g.payload_length = g.key >> 16;
			NC_DEC_SET(&g, GRE, call_id, CALL_ID, g.key & 0xffff);
		}
	}
	if (fv & GRE_S) {
		NC_DEC_SET(&g, GRE, seq, SEQ, nc_cur_be32(c));
	}
	if (g.version == 1 && (fv & GRE_A)) {
		NC_DEC_SET(&g, GRE, ack, ACK, nc_cur_be32(c));
	}
	if (c->err) {
		nc_dec_truncated(k, "GRE", &start, need);
		return;
	}
	if ((fv & GRE_R) && !routing(c, &g.routing)) {
		nc_dec_undecoded(k, "GRE", &start, "truncated source route");
		return;
	}
	is_erspan = g.version == 0 && (proto == ETHERTYPE_ERSPAN2 ||
	    proto == ETHERTYPE_ERSPAN3);
	if (is_erspan && !erspan(&g, c)) {
		nc_dec_undecoded(k, "GRE", &start, "truncated ERSPAN header");
		return;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_GRE)) {
		NC_DEC_IP_FLOW(&g, k, ip, 0, 0, 47);
		nc_dec_emit(k, NETCAP__RECORD__RECORD_GRE, &g.base);
	}
	/* A PPTP acknowledgement carries no payload at all. */
	if (nc_cur_left(c) == 0)
		return;
	if (++k->depth > NC_MAX_DEPTH) {
		nc_dec_undecoded(k, "GRE", c, "too many nested headers");
		return;
	}
	k->inner++;
	if (is_erspan)
		nc_dec_ethernet(k, c);
	else
		nc_dec_ethertype(k, c, proto, "GRE");
	k->inner--;
	k->depth--;
}
