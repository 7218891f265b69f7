/* The flow meter nc-flow runs (meter.h): the layers of each packet read
 * in place, the packet fed to its flow's features, a Flow record written
 * for each flow that ends. */
#include "flow/meter.h"

#include <errno.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flow/conn.h"
#include "flow/flowfeat.h"
#include "registry.h"
#include "scan.h"
#include "stream.h"

/* The layers of the packet being read, by tunnel depth. */
#define DEPTHS 8

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

struct packet {
	uint64_t packet;
	int64_t ts;
	uint8_t mac[2][6];
	int has_mac, nvlan;
	uint32_t vlan;
	uint32_t ip_bytes[DEPTHS], ip_hlen[DEPTHS];
};

/* Field numbers of the records read, by name from the schema. */
struct ids {
	unsigned ts, packet, inner, quoted, src_mac, dst_mac, vlan, ihl,
	    length, src_ip, dst_ip, src_port, dst_port, data_offset, flags,
	    window, payload_size, flow, type, code;
};

struct nc_flowmeter {
	struct packet pk;
	struct nc_flow_table *table;
	struct nc_flow_opts topts;
	struct nc_flowmeter_opts o;
	struct nc_flowmeter_stats st;
	struct nc_flow_stats total;	/* of the tables of earlier streams */
	struct nc_writer *out;
	int live, failed, streams;
	struct nc_scan scan;
	struct nc_flowfeat_out splt;
	struct ids ids[NC_TYPE_MAX + 1];
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
	struct packet *pk = &m->pk;
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
		e->vlan = pk->vlan;
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

static unsigned
field(const ProtobufCMessageDescriptor *d, const char *name)
{
	const ProtobufCFieldDescriptor *f =
	    protobuf_c_message_descriptor_get_field_by_name(d, name);

	return f != NULL ? f->id : 0;
}

static void
ids_init(struct ids *ids)
{
	static const int read[] = {
		NETCAP__RECORD__RECORD_ETHERNET, NETCAP__RECORD__RECORD_DOT1Q,
		NETCAP__RECORD__RECORD_IPV4, NETCAP__RECORD__RECORD_IPV6,
		NETCAP__RECORD__RECORD_TCP, NETCAP__RECORD__RECORD_UDP,
		NETCAP__RECORD__RECORD_ICMPV4, NETCAP__RECORD__RECORD_ICMPV6,
	};
	const ProtobufCMessageDescriptor *d;
	struct ids *i;
	size_t k;

	for (k = 0; k < sizeof read / sizeof read[0]; k++) {
		d = nc_type_by_id(read[k])->desc;
		i = &ids[read[k]];
		i->ts = field(d, "ts");
		i->packet = field(d, "packet");
		i->inner = field(d, "inner");
		i->quoted = field(d, "quoted");
		i->src_mac = field(d, "src_mac");
		i->dst_mac = field(d, "dst_mac");
		i->vlan = field(d, "vlan_identifier");
		i->ihl = field(d, "ihl");
		i->length = field(d, "length");
		i->src_ip = field(d, "src_ip");
		i->dst_ip = field(d, "dst_ip");
		i->src_port = field(d, "src_port");
		i->dst_port = field(d, "dst_port");
		i->data_offset = field(d, "data_offset");
		i->flags = field(d, "flags");
		i->window = field(d, "window");
		i->payload_size = field(d, "payload_size");
		i->flow = field(d, "flow");
		i->type = field(d, "type");
		i->code = field(d, "code");
	}
}

static void
ip_layer(struct packet *pk, uint32_t inner, uint32_t bytes, uint32_t hlen)
{
	if (inner >= DEPTHS)
		return;
	pk->ip_bytes[inner] = bytes;
	pk->ip_hlen[inner] = hlen;
}

/* One record of a packet: its layers are kept until its transport
 * record comes, which feeds its flow. */
static void
layer(struct nc_flowmeter *m, int type, const struct nc_scan *s)
{
	struct packet *pk = &m->pk;
	const struct ids *i = &m->ids[type];
	struct pkt p = { 0 };
	uint32_t inner = (uint32_t)nc_scan_u(s, i->inner), ipb = 0, hl = 0;
	uint64_t packet = nc_scan_u(s, i->packet);
	const uint8_t *sm, *dm;
	size_t sl, dl;
	uint8_t ty, code;

	p.fp.ts = (int64_t)nc_scan_u(s, i->ts);
	if (packet != pk->packet || p.fp.ts != pk->ts) {
		memset(pk, 0, sizeof *pk);
		pk->packet = packet;
		pk->ts = p.fp.ts;
	}
	if (nc_scan_u(s, i->quoted))
		return;
	switch (type) {
	case NETCAP__RECORD__RECORD_ETHERNET:
		sm = nc_scan_bytes(s, i->src_mac, &sl);
		dm = nc_scan_bytes(s, i->dst_mac, &dl);
		if (inner == 0 && sl == 6 && dl == 6 && !pk->has_mac) {
			memcpy(pk->mac[0], sm, 6);
			memcpy(pk->mac[1], dm, 6);
			pk->has_mac = 1;
		}
		return;
	case NETCAP__RECORD__RECORD_DOT1Q:
		if (inner == 0 && pk->nvlan++ == 0)
			pk->vlan = (uint32_t)nc_scan_u(s, i->vlan);
		return;
	case NETCAP__RECORD__RECORD_IPV4:
		ip_layer(pk, inner, (uint32_t)nc_scan_u(s, i->length),
		    (uint32_t)nc_scan_u(s, i->ihl) * 4);
		return;
	case NETCAP__RECORD__RECORD_IPV6:
		ip_layer(pk, inner, (uint32_t)nc_scan_u(s, i->length) + 40, 40);
		return;
	}
	p.src = nc_scan_bytes(s, i->src_ip, &sl);
	p.dst = nc_scan_bytes(s, i->dst_ip, &dl);
	if (sl != dl || (sl != 4 && sl != 16))
		return;
	p.alen = (uint8_t)sl;
	if (inner < DEPTHS) {
		ipb = pk->ip_bytes[inner];
		hl = pk->ip_hlen[inner];
	}
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
		feed(m, &p, nc_scan_u(s, i->flow), inner, 1);
		return;
	}
	p.sport = (uint16_t)nc_scan_u(s, i->src_port);
	p.dport = (uint16_t)nc_scan_u(s, i->dst_port);
	p.fp.payload = (uint32_t)nc_scan_u(s, i->payload_size);
	/* A datagram reassembled from fragments comes with the last
	 * fragment's IP record: its size is the whole datagram's. */
	if (p.fp.ps < hl + p.fp.header + p.fp.payload)
		p.fp.ps = hl + p.fp.header + p.fp.payload;
	feed(m, &p, nc_scan_u(s, i->flow), inner, 0);
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
	ids_init(m->ids);
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
	memset(&m->pk, 0, sizeof m->pk);
	return m->failed ? -1 : 0;
}

/* The wall clock, in the packets' time. */
static int64_t
wall_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

int
nc_flowmeter_frame(struct nc_flowmeter *m, int type, const uint8_t *p,
    size_t n)
{
	if (m->live)
		nc_flow_advance(m->table, wall_ns());
	if (type < 0 || type > NC_TYPE_MAX || m->ids[type].packet == 0 ||
	    nc_scan_record(&m->scan, p, n) < 0)
		return m->failed ? -1 : 0;
	layer(m, type, &m->scan);
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
