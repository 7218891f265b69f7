/* The DNS-over-TCP stream parser (lib/tcpapp/dns.c): messages cut
 * anywhere become one DNS record each; those nc-decode already decoded
 * (whole in a segment, in step from its first byte, on port 53) do not;
 * hostile lengths. */
#include <stdio.h>

#include "tap.h"
#include "tcpapp.h"

static const struct nc_tcpapp *A = &nc_tcpapp_dns;

/* A query for example.com, id 0x1234, with its 2-byte length. */
static const uint8_t Q[] = {
	0, 29, 0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0,
	7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1,
};

static Netcap__DNS *
rec(int i)
{
	if (i >= NR || R[i].type != NETCAP__RECORD__RECORD_DNS)
		return NULL;
	return netcap__dns__unpack(NULL, R[i].len, R[i].buf);
}

/* Records the calls make: the bytes in calls of step bytes. */
static int
run(uint16_t port, const uint8_t *p, size_t n, size_t step)
{
	void *s;

	CONN.port[1] = port;
	s = A->open(&CTX);
	feed(A, s, NC_TCPAPP_ORIG, p, n, step);
	A->close(s, &CTX);
	return NR;
}

int
main(void)
{
	uint8_t two[2 * sizeof Q], bad[] = { 0, 5, 1, 2, 3, 4, 5 };
	Netcap__DNS *d;
	size_t step;
	int n, all = 1;

	CTX.shared = A->init();
	ok(CTX.shared != NULL, "init: the shared decoder");
	ok(A->probe(0, Q, sizeof Q) == NC_PROBE_NO, "no probe: the port "
	    "decides");

	for (step = 1; step < sizeof Q; step++) {
		n = run(53, Q, sizeof Q, step);
		d = rec(0);
		all &= n == 1 && d != NULL && d->id == 0x1234 &&
		    d->tcp_length == 29 && d->src_port == 40000 &&
		    d->dst_port == 53 && d->n_questions == 1 &&
		    strcmp(d->questions[0]->name, "example.com") == 0;
		netcap__dns__free_unpacked(d, NULL);
		forget();
	}
	ok(all, "a message cut at every byte: one DNS record each time");

	ok(run(53, Q, sizeof Q, sizeof Q) == 0, "whole in one segment on "
	    "port 53: nc-decode's, not written again");
	forget();
	ok(run(5353, Q, sizeof Q, sizeof Q) == 1, "on 5353, which nc-decode "
	    "does not decode over TCP: written");
	forget();

	memcpy(two, Q, sizeof Q);
	memcpy(two + sizeof Q, Q, sizeof Q);
	two[sizeof Q + 3] = 0x35;
	n = run(53, two, sizeof two, sizeof Q + 5);
	d = rec(0);
	ok(n == 1 && d != NULL && d->id == 0x1235, "two messages, the second "
	    "cut: only the second written (%d)", n);
	netcap__dns__free_unpacked(d, NULL);
	forget();

	memset(&STATS, 0, sizeof STATS);
	ok(run(53, bad, sizeof bad, 1) == 0 && STATS.malformed == 1,
	    "a length below the 12-byte header: the direction is given up");
	forget();

	A->fini(CTX.shared);
	return tap_done();
}
