/* The one bounds-checked cursor every decoder reads packet bytes through.
 *
 * A cursor is a window [p, end) on the packet.  Every helper checks the
 * window before it reads; a read past the end returns zero, reads nothing
 * and sets the sticky err flag, so a decoder can read a whole header and
 * check err once afterwards (tcpdump's GET_ macros work the same way).
 * Nothing else in lib/decode does arithmetic on packet pointers. */
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

static inline uint8_t
nc_cur_u8(struct nc_cur *c)
{
	if (!nc_cur_need(c, 1))
		return 0;
	return *c->p++;
}

static inline uint16_t
nc_cur_be16(struct nc_cur *c)
{
	uint16_t v;

	if (!nc_cur_need(c, 2))
		return 0;
	v = (uint16_t)(c->p[0] << 8 | c->p[1]);
	c->p += 2;
	return v;
}

static inline uint32_t
nc_cur_be32(struct nc_cur *c)
{
	uint32_t v;

	if (!nc_cur_need(c, 4))
		return 0;
	v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 |
	    (uint32_t)c->p[2] << 8 | c->p[3];
	c->p += 4;
	return v;
}

static inline uint32_t
nc_cur_le32(struct nc_cur *c)
{
	uint32_t v;

	if (!nc_cur_need(c, 4))
		return 0;
	v = (uint32_t)c->p[3] << 24 | (uint32_t)c->p[2] << 16 |
	    (uint32_t)c->p[1] << 8 | c->p[0];
	c->p += 4;
	return v;
}

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

/* The byte at offset off from the cursor, without moving it. */
static inline uint8_t
nc_cur_peek(struct nc_cur *c, size_t off)
{
	if (c->err || off >= nc_cur_left(c)) {
		c->err = 1;
		return 0;
	}
	return c->p[off];
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

/* The window as (pointer, length), for fields that point into the packet. */
static inline const uint8_t *
nc_cur_rest(const struct nc_cur *c, size_t *n)
{
	*n = nc_cur_left(c);
	return c->p;
}

#endif
