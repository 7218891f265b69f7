/* IP fragment reassembly: IPv4 (RFC 791 section 3.2) and IPv6 (RFC 8200
 * section 4.5, RFC 5722 overlaps, RFC 6946 atomic fragments, which
 * ipv6.c decodes at once and never hands here).
 *
 * Memory is a pool allocated once: NC_IPFRAG_SLOTS datagrams in flight,
 * each with a 64 KiB buffer and a bitmap of the 8-byte blocks received
 * (fragment offsets count in 8-byte units, so a bitmap of 8192 bits
 * replaces RFC 815's hole list and bounds the work per fragment), so
 * decoding never allocates.  A datagram is keyed by source, destination
 * and identification, plus the protocol for IPv4 (RFC 791); IPv6 keys on
 * (source, destination, id) alone (RFC 8200) and takes the next header
 * from the fragment at offset 0.
 *
 * Policy, chosen to be predictable rather than to mimic one stack:
 *  - An exact duplicate (same blocks, same bytes) is ignored, as RFC 8200
 *    allows, in both families: captures often hold a packet twice.
 *  - IPv4 overlap: the bytes received first are kept, as BSD and older
 *    Linux did, and the overlapping fragment gets an Undecoded record so
 *    the overlap is visible (an evasion attempt or a broken stack).
 *  - IPv6 overlap: the whole datagram is discarded (RFC 5722).
 *  - A datagram longer than 65535 bytes (IPv4 header + payload, IPv6
 *    offset + fragment length, the "ping of death") or whose fragments
 *    disagree about where it ends is discarded.
 *  - A discarded datagram's key stays reserved until it expires, so its
 *    later fragments are reported as belonging to it instead of starting
 *    a new datagram that could never complete.
 *  - A datagram expires NC_IPFRAG_TIMEOUT after its first fragment,
 *    measured in packet time (Linux's ipfrag_time default is 30 s).
 *    Expiry is noticed when the next fragment of any datagram arrives,
 *    or at the end of the source (nc_decoder_finish).
 *  - With every slot taken, the oldest datagram is evicted.
 * What is given up is reported as an Undecoded record on the packet
 * during which it is noticed, carrying the bytes received so far (holes
 * zero-filled) with offset 0; the reason names the datagram's first
 * packet. */
#include "decode/internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NC_IPFRAG_SLOTS		64
#define NC_IPFRAG_TIMEOUT	(30 * 1000000000LL)
#define NC_IPFRAG_BYTES		65535
#define NC_IPFRAG_BLOCKS	((NC_IPFRAG_BYTES + 7) / 8)

enum { FREE, OPEN, DEAD };

struct dgram {
	uint8_t src[16], dst[16];
	uint8_t state, v6, busy, last_in, proto;
	uint32_t id;
	int64_t ts;			/* the first fragment's packet */
	uint64_t packet;
	int64_t last_ts;		/* the latest fragment's */
	uint64_t last_packet;
	uint64_t dead_packet;
	size_t end;			/* payload length, once last_in */
	size_t high;			/* highest byte received */
	size_t nblocks;			/* blocks received */
	uint8_t map[(NC_IPFRAG_BLOCKS + 7) / 8];
	uint8_t *buf;
};

struct nc_ipfrag {
	struct dgram g[NC_IPFRAG_SLOTS];
	uint8_t *pool;
};

struct nc_ipfrag *
nc_ipfrag_new(void)
{
	struct nc_ipfrag *r;
	size_t i;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	r->pool = calloc(NC_IPFRAG_SLOTS, NC_IPFRAG_BYTES);
	if (r->pool == NULL) {
		free(r);
		return NULL;
	}
	for (i = 0; i < NC_IPFRAG_SLOTS; i++)
		r->g[i].buf = r->pool + i * NC_IPFRAG_BYTES;
	return r;
}

void
nc_ipfrag_free(struct nc_ipfrag *r)
{
	if (r == NULL)
		return;
	free(r->pool);
	free(r);
}

static int
bit(const struct dgram *g, size_t b)
{
	return g->map[b / 8] >> (b % 8) & 1;
}

static void
release(struct dgram *g)
{
	uint8_t *buf = g->buf;
	size_t high = g->high;

	memset(buf, 0, high);
	memset(g, 0, sizeof *g);
	g->buf = buf;
}

/* An Undecoded record for a whole datagram: what was received of it. */
static void
report(struct nc_pkt *k, const struct dgram *g, const char *fmt, ...)
{
	Netcap__Undecoded u = NETCAP__UNDECODED__INIT;
	char what[64], reason[128];
	va_list ap;

	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_UNDECODED))
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(reason, sizeof reason, "datagram id 0x%0*x from packet %llu "
	    "%s", g->v6 ? 8 : 4, (unsigned)g->id,
	    (unsigned long long)g->packet, what);
	u.ts = k->ts;
	u.packet = k->packet;
	u.layer = g->v6 ? "IPv6Fragment" : "IPv4";
	u.reason = reason;
	u.data.data = g->buf;
	u.data.len = g->high;
	nc_dec_emit(k, NETCAP__RECORD__RECORD_UNDECODED, &u.base);
}

/* Gives up on an open datagram: reported, then its key is held until it
 * expires. */
static void
discard(struct nc_pkt *k, struct dgram *g, const char *why)
{
	report(k, g, "discarded: %s", why);
	memset(g->buf, 0, g->high);
	g->high = 0;
	g->state = DEAD;
	g->dead_packet = k->packet;
}

static void
expire(struct nc_pkt *k, struct nc_ipfrag *r)
{
	struct dgram *g;

	for (g = r->g; g < r->g + NC_IPFRAG_SLOTS; g++) {
		if (g->state == FREE || g->busy || k->ts <= g->ts ||
		    (uint64_t)k->ts - (uint64_t)g->ts < NC_IPFRAG_TIMEOUT)
			continue;
		if (g->state == OPEN)
			report(k, g, "expired incomplete after %lld s",
			    NC_IPFRAG_TIMEOUT / 1000000000LL);
		release(g);
	}
}

static struct dgram *
lookup(struct nc_ipfrag *r, const struct nc_frag *f)
{
	struct dgram *g;

	for (g = r->g; g < r->g + NC_IPFRAG_SLOTS; g++)
		if (g->state != FREE && !g->busy && g->v6 == f->v6 &&
		    g->id == f->id &&
		    (f->v6 || g->proto == f->proto) &&
		    memcmp(g->src, f->src, f->v6 ? 16 : 4) == 0 &&
		    memcmp(g->dst, f->dst, f->v6 ? 16 : 4) == 0)
			return g;
	return NULL;
}

/* A free slot, evicting the oldest datagram if there is none. */
static struct dgram *
take(struct nc_pkt *k, struct nc_ipfrag *r, const struct nc_frag *f)
{
	struct dgram *g, *old = NULL;

	for (g = r->g; g < r->g + NC_IPFRAG_SLOTS; g++) {
		if (g->state == FREE)
			break;
		if (!g->busy && (old == NULL || g->ts < old->ts))
			old = g;
	}
	if (g == r->g + NC_IPFRAG_SLOTS) {
		if (old == NULL)
			return NULL;	/* all busy: deep nesting */
		if (old->state == OPEN)
			report(k, old, "evicted incomplete: %d datagrams in "
			    "flight", NC_IPFRAG_SLOTS);
		release(old);
		g = old;
	}
	g->state = OPEN;
	g->v6 = (uint8_t)f->v6;
	g->id = f->id;
	g->proto = (uint8_t)f->proto;
	memcpy(g->src, f->src, f->v6 ? 16 : 4);
	memcpy(g->dst, f->dst, f->v6 ? 16 : 4);
	g->ts = k->ts;
	g->packet = k->packet;
	return g;
}

/* Decodes a complete datagram as part of the packet that completed it.
 * Offsets in its records count from the start of the reassembled
 * payload, which is what the records' frame is while it is decoded. */
static void
deliver(struct nc_pkt *k, struct dgram *g, const char *layer)
{
	struct nc_pkt k2 = *k;
	struct nc_cur c;
	struct nc_ip ip;

	g->busy = 1;
	k2.frame = g->buf;
	k2.caplen = k2.wirelen = g->end;
	c = nc_cur_make(g->buf, g->end);
	ip.src = g->src;
	ip.dst = g->dst;
	ip.alen = g->v6 ? 16 : 4;
	ip.declared = g->end;
	ip.layer = layer;
	ip.first_frag = 0;
	/* A reassembled payload inside a reassembled payload ... is bounded
	 * like any nesting. */
	if (++k2.depth > NC_MAX_DEPTH)
		nc_dec_undecoded(&k2, layer, &c, "too many nested headers");
	else if (g->v6)
		nc_dec_ipv6_chain(&k2, &c, &ip, g->proto);
	else
		nc_dec_ipproto(&k2, &c, &ip, g->proto);
	k->rc = k2.rc;
	release(g);
}

/* A first fragment the capture cut short can never be reassembled, but
 * the transport header it holds is worth having (tcpdump and Wireshark
 * show it too): decode what there is, as for any packet cut short by the
 * snap length. */
static void
first_alone(struct nc_pkt *k, struct nc_cur *c, const struct nc_frag *f)
{
	struct nc_ip ip;

	ip.src = f->src;
	ip.dst = f->dst;
	ip.alen = f->v6 ? 16 : 4;
	ip.declared = f->declared;
	ip.layer = f->layer;
	ip.first_frag = 1;
	if (f->v6)
		nc_dec_ipv6_chain(k, c, &ip, f->proto);
	else
		nc_dec_ipproto(k, c, &ip, f->proto);
}

void
nc_ipfrag_add(struct nc_pkt *k, struct nc_cur *c, const struct nc_frag *f)
{
	struct nc_ipfrag *r = k->d->ipfrag;
	struct dgram *g;
	size_t len = nc_cur_left(c), end, b, b0, b1, seen = 0;
	const uint8_t *p = c->p;
	struct nc_cur frag = nc_cur_make(p, len);

	/* A quoted fragment is a copy: held, it would be mixed with the
	 * real fragments of its datagram. */
	if (k->quoted > 0) {
		if (f->off == 0)
			first_alone(k, c, f);
		else
			nc_dec_undecoded(k, f->layer, c, "quoted fragment at "
			    "offset %zu", f->off);
		return;
	}
	if (len < f->declared) {
		nc_dec_undecoded(k, f->layer, c, "fragment at offset %zu cut "
		    "short by the capture (%zu of %zu bytes)", f->off, len,
		    f->declared);
		if (f->off == 0)
			first_alone(k, c, f);
		return;
	}
	if (f->more && (len == 0 || len % 8 != 0)) {
		nc_dec_undecoded(k, f->layer, c, "fragment at offset %zu: "
		    "length %zu not a positive multiple of 8", f->off, len);
		return;
	}
	expire(k, r);
	if ((g = lookup(r, f)) == NULL && (g = take(k, r, f)) == NULL) {
		nc_dec_undecoded(k, f->layer, c, "fragment at offset %zu: "
		    "no room for reassembly", f->off);
		return;
	}
	g->last_ts = k->ts;
	g->last_packet = k->packet;
	if (g->state == DEAD) {
		nc_dec_undecoded(k, f->layer, c, "fragment at offset %zu: "
		    "datagram discarded at packet %llu", f->off,
		    (unsigned long long)g->dead_packet);
		return;
	}
	end = f->off + len;
	if (end + f->hl > NC_IPFRAG_BYTES) {
		discard(k, g, "longer than 65535 bytes");
		return;
	}
	if ((g->last_in && (end > g->end || (!f->more && end != g->end))) ||
	    (!f->more && end < g->high)) {
		discard(k, g, "fragments disagree on its length");
		return;
	}
	b0 = f->off / 8;
	b1 = (end + 7) / 8;
	for (b = b0; b < b1; b++)
		seen += bit(g, b);
	if (len > 0 && seen == b1 - b0 &&
	    memcmp(g->buf + f->off, p, len) == 0)
		return;		/* an exact duplicate */
	if (seen != 0 && g->v6) {
		discard(k, g, "overlapping fragments (RFC 5722)");
		return;
	}
	if (seen != 0)
		nc_dec_undecoded(k, f->layer, c, "fragment at offset %zu "
		    "overlaps earlier ones: their bytes kept", f->off);
	for (b = b0; b < b1; b++) {
		size_t at = b * 8, n = end - at < 8 ? end - at : 8;

		if (bit(g, b))
			continue;
		memcpy(g->buf + at, nc_cur_at(&frag, at - f->off, n), n);
		g->map[b / 8] |= (uint8_t)(1u << (b % 8));
		g->nblocks++;
	}
	if (end > g->high)
		g->high = end;
	if (f->off == 0)
		g->proto = (uint8_t)f->proto;	/* IPv6: the first says */
	if (!f->more) {
		g->last_in = 1;
		g->end = end;
	}
	if (g->last_in && g->nblocks == (g->end + 7) / 8)
		deliver(k, g, f->layer);
}

int
nc_decoder_finish(struct nc_decoder *d)
{
	struct nc_ipfrag *r = d->ipfrag;
	struct dgram *g;
	struct nc_pkt k;

	if (r == NULL)
		return 0;
	memset(&k, 0, sizeof k);
	k.d = d;
	for (g = r->g; g < r->g + NC_IPFRAG_SLOTS; g++) {
		if (g->state == OPEN) {
			k.ts = g->last_ts;
			k.packet = g->last_packet;
			report(&k, g, "incomplete at end of input");
		}
		release(g);
	}
	return k.rc;
}
