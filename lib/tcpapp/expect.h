/* Connections announced before they start: the FTP data connections that
 * PORT, EPRT, PASV and EPSV announce on a control connection (RFC 959,
 * RFC 2428).  nc-tcp hands a new connection matching an announcement to
 * the ftp-data parser instead of probing it, as Zeek schedules its
 * FTP_DATA analyzer for (orig_h, resp_h, resp_p) for 5 minutes.
 *
 * An announcement is kept until a connection takes it or NC_EXPECT_TTL
 * has passed; a taken one stays until then too, so that the control
 * connection can still name the file its RETR or STOR moves (in passive
 * mode the client connects before it sends RETR).  The table holds at
 * most NC_EXPECT_MAX announcements, in sets of NC_EXPECT_WAYS chosen by a
 * hash of the key: adding to a full set evicts the one that expires
 * first, so a flood of announcements costs constant time each and evicts
 * older ones, counted.  Memory: about 330 bytes an announcement, made at
 * the first one; nothing per packet. */
#ifndef NC_TCPAPP_EXPECT_H
#define NC_TCPAPP_EXPECT_H

#include <stddef.h>
#include <stdint.h>

#define NC_EXPECT_TTL	(300 * 1000000000LL)	/* ns: Zeek's 5 minutes */
#define NC_EXPECT_MAX	1024
#define NC_EXPECT_WAYS	4
#define NC_EXPECT_NAME	256			/* bytes of a name kept */

/* A connection: who will connect (orig), to whom, on which port. */
struct nc_expect_key {
	uint8_t alen;			/* 4 or 16 */
	uint8_t orig[16], resp[16];
	uint16_t port;
};

struct nc_expect_stats {
	uint64_t added;			/* announcements kept */
	uint64_t refused;		/* not between the control connection's
					 * hosts, or port 0 */
	uint64_t taken;			/* connections that matched one */
	uint64_t expired;		/* none matched in time */
	uint64_t evicted;		/* none matched before a newer one
					 * needed the place */
};

struct nc_expect;

/* NULL when out of memory. */
struct nc_expect *nc_expect_new(void);
void nc_expect_free(struct nc_expect *e);

/* Expects k, announced at now on control connection ctrl (its flow id)
 * between client and server: refused unless k joins those two hosts
 * (RFC 2577: a PORT naming a third host is a bounce, and would make an
 * unrelated connection ftp-data) or when k.port is 0.  The same key
 * announced again replaces the older one.  Returns a handle, or 0 when
 * refused or out of memory. */
uint64_t nc_expect_add(struct nc_expect *e, const struct nc_expect_key *k,
    const uint8_t *client, const uint8_t *server, uint64_t ctrl, int64_t now);
/* The name of the file the transfer of handle h moves (the argument of
 * RETR, STOR ...; empty for a listing), kept up to NC_EXPECT_NAME bytes;
 * nothing when h is gone. */
void nc_expect_name(struct nc_expect *e, uint64_t h, const uint8_t *name,
    size_t n);
/* The announcement a connection starting at now with key k takes: its
 * handle, or 0 when none waits. */
uint64_t nc_expect_take(struct nc_expect *e, const struct nc_expect_key *k,
    int64_t now);
/* What handle h holds: 0 with the control connection's flow and the name
 * (valid until the next call on e), or -1 when h is gone. */
int nc_expect_get(const struct nc_expect *e, uint64_t h, uint64_t *ctrl,
    const uint8_t **name, size_t *n);
/* Announcements kept at now, not yet expired. */
size_t nc_expect_live(const struct nc_expect *e, int64_t now);
void nc_expect_stats(const struct nc_expect *e, struct nc_expect_stats *st);

#endif
