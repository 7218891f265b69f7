/* The first look at a file's head (sniff.h).
 *
 * libmagic names a buffer text/html through its text rules
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
	size_t i;
	int quotes = 0;

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
