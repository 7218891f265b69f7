/* Unit tests for the PPP, PPPoE and Cisco HDLC decoders and their link
 * types (9, 50, 51, 104, 204, and ethertypes 0x880b, 0x8863, 0x8864).
 * Packets are built byte by byte; well-formed ones are checked field by
 * field, damaged ones (cut at every length, lying lengths, too many
 * options) must give their record or Undecoded, never nothing. */
#include "dectest.h"

enum {
	LCP = 0xc021,
	PAP = 0xc023,
	CHAP = 0xc223,
};

#define T_PPP NETCAP__RECORD__RECORD_PPP
#define T_PPPOE NETCAP__RECORD__RECORD_PPPOE
#define T_CHDLC NETCAP__RECORD__RECORD_CHDLC
#define T_UNDEC NETCAP__RECORD__RECORD_UNDECODED

static void
udp4(struct pkt *p)
{
	static const uint8_t a[4] = { 10, 0, 0, 1 }, b[4] = { 10, 0, 0, 2 };

	be32(p, 0x45000020);
	be32(p, 0x00014000);
	be32(p, 0x40110000);
	raw(p, a, 4);
	raw(p, b, 4);
	be16(p, 1024);
	be16(p, 9);
	be16(p, 12);
	be16(p, 0);
	raw(p, "ppp!", 4);
}

/* An LCP-format header for a body of n bytes. */
static void
cp(struct pkt *p, unsigned code, unsigned id, size_t n)
{
	u8(p, code);
	u8(p, id);
	be16(p, (unsigned)(4 + n));
}

static void
test_frames(void)
{
	static struct pkt p;
	Netcap__PPP *r;

	/* Address, control, two-byte protocol. */
	be16(&p, 0xff03);
	be16(&p, 0x0021);
	udp4(&p);
	frame(DLT_PPP, &p);
	r = get(T_PPP, 0);
	ok(order_is("PPP,IPv4,UDP") && r->_address_case &&
	    r->address == 0xff && r->control == 3 && r->protocol == 0x21 &&
	    !r->_direction_case && !r->_code_case, "PPP: IPv4 in PPP");
	ok(frame_cuts(DLT_PPP, &p, 0), "PPP: every cut of IPv4 in PPP decodes");

	/* Both compressions: no address, one-byte protocol. */
	p.n = 0;
	u8(&p, 0x21);
	udp4(&p);
	frame(DLT_PPP, &p);
	r = get(T_PPP, 0);
	ok(order_is("PPP,IPv4,UDP") && !r->_address_case &&
	    !r->_control_case && r->protocol == 0x21,
	    "PPP: compressed address, control and protocol");

	/* Link type 204: the direction byte first. */
	p.n = 0;
	u8(&p, 1);
	be16(&p, 0xff03);
	be16(&p, 0x0057);
	frame(DLT_PPP_WITH_DIR, &p);
	r = get(T_PPP, 0);
	ok(order_is("PPP,Undecoded") && r->_direction_case &&
	    r->direction == 1 && r->protocol == 0x57 &&
	    strcmp(((Netcap__Undecoded *)get(T_UNDEC, 0))->layer, "IPv6") == 0,
	    "PPP: direction, then IPv6");

	/* Link type 50: 0xff is PPP, 0x8f Cisco HDLC. */
	p.n = 0;
	be16(&p, 0xff03);
	be16(&p, 0x0021);
	udp4(&p);
	frame(DLT_PPP_SERIAL, &p);
	ok(order_is("PPP,IPv4,UDP"), "PPP: link type 50, PPP");
	p.b[0] = 0x8f;
	p.b[1] = 0;
	p.b[2] = 0x08;
	p.b[3] = 0x00;
	frame(DLT_PPP_SERIAL, &p);
	ok(order_is("CHDLC,IPv4,UDP"), "PPP: link type 50, Cisco HDLC");

	/* An unknown protocol after the record. */
	p.n = 0;
	be16(&p, 0xff03);
	be16(&p, 0x002b);
	fill(&p, 0, 8);
	frame(DLT_PPP, &p);
	ok(order_is("PPP,Undecoded") && strcmp(reason(0),
	    "unsupported protocol 0x002b") == 0, "PPP: IPX is Undecoded");
}

static void
test_lcp(void)
{
	static struct pkt p;
	Netcap__PPP *r;

	be16(&p, 0xff03);
	be16(&p, LCP);
	cp(&p, 1, 7, 12);
	be16(&p, 0x0104);		/* MRU 1500 */
	be16(&p, 1500);
	be16(&p, 0x0506);		/* magic */
	be32(&p, 0xa4cbea34);
	be16(&p, 0x0702);		/* PFC */
	frame(DLT_PPP, &p);
	r = get(T_PPP, 0);
	ok(order_is("PPP") && r->code == 1 && r->identifier == 7 &&
	    r->length == 16 && r->n_options == 3 && r->options[0]->type == 1 &&
	    r->options[0]->length == 4 && bin_is(r->options[0]->data,
	    "\x05\xdc", 2) && r->options[1]->type == 5 &&
	    r->options[2]->type == 7 && r->options[2]->data.len == 0,
	    "LCP: Configure-Request options");
	ok(frame_cuts(DLT_PPP, &p, 0),
	    "LCP: every cut of a Configure-Request decodes");

	/* A length past the capture but not past the wire: no complaint. */
	wire_n = p.n + 100;
	p.b[6] = 0;
	p.b[7] = 100;
	frame(DLT_PPP, &p);
	ok(order_is("PPP"), "LCP: a length cut by the snap length is fine");
	wire_n = 0;
	frame(DLT_PPP, &p);
	ok(order_is("PPP,Undecoded") && get(T_PPP, 0) != NULL &&
	    ((Netcap__PPP *)get(T_PPP, 0))->n_options == 3,
	    "LCP: a length past the frame keeps the options, flagged");

	/* Echo-Request: magic number and data; padding after the length. */
	p.n = 0;
	be16(&p, 0xff03);
	be16(&p, LCP);
	cp(&p, 9, 1, 6);
	be32(&p, 42);
	be16(&p, 0xabcd);
	fill(&p, 0, 5);
	frame(DLT_PPP, &p);
	r = get(T_PPP, 0);
	ok(order_is("PPP") && r->_magic_number_case && r->magic_number == 42 &&
	    bin_is(r->data, "\xab\xcd", 2), "LCP: Echo-Request");

	/* An option with length 0 would never end: it stops the list. */
	p.n = 0;
	be16(&p, 0xff03);
	be16(&p, LCP);
	cp(&p, 1, 1, 4);
	be32(&p, 0x01000000);
	frame(DLT_PPP, &p);
	ok(order_is("PPP,Undecoded") && strcmp(reason(0),
	    "option 1 with bad length 0") == 0, "LCP: option length 0");

	/* More options than a record keeps. */
	p.n = 0;
	be16(&p, 0xff03);
	be16(&p, 0x8021);		/* IPCP */
	cp(&p, 1, 1, 2 * 400);
	for (int i = 0; i < 400; i++)
		be16(&p, 0x0302);
	frame(DLT_PPP, &p);
	r = get(T_PPP, 0);
	ok(r != NULL && r->n_options == 256 && strcmp(reason(0),
	    "more than 256 options") == 0, "IPCP: 400 options, 256 kept");
}

static void
test_auth(void)
{
	static struct pkt p;
	Netcap__PPP *r;

	be16(&p, 0xff03);
	be16(&p, PAP);
	cp(&p, 1, 3, 1 + 5 + 1 + 3);
	u8(&p, 5);
	raw(&p, "alice", 5);
	u8(&p, 3);
	raw(&p, "\xff\x00x", 3);	/* not UTF-8, and a NUL */
	frame(DLT_PPP, &p);
	r = get(T_PPP, 0);
	ok(order_is("PPP") && r->code == 1 && !txtcmp(r->peer_id, "alice") &&
	    bin_is(r->password, "\xff\x00x", 3), "PAP: peer id and password, "
	    "every byte kept");
	ok(frame_cuts(DLT_PPP, &p, 0), "PAP: every cut decodes");

	p.n = 0;
	be16(&p, 0xff03);
	be16(&p, CHAP);
	cp(&p, 1, 1, 1 + 4 + 3);
	u8(&p, 4);
	be32(&p, 0xdeadbeef);
	raw(&p, "lns", 3);
	frame(DLT_PPP, &p);
	r = get(T_PPP, 0);
	ok(order_is("PPP") && bin_is(r->value, "\xde\xad\xbe\xef", 4) &&
	    !txtcmp(r->name, "lns") && r->message.len == 0,
	    "CHAP: Challenge value and name");
	ok(frame_cuts(DLT_PPP, &p, 0), "CHAP: every cut decodes");

	p.n = 0;
	be16(&p, 0xff03);
	be16(&p, CHAP);
	cp(&p, 3, 1, 2);
	raw(&p, "ok", 2);
	frame(DLT_PPP, &p);
	r = get(T_PPP, 0);
	ok(order_is("PPP") && !txtcmp(r->message, "ok") &&
	    r->value.len == 0, "CHAP: Success message");

	p.n = 0;
	be16(&p, 0xff03);
	be16(&p, 0xc227);		/* EAP */
	be32(&p, 0x01010005);
	u8(&p, 1);
	frame(DLT_PPP, &p);
	ok(order_is("PPP,EAP"), "PPP: EAP");
}

static void
test_pppoe(void)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	static struct pkt p;
	Netcap__PPPoE *r;

	raw(&p, mac, 6);
	raw(&p, mac, 6);
	be16(&p, 0x8863);
	be32(&p, 0x11070000);		/* PADO */
	be16(&p, 4 + 3 + 4 + 2 + 4 + 1 + 4);
	be32(&p, 0x01020003);		/* AC-Name */
	raw(&p, "bas", 3);
	be32(&p, 0x01010002);		/* Service-Name */
	raw(&p, "tv", 2);
	be32(&p, 0x01010001);		/* a second one */
	raw(&p, "x", 1);
	be32(&p, 0);			/* End-Of-List */
	fill(&p, 0, 20);		/* Ethernet padding */
	frame(DLT_EN10MB, &p);
	r = get(T_PPPOE, 0);
	ok(order_is("Ethernet,PPPoE") && r->version == 1 && r->type == 1 &&
	    r->code == 7 && r->n_tags == 4 && !txtcmp(r->ac_name, "bas") &&
	    !txtcmp(r->service_name, "tv") && r->tags[3]->type == 0,
	    "PPPoE: PADO tags, the first service, padding left alone");
	ok(frame_cuts(DLT_EN10MB, &p, 0), "PPPoE: every cut of a PADO decodes");
	frame_n(DLT_PPP_ETHER, p.b + 14, p.n - 14);
	ok(order_is("PPPoE"), "PPPoE: link type 51");

	/* A session frame: PPP without address and control. */
	p.n = 14;
	p.b[13] = 0x64;
	be32(&p, 0x11000017);
	be16(&p, 2 + 32);
	be16(&p, 0x0021);
	udp4(&p);
	frame(DLT_EN10MB, &p);
	r = get(T_PPPOE, 0);
	ok(order_is("Ethernet,PPPoE,PPP,IPv4,UDP") && r->session_id == 0x17 &&
	    r->code == 0 && r->n_tags == 0, "PPPoE: session data");
	ok(frame_cuts(DLT_EN10MB, &p, 0),
	    "PPPoE: every cut of a session frame decodes");
}

static void
test_chdlc(void)
{
	static struct pkt p;
	Netcap__CHDLC *r;

	be32(&p, 0x8f008035);
	be32(&p, 2);
	be32(&p, 10);
	be32(&p, 9);
	be16(&p, 0xffff);
	frame(DLT_C_HDLC, &p);
	r = get(T_CHDLC, 0);
	ok(order_is("CHDLC") && r->address == 0x8f && r->protocol == 0x8035 &&
	    r->_slarp_type_case && r->slarp_type == 2 &&
	    r->slarp_my_sequence == 10 && r->slarp_your_sequence == 9 &&
	    r->_slarp_reliability_case && r->slarp_reliability == 0xffff,
	    "CHDLC: SLARP keepalive");
	ok(frame_cuts(DLT_C_HDLC, &p, 0),
	    "CHDLC: every cut of a keepalive decodes");

	p.n = 0;
	be32(&p, 0x8f008035);
	be32(&p, 1);
	be32(&p, 0xc0000201);
	be32(&p, 0xfffffffc);
	frame(DLT_C_HDLC, &p);
	r = get(T_CHDLC, 0);
	ok(order_is("CHDLC") && bin_is(r->slarp_address_ip, "\xc0\0\2\1", 4) &&
	    bin_is(r->slarp_netmask_ip, "\xff\xff\xff\xfc", 4) &&
	    !r->_slarp_my_sequence_case, "CHDLC: SLARP reply");

	/* CDP has its own protocol number on Cisco HDLC. */
	p.n = 0;
	be32(&p, 0x8f002000);
	be32(&p, 0x02b40000);
	be32(&p, 0x00010006);
	raw(&p, "r1", 2);
	frame(DLT_C_HDLC, &p);
	ok(order_is("CHDLC,CDP"), "CHDLC: CDP");
}

int
main(void)
{
	test_frames();
	test_lcp();
	test_auth();
	test_pppoe();
	test_chdlc();
	clear();
	return tap_done();
}
