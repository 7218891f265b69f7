/* Unit tests for the BFD decoder: payloads built byte by byte and handed
 * to one decoder through layer_n(); every record is packed and unpacked
 * again before its fields are checked.  Damaged payloads (cut at every
 * length, lying lengths, oversize counts) must give Undecoded records,
 * never a crash. */
#include "dectest.h"

/* --- BFD ----------------------------------------------------------------- */

static void
bfd(struct pkt *p, unsigned flags, unsigned len)
{
	p->n = 0;
	u8(p, 0x20 | 3);
	u8(p, 3 << 6 | flags);
	u8(p, 5);
	u8(p, len);
	be32(p, 0x11223344);
	be32(p, 0x55667788);
	be32(p, 300000);
	be32(p, 200000);
	be32(p, 50000);
}

/* Found by UDP port: the single-hop, multihop and micro-BFD (per LAG
 * member link, RFC 7130) ports, from either side. */
static void
test_bfd_ports(void)
{
	static const unsigned port[] = { 3784, 4784, 6784 };
	struct pkt p, u;
	size_t i;

	bfd(&p, 0, 24);
	for (i = 0; i < sizeof port / sizeof port[0]; i++) {
		u.n = 0;
		be16(&u, 49152);
		be16(&u, port[i]);
		be16(&u, (unsigned)(8 + p.n));
		be16(&u, 0);
		raw(&u, p.b, p.n);
		layer_n("UDP", u.b, u.n, 0, 0);
		ok(named("UDP") != NULL && named("BFD") != NULL && nrec == 2,
		    "BFD on UDP port %u", port[i]);
		u.b[0] = (uint8_t)(port[i] >> 8);
		u.b[1] = (uint8_t)port[i];
		u.b[2] = 0xc0;
		u.b[3] = 0x00;
		layer_n("UDP", u.b, u.n, 0, 0);
		ok(named("BFD") != NULL && nrec == 2,
		    "BFD from UDP port %u", port[i]);
	}
}

static void
test_bfd(void)
{
	Netcap__BFD *b;
	struct pkt p;

	bfd(&p, 0x3f, 24);
	layer_n("BFD", p.b, p.n, 49152, 3784);
	b = named("BFD");
	ok(b != NULL && nrec == 2 && b->version == 1 && b->diagnostic == 3 &&
	    b->state == 3 && b->poll && b->final &&
	    b->control_plane_independent && b->auth_present && b->demand &&
	    b->multipoint && b->detect_multiplier == 5 && b->length == 24,
	    "BFD: version, diag, state, P F C A D M, mult, length");
	ok(b != NULL && b->my_discriminator == 0x11223344 &&
	    b->your_discriminator == 0x55667788 &&
	    b->desired_min_tx_interval == 300000 &&
	    b->required_min_rx_interval == 200000 &&
	    b->required_min_echo_rx_interval == 50000 && !b->_auth_type_case,
	    "BFD: discriminators and intervals");
	ok(has(reason(0), "truncated authentication"), "BFD: A set, no room for "
	    "the section: %s", reason(0));
	bfd(&p, 0x04, 48);
	u8(&p, 2);
	u8(&p, 24);
	u8(&p, 9);
	u8(&p, 0);
	be32(&p, 42);
	fill(&p, 0xaa, 16);
	layer_n("BFD", p.b, p.n, 49152, 3784);
	b = named("BFD");
	ok(b != NULL && nrec == 1 && b->auth_type == 2 &&
	    b->auth_key_id == 9 && b->auth_sequence == 42,
	    "BFD: keyed MD5 authentication section");
	ok(layer_cuts("BFD", &p, 49152, 3784), "BFD: cut at each of %zu "
	    "lengths: a record or Undecoded every time", p.n);
	bfd(&p, 0, 200);
	layer_n("BFD", p.b, p.n, 49152, 3784);
	ok(named("BFD") != NULL && nrec == 2 && has(reason(0), "bad length 200"),
	    "BFD: length past the packet: %s", reason(0));
	bfd(&p, 0, 10);
	layer_n("BFD", p.b, p.n, 49152, 3784);
	ok(nrec == 2 && has(reason(0), "bad length 10"), "BFD: short length: %s",
	    reason(0));
	bfd(&p, 0, 24);
	p.b[0] = 0x03;
	layer_n("BFD", p.b, p.n, 49152, 3784);
	ok(nrec == 1 && has(reason(0), "not BFD: version 0"), "BFD v0: %s",
	    reason(0));
	test_bfd_ports();
}

int
main(void)
{
	test_bfd();
	clear();
	return tap_done();
}
