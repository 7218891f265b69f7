/* The first look at a file's head (lib/files/sniff.c): JPEG, PNG, GIF
 * and PDF files and HTML pages named without libmagic, and everything
 * libmagic could name otherwise left to it. */
#include <stdio.h>
#include <string.h>

#include "files/sniff.h"
#include "tap.h"

static const char *
sniff(const char *s)
{
	return nc_sniff_mime((const uint8_t *)s, strlen(s));
}

static int
html(const char *s)
{
	const char *t = sniff(s);

	return t != NULL && strcmp(t, "text/html") == 0;
}

/* n bytes: pre, then NUL bytes. */
static const char *
bin(const char *pre, size_t np, size_t n)
{
	static uint8_t b[64];

	memset(b, 0, sizeof b);
	memcpy(b, pre, np);
	return nc_sniff_mime(b, n);
}

static int
is(const char *t, const char *want)
{
	return t != NULL && strcmp(t, want) == 0;
}

/* libmagic's tar test runs before its rules: a 512-byte block whose
 * checksum field (8 bytes at 148) holds the sum of its bytes. */
static void
tar(void)
{
	static uint8_t b[600];
	unsigned sum = 0;
	size_t i;

	memcpy(b, "\xff\xd8\xff\xe0\0\x10JFIF\0", 11);
	memset(b + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += b[i];
	snprintf((char *)b + 148, 8, "%06o", sum);
	ok(nc_sniff_mime(b, sizeof b) == NULL,
	    "a JPEG head that is a tar header too: left to libmagic");
	b[149] = '7';
	ok(nc_sniff_mime(b, sizeof b) == NULL,
	    "a JPEG head with octal digits in the tar checksum field");
	memcpy(b + 148, " \t 9999 ", 8);
	ok(is(nc_sniff_mime(b, sizeof b), "image/jpeg"),
	    "blanks, then no octal digit: never a tar checksum");
	memcpy(b + 148, "  0000  ", 8);
	ok(is(nc_sniff_mime(b, 511), "image/jpeg"),
	    "digits there, but a head under a tar block");
}

static void
binary(void)
{
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR";
	static const char csv[] = "GIF89a,2\n1,2\n3,4\n5,6\n";
	static const uint8_t jpeg_text[] = "\xff\xd8\xff\xe0 a,b\n1,2\n3,4\n";

	ok(is(bin("\xff\xd8\xff\xe0\0\x10JFIF", 11, 32), "image/jpeg"),
	    "a JPEG file (JFIF)");
	ok(is(bin("\xff\xd8\xff\xdb", 4, 16), "image/jpeg"),
	    "a JPEG file, quantization table first");
	ok(bin("\xff\xd8\xff\xe0", 4, 15) == NULL,
	    "a JPEG head under 16 bytes");
	ok(bin("\xff\xd8\x00\xe0", 4, 32) == NULL,
	    "0xff 0xd8 without the third byte's 0xff");
	ok(is(bin(png, sizeof png - 1, 33), "image/png"), "a PNG file");
	ok(bin(png, 8, 33) == NULL, "the PNG signature alone");
	ok(bin("\x89PNG\r\n\x1a\n\0\0\0\x04CgBI", 16, 33) == NULL,
	    "an Apple CgBI chunk before IHDR");
	ok(bin("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDr", 16, 33) == NULL,
	    "a chunk name in another case");
	ok(is(bin("GIF89a\x10\0\x10\0", 10, 32), "image/gif"),
	    "a GIF89a file");
	ok(is(bin("GIF87a", 6, 32), "image/gif"), "a GIF87a file");
	ok(bin("GIF88a", 6, 32) == NULL, "another GIF version");
	ok(is(bin("%PDF-1.7\n", 9, 32), "application/pdf"), "a PDF file");
	ok(bin("\n%PDF-1.7\n", 10, 32) == NULL, "a newline before %%PDF-");
	ok(bin("%FDF-1.2\n", 9, 32) == NULL, "an FDF file");
	ok(sniff(csv) == NULL,
	    "GIF's magic before text libmagic's CSV test takes");
	ok(nc_sniff_mime(jpeg_text, sizeof jpeg_text - 1) == NULL,
	    "JPEG's magic before text, no NUL byte");
	tar();
	ok(bin("\x1f\x8b\x08\0", 4, 32) == NULL, "gzip: left to libmagic");
	ok(bin("wOF2\0\x01\0\0", 8, 32) == NULL, "WOFF2: left to libmagic");
	ok(bin("RIFF\0\x10\0\0WEBPVP8 ", 16, 32) == NULL,
	    "WebP: left to libmagic");
}

int
main(void)
{
	static const uint8_t nul[] = "<html>\0</html>";

	ok(html("<!DOCTYPE html>\n<html><body>x</body></html>\n"),
	    "a doctype");
	ok(html("<!doctype HTML><html>"), "case folded");
	ok(html(" \r\n\t<html lang=en>\n"), "blanks before the tag");
	ok(html("<HTML>"), "the tag alone");
	ok(html("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" "
	    "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1.dtd\">\n<html>"),
	    "quotes that pair up on the first line");
	ok(sniff("") == NULL, "nothing");
	ok(sniff("<html") == NULL, "cut inside the tag");
	ok(sniff("<htmlx>") == NULL, "another tag");
	ok(sniff("<!doctype htm>") == NULL, "another doctype");
	ok(sniff("x<html>") == NULL, "text before the tag");
	ok(sniff("<?xml version=\"1.0\"?>\n<html>") == NULL, "XML first");
	ok(sniff("<html>a,b\n1,2\n3,4\n") == NULL,
	    "a first line libmagic's CSV check could take");
	ok(sniff("<html \"a\n,b\"\n") == NULL,
	    "a quote left open on the first line");
	ok(sniff("<html>\n\xc3\xa9t\xc3\xa9\n") == NULL, "UTF-8 text");
	ok(nc_sniff_mime(nul, sizeof nul - 1) == NULL, "a NUL byte");
	ok(sniff("<html>\x1b[0m") == NULL, "a control byte");
	ok(sniff("<html>\x7f") == NULL, "DEL");
	binary();
	return tap_done();
}
