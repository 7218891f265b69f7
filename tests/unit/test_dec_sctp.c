/* Unit tests for the SCTP decoder: packets built byte by byte, well-formed
 * and damaged (cut at every length, lying chunk lengths, oversize counts).
 * Every record is packed and unpacked again before its fields are checked. */
#include "dectest.h"

static void
sctp_hdr(struct pkt *p)
{
	p->n = 0;
	be16(p, 2905);
	be16(p, 38412);
	be32(p, 0x01020304);
	be32(p, 0xa1b2c3d4);
}

static void
test_sctp(void)
{
	struct pkt p;
	Netcap__SCTP *s;
	Netcap__SCTPChunk *ch;
	int i;

	sctp_hdr(&p);
	u8(&p, 1);			/* INIT */
	u8(&p, 0);
	be16(&p, 20 + 4);
	be32(&p, 0xdeadbeef);
	be32(&p, 65536);
	be16(&p, 10);
	be16(&p, 65535);
	be32(&p, 1000);
	be32(&p, 0x000c0004);		/* an empty parameter */
	ok(layer("SCTP", &p, 0, 0) == 0 && order_is("SCTP"), "sctp: INIT");
	s = get(NETCAP__RECORD__RECORD_SCTP, 0);
	ch = s != NULL && s->n_chunks == 1 ? s->chunks[0] : NULL;
	ok(s != NULL && s->src_port == 2905 && s->dst_port == 38412 &&
	    s->verification_tag == 0x01020304 && s->checksum == 0xa1b2c3d4 &&
	    ip_is(s->src_ip, 192, 0, 2, 1) && s->flow != 0 &&
	    s->payload_size == 0, "sctp: common header");
	ok(ch != NULL && ch->type == 1 && ch->flags == 0 && ch->length == 24 &&
	    ch->_initiate_tag_case != 0 && ch->initiate_tag == 0xdeadbeef &&
	    ch->a_rwnd == 65536 && ch->outbound_streams == 10 &&
	    ch->inbound_streams == 65535 && ch->_initial_tsn_case != 0 &&
	    ch->initial_tsn == 1000 && ch->_tsn_case == 0,
	    "sctp: INIT fields");
	ok(layer_cuts("SCTP", &p, 0, 0) && cut_empty_recs > 0,
	    "sctp: every cut of an INIT decodes");

	/* DATA with 5 bytes (3 of padding), then SACK. */
	sctp_hdr(&p);
	u8(&p, 0);
	u8(&p, 3);
	be16(&p, 16 + 5);
	be32(&p, 77);
	be16(&p, 2);
	be16(&p, 9);
	be32(&p, 46);
	raw(&p, "hello\0\0\0", 8);
	u8(&p, 3);
	u8(&p, 0);
	be16(&p, 16);
	be32(&p, 76);
	be32(&p, 4096);
	be16(&p, 0);
	be16(&p, 0);
	layer("SCTP", &p, 0, 0);
	s = get(NETCAP__RECORD__RECORD_SCTP, 0);
	ok(s != NULL && s->n_chunks == 2 && s->payload_size == 5 &&
	    s->chunks[0]->type == 0 && s->chunks[0]->flags == 3 &&
	    s->chunks[0]->length == 21 && s->chunks[0]->_tsn_case != 0 &&
	    s->chunks[0]->tsn == 77 && s->chunks[0]->stream_id == 2 &&
	    s->chunks[0]->stream_seq == 9 && s->chunks[0]->ppid == 46 &&
	    s->chunks[1]->type == 3 && s->chunks[1]->_cum_tsn_ack_case != 0 &&
	    s->chunks[1]->cum_tsn_ack == 76 && s->chunks[1]->a_rwnd == 4096,
	    "sctp: DATA and SACK");
	ok(layer_cuts("SCTP", &p, 0, 0) && cut_empty_recs > 0,
	    "sctp: every cut of DATA+SACK decodes");
	p.b[12 + 3] = 2;
	layer("SCTP", &p, 0, 0);
	ok(order_is("SCTP,Undecoded") &&
	    ((Netcap__SCTP *)get(NETCAP__RECORD__RECORD_SCTP, 0))->n_chunks
	    == 0 && undecoded(0, "SCTP", 12, "bad length 2 of chunk 1"),
	    "sctp: chunk length below 4");
	p.b[12 + 2] = 1;
	layer("SCTP", &p, 0, 0);
	ok(undecoded(0, "SCTP", 12, "chunk 1 of length 258 runs past"),
	    "sctp: chunk length past the packet");

	/* A DATA chunk too short for its fields keeps type and length. */
	sctp_hdr(&p);
	u8(&p, 0);
	u8(&p, 0);
	be16(&p, 8);
	be32(&p, 1);
	layer("SCTP", &p, 0, 0);
	s = get(NETCAP__RECORD__RECORD_SCTP, 0);
	ok(order_is("SCTP") && s->n_chunks == 1 &&
	    s->chunks[0]->_tsn_case == 0, "sctp: short DATA chunk");

	sctp_hdr(&p);
	for (i = 0; i < 300; i++)
		be32(&p, 0x0e000004);	/* SHUTDOWN COMPLETE */
	layer("SCTP", &p, 0, 0);
	s = get(NETCAP__RECORD__RECORD_SCTP, 0);
	ok(s != NULL && s->n_chunks == 256 &&
	    undecoded(0, "SCTP", 12 + 256 * 4, "more than 256 chunks"),
	    "sctp: more than 256 chunks");

	/* A whole user message goes on to the application decoders by
	 * port; a fragment of one does not. */
	sctp_hdr(&p);
	p.b[0] = 0x13;
	p.b[1] = 0xc4;			/* source port 5060 */
	u8(&p, 0);
	u8(&p, 3);
	be16(&p, 16 + 44);
	be32(&p, 1);
	be16(&p, 0);
	be16(&p, 0);
	be32(&p, 0);
	raw(&p, "OPTIONS sip:a@b SIP/2.0\r\nCSeq: 1 OPTIONS\r\n\r\n", 44);
	layer("SCTP", &p, 0, 0);
	ok(nrec == 2 && rec[0].type == NETCAP__RECORD__RECORD_SCTP &&
	    rec[1].type != NETCAP__RECORD__RECORD_SCTP,
	    "sctp: a whole DATA message on port 5060 goes to the app layer "
	    "(%s)", order());
	p.b[12 + 1] = 2;		/* B only */
	layer("SCTP", &p, 0, 0);
	ok(order_is("SCTP"), "sctp: a message fragment is not");

	/* A whole frame. */
	eth(&p, 0x0800);
	ip4_hdr(&p, 132, 16, ip4_a, ip4_b);
	be16(&p, 1);
	be16(&p, 2);
	be32(&p, 0);
	be32(&p, 0);
	be32(&p, 0x0e000004);
	ok(frame(DLT_EN10MB, &p) == 0 && order_is("Ethernet,IPv4,SCTP") &&
	    bin_is(((Netcap__SCTP *)get(NETCAP__RECORD__RECORD_SCTP, 0))
	    ->dst_ip, ip4_b, 4), "sctp: in a frame");
}

int
main(void)
{
	test_sctp();
	clear();
	return tap_done();
}
