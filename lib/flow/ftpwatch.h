/* The FTP data connections nc-conn names "ftp-data", as Zeek's conn.log
 * does: the lines of FTP control connections (TCP port 21, either side)
 * are read for the client's PORT and EPRT and the server's 227 and 229
 * replies (tcpapp/ftpaddr.h), and the connections they announce are kept
 * in the bounded, expiring table nc-tcp uses (tcpapp/expect.h: at most
 * NC_EXPECT_MAX, for NC_EXPECT_TTL, none to a third host).  A connection
 * that starts on an announced (originator, responder, port) takes it.
 *
 * Only the payload of each segment is read, line by line from its start,
 * with no reassembly: a command or reply cut over two segments is not
 * seen.  Clients and servers send each in one segment nearly always; what
 * nc-tcp reassembles is the exact account.  The cost is one pass over the
 * bytes of port-21 segments; nothing is allocated per packet. */
#ifndef NC_FLOW_FTPWATCH_H
#define NC_FLOW_FTPWATCH_H

#include <stddef.h>
#include <stdint.h>

#include "tcpapp/expect.h"

#define NC_FTPWATCH_PORT	21

struct nc_ftpwatch;

/* NULL when out of memory. */
struct nc_ftpwatch *nc_ftpwatch_new(void);
void nc_ftpwatch_free(struct nc_ftpwatch *w);

/* A TCP segment from src:sport to dst:dport (alen-byte addresses) at now
 * whose payload is p[0, n), on the conversation flow: read when one of
 * the ports is 21 (the side on port 21 is the server). */
void nc_ftpwatch_segment(struct nc_ftpwatch *w, const uint8_t *src,
    const uint8_t *dst, uint8_t alen, uint16_t sport, uint16_t dport,
    const uint8_t *p, size_t n, uint64_t flow, int64_t now);
/* 1 when a connection starting at now between a:ap and b:bp was announced
 * (either may be the one that connects: the roles of a connection seen
 * midstream are a guess); the announcement is used up. */
int nc_ftpwatch_take(struct nc_ftpwatch *w, const uint8_t *a, uint16_t ap,
    const uint8_t *b, uint16_t bp, uint8_t alen, int64_t now);
/* A new capture, whose clock is not the one before: what was announced
 * is forgotten (the counts are kept). */
void nc_ftpwatch_reset(struct nc_ftpwatch *w);
/* The counts over every capture so far. */
void nc_ftpwatch_stats(const struct nc_ftpwatch *w,
    struct nc_expect_stats *st);

#endif
