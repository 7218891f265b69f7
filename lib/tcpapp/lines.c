/* Bounded lines of the CRLF text protocols (lines.h). */
#include "tcpapp/lines.h"

#include <stdlib.h>
#include <string.h>

void
nc_lines_init(struct nc_lines *l, uint32_t cap)
{
	memset(l, 0, sizeof *l);
	l->cap = cap > 0 ? cap : 1;
}

void
nc_lines_free(struct nc_lines *l)
{
	free(l->buf);
	l->buf = NULL;
	nc_lines_reset(l);
}

int
nc_lines_pending(const struct nc_lines *l)
{
	return l->len > 0;
}

void
nc_lines_reset(struct nc_lines *l)
{
	l->n = 0;
	l->len = 0;
	l->cut = 0;
	l->last = 0;
}

/* Keeps what fits of p[0, n) after the bytes of the line kept. */
static void
keep(struct nc_lines *l, const uint8_t *p, size_t n)
{
	size_t room;

	l->len += n;
	if (n > 0)
		l->last = p[n - 1];
	if (l->buf == NULL && !l->nomem &&
	    (l->buf = malloc(l->cap)) == NULL)
		l->nomem = 1;
	room = l->buf != NULL ? l->cap - l->n : 0;
	if (n > room) {
		n = room;
		l->cut = 1;
	}
	if (n > 0) {
		memcpy(l->buf + l->n, p, n);
		l->n += (uint32_t)n;
	}
}

int
nc_lines_next(struct nc_lines *l, struct nc_cur *c, struct nc_line *out)
{
	size_t left, n;
	const uint8_t *p;

	p = nc_cur_rest(c, &left);
	if (left == 0)
		return 0;
	if ((n = nc_lines_index(nc_lines_span(p, left), 0, '\n')) == left) {
		keep(l, p, left);
		nc_cur_skip_rest(c);
		return 0;
	}
	nc_cur_skip(c, n + 1);
	if (l->len == 0) {
		/* Whole in this call: handed out in place. */
		out->p = p;
		out->len = n;
		if (n > 0)
			l->last = p[n - 1];
		if (n > l->cap)
			n = l->cap;
	} else {
		keep(l, p, n);
		out->p = l->buf != NULL ? l->buf : p;
		out->len = l->len;
		n = l->n;
	}
	/* The CR of CR LF is not part of the line, kept or not. */
	if (out->len > 0 && l->last == '\r') {
		if (n == out->len)
			n--;
		out->len--;
	}
	out->n = n;
	out->cut = out->len > n;
	l->lines++;
	if (out->cut)
		l->cuts++;
	nc_lines_reset(l);
	return 1;
}

struct nc_span
nc_lines_span(const uint8_t *p, size_t n)
{
	struct nc_span s;

	s.p = p;
	s.n = p != NULL ? n : 0;
	return s;
}

size_t
nc_lines_index(struct nc_span s, size_t from, uint8_t b)
{
	size_t i;

	for (i = from; i < s.n; i++)
		if (s.p[i] == b)
			return i;
	return s.n;
}

struct nc_span
nc_lines_sub(struct nc_span s, size_t off, size_t n)
{
	struct nc_cur c = nc_cur_make(s.p, s.n);
	size_t left;
	const uint8_t *p;

	if (off > s.n)
		off = s.n;
	nc_cur_skip(&c, off);
	p = nc_cur_rest(&c, &left);
	return nc_lines_span(p, n < left ? n : left);
}

void
nc_lines_split(struct nc_span s, struct nc_span *word, struct nc_span *rest)
{
	size_t w = nc_lines_index(s, 0, ' ');

	*word = nc_lines_sub(s, 0, w);
	*rest = nc_lines_sub(s, w < s.n ? w + 1 : s.n, s.n);
}

void
nc_lines_word(const struct nc_line *l, struct nc_span *word,
    struct nc_span *rest)
{
	nc_lines_split(nc_lines_span(l->p, l->n), word, rest);
}

int
nc_lines_reply(const struct nc_line *l, unsigned *code, int *more,
    struct nc_span *text)
{
	struct nc_cur c = nc_cur_make(l->p, l->n);
	unsigned v = 0;
	uint8_t b;
	int i;

	for (i = 0; i < 3; i++) {
		b = nc_cur_u8(&c);
		if (c.err || b < '0' || b > '9')
			return -1;
		v = v * 10 + (unsigned)(b - '0');
	}
	b = nc_cur_left(&c) > 0 ? nc_cur_u8(&c) : ' ';
	if (b != ' ' && b != '-')
		return -1;
	*code = v;
	*more = b == '-';
	*text = nc_lines_span(c.p, nc_cur_left(&c));
	return 0;
}

int
nc_lines_is(struct nc_span s, const char *word)
{
	size_t i, n = strlen(word);
	uint8_t a, b;

	if (s.n != n)
		return 0;
	for (i = 0; i < n; i++) {
		a = s.p[i];
		b = (uint8_t)word[i];
		if (a >= 'a' && a <= 'z')
			a = (uint8_t)(a - 'a' + 'A');
		if (a != b)
			return 0;
	}
	return 1;
}

int
nc_lines_prefix(struct nc_span s, const char *word)
{
	size_t n = strlen(word);

	return s.n >= n && nc_lines_is(nc_lines_span(s.p, n), word);
}

size_t
nc_lines_upper(struct nc_span s, uint8_t *out, size_t max)
{
	size_t i, n = s.n < max ? s.n : max;

	for (i = 0; i < n; i++)
		out[i] = s.p[i] >= 'a' && s.p[i] <= 'z' ?
		    (uint8_t)(s.p[i] - 'a' + 'A') : s.p[i];
	return n;
}

int
nc_lines_find(struct nc_span s, const char *word)
{
	size_t i, n = strlen(word);

	for (i = 0; i + n <= s.n; i++)
		if (nc_lines_is(nc_lines_span(s.p + i, n), word))
			return 1;
	return 0;
}

int
nc_lines_greeting(struct nc_span s, const char *code)
{
	size_t i, n = strlen(code);

	for (i = 0; i < n && i < s.n; i++)
		if (s.p[i] != (uint8_t)code[i])
			return NC_PROBE_NO;
	if (s.n <= n)
		return NC_PROBE_MORE;
	return s.p[n] == ' ' || s.p[n] == '-' || s.p[n] == '\r' ?
	    NC_PROBE_YES : NC_PROBE_NO;
}

int
nc_cmd_slot(unsigned head, unsigned n, unsigned cap, uint64_t *over,
    struct nc_tcpapp_stats *st)
{
	if (n >= cap || *over > 0) {
		st->capped++;
		(*over)++;
		return -1;
	}
	return (int)((head + n) % cap);
}

void
nc_cmd_fill(struct nc_cmd *k, const struct nc_line *l, struct nc_span w,
    struct nc_span arg, size_t word_max, size_t arg_max,
    const struct nc_tcpapp_ctx *c)
{
	if (word_max > NC_CMD_WORD)
		word_max = NC_CMD_WORD;
	if (arg_max > NC_CMD_ARG)
		arg_max = NC_CMD_ARG;
	k->nword = (uint16_t)nc_lines_upper(w, k->word, word_max);
	k->narg = (uint16_t)(arg.n < arg_max ? arg.n : arg_max);
	if (k->narg > 0)
		memcpy(k->arg, arg.p, k->narg);
	k->cut = l->cut || w.n > word_max || arg.n > arg_max;
	k->ts = c->ts;
	k->packet = c->packet;
}
