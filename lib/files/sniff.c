/* The first look at a file's head (sniff.h).
 *
 * Binary formats first.  libmagic 5.44 (Debian's) tries its binary
 * rules in order of strength (file -l lists them) and, asked for a MIME
 * type, stops at the first that matches.  Named here are formats whose
 * rule tests a magic number at offset 0 and is among the strongest:
 * JPEG (210), PNG (200), GIF (150) and PDF (140).  Of the rules tried
 * before them (206 before JPEG's, 222 before PNG's, 482 before GIF's,
 * 544 before PDF's, read out of Debian's magic.mgc), each tests bytes at
 * offset 0 that differ from these prefixes or a string of at least six
 * bytes further in, so the prefix decides.  It is at least what
 * libmagic's rule wants (a PNG's IHDR chunk: the signature alone, or a
 * CgBI chunk after it, is left to libmagic), and a head under HEAD_MIN
 * bytes goes to libmagic, which calls the first three bytes of a JPEG
 * alone text.
 *
 * Before its binary rules libmagic runs its CSV test on text, and takes
 * "GIF89a,1\n2,3\n..." for CSV, as it does a JPEG whose bytes all pass
 * as ISO-8859 text.  A NUL byte is text in none of the encodings libmagic
 * tries (UTF-16 and UTF-32 want a byte order mark first, which none of
 * the prefixes is), so a head is named here only when it holds one, as
 * every such file of the test captures does.
 *
 * Its tar test (is_tar.c) runs first too: a 512-byte block whose
 * checksum field, eight bytes at offset 148 read as octal after blanks,
 * equals the sum of the block's bytes is tar, whatever its first bytes
 * are.  That sum counts the field as eight spaces, so it is at least 256,
 * and a field with no octal digit after its blanks, which libmagic reads
 * as 0 or not at all, never matches it; a head whose field has one goes
 * to libmagic.
 *
 * Left to libmagic on purpose: gzip, WOFF, WOFF2 and RIFF (WebP), whose
 * rules are weak enough (70 for WOFF) that a DOS/MBR boot sector's
 * 0x55 0xaa at byte 510 outranks them (a gzipped man page on Debian is
 * "DOS/MBR boot sector" to libmagic); zip (docx, jar, apk: libmagic
 * names zip files by what they hold); ISO media such as MP4 (the name
 * depends on the brand); JSON (libmagic's own parser decides, and
 * cheaply: some 50,000 instructions a document).  bench/sniff checks
 * every answer against libmagic's over the bodies of the test captures
 * and generated near misses.
 *
 * Then HTML.  libmagic names a buffer text/html through its text rules
 * (Magdir/sgml: "<!doctype html" and "<html" searched for in the first
 * 4096 bytes, case folded), which it runs only on text and only after
 * every binary rule has failed.  What is answered here is a subset of
 * that: the tag first, and only bytes libmagic's encoding test calls
 * ASCII text, so that libmagic would have given the same name; anything
 * else, UTF-8 pages included, goes to libmagic.
 *
 * Of libmagic's checks that run before its text rules, the CSV one
 * (is_csv.c) is the one a page could pass: it wants a first line with a
 * comma outside quotes, so a page whose first line has no comma and
 * whose quotes pair up there goes to libmagic's text/html, and one that
 * does not is left to libmagic.  A binary rule that matches bytes
 * further in (a tracker module's "M.K." at byte 1080, say) would have
 * won in libmagic; such a page is still named text/html here. */
#include "files/sniff.h"

#include <string.h>

#include "decode/cursor.h"

#define HEAD_MIN	16
#define TAR_BLOCK	512
#define TAR_SUM_AT	148		/* the checksum field, 8 bytes */

static const struct sig {
	const char *mime;
	const char *magic;
	size_t len;
} sigs[] = {
	{ "image/jpeg", "\xff\xd8\xff", 3 },
	{ "image/png", "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16 },
	{ "image/gif", "GIF87a", 6 },
	{ "image/gif", "GIF89a", 6 },
	{ "application/pdf", "%PDF-", 5 },
};

/* A head libmagic's tar test could take: its checksum field holds an
 * octal digit after blanks (isspace(3) in the C locale). */
static int
tar_sum(struct nc_cur *c)
{
	const uint8_t *f;
	size_t i;

	if (nc_cur_left(c) < TAR_BLOCK ||
	    (f = nc_cur_at(c, TAR_SUM_AT, 8)) == NULL)
		return 0;
	for (i = 0; i < 8 && (f[i] == ' ' || (f[i] >= '\t' && f[i] <= '\r'));
	    i++)
		;
	return i < 8 && f[i] >= '0' && f[i] <= '7';
}

static const char *
binary(const uint8_t *p, size_t n)
{
	struct nc_cur c = nc_cur_make(p, n);
	const uint8_t *q;
	size_t i;

	if (n < HEAD_MIN || (q = nc_cur_at(&c, 0, HEAD_MIN)) == NULL)
		return NULL;
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (q[0] == (uint8_t)sigs[i].magic[0] &&
		    memcmp(q, sigs[i].magic, sigs[i].len) == 0)
			return memchr(p, 0, n) != NULL && !tar_sum(&c) ?
			    sigs[i].mime : NULL;
	return NULL;
}

static int
blank(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* p[i, n) starts with the lower-case word w, case folded, and a blank or
 * '>' follows it. */
static int
tag(const uint8_t *p, size_t n, size_t i, const char *w)
{
	size_t k, len = strlen(w);

	if (n - i <= len)
		return 0;
	for (k = 0; k < len; k++) {
		uint8_t c = p[i + k];

		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c - 'A' + 'a');
		if (c != (uint8_t)w[k])
			return 0;
	}
	return blank(p[i + len]) || p[i + len] == '>';
}

const char *
nc_sniff_mime(const uint8_t *p, size_t n)
{
	const char *t;
	size_t i;
	int quotes = 0;

	if ((t = binary(p, n)) != NULL)
		return t;
	for (i = 0; i < n && blank(p[i]); i++)
		;
	if (i == n || !(tag(p, n, i, "<!doctype html") ||
	    tag(p, n, i, "<html")))
		return NULL;
	for (i = 0; i < n && p[i] != '\n'; i++) {
		if (p[i] == ',')
			return NULL;
		quotes ^= p[i] == '"';
	}
	if (quotes)
		return NULL;
	for (i = 0; i < n; i++)
		if ((p[i] < 0x20 || p[i] > 0x7e) && !blank(p[i]))
			return NULL;
	return "text/html";
}
