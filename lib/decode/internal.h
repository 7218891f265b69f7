/* What the per-protocol decoders share: the packet being decoded, the IP
 * layer's view for transport decoders, emit helpers and the entry point of
 * each decoder.  Private to lib/decode. */
#ifndef NC_DECODE_INTERNAL_H
#define NC_DECODE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "netcap.pb-c.h"
#include "decode/cursor.h"
#include "decode/decode.h"

/* Bounds of the arrays behind repeated fields.  Each is larger than a
 * 64 KiB IP packet can fill with valid entries; a packet that would need
 * more gets an Undecoded record for the rest. */
#define NC_MAX_V6OPT	2048	/* Pad1 options of a 2 KiB extension header */
#define NC_MAX_ND	8192	/* 8-byte ND options in 64 KiB */
#define NC_MAX_PREFIX	2048	/* 32-byte prefix options in 64 KiB */
#define NC_MAX_ROUTE	8192	/* 8-byte route information options */
#define NC_MAX_GROUPS	8192	/* 8-byte IGMPv3 group records in 64 KiB */
#define NC_MAX_SOURCES	16384	/* 4-byte IGMPv3 sources in 64 KiB */
#define NC_MAX_ADDRS	128	/* addresses in a 2 KiB routing header */

/* IP layers and VLAN tags one frame may nest (tunnels, QinQ). */
#define NC_MAX_DEPTH	16

/* State of the decoders that keep some between or within packets: each
 * file defines its struct and the pair that makes and frees it.  A decoder
 * owns one of each (nc_decoder_init), so decoding never allocates and two
 * decoders in one process share nothing mutable. */
struct nc_dns;				/* dns.c: one message's arrays */
struct nc_snmp;				/* snmp.c: the same */
struct nc_quic;				/* quic.c: connection IDs, keys,
					 * a datagram's plaintext */
struct nc_dns *nc_dns_new(void);
void nc_dns_free(struct nc_dns *);
struct nc_snmp *nc_snmp_new(void);
void nc_snmp_free(struct nc_snmp *);
struct nc_quic *nc_quic_new(void);
void nc_quic_free(struct nc_quic *);

/* Everything a decoder writes while it decodes, but the records on the
 * decoders' stacks. */
struct nc_decode_scratch {
	struct nc_entropy ent;
	struct nc_dns *dns;
	struct nc_snmp *snmp;
	struct nc_quic *quic;
	Netcap__IPv6Option v6opt[NC_MAX_V6OPT];
	Netcap__IPv6Option *v6optp[NC_MAX_V6OPT];
	uint32_t nd_types[NC_MAX_ND];
	ProtobufCBinaryData prefixes[NC_MAX_PREFIX];
	uint32_t prefix_lens[NC_MAX_PREFIX];
	ProtobufCBinaryData routes[NC_MAX_ROUTE];
	uint8_t route_prefix[NC_MAX_ROUTE][16];	/* a route's prefix may be
						 * 0 or 8 bytes on the wire */
	uint32_t route_lens[NC_MAX_ROUTE];
	uint32_t route_prefs[NC_MAX_ROUTE];
	uint32_t route_lifetimes[NC_MAX_ROUTE];
	ProtobufCBinaryData groups[NC_MAX_GROUPS];
	uint32_t group_types[NC_MAX_GROUPS];
	uint32_t group_nsrc[NC_MAX_GROUPS];
	uint32_t group_aux[NC_MAX_GROUPS];
	ProtobufCBinaryData sources[NC_MAX_SOURCES];
	ProtobufCBinaryData addrs[NC_MAX_ADDRS];
};

/* One frame being decoded. */
struct nc_pkt {
	struct nc_decoder *d;
	int64_t ts;
	uint64_t packet;
	const uint8_t *frame;		/* offsets are counted from here */
	size_t caplen, wirelen;
	int rc;				/* first non-zero emit result */
	int depth;
	int inner;			/* tunnels entered so far; records
					 * emitted get it as their "inner" */
};

/* What a transport decoder learns from the IP layer below it. */
struct nc_ip {
	const uint8_t *src, *dst;	/* into the packet */
	size_t alen;			/* 4 or 16 */
	size_t declared;		/* transport bytes the IP header declares
					 * (no more than the frame had); the
					 * cursor may hold fewer (snaplen) */
	const char *layer;		/* "IPv4", "IPv6", "IPv6Routing" ... */
	int first_frag;			/* the first fragment of a datagram
					 * that cannot be reassembled, decoded
					 * on its own: a transport length may
					 * reach past declared */
};

/* What an application decoder learns from the transport below it. */
struct nc_app {
	const struct nc_ip *ip;
	unsigned sport, dport;
	unsigned proto;			/* 6 TCP, 17 UDP, 132 SCTP */
	const char *layer;		/* "UDP", "TCP" */
	uint64_t flow;
};

/* A problem found inside a record (a bad option) that is reported as an
 * Undecoded record after the record itself has been emitted. */
struct nc_issue {
	const char *layer;
	const uint8_t *at;		/* NULL: no issue */
	char reason[64];
};

static inline int
nc_dec_want(const struct nc_pkt *k, int type)
{
	return nc_typeset_has(&k->d->want, type);
}

/* Bytes the frame had on the wire from c's position on: a snap length
 * cuts the capture, not this. */
static inline size_t
nc_dec_wire_left(const struct nc_pkt *k, const struct nc_cur *c)
{
	size_t off = nc_cur_offset(c, k->frame);

	return k->wirelen > off ? k->wirelen - off : 0;
}

/* Emits a record built on the caller's stack (nothing once an emit has
 * failed). */
void nc_dec_emit(struct nc_pkt *k, int type, const ProtobufCMessage *msg);
/* Emits Undecoded for the bytes from at's position to the end of the
 * capture. */
void nc_dec_undecoded(struct nc_pkt *k, const char *layer,
    const struct nc_cur *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* "truncated header: have of need bytes" */
void nc_dec_truncated(struct nc_pkt *k, const char *layer,
    const struct nc_cur *at, size_t need);
void nc_dec_issue(struct nc_issue *is, const char *layer,
    const struct nc_cur *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void nc_dec_flush_issue(struct nc_pkt *k, const struct nc_issue *is);
/* Entropy of a transport payload, and the flow id of an IP endpoint pair. */
double nc_dec_entropy(struct nc_pkt *k, const uint8_t *p, size_t n);
uint64_t nc_dec_flow(const struct nc_ip *ip, uint16_t sport, uint16_t dport,
    uint8_t proto);

/* Link layers. */
void nc_dec_ethernet(struct nc_pkt *k, struct nc_cur *c);
void nc_dec_sll(struct nc_pkt *k, struct nc_cur *c);
void nc_dec_sll2(struct nc_pkt *k, struct nc_cur *c);
void nc_dec_loop(struct nc_pkt *k, struct nc_cur *c, int network_order);
void nc_dec_raw(struct nc_pkt *k, struct nc_cur *c);
/* Hands the bytes at c to the decoder for an ethertype; layer names the
 * header that carried it, for Undecoded. */
void nc_dec_ethertype(struct nc_pkt *k, struct nc_cur *c, uint16_t type,
    const char *layer);
void nc_dec_vlan(struct nc_pkt *k, struct nc_cur *c, uint16_t tpid);
void nc_dec_arp(struct nc_pkt *k, struct nc_cur *c);

/* Network layer. */
void nc_dec_ipv4(struct nc_pkt *k, struct nc_cur *c);
void nc_dec_ipv6(struct nc_pkt *k, struct nc_cur *c);
/* IPv6 extension headers from next header nh on, then the payload. */
void nc_dec_ipv6_chain(struct nc_pkt *k, struct nc_cur *c,
    const struct nc_ip *ip, unsigned nh);
/* Hands the payload at c to the decoder for an IP protocol number. */
void nc_dec_ipproto(struct nc_pkt *k, struct nc_cur *c,
    const struct nc_ip *ip, unsigned proto);

/* Transport layer. */
void nc_dec_tcp(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip);
void nc_dec_udp(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip);
void nc_dec_icmp4(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip);
void nc_dec_icmp6(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip);
void nc_dec_igmp(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip);

/* Network layer and tunnels, after an IP protocol number (ipproto.c). */
void nc_dec_gre(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip);
void nc_dec_ipsec_ah(struct nc_pkt *k, struct nc_cur *c,
    const struct nc_ip *ip);
void nc_dec_ipsec_esp(struct nc_pkt *k, struct nc_cur *c,
    const struct nc_ip *ip);
void nc_dec_ospf(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip);
void nc_dec_vrrp(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip);
void nc_dec_sctp(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip);

/* Link and control layers (ethernet.c dispatches by ethertype and 802.2
 * LLC; decode.c by link type). */
void nc_dec_llc(struct nc_pkt *k, struct nc_cur *c, const char *layer);
void nc_dec_lldp(struct nc_pkt *k, struct nc_cur *c);
void nc_dec_eapol(struct nc_pkt *k, struct nc_cur *c);
void nc_dec_mpls(struct nc_pkt *k, struct nc_cur *c);
void nc_dec_stp(struct nc_pkt *k, struct nc_cur *c);
void nc_dec_cdp(struct nc_pkt *k, struct nc_cur *c);
void nc_dec_eap(struct nc_pkt *k, struct nc_cur *c);
void nc_dec_dot11(struct nc_pkt *k, struct nc_cur *c);
/* 802.11 with the flags of the radiotap header before it (FCS at the
 * end, padding after the MAC header). */
void nc_dec_dot11_rt(struct nc_pkt *k, struct nc_cur *c, unsigned rtflags);
void nc_dec_radiotap(struct nc_pkt *k, struct nc_cur *c);
void nc_dec_usb(struct nc_pkt *k, struct nc_cur *c, int mmapped);
void nc_dec_ppp(struct nc_pkt *k, struct nc_cur *c);
void nc_dec_ppp_dir(struct nc_pkt *k, struct nc_cur *c);
void nc_dec_ppp_serial(struct nc_pkt *k, struct nc_cur *c);
void nc_dec_pppoe(struct nc_pkt *k, struct nc_cur *c);
void nc_dec_chdlc(struct nc_pkt *k, struct nc_cur *c);

/* Application layers: the transport payload at c (app.c dispatches by
 * port).  Each emits its record or an Undecoded one. */
typedef void nc_app_fn(struct nc_pkt *k, struct nc_cur *c,
    const struct nc_app *a);
void nc_dec_app(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip,
    unsigned sport, unsigned dport, unsigned proto);
nc_app_fn nc_dec_dns, nc_dec_nbns, nc_dec_dhcpv4, nc_dec_dhcpv6, nc_dec_ntp,
    nc_dec_snmp, nc_dec_sip, nc_dec_syslog, nc_dec_modbus, nc_dec_enip,
    nc_dec_diameter, nc_dec_bfd, nc_dec_lcm, nc_dec_vxlan, nc_dec_geneve,
    nc_dec_quic, nc_dec_mpls_udp;
/* One CIP message, from an EtherNet/IP data item (cip.c). */
nc_app_fn nc_dec_cip;

/* IP fragment reassembly (reasm.c): state lives in the decoder. */
struct nc_reasm;
struct nc_reasm *nc_reasm_new(void);
void nc_reasm_free(struct nc_reasm *r);
/* One fragment, as ipv4.c or ipv6.c saw it. */
struct nc_frag {
	int v6;
	const uint8_t *src, *dst;	/* 4 or 16 bytes, into the packet */
	uint32_t id;
	unsigned proto;			/* protocol, or this next header */
	size_t off;			/* in bytes */
	int more;			/* MF / M flag */
	size_t hl;			/* IPv4 header length, 0 for IPv6 */
	size_t declared;		/* fragment bytes the header declares */
	const char *layer;		/* "IPv4", "IPv6Fragment" */
};
/* Holds the fragment at c (its payload) and decodes the datagram it
 * completes; what cannot be held is reported as Undecoded. */
void nc_reasm_add(struct nc_pkt *k, struct nc_cur *c, const struct nc_frag *f);

#endif
