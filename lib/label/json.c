/* One line of JSON (RFC 8259), read through the cursor: objects report
 * their scalar members by dotted path, arrays and deeper levels are only
 * checked.  Recursion is bounded by NC_JSON_DEPTH_MAX. */
#include <string.h>

#include "decode/cursor.h"
#include "label/json.h"

struct rd {
	struct nc_json *j;
	struct nc_cur c;
	const uint8_t *base;
	size_t n;
	nc_json_fn fn;
	void *arg;
};

static int
fail(struct rd *r, const char *why)
{
	if (r->j->why == NULL) {
		r->j->why = why;
		r->j->col = r->n - nc_cur_left(&r->c) + 1;
	}
	return -1;
}

/* The next byte, stepped over; 0 at the end.  A byte that is wrong is
 * not stepped over, so that the error's column points at it. */
static uint8_t
next_if(struct rd *r, const char *want)
{
	uint8_t b;

	if (nc_cur_left(&r->c) == 0)
		return 0;
	b = nc_cur_peek(&r->c, 0);
	if (b == 0 || strchr(want, b) == NULL)
		return 0;
	nc_cur_skip(&r->c, 1);
	return b;
}

static void
ws(struct rd *r)
{
	uint8_t b;

	while (nc_cur_left(&r->c) > 0) {
		b = nc_cur_peek(&r->c, 0);
		if (b != ' ' && b != '\t' && b != '\r' && b != '\n')
			return;
		nc_cur_skip(&r->c, 1);
	}
}

static size_t
put_utf8(char *s, size_t len, uint32_t cp)
{
	uint8_t u[4];
	size_t k, n;

	if (cp < 0x80) {
		u[0] = (uint8_t)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (uint8_t)(0xc0 | cp >> 6);
		u[1] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (uint8_t)(0xe0 | cp >> 12);
		u[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (uint8_t)(0xf0 | cp >> 18);
		u[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 4;
	}
	/* A character that does not fit whole is left out with the rest. */
	if (len + n > NC_JSON_STR_MAX)
		return len;
	for (k = 0; k < n; k++)
		s[len + k] = (char)u[k];
	return len + n;
}

static int
hex4(struct rd *r, uint32_t *v)
{
	uint8_t b;
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		b = nc_cur_u8(&r->c);
		if (b >= '0' && b <= '9')
			*v = *v << 4 | (uint32_t)(b - '0');
		else if ((b | 0x20) >= 'a' && (b | 0x20) <= 'f')
			*v = *v << 4 | (uint32_t)((b | 0x20) - 'a' + 10);
		else
			return fail(r, "bad \\u escape");
	}
	return 0;
}

/* The string after its opening quote, decoded into j->str. */
static int
string(struct rd *r, size_t *outlen)
{
	char *s = r->j->str;
	size_t len = 0;
	uint32_t cp, lo;
	uint8_t b;

	for (;;) {
		if (nc_cur_left(&r->c) == 0)
			return fail(r, "unterminated string");
		b = nc_cur_u8(&r->c);
		if (b == '"')
			break;
		if (b < 0x20)
			return fail(r, "control character in a string");
		if (b != '\\') {
			if (len < NC_JSON_STR_MAX)
				s[len++] = (char)b;
			continue;
		}
		switch (nc_cur_u8(&r->c)) {
		case '"': cp = '"'; break;
		case '\\': cp = '\\'; break;
		case '/': cp = '/'; break;
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			if (hex4(r, &cp) < 0)
				return -1;
			if (cp >= 0xd800 && cp < 0xdc00 &&
			    nc_cur_left(&r->c) >= 6 &&
			    nc_cur_peek(&r->c, 0) == '\\' &&
			    nc_cur_peek(&r->c, 1) == 'u') {
				nc_cur_skip(&r->c, 2);
				if (hex4(r, &lo) < 0)
					return -1;
				if (lo >= 0xdc00 && lo < 0xe000)
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					    (lo - 0xdc00);
				else
					cp = 0xfffd;
			} else if (cp >= 0xd800 && cp < 0xe000)
				cp = 0xfffd;
			/* NUL would end the text early in C. */
			if (cp == 0)
				cp = 0xfffd;
			break;
		default:
			return fail(r, "bad escape in a string");
		}
		len = put_utf8(s, len, cp);
	}
	s[len] = '\0';
	*outlen = len;
	return 0;
}

static int
literal(struct rd *r, const char *word)
{
	size_t n = strlen(word);
	const uint8_t *q = nc_cur_bytes(&r->c, n);

	if (q == NULL || memcmp(q, word, n) != 0)
		return fail(r, "bad value");
	memcpy(r->j->str, word, n + 1);
	return 0;
}

static int
number(struct rd *r, size_t *outlen)
{
	size_t len = 0;
	uint8_t b;
	int digits = 0;

	while (nc_cur_left(&r->c) > 0) {
		b = nc_cur_peek(&r->c, 0);
		if (!((b >= '0' && b <= '9') || b == '-' || b == '+' ||
		    b == '.' || b == 'e' || b == 'E'))
			break;
		digits += b >= '0' && b <= '9';
		if (len < 64)
			r->j->str[len++] = (char)b;
		nc_cur_skip(&r->c, 1);
	}
	if (digits == 0 || len >= 64)
		return fail(r, "bad number");
	r->j->str[len] = '\0';
	*outlen = len;
	return 0;
}

static int value(struct rd *r, size_t plen, int report, int depth);

static int
members(struct rd *r, size_t plen, int report, int depth)
{
	char *path = r->j->path;
	size_t klen, nlen;

	ws(r);
	if (nc_cur_left(&r->c) > 0 && nc_cur_peek(&r->c, 0) == '}') {
		nc_cur_skip(&r->c, 1);
		return 0;
	}
	for (;;) {
		ws(r);
		if (next_if(r, "\"") == 0)
			return fail(r, "expected a member name");
		if (string(r, &klen) < 0)
			return -1;
		/* The key goes after the object's own path, if it fits. */
		nlen = plen + (plen > 0) + klen;
		int fits = report && nlen < NC_JSON_PATH_MAX;
		if (fits) {
			if (plen > 0)
				path[plen] = '.';
			memcpy(path + plen + (plen > 0), r->j->str, klen);
			path[nlen] = '\0';
		}
		ws(r);
		if (next_if(r, ":") == 0)
			return fail(r, "expected ':'");
		if (value(r, fits ? nlen : plen, fits, depth) < 0)
			return -1;
		path[plen] = '\0';
		ws(r);
		switch (next_if(r, ",}")) {
		case ',':
			continue;
		case '}':
			return 0;
		default:
			return fail(r, "expected ',' or '}'");
		}
	}
}

static int
elements(struct rd *r, int depth)
{
	ws(r);
	if (nc_cur_left(&r->c) > 0 && nc_cur_peek(&r->c, 0) == ']') {
		nc_cur_skip(&r->c, 1);
		return 0;
	}
	for (;;) {
		if (value(r, 0, 0, depth) < 0)
			return -1;
		ws(r);
		switch (next_if(r, ",]")) {
		case ',':
			continue;
		case ']':
			return 0;
		default:
			return fail(r, "expected ',' or ']'");
		}
	}
}

static int
value(struct rd *r, size_t plen, int report, int depth)
{
	size_t n = 0;
	int isstr = 0;

	ws(r);
	if (nc_cur_left(&r->c) == 0)
		return fail(r, "expected a value");
	switch (nc_cur_peek(&r->c, 0)) {
	case '{':
	case '[':
		if (depth >= NC_JSON_DEPTH_MAX)
			return fail(r, "nested too deeply");
		if (nc_cur_u8(&r->c) == '{')
			return members(r, plen, report, depth + 1);
		return elements(r, depth + 1);
	case '"':
		nc_cur_skip(&r->c, 1);
		if (string(r, &n) < 0)
			return -1;
		isstr = 1;
		break;
	case 't':
		if (literal(r, "true") < 0)
			return -1;
		n = 4;
		break;
	case 'f':
		if (literal(r, "false") < 0)
			return -1;
		n = 5;
		break;
	case 'n':
		if (literal(r, "null") < 0)
			return -1;
		n = 4;
		break;
	default:
		if (number(r, &n) < 0)
			return -1;
	}
	if (report)
		r->fn(r->arg, r->j->path, r->j->str, n, isstr);
	return 0;
}

int
nc_json_object(struct nc_json *j, const uint8_t *p, size_t n, nc_json_fn fn,
    void *arg)
{
	struct rd r = { .j = j, .c = nc_cur_make(p, n), .base = p, .n = n,
	    .fn = fn, .arg = arg };

	j->why = NULL;
	j->col = 0;
	j->path[0] = '\0';
	ws(&r);
	if (nc_cur_left(&r.c) == 0 || nc_cur_peek(&r.c, 0) != '{')
		return fail(&r, "not a JSON object");
	nc_cur_skip(&r.c, 1);
	if (members(&r, 0, 1, 1) < 0)
		return -1;
	ws(&r);
	if (nc_cur_left(&r.c) != 0)
		return fail(&r, "text after the object");
	return 0;
}
