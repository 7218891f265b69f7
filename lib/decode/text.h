/* Text out of a packet.  A string field must point to NUL-terminated
 * UTF-8 the decoder owns, so it is copied into a fixed buffer and loses
 * what a string cannot hold; a bytes field marked [text] keeps every byte
 * (nc_dec_span).  A packet decides neither the size nor the end of
 * either. */
#ifndef NC_DECODE_TEXT_H
#define NC_DECODE_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "decode/cursor.h"
#include "render.h"

#include <protobuf-c/protobuf-c.h>

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

/* Up to max bytes of p[0, n) for a bytes field marked [text] in the
 * schema: the packet's own bytes as they are, NUL and invalid UTF-8
 * included, since the sinks escape them; the record is packed before the
 * packet goes away.  No copy, so nothing here can cut the text short. */
static inline ProtobufCBinaryData
nc_dec_span(const uint8_t *p, size_t n, size_t max)
{
	ProtobufCBinaryData b;

	b.len = p != NULL ? (n < max ? n : max) : 0;
	b.data = (uint8_t *)(uintptr_t)p;
	return b;
}

/* nc_dec_span for text the wire ends with a NUL when it is shorter than
 * its field (BOOTP sname and file, LCM channel names): up to that NUL. */
static inline ProtobufCBinaryData
nc_dec_cstr(const uint8_t *p, size_t n, size_t max)
{
	struct nc_cur c = nc_cur_make(p, p != NULL ? n : 0);
	size_t i = 0;

	while (i < nc_cur_left(&c) && nc_cur_peek(&c, i) != 0)
		i++;
	return nc_dec_span(p, i, max);
}

/* nc_dec_span on a copy in dst, for text in a buffer that goes away
 * before the record is packed (decrypted QUIC data). */
static inline ProtobufCBinaryData
nc_dec_copy(void *dst, size_t cap, const uint8_t *p, size_t n)
{
	ProtobufCBinaryData b = nc_dec_span(p, n, cap);

	if (b.len > 0)
		memcpy(dst, p, b.len);
	b.data = dst;
	return b;
}

#endif
