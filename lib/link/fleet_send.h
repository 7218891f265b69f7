/* nc-send's fleet mode: the spool published to STREAM.NAME of a NATS
 * JetStream stream (fleet.h).  One thread reads stdin into the spool as
 * in the TCP mode; the calling thread publishes the spool in signed
 * messages of up to NC_FLEET_BATCH bytes, at most NC_FLEET_INFLIGHT
 * awaiting JetStream's acknowledgement, and acknowledges in the spool
 * the unbroken run of stored messages.  A message refused or not
 * acknowledged within idle seconds (the server went away) starts the
 * publishing again from the first record not acknowledged, after a
 * backoff; JetStream drops a message it stored already by its id. */
#ifndef NC_LINK_FLEET_SEND_H
#define NC_LINK_FLEET_SEND_H

#include <openssl/evp.h>

#include "fleet.h"
#include "spool.h"

#define NC_FLEET_BATCH (64u << 10)
#define NC_FLEET_INFLIGHT 64

struct nc_fleet_sender {
	struct nc_fleet_conf conf;
	const char *name;	/* the sensor: subject STREAM.NAME */
	EVP_PKEY *key;
	struct nc_spool *spool;
	double idle, backoff_max, linger;	/* as struct nc_sender */
	int quiet;
};

/* As nc_sender_run. */
int nc_fleet_send_run(struct nc_fleet_sender *s);

#endif
