/* Building packets byte by byte for the decoder unit tests: one buffer
 * larger than any IP datagram, appended to in network or little-endian
 * order, or patched where already written.  static inline, so a test
 * file that uses only some of these gets no unused-function warnings. */
#ifndef NC_TEST_PKT_H
#define NC_TEST_PKT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
	if (n == 0)		/* d may be NULL */
		return;
	memcpy(p->b + p->n, d, n);
	p->n += n;
}

static inline void
fill(struct pkt *p, unsigned v, size_t n)
{
	memset(p->b + p->n, (int)v, n);
	p->n += n;
}

static inline void
le64(struct pkt *p, uint64_t v)
{
	le32(p, (uint32_t)v);
	le32(p, (uint32_t)(v >> 32));
}

static inline void
str(struct pkt *p, const char *s)
{
	raw(p, s, strlen(s));
}

/* Overwrites two bytes already written, at offset at. */
static inline void
set16(struct pkt *p, size_t at, unsigned v)
{
	p->b[at] = (uint8_t)(v >> 8);
	p->b[at + 1] = (uint8_t)v;
}

static inline void
setle16(struct pkt *p, size_t at, unsigned v)
{
	p->b[at] = (uint8_t)v;
	p->b[at + 1] = (uint8_t)(v >> 8);
}

/* Hex digits ("0a1b...") to bytes; returns how many. */
static inline size_t
unhex(const char *h, uint8_t *out)
{
	size_t n = 0;
	unsigned v;

	for (; h[0] != '\0' && h[1] != '\0'; h += 2) {
		if (sscanf(h, "%2x", &v) != 1)
			abort();
		out[n++] = (uint8_t)v;
	}
	return n;
}

#endif
