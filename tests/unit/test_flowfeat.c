/* Flow features (lib/flow/flowfeat.c): Welford against two passes, the
 * per-direction sums and statistics, where a TCP flow ends, active and
 * idle periods, subflows, bulks and the SPLT entries. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow/flowfeat.h"
#include "tap.h"

#define MS_NS	1000000LL
#define T0	(1700000000LL * 1000000000LL)

static struct nc_flowfeat *
new_flow(unsigned splt)
{
	struct nc_flowfeat *f = malloc(nc_flowfeat_size(splt));

	if (f == NULL)
		abort();
	memset(f, 0xa5, nc_flowfeat_size(splt));
	nc_flowfeat_init(f, splt);
	return f;
}

/* A packet at T0 + ms, from side dir, with IP size ps, payload and TCP
 * flags as letters (S F R A P; "" and tcp 0 for UDP). */
static int
add(struct nc_flowfeat *f, double ms, int dir, uint32_t payload,
    const char *flags)
{
	struct nc_flowfeat_pkt p = { 0 };
	const char *c;

	p.ts = T0 + (int64_t)(ms * MS_NS);
	p.dir = dir;
	p.payload = payload;
	p.header = flags != NULL ? 20 : 8;
	p.ps = 20 + p.header + payload;
	if (flags != NULL) {
		p.tcp = 1;
		p.window = dir == 0 ? 64240 : 65160;
		for (c = flags; *c != '\0'; c++)
			p.flags |= *c == 'S' ? NC_FF_SYN : *c == 'F' ? NC_FF_FIN :
			    *c == 'R' ? NC_FF_RST : *c == 'A' ? NC_FF_ACK :
			    *c == 'P' ? NC_FF_PSH : 0;
	}
	return nc_flowfeat_add(f, &p);
}

static int
near(double a, double b)
{
	return fabs(a - b) <= 1e-9 * (fabs(b) > 1 ? fabs(b) : 1);
}

static void
welford(void)
{
	static const double x[] = { 1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16 };
	struct nc_wstat s = { 0 };
	double mean = 0, var = 0;
	size_t i, n = sizeof x / sizeof x[0];

	for (i = 0; i < n; i++) {
		nc_wstat_add(&s, x[i]);
		mean += x[i];
	}
	mean /= (double)n;
	for (i = 0; i < n; i++)
		var += (x[i] - mean) * (x[i] - mean);
	var /= (double)(n - 1);
	/* A large offset is where the textbook sum of squares loses it. */
	ok(near(s.mean, mean) && near(nc_wstat_stddev(&s), sqrt(var)),
	    "Welford: mean %f stddev %f, two passes %f %f", s.mean,
	    nc_wstat_stddev(&s), mean, sqrt(var));
	ok(s.min == x[0] && s.max == x[3] && s.n == 4, "min, max, n");
	memset(&s, 0, sizeof s);
	nc_wstat_add(&s, 5);
	ok(nc_wstat_stddev(&s) == 0, "one value: stddev 0, not NaN");
}

static void
sums(void)
{
	struct nc_flowfeat *f = new_flow(20);
	struct nc_flowfeat_out o;
	Netcap__Flow m = NETCAP__FLOW__INIT;

	add(f, 0, 0, 0, "S");
	add(f, 10, 1, 0, "SA");
	add(f, 20, 0, 0, "A");
	add(f, 30, 0, 100, "PA");
	add(f, 50, 1, 1000, "PA");
	add(f, 60, 1, 500, "A");
	nc_flowfeat_fill(f, &m, &o);
	ok(m.src2dst_packets == 3 && m.dst2src_packets == 3 &&
	    m.bidirectional_packets == 6, "packets per direction");
	ok(m.src2dst_bytes == 3 * 40 + 100 && m.dst2src_bytes == 3 * 40 + 1500,
	    "bytes are IP sizes: %llu %llu",
	    (unsigned long long)m.src2dst_bytes,
	    (unsigned long long)m.dst2src_bytes);
	ok(m.src2dst_payload_bytes == 100 && m.dst2src_payload_bytes == 1500,
	    "payload bytes");
	ok(m.bidirectional_duration_ms == 60 && m.src2dst_duration_ms == 30 &&
	    m.dst2src_duration_ms == 50, "durations in ms");
	ok(m.src2dst_min_ps == 40 && m.src2dst_max_ps == 140 &&
	    near(m.src2dst_mean_ps, 220.0 / 3), "src2dst ps min, max, mean");
	ok(near(m.bidirectional_mean_piat_ms, 12) &&
	    m.bidirectional_min_piat_ms == 10 &&
	    m.bidirectional_max_piat_ms == 20, "bidirectional piat");
	ok(near(m.dst2src_mean_piat_ms, 25) && near(m.dst2src_stddev_piat_ms,
	    sqrt(450)), "dst2src piat mean %f stddev %f",
	    m.dst2src_mean_piat_ms, m.dst2src_stddev_piat_ms);
	ok(m.bidirectional_syn_packets == 2 && m.src2dst_syn_packets == 1 &&
	    m.bidirectional_ack_packets == 5 && m.dst2src_psh_packets == 1,
	    "flag counts");
	ok(m._src2dst_init_win_bytes_case != 0 &&
	    m.src2dst_init_win_bytes == 64240 &&
	    m.dst2src_init_win_bytes == 65160, "initial windows");
	ok(m.src2dst_header_bytes == 60 && m.src2dst_min_header_bytes == 20 &&
	    m.src2dst_data_packets == 1, "header bytes, data packets");
	ok(near(m.down_up_ratio, 1) && m.subflows == 1, "down/up, subflows");
	ok(m.n_splt_ps == 6 && m.splt_ps[4] == 1040 && m.splt_direction[1] ==
	    1 && m.splt_piat_ms[0] == 0 && near(m.splt_piat_ms[4], 20),
	    "SPLT: every packet of a short flow, no padding");
	ok(m.active_mean_ms == 60 && m.idle_max_ms == 0,
	    "one active period, no idle one");
	free(f);
}

static void
udp(void)
{
	struct nc_flowfeat *f = new_flow(2);
	struct nc_flowfeat_out o;
	Netcap__Flow m = NETCAP__FLOW__INIT;

	ok(add(f, 0, 0, 50, NULL) == 0, "UDP never ends by itself");
	add(f, 1, 1, 60, NULL);
	add(f, 2, 0, 70, NULL);
	nc_flowfeat_fill(f, &m, &o);
	ok(m._src2dst_init_win_bytes_case == 0 && m.src2dst_syn_packets == 0,
	    "UDP: no window, no flags");
	ok(m.n_splt_ps == 2, "SPLT stops at its N (%zu)", m.n_splt_ps);
	ok(near(m.down_up_ratio, 0.5), "down/up ratio %f", m.down_up_ratio);
	free(f);
}

static void
tcp_end(void)
{
	struct nc_flowfeat *f = new_flow(0);

	add(f, 0, 0, 0, "S");
	add(f, 1, 1, 0, "SA");
	ok(add(f, 2, 0, 0, "FA") == 0, "the first FIN does not end the flow");
	ok(add(f, 3, 1, 0, "A") == 0, "nor its ACK");
	ok(add(f, 4, 1, 0, "FA") == 0, "nor the second FIN");
	ok(add(f, 5, 1, 0, "A") == 0, "nor a packet from the second FIN's side");
	ok(add(f, 6, 0, 0, "A") == 1, "the ACK of the second FIN ends it");
	free(f);

	f = new_flow(0);
	add(f, 0, 0, 0, "S");
	add(f, 1, 1, 0, "FA");
	ok(add(f, 2, 0, 0, "FA") == 0, "a FIN with ACK answering a FIN does not");
	ok(add(f, 3, 1, 0, "A") == 1, "its ACK does");
	free(f);

	f = new_flow(0);
	add(f, 0, 0, 0, "S");
	ok(add(f, 1, 1, 0, "RA") == 1, "a RST ends it");
	free(f);
}

static void
periods(void)
{
	struct nc_flowfeat *f = new_flow(0);
	struct nc_flowfeat_out o;
	Netcap__Flow m = NETCAP__FLOW__INIT;

	add(f, 0, 0, 10, NULL);
	add(f, 500, 1, 10, NULL);	/* active 0-500 */
	add(f, 6500, 0, 10, NULL);	/* idle 6000 */
	add(f, 7000, 0, 10, NULL);	/* 1.5 s gap only: a subflow */
	add(f, 8600, 0, 10, NULL);	/* active 6500-8600 */
	add(f, 20600, 1, 10, NULL);	/* idle 12000, then one packet */
	nc_flowfeat_fill(f, &m, &o);
	ok(m.idle_min_ms == 6000 && m.idle_max_ms == 12000 &&
	    near(m.idle_mean_ms, 9000), "idle periods: gaps over 5 s");
	ok(m.active_min_ms == 500 && m.active_max_ms == 2100,
	    "active periods %f %f; the last, one packet long, not counted",
	    m.active_min_ms, m.active_max_ms);
	ok(m.subflows == 4, "subflows: gaps over 1 s (%llu)",
	    (unsigned long long)m.subflows);
	ok(near(m.src2dst_subflow_packets, 1) && near(m.dst2src_subflow_bytes,
	    5), "per-subflow packets and bytes");
	free(f);
}

static void
bulks(void)
{
	struct nc_flowfeat *f = new_flow(0);
	struct nc_flowfeat_out o;
	Netcap__Flow m = NETCAP__FLOW__INIT;
	int i;

	/* Three payload packets: not a bulk yet; a payload packet from the
	 * other side breaks the run; then five in a row are one bulk. */
	for (i = 0; i < 3; i++)
		add(f, i * 10, 0, 1000, "A");
	add(f, 35, 1, 100, "PA");
	for (i = 0; i < 5; i++)
		add(f, 40 + i * 10, 0, 1000, "A");
	add(f, 95, 1, 0, "A");	/* no payload: breaks nothing */
	nc_flowfeat_fill(f, &m, &o);
	ok(m.src2dst_bulk_packets == 5 && m.src2dst_bulk_bytes == 5000,
	    "one bulk of 5 packets, 5000 bytes (%f, %f)",
	    m.src2dst_bulk_packets, m.src2dst_bulk_bytes);
	ok(near(m.src2dst_bulk_rate, 5000 / 0.04), "bulk rate %f",
	    m.src2dst_bulk_rate);
	ok(m.dst2src_bulk_packets == 0, "no bulk the other way");
	free(f);

	f = new_flow(0);
	m = (Netcap__Flow)NETCAP__FLOW__INIT;
	for (i = 0; i < 4; i++)
		add(f, i * 1100.0, 0, 1000, "A");
	nc_flowfeat_fill(f, &m, &o);
	ok(m.src2dst_bulk_packets == 0, "packets over 1 s apart: no bulk");
	free(f);
}

static void
out_of_order(void)
{
	struct nc_flowfeat *f = new_flow(4);
	struct nc_flowfeat_out o;
	Netcap__Flow m = NETCAP__FLOW__INIT;

	add(f, 10, 0, 0, NULL);
	add(f, 5, 1, 0, NULL);
	nc_flowfeat_fill(f, &m, &o);
	ok(m.bidirectional_min_piat_ms == 0 && m.bidirectional_duration_ms == 0,
	    "a time going back counts as the last one");
	free(f);
}

int
main(void)
{
	welford();
	sums();
	udp();
	tcp_end();
	periods();
	bulks();
	out_of_order();
	return tap_done();
}
