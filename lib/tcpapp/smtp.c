/* SMTP (RFC 5321): one SMTP record per mail transaction, as Zeek's
 * smtp.log has them, and a Credentials record per AUTH PLAIN or LOGIN
 * (RFC 4954, RFC 4616).
 *
 *	command	= verb [SP argument] CR LF
 *	reply	= *(DDD "-" text CR LF) DDD SP text CR LF
 *	DATA	... lines ... "." CR LF		(a leading "." doubled)
 *	BDAT n [LAST] CR LF, then n bytes	(RFC 3030)
 *
 * Replies answer commands in order, also when the client sends several
 * at once (PIPELINING, RFC 2920); 334 is AUTH's challenge, not its answer.
 * The client's message follows DATA once the server said 354: it is read
 * right after DATA here, so that a capture of the client's side alone
 * still gives its headers.  Only the top-level header is read (RFC 5322
 * 2.2: fields up to the first empty line, folded lines unfolded).  After
 * STARTTLS is answered 220 the connection is TLS: nothing after it is
 * read. */
#include "tcpapp/tcpapp.h"

#include <arpa/inet.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "netcap.pb-c.h"
#include "tcpapp/creds.h"
#include "tcpapp/lines.h"
#include "tcpapp/mail.h"

#define LINE_CAP	4096
#define FIELD_MAX	1024		/* bytes of a header field kept */
#define ARENA		8192		/* bytes of one transaction's text */
#define LIST_MAX	32		/* addresses of one list kept */
#define QUEUE		32		/* commands waiting for replies */
#define REPLY_MAX	512		/* bytes of the last reply kept */

enum verb { V_OTHER, V_GREETING, V_HELO, V_MAIL, V_RCPT, V_DATA, V_DOT,
	V_BDAT, V_RSET, V_QUIT, V_STARTTLS, V_AUTH };

enum { M_CMD, M_DATA, M_BDAT };

/* A string of the transaction, in its arena. */
struct str {
	uint16_t off, n;
};

struct list {
	struct str s[LIST_MAX];
	uint8_t n;
};

struct trans {
	uint8_t active;			/* a record is due: client activity */
	uint8_t cut, in_header, tls;
	int64_t ts;
	uint64_t packet;
	uint64_t body;
	struct str mailfrom, date, from, reply_to, msg_id, in_reply_to,
	    subject, xoip, recv1, recv2, ua;
	struct list rcpt, to, cc, path;
	uint8_t path_done;
	uint16_t used;
	uint8_t arena[ARENA];
};

struct smtp {
	struct nc_lines l[2];
	struct nc_lines body;		/* lines of BDAT chunks */
	uint8_t q[QUEUE];		/* verbs waiting for replies */
	unsigned head, n;
	uint64_t over;			/* commands past the queue */
	uint8_t mode, done, tls, greeted, bdat_last, in_reply;
	uint64_t bdat_left;
	uint32_t depth;
	struct trans t;
	uint8_t helo[256], auth_user[256];
	uint16_t nhelo, nauth_user;
	uint8_t reply[REPLY_MAX];
	uint16_t nreply;
	uint8_t field[FIELD_MAX];	/* the header field being unfolded */
	uint16_t nfield;
	uint8_t field_cut;
	struct nc_cred cred;
	struct nc_sasl sasl;
	struct nc_mail mail;		/* the message, for its Mail record */
};

/* Whether k (at most 5 bytes) is the start of "EHLO " or "HELO ". */
static int
verb_prefix(struct nc_span k)
{
	static const char *const v[] = { "EHLO ", "HELO " };
	size_t i, j;
	int ok;
	uint8_t b;

	for (i = 0; i < 2; i++) {
		ok = 1;
		for (j = 0; j < k.n; j++) {
			b = k.p[j] >= 'a' && k.p[j] <= 'z' ?
			    (uint8_t)(k.p[j] - 'a' + 'A') : k.p[j];
			if (b != (uint8_t)v[i][j])
				ok = 0;
		}
		if (ok)
			return 1;
	}
	return 0;
}

/* A greeting "220" that names SMTP or ESMTP; a client that starts with
 * EHLO or HELO. */
static enum nc_probe
smtp_probe(int dir, const uint8_t *p, size_t n)
{
	struct nc_span s = nc_lines_span(p, n);
	int g;

	if (dir == NC_TCPAPP_ORIG) {
		/* MORE only while what came may still be the verb. */
		struct nc_span k = nc_lines_sub(s, 0, 5);

		if (!verb_prefix(k))
			return NC_PROBE_NO;
		return k.n < 5 ? NC_PROBE_MORE : NC_PROBE_YES;
	}
	if ((g = nc_lines_greeting(s, "220")) != NC_PROBE_YES)
		return g;
	if (nc_lines_find(s, "SMTP"))
		return NC_PROBE_YES;
	return memchr(p, '\n', n) != NULL ? NC_PROBE_NO : NC_PROBE_MORE;
}

static void *
smtp_open(const struct nc_tcpapp_ctx *c)
{
	struct smtp *m = calloc(1, sizeof *m);

	(void)c;
	if (m == NULL)
		return NULL;
	nc_lines_init(&m->l[0], LINE_CAP);
	nc_lines_init(&m->l[1], LINE_CAP);
	nc_lines_init(&m->body, LINE_CAP);
	return m;
}

/* Keeps p[0, n) in the arena; an empty string when it is full. */
static struct str
save(struct trans *t, const uint8_t *p, size_t n)
{
	struct str s = { 0, 0 };

	if (n > (size_t)(ARENA - t->used)) {
		t->cut = 1;
		return s;
	}
	if (n > 0)
		memcpy(t->arena + t->used, p, n);
	s.off = t->used;
	s.n = (uint16_t)n;
	t->used = (uint16_t)(t->used + n);
	return s;
}

static void
add(struct trans *t, struct list *l, const uint8_t *p, size_t n)
{
	if (l->n == LIST_MAX) {
		t->cut = 1;
		return;
	}
	l->s[l->n++] = save(t, p, n);
}

static ProtobufCBinaryData
get(const struct trans *t, struct str s)
{
	return nc_bin(t->arena + s.off, s.n);
}

static struct nc_span
trim(struct nc_span s)
{
	while (s.n > 0 && (s.p[0] == ' ' || s.p[0] == '\t')) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t'))
		s.n--;
	return s;
}

/* The address of a MAIL FROM or RCPT TO argument: inside <>, or the
 * first word after the colon. */
static struct nc_span
address(struct nc_span arg)
{
	size_t colon = nc_lines_index(arg, 0, ':'), lt, gt;
	struct nc_span s;

	if (colon == arg.n)
		return nc_lines_span(NULL, 0);
	s = trim(nc_lines_sub(arg, colon + 1, arg.n));
	if ((lt = nc_lines_index(s, 0, '<')) < s.n &&
	    (gt = nc_lines_index(s, lt, '>')) < s.n)
		return nc_lines_sub(s, lt + 1, gt - lt - 1);
	return nc_lines_sub(s, 0, nc_lines_index(s, 0, ' '));
}

/* Writes the transaction, if one is due, and starts the next. */
static int
flush(struct smtp *m, const struct nc_tcpapp_ctx *c)
{
	Netcap__SMTP r = NETCAP__SMTP__INIT;
	const struct nc_tcpapp_conn *cn = c->conn;
	struct trans *t = &m->t;
	ProtobufCBinaryData rc[LIST_MAX], to[LIST_MAX], cc[LIST_MAX],
	    path[LIST_MAX + 2];
	int i, rv = 0;

	if (t->active) {
		r.ts = t->ts;
		r.packet = t->packet;
		NC_TCPAPP_ENDS(r, cn, NC_TCPAPP_ORIG);
		/* As Zeek counts: the messages done before it, plus one. */
		r.trans_depth = m->depth + 1;
		r.helo = nc_bin(m->helo, m->nhelo);
		r.mailfrom = get(t, t->mailfrom);
		for (i = 0; i < t->rcpt.n; i++)
			rc[i] = get(t, t->rcpt.s[i]);
		r.rcptto = rc;
		r.n_rcptto = t->rcpt.n;
		r.date = get(t, t->date);
		r.from = get(t, t->from);
		for (i = 0; i < t->to.n; i++)
			to[i] = get(t, t->to.s[i]);
		r.to = to;
		r.n_to = t->to.n;
		for (i = 0; i < t->cc.n; i++)
			cc[i] = get(t, t->cc.s[i]);
		r.cc = cc;
		r.n_cc = t->cc.n;
		r.reply_to = get(t, t->reply_to);
		r.msg_id = get(t, t->msg_id);
		r.in_reply_to = get(t, t->in_reply_to);
		r.subject = get(t, t->subject);
		r.x_originating_ip = get(t, t->xoip);
		r.first_received = get(t, t->recv1);
		r.second_received = get(t, t->recv2);
		r.last_reply = nc_bin(m->reply, m->nreply);
		/* Zeek's path ends with the two hosts of this connection. */
		path[0] = nc_bin(cn->ip[NC_TCPAPP_RESP], cn->alen);
		path[1] = nc_bin(cn->ip[NC_TCPAPP_ORIG], cn->alen);
		for (i = 0; i < t->path.n; i++)
			path[i + 2] = get(t, t->path.s[i]);
		r.path_ip = path;
		r.n_path_ip = (size_t)t->path.n + 2;
		r.user_agent = get(t, t->ua);
		r.tls = t->tls;
		r.body_bytes = t->body;
		r.cut = t->cut;
		r.auth_user = nc_bin(m->auth_user, m->nauth_user);
		if ((rv = c->put(c->arg, NETCAP__RECORD__RECORD_SMTP,
		    &r.base)) == 0)
			c->stats->records++;
	}
	memset(t, 0, offsetof(struct trans, arena));
	return rv;
}

/* The transaction has client activity: it is written in the end. */
static void
activity(struct smtp *m, const struct nc_tcpapp_ctx *c)
{
	if (!m->t.active) {
		m->t.active = 1;
		m->t.ts = c->ts;
		m->t.packet = c->packet;
	}
}

/* The first IPv4 or IPv6 address in brackets of a Received field, the
 * second when there are more (as Zeek picks one), as 4 or 16 bytes of
 * the connection's family; 0 when none. */
static int
received_ip(struct nc_span v, int alen, uint8_t out[16])
{
	uint8_t ip[2][16];
	char a[64];
	size_t i, j, rb;
	int found = 0;
	struct nc_span in;

	for (i = 0; i < v.n && found < 2; i++) {
		if (v.p[i] != '[')
			continue;
		if ((rb = nc_lines_index(v, i, ']')) == v.n)
			break;
		in = nc_lines_sub(v, i + 1, rb - i - 1);
		/* RFC 5321 4.1.3: an IPv6 address literal is tagged. */
		if (nc_lines_prefix(in, "IPV6:"))
			in = nc_lines_sub(in, 5, in.n);
		j = in.n;
		if (j < sizeof a) {
			memcpy(a, in.p, j);
			a[j] = '\0';
			if (inet_pton(alen == 16 ? AF_INET6 : AF_INET, a,
			    ip[found]) == 1)
				found++;
		}
	}
	if (found == 0)
		return 0;
	memcpy(out, ip[found - 1], (size_t)alen);
	return 1;
}

/* Whether an address that starts with bytes a0 a1 is private (RFC
 * 1918, RFC 4193, loopback, link local), where Zeek goes on reading the
 * path. */
static int
private_ip(uint8_t a0, uint8_t a1, int alen)
{
	if (alen == 4)
		return a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) ||
		    (a0 == 192 && a1 == 168) || a0 == 127 ||
		    (a0 == 169 && a1 == 254);
	return (a0 & 0xfe) == 0xfc || (a0 == 0xfe && (a1 & 0xc0) == 0x80);
}

/* Splits an address list at commas outside quotes and angle brackets. */
static void
split_list(struct trans *t, struct list *l, struct nc_span v)
{
	size_t i, start = 0;
	int q = 0, angle = 0;
	struct nc_span one;

	for (i = 0; i <= v.n; i++) {
		if (i < v.n) {
			if (v.p[i] == '"')
				q = !q;
			else if (!q && v.p[i] == '<')
				angle = 1;
			else if (!q && v.p[i] == '>')
				angle = 0;
			if (q || angle || v.p[i] != ',')
				continue;
		}
		one = trim(nc_lines_span(v.p + start, i - start));
		if (one.n > 0)
			add(t, l, one.p, one.n);
		start = i + 1;
	}
}

/* One whole (unfolded) header field of the message. */
static void
field(struct smtp *m, const struct nc_tcpapp_ctx *c)
{
	struct trans *t = &m->t;
	struct nc_span f = nc_lines_span(m->field, m->nfield), name, v;
	size_t colon = nc_lines_index(f, 0, ':');
	uint8_t ip[16];
	int alen = c->conn->alen;

	if (colon == f.n)
		return;
	name = trim(nc_lines_sub(f, 0, colon));
	v = trim(nc_lines_sub(f, colon + 1, f.n));
	t->cut |= m->field_cut;
	if (nc_lines_is(name, "MESSAGE-ID"))
		t->msg_id = save(t, v.p, v.n);
	else if (nc_lines_is(name, "IN-REPLY-TO"))
		t->in_reply_to = save(t, v.p, v.n);
	else if (nc_lines_is(name, "SUBJECT"))
		t->subject = save(t, v.p, v.n);
	else if (nc_lines_is(name, "FROM"))
		t->from = save(t, v.p, v.n);
	else if (nc_lines_is(name, "REPLY-TO"))
		t->reply_to = save(t, v.p, v.n);
	else if (nc_lines_is(name, "DATE"))
		t->date = save(t, v.p, v.n);
	else if (nc_lines_is(name, "TO"))
		split_list(t, &t->to, v);
	else if (nc_lines_is(name, "CC"))
		split_list(t, &t->cc, v);
	else if (nc_lines_is(name, "X-ORIGINATING-IP"))
		t->xoip = save(t, v.p, v.n);
	else if (nc_lines_is(name, "X-MAILER") ||
	    nc_lines_is(name, "USER-AGENT") ||
	    nc_lines_is(name, "X-USER-AGENT"))
		t->ua = save(t, v.p, v.n);
	else if (nc_lines_is(name, "RECEIVED")) {
		/* Zeek keeps the last two, the last as the first. */
		t->recv2 = t->recv1;
		t->recv1 = save(t, v.p, v.n);
		if (!t->path_done && received_ip(v, alen, ip)) {
			if (!private_ip(ip[0], ip[1], alen))
				t->path_done = 1;
			if (t->path.n == 0 || memcmp(t->arena +
			    t->path.s[t->path.n - 1].off, ip,
			    (size_t)alen) != 0)
				add(t, &t->path, ip, (size_t)alen);
		}
	}
}

/* A line of the message (dot-unstuffed), with the line end it had. */
static void
message_line(struct smtp *m, const struct nc_line *l,
    const struct nc_tcpapp_ctx *c)
{
	struct trans *t = &m->t;
	size_t room;

	if (!t->in_header)
		return;
	if (l->n > 0 && (l->p[0] == ' ' || l->p[0] == '\t') &&
	    m->nfield > 0) {
		/* A folded line goes on the field before it. */
		room = FIELD_MAX - m->nfield;
		if (l->n > room)
			m->field_cut = 1;
		memcpy(m->field + m->nfield, l->p, l->n < room ? l->n : room);
		m->nfield = (uint16_t)(m->nfield + (l->n < room ? l->n :
		    room));
		return;
	}
	if (m->nfield > 0)
		field(m, c);
	m->nfield = 0;
	m->field_cut = (uint8_t)l->cut;
	if (l->n == 0) {
		t->in_header = 0;
		return;
	}
	m->nfield = (uint16_t)(l->n < FIELD_MAX ? l->n : FIELD_MAX);
	m->field_cut |= l->n > FIELD_MAX;
	memcpy(m->field, l->p, m->nfield);
}

/* The end of the message: the header ends with it, if it had not; the
 * message is the transaction's, whose record is written after it. */
static int
message_end(struct smtp *m, const struct nc_tcpapp_ctx *c, int cut)
{
	if (m->t.in_header && m->nfield > 0)
		field(m, c);
	m->nfield = 0;
	m->t.in_header = 0;
	return nc_mail_end(&m->mail, c, "smtp", NC_TCPAPP_ORIG, m->depth + 1,
	    cut);
}

static void
queue(struct smtp *m, enum verb v, const struct nc_tcpapp_ctx *c)
{
	if (m->n == QUEUE || m->over > 0) {
		/* Pipelined past the queue: its reply is counted off. */
		c->stats->capped++;
		m->over++;
		return;
	}
	m->q[(m->head + m->n++) % QUEUE] = (uint8_t)v;
}

/* A client line outside a message. */
static int
command(struct smtp *m, const struct nc_line *l, const struct nc_tcpapp_ctx *c)
{
	struct nc_span w, arg, a;
	uint64_t n = 0;
	size_t i, sp;

	if (nc_sasl_wants(&m->sasl)) {
		nc_sasl_line(&m->sasl, &m->cred, c, l->p, l->n);
		return 0;
	}
	nc_lines_word(l, &w, &arg);
	if (nc_lines_is(w, "HELO") || nc_lines_is(w, "EHLO")) {
		m->nhelo = (uint16_t)(arg.n < sizeof m->helo ? arg.n :
		    sizeof m->helo);
		if (m->nhelo > 0)
			memcpy(m->helo, arg.p, m->nhelo);
		queue(m, V_HELO, c);
	} else if (nc_lines_is(w, "MAIL")) {
		/* A transaction the server did not end is written now. */
		if (flush(m, c) < 0)
			return -1;
		activity(m, c);
		a = address(arg);
		m->t.mailfrom = save(&m->t, a.p, a.n);
		queue(m, V_MAIL, c);
	} else if (nc_lines_is(w, "RCPT")) {
		activity(m, c);
		a = address(arg);
		add(&m->t, &m->t.rcpt, a.p, a.n);
		queue(m, V_RCPT, c);
	} else if (nc_lines_is(w, "DATA")) {
		queue(m, V_DATA, c);
		m->mode = M_DATA;
		m->t.in_header = 1;
		m->nfield = 0;
		nc_mail_begin(&m->mail);
	} else if (nc_lines_is(w, "BDAT")) {
		/* Any size is skipped, never kept: only an overflow is
		 * refused. */
		for (i = 0; i < arg.n && arg.p[i] >= '0' && arg.p[i] <= '9' &&
		    n < UINT64_MAX / 10 - 9; i++)
			n = n * 10 + (uint64_t)(arg.p[i] - '0');
		if (i == 0 || (i < arg.n && arg.p[i] != ' ')) {
			c->stats->malformed++;
			m->done = 1;
			return 0;
		}
		sp = nc_lines_index(arg, 0, ' ');
		m->bdat_last = sp < arg.n && nc_lines_is(trim(nc_lines_sub(arg,
		    sp + 1, arg.n)), "LAST");
		if (m->t.body == 0 && !m->t.in_header) {
			m->t.in_header = 1;
			m->nfield = 0;
		}
		if (!m->mail.active)
			nc_mail_begin(&m->mail);
		m->bdat_left = n;
		m->mode = M_BDAT;
		queue(m, m->bdat_last ? V_DOT : V_BDAT, c);
	} else if (nc_lines_is(w, "RSET")) {
		queue(m, V_RSET, c);
	} else if (nc_lines_is(w, "QUIT")) {
		queue(m, V_QUIT, c);
	} else if (nc_lines_is(w, "STARTTLS")) {
		queue(m, V_STARTTLS, c);
	} else if (nc_lines_is(w, "AUTH")) {
		queue(m, V_AUTH, c);
		nc_lines_split(arg, &w, &a);
		nc_sasl_start(&m->sasl, &m->cred, c, "smtp", w.p, w.n, a.p,
		    a.n);
	} else {
		queue(m, V_OTHER, c);
	}
	return 0;
}

/* Bytes of a BDAT chunk from cur. */
static int
chunk(struct smtp *m, struct nc_cur *cur, const struct nc_tcpapp_ctx *c)
{
	size_t take = nc_cur_left(cur);
	struct nc_cur sub;
	struct nc_line l;

	if (take > m->bdat_left)
		take = (size_t)m->bdat_left;
	sub = nc_cur_sub(cur, take);
	nc_mail_data(&m->mail, sub.p, take, c);
	m->bdat_left -= take;
	m->t.body += take;
	while (nc_lines_next(&m->body, &sub, &l) == 1)
		message_line(m, &l, c);
	if (m->bdat_left > 0)
		return 0;
	m->mode = M_CMD;
	if (m->bdat_last) {
		nc_lines_reset(&m->body);
		return message_end(m, c, 0);
	}
	return 0;
}

/* A client line of a DATA message. */
static int
data_line(struct smtp *m, const struct nc_line *l,
    const struct nc_tcpapp_ctx *c)
{
	static const uint8_t crlf[] = "\r\n";
	struct nc_line u = *l;

	if (l->n == 1 && l->len == 1 && l->p[0] == '.') {
		m->mode = M_CMD;
		queue(m, V_DOT, c);
		return message_end(m, c, 0);
	}
	/* RFC 5321 4.5.2: a leading dot was doubled. */
	if (l->n > 0 && l->p[0] == '.') {
		u.p++;
		u.n--;
		u.len--;
	}
	m->t.body += u.len + 2;
	message_line(m, &u, c);
	/* A line cut by the line reader leaves the message cut. */
	if (u.cut)
		nc_mail_cut(&m->mail);
	nc_mail_data(&m->mail, u.p, u.n, c);
	nc_mail_data(&m->mail, crlf, 2, c);
	return 0;
}

/* A reply's last line: the verb at the head is answered. */
static int
answer(struct smtp *m, unsigned code, const struct nc_line *l,
    const struct nc_tcpapp_ctx *c)
{
	enum verb v;
	int acc, rc;

	m->nreply = (uint16_t)(l->n < REPLY_MAX ? l->n : REPLY_MAX);
	memcpy(m->reply, l->p, m->nreply);
	/* The server greets first, whatever the client sent. */
	if (m->n == 0 || !m->greeted) {
		if (m->greeted && m->over > 0)
			m->over--;
		/* No SMTP record keeps it: Software and Service records do. */
		if (!m->greeted && c->greeting != NULL &&
		    c->greeting(c, "smtp", l->p, l->n) < 0)
			return -1;
		m->greeted = 1;
		return 0;
	}
	v = (enum verb)m->q[m->head];
	if (v == V_AUTH && code == 334)
		return 0;
	m->head = (m->head + 1) % QUEUE;
	m->n--;
	switch (v) {
	case V_DATA:
		/* Refused: no message follows. */
		if (code != 354 && code >= 300 && m->mode == M_DATA) {
			m->mode = M_CMD;
			m->t.in_header = 0;
			nc_mail_drop(&m->mail);
		}
		break;
	case V_DOT:
		rc = flush(m, c);
		m->depth++;
		return rc;
	case V_RSET:
	case V_QUIT:
		return flush(m, c);
	case V_STARTTLS:
		if (code == 220) {
			activity(m, c);
			m->t.tls = 1;
			m->tls = 1;
			return flush(m, c);
		}
		break;
	case V_AUTH:
		acc = code >= 200 && code < 300 ? NC_CRED_ACCEPTED :
		    code >= 400 ? NC_CRED_REJECTED : NC_CRED_UNKNOWN;
		if (acc == NC_CRED_ACCEPTED && m->cred.held) {
			m->nauth_user = m->cred.nuser;
			memcpy(m->auth_user, m->cred.user, m->nauth_user);
		}
		nc_sasl_end(&m->sasl);
		return nc_creds_settle(&m->cred, c, acc, l->p, l->n);
	default:
		break;
	}
	return 0;
}

/* A server line. */
static int
reply(struct smtp *m, const struct nc_line *l, const struct nc_tcpapp_ctx *c)
{
	struct nc_span text;
	unsigned code;
	int more;

	if (nc_lines_reply(l, &code, &more, &text) < 0 || more)
		return 0;
	return answer(m, code, l, c);
}

static int
client(struct smtp *m, struct nc_cur *cur, const struct nc_tcpapp_ctx *c)
{
	struct nc_line l;

	while (!m->done && !m->tls && nc_cur_left(cur) > 0) {
		if (m->mode == M_BDAT) {
			if (chunk(m, cur, c) < 0)
				return -1;
			continue;
		}
		if (nc_lines_next(&m->l[0], cur, &l) != 1)
			break;
		if ((m->mode == M_DATA ? data_line(m, &l, c) :
		    command(m, &l, c)) < 0)
			return -1;
	}
	return 0;
}

static int
smtp_data(void *s, int dir, const uint8_t *p, size_t n,
    const struct nc_tcpapp_ctx *c)
{
	struct smtp *m = s;
	struct nc_cur cur = nc_cur_make(p, n);
	struct nc_line l;

	if (dir == NC_TCPAPP_ORIG) {
		if (client(m, &cur, c) < 0)
			return -1;
	} else {
		while (!m->done && !m->tls &&
		    nc_lines_next(&m->l[1], &cur, &l) == 1)
			if (reply(m, &l, c) < 0)
				return -1;
	}
	return m->done || m->tls ? NC_TCPAPP_DONE : NC_TCPAPP_MORE;
}

/* A gap in the client's message or chunk leaves the rest unknown: the
 * transaction is written with what it had, and the client side reads
 * commands again only at a line that parses as one; in a reply, the line
 * cut is dropped. */
static int
smtp_gap(void *s, int dir, uint64_t n, const struct nc_tcpapp_ctx *c)
{
	struct smtp *m = s;

	nc_lines_reset(&m->l[dir]);
	if (dir == NC_TCPAPP_ORIG && m->mode == M_BDAT) {
		if (n >= m->bdat_left) {
			m->bdat_left = 0;
			m->mode = M_CMD;
		} else {
			m->bdat_left -= n;
		}
		nc_lines_reset(&m->body);
		m->t.cut = 1;
		nc_mail_cut(&m->mail);
	} else if (dir == NC_TCPAPP_ORIG && m->mode != M_CMD) {
		m->t.cut = 1;
		m->t.in_header = 0;
		nc_mail_cut(&m->mail);
	}
	(void)c;
	return m->done ? NC_TCPAPP_DONE : NC_TCPAPP_MORE;
}

static int
smtp_close(void *s, const struct nc_tcpapp_ctx *c)
{
	struct smtp *m = s;
	int rc;

	/* A message still open was cut by the connection's end. */
	rc = message_end(m, c, 1);
	if (rc == 0)
		rc = flush(m, c);
	if (rc == 0)
		rc = nc_creds_settle(&m->cred, c, NC_CRED_UNKNOWN, NULL, 0);
	nc_lines_free(&m->l[0]);
	nc_lines_free(&m->l[1]);
	nc_lines_free(&m->body);
	nc_mail_free(&m->mail);
	free(m);
	return rc;
}

const struct nc_tcpapp nc_tcpapp_smtp = {
	.name = "smtp",
	.probe = smtp_probe,
	.open = smtp_open,
	.data = smtp_data,
	.gap = smtp_gap,
	.close = smtp_close,
};
