/* Unit tests for lib/decode/cursor.h: every read checks the window first,
 * errors are sticky, sub-cursors and limits never widen the window.  Each
 * integer read and peek is tried in range, at the exact end of the
 * window, one byte past it, after an error, and after a rewind. */
#include <stdlib.h>
#include <string.h>

#include "decode/cursor.h"
#include "tap.h"

static const uint8_t bytes[] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
};
#define NB sizeof bytes

/* The expected value of the w bytes of bytes[] at off. */
static uint64_t
want(size_t off, size_t w, int big)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < w; i++)
		v = v << 8 | bytes[big ? off + i : off + w - 1 - i];
	return v;
}

typedef uint64_t (*readfn)(struct nc_cur *);
typedef uint64_t (*peekfn)(struct nc_cur *, size_t);

/* Each read and peek as a function of one type, for the table. */
#define READ(name)							\
static uint64_t								\
rd_##name(struct nc_cur *c)						\
{									\
	return nc_cur_##name(c);					\
}									\
static uint64_t								\
pk_##name(struct nc_cur *c, size_t off)					\
{									\
	return nc_cur_peek_##name(c, off);				\
}

READ(be16)
READ(be24)
READ(be32)
READ(be64)
READ(le16)
READ(le24)
READ(le32)
READ(le64)

static const struct {
	const char *name;
	size_t w;
	int big;
	readfn rd;
	peekfn pk;
} reads[] = {
	{ "be16", 2, 1, rd_be16, pk_be16 }, { "be24", 3, 1, rd_be24, pk_be24 },
	{ "be32", 4, 1, rd_be32, pk_be32 }, { "be64", 8, 1, rd_be64, pk_be64 },
	{ "le16", 2, 0, rd_le16, pk_le16 }, { "le24", 3, 0, rd_le24, pk_le24 },
	{ "le32", 4, 0, rd_le32, pk_le32 }, { "le64", 8, 0, rd_le64, pk_le64 },
};

static void
test_read(const uint8_t *b, size_t i)
{
	const char *name = reads[i].name;
	size_t w = reads[i].w;
	int big = reads[i].big;
	struct nc_cur c;
	struct nc_cur_mark m;

	c = nc_cur_make(b, NB);
	ok(reads[i].rd(&c) == want(0, w, big) && !c.err &&
	    nc_cur_left(&c) == NB - w, "%s: in range, reads and steps", name);
	c = nc_cur_make(b, NB);
	nc_cur_skip(&c, NB - w);
	ok(reads[i].rd(&c) == want(NB - w, w, big) && !c.err &&
	    nc_cur_left(&c) == 0, "%s: the last %zu bytes exactly", name, w);
	c = nc_cur_make(b, NB);
	m = nc_cur_mark(&c);
	nc_cur_skip(&c, NB - w + 1);
	ok(reads[i].rd(&c) == 0 && c.err && nc_cur_left(&c) == w - 1,
	    "%s: one byte short gives 0, err, no move", name);
	ok(reads[i].rd(&c) == 0 && nc_cur_u8(&c) == 0 && c.err,
	    "%s: err is sticky though bytes are left", name);
	nc_cur_rewind(&c, m);
	ok(nc_cur_left(&c) == NB && c.err && reads[i].rd(&c) == 0,
	    "%s: rewind after err moves back, err stays", name);
}

static void
test_peek(const uint8_t *b, size_t i)
{
	const char *name = reads[i].name;
	size_t w = reads[i].w;
	int big = reads[i].big;
	struct nc_cur c;
	struct nc_cur_mark m;

	c = nc_cur_make(b, NB);
	nc_cur_skip(&c, 1);
	ok(reads[i].pk(&c, 0) == want(1, w, big) && !c.err &&
	    nc_cur_left(&c) == NB - 1, "peek_%s: in range, no move", name);
	ok(reads[i].pk(&c, NB - 1 - w) == want(NB - w, w, big) && !c.err &&
	    nc_cur_left(&c) == NB - 1, "peek_%s: at the exact end", name);
	ok(reads[i].pk(&c, NB - w) == 0 && c.err && nc_cur_left(&c) == NB - 1,
	    "peek_%s: one past the end gives 0 and err", name);
	ok(reads[i].pk(&c, 0) == 0 && c.err, "peek_%s: err is sticky", name);
	c = nc_cur_make(b, NB);
	m = nc_cur_mark(&c);
	(void)reads[i].rd(&c);
	ok(reads[i].pk(&c, (size_t)-1) == 0 && c.err,
	    "peek_%s: a huge offset does not wrap around", name);
	nc_cur_rewind(&c, m);
	ok(c.err && reads[i].pk(&c, 0) == 0 && nc_cur_left(&c) == NB,
	    "peek_%s: rewind after err keeps err", name);
}

/* A heap copy of exactly n bytes, so AddressSanitizer sees an over-read. */
static uint8_t *
dup_bytes(const uint8_t *p, size_t n)
{
	uint8_t *q = malloc(n > 0 ? n : 1);

	if (q == NULL)
		abort();
	memcpy(q, p, n);
	return q;
}

/* Varints of one to ten bytes, as protobuf writes them; cut by the end
 * of the window (with more bytes in memory after it) and overlong ones
 * fail with nothing read. */
static void
varints(void)
{
	static const uint8_t v[] = {
		0x05,					/* 5 */
		0xac, 0x02,				/* 300 */
		0xff, 0xff, 0xff, 0xff, 0x0f,		/* 2^32 - 1 */
		0xff, 0xff, 0xff, 0xff, 0xff,		/* 2^64 - 1 */
		0xff, 0xff, 0xff, 0xff, 0x01,
	};
	static const uint8_t longer[] = {
		0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
		0x01,
	};
	struct nc_cur c;
	size_t i;
	int bad = 0;

	c = nc_cur_make(v, sizeof v);
	ok(nc_cur_varint(&c) == 5 && nc_cur_varint(&c) == 300 &&
	    nc_cur_varint(&c) == 0xffffffffu &&
	    nc_cur_varint(&c) == UINT64_MAX && !c.err && nc_cur_left(&c) == 0,
	    "varint: one, two, five and ten bytes");
	ok(nc_cur_varint(&c) == 0 && c.err, "varint: none left");
	/* Every cut of the ten-byte one, the bytes after it in memory. */
	for (i = 0; i < 10; i++) {
		c = nc_cur_make(v + 8, i);
		if (nc_cur_varint(&c) != 0 || !c.err)
			bad++;
	}
	ok(bad == 0, "varint: cut by the end of the window, at every byte");
	c = nc_cur_make(longer, sizeof longer);
	ok(nc_cur_varint(&c) == 0 && c.err, "varint: eleven bytes refused");
	c = nc_cur_make(v + 1, 2);
	c.err = 1;
	ok(nc_cur_varint(&c) == 0 && c.err, "varint: err is sticky");
}

int
main(void)
{
	uint8_t *b = dup_bytes(bytes, sizeof bytes);
	struct nc_cur c, s;
	struct nc_cur_mark m, m2;
	const uint8_t *q;
	size_t n, i;

	c = nc_cur_make(b, sizeof bytes);
	ok(nc_cur_left(&c) == 10, "make: window holds every byte");
	ok(nc_cur_u8(&c) == 0x01 && nc_cur_left(&c) == 9, "u8 reads and steps");
	ok(nc_cur_be16(&c) == 0x0203, "be16 is big-endian");
	ok(nc_cur_be32(&c) == 0x04050607, "be32 is big-endian");
	ok(nc_cur_offset(&c, b) == 7, "offset counts from the base");
	ok(nc_cur_be32(&c) == 0 && c.err, "be32 past the end gives 0 and err");
	ok(nc_cur_left(&c) == 3, "a failed read does not move the cursor");
	ok(nc_cur_u8(&c) == 0 && c.err, "err is sticky: later reads fail too");

	c = nc_cur_make(b, sizeof bytes);
	ok(nc_cur_le32(&c) == 0x04030201, "le32 is little-endian");
	q = nc_cur_bytes(&c, 6);
	ok(q != NULL && q[0] == 0x05 && nc_cur_left(&c) == 0,
	    "bytes returns the span and steps over it");
	ok(nc_cur_bytes(&c, 1) == NULL && c.err, "bytes past the end is NULL");

	c = nc_cur_make(b, sizeof bytes);
	nc_cur_skip(&c, 10);
	ok(!c.err && nc_cur_left(&c) == 0, "skip to exactly the end is fine");
	nc_cur_skip(&c, 1);
	ok(c.err, "skip past the end sets err");

	c = nc_cur_make(b, sizeof bytes);
	ok(nc_cur_peek(&c, 9) == 0x0a && !c.err && nc_cur_left(&c) == 10,
	    "peek reads without moving");
	ok(nc_cur_peek(&c, 10) == 0 && c.err, "peek past the end sets err");

	c = nc_cur_make(b, sizeof bytes);
	nc_cur_skip(&c, 2);
	s = nc_cur_sub(&c, 4);
	ok(!c.err && !s.err && nc_cur_left(&s) == 4 && nc_cur_left(&c) == 4,
	    "sub splits off a window and steps over it");
	ok(nc_cur_be32(&s) == 0x03040506 && nc_cur_u8(&s) == 0 && s.err &&
	    !c.err, "a sub-cursor cannot read past its own end");
	ok(nc_cur_u8(&c) == 0x07, "the parent continues after the sub-window");
	s = nc_cur_sub(&c, 4);
	ok(s.err && c.err && nc_cur_left(&s) == 0,
	    "sub longer than what is left fails in both cursors");

	c = nc_cur_make(b, sizeof bytes);
	nc_cur_limit(&c, 3);
	ok(nc_cur_left(&c) == 3, "limit narrows to a shorter declared length");
	nc_cur_limit(&c, 100);
	ok(nc_cur_left(&c) == 3, "limit never widens the window");
	q = nc_cur_rest(&c, &n);
	ok(q == b && n == 3, "rest is the remaining window");
	nc_cur_skip(&c, 3);
	ok(nc_cur_be16(&c) == 0 && c.err, "reads stop at the limit");

	c = nc_cur_make(NULL, 0);
	ok(nc_cur_left(&c) == 0 && nc_cur_u8(&c) == 0 && c.err,
	    "an empty window fails every read");

	for (i = 0; i < sizeof reads / sizeof reads[0]; i++) {
		test_read(b, i);
		test_peek(b, i);
	}

	c = nc_cur_make(b, NB);
	nc_cur_skip(&c, 2);
	q = nc_cur_at(&c, 3, 5);
	ok(q == b + 5 && !c.err && nc_cur_left(&c) == 8,
	    "at: the bytes at an offset, no move");
	ok(nc_cur_at(&c, 8, 0) != NULL && !c.err, "at: empty span at the end");
	ok(nc_cur_at(&c, 3, 6) == NULL && c.err, "at: one past the end fails");
	c = nc_cur_make(b, NB);
	ok(nc_cur_at(&c, 1, (size_t)-1) == NULL && c.err,
	    "at: a huge length does not wrap around");

	c = nc_cur_make(b, NB);
	nc_cur_skip(&c, 3);
	nc_cur_skip_rest(&c);
	ok(nc_cur_left(&c) == 0 && !c.err, "skip_rest: steps to the end");
	nc_cur_skip_rest(&c);
	ok(nc_cur_left(&c) == 0 && !c.err, "skip_rest: at the end is fine");
	(void)nc_cur_u8(&c);
	nc_cur_skip_rest(&c);
	ok(c.err, "skip_rest: err stays set");

	c = nc_cur_make(b, NB);
	nc_cur_skip(&c, 2);
	m = nc_cur_mark(&c);
	nc_cur_skip(&c, 8);
	nc_cur_rewind(&c, m);
	ok(!c.err && nc_cur_left(&c) == 8 && nc_cur_u8(&c) == 0x03,
	    "rewind: back from the exact end to the mark");
	nc_cur_rewind(&c, m);
	nc_cur_rewind(&c, m);
	ok(!c.err && nc_cur_left(&c) == 8, "rewind: to where it is is fine");
	nc_cur_skip(&c, 4);
	m2 = nc_cur_mark(&c);
	nc_cur_rewind(&c, m);
	nc_cur_rewind(&c, m2);
	ok(c.err && nc_cur_left(&c) == 8,
	    "rewind: a mark ahead of the cursor fails and does not move");
	c = nc_cur_make(b, NB);
	m = nc_cur_mark(&c);
	nc_cur_limit(&c, 4);
	nc_cur_skip(&c, 4);
	nc_cur_rewind(&c, m);
	ok(!c.err && nc_cur_left(&c) == 4,
	    "rewind: the window end set by limit stays");

	c = nc_cur_make(b, NB);
	nc_cur_skip(&c, 4);
	(void)nc_cur_bytes(&c, 7);
	s = nc_cur_remain(&c);
	ok(c.err && !s.err && nc_cur_left(&s) == 6 && nc_cur_u8(&s) == 0x05 &&
	    nc_cur_left(&c) == 6, "remain: what is left, err clear, no move");
	nc_cur_skip_rest(&c);
	s = nc_cur_remain(&c);
	ok(!s.err && nc_cur_left(&s) == 0 && nc_cur_u8(&s) == 0 && s.err,
	    "remain: at the end, an empty window");

	c = nc_cur_make(b, NB);
	nc_cur_skip(&c, 2);
	s = nc_cur_tail(&c, 4);
	ok(!s.err && !c.err && nc_cur_left(&c) == 8 &&
	    nc_cur_le32(&s) == 0x0a090807 && nc_cur_left(&s) == 0,
	    "tail: the last bytes, no move");
	s = nc_cur_tail(&c, 8);
	ok(!s.err && nc_cur_left(&s) == 8 && nc_cur_u8(&s) == 0x03,
	    "tail: the whole window exactly");
	s = nc_cur_tail(&c, 9);
	ok(s.err && c.err && nc_cur_left(&s) == 0 && nc_cur_left(&c) == 8,
	    "tail: one more than is left fails in both");
	s = nc_cur_tail(&c, 1);
	ok(s.err && nc_cur_left(&s) == 0, "tail: err is sticky");

	varints();
	free(b);
	return tap_done();
}
