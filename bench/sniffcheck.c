/* sniffcheck: asks libmagic and lib/files/sniff.c for the MIME type of
 * the same heads and says where they differ.  nc-tcp names a body by
 * nc_sniff_mime when it answers and by libmagic otherwise, so a sniffer
 * answer libmagic would not give changes nc-tcp's output; this is the
 * proof that it does not, run by bench/sniff over every body of the test
 * captures.
 *
 * Each FILE (or every regular file in a directory given) is read up to
 * 4096 bytes, nc-tcp's head.  -e adds generated heads: every signature
 * the sniffer knows and near misses of it (a byte changed, cut short,
 * bytes that stronger rules test) with random, zero, 0xff, text, CSV and
 * ISO-8859 tails of several lengths; -E also every value of the byte
 * after each prefix of a signature, and more random tails.  Prints, per type libmagic gave, the heads,
 * how many the sniffer named and libmagic's mean CPU time; one line per
 * difference; exit status 1 if there was one. */
#include <dirent.h>
#include <magic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "files/sniff.h"

static const char usage[] = "sniffcheck [-Eehv] [FILE | DIR]...";

#define HEAD	4096
#define NTYPE	256

static magic_t magic;
static int verbose;
static unsigned long bad;
static struct type {
	char name[96];
	unsigned long heads, sniffed;
	double cpu;
} types[NTYPE];
static size_t ntypes;

static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct type *
type(const char *name)
{
	size_t i;

	for (i = 0; i < ntypes; i++)
		if (strcmp(types[i].name, name) == 0)
			return &types[i];
	if (ntypes == NTYPE)
		return &types[NTYPE - 1];
	snprintf(types[ntypes].name, sizeof types[0].name, "%s", name);
	return &types[ntypes++];
}

static void
check(const char *what, const uint8_t *p, size_t n)
{
	const char *s = nc_sniff_mime(p, n), *m;
	struct type *t;
	double t0 = cpu_now();

	if ((m = magic_buffer(magic, p, n)) == NULL)
		m = "(libmagic failed)";
	t = type(m);
	t->cpu += cpu_now() - t0;
	t->heads++;
	if (s == NULL)
		return;
	t->sniffed++;
	if (strcmp(s, m) != 0) {
		printf("differs: %s: sniffer %s, libmagic %s\n", what, s, m);
		bad++;
	} else if (verbose)
		printf("same: %s: %s\n", what, s);
}

static void
check_file(const char *path)
{
	static uint8_t buf[HEAD];
	FILE *f;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		exit(1);
	}
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	check(path, buf, n);
}

static void
check_path(const char *path)
{
	struct stat st;
	struct dirent *e;
	char sub[4096];
	DIR *d;

	if (stat(path, &st) != 0) {
		perror(path);
		exit(1);
	}
	if (!S_ISDIR(st.st_mode)) {
		check_file(path);
		return;
	}
	if ((d = opendir(path)) == NULL) {
		perror(path);
		exit(1);
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		if (stat(sub, &st) == 0 && S_ISREG(st.st_mode))
			check_file(sub);
	}
	closedir(d);
}

/* The generated heads. */

static uint64_t rs = 0x9e3779b97f4a7c15ull;

static uint8_t
rnd8(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (uint8_t)(rs >> 24);
}

enum { T_RANDOM, T_ZERO, T_FF, T_TEXT, T_HTML, T_CSV, T_LATIN1, NTAIL };
static const char *const tail_name[NTAIL] = {
	"random", "zero", "0xff", "text", "html", "csv", "latin1" };

static void
fill(uint8_t *p, size_t n, int kind)
{
	static const char text[] = "the quick brown fox, jumps over "
	    "\"the\" lazy dog;\n\tvar x = 1;\n";
	static const char html[] = "<html><body><p>a page</p></body>\n";
	static const char csv[] = ",2\n1,2\n3,4\n";
	size_t i;

	for (i = 0; i < n; i++)
		switch (kind) {
		case T_RANDOM: p[i] = rnd8(); break;
		case T_ZERO: p[i] = 0; break;
		case T_FF: p[i] = 0xff; break;
		case T_TEXT: p[i] = (uint8_t)text[i % (sizeof text - 1)]; break;
		case T_HTML: p[i] = (uint8_t)html[i % (sizeof html - 1)]; break;
		case T_CSV: p[i] = (uint8_t)csv[i % (sizeof csv - 1)]; break;
		default: p[i] = (uint8_t)(0xa0 + rnd8() % 0x60); break;
		}
}

/* pre[0, np) then a tail of kind to n bytes in all. */
static void
head(const char *name, const uint8_t *pre, size_t np, size_t n, int kind)
{
	static uint8_t buf[HEAD];
	char what[160];

	if (n > HEAD)
		n = HEAD;
	if (np > n)
		np = n;
	memcpy(buf, pre, np);
	fill(buf + np, n - np, kind);
	snprintf(what, sizeof what, "%s, %zu bytes, %s tail", name, n,
	    tail_name[kind]);
	check(what, buf, n);
}

/* A magic number with the bytes that follow it in a real file. */
#define SIG(name, s)	{ name, s, sizeof s - 1 }
static const struct {
	const char *name;
	const char *magic;
	size_t len;
} sigs[] = {
	SIG("PNG", "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x10\0\0\0\x10\x08\x02"
	    "\0\0\0"),
	SIG("APNG", "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x10\0\0\0\x10\x08\x06"
	    "\0\0\0\0\0\0\0\0\0\0\x08" "acTL\0\0\0\x01\0\0\0\0"),
	SIG("CgBI PNG", "\x89PNG\r\n\x1a\n\0\0\0\x04" "CgBI\x50\0\x20\x06"),
	SIG("JPEG", "\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01"),
	SIG("JPEG bare", "\xff\xd8\xff\xe0"),
	SIG("JPEG Exif", "\xff\xd8\xff\xe1\0\x20" "Exif\0\0MM\0\x2a"),
	SIG("GIF87a", "GIF87a"),
	SIG("GIF89a", "GIF89a\x10\0\x10\0"),
	SIG("WebP", "RIFF\0\x10\0\0WEBPVP8 "),
	SIG("WebP lossless", "RIFF\0\x10\0\0WEBPVP8L"),
	SIG("RIFF WAVE", "RIFF\0\x10\0\0WAVEfmt "),
	SIG("PDF", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
	SIG("PDF bare", "%PDF-1.4"),
	SIG("FDF", "%FDF-1.2\n"),
	SIG("gzip", "\x1f\x8b\x08\0\0\0\0\0\0\x03"),
	SIG("gzip FNAME", "\x1f\x8b\x08\x08\0\0\0\0\0\x03name.txt"),
	SIG("WOFF", "wOFF\0\x01\0\0"),
	SIG("WOFF OTTO", "wOFFOTTO"),
	SIG("WOFF2", "wOF2\0\x01\0\0"),
	SIG("HTML", "<!DOCTYPE html>\n<html>"),
};

static const size_t lens[] = { 16, 17, 24, 64, 512, 1100, 4096 };

static void
generated(int all)
{
	uint8_t pre[64];
	char name[96];
	size_t i, j, k, n;
	int kind, v;

	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		const uint8_t *m = (const uint8_t *)sigs[i].magic;
		size_t len = sigs[i].len;

		for (j = 0; j < sizeof lens / sizeof lens[0]; j++)
			for (kind = 0; kind < NTAIL; kind++)
				head(sigs[i].name, m, len, lens[j], kind);
		/* cut short, then random bytes or nothing after */
		for (n = 0; n <= len; n++) {
			snprintf(name, sizeof name, "%s cut at %zu",
			    sigs[i].name, n);
			head(name, m, n, n + 64, T_RANDOM);
			head(name, m, n, n, T_ZERO);
			for (k = n; k < 20; k++)
				head(name, m, n, k, T_RANDOM);
		}
		/* one byte changed */
		for (k = 0; k < len && len <= sizeof pre; k++)
			for (v = 0; v < 3; v++) {
				static const uint8_t x[] = { 0x01, 0x20, 0x80 };

				memcpy(pre, m, len);
				pre[k] ^= x[v];
				snprintf(name, sizeof name, "%s, byte %zu ^ %#x",
				    sigs[i].name, k, x[v]);
				head(name, pre, len, 1100, T_RANDOM);
			}
		/* every value of the bytes after each prefix of it */
		for (k = 1; all && k <= len && k <= 16; k++)
			for (v = 0; v < 256; v++) {
				memcpy(pre, m, k);
				pre[k] = (uint8_t)v;
				snprintf(name, sizeof name, "%s, %zu bytes, "
				    "then %#x", sigs[i].name, k, v);
				head(name, pre, k + 1, 256, T_RANDOM);
			}
		/* bytes that stronger rules test further in: a DOS/MBR
		 * boot sector's 0x55 0xaa at 510 outranks gzip, WOFF and
		 * RIFF, a tracker module's "M.K." at 1080 outranks every
		 * text rule, HTML's among them (sniff.c says so) */
		if (strcmp(sigs[i].name, "HTML") != 0)
			for (kind = 0; kind < NTAIL; kind++) {
				static uint8_t b[HEAD];

				memcpy(b, m, len);
				fill(b + len, sizeof b - len, kind);
				memcpy(b + 510, "\x55\xaa", 2);
				snprintf(name, sizeof name, "%s, 0x55 0xaa at "
				    "510, %s tail", sigs[i].name,
				    tail_name[kind]);
				check(name, b, sizeof b);
				memcpy(b + 1080, "M.K.", 4);
				snprintf(name, sizeof name, "%s, 0x55 0xaa at "
				    "510 and M.K. at 1080, %s tail",
				    sigs[i].name, tail_name[kind]);
				check(name, b, sizeof b);
			}
		/* a valid tar checksum, which libmagic's tar test takes
		 * before any rule; then its field with a digit but a sum
		 * that does not match */
		for (kind = 0; kind < NTAIL; kind++) {
			static uint8_t b[HEAD];
			unsigned sum = 0;

			memcpy(b, m, len);
			fill(b + len, sizeof b - len, kind);
			memset(b + 148, ' ', 8);
			for (k = 0; k < 512; k++)
				sum += b[k];
			snprintf((char *)b + 148, 8, "%06o", sum);
			snprintf(name, sizeof name, "%s, a tar checksum, %s "
			    "tail", sigs[i].name, tail_name[kind]);
			check(name, b, sizeof b);
			b[149] = b[149] == '7' ? '6' : '7';
			snprintf(name, sizeof name, "%s, a wrong tar "
			    "checksum, %s tail", sigs[i].name, tail_name[kind]);
			check(name, b, sizeof b);
		}
		if (!all)
			continue;
		/* many random tails */
		for (j = 0; j < 64; j++)
			head(sigs[i].name, m, len, 4096, T_RANDOM);
	}
}

int
main(int argc, char **argv)
{
	int c, gen = 0;
	size_t i;

	while ((c = getopt(argc, argv, "Eehv")) != -1)
		switch (c) {
		case 'E':
			gen = 2;
			break;
		case 'e':
			gen = 1;
			break;
		case 'h':
			puts(usage);
			return 0;
		case 'v':
			verbose = 1;
			break;
		default:
			fprintf(stderr, "usage: %s\n", usage);
			return 2;
		}
	/* nc-tcp's flags (lib/files/files.c) */
	if ((magic = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS)) ==
	    NULL || magic_load(magic, NULL) != 0) {
		fprintf(stderr, "sniffcheck: libmagic: %s\n",
		    magic != NULL ? magic_error(magic) : "out of memory");
		return 1;
	}
	if (gen)
		generated(gen == 2);
	for (i = (size_t)optind; i < (size_t)argc; i++)
		check_path(argv[i]);
	printf("%-40s %8s %8s %10s\n", "libmagic's type", "heads", "sniffed",
	    "us/head");
	for (i = 0; i < ntypes; i++)
		printf("%-40s %8lu %8lu %10.1f\n", types[i].name,
		    types[i].heads, types[i].sniffed,
		    types[i].cpu * 1e6 / (double)types[i].heads);
	printf("sniffcheck: %lu differ\n", bad);
	magic_close(magic);
	return bad != 0;
}
