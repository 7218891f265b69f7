/* A first look at a file's head, before libmagic: the commonest body on
 * the web, an HTML page, costs libmagic some 2.5 million instructions
 * (every binary rule fails before its text rules find the tag), while
 * its first bytes say what it is. */
#ifndef NC_FILES_SNIFF_H
#define NC_FILES_SNIFF_H

#include <stddef.h>
#include <stdint.h>

/* "text/html" when p[0, n) opens, after blanks, with an HTML doctype or
 * <html> tag and holds nothing but printable ASCII and blanks; NULL when
 * libmagic must decide. */
const char *nc_sniff_mime(const uint8_t *p, size_t n);

#endif
