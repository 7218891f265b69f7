/* libFuzzer harness for nc-tcp's stream tracker (lib/tcpapp/streams.c):
 * the input is a record stream, its frames fed to the tracker as nc-tcp
 * feeds them; small flow and reassembly caps make eviction and gap skips
 * happen too.  The frames are split here rather than by the stream reader
 * (fuzz_stream's), whose buffers would cost more per input than the
 * tracker; records go to /dev/null. */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "decode/cursor.h"
#include "stream.h"
#include "tcpapp/streams.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nc_writer *w;
	struct nc_streams_opts o = { .flow.max_flows = 16, .conn_max = 4096,
	    .total_max = 16384 };
	struct nc_cur c = nc_cur_make(data, size), f;
	struct nc_streams *s;
	const uint8_t *p;
	uint64_t len, type;
	int fd;

	if (w == NULL && ((fd = open("/dev/null", O_WRONLY)) < 0 ||
	    (w = nc_writer_open(fd)) == NULL))
		abort();
	if ((s = nc_streams_new(&o, w)) == NULL)
		abort();
	while (nc_cur_left(&c) > 0) {
		len = nc_cur_varint(&c);
		if (c.err || len > nc_cur_left(&c))
			break;
		p = nc_cur_bytes(&c, (size_t)len);
		f = nc_cur_make(p, (size_t)len);
		type = nc_cur_varint(&f) >> 3;
		if (f.err)
			continue;
		if (type == 1)
			nc_streams_stream(s, 0);
		else
			nc_streams_frame(s, (int)type, p, (size_t)len);
	}
	nc_streams_flush(s);
	nc_streams_free(s);
	return 0;
}
