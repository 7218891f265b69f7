/* libFuzzer harness for the TLS stream parser of nc-tcp
 * (lib/tcpapp/tls.c) on one connection.  Input: chunks of a control byte
 * (bit 0 the direction, bit 1 a gap instead of bytes) and a length byte,
 * then that many bytes of the direction's stream, each handed over from a
 * copy of exactly its size.  Records are packed, as nc-tcp packs them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netcap.pb-c.h"
#include "tcpapp/tcpapp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
put(void *arg, int type, const ProtobufCMessage *m)
{
	static uint8_t buf[1 << 20];

	(void)arg;
	(void)type;
	if (protobuf_c_message_get_packed_size(m) > sizeof buf)
		abort();
	protobuf_c_message_pack(m, buf);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct nc_tcpapp_conn conn = {
		1, 4, { { 10, 0, 0, 1 }, { 10, 0, 0, 2 } }, { 40000, 443 }, 0,
	};
	const struct nc_tcpapp *t = &nc_tcpapp_tls;
	struct nc_tcpapp_stats st = { 0, 0, 0 };
	struct nc_tcpapp_ctx c = { &conn, 0, 0, put, NULL, &st, NULL, NULL,
	    NULL };
	size_t i = 0, n;
	uint8_t *copy;
	void *s;
	int r = 0;

	static void *shared;		/* once per program, as in nc-tcp */

	if (shared == NULL && (shared = t->init()) == NULL)
		abort();
	c.shared = shared;
	s = t->open(&c);
	if (s == NULL)
		abort();
	while (i + 2 <= size && r != NC_TCPAPP_DONE) {
		unsigned ctl = data[i], dir = ctl & 1;

		n = data[i + 1];
		i += 2;
		if (n > size - i)
			n = size - i;
		c.packet++;
		if (ctl & 2) {
			r = t->gap(s, (int)dir, n, &c);
			continue;
		}
		(void)t->probe((int)dir, data + i, n);
		copy = malloc(n + 1);
		if (copy == NULL)
			break;
		memcpy(copy, data + i, n);
		r = t->data(s, (int)dir, copy, n, &c);
		free(copy);
		i += n;
		if (r < 0)
			abort();
	}
	t->close(s, &c);
	return 0;
}
