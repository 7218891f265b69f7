/* What the stream parser harnesses share: the input cut into calls of a
 * parser, and a put() that packs each record (so that every pointer in it
 * is read). */
#ifndef NC_FUZZ_TCPAPP_H
#define NC_FUZZ_TCPAPP_H

#include <stdint.h>
#include <stdlib.h>

#include "tcpapp/tcpapp.h"

static int
fuzz_put(void *arg, int type, const ProtobufCMessage *m)
{
	static uint8_t buf[1 << 20];
	size_t n = protobuf_c_message_get_packed_size(m);

	(void)arg;
	(void)type;
	if (n > sizeof buf)
		abort();
	protobuf_c_message_pack(m, buf);
	return 0;
}

/* The announced connections a harness lets the parser add to (FTP's). */
static struct nc_expect *fuzz_expect;

/* Input: records of a control byte (bit 0: the direction; bit 1: a gap
 * instead of bytes; bit 2: the originator's port is the server's), a
 * length byte, and that many bytes. */
static void
fuzz_tcpapp(const struct nc_tcpapp *a, void *shared, const uint8_t *data,
    size_t size)
{
	struct nc_tcpapp_conn conn = {
		.flow = 1, .alen = 4,
		.ip = { { 10, 0, 0, 1 }, { 10, 0, 0, 2 } },
		.port = { 40000, 53 },
	};
	struct nc_tcpapp_stats st = { 0 };
	/* A small cap on decoded bodies, so that a bomb is cut quickly. */
	static const struct nc_tcpapp_opts o = { .body_max = 1 << 16 };
	struct nc_tcpapp_ctx c = {
		.conn = &conn, .ts = 1, .packet = 1, .put = fuzz_put,
		.stats = &st, .shared = shared, .opts = &o,
		.expect = fuzz_expect,
	};
	size_t i = 0, n;
	uint8_t ctl;
	void *s;

	if (size > 0 && (data[0] & 4))
		conn.port[0] = 53, conn.port[1] = 40000;
	if ((s = a->open(&c)) == NULL)
		return;
	while (i + 2 <= size) {
		ctl = data[i];
		n = data[i + 1];
		i += 2;
		if (n > size - i)
			n = size - i;
		c.packet++;
		if (ctl & 2) {
			if (a->gap(s, ctl & 1, n + 1, &c) == NC_TCPAPP_DONE)
				break;
			continue;
		}
		if (a->data(s, ctl & 1, data + i, n, &c) == NC_TCPAPP_DONE)
			break;
		i += n;
	}
	a->close(s, &c);
}

#endif
