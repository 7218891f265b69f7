/* The conversation tracker nc-conn runs (tracker.h): the layers of each
 * packet gathered from its records, read in place, and fed to the flow
 * table; a Connection record written for each conversation that ends. */
#include "flow/tracker.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flow/communityid.h"
#include "flow/conn.h"
#include "flow/connflow.h"
#include "registry.h"
#include "scan.h"
#include "stream.h"

/* The layers of the packet being read, by tunnel depth: the transport
 * record comes after them. */
#define DEPTHS 8

/* The accounting comes first, as connflow.h needs. */
struct conv {
	struct nc_conn c;
	uint32_t vlan[2];
	uint8_t nvlan, inner, icmp, icmp_type, icmp_code;
};

/* What the records of the packet being read said before its transport
 * record. */
struct packet {
	uint64_t packet;
	int64_t ts;
	uint8_t mac[2][6];
	int has_mac, nvlan;
	uint32_t vlan[2];
	uint32_t ip_bytes[DEPTHS], ip_hlen[DEPTHS];
};

/* Field numbers of the records read, by name from the schema. */
struct ids {
	unsigned ts, packet, inner, quoted;
	unsigned src_mac, dst_mac, vlan, ihl, length;
	unsigned src_ip, dst_ip, src_port, dst_port, seq, ack, flags, window,
	    payload_size, flow, type, code;
};

struct nc_tracker {
	struct packet pk;
	struct nc_flow_table *table;
	struct nc_flow_opts opts;
	struct nc_flow_stats total;	/* of the tables of earlier streams */
	struct nc_writer *out;
	int live, failed, streams;
	struct nc_scan scan;
	struct ids ids[NC_TYPE_MAX + 1];
};

/* The wall clock, in the packets' time (CLOCK_REALTIME, unlike
 * nc_now_ns, which measures intervals). */
static int64_t
wall_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void
new_packet(struct nc_tracker *t, uint64_t packet, int64_t ts)
{
	if (packet == t->pk.packet && ts == t->pk.ts)
		return;
	memset(&t->pk, 0, sizeof t->pk);
	t->pk.packet = packet;
	t->pk.ts = ts;
}

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
	if (svc != NULL && c->ep[0].pkts > 0 && c->ep[1].pkts > 0 &&
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
	struct packet *pk = &t->pk;
	struct nc_flow *f;
	struct conv *cv;
	int isnew;

	if (p->alen != 4 && p->alen != 16)
		return;
	if (inner < DEPTHS)
		p->ip_bytes = pk->ip_bytes[inner];
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
	t->table = nc_flow_table_next(t->table, &t->total);
	return t->table != NULL ? 0 : -1;
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
		i->seq = field(d, "seq");
		i->ack = field(d, "ack");
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

/* The endpoints of a transport record into p; 0 when they are not a
 * pair of IPv4 or IPv6 addresses. */
static int
endpoints(struct nc_conn_pkt *p, const struct nc_scan *s, const struct ids *i)
{
	size_t sl, dl;

	p->src = nc_scan_bytes(s, i->src_ip, &sl);
	p->dst = nc_scan_bytes(s, i->dst_ip, &dl);
	if (sl != dl || (sl != 4 && sl != 16))
		return 0;
	p->alen = (uint8_t)sl;
	return 1;
}

/* One record of a packet: its layers are kept until its transport
 * record comes, which feeds its conversation. */
static void
layer(struct nc_tracker *t, int type, const struct nc_scan *s)
{
	struct packet *pk = &t->pk;
	const struct ids *i = &t->ids[type];
	struct nc_conn_pkt p = { 0 };
	uint32_t inner = (uint32_t)nc_scan_u(s, i->inner), hl;
	const uint8_t *sm, *dm;
	size_t sl, dl;
	uint16_t ty, c;

	p.ts = (int64_t)nc_scan_u(s, i->ts);
	new_packet(t, nc_scan_u(s, i->packet), p.ts);
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
		if (inner == 0 && pk->nvlan < 2)
			pk->vlan[pk->nvlan++] = (uint32_t)nc_scan_u(s, i->vlan);
		return;
	case NETCAP__RECORD__RECORD_IPV4:
		ip_layer(pk, inner, (uint32_t)nc_scan_u(s, i->length),
		    (uint32_t)nc_scan_u(s, i->ihl) * 4);
		return;
	case NETCAP__RECORD__RECORD_IPV6:
		ip_layer(pk, inner, (uint32_t)nc_scan_u(s, i->length) + 40, 40);
		return;
	}
	if (!endpoints(&p, s, i))
		return;
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
		feed(t, &p, nc_scan_u(s, i->flow), inner, 0, 0, 0);
		return;
	}
	/* ICMP and ICMPv6. */
	p.proto = type == NETCAP__RECORD__RECORD_ICMPV4 ? 1 : 58;
	ty = (uint8_t)nc_scan_u(s, i->type);
	c = (uint8_t)nc_scan_u(s, i->code);
	nc_conn_icmp_ports(p.proto, (uint8_t)ty, (uint8_t)c, &p.sport,
	    &p.dport);
	/* The payload after the 8-byte ICMP header, as Zeek counts it. */
	if (inner < DEPTHS) {
		hl = pk->ip_hlen[inner] + 8;
		p.len = pk->ip_bytes[inner] > hl ? pk->ip_bytes[inner] - hl : 0;
	}
	feed(t, &p, nc_scan_u(s, i->flow), inner, 1, (uint8_t)ty, (uint8_t)c);
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
	ids_init(t->ids);
	t->table = nc_flow_table_new(&t->opts, sizeof(struct conv), conn_end,
	    t);
	if (t->table == NULL) {
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
	free(t);
}

int
nc_tracker_stream(struct nc_tracker *t, int live)
{
	if (next_stream(t) < 0)
		return -1;
	t->live = live;
	memset(&t->pk, 0, sizeof t->pk);
	return t->failed ? -1 : 0;
}

int
nc_tracker_frame(struct nc_tracker *t, int type, const uint8_t *p, size_t n)
{
	/* No tick comes from the record loop: time moves on at each
	 * record. */
	if (t->live)
		nc_flow_advance(t->table, wall_ns());
	if (type < 0 || type > NC_TYPE_MAX || t->ids[type].packet == 0 ||
	    nc_scan_record(&t->scan, p, n) < 0)
		return t->failed ? -1 : 0;
	layer(t, type, &t->scan);
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

size_t
nc_tracker_entry_size(const struct nc_tracker *t)
{
	return nc_flow_entry_size(t->table);
}
