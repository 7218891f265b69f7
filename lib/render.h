/* Text for one scalar: numbers, times, addresses, hex, base64, and strings
 * made safe for JSON or a terminal, appended to a reusable buffer.  No
 * locale, no per-call allocation once the buffer has grown. */
#ifndef NC_RENDER_H
#define NC_RENDER_H

#include <stddef.h>
#include <stdint.h>

struct nc_buf {
	char *p;
	size_t len, cap;
	/* The last RFC 3339 date and time written here, for date_sec:
	 * times of one second share it.  Empty (zero) until the first. */
	int64_t date_sec;
	char date[19];
};

/* Makes room for n more bytes; dies on out of memory. */
void nc_buf_grow(struct nc_buf *b, size_t n);
void nc_buf_free(struct nc_buf *b);

static inline void
nc_buf_reserve(struct nc_buf *b, size_t n)
{
	if (b->cap - b->len < n)
		nc_buf_grow(b, n);
}

static inline void
nc_buf_putc(struct nc_buf *b, char c)
{
	nc_buf_reserve(b, 1);
	b->p[b->len++] = c;
}

void nc_buf_put(struct nc_buf *b, const void *p, size_t n);
void nc_buf_puts(struct nc_buf *b, const char *s);

enum nc_time_fmt {
	NC_TIME_EPOCH,		/* 1258531221.486539000 */
	NC_TIME_ISO,		/* 2009-11-18T08:00:21.486539000Z */
};

/* Parses a -T argument; -1 if it is neither "epoch" nor "iso". */
int nc_time_fmt_parse(const char *s);

void nc_fmt_u64(struct nc_buf *b, uint64_t v);
void nc_fmt_i64(struct nc_buf *b, int64_t v);
/* ns since the epoch as fmt says; negative times count back from 1970. */
void nc_fmt_time(struct nc_buf *b, int64_t ns, int fmt);
/* At most 6 decimals, trailing zeros dropped; "nan", "inf", "-inf". */
void nc_fmt_double(struct nc_buf *b, double v);
void nc_fmt_hex(struct nc_buf *b, const uint8_t *p, size_t n);
/* 16 lower-case hex digits. */
void nc_fmt_hex64(struct nc_buf *b, uint64_t v);
void nc_fmt_base64(struct nc_buf *b, const uint8_t *p, size_t n);
/* IPv4 or IPv6 text for 4 or 16 bytes, hex otherwise. */
void nc_fmt_ip(struct nc_buf *b, const uint8_t *p, size_t n);
/* aa:bb:cc:dd:ee:ff for 6 bytes, hex otherwise. */
void nc_fmt_mac(struct nc_buf *b, const uint8_t *p, size_t n);
/* TCP flags as letters, see walk.h. */
void nc_fmt_tcp_flags(struct nc_buf *b, uint64_t flags);
/* A JSON string with its quotes: C0 controls, DEL and C1 controls as
 * \u00NN (\b \f \n \r \t for those), the bidirectional formatting
 * characters (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) as
 * \uNNNN, each byte of invalid UTF-8 as U+FFFD, the rest of valid UTF-8
 * as it is. */
void nc_fmt_json_str(struct nc_buf *b, const char *s, size_t n);
/* Text on one line, safe on a terminal and reversible (the CSV form):
 * "\" as "\\"; newline, return and tab as \n \r \t; every other byte
 * below 0x20, DEL, each byte of a C1 control (U+0080..U+009F) and each
 * byte that does not start a valid UTF-8 sequence (NUL, overlong forms,
 * surrogates included) and each byte of a bidirectional formatting
 * character (as for JSON) as \xNN in lower-case hex.  Everything else, valid
 * UTF-8 included, is copied, so the result is valid UTF-8 and undoing the
 * escapes gives back exactly the n bytes. */
void nc_fmt_esc_str(struct nc_buf *b, const char *s, size_t n);
/* The same for nc-dump, with '"' as \" too, in double quotes when the
 * text holds a space, a quote or a backslash. */
void nc_fmt_safe_str(struct nc_buf *b, const char *s, size_t n);

/* Length of the valid UTF-8 sequence at p[0, n), or 0 if invalid. */
size_t nc_utf8_len(const uint8_t *p, size_t n);

#endif
