/* A first look at a file's head, before libmagic: the commonest body on
 * the web, an HTML page, costs libmagic some 2.5 million instructions
 * (every binary rule fails before its text rules find the tag), and an
 * image 150,000 or more, while their first bytes say what they are. */
#ifndef NC_FILES_SNIFF_H
#define NC_FILES_SNIFF_H

#include <stddef.h>
#include <stdint.h>

/* The MIME type libmagic would give p[0, n) when a look at its first
 * bytes is enough: "image/jpeg", "image/png", "image/gif" or
 * "application/pdf" for a head of 16 bytes or more that opens with the
 * format's magic number, holds a NUL byte and has no octal digit where
 * a tar header's checksum would be; "text/html" for one that
 * opens, after blanks, with an HTML doctype or <html> tag and holds
 * nothing but printable ASCII and blanks.  NULL when libmagic must
 * decide. */
const char *nc_sniff_mime(const uint8_t *p, size_t n);

#endif
