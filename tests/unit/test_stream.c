/* Unit tests for lib/stream.c: framing, pass-through, compression and every
 * way a stream can be damaged. */
#define _GNU_SOURCE		/* F_GETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "registry.h"
#include "stream.h"
#include "unpack.h"
#include "walk.h"
#include "netcap.pb-c.h"
#include "tap.h"

static char tmpl[] = "/tmp/nc-test-stream.XXXXXX";
static char path[sizeof tmpl];

static void
put_file(const void *p, size_t n)
{
	int fd;

	memcpy(path, tmpl, sizeof tmpl);
	fd = mkstemp(path);
	if (fd < 0 || write(fd, p, n) != (ssize_t)n)
		abort();
	close(fd);
}

/* Writes a Header, then count TCP records with src_port = 1000 + i. */
static size_t
make_stream(uint8_t **out, int count, size_t payload)
{
	Netcap__Header h = NETCAP__HEADER__INIT;
	Netcap__TCP t = NETCAP__TCP__INIT;
	struct nc_writer *w;
	uint8_t *pl = calloc(1, payload + 1);
	int fd[2], i;
	size_t cap = 1 << 16, len = 0;
	ssize_t k;
	char src[] = "test";

	h.version = NC_FORMAT_VERSION;
	h.source = src;
	if (pipe(fd) < 0 || pl == NULL)
		abort();
	*out = malloc(cap);
	if (fork() == 0) {
		close(fd[0]);
		w = nc_writer_open(fd[1]);
		nc_writer_put(w, NETCAP__RECORD__RECORD_HEADER, &h.base);
		for (i = 0; i < count; i++) {
			t.packet = (uint64_t)i + 1;
			t.src_port = 1000 + (uint32_t)i;
			t.payload.data = pl;
			t.payload.len = payload;
			if (nc_writer_put(w, NETCAP__RECORD__RECORD_TCP, &t.base) < 0)
				_exit(1);
		}
		_exit(nc_writer_close(w) < 0);
	}
	close(fd[1]);
	while ((k = read(fd[0], *out + len, cap - len)) > 0) {
		len += (size_t)k;
		if (len == cap)
			*out = realloc(*out, cap *= 2);
	}
	close(fd[0]);
	free(pl);
	return len;
}

/* Reads path to the end; returns frames read, sets *err to the error. */
static int
read_all(const char **err, int *last_port)
{
	static char ebuf[600];
	struct nc_reader *r = nc_reader_open(path);
	struct nc_frame f;
	int n = 0, rc;

	*err = NULL;
	while ((rc = nc_reader_next(r, &f)) == 1) {
		n++;
		if (f.type == NETCAP__RECORD__RECORD_TCP && last_port != NULL) {
			Netcap__TCP *t = (Netcap__TCP *)nc_reader_unpack(r, &f);

			*last_port = t != NULL ? (int)t->src_port : -1;
		}
	}
	if (rc < 0) {
		snprintf(ebuf, sizeof ebuf, "%s", nc_reader_error(r));
		*err = ebuf;
	}
	nc_reader_close(r);
	unlink(path);
	return n;
}

static int
contains(const char *s, const char *sub)
{
	return s != NULL && strstr(s, sub) != NULL;
}

static void
test_varint(void)
{
	static const uint64_t v[] = { 0, 1, 127, 128, 300, 16383, 16384,
	    (1u << 21) - 1, 1u << 28, 0xffffffffu };
	uint8_t b[10];
	size_t i, bad = 0;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		if (nc_varint_put(b, v[i]) != nc_varint_len(v[i]))
			bad++;
	ok(bad == 0, "varint length agrees with encoder");
	nc_varint_put(b, 300);
	ok(b[0] == 0xac && b[1] == 0x02, "varint 300 encodes as ac 02");
}

static void
test_roundtrip(void)
{
	uint8_t *s;
	size_t n = make_stream(&s, 1000, 10);
	const char *err;
	int port = 0;

	put_file(s, n);
	ok(read_all(&err, &port) == 1001 && err == NULL,
	    "1000 records and a header read back");
	ok(port == 1999, "last record unpacks with its values");
	free(s);
}

static void
test_passthrough(void)
{
	uint8_t *s, *copy = NULL;
	size_t n = make_stream(&s, 50, 3), cn = 0;
	struct nc_reader *r;
	struct nc_writer *w;
	struct nc_frame f;
	char out[] = "/tmp/nc-test-pass.XXXXXX";
	int ofd;

	put_file(s, n);
	ofd = mkstemp(out);
	r = nc_reader_open(path);
	w = nc_writer_open(ofd);
	while (nc_reader_next(r, &f) == 1)
		nc_writer_frame(w, &f);
	nc_writer_close(w);
	nc_reader_close(r);
	cn = (size_t)lseek(ofd, 0, SEEK_END);
	copy = malloc(cn + 1);
	if (pread(ofd, copy, cn, 0) != (ssize_t)cn)
		cn = 0;
	close(ofd);
	ok(cn == n && memcmp(copy, s, n) == 0,
	    "pass-through copies frames byte for byte");
	unlink(out);
	unlink(path);
	free(copy);
	free(s);
}

static void
test_big_frame(void)
{
	uint8_t *s;
	size_t n = make_stream(&s, 3, 3u << 20);
	const char *err;

	put_file(s, n);
	ok(read_all(&err, NULL) == 4 && err == NULL,
	    "frames larger than the read buffer are read");
	free(s);
}

static void
test_concatenated(void)
{
	uint8_t *s, *two;
	size_t n = make_stream(&s, 5, 0);
	const char *err;

	two = malloc(2 * n);
	memcpy(two, s, n);
	memcpy(two + n, s, n);
	put_file(two, 2 * n);
	ok(read_all(&err, NULL) == 12 && err == NULL,
	    "concatenated streams read as one (header mid-stream)");
	free(two);
	free(s);
}

static void
test_gzip(void)
{
	uint8_t *s, *z, *two;
	size_t n = make_stream(&s, 200, 20);
	z_stream zs;
	size_t zn;
	const char *err;

	memset(&zs, 0, sizeof zs);
	deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	zn = deflateBound(&zs, n) + 64;
	z = malloc(zn);
	zs.next_in = s;
	zs.avail_in = (uInt)n;
	zs.next_out = z;
	zs.avail_out = (uInt)zn;
	deflate(&zs, Z_FINISH);
	zn = zs.total_out;
	deflateEnd(&zs);
	put_file(z, zn);
	ok(read_all(&err, NULL) == 201 && err == NULL, "gzip input is read");

	two = malloc(2 * zn);
	memcpy(two, z, zn);
	memcpy(two + zn, z, zn);
	put_file(two, 2 * zn);
	ok(read_all(&err, NULL) == 402 && err == NULL,
	    "concatenated gzip members are read");

	put_file(z, zn / 2);
	read_all(&err, NULL);
	ok(contains(err, "truncated"), "truncated gzip is an error: %s",
	    err ? err : "none");
	free(two);
	free(z);
	free(s);
}

static void
test_zstd(void)
{
	uint8_t *s, *z;
	size_t n = make_stream(&s, 200, 20);
	size_t zn = ZSTD_compressBound(n);
	const char *err;

	z = malloc(zn);
	zn = ZSTD_compress(z, zn, s, n, 3);
	put_file(z, zn);
	ok(read_all(&err, NULL) == 201 && err == NULL, "zstd input is read");
	put_file(z, zn - 3);
	read_all(&err, NULL);
	ok(contains(err, "truncated"), "truncated zstd is an error: %s",
	    err ? err : "none");
	free(z);
	free(s);
}

/* A window over 2^23 bytes, as zstd --long writes, would make the decoder
 * hold that much: refused at once with a hint; 2^23 is read.  zstd fits
 * the window to the input, so the input is over 8 MiB. */
/* Appends s[0, n) compressed as kind says ('p' plain, 'g' gzip, 'z'
 * zstd, 'x' xz) to out at *len. */
static void
append(uint8_t *out, size_t *len, size_t cap, const uint8_t *s, size_t n,
    int kind)
{
	uLongf zn = (uLongf)(cap - *len);
	z_stream zs;
	size_t xn = 0;

	switch (kind) {
	case 'p':
		memcpy(out + *len, s, n);
		*len += n;
		break;
	case 'g':
		memset(&zs, 0, sizeof zs);
		deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
		zs.next_in = (uint8_t *)s;
		zs.avail_in = (uInt)n;
		zs.next_out = out + *len;
		zs.avail_out = (uInt)zn;
		deflate(&zs, Z_FINISH);
		*len += zs.total_out;
		deflateEnd(&zs);
		break;
	case 'z':
		*len += ZSTD_compress(out + *len, cap - *len, s, n, 3);
		break;
	case 'x':
		lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, s, n,
		    out + *len, &xn, cap - *len);
		*len += xn;
		break;
	}
}

/* Streams made of members of every kind, in every order of two, and runs
 * of three: each is read member by member. */
static void
test_xz_and_mixed(void)
{
	static const char *mixes[] = { "x", "xx", "gz", "zx", "xg", "pg",
	    "pz", "px", "gp", "xp", "gzx", "pxp", "zpg", "xzgp" };
	uint8_t *s, *out;
	size_t n = make_stream(&s, 30, 10), len, cap = 8 * n + 4096, i, k;
	const char *err;
	int got, want;

	out = malloc(cap);
	for (i = 0; i < sizeof mixes / sizeof mixes[0]; i++) {
		len = 0;
		for (k = 0; mixes[i][k] != '\0'; k++)
			append(out, &len, cap, s, n, mixes[i][k]);
		want = 31 * (int)k;
		put_file(out, len);
		got = read_all(&err, NULL);
		ok(got == want && err == NULL, "members %s: %d of %d frames%s%s",
		    mixes[i], got, want, err ? ": " : "", err ? err : "");
	}

	/* xz allows zero padding between streams, in fours */
	len = 0;
	append(out, &len, cap, s, n, 'x');
	memset(out + len, 0, 8);
	len += 8;
	append(out, &len, cap, s, n, 'x');
	put_file(out, len);
	ok(read_all(&err, NULL) == 62 && err == NULL,
	    "zero padding between xz streams");

	len = 0;
	append(out, &len, cap, s, n, 'x');
	put_file(out, len - 7);
	got = read_all(&err, NULL);
	ok(contains(err, "truncated xz input (the xz stream at byte 0 of the "
	    "file)"), "truncated xz is an error: %s", err ? err : "none");

	/* a failed check, in the second member: the first is read */
	len = 0;
	append(out, &len, cap, s, n, 'g');
	k = len;
	append(out, &len, cap, s, n, 'x');
	out[len - 13] ^= 0xff;
	put_file(out, len);
	got = read_all(&err, NULL);
	ok(got >= 31 && contains(err, "corrupt xz input (the xz stream at "
	    "byte ") && contains(err, "of the file)"),
	    "a damaged xz stream after a gzip member: %d frames, %s", got,
	    err ? err : "none");
	(void)k;
	free(out);
	free(s);
}

/* Compressions readers do not take are named, at the start and between
 * members. */
static void
test_other_compressions(void)
{
	static const uint8_t bz[] = "BZh91AY&SY", lz4[] = { 0x04, 0x22, 0x4d,
	    0x18, 0x64, 0x40, 0xa7 };
	uint8_t *s, *out;
	size_t n = make_stream(&s, 3, 0), len = 0;
	const char *err;
	int got;

	put_file(bz, sizeof bz - 1);
	got = read_all(&err, NULL);
	ok(got == 0 && contains(err, "byte 0: bzip2-compressed input, which "
	    "netcap does not read (it reads gzip, zstd and xz): decompress it "
	    "first"), "bzip2 is named: %s", err ? err : "none");
	out = malloc(4 * n + 64);
	append(out, &len, 4 * n + 64, s, n, 'p');
	memcpy(out + len, lz4, sizeof lz4);
	put_file(out, len + sizeof lz4);
	got = read_all(&err, NULL);
	ok(got == 4 && contains(err, "lz4-compressed input"),
	    "lz4 after plain frames is named: %d, %s", got, err ? err : "none");
	len = 0;
	append(out, &len, 4 * n + 64, s, n, 'z');
	memcpy(out + len, lz4, sizeof lz4);
	put_file(out, len + sizeof lz4);
	got = read_all(&err, NULL);
	ok(got == 4 && contains(err, "lz4-compressed input"),
	    "lz4 after a zstd frame is named: %d, %s", got, err ? err : "none");
	free(out);
	free(s);
}

static void
test_zstd_window(void)
{
	uint8_t *s, *z;
	size_t n = make_stream(&s, 600, 16000);
	size_t zn;
	const char *err;
	ZSTD_CCtx *c = ZSTD_createCCtx();
	int got, wlog;

	z = malloc(ZSTD_compressBound(n));
	for (wlog = 23; wlog <= 27; wlog += 4) {
		ZSTD_CCtx_reset(c, ZSTD_reset_session_and_parameters);
		ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, wlog);
		ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 0);
		zn = ZSTD_compress2(c, z, ZSTD_compressBound(n), s, n);
		put_file(z, zn);
		got = read_all(&err, NULL);
		if (wlog == 23)
			ok(got == 601 && err == NULL,
			    "a zstd window of 8 MiB is read");
		else
			ok(got == 0 && contains(err, "byte 0: "
			    "zstd window over 8 MiB (--long or --ultra?): "
			    "decompress with zstd -d --long=31 first"),
			    "a zstd window of 16 MiB is refused: %s",
			    err ? err : "none");
	}
	ZSTD_freeCCtx(c);
	free(z);
	free(s);
}

static void
test_damage(void)
{
	static const uint8_t pcap[] = { 0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0 };
	static const uint8_t huge[] = { 0xff, 0xff, 0xff, 0xff, 0x0f };
	static const uint8_t long_varint[] = { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 };
	static const uint8_t zero[] = { 0x00 };
	static const uint8_t text[] = "hello, world\n";
	/* a valid frame whose member is TCP, not Header */
	static const uint8_t nohdr[] = { 0x04, 0x5a, 0x02, 0x28, 0x01 };
	uint8_t *s;
	size_t n = make_stream(&s, 3, 0);
	const char *err;
	int got;

	put_file("", 0);
	got = read_all(&err, NULL);
	ok(got == 0 && err == NULL, "empty input is an empty stream");
	put_file(pcap, sizeof pcap);
	read_all(&err, NULL);
	ok(contains(err, "packet capture"), "pcap input named: %s", err);
	put_file(huge, sizeof huge);
	read_all(&err, NULL);
	ok(contains(err, "exceeds"), "absurd length refused: %s", err);
	put_file(long_varint, sizeof long_varint);
	read_all(&err, NULL);
	ok(contains(err, "over 5 varint bytes"), "over-long varint refused: %s", err);
	put_file(zero, sizeof zero);
	read_all(&err, NULL);
	ok(contains(err, "empty frame"), "zero-length frame refused: %s", err);
	put_file(text, sizeof text - 1);
	read_all(&err, NULL);
	ok(contains(err, "not a record stream"), "text refused: %s", err);
	put_file(nohdr, sizeof nohdr);
	read_all(&err, NULL);
	ok(contains(err, "does not start with a Header"),
	    "stream without header refused: %s", err);

	put_file(s, n - 1);
	got = read_all(&err, NULL);
	ok(got == 3 && contains(err, "truncated frame"),
	    "truncated last frame: %d frames then: %s", got, err);

	/* append a frame whose envelope has the wrong wire type */
	{
		uint8_t *d = malloc(n + 3);
		size_t off;

		memcpy(d, s, n);
		d[n] = 0x02;		/* frame of 2 bytes */
		d[n + 1] = 0x0d;	/* field 1, wire type 5: wrong */
		d[n + 2] = 0x00;
		off = n;
		put_file(d, n + 3);
		got = read_all(&err, NULL);
		ok(got == 4 && contains(err, "malformed record envelope"),
		    "bad envelope after good frames: %s", err);
		{
			char want[64];

			snprintf(want, sizeof want, "byte %zu:", off);
			ok(contains(err, want), "error names the offset (%s)", want);
		}
		free(d);
	}
	free(s);
}

static void
test_registry(void)
{
	struct nc_typeset set;
	const char *bad = NULL;
	const struct nc_type *t = nc_type_by_name("tcp");

	ok(t != NULL && t->id == NETCAP__RECORD__RECORD_TCP &&
	    strcmp(t->name, "TCP") == 0, "type names are case-insensitive");
	t = nc_type_by_name("ipv6_fragment");
	ok(t != NULL && strcmp(t->name, "IPv6Fragment") == 0,
	    "oneof field names are accepted");
	memset(&set, 0, sizeof set);
	ok(nc_typeset_add(&set, "TCP,udp", &bad) == 0 && set.count == 2 &&
	    nc_typeset_has(&set, NETCAP__RECORD__RECORD_UDP), "typeset add");
	ok(nc_typeset_add(&set, "TCP,bogus", &bad) < 0 &&
	    strcmp(bad, "bogus") == 0, "unknown type named");
	nc_typeset_all(&set);
	ok(!nc_typeset_has(&set, NETCAP__RECORD__RECORD_HEADER) &&
	    nc_typeset_has(&set, NETCAP__RECORD__RECORD_ETHERNET),
	    "all types but Header");
	nc_typeset_del(&set, "Ethernet", &bad);
	ok(!nc_typeset_has(&set, NETCAP__RECORD__RECORD_ETHERNET), "typeset del");
}

/* A bump allocator: both unpackers' results live in it until the next
 * reset, as in the reader's arena. */
static max_align_t pool[8192];
static size_t pool_used;

static void *
bump(void *data, size_t n)
{
	void *p;

	(void)data;
	n = (n + sizeof pool[0] - 1) / sizeof pool[0] * sizeof pool[0];
	if (sizeof pool - pool_used < n)
		return NULL;
	p = (char *)pool + pool_used;
	pool_used += n;
	return p;
}

static void
no_free(void *data, void *p)
{
	(void)data;
	(void)p;
}

static ProtobufCAllocator arena = { bump, no_free, NULL };

/* The JSON of m, or "NULL". */
static void
json_of(const ProtobufCMessage *m, struct nc_buf *b)
{
	b->len = 0;
	if (m == NULL)
		nc_buf_puts(b, "NULL");
	else
		nc_walk_json(m, "T", NC_TIME_EPOCH, b);
}

/* nc_unpack_flat must give what protobuf-c gives, or decline: on a full
 * TCP record and on every one-byte change and every cut of it. */
static void
test_unpack_flat(void)
{
	Netcap__TCP t = NETCAP__TCP__INIT;
	uint8_t ip[4] = { 10, 0, 0, 1 }, ip2[4] = { 10, 0, 0, 2 };
	uint32_t sack[] = { 1, 2, 300000, 4000000000u };
	uint32_t kinds[] = { 2, 4, 8, 1, 3, 5 };
	uint8_t buf[512], mut[512];
	struct nc_buf a = { 0 }, b = { 0 };
	ProtobufCMessage *m, *pm;
	size_t n, i, bad = 0, taken = 0;
	unsigned v;

	t.ts = -1234567890123LL;
	t.packet = 77;
	t.src_ip.data = ip;
	t.src_ip.len = 4;
	t.dst_ip.data = ip2;
	t.dst_ip.len = 4;
	t.src_port = 443;
	t.dst_port = 65535;
	t.seq = 4000000000u;
	t.flags = 0x1ff;
	t._mss_case = NETCAP__TCP___MSS_MSS;
	t.mss = 1460;
	t.sack_permitted = 1;
	t.sack = sack;
	t.n_sack = 4;
	t.option_kinds = kinds;
	t.n_option_kinds = 6;
	t.payload_entropy = 7.25;
	t.flow = 0x0123456789abcdefULL;
	t.inner = 3;
	n = protobuf_c_message_pack(&t.base, buf);
	pool_used = 0;
	m = nc_unpack_flat(&netcap__tcp__descriptor, &arena, buf, n);
	json_of(m, &a);
	pm = protobuf_c_message_unpack(&netcap__tcp__descriptor, &arena, n,
	    buf);
	json_of(pm, &b);
	ok(m != NULL && a.len == b.len && memcmp(a.p, b.p, a.len) == 0,
	    "flat unpack of a TCP record as protobuf-c: %.*s", (int)a.len,
	    a.p);
	for (i = 0; i <= n * 257; i++) {
		memcpy(mut, buf, n);
		if (i < n * 256)
			mut[i / 256] = (uint8_t)(i % 256);
		v = i < n * 256 ? (unsigned)n : (unsigned)(i - n * 256);
		pool_used = 0;
		m = nc_unpack_flat(&netcap__tcp__descriptor, &arena, mut, v);
		if (m == NULL)
			continue;
		taken++;
		json_of(m, &a);
		pm = protobuf_c_message_unpack(&netcap__tcp__descriptor,
		    &arena, v, mut);
		json_of(pm, &b);
		if (a.len != b.len || memcmp(a.p, b.p, a.len) != 0) {
			if (bad++ < 3)
				ok(0, "change %zu: %.*s vs %.*s", i,
				    (int)a.len, a.p, (int)b.len, b.p);
		}
	}
	ok(bad == 0, "%zu of %zu changed or cut records taken, all as "
	    "protobuf-c reads them", taken, n * 257 + 1);
	nc_buf_free(&a);
	nc_buf_free(&b);
}

/* A pipe the writer writes to or the reader reads from is widened to
 * 1 MiB, where the system's limit allows it. */
static void
test_pipe_size(void)
{
#ifdef F_GETPIPE_SZ
	struct nc_writer *w;
	struct nc_reader *r;
	FILE *f;
	long max = 0;
	int fds[2];

	if ((f = fopen("/proc/sys/fs/pipe-max-size", "r")) != NULL) {
		if (fscanf(f, "%ld", &max) != 1)
			max = 0;
		fclose(f);
	}
	if (pipe(fds) < 0)
		abort();
	w = nc_writer_open(fds[1]);
	ok(w != NULL && (max < 1L << 20 ||
	    fcntl(fds[0], F_GETPIPE_SZ) >= 1 << 20),
	    "a pipe written to is widened to 1 MiB (the limit is %ld)", max);
	nc_writer_close(w);
	close(fds[1]);
	close(fds[0]);
	if (pipe(fds) < 0)
		abort();
	r = nc_reader_fdopen(fds[0], "pipe");
	ok(r != NULL && (max < 1L << 20 ||
	    fcntl(fds[1], F_GETPIPE_SZ) >= 1 << 20),
	    "a pipe read from is widened to 1 MiB");
	nc_reader_close(r);
	close(fds[1]);
#endif
}

/* nc_reader_more on a pipe: a whole frame read in, bytes to read, the
 * end to read, or nothing yet. */
static void
test_more(void)
{
	uint8_t *s;
	size_t n = make_stream(&s, 3, 10);
	struct nc_reader *r;
	struct nc_frame f;
	int fd[2], got = 0, a, b, c, d;

	if (pipe(fd) != 0 || (r = nc_reader_fdopen(fd[0], "pipe")) == NULL) {
		ok(0, "a reader on a pipe");
		free(s);
		return;
	}
	a = nc_reader_more(r);
	if (write(fd[1], s, n) != (ssize_t)n)
		abort();
	b = nc_reader_more(r);
	/* The reader takes all there is at once: the frames after the
	 * first are read in. */
	got += nc_reader_next(r, &f) == 1;
	c = nc_reader_more(r);
	while (got < 4 && nc_reader_next(r, &f) == 1)
		got++;
	d = nc_reader_more(r);
	close(fd[1]);
	ok(a == 0 && b == 1 && c == 1 && got == 4 && d == 0 &&
	    nc_reader_more(r) == 1,
	    "nc_reader_more: nothing yet %d, bytes %d, a frame read in %d, "
	    "all read %d, the end %d", a, b, c, d, nc_reader_more(r));
	nc_reader_close(r);
	free(s);
}

int
main(void)
{
	test_unpack_flat();
	test_varint();
	test_roundtrip();
	test_passthrough();
	test_big_frame();
	test_concatenated();
	test_gzip();
	test_zstd();
	test_zstd_window();
	test_xz_and_mixed();
	test_other_compressions();
	test_damage();
	test_registry();
	test_pipe_size();
	test_more();
	return tap_done();
}
