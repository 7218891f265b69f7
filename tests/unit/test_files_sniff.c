/* The first look at a file's head (lib/files/sniff.c): HTML pages named
 * without libmagic, and everything libmagic could name otherwise left to
 * it. */
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
	return tap_done();
}
