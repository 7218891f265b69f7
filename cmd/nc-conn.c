/* nc-conn: one Connection record per conversation, as Zeek's conn.log,
 * with every input record passed through. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "flow/communityid.h"
#include "flow/conn.h"
#include "flow/table.h"
#include "scan.h"
#include "stream.h"
#include "transform.h"

static const char usage[] = "nc-conn [-hlvV] [-I timeouts] [-m max-flows] "
    "[file ...]";

/* The layers of the packet being read, by tunnel depth: the transport
 * record comes after them. */
#define DEPTHS 8

struct conv {
	struct nc_conn c;
	uint32_t vlan[2];
	uint8_t nvlan, inner, icmp, icmp_type, icmp_code;
};

static struct {
	uint64_t packet;
	int64_t ts;
	uint8_t mac[2][6];
	int has_mac, nvlan;
	uint32_t vlan[2];
	uint32_t ip_bytes[DEPTHS], ip_hlen[DEPTHS];
} pk;

static struct nc_flow_table *table;
static struct nc_flow_opts flow_opts;
static struct nc_flow_stats total;	/* of the tables of earlier streams */
static struct nc_writer *out;
static int live, verbose, failed, streams;

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
new_packet(uint64_t packet, int64_t ts)
{
	if (packet == pk.packet && ts == pk.ts)
		return;
	memset(&pk, 0, sizeof pk);
	pk.packet = packet;
	pk.ts = ts;
}

static const char *const why_name[] = {
	[NC_FLOW_CLOSED] = "closed", [NC_FLOW_TIMEOUT] = "timeout",
	[NC_FLOW_EVICTED] = "evicted", [NC_FLOW_FLUSHED] = "flushed",
};

/* Writes the Connection of a flow that ended. */
static void
conn_end(void *arg, struct nc_flow *f, enum nc_flow_end why)
{
	Netcap__Connection m = NETCAP__CONNECTION__INIT;
	struct conv *cv = nc_flow_data(f);
	struct nc_conn *c = &cv->c;
	struct nc_conn_result r;
	char cid[NC_COMMUNITY_ID_LEN], *svc;

	(void)arg;
	if (failed)
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
	if (nc_writer_put(out, NETCAP__RECORD__RECORD_CONNECTION, &m.base) < 0)
		failed = 1;
}

/* One transport record's packet, fed to its conversation. */
static void
feed(struct nc_conn_pkt *p, uint64_t id, uint32_t inner, int icmp,
    uint8_t type, uint8_t code)
{
	struct nc_flow_key k;
	struct nc_flow *f;
	struct conv *cv;
	int dir, isnew;

	if (p->alen != 4 && p->alen != 16)
		return;
	if (inner < DEPTHS)
		p->ip_bytes = pk.ip_bytes[inner];
	if (pk.has_mac) {
		p->src_mac = pk.mac[0];
		p->dst_mac = pk.mac[1];
	}
	nc_flow_key_make(&k, p->src, p->dst, p->alen, p->sport, p->dport,
	    p->proto, &dir);
	if ((f = nc_flow_get(table, id, &k, p->ts, &isnew)) == NULL)
		nc_die("out of memory");
	cv = nc_flow_data(f);
	if (!isnew && (nc_conn_attempt_over(&cv->c, p->ts) ||
	    nc_conn_reuse(&cv->c, p))) {
		/* Zeek starts a new connection on the same endpoints. */
		nc_flow_close_at(table, f, p->ts);
		nc_flow_advance(table, p->ts);
		if ((f = nc_flow_get(table, id, &k, p->ts, &isnew)) == NULL)
			nc_die("out of memory");
		cv = nc_flow_data(f);
	}
	if (isnew) {
		nc_conn_start(&cv->c, p);
		cv->nvlan = (uint8_t)pk.nvlan;
		memcpy(cv->vlan, pk.vlan, sizeof cv->vlan);
		cv->inner = (uint8_t)(inner > 255 ? 255 : inner);
		cv->icmp = (uint8_t)icmp;
		cv->icmp_type = type;
		cv->icmp_code = code;
	}
	if (nc_conn_packet(&cv->c, p) == NC_CONN_DONE)
		nc_flow_close_at(table, f, cv->c.last + NC_CONN_LINGER);
}

static void
table_new(void)
{
	if ((table = nc_flow_table_new(&flow_opts, sizeof(struct conv),
	    conn_end, NULL)) == NULL)
		nc_die("out of memory");
}

/* Ends the conversations of the stream before, whose clock is not the
 * next one's, and starts a table with time from the new stream. */
static void
next_stream(void)
{
	const struct nc_flow_stats *s;

	if (streams++ == 0)
		return;
	nc_flow_flush(table);
	s = nc_flow_stats(table);
	total.created += s->created;
	total.closed += s->closed;
	total.timed_out += s->timed_out;
	total.evicted += s->evicted;
	total.flushed += s->flushed;
	if (s->peak > total.peak)
		total.peak = s->peak;
	nc_flow_table_free(table);
	table_new();
}

/* Field numbers of the records read, by name from the schema. */
struct ids {
	unsigned ts, packet, inner, quoted;
	unsigned src_mac, dst_mac, vlan, ihl, length;
	unsigned src_ip, dst_ip, src_port, dst_port, seq, ack, flags, window,
	    payload_size, flow, type, code;
};
static struct ids ids[NC_TYPE_MAX + 1];

static unsigned
field(const ProtobufCMessageDescriptor *d, const char *name)
{
	const ProtobufCFieldDescriptor *f =
	    protobuf_c_message_descriptor_get_field_by_name(d, name);

	return f != NULL ? f->id : 0;
}

static void
ids_init(void)
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
ip_layer(uint32_t inner, uint32_t bytes, uint32_t hlen)
{
	if (inner >= DEPTHS)
		return;
	pk.ip_bytes[inner] = bytes;
	pk.ip_hlen[inner] = hlen;
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
layer(int type, const struct nc_scan *s)
{
	const struct ids *i = &ids[type];
	struct nc_conn_pkt p = { 0 };
	uint32_t inner = (uint32_t)nc_scan_u(s, i->inner), hl;
	const uint8_t *sm, *dm;
	size_t sl, dl;
	uint16_t t, c;

	p.ts = (int64_t)nc_scan_u(s, i->ts);
	new_packet(nc_scan_u(s, i->packet), p.ts);
	if (nc_scan_u(s, i->quoted))
		return;
	switch (type) {
	case NETCAP__RECORD__RECORD_ETHERNET:
		sm = nc_scan_bytes(s, i->src_mac, &sl);
		dm = nc_scan_bytes(s, i->dst_mac, &dl);
		if (inner == 0 && sl == 6 && dl == 6 && !pk.has_mac) {
			memcpy(pk.mac[0], sm, 6);
			memcpy(pk.mac[1], dm, 6);
			pk.has_mac = 1;
		}
		return;
	case NETCAP__RECORD__RECORD_DOT1Q:
		if (inner == 0 && pk.nvlan < 2)
			pk.vlan[pk.nvlan++] = (uint32_t)nc_scan_u(s, i->vlan);
		return;
	case NETCAP__RECORD__RECORD_IPV4:
		ip_layer(inner, (uint32_t)nc_scan_u(s, i->length),
		    (uint32_t)nc_scan_u(s, i->ihl) * 4);
		return;
	case NETCAP__RECORD__RECORD_IPV6:
		ip_layer(inner, (uint32_t)nc_scan_u(s, i->length) + 40, 40);
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
		feed(&p, nc_scan_u(s, i->flow), inner, 0, 0, 0);
		return;
	}
	/* ICMP and ICMPv6. */
	p.proto = type == NETCAP__RECORD__RECORD_ICMPV4 ? 1 : 58;
	t = (uint8_t)nc_scan_u(s, i->type);
	c = (uint8_t)nc_scan_u(s, i->code);
	nc_conn_icmp_ports(p.proto, (uint8_t)t, (uint8_t)c, &p.sport, &p.dport);
	/* The payload after the 8-byte ICMP header, as Zeek counts it. */
	if (inner < DEPTHS) {
		hl = pk.ip_hlen[inner] + 8;
		p.len = pk.ip_bytes[inner] > hl ? pk.ip_bytes[inner] - hl : 0;
	}
	feed(&p, nc_scan_u(s, i->flow), inner, 1, (uint8_t)t, (uint8_t)c);
}

/* Records of other types than Header: read in place, not unpacked (most
 * of the time went to unpacking), and passed on by the loop. */
static void
skip(struct nc_transform *x, const struct nc_type *t)
{
	static struct nc_scan s;

	/* No tick comes from the loop: time moves on at each record. */
	if (live)
		nc_flow_advance(table, wall_ns());
	if (ids[t->id].packet == 0 ||
	    nc_scan_record(&s, x->frame->data, x->frame->len) < 0)
		return;
	layer(t->id, &s);
}

/* A Header: a new stream. */
static int
record(struct nc_transform *x, const struct nc_type *t,
    const ProtobufCMessage *m)
{
	const Netcap__Header *h = (const void *)m;

	(void)t;
	next_stream();
	if (failed || nc_writer_frame(x->out, x->frame) < 0)
		return -1;
	live = h->created != 0;
	memset(&pk, 0, sizeof pk);
	return 0;
}

static int
end(struct nc_transform *x)
{
	(void)x;
	nc_flow_flush(table);
	return failed ? -1 : 0;
}

/* -I tcp=SECONDS,udp=SECONDS,icmp=SECONDS,other=SECONDS */
static void
parse_timeouts(char *arg, struct nc_flow_opts *o)
{
	static const char *const names[NC_FLOW_CLASSES] = {
		[NC_FLOW_TCP] = "tcp", [NC_FLOW_UDP] = "udp",
		[NC_FLOW_ICMP] = "icmp", [NC_FLOW_OTHER] = "other",
	};
	char *item, *eq, *save = NULL;
	int i;

	for (item = strtok_r(arg, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(item, '=')) == NULL)
			nc_usage_msg(usage, "-I: \"%s\" is not NAME=SECONDS",
			    item);
		*eq++ = '\0';
		for (i = 0; i < NC_FLOW_CLASSES && strcmp(item, names[i]) != 0;
		    i++)
			;
		if (i == NC_FLOW_CLASSES)
			nc_usage_msg(usage, "-I: unknown class \"%s\" (tcp, "
			    "udp, icmp, other)", item);
		o->timeout[i] = nc_parse_num(usage, "-I", eq, 1, 86400 * 365) *
		    1000000000LL;
	}
}

static void
stats(void)
{
	const struct nc_flow_stats *s = nc_flow_stats(table);

	fprintf(stderr, "%s: %llu connections: %llu closed, %llu timed out, "
	    "%llu evicted, %llu at end of input; at most %llu at once "
	    "(%zu bytes each)\n", nc_progname,
	    (unsigned long long)(total.created + s->created),
	    (unsigned long long)(total.closed + s->closed),
	    (unsigned long long)(total.timed_out + s->timed_out),
	    (unsigned long long)(total.evicted + s->evicted),
	    (unsigned long long)(total.flushed + s->flushed),
	    (unsigned long long)(s->peak > total.peak ? s->peak : total.peak),
	    nc_flow_entry_size(table));
}

int
main(int argc, char *argv[])
{
	struct nc_transform x = { .record = record, .skip = skip, .end = end };
	struct stat st;
	int c, rval;

	nc_cli_init(argv[0]);
	while ((c = getopt_long(argc, argv, "hI:lm:vV", nc_long_opts,
	    NULL)) != -1)
		switch (c) {
		case 'h':
			nc_help(usage);
		case 'I':
			parse_timeouts(optarg, &flow_opts);
			break;
		case 'l':
			x.unbuffered = 1;
			break;
		case 'm':
			flow_opts.max_flows = (size_t)nc_parse_num(usage, "-m", optarg,
			    1, 1LL << 32);
			break;
		case 'v':
			verbose = 1;
			break;
		case 'V':
			nc_version();
		default:
			nc_usage(usage);
		}

	nc_refuse_tty(STDOUT_FILENO);
	/* Ctrl-C on "nc-decode -i IF | nc-conn" reaches both: nc-decode
	 * flushes and ends its stream, and nc-conn then writes the open
	 * connections instead of dying with them. */
	if (fstat(STDIN_FILENO, &st) == 0 && S_ISFIFO(st.st_mode))
		signal(SIGINT, SIG_IGN);
	table_new();
	if ((out = nc_writer_open(STDOUT_FILENO)) == NULL)
		nc_die("out of memory");
	ids_init();
	x.types.has[NETCAP__RECORD__RECORD_HEADER] = 1;
	x.types.count = 1;
	x.out = out;
	rval = nc_transform_run(&x, argc - optind, argv + optind);
	if (rval == NC_TRANSFORM_STOPPED && nc_transform_error(&x) == NULL)
		nc_die_write("stdout");
	if (rval == NC_TRANSFORM_STOPPED) {
		/* Keep what was written before the damage. */
		nc_writer_close(out);
		nc_die("%s", nc_transform_error(&x));
	}
	if (nc_writer_close(out) < 0)
		nc_die_write("stdout");
	if (verbose)
		stats();
	nc_flow_table_free(table);
	return rval == NC_TRANSFORM_OK ? NC_EXIT_OK : NC_EXIT_ERR;
}
