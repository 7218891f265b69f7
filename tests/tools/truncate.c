/* truncate: reads every prefix of a record stream, as is and compressed
 * with gzip, zstd and xz, through the reader and the three renderers the
 * sinks use, in one process, so that a truncation at every offset costs
 * no process start (tests/bats/hostile.bats runs it, also under ASan).
 *
 *	truncate FILE
 *
 * A prefix must end cleanly exactly where a frame ends (or, compressed,
 * only when whole; an empty prefix is an empty stream), and otherwise stop with one error that names the
 * input and a byte offset no later than the cut, after every whole frame
 * before the cut was read.  Prints one line of counts; exit 1 if any
 * prefix broke the rules. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "registry.h"
#include "render.h"
#include "stream.h"
#include "walk.h"

static char path[] = "/tmp/nc-truncate.XXXXXX";
static int fd = -1;
static size_t prefixes, errors, renders, broken;
static struct nc_buf line;

/* Reads the first len bytes of the file; returns the reader's status
 * and the frames it read. */
static int
read_prefix(size_t len, size_t *frames, char *err, size_t errlen)
{
	struct nc_reader *r;
	struct nc_frame f;
	struct nc_cols cols;
	const struct nc_type *t;
	ProtobufCMessage *m;
	int d, rc;

	if (ftruncate(fd, (off_t)len) < 0 || (d = dup(fd)) < 0 ||
	    lseek(d, 0, SEEK_SET) < 0 || (r = nc_reader_fdopen(d, "cut")) ==
	    NULL) {
		perror("truncate");
		exit(2);
	}
	*frames = 0;
	err[0] = '\0';
	while ((rc = nc_reader_next(r, &f)) == 1) {
		(*frames)++;
		if ((t = nc_type_by_id(f.type)) == NULL ||
		    (m = nc_reader_unpack(r, &f)) == NULL) {
			if (nc_reader_error(r) != NULL) {
				rc = -1;
				break;
			}
			continue;
		}
		line.len = 0;
		nc_walk_json(m, t->name, NC_TIME_EPOCH, &line);
		nc_walk_summary(m, t->name, NC_TIME_ISO, &line);
		nc_cols_all(t->desc, &cols);
		nc_walk_csv(m, &cols, NC_TIME_EPOCH, &line);
		nc_cols_free(&cols);
		renders += 3;
	}
	if (rc < 0)
		snprintf(err, errlen, "%s", nc_reader_error(r) ?
		    nc_reader_error(r) : "(no message)");
	nc_reader_close(r);
	return rc;
}

/* Every prefix of data[0, n); ends[] holds the offsets where frames end
 * (NULL for compressed data, which ends cleanly only when whole). */
static void
cut_all(const char *what, const uint8_t *data, size_t n, const size_t *ends,
    size_t nends)
{
	char err[600];
	size_t len, frames, whole, k;
	unsigned long long at;
	int rc, bad;

	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, n, 0) != (ssize_t)n) {
		perror("truncate");
		exit(2);
	}
	/* Longest first: shortening the file keeps the prefix's bytes. */
	for (len = n + 1; len-- > 0;) {
		prefixes++;
		rc = read_prefix(len, &frames, err, sizeof err);
		whole = 0;
		for (k = 0; ends != NULL && k < nends && ends[k] <= len; k++)
			whole++;
		if (ends == NULL)
			whole = len == n ? nends : frames;
		bad = 0;
		if (rc == 0 && len == 0) {
			/* Nothing at all is an empty stream. */
			bad = frames != 0;
		} else if (rc == 0) {
			bad = ends != NULL ? (k == 0 || ends[k - 1] != len) :
			    len != n;
			bad |= frames != whole;
		} else {
			errors++;
			bad = sscanf(err, "cut: byte %llu: ", &at) != 1 ||
			    (ends != NULL && (at > len || frames != whole));
		}
		if (bad && broken++ < 10)
			printf("%s: cut at %zu of %zu: status %d after %zu "
			    "frames (%zu whole): %s\n", what, len, n, rc, frames,
			    whole, err);
	}
}

int
main(int argc, char *argv[])
{
	uint8_t *data, *z;
	size_t n, cap = 1 << 16, zn, zcap, ends[4096], nends = 0, off;
	uint64_t flen;
	int in, shift, i;
	ssize_t k;
	z_stream zs;

	if (argc != 2) {
		fprintf(stderr, "usage: truncate FILE\n");
		return 2;
	}
	if ((in = open(argv[1], O_RDONLY)) < 0 || (data = malloc(cap)) == NULL) {
		perror(argv[1]);
		return 2;
	}
	for (n = 0; (k = read(in, data + n, cap - n)) > 0;)
		if ((n += (size_t)k) == cap && (data = realloc(data, cap *= 2))
		    == NULL)
			return 2;
	close(in);
	/* Where each frame ends: its varint length, then that many bytes. */
	for (off = 0; off < n && nends < 4096; off += (size_t)flen) {
		for (flen = 0, shift = 0, i = 0; off < n && i < 5; i++, off++,
		    shift += 7) {
			flen |= (uint64_t)(data[off] & 0x7f) << shift;
			if ((data[off] & 0x80) == 0) {
				off++;
				break;
			}
		}
		ends[nends++] = off + (size_t)flen;
	}
	if ((fd = mkstemp(path)) < 0) {
		perror(path);
		return 2;
	}
	unlink(path);
	cut_all("raw", data, n, ends, nends);

	zn = compressBound((uLong)n) + 64;
	if (zn < ZSTD_compressBound(n))
		zn = ZSTD_compressBound(n);
	if (zn < lzma_stream_buffer_bound(n))
		zn = lzma_stream_buffer_bound(n);
	zcap = zn;
	z = malloc(zn);
	memset(&zs, 0, sizeof zs);
	if (z == NULL || deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return 2;
	zs.next_in = data;
	zs.avail_in = (uInt)n;
	zs.next_out = z;
	zs.avail_out = (uInt)zn;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
		return 2;
	cut_all("gzip", z, zs.total_out, NULL, nends);
	deflateEnd(&zs);
	zn = ZSTD_compress(z, zn, data, n, 3);
	if (ZSTD_isError(zn))
		return 2;
	cut_all("zstd", z, zn, NULL, nends);
	zn = 0;
	if (lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, data, n, z, &zn,
	    zcap) != LZMA_OK)
		return 2;
	cut_all("xz", z, zn, NULL, nends);

	printf("%zu prefixes, %zu stopped with an error, %zu renders, "
	    "%zu broke the rules\n", prefixes, errors, renders, broken);
	nc_buf_free(&line);
	free(z);
	free(data);
	close(fd);
	return broken != 0;
}
