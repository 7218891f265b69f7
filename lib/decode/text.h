/* Copying text out of a packet into a fixed buffer: string fields must
 * point to NUL-terminated memory the decoder owns, and a packet decides
 * neither the size nor the end of that memory. */
#ifndef NC_DECODE_TEXT_H
#define NC_DECODE_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "render.h"

/* Copies n bytes of p into dst (n + 1 bytes) and terminates it; a byte
 * that does not start a valid UTF-8 sequence becomes '.'.  A protobuf
 * string must hold UTF-8: a reader in another language rejects a record
 * whose string does not.  The length stays n. */
static inline char *
nc_dec_utf8(char *dst, const uint8_t *p, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		k = nc_utf8_len(p + i, n - i);
		if (k == 0) {
			dst[i++] = '.';
			continue;
		}
		memcpy(dst + i, p + i, k);
		i += k;
	}
	dst[n] = '\0';
	return dst;
}

/* Copies n bytes of p, up to the first NUL, into dst of cap bytes (cap
 * >= 1) as nc_dec_utf8 does.  Returns 1 when the text did not fit. */
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
	nc_dec_utf8(dst, p, n);
	return cut;
}

#endif
