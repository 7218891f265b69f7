/* Packet decoders: one captured frame in, its records out, outermost
 * first (Ethernet, Dot1Q..., IPv4, TCP).  See nc-decode(1) and ncap(5). */
#ifndef NC_DECODE_H
#define NC_DECODE_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

#include "registry.h"

/* Called once per record.  type is the Record oneof number
 * (NETCAP__RECORD__RECORD_TCP ...); msg and every byte it points to live
 * only until the call returns.  A non-zero return stops decoding of the
 * packet and is returned by nc_decode_packet. */
typedef int nc_emit_fn(void *ctx, int type, const ProtobufCMessage *msg);

struct nc_decode_scratch;
struct nc_ipfrag;

struct nc_decoder {
	int dlt;			/* pcap_datalink() of the source */
	struct nc_typeset want;		/* record types to build and emit */
	int payload;			/* copy TCP/UDP payload bytes (-P) */
	nc_emit_fn *emit;
	void *ctx;
	struct nc_decode_scratch *s;	/* private: arrays for repeated fields */
	struct nc_ipfrag *ipfrag;	/* private: IP fragments in reassembly */
};

/* 1 if frames of this pcap_datalink() value can be decoded. */
int nc_decode_linktype_supported(int dlt);
/* The LINKTYPE_ value written to files for a pcap_datalink() value (they
 * differ for DLT_RAW). */
int nc_decode_linktype(int dlt);

/* The record types the decoders produce, in Record field-number order
 * (Header, which nc-decode writes itself, first); n gets the count. */
const int *nc_decode_types(size_t *n);

/* Sets up d; want NULL means every type.  Allocates the decoder's scratch
 * space once, so that decoding never allocates.  Returns -1 with errno set
 * (EINVAL for an unsupported link type, ENOMEM). */
int nc_decoder_init(struct nc_decoder *d, int dlt,
    const struct nc_typeset *want, int payload, nc_emit_fn *emit, void *ctx);
/* Switches to another source's link type; -1 if unsupported. */
int nc_decoder_set_dlt(struct nc_decoder *d, int dlt);
void nc_decoder_free(struct nc_decoder *d);
/* Ends a source: IP datagrams still missing fragments are reported as
 * Undecoded (with the time and number of their latest fragment's packet)
 * and forgotten, so that the next source starts clean.  Returns 0 or the
 * first non-zero emit result. */
int nc_decoder_finish(struct nc_decoder *d);

/* Decodes one frame: caplen bytes were captured of a wirelen-byte frame.
 * ts_ns is the capture time in ns since the epoch, packet its 1-based
 * number within the source.  Returns 0, or the first non-zero value the
 * emit callback returned. */
int nc_decode_packet(struct nc_decoder *d, int64_t ts_ns, uint64_t packet,
    const uint8_t *data, size_t caplen, size_t wirelen);

/* Decodes p as the named layer ("DNS", "GRE", "LLDP": the layer names of
 * decode/dispatch.h) above imagined lower layers, application layers with
 * the given ports: for fuzz harnesses and tests.  Returns the emit
 * result, or -1 for an unknown name. */
int nc_decode_layer(struct nc_decoder *d, const char *name,
    const uint8_t *p, size_t n, unsigned sport, unsigned dport);
/* Where a DNS message that came over TCP was, for a stream parser that
 * reassembled it from segments: the packet that completed it and its
 * connection's endpoints, the message's sender first. */
struct nc_dns_ends {
	int64_t ts;
	uint64_t packet;
	const uint8_t *src, *dst;
	size_t alen;
	unsigned sport, dport;
	uint64_t flow;
	unsigned inner;
};
/* A decoder of DNS messages alone, for stream parsers: the state one
 * message needs (some 85 KB), without the rest of a packet decoder's
 * (megabytes).  NULL when out of memory. */
struct nc_dns_decoder;
struct nc_dns_decoder *nc_dns_decoder_new(nc_emit_fn *emit);
void nc_dns_decoder_free(struct nc_dns_decoder *d);
/* Decodes m[0, n) as one DNS message that followed a 2-byte TCP length
 * of n, as nc-decode decodes one lying whole in a segment: a DNS record,
 * and an Undecoded one (offsets counted from m) for what does not parse,
 * each handed to the emit function with ctx.  Returns the emit result. */
int nc_decode_dns_message(struct nc_dns_decoder *d, void *ctx,
    const struct nc_dns_ends *e, const uint8_t *m, size_t n);
/* The i-th layer name, NULL past the last. */
const char *nc_decode_layer_name(size_t i);

/* Shannon entropy in O(n).  Short payloads count into one histogram and
 * remember each byte value the first time it is seen, so only the bins
 * they touched are summed and cleared; longer ones (NC_ENTROPY_SPLIT bytes
 * and up) count into four interleaved histograms, which keeps successive
 * increments of one bin from waiting on each other, and then pay one pass
 * over the 256 bins.  c * log2(c) comes from a table for counts below
 * NC_ENTROPY_TABLE, so a typical payload needs no log2() call.  The
 * histograms are all zero between calls.  Zero the struct, then call
 * nc_entropy_init once. */
#define NC_ENTROPY_TABLE 2048
#define NC_ENTROPY_SPLIT 256
struct nc_entropy {
	uint32_t count[4][256];
	uint8_t seen[257];
	double clogc[NC_ENTROPY_TABLE];
};
void nc_entropy_init(struct nc_entropy *e);
/* Bits per byte of p[0..n), 0 for n = 0. */
double nc_entropy(struct nc_entropy *e, const uint8_t *p, size_t n);

/* The bidirectional flow id (see flowid.c): addresses of alen bytes, ports in
 * host order (0 for ICMP and IGMP), IP protocol number. */
uint64_t nc_flow_id(const uint8_t *a, const uint8_t *b, size_t alen,
    uint16_t pa, uint16_t pb, uint8_t proto);
/* Whether (b, pb) is the smaller endpoint, by address bytes and then
 * port: the order of the flow id, the flow table's keys and the Community
 * ID (alike for equal endpoints, where the order does not matter). */
int nc_flow_swapped(const uint8_t *a, const uint8_t *b, size_t alen,
    uint16_t pa, uint16_t pb);

#endif
