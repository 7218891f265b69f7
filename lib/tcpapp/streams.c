/* The TCP stream tracker of nc-tcp (streams.h). */
#include "tcpapp/streams.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "files/files.h"
#include "flow/conn.h"
#include "decode/cursor.h"
#include "flow/connflow.h"
#include "flow/pktread.h"
#include "registry.h"
#include "stream.h"
#include "tcpapp/expect.h"

/* First bytes kept per direction while no probe has decided: enough for
 * an SSH identification's "SSH-" and a TLS record and handshake header. */
#define PROBE_MAX	64

enum { S_PROBE, S_PARSE, S_DONE };

/* The owner's data of a flow table entry. */
struct strm {
	struct nc_conn c;		/* first, as connflow.h needs */
	struct nc_reasm_dir d[2];	/* by sender: key endpoint 0 or 1 */
	struct nc_tcpapp_conn tc;	/* by direction, once a parser has it */
	void *st;			/* the parser's state, or NULL */
	uint64_t expected;		/* the announcement it took (expect.h) */
	uint64_t last_packet;
	uint8_t state, app, orig_ep, inner;
	uint8_t none;			/* no parser took it */
	uint8_t answered;		/* the server's first bytes went to
					 * the Service records */
	uint8_t nbuf[2];		/* by direction */
	uint8_t fin[2];			/* by direction: a FIN came (reassembly
					 * forgets it as it ends) */
	uint8_t buf[2][PROBE_MAX];
};

struct nc_streams {
	struct nc_flow_table *table;
	struct nc_streams_opts opts;
	struct nc_writer *out;
	struct nc_software *sw;		/* NULL: no Software records */
	struct nc_streams_stats st;
	struct nc_flow_stats total;	/* of the tables of earlier streams */
	struct nc_pktread rd;
	struct nc_expect *expect;
	int ftpdata;			/* ftp-data's entry of nc_tcpapps */
	void *shared[16];		/* per entry of nc_tcpapps, made when
					 * first needed */
	int live, failed, streams;
};

/* What the reassembly callbacks of one segment need. */
struct call {
	struct nc_streams *s;
	struct strm *m;
	int ep;
	int64_t ts;
	uint64_t packet;
};

static int
put(void *arg, int type, const ProtobufCMessage *m)
{
	struct nc_streams *s = arg;
	struct nc_late late;
	int rc;

	/* Nothing more is written after a failure, nor while the tracker is
	 * freed with connections open. */
	if (s->failed) {
		errno = EIO;
		return -1;
	}
	/* A File record whose MIME type libmagic is still working out on
	 * another thread waits in the writer, in its place. */
	if (type == NETCAP__RECORD__RECORD_FILE &&
	    nc_files_late(s->opts.app.files, (const Netcap__File *)m, &late))
		rc = nc_writer_put_late(s->out, type, m, &late);
	else
		rc = nc_writer_put(s->out, type, m);
	if (rc < 0)
		return -1;
	return s->sw != NULL ? nc_software_record(s->sw, type, m) : 0;
}

/* The tracker's own records, which it need not see again. */
static int
sw_put(void *arg, int type, const ProtobufCMessage *m)
{
	struct nc_streams *s = arg;

	return nc_writer_put(s->out, type, m);
}

static int
dir_of(const struct strm *m, int ep)
{
	return ep == m->orig_ep ? NC_TCPAPP_ORIG : NC_TCPAPP_RESP;
}

static int
greeting(const struct nc_tcpapp_ctx *c, const char *proto, const uint8_t *p,
    size_t n)
{
	struct nc_streams *s = c->arg;

	if (s->failed) {
		errno = EIO;
		return -1;
	}
	return nc_software_greeting(s->sw, c, proto, p, n);
}

/* The first bytes p[0, n) the server of m sent, for the Service record
 * of a connection no parser took (proto "unknown") or of a parser whose
 * records do not show the answer. */
static void
answered(struct nc_streams *s, struct strm *m, const char *proto, int64_t ts,
    uint64_t packet, const uint8_t *p, size_t n)
{
	if (s->sw == NULL || m->answered || n == 0 || s->failed)
		return;
	m->answered = 1;
	if (nc_software_answered(s->sw, &m->tc, proto, ts, packet,
	    strcmp(proto, "unknown") == 0 ? p : NULL, n) < 0)
		s->failed = 1;
}

static void
ctx_make(struct nc_tcpapp_ctx *x, const struct call *k)
{
	x->conn = &k->m->tc;
	x->ts = k->ts;
	x->packet = k->packet;
	x->put = put;
	x->arg = k->s;
	x->stats = &k->s->st.app[k->m->app];
	x->shared = k->s->shared[k->m->app];
	x->opts = &k->s->opts.app;
	x->expect = k->s->expect;
	x->expected = k->m->expected;
	x->fin[0] = k->m->fin[0];
	x->fin[1] = k->m->fin[1];
	x->greeting = k->s->sw != NULL ? greeting : NULL;
}

/* A parser's answer: -1 stops everything (a write failed), DONE stops
 * this connection's reassembly once the segment is through. */
static void
answer(struct call *k, int rc)
{
	if (rc < 0)
		k->s->failed = 1;
	else if (rc == NC_TCPAPP_DONE)
		k->m->state = S_DONE;
}

static void
app_data(struct call *k, int dir, const uint8_t *p, size_t n)
{
	const struct nc_tcpapp *a = nc_tcpapps[k->m->app].app;
	struct nc_tcpapp_ctx x;

	if (n == 0 || k->m->state != S_PARSE || k->s->failed)
		return;
	/* DNS records may all be nc-decode's, and Telnet's are only of
	 * logins: none says the server answered. */
	if (dir == NC_TCPAPP_RESP && (a == &nc_tcpapp_dns ||
	    a == &nc_tcpapp_telnet))
		answered(k->s, k->m, a->name, k->ts, k->packet, p, n);
	ctx_make(&x, k);
	answer(k, a->data(k->m->st, dir, p, n, &x));
}

/* The parser for m: the first whose probe says yes for the bytes either
 * direction sent; while one may still say yes (MORE) and force is 0, -2;
 * else the responder's port, then the originator's; -1: none. */
static int
choose(const struct strm *m, int force)
{
	enum nc_probe r;
	size_t i;
	int dir, more = 0, a;

	for (i = 0; i < nc_tcpapps_n; i++)
		for (dir = 0; dir < 2; dir++) {
			if (m->nbuf[dir] == 0)
				continue;
			r = nc_tcpapps[i].app->probe(dir, m->buf[dir],
			    m->nbuf[dir]);
			if (r == NC_PROBE_YES)
				return (int)i;
			if (r == NC_PROBE_MORE && m->nbuf[dir] < PROBE_MAX)
				more = 1;
		}
	if (more && !force)
		return -2;
	if ((a = nc_tcpapp_by_port(m->tc.port[NC_TCPAPP_RESP])) < 0)
		a = nc_tcpapp_by_port(m->tc.port[NC_TCPAPP_ORIG]);
	return a;
}

/* Gives m to parser a; 0, or -1 when out of memory. */
static int
start(struct call *k, int a)
{
	struct strm *m = k->m;
	struct nc_tcpapp_ctx x;

	m->app = (uint8_t)a;
	k->s->st.conns[a]++;
	/* Made for the first connection that needs it: the DNS decoder's
	 * scratch space is megabytes a run without DNS does not pay. */
	if (k->s->shared[a] == NULL && nc_tcpapps[a].app->init != NULL &&
	    (k->s->shared[a] = nc_tcpapps[a].app->init()) == NULL) {
		k->s->failed = 1;
		errno = ENOMEM;
		m->state = S_DONE;
		return -1;
	}
	ctx_make(&x, k);
	if ((m->st = nc_tcpapps[a].app->open(&x)) == NULL) {
		k->s->failed = 1;
		errno = ENOMEM;
		m->state = S_DONE;
		return -1;
	}
	m->state = S_PARSE;
	return 0;
}

/* Decides m's parser if it can; the bytes kept for the probes go to the
 * parser chosen, but those of direction own, which the caller hands on
 * itself. */
static void
decide(struct call *k, int force, int own)
{
	struct strm *m = k->m;
	int a, dir;

	if ((a = choose(m, force)) == -2)
		return;
	if (a < 0) {
		k->s->st.unknown++;
		m->state = S_DONE;
		m->none = 1;
		answered(k->s, m, "unknown", k->ts, k->packet,
		    m->buf[NC_TCPAPP_RESP], m->nbuf[NC_TCPAPP_RESP]);
		return;
	}
	if (start(k, a) < 0)
		return;
	for (dir = 0; dir < 2; dir++)
		if (dir != own)
			app_data(k, dir, m->buf[dir], m->nbuf[dir]);
}

static void
on_data(void *arg, const uint8_t *p, size_t n)
{
	struct call *k = arg;
	struct strm *m = k->m;
	int dir = dir_of(m, k->ep);
	struct nc_cur c = nc_cur_make(p, n);
	size_t take, old;

	if (m->state == S_PROBE) {
		old = m->nbuf[dir];
		take = PROBE_MAX - old;
		if (take > n)
			take = n;
		memcpy(m->buf[dir] + old, p, take);
		m->nbuf[dir] = (uint8_t)(old + take);
		/* A segment's bytes go to the parser in one call when they
		 * can: the DNS parser tells by it what nc-decode saw. */
		decide(k, m->nbuf[dir] == PROBE_MAX, old == 0 ? dir : -1);
		if (old > 0) {
			app_data(k, dir, m->buf[dir], m->nbuf[dir]);
			nc_cur_skip(&c, take);
			n = nc_cur_left(&c);
			p = nc_cur_bytes(&c, n);
		}
	}
	app_data(k, dir, p, n);
}

static void
on_gap(void *arg, uint64_t n)
{
	struct call *k = arg;
	struct strm *m = k->m;
	struct nc_tcpapp_ctx x;

	if (m->state == S_PROBE)
		decide(k, 1, -1);
	if (m->state != S_PARSE || k->s->failed)
		return;
	ctx_make(&x, k);
	answer(k, nc_tcpapps[m->app].app->gap(m->st, dir_of(m, k->ep), n,
	    &x));
}

/* Ends the parser's part of m: what waits is dropped unless flush, and
 * the parser closed. */
static void
finish(struct call *k, int flush)
{
	struct nc_reasm_out out = { on_data, on_gap, k };
	struct strm *m = k->m;
	struct nc_tcpapp_ctx x;
	int ep;

	for (ep = 0; ep < 2; ep++) {
		k->ep = ep;
		if (flush && m->state != S_DONE)
			nc_reasm_flush(&k->s->st.reasm, &m->d[ep], &out);
		else
			nc_reasm_drop(&k->s->st.reasm, &m->d[ep]);
	}
	if (flush && m->state == S_PROBE &&
	    (m->nbuf[0] > 0 || m->nbuf[1] > 0))
		decide(k, 1, -1);
	if (m->st != NULL) {
		ctx_make(&x, k);
		if (nc_tcpapps[m->app].app->close(m->st, &x) < 0 &&
		    !k->s->failed)
			k->s->failed = 1;
		m->st = NULL;
	}
	m->state = S_DONE;
}

static void
conn_end(void *arg, struct nc_flow *f, enum nc_flow_end why)
{
	struct strm *m = nc_flow_data(f);
	struct call k = { arg, m, 0, f->last, m->last_packet };

	(void)why;
	finish(&k, 1);
}

/* The parser's view of m's endpoints, fixed when the connection starts:
 * direction 0 is the originator nc_conn chose. */
static void
conn_init(struct strm *m, const struct nc_flow *f, uint32_t inner)
{
	const struct nc_conn *c = &m->c;
	int d;

	m->tc.flow = f->id;
	m->tc.alen = c->alen;
	for (d = 0; d < 2; d++) {
		memcpy(m->tc.ip[d], c->addr[d], c->alen);
		m->tc.port[d] = c->port[d];
	}
	m->tc.inner = inner;
	m->orig_ep = !(memcmp(c->addr[0], f->key.addr[0], c->alen) == 0 &&
	    c->port[0] == f->key.port[0]);
}

/* A new connection that an FTP control connection announced goes to
 * ftp-data, unprobed.  Tried both ways round: the roles of a connection
 * seen midstream are a guess. */
static void
expected(struct call *k)
{
	const struct nc_conn *c = &k->m->c;
	struct nc_expect_key e;
	int i;

	e.alen = c->alen;
	for (i = 0; i < 2 && k->m->expected == 0; i++) {
		memcpy(e.orig, c->addr[i], c->alen);
		memcpy(e.resp, c->addr[!i], c->alen);
		e.port = c->port[!i];
		k->m->expected = nc_expect_take(k->s->expect, &e, k->ts);
	}
	if (k->m->expected != 0)
		start(k, k->s->ftpdata);
}

/* The TCP record the reader holds. */
static void
segment(struct nc_streams *s)
{
	const struct nc_pktread *r = &s->rd;
	const struct nc_scan *sc = &r->scan;
	const struct nc_pktread_ids *i = r->ids;
	struct nc_conn_pkt p = { 0 };
	struct nc_flow *f;
	struct strm *m;
	const uint8_t *pl;
	size_t plen;
	int isnew, ep;

	p.src = r->src;
	p.dst = r->dst;
	p.alen = r->alen;
	p.ts = r->pk.ts;
	p.proto = 6;
	p.sport = (uint16_t)nc_scan_u(sc, i->src_port);
	p.dport = (uint16_t)nc_scan_u(sc, i->dst_port);
	p.seq = (uint32_t)nc_scan_u(sc, i->seq);
	p.ack = (uint32_t)nc_scan_u(sc, i->ack);
	p.window = (uint32_t)nc_scan_u(sc, i->window);
	p.flags = (uint16_t)nc_scan_u(sc, i->flags);
	p.len = (uint32_t)nc_scan_u(sc, i->payload_size);
	pl = nc_scan_bytes(sc, i->payload, &plen);
	if (plen > 0)
		s->st.segments++;
	else if (p.len > 0)
		s->st.no_payload++;

	if ((f = nc_connflow_get(s->table, nc_scan_u(sc, i->flow), &p,
	    &isnew)) == NULL) {
		s->failed = 1;
		errno = ENOMEM;
		return;
	}
	m = nc_flow_data(f);
	if (isnew)
		nc_conn_start(&m->c, &p);
	m->last_packet = r->pk.packet;
	if (nc_conn_packet(&m->c, &p) == NC_CONN_DONE)
		nc_flow_close_at(s->table, f, m->c.last + NC_CONN_LINGER);
	/* Zeek may swap the roles while the connection is setting up. */
	if (m->state == S_PROBE && m->st == NULL)
		conn_init(m, f, r->inner);
	ep = !(memcmp(p.src, f->key.addr[0], p.alen) == 0 &&
	    p.sport == f->key.port[0]);
	if (m->state == S_DONE) {
		if (m->none && dir_of(m, ep) == NC_TCPAPP_RESP)
			answered(s, m, "unknown", r->pk.ts, r->pk.packet, pl,
			    plen);
		return;
	}
	{
		struct call k = { s, m, ep, r->pk.ts, r->pk.packet };
		struct nc_reasm_out out = { on_data, on_gap, &k };

		if (isnew)
			expected(&k);
		if (p.flags & NC_TCP_FIN)
			m->fin[dir_of(m, ep)] = 1;

		nc_reasm_segment(&s->st.reasm, &m->d[ep], p.seq,
		    (p.flags & NC_TCP_SYN) != 0, (p.flags & NC_TCP_FIN) != 0,
		    pl, plen, &out);
		/* Done in a callback: the reassembly could not be freed
		 * while it was delivering. */
		if (m->state == S_DONE)
			finish(&k, 0);
	}
}

static void
fini(struct nc_streams *s)
{
	size_t i;

	for (i = 0; i < nc_tcpapps_n; i++)
		if (s->shared[i] != NULL)
			nc_tcpapps[i].app->fini(s->shared[i]);
	nc_expect_free(s->expect);
	nc_software_free(s->sw);
	free(s);
}

struct nc_streams *
nc_streams_new(const struct nc_streams_opts *o, struct nc_writer *out)
{
	struct nc_streams *s;
	size_t i;

	if (nc_tcpapps_n > sizeof s->st.conns / sizeof s->st.conns[0] ||
	    (s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	if (o != NULL)
		s->opts = *o;
	s->out = out;
	for (i = 0; i < nc_tcpapps_n; i++)
		if (nc_tcpapps[i].app == &nc_tcpapp_ftpdata)
			s->ftpdata = (int)i;
	if ((s->expect = nc_expect_new()) == NULL) {
		free(s);
		return NULL;
	}
	nc_reasm_init(&s->st.reasm, s->opts.conn_max, s->opts.total_max);
	nc_pktread_init(&s->rd);
	s->table = nc_flow_table_new(&s->opts.flow, sizeof(struct strm),
	    conn_end, s);
	if (s->table == NULL) {
		nc_expect_free(s->expect);
		free(s);
		return NULL;
	}
	if (!s->opts.no_software && (s->sw = nc_software_new(
	    s->opts.software_max, sw_put, s)) == NULL) {
		nc_flow_table_free(s->table);
		free(s);
		return NULL;
	}
	return s;
}

void
nc_streams_free(struct nc_streams *s)
{
	if (s == NULL)
		return;
	/* Entries still in the table hold reassembly buffers and parser
	 * state: end them, writing nothing more. */
	s->failed = 1;
	nc_flow_flush(s->table);
	nc_flow_table_free(s->table);
	fini(s);
}

int
nc_streams_stream(struct nc_streams *s, int live)
{
	if (s->streams++ > 0) {
		s->table = nc_flow_table_next(s->table, &s->total);
		if (s->table == NULL) {
			s->failed = 1;
			errno = ENOMEM;
			return -1;
		}
	}
	s->live = live;
	return s->failed ? -1 : 0;
}

int
nc_streams_frame(struct nc_streams *s, int type, const uint8_t *p, size_t n)
{
	if (s->failed)
		return -1;
	if (s->live)
		nc_flow_advance_wall(s->table);
	/* Only TCP records: the other layers of a packet tell nothing. */
	if (type == NETCAP__RECORD__RECORD_TCP &&
	    nc_pktread_frame(&s->rd, type, p, n))
		segment(s);
	return s->failed ? -1 : 0;
}

int
nc_streams_flush(struct nc_streams *s)
{
	if (!s->failed)
		nc_flow_flush(s->table);
	return s->failed ? -1 : 0;
}

int
nc_streams_payloads(const struct nc_streams *s)
{
	if (s->st.segments > 0)
		return 1;
	return s->st.no_payload > 0 ? -1 : 0;
}

void
nc_streams_stats(const struct nc_streams *s, struct nc_streams_stats *st)
{
	const struct nc_flow_stats *c = nc_flow_stats(s->table);

	*st = s->st;
	st->flow = s->total;
	nc_flow_stats_add(&st->flow, c);
	st->flow.live = c->live;
	st->entry_size = nc_flow_entry_size(s->table);
	nc_expect_stats(s->expect, &st->expect);
	if (s->sw != NULL)
		nc_software_stats(s->sw, &st->software);
}
