/* POP3 (RFC 1939, RFC 2449 CAPA, RFC 5034 AUTH): one POP3 record per
 * command and its reply, and a Credentials record per USER/PASS or AUTH
 * PLAIN or LOGIN login.
 *
 *	command	= keyword *(SP argument) CR LF
 *	reply	= ("+OK" / "-ERR") [SP text] CR LF
 *		  [*(line CR LF) "." CR LF]	(multi-line: a leading "."
 *						 doubled)
 *	"+" SP base64 CR LF			(an AUTH challenge)
 *
 * Replies answer commands in order.  Which replies have lines after them
 * is known from the command only: RETR and TOP, LIST and UIDL without an
 * argument, CAPA.  After STLS is answered +OK the connection is TLS
 * (RFC 2595 4): nothing after it is read. */
#include "tcpapp/tcpapp.h"

#include <stdlib.h>
#include <string.h>

#include "netcap.pb-c.h"
#include "tcpapp/creds.h"
#include "tcpapp/lines.h"
#include "tcpapp/mail.h"

#define LINE_CAP	4096
#define WORD_MAX	8		/* bytes of a command word kept */
#define ARG_MAX		256		/* bytes of an argument kept */
#define MSG_MAX		512		/* bytes of a reply's text kept */
#define QUEUE		8		/* commands waiting for replies */

struct cmd {
	union {
		struct nc_cmd base;
		struct { NC_CMD_MEMBERS; };
	};
	uint8_t multi;
};

struct pop3 {
	struct nc_lines l[2];
	struct cmd q[QUEUE];
	unsigned head, n;
	uint64_t over;			/* commands past the queue */
	uint8_t greeted, in_data, done;
	/* The reply of the command at the head, while its lines come. */
	const char *status;
	uint8_t msg[MSG_MAX];
	uint16_t nmsg;
	uint8_t msg_cut;
	uint32_t lines;
	uint64_t bytes;
	uint8_t user[NC_CRED_MAX];
	uint16_t nuser;
	struct nc_cred cred;
	struct nc_sasl sasl;
	struct nc_mail mail;		/* a RETR or TOP reply's message */
	uint32_t mails;			/* messages ended */
};

/* A greeting "+OK". */
static enum nc_probe
pop3_probe(int dir, const uint8_t *p, size_t n)
{
	static const char ok[] = "+OK";
	struct nc_cur c = nc_cur_make(p, n);
	size_t i;
	uint8_t b;

	if (dir != NC_TCPAPP_RESP)
		return NC_PROBE_NO;
	for (i = 0; i < 3 && i < n; i++)
		if (nc_cur_u8(&c) != (uint8_t)ok[i])
			return NC_PROBE_NO;
	if (n <= 3)
		return NC_PROBE_MORE;
	b = nc_cur_u8(&c);
	return b == ' ' || b == '\r' ? NC_PROBE_YES : NC_PROBE_NO;
}

static void *
pop3_open(const struct nc_tcpapp_ctx *c)
{
	struct pop3 *s = calloc(1, sizeof *s);

	(void)c;
	if (s == NULL)
		return NULL;
	nc_lines_init(&s->l[0], LINE_CAP);
	nc_lines_init(&s->l[1], LINE_CAP);
	return s;
}

static int
put(struct pop3 *s, const struct cmd *k, const struct nc_tcpapp_ctx *c)
{
	Netcap__POP3 m = NETCAP__POP3__INIT;
	const struct nc_tcpapp_conn *cn = c->conn;

	m.ts = k->ts;
	m.packet = k->packet;
	NC_TCPAPP_ENDS(m, cn, NC_TCPAPP_ORIG);
	m.command = nc_bin(k->word, k->nword);
	m.arg = nc_bin(k->arg, k->narg);
	m.status = (char *)(s->status != NULL ? s->status : "");
	if (s->status != NULL) {
		m.message = nc_bin(s->msg, s->nmsg);
		m.lines = s->lines;
		m.bytes = s->bytes;
	}
	m.user = nc_bin(s->user, s->nuser);
	m.cut = k->cut || (s->status != NULL && s->msg_cut);
	if (c->put(c->arg, NETCAP__RECORD__RECORD_POP3, &m.base) < 0)
		return -1;
	c->stats->records++;
	return 0;
}

static int
is(const struct cmd *k, const char *w)
{
	return nc_lines_is(nc_lines_span(k->word, k->nword), w);
}

/* A client line. */
static int
command(struct pop3 *s, const struct nc_line *l, const struct nc_tcpapp_ctx *c)
{
	struct nc_span w, arg, mech, ir;
	struct cmd *k, one;
	int i;

	if (nc_sasl_wants(&s->sasl)) {
		nc_sasl_line(&s->sasl, &s->cred, c, l->p, l->n);
		return 0;
	}
	nc_lines_word(l, &w, &arg);
	if (w.n == 0)
		return 0;
	i = nc_cmd_slot(s->head, s->n, QUEUE, &s->over, c->stats);
	k = i < 0 ? &one : &s->q[i];
	memset(k, 0, sizeof *k);
	nc_cmd_fill(&k->base, l, w, arg, WORD_MAX, ARG_MAX, c);
	k->multi = is(k, "RETR") || is(k, "TOP") || is(k, "CAPA") ||
	    ((is(k, "LIST") || is(k, "UIDL")) && arg.n == 0);
	if (is(k, "USER")) {
		s->nuser = (uint16_t)(arg.n < NC_CRED_MAX ? arg.n :
		    NC_CRED_MAX);
		if (s->nuser > 0)
			memcpy(s->user, arg.p, s->nuser);
	} else if (is(k, "PASS")) {
		nc_creds_hold(&s->cred, c, "pop3", "USER/PASS", s->user,
		    s->nuser, arg.p, arg.n);
	} else if (is(k, "AUTH")) {
		nc_lines_split(arg, &mech, &ir);
		nc_sasl_start(&s->sasl, &s->cred, c, "pop3", mech.p, mech.n,
		    ir.p, ir.n);
	}
	if (k == &one) {
		s->status = NULL;
		return put(s, k, c);
	}
	s->n++;
	return 0;
}

/* The command at the head has its whole reply. */
static int
done(struct pop3 *s, const struct nc_tcpapp_ctx *c)
{
	struct cmd *k = &s->q[s->head];
	int rc = 0, ok = s->status != NULL && s->status[0] == '+';

	if ((is(k, "PASS") || is(k, "AUTH")) && s->cred.held) {
		if (ok && is(k, "AUTH")) {
			s->nuser = s->cred.nuser;
			memcpy(s->user, s->cred.user, s->nuser);
		}
		rc = nc_creds_settle(&s->cred, c, ok ? NC_CRED_ACCEPTED :
		    NC_CRED_REJECTED, s->msg, s->nmsg);
	}
	if (is(k, "AUTH"))
		nc_sasl_end(&s->sasl);
	/* RFC 2595 4: TLS from here on. */
	if (is(k, "STLS") && ok)
		s->done = 1;
	if (rc == 0)
		rc = put(s, k, c);
	s->head = (s->head + 1) % QUEUE;
	s->n--;
	s->in_data = 0;
	return rc;
}

/* A line of a RETR or TOP reply's message. */
static void
message_line(struct pop3 *s, const struct nc_line *l,
    const struct nc_tcpapp_ctx *c)
{
	static const uint8_t crlf[] = "\r\n";
	struct nc_span t = nc_lines_span(l->p, l->n);

	if (!s->mail.active)
		return;
	/* RFC 1939 3: a leading "." was doubled. */
	if (t.n > 0 && t.p[0] == '.')
		t = nc_lines_sub(t, 1, t.n);
	if (l->cut)
		nc_mail_cut(&s->mail);
	nc_mail_data(&s->mail, t.p, t.n, c);
	nc_mail_data(&s->mail, crlf, 2, c);
}

/* A server line. */
static int
reply(struct pop3 *s, const struct nc_line *l, const struct nc_tcpapp_ctx *c)
{
	static const uint8_t init[] = "<init>";
	struct nc_span t = nc_lines_span(l->p, l->n), text;
	struct cmd g;
	size_t skip;

	if (s->in_data) {
		if (l->len == 1 && l->p[0] == '.') {
			if (s->mail.active && nc_mail_end(&s->mail, c, "pop3",
			    NC_TCPAPP_RESP, ++s->mails, 0) < 0)
				return -1;
			return done(s, c);
		}
		s->lines++;
		s->bytes += l->len + 2;
		message_line(s, l, c);
		return 0;
	}
	if (nc_lines_prefix(t, "+OK")) {
		s->status = "+OK";
		skip = 3;
	} else if (nc_lines_prefix(t, "-ERR")) {
		s->status = "-ERR";
		skip = 4;
	} else if (nc_lines_prefix(t, "+ ") || (t.n == 1 && t.p[0] == '+')) {
		/* A challenge: AUTH goes on. */
		return 0;
	} else {
		c->stats->malformed++;
		return 0;
	}
	if (skip < t.n && t.p[skip] == ' ')
		skip++;
	text = nc_lines_span(t.p + (skip < t.n ? skip : t.n),
	    skip < t.n ? t.n - skip : 0);
	s->nmsg = (uint16_t)(text.n < MSG_MAX ? text.n : MSG_MAX);
	if (s->nmsg > 0)
		memcpy(s->msg, text.p, s->nmsg);
	s->msg_cut = l->cut || text.n > MSG_MAX;
	s->lines = 0;
	s->bytes = 0;
	/* The server greets first, whatever the client sent. */
	if (!s->greeted) {
		s->greeted = 1;
		memset(&g, 0, sizeof g);
		memcpy(g.word, init, sizeof init - 1);
		g.nword = sizeof init - 1;
		g.ts = c->ts;
		g.packet = c->packet;
		return put(s, &g, c);
	}
	s->greeted = 1;
	if (s->n == 0) {
		/* The reply of a command past the queue (a multi-line one
		 * is not told apart: its lines are taken for replies and
		 * dropped too). */
		if (s->over > 0)
			s->over--;
		return 0;
	}
	if (s->q[s->head].multi && s->status[0] == '+') {
		s->in_data = 1;
		if (is(&s->q[s->head], "RETR") || is(&s->q[s->head], "TOP"))
			nc_mail_begin(&s->mail);
		return 0;
	}
	return done(s, c);
}

static int
pop3_data(void *p, int dir, const uint8_t *b, size_t n,
    const struct nc_tcpapp_ctx *c)
{
	struct pop3 *s = p;
	struct nc_cur cur = nc_cur_make(b, n);
	struct nc_line l;

	while (!s->done && nc_lines_next(&s->l[dir], &cur, &l) == 1)
		if ((dir == NC_TCPAPP_ORIG ? command(s, &l, c) :
		    reply(s, &l, c)) < 0)
			return -1;
	return s->done ? NC_TCPAPP_DONE : NC_TCPAPP_MORE;
}

/* A gap cuts a line; in a multi-line reply, the bytes are counted and
 * the end is still its "." line. */
static int
pop3_gap(void *p, int dir, uint64_t n, const struct nc_tcpapp_ctx *c)
{
	struct pop3 *s = p;

	(void)c;
	nc_lines_reset(&s->l[dir]);
	if (dir == NC_TCPAPP_RESP && s->in_data) {
		s->bytes += n;
		s->msg_cut = 1;
		nc_mail_cut(&s->mail);
	}
	return NC_TCPAPP_MORE;
}

static int
pop3_close(void *p, const struct nc_tcpapp_ctx *c)
{
	struct pop3 *s = p;
	int rc = 0;

	/* A message the connection's end cut. */
	rc = nc_mail_end(&s->mail, c, "pop3", NC_TCPAPP_RESP, ++s->mails, 1);
	/* Commands no reply completed: a reply still coming counts. */
	if (!s->in_data)
		s->status = NULL;
	while (s->n > 0 && rc == 0) {
		rc = put(s, &s->q[s->head], c);
		s->status = NULL;
		s->head = (s->head + 1) % QUEUE;
		s->n--;
	}
	if (rc == 0)
		rc = nc_creds_settle(&s->cred, c, NC_CRED_UNKNOWN, NULL, 0);
	nc_lines_free(&s->l[0]);
	nc_lines_free(&s->l[1]);
	nc_mail_free(&s->mail);
	free(s);
	return rc;
}

const struct nc_tcpapp nc_tcpapp_pop3 = {
	.name = "pop3",
	.probe = pop3_probe,
	.open = pop3_open,
	.data = pop3_data,
	.gap = pop3_gap,
	.close = pop3_close,
};
