/* Stream Control Transmission Protocol, RFC 9260 section 3.
 *
 *	+-------------------------------+-------------------------------+
 *	|          source port          |       destination port        |
 *	|                      verification tag                         |
 *	|                      checksum (CRC32c)                        |
 *	+---------------+---------------+-------------------------------+
 *	|  chunk type   |  chunk flags  |         chunk length          |
 *	|         value (length - 4 bytes, padded to 4)                 |
 *	+---------------------------------------------------------------+
 *
 * Every chunk is listed with its type, flags and length; DATA adds TSN,
 * stream id, stream sequence and payload protocol id, INIT and INIT ACK
 * their fixed parameters, SACK its cumulative TSN ack.  A chunk whose
 * length is below 4 or runs past the packet ends the list with an
 * Undecoded record, as does a packet with more than 256 chunks.  The
 * checksum is reported, not verified.  The user data of a DATA chunk that
 * holds a whole message (B and E flags set) goes to the application
 * decoders after the record, by the ports the dispatch table has for UDP;
 * fragments of a message are not reassembled. */
#include "decode/internal.h"

enum {
	SCTP_HDR = 12,
	CHUNK_HDR = 4,
	C_DATA = 0,
	C_INIT = 1,
	C_INIT_ACK = 2,
	C_SACK = 3,
	DATA_HDR = 16,
	INIT_HDR = 20,
	SACK_HDR = 16,
	MAX_CHUNKS = 256,
	DATA_BE = 3,			/* beginning and end of a message */
};

/* The type-specific fixed fields of one chunk from its value v. */
static void
chunk_fields(Netcap__SCTPChunk *ch, struct nc_cur *v, uint32_t *payload)
{
	/* v is left at the user data of a DATA chunk. */
	switch (ch->type) {
	case C_DATA:
		if (ch->length < DATA_HDR)
			break;
		NC_DEC_SET(ch, SCTPCHUNK, tsn, TSN, nc_cur_be32(v));
		NC_DEC_SET(ch, SCTPCHUNK, stream_id, STREAM_ID, nc_cur_be16(v));
		ch->_stream_seq_case =
		    NETCAP__SCTPCHUNK___STREAM_SEQ_STREAM_SEQ;
		ch->stream_seq = nc_cur_be16(v);
		NC_DEC_SET(ch, SCTPCHUNK, ppid, PPID, nc_cur_be32(v));
		*payload += ch->length - DATA_HDR;
		break;
	case C_INIT:
	case C_INIT_ACK:
		if (ch->length < INIT_HDR)
			break;
		ch->_initiate_tag_case =
		    NETCAP__SCTPCHUNK___INITIATE_TAG_INITIATE_TAG;
		ch->initiate_tag = nc_cur_be32(v);
		NC_DEC_SET(ch, SCTPCHUNK, a_rwnd, A_RWND, nc_cur_be32(v));
		ch->_outbound_streams_case =
		    NETCAP__SCTPCHUNK___OUTBOUND_STREAMS_OUTBOUND_STREAMS;
		ch->outbound_streams = nc_cur_be16(v);
		ch->_inbound_streams_case =
		    NETCAP__SCTPCHUNK___INBOUND_STREAMS_INBOUND_STREAMS;
		ch->inbound_streams = nc_cur_be16(v);
		ch->_initial_tsn_case =
		    NETCAP__SCTPCHUNK___INITIAL_TSN_INITIAL_TSN;
		ch->initial_tsn = nc_cur_be32(v);
		break;
	case C_SACK:
		if (ch->length < SACK_HDR)
			break;
		ch->_cum_tsn_ack_case =
		    NETCAP__SCTPCHUNK___CUM_TSN_ACK_CUM_TSN_ACK;
		ch->cum_tsn_ack = nc_cur_be32(v);
		NC_DEC_SET(ch, SCTPCHUNK, a_rwnd, A_RWND, nc_cur_be32(v));
		break;
	}
}

void
nc_dec_sctp(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip)
{
	Netcap__SCTP s = NETCAP__SCTP__INIT;
	Netcap__SCTPChunk ch[MAX_CHUNKS], *chp[MAX_CHUNKS];
	struct nc_cur msg[MAX_CHUNKS];	/* whole user messages */
	size_t nmsg = 0, i;
	struct nc_cur start = *c;
	struct nc_issue is = { 0 };
	uint32_t payload = 0;

	s.src_port = nc_cur_be16(c);
	s.dst_port = nc_cur_be16(c);
	s.verification_tag = nc_cur_be32(c);
	s.checksum = nc_cur_be32(c);
	if (c->err) {
		nc_dec_truncated(k, "SCTP", &start, SCTP_HDR);
		return;
	}
	while (nc_cur_left(c) > 0) {
		Netcap__SCTPChunk *h = &ch[s.n_chunks];
		struct nc_cur at = *c, v;
		size_t pad;

		if (s.n_chunks == MAX_CHUNKS) {
			nc_dec_issue(&is, "SCTP", &at, "more than %d chunks",
			    MAX_CHUNKS);
			break;
		}
		netcap__sctpchunk__init(h);
		h->type = nc_cur_u8(c);
		h->flags = nc_cur_u8(c);
		h->length = nc_cur_be16(c);
		if (c->err) {
			nc_dec_issue(&is, "SCTP", &at, "truncated chunk %zu",
			    s.n_chunks + 1);
			break;
		}
		if (h->length < CHUNK_HDR) {
			nc_dec_issue(&is, "SCTP", &at, "bad length %u of chunk "
			    "%zu", h->length, s.n_chunks + 1);
			break;
		}
		v = nc_cur_sub(c, h->length - CHUNK_HDR);
		if (c->err) {
			nc_dec_issue(&is, "SCTP", &at, "chunk %zu of length %u "
			    "runs past the packet", s.n_chunks + 1, h->length);
			break;
		}
		chunk_fields(h, &v, &payload);
		if (h->_tsn_case != 0 && (h->flags & DATA_BE) == DATA_BE &&
		    nc_cur_left(&v) > 0)
			msg[nmsg++] = v;
		/* The last chunk's padding may be missing. */
		pad = (4 - h->length % 4) % 4;
		nc_cur_skip(c, pad < nc_cur_left(c) ? pad : nc_cur_left(c));
		chp[s.n_chunks++] = h;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_SCTP)) {
		NC_DEC_IP_FLOW(&s, k, ip, s.src_port, s.dst_port, 132);
		s.chunks = chp;
		s.payload_size = payload;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_SCTP, &s.base);
	}
	nc_dec_flush_issue(k, &is);
	for (i = 0; i < nmsg; i++)
		nc_dec_app(k, &msg[i], ip, s.src_port, s.dst_port, 132,
		    s.flow);
}
