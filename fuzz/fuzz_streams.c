/* libFuzzer harness for nc-tcp's stream tracker (lib/tcpapp/streams.c):
 * the input is a record stream, read as nc-tcp reads it, each frame fed to
 * the tracker; small flow and reassembly caps make eviction and gap skips
 * happen too.  Records go to /dev/null. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "stream.h"
#include "tcpapp/streams.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int null = -1;
	struct nc_streams_opts o = { .flow.max_flows = 16, .conn_max = 4096,
	    .total_max = 16384 };
	struct nc_streams *s;
	struct nc_writer *w;
	struct nc_reader *r;
	struct nc_frame f;
	int fd, n = 0;

	if (null < 0 && (null = open("/dev/null", O_WRONLY)) < 0)
		abort();
	if ((fd = memfd_create("fuzz", 0)) < 0)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	lseek(fd, 0, SEEK_SET);
	if ((r = nc_reader_fdopen(fd, "fuzz")) == NULL)
		abort();
	if ((w = nc_writer_open(null)) == NULL ||
	    (s = nc_streams_new(&o, w)) == NULL)
		abort();
	while (nc_reader_next(r, &f) > 0 && n++ < 100000) {
		if (f.type == 1)
			nc_streams_stream(s, 0);
		else
			nc_streams_frame(s, f.type, f.data, f.len);
	}
	nc_streams_flush(s);
	nc_streams_free(s);
	nc_writer_close(w);
	nc_reader_close(r);
	return 0;
}
