/* Unit tests for lib/decode/cursor.h: every read checks the window first,
 * errors are sticky, sub-cursors and limits never widen the window. */
#include <stdlib.h>
#include <string.h>

#include "decode/cursor.h"
#include "tap.h"

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

int
main(void)
{
	static const uint8_t bytes[] = {
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
	};
	uint8_t *b = dup_bytes(bytes, sizeof bytes);
	struct nc_cur c, s;
	const uint8_t *q;
	size_t n;

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

	free(b);
	return tap_done();
}
