/* The layers of one packet, read in place from its records (scan.h), for
 * the programs that follow flows (nc-conn, nc-flow, nc-tcp).  nc-decode
 * writes a record per layer, the transport record last: what the link
 * and IP records say (MACs and VLANs from the outer link, IP lengths by
 * tunnel depth) is kept until the packet's transport record comes.
 * Records an ICMP error quotes are passed over. */
#ifndef NC_FLOW_PKTREAD_H
#define NC_FLOW_PKTREAD_H

#include <stddef.h>
#include <stdint.h>

#include "registry.h"
#include "scan.h"

/* IP layers kept, by tunnel depth. */
#define NC_PKTREAD_DEPTHS	8

/* Field numbers of the records read, by name from the schema; 0 where a
 * type has no such field. */
struct nc_pktread_ids {
	unsigned ts, packet, inner, quoted;
	unsigned src_mac, dst_mac, vlan, ihl, length;
	unsigned src_ip, dst_ip, src_port, dst_port, seq, ack, flags, window,
	    data_offset, payload_size, payload, flow, type, code;
};

/* What the records of the packet being read said before its transport
 * record. */
struct nc_pktread_pkt {
	uint64_t packet;
	int64_t ts;
	uint8_t mac[2][6];		/* source, destination */
	int has_mac, nvlan;
	uint32_t vlan[2];		/* the outer two, outermost first */
	uint32_t ip_bytes[NC_PKTREAD_DEPTHS], ip_hlen[NC_PKTREAD_DEPTHS];
};

struct nc_pktread {
	struct nc_pktread_pkt pk;
	/* After nc_pktread_frame returned 1: the transport record, its
	 * field numbers, tunnel depth and endpoints, and the length and
	 * header length of the IP layer at its depth (0 when not kept). */
	struct nc_scan scan;
	const struct nc_pktread_ids *ids;
	uint32_t inner;
	const uint8_t *src, *dst;
	uint8_t alen;
	uint32_t ip_bytes, ip_hlen;
	/* Private. */
	struct nc_pktread_ids by_type[NC_TYPE_MAX + 1];
};

void nc_pktread_init(struct nc_pktread *r);
/* A new stream: the packet being read is forgotten. */
void nc_pktread_stream(struct nc_pktread *r);
/* One record of the given type, its frame's bytes p[0, n) (struct
 * nc_frame's data and len).  Returns 1 for a TCP, UDP, ICMP or ICMPv6
 * record whose endpoints are a pair of IPv4 or IPv6 addresses, the
 * caller's to read from r; else 0: a link or IP layer (kept), a quoted
 * or malformed record, a type not read. */
int nc_pktread_frame(struct nc_pktread *r, int type, const uint8_t *p,
    size_t n);

#endif
