/* Unit tests for the NTP decoder: payloads built byte by byte and handed
 * to one decoder through layer_n(); every record is packed and unpacked
 * again before its fields are checked.  Damaged payloads (cut at every
 * length, lying lengths, oversize counts) must give Undecoded records,
 * never a crash.  A whole frame checks the endpoints and flow that come
 * from the layers below. */
#include "dectest.h"

static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t ip_c[4] = { 192, 0, 2, 10 }, ip_s[4] = { 192, 0, 2, 1 };

/* --- NTP ----------------------------------------------------------------- */

static void
test_ntp(void)
{
	Netcap__NTP *n = NULL;
	struct pkt p;

	p.n = 0;
	u8(&p, 0x24 | 0x80);		/* LI 2, v4, server */
	u8(&p, 2);
	u8(&p, 6);
	u8(&p, 0xe9);			/* -23 */
	be32(&p, 0x123);
	be32(&p, 0x456);
	be32(&p, 0xc0000201);
	be32(&p, 0xe9368e60);
	be32(&p, 1);
	be32(&p, 0xe9368e6a);
	be32(&p, 2);
	be32(&p, 0xe9368e6a);
	be32(&p, 3);
	be32(&p, 0xe9368e6a);
	be32(&p, 4);
	be32(&p, 7);			/* key id */
	ok(layer_n("NTP", p.b, p.n, 123, 123) == 0 && nrec == 1 &&
	    (n = named("NTP")) != NULL, "NTP: one record");
	if (n == NULL)
		return;
	ok(n->_leap_indicator_case && n->leap_indicator == 2 &&
	    n->version == 4 && n->mode == 4 &&
	    n->stratum == 2 && n->poll == 6 && n->precision == -23,
	    "NTP: li, version, mode, stratum, poll, precision");
	ok(n->root_delay == 0x123 && n->root_dispersion == 0x456 &&
	    n->reference_id == 0xc0000201, "NTP: root delay, dispersion, "
	    "refid");
	ok(n->reference_timestamp == 0xe9368e6000000001ULL &&
	    n->origin_timestamp == 0xe9368e6a00000002ULL &&
	    n->receive_timestamp == 0xe9368e6a00000003ULL &&
	    n->transmit_timestamp == 0xe9368e6a00000004ULL,
	    "NTP: the four timestamps, raw");
	ok(bin_is(n->extension_bytes, "\0\0\0\7", 4) && !n->_opcode_case,
	    "NTP: bytes after the header");
	ok(layer_cuts("NTP", &p, 123, 123), "NTP: cut at each of %zu "
	    "lengths: a record or Undecoded every time", p.n);

	p.n = 0;
	u8(&p, 0x16);
	u8(&p, 0xc2);			/* R, E, read variables */
	be16(&p, 5);
	be16(&p, 0x0615);
	be16(&p, 9);
	be16(&p, 0);
	be16(&p, 100);			/* count past the data */
	str(&p, "a=1");
	layer_n("NTP", p.b, p.n, 123, 50000);
	n = named("NTP");
	ok(n != NULL && n->mode == 6 && n->response && n->error && !n->more &&
	    n->opcode == 2 && n->sequence == 5 && n->status == 0x615 &&
	    n->association_id == 9 && n->offset == 0 && n->count == 100 &&
	    bin_is(n->data, "a=1", 3) && n->extension_bytes.len == 0,
	    "NTP control: all fields, data cut to what is there");
	p.b[11] = 2;			/* count 2: "=1" is the padding */
	layer_n("NTP", p.b, p.n, 123, 50000);
	n = named("NTP");
	ok(n != NULL && bin_is(n->data, "a=", 2) &&
	    bin_is(n->extension_bytes, "1", 1),
	    "NTP control: bytes after count are extension_bytes");
	layer_n("NTP", p.b, 11, 123, 50000);
	ok(nrec == 1 && has(reason(0), "11 of 12"),
	    "NTP control cut: %s", reason(0));

	layer_n("NTP", (const uint8_t *)"\x17\x00\x03\x2a", 4, 123, 123);
	n = named("NTP");
	ok(n != NULL && n->mode == 7 && bin_is(n->data, "\0\3\x2a", 3),
	    "NTP mode 7: first byte's fields and the rest as data");
	ok(n != NULL && !n->_leap_indicator_case && !n->response && !n->more,
	    "NTP mode 7 request: no leap indicator, R and M clear");
	layer_n("NTP", (const uint8_t *)"\xd7\x00\x03\x2a", 4, 123, 123);
	n = named("NTP");
	ok(n != NULL && n->mode == 7 && n->version == 2 &&
	    !n->_leap_indicator_case && n->response && n->more,
	    "NTP mode 7 response: R and M bits, no leap indicator");
	layer_n("NTP", (const uint8_t *)"\xc8\x00", 2, 123, 123);
	n = named("NTP");
	ok(n != NULL && n->mode == 0 && n->_leap_indicator_case &&
	    n->leap_indicator == 3, "NTP mode 0 keeps its leap indicator");
	layer_n("NTP", (const uint8_t *)"\x03\x00", 2, 123, 123);
	ok(nrec == 1 && has(reason(0), "not NTP: version 0"), "NTP v0: %s",
	    reason(0));
	layer_n("NTP", (const uint8_t *)"\x3b", 1, 123, 123);
	ok(nrec == 1 && has(reason(0), "not NTP: version 7"), "NTP v7: %s",
	    reason(0));
}

/* --- a whole frame: endpoints and flow come from the layers below ------- */

static void
test_frame(void)
{
	static const uint8_t ntp48[48] = { 0x23 };
	struct pkt p;
	Netcap__UDP *u;
	Netcap__NTP *n;

	p.n = 0;
	fill(&p, 0xff, 6);
	raw(&p, mac, 6);
	be16(&p, 0x0800);
	be16(&p, 0x4500);
	be16(&p, 20 + 8 + 48);
	be32(&p, 0);
	be16(&p, 0x4011);
	be16(&p, 0);
	raw(&p, ip_c, 4);
	raw(&p, ip_s, 4);
	be16(&p, 40000);
	be16(&p, 123);
	be16(&p, 8 + 48);
	be16(&p, 0);
	raw(&p, ntp48, sizeof ntp48);
	ok(frame(DLT_EN10MB, &p) == 0,
	    "frame: Ethernet, IPv4, UDP, NTP decodes");
	u = named("UDP");
	n = named("NTP");
	ok(u != NULL && n != NULL && n->ts == TS && n->packet == PKTNO &&
	    bin_is(n->src_ip, ip_c, 4) && bin_is(n->dst_ip, ip_s, 4) &&
	    n->src_port == 40000 && n->dst_port == 123 && n->flow == u->flow &&
	    n->flow != 0 && n->mode == 3 && n->inner == 0,
	    "frame: NTP record carries ts, packet, endpoints and UDP's flow");
}

int
main(void)
{
	test_ntp();
	test_frame();
	clear();
	return tap_done();
}
