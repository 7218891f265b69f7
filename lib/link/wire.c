/* Messages inside TLS between nc-send and nc-recv (wire.h). */
#include "wire.h"
#include "stream.h"
#include "decode/cursor.h"

/* A varint of at most max bytes: 1 read, 0 the bytes end first, -1 too
 * long. */
static int
varint(struct nc_cur *c, int max, uint64_t *v)
{
	uint64_t x = 0;
	uint8_t b;
	int i;

	for (i = 0; i < max; i++) {
		if (nc_cur_left(c) == 0)
			return 0;
		b = nc_cur_u8(c);
		x |= (uint64_t)(b & 0x7f) << (7 * i);
		if ((b & 0x80) == 0) {
			*v = x;
			return 1;
		}
	}
	return -1;
}

long
nc_wire_parse(const uint8_t *p, size_t n, size_t cap, struct nc_wire_msg *m,
    const char **why)
{
	struct nc_cur c = nc_cur_make(p, n);
	uint64_t len;
	int r;

	*why = NULL;
	if (n == 0)
		return 0;
	m->kind = nc_cur_u8(&c);
	m->data = NULL;
	m->len = 0;
	switch (m->kind) {
	case NC_WIRE_HELLO:
		if (nc_cur_left(&c) < 9)
			return 0;
		if (nc_cur_u8(&c) != NC_WIRE_VERSION) {
			*why = "hello of an unknown version";
			return -1;
		}
		m->stream = nc_cur_be64(&c);
		break;
	case NC_WIRE_KEEPALIVE:
		break;
	case NC_WIRE_RECORD:
		if ((r = varint(&c, 10, &m->seq)) <= 0 ||
		    (r = varint(&c, 5, &len)) <= 0) {
			if (r < 0)
				*why = "bad varint in a record's header";
			return r;
		}
		if (m->seq == 0) {
			*why = "record of sequence number 0";
			return -1;
		}
		if (len > cap) {
			*why = "record over the stream cap";
			return -1;
		}
		if (nc_cur_left(&c) < len)
			return 0;
		m->len = (size_t)len;
		m->data = nc_cur_bytes(&c, m->len);
		break;
	case NC_WIRE_WELCOME:
	case NC_WIRE_ACK:
		if ((r = varint(&c, 10, &m->seq)) <= 0) {
			if (r < 0)
				*why = "bad varint";
			return r;
		}
		break;
	default:
		*why = "unknown message kind";
		return -1;
	}
	if (c.err) {
		*why = "truncated message";
		return -1;
	}
	return (long)nc_cur_offset(&c, p);
}

size_t
nc_wire_hello(uint8_t *p, uint64_t stream)
{
	int i;

	p[0] = NC_WIRE_HELLO;
	p[1] = NC_WIRE_VERSION;
	for (i = 0; i < 8; i++)
		p[2 + i] = (uint8_t)(stream >> (56 - 8 * i));
	return 10;
}

size_t
nc_wire_record_head(uint8_t *p, uint64_t seq, size_t len)
{
	size_t n = 1;

	p[0] = NC_WIRE_RECORD;
	n += nc_varint_put(p + n, seq);
	n += nc_varint_put(p + n, len);
	return n;
}

size_t
nc_wire_seq(uint8_t *p, int kind, uint64_t seq)
{
	p[0] = (uint8_t)kind;
	return 1 + nc_varint_put(p + 1, seq);
}

int
nc_wire_record_type(const uint8_t *p, size_t n)
{
	struct nc_cur c = nc_cur_make(p, n);
	uint64_t tag, len;

	tag = nc_cur_varint(&c);
	len = nc_cur_varint(&c);
	if (c.err || (tag & 7) != 2 || tag >> 3 == 0 || tag >> 3 > 536870911 ||
	    len != nc_cur_left(&c))
		return -1;
	return (int)(tag >> 3);
}
