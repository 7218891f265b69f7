/* Copying text out of a packet into a fixed buffer: string fields must
 * point to NUL-terminated memory the decoder owns, and a packet decides
 * neither the size nor the end of that memory. */
#ifndef NC_DECODE_TEXT_H
#define NC_DECODE_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "decode/cursor.h"
#include "render.h"

/* Copies n bytes of p into dst (n + 1 bytes) and terminates it; a byte
 * that does not start a valid UTF-8 sequence becomes '.'.  A protobuf
 * string must hold UTF-8: a reader in another language rejects a record
 * whose string does not.  The length stays n. */
static inline char *
nc_dec_utf8(char *dst, const uint8_t *p, size_t n)
{
	struct nc_cur c = nc_cur_make(p, n);
	const uint8_t *q;
	size_t i = 0, k, left;

	while (nc_cur_left(&c) > 0) {
		q = nc_cur_rest(&c, &left);
		k = nc_utf8_len(q, left);
		if (k == 0) {
			dst[i++] = '.';
			nc_cur_skip(&c, 1);
			continue;
		}
		memcpy(dst + i, nc_cur_bytes(&c, k), k);
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
	int cut = 0;

	n = p != NULL ? strnlen((const char *)p, n) : 0;
	if (n >= cap) {
		n = cap - 1;
		cut = 1;
	}
	nc_dec_utf8(dst, p, n);
	return cut;
}

#endif
