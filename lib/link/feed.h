/* The reader thread both senders run (sender.c over TCP, fleet_send.c
 * through NATS): stdin's records go into the spool as they come, so the
 * capture upstream never waits on the link. */
#ifndef NC_LINK_FEED_H
#define NC_LINK_FEED_H

#include <stdatomic.h>

#include "spool.h"

/* Appends every record of stdin to sp and flushes it at the end; sets
 * *err on bad input or a spool that cannot be written, and *eof once
 * there is nothing more to come.  Says on stderr when the spool fills. */
void nc_feed_stdin(struct nc_spool *sp, atomic_int *eof, atomic_int *err);

#endif
