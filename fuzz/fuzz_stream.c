/* libFuzzer harness for the record-stream reader: framing, decompression
 * (gzip, zstd and xz members, one after another in any mix, plain frames
 * among them) and unpacking of arbitrary bytes must end in a frame or a
 * clean error.  The seeds hold a Header in each form and all of them
 * concatenated. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nc_reader *r;
	struct nc_frame f;
	int fd, n = 0;

	fd = memfd_create("fuzz", 0);
	if (fd < 0)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	lseek(fd, 0, SEEK_SET);
	r = nc_reader_fdopen(fd, "fuzz");
	if (r == NULL)
		abort();
	while (nc_reader_next(r, &f) == 1 && n++ < 10000)
		(void)nc_reader_unpack(r, &f);
	nc_reader_close(r);
	return 0;
}
