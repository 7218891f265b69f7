/* Copying text out of a packet into a fixed buffer: string fields must
 * point to NUL-terminated memory the decoder owns, and a packet decides
 * neither the size nor the end of that memory. */
#ifndef NC_DECODE_TEXT_H
#define NC_DECODE_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Copies n bytes of p, up to the first NUL, into dst of cap bytes (cap
 * >= 1) and terminates it.  Returns 1 when the text did not fit. */
static inline int
nc_dec_text(char *dst, size_t cap, const uint8_t *p, size_t n)
{
	const uint8_t *z = p != NULL ? memchr(p, 0, n) : NULL;
	int cut = 0;

	if (p == NULL)
		n = 0;
	if (z != NULL)
		n = (size_t)(z - p);
	if (n >= cap) {
		n = cap - 1;
		cut = 1;
	}
	if (n > 0)
		memcpy(dst, p, n);
	dst[n] = '\0';
	return cut;
}

#endif
