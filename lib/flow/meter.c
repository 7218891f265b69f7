/* The flow meter nc-flow runs (meter.h): each packet, its layers read
 * in place (pktread.h), fed to its flow's features, a Flow record
 * written for each flow that ends. */
#include "flow/meter.h"

#include <errno.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "flow/conn.h"
#include "flow/flowfeat.h"
#include "flow/pktread.h"
#include "registry.h"
#include "stream.h"

enum reason { R_NONE, R_IDLE, R_ACTIVE, R_FIN, R_RST, R_EVICTED,
    R_FLUSHED };

static const char *const reason_name[] = {
	[R_IDLE] = "idle", [R_ACTIVE] = "active", [R_FIN] = "fin",
	[R_RST] = "rst", [R_EVICTED] = "evicted", [R_FLUSHED] = "flushed",
};

/* A flow's entry data: this, then its features at FEAT_OFF. */
struct entry {
	uint8_t src[16], dst[16];	/* the first packet's */
	uint16_t sport, dport;		/* as keyed (ICMP: mapped types) */
	uint8_t alen, proto, inner, icmp;
	uint8_t has_mac, has_vlan;
	uint8_t written;		/* its record is out: an ended mark */
	uint8_t reason;
	uint8_t mac[2][6];
	uint32_t vlan;
};

#define FEAT_OFF	((sizeof(struct entry) + alignof(max_align_t) - 1) & \
			    ~(alignof(max_align_t) - 1))

struct nc_flowmeter {
	struct nc_pktread rd;
	struct nc_flow_table *table;
	struct nc_flow_opts topts;
	struct nc_flowmeter_opts o;
	struct nc_flowmeter_stats st;
	struct nc_flow_stats total;	/* of the tables of earlier streams */
	struct nc_writer *out;
	int live, failed, streams;
	struct nc_flowfeat_out splt;
};

static struct nc_flowfeat *
feat(struct entry *e)
{
	return (struct nc_flowfeat *)((unsigned char *)e + FEAT_OFF);
}

static void
emit(struct nc_flowmeter *m, struct nc_flow *f, struct entry *e,
    enum reason why)
{
	Netcap__Flow r = NETCAP__FLOW__INIT;
	struct nc_flowfeat *ff = feat(e);

	e->written = 1;
	if (m->failed || ff->ps.n == 0)
		return;
	nc_flowfeat_fill(ff, &r, &m->splt);
	r.ts = ff->first;
	r.flow = f->id;
	r.src_ip.data = e->src;
	r.dst_ip.data = e->dst;
	r.src_ip.len = r.dst_ip.len = e->alen;
	if (!e->icmp) {
		r.src_port = e->sport;
		r.dst_port = e->dport;
	}
	r.protocol = e->proto;
	r.ip_version = e->alen == 4 ? 4 : 6;
	if (e->has_mac) {
		r.src_mac.data = e->mac[0];
		r.dst_mac.data = e->mac[1];
		r.src_mac.len = r.dst_mac.len = 6;
	}
	if (e->has_vlan) {
		r._vlan_id_case = NETCAP__FLOW___VLAN_ID_VLAN_ID;
		r.vlan_id = e->vlan;
	}
	r.expiration_id = why == R_IDLE ? 0 : why == R_ACTIVE ? 1 : -1;
	r.end = (char *)reason_name[why];
	r.inner = e->inner;
	switch (why) {
	case R_IDLE: m->st.idle++; break;
	case R_ACTIVE: m->st.active++; break;
	case R_FIN: m->st.fin++; break;
	case R_RST: m->st.rst++; break;
	case R_EVICTED: m->st.evicted++; break;
	default: m->st.flushed++; break;
	}
	m->st.flows++;
	if (nc_writer_put(m->out, NETCAP__RECORD__RECORD_FLOW, &r.base) < 0)
		m->failed = 1;
}

/* The table ends a flow: its record, unless it is an ended flow's mark. */
static void
flow_end(void *arg, struct nc_flow *f, enum nc_flow_end why)
{
	static const uint8_t map[] = {
		[NC_FLOW_CLOSED] = R_ACTIVE, [NC_FLOW_TIMEOUT] = R_IDLE,
		[NC_FLOW_EVICTED] = R_EVICTED, [NC_FLOW_FLUSHED] = R_FLUSHED,
	};
	struct nc_flowmeter *m = arg;
	struct entry *e = nc_flow_data(f);

	if (e->written) {
		if (why == NC_FLOW_EVICTED)
			m->st.marks_evicted++;
		return;
	}
	emit(m, f, e, e->reason != R_NONE ? e->reason : map[why]);
}

struct pkt {
	struct nc_flowfeat_pkt fp;
	const uint8_t *src, *dst;
	uint8_t alen, proto;
	uint16_t sport, dport;
};

/* Ends f now and returns the new flow on its key. */
static struct nc_flow *
restart(struct nc_flowmeter *m, struct nc_flow *f, const struct pkt *p,
    const struct nc_flow_key *k, int *isnew)
{
	nc_flow_close_at(m->table, f, p->fp.ts);
	nc_flow_advance(m->table, p->fp.ts);
	return nc_flow_get(m->table, f->id, k, p->fp.ts, isnew);
}

static void
feed(struct nc_flowmeter *m, struct pkt *p, uint64_t id, uint32_t inner,
    int icmp)
{
	const struct nc_pktread_pkt *pk = &m->rd.pk;
	struct nc_flow_key k;
	struct nc_flow *f;
	struct entry *e;
	int dir, isnew;

	nc_flow_key_make(&k, p->src, p->dst, p->alen, p->sport, p->dport,
	    p->proto, &dir);
	if ((f = nc_flow_get(m->table, id, &k, p->fp.ts, &isnew)) == NULL)
		goto oom;
	e = nc_flow_data(f);
	if (!isnew && e->written) {
		/* A mark: only a new connection's SYN gets past it. */
		if (!p->fp.tcp || (p->fp.flags & (NC_FF_SYN | NC_FF_ACK)) !=
		    NC_FF_SYN) {
			m->st.after_end++;
			return;
		}
		if ((f = restart(m, f, p, &k, &isnew)) == NULL)
			goto oom;
	} else if (!isnew && p->fp.ts - feat(e)->first >= m->o.active) {
		e->reason = R_ACTIVE;
		if ((f = restart(m, f, p, &k, &isnew)) == NULL)
			goto oom;
	}
	e = nc_flow_data(f);
	if (isnew) {
		memset(e, 0, sizeof *e);
		nc_flowfeat_init(feat(e), m->o.splt);
		memcpy(e->src, p->src, p->alen);
		memcpy(e->dst, p->dst, p->alen);
		e->sport = p->sport;
		e->dport = p->dport;
		e->alen = p->alen;
		e->proto = p->proto;
		e->icmp = (uint8_t)icmp;
		e->inner = (uint8_t)(inner > 255 ? 255 : inner);
		if ((e->has_mac = (uint8_t)pk->has_mac) != 0)
			memcpy(e->mac, pk->mac, sizeof e->mac);
		e->has_vlan = pk->nvlan > 0;
		e->vlan = pk->vlan[0];
	}
	p->fp.dir = !(memcmp(p->src, e->src, p->alen) == 0 &&
	    p->sport == e->sport);
	if (nc_flowfeat_add(feat(e), &p->fp))
		emit(m, f, e, (p->fp.flags & NC_FF_RST) ? R_RST : R_FIN);
	return;
oom:
	m->failed = 1;
	errno = ENOMEM;
}

/* The flows of the stream before, whose clock is not the next one's,
 * end; the new stream gets a table of its own. */
static int
next_stream(struct nc_flowmeter *m)
{
	if (m->streams++ == 0)
		return 0;
	m->table = nc_flow_table_next(m->table, &m->total);
	return m->table != NULL ? 0 : -1;
}

/* The transport record the reader holds, fed to its flow. */
static void
transport(struct nc_flowmeter *m, int type)
{
	const struct nc_pktread *r = &m->rd;
	const struct nc_scan *s = &r->scan;
	const struct nc_pktread_ids *i = r->ids;
	struct pkt p = { 0 };
	uint32_t ipb = r->ip_bytes, hl = r->ip_hlen;
	uint8_t ty, code;

	p.fp.ts = r->pk.ts;
	p.src = r->src;
	p.dst = r->dst;
	p.alen = r->alen;
	p.fp.ps = ipb;
	switch (type) {
	case NETCAP__RECORD__RECORD_TCP:
		p.proto = 6;
		p.fp.tcp = 1;
		p.fp.flags = (uint16_t)nc_scan_u(s, i->flags);
		p.fp.window = (uint32_t)nc_scan_u(s, i->window);
		p.fp.header = (uint32_t)nc_scan_u(s, i->data_offset) * 4;
		break;
	case NETCAP__RECORD__RECORD_UDP:
		p.proto = 17;
		p.fp.header = 8;
		break;
	default:
		/* ICMP and ICMPv6: paired by type, as nc-conn pairs them. */
		p.proto = type == NETCAP__RECORD__RECORD_ICMPV4 ? 1 : 58;
		ty = (uint8_t)nc_scan_u(s, i->type);
		code = (uint8_t)nc_scan_u(s, i->code);
		nc_conn_icmp_ports(p.proto, ty, code, &p.sport, &p.dport);
		p.fp.header = 8;
		p.fp.payload = ipb > hl + 8 ? ipb - hl - 8 : 0;
		feed(m, &p, nc_scan_u(s, i->flow), r->inner, 1);
		return;
	}
	p.sport = (uint16_t)nc_scan_u(s, i->src_port);
	p.dport = (uint16_t)nc_scan_u(s, i->dst_port);
	p.fp.payload = (uint32_t)nc_scan_u(s, i->payload_size);
	/* A datagram reassembled from fragments comes with the last
	 * fragment's IP record: its size is the whole datagram's. */
	if (p.fp.ps < hl + p.fp.header + p.fp.payload)
		p.fp.ps = hl + p.fp.header + p.fp.payload;
	feed(m, &p, nc_scan_u(s, i->flow), r->inner, 0);
}

struct nc_flowmeter *
nc_flowmeter_new(const struct nc_flowmeter_opts *o, struct nc_writer *out)
{
	struct nc_flowmeter *m;
	int i;

	if ((m = calloc(1, sizeof *m)) == NULL)
		return NULL;
	if (o != NULL)
		m->o = *o;
	if (m->o.idle <= 0)
		m->o.idle = NC_FLOWMETER_IDLE;
	if (m->o.active <= 0)
		m->o.active = NC_FLOWMETER_ACTIVE;
	if (!m->o.splt_set)
		m->o.splt = NC_FLOWFEAT_SPLT_DEFAULT;
	if (m->o.splt > NC_FLOWFEAT_SPLT_MAX)
		m->o.splt = NC_FLOWFEAT_SPLT_MAX;
	for (i = 0; i < NC_FLOW_CLASSES; i++)
		m->topts.timeout[i] = m->o.idle;
	m->topts.max_flows = m->o.max_flows;
	m->out = out;
	nc_pktread_init(&m->rd);
	m->table = nc_flow_table_new(&m->topts,
	    FEAT_OFF + nc_flowfeat_size(m->o.splt), flow_end, m);
	if (m->table == NULL) {
		free(m);
		return NULL;
	}
	return m;
}

void
nc_flowmeter_free(struct nc_flowmeter *m)
{
	if (m == NULL)
		return;
	nc_flow_table_free(m->table);
	free(m);
}

int
nc_flowmeter_stream(struct nc_flowmeter *m, int live)
{
	if (next_stream(m) < 0)
		return -1;
	m->live = live;
	nc_pktread_stream(&m->rd);
	return m->failed ? -1 : 0;
}

int
nc_flowmeter_frame(struct nc_flowmeter *m, int type, const uint8_t *p,
    size_t n)
{
	if (m->live)
		nc_flow_advance_wall(m->table);
	if (nc_pktread_frame(&m->rd, type, p, n))
		transport(m, type);
	return m->failed ? -1 : 0;
}

int
nc_flowmeter_flush(struct nc_flowmeter *m)
{
	nc_flow_flush(m->table);
	return m->failed ? -1 : 0;
}

void
nc_flowmeter_stats(const struct nc_flowmeter *m, struct nc_flowmeter_stats *s)
{
	const struct nc_flow_stats *c = nc_flow_stats(m->table);

	*s = m->st;
	s->table = m->total;
	nc_flow_stats_add(&s->table, c);
	s->table.live = c->live;
}

size_t
nc_flowmeter_entry_size(const struct nc_flowmeter *m)
{
	return nc_flow_entry_size(m->table);
}
