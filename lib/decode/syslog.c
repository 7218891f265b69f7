/* Syslog over UDP port 514: RFC 5424 (the syslog protocol) when a version
 * follows the PRI, else RFC 3164 (BSD syslog, as most devices send it).
 *
 *	RFC 5424: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]
 *	RFC 3164: <PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG
 *
 * PRI is facility * 8 + severity, at most 191 and written without leading
 * zeros.  RFC 3164 parts that are missing stay empty and what is left is
 * the message (RFC 3164 4.3.3 allows a bare message).  Every part keeps
 * its bytes as sent, NULs and all (the record's text fields are bytes);
 * the message is kept up to MSGMAX bytes and message_length says how long
 * it was. */
#include "decode/internal.h"
#include "decode/text.h"

enum { MSGMAX = 1024, FIELD = 255 };

/* Length of the run at c that stops at a space or the end. */
static size_t
word(struct nc_cur *c)
{
	size_t i, n = nc_cur_left(c);

	for (i = 0; i < n && nc_cur_peek(c, i) != ' '; i++)
		;
	return i;
}

/* The next space-delimited word; steps over one space after it. */
static ProtobufCBinaryData
token(struct nc_cur *c)
{
	size_t n = word(c);
	ProtobufCBinaryData t = nc_dec_span(nc_cur_bytes(c, n), n, FIELD);

	if (nc_cur_left(c) > 0)
		nc_cur_skip(c, 1);
	return t;
}

/* RFC 5424 6.3: "-" or SD-ELEMENTs "[id k="v" ...]"; inside a value a
 * backslash escapes '"', '\' and ']'. */
static size_t
sdlen(struct nc_cur *c)
{
	size_t i = 0, n = nc_cur_left(c);
	int quoted;

	if (n > 0 && nc_cur_peek(c, 0) == '-')
		return 1;
	while (i < n && nc_cur_peek(c, i) == '[') {
		quoted = 0;
		for (i++; i < n; i++) {
			uint8_t ch = nc_cur_peek(c, i);

			if (quoted && ch == '\\' && i + 1 < n)
				i++;
			else if (ch == '"')
				quoted = !quoted;
			else if (!quoted && ch == ']')
				break;
		}
		if (i < n)
			i++;
	}
	return i;
}

static int
isdig(uint8_t ch)
{
	return ch >= '0' && ch <= '9';
}

/* "Mmm dd hh:mm:ss " (RFC 3164 4.1.2; the day is space-padded). */
static int
bsdtime(struct nc_cur *c)
{
	static const char pat[] = "Aaa d# ##:##:## ";
	size_t i;
	uint8_t ch;

	if (nc_cur_left(c) < sizeof pat - 1)
		return 0;
	for (i = 0; i < sizeof pat - 1; i++) {
		ch = nc_cur_peek(c, i);
		switch (pat[i]) {
		case 'A':
			if (ch < 'A' || ch > 'Z')
				return 0;
			break;
		case 'a':
			if (ch < 'a' || ch > 'z')
				return 0;
			break;
		case '#':
			if (!isdig(ch))
				return 0;
			break;
		case 'd':
			if (!isdig(ch) && ch != ' ')
				return 0;
			break;
		default:
			if (ch != (uint8_t)pat[i])
				return 0;
		}
	}
	return 1;
}

static int
tagch(uint8_t ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    isdig(ch) || ch == '_' || ch == '-' || ch == '.' || ch == '/';
}

/* TAG (at most 32 characters, RFC 3164 4.1.3), an optional [PID], then
 * ':'.  Without the colon it is no tag but the message's first word. */
static void
bsdtag(struct nc_cur *c, Netcap__Syslog *y)
{
	size_t i = 0, n = nc_cur_left(c), p0 = 0, p1 = 0;

	while (i < n && i <= 32 && tagch(nc_cur_peek(c, i)))
		i++;
	if (i == 0 || i > 32 || i == n)
		return;
	if (nc_cur_peek(c, i) == '[') {
		p0 = i + 1;
		for (p1 = p0; p1 < n && isdig(nc_cur_peek(c, p1)); p1++)
			;
		if (p1 == n || nc_cur_peek(c, p1) != ']')
			return;
		if (p1 + 1 == n || nc_cur_peek(c, p1 + 1) != ':')
			return;
	} else if (nc_cur_peek(c, i) != ':')
		return;
	y->app_name = nc_dec_span(nc_cur_bytes(c, i), i, FIELD);
	if (p0 > 0) {
		nc_cur_skip(c, 1);
		y->proc_id = nc_dec_span(nc_cur_bytes(c, p1 - p0), p1 - p0,
		    FIELD);
		nc_cur_skip(c, 1);
	}
	nc_cur_skip(c, 1);
	if (nc_cur_left(c) > 0 && nc_cur_peek(c, 0) == ' ')
		nc_cur_skip(c, 1);
}

void
nc_dec_syslog(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	Netcap__Syslog y = NETCAP__SYSLOG__INIT;
	struct nc_cur start = *c;
	const uint8_t *p;
	size_t i, n;
	unsigned pri = 0;

	/* "<" 1*3DIGIT ">", no leading zero but in "<0>". */
	for (i = 1; i <= 4 && i < nc_cur_left(c) &&
	    isdig(nc_cur_peek(c, i)); i++)
		pri = pri * 10 + (nc_cur_peek(c, i) - '0');
	if (nc_cur_left(c) == 0 || nc_cur_peek(c, 0) != '<' || i == 1 ||
	    i > 4 || i >= nc_cur_left(c) || nc_cur_peek(c, i) != '>' ||
	    pri > 191 || (i > 2 && nc_cur_peek(c, 1) == '0')) {
		nc_dec_undecoded(k, "Syslog", &start, "not syslog: no PRI");
		return;
	}
	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_SYSLOG))
		return;
	nc_cur_skip(c, i + 1);
	y.priority = pri;
	y.facility = pri >> 3;
	y.severity = pri & 7;
	if (nc_cur_left(c) >= 2 && nc_cur_peek(c, 0) == '1' &&
	    nc_cur_peek(c, 1) == ' ') {
		nc_cur_skip(c, 2);
		y.version = 1;
		y.timestamp = token(c);
		y.hostname = token(c);
		y.app_name = token(c);
		y.proc_id = token(c);
		y.msg_id = token(c);
		n = sdlen(c);
		y.structured_data = nc_dec_span(nc_cur_bytes(c, n), n, MSGMAX);
		if (nc_cur_left(c) > 0 && nc_cur_peek(c, 0) == ' ')
			nc_cur_skip(c, 1);
		/* RFC 5424 6.4: a UTF-8 message starts with a BOM. */
		if (nc_cur_left(c) >= 3 && nc_cur_peek(c, 0) == 0xef &&
		    nc_cur_peek(c, 1) == 0xbb && nc_cur_peek(c, 2) == 0xbf)
			nc_cur_skip(c, 3);
	} else if (bsdtime(c)) {
		y.timestamp = nc_dec_span(nc_cur_bytes(c, 15), 15, FIELD);
		nc_cur_skip(c, 1);
		y.hostname = token(c);
		bsdtag(c, &y);
	}
	y.message_length = (uint32_t)nc_cur_left(c);
	p = nc_cur_rest(c, &n);
	y.message = nc_dec_span(p, n, MSGMAX);
	NC_DEC_APP_ENDS(&y, k, a);
	nc_dec_emit(k, NETCAP__RECORD__RECORD_SYSLOG, &y.base);
}
