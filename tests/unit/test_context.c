/* Two decoders in one process share nothing mutable: each decodes its
 * packets to the same records whether it runs alone or interleaved with
 * another, even when the other decodes from inside its emit callback
 * while its record still points into the decoder's scratch.  And a
 * decoder's create/free cycle leaves nothing behind (run under
 * AddressSanitizer, whose leak checker fails the program).
 *
 * The packets: QUIC Initials (RFC 9001 A.2 client and A.3 server, RFC 9369
 * A.2 client), whose decryption depends on the decoder's connection table:
 * the server's Initial is sent to the client's empty SCID, so only a
 * decoder that saw the client's Initial of the flow finds its keys; DNS and
 * SNMP messages, whose records point into per-decoder scratch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "netcap.pb-c.h"
#include "pkt.h"
#include "quic_vectors.h"
#include "tap.h"

/* One packet of a capture: the layer it is decoded as and its ports. */
struct in {
	const char *layer;
	unsigned sport, dport;
	struct pkt p;
};

/* A decoder's output: every record, packed, each after its type. */
struct out {
	uint8_t *b;
	size_t n, cap;
	int records;
};

/* Set while a decoder runs: decodes this packet with the other decoder
 * from inside the emit callback, before the record is packed. */
struct run {
	struct out out;
	struct nc_decoder *other;
	const struct in *pending;
};

static void
out_put(struct out *o, const void *p, size_t n)
{
	if (o->n + n > o->cap) {
		o->cap = (o->n + n) * 2;
		if ((o->b = realloc(o->b, o->cap)) == NULL)
			abort();
	}
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static int
decode_in(struct nc_decoder *d, const struct in *in)
{
	return nc_decode_layer(d, in->layer, in->p.b, in->p.n, in->sport,
	    in->dport);
}

static int
emit(void *ctx, int type, const ProtobufCMessage *msg)
{
	struct run *r = ctx;
	size_t n = protobuf_c_message_get_packed_size(msg);
	uint8_t *b = malloc(n + 1);
	const struct in *in = r->pending;
	uint32_t t = (uint32_t)type, len = (uint32_t)n;

	if (b == NULL)
		abort();
	/* The other decoder runs now, while msg points into this one's
	 * scratch: had they shared it, msg would change under us. */
	if (in != NULL) {
		r->pending = NULL;
		if (decode_in(r->other, in) != 0)
			abort();
	}
	if (protobuf_c_message_pack(msg, b) != n)
		abort();
	out_put(&r->out, &t, sizeof t);
	out_put(&r->out, &len, sizeof len);
	out_put(&r->out, b, n);
	r->out.records++;
	free(b);
	return 0;
}

/* A DNS message: one question for name (dotted), and, for a response, one
 * A record for it. */
static void
dns(struct pkt *p, unsigned id, const char *name, int response)
{
	const char *s = name, *dot;
	size_t l;

	p->n = 0;
	be16(p, id);
	be16(p, response ? 0x8180 : 0x0100);
	be16(p, 1);
	be16(p, response ? 1 : 0);
	be16(p, 0);
	be16(p, 0);
	for (; *s != '\0'; s = *dot != '\0' ? dot + 1 : dot) {
		dot = strchr(s, '.');
		if (dot == NULL)
			dot = s + strlen(s);
		l = (size_t)(dot - s);
		u8(p, (unsigned)l);
		raw(p, s, l);
	}
	u8(p, 0);
	be16(p, 1);			/* A */
	be16(p, 1);			/* IN */
	if (response) {
		be16(p, 0xc00c);	/* the question's name */
		be16(p, 1);
		be16(p, 1);
		be32(p, 300);
		be16(p, 4);
		be32(p, 0xc0000200 | (id & 0xff));
	}
}

/* BER: tag, a short or two-byte length, and v. */
static void
tlv(struct pkt *p, unsigned tag, const struct pkt *v)
{
	u8(p, tag);
	if (v->n < 128) {
		u8(p, (unsigned)v->n);
	} else {
		u8(p, 0x82);
		be16(p, (unsigned)v->n);
	}
	raw(p, v->b, v->n);
}

/* An SNMPv2c GetRequest for one OID (BER-encoded, without its tag). */
static void
snmp(struct pkt *p, const char *community, const uint8_t *oid, size_t on)
{
	static struct pkt vb, vbl, pdu, msg, x;

	x.n = 0;
	raw(&x, oid, on);
	vb.n = 0;
	tlv(&vb, 0x06, &x);
	u8(&vb, 0x05);			/* NULL value */
	u8(&vb, 0);
	vbl.n = 0;
	tlv(&vbl, 0x30, &vb);
	x.n = 0;
	tlv(&x, 0x30, &vbl);
	pdu.n = 0;
	raw(&pdu, "\x02\x01\x07\x02\x01\x00\x02\x01\x00", 9);
	raw(&pdu, x.b, x.n);
	msg.n = 0;
	raw(&msg, "\x02\x01\x01", 3);	/* version 2c */
	x.n = 0;
	raw(&x, community, strlen(community));
	tlv(&msg, 0x04, &x);
	tlv(&msg, 0xa0, &pdu);
	p->n = 0;
	tlv(p, 0x30, &msg);
}

enum { NPKT = 5 };
static struct in cap1[NPKT], cap2[NPKT];

static void
make_captures(void)
{
	static const uint8_t oid1[] = { 0x2b, 6, 1, 2, 1, 1, 1, 0 };
	static const uint8_t oid2[] = { 0x2b, 6, 1, 2, 1, 2, 2, 1, 10, 3 };

	/* One: a client's Initial, then the server's answer on its flow.
	 * nc_decode_layer's addresses are fixed: the answer keeps the
	 * client's port order to stay in the same flow. */
	cap1[0] = (struct in){ "QUIC", 50000, 443, { { 0 }, 0 } };
	cap1[0].p.n = unhex(rfc9001_a2, cap1[0].p.b);
	cap1[1] = (struct in){ "DNS", 40000, 53, { { 0 }, 0 } };
	dns(&cap1[1].p, 0x1111, "www.example.com", 0);
	cap1[2] = (struct in){ "QUIC", 50000, 443, { { 0 }, 0 } };
	cap1[2].p.n = unhex(rfc9001_a3, cap1[2].p.b);
	cap1[3] = (struct in){ "SNMP", 40001, 161, { { 0 }, 0 } };
	snmp(&cap1[3].p, "public", oid1, sizeof oid1);
	cap1[4] = (struct in){ "DNS", 53, 40000, { { 0 }, 0 } };
	dns(&cap1[4].p, 0x1111, "www.example.com", 1);

	/* Two: the server's Initial on the same flow, with no client's
	 * Initial before it; a v2 client; other names and OIDs. */
	cap2[0] = (struct in){ "QUIC", 50000, 443, { { 0 }, 0 } };
	cap2[0].p.n = unhex(rfc9001_a3, cap2[0].p.b);
	cap2[1] = (struct in){ "SNMP", 40002, 161, { { 0 }, 0 } };
	snmp(&cap2[1].p, "private-community", oid2, sizeof oid2);
	cap2[2] = (struct in){ "QUIC", 50001, 443, { { 0 }, 0 } };
	cap2[2].p.n = unhex(rfc9369_a2, cap2[2].p.b);
	cap2[3] = (struct in){ "DNS", 40003, 53, { { 0 }, 0 } };
	dns(&cap2[3].p, 0x2222, "mail.example.org", 1);
	cap2[4] = (struct in){ "QUIC", 50000, 443, { { 0 }, 0 } };
	cap2[4].p.n = unhex(rfc9001_a3, cap2[4].p.b);
}

static void
decoder(struct nc_decoder *d, struct run *r)
{
	memset(r, 0, sizeof *r);
	if (nc_decoder_init(d, 1, NULL, 0, emit, r) != 0)
		abort();
}

static void
finish(struct nc_decoder *d)
{
	if (nc_decoder_finish(d) != 0)
		abort();
	nc_decoder_free(d);
}

/* The records of one capture decoded alone. */
static void
alone(const struct in *cap, struct out *o)
{
	struct nc_decoder d;
	struct run r;
	int i;

	decoder(&d, &r);
	for (i = 0; i < NPKT; i++)
		if (decode_in(&d, &cap[i]) != 0)
			abort();
	finish(&d);
	*o = r.out;
}

static int
same(const struct out *a, const struct out *b)
{
	return a->n == b->n && a->records == b->records &&
	    memcmp(a->b, b->b, a->n) == 0;
}

/* The number of QUIC records in o that were decrypted. */
static int
decrypted(const struct out *o)
{
	size_t at = 0;
	uint32_t t, len;
	int n = 0;

	while (at + 8 <= o->n) {
		memcpy(&t, o->b + at, 4);
		memcpy(&len, o->b + at + 4, 4);
		at += 8;
		if ((int)t == NETCAP__RECORD__RECORD_QUIC) {
			Netcap__QUIC *q = netcap__quic__unpack(NULL, len,
			    o->b + at);

			if (q == NULL)
				abort();
			n += q->decrypted;
			netcap__quic__free_unpacked(q, NULL);
		}
		at += len;
	}
	return n;
}

static void
test_share_nothing(void)
{
	struct out one, two;
	struct nc_decoder a, b;
	struct run ra, rb;
	int i;

	make_captures();
	alone(cap1, &one);
	alone(cap2, &two);
	ok(one.records == NPKT && two.records == NPKT,
	    "alone: %d and %d records", one.records, two.records);
	ok(decrypted(&one) == 2, "alone: the first decoder decrypts both "
	    "Initials of the flow");
	ok(decrypted(&two) == 1, "alone: the second decoder cannot decrypt "
	    "a server's Initial whose client it did not see");

	/* Packet by packet, the second decoder's packet decoded from inside
	 * the first one's emit callback. */
	decoder(&a, &ra);
	decoder(&b, &rb);
	ra.other = &b;
	for (i = 0; i < NPKT; i++) {
		ra.pending = &cap2[i];
		if (decode_in(&a, &cap1[i]) != 0)
			abort();
		if (ra.pending != NULL && decode_in(&b, &cap2[i]) != 0)
			abort();
	}
	finish(&a);
	finish(&b);
	ok(same(&ra.out, &one), "interleaved: the first decoder's records "
	    "are those it makes alone");
	ok(same(&rb.out, &two), "interleaved: the second decoder's records "
	    "are those it makes alone");
	free(ra.out.b);
	free(rb.out.b);

	/* The other way round: the second capture drives. */
	decoder(&a, &ra);
	decoder(&b, &rb);
	rb.other = &a;
	for (i = 0; i < NPKT; i++) {
		rb.pending = &cap1[i];
		if (decode_in(&b, &cap2[i]) != 0)
			abort();
		if (rb.pending != NULL && decode_in(&a, &cap1[i]) != 0)
			abort();
	}
	finish(&a);
	finish(&b);
	ok(same(&ra.out, &one) && same(&rb.out, &two), "interleaved the "
	    "other way: both decoders' records as alone");
	free(ra.out.b);
	free(rb.out.b);
	free(one.b);
	free(two.b);
}

/* Every decoder's state is freed: ASan's leak checker fails the program
 * otherwise.  The QUIC packets make the decoder allocate its cipher
 * contexts too. */
static void
test_cycle(void)
{
	struct nc_decoder d;
	struct run r;
	int i, j, fails = 0;

	for (i = 0; i < 50; i++) {
		decoder(&d, &r);
		for (j = 0; j < NPKT; j++)
			fails += decode_in(&d, &cap1[j]) != 0;
		finish(&d);
		fails += r.out.records < NPKT;
		free(r.out.b);
	}
	ok(fails == 0, "50 create/decode/free cycles");
	nc_decoder_free(&d);
	ok(d.s == NULL && d.ipfrag == NULL, "freeing twice is harmless");
}

int
main(void)
{
	test_share_nothing();
	test_cycle();
	return tap_done();
}
