/* The conversation tracker behind nc-conn: it reads the records of a
 * stream in place, gathers the layers of each packet (pktread.h: MACs
 * and VLANs from the link, IP lengths by tunnel depth), feeds each
 * transport record's packet to its conversation in the flow table
 * (conn.h, table.h), and writes a Connection record for each
 * conversation that ends: closed, timed out, evicted or flushed.
 * Records an ICMP error quotes are not counted.  When the TCP records
 * carry their payload, FTP's data connections are told (ftpwatch.h). */
#ifndef NC_FLOW_TRACKER_H
#define NC_FLOW_TRACKER_H

#include <stddef.h>
#include <stdint.h>

#include "flow/table.h"
#include "tcpapp/expect.h"

struct nc_writer;
struct nc_tracker;

/* A tracker with the flow table options o (NULL: the defaults) that
 * writes its Connection records to out.  NULL when out of memory. */
struct nc_tracker *nc_tracker_new(const struct nc_flow_opts *o,
    struct nc_writer *out);
void nc_tracker_free(struct nc_tracker *t);

/* A Header: a new stream, whose clock is not the one before; the
 * conversations of the stream before end first.  live: time also comes
 * from the wall clock, so a quiet network still ends conversations.
 * These calls return 0, or -1 with errno set when a write failed or
 * memory ran out (ENOMEM); after that the tracker writes nothing. */
int nc_tracker_stream(struct nc_tracker *t, int live);
/* One record of the given type: its frame's bytes p[0, n), the
 * serialized Record (struct nc_frame's data and len). */
int nc_tracker_frame(struct nc_tracker *t, int type, const uint8_t *p,
    size_t n);
/* Ends every conversation (end of input). */
int nc_tracker_flush(struct nc_tracker *t);

/* Counts over every stream so far. */
void nc_tracker_stats(const struct nc_tracker *t, struct nc_flow_stats *s);
/* The data connections FTP control connections announced, over every
 * stream so far. */
void nc_tracker_ftp_stats(const struct nc_tracker *t,
    struct nc_expect_stats *s);
/* Bytes one conversation takes. */
size_t nc_tracker_entry_size(const struct nc_tracker *t);

#endif
