/* The flow table (lib/flow/table.c): lookups in both directions, id
 * collisions, Zeek's inactivity timeouts per class, linger after close,
 * eviction of the least recent flow at the cap, flush order, time that
 * goes back, and a flood of flows that stays under the cap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow/table.h"
#include "tap.h"

#define SEC 1000000000LL

struct ended {
	uint64_t id[16];
	enum nc_flow_end why[16];
	int n;
	long total;
};

static void
on_end(void *arg, struct nc_flow *f, enum nc_flow_end why)
{
	struct ended *e = arg;

	if (e->n < 16) {
		e->id[e->n] = f->id;
		e->why[e->n] = why;
		e->n++;
	}
	e->total++;
}

static const uint8_t A[4] = { 10, 0, 0, 1 }, B[4] = { 10, 0, 0, 2 };

/* The flow of A:sport > B:dport of proto with the given id. */
static struct nc_flow *
get(struct nc_flow_table *t, uint64_t id, uint8_t proto, uint16_t sport,
    uint16_t dport, int64_t now, int *isnew)
{
	struct nc_flow_key k;
	int dir;

	nc_flow_key_make(&k, A, B, 4, sport, dport, proto, &dir);
	return nc_flow_get(t, id, &k, now, isnew);
}

static void
test_lookup(void)
{
	struct ended e = { 0 };
	struct nc_flow_table *t = nc_flow_table_new(NULL, 32, on_end, &e);
	struct nc_flow_key k1, k2;
	struct nc_flow *f, *g, *h;
	int d1, d2, isnew;

	nc_flow_key_make(&k1, A, B, 4, 40000, 80, 6, &d1);
	nc_flow_key_make(&k2, B, A, 4, 80, 40000, 6, &d2);
	ok(d1 == 0 && d2 == 1 && memcmp(&k1, &k2, sizeof k1) == 0,
	    "both directions give one key, and say which way");
	f = nc_flow_get(t, 7, &k1, SEC, &isnew);
	ok(f != NULL && isnew, "the first packet makes the flow");
	memset(nc_flow_data(f), 0xab, 32);
	g = nc_flow_get(t, 7, &k2, 2 * SEC, &isnew);
	ok(g == f && !isnew && f->first == SEC && f->last == 2 * SEC,
	    "the reply finds it; first and last packet times");
	h = get(t, 7, 17, 40000, 80, 2 * SEC, &isnew);
	ok(h != f && isnew, "another 5-tuple with the same id is another flow");
	ok(((unsigned char *)nc_flow_data(h))[0] == 0 &&
	    ((unsigned char *)nc_flow_data(h))[31] == 0,
	    "a new flow's data is zero");
	f = nc_flow_get(t, 7, &k1, SEC / 2, &isnew);
	ok(f->last == 2 * SEC, "an earlier packet time counts as the latest");
	ok(nc_flow_stats(t)->live == 2 && nc_flow_stats(t)->created == 2,
	    "two flows live");
	nc_flow_flush(t);
	ok(e.n == 2 && e.why[0] == NC_FLOW_FLUSHED && e.why[1] ==
	    NC_FLOW_FLUSHED && nc_flow_stats(t)->live == 0,
	    "flush ends both");
	nc_flow_table_free(t);
}

static void
test_timeouts(void)
{
	struct ended e = { 0 };
	struct nc_flow_table *t = nc_flow_table_new(NULL, 0, on_end, &e);
	int isnew;

	get(t, 1, 6, 1000, 80, 0, &isnew);
	get(t, 2, 17, 1000, 53, 0, &isnew);
	get(t, 3, 1, 0, 0, 0, &isnew);
	get(t, 4, 47, 0, 0, 10 * SEC, &isnew);
	nc_flow_advance(t, 60 * SEC - 1);
	ok(e.n == 0, "nothing ends before a minute");
	nc_flow_advance(t, 60 * SEC);
	ok(e.n == 2 && e.why[0] == NC_FLOW_TIMEOUT && e.why[1] ==
	    NC_FLOW_TIMEOUT && ((e.id[0] == 2 && e.id[1] == 3) ||
	    (e.id[0] == 3 && e.id[1] == 2)),
	    "UDP and ICMP end after a minute idle");
	nc_flow_advance(t, 70 * SEC);
	ok(e.n == 3 && e.id[2] == 4, "other protocols as UDP");
	get(t, 1, 6, 1000, 80, 200 * SEC, &isnew);
	nc_flow_advance(t, 499 * SEC);
	ok(e.n == 3 && !isnew, "a packet keeps TCP alive");
	nc_flow_advance(t, 500 * SEC);
	ok(e.n == 4 && e.id[3] == 1, "TCP ends after five minutes idle");
	nc_flow_table_free(t);
}

static void
test_recent(void)
{
	struct ended e = { 0 };
	struct nc_flow_opts o = { .timeout = { 0, 10 * SEC } };
	struct nc_flow_table *t = nc_flow_table_new(&o, 0, on_end, &e);
	int isnew;

	get(t, 1, 17, 1, 1, 0, &isnew);
	get(t, 2, 17, 2, 2, 1 * SEC, &isnew);
	get(t, 1, 17, 1, 1, 5 * SEC, &isnew);
	nc_flow_advance(t, 11 * SEC);
	ok(e.n == 1 && e.id[0] == 2, "the flow seen least recently ends first");
	/* A packet of a flow that timed out in the meantime: a new one. */
	get(t, 1, 17, 1, 1, 30 * SEC, &isnew);
	ok(isnew && e.n == 2 && e.id[1] == 1,
	    "a packet after the timeout starts a new flow");
	nc_flow_table_free(t);
}

static void
test_close(void)
{
	struct ended e = { 0 };
	struct nc_flow_table *t = nc_flow_table_new(NULL, 0, on_end, &e);
	struct nc_flow *f, *g;
	int isnew;

	f = get(t, 1, 6, 1, 80, 0, &isnew);
	get(t, 2, 6, 2, 80, 0, &isnew);
	nc_flow_close_at(t, f, 2 * SEC);
	g = get(t, 1, 6, 1, 80, SEC, &isnew);
	ok(g == f && !isnew && e.n == 0, "a closing flow still takes packets");
	nc_flow_advance(t, 2 * SEC);
	ok(e.n == 1 && e.id[0] == 1 && e.why[0] == NC_FLOW_CLOSED,
	    "it ends at its close time");
	f = get(t, 2, 6, 2, 80, 3 * SEC, &isnew);
	nc_flow_close_at(t, f, 3 * SEC);
	nc_flow_advance(t, 3 * SEC);
	ok(e.n == 2 && e.why[1] == NC_FLOW_CLOSED &&
	    nc_flow_stats(t)->closed == 2, "closing now ends it now");
	nc_flow_table_free(t);
}

static void
test_evict(void)
{
	struct ended e = { 0 };
	struct nc_flow_opts o = { .max_flows = 3 };
	struct nc_flow_table *t = nc_flow_table_new(&o, 16, on_end, &e);
	struct nc_flow *f;
	int isnew;

	get(t, 1, 17, 1, 1, 0, &isnew);
	get(t, 2, 17, 2, 2, 1, &isnew);
	get(t, 3, 6, 3, 3, 2, &isnew);
	get(t, 1, 17, 1, 1, 3, &isnew);
	f = get(t, 4, 17, 4, 4, 4, &isnew);
	ok(f != NULL && isnew && e.n == 1 && e.id[0] == 2 &&
	    e.why[0] == NC_FLOW_EVICTED,
	    "a full table evicts the flow seen least recently");
	f = get(t, 3, 6, 3, 3, 5, &isnew);
	nc_flow_close_at(t, f, 100 * SEC);
	get(t, 5, 17, 5, 5, 6, &isnew);
	ok(e.n == 2 && e.id[1] == 3, "a flow waiting to close goes first");
	ok(nc_flow_stats(t)->live == 3 && nc_flow_stats(t)->evicted == 2 &&
	    nc_flow_stats(t)->peak == 3, "live, evicted and peak counted");
	nc_flow_table_free(t);
}

/* 200,000 flows through a table of 1,000: the cap holds, every flow
 * ends exactly once, and the table does not grow its buckets past it. */
static void
test_flood(void)
{
	struct ended e = { 0 };
	struct nc_flow_opts o = { .max_flows = 1000 };
	struct nc_flow_table *t = nc_flow_table_new(&o, 64, on_end, &e);
	uint32_t i, miss = 0;
	int isnew;

	for (i = 0; i < 200000; i++) {
		struct nc_flow_key k;
		uint8_t src[4] = { 10, (uint8_t)(i >> 16), (uint8_t)(i >> 8),
		    (uint8_t)i };
		int dir;

		nc_flow_key_make(&k, src, B, 4, 1234, 80, 6, &dir);
		if (nc_flow_get(t, (uint64_t)i * 0x9e3779b97f4a7c15ull, &k,
		    (int64_t)i, &isnew) == NULL || !isnew)
			miss++;
	}
	ok(miss == 0, "every SYN of the flood gets an entry");
	ok(nc_flow_stats(t)->peak == 1000 && nc_flow_stats(t)->live == 1000 &&
	    nc_flow_stats(t)->evicted == 199000, "never more than 1000 live");
	nc_flow_flush(t);
	ok(e.total == 200000 && nc_flow_stats(t)->live == 0,
	    "each flow ended exactly once");
	nc_flow_table_free(t);
}

int
main(void)
{
	test_lookup();
	test_timeouts();
	test_recent();
	test_close();
	test_evict();
	test_flood();
	return tap_done();
}
