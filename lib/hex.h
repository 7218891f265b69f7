/* A hexadecimal digit's value, for the parsers of text that carries
 * bytes or numbers in hex (filter literals, pinned keys, %XX escapes). */
#ifndef NC_HEX_H
#define NC_HEX_H

/* 0-15, or -1 when c is not a hex digit of either case. */
static inline int
nc_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
