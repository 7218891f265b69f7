/* The one bounds-checked cursor every decoder reads packet bytes through.
 *
 * A cursor is a window [p, end) on the packet.  Every helper checks the
 * window before it reads; a read past the end returns zero, reads nothing
 * and sets the sticky err flag, so a decoder can read a whole header and
 * check err once afterwards (tcpdump's GET_ macros work the same way).
 * Nothing else in lib/decode does arithmetic on packet pointers: decoders
 * move through a packet with these helpers only, and a span that
 * nc_cur_bytes or nc_cur_rest hands out is either read through a cursor
 * made on it or walked as an array of exactly the length asked for (text,
 * hashing).  tests/cursor-lint keeps this true. */
#ifndef NC_DECODE_CURSOR_H
#define NC_DECODE_CURSOR_H

#include <stddef.h>
#include <stdint.h>

struct nc_cur {
	const uint8_t *p, *end;
	int err;
};

static inline struct nc_cur
nc_cur_make(const uint8_t *p, size_t n)
{
	struct nc_cur c;

	c.p = p;
	c.end = p != NULL ? p + n : p;
	c.err = 0;
	return c;
}

static inline size_t
nc_cur_left(const struct nc_cur *c)
{
	return (size_t)(c->end - c->p);
}

/* Byte offset of the cursor from base (the start of the frame). */
static inline size_t
nc_cur_offset(const struct nc_cur *c, const uint8_t *base)
{
	return (size_t)(c->p - base);
}

static inline int
nc_cur_need(struct nc_cur *c, size_t n)
{
	if (c->err || n > nc_cur_left(c)) {
		c->err = 1;
		return 0;
	}
	return 1;
}

/* Loads of integers at q, which the caller has checked are in the
 * window: the only place packet bytes are assembled into integers.
 * Written out per width, as compilers merge these into one load and a
 * byte swap but do not always unroll a loop first. */
static inline uint16_t
nc_cur_ld_be16(const uint8_t *q)
{
	return (uint16_t)(q[0] << 8 | q[1]);
}

static inline uint32_t
nc_cur_ld_be24(const uint8_t *q)
{
	return (uint32_t)q[0] << 16 | (uint32_t)q[1] << 8 | q[2];
}

static inline uint32_t
nc_cur_ld_be32(const uint8_t *q)
{
	return (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 |
	    (uint32_t)q[2] << 8 | q[3];
}

static inline uint64_t
nc_cur_ld_be64(const uint8_t *q)
{
	return (uint64_t)nc_cur_ld_be32(q) << 32 | nc_cur_ld_be32(q + 4);
}

static inline uint16_t
nc_cur_ld_le16(const uint8_t *q)
{
	return (uint16_t)(q[1] << 8 | q[0]);
}

static inline uint32_t
nc_cur_ld_le24(const uint8_t *q)
{
	return (uint32_t)q[2] << 16 | (uint32_t)q[1] << 8 | q[0];
}

static inline uint32_t
nc_cur_ld_le32(const uint8_t *q)
{
	return (uint32_t)q[3] << 24 | (uint32_t)q[2] << 16 |
	    (uint32_t)q[1] << 8 | q[0];
}

static inline uint64_t
nc_cur_ld_le64(const uint8_t *q)
{
	return (uint64_t)nc_cur_ld_le32(q + 4) << 32 | nc_cur_ld_le32(q);
}

/* The n bytes at offset off from the cursor, without moving it, or NULL
 * with err set when they are not all in the window. */
static inline const uint8_t *
nc_cur_at(struct nc_cur *c, size_t off, size_t n)
{
	if (c->err || off > nc_cur_left(c) || n > nc_cur_left(c) - off) {
		c->err = 1;
		return NULL;
	}
	return c->p + off;
}

static inline uint8_t
nc_cur_u8(struct nc_cur *c)
{
	if (!nc_cur_need(c, 1))
		return 0;
	return *c->p++;
}

/* A protobuf base-128 varint of at most 10 bytes; 0 and err on a short
 * or an overlong one.  The window is checked once for the bytes the
 * varint may take, not before each byte: this runs for every key and
 * every number of a record that is scanned in place. */
static inline uint64_t
nc_cur_varint(struct nc_cur *c)
{
	uint64_t v;
	size_t i, n;
	uint8_t b;

	if (c->err || c->p == c->end) {
		c->err = 1;
		return 0;
	}
	/* One byte: field keys below 16 and small numbers. */
	if ((b = c->p[0]) < 0x80) {
		c->p++;
		return b;
	}
	n = nc_cur_left(c) < 10 ? nc_cur_left(c) : 10;
	v = b & 0x7f;
	for (i = 1; i < n; i++) {
		b = c->p[i];
		v |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80)) {
			c->p += i + 1;
			return v;
		}
	}
	c->err = 1;
	return 0;
}

/* Reads of an integer that step over it; 0 and err past the end. */
#define NC_CUR_READ(name, type, n)					\
static inline type							\
nc_cur_##name(struct nc_cur *c)						\
{									\
	type v;								\
									\
	if (!nc_cur_need(c, n))						\
		return 0;						\
	v = nc_cur_ld_##name(c->p);					\
	c->p += n;							\
	return v;							\
}

NC_CUR_READ(be16, uint16_t, 2)
NC_CUR_READ(be24, uint32_t, 3)
NC_CUR_READ(be32, uint32_t, 4)
NC_CUR_READ(be64, uint64_t, 8)
NC_CUR_READ(le16, uint16_t, 2)
NC_CUR_READ(le24, uint32_t, 3)
NC_CUR_READ(le32, uint32_t, 4)
NC_CUR_READ(le64, uint64_t, 8)

/* Returns a pointer to the next n bytes and steps over them, or NULL. */
static inline const uint8_t *
nc_cur_bytes(struct nc_cur *c, size_t n)
{
	const uint8_t *q;

	if (!nc_cur_need(c, n))
		return NULL;
	q = c->p;
	c->p += n;
	return q;
}

static inline void
nc_cur_skip(struct nc_cur *c, size_t n)
{
	if (nc_cur_need(c, n))
		c->p += n;
}

/* Peeks: the byte or integer at offset off from the cursor, without
 * moving it; 0 and err when it is not all in the window. */
static inline uint8_t
nc_cur_peek(struct nc_cur *c, size_t off)
{
	const uint8_t *q = nc_cur_at(c, off, 1);

	return q != NULL ? q[0] : 0;
}

#define NC_CUR_PEEK(name, type, n)					\
static inline type							\
nc_cur_peek_##name(struct nc_cur *c, size_t off)			\
{									\
	const uint8_t *q = nc_cur_at(c, off, n);			\
									\
	return q != NULL ? nc_cur_ld_##name(q) : 0;			\
}

NC_CUR_PEEK(be16, uint16_t, 2)
NC_CUR_PEEK(be24, uint32_t, 3)
NC_CUR_PEEK(be32, uint32_t, 4)
NC_CUR_PEEK(be64, uint64_t, 8)
NC_CUR_PEEK(le16, uint16_t, 2)
NC_CUR_PEEK(le24, uint32_t, 3)
NC_CUR_PEEK(le32, uint32_t, 4)
NC_CUR_PEEK(le64, uint64_t, 8)

/* Steps over whatever is left: the rest belongs to this layer and is not
 * decoded further.  Reads nothing, so it never sets err. */
static inline void
nc_cur_skip_rest(struct nc_cur *c)
{
	c->p = c->end;
}

/* A saved position to come back to with nc_cur_rewind, for a field that
 * is only understood once the bytes after it have been looked at. */
struct nc_cur_mark {
	const uint8_t *p;
};

static inline struct nc_cur_mark
nc_cur_mark(const struct nc_cur *c)
{
	struct nc_cur_mark m;

	m.p = c->p;
	return m;
}

/* Goes back to m.  A mark ahead of the cursor is not one of its past
 * positions and only sets err; err stays set either way, as it is sticky
 * (to try a parse and back out of it, read from a copy of the cursor). */
static inline void
nc_cur_rewind(struct nc_cur *c, struct nc_cur_mark m)
{
	if (m.p == NULL || m.p > c->p) {
		c->err = 1;
		return;
	}
	c->p = m.p;
}

/* Splits off the next n bytes as their own window and steps over them in
 * c.  n is a declared length: if fewer bytes are left, the result is empty
 * with err set and c is marked too. */
static inline struct nc_cur
nc_cur_sub(struct nc_cur *c, size_t n)
{
	struct nc_cur s;

	if (!nc_cur_need(c, n)) {
		s = nc_cur_make(c->p, 0);
		s.err = 1;
		return s;
	}
	s = nc_cur_make(c->p, n);
	c->p += n;
	return s;
}

/* Narrows the window to at most n more bytes: a layer's declared length
 * ends the window early (Ethernet padding is not payload), while a capture
 * cut short by the snap length keeps what there is. */
static inline void
nc_cur_limit(struct nc_cur *c, size_t n)
{
	if (n < nc_cur_left(c))
		c->end = c->p + n;
}

/* A fresh cursor on what is left of c, err clear; c does not move. */
static inline struct nc_cur
nc_cur_remain(const struct nc_cur *c)
{
	return nc_cur_make(c->p, nc_cur_left(c));
}

/* A cursor on the last n bytes of c's window (a trailer such as an FCS);
 * c does not move.  Fewer than n left: empty, with err set in both. */
static inline struct nc_cur
nc_cur_tail(struct nc_cur *c, size_t n)
{
	struct nc_cur t;

	if (!nc_cur_need(c, n)) {
		t = nc_cur_make(c->p, 0);
		t.err = 1;
		return t;
	}
	return nc_cur_make(c->end - n, n);
}

/* The window as (pointer, length), for fields that point into the packet. */
static inline const uint8_t *
nc_cur_rest(const struct nc_cur *c, size_t *n)
{
	*n = nc_cur_left(c);
	return c->p;
}

#endif
