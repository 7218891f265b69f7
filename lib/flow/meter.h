/* The flow meter behind nc-flow: it reads the records of a stream in
 * place, gathers the layers of each packet (pktread.h), feeds each
 * transport record's packet to its flow's features (flowfeat.h) in the
 * flow table (table.h), and writes a Flow record for each flow that
 * ends.
 *
 * Expiry: a flow ends after idle_timeout without a packet, or at its
 * first packet active_timeout or more after its first (that packet starts
 * the next flow); a TCP flow ends at a RST or at the ACK of the second
 * FIN.  An ended TCP flow leaves a mark in the table until it has been
 * idle for idle_timeout: packets that hit it are counted
 * (nc_flowmeter_stats' after_end) and make no flow of their own, and a
 * SYN (without ACK) starts a new flow at once.  Records an ICMP error
 * quotes are not counted. */
#ifndef NC_FLOW_METER_H
#define NC_FLOW_METER_H

#include <stddef.h>
#include <stdint.h>

#include "flow/table.h"

/* NFStream's defaults. */
#define NC_FLOWMETER_IDLE	(120 * 1000000000LL)
#define NC_FLOWMETER_ACTIVE	(1800 * 1000000000LL)

struct nc_writer;
struct nc_flowmeter;

struct nc_flowmeter_opts {
	int64_t idle, active;	/* ns; 0: the defaults */
	unsigned splt;		/* SPLT entries; NC_FLOWFEAT_SPLT_DEFAULT
				 * unless splt_set */
	int splt_set;
	size_t max_flows;	/* 0: NC_FLOW_MAX_DEFAULT */
};

struct nc_flowmeter_stats {
	struct nc_flow_stats table;	/* entries, the ended TCP marks too */
	uint64_t flows;			/* Flow records written */
	uint64_t idle, active, fin, rst, evicted, flushed;
	uint64_t after_end;		/* packets after their flow's end */
	uint64_t marks_evicted;		/* ended flows' marks evicted */
};

/* A meter that writes Flow records to out; NULL when out of memory. */
struct nc_flowmeter *nc_flowmeter_new(const struct nc_flowmeter_opts *o,
    struct nc_writer *out);
void nc_flowmeter_free(struct nc_flowmeter *m);

/* As nc_tracker_stream, nc_tracker_frame and nc_tracker_flush
 * (tracker.h): a Header, one record's frame bytes, the end of input.
 * They return 0, or -1 with errno set when a write failed or memory ran
 * out; after that the meter writes nothing. */
int nc_flowmeter_stream(struct nc_flowmeter *m, int live);
int nc_flowmeter_frame(struct nc_flowmeter *m, int type, const uint8_t *p,
    size_t n);
int nc_flowmeter_flush(struct nc_flowmeter *m);

void nc_flowmeter_stats(const struct nc_flowmeter *m,
    struct nc_flowmeter_stats *s);
size_t nc_flowmeter_entry_size(const struct nc_flowmeter *m);

#endif
