/* The harness every decoder unit test uses: include this one header.
 *
 *   building   pkt.h: struct pkt and u8/be16/be24/be32/le16/le32/le64,
 *              raw, fill, str, set16/setle16 (patch bytes already
 *              written), unhex.  Here: the addresses mac_a/b, ip4_a-d,
 *              ip6_a/b and eth(), eth_more(), ipv4(), ipv6() (with
 *              options, swapped), ip4_hdr(), ip6_hdr() (plain), tcp(),
 *              udp().
 *   decoding   frame(dlt, &p) decodes p as one captured frame, stamped
 *              TS and PKTNO; frame_n() takes bytes and a length, and
 *              decode_ex() also the wire length, the payload flag and a
 *              "TCP,DNS" selection.  layer(name, &p, sport, dport) hands
 *              p to one decoder by its layer name (nc_decode_layer()
 *              stamps time 1, packet 1); layer_n() takes bytes.  Every
 *              call starts a fresh decoder, clears the records and
 *              decodes from an exactly sized heap copy, so that the
 *              sanitizer build sees any read past the end.  wire_n
 *              (frame length on the wire, if larger than captured) and
 *              dec_payload (keep payload bytes) apply to frame().
 *   records    recs.h: rec[], nrec, get(type, i), count(type), order(),
 *              order_is("Ethernet,IPv4,UDP"), stop_at; named("DNS").
 *   checks     undecoded(i, layer, offset, reason): the i-th Undecoded
 *              record (ANY_OFF skips the offset; reason is a prefix);
 *              reason(i); str_is, has, bin_is, bin_hex, mac_is, ip_is.
 *   abuse      layer_cuts() and frame_cuts() decode every prefix (with
 *              payload bytes kept) and fail when one gives no record at
 *              all; cut_quiet counts those without an Undecoded record.
 *              flips() sets each byte to 0xff and to 0 (the sanitizer
 *              build checks the reads); abuse() is layer_cuts() and
 *              flips().
 *   TAP        tap.h: ok(cond, "name"), tap_done().
 *
 * A test that keeps one decoder across packets (reassembly, connection
 * state) calls nc_decoder_init() itself with collect() as the emit
 * callback.  Everything is static inline, so a test that uses only some
 * of it gets no unused-function warnings. */
#ifndef NC_TEST_DECTEST_H
#define NC_TEST_DECTEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "netcap.pb-c.h"
#include "tap.h"
#include "pkt.h"
#include "recs.h"

/* 0 when the bytes of a [text] field are exactly the string s. */
static inline int
txtcmp(ProtobufCBinaryData b, const char *s)
{
	size_t n = strlen(s);

	return b.len == n && (n == 0 || memcmp(b.data, s, n) == 0) ? 0 : 1;
}

#define TS 1234567890123456789LL
#define PKTNO 7
#define ANY_OFF UINT32_MAX

enum {
	DLT_NULL = 0, DLT_EN10MB = 1, DLT_PPP = 9, DLT_RAW = 12,
	DLT_PPP_SERIAL = 50, DLT_PPP_ETHER = 51, DLT_C_HDLC = 104,
	DLT_LOOP = 108, DLT_SLL = 113, DLT_PPP_WITH_DIR = 204,
	DLT_IPV4 = 228, DLT_IPV6 = 229, DLT_SLL2 = 276, LINKTYPE_RAW = 101,
};

static size_t wire_n;		/* frame length on the wire, if larger */
static int dec_payload;		/* nc_decoder_init()'s payload flag */
static int64_t want_ts;		/* what the last decode stamps records with */
static uint64_t want_packet;
static int cut_quiet;		/* cuts of the last *_cuts() not Undecoded */
static int cut_empty_recs;	/* records the empty cut of layer_cuts() gave */

/* --- frames ------------------------------------------------------------ */

/* Two hosts on one link, and a second pair of IPv4 addresses for the
 * inner packets of tunnels. */
static const uint8_t mac_a[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t mac_b[6] = { 2, 0, 0, 0, 0, 2 };
static const uint8_t ip4_a[4] = { 10, 0, 0, 1 };
static const uint8_t ip4_b[4] = { 10, 0, 0, 2 };
static const uint8_t ip4_c[4] = { 172, 16, 0, 1 };
static const uint8_t ip4_d[4] = { 172, 16, 0, 2 };
static const uint8_t ip6_a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t ip6_b[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

/* Starts p with an Ethernet header from mac_a to mac_b. */
static inline void
eth(struct pkt *p, unsigned type)
{
	p->n = 0;
	raw(p, mac_b, 6);
	raw(p, mac_a, 6);
	be16(p, type);
}

/* ... or appends one (an inner frame). */
static inline void
eth_more(struct pkt *p, unsigned type)
{
	raw(p, mac_b, 6);
	raw(p, mac_a, 6);
	be16(p, type);
}

/* IPv4 header with total length 20 + optlen + len; returns its offset. */
static inline size_t
ipv4(struct pkt *p, unsigned proto, size_t len, const uint8_t *opt,
    size_t optlen, int swap)
{
	size_t at = p->n;

	u8(p, 0x40 | (unsigned)(5 + optlen / 4));
	u8(p, 0x10);
	be16(p, (unsigned)(20 + optlen + len));
	be16(p, 0x1234);
	be16(p, 0x4000);		/* DF */
	u8(p, 64);
	u8(p, proto);
	be16(p, 0xbeef);
	raw(p, swap ? ip4_b : ip4_a, 4);
	raw(p, swap ? ip4_a : ip4_b, 4);
	if (optlen > 0)
		raw(p, opt, optlen);
	return at;
}

/* IPv6 header from ip6_a to ip6_b (swapped: back); returns its offset. */
static inline size_t
ipv6(struct pkt *p, unsigned nh, size_t plen, int swap)
{
	size_t at = p->n;

	be32(p, 0x6ab12345);		/* tc 0xab, flow label 0x12345 */
	be16(p, (unsigned)plen);
	u8(p, nh);
	u8(p, 255);
	raw(p, swap ? ip6_b : ip6_a, 16);
	raw(p, swap ? ip6_a : ip6_b, 16);
	return at;
}

/* A plain IPv4 header (no TOS, no options) with total length 20 + len. */
static inline void
ip4_hdr(struct pkt *p, unsigned proto, size_t len, const uint8_t *src,
    const uint8_t *dst)
{
	u8(p, 0x45);
	u8(p, 0);
	be16(p, (unsigned)(20 + len));
	be16(p, 0x1234);
	be16(p, 0x4000);
	u8(p, 64);
	u8(p, proto);
	be16(p, 0xbeef);
	raw(p, src, 4);
	raw(p, dst, 4);
}

/* A plain IPv6 header from ip6_a to ip6_b. */
static inline void
ip6_hdr(struct pkt *p, unsigned nh, size_t plen)
{
	be32(p, 0x60000000);
	be16(p, (unsigned)plen);
	u8(p, nh);
	u8(p, 64);
	raw(p, ip6_a, 16);
	raw(p, ip6_b, 16);
}

static inline void
tcp(struct pkt *p, unsigned sport, unsigned dport, unsigned flags,
    const uint8_t *opt, size_t optlen)
{
	be16(p, sport);
	be16(p, dport);
	be32(p, 0x01020304);
	be32(p, 0xa0b0c0d0);
	u8(p, (unsigned)((5 + optlen / 4) << 4) | (flags >> 8));
	u8(p, flags & 0xff);
	be16(p, 65535);
	be16(p, 0xcafe);
	be16(p, 7);
	if (optlen > 0)
		raw(p, opt, optlen);
}

static inline void
udp(struct pkt *p, unsigned sport, unsigned dport, unsigned len)
{
	be16(p, sport);
	be16(p, dport);
	be16(p, len);
	be16(p, 0xabcd);
}

/* --- decoding ------------------------------------------------------------ */

static inline uint8_t *
heap_copy(const uint8_t *p, size_t n)
{
	uint8_t *copy = malloc(n > 0 ? n : 1);

	if (copy == NULL)
		abort();
	memcpy(copy, p, n);
	return copy;
}

/* caplen bytes of p, a frame of wirelen bytes on the wire.  only: the
 * comma-separated types to want, NULL for all. */
static inline int
decode_ex(int dlt, const uint8_t *p, size_t caplen, size_t wirelen,
    int payload, const char *only)
{
	struct nc_decoder d;
	struct nc_typeset set;
	const char *bad;
	uint8_t *copy;
	int rc;

	clear();
	memset(&set, 0, sizeof set);
	if (only != NULL && nc_typeset_add(&set, only, &bad) < 0)
		abort();
	if (nc_decoder_init(&d, dlt, only != NULL ? &set : NULL, payload,
	    collect, NULL) < 0)
		abort();
	copy = heap_copy(p, caplen);
	want_ts = TS;
	want_packet = PKTNO;
	rc = nc_decode_packet(&d, TS, PKTNO, copy, caplen, wirelen);
	free(copy);
	nc_decoder_free(&d);
	return rc;
}

static inline int
frame_n(int dlt, const uint8_t *p, size_t n)
{
	return decode_ex(dlt, p, n, wire_n > n ? wire_n : n, dec_payload,
	    NULL);
}

static inline int
frame(int dlt, const struct pkt *p)
{
	return frame_n(dlt, p->b, p->n);
}

/* n bytes of p handed to the decoder of this layer name ("DNS"), as if
 * it came from port sport to dport. */
static inline int
layer_n(const char *name, const uint8_t *p, size_t n, unsigned sport,
    unsigned dport)
{
	struct nc_decoder d;
	uint8_t *copy;
	int rc;

	clear();
	if (nc_decoder_init(&d, DLT_EN10MB, NULL, dec_payload, collect,
	    NULL) < 0)
		abort();
	copy = heap_copy(p, n);
	want_ts = 1;
	want_packet = 1;
	rc = nc_decode_layer(&d, name, copy, n, sport, dport);
	free(copy);
	nc_decoder_free(&d);
	return rc;
}

static inline int
layer(const char *name, const struct pkt *p, unsigned sport,
    unsigned dport)
{
	return layer_n(name, p->b, p->n, sport, dport);
}

/* --- looking at the records ---------------------------------------------- */

/* The first record of this type name ("DHCPv4"), or NULL. */
static inline void *
named(const char *type)
{
	int i;

	for (i = 0; i < nrec; i++)
		if (strcmp(rec[i].m->descriptor->short_name, type) == 0)
			return rec[i].m;
	return NULL;
}

/* The nth Undecoded record has this layer, offset (unless ANY_OFF) and
 * reason prefix, and the stamp of the decode that made it. */
static inline int
undecoded(int nth, const char *lay, uint32_t off, const char *reason)
{
	Netcap__Undecoded *u = get(NETCAP__RECORD__RECORD_UNDECODED, nth);

	if (u == NULL) {
		printf("# no Undecoded record %d (records %s)\n", nth,
		    order());
		return 0;
	}
	if (strcmp(u->layer, lay) != 0 || (off != ANY_OFF &&
	    u->offset != off) ||
	    strncmp(u->reason, reason, strlen(reason)) != 0) {
		printf("# undecoded: %s @%u: %s\n", u->layer, u->offset,
		    u->reason);
		return 0;
	}
	if (u->ts != want_ts || u->packet != want_packet) {
		printf("# undecoded: stamped %lld/%llu\n", (long long)u->ts,
		    (unsigned long long)u->packet);
		return 0;
	}
	return 1;
}

/* The reason of the nth Undecoded record, or "". */
static inline const char *
reason(int nth)
{
	Netcap__Undecoded *u = get(NETCAP__RECORD__RECORD_UNDECODED, nth);

	return u != NULL ? u->reason : "";
}

static inline int
str_is(const char *got, const char *want)
{
	if (got != NULL && strcmp(got, want) == 0)
		return 1;
	printf("# got \"%s\", want \"%s\"\n", got ? got : "(null)", want);
	return 0;
}

static inline int
has(const char *s, const char *sub)
{
	return s != NULL && strstr(s, sub) != NULL;
}

static inline int
bin_hex(ProtobufCBinaryData b, const char *hex)
{
	uint8_t w[256];

	return bin_is(b, w, unhex(hex, w));
}

/* A MAC address, or none at all for NULL. */
static inline int
mac_is(ProtobufCBinaryData b, const uint8_t *m)
{
	if (m == NULL)
		return b.len == 0;
	return bin_is(b, m, 6);
}

/* An IPv4 address a.b1.c.d. */
static inline int
ip_is(ProtobufCBinaryData b, unsigned a, unsigned b1, unsigned c, unsigned d)
{
	const uint8_t w[4] = { (uint8_t)a, (uint8_t)b1, (uint8_t)c,
	    (uint8_t)d };

	return bin_is(b, w, 4);
}

/* --- abuse --------------------------------------------------------------- */

/* Every prefix of p but the whole, as layer name: each gives a record
 * (cut_empty_recs tells whether the empty one did) and nc_decode_layer()
 * succeeds.  cut_quiet counts the prefixes that gave no Undecoded record.
 * The cuts keep payload bytes, so that their copies are checked too. */
static inline int
layer_cuts(const char *name, const struct pkt *p, unsigned sport,
    unsigned dport)
{
	size_t i;
	int good = 1, payload = dec_payload;

	cut_quiet = 0;
	dec_payload = 1;
	for (i = 0; i < p->n; i++) {
		if (layer_n(name, p->b, i, sport, dport) != 0) {
			printf("# %s cut at %zu: failed\n", name, i);
			good = 0;
		} else if (i > 0 && nrec == 0) {
			printf("# %s cut at %zu: no record\n", name, i);
			good = 0;
		}
		if (i == 0)
			cut_empty_recs = nrec;
		cut_quiet += count(NETCAP__RECORD__RECORD_UNDECODED) == 0;
	}
	dec_payload = payload;
	return good;
}

/* Every prefix of p from the first bytes on, as a frame of link type
 * dlt: each gives a record. */
static inline int
frame_cuts(int dlt, const struct pkt *p, size_t first)
{
	size_t i;
	int good = 1, payload = dec_payload;

	cut_quiet = 0;
	dec_payload = 1;
	for (i = first; i < p->n; i++) {
		frame_n(dlt, p->b, i);
		if (i > 0 && nrec == 0) {
			printf("# cut at %zu: no record\n", i);
			good = 0;
		}
		cut_quiet += count(NETCAP__RECORD__RECORD_UNDECODED) == 0;
	}
	dec_payload = payload;
	return good;
}

/* p with each byte set to 0xff and to 0 in turn, as layer name. */
static inline void
flips(const char *name, const struct pkt *p, unsigned sport,
    unsigned dport)
{
	struct pkt *q = malloc(sizeof *q);
	size_t i;

	if (q == NULL)
		abort();
	memcpy(q->b, p->b, p->n);
	q->n = p->n;
	for (i = 0; i < p->n; i++) {
		q->b[i] = 0xff;
		layer(name, q, sport, dport);
		q->b[i] = 0;
		layer(name, q, sport, dport);
		q->b[i] = p->b[i];
	}
	free(q);
}

static inline int
abuse(const char *name, const struct pkt *p, unsigned sport,
    unsigned dport)
{
	int good = layer_cuts(name, p, sport, dport);

	flips(name, p, sport, dport);
	return good;
}

#endif
