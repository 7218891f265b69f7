/* libFuzzer harness for the conversation tracker (lib/flow/tracker.c):
 * the input is a record stream, read as nc-conn reads it, each frame fed
 * to the tracker as nc-conn feeds it; a small flow cap makes eviction
 * happen too.  Connection records go to /dev/null. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "flow/tracker.h"
#include "stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int null = -1;
	struct nc_flow_opts o = { .max_flows = 16 };
	struct nc_writer *w;
	struct nc_tracker *t;
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
	    (t = nc_tracker_new(&o, w)) == NULL)
		abort();
	while (nc_reader_next(r, &f) > 0 && n++ < 100000) {
		if (f.type == 1)
			nc_tracker_stream(t, 0);
		else
			nc_tracker_frame(t, f.type, f.data, f.len);
	}
	nc_tracker_flush(t);
	nc_tracker_free(t);
	nc_writer_close(w);
	nc_reader_close(r);
	return 0;
}
