/* The flow of a conversation's packet, for owners whose flow table
 * entries begin with a struct nc_conn (nc-conn's tracker, nc-tcp's
 * streams): the entry is found or made, and a packet that Zeek would
 * take as the start of a new connection on the same endpoints (an
 * attempt that got no answer in time, a SYN reusing a closed pair) ends
 * the old entry first.  Both programs thus split and orient
 * conversations the same way. */
#ifndef NC_FLOW_CONNFLOW_H
#define NC_FLOW_CONNFLOW_H

#include <stdint.h>

#include "flow/conn.h"
#include "flow/table.h"

/* The flow of p, whose bidirectional id is id; *isnew is 1 when its
 * entry was made for p (the caller then starts it with nc_conn_start).
 * NULL when out of memory. */
struct nc_flow *nc_connflow_get(struct nc_flow_table *t, uint64_t id,
    const struct nc_conn_pkt *p, int *isnew);

#endif
