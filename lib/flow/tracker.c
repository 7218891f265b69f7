/* The conversation tracker nc-conn runs (tracker.h): each packet, its
 * layers gathered from its records (pktread.h), fed to the flow table; a
 * Connection record written for each conversation that ends. */
#include "flow/tracker.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "flow/communityid.h"
#include "flow/conn.h"
#include "flow/connflow.h"
#include "flow/ftpwatch.h"
#include "flow/pktread.h"
#include "registry.h"
#include "stream.h"

/* The accounting comes first, as connflow.h needs. */
struct conv {
	struct nc_conn c;
	uint32_t vlan[2];
	uint8_t nvlan, inner, icmp, icmp_type, icmp_code;
	uint8_t ftpdata;		/* an FTP control connection announced
					 * it (ftpwatch.h) */
};

struct nc_tracker {
	struct nc_pktread rd;
	struct nc_flow_table *table;
	struct nc_flow_opts opts;
	struct nc_flow_stats total;	/* of the tables of earlier streams */
	struct nc_writer *out;
	struct nc_ftpwatch *ftp;
	int live, failed, streams;
};

static const char *const why_name[] = {
	[NC_FLOW_CLOSED] = "closed", [NC_FLOW_TIMEOUT] = "timeout",
	[NC_FLOW_EVICTED] = "evicted", [NC_FLOW_FLUSHED] = "flushed",
};

/* Writes the Connection of a flow that ended. */
static void
conn_end(void *arg, struct nc_flow *f, enum nc_flow_end why)
{
	struct nc_tracker *t = arg;
	Netcap__Connection m = NETCAP__CONNECTION__INIT;
	struct conv *cv = nc_flow_data(f);
	struct nc_conn *c = &cv->c;
	struct nc_conn_result r;
	char cid[NC_COMMUNITY_ID_LEN], *svc;

	if (t->failed)
		return;
	nc_conn_result(c, &r);
	m.ts = c->first;
	m.flow = f->id;
	m.orig_ip.data = c->addr[0];
	m.resp_ip.data = c->addr[1];
	m.orig_ip.len = m.resp_ip.len = c->alen;
	m.orig_port = c->port[0];
	m.resp_port = c->port[1];
	m.proto = c->proto;
	svc = (char *)nc_conn_service(c->proto, c->port[1]);
	/* Zeek names ftp-data as the connection starts, whatever it then
	 * carries. */
	if (cv->ftpdata)
		m.service = "ftp-data";
	else if (svc != NULL && c->ep[0].pkts > 0 && c->ep[1].pkts > 0 &&
	    (c->proto != 6 || (r.orig_bytes > 0 && r.resp_bytes > 0)))
		m.service = svc;
	if (r.duration > 0) {
		m._duration_case = NETCAP__CONNECTION___DURATION_DURATION;
		m.duration = (double)r.duration / 1e9;
		m._orig_bytes_case = NETCAP__CONNECTION___ORIG_BYTES_ORIG_BYTES;
		m.orig_bytes = r.orig_bytes;
		m._resp_bytes_case = NETCAP__CONNECTION___RESP_BYTES_RESP_BYTES;
		m.resp_bytes = r.resp_bytes;
	}
	m.conn_state = (char *)r.conn_state;
	m.missed_bytes = c->missed;
	m.history = c->history;
	m.orig_pkts = c->ep[0].pkts;
	m.orig_ip_bytes = c->ep[0].ip_bytes;
	m.resp_pkts = c->ep[1].pkts;
	m.resp_ip_bytes = c->ep[1].ip_bytes;
	if (c->has_mac) {
		m.orig_mac.data = c->mac[0];
		m.resp_mac.data = c->mac[1];
		m.orig_mac.len = m.resp_mac.len = 6;
	}
	if (cv->nvlan > 0) {
		m._vlan_case = NETCAP__CONNECTION___VLAN_VLAN;
		m.vlan = cv->vlan[0];
	}
	if (cv->nvlan > 1) {
		m._inner_vlan_case = NETCAP__CONNECTION___INNER_VLAN_INNER_VLAN;
		m.inner_vlan = cv->vlan[1];
	}
	if (cv->icmp) {
		m._icmp_type_case = NETCAP__CONNECTION___ICMP_TYPE_ICMP_TYPE;
		m.icmp_type = cv->icmp_type;
		m._icmp_code_case = NETCAP__CONNECTION___ICMP_CODE_ICMP_CODE;
		m.icmp_code = cv->icmp_code;
	}
	/* ICMP's Community ID maps the first packet's type and code. */
	m.community_id = nc_community_id(cid, c->addr[0], c->addr[1],
	    c->alen, c->proto, cv->icmp ? cv->icmp_type : c->port[0],
	    cv->icmp ? cv->icmp_code : c->port[1], 0);
	if (m.community_id == NULL)
		m.community_id = "";
	m.end = (char *)why_name[why];
	m.inner = cv->inner;
	if (nc_writer_put(t->out, NETCAP__RECORD__RECORD_CONNECTION,
	    &m.base) < 0)
		t->failed = 1;
}

/* One transport record's packet, fed to its conversation. */
static void
feed(struct nc_tracker *t, struct nc_conn_pkt *p, uint64_t id,
    uint32_t inner, int icmp, uint8_t type, uint8_t code)
{
	const struct nc_pktread_pkt *pk = &t->rd.pk;
	struct nc_flow *f;
	struct conv *cv;
	int isnew;

	if (p->alen != 4 && p->alen != 16)
		return;
	p->ip_bytes = t->rd.ip_bytes;
	if (pk->has_mac) {
		p->src_mac = pk->mac[0];
		p->dst_mac = pk->mac[1];
	}
	if ((f = nc_connflow_get(t->table, id, p, &isnew)) == NULL)
		goto oom;
	cv = nc_flow_data(f);
	if (isnew) {
		nc_conn_start(&cv->c, p);
		cv->nvlan = (uint8_t)pk->nvlan;
		memcpy(cv->vlan, pk->vlan, sizeof cv->vlan);
		cv->inner = (uint8_t)(inner > 255 ? 255 : inner);
		cv->icmp = (uint8_t)icmp;
		cv->icmp_type = type;
		cv->icmp_code = code;
		cv->ftpdata = p->proto == 6 && nc_ftpwatch_take(t->ftp,
		    p->src, p->sport, p->dst, p->dport, p->alen, p->ts);
	}
	if (nc_conn_packet(&cv->c, p) == NC_CONN_DONE)
		nc_flow_close_at(t->table, f, cv->c.last + NC_CONN_LINGER);
	return;
oom:
	t->failed = 1;
	errno = ENOMEM;
}

/* Ends the conversations of the stream before, whose clock is not the
 * next one's, and starts a table with time from the new stream. */
static int
next_stream(struct nc_tracker *t)
{
	if (t->streams++ == 0)
		return 0;
	nc_ftpwatch_reset(t->ftp);
	t->table = nc_flow_table_next(t->table, &t->total);
	return t->table != NULL ? 0 : -1;
}

/* The transport record the reader holds, fed to its conversation. */
static void
transport(struct nc_tracker *t, int type)
{
	const struct nc_pktread *r = &t->rd;
	const struct nc_scan *s = &r->scan;
	const struct nc_pktread_ids *i = r->ids;
	struct nc_conn_pkt p = { 0 };
	const uint8_t *pl;
	size_t plen;
	uint32_t hl;
	uint8_t ty, c;

	p.ts = r->pk.ts;
	p.src = r->src;
	p.dst = r->dst;
	p.alen = r->alen;
	switch (type) {
	case NETCAP__RECORD__RECORD_TCP:
		p.proto = 6;
		p.seq = (uint32_t)nc_scan_u(s, i->seq);
		p.ack = (uint32_t)nc_scan_u(s, i->ack);
		p.window = (uint32_t)nc_scan_u(s, i->window);
		p.flags = (uint16_t)nc_scan_u(s, i->flags);
		/* FALLTHROUGH */
	case NETCAP__RECORD__RECORD_UDP:
		if (type == NETCAP__RECORD__RECORD_UDP)
			p.proto = 17;
		p.sport = (uint16_t)nc_scan_u(s, i->src_port);
		p.dport = (uint16_t)nc_scan_u(s, i->dst_port);
		p.len = (uint32_t)nc_scan_u(s, i->payload_size);
		/* The payload is there with nc-decode -P only. */
		if (p.proto == 6 && (p.sport == NC_FTPWATCH_PORT ||
		    p.dport == NC_FTPWATCH_PORT) &&
		    (pl = nc_scan_bytes(s, i->payload, &plen)) != NULL &&
		    plen > 0)
			nc_ftpwatch_segment(t->ftp, p.src, p.dst, p.alen,
			    p.sport, p.dport, pl, plen,
			    nc_scan_u(s, i->flow), p.ts);
		feed(t, &p, nc_scan_u(s, i->flow), r->inner, 0, 0, 0);
		return;
	}
	/* ICMP and ICMPv6. */
	p.proto = type == NETCAP__RECORD__RECORD_ICMPV4 ? 1 : 58;
	ty = (uint8_t)nc_scan_u(s, i->type);
	c = (uint8_t)nc_scan_u(s, i->code);
	nc_conn_icmp_ports(p.proto, ty, c, &p.sport, &p.dport);
	/* The payload after the 8-byte ICMP header, as Zeek counts it. */
	hl = r->ip_hlen + 8;
	p.len = r->ip_bytes > hl ? r->ip_bytes - hl : 0;
	feed(t, &p, nc_scan_u(s, i->flow), r->inner, 1, ty, c);
}

struct nc_tracker *
nc_tracker_new(const struct nc_flow_opts *o, struct nc_writer *out)
{
	struct nc_tracker *t;

	if ((t = calloc(1, sizeof *t)) == NULL)
		return NULL;
	if (o != NULL)
		t->opts = *o;
	t->out = out;
	nc_pktread_init(&t->rd);
	t->table = nc_flow_table_new(&t->opts, sizeof(struct conv), conn_end,
	    t);
	if (t->table == NULL || (t->ftp = nc_ftpwatch_new()) == NULL) {
		nc_flow_table_free(t->table);
		free(t);
		return NULL;
	}
	return t;
}

void
nc_tracker_free(struct nc_tracker *t)
{
	if (t == NULL)
		return;
	nc_flow_table_free(t->table);
	nc_ftpwatch_free(t->ftp);
	free(t);
}

int
nc_tracker_stream(struct nc_tracker *t, int live)
{
	if (next_stream(t) < 0)
		return -1;
	t->live = live;
	nc_pktread_stream(&t->rd);
	return t->failed ? -1 : 0;
}

int
nc_tracker_frame(struct nc_tracker *t, int type, const uint8_t *p, size_t n)
{
	/* No tick comes from the record loop: time moves on at each
	 * record. */
	if (t->live)
		nc_flow_advance_wall(t->table);
	if (nc_pktread_frame(&t->rd, type, p, n))
		transport(t, type);
	return t->failed ? -1 : 0;
}

int
nc_tracker_flush(struct nc_tracker *t)
{
	nc_flow_flush(t->table);
	return t->failed ? -1 : 0;
}

void
nc_tracker_stats(const struct nc_tracker *t, struct nc_flow_stats *s)
{
	const struct nc_flow_stats *c = nc_flow_stats(t->table);

	*s = t->total;
	nc_flow_stats_add(s, c);
	s->live = c->live;
}

void
nc_tracker_ftp_stats(const struct nc_tracker *t, struct nc_expect_stats *s)
{
	nc_ftpwatch_stats(t->ftp, s);
}

size_t
nc_tracker_entry_size(const struct nc_tracker *t)
{
	return nc_flow_entry_size(t->table);
}
