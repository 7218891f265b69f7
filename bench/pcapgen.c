/* pcapgen: writes a deterministic, realistic capture for tests and benchmarks.
 *
 * Traffic is modelled as conversations seen on a mirror port of a client
 * LAN: ARP, IPv6 neighbour discovery, DNS, ping, HTTP/1.1 and TLS 1.3 over
 * TCP, on IPv4 and IPv6, with a couple of hosts on an 802.1Q VLAN.  Each
 * conversation is generated whole into its own buffer; a few run at once and
 * their packets are merged by time.  Everything comes from one seeded PRNG
 * and a fixed start time, so the same arguments always give the same bytes,
 * on any machine (the file is always written little-endian).
 *
 * The capture opens with a "tour": one conversation of every kind, one after
 * another, with sizes fixed so that it is the same number of packets whatever
 * the seed: -n with that number gives a small complete capture
 * (tests/data/demo.pcap).
 *
 * Formats: pcap (LINKTYPE_ETHERNET), RFC 791/8200 (IP), RFC 9293 and 7323
 * (TCP, timestamps, window scale), RFC 1035 (DNS, name compression), RFC 792,
 * 4443 and 4861 (ICMP, ICMPv6, neighbour discovery), RFC 8446 (TLS 1.3
 * record layer and hellos), RFC 9112 (HTTP/1.1).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
    "pcapgen [-hN] [-m lan | dns | synflood] [-n packets] [-o file] [-s seed]";

#define START_SEC	1704067200ull	/* 2024-01-01T00:00:00Z */
#define NSLOT		32		/* conversations running at once */
#define FRAME_MAX	1600		/* room reserved for one frame */

#define US	1000ull
#define MS	1000000ull
#define SEC	1000000000ull

enum { FIN = 0x01, SYN = 0x02, PSH = 0x08, ACK = 0x10 };
enum { HTML, JSON, BIN };	/* what a site serves */

/* xoshiro256** seeded through splitmix64: small, fast, and the same
 * everywhere, unlike rand(3). */
static uint64_t rs[4];

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rnd(void)
{
	uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;

	rs[2] ^= rs[0];
	rs[3] ^= rs[1];
	rs[1] ^= rs[2];
	rs[0] ^= rs[3];
	rs[2] ^= t;
	rs[3] = rotl(rs[3], 45);
	return r;
}

/* Uniform in [0, n). */
static uint32_t
rndn(uint32_t n)
{
	return (uint32_t)(((rnd() >> 32) * n) >> 32);
}

/* Uniform in [lo, hi]. */
static uint32_t
rndr(uint32_t lo, uint32_t hi)
{
	return lo + rndn(hi - lo + 1);
}

/* Roughly exponential with the given mean: geometric in steps of mean/16.
 * Integers only, so the output does not depend on the libm. */
static uint64_t
rndexp(uint64_t mean)
{
	uint64_t step = mean / 16, t = rnd() % step;

	while (rndn(16) != 0)
		t += step;
	return t;
}

static void
rndbytes(uint8_t *p, size_t n)
{
	uint64_t r;

	for (; n >= 8; p += 8, n -= 8) {
		r = rnd();
		memcpy(p, &r, 8);
	}
	if (n > 0) {
		r = rnd();
		memcpy(p, &r, n);
	}
}

static void
put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void
putle32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		nc_die_errno("realloc");
	return p;
}

/* A growable byte buffer for application payloads. */
struct buf {
	uint8_t *p;
	size_t len, cap;
};

static uint8_t *
buf_room(struct buf *b, size_t n)
{
	if (b->cap - b->len < n) {
		while (b->cap - b->len < n)
			b->cap = b->cap ? b->cap * 2 : 65536;
		b->p = xrealloc(b->p, b->cap);
	}
	return b->p + b->len;
}

static void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;		/* p may be NULL */
	memcpy(buf_room(b, n), p, n);
	b->len += n;
}

static void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void buf_fmt(struct buf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
buf_fmt(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	buf_room(b, 512);
	va_start(ap, fmt);
	n = vsnprintf((char *)b->p + b->len, 512, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= 512)
		nc_die("internal error: formatted text too long");
	b->len += (size_t)n;
}

static void
buf_be16(struct buf *b, uint32_t v)
{
	put16(buf_room(b, 2), v);
	b->len += 2;
}

static void
buf_u8(struct buf *b, uint32_t v)
{
	*buf_room(b, 1) = (uint8_t)v;
	b->len++;
}

/* Hosts and sites. */

struct host {
	uint8_t mac[6];
	uint8_t ip4[4];
	uint8_t ip6[16];		/* global */
	uint8_t ll6[16];		/* link-local */
	uint16_t vlan;			/* 0: untagged */
	uint16_t port;			/* next ephemeral port */
	uint16_t ipid;
	uint8_t ttl;			/* as seen on the LAN */
	uint8_t windows;		/* Windows-like: no TCP timestamps */
	uint32_t tsbase;		/* TCP timestamp clock at time 0 */
	struct host *gw;		/* its router and resolver */
};

struct site {
	const char *name, *cname;
	int kind;
	struct host h;			/* address, TTL, stack as seen here */
	uint64_t rtt;			/* ns */
};

static struct site sites[] = {
	{ .name = "www.example.com", .kind = HTML,
	    .cname = "www.example.com.cdn.example.net" },
	{ .name = "api.example.org", .kind = JSON },
	{ .name = "static.example.com", .kind = BIN,
	    .cname = "static.cdn.example.com" },
	{ .name = "news.example.net", .kind = HTML,
	    .cname = "news.example.net.edge.example.net" },
	{ .name = "img.example.net", .kind = BIN,
	    .cname = "img.cdn.example.net" },
	{ .name = "login.example.org", .kind = JSON },
	{ .name = "updates.example.com", .kind = BIN },
	{ .name = "mail.example.org", .kind = HTML },
	{ .name = "video.example.com", .kind = BIN,
	    .cname = "v.cdn.example.net" },
	{ .name = "docs.example.net", .kind = HTML },
	{ .name = "shop.example.org", .kind = HTML,
	    .cname = "shop.example.org.lb.example.org" },
	{ .name = "telemetry.example.com", .kind = JSON },
};
#define NSITE (sizeof sites / sizeof sites[0])

#define NCLIENT 26		/* the last two live on VLAN 20 */
static struct host clients[NCLIENT], gws[2];

static void
host_init(struct host *h, int net, int n, uint16_t vlan, struct host *gw)
{
	static const uint8_t v6pre[6] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00 };
	uint64_t r = rnd();

	memset(h, 0, sizeof *h);
	/* Locally administered unicast MACs. */
	h->mac[0] = 0x02;
	memcpy(h->mac + 1, &r, 5);
	h->ip4[0] = 192;
	h->ip4[1] = 168;
	h->ip4[2] = (uint8_t)net;
	h->ip4[3] = (uint8_t)n;
	memcpy(h->ip6, v6pre, 6);
	h->ip6[7] = (uint8_t)net;
	h->ip6[15] = (uint8_t)n;
	h->ll6[0] = 0xfe;
	h->ll6[1] = 0x80;
	/* EUI-64 interface identifier from the MAC. */
	h->ll6[8] = h->mac[0] ^ 0x02;
	h->ll6[9] = h->mac[1];
	h->ll6[10] = h->mac[2];
	h->ll6[11] = 0xff;
	h->ll6[12] = 0xfe;
	h->ll6[13] = h->mac[3];
	h->ll6[14] = h->mac[4];
	h->ll6[15] = h->mac[5];
	h->vlan = vlan;
	h->port = (uint16_t)rndr(32768, 60000);
	h->ipid = (uint16_t)rnd();
	h->windows = gw != NULL && rndn(4) == 0;
	h->ttl = h->windows ? 128 : 64;
	h->tsbase = (uint32_t)rnd();
	h->gw = gw;
}

static void
world_init(void)
{
	size_t i;
	struct site *s;

	host_init(&gws[0], 1, 1, 0, NULL);
	host_init(&gws[1], 20, 1, 20, NULL);
	/* One router with two interfaces: the same MAC on both. */
	memcpy(gws[1].mac, gws[0].mac, 6);
	memcpy(gws[1].ll6 + 8, gws[0].ll6 + 8, 8);
	for (i = 0; i < NCLIENT; i++) {
		if (i < NCLIENT - 2)
			host_init(&clients[i], 1, 10 + (int)i, 0, &gws[0]);
		else
			host_init(&clients[i], 20, 10 + (int)i, 20, &gws[1]);
	}
	/* The tour's clients: segment sizes must not depend on the seed. */
	clients[3].windows = clients[NCLIENT - 1].windows = 0;
	clients[3].ttl = clients[NCLIENT - 1].ttl = 64;
	/* Servers in the documentation ranges (RFC 5737, RFC 3849). */
	for (i = 0; i < NSITE; i++) {
		s = &sites[i];
		memset(&s->h, 0, sizeof s->h);
		s->h.ip4[0] = i % 2 ? 198 : 203;
		s->h.ip4[1] = i % 2 ? 51 : 0;
		s->h.ip4[2] = i % 2 ? 100 : 113;
		s->h.ip4[3] = (uint8_t)(10 + 7 * i);
		s->h.ip6[0] = 0x20;
		s->h.ip6[1] = 0x01;
		s->h.ip6[2] = 0x0d;
		s->h.ip6[3] = 0xb8;
		s->h.ip6[5] = 0x64;
		s->h.ip6[15] = (uint8_t)(10 + 7 * i);
		s->h.ipid = (uint16_t)rnd();
		s->h.ttl = (uint8_t)(rndn(3) == 0 ? 128 - rndr(8, 20) :
		    64 - rndr(6, 22));
		s->h.tsbase = (uint32_t)rnd();
		s->rtt = rndr(4000, 90000) * US;
	}
}

/* A conversation: its frames, back to back, and their times. */
struct rec {
	uint64_t ts;			/* ns since START_SEC */
	uint32_t off, len;
};

struct conv {
	uint8_t *buf;
	size_t len, cap;
	struct rec *rec;
	size_t nrec, rcap, next;
	size_t fo, io, lo;		/* frame, IP, L4 offsets being built */
};

static void
conv_reset(struct conv *c)
{
	c->len = c->nrec = c->next = 0;
}

/* Both sides of whatever is being said, as seen on the wire.  Side 0 is the
 * host on the LAN that starts it, side 1 the peer. */
struct flow {
	struct conv *c;
	uint64_t t;			/* now, ns */
	const uint8_t *mac[2];
	const uint8_t *ip[2];		/* 4 or 16 bytes */
	uint16_t vlan;
	int v6;
	uint8_t ttl[2];
	uint16_t *ipid[2];
	uint32_t label;			/* IPv6 flow label */
	uint8_t proto;
	/* UDP and TCP */
	uint16_t port[2];
	/* TCP */
	uint32_t nxt[2];		/* next sequence number of each side */
	uint32_t tsbase[2], tslast[2];
	uint16_t seg[2];		/* payload of a full segment */
	uint16_t win[2];
	uint8_t wscale[2];
	int ts;				/* timestamps option in use */
	unsigned cwnd[2];
	uint64_t rtt, gap;		/* round trip; full-segment spacing */
};

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static uint8_t *
frame_begin(struct conv *c, const uint8_t *dst, const uint8_t *src,
    uint16_t vlan, uint16_t type)
{
	uint8_t *p;

	if (c->cap - c->len < FRAME_MAX) {
		c->cap = c->cap ? c->cap * 2 : 1 << 20;
		c->buf = xrealloc(c->buf, c->cap);
	}
	c->fo = c->len;
	p = c->buf + c->len;
	memcpy(p, dst, 6);
	memcpy(p + 6, src, 6);
	p += 12;
	if (vlan != 0) {
		put16(p, 0x8100);
		put16(p + 2, vlan);
		p += 4;
	}
	put16(p, type);
	return p + 2;
}

static void
frame_end(struct conv *c, uint64_t t, uint8_t *end)
{
	size_t len = (size_t)(end - (c->buf + c->fo));

	/* Frames on the wire are at least 60 bytes before the FCS. */
	if (len < 60) {
		memset(end, 0, 60 - len);
		len = 60;
	}
	if (c->nrec == c->rcap) {
		c->rcap = c->rcap ? c->rcap * 2 : 4096;
		c->rec = xrealloc(c->rec, c->rcap * sizeof *c->rec);
	}
	c->rec[c->nrec].ts = t;
	c->rec[c->nrec].off = (uint32_t)c->fo;
	c->rec[c->nrec].len = (uint32_t)len;
	c->nrec++;
	c->len += len;
}

static uint32_t
sum16(const uint8_t *p, size_t n, uint32_t s)
{
	for (; n > 1; p += 2, n -= 2)
		s += (uint32_t)p[0] << 8 | p[1];
	if (n > 0)
		s += (uint32_t)p[0] << 8;
	return s;
}

static uint16_t
fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static uint8_t *
ip_begin(struct flow *f, int dir, uint8_t proto)
{
	struct conv *c = f->c;
	uint8_t *p;

	p = frame_begin(c, f->mac[!dir], f->mac[dir], f->vlan,
	    f->v6 ? 0x86dd : 0x0800);
	c->io = (size_t)(p - c->buf);
	f->proto = proto;
	if (f->v6) {
		put32(p, 0x60000000u | f->label);
		p[6] = proto;
		p[7] = f->ttl[dir];
		memcpy(p + 8, f->ip[dir], 16);
		memcpy(p + 24, f->ip[!dir], 16);
		p += 40;
	} else {
		p[0] = 0x45;
		p[1] = 0;
		put16(p + 4, (*f->ipid[dir])++);
		put16(p + 6, proto == 17 ? 0 : 0x4000);	/* DF */
		p[8] = f->ttl[dir];
		p[9] = proto;
		memcpy(p + 12, f->ip[dir], 4);
		memcpy(p + 16, f->ip[!dir], 4);
		p += 20;
	}
	c->lo = (size_t)(p - c->buf);
	return p;
}

/* Fills in lengths and checksums, then files the frame at time f->t. */
static void
ip_end(struct flow *f, uint8_t *end)
{
	struct conv *c = f->c;
	uint8_t *ip = c->buf + c->io, *l4 = c->buf + c->lo;
	size_t l4len = (size_t)(end - l4);
	uint32_t s = 0;
	uint16_t ck;
	size_t ckoff;

	if (f->v6) {
		put16(ip + 4, (uint32_t)l4len);
		s = sum16(ip + 8, 32, 0);
	} else {
		put16(ip + 2, (uint32_t)(20 + l4len));
		put16(ip + 10, 0);
		put16(ip + 10, fold(sum16(ip, 20, 0)));
		s = sum16(ip + 12, 8, 0);
	}
	switch (f->proto) {
	case 6:
		ckoff = 16;
		break;
	case 17:
		ckoff = 6;
		put16(l4 + 4, (uint32_t)l4len);
		break;
	default:
		ckoff = 2;
		break;
	}
	/* ICMPv4 has no pseudo-header; everything else does. */
	if (f->proto == 1)
		s = 0;
	else
		s += f->proto + (uint32_t)l4len;
	put16(l4 + ckoff, 0);
	ck = fold(sum16(l4, l4len, s));
	if (f->proto == 17 && ck == 0)
		ck = 0xffff;
	put16(l4 + ckoff, ck);
	frame_end(c, f->t, end);
}

/* Sets up the addressing of a flow from a LAN host to a peer.  The peer is
 * a LAN host (its own MAC) when lan is set, else reached through the router. */
static void
flow_init(struct flow *f, struct conv *c, uint64_t t, struct host *a,
    struct host *b, int lan, int v6)
{
	memset(f, 0, sizeof *f);
	f->c = c;
	f->t = t;
	f->mac[0] = a->mac;
	f->mac[1] = lan ? b->mac : a->gw->mac;
	f->v6 = v6;
	f->ip[0] = v6 ? a->ip6 : a->ip4;
	f->ip[1] = v6 ? b->ip6 : b->ip4;
	f->vlan = a->vlan;
	f->ttl[0] = a->ttl;
	f->ttl[1] = b->ttl;
	f->ipid[0] = &a->ipid;
	f->ipid[1] = &b->ipid;
	f->label = v6 ? (uint32_t)rnd() & 0xfffff : 0;
	f->tsbase[0] = a->tsbase;
	f->tsbase[1] = b->tsbase;
	f->ts = !a->windows;
}

static uint16_t
ephemeral(struct host *h)
{
	uint16_t p = h->port;

	h->port = p >= 60999 ? 32768 : p + 1;
	return p;
}

/* TCP. */

static uint8_t *
tcp_options(struct flow *f, int dir, int flags, uint8_t *o)
{
	uint32_t tsval;
	uint16_t mss = f->v6 ? 1440 : 1460;

	tsval = f->tsbase[dir] + (uint32_t)(f->t / MS);
	if (flags & SYN) {
		o[0] = 2;		/* MSS */
		o[1] = 4;
		put16(o + 2, mss);
		o += 4;
		if (f->ts) {
			/* Linux order: MSS, SACK-permitted, TS, NOP, WS. */
			o[0] = 4;
			o[1] = 2;
			o[2] = 8;
			o[3] = 10;
			put32(o + 4, tsval);
			put32(o + 8, dir ? f->tslast[0] : 0);
			o[12] = 1;
			o[13] = 3;
			o[14] = 3;
			o[15] = f->wscale[dir];
			o += 16;
		} else {
			/* Windows: MSS, NOP, WS, NOP, NOP, SACK-permitted. */
			o[0] = 1;
			o[1] = 3;
			o[2] = 3;
			o[3] = f->wscale[dir];
			o[4] = 1;
			o[5] = 1;
			o[6] = 4;
			o[7] = 2;
			o += 8;
		}
	} else if (f->ts) {
		o[0] = 1;
		o[1] = 1;
		o[2] = 8;
		o[3] = 10;
		put32(o + 4, tsval);
		put32(o + 8, f->tslast[!dir]);
		o += 12;
	}
	if (f->ts)
		f->tslast[dir] = tsval;
	return o;
}

static void
tcp_seg(struct flow *f, int dir, int flags, const uint8_t *data, size_t len)
{
	uint8_t *p = ip_begin(f, dir, 6), *o;

	put16(p, f->port[dir]);
	put16(p + 2, f->port[!dir]);
	put32(p + 4, f->nxt[dir]);
	put32(p + 8, (flags & ACK) ? f->nxt[!dir] : 0);
	o = tcp_options(f, dir, flags, p + 20);
	p[12] = (uint8_t)(((o - p) / 4) << 4);
	p[13] = (uint8_t)flags;
	put16(p + 14, (flags & SYN) ? (f->ts ? 64240 : 65535) : f->win[dir]);
	put16(p + 16, 0);
	put16(p + 18, 0);
	if (len > 0)
		memcpy(o, data, len);
	ip_end(f, o + len);
	f->nxt[dir] += (uint32_t)len + ((flags & SYN) ? 1 : 0) +
	    ((flags & FIN) ? 1 : 0);
}

/* Sets up a TCP connection from LAN host a to server s and shakes hands. */
static void
tcp_open(struct flow *f, struct conv *c, uint64_t t, struct host *a,
    struct site *s, int v6, uint16_t dport)
{
	int i;

	flow_init(f, c, t, a, &s->h, 0, v6);
	f->port[0] = ephemeral(a);
	f->port[1] = dport;
	for (i = 0; i < 2; i++) {
		f->nxt[i] = (uint32_t)rnd();
		f->wscale[i] = f->ts ? 7 : 8;
		f->win[i] = (uint16_t)(f->ts ? rndr(501, 512) :
		    rndr(1020, 1026));
		f->seg[i] = (uint16_t)((v6 ? 1440 : 1460) - (f->ts ? 12 : 0));
		f->cwnd[i] = 10;
	}
	f->rtt = s->rtt + rndr(0, 2000) * US;
	/* Per-connection bottleneck between 20 and 500 Mbit/s. */
	f->gap = 1514 * 8 * 1000 / rndr(20, 500);
	tcp_seg(f, 0, SYN, NULL, 0);
	f->t += f->rtt;
	tcp_seg(f, 1, SYN | ACK, NULL, 0);
	f->t += rndr(20, 120) * US;
	tcp_seg(f, 0, ACK, NULL, 0);
}

/* Sends len bytes from side dir as one application write, segmented, with
 * the other side's ACKs as a mirror port near the client sees them.  Data
 * from the server arrives paced by the bottleneck in slow-start rounds and
 * the client acks every second segment at once; data from the client leaves
 * in bursts of cwnd segments and the server's ACKs come back a round trip
 * later.  lastack asks for an ACK of the final segment too (otherwise the
 * caller's next segment from the other side carries it). */
static void
tcp_send(struct flow *f, int dir, const uint8_t *d, size_t len, int lastack)
{
	size_t off = 0, n, inround = 0, unacked = 0;
	uint64_t round = f->t;

	while (off < len) {
		n = len - off < f->seg[dir] ? len - off : f->seg[dir];
		if (inround == f->cwnd[dir]) {
			if (dir == 0) {
				/* The server's ACK for the burst. */
				if (f->t < round + f->rtt)
					f->t = round + f->rtt;
				tcp_seg(f, 1, ACK, NULL, 0);
				unacked = 0;
			} else if (f->t < round + f->rtt) {
				f->t = round + f->rtt;
			}
			round = f->t;
			inround = 0;
			if (f->cwnd[dir] < 256)
				f->cwnd[dir] *= 2;
		}
		tcp_seg(f, dir, ACK | (off + n == len ? PSH : 0), d + off, n);
		off += n;
		inround++;
		unacked++;
		if (dir == 1) {
			if (unacked == 2 && off < len) {
				f->t += rndr(5, 40) * US;
				tcp_seg(f, 0, ACK, NULL, 0);
				unacked = 0;
			}
			if (off < len)
				f->t += f->gap * n / f->seg[dir];
		} else {
			f->t += rndr(2, 12) * US;
		}
	}
	if (lastack && unacked > 0) {
		f->t += dir == 1 ? rndr(20, 400) * US : f->rtt;
		tcp_seg(f, !dir, ACK, NULL, 0);
	}
}

/* The side that closes first sends FIN; the other answers FIN/ACK. */
static void
tcp_close(struct flow *f, int dir)
{
	tcp_seg(f, dir, FIN | ACK, NULL, 0);
	f->t += dir == 0 ? f->rtt : rndr(30, 200) * US;
	tcp_seg(f, !dir, FIN | ACK, NULL, 0);
	f->t += dir == 0 ? rndr(20, 100) * US : f->rtt;
	tcp_seg(f, dir, ACK, NULL, 0);
}

/* Application payloads. */

static struct buf app, body;

static const char *const words[] = {
	"network", "packet", "stream", "record", "filter", "capture", "the",
	"of", "and", "a", "to", "in", "is", "for", "on", "with", "as", "by",
	"protocol", "header", "field", "value", "time", "host", "server",
	"client", "request", "response", "data", "frame", "address", "port",
	"window", "segment", "layer", "decode", "flow", "table", "index",
	"page", "news", "world", "today", "report", "update", "system",
};
#define NWORD (sizeof words / sizeof words[0])

static void
words_add(struct buf *b, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_u8(b, ' ');
		buf_str(b, words[rndn(NWORD)]);
	}
}

/* An HTML page of exactly size bytes (at least 64). */
static void
make_html(struct buf *b, size_t size)
{
	static const char tail[] = "</body></html>\n";
	size_t start = b->len, want, hdr;

	buf_str(b, "<!DOCTYPE html>\n<html><head><title>");
	words_add(b, 3);
	buf_str(b, "</title></head><body>\n");
	hdr = b->len;
	want = start + size - (sizeof tail - 1);
	while (b->len < want) {
		buf_str(b, "<p>");
		words_add(b, (int)rndr(8, 60));
		buf_str(b, "</p>\n");
	}
	if (b->len > want && want > hdr)
		b->len = want;
	buf_str(b, tail);
}

/* A JSON document of about size bytes: it must parse, since tshark does. */
static void
make_json(struct buf *b, size_t size)
{
	size_t start = b->len;
	uint32_t hi, lo;
	int i = 0;

	buf_str(b, "{\"items\":[");
	while (b->len - start + 48 < size) {
		if (i > 0)
			buf_u8(b, ',');
		buf_fmt(b, "{\"id\":%u,\"name\":\"", rndr(1, 999999));
		words_add(b, (int)rndr(1, 3));
		lo = rndn(100);
		hi = rndn(100);
		buf_fmt(b, "\",\"score\":%u.%02u}", hi, lo);
		i++;
	}
	buf_str(b, "]}");
}

/* Script of about size bytes. */
static void
make_js(struct buf *b, size_t size)
{
	size_t start = b->len;

	while (b->len - start < size) {
		buf_fmt(b, "var v%u = \"", rndr(1, 99999));
		words_add(b, (int)rndr(2, 12));
		buf_str(b, "\";\n");
	}
}

static void
make_bin(struct buf *b, size_t size)
{
	rndbytes(buf_room(b, size), size);
	b->len += size;
}

static void
http_date(struct buf *b, uint64_t t)
{
	time_t sec = (time_t)(START_SEC + t / SEC);
	struct tm tm;
	char s[64];

	gmtime_r(&sec, &tm);
	strftime(s, sizeof s, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	buf_str(b, s);
}

static const char *
path_for(int kind, char *s, size_t n)
{
	static const char *const html[] = { "/", "/index.html", "/news/",
	    "/about", "/articles/%u", "/search?q=packet&page=%u" };
	static const char *const json[] = { "/v1/items?page=%u",
	    "/v2/session", "/v1/users/%u/feed", "/api/status" };
	static const char *const bin[] = { "/assets/app-%u.js",
	    "/img/photo-%u.webp", "/fonts/inter-%u.woff2",
	    "/dl/update-%u.bin", "/media/clip-%u.mp4" };
	const char *fmt;

	switch (kind) {
	case HTML:
		fmt = html[rndn(6)];
		break;
	case JSON:
		fmt = json[rndn(4)];
		break;
	default:
		fmt = bin[rndn(5)];
		break;
	}
	snprintf(s, n, fmt, rndr(1, 9999));
	return s;
}

/* One HTTP exchange: the request method and body, the response status and
 * body size. */
struct exch {
	int post;
	int status;			/* 200, 301, 304, 404 */
	size_t req, resp;		/* body sizes */
};

static const char *const agents[] = {
	("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 "
	    "Firefox/121.0"),
	("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"),
	"curl/8.5.0",
};

static void
http_request(struct buf *b, const struct site *s, const struct exch *e,
    int agent)
{
	char path[64];

	body.len = 0;
	if (e->post)
		make_json(&body, e->req);
	buf_fmt(b, "%s %s HTTP/1.1\r\n", e->post ? "POST" : "GET",
	    path_for(e->post ? JSON : s->kind, path, sizeof path));
	buf_fmt(b, "Host: %s\r\n", s->name);
	buf_fmt(b, "User-Agent: %s\r\n", agents[agent]);
	buf_str(b, s->kind == HTML ? "Accept: text/html,application/"
	    "xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n" :
	    "Accept: */*\r\n");
	if (agent != 2)
		buf_str(b, "Accept-Language: en-US,en;q=0.5\r\n");
	if (e->status == 304)
		buf_fmt(b, "If-None-Match: \"%08x\"\r\n", (unsigned)rnd());
	if (e->post)
		buf_fmt(b, "Content-Type: application/json\r\n"
		    "Content-Length: %zu\r\n", body.len);
	buf_str(b, "Connection: keep-alive\r\n\r\n");
	buf_add(b, body.p, body.len);
}

static void
http_response(struct buf *b, const struct site *s, const struct exch *e,
    uint64_t t, int last)
{
	const char *type;
	uint32_t age;

	body.len = 0;
	switch (e->status) {
	case 200:
		if (s->kind == HTML) {
			type = "text/html; charset=utf-8";
			make_html(&body, e->resp < 64 ? 64 : e->resp);
		} else if (s->kind == JSON) {
			type = "application/json";
			make_json(&body, e->resp);
		} else {
			/* tshark dissects image and video types, which random
			 * bytes are not, so those go as octet-stream. */
			if (rndn(4) == 0) {
				type = "application/javascript";
				make_js(&body, e->resp);
			} else {
				type = "application/octet-stream";
				make_bin(&body, e->resp);
			}
		}
		buf_str(b, "HTTP/1.1 200 OK\r\n");
		break;
	case 301:
		type = "text/html";
		make_html(&body, 162);
		buf_str(b, "HTTP/1.1 301 Moved Permanently\r\n");
		break;
	case 304:
		type = NULL;
		buf_str(b, "HTTP/1.1 304 Not Modified\r\n");
		break;
	default:
		type = "text/html";
		make_html(&body, 146);
		buf_str(b, "HTTP/1.1 404 Not Found\r\n");
		break;
	}
	buf_str(b, "Server: nginx/1.24.0\r\nDate: ");
	http_date(b, t);
	buf_str(b, "\r\n");
	if (type != NULL)
		buf_fmt(b, "Content-Type: %s\r\nContent-Length: %zu\r\n",
		    type, body.len);
	if (e->status == 301)
		buf_fmt(b, "Location: https://%s/\r\n", s->name);
	if (e->status == 200 || e->status == 304) {
		age = 60 * rndr(1, 1440);
		buf_fmt(b, "ETag: \"%08x\"\r\nCache-Control: max-age=%u\r\n",
		    (unsigned)rnd(), age);
	}
	buf_str(b, last ? "Connection: close\r\n\r\n" :
	    "Connection: keep-alive\r\n\r\n");
	buf_add(b, body.p, body.len);
}

/* HTTP/1.1 on port 80: n exchanges on one connection, closed by the client
 * or, after "Connection: close", by the server. */
static void
conv_http(struct conv *c, uint64_t t, struct host *a, struct site *s, int v6,
    const struct exch *e, int n, int srvclose)
{
	struct flow f;
	int i, agent = a->windows ? 1 : (int)rndn(3);

	tcp_open(&f, c, t, a, s, v6, 80);
	for (i = 0; i < n; i++) {
		f.t += rndr(50, 300) * US;
		app.len = 0;
		http_request(&app, s, &e[i], agent);
		tcp_send(&f, 0, app.p, app.len, 0);
		/* Think time; a slow server acks the request first. */
		f.t += f.rtt;
		if (e[i].req > 0 || i % 2 == 1) {
			tcp_seg(&f, 1, ACK, NULL, 0);
			f.t += rndr(1, 40) * MS;
		} else {
			f.t += rndr(100, 3000) * US;
		}
		app.len = 0;
		http_response(&app, s, &e[i], f.t, srvclose && i == n - 1);
		tcp_send(&f, 1, app.p, app.len, 1);
		if (i < n - 1)
			f.t += rndr(5, 400) * MS;
	}
	f.t += rndr(1, 200) * MS;
	tcp_close(&f, srvclose ? 1 : 0);
}

/* TLS 1.3 (RFC 8446): a ClientHello as browsers send it, the ServerHello,
 * then only records of random bytes, as everything after is encrypted. */

static void
tls_ext(struct buf *b, uint32_t type, const uint8_t *d, size_t n)
{
	buf_be16(b, type);
	buf_be16(b, (uint32_t)n);
	buf_add(b, d, n);
}

static void
client_hello(struct buf *b, const struct site *s, int h2)
{
	static const uint8_t suites[] = { 0x13, 0x01, 0x13, 0x03, 0x13, 0x02,
	    0xc0, 0x2b, 0xc0, 0x2f, 0xcc, 0xa9, 0xcc, 0xa8, 0xc0, 0x2c, 0xc0,
	    0x30, 0xc0, 0x13, 0xc0, 0x14, 0x00, 0x9c, 0x00, 0x9d, 0x00, 0x2f,
	    0x00, 0x35 };
	static const uint8_t groups[] = { 0x00, 0x08, 0x00, 0x1d, 0x00, 0x17,
	    0x00, 0x18, 0x00, 0x19 };
	static const uint8_t sigalgs[] = { 0x00, 0x10, 0x04, 0x03, 0x08, 0x04,
	    0x04, 0x01, 0x05, 0x03, 0x08, 0x05, 0x05, 0x01, 0x08, 0x06, 0x06,
	    0x01 };
	static const uint8_t versions[] = { 0x04, 0x03, 0x04, 0x03, 0x03 };
	static const uint8_t alpn_h2[] = { 0x00, 0x0c, 0x02, 'h', '2', 0x08,
	    'h', 't', 't', 'p', '/', '1', '.', '1' };
	static const uint8_t alpn_h1[] = { 0x00, 0x09, 0x08, 'h', 't', 't',
	    'p', '/', '1', '.', '1' };
	static const uint8_t one0[] = { 0x01, 0x00 }, psk[] = { 0x01, 0x01 };
	static const uint8_t status[] = { 0x01, 0x00, 0x00, 0x00, 0x00 };
	uint8_t tmp[256], *ks = tmp;
	size_t rec = b->len, hs, n = strlen(s->name), pad, ext;

	buf_add(b, "\x16\x03\x01\x00\x00", 5);		/* record header */
	hs = b->len;
	buf_add(b, "\x01\x00\x00\x00\x03\x03", 6);	/* ClientHello, 1.2 */
	rndbytes(buf_room(b, 32), 32);			/* random */
	b->len += 32;
	buf_u8(b, 32);					/* legacy session id */
	rndbytes(buf_room(b, 32), 32);
	b->len += 32;
	buf_be16(b, sizeof suites);
	buf_add(b, suites, sizeof suites);
	buf_add(b, "\x01\x00", 2);			/* null compression */
	buf_be16(b, 0);					/* extensions length */
	/* server_name: list length, host_name type, name. */
	put16(tmp, (uint32_t)n + 3);
	tmp[2] = 0;
	put16(tmp + 3, (uint32_t)n);
	memcpy(tmp + 5, s->name, n);
	tls_ext(b, 0, tmp, n + 5);
	tls_ext(b, 23, NULL, 0);			/* extended_master */
	tls_ext(b, 0xff01, one0 + 1, 1);		/* renegotiation_info */
	tls_ext(b, 10, groups, sizeof groups);		/* supported_groups */
	tls_ext(b, 11, one0, 2);			/* ec_point_formats */
	tls_ext(b, 35, NULL, 0);			/* session_ticket */
	if (h2)
		tls_ext(b, 16, alpn_h2, sizeof alpn_h2);
	else
		tls_ext(b, 16, alpn_h1, sizeof alpn_h1);
	tls_ext(b, 5, status, sizeof status);		/* status_request */
	/* key_share: one x25519 share. */
	put16(ks, 36);
	put16(ks + 2, 0x001d);
	put16(ks + 4, 32);
	rndbytes(ks + 6, 32);
	tls_ext(b, 51, ks, 38);
	tls_ext(b, 43, versions, sizeof versions);	/* supported_versions */
	tls_ext(b, 13, sigalgs, sizeof sigalgs);	/* signature algs */
	tls_ext(b, 45, psk, sizeof psk);		/* PSK modes */
	/* padding (RFC 7685) to a 512-byte ClientHello, as browsers do. */
	n = b->len - hs;
	pad = n + 4 < 512 ? 512 - n - 4 : 0;
	buf_be16(b, 21);
	buf_be16(b, (uint32_t)pad);
	memset(buf_room(b, pad), 0, pad);
	b->len += pad;
	put16(b->p + rec + 3, (uint32_t)(b->len - hs));
	n = b->len - hs - 4;
	b->p[hs + 1] = (uint8_t)(n >> 16);
	put16(b->p + hs + 2, (uint32_t)n);
	/* The extensions length follows the fixed part, suites and
	 * compression methods. */
	ext = hs + 4 + 2 + 32 + 33 + 2 + sizeof suites + 2;
	put16(b->p + ext, (uint32_t)(b->len - ext - 2));
}

static void
server_hello(struct buf *b, const uint8_t *sessid)
{
	size_t rec = b->len, hs, n;
	uint8_t ks[36];

	buf_add(b, "\x16\x03\x03\x00\x00", 5);
	hs = b->len;
	buf_add(b, "\x02\x00\x00\x00\x03\x03", 6);
	rndbytes(buf_room(b, 32), 32);
	b->len += 32;
	buf_u8(b, 32);
	buf_add(b, sessid, 32);
	buf_add(b, "\x13\x01\x00", 3);			/* AES_128_GCM, null */
	buf_be16(b, 46);				/* extensions length */
	put16(ks, 0x001d);
	put16(ks + 2, 32);
	rndbytes(ks + 4, 32);
	tls_ext(b, 51, ks, 36);				/* key_share */
	tls_ext(b, 43, (const uint8_t *)"\x03\x04", 2);	/* supported_versions */
	n = b->len - hs - 4;
	b->p[hs + 1] = (uint8_t)(n >> 16);
	put16(b->p + hs + 2, (uint32_t)n);
	put16(b->p + rec + 3, (uint32_t)(b->len - hs));
	/* The compatibility ChangeCipherSpec (RFC 8446 D.4). */
	buf_add(b, "\x14\x03\x03\x00\x01\x01", 6);
}

/* Encrypted records carrying len bytes of plaintext: at most 2^14 each, plus
 * the content type byte and a 16-byte AEAD tag. */
static void
tls_appdata(struct buf *b, size_t len)
{
	size_t n;

	do {
		n = len < 16384 ? len : 16384;
		len -= n;
		buf_add(b, "\x17\x03\x03", 3);
		buf_be16(b, (uint32_t)(n + 17));
		make_bin(b, n + 17);
	} while (len > 0);
}

static void
conv_tls(struct conv *c, uint64_t t, struct host *a, struct site *s, int v6,
    const size_t *req, const size_t *resp, int n, size_t certs)
{
	struct flow f;
	uint8_t sessid[32];
	int i;

	tcp_open(&f, c, t, a, s, v6, 443);
	f.t += rndr(200, 900) * US;
	app.len = 0;
	client_hello(&app, s, s->kind != JSON);
	memcpy(sessid, app.p + 5 + 4 + 2 + 32 + 1, 32);
	tcp_send(&f, 0, app.p, app.len, 0);
	f.t += f.rtt;
	tcp_seg(&f, 1, ACK, NULL, 0);
	f.t += rndr(300, 3000) * US;
	/* ServerHello and CCS in the clear, then encrypted extensions,
	 * certificates, verify and finished in one flight. */
	app.len = 0;
	server_hello(&app, sessid);
	tls_appdata(&app, certs);
	tcp_send(&f, 1, app.p, app.len, 0);
	f.t += rndr(1, 6) * MS;
	app.len = 0;
	buf_add(&app, "\x14\x03\x03\x00\x01\x01", 6);
	tls_appdata(&app, 36);				/* client finished */
	tcp_send(&f, 0, app.p, app.len, 0);
	for (i = 0; i < n; i++) {
		f.t += rndr(50, 500) * US;
		app.len = 0;
		tls_appdata(&app, req[i]);
		tcp_send(&f, 0, app.p, app.len, 0);
		f.t += f.rtt + rndr(200, 20000) * US;
		app.len = 0;
		if (i == 0) {
			/* Two NewSessionTickets follow client Finished. */
			tls_appdata(&app, 233);
			tls_appdata(&app, 233);
		}
		tls_appdata(&app, resp[i]);
		tcp_send(&f, 1, app.p, app.len, 1);
		if (i < n - 1)
			f.t += rndr(10, 2000) * MS;
	}
	f.t += rndr(5, 500) * MS;
	/* close_notify is an encrypted alert, so it looks like any record. */
	app.len = 0;
	tls_appdata(&app, 2);
	tcp_send(&f, 0, app.p, app.len, 0);
	f.t += 10 * US;
	tcp_close(&f, 0);
}

/* DNS (RFC 1035). */

struct dnsmsg {
	struct buf *b;
	size_t start;
	const char *name[24];		/* suffixes written so far */
	uint16_t off[24];
	int n;
};

/* Writes a name, pointing at the longest suffix already in the message. */
static void
dns_name(struct dnsmsg *m, const char *s)
{
	size_t len;
	int i;
	const char *dot;

	while (*s != '\0') {
		for (i = 0; i < m->n; i++) {
			if (strcasecmp(m->name[i], s) == 0) {
				buf_be16(m->b, 0xc000u | m->off[i]);
				return;
			}
		}
		if (m->n < 24) {
			m->name[m->n] = s;
			m->off[m->n++] = (uint16_t)(m->b->len - m->start);
		}
		dot = strchr(s, '.');
		len = dot != NULL ? (size_t)(dot - s) : strlen(s);
		buf_u8(m->b, (uint32_t)len);
		buf_add(m->b, s, len);
		s += len;
		if (*s == '.')
			s++;
	}
	buf_u8(m->b, 0);
}

/* Starts a resource record and returns where its RDLENGTH goes. */
static size_t
dns_rr_begin(struct dnsmsg *m, const char *owner, int type, uint32_t ttl)
{
	size_t at;

	dns_name(m, owner);
	buf_be16(m->b, (uint32_t)type);
	buf_be16(m->b, 1);
	buf_be16(m->b, ttl >> 16);
	buf_be16(m->b, ttl & 0xffff);
	at = m->b->len;
	buf_be16(m->b, 0);
	return at;
}

static void
dns_rr_end(struct dnsmsg *m, size_t at)
{
	put16(m->b->p + at, (uint32_t)(m->b->len - at - 2));
}

static void
dns_rr(struct dnsmsg *m, const char *owner, int type, uint32_t ttl,
    const char *cname, const uint8_t *addr)
{
	size_t at = dns_rr_begin(m, owner, type, ttl);

	if (cname != NULL)
		dns_name(m, cname);
	else
		buf_add(m->b, addr, type == 28 ? 16 : 4);
	dns_rr_end(m, at);
}

/* A query (resp 0) or its answer: the CNAME if the site has one, then one or
 * two addresses.  Both carry an EDNS OPT record, as stub resolvers send. */
static void
dns_message(struct buf *b, uint16_t id, const struct site *s, int type,
    int resp, int naddr)
{
	struct dnsmsg m;
	uint8_t alt[16];
	const char *owner = s->cname != NULL ? s->cname : s->name;
	int an = resp ? naddr + (s->cname != NULL) : 0;

	memset(&m, 0, sizeof m);
	m.b = b;
	m.start = b->len;
	buf_be16(b, id);
	buf_be16(b, resp ? 0x8180 : 0x0100);
	buf_be16(b, 1);
	buf_be16(b, (uint32_t)an);
	buf_be16(b, 0);
	buf_be16(b, 1);
	dns_name(&m, s->name);
	buf_be16(b, (uint32_t)type);
	buf_be16(b, 1);
	if (resp) {
		if (s->cname != NULL)
			dns_rr(&m, s->name, 5, rndr(60, 3600), s->cname, NULL);
		dns_rr(&m, owner, type, rndr(20, 300), NULL,
		    type == 28 ? s->h.ip6 : s->h.ip4);
		if (naddr > 1) {
			memcpy(alt, type == 28 ? s->h.ip6 : s->h.ip4,
			    type == 28 ? 16 : 4);
			alt[type == 28 ? 15 : 3] ^= 0x80;
			dns_rr(&m, owner, type, rndr(20, 300), NULL, alt);
		}
	}
	/* OPT: root name, type 41, UDP size 1232, no flags, no options. */
	buf_add(b, "\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00", 11);
}

static void
udp_send(struct flow *f, int dir, const uint8_t *d, size_t len)
{
	uint8_t *p = ip_begin(f, dir, 17);

	put16(p, f->port[dir]);
	put16(p + 2, f->port[!dir]);
	memcpy(p + 8, d, len);
	ip_end(f, p + 8 + len);
}

/* Queries the host's router (its resolver) for each type in types (A 1,
 * AAAA 28), all at once as stub resolvers do, then gets the answers. */
static void
conv_dns(struct conv *c, uint64_t t, struct host *a, struct site *s, int v6,
    const int *types, int ntypes, int naddr)
{
	struct flow f[2];
	uint16_t id[2];
	uint64_t delay = rndn(3) == 0 ? rndr(5, 60) * MS : rndr(200, 900) * US;
	int i;

	for (i = 0; i < ntypes; i++) {
		flow_init(&f[i], c, t, a, a->gw, 1, v6);
		f[i].port[0] = ephemeral(a);
		f[i].port[1] = 53;
		f[i].ttl[1] = 64;
		id[i] = (uint16_t)rnd();
		app.len = 0;
		dns_message(&app, id[i], s, types[i], 0, naddr);
		udp_send(&f[i], 0, app.p, app.len);
		t += rndr(20, 200) * US;
	}
	for (i = 0; i < ntypes; i++) {
		f[i].t = t + delay + (uint64_t)i * rndr(10, 80) * US;
		app.len = 0;
		dns_message(&app, id[i], s, types[i], 1, naddr);
		udp_send(&f[i], 1, app.p, app.len);
	}
}

/* ICMP and ICMPv6 echo (ping): count requests a second apart. */
static void
conv_ping(struct conv *c, uint64_t t, struct host *a, struct site *s, int v6,
    int count)
{
	struct flow f;
	uint64_t sec;
	uint16_t id = (uint16_t)rnd();
	uint8_t *p, *d;
	int i, j, k;

	flow_init(&f, c, t, a, &s->h, 0, v6);
	for (i = 0; i < count; i++) {
		for (j = 0; j < 2; j++) {
			p = ip_begin(&f, j, v6 ? 58 : 1);
			if (v6)
				p[0] = j ? 129 : 128;
			else
				p[0] = j ? 0 : 8;
			p[1] = 0;
			put16(p + 4, id);
			put16(p + 6, (uint32_t)i + 1);
			d = p + 8;
			if (a->windows) {
				memcpy(d, "abcdefghijklmnopqrstuvw"
				    "abcdefghi", 32);
				d += 32;
			} else {
				/* iputils: a timeval, then bytes 0x10-0x37. */
				sec = START_SEC + t / SEC;
				memset(d, 0, 16);
				putle32(d, (uint32_t)sec);
				putle32(d + 4, (uint32_t)(sec >> 32));
				putle32(d + 8, (uint32_t)(t % SEC / US));
				for (k = 16; k < 56; k++)
					d[k] = (uint8_t)k;
				d += 56;
			}
			ip_end(&f, d);
			f.t += j ? 0 : s->rtt + rndr(0, 3000) * US;
		}
		t += SEC + rndr(0, 2000) * US;
		f.t = t;
	}
}

/* ARP (RFC 826): who-has, and the answer. */
static void
conv_arp(struct conv *c, uint64_t t, struct host *a, struct host *b)
{
	struct host *h[2] = { a, b };
	uint8_t *p;
	int i;

	for (i = 0; i < 2; i++) {
		p = frame_begin(c, i ? a->mac : bcast, h[i]->mac, a->vlan,
		    0x0806);
		memcpy(p, "\x00\x01\x08\x00\x06\x04\x00", 7);
		p[7] = (uint8_t)(i + 1);
		memcpy(p + 8, h[i]->mac, 6);
		memcpy(p + 14, h[i]->ip4, 4);
		if (i)
			memcpy(p + 18, a->mac, 6);
		else
			memset(p + 18, 0, 6);
		memcpy(p + 24, h[!i]->ip4, 4);
		frame_end(c, t, p + 28);
		t += rndr(100, 900) * US;
	}
}

/* Neighbour solicitation to the solicited-node group and the unicast
 * advertisement (RFC 4861), between link-local addresses. */
static void
conv_ndp(struct conv *c, uint64_t t, struct host *a, struct host *b)
{
	struct flow f;
	uint8_t group[16] = { 0xff, 0x02, [11] = 0x01, 0xff };
	uint8_t gmac[6] = { 0x33, 0x33, 0xff };
	uint8_t *p;
	int router = b->gw == NULL;

	memcpy(group + 13, b->ll6 + 13, 3);
	memcpy(gmac + 3, b->ll6 + 13, 3);
	flow_init(&f, c, t, a, b, 1, 1);
	f.ip[0] = a->ll6;
	f.ip[1] = group;
	f.mac[1] = gmac;
	f.ttl[0] = f.ttl[1] = 255;
	f.label = 0;
	p = ip_begin(&f, 0, 58);
	memset(p, 0, 8);
	p[0] = 135;
	memcpy(p + 8, b->ll6, 16);
	p[24] = 1;				/* source link-layer address */
	p[25] = 1;
	memcpy(p + 26, a->mac, 6);
	ip_end(&f, p + 32);

	f.t += rndr(50, 400) * US;
	f.ip[1] = b->ll6;
	f.mac[1] = b->mac;
	p = ip_begin(&f, 1, 58);
	memset(p, 0, 8);
	p[0] = 136;
	p[4] = router ? 0xe0 : 0x60;		/* R, S, O flags */
	memcpy(p + 8, b->ll6, 16);
	p[24] = 2;				/* target link-layer address */
	p[25] = 1;
	memcpy(p + 26, b->mac, 6);
	ip_end(&f, p + 32);
}

/* The mix.  Body sizes are spread over several decades, which is what sets
 * the mean frame size; see bench/README.md. */

static size_t
body_size(void)
{
	uint32_t r = rndn(1000);

	if (r < 630)
		return rndr(80, 1600);
	if (r < 935)
		return rndr(1600, 9000);
	if (r < 997)
		return rndr(9000, 60000);
	return rndr(60000, 300000);
}

/* The VLAN's two hosts are quiet: about 1% of conversations. */
static struct host *
pick_client(void)
{
	if (rndn(100) == 0)
		return &clients[NCLIENT - 2 + rndn(2)];
	return &clients[rndn(NCLIENT - 2)];
}

static struct site *
pick_site(void)
{
	return &sites[rndn(NSITE)];
}

static void
random_http(struct conv *c, uint64_t t)
{
	struct exch e[4];
	struct site *s = pick_site();
	int i, n = (int)rndr(1, 4), r, v6, srvclose;

	for (i = 0; i < n; i++) {
		r = (int)rndn(100);
		e[i].post = s->kind == JSON && rndn(3) == 0;
		e[i].req = e[i].post ? rndr(60, 6000) : 0;
		e[i].status = r < 80 ? 200 : r < 90 ? 304 : r < 95 ? 301 : 404;
		e[i].resp = body_size();
	}
	srvclose = rndn(3) == 0;
	v6 = rndn(4) == 0;
	conv_http(c, t, pick_client(), s, v6, e, n, srvclose);
}

static void
random_tls(struct conv *c, uint64_t t)
{
	size_t req[16], resp[16], certs;
	struct site *s;
	int v6, i, chatty = rndn(2), n = chatty ? (int)rndr(4, 16) :
	    (int)rndr(1, 4);

	/* Half the connections are chatty (APIs, HTTP/2 pings, push), with
	 * small records both ways. */
	for (i = 0; i < n; i++) {
		req[i] = chatty ? rndr(20, 300) : rndr(30, 700);
		resp[i] = chatty ? rndr(20, 900) : body_size();
	}
	/* One draw per statement: argument order is unspecified in C. */
	certs = rndr(2500, 5500);
	v6 = rndn(4) == 0;
	s = pick_site();
	conv_tls(c, t, pick_client(), s, v6, req, resp, n, certs);
}

static void
random_dns(struct conv *c, uint64_t t)
{
	static const int a[1] = { 1 }, aaaa[1] = { 28 }, both[2] = { 1, 28 };
	int r = (int)rndn(4), v6 = rndn(4) == 0, naddr = (int)rndr(1, 2);
	struct site *s = pick_site();

	if (r == 0)
		conv_dns(c, t, pick_client(), s, v6, both, 2, naddr);
	else
		conv_dns(c, t, pick_client(), s, v6, r == 3 ? aaaa : a, 1,
		    naddr);
}

/* The DNS-heavy mix (-m dns): what a resolver's LAN port sees, many record
 * types, negative answers with the zone's SOA, and reverse lookups.  Answers
 * are made up but well formed; names stay in the documentation domains. */

static const char *const zones[] = {
	"example.com", "example.net", "example.org",
};
#define NZONE (sizeof zones / sizeof zones[0])

/* Writes the answer section for qname/qtype and returns its count; the
 * names pointed at by the rdata must live until the message is written. */
static int
dns_rich_answers(struct dnsmsg *m, const char *qname, int qtype,
    const char *zone, char names[][64])
{
	static const char *const txt[] = {
		"v=spf1 include:_spf.example.net ~all",
		"google-site-verification=0123456789abcdefghijklmnopqrstuv",
		"MS=ms12345678",
	};
	uint8_t addr[16];
	size_t at;
	int i, n = (int)rndr(1, 4);

	for (i = 0; i < n; i++) {
		at = dns_rr_begin(m, qname, qtype, rndr(30, 86400));
		switch (qtype) {
		case 1:
		case 28:
			rndbytes(addr, 16);
			if (qtype == 1) {
				addr[0] = 203;
				addr[1] = 0;
				addr[2] = 113;
			} else {
				memcpy(addr, "\x20\x01\x0d\xb8", 4);
			}
			buf_add(m->b, addr, qtype == 1 ? 4 : 16);
			break;
		case 2:				/* NS */
			snprintf(names[i], 64, "ns%d.%s", i + 1, zone);
			dns_name(m, names[i]);
			break;
		case 12:			/* PTR */
			snprintf(names[i], 64, "host-%u.%s", rndn(4096), zone);
			dns_name(m, names[i]);
			n = 1;
			break;
		case 15:			/* MX */
			buf_be16(m->b, (uint32_t)(10 * (i + 1)));
			snprintf(names[i], 64, "mx%d.%s", i + 1, zone);
			dns_name(m, names[i]);
			break;
		case 16:			/* TXT: one or two strings */
			buf_u8(m->b, (uint32_t)strlen(txt[i % 3]));
			buf_str(m->b, txt[i % 3]);
			if (i == 1) {
				buf_u8(m->b, 5);
				buf_str(m->b, "extra");
			}
			break;
		case 33:			/* SRV */
			buf_be16(m->b, 10);
			buf_be16(m->b, rndr(0, 100));
			buf_be16(m->b, 5060);
			snprintf(names[i], 64, "sip%d.%s", i + 1, zone);
			dns_name(m, names[i]);
			break;
		}
		dns_rr_end(m, at);
	}
	return n;
}

static void
dns_rich(struct conv *c, uint64_t t)
{
	/* Query type mix, in parts per 100. */
	static const struct { int type, upto; } mix[] = {
		{ 1, 40 }, { 28, 65 }, { 12, 75 }, { 15, 80 }, { 16, 85 },
		{ 33, 90 }, { 2, 93 }, { 1, 100 },	/* the last are NXDOMAIN */
	};
	char qname[96], names[4][64];
	const char *zone = zones[rndn(NZONE)];
	struct host *a = pick_client();
	struct dnsmsg m;
	struct flow f;
	uint32_t r = rndn(100), serial = 2024010100 + rndn(99);
	uint16_t id = (uint16_t)rnd();
	int i, type = 1, nx = r >= 93, an = 0, v6 = rndn(4) == 0;
	size_t at, ancount;

	for (i = 0; r >= (uint32_t)mix[i].upto; i++)
		;
	type = mix[i].type;
	if (type == 12)
		snprintf(qname, sizeof qname, "%u.%u.113.0.203.in-addr.arpa",
		    rndn(256), rndn(256));
	else if (type == 33)
		snprintf(qname, sizeof qname, "_sip._udp.%s", zone);
	else if (type == 1 || type == 28)
		snprintf(qname, sizeof qname, "%s%u.%s",
		    nx ? "nohost" : "www", rndn(nx ? 100000 : 64), zone);
	else
		snprintf(qname, sizeof qname, "%s", zone);

	flow_init(&f, c, t, a, a->gw, 1, v6);
	f.port[0] = ephemeral(a);
	f.port[1] = 53;
	f.ttl[1] = 64;
	for (i = 0; i < 2; i++) {
		app.len = 0;
		memset(&m, 0, sizeof m);
		m.b = &app;
		buf_be16(&app, id);
		buf_be16(&app, i == 0 ? 0x0100 : nx ? 0x8183 : 0x8180);
		buf_be16(&app, 1);
		ancount = app.len;
		buf_be16(&app, 0);
		buf_be16(&app, i == 1 && nx);		/* SOA in authority */
		buf_be16(&app, 1);
		dns_name(&m, qname);
		buf_be16(&app, (uint32_t)type);
		buf_be16(&app, 1);
		if (i == 1 && !nx) {
			an = dns_rich_answers(&m, qname, type, zone, names);
			put16(app.p + ancount, (uint32_t)an);
		} else if (i == 1) {
			at = dns_rr_begin(&m, zone, 6, 3600);
			snprintf(names[0], 64, "ns1.%s", zone);
			snprintf(names[1], 64, "hostmaster.%s", zone);
			dns_name(&m, names[0]);
			dns_name(&m, names[1]);
			buf_be16(&app, serial >> 16);
			buf_be16(&app, serial & 0xffff);
			buf_add(&app, "\x00\x00\x1c\x20\x00\x00\x0e\x10"
			    "\x00\x12\x75\x00\x00\x00\x0e\x10", 16);
			dns_rr_end(&m, at);
		}
		buf_add(&app, "\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00",
		    11);
		if (i == 1)
			f.t += rndn(3) == 0 ? rndr(5, 80) * MS :
			    rndr(200, 900) * US;
		udp_send(&f, i, app.p, app.len);
	}
}

static int dns_mix;		/* -m dns */
static int syn_flood;		/* -m synflood */

/* One SYN of a flood of half-open connections to one web server, each
 * from an address and port of its own (198.18.0.0/15, RFC 2544's range
 * for benchmarks): the n-th SYN comes from 198.18.0.0 + n / 50000, port
 * 10000 + n % 50000, so a million of them are a million connections. */
static void
conv_syn(struct conv *c, uint64_t t)
{
	static uint8_t src[4];
	static uint32_t n;
	struct flow f;

	flow_init(&f, c, t, &clients[0], &sites[0].h, 0, 0);
	put32(src, 0xc6120000u + n / 50000);
	f.ip[0] = src;
	f.port[0] = (uint16_t)(10000 + n % 50000);
	f.port[1] = 80;
	f.nxt[0] = (uint32_t)rnd();
	n++;
	tcp_seg(&f, 0, SYN, NULL, 0);
}

static void
random_conv(struct conv *c, uint64_t t)
{
	struct host *a, *b;
	struct site *s;
	uint32_t r;
	int count, v6;

	if (dns_mix) {
		dns_rich(c, t);
		return;
	}
	if (syn_flood) {
		conv_syn(c, t);
		return;
	}
	a = pick_client();
	r = rndn(1000);
	if (r < 270) {
		random_tls(c, t);
	} else if (r < 420) {
		random_http(c, t);
	} else if (r < 900) {
		random_dns(c, t);
	} else if (r < 930) {
		count = (int)rndr(1, 4);
		v6 = rndn(3) == 0;
		s = pick_site();
		conv_ping(c, t, a, s, v6, count);
	} else if (r < 965) {
		b = rndn(2) ? a->gw : pick_client();
		if (b->vlan != a->vlan)
			b = a->gw;
		conv_arp(c, t, a, b);
	} else {
		b = rndn(2) ? a->gw : pick_client();
		if (b->vlan != a->vlan)
			b = a->gw;
		conv_ndp(c, t, a, b);
	}
}

/* The tour: every kind once, with sizes fixed so that it is 50 packets long
 * whatever the seed (tests/data/README). */
static size_t
tour(struct conv *c, uint64_t t, int step)
{
	static const int a[1] = { 1 }, aaaa[1] = { 28 };
	static const struct exch get = { 0, 200, 0, 1800 };
	static const struct exch post = { 1, 200, 300, 600 };
	static const size_t req[1] = { 420 }, resp[1] = { 1500 };
	struct host *cli = &clients[3], *vcli = &clients[NCLIENT - 1];

	switch (step) {
	case 0:
		conv_arp(c, t, cli, cli->gw);
		break;
	case 1:
		conv_dns(c, t, cli, &sites[0], 0, a, 1, 1);
		break;
	case 2:
		conv_http(c, t, cli, &sites[0], 0, &get, 1, 0);
		break;
	case 3:
		conv_ping(c, t, cli, &sites[0], 0, 1);
		break;
	case 4:
		conv_ndp(c, t, cli, cli->gw);
		break;
	case 5:
		conv_dns(c, t, cli, &sites[1], 1, aaaa, 1, 1);
		break;
	case 6:
		conv_tls(c, t, cli, &sites[1], 1, req, resp, 1, 2600);
		break;
	case 7:
		conv_ping(c, t, cli, &sites[1], 1, 1);
		break;
	case 8:
		conv_http(c, t, cli, &sites[1], 1, &post, 1, 1);
		break;
	case 9:
		conv_dns(c, t, vcli, &sites[3], 0, a, 1, 2);
		break;
	default:
		return 0;
	}
	return c->nrec;
}

/* Output. */

struct out {
	FILE *fp;
	const char *name;
	int nsec;
	uint64_t left;
};

static void
out_write(struct out *o, const void *p, size_t n)
{
	if (fwrite(p, 1, n, o->fp) != n)
		nc_die_write(o->name);
}

static void
out_header(struct out *o)
{
	uint8_t h[24];

	putle32(h, o->nsec ? 0xa1b23c4d : 0xa1b2c3d4);
	h[4] = 2;
	h[5] = 0;
	h[6] = 4;
	h[7] = 0;
	memset(h + 8, 0, 8);
	putle32(h + 16, 262144);			/* snaplen */
	putle32(h + 20, 1);				/* LINKTYPE_ETHERNET */
	out_write(o, h, sizeof h);
}

/* Writes the conversation's next packet; returns 0 when no more are wanted. */
static int
out_packet(struct out *o, struct conv *c)
{
	const struct rec *r = &c->rec[c->next++];
	uint64_t ns = r->ts;
	uint8_t h[16];

	if (o->left == 0)
		return 0;
	o->left--;
	putle32(h, (uint32_t)(START_SEC + ns / SEC));
	putle32(h + 4, (uint32_t)(o->nsec ? ns % SEC : ns % SEC / US));
	putle32(h + 8, r->len);
	putle32(h + 12, r->len);
	out_write(o, h, sizeof h);
	out_write(o, c->buf + r->off, r->len);
	return o->left > 0;
}

static void
generate(struct out *o)
{
	static struct conv slot[NSLOT];
	uint64_t t = 0;
	size_t i, best;
	int step;

	out_header(o);
	if (o->left == 0)
		return;
	/* The tour runs one conversation at a time. */
	for (step = 0;; step++) {
		conv_reset(&slot[0]);
		if (tour(&slot[0], t, step) == 0)
			break;
		while (slot[0].next < slot[0].nrec)
			if (!out_packet(o, &slot[0]))
				return;
		t = slot[0].rec[slot[0].nrec - 1].ts + rndr(10, 300) * MS;
	}
	/* Then NSLOT at a time, merged by time; a finished one is replaced
	 * by a new one starting a little after the packet just written. */
	for (i = 0; i < NSLOT; i++) {
		conv_reset(&slot[i]);
		random_conv(&slot[i], t + rndexp(30 * MS));
	}
	for (;;) {
		best = 0;
		for (i = 1; i < NSLOT; i++)
			if (slot[i].rec[slot[i].next].ts <
			    slot[best].rec[slot[best].next].ts)
				best = i;
		t = slot[best].rec[slot[best].next].ts;
		if (!out_packet(o, &slot[best]))
			return;
		if (slot[best].next == slot[best].nrec) {
			conv_reset(&slot[best]);
			/* A flood: 32 slots, a SYN every 50 us each. */
			random_conv(&slot[best], t + rndexp(syn_flood ? 50 * US :
			    20 * MS));
		}
	}
}

int
main(int argc, char *argv[])
{
	struct out o = { stdout, "stdout", 0, 1000 };
	const char *file = NULL;
	uint64_t seed = 1;
	int ch;

	nc_cli_init(argv[0]);
	while ((ch = getopt(argc, argv, "hm:Nn:o:s:")) != -1) {
		switch (ch) {
		case 'h':
			nc_help(usage);
		case 'm':
			if (strcmp(optarg, "dns") == 0)
				dns_mix = 1;
			else if (strcmp(optarg, "synflood") == 0)
				syn_flood = 1;
			else if (strcmp(optarg, "lan") != 0)
				nc_usage_msg(usage, "-m: unknown mix: %s",
				    optarg);
			break;
		case 'N':
			o.nsec = 1;
			break;
		case 'n':
			o.left = (uint64_t)nc_parse_num(usage, "-n", optarg, 0,
			    1000000000);
			break;
		case 'o':
			file = optarg;
			break;
		case 's':
			seed = (uint64_t)nc_parse_num(usage, "-s", optarg, 0,
			    INT64_MAX);
			break;
		default:
			nc_usage(usage);
		}
	}
	if (optind != argc)
		nc_usage(usage);
	if (file == NULL && isatty(STDOUT_FILENO))
		nc_usage_msg(usage, "refusing to write a capture to a "
		    "terminal; use -o FILE or a pipe");
	if (file != NULL) {
		if ((o.fp = fopen(file, "wb")) == NULL)
			nc_die_errno("%s", file);
		o.name = file;
	}
	setvbuf(o.fp, NULL, _IOFBF, 1 << 20);

	for (ch = 0; ch < 4; ch++)
		rs[ch] = splitmix(&seed);
	world_init();
	generate(&o);

	if (fflush(o.fp) == EOF || ferror(o.fp) || fclose(o.fp) == EOF)
		nc_die_write(o.name);
	return NC_EXIT_OK;
}
