/* Text for one scalar.  Hand-rolled rather than snprintf: the sinks make a
 * few dozen of these per record, and printf's locale and format parsing
 * cost more than the rest of the record. */
#include "render.h"
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char hexdig[] = "0123456789abcdef";

void
nc_buf_grow(struct nc_buf *b, size_t n)
{
	size_t cap = b->cap > 0 ? b->cap : 256;
	char *p;

	while (cap - b->len < n) {
		if (cap > SIZE_MAX / 2)
			nc_die("out of memory");
		cap *= 2;
	}
	p = realloc(b->p, cap);
	if (p == NULL)
		nc_die("out of memory");
	b->p = p;
	b->cap = cap;
}

void
nc_buf_free(struct nc_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void
nc_buf_put(struct nc_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;		/* b->p may still be NULL */
	nc_buf_reserve(b, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

void
nc_buf_puts(struct nc_buf *b, const char *s)
{
	nc_buf_put(b, s, strlen(s));
}

int
nc_time_fmt_parse(const char *s)
{
	if (strcmp(s, "epoch") == 0)
		return NC_TIME_EPOCH;
	if (strcmp(s, "iso") == 0)
		return NC_TIME_ISO;
	return -1;
}

static const char pairs[201] =
    "0001020304050607080910111213141516171819"
    "2021222324252627282930313233343536373839"
    "4041424344454647484950515253545556575859"
    "6061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* Decimal digits of v: 1 to 20. */
static int
ndigits(uint64_t v)
{
	int n = 1;

	while (v >= 10000) {
		v /= 10000;
		n += 4;
	}
	return n + (v >= 10) + (v >= 100) + (v >= 1000);
}

/* Writes v's n digits to end just before o[n]; two digits a division. */
static void
put_digits(char *o, uint64_t v, int n)
{
	o += n;
	while (v >= 100) {
		o -= 2;
		memcpy(o, pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10)
		memcpy(o - 2, pairs + 2 * v, 2);
	else
		o[-1] = (char)('0' + v);
}

void
nc_fmt_u64(struct nc_buf *b, uint64_t v)
{
	int n;

	/* Integers are most of what a sink writes, and most are small. */
	if (v < 10) {
		nc_buf_putc(b, (char)('0' + v));
		return;
	}
	n = ndigits(v);
	nc_buf_reserve(b, 20);
	put_digits(b->p + b->len, v, n);
	b->len += (size_t)n;
}

void
nc_fmt_i64(struct nc_buf *b, int64_t v)
{
	if (v < 0) {
		nc_buf_putc(b, '-');
		nc_fmt_u64(b, (uint64_t)0 - (uint64_t)v);
	} else {
		nc_fmt_u64(b, (uint64_t)v);
	}
}

/* n digits of v, zero-padded. */
static void
digits(char *p, uint64_t v, int n)
{
	while (n >= 2) {
		n -= 2;
		memcpy(p + n, pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (n == 1)
		p[0] = (char)('0' + v % 10);
}

/* Two digits of v < 100. */
static inline void
two(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

/* "YYYY-MM-DDTHH:MM:SS" (19 bytes) at p for sec seconds since the epoch,
 * in the proleptic Gregorian calendar, as gmtime_r gives it; -1 (p
 * untouched) outside years 0 to 9999.  Arithmetic rather than gmtime_r,
 * which takes the time zone lock: days are counted from 0000-03-01 so
 * that the leap day ends a year, in 400-year eras of 146097 days.  The
 * caller's buffer keeps the last one, so this runs once a second of
 * capture time. */
static int
utc_date(char *p, int64_t sec)
{
	int64_t days = sec / 86400, sod = sec % 86400, era, doe, yoe, doy, mp;
	int64_t y, m, d;

	if (sod < 0) {
		sod += 86400;
		days--;
	}
	days += 719468;			/* 1970-01-01 from 0000-03-01 */
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;			/* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* [0, 365] */
	mp = (5 * doy + 2) / 153;			/* March is 0 */
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	if (y < 0 || y > 9999)
		return -1;
	two(p, (unsigned)(y / 100));
	two(p + 2, (unsigned)(y % 100));
	p[4] = '-';
	two(p + 5, (unsigned)m);
	p[7] = '-';
	two(p + 8, (unsigned)d);
	p[10] = 'T';
	two(p + 11, (unsigned)(sod / 3600));
	p[13] = ':';
	two(p + 14, (unsigned)(sod / 60 % 60));
	p[16] = ':';
	two(p + 17, (unsigned)(sod % 60));
	return 0;
}

void
nc_fmt_time(struct nc_buf *b, int64_t ns, int fmt)
{
	int64_t sec;
	uint64_t frac;
	char *p;

	if (fmt == NC_TIME_EPOCH) {
		uint64_t mag = ns < 0 ? (uint64_t)0 - (uint64_t)ns
		    : (uint64_t)ns;

		if (ns < 0)
			nc_buf_putc(b, '-');
		nc_fmt_u64(b, mag / 1000000000u);
		nc_buf_reserve(b, 10);
		p = b->p + b->len;
		p[0] = '.';
		digits(p + 1, mag % 1000000000u, 9);
		b->len += 10;
		return;
	}
	sec = ns / 1000000000;
	if (ns % 1000000000 < 0) {
		sec--;
		frac = (uint64_t)(ns % 1000000000 + 1000000000);
	} else {
		frac = (uint64_t)(ns % 1000000000);
	}
	if (b->date[0] == '\0' || b->date_sec != sec) {
		if (utc_date(b->date, sec) == -1) {
			nc_fmt_i64(b, ns);
			return;
		}
		b->date_sec = sec;
	}
	nc_buf_reserve(b, 30);
	p = b->p + b->len;
	memcpy(p, b->date, sizeof b->date);
	p[19] = '.';
	digits(p + 20, frac, 9);
	p[29] = 'Z';
	b->len += 30;
}

void
nc_fmt_double(struct nc_buf *b, double v)
{
	char t[400];
	uint64_t scaled, frac;
	int n, i;

	if (isnan(v)) {
		nc_buf_puts(b, "nan");
		return;
	}
	if (isinf(v)) {
		nc_buf_puts(b, v < 0 ? "-inf" : "inf");
		return;
	}
	if (fabs(v) < 1e12) {
		/* Exact integer arithmetic on micro-units. */
		scaled = (uint64_t)llround(fabs(v) * 1e6);
		if (scaled == 0) {
			nc_buf_putc(b, '0');
			return;
		}
		if (v < 0)
			nc_buf_putc(b, '-');
		nc_fmt_u64(b, scaled / 1000000);
		frac = scaled % 1000000;
		if (frac == 0)
			return;
		n = 6;
		while (frac % 10 == 0) {
			frac /= 10;
			n--;
		}
		nc_buf_reserve(b, 7);
		b->p[b->len] = '.';
		digits(b->p + b->len + 1, frac, n);
		b->len += (size_t)n + 1;
		return;
	}
	/* Huge values: printf in the C locale, which the programs never
	 * leave. */
	n = snprintf(t, sizeof t, "%.6f", v);
	if (n < 0 || (size_t)n >= sizeof t) {
		nc_buf_puts(b, "nan");
		return;
	}
	for (i = n - 1; i > 0 && t[i] == '0'; i--)
		;
	if (t[i] == '.')
		i--;
	nc_buf_put(b, t, (size_t)i + 1);
}

void
nc_fmt_hex(struct nc_buf *b, const uint8_t *p, size_t n)
{
	char *o;
	size_t i;

	nc_buf_reserve(b, 2 * n);
	o = b->p + b->len;
	for (i = 0; i < n; i++) {
		*o++ = hexdig[p[i] >> 4];
		*o++ = hexdig[p[i] & 15];
	}
	b->len += 2 * n;
}

void
nc_fmt_hex64(struct nc_buf *b, uint64_t v)
{
	char *o;
	int i;

	nc_buf_reserve(b, 16);
	o = b->p + b->len;
	for (i = 15; i >= 0; i--) {
		o[i] = hexdig[v & 15];
		v >>= 4;
	}
	b->len += 16;
}

void
nc_fmt_base64(struct nc_buf *b, const uint8_t *p, size_t n)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *o;
	size_t i;
	uint32_t v;

	nc_buf_reserve(b, (n + 2) / 3 * 4);
	o = b->p + b->len;
	for (i = 0; i + 3 <= n; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		*o++ = a[v >> 18];
		*o++ = a[v >> 12 & 63];
		*o++ = a[v >> 6 & 63];
		*o++ = a[v & 63];
	}
	if (n - i == 1) {
		v = (uint32_t)p[i] << 16;
		*o++ = a[v >> 18];
		*o++ = a[v >> 12 & 63];
		*o++ = '=';
		*o++ = '=';
	} else if (n - i == 2) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		*o++ = a[v >> 18];
		*o++ = a[v >> 12 & 63];
		*o++ = a[v >> 6 & 63];
		*o++ = '=';
	}
	b->len = (size_t)(o - b->p);
}

static void
ip4(struct nc_buf *b, const uint8_t *p)
{
	char *o;
	int i;

	nc_buf_reserve(b, 15);
	o = b->p + b->len;
	for (i = 0; i < 4; i++) {
		if (i > 0)
			*o++ = '.';
		if (p[i] >= 100) {
			*o++ = (char)('0' + p[i] / 100);
			memcpy(o, pairs + 2 * (p[i] % 100), 2);
			o += 2;
		} else if (p[i] >= 10) {
			memcpy(o, pairs + 2 * p[i], 2);
			o += 2;
		} else {
			*o++ = (char)('0' + p[i]);
		}
	}
	b->len = (size_t)(o - b->p);
}

/* The text glibc's inet_ntop gives (RFC 4291 section 2.2, not quite RFC
 * 5952): the first longest run of two or more zero groups as "::", and
 * the last 32 bits as IPv4 for ::a.b.c.d and ::ffff:a.b.c.d.  Written
 * here because inet_ntop formats every group with sprintf. */
static void
ip6(struct nc_buf *b, const uint8_t *p)
{
	unsigned w[8];
	int i, base = -1, len = 0, cb = -1, cl = 0, k;
	char *o;

	for (i = 0; i < 8; i++) {
		w[i] = (unsigned)p[2 * i] << 8 | p[2 * i + 1];
		if (w[i] == 0) {
			if (cb < 0)
				cb = i, cl = 0;
			if (++cl > len)
				base = cb, len = cl;
		} else {
			cb = -1;
		}
	}
	if (len < 2)
		base = -1;
	nc_buf_reserve(b, 46);
	o = b->p + b->len;
	for (i = 0; i < 8; i++) {
		if (base >= 0 && i >= base && i < base + len) {
			if (i == base)
				*o++ = ':';
			continue;
		}
		if (i > 0)
			*o++ = ':';
		if (i == 6 && base == 0 &&
		    (len == 6 || (len == 5 && w[5] == 0xffff))) {
			b->len = (size_t)(o - b->p);
			ip4(b, p + 12);
			return;
		}
		for (k = 12; k > 0 && (w[i] >> k) == 0; k -= 4)
			;
		for (; k >= 0; k -= 4)
			*o++ = hexdig[w[i] >> k & 15];
	}
	if (base >= 0 && base + len == 8)
		*o++ = ':';
	b->len = (size_t)(o - b->p);
}

void
nc_fmt_ip(struct nc_buf *b, const uint8_t *p, size_t n)
{
	if (n == 4)
		ip4(b, p);
	else if (n == 16)
		ip6(b, p);
	else
		nc_fmt_hex(b, p, n);
}

void
nc_fmt_mac(struct nc_buf *b, const uint8_t *p, size_t n)
{
	char *o;
	size_t i;

	if (n != 6) {
		nc_fmt_hex(b, p, n);
		return;
	}
	nc_buf_reserve(b, 17);
	o = b->p + b->len;
	for (i = 0; i < 6; i++) {
		if (i > 0)
			*o++ = ':';
		*o++ = hexdig[p[i] >> 4];
		*o++ = hexdig[p[i] & 15];
	}
	b->len += 17;
}

void
nc_fmt_tcp_flags(struct nc_buf *b, uint64_t flags)
{
	static const char letter[] = "FSRPAUECN";
	uint64_t rest = flags >> 9;
	int i;

	for (i = 0; i < 9; i++)
		if (flags & (uint64_t)1 << i)
			nc_buf_putc(b, letter[i]);
	if (rest != 0) {
		uint64_t hi = rest << 9;
		char t[16];
		int k = (int)sizeof t;

		while (hi != 0) {
			t[--k] = hexdig[hi & 15];
			hi >>= 4;
		}
		nc_buf_puts(b, "+0x");
		nc_buf_put(b, t + k, sizeof t - (size_t)k);
	}
}

size_t
nc_utf8_len(const uint8_t *p, size_t n)
{
	uint8_t c = p[0], lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	/* The second byte's range rules out overlong forms, surrogates and
	 * code points past U+10FFFF (RFC 3629, section 4). */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return len;
}

/* The code point of the k-byte sequence at p when it is a bidirectional
 * formatting character, else 0.  Those reorder what a terminal or an editor
 * shows around them, so text from a packet could make a line read
 * differently from what it holds ("Trojan Source", CVE-2021-42574): ALM
 * U+061C, LRM and RLM U+200E..U+200F, the embeddings and overrides
 * U+202A..U+202E and the isolates U+2066..U+2069. */
static unsigned
bidi(const uint8_t *p, size_t k)
{
	if (k == 2 && p[0] == 0xd8 && p[1] == 0x9c)
		return 0x61c;
	if (k != 3 || p[0] != 0xe2)
		return 0;
	if (p[1] == 0x80 && ((p[2] >= 0x8e && p[2] <= 0x8f) ||
	    (p[2] >= 0xaa && p[2] <= 0xae)))
		return 0x2000 + (p[2] - 0x80);
	if (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
		return 0x2040 + (p[2] - 0x80);
	return 0;
}

void
nc_fmt_json_str(struct nc_buf *b, const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0, run, k;
	unsigned cp;
	char *o;

	nc_buf_reserve(b, n + 2);
	b->p[b->len++] = '"';
	while (i < n) {
		/* Copy the plain stretch in one go. */
		for (run = i; run < n && p[run] >= 0x20 && p[run] < 0x7f &&
		    p[run] != '"' && p[run] != '\\'; run++)
			;
		nc_buf_put(b, p + i, run - i);
		i = run;
		if (i == n)
			break;
		/* C1 controls (U+0080..U+009F) act on some terminals even
		 * in UTF-8: \u0080 form, like C0 and DEL. */
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 &&
		    p[i + 1] < 0xa0) {
			i++;
		} else if (p[i] >= 0x80) {
			k = nc_utf8_len(p + i, n - i);
			if (k > 0 && (cp = bidi(p + i, k)) != 0) {
				nc_buf_reserve(b, 6);
				o = b->p + b->len;
				memcpy(o, "\\u", 2);
				o[2] = hexdig[cp >> 12];
				o[3] = hexdig[cp >> 8 & 15];
				o[4] = hexdig[cp >> 4 & 15];
				o[5] = hexdig[cp & 15];
				b->len += 6;
				i += k;
			} else if (k > 0) {
				nc_buf_put(b, p + i, k);
				i += k;
			} else {
				nc_buf_put(b, "\xef\xbf\xbd", 3);
				i++;
			}
			continue;
		}
		nc_buf_reserve(b, 6);
		o = b->p + b->len;
		o[0] = '\\';
		switch (p[i]) {
		case '"': o[1] = '"'; b->len += 2; break;
		case '\\': o[1] = '\\'; b->len += 2; break;
		case '\b': o[1] = 'b'; b->len += 2; break;
		case '\f': o[1] = 'f'; b->len += 2; break;
		case '\n': o[1] = 'n'; b->len += 2; break;
		case '\r': o[1] = 'r'; b->len += 2; break;
		case '\t': o[1] = 't'; b->len += 2; break;
		default:
			memcpy(o + 1, "u00", 3);
			o[4] = hexdig[p[i] >> 4];
			o[5] = hexdig[p[i] & 15];
			b->len += 6;
		}
		i++;
	}
	nc_buf_putc(b, '"');
}

/* Escapes p[0, n) as nc_fmt_esc_str says; dq escapes '"' too. */
static void
esc(struct nc_buf *b, const uint8_t *p, size_t n, int dq)
{
	size_t i = 0, run, k;

	while (i < n) {
		/* Most text is plain: copy the stretch in one go. */
		for (run = i; run < n && p[run] >= 0x20 && p[run] < 0x7f &&
		    p[run] != '\\' && (!dq || p[run] != '"'); run++)
			;
		nc_buf_put(b, p + i, run - i);
		i = run;
		if (i == n)
			break;
		if (p[i] >= 0x80) {
			k = nc_utf8_len(p + i, n - i);
			/* U+0080..U+009F are C1 controls: escape them too,
			 * and the bidirectional controls byte by byte. */
			if (k > 0 && !(p[i] == 0xc2 && p[i + 1] < 0xa0) &&
			    bidi(p + i, k) == 0) {
				nc_buf_put(b, p + i, k);
				i += k;
				continue;
			}
		}
		switch (p[i]) {
		case '\\': nc_buf_put(b, "\\\\", 2); break;
		case '"': nc_buf_put(b, "\\\"", 2); break;
		case '\n': nc_buf_put(b, "\\n", 2); break;
		case '\r': nc_buf_put(b, "\\r", 2); break;
		case '\t': nc_buf_put(b, "\\t", 2); break;
		default:
			nc_buf_reserve(b, 4);
			b->p[b->len++] = '\\';
			b->p[b->len++] = 'x';
			b->p[b->len++] = hexdig[p[i] >> 4];
			b->p[b->len++] = hexdig[p[i] & 15];
		}
		i++;
	}
}

void
nc_fmt_esc_str(struct nc_buf *b, const char *s, size_t n)
{
	esc(b, (const uint8_t *)s, n, 0);
}

void
nc_fmt_safe_str(struct nc_buf *b, const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i;
	int quote = 0;

	for (i = 0; i < n; i++)
		if (p[i] == ' ' || p[i] == '"' || p[i] == '\\')
			quote = 1;
	if (quote)
		nc_buf_putc(b, '"');
	esc(b, p, n, 1);
	if (quote)
		nc_buf_putc(b, '"');
}
