/* Times of day, read through the cursor from text lines. */

#include <time.h>

#include "decode/cursor.h"
#include "label/when.h"

static int
digits(struct nc_cur *c, int n, int *v)
{
	uint8_t b;

	*v = 0;
	while (n-- > 0) {
		b = nc_cur_u8(c);
		if (b < '0' || b > '9')
			return -1;
		*v = *v * 10 + (b - '0');
	}
	return 0;
}

static int
sep(struct nc_cur *c, uint8_t want)
{
	return nc_cur_u8(c) == want ? 0 : -1;
}

/* The optional ":SS[.fraction]" after the minutes. */
static int
seconds(struct nc_cur *c, struct tm *tm, int64_t *frac)
{
	int64_t scale = 100000000;
	uint8_t b;

	*frac = 0;
	if (nc_cur_left(c) == 0 || nc_cur_peek(c, 0) != ':')
		return 0;
	nc_cur_skip(c, 1);
	if (digits(c, 2, &tm->tm_sec) < 0 || tm->tm_sec > 60)
		return -1;
	if (nc_cur_left(c) == 0 || (nc_cur_peek(c, 0) != '.' &&
	    nc_cur_peek(c, 0) != ','))
		return 0;
	nc_cur_skip(c, 1);
	if (nc_cur_left(c) == 0)
		return -1;
	while (nc_cur_left(c) > 0) {
		b = nc_cur_peek(c, 0);
		if (b < '0' || b > '9')
			break;
		nc_cur_skip(c, 1);
		*frac += (b - '0') * scale;
		scale /= 10;
	}
	return 0;
}

static int
valid(const struct tm *tm)
{
	return tm->tm_mon >= 0 && tm->tm_mon < 12 && tm->tm_mday >= 1 &&
	    tm->tm_mday <= 31 && tm->tm_hour < 24 && tm->tm_min < 60 &&
	    tm->tm_year >= 0;
}

static int
finish(struct tm *tm, int zoned, int offmin, int64_t frac, int64_t *ns)
{
	time_t t;

	if (!valid(tm))
		return -1;
	if (zoned) {
		t = timegm(tm);
		t -= (time_t)offmin * 60;
	} else {
		tm->tm_isdst = -1;
		t = mktime(tm);
	}
	if (t == (time_t)-1 || t < 0 || t > (time_t)9000000000)
		return -1;
	*ns = (int64_t)t * 1000000000 + frac;
	return 0;
}

int
nc_when_iso(const char *s, size_t n, int64_t *ns)
{
	struct nc_cur c = nc_cur_make((const uint8_t *)s, n);
	struct tm tm = { 0 };
	int64_t frac;
	int zoned = 0, off = 0, hh, mm = 0, y;
	uint8_t z;

	if (digits(&c, 4, &y) < 0 || sep(&c, '-') < 0 ||
	    digits(&c, 2, &tm.tm_mon) < 0 || sep(&c, '-') < 0 ||
	    digits(&c, 2, &tm.tm_mday) < 0)
		return -1;
	z = nc_cur_u8(&c);
	if ((z != 'T' && z != ' ') || digits(&c, 2, &tm.tm_hour) < 0 ||
	    sep(&c, ':') < 0 || digits(&c, 2, &tm.tm_min) < 0 ||
	    seconds(&c, &tm, &frac) < 0)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon--;
	if (nc_cur_left(&c) > 0) {
		z = nc_cur_u8(&c);
		zoned = 1;
		if (z == '+' || z == '-') {
			if (digits(&c, 2, &hh) < 0)
				return -1;
			if (nc_cur_left(&c) > 0 && nc_cur_peek(&c, 0) == ':')
				nc_cur_skip(&c, 1);
			if (nc_cur_left(&c) > 0 && digits(&c, 2, &mm) < 0)
				return -1;
			if (hh > 23 || mm > 59)
				return -1;
			off = (hh * 60 + mm) * (z == '-' ? -1 : 1);
		} else if (z != 'Z' && z != 'z')
			return -1;
	}
	if (c.err || nc_cur_left(&c) != 0)
		return -1;
	return finish(&tm, zoned, off, frac, ns);
}

int
nc_when_fast(const char *s, size_t n, int64_t *ns)
{
	struct nc_cur c = nc_cur_make((const uint8_t *)s, n);
	struct tm tm = { 0 };
	int64_t frac;
	int y;

	if (digits(&c, 2, &tm.tm_mon) < 0 || sep(&c, '/') < 0 ||
	    digits(&c, 2, &tm.tm_mday) < 0 || sep(&c, '/') < 0 ||
	    digits(&c, 4, &y) < 0 || sep(&c, '-') < 0 ||
	    digits(&c, 2, &tm.tm_hour) < 0 || sep(&c, ':') < 0 ||
	    digits(&c, 2, &tm.tm_min) < 0 || seconds(&c, &tm, &frac) < 0 ||
	    c.err || nc_cur_left(&c) != 0)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon--;
	return finish(&tm, 0, 0, frac, ns);
}
