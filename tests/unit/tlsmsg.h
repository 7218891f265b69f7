/* Builds TLS handshake messages and records for the TLS unit tests: a
 * byte buffer with big-endian appenders and length prefixes filled in
 * once what they cover is written. */
#ifndef NC_TEST_TLSMSG_H
#define NC_TEST_TLSMSG_H

#include <stdint.h>
#include <string.h>

struct msg {
	uint8_t b[70000];
	size_t n;
};

static void __attribute__((unused))
u8(struct msg *m, unsigned v)
{
	m->b[m->n++] = (uint8_t)v;
}

static void __attribute__((unused))
u16(struct msg *m, unsigned v)
{
	u8(m, v >> 8);
	u8(m, v);
}

static void __attribute__((unused))
u24(struct msg *m, unsigned long v)
{
	u8(m, (unsigned)(v >> 16));
	u16(m, (unsigned)(v & 0xffff));
}

static void __attribute__((unused))
raw(struct msg *m, const void *p, size_t n)
{
	memcpy(m->b + m->n, p, n);
	m->n += n;
}

/* A length of w bytes, filled in by end(). */
static size_t __attribute__((unused))
begin(struct msg *m, int w)
{
	size_t at = m->n;

	m->n += (size_t)w;
	return at;
}

static void __attribute__((unused))
end(struct msg *m, size_t at, int w)
{
	size_t v = m->n - at - (size_t)w;
	int i;

	for (i = w - 1; i >= 0; i--, v >>= 8)
		m->b[at + (size_t)i] = (uint8_t)(v & 0xff);
}

/* An extension with the given data. */
static void __attribute__((unused))
ext(struct msg *m, unsigned type, const void *data, size_t n)
{
	u16(m, type);
	u16(m, (unsigned)n);
	raw(m, data, n);
}

/* A list of 16-bit values with a w-byte length, as an extension. */
static void __attribute__((unused))
ext16(struct msg *m, unsigned type, int w, const unsigned *v, size_t n)
{
	size_t e, l, i;

	u16(m, type);
	e = begin(m, 2);
	l = begin(m, w);
	for (i = 0; i < n; i++)
		u16(m, v[i]);
	end(m, l, w);
	end(m, e, 2);
}

/* Wraps the n bytes of p in TLS records of at most per bytes each. */
static void __attribute__((unused))
records(struct msg *out, unsigned type, unsigned version, const uint8_t *p,
    size_t n, size_t per)
{
	size_t k;

	while (n > 0) {
		k = n < per ? n : per;
		u8(out, type);
		u16(out, version);
		u16(out, (unsigned)k);
		raw(out, p, k);
		p += k;
		n -= k;
	}
}

#endif
