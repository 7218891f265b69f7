/* Domain Name System messages, RFC 1035 4.1, on UDP and TCP port 53, and
 * the same format as multicast DNS (RFC 6762, port 5353) and LLMNR
 * (RFC 4795, port 5355).  EDNS0: RFC 6891; client subnet: RFC 7871.
 *
 *	 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
 *	+--+-----------+--+--+--+--+--+--+--+-----------+
 *	|                      ID                       |
 *	|QR|  opcode   |AA|TC|RD|RA| Z|AD|CD|   rcode   |
 *	|    QDCOUNT    ANCOUNT    NSCOUNT    ARCOUNT    |
 *	+-----------------------------------------------+
 *	question: name, type, class
 *	resource record: name, type, class, ttl (32), rdlength, rdata
 *
 * On TCP each message follows a 2-byte length (RFC 1035 4.2.2); the
 * messages that lie whole in a segment are decoded, one cut by the
 * segment's end is left to stream reassembly as Undecoded.  The counts
 * are kept as the header says; the records are decoded until one does not
 * parse or the arrays are full, and an Undecoded record holds the rest. */
#include "decode/internal.h"
#include "decode/dnsname.h"

#include <stdlib.h>
#include <string.h>

enum { DNS_HDR = 12 };

#define DNS_MAX_Q	32
#define DNS_MAX_RR	128	/* all three sections together */
#define DNS_MAX_TXT	128	/* character-strings of all TXT records */
#define DNS_MAX_OPT	32	/* EDNS0 options */
#define DNS_POOL	32768	/* text of every name and string */
#define DNS_SEEN	8	/* names remembered for pointers to them */

enum {
	T_A = 1, T_NS = 2, T_CNAME = 5, T_SOA = 6, T_PTR = 12, T_MX = 15,
	T_TXT = 16, T_AAAA = 28, T_SRV = 33, T_OPT = 41,
	OPT_ECS = 8,
};

struct rr {
	Netcap__DNSResourceRecord r;
	Netcap__DNSMX mx;
	Netcap__DNSSOA soa;
	Netcap__DNSSRV srv;
};

/* Everything one message needs. */
struct dns {
	const struct nc_cur *msg;
	int mdns;
	Netcap__DNSQuestion q[DNS_MAX_Q];
	Netcap__DNSQuestion *qp[DNS_MAX_Q];
	struct rr rr[DNS_MAX_RR];
	Netcap__DNSResourceRecord *rrp[DNS_MAX_RR];
	char *txt[DNS_MAX_TXT];
	Netcap__DNSOPT opt[DNS_MAX_OPT];
	Netcap__DNSOPT *optp[DNS_MAX_OPT];
	uint8_t ecs[DNS_MAX_OPT][16];
	size_t nq, nrr, ntxt, nopt, used;
	/* Names read whole, without a pointer, by their offset in the
	 * message: an answer's name is nearly always a pointer to the
	 * question's, and then it is the same text. */
	struct { size_t off; char *text; } seen[DNS_SEEN];
	size_t nseen;
	char pool[DNS_POOL];
};

/* About 85 KB, too much for a decoder's stack, so each decoder owns one
 * (nc_decoder_init makes it).  The records point into it only until they
 * are emitted, before nc_dec_dns returns, and nothing it calls decodes DNS
 * again, so one per decoder is enough. */
struct nc_dns {
	struct dns s;
};

struct nc_dns *
nc_dns_new(void)
{
	return calloc(1, sizeof(struct nc_dns));
}

void
nc_dns_free(struct nc_dns *d)
{
	free(d);
}

/* Room for the text of up to len wire bytes, or NULL when the pool is
 * spent. */
static char *
room(struct dns *d, size_t len)
{
	char *s;

	if (DNS_POOL - d->used < 4 * len + 2)
		return NULL;
	s = d->pool + d->used;
	return s;
}

static char *
keep(struct dns *d, char *s, size_t len)
{
	d->used += len + 1;
	return s;
}

/* Reads a name at c into the pool; returns why not. */
static const char *
name(struct dns *d, struct nc_cur *c, char **out)
{
	struct nc_dns_name n;
	size_t off = nc_cur_offset(c, d->msg->p), i;
	const char *why;
	char *s;

	/* A pointer, alone, to a name read whole before: reading it again
	 * would give the same text (its target is below this name, and it
	 * adds one hop to a chain that had none). */
	if (nc_cur_left(c) >= 2 && (nc_cur_peek(c, 0) & 0xc0) == 0xc0) {
		size_t to = (size_t)(nc_cur_peek_be16(c, 0) & 0x3fff);

		for (i = 0; i < d->nseen; i++)
			if (d->seen[i].off == to) {
				nc_cur_skip(c, 2);
				*out = d->seen[i].text;
				return NULL;
			}
	}
	if ((why = nc_dns_name_read(d->msg, c, &n)) != NULL)
		return why;
	if ((s = room(d, n.len)) == NULL)
		return "names exceed the " "32768-byte buffer";
	*out = keep(d, s, nc_dns_name_text(&n, s));
	if (nc_cur_offset(c, d->msg->p) - off == n.len && d->nseen < DNS_SEEN) {
		d->seen[d->nseen].off = off;
		d->seen[d->nseen++].text = *out;
	}
	return NULL;
}

static int
txt(struct dns *d, struct nc_cur *rd, Netcap__DNSResourceRecord *r)
{
	size_t first = d->ntxt, len;
	const uint8_t *p;
	char *s;

	r->txts = d->txt + first;
	while (nc_cur_left(rd) > 0) {
		len = nc_cur_u8(rd);
		if ((p = nc_cur_bytes(rd, len)) == NULL ||
		    d->ntxt == DNS_MAX_TXT || (s = room(d, len)) == NULL)
			goto bad;
		d->txt[d->ntxt++] = keep(d, s, nc_dns_escape(p, len, 0, s));
	}
	r->n_txts = d->ntxt - first;
	return 0;
bad:
	d->ntxt = first;
	r->txts = NULL;
	return -1;
}

static int
opt(struct dns *d, struct nc_cur *rd, Netcap__DNSResourceRecord *r)
{
	size_t first = d->nopt, alen, n;
	Netcap__DNSOPT *o;
	struct nc_cur v;
	const uint8_t *a;

	r->_udp_payload_size_case =
	    NETCAP__DNSRESOURCE_RECORD___UDP_PAYLOAD_SIZE_UDP_PAYLOAD_SIZE;
	r->udp_payload_size = r->class_;
	NC_DEC_SET(r, DNSRESOURCE_RECORD, ext_rcode, EXT_RCODE, r->ttl >> 24);
	r->_edns_version_case =
	    NETCAP__DNSRESOURCE_RECORD___EDNS_VERSION_EDNS_VERSION;
	r->edns_version = r->ttl >> 16 & 0xff;
	r->dnssec_ok = (r->ttl & 0x8000) != 0;
	r->opt = d->optp + first;
	while (nc_cur_left(rd) > 0) {
		if (d->nopt == DNS_MAX_OPT)
			goto bad;
		o = &d->opt[d->nopt];
		*o = (Netcap__DNSOPT)NETCAP__DNSOPT__INIT;
		o->code = nc_cur_be16(rd);
		n = nc_cur_be16(rd);
		v = nc_cur_sub(rd, n);
		if (rd->err)
			goto bad;
		o->data.data = (uint8_t *)v.p;
		o->data.len = n;
		/* family, source prefix, scope prefix, then only the address
		 * bytes the source prefix needs. */
		if (o->code == OPT_ECS && n >= 4) {
			o->ecs_family = nc_cur_be16(&v);
			o->ecs_source_prefix = nc_cur_u8(&v);
			o->ecs_scope_prefix = nc_cur_u8(&v);
			alen = o->ecs_family == 1 ? 4 : o->ecs_family == 2 ? 16 : 0;
			o->_ecs_family_case = NETCAP__DNSOPT___ECS_FAMILY_ECS_FAMILY;
			o->_ecs_source_prefix_case =
			    NETCAP__DNSOPT___ECS_SOURCE_PREFIX_ECS_SOURCE_PREFIX;
			o->_ecs_scope_prefix_case =
			    NETCAP__DNSOPT___ECS_SCOPE_PREFIX_ECS_SCOPE_PREFIX;
			if (alen > 0 && nc_cur_left(&v) <= alen) {
				memset(d->ecs[d->nopt], 0, alen);
				n = nc_cur_left(&v);
				a = nc_cur_bytes(&v, n);
				if (n > 0)
					memcpy(d->ecs[d->nopt], a, n);
				o->ecs_ip.data = d->ecs[d->nopt];
				o->ecs_ip.len = alen;
			}
		}
		d->optp[d->nopt++] = o;
	}
	r->n_opt = d->nopt - first;
	return 0;
bad:
	d->nopt = first;
	r->opt = NULL;
	return -1;
}

/* The typed fields of r from its rdata; -1 leaves them to the raw data. */
static int
rdata(struct dns *d, struct nc_cur *rd, struct rr *x)
{
	Netcap__DNSResourceRecord *r = &x->r;
	size_t n = nc_cur_left(rd);

	switch (r->type) {
	case T_A:
	case T_AAAA:
		if (n != (r->type == T_A ? 4u : 16u))
			return -1;
		r->address_ip.data = (uint8_t *)nc_cur_bytes(rd, n);
		r->address_ip.len = n;
		return 0;
	case T_NS:
		return name(d, rd, &r->ns) ? -1 : 0;
	case T_CNAME:
		return name(d, rd, &r->cname) ? -1 : 0;
	case T_PTR:
		return name(d, rd, &r->ptr) ? -1 : 0;
	case T_MX:
		x->mx = (Netcap__DNSMX)NETCAP__DNSMX__INIT;
		x->mx.preference = nc_cur_be16(rd);
		if (rd->err || name(d, rd, &x->mx.name) != NULL)
			return -1;
		r->mx = &x->mx;
		return 0;
	case T_TXT:
		return txt(d, rd, r);
	case T_SOA:
		x->soa = (Netcap__DNSSOA)NETCAP__DNSSOA__INIT;
		if (name(d, rd, &x->soa.mname) != NULL ||
		    name(d, rd, &x->soa.rname) != NULL)
			return -1;
		x->soa.serial = nc_cur_be32(rd);
		x->soa.refresh = nc_cur_be32(rd);
		x->soa.retry = nc_cur_be32(rd);
		x->soa.expire = nc_cur_be32(rd);
		x->soa.minimum = nc_cur_be32(rd);
		if (rd->err)
			return -1;
		r->soa = &x->soa;
		return 0;
	case T_SRV:
		x->srv = (Netcap__DNSSRV)NETCAP__DNSSRV__INIT;
		x->srv.priority = nc_cur_be16(rd);
		x->srv.weight = nc_cur_be16(rd);
		x->srv.port = nc_cur_be16(rd);
		if (rd->err || name(d, rd, &x->srv.name) != NULL)
			return -1;
		r->srv = &x->srv;
		return 0;
	case T_OPT:
		return opt(d, rd, r);
	}
	return -1;
}

/* One resource record at c; returns why it does not parse. */
static const char *
rr(struct dns *d, struct nc_cur *c, struct rr *x)
{
	Netcap__DNSResourceRecord *r = &x->r;
	struct nc_cur rd, whole;
	const char *why;
	size_t used, ntxt = d->ntxt, nopt = d->nopt;

	*r = (Netcap__DNSResourceRecord)NETCAP__DNSRESOURCE_RECORD__INIT;
	if ((why = name(d, c, &r->name)) != NULL)
		return why;
	used = d->used;
	r->type = nc_cur_be16(c);
	r->class_ = nc_cur_be16(c);
	r->ttl = nc_cur_be32(c);
	r->data_length = nc_cur_be16(c);
	if (c->err)
		return "truncated";
	rd = nc_cur_sub(c, r->data_length);
	if (c->err)
		return "rdata longer than the message";
	if (d->mdns && r->type != T_OPT) {
		r->cache_flush = (r->class_ & 0x8000) != 0;
		r->class_ &= 0x7fff;
	}
	whole = rd;
	/* Typed data must fill the rdata exactly; what does not is kept
	 * raw, with the pool as it was. */
	if (rdata(d, &rd, x) < 0 || rd.err || nc_cur_left(&rd) != 0) {
		d->used = used;
		d->ntxt = ntxt;
		d->nopt = nopt;
		r->address_ip.len = 0;
		r->ns = r->cname = r->ptr = (char *)protobuf_c_empty_string;
		r->mx = NULL;
		r->soa = NULL;
		r->srv = NULL;
		r->n_txts = r->n_opt = 0;
		r->txts = NULL;
		r->opt = NULL;
		r->data.data = (uint8_t *)whole.p;
		r->data.len = nc_cur_left(&whole);
	}
	return NULL;
}

static const char *const section[] = { "answer", "authority", "additional" };

static const char *
flavour(const struct nc_app *a)
{
	if (a->sport == 53 || a->dport == 53)
		return "DNS";
	if (a->sport == 5353 || a->dport == 5353)
		return "mDNS";
	if (a->sport == 5355 || a->dport == 5355)
		return "LLMNR";
	return "DNS";
}

/* One message, exactly the window m. */
static void
message(struct nc_pkt *k, struct nc_cur *m, const struct nc_app *a,
    struct dns *d, int tcp, unsigned tcplen)
{
	Netcap__DNS x = NETCAP__DNS__INIT;
	struct nc_issue is = { 0 };
	struct nc_cur start = *m, at;
	const char *why;
	unsigned flags, count[3], i, s;
	size_t first[3], n[3];

	if (nc_cur_left(m) < DNS_HDR) {
		nc_dec_truncated(k, "DNS", m, DNS_HDR);
		return;
	}
	d->msg = &start;
	d->mdns = strcmp(flavour(a), "mDNS") == 0;
	d->nq = d->nrr = d->ntxt = d->nopt = d->used = d->nseen = 0;
	x.id = nc_cur_be16(m);
	flags = nc_cur_be16(m);
	x.qr = flags >> 15;
	x.op_code = flags >> 11 & 0xf;
	x.aa = flags >> 10 & 1;
	x.tc = flags >> 9 & 1;
	x.rd = flags >> 8 & 1;
	x.ra = flags >> 7 & 1;
	x.z = flags >> 6 & 1;
	x.ad = flags >> 5 & 1;
	x.cd = flags >> 4 & 1;
	x.response_code = flags & 0xf;
	x.qd_count = nc_cur_be16(m);
	x.an_count = count[0] = nc_cur_be16(m);
	x.ns_count = count[1] = nc_cur_be16(m);
	x.ar_count = count[2] = nc_cur_be16(m);

	for (i = 0; i < x.qd_count && is.at == NULL; i++) {
		Netcap__DNSQuestion *q = &d->q[d->nq];

		at = *m;
		if (d->nq == DNS_MAX_Q) {
			nc_dec_issue(&is, "DNS", &at, "more than %d questions",
			    DNS_MAX_Q);
			break;
		}
		*q = (Netcap__DNSQuestion)NETCAP__DNSQUESTION__INIT;
		if ((why = name(d, m, &q->name)) == NULL) {
			q->type = nc_cur_be16(m);
			q->class_ = nc_cur_be16(m);
			why = m->err ? "truncated" : NULL;
		}
		if (why != NULL) {
			nc_dec_issue(&is, "DNS", &at, "question %u: %s", i + 1,
			    why);
			break;
		}
		if (d->mdns) {
			q->unicast_response = (q->class_ & 0x8000) != 0;
			q->class_ &= 0x7fff;
		}
		d->qp[d->nq++] = q;
	}
	for (s = 0; s < 3; s++) {
		first[s] = d->nrr;
		for (i = 0; i < count[s] && is.at == NULL; i++) {
			at = *m;
			if (d->nrr == DNS_MAX_RR) {
				nc_dec_issue(&is, "DNS", &at, "more than %d "
				    "resource records", DNS_MAX_RR);
				break;
			}
			if ((why = rr(d, m, &d->rr[d->nrr])) != NULL) {
				nc_dec_issue(&is, "DNS", &at, "%s %u: %s",
				    section[s], i + 1, why);
				break;
			}
			d->rrp[d->nrr] = &d->rr[d->nrr].r;
			d->nrr++;
		}
		n[s] = d->nrr - first[s];
	}
	/* Bytes after the last record: padding or a smuggled payload. */
	if (is.at == NULL && nc_cur_left(m) > 0)
		nc_dec_issue(&is, "DNS", m, "%zu bytes after the last record",
		    nc_cur_left(m));

	if (nc_dec_want(k, NETCAP__RECORD__RECORD_DNS)) {
		NC_DEC_APP_ENDS(&x, k, a);
		x.flavour = (char *)flavour(a);
		if (tcp) {
			NC_DEC_SET(&x, DNS, tcp_length, TCP_LENGTH, tcplen);
		}
		x.n_questions = d->nq;
		x.questions = d->qp;
		x.n_answers = n[0];
		x.answers = d->rrp + first[0];
		x.n_authorities = n[1];
		x.authorities = d->rrp + first[1];
		x.n_additionals = n[2];
		x.additionals = d->rrp + first[2];
		nc_dec_emit(k, NETCAP__RECORD__RECORD_DNS, &x.base);
	}
	nc_dec_flush_issue(k, &is);
}

void
nc_dec_dns(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	struct dns *d = &k->d->s->dns->s;
	struct nc_cur m, at;
	unsigned len;

	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_DNS) &&
	    !nc_dec_want(k, NETCAP__RECORD__RECORD_UNDECODED))
		return;
	if (a->proto != 6) {
		message(k, c, a, d, 0, 0);
		return;
	}
	while (nc_cur_left(c) > 0 && k->rc == 0) {
		at = *c;
		len = nc_cur_be16(c);
		if (c->err) {
			nc_dec_undecoded(k, "DNS", &at, "truncated: %zu byte of "
			    "the 2-byte length", nc_cur_left(&at));
			return;
		}
		if (len < DNS_HDR) {
			nc_dec_undecoded(k, "DNS", &at, "not DNS: length %u "
			    "below the 12-byte header", len);
			return;
		}
		if (len > nc_cur_left(c)) {
			nc_dec_undecoded(k, "DNS", &at, "truncated: message of "
			    "%u bytes, %zu in this segment", len,
			    nc_cur_left(c));
			return;
		}
		m = nc_cur_sub(c, len);
		message(k, &m, a, d, 1, len);
	}
}

struct nc_dns_decoder {
	struct nc_decoder d;		/* its emit, ctx and types only */
	struct nc_dns dns;
};

struct nc_dns_decoder *
nc_dns_decoder_new(nc_emit_fn *emit)
{
	struct nc_dns_decoder *x;
	size_t n;

	if ((x = calloc(1, sizeof *x)) == NULL)
		return NULL;
	nc_decode_types(&n);		/* the schema nc_dec_emit marks with */
	nc_typeset_all(&x->d.want);
	x->d.dlt = 1;
	x->d.emit = emit;
	return x;
}

void
nc_dns_decoder_free(struct nc_dns_decoder *x)
{
	free(x);
}

int
nc_decode_dns_message(struct nc_dns_decoder *x, void *ctx,
    const struct nc_dns_ends *e, const uint8_t *p, size_t n)
{
	struct nc_pkt k;
	struct nc_cur m = nc_cur_make(p, n);
	struct nc_ip ip;
	struct nc_app a;

	x->d.ctx = ctx;
	memset(&k, 0, sizeof k);
	k.d = &x->d;
	k.ts = e->ts;
	k.packet = e->packet;
	k.frame = p;
	k.caplen = k.wirelen = n;
	k.inner = (int)e->inner;
	memset(&ip, 0, sizeof ip);
	ip.src = e->src;
	ip.dst = e->dst;
	ip.alen = e->alen;
	ip.declared = n;
	ip.layer = e->alen == 16 ? "IPv6" : "IPv4";
	memset(&a, 0, sizeof a);
	a.ip = &ip;
	a.sport = e->sport;
	a.dport = e->dport;
	a.proto = 6;
	a.layer = "TCP";
	a.flow = e->flow;
	message(&k, &m, &a, &x->dns.s, 1, (unsigned)n);
	return k.rc;
}
