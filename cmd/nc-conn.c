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
ip_layer(uint32_t inner, uint32_t quoted, uint32_t bytes, uint32_t hlen)
{
	if (quoted || inner >= DEPTHS)
		return;
	pk.ip_bytes[inner] = bytes;
	pk.ip_hlen[inner] = hlen;
}

static void
icmp(uint8_t proto, int64_t ts, uint64_t packet, const ProtobufCBinaryData *s,
    const ProtobufCBinaryData *d, uint32_t type, uint32_t code,
    uint64_t flow, uint32_t inner)
{
	struct nc_conn_pkt p = { 0 };
	uint32_t hl;

	new_packet(packet, ts);
	p.ts = ts;
	p.proto = proto;
	p.src = s->data;
	p.dst = d->data;
	p.alen = s->len == d->len ? (uint8_t)s->len : 0;
	nc_conn_icmp_ports(proto, (uint8_t)type, (uint8_t)code, &p.sport,
	    &p.dport);
	/* The payload after the 8-byte ICMP header, as Zeek counts it. */
	if (inner < DEPTHS) {
		hl = pk.ip_hlen[inner] + 8;
		p.len = pk.ip_bytes[inner] > hl ? pk.ip_bytes[inner] - hl : 0;
	}
	feed(&p, flow, inner, 1, (uint8_t)type, (uint8_t)code);
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

static int
record(struct nc_transform *x, const struct nc_type *t,
    const ProtobufCMessage *m)
{
	struct nc_conn_pkt p = { 0 };

	if (t->id == NETCAP__RECORD__RECORD_HEADER)
		next_stream();
	if (nc_writer_frame(x->out, x->frame) < 0)
		return -1;
	/* No tick comes from the loop: time moves on at each record. */
	if (live)
		nc_flow_advance(table, wall_ns());
	switch (t->id) {
	case NETCAP__RECORD__RECORD_HEADER: {
		const Netcap__Header *h = (const void *)m;

		live = h->created != 0;
		memset(&pk, 0, sizeof pk);
		break;
	}
	case NETCAP__RECORD__RECORD_ETHERNET: {
		const Netcap__Ethernet *e = (const void *)m;

		new_packet(e->packet, e->ts);
		if (e->inner == 0 && !e->quoted && e->src_mac.len == 6 &&
		    e->dst_mac.len == 6 && !pk.has_mac) {
			memcpy(pk.mac[0], e->src_mac.data, 6);
			memcpy(pk.mac[1], e->dst_mac.data, 6);
			pk.has_mac = 1;
		}
		break;
	}
	case NETCAP__RECORD__RECORD_DOT1Q: {
		const Netcap__Dot1Q *q = (const void *)m;

		new_packet(q->packet, q->ts);
		if (q->inner == 0 && !q->quoted && pk.nvlan < 2)
			pk.vlan[pk.nvlan++] = q->vlan_identifier;
		break;
	}
	case NETCAP__RECORD__RECORD_IPV4: {
		const Netcap__IPv4 *ip = (const void *)m;

		new_packet(ip->packet, ip->ts);
		ip_layer(ip->inner, ip->quoted, ip->length, ip->ihl * 4);
		break;
	}
	case NETCAP__RECORD__RECORD_IPV6: {
		const Netcap__IPv6 *ip = (const void *)m;

		new_packet(ip->packet, ip->ts);
		ip_layer(ip->inner, ip->quoted, ip->length + 40, 40);
		break;
	}
	case NETCAP__RECORD__RECORD_TCP: {
		const Netcap__TCP *tc = (const void *)m;

		new_packet(tc->packet, tc->ts);
		if (tc->quoted || tc->src_ip.len != tc->dst_ip.len)
			break;
		p.ts = tc->ts;
		p.proto = 6;
		p.src = tc->src_ip.data;
		p.dst = tc->dst_ip.data;
		p.alen = (uint8_t)tc->src_ip.len;
		p.sport = (uint16_t)tc->src_port;
		p.dport = (uint16_t)tc->dst_port;
		p.len = tc->payload_size;
		p.seq = tc->seq;
		p.ack = tc->ack;
		p.window = tc->window;
		p.flags = (uint16_t)tc->flags;
		feed(&p, tc->flow, tc->inner, 0, 0, 0);
		break;
	}
	case NETCAP__RECORD__RECORD_UDP: {
		const Netcap__UDP *u = (const void *)m;

		new_packet(u->packet, u->ts);
		if (u->quoted || u->src_ip.len != u->dst_ip.len)
			break;
		p.ts = u->ts;
		p.proto = 17;
		p.src = u->src_ip.data;
		p.dst = u->dst_ip.data;
		p.alen = (uint8_t)u->src_ip.len;
		p.sport = (uint16_t)u->src_port;
		p.dport = (uint16_t)u->dst_port;
		p.len = u->payload_size;
		feed(&p, u->flow, u->inner, 0, 0, 0);
		break;
	}
	case NETCAP__RECORD__RECORD_ICMPV4: {
		const Netcap__ICMPv4 *ic = (const void *)m;

		if (!ic->quoted)
			icmp(1, ic->ts, ic->packet, &ic->src_ip, &ic->dst_ip,
			    ic->type, ic->code, ic->flow, ic->inner);
		break;
	}
	case NETCAP__RECORD__RECORD_ICMPV6: {
		const Netcap__ICMPv6 *ic = (const void *)m;

		if (!ic->quoted)
			icmp(58, ic->ts, ic->packet, &ic->src_ip, &ic->dst_ip,
			    ic->type, ic->code, ic->flow, ic->inner);
		break;
	}
	}
	return failed ? -1 : 0;
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
	static const int types[] = {
		NETCAP__RECORD__RECORD_HEADER, NETCAP__RECORD__RECORD_ETHERNET,
		NETCAP__RECORD__RECORD_DOT1Q, NETCAP__RECORD__RECORD_IPV4,
		NETCAP__RECORD__RECORD_IPV6, NETCAP__RECORD__RECORD_TCP,
		NETCAP__RECORD__RECORD_UDP, NETCAP__RECORD__RECORD_ICMPV4,
		NETCAP__RECORD__RECORD_ICMPV6,
	};
	struct nc_transform x = { .record = record, .end = end };
	struct stat st;
	size_t i;
	int c, rval;

	nc_cli_init(argv[0]);
	while ((c = getopt(argc, argv, "hI:lm:vV")) != -1)
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
	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		x.types.has[types[i]] = 1;
	x.types.count = (int)i;
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
