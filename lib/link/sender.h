/* nc-send's work: one thread reads the record stream on stdin into the
 * spool and never waits for the network; the calling thread sends the
 * spool to the collector over TLS, resends what was not acknowledged
 * after each reconnection (waiting twice as long after each failure, up
 * to backoff_max), and returns when the input has ended and every record
 * is acknowledged, or linger seconds after the input ended. */
#ifndef NC_LINK_SENDER_H
#define NC_LINK_SENDER_H

#include <openssl/ssl.h>

#include "spool.h"
#include "tls.h"

struct nc_sender {
	const char *addr;	/* host:port of the collector */
	SSL_CTX *ctx;
	const struct nc_pins *pins;	/* the collector's keys */
	struct nc_spool *spool;
	double timeout;		/* connection, handshake and welcome */
	double idle;		/* records unacknowledged this long: the
				 * link is dead */
	double keepalive;	/* nothing sent this long: a keepalive */
	double backoff_max;
	double linger;		/* < 0: forever */
	int quiet;
};

/* Returns 0 when everything was acknowledged, 1 when it gave up or was
 * stopped (records are left in the spool), -1 on a spool or input
 * failure (messages already written to stderr). */
int nc_sender_run(struct nc_sender *s);

#endif
