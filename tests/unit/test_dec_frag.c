/* Unit tests for IP fragment reassembly (lib/decode/ipfrag.c, and the
 * fragment paths of ipv4.c and ipv6.c): sequences of raw IP packets fed
 * to one decoder, every record packed and unpacked before it is looked
 * at. */
#include "dectest.h"

#define T0 1700000000000000000LL
#define SEC 1000000000LL

/* A datagram payload: an 8-byte UDP header then a counting pattern. */
static uint8_t dgram[70000];

static void
make_udp(size_t len, unsigned sport, unsigned dport)
{
	size_t i;

	for (i = 8; i < len; i++)
		dgram[i] = (uint8_t)(i * 7 + 3);
	dgram[0] = (uint8_t)(sport >> 8);
	dgram[1] = (uint8_t)sport;
	dgram[2] = (uint8_t)(dport >> 8);
	dgram[3] = (uint8_t)dport;
	dgram[4] = (uint8_t)(len >> 8);
	dgram[5] = (uint8_t)len;
	dgram[6] = 0x12;
	dgram[7] = 0x34;
}

/* An IPv4 fragment of dgram: bytes [off, off + len). */
static void
v4(struct pkt *p, unsigned id, unsigned proto, size_t off, size_t len,
    int more)
{
	p->n = 0;
	u8(p, 0x45);
	u8(p, 0);
	be16(p, (unsigned)(20 + len));
	be16(p, id);
	be16(p, (unsigned)(off / 8) | (more ? 0x2000 : 0));
	u8(p, 64);
	u8(p, proto);
	be16(p, 0);
	raw(p, ip4_a, 4);
	raw(p, ip4_b, 4);
	raw(p, dgram + off, len);
}

/* An IPv6 fragment of dgram, with a hop-by-hop header first if hbh. */
static void
v6(struct pkt *p, uint32_t id, unsigned nh, size_t off, size_t len,
    int more, int hbh)
{
	p->n = 0;
	be32(p, 0x60000000);
	be16(p, (unsigned)(len + 8 + (hbh ? 8 : 0)));
	u8(p, hbh ? 0 : 44);
	u8(p, 64);
	raw(p, ip6_a, 16);
	raw(p, ip6_b, 16);
	if (hbh) {
		u8(p, 44);
		u8(p, 0);
		u8(p, 1);
		u8(p, 4);
		be32(p, 0);
	}
	u8(p, nh);
	u8(p, 0);
	be16(p, (unsigned)(off / 8) << 3 | (more ? 1 : 0));
	be32(p, id);
	raw(p, dgram + off, len);
}

/* --- the decoder and its records --------------------------------------- */

static struct nc_decoder dec;

static void
fresh(void)
{
	clear();
	nc_decoder_free(&dec);
	if (nc_decoder_init(&dec, DLT_RAW, NULL, 1, collect, NULL) < 0)
		abort();
}

/* Decodes p from an exactly sized heap copy (so ASan sees over-reads) as
 * packet number no at time ts. */
static int
feed_cut(const struct pkt *p, size_t caplen, int64_t ts, uint64_t no)
{
	uint8_t *copy = heap_copy(p->b, caplen);
	int rc;

	rc = nc_decode_packet(&dec, ts, no, copy, caplen, p->n);
	free(copy);
	return rc;
}

static int
feed(const struct pkt *p, int64_t ts, uint64_t no)
{
	return feed_cut(p, p->n, ts, no);
}

/* The first Undecoded record whose reason contains s. */
static Netcap__Undecoded *
und(const char *s)
{
	Netcap__Undecoded *u;
	int i;

	for (i = 0; (u = get(NETCAP__RECORD__RECORD_UNDECODED, i)) != NULL;
	    i++)
		if (strstr(u->reason, s) != NULL)
			return u;
	return NULL;
}

#define UDP_T NETCAP__RECORD__RECORD_UDP
#define UND_T NETCAP__RECORD__RECORD_UNDECODED
#define IP4_T NETCAP__RECORD__RECORD_IPV4

static void
check_udp(const char *what, uint64_t no, size_t len, unsigned sport)
{
	Netcap__UDP *u = get(UDP_T, 0);

	ok(count(UDP_T) == 1 && u != NULL, "%s: one UDP record", what);
	if (u == NULL)
		return;
	ok(u->packet == no, "%s: UDP on the completing packet %llu", what,
	    (unsigned long long)u->packet);
	ok(u->length == len && u->payload_size == len - 8,
	    "%s: UDP length %u payload %u", what, u->length, u->payload_size);
	ok(u->src_port == sport && u->checksum == 0x1234, "%s: UDP header",
	    what);
	ok(u->src_ip.len == 4 || u->src_ip.len == 16, "%s: addresses", what);
	ok(u->payload.len == len - 8 &&
	    memcmp(u->payload.data, dgram + 8, len - 8) == 0,
	    "%s: payload bytes", what);
}

/* --- tests ---------------------------------------------------------------- */

static void
in_order(void)
{
	struct pkt p;
	Netcap__IPv4 *ip;

	fresh();
	make_udp(3000, 1000, 2000);
	v4(&p, 0x101, 17, 0, 1480, 1);
	feed(&p, T0, 1);
	v4(&p, 0x101, 17, 1480, 1480, 1);
	feed(&p, T0 + 1, 2);
	ok(nrec == 2 && count(IP4_T) == 2, "in order: held fragments give "
	    "their IPv4 records and nothing else (%d)", nrec);
	v4(&p, 0x101, 17, 2960, 40, 0);
	feed(&p, T0 + 2, 3);
	check_udp("in order", 3, 3000, 1000);
	ip = get(IP4_T, 2);
	ok(rec[nrec - 1].type == UDP_T && ip != NULL && ip->packet == 3,
	    "in order: UDP after the completing packet's IPv4 record");
	ok(((Netcap__UDP *)get(UDP_T, 0))->ts == T0 + 2,
	    "in order: UDP has the completing packet's time");
	nc_decoder_finish(&dec);
	ok(count(UND_T) == 0, "in order: nothing left at the end");
}

static void
out_of_order(void)
{
	struct pkt p;

	fresh();
	make_udp(3500, 1001, 2000);
	v4(&p, 0x102, 17, 2960, 540, 0);
	feed(&p, T0, 1);
	v4(&p, 0x102, 17, 1480, 1480, 1);
	feed(&p, T0, 2);
	v4(&p, 0x102, 17, 0, 1480, 1);
	feed(&p, T0, 3);
	check_udp("out of order", 3, 3500, 1001);
	ok(count(UND_T) == 0, "out of order: no Undecoded");
}

static void
duplicate(void)
{
	struct pkt p;

	fresh();
	make_udp(2000, 1002, 2000);
	v4(&p, 0x103, 17, 0, 1480, 1);
	feed(&p, T0, 1);
	feed(&p, T0, 2);
	v4(&p, 0x103, 17, 1480, 520, 0);
	feed(&p, T0, 3);
	check_udp("duplicate", 3, 2000, 1002);
	ok(count(UND_T) == 0, "duplicate: ignored silently");
}

static void
overlap4(void)
{
	struct pkt p;
	Netcap__Undecoded *u;

	fresh();
	make_udp(2000, 1003, 2000);
	v4(&p, 0x104, 17, 0, 1480, 1);
	feed(&p, T0, 1);
	/* Starts 8 bytes early with other bytes: the first ones win. */
	v4(&p, 0x104, 17, 1472, 528, 0);
	memset(p.b + 20, 0xee, 8);
	feed(&p, T0, 2);
	u = und("overlaps earlier ones");
	ok(u != NULL && strcmp(u->layer, "IPv4") == 0 && u->packet == 2,
	    "IPv4 overlap: flagged on the overlapping packet");
	check_udp("IPv4 overlap", 2, 2000, 1003);
}

static void
v6_ext(void)
{
	struct pkt p;

	fresh();
	make_udp(3000, 1004, 2000);
	v6(&p, 0x20001, 17, 0, 1232, 1, 1);
	feed(&p, T0, 1);
	v6(&p, 0x20001, 17, 2464, 536, 0, 1);
	feed(&p, T0, 2);
	v6(&p, 0x20001, 17, 1232, 1232, 1, 1);
	feed(&p, T0, 3);
	ok(count(NETCAP__RECORD__RECORD_IPV6_FRAGMENT) == 3 &&
	    count(NETCAP__RECORD__RECORD_IPV6_HOP_BY_HOP) == 3,
	    "IPv6: each fragment keeps its extension header records");
	check_udp("IPv6 behind hop-by-hop", 3, 3000, 1004);
	ok(count(UND_T) == 0, "IPv6: no Undecoded");
}

/* Destination options after the fragment header are part of the
 * fragmentable part: decoded after reassembly, before the UDP header. */
static void
v6_dst_after(void)
{
	struct pkt p;
	Netcap__IPv6Destination *d;
	Netcap__UDP *u;
	static const uint8_t dst[8] = { 17, 0, 1, 4, 0, 0, 0, 0 };

	fresh();
	make_udp(2000, 1013, 2000);
	memmove(dgram + 8, dgram, 2000);
	memcpy(dgram, dst, 8);
	v6(&p, 0x20004, 60, 0, 1232, 1, 0);
	feed(&p, T0, 1);
	v6(&p, 0x20004, 60, 1232, 776, 0, 0);
	feed(&p, T0, 2);
	d = get(NETCAP__RECORD__RECORD_IPV6_DESTINATION, 0);
	u = get(UDP_T, 0);
	ok(d != NULL && d->packet == 2 && d->next_header == 17 &&
	    d->n_options == 1, "IPv6: destination options after the fragment "
	    "header, decoded after reassembly");
	ok(u != NULL && u->packet == 2 && u->length == 2000 &&
	    u->src_port == 1013 && rec[nrec - 1].type == UDP_T,
	    "IPv6: then the UDP header");
	ok(count(UND_T) == 0, "IPv6: no Undecoded (%d)", count(UND_T));
}

static void
overlap6(void)
{
	struct pkt p;
	Netcap__Undecoded *u;

	fresh();
	make_udp(3000, 1005, 2000);
	v6(&p, 0x20002, 17, 0, 1232, 1, 0);
	feed(&p, T0, 1);
	v6(&p, 0x20002, 17, 1224, 1240, 1, 0);
	feed(&p, T0, 2);
	u = und("discarded: overlapping");
	ok(u != NULL && u->packet == 2 && u->data.len == 1232 &&
	    strcmp(u->layer, "IPv6Fragment") == 0 &&
	    strstr(u->reason, "from packet 1") != NULL,
	    "IPv6 overlap: datagram discarded, held bytes reported");
	v6(&p, 0x20002, 17, 2464, 536, 0, 0);
	feed(&p, T0, 3);
	u = und("2464: datagram discarded at packet 2");
	ok(u != NULL && u->packet == 3 && u->data.len == 536,
	    "IPv6 overlap: a later fragment is explained");
	ok(count(UDP_T) == 0, "IPv6 overlap: no UDP");
	clear();
	nc_decoder_finish(&dec);
	ok(nrec == 0, "IPv6 overlap: a discarded datagram is not reported "
	    "again at the end");
}

static void
atomic(void)
{
	struct pkt p;

	fresh();
	make_udp(100, 1006, 2000);
	/* A held fragment with the same id must not be touched. */
	v6(&p, 0x20003, 17, 8, 16, 1, 0);
	feed(&p, T0, 1);
	v6(&p, 0x20003, 17, 0, 100, 0, 0);
	feed(&p, T0, 2);
	check_udp("atomic fragment", 2, 100, 1006);
	clear();
	nc_decoder_finish(&dec);
	ok(und("incomplete at end of input") != NULL,
	    "atomic fragment: the held fragment stays on its own");
}

static void
too_long(void)
{
	struct pkt p;

	fresh();
	make_udp(1600, 1007, 2000);
	v4(&p, 0x108, 17, 0, 1480, 1);
	feed(&p, T0, 1);
	v4(&p, 0x108, 17, 65528, 8, 0);
	feed(&p, T0, 2);
	ok(und("discarded: longer than 65535") != NULL, "too long: "
	    "discarded");
	clear();
	/* 65535 exactly: 20 + 65512 + 3 ... the largest that fits. */
	fresh();
	make_udp(65515, 1008, 2000);
	v4(&p, 0x109, 17, 0, 65512, 1);
	feed(&p, T0, 1);
	v4(&p, 0x109, 17, 65512, 3, 0);
	feed(&p, T0, 2);
	check_udp("65535-byte datagram", 2, 65515, 1008);
}

static void
expiry(void)
{
	struct pkt p;
	Netcap__Undecoded *u;

	fresh();
	make_udp(1600, 1009, 2000);
	v4(&p, 0x10a, 17, 0, 1480, 1);
	feed(&p, T0, 1);
	v4(&p, 0x10b, 17, 0, 1480, 1);
	feed(&p, T0 + 29 * SEC, 2);
	ok(count(UND_T) == 0, "expiry: nothing before 30 s");
	v4(&p, 0x10c, 17, 0, 1480, 1);
	feed(&p, T0 + 30 * SEC, 3);
	u = und("expired incomplete");
	ok(count(UND_T) == 1 && u != NULL && u->packet == 3 &&
	    strstr(u->reason, "0x010a from packet 1") != NULL &&
	    u->data.len == 1480 && memcmp(u->data.data, dgram, 1480) == 0,
	    "expiry: reported on the packet that noticed it, with its bytes");
	/* The expired id starts over. */
	v4(&p, 0x10a, 17, 1480, 120, 0);
	feed(&p, T0 + 31 * SEC, 4);
	ok(count(UDP_T) == 0, "expiry: a late piece does not complete it");
	clear();
	nc_decoder_finish(&dec);
	ok(count(UND_T) == 3, "finish: three incomplete datagrams");
	u = und("0x010a from packet 4 incomplete at end of input");
	ok(u != NULL && u->packet == 4 && u->ts == T0 + 31 * SEC,
	    "finish: time and number of the latest fragment");
	clear();
	nc_decoder_finish(&dec);
	ok(nrec == 0, "finish: forgets what it reported");
}

static void
eviction(void)
{
	struct pkt p;
	unsigned i;

	fresh();
	make_udp(1600, 1010, 2000);
	for (i = 0; i < 65; i++) {
		v4(&p, 0x300 + i, 17, 0, 1480, 1);
		feed(&p, T0 + i * 1000, i + 1);
	}
	ok(count(UND_T) == 1 && und("0x0300 from packet 1 evicted "
	    "incomplete") != NULL, "eviction: the oldest of 65 goes");
	clear();
	for (i = 1; i < 65; i++) {
		v4(&p, 0x300 + i, 17, 1480, 120, 0);
		feed(&p, T0 + 100, 100 + i);
	}
	ok(count(UDP_T) == 64 && count(UND_T) == 0, "eviction: the other "
	    "64 complete (%d UDP)", count(UDP_T));
}

static void
bad_fragments(void)
{
	Netcap__UDP *u;
	struct pkt p;
	size_t cut;

	fresh();
	make_udp(1600, 1011, 2000);
	v4(&p, 0x400, 17, 0, 1476, 1);
	feed(&p, T0, 1);
	ok(und("not a positive multiple of 8") != NULL, "a non-last fragment "
	    "of 1476 bytes is refused");
	clear();
	v4(&p, 0x401, 17, 0, 1480, 1);
	feed_cut(&p, 600, T0, 2);
	ok(und("cut short by the capture (580 of 1480") != NULL,
	    "a fragment cut by the snap length is refused");
	u = get(UDP_T, 0);
	ok(u != NULL && u->packet == 2 && u->src_port == 1011 &&
	    u->length == 1600 && u->payload_size == 1592 &&
	    count(UND_T) == 1, "a first fragment cut by the snap length: "
	    "its UDP header is decoded, the datagram's length kept");
	clear();
	v4(&p, 0x405, 17, 1480, 120, 0);
	feed_cut(&p, 60, T0, 2);
	ok(und("cut short") != NULL && count(UDP_T) == 0,
	    "a later fragment cut short: no transport header to decode");
	clear();
	v6(&p, 0x20011, 17, 0, 1232, 1, 0);
	feed_cut(&p, 200, T0, 2);
	u = get(UDP_T, 0);
	ok(und("cut short") != NULL && u != NULL && u->src_port == 1011 &&
	    u->length == 1600 && u->src_ip.len == 16,
	    "an IPv6 first fragment cut short: its UDP header is decoded");
	clear();
	v4(&p, 0x402, 17, 0, 1480, 1);
	p.b[2] = p.b[3] = 0;
	feed(&p, T0, 3);
	ok(und("total length 0") != NULL, "a fragment with total length 0");
	clear();
	/* Last fragments that disagree about the end. */
	v4(&p, 0x403, 17, 8, 16, 0);
	feed(&p, T0, 4);
	v4(&p, 0x403, 17, 8, 24, 0);
	feed(&p, T0, 5);
	ok(und("disagree") != NULL, "two different ends: discarded");
	clear();
	/* Every prefix of a first fragment: no crash, something said. */
	v4(&p, 0x404, 17, 0, 64, 1);
	for (cut = 0; cut <= p.n; cut++) {
		clear();
		feed_cut(&p, cut, T0, 10 + cut);
		if (count(UND_T) + count(IP4_T) == 0)
			break;
	}
	ok(cut == p.n + 1, "every truncation of a fragment gives a record");
	v6(&p, 0x20010, 17, 0, 64, 1, 1);
	for (cut = 0; cut <= p.n; cut++) {
		clear();
		feed_cut(&p, cut, T0, 200 + cut);
		if (nrec == 0)
			break;
	}
	ok(cut == p.n + 1, "every truncation of an IPv6 fragment gives a "
	    "record");
	clear();
	nc_decoder_finish(&dec);
}

/* A reassembled IP-in-IP datagram whose inner packet is a fragment with
 * the outer datagram's own key: it must get a slot of its own rather than
 * write into the buffer being decoded. */
static void
nested(void)
{
	struct pkt p, in;
	size_t i;

	fresh();
	in.n = 0;
	u8(&in, 0x45);
	u8(&in, 0);
	be16(&in, 20 + 24);
	be16(&in, 0x500);
	be16(&in, 0x2000);
	u8(&in, 64);
	u8(&in, 4);
	be16(&in, 0);
	raw(&in, ip4_a, 4);
	raw(&in, ip4_b, 4);
	for (i = 0; i < 24; i++)
		u8(&in, 0xaa);
	memcpy(dgram, in.b, in.n);
	v4(&p, 0x500, 4, 0, 24, 1);
	feed(&p, T0, 1);
	v4(&p, 0x500, 4, 24, in.n - 24, 0);
	feed(&p, T0, 2);
	ok(count(IP4_T) == 3, "nested: outer fragments and the inner header");
	clear();
	nc_decoder_finish(&dec);
	ok(count(UND_T) == 1 && und("incomplete at end") != NULL,
	    "nested: the inner fragment is held on its own");
}

static void
emit_stops(void)
{
	struct pkt p;

	fresh();
	make_udp(2000, 1012, 2000);
	v4(&p, 0x600, 17, 0, 1480, 1);
	feed(&p, T0, 1);
	v4(&p, 0x600, 17, 1480, 520, 0);
	stop_at = 1;		/* the completing packet's IPv4 record */
	ok(feed(&p, T0, 2) == 42 && count(UDP_T) == 0,
	    "an emit failure stops the packet, reassembled part included");
	stop_at = -1;
	clear();
	nc_decoder_finish(&dec);
	ok(nrec == 0, "the completed datagram is not held after that");
}

int
main(void)
{
	if (nc_decoder_init(&dec, DLT_RAW, NULL, 1, collect, NULL) < 0)
		abort();
	in_order();
	out_of_order();
	duplicate();
	overlap4();
	v6_ext();
	v6_dst_after();
	overlap6();
	atomic();
	too_long();
	expiry();
	eviction();
	bad_fragments();
	nested();
	emit_stops();
	clear();
	nc_decoder_free(&dec);
	return tap_done();
}
