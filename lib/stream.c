/* The record stream: framing, decompression, pass-through and unpacking.
 *
 *	frame  = varint(len) Record[len]
 *	Record = tag(type << 3 | 2) varint(body_len) body[body_len]
 *
 * The envelope holds exactly one field, so its first tag names the type and
 * a frame can be routed or copied without unpacking it. */
/* F_SETPIPE_SZ is Linux's. */
#define _GNU_SOURCE
#include "stream.h"
#include "pack.h"
#include "registry.h"
#include "unpack.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#define READ_CHUNK (256u << 10)
#define ARENA_CHUNK (64u << 10)
/* zstd's decoder holds a window of up to 2^ZSTD_WLOG bytes.  Levels up to
 * 19 stay within 8 MiB; --long and --ultra ask for up to 2 GiB, more than a
 * reader may take. */
#define ZSTD_WLOG 23
/* xz's decoder holds its dictionary: 8 MiB at the default level (-6),
 * 64 MiB at -9.  The limit lets levels up to -6 through, as ZSTD_WLOG
 * does for zstd's. */
#define XZ_MEMLIMIT (12u << 20)
/* The most fill() is asked for is one frame and its length. */
#define BUF_MAX (NC_FRAME_MAX + 16 + READ_CHUNK)
/* The longest magic sniff() looks at (xz's). */
#define MAGIC_MAX 6

/* What the input is, member by member: plain frames read straight into
 * buf (IN_RAW, only from the start of the input), plain frames after a
 * compressed member (IN_COPY, copied through in), or a compressed member.
 * IN_OTHER is a compression readers recognise but do not read. */
enum { IN_RAW, IN_COPY, IN_GZIP, IN_ZSTD, IN_XZ, IN_OTHER };

struct arena_chunk {
	struct arena_chunk *next;
	size_t cap, used;
	max_align_t data[];
};

struct nc_reader {
	int fd;
	char *name;
	int kind;
	int eof;		/* the file (or decompressor) has no more */
	int started;		/* the leading Header has been seen */
	/* decompressed bytes: unread ones are buf[pos, len) */
	uint8_t *buf;
	size_t cap, pos, len;
	uint64_t base;		/* stream offset of buf[0] */
	/* compressed input */
	uint8_t *in;
	size_t in_cap, in_pos, in_len;
	int in_eof;
	uint64_t in_base;	/* file offset of in[0] */
	uint64_t member;	/* file offset of the member being read */
	int in_member;		/* a compressed member has begun, not ended */
	int between;		/* a member ended, the next not begun */
	int padded;		/* zero bytes seen after a member */
	int deferred;		/* err holds a decompression error, raised
				 * once the bytes before it are read */
	int z_init;
	z_stream z;
	ZSTD_DCtx *zs;
	size_t zs_last;		/* last ZSTD_decompressStream hint: 0 at frame end */
	int xz_init;
	lzma_stream xz;
	char err[512];
	int has_err;
	struct arena_chunk *arena;
	ProtobufCAllocator alloc;
	struct nc_budget budget;
};

size_t
nc_varint_len(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

size_t
nc_varint_put(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

/* Reads a varint of at most max bytes from p[0, n).  Returns its length,
 * 0 if p ends first, -1 if it is longer than max. */
static int
varint_get(const uint8_t *p, size_t n, int max, uint64_t *v)
{
	uint64_t x = 0;
	int i;

	for (i = 0; i < max; i++) {
		if ((size_t)i >= n)
			return 0;
		x |= (uint64_t)(p[i] & 0x7f) << (7 * i);
		if ((p[i] & 0x80) == 0) {
			*v = x;
			return i + 1;
		}
	}
	return -1;
}

static int
fail(struct nc_reader *r, uint64_t off, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(r->err, sizeof r->err, "%s: byte %llu: ", r->name,
	    (unsigned long long)off);
	if (n < 0 || (size_t)n >= sizeof r->err)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(r->err + n, sizeof r->err - (size_t)n, fmt, ap);
	va_end(ap);
	r->has_err = 1;
	return -1;
}

static void *
arena_alloc(void *data, size_t size)
{
	struct nc_reader *r = data;
	struct arena_chunk *c = r->arena;
	size_t need = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	void *p;

	if (c == NULL || c->cap - c->used < need) {
		size_t cap = need > ARENA_CHUNK ? need : ARENA_CHUNK;

		c = malloc(sizeof *c + cap);
		if (c == NULL)
			return NULL;
		c->cap = cap;
		c->used = 0;
		c->next = r->arena;
		r->arena = c;
	}
	p = (char *)c->data + c->used;
	c->used += need;
	return p;
}

static void
arena_free(void *data, void *p)
{
	(void)data;
	(void)p;	/* freed all at once by arena_reset */
}

/* Keeps one chunk, sized to what the last record needed, so a steady
 * stream allocates nothing. */
static void
arena_reset(struct nc_reader *r)
{
	struct arena_chunk *c, *next;
	size_t total = 0;

	if (r->arena == NULL)
		return;
	if (r->arena->next == NULL) {
		r->arena->used = 0;
		return;
	}
	for (c = r->arena; c != NULL; c = next) {
		next = c->next;
		total += c->cap;
		free(c);
	}
	r->arena = NULL;
	c = malloc(sizeof *c + total);
	if (c != NULL) {
		c->cap = total;
		c->used = 0;
		c->next = NULL;
		r->arena = c;
	}
}

/* A pipe's default 64 KiB has the two ends of "nc-decode | nc-conn"
 * take turns four times for each of the writer's 256 KiB writes, and a
 * pipeline of three programs moves every packet's bytes through two
 * pipes.  Either end widens it; where the system's limit
 * (/proc/sys/fs/pipe-max-size) or the user's share of pipe memory says
 * no, it stays as it was. */
#define PIPE_SIZE (1u << 20)

static void
widen_pipe(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) &&
	    fcntl(fd, F_GETPIPE_SZ) < (int)PIPE_SIZE)
		(void)fcntl(fd, F_SETPIPE_SZ, (int)PIPE_SIZE);
#else
	(void)fd;
#endif
}

struct nc_reader *
nc_reader_open(const char *path)
{
	struct nc_reader *r;
	int fd;

	if (path == NULL || strcmp(path, "-") == 0)
		return nc_reader_fdopen(STDIN_FILENO, "stdin");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	r = nc_reader_fdopen(fd, path);
	if (r == NULL)
		close(fd);
	return r;
}

struct nc_reader *
nc_reader_fdopen(int fd, const char *name)
{
	struct nc_reader *r;

	r = calloc(1, sizeof *r);
	if (r == NULL)
		goto fail;
	r->fd = fd;
	r->name = strdup(name);
	r->cap = READ_CHUNK;
	r->buf = malloc(r->cap);
	if (r->name == NULL || r->buf == NULL)
		goto fail;
	r->alloc.alloc = arena_alloc;
	r->alloc.free = arena_free;
	r->alloc.allocator_data = r;
	r->budget = (struct nc_budget)NC_BUDGET_DEFAULT;
	widen_pipe(fd);
	return r;
fail:
	if (r != NULL) {
		free(r->name);
		free(r->buf);
		free(r);
	}
	errno = ENOMEM;
	return NULL;
}

static ssize_t
read_fd(struct nc_reader *r, uint8_t *p, size_t n)
{
	ssize_t k;

	do
		k = read(r->fd, p, n);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		fail(r, r->base + r->len, "read error: %s", strerror(errno));
	return k;
}

/* The compression a member's first bytes announce, or IN_RAW.  *other
 * names the ones readers recognise but do not read. */
static int
sniff(const uint8_t *p, size_t n, const char **other)
{
	static const struct {
		uint8_t magic[MAGIC_MAX];
		uint8_t len;
		int kind;
		const char *name;
	} m[] = {
		{ { 0x1f, 0x8b }, 2, IN_GZIP, "gzip" },
		{ { 0x28, 0xb5, 0x2f, 0xfd }, 4, IN_ZSTD, "zstd" },
		{ { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6, IN_XZ, "xz" },
		{ { 'B', 'Z', 'h' }, 3, IN_OTHER, "bzip2" },
		{ { 0x04, 0x22, 0x4d, 0x18 }, 4, IN_OTHER, "lz4" },
		{ { 0x02, 0x21, 0x4c, 0x18 }, 4, IN_OTHER, "lz4 (legacy)" },
		{ { 'L', 'Z', 'I', 'P' }, 4, IN_OTHER, "lzip" },
		{ { 0x1f, 0x9d }, 2, IN_OTHER, "compress (.Z)" },
	};
	size_t i;

	/* zstd's skippable frames: magic 0x184D2A5? little-endian */
	if (n >= 4 && (p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d &&
	    p[3] == 0x18)
		return IN_ZSTD;
	for (i = 0; i < sizeof m / sizeof m[0]; i++)
		if (n >= m[i].len && memcmp(p, m[i].magic, m[i].len) == 0) {
			*other = m[i].name;
			return m[i].kind;
		}
	return IN_RAW;
}

/* Whether p (at least 2 bytes) may begin a magic sniff() knows: the
 * first two bytes of each, so that a frame (its length, then a tag) is
 * passed with a test or two. */
static int
maybe_magic(const uint8_t *p)
{
	/* The first bytes of the magics: most frames stop at one load. */
	static const uint8_t lead[256] = {
		[0x02] = 1, [0x04] = 1, [0x1f] = 1, [0x28] = 1, ['B'] = 1,
		['L'] = 1, [0xfd] = 1, [0x50] = 1, [0x51] = 1, [0x52] = 1,
		[0x53] = 1, [0x54] = 1, [0x55] = 1, [0x56] = 1, [0x57] = 1,
		[0x58] = 1, [0x59] = 1, [0x5a] = 1, [0x5b] = 1, [0x5c] = 1,
		[0x5d] = 1, [0x5e] = 1, [0x5f] = 1,
	};

	if (!lead[p[0]])
		return 0;
	switch (p[0]) {
	case 0x1f:
		return p[1] == 0x8b || p[1] == 0x9d;
	case 0x28:
		return p[1] == 0xb5;
	case 0xfd:
		return p[1] == '7';
	case 'B':
	case 'L':
		return p[1] == 'Z';
	case 0x04:
		return p[1] == 0x22;
	case 0x02:
		return p[1] == 0x21;
	default:
		return (p[0] & 0xf0) == 0x50 && p[1] == 0x2a;
	}
}

static int
refuse(struct nc_reader *r, uint64_t off, const char *name)
{
	return fail(r, off, "%s-compressed input, which netcap does not read "
	    "(it reads gzip, zstd and xz): decompress it first", name);
}

/* The error in err is raised once the bytes before it are read. */
static int
defer_err(struct nc_reader *r)
{
	r->has_err = 0;
	r->deferred = 1;
	r->eof = 1;
	return 0;
}

/* Makes at least n compressed bytes available in in, unless the input
 * ends first. */
static int
fill_in(struct nc_reader *r, size_t n)
{
	ssize_t k;

	while (r->in_len - r->in_pos < n && !r->in_eof) {
		if (r->in_pos > 0) {
			memmove(r->in, r->in + r->in_pos, r->in_len - r->in_pos);
			r->in_base += r->in_pos;
			r->in_len -= r->in_pos;
			r->in_pos = 0;
		}
		k = read_fd(r, r->in + r->in_len, r->in_cap - r->in_len);
		if (k < 0)
			return -1;
		if (k == 0)
			r->in_eof = 1;
		r->in_len += (size_t)k;
	}
	return 0;
}

static const char *
kind_name(int kind)
{
	return kind == IN_GZIP ? "gzip member" : kind == IN_ZSTD ?
	    "zstd frame" : "xz stream";
}

static const char *
corrupt(int kind)
{
	return kind == IN_GZIP ? "corrupt gzip input" : kind == IN_ZSTD ?
	    "corrupt zstd input" : "corrupt xz input";
}

/* A damaged member: what was decompressed before the damage is still
 * read; the error comes when the reader needs more.  It names where the
 * member starts in the file, since the byte offset of the error is one
 * in the decompressed stream. */
static int
defer(struct nc_reader *r, const char *what, const char *detail)
{
	fail(r, r->base + r->len, "%s (the %s at byte %llu of the file)%s%s",
	    what, kind_name(r->kind), (unsigned long long)r->member,
	    detail != NULL ? ": " : "", detail != NULL ? detail : "");
	return defer_err(r);
}

/* Starts a member of the kind its magic names at in[in_pos]. */
static int
start_member(struct nc_reader *r, int kind)
{
	uint64_t off = r->base + r->len;

	r->kind = kind;
	r->member = r->in_base + r->in_pos;
	r->in_member = 1;
	r->between = 0;
	r->padded = 0;
	switch (kind) {
	case IN_GZIP:
		if (!r->z_init && inflateInit2(&r->z, 15 + 16) != Z_OK)
			return fail(r, off, "cannot start gzip decoder");
		r->z_init = 1;
		inflateReset(&r->z);
		break;
	case IN_ZSTD:
		if (r->zs == NULL && ((r->zs = ZSTD_createDCtx()) == NULL ||
		    ZSTD_isError(ZSTD_DCtx_setParameter(r->zs,
		    ZSTD_d_windowLogMax, ZSTD_WLOG))))
			return fail(r, off, "cannot start zstd decoder");
		ZSTD_DCtx_reset(r->zs, ZSTD_reset_session_only);
		break;
	case IN_XZ:
		if (!r->xz_init)
			r->xz = (lzma_stream)LZMA_STREAM_INIT;
		r->xz_init = 1;
		if (lzma_stream_decoder(&r->xz, XZ_MEMLIMIT, 0) != LZMA_OK)
			return fail(r, off, "cannot start xz decoder");
		break;
	default:
		r->in_member = 0;	/* plain frames end anywhere */
		break;
	}
	return 0;
}

/* After a member: zero padding, then the end or the next member, whose
 * kind its magic tells.  gzip(1) ends quietly at zero bytes after a member
 * (tape blocks and some tools pad with them), and xz(1) allows them
 * between streams; what else follows padding is damage.  1: a member
 * starts; 0: the input ends. */
static int
next_member(struct nc_reader *r)
{
	const char *other = NULL;
	int kind;

	for (;;) {
		if (fill_in(r, MAGIC_MAX) < 0)
			return -1;
		while (r->in_pos < r->in_len && r->in[r->in_pos] == 0) {
			r->in_pos++;
			r->padded = 1;
		}
		if (r->in_pos == r->in_len && r->in_eof)
			return 0;
		if (r->in_len - r->in_pos >= MAGIC_MAX || r->in_eof)
			break;
	}
	kind = sniff(r->in + r->in_pos, r->in_len - r->in_pos, &other);
	if (kind == IN_OTHER) {
		refuse(r, r->base + r->len, other);
		return defer_err(r);
	}
	if (r->padded && (kind != IN_XZ || r->kind != IN_XZ)) {
		r->member = r->in_base + r->in_pos;
		return defer(r, corrupt(r->kind), "data after zero padding");
	}
	/* Not compressed: plain frames, copied through. */
	if (start_member(r, kind == IN_RAW ? IN_COPY : kind) < 0)
		return -1;
	return 1;
}

/* One member's decompression ended; the next is sniffed when needed. */
static void
end_member(struct nc_reader *r)
{
	r->in_member = 0;
	r->between = 1;
}

/* Decompresses (or copies) into buf[len, cap). */
static int
inflate_more(struct nc_reader *r)
{
	size_t before = r->len;
	int rc;

	while (r->len == before && !r->eof) {
		if (fill_in(r, 1) < 0)
			return -1;
		if (r->between) {
			if ((rc = next_member(r)) < 0)
				return -1;
			if (rc == 0 || r->deferred) {
				r->eof = 1;
				break;
			}
		}
		if (r->in_eof && r->in_pos == r->in_len) {
			if (r->in_member)
				return defer(r, r->kind == IN_GZIP ?
				    "truncated gzip input" : r->kind == IN_ZSTD ?
				    "truncated zstd input" : "truncated xz input",
				    NULL);
			r->eof = 1;
			break;
		}
		if (r->kind == IN_COPY) {
			size_t n = r->in_len - r->in_pos;

			if (n > r->cap - r->len)
				n = r->cap - r->len;
			memcpy(r->buf + r->len, r->in + r->in_pos, n);
			r->in_pos += n;
			r->len += n;
		} else if (r->kind == IN_GZIP) {
			r->z.next_in = r->in + r->in_pos;
			r->z.avail_in = (uInt)(r->in_len - r->in_pos);
			r->z.next_out = r->buf + r->len;
			r->z.avail_out = (uInt)(r->cap - r->len);
			rc = inflate(&r->z, Z_NO_FLUSH);
			r->in_pos = r->in_len - r->z.avail_in;
			r->len = r->cap - r->z.avail_out;
			if (rc == Z_STREAM_END)
				end_member(r);
			else if (rc != Z_OK && rc != Z_BUF_ERROR)
				return defer(r, corrupt(IN_GZIP),
				    r->z.msg != NULL ? r->z.msg : "inflate error");
		} else if (r->kind == IN_ZSTD) {
			ZSTD_inBuffer zi;
			ZSTD_outBuffer zo;

			zi.src = r->in;
			zi.size = r->in_len;
			zi.pos = r->in_pos;
			zo.dst = r->buf;
			zo.size = r->cap;
			zo.pos = r->len;
			r->zs_last = ZSTD_decompressStream(r->zs, &zo, &zi);
			if (ZSTD_getErrorCode(r->zs_last) ==
			    ZSTD_error_frameParameter_windowTooLarge)
				return fail(r, r->base + r->len, "zstd window "
				    "over %u MiB (--long or --ultra?): "
				    "decompress with zstd -d --long=31 first",
				    1u << (ZSTD_WLOG - 20));
			if (ZSTD_isError(r->zs_last)) {
				r->len = zo.pos;
				return defer(r, corrupt(IN_ZSTD),
				    ZSTD_getErrorName(r->zs_last));
			}
			r->in_pos = zi.pos;
			r->len = zo.pos;
			if (r->zs_last == 0)
				end_member(r);
		} else {
			lzma_ret x;

			r->xz.next_in = r->in + r->in_pos;
			r->xz.avail_in = r->in_len - r->in_pos;
			r->xz.next_out = r->buf + r->len;
			r->xz.avail_out = r->cap - r->len;
			x = lzma_code(&r->xz, LZMA_RUN);
			r->in_pos = r->in_len - r->xz.avail_in;
			r->len = r->cap - r->xz.avail_out;
			if (x == LZMA_MEMLIMIT_ERROR)
				return fail(r, r->base + r->len, "xz dictionary "
				    "over %u MiB (xz -7 or above?): decompress "
				    "with xz -d first", XZ_MEMLIMIT >> 20);
			if (x == LZMA_STREAM_END)
				end_member(r);
			else if (x != LZMA_OK)
				return defer(r, corrupt(IN_XZ),
				    x == LZMA_DATA_ERROR ? "compressed data is "
				    "corrupt" : x == LZMA_FORMAT_ERROR ?
				    "not the xz format" : x == LZMA_OPTIONS_ERROR ?
				    "unsupported options" : "decoder error");
		}
	}
	return 0;
}

/* Hands the unread plain bytes buf[pos, len) and what follows them to the
 * decompressor: a compressed member starts at buf[pos]. */
static int
to_member(struct nc_reader *r, int kind)
{
	size_t have = r->len - r->pos, rest = r->in_len - r->in_pos;
	size_t cap = have + rest > READ_CHUNK ? have + rest : READ_CHUNK;
	uint64_t file_off;
	uint8_t *in;

	if (r->kind == IN_RAW) {
		rest = 0;
		file_off = r->base + r->pos;
		r->in_eof = r->eof;
	} else {
		file_off = r->in_base + r->in_pos - have;
	}
	if ((in = malloc(cap)) == NULL)
		return fail(r, r->base + r->pos, "out of memory");
	memcpy(in, r->buf + r->pos, have);
	if (rest > 0)
		memcpy(in + have, r->in + r->in_pos, rest);
	free(r->in);
	r->in = in;
	r->in_cap = cap;
	r->in_pos = 0;
	r->in_len = have + rest;
	r->in_base = file_off;
	r->base += r->pos;
	r->pos = r->len = 0;
	r->eof = 0;
	return start_member(r, kind);
}

/* Looks at the first bytes to choose raw or compressed input. */
static int
detect(struct nc_reader *r)
{
	const char *other = NULL;
	ssize_t k;
	int kind;

	while (r->len < MAGIC_MAX) {
		k = read_fd(r, r->buf + r->len, r->cap - r->len);
		if (k < 0)
			return -1;
		if (k == 0) {
			r->eof = 1;
			break;
		}
		r->len += (size_t)k;
	}
	kind = sniff(r->buf, r->len, &other);
	if (kind == IN_OTHER)
		return refuse(r, 0, other);
	return kind == IN_RAW ? 0 : to_member(r, kind);
}

/* Makes at least need unread bytes available.  1: they are; 0: the input
 * ends first; -1: error. */
static int
fill(struct nc_reader *r, size_t need)
{
	while (r->len - r->pos < need) {
		if (r->has_err)
			return -1;
		if (r->eof && r->deferred) {
			r->has_err = 1;
			return -1;
		}
		if (r->eof)
			return 0;
		if (r->pos > 0) {
			memmove(r->buf, r->buf + r->pos, r->len - r->pos);
			r->base += r->pos;
			r->len -= r->pos;
			r->pos = 0;
		}
		if (r->cap - r->len < READ_CHUNK / 2 || r->cap < need) {
			size_t ncap = r->cap * 2;
			uint8_t *nb;

			while (ncap < need)
				ncap *= 2;
			/* Doubling would give the largest frame twice its
			 * size. */
			if (ncap > BUF_MAX)
				ncap = BUF_MAX;
			nb = realloc(r->buf, ncap);
			if (nb == NULL)
				return fail(r, r->base, "out of memory");
			r->buf = nb;
			r->cap = ncap;
		}
		if (r->kind == IN_RAW) {
			ssize_t k = read_fd(r, r->buf + r->len, r->cap - r->len);

			if (k < 0)
				return -1;
			if (k == 0)
				r->eof = 1;
			r->len += (size_t)k;
		} else if (inflate_more(r) < 0) {
			return -1;
		}
	}
	return 1;
}

static int
is_capture_file(const uint8_t *p, size_t n)
{
	static const uint8_t magic[][4] = {
		{ 0xa1, 0xb2, 0xc3, 0xd4 }, { 0xd4, 0xc3, 0xb2, 0xa1 },
		{ 0xa1, 0xb2, 0x3c, 0x4d }, { 0x4d, 0x3c, 0xb2, 0xa1 },
		{ 0x0a, 0x0d, 0x0d, 0x0a },
	};
	size_t i;

	for (i = 0; n >= 4 && i < sizeof magic / sizeof magic[0]; i++)
		if (memcmp(p, magic[i], 4) == 0)
			return 1;
	return 0;
}

int
nc_reader_next(struct nc_reader *r, struct nc_frame *f)
{
	const uint8_t *p;
	uint64_t len, tag, blen;
	uint64_t off;
	size_t avail;
	const char *other = NULL;
	int n, t, b, kind;

	if (r->has_err)
		return -1;
	if (!r->started && r->base == 0 && r->len == 0 && detect(r) < 0)
		return -1;
	off = r->base + r->pos;
	/* Most frames are whole in the buffer: fill() only near its end. */
	if (r->len - r->pos < 5) {
		n = fill(r, 1);
		/* An empty input is an empty stream, as for awk and jq:
		 * when the program upstream failed, its error is the only
		 * one. */
		if (n <= 0)
			return n;
		fill(r, MAGIC_MAX);
		if (r->has_err)
			return -1;
	}
	p = r->buf + r->pos;
	avail = r->len - r->pos;
	/* A compressed member after plain frames (cat a.ncap b.ncap.gz):
	 * no frame starts with a compression's magic. */
	if (avail >= 2 && maybe_magic(p) && r->kind <= IN_COPY &&
	    r->started && !r->deferred &&
	    (kind = sniff(p, avail, &other)) != IN_RAW) {
		if (kind == IN_OTHER)
			return refuse(r, off, other);
		if (to_member(r, kind) < 0)
			return -1;
		return nc_reader_next(r, f);
	}
	if (!r->started && is_capture_file(p, avail))
		return fail(r, off, "this is a packet capture, not a record "
		    "stream (decode it with nc-decode -r)");
	n = varint_get(p, avail, 5, &len);
	if (n == 0)
		return fail(r, off, "truncated frame length");
	if (n < 0)
		return fail(r, off, "frame length over 5 varint bytes%s",
		    r->started ? "" : ": not a record stream");
	if (len > NC_FRAME_MAX)
		return fail(r, off, "frame length %llu exceeds the %u-byte "
		    "limit%s", (unsigned long long)len, NC_FRAME_MAX,
		    r->started ? "" : ": not a record stream");
	if (len == 0)
		return fail(r, off, "empty frame%s",
		    r->started ? "" : ": not a record stream");
	/* Judge the first frame by its first tag before waiting for all of
	 * it, so text or other junk is named as such, not as truncation. */
	if (!r->started && (size_t)n < avail &&
	    p[n] != (NETCAP__RECORD__RECORD_HEADER << 3 | 2))
		return fail(r, off, "not a record stream (it does not start "
		    "with a Header record)");
	if (avail < (size_t)n + len && fill(r, (size_t)n + len) <= 0) {
		if (r->has_err)
			return -1;
		return fail(r, off, "truncated frame: %llu of %llu bytes",
		    (unsigned long long)(r->len - r->pos - (size_t)n),
		    (unsigned long long)len);
	}
	p = r->buf + r->pos + n;
	t = varint_get(p, (size_t)len, 5, &tag);
	b = t > 0 ? varint_get(p + t, (size_t)len - (size_t)t, 5, &blen) : 0;
	if (t <= 0 || b <= 0 || (tag & 7) != 2 || (tag >> 3) == 0 ||
	    (tag >> 3) > NC_TYPE_MAX || blen != len - (uint64_t)t - (uint64_t)b)
		return fail(r, off, "%s", r->started ? "malformed record envelope"
		    : "not a record stream (bad record envelope)");
	if (!r->started && (tag >> 3) != NETCAP__RECORD__RECORD_HEADER)
		return fail(r, off, "not a record stream: it does not start "
		    "with a Header record");
	r->started = 1;
	f->data = p;
	f->len = (size_t)len;
	f->type = (int)(tag >> 3);
	f->body = p + t + b;
	f->body_len = (size_t)blen;
	f->offset = off;
	r->pos += (size_t)n + (size_t)len;
	return 1;
}

const char *
nc_reader_error(const struct nc_reader *r)
{
	return r->has_err ? r->err : NULL;
}

const char *
nc_reader_name(const struct nc_reader *r)
{
	return r->name;
}

ProtobufCMessage *
nc_reader_unpack(struct nc_reader *r, const struct nc_frame *f)
{
	const struct nc_type *t = nc_type_by_id(f->type);
	ProtobufCMessage *m;
	int over;

	if (t == NULL)
		return NULL;
	/* protobuf-c allocates as it scans: a record must be judged first. */
	if ((over = nc_budget_check(&r->budget, t, f->body, f->body_len)) !=
	    NC_BUDGET_OK) {
		fail(r, f->offset, over == NC_BUDGET_SIZE ?
		    "%s record unpacks to more than %llu bytes, the budget "
		    "(-B %s=N raises it)" : over == NC_BUDGET_DEPTH ?
		    "%s record nests more than %llu deep, the budget "
		    "(-B %s=N raises it)" :
		    "%s record has more than %llu repeated elements, the "
		    "budget (-B %s=N raises it)", t->name, (unsigned long long)
		    nc_budget_value(&r->budget, over), nc_budget_name(over));
		return NULL;
	}
	arena_reset(r);
	if ((m = nc_unpack_flat(t->desc, &r->alloc, f->body, f->body_len)) != NULL)
		return m;
	/* Not a flat record, or damaged: protobuf-c decides. */
	arena_reset(r);
	m = protobuf_c_message_unpack(t->desc, &r->alloc, f->body_len, f->body);
	if (m == NULL)
		fail(r, f->offset, "cannot decode %s record", t->name);
	return m;
}

void
nc_reader_set_budget(struct nc_reader *r, const struct nc_budget *b)
{
	r->budget = *b;
}

int
nc_reader_more(struct nc_reader *r)
{
	struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
	size_t avail = r->len - r->pos;
	uint64_t len;
	int n;

	if (avail > 0 && (n = varint_get(r->buf + r->pos, avail, 5, &len)) > 0 &&
	    avail - (size_t)n >= len)
		return 1;
	/* Compressed bytes read in may give a frame: said to, rather than
	 * inflated here. */
	if (r->has_err || r->eof || r->in_len > r->in_pos)
		return 1;
	return poll(&pfd, 1, 0) > 0;
}

void
nc_reader_close(struct nc_reader *r)
{
	struct arena_chunk *c, *next;

	if (r == NULL)
		return;
	if (r->fd != STDIN_FILENO)
		close(r->fd);
	if (r->z_init)
		inflateEnd(&r->z);
	if (r->xz_init)
		lzma_end(&r->xz);
	ZSTD_freeDCtx(r->zs);
	for (c = r->arena; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(r->in);
	free(r->buf);
	free(r->name);
	free(r);
}

/* --- writer ------------------------------------------------------------ */

#define WBUF (256u << 10)

/* A late record: what comes before it in buf goes first. */
struct hold {
	size_t at;			/* its place in buf */
	int type;
	const ProtobufCMessageDescriptor *desc;
	uint8_t *bytes;			/* the message packed without its late
					 * field; the whole frame once filled */
	size_t n;
	struct nc_late late;
};

struct nc_writer {
	int fd;
	uint8_t *buf;
	size_t cap, len;
	struct hold *hold;		/* in order */
	size_t nhold, holdcap;
	size_t nfilled;			/* the first ones, filled in: a hold
					 * is filled only after those before
					 * it */
};

struct nc_writer *
nc_writer_open(int fd)
{
	struct nc_writer *w = calloc(1, sizeof *w);

	if (w == NULL)
		return NULL;
	w->fd = fd;
	widen_pipe(fd);
	w->cap = WBUF;
	w->buf = malloc(w->cap);
	if (w->buf == NULL) {
		free(w);
		return NULL;
	}
	return w;
}

int
nc_write_all(int fd, const uint8_t *p, size_t n)
{
	ssize_t k;

	while (n > 0) {
		k = write(fd, p, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Room for the frame length, the envelope tag and the body length, written
 * in front of the body once its size is known.  Most records are short, so
 * the body is packed where a 3-byte head would end and moves only when the
 * head turns out longer. */
#define FRAME_HEAD 12
#define SHORT_HEAD 3

/* The frame head of a body of n bytes of member type into head; its
 * length, 0 when the frame would be over the limit. */
static size_t
frame_head(uint8_t head[FRAME_HEAD], int type, size_t n)
{
	uint64_t tag = (uint64_t)type << 3 | 2;
	size_t env, hl;

	env = nc_varint_len(tag) + nc_varint_len((uint64_t)n) + n;
	if (env > NC_FRAME_MAX)
		return 0;
	hl = nc_varint_put(head, env);
	hl += nc_varint_put(head + hl, tag);
	hl += nc_varint_put(head + hl, (uint64_t)n);
	return hl;
}

/* Fills h in when its field has come (or, with wait, once it has):
 * 1 filled, 0 not yet, -1 out of memory. */
static int
fill_hold(struct hold *h, int wait)
{
	ProtobufCMessage *m;
	uint8_t head[FRAME_HEAD], *f;
	size_t n, hl;

	if (!h->late.ready(h->late.arg, h->late.id, wait))
		return 0;
	/* From here the field is the hold's: a failure drops it. */
	h->late.drop = NULL;
	if ((m = protobuf_c_message_unpack(h->desc, NULL, h->n,
	    h->bytes)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	h->late.fill(h->late.arg, h->late.id, m);
	n = protobuf_c_message_get_packed_size(m);
	if ((hl = frame_head(head, h->type, n)) == 0 ||
	    (f = malloc(hl + n)) == NULL) {
		protobuf_c_message_free_unpacked(m, NULL);
		errno = hl == 0 ? EMSGSIZE : ENOMEM;
		return -1;
	}
	memcpy(f, head, hl);
	protobuf_c_message_pack(m, f + hl);
	protobuf_c_message_free_unpacked(m, NULL);
	free(h->bytes);
	h->bytes = f;
	h->n = hl + n;
	return 1;
}

/* Fills in the holds whose fields have come, in order, without writing: their questions are then answered and off
 * the asker's books, who may have only so many out.  Called for every
 * record while one waits, so a question not yet answered costs one
 * look. */
static int
fill_ready(struct nc_writer *w)
{
	int r;

	while (w->nfilled < w->nhold) {
		if ((r = fill_hold(&w->hold[w->nfilled], 0)) <= 0)
			return r;
		w->nfilled++;
	}
	return 0;
}

/* Writes buf and the holds up to the first one not filled in (with
 * wait, all of them, each written before the next is waited for). */
static int
drain(struct nc_writer *w, int wait)
{
	size_t off = 0, i;
	struct hold *h;
	int r;

	for (i = 0; i < w->nhold; i++) {
		h = &w->hold[i];
		if (i == w->nfilled) {
			if ((r = fill_hold(h, wait)) < 0)
				return -1;
			if (r == 0)
				break;
			w->nfilled++;
		}
		if (nc_write_all(w->fd, w->buf + off, h->at - off) < 0 ||
		    nc_write_all(w->fd, h->bytes, h->n) < 0)
			return -1;
		off = h->at;
		free(h->bytes);
		h->bytes = NULL;
	}
	if (i == w->nhold) {
		w->nhold = w->nfilled = 0;
		if (nc_write_all(w->fd, w->buf + off, w->len - off) < 0)
			return -1;
		w->len = 0;
		return 0;
	}
	/* Hold i is the first not filled in: what came before it is out. */
	memmove(w->buf, w->buf + off, w->len - off);
	w->len -= off;
	w->nhold -= i;
	memmove(w->hold, w->hold + i, w->nhold * sizeof *w->hold);
	w->nfilled = 0;
	for (i = 0; i < w->nhold; i++)
		w->hold[i].at -= off;
	return 0;
}

int
nc_writer_flush(struct nc_writer *w)
{
	return drain(w, 1);
}

int
nc_writer_drain(struct nc_writer *w)
{
	return drain(w, 0);
}

int
nc_writer_late(const struct nc_writer *w)
{
	return w->nhold > 0;
}

/* Room for n more bytes: write what can go, and grow the buffer for a
 * frame larger than it or for what waits behind a late record, up to
 * NC_WRITER_HELD; past that, wait. */
static int
reserve(struct nc_writer *w, size_t n)
{
	size_t want;
	uint8_t *nb;

	if (w->cap - w->len >= n)
		return 0;
	if (drain(w, 0) < 0)
		return -1;
	if (w->cap - w->len >= n)
		return 0;
	if (w->nhold > 0 && w->len + n > NC_WRITER_HELD && drain(w, 1) < 0)
		return -1;
	if (w->cap - w->len >= n)
		return 0;
	want = w->len + n;
	if (w->nhold > 0 && want < 2 * w->cap)
		want = 2 * w->cap;
	if ((nb = realloc(w->buf, want)) == NULL)
		return -1;
	w->buf = nb;
	w->cap = want;
	return 0;
}

int
nc_writer_put(struct nc_writer *w, int type, const ProtobufCMessage *msg)
{
	uint8_t head[FRAME_HEAD], *p;
	size_t hl, need;
	long n;

	if (w->nfilled < w->nhold && fill_ready(w) < 0)
		return -1;
	for (;;) {
		if (reserve(w, FRAME_HEAD + 64) < 0)
			return -1;
		p = w->buf + w->len;
		n = nc_pack(msg, p + SHORT_HEAD, w->cap - w->len - FRAME_HEAD);
		if (n >= 0)
			break;
		if (w->len > 0 && w->nhold == 0) {
			if (drain(w, 0) < 0)
				return -1;
			continue;
		}
		/* Larger than the room there is (nc_pack asks for slack):
		 * size it exactly and let protobuf-c pack it. */
		need = protobuf_c_message_get_packed_size(msg);
		if (need > NC_FRAME_MAX) {
			errno = EMSGSIZE;
			return -1;
		}
		if (reserve(w, need + FRAME_HEAD) < 0)
			return -1;
		p = w->buf + w->len;
		n = (long)protobuf_c_message_pack(msg, p + SHORT_HEAD);
		break;
	}
	if ((hl = frame_head(head, type, (size_t)n)) == 0) {
		errno = EMSGSIZE;
		return -1;
	}
	if (hl != SHORT_HEAD)
		memmove(p + hl, p + SHORT_HEAD, (size_t)n);
	memcpy(p, head, hl);
	w->len += hl + (size_t)n;
	return 0;
}

int
nc_writer_put_late(struct nc_writer *w, int type, const ProtobufCMessage *msg,
    const struct nc_late *late)
{
	struct hold *h;
	size_t n;

	if (w->nhold == w->holdcap) {
		size_t nc = w->holdcap > 0 ? 2 * w->holdcap : 16;

		if ((h = realloc(w->hold, nc * sizeof *h)) == NULL)
			goto fail;
		w->hold = h;
		w->holdcap = nc;
	}
	h = &w->hold[w->nhold];
	memset(h, 0, sizeof *h);
	n = protobuf_c_message_get_packed_size(msg);
	if (n > NC_FRAME_MAX) {
		errno = EMSGSIZE;
		goto fail;
	}
	if ((h->bytes = malloc(n > 0 ? n : 1)) == NULL)
		goto fail;
	h->n = protobuf_c_message_pack(msg, h->bytes);
	h->at = w->len;
	h->type = type;
	h->desc = msg->descriptor;
	h->late = *late;
	w->nhold++;
	return fill_ready(w);
fail:
	if (late->drop != NULL)
		late->drop(late->arg, late->id);
	return -1;
}

int
nc_writer_frame(struct nc_writer *w, const struct nc_frame *f)
{
	uint8_t *p;

	if (w->nfilled < w->nhold && fill_ready(w) < 0)
		return -1;
	if (reserve(w, nc_varint_len(f->len) + f->len) < 0)
		return -1;
	p = w->buf + w->len;
	p += nc_varint_put(p, f->len);
	memcpy(p, f->data, f->len);
	w->len = (size_t)(p - w->buf) + f->len;
	return 0;
}

int
nc_writer_close(struct nc_writer *w)
{
	size_t i;
	int rc;

	if (w == NULL)
		return 0;
	rc = nc_writer_flush(w);
	/* After a failed write: what was not filled in is not asked
	 * for. */
	for (i = 0; i < w->nhold; i++) {
		if (i >= w->nfilled && w->hold[i].late.drop != NULL)
			w->hold[i].late.drop(w->hold[i].late.arg,
			    w->hold[i].late.id);
		free(w->hold[i].bytes);
	}
	free(w->hold);
	free(w->buf);
	free(w);
	return rc;
}
