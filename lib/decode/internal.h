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
#include "decode/record.h"

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
	int quoted;			/* 1 inside the packet an ICMP error
					 * quotes: records get it as their
					 * "quoted" */
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

/* The decoders of the dispatch table (dispatch.h), by key space. */
typedef void nc_frame_fn(struct nc_pkt *k, struct nc_cur *c);
typedef void nc_ip_fn(struct nc_pkt *k, struct nc_cur *c,
    const struct nc_ip *ip);
typedef void nc_app_fn(struct nc_pkt *k, struct nc_cur *c,
    const struct nc_app *a);
/* A content probe: non-zero if the payload at c is certainly the probe's
 * protocol.  It reads a copy of c and nothing else. */
typedef int nc_probe_fn(const struct nc_cur *c);

/* Every function the table names is declared here. */
#define NC_LINK(dlt, layer, fn)		nc_frame_fn fn;
#define NC_ETHERTYPE(type, layer, fn)	nc_frame_fn fn;
#define NC_PPP(proto, layer, fn)	nc_frame_fn fn;
#define NC_IPPROTO(proto, layer, fn)	nc_ip_fn fn;
#define NC_PORT(port, on, layer, fn)	nc_app_fn fn;
#define NC_PROBE(on, layer, probe, fn)	nc_probe_fn probe; nc_app_fn fn;
#include "decode/dispatch.h"

enum nc_space {
	NC_SPACE_LINK,
	NC_SPACE_ETHERTYPE,
	NC_SPACE_PPP,
	NC_SPACE_IPPROTO,
	NC_SPACE_PORT,
	NC_SPACE_PROBE,
	NC_SPACE_MAX
};

/* Transports of a port or probe line. */
enum { NC_UDP = 1, NC_TCP = 2, NC_SCTP = 4 };

/* One line of the table: the function of its key space is set. */
struct nc_dispatch {
	uint32_t key;			/* 0 for probes */
	uint8_t on;			/* ports and probes: NC_UDP ... */
	const char *layer;		/* or NULL */
	nc_frame_fn *frame;
	nc_ip_fn *ip;
	nc_app_fn *app;
	nc_probe_fn *probe;
};

/* The lines of one key space, sorted by key.  The spaces every packet
 * goes through also have a direct index: index[key] is 1 + the position of
 * the key's line, or 0, so that a lookup is one load. */
struct nc_dispatch_space {
	const struct nc_dispatch *e;
	size_t n;
	const uint8_t *index;		/* or NULL */
	size_t nindex;
};

extern const struct nc_dispatch_space nc_dispatch[NC_SPACE_MAX];

/* The line for key on one of the transports in on (0 outside ports), or
 * NULL: the direct index, or a binary search. */
static inline const struct nc_dispatch *
nc_dispatch_find(const struct nc_dispatch_space *s, uint32_t key,
    unsigned on)
{
	const struct nc_dispatch *e = NULL;
	size_t lo = 0, hi = s->n;

	if (s->index != NULL) {
		if (key < s->nindex && s->index[key] != 0)
			e = &s->e[s->index[key] - 1];
	} else {
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (s->e[mid].key == key) {
				e = &s->e[mid];
				break;
			}
			if (s->e[mid].key < key)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return e != NULL && (on == 0 || (e->on & on) != 0) ? e : NULL;
}

/* The same for the spaces of the hot path, where the arrays are known. */
extern const struct nc_dispatch nc_dispatch_links[],
    nc_dispatch_ethertypes[], nc_dispatch_ipprotos[], nc_dispatch_ports[];
extern const uint8_t nc_dispatch_link_index[1024],
    nc_dispatch_ethertype_index[65536], nc_dispatch_ipproto_index[256],
    nc_dispatch_port_index[65536];

static inline const struct nc_dispatch *
nc_dispatch_link(int dlt)
{
	unsigned i;

	if (dlt < 0 || dlt >= 1024)
		return NULL;
	i = nc_dispatch_link_index[dlt];
	return i != 0 ? &nc_dispatch_links[i - 1] : NULL;
}

static inline const struct nc_dispatch *
nc_dispatch_ethertype(uint16_t type)
{
	unsigned i = nc_dispatch_ethertype_index[type];

	return i != 0 ? &nc_dispatch_ethertypes[i - 1] : NULL;
}

static inline const struct nc_dispatch *
nc_dispatch_ipproto(unsigned proto)
{
	unsigned i = proto < 256 ? nc_dispatch_ipproto_index[proto] : 0;

	return i != 0 ? &nc_dispatch_ipprotos[i - 1] : NULL;
}

static inline const struct nc_dispatch *
nc_dispatch_port(uint16_t port, unsigned on)
{
	unsigned i = nc_dispatch_port_index[port];

	return i != 0 && (nc_dispatch_ports[i - 1].on & on) != 0 ?
	    &nc_dispatch_ports[i - 1] : NULL;
}

/* The first probe on one of the transports in on that says yes to the
 * payload at c, or NULL. */
const struct nc_dispatch *nc_dispatch_probe(const struct nc_dispatch_space *s,
    unsigned on, const struct nc_cur *c);

/* Dispatchers by key, with an Undecoded record for a key nobody has:
 * layer names the header that carried the key. */
void nc_dec_ethertype(struct nc_pkt *k, struct nc_cur *c, uint16_t type,
    const char *layer);
void nc_dec_ipproto(struct nc_pkt *k, struct nc_cur *c,
    const struct nc_ip *ip, unsigned proto);
/* The transport payload at c, by port (the lower one first) and, when no
 * port is known, by content probe.  flow is the flow id the transport
 * record already holds, or 0 when it made none (its record was not
 * wanted): hashing the 5-tuple again costs a DNS packet 4% of its time. */
void nc_dec_app(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip,
    unsigned sport, unsigned dport, unsigned proto, uint64_t flow);

/* Decoders reached from inside other decoders, not by a key. */
/* The packet an ICMP (v6 0) or ICMPv6 (v6 1) error quotes, at c: its
 * records are marked quoted (icmpquote.c). */
void nc_dec_icmp_quote(struct nc_pkt *k, struct nc_cur *c, int v6);
void nc_dec_vlan(struct nc_pkt *k, struct nc_cur *c, uint16_t tpid);
/* IPv6 extension headers from next header nh on, then the payload. */
void nc_dec_ipv6_chain(struct nc_pkt *k, struct nc_cur *c,
    const struct nc_ip *ip, unsigned nh);
/* 802.2 LLC after an 802.3 length; layer names the header before it. */
void nc_dec_llc(struct nc_pkt *k, struct nc_cur *c, const char *layer);
void nc_dec_stp(struct nc_pkt *k, struct nc_cur *c);
void nc_dec_cdp(struct nc_pkt *k, struct nc_cur *c);
/* 802.11 with the flags of the radiotap header before it (FCS at the
 * end, padding after the MAC header). */
void nc_dec_dot11_rt(struct nc_pkt *k, struct nc_cur *c, unsigned rtflags);
/* One CIP message, from an EtherNet/IP data item (cip.c). */
nc_app_fn nc_dec_cip;

/* IP fragment reassembly (ipfrag.c): state lives in the decoder. */
struct nc_ipfrag;
struct nc_ipfrag *nc_ipfrag_new(void);
void nc_ipfrag_free(struct nc_ipfrag *r);
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
void nc_ipfrag_add(struct nc_pkt *k, struct nc_cur *c, const struct nc_frag *f);

#endif
