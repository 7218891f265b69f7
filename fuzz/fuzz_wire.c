/* libFuzzer harness for the messages inside nc-send's TLS (lib/link/
 * wire.c): any bytes as what a peer sends, parsed message by message as
 * the collector does, each record's envelope checked.  A record's bytes
 * must lie inside the input and within the cap. */
#include <stdint.h>
#include <stdlib.h>

#include "link/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nc_wire_msg m;
	const char *why;
	size_t off = 0, cap = 4096;
	long n;

	while ((n = nc_wire_parse(data + off, size - off, cap, &m, &why)) > 0) {
		if ((size_t)n > size - off)
			abort();
		if (m.kind == NC_WIRE_RECORD) {
			if (m.len > cap || m.data < data + off ||
			    m.data + m.len > data + off + (size_t)n)
				abort();
			(void)nc_wire_record_type(m.data, m.len);
		}
		off += (size_t)n;
	}
	if (n < 0 && why == NULL)
		abort();
	return 0;
}
