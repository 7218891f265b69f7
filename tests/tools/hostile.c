/* hostile: writes one hostile record stream to stdout, for the adversarial
 * tests (tests/bats/hostile.bats).  Every stream is built here from the
 * wire format, so no stored fixture goes stale when the schema grows.
 *
 *	hostile -l		the case names, one a line
 *	hostile [-s size] CASE	that case's bytes; the amplifying frames
 *				hold size bytes (default: the frame cap)
 *
 * Cases ending in -gz, -zst or -xz are another case compressed, to check
 * that a small input cannot make a reader hold what it unpacks to; -zst27
 * and -xz9 ask for a window larger than a reader takes. */
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "registry.h"
#include "stream.h"

struct out {
	unsigned char *p;
	size_t len, cap;
};

static void
put(struct out *o, const void *p, size_t n)
{
	if (o->cap - o->len < n) {
		while (o->cap - o->len < n)
			o->cap = o->cap ? o->cap * 2 : 1 << 16;
		if ((o->p = realloc(o->p, o->cap)) == NULL) {
			perror("hostile");
			exit(1);
		}
	}
	memcpy(o->p + o->len, p, n);
	o->len += n;
}

static void
put_byte(struct out *o, unsigned c)
{
	unsigned char b = (unsigned char)c;

	put(o, &b, 1);
}

static void
put_varint(struct out *o, uint64_t v)
{
	uint8_t b[10];

	put(o, b, nc_varint_put(b, v));
}

/* A frame holding a Record whose member type carries body. */
static void
frame(struct out *o, int type, const struct out *body)
{
	uint64_t tag = (uint64_t)type << 3 | 2;

	put_varint(o, nc_varint_len(tag) + nc_varint_len(body->len) + body->len);
	put_varint(o, tag);
	put_varint(o, body->len);
	put(o, body->p, body->len);
}

/* The Header every stream opens with: version 1, source "hostile". */
static void
header(struct out *o)
{
	struct out b = { 0 };

	put_byte(&b, 1 << 3);
	put_byte(&b, NC_FORMAT_VERSION);
	put_byte(&b, 3 << 3 | 2);
	put_byte(&b, 7);
	put(&b, "hostile", 7);
	frame(o, NETCAP__RECORD__RECORD_HEADER, &b);
	free(b.p);
}

/* Room for the body of one frame under the frame cap. */
#define BODY_MAX (NC_FRAME_MAX - 16)

/* The body of the amplifying frames, -s. */
static size_t body_max = BODY_MAX;

/* A record of type filled with the item bytes repeated up to the cap. */
static void
repeat(struct out *o, int type, const void *item, size_t n)
{
	struct out b = { 0 };

	while (b.len + n <= body_max)
		put(&b, item, n);
	header(o);
	frame(o, type, &b);
	free(b.p);
}

/* DNS answers (26): empty sub-messages, 3 bytes each on the wire. */
static void
c_answers(struct out *o)
{
	static const unsigned char a[] = { 26 << 3 | 2 | 0x80, 1, 0 };

	repeat(o, NETCAP__RECORD__RECORD_DNS, a, sizeof a);
}

/* Records no decoder writes but that are valid protobuf: one field set
 * over and over. */
static void
c_sack(struct out *o)
{
	/* TCP sack (17) one element at a time: 3 bytes each. */
	static const unsigned char a[] = { (17 << 3 | 0) | 0x80, 1, 0 };

	repeat(o, NETCAP__RECORD__RECORD_TCP, a, sizeof a);
}

static void
c_packed(struct out *o)
{
	/* TCP option_kinds (20) packed: one byte per element. */
	struct out b = { 0 };
	size_t i, n = body_max - 8;

	put_varint(&b, 20 << 3 | 2);
	put_varint(&b, n);
	for (i = 0; i < n; i++)
		put_byte(&b, 0);
	header(o);
	frame(o, NETCAP__RECORD__RECORD_TCP, &b);
	free(b.p);
}

static void
c_strings(struct out *o)
{
	/* SIP headers (24), repeated string: empty strings. */
	static const unsigned char a[] = { (24 << 3 | 2) | 0x80, 1, 0 };

	repeat(o, NETCAP__RECORD__RECORD_SIP, a, sizeof a);
}

static void
c_unknown(struct out *o)
{
	/* Field 2047 is not in DNS: each one is kept as an unknown field.
	 * Its tag, 2047 << 3 as a varint, is f8 7f. */
	static const unsigned char a[] = { 0xf8, 0x7f, 0 };

	repeat(o, NETCAP__RECORD__RECORD_DNS, a, sizeof a);
}

static void
c_singular(struct out *o)
{
	/* DNS id (10) over and over: protobuf-c scans each one. */
	static const unsigned char a[] = { 10 << 3 | 0, 0 };

	repeat(o, NETCAP__RECORD__RECORD_DNS, a, sizeof a);
}

static void
c_bytes(struct out *o)
{
	/* Undecoded data (6): one field the size of the frame. */
	struct out b = { 0 };
	size_t i, n = body_max - 8;

	put_varint(&b, 6 << 3 | 2);
	put_varint(&b, n);
	for (i = 0; i < n; i++)
		put_byte(&b, 0x1b);	/* ESC: the costliest byte to escape */
	header(o);
	frame(o, NETCAP__RECORD__RECORD_UNDECODED, &b);
	free(b.p);
}

static void
c_deep(struct out *o)
{
	/* DNS answers, each holding an empty OPT option (20 in the
	 * answer): the deepest path of the schema, many times. */
	static const unsigned char a[] = {
		26 << 3 | 2 | 0x80, 1, 3, (20 << 3 | 2) | 0x80, 1, 0,
	};

	repeat(o, NETCAP__RECORD__RECORD_DNS, a, sizeof a);
}

static void
c_nested_damage(struct out *o)
{
	/* Answers whose insides end early: protobuf-c pays for scanning
	 * every answer before it finds the first one damaged. */
	static const unsigned char a[] = {
		26 << 3 | 2 | 0x80, 1, 2, (20 << 3 | 2) | 0x80, 1,
	};

	repeat(o, NETCAP__RECORD__RECORD_DNS, a, sizeof a);
}

/* The most a reader may hold at once within the default budget: a
 * 16 MiB frame of a type no sink knows (skipped, but read whole), then a
 * string just under the budget, every byte of it a control character, so
 * its rendering is as long as the sinks make it, then another 16 MiB
 * frame, so that a read buffer larger than one frame would fill up. */
/* A frame of exactly the largest length, of a type no sink knows. */
static void
unknown_max(struct out *o)
{
	struct out b = { 0 };
	uint64_t tag = (uint64_t)NC_TYPE_MAX << 3 | 2;
	size_t i, n = NC_FRAME_MAX - nc_varint_len(tag) - 4;

	for (i = 0; i < n; i++)
		put_byte(&b, 0);
	frame(o, NC_TYPE_MAX, &b);
	free(b.p);
}

static void
c_worst(struct out *o)
{
	struct out b = { 0 };
	size_t i, n = (4u << 20) - 4096;

	header(o);
	unknown_max(o);
	put_varint(&b, 5 << 3 | 2);
	put_varint(&b, n);
	for (i = 0; i < n; i++)
		put_byte(&b, 0x1b);
	frame(o, NETCAP__RECORD__RECORD_UNDECODED, &b);
	free(b.p);
	unknown_max(o);
}

/* 1 MiB Undecoded records of zeros, ten times the frame size of them, in
 * one zstd frame with a 128 MiB window (-zst27): the decoder's window
 * fills up, whatever the reader keeps. */
static void
c_window(struct out *o)
{
	struct out b = { 0 };
	size_t i, n = 1u << 20;

	put_varint(&b, 6 << 3 | 2);
	put_varint(&b, n);
	for (i = 0; i < n; i++)
		put_byte(&b, 0);
	header(o);
	for (i = 0; i < (body_max + n - 1) / n * 10; i++)
		frame(o, NETCAP__RECORD__RECORD_UNDECODED, &b);
	free(b.p);
}

static void
c_nested_len(struct out *o)
{
	/* An answer whose length claims 4 GiB. */
	struct out b = { 0 };

	put_varint(&b, 26 << 3 | 2);
	put_varint(&b, 0xffffffffu);
	put_byte(&b, 0);
	header(o);
	frame(o, NETCAP__RECORD__RECORD_DNS, &b);
	free(b.p);
}

static void
c_varint_field(struct out *o)
{
	/* A TCP port as an 11-byte varint, and one of 10 bytes over 64 bits. */
	static const unsigned char a[] = {
		3 << 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0x01,
	};
	struct out b = { 0 };

	put(&b, a, sizeof a);
	header(o);
	frame(o, NETCAP__RECORD__RECORD_TCP, &b);
	free(b.p);
}

static void
c_varint_tag(struct out *o)
{
	/* A field number of 2^29 - 1 in a 5-byte tag, then 10 more bytes of
	 * tag. */
	struct out b = { 0 };
	int i;

	put_varint(&b, ((uint64_t)1 << 32) - 8);
	put_byte(&b, 0);
	for (i = 0; i < 10; i++)
		put_byte(&b, 0xff);
	put_byte(&b, 0);
	header(o);
	frame(o, NETCAP__RECORD__RECORD_TCP, &b);
	free(b.p);
}

static void
c_len_overlong(struct out *o)
{
	/* A frame length in 10 varint bytes. */
	int i;

	header(o);
	for (i = 0; i < 9; i++)
		put_byte(o, 0x80);
	put_byte(o, 0x01);
}

static void
c_len_huge(struct out *o)
{
	header(o);
	put_varint(o, (uint64_t)1 << 34);
}

static void
c_len_cap(struct out *o)
{
	/* One byte over the cap, then nothing. */
	header(o);
	put_varint(o, (uint64_t)NC_FRAME_MAX + 1);
}

static void
c_len_truncated(struct out *o)
{
	/* A frame of the largest length that ends after its envelope. */
	header(o);
	put_varint(o, NC_FRAME_MAX);
	put_varint(o, NETCAP__RECORD__RECORD_UNDECODED << 3 | 2);
	put_varint(o, NC_FRAME_MAX - 5);
}

static void
c_frames(struct out *o)
{
	/* Many empty Header frames: long, but nothing to hold. */
	int i;

	for (i = 0; i < 200000; i++)
		header(o);
}

static void
compress_gz(struct out *o, const struct out *in)
{
	z_stream z;
	unsigned char buf[1 << 16];
	int rc;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		exit(1);
	z.next_in = in->p;
	z.avail_in = (uInt)in->len;
	do {
		z.next_out = buf;
		z.avail_out = sizeof buf;
		rc = deflate(&z, Z_FINISH);
		put(o, buf, sizeof buf - z.avail_out);
	} while (rc == Z_OK);
	deflateEnd(&z);
}

/* Compressed with no content size, and with the window asked for, or as
 * the level sets it. */
static void
compress_zst(struct out *o, const struct out *in, int wlog)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	ZSTD_inBuffer zi = { in->p, in->len, 0 };
	unsigned char buf[1 << 16];
	ZSTD_outBuffer zo;
	size_t rc;

	ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
	if (wlog > 0)
		ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, wlog);
	ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 0);
	do {
		zo.dst = buf;
		zo.size = sizeof buf;
		zo.pos = 0;
		rc = ZSTD_compressStream2(c, &zo, &zi, ZSTD_e_end);
		if (ZSTD_isError(rc))
			exit(1);
		put(o, buf, zo.pos);
	} while (rc != 0);
	ZSTD_freeCCtx(c);
}

/* xz at its default preset (an 8 MiB dictionary); big asks for a 64 MiB
 * one, as xz -9 does, in the block header only: encoding with it would
 * take the encoder 674 MiB. */
static void
compress_xz(struct out *o, const struct out *in, int big)
{
	size_t start = o->len;
	uint32_t crc;
	lzma_stream x = LZMA_STREAM_INIT;
	unsigned char buf[1 << 16];
	lzma_ret rc;

	if (lzma_easy_encoder(&x, 6, LZMA_CHECK_CRC64) != LZMA_OK)
		exit(1);
	x.next_in = in->p;
	x.avail_in = in->len;
	do {
		x.next_out = buf;
		x.avail_out = sizeof buf;
		rc = lzma_code(&x, LZMA_FINISH);
		if (rc != LZMA_OK && rc != LZMA_STREAM_END)
			exit(1);
		put(o, buf, sizeof buf - x.avail_out);
	} while (rc != LZMA_STREAM_END);
	lzma_end(&x);
	/* The 12-byte stream header, then the block header: size, flags,
	 * filter 0x21 (LZMA2), 1 property byte (the dictionary), padding,
	 * CRC32. */
	if (big && o->len - start >= 24 && o->p[start + 14] == 0x21) {
		o->p[start + 16] = 0x1c;
		crc = lzma_crc32(o->p + start + 12, 8, 0);
		for (int i = 0; i < 4; i++)
			o->p[start + 20 + i] = (unsigned char)(crc >> (8 * i));
	}
}

static const struct {
	const char *name;
	void (*make)(struct out *);
} cases[] = {
	{ "answers", c_answers },
	{ "sack", c_sack },
	{ "packed", c_packed },
	{ "strings", c_strings },
	{ "unknown", c_unknown },
	{ "singular", c_singular },
	{ "bytes", c_bytes },
	{ "deep", c_deep },
	{ "nested-damage", c_nested_damage },
	{ "nested-len", c_nested_len },
	{ "varint-field", c_varint_field },
	{ "varint-tag", c_varint_tag },
	{ "len-overlong", c_len_overlong },
	{ "len-huge", c_len_huge },
	{ "len-cap", c_len_cap },
	{ "len-truncated", c_len_truncated },
	{ "frames", c_frames },
	{ "window", c_window },
	{ "worst", c_worst },
};
#define NCASES (sizeof cases / sizeof cases[0])

int
main(int argc, char *argv[])
{
	struct out raw = { 0 }, z = { 0 };
	const struct out *o = &raw;
	char name[64];
	size_t i, n;
	char *dot;

	if (argc == 4 && strcmp(argv[1], "-s") == 0) {
		body_max = strtoul(argv[2], NULL, 10);
		if (body_max < 64 || body_max > BODY_MAX)
			body_max = BODY_MAX;
		argc -= 2;
		argv += 2;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: hostile -l | hostile [-s size] "
		    "CASE[-gz|-zst|-zst27|-xz|-xz9]\n");
		return 2;
	}
	if (strcmp(argv[1], "-l") == 0) {
		for (i = 0; i < NCASES; i++)
			printf("%s\n%s-gz\n%s-zst\n%s-xz\n", cases[i].name,
			    cases[i].name, cases[i].name, cases[i].name);
		printf("window-zst27\nwindow-xz9\n");
		return 0;
	}
	snprintf(name, sizeof name, "%s", argv[1]);
	dot = strrchr(name, '-');
	if (dot != NULL && strcmp(dot, "-gz") != 0 && strcmp(dot, "-zst") != 0 &&
	    strcmp(dot, "-zst27") != 0 && strcmp(dot, "-xz") != 0 &&
	    strcmp(dot, "-xz9") != 0)
		dot = NULL;
	if (dot != NULL)
		*dot = '\0';
	for (i = 0; i < NCASES && strcmp(cases[i].name, name) != 0; i++)
		;
	if (i == NCASES) {
		fprintf(stderr, "hostile: unknown case: %s\n", argv[1]);
		return 2;
	}
	cases[i].make(&raw);
	if (dot != NULL) {
		if (strcmp(dot + 1, "gz") == 0)
			compress_gz(&z, &raw);
		else if (strncmp(dot + 1, "xz", 2) == 0)
			compress_xz(&z, &raw, dot[3] == '9');
		else
			compress_zst(&z, &raw, strcmp(dot + 1, "zst27") == 0 ?
			    27 : 0);
		o = &z;
	}
	n = fwrite(o->p, 1, o->len, stdout);
	if (n != o->len || fflush(stdout) != 0) {
		perror("hostile");
		return 1;
	}
	free(raw.p);
	free(z.p);
	return 0;
}
