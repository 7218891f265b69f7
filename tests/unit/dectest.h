/* The harness every decoder unit test uses: include this one header.
 *
 *   building   pkt.h: struct pkt and u8/be16/be24/be32/le16/le32/le64,
 *              raw, fill, str, set16/setle16 (patch bytes already
 *              written), unhex.
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
 *              reason(i); str_is, has, bin_is, bin_hex, mac_is.
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
static int cut_quiet;		/* cuts of the last *_cuts() without Undecoded */
static int cut_empty_recs;	/* records the empty cut of layer_cuts() gave */

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
