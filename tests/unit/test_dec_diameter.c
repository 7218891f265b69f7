/* Unit tests for the Diameter decoder: payloads built byte by byte and
 * handed to one decoder with layer(), well-formed and damaged (cut at
 * every length, lying lengths, oversize counts).  Every record is packed
 * and unpacked again before its fields are checked.  Diameter over SCTP
 * reaches it too. */
#include "dectest.h"

/* --- Diameter ------------------------------------------------------------ */

static void
avp(struct pkt *p, uint32_t code, unsigned flags, const void *d, size_t n)
{
	be32(p, code);
	u8(p, flags);
	be24(p, (uint32_t)(8 + n));
	raw(p, d, n);
	while (p->n % 4)
		u8(p, 0);
}

static size_t
diam_hdr(struct pkt *p, unsigned flags, uint32_t cmd, uint32_t app)
{
	size_t at = p->n;

	u8(p, 1);
	be24(p, 0);
	u8(p, flags);
	be24(p, cmd);
	be32(p, app);
	be32(p, 0x1111);
	be32(p, 0x2222);
	return at;
}

static void
diam_len(struct pkt *p, size_t at)
{
	size_t n = p->n - at;

	p->b[at + 1] = (uint8_t)(n >> 16);
	p->b[at + 2] = (uint8_t)(n >> 8);
	p->b[at + 3] = (uint8_t)n;
}

static void
test_diameter(void)
{
	struct pkt p = { .n = 0 };
	Netcap__Diameter *m;
	size_t at, i;
	static const uint8_t rc[] = { 0, 0, 0x07, 0xd1 };

	at = diam_hdr(&p, 0xc0, 272, 4);
	avp(&p, 263, 0x40, "host;1;42", 9);
	avp(&p, 264, 0x40, "client.example.org", 18);
	avp(&p, 296, 0x40, "example.org", 11);
	avp(&p, 283, 0x40, "ex\xff\0ple.net", 11);
	avp(&p, 268, 0x40, rc, 4);
	be32(&p, 873);			/* vendor-specific grouped AVP */
	u8(&p, 0xc0);
	be24(&p, 12 + 12);
	be32(&p, 10415);
	avp(&p, 2, 0, "abcd", 4);
	diam_len(&p, at);
	layer("Diameter", &p, 41000, 3868);
	m = get(NETCAP__RECORD__RECORD_DIAMETER, 0);
	ok(nrec == 1 && m != NULL && m->version == 1 && m->length == p.n &&
	    m->flags == 0xc0 && m->request && m->proxiable && !m->error &&
	    !m->retransmit && m->command_code == 272 &&
	    m->application_id == 4 && m->hop_by_hop_id == 0x1111 &&
	    m->end_to_end_id == 0x2222 && m->dst_port == 3868,
	    "diameter: header");
	ok(m != NULL && !txtcmp(m->session_id, "host;1;42") &&
	    !txtcmp(m->origin_host, "client.example.org") &&
	    !txtcmp(m->origin_realm, "example.org") &&
	    m->destination_realm.len == 11 &&
	    memcmp(m->destination_realm.data, "ex\xff\0ple.net", 11) == 0 &&
	    m->_result_code_case && m->result_code == 2001,
	    "diameter: lifted AVPs keep every byte, NUL and non-UTF-8 too");
	ok(m != NULL && m->n_avps == 6 && m->avps[0]->code == 263 &&
	    m->avps[0]->flags == 0x40 && m->avps[0]->length == 17 &&
	    m->avps[0]->data.len == 9 && !m->avps[0]->_vendor_id_case &&
	    m->avps[5]->code == 873 && m->avps[5]->_vendor_id_case &&
	    m->avps[5]->vendor_id == 10415 && m->avps[5]->data.len == 12,
	    "diameter: AVP list, vendor id, grouped AVP raw");
	ok(abuse("Diameter", &p, 41000, 3868), "diameter: cut and damaged");

	/* Two messages in one segment, the second cut. */
	memcpy(p.b + p.n, p.b, p.n - 10);
	p.n += p.n - 10;
	layer("Diameter", &p, 41000, 3868);
	ok(count(NETCAP__RECORD__RECORD_DIAMETER) == 2 &&
	    undecoded(0, "Diameter", ANY_OFF, "truncated message"),
	    "diameter: two messages, the second cut: two records, Undecoded");

	/* Bad AVP lengths. */
	p.n = 0;
	at = diam_hdr(&p, 0x80, 280, 0);
	be32(&p, 264);
	u8(&p, 0x40);
	be24(&p, 4);
	diam_len(&p, at);
	layer("Diameter", &p, 41000, 3868);
	ok(nrec == 2 && undecoded(0, "Diameter", 20, "AVP length shorter"),
	    "diameter: AVP length below its header is Undecoded at the AVP");
	p.b[at + 20 + 7] = 200;
	layer("Diameter", &p, 41000, 3868);
	ok(nrec == 2 && undecoded(0, "Diameter", 20, "AVP longer"),
	    "diameter: AVP length beyond the message is Undecoded at the AVP");
	/* A good AVP, then 4 bytes of the next one's header. */
	p.n = 0;
	at = diam_hdr(&p, 0x80, 280, 0);
	avp(&p, 264, 0x40, "host", 4);
	be32(&p, 296);
	diam_len(&p, at);
	layer("Diameter", &p, 41000, 3868);
	m = get(NETCAP__RECORD__RECORD_DIAMETER, 0);
	ok(nrec == 2 && m != NULL && m->n_avps == 1 &&
	    undecoded(0, "Diameter", 32, "truncated AVP header"),
	    "diameter: cut AVP header is Undecoded at the AVP");

	/* Not Diameter. */
	p.b[0] = 2;
	layer("Diameter", &p, 41000, 3868);
	ok(nrec == 1 && undecoded(0, "Diameter", ANY_OFF,
	    "not Diameter: version 2"),
	    "diameter: version 2 is Undecoded");
	p.b[0] = 1;
	p.b[3] = 22;
	layer("Diameter", &p, 41000, 3868);
	ok(nrec == 1 && undecoded(0, "Diameter", ANY_OFF, "not Diameter"),
	    "diameter: length not a multiple of 4 is Undecoded");
	layer_n("Diameter", p.b, 19, 41000, 3868);
	ok(nrec == 1 && undecoded(0, "Diameter", ANY_OFF,
	    "truncated header: 19 of 20"),
	    "diameter: short header is Undecoded");

	/* 600 empty AVPs: 512 kept, then Undecoded. */
	p.n = 0;
	at = diam_hdr(&p, 0x80, 280, 0);
	for (i = 0; i < 600; i++)
		avp(&p, 1, 0, "", 0);
	diam_len(&p, at);
	layer("Diameter", &p, 41000, 3868);
	m = get(NETCAP__RECORD__RECORD_DIAMETER, 0);
	ok(nrec == 2 && m != NULL && m->n_avps == 512 &&
	    undecoded(0, "Diameter", ANY_OFF, "more AVPs than kept"),
	    "diameter: 600 AVPs: 512 kept, the rest Undecoded");
	clear();
}

/* Diameter is registered for SCTP too (RFC 6733 section 2.1): a DATA chunk
 * on port 3868 reaches the Diameter decoder. */
static void
test_diameter_sctp(void)
{
	struct pkt p = { .n = 0 }, msg = { .n = 0 };
	Netcap__Diameter *m;
	size_t at;

	at = diam_hdr(&msg, 0x80, 257, 0);
	diam_len(&msg, at);
	be16(&p, 3868);			/* SCTP common header */
	be16(&p, 3868);
	be32(&p, 0x01020304);
	be32(&p, 0);
	u8(&p, 0);			/* DATA, unfragmented */
	u8(&p, 0x03);
	be16(&p, (unsigned)(16 + msg.n));
	be32(&p, 1);			/* TSN */
	be16(&p, 0);
	be16(&p, 0);
	be32(&p, 46);			/* PPID: Diameter */
	raw(&p, msg.b, msg.n);
	layer("SCTP", &p, 0, 0);
	m = get(NETCAP__RECORD__RECORD_DIAMETER, 0);
	ok(m != NULL && m->command_code == 257 && m->src_port == 3868 &&
	    count(NETCAP__RECORD__RECORD_UNDECODED) == 0,
	    "diameter: carried in an SCTP DATA chunk");
}

int
main(void)
{
	test_diameter();
	test_diameter_sctp();
	clear();
	return tap_done();
}
