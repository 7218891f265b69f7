/* TCP reassembly of one direction of a connection: segments in, the byte
 * stream out in order, exactly once.
 *
 * - Sequence numbers wrap (RFC 793 3.3): positions are compared as
 *   32-bit differences, and the stream offset is 64-bit.
 * - The SYN (or, for a connection already open when capture began, the
 *   first segment with data) fixes the start.
 * - Segments ahead of the next expected byte wait in a buffer; bytes
 *   already delivered or already waiting are not delivered again.
 * - Overlaps: the bytes that arrived first win (as Zeek keeps them); an
 *   overlap whose bytes differ from the waiting ones is counted, since
 *   that is what an evasion looks like (Ptacek and Newsham, 1998).
 *   Bytes already delivered are not kept, so a retransmission of them
 *   is counted but not compared.
 * - A gap is skipped rather than waited on for ever: when the buffered
 *   bytes pass the connection's cap or the global one, at FIN, and at
 *   the end, the missing bytes are reported as a gap and the stream goes
 *   on after them.
 * Memory: each waiting segment is one allocation of its bytes, counted
 * against both caps; what a cap refuses is counted and never silent. */
#ifndef NC_FLOW_TCPREASM_H
#define NC_FLOW_TCPREASM_H

#include <stddef.h>
#include <stdint.h>

#define NC_REASM_CONN_MAX	(1u << 20)	/* bytes waiting, one direction */
#define NC_REASM_TOTAL_MAX	(64u << 20)	/* bytes waiting, all of them */

/* Shared by every direction of every connection of one program. */
struct nc_reasm {
	size_t conn_max, total_max;	/* caps; 0 in _init: the defaults */
	size_t used;			/* bytes waiting now */
	uint64_t gaps, gap_bytes;	/* skipped */
	uint64_t retrans_bytes;		/* arrived again after delivery */
	uint64_t overlaps, overlaps_differ;
	uint64_t capped;		/* times a cap forced a gap skip */
	uint64_t oom;			/* segments dropped: no memory */
};

struct nc_reasm_seg;

struct nc_reasm_dir {
	uint32_t next;			/* sequence number of the next byte */
	uint8_t started, fin;
	uint32_t fin_seq;		/* the FIN's sequence number */
	uint64_t offset;		/* stream bytes delivered or skipped */
	struct nc_reasm_seg *wait;	/* ahead of next, by sequence */
	size_t waiting;			/* bytes in wait */
};

/* What comes out: bytes in order, and gaps of n bytes never seen. */
struct nc_reasm_out {
	void (*data)(void *arg, const uint8_t *p, size_t n);
	void (*gap)(void *arg, uint64_t n);
	void *arg;
};

void nc_reasm_init(struct nc_reasm *r, size_t conn_max, size_t total_max);

/* One segment of this direction: its sequence number, SYN and FIN flags
 * and payload.  Delivers what became contiguous. */
void nc_reasm_segment(struct nc_reasm *r, struct nc_reasm_dir *d,
    uint32_t seq, int syn, int fin, const uint8_t *p, size_t n,
    const struct nc_reasm_out *out);

/* End of the direction: what waits is delivered, gaps skipped, and the
 * buffers freed.  d may be used again after (a new connection). */
void nc_reasm_flush(struct nc_reasm *r, struct nc_reasm_dir *d,
    const struct nc_reasm_out *out);

/* Frees what waits without delivering it. */
void nc_reasm_drop(struct nc_reasm *r, struct nc_reasm_dir *d);

#endif
