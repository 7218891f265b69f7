/* Session Initiation Protocol: RFC 3261 7 (message format), over UDP and
 * TCP port 5060.
 *
 *	INVITE sip:bob@example.com SIP/2.0	SIP/2.0 200 OK
 *	Via: SIP/2.0/UDP host;branch=z9hG4bK...	Via: ...
 *	Call-ID: ...				...
 *	<CRLF>					<CRLF>
 *	body (SDP ...)				body
 *
 * Lines end in CRLF (a bare LF is accepted).  Header names are matched
 * case-insensitively, compact forms included (RFC 3261 7.3.3); a value is
 * the first line of the header's first occurrence, cut to 255 bytes, with
 * every byte kept as sent (the record's text fields are bytes).  Over
 * TCP only a segment that starts a message is SIP to this decoder: the
 * others are reported as Undecoded. */
#include "decode/internal.h"
#include "decode/text.h"

#include <stdlib.h>
#include <strings.h>

enum {
	MAXHDR = 64,		/* header names kept */
	NAMELEN = 63,
	VAL = 255,
};

enum { H_CALLID, H_FROM, H_TO, H_CSEQ, H_VIA, H_CONTACT, H_UA, H_CTYPE,
	H_CLEN, H_MAXFWD, H_N };

static const struct {
	const char *name, *compact;
} known[H_N] = {
	[H_CALLID] = { "Call-ID", "i" },
	[H_FROM] = { "From", "f" },
	[H_TO] = { "To", "t" },
	[H_CSEQ] = { "CSeq", NULL },
	[H_VIA] = { "Via", "v" },
	[H_CONTACT] = { "Contact", "m" },
	[H_UA] = { "User-Agent", NULL },
	[H_CTYPE] = { "Content-Type", "c" },
	[H_CLEN] = { "Content-Length", "l" },
	[H_MAXFWD] = { "Max-Forwards", NULL },
};

struct sip {
	ProtobufCBinaryData names[MAXHDR];
};

/* Length of the line at c without its CRLF or LF, and of the line ending
 * in *eol (0 when the window ends first). */
static size_t
line(struct nc_cur *c, size_t *eol)
{
	size_t i, n = nc_cur_left(c);

	for (i = 0; i < n && nc_cur_peek(c, i) != '\n'; i++)
		;
	*eol = i < n ? 1 : 0;
	if (i < n && i > 0 && nc_cur_peek(c, i - 1) == '\r') {
		*eol = 2;
		i--;
	}
	return i;
}

static int
tokench(uint8_t ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '!' ||
	    ch == '%' || ch == '*' || ch == '_' || ch == '+' || ch == '`' ||
	    ch == '\'' || ch == '~';
}

/* The start line, as its own window.  Returns a reason it is not SIP. */
static const char *
start(struct nc_cur l, Netcap__SIP *m)
{
	size_t i, n = nc_cur_left(&l);
	unsigned code = 0;
	const uint8_t *p;

	if (n >= 12 && nc_cur_peek(&l, 0) == 'S' && nc_cur_peek(&l, 1) ==
	    'I' && nc_cur_peek(&l, 2) == 'P' && nc_cur_peek(&l, 3) == '/') {
		for (i = 0; i < n && nc_cur_peek(&l, i) != ' '; i++)
			;
		m->version = nc_dec_span(nc_cur_bytes(&l, i), i, VAL);
		nc_cur_skip(&l, 1);
		for (i = 0; i < 3; i++) {
			uint8_t ch = nc_cur_u8(&l);

			if (ch < '0' || ch > '9')
				return "bad status code";
			code = code * 10 + (ch - '0');
		}
		if (l.err || (nc_cur_left(&l) > 0 && nc_cur_u8(&l) != ' '))
			return "bad status line";
		m->is_response = 1;
		NC_DEC_SET(m, SIP, status_code, STATUS_CODE, code);
		p = nc_cur_rest(&l, &n);
		m->reason = nc_dec_span(p, n, VAL);
		return NULL;
	}
	for (i = 0; i < n && tokench(nc_cur_peek(&l, i)); i++)
		;
	if (i == 0 || i == n || nc_cur_peek(&l, i) != ' ')
		return "no method";
	m->method = nc_dec_span(nc_cur_bytes(&l, i), i, VAL);
	nc_cur_skip(&l, 1);
	n = nc_cur_left(&l);
	for (i = 0; i < n && nc_cur_peek(&l, i) != ' '; i++)
		;
	if (i == 0 || i == n)
		return "no request URI";
	m->request_uri = nc_dec_span(nc_cur_bytes(&l, i), i, VAL);
	nc_cur_skip(&l, 1);
	n = nc_cur_left(&l);
	if (n < 4 || nc_cur_peek(&l, 0) != 'S' || nc_cur_peek(&l, 1) != 'I' ||
	    nc_cur_peek(&l, 2) != 'P' || nc_cur_peek(&l, 3) != '/')
		return "no SIP version";
	p = nc_cur_rest(&l, &n);
	m->version = nc_dec_span(p, n, VAL);
	return NULL;
}

/* Whether the n bytes at p spell name, ignoring case; a NUL in them
 * never matches. */
static int
named(const uint8_t *p, size_t n, const char *name)
{
	return name != NULL && strlen(name) == n &&
	    strncasecmp((const char *)p, name, n) == 0;
}

static int
which(const uint8_t *p, size_t n)
{
	int i;

	for (i = 0; i < H_N; i++)
		if (named(p, n, known[i].name) ||
		    named(p, n, known[i].compact))
			return i;
	return -1;
}

/* A decimal header value, or -1. */
static long
number(const char *v)
{
	char *end;
	long x;

	if (*v < '0' || *v > '9')
		return -1;
	x = strtol(v, &end, 10);
	return x > 0xffffffffL ? -1 : x;
}

/* One header line as its own window. */
static void
header(struct nc_cur l, Netcap__SIP *m, struct sip *s, int *seen,
    struct nc_issue *is, const struct nc_cur *at)
{
	size_t i, n = nc_cur_left(&l), e;
	const uint8_t *name;
	ProtobufCBinaryData v;
	char num[VAL + 1];
	int h;

	for (i = 0; i < n && nc_cur_peek(&l, i) != ':'; i++)
		;
	if (i == n) {
		nc_dec_issue(is, "SIP", at, "header line without a colon");
		return;
	}
	e = i;
	while (e > 0 && (nc_cur_peek(&l, e - 1) == ' ' ||
	    nc_cur_peek(&l, e - 1) == '\t'))
		e--;
	name = nc_cur_bytes(&l, e);
	nc_cur_skip(&l, i - e + 1);
	if (m->n_headers < MAXHDR)
		s->names[m->n_headers++] = nc_dec_span(name, e, NAMELEN);
	else
		nc_dec_issue(is, "SIP", at, "more than %d headers", MAXHDR);
	h = name != NULL ? which(name, e) : -1;
	if (h < 0 || seen[h])
		return;
	seen[h] = 1;
	while (nc_cur_left(&l) > 0 && (nc_cur_peek(&l, 0) == ' ' ||
	    nc_cur_peek(&l, 0) == '\t'))
		nc_cur_skip(&l, 1);
	n = nc_cur_left(&l);
	while (n > 0 && (nc_cur_peek(&l, n - 1) == ' ' ||
	    nc_cur_peek(&l, n - 1) == '\t'))
		n--;
	v = nc_dec_span(nc_cur_bytes(&l, n), n, VAL);
	/* A number is read from a copy: strtol wants it terminated. */
	nc_dec_text(num, sizeof num, v.data, v.len);
	switch (h) {
	case H_CALLID: m->call_id = v; break;
	case H_FROM: m->from = v; break;
	case H_TO: m->to = v; break;
	case H_CSEQ: m->cseq = v; break;
	case H_VIA: m->via = v; break;
	case H_CONTACT: m->contact = v; break;
	case H_UA: m->user_agent = v; break;
	case H_CTYPE: m->content_type = v; break;
	case H_CLEN:
		if (number(num) >= 0) {
			m->_content_length_case =
			    NETCAP__SIP___CONTENT_LENGTH_CONTENT_LENGTH;
			m->content_length = (uint32_t)number(num);
		}
		break;
	case H_MAXFWD:
		if (number(num) >= 0) {
			m->_max_forwards_case =
			    NETCAP__SIP___MAX_FORWARDS_MAX_FORWARDS;
			m->max_forwards = (uint32_t)number(num);
		}
		break;
	}
}

/* RFC 5626 4.4.1: a CRLF (or, from some phones, spaces or NULs) keeps a
 * NAT binding open between messages. */
static int
keepalive(struct nc_cur *c)
{
	size_t i, n = nc_cur_left(c);
	uint8_t ch;

	for (i = 0; i < n; i++) {
		ch = nc_cur_peek(c, i);
		if (ch != '\r' && ch != '\n' && ch != ' ' && ch != '\0')
			return 0;
	}
	return 1;
}

static void
emit(struct nc_pkt *k, Netcap__SIP *m, const struct nc_app *a)
{
	NC_DEC_APP_ENDS(m, k, a);
	nc_dec_emit(k, NETCAP__RECORD__RECORD_SIP, &m->base);
}

void
nc_dec_sip(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	Netcap__SIP m = NETCAP__SIP__INIT;
	struct nc_cur begin = *c, at;
	struct nc_issue is = { 0 };
	struct sip s;
	int seen[H_N] = { 0 }, ended = 0;
	const char *why;
	size_t n, eol;

	/* A keep-alive is SIP doing its job, not something unexplained. */
	if (keepalive(c)) {
		if (nc_dec_want(k, NETCAP__RECORD__RECORD_SIP)) {
			m.keep_alive = 1;
			emit(k, &m, a);
		}
		return;
	}
	n = line(c, &eol);
	if (eol == 0) {
		nc_dec_undecoded(k, "SIP", &begin, "not SIP: no line end");
		return;
	}
	why = start(nc_cur_sub(c, n), &m);
	if (why != NULL) {
		nc_dec_undecoded(k, "SIP", &begin, "not SIP: %s", why);
		return;
	}
	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_SIP))
		return;
	nc_cur_skip(c, eol);
	m.headers = s.names;
	while (nc_cur_left(c) > 0) {
		at = *c;
		n = line(c, &eol);
		if (n == 0 && eol > 0) {
			nc_cur_skip(c, eol);
			ended = 1;
			break;
		}
		/* Folded continuation lines belong to the header above. */
		if (nc_cur_peek(c, 0) != ' ' && nc_cur_peek(c, 0) != '\t')
			header(nc_cur_sub(c, n), &m, &s, seen, &is, &at);
		else
			nc_cur_skip(c, n);
		if (eol == 0)
			break;
		nc_cur_skip(c, eol);
	}
	if (!ended)
		nc_dec_issue(&is, "SIP", &begin,
		    "headers end without a blank line");
	m.body_size = (uint32_t)nc_cur_left(c);
	emit(k, &m, a);
	nc_dec_flush_issue(k, &is);
}
