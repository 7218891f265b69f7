/* Building packets byte by byte for the decoder unit tests: one buffer
 * larger than any IP datagram, appended to in network or little-endian
 * order.  static inline, so a test file that uses only some of these gets
 * no unused-function warnings. */
#ifndef NC_TEST_PKT_H
#define NC_TEST_PKT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct pkt {
	uint8_t b[70000];
	size_t n;
};

static inline void
u8(struct pkt *p, unsigned v)
{
	p->b[p->n++] = (uint8_t)v;
}

static inline void
be16(struct pkt *p, unsigned v)
{
	u8(p, v >> 8);
	u8(p, v);
}

static inline void
be24(struct pkt *p, uint32_t v)
{
	u8(p, v >> 16);
	be16(p, v & 0xffff);
}

static inline void
be32(struct pkt *p, uint32_t v)
{
	be16(p, v >> 16);
	be16(p, v & 0xffff);
}

static inline void
le16(struct pkt *p, unsigned v)
{
	u8(p, v);
	u8(p, v >> 8);
}

static inline void
le32(struct pkt *p, uint32_t v)
{
	le16(p, v & 0xffff);
	le16(p, v >> 16);
}

static inline void
raw(struct pkt *p, const void *d, size_t n)
{
	memcpy(p->b + p->n, d, n);
	p->n += n;
}

static inline void
fill(struct pkt *p, unsigned v, size_t n)
{
	memset(p->b + p->n, (int)v, n);
	p->n += n;
}

#endif
