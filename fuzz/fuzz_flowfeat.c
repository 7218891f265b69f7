/* libFuzzer harness for nc-flow's flow meter and features
 * (lib/flow/meter.c, flowfeat.c): the input is a record stream, read as
 * nc-flow reads it, each frame fed to the meter as nc-flow feeds it.  A
 * small flow cap, short timeouts and a short SPLT make eviction, both
 * timeouts, the ended-flow marks and a full SPLT happen on small inputs.
 * Flow records go to /dev/null. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "flow/meter.h"
#include "stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int null = -1;
	struct nc_flowmeter_opts o = {
		.idle = 2000000000LL, .active = 10000000000LL,
		.splt = 3, .splt_set = 1, .max_flows = 16,
	};
	struct nc_flowmeter *m;
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
	    (m = nc_flowmeter_new(&o, w)) == NULL)
		abort();
	while (nc_reader_next(r, &f) > 0 && n++ < 100000) {
		if (f.type == 1)
			nc_flowmeter_stream(m, 0);
		else
			nc_flowmeter_frame(m, f.type, f.data, f.len);
	}
	nc_flowmeter_flush(m);
	nc_flowmeter_free(m);
	nc_writer_close(w);
	nc_reader_close(r);
	return 0;
}
