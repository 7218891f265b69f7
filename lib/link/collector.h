/* nc-recv's work: one poll(2) loop over a listening socket and the
 * sensors' TLS connections, none of which may stall the others.
 *
 * A connection has hs_timeout seconds to finish the handshake with a
 * listed key and say hello, and is closed after idle seconds without a
 * byte afterwards; each turn of the loop reads at most a few hundred
 * KiB from each.  Records are written whole: to stdout, each sensor's
 * run of records after a Header naming it, or with dir to the sensor's
 * own file (store.h).  What is written is acknowledged after a flush of
 * stdout, or an fsync of the files. */
#ifndef NC_LINK_COLLECTOR_H
#define NC_LINK_COLLECTOR_H

#include <stdint.h>
#include <openssl/ssl.h>

#include "tls.h"

struct nc_collector {
	const char *addr;
	SSL_CTX *ctx;
	const struct nc_pins *pins;	/* the sensors */
	const char *dir;		/* NULL: stdout */
	uint64_t cap;			/* longest record taken */
	double hs_timeout, idle;
	uint64_t rotate_size;		/* 0: never */
	double rotate_secs;		/* 0: never */
	int max_conns;
	int sessions;			/* stop after this many ended; 0 never */
	int quiet;
};

/* Runs until SIGINT or SIGTERM, or the sessions asked for; 0, or -1
 * after a message on a failure that ends it (output, listening). */
int nc_collector_run(struct nc_collector *c);

#endif
