/* One bidirectional flow's features, as CICFlowMeter and NFStream compute
 * them (the Flow record, proto/netcap.proto): counts, sizes, inter-arrival
 * times, TCP flags, header bytes, initial windows, active and idle
 * periods, bulks, subflows and the first packets (SPLT).
 *
 * Every statistic is streaming (Welford's mean and variance), so a flow
 * takes the same memory however long it lives: the struct plus room for
 * its SPLT entries, in one block the flow table allocates.  It is fed the
 * facts of one packet at a time, so it is tested without a record stream.
 *
 * It also decides where a TCP flow ends: at a RST, or at the packet that
 * acknowledges the second FIN of the exchange (the rules are in
 * nc-flow(1)). */
#ifndef NC_FLOW_FLOWFEAT_H
#define NC_FLOW_FLOWFEAT_H

#include <stddef.h>
#include <stdint.h>

#include "netcap.pb-c.h"

#define NC_FLOWFEAT_SPLT_DEFAULT	20
#define NC_FLOWFEAT_SPLT_MAX		255

/* CICFlowMeter's thresholds: a gap over ACTIVE ends an active period, a
 * gap over SUBFLOW a subflow and a bulk; BULK packets in a row make one. */
#define NC_FLOWFEAT_ACTIVE	(5 * 1000000000LL)
#define NC_FLOWFEAT_SUBFLOW	(1 * 1000000000LL)
#define NC_FLOWFEAT_BULK	4

/* TCP flag bits as on the wire. */
enum {
	NC_FF_FIN = 0x01, NC_FF_SYN = 0x02, NC_FF_RST = 0x04, NC_FF_PSH = 0x08,
	NC_FF_ACK = 0x10, NC_FF_URG = 0x20, NC_FF_ECE = 0x40, NC_FF_CWR = 0x80,
};

/* The facts of one packet. */
struct nc_flowfeat_pkt {
	int64_t ts;		/* ns */
	int dir;		/* 0 src2dst (the first packet's), 1 dst2src */
	uint32_t ps;		/* IP total length */
	uint32_t payload;	/* transport payload bytes */
	uint32_t header;	/* transport header bytes */
	int tcp;		/* flags and window below are set */
	uint16_t flags;
	uint32_t window;
};

/* Welford's running mean and variance, with the extremes. */
struct nc_wstat {
	uint64_t n;
	double mean, m2, min, max;
};

void nc_wstat_add(struct nc_wstat *s, double x);
double nc_wstat_stddev(const struct nc_wstat *s);	/* sample, n - 1 */

struct nc_flowfeat_bulk {
	int64_t start, last;	/* of the run being counted; start 0: none */
	uint64_t run_pkts, run_bytes;
	uint64_t bulks, pkts, bytes;
	int64_t duration;	/* ns */
};

struct nc_flowfeat_dir {
	int64_t first, last;
	uint64_t packets, bytes, payload_bytes, header_bytes, data_packets;
	uint64_t flag[8];	/* by bit: FIN SYN RST PSH ACK URG ECE CWR */
	uint32_t min_header, init_win;
	uint8_t has_win, fin;
	struct nc_wstat ps, payload, piat;
	struct nc_flowfeat_bulk bulk;
};

struct nc_flowfeat_splt {
	uint8_t dir;
	uint32_t ps;
	int64_t piat;		/* ns */
};

struct nc_flowfeat {
	struct nc_flowfeat_dir d[2];
	struct nc_wstat ps, payload, piat, active, idle;
	int64_t first, last, act_start, act_end;
	uint64_t subflows;
	uint8_t fin2_dir;	/* the side that sent the second FIN, + 1 */
	uint8_t ended;		/* a RST, or the ACK of the FIN exchange */
	uint16_t splt_max, nsplt;
	struct nc_flowfeat_splt splt[];
};

/* Bytes a flow's features take with room for splt_max SPLT entries. */
size_t nc_flowfeat_size(unsigned splt_max);
/* Starts f (size bytes from nc_flowfeat_size, any content). */
void nc_flowfeat_init(struct nc_flowfeat *f, unsigned splt_max);

/* Adds one packet; returns 1 when it ends a TCP flow (a RST, or the
 * packet that acknowledges the second FIN), else 0.  A time before the
 * flow's last counts as the last. */
int nc_flowfeat_add(struct nc_flowfeat *f, const struct nc_flowfeat_pkt *p);

/* Scratch for the repeated fields of a Flow record, valid while m is. */
struct nc_flowfeat_out {
	uint32_t dir[NC_FLOWFEAT_SPLT_MAX], ps[NC_FLOWFEAT_SPLT_MAX];
	double piat[NC_FLOWFEAT_SPLT_MAX];
};

/* Fills the feature fields of m (not the endpoints, ids, or end). */
void nc_flowfeat_fill(const struct nc_flowfeat *f, Netcap__Flow *m,
    struct nc_flowfeat_out *o);

#endif
