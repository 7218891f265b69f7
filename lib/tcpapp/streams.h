/* The TCP stream tracker behind nc-tcp: it reads TCP records in place
 * (flow/pktread.h), keeps per connection the originator and responder
 * as nc-conn decides them (flow/connflow.h), the reassembly of both
 * directions (flow/tcpreasm.h) and the parser chosen for it (apps.h):
 * by a content probe of the first bytes of either direction, then by
 * the responder's port, then the originator's; but a connection an FTP
 * control connection announced goes to ftp-data unprobed (expect.h).
 * Reassembly stops for a
 * connection whose parser is done or that no parser takes.  A
 * connection ends at FIN or RST after nc-conn's linger, by inactivity,
 * by eviction from the flow table, or at the end of its stream; its
 * parser then gets the bytes still waiting, the gaps, and close().
 *
 * Memory: one flow table entry per connection, the bytes reassembly
 * keeps waiting (under its caps), and what each parser keeps per
 * connection; nothing is allocated per packet but segments that arrive
 * out of order. */
#ifndef NC_TCPAPP_STREAMS_H
#define NC_TCPAPP_STREAMS_H

#include <stddef.h>
#include <stdint.h>

#include "flow/table.h"
#include "flow/tcpreasm.h"
#include "tcpapp/apps.h"
#include "tcpapp/expect.h"
#include "tcpapp/software.h"

struct nc_writer;
struct nc_streams;

struct nc_streams_opts {
	struct nc_flow_opts flow;
	size_t conn_max, total_max;	/* reassembly caps; 0: the defaults */
	struct nc_tcpapp_opts app;	/* for the parsers */
	int no_software;		/* no Software and Service records */
	size_t software_max;		/* their table (software.h); 0: the
					 * default */
};

struct nc_streams_stats {
	struct nc_flow_stats flow;	/* connections */
	size_t entry_size;		/* bytes one connection takes in the
					 * table, besides what waits and what
					 * its parser keeps */
	struct nc_reasm reasm;		/* its counters */
	uint64_t segments;		/* TCP records with payload bytes */
	uint64_t no_payload;		/* TCP records with payload_size > 0
					 * but no payload bytes */
	uint64_t unknown;		/* connections no parser took */
	struct nc_expect_stats expect;	/* FTP's announced connections */
	uint64_t conns[16];		/* per entry of nc_tcpapps */
	struct nc_tcpapp_stats app[16];
	struct nc_software_stats software;
};

/* A tracker writing its records to out; NULL when out of memory. */
struct nc_streams *nc_streams_new(const struct nc_streams_opts *o,
    struct nc_writer *out);
void nc_streams_free(struct nc_streams *s);

/* These return 0, or -1 with errno set (a failed write, ENOMEM); after
 * that the tracker writes nothing. */
/* A Header: the connections of the stream before end; live: the wall
 * clock moves time on too. */
int nc_streams_stream(struct nc_streams *s, int live);
/* One frame of the given type: its bytes p[0, n), the serialized Record.
 * Records the frame completes are written before this returns. */
int nc_streams_frame(struct nc_streams *s, int type, const uint8_t *p,
    size_t n);
/* Ends every connection (end of input). */
int nc_streams_flush(struct nc_streams *s);

void nc_streams_stats(const struct nc_streams *s, struct nc_streams_stats *st);
/* Whether TCP records carry their payload, so far: 1 when one did, -1
 * when some declared payload bytes and none carried them (a stream made
 * without nc-decode -P), 0 when no TCP record had payload. */
int nc_streams_payloads(const struct nc_streams *s);

#endif
