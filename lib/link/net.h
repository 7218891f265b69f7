/* Sockets for nc-send and nc-recv: addresses as "host:port" ("[v6]:port",
 * ":port" for every address), non-blocking descriptors, and a clock. */
#ifndef NC_LINK_NET_H
#define NC_LINK_NET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Splits "host:port"; host is "" for ":port".  -1 when malformed. */
int nc_net_split(const char *addr, char *host, size_t hostlen, char *port,
    size_t portlen);
/* A non-blocking listening socket; -1 with why. */
int nc_net_listen(const char *addr, char *why, size_t whylen);
/* Starts a non-blocking connection; -1 with why.  The caller polls for
 * writing and calls nc_net_connected. */
int nc_net_connect(const char *addr, char *why, size_t whylen);
/* 0 once a started connection is up, -1 with errno when it failed. */
int nc_net_connected(int fd);
/* "address:port" of a peer, for messages. */
void nc_net_peer(const struct sockaddr *sa, char *buf, size_t n);
/* Monotonic seconds. */
double nc_net_now(void);

#endif
