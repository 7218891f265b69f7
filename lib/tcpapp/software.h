/* nc-tcp's Software and Service records, made from the records its
 * stream parsers write (HTTP, SSH, FTP, POP3, IMAP, TLSServerHello)
 * and from what no record carries: the SMTP greeting, the answer of a
 * DNS server and the first bytes of a server no parser took.  Each is written the first time
 * it is seen: a Software record once per host, product and version, a
 * Service record once per server address and port.
 *
 * What was written is remembered as a 64-bit hash in one table made at
 * the start; once it holds max entries, what is new is counted and not
 * written (a repeat would be indistinguishable from a first sighting). */
#ifndef NC_TCPAPP_SOFTWARE_H
#define NC_TCPAPP_SOFTWARE_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include "tcpapp/tcpapp.h"

#define NC_SOFTWARE_MAX	65536	/* entries remembered by default */

struct nc_software;

struct nc_software_stats {
	uint64_t software, services;	/* records written */
	uint64_t full;			/* not written: the table was full */
};

/* A tracker remembering at most max (0: the default) entries, writing
 * with put(arg, Record type, message); NULL when out of memory. */
struct nc_software *nc_software_new(size_t max,
    int (*put)(void *arg, int type, const ProtobufCMessage *m), void *arg);
void nc_software_free(struct nc_software *w);

/* These return 0, or what put returned when it failed. */
/* A record of the given Record type a parser wrote. */
int nc_software_record(struct nc_software *w, int type,
    const ProtobufCMessage *m);
/* The server's greeting line p[0, n) on the connection of c, for a
 * protocol ("smtp") whose records do not carry it. */
int nc_software_greeting(struct nc_software *w, const struct nc_tcpapp_ctx *c,
    const char *proto, const uint8_t *p, size_t n);
/* The first bytes p[0, n) the server of cn sent, in the packet of time
 * ts and number packet, on a connection of a protocol whose records show
 * no answer ("dns": nc-decode may have decoded every message already) or
 * that no parser took ("unknown"); p is NULL when they are no banner. */
int nc_software_answered(struct nc_software *w,
    const struct nc_tcpapp_conn *cn, const char *proto, int64_t ts,
    uint64_t packet, const uint8_t *p, size_t n);

void nc_software_stats(const struct nc_software *w,
    struct nc_software_stats *st);

#endif
