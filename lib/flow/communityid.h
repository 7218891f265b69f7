/* The Community ID (v1) of a flow, so that records join with Zeek's
 * conn.log, Suricata's eve.json and Wireshark's communityid field.
 *
 * Spec: github.com/corelight/community-id-spec.  SHA-1 over
 *
 *	seed (2 bytes) || addrA || addrB || proto (1) || 0 (1)
 *	    [ || portA (2) || portB (2) ]
 *
 * all big-endian, with (addrA, portA) the smaller endpoint; ports only for
 * TCP, UDP, SCTP, ICMP and ICMPv6, where ICMP's "ports" are the type and,
 * for a request or reply, the type of its counterpart (else the code, and
 * the tuple keeps its direction), as Zeek maps them.  Written as
 * "1:" and the base64 of the digest. */
#ifndef NC_FLOW_COMMUNITYID_H
#define NC_FLOW_COMMUNITYID_H

#include <stddef.h>
#include <stdint.h>

/* "1:" + 28 base64 characters + NUL. */
#define NC_COMMUNITY_ID_LEN	31

/* Writes the ID of a packet from src:sport to dst:dport (addresses of
 * alen bytes, 4 or 16; for ICMP and ICMPv6 sport is the type and dport
 * the code) into out.  Returns out, or NULL when alen is neither. */
char *nc_community_id(char out[NC_COMMUNITY_ID_LEN], const uint8_t *src,
    const uint8_t *dst, size_t alen, uint8_t proto, uint16_t sport,
    uint16_t dport, uint16_t seed);

#endif
