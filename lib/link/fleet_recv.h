/* nc-recv's fleet mode: the sensors' messages from a durable pull
 * consumer of a NATS JetStream stream (fleet.h), written as in the TCP
 * mode (to stdout, each sensor's run of records after a Header naming
 * it, or with dir to the sensor's own file), then acknowledged: after a
 * flush of stdout, or an fsync of the files.  Collectors on one durable
 * share the messages; a message not acknowledged within idle seconds
 * goes to another (or the same, restarted).  Records a collector has
 * written already are dropped (seen.h); a message that is not signed by
 * the key listed under its subject's sensor name is logged and
 * discarded. */
#ifndef NC_LINK_FLEET_RECV_H
#define NC_LINK_FLEET_RECV_H

#include <stdint.h>

#include "fleet.h"
#include "tls.h"

struct nc_fleet_collector {
	struct nc_fleet_conf conf;
	const char *durable;
	const struct nc_pins *pins;	/* the sensors */
	const char *dir;		/* NULL: stdout */
	uint64_t cap;			/* longest record taken */
	double idle;			/* JetStream's AckWait */
	uint64_t rotate_size;		/* 0: never */
	double rotate_secs;		/* 0: never */
	int drain;			/* stop after this many empty
					 * fetches in a row; 0 never */
	int quiet;
};

/* Runs until SIGINT or SIGTERM; 0, or -1 after a message on a failure
 * that ends it (output, consumer). */
int nc_fleet_recv_run(struct nc_fleet_collector *c);

#endif
