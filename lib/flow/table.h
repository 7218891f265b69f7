/* The flow table: one entry per bidirectional conversation, found by the
 * `flow` id packet records carry and the endpoints they name, ended by
 * inactivity, by its owner, by eviction under a cap, or by a flush.
 *
 * Time is packet time in nanoseconds, never going back: an earlier time
 * than one seen before counts as that one.  A live reader advances it
 * from the wall clock too, so a quiet network still ends flows.  Each
 * entry carries a block of the owner's data (nc-conn's counters, a TCP
 * stream's reassembly state), zeroed when the entry is made. */
#ifndef NC_FLOW_TABLE_H
#define NC_FLOW_TABLE_H

#include <stddef.h>
#include <stdint.h>

/* Inactivity timeouts apply per class, as in Zeek. */
enum nc_flow_class {
	NC_FLOW_TCP, NC_FLOW_UDP, NC_FLOW_ICMP, NC_FLOW_OTHER,
	NC_FLOW_CLASSES
};

/* Zeek's defaults: tcp_inactivity_timeout 5 min, udp_ and
 * icmp_inactivity_timeout 1 min; other IP protocols as UDP. */
#define NC_FLOW_TCP_TIMEOUT	(300 * 1000000000LL)
#define NC_FLOW_UDP_TIMEOUT	(60 * 1000000000LL)
#define NC_FLOW_MAX_DEFAULT	(1u << 20)

/* Endpoints in the canonical order of the flow id (lib/decode/flowid.c):
 * endpoint 0 is the smaller (address, then port). */
struct nc_flow_key {
	uint8_t alen;			/* 4 or 16 */
	uint8_t proto;			/* IP protocol */
	uint16_t port[2];
	uint8_t addr[2][16];
};

struct nc_flow {
	struct nc_flow *hnext;		/* hash chain */
	struct nc_flow *prev, *next;	/* its class, least recent first */
	uint64_t id;
	struct nc_flow_key key;
	int64_t first, last;		/* packet times, ns */
	uint8_t cls;
	uint8_t closing;		/* nc_flow_close_at was called */
	int64_t close_at;
};

enum nc_flow_end {
	NC_FLOW_CLOSED,			/* its owner ended it */
	NC_FLOW_TIMEOUT,		/* inactive for its class's timeout */
	NC_FLOW_EVICTED,		/* the oldest when the table was full */
	NC_FLOW_FLUSHED,		/* end of input */
};

struct nc_flow_opts {
	int64_t timeout[NC_FLOW_CLASSES];	/* ns; 0: the default */
	size_t max_flows;			/* 0: NC_FLOW_MAX_DEFAULT */
};

struct nc_flow_stats {
	uint64_t created, closed, timed_out, evicted, flushed;
	uint64_t live, peak;
};

/* Called once for each flow that ends, before its entry is reused; it
 * may read the flow and its data but not call into the table. */
typedef void nc_flow_end_fn(void *arg, struct nc_flow *f,
    enum nc_flow_end why);

struct nc_flow_table;

/* A table whose entries carry data_size bytes of the owner's data.
 * NULL when out of memory. */
struct nc_flow_table *nc_flow_table_new(const struct nc_flow_opts *o,
    size_t data_size, nc_flow_end_fn *end, void *arg);
/* Frees the table; flows still in it end without a call (flush first). */
void nc_flow_table_free(struct nc_flow_table *t);

/* Key of a packet's endpoints in canonical order; *dir is 0 when src is
 * endpoint 0, else 1.  alen is 4 or 16. */
void nc_flow_key_make(struct nc_flow_key *k, const uint8_t *src,
    const uint8_t *dst, size_t alen, uint16_t sport, uint16_t dport,
    uint8_t proto, int *dir);

/* The flow of id and key at packet time now, made if there is none
 * (*isnew then 1; it may evict the least recent flow to make room).
 * Ends what has timed out by now first.  NULL when out of memory. */
struct nc_flow *nc_flow_get(struct nc_flow_table *t, uint64_t id,
    const struct nc_flow_key *k, int64_t now, int *isnew);
/* The owner's data of f. */
void *nc_flow_data(struct nc_flow *f);

/* Ends f at packet time at (or at the next nc_flow_advance after it):
 * a TCP connection lingers a little after its FIN or RST for the
 * packets that follow. */
void nc_flow_close_at(struct nc_flow_table *t, struct nc_flow *f,
    int64_t at);
/* Moves time to now and ends the flows that timed out or were due to
 * close by then. */
void nc_flow_advance(struct nc_flow_table *t, int64_t now);
/* nc_flow_advance to the wall clock's now, for a live reader. */
void nc_flow_advance_wall(struct nc_flow_table *t);
/* Ends every flow, least recent first (end of input). */
void nc_flow_flush(struct nc_flow_table *t);

/* The table of the next stream, whose clock is not t's: t's flows end
 * (as nc_flow_flush), its counts are added to *total, and t is freed
 * for a new empty table with its options, data size and callback.  NULL
 * when out of memory. */
struct nc_flow_table *nc_flow_table_next(struct nc_flow_table *t,
    struct nc_flow_stats *total);

/* -I tcp=SECONDS,udp=SECONDS,icmp=SECONDS,other=SECONDS into o; a bad
 * item is a usage error (cli.h). */
void nc_flow_parse_timeouts(const char *usage, char *arg,
    struct nc_flow_opts *o);

const struct nc_flow_stats *nc_flow_stats(const struct nc_flow_table *t);
/* Adds the counts of s to *to (peak: the larger), for an owner with a
 * table per stream; live is left as it is. */
void nc_flow_stats_add(struct nc_flow_stats *to,
    const struct nc_flow_stats *s);
/* Bytes one entry takes, with the owner's data: max_flows times this is
 * the table's memory bound (plus the buckets). */
size_t nc_flow_entry_size(const struct nc_flow_table *t);

#endif
