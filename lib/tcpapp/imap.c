/* IMAP (RFC 9051, RFC 3501): one IMAP record per tagged command and its
 * tagged completion, and a Credentials record per LOGIN or AUTHENTICATE
 * PLAIN or LOGIN.
 *
 *	command	  = tag SP name [SP arguments] CR LF
 *	response  = "*" SP ... CR LF		(untagged)
 *		  | "+" [SP text] CR LF		(continuation request)
 *		  | tag SP ("OK" / "NO" / "BAD") SP text CR LF
 *	literal	  = "{" number ["+"] "}" CR LF, then that many bytes, then
 *		    the line goes on
 *
 * Both sides send literals: they are skipped by their count (a hostile
 * count only makes the side skip, never keep, bytes).  After STARTTLS is
 * answered OK the connection is TLS: nothing after it is read. */
#include "tcpapp/tcpapp.h"

#include <stdlib.h>
#include <string.h>

#include "netcap.pb-c.h"
#include "tcpapp/creds.h"
#include "tcpapp/lines.h"
#include "tcpapp/mail.h"

#define LINE_CAP	4096
#define TAG_MAX		32
#define NAME_MAX_	24		/* "UID FETCH" ... */
#define ARG_MAX		256
#define MSG_MAX		512
#define QUEUE		8

struct cmd {
	uint8_t tag[TAG_MAX], name[NAME_MAX_], arg[ARG_MAX];
	uint16_t ntag, nname, narg;
	uint8_t cut;
	uint32_t untagged;
	uint64_t literal;
	int64_t ts;
	uint64_t packet;
};

/* The arguments of a LOGIN: user and password, as atoms, quoted
 * strings or literals. */
struct login {
	uint8_t on, n;
	uint8_t tok[2][NC_CRED_MAX];
	uint16_t len[2];
	uint8_t cut;
};

struct imap {
	struct nc_lines l[2];
	struct cmd q[QUEUE];
	unsigned n;
	uint8_t greeted, done, cont[2];
	uint64_t lit[2];		/* literal bytes still to skip */
	uint8_t user[NC_CRED_MAX];
	uint16_t nuser;
	struct login login;
	struct nc_cred cred;
	struct nc_sasl sasl;
	struct nc_mail mail;		/* a FETCH literal of a whole message */
	uint32_t mails;			/* messages ended */
};

/* A greeting "* OK", "* PREAUTH" or "* BYE". */
static enum nc_probe
imap_probe(int dir, const uint8_t *p, size_t n)
{
	struct nc_span s = nc_lines_span(p, n);
	static const char star[] = "* ";
	size_t i;

	if (dir != NC_TCPAPP_RESP)
		return NC_PROBE_NO;
	for (i = 0; i < 2 && i < n; i++)
		if (p[i] != (uint8_t)star[i])
			return NC_PROBE_NO;
	if (n < 10)
		return NC_PROBE_MORE;
	return nc_lines_prefix(s, "* OK") || nc_lines_prefix(s, "* PREAUTH") ||
	    nc_lines_prefix(s, "* BYE") ? NC_PROBE_YES : NC_PROBE_NO;
}

static void *
imap_open(const struct nc_tcpapp_ctx *c)
{
	struct imap *s = calloc(1, sizeof *s);

	(void)c;
	if (s == NULL)
		return NULL;
	nc_lines_init(&s->l[0], LINE_CAP);
	nc_lines_init(&s->l[1], LINE_CAP);
	return s;
}

static int
put(struct imap *s, const struct cmd *k, const char *status,
    struct nc_span msg, const struct nc_tcpapp_ctx *c)
{
	Netcap__IMAP m = NETCAP__IMAP__INIT;
	const struct nc_tcpapp_conn *cn = c->conn;

	m.ts = k->ts;
	m.packet = k->packet;
	NC_TCPAPP_ENDS(m, cn, NC_TCPAPP_ORIG);
	m.tag = nc_bin(k->tag, k->ntag);
	m.command = nc_bin(k->name, k->nname);
	m.arg = nc_bin(k->arg, k->narg);
	m.status = (char *)status;
	m.message = nc_bin(msg.p, msg.n < MSG_MAX ? msg.n : MSG_MAX);
	m.untagged = k->untagged;
	m.literal_bytes = k->literal;
	m.user = nc_bin(s->user, s->nuser);
	m.cut = k->cut || msg.n > MSG_MAX;
	if (c->put(c->arg, NETCAP__RECORD__RECORD_IMAP, &m.base) < 0)
		return -1;
	c->stats->records++;
	return 0;
}

/* The count of a literal that ends the line, "{n}" or "{n+}"; -1 when
 * the line does not end with one.  *before: the bytes before it. */
static long long
literal(struct nc_span s, size_t *before)
{
	size_t i;
	long long v = 0, mul = 1;

	if (s.n < 3 || s.p[s.n - 1] != '}')
		return -1;
	i = s.n - 1;
	if (s.p[i - 1] == '+')
		i--;
	if (i == 0)
		return -1;
	while (i > 0 && s.p[i - 1] >= '0' && s.p[i - 1] <= '9') {
		i--;
		if (mul > 1000000000000LL)
			return -1;
		v += (s.p[i] - '0') * mul;
		mul *= 10;
	}
	if (mul == 1 || i == 0 || s.p[i - 1] != '{')
		return -1;
	*before = i - 1;
	return v;
}

/* Atoms and quoted strings of a LOGIN line into its tokens. */
static void
login_tokens(struct login *g, struct nc_span s)
{
	size_t i = 0, n;
	uint8_t *t;

	while (i < s.n && g->n < 2) {
		if (s.p[i] == ' ') {
			i++;
			continue;
		}
		t = g->tok[g->n];
		n = 0;
		if (s.p[i] == '"') {
			for (i++; i < s.n && s.p[i] != '"'; i++) {
				if (s.p[i] == '\\' && i + 1 < s.n)
					i++;
				if (n < NC_CRED_MAX)
					t[n++] = s.p[i];
				else
					g->cut = 1;
			}
			i++;
		} else {
			for (; i < s.n && s.p[i] != ' '; i++) {
				if (n < NC_CRED_MAX)
					t[n++] = s.p[i];
				else
					g->cut = 1;
			}
		}
		g->len[g->n++] = (uint16_t)n;
	}
}

/* The rest of a client line, after the tag and name or a literal. */
static void
args(struct imap *s, struct nc_span a, const struct nc_tcpapp_ctx *c)
{
	size_t before = a.n;
	long long n = literal(a, &before);

	if (s->login.on)
		login_tokens(&s->login, nc_lines_span(a.p, before));
	if (n >= 0) {
		/* An empty literal is an empty argument. */
		if (n == 0 && s->login.on && s->login.n < 2)
			s->login.len[s->login.n++] = 0;
		s->lit[0] = (uint64_t)n;
		s->cont[0] = 1;
		if (s->n > 0)
			s->q[s->n - 1].literal += (uint64_t)n;
		return;
	}
	s->cont[0] = 0;
	if (s->login.on) {
		s->login.on = 0;
		if (s->login.n == 2) {
			nc_creds_hold(&s->cred, c, "imap", "LOGIN",
			    s->login.tok[0], s->login.len[0], s->login.tok[1],
			    s->login.len[1]);
			s->cred.cut |= s->login.cut;
		}
	}
}

/* A client line that starts a command. */
static int
command(struct imap *s, const struct nc_line *l, const struct nc_tcpapp_ctx *c)
{
	struct nc_span tag, name, rest, sub, r2;
	struct cmd *k, one;
	size_t before;

	if (nc_sasl_wants(&s->sasl)) {
		nc_sasl_line(&s->sasl, &s->cred, c, l->p, l->n);
		return 0;
	}
	nc_lines_word(l, &tag, &rest);
	nc_lines_split(rest, &name, &rest);
	if (tag.n == 0 || name.n == 0)
		return 0;
	if (s->n == QUEUE) {
		c->stats->capped++;
		k = &one;
	} else {
		k = &s->q[s->n];
	}
	memset(k, 0, sizeof *k);
	k->ntag = (uint16_t)(tag.n < TAG_MAX ? tag.n : TAG_MAX);
	if (k->ntag > 0)
		memcpy(k->tag, tag.p, k->ntag);
	k->nname = (uint16_t)nc_lines_upper(name, k->name, NAME_MAX_);
	if (nc_lines_is(name, "UID") && rest.n > 0) {
		nc_lines_split(rest, &sub, &r2);
		if (k->nname + 1 + sub.n <= NAME_MAX_) {
			k->name[k->nname++] = ' ';
			k->nname = (uint16_t)(k->nname + nc_lines_upper(sub,
			    k->name + k->nname, NAME_MAX_ - k->nname));
			rest = r2;
		}
	}
	before = rest.n;
	if (literal(rest, &before) < 0)
		before = rest.n;
	k->narg = (uint16_t)(before < ARG_MAX ? before : ARG_MAX);
	if (k->narg > 0)
		memcpy(k->arg, rest.p, k->narg);
	k->cut = l->cut || tag.n > TAG_MAX || name.n > NAME_MAX_ ||
	    before > ARG_MAX;
	k->ts = c->ts;
	k->packet = c->packet;
	if (k != &one)
		s->n++;
	if (nc_lines_is(name, "LOGIN")) {
		memset(&s->login, 0, sizeof s->login);
		s->login.on = 1;
	} else if (nc_lines_is(name, "AUTHENTICATE")) {
		nc_lines_split(rest, &sub, &r2);
		nc_sasl_start(&s->sasl, &s->cred, c, "imap", sub.p, sub.n,
		    r2.p, r2.n);
	}
	args(s, rest, c);
	if (k == &one)
		return put(s, k, "", nc_lines_span(NULL, 0), c);
	return 0;
}

/* A tagged completion: the command with that tag is done. */
static int
complete(struct imap *s, struct nc_span tag, struct nc_span rest,
    const struct nc_tcpapp_ctx *c)
{
	static const char *const st[] = { "OK", "NO", "BAD" };
	struct nc_span word, text;
	const char *status = NULL;
	struct cmd *k;
	unsigned i, j;
	int rc = 0, ok;

	nc_lines_split(rest, &word, &text);
	for (i = 0; i < 3; i++)
		if (nc_lines_is(word, st[i]))
			status = st[i];
	if (status == NULL) {
		c->stats->malformed++;
		return 0;
	}
	for (i = 0; i < s->n; i++)
		if (s->q[i].ntag == tag.n && memcmp(s->q[i].tag, tag.p,
		    tag.n) == 0)
			break;
	if (i == s->n)
		return 0;
	k = &s->q[i];
	ok = status[0] == 'O';
	if ((nc_lines_is(nc_lines_span(k->name, k->nname), "LOGIN") ||
	    nc_lines_is(nc_lines_span(k->name, k->nname), "AUTHENTICATE")) &&
	    s->cred.held) {
		if (ok) {
			s->nuser = s->cred.nuser;
			memcpy(s->user, s->cred.user, s->nuser);
		}
		rc = nc_creds_settle(&s->cred, c, ok ? NC_CRED_ACCEPTED :
		    NC_CRED_REJECTED, rest.p, rest.n);
	}
	if (nc_lines_is(nc_lines_span(k->name, k->nname), "AUTHENTICATE"))
		nc_sasl_end(&s->sasl);
	if (nc_lines_is(nc_lines_span(k->name, k->nname), "STARTTLS") && ok)
		s->done = 1;
	if (rc == 0)
		rc = put(s, k, status, text, c);
	for (j = i; j + 1 < s->n; j++)
		s->q[j] = s->q[j + 1];
	s->n--;
	return rc;
}

/* Whether the server's literal after the bytes s is a whole message:
 * FETCH's BODY[] or RFC822 (RFC 9051 7.5.2; BODY.PEEK[] is answered as
 * BODY[]), not a section or a partial one. */
static int
whole_message(struct nc_span s)
{
	while (s.n > 0 && s.p[s.n - 1] == ' ')
		s.n--;
	return (s.n >= 6 && nc_lines_is(nc_lines_sub(s, s.n - 6, 6),
	    "BODY[]")) || (s.n >= 6 && nc_lines_is(nc_lines_sub(s, s.n - 6,
	    6), "RFC822") && (s.n == 6 || s.p[s.n - 7] == ' ' ||
	    s.p[s.n - 7] == '('));
}

/* A server literal of n bytes follows the bytes s of its line. */
static void
server_literal(struct imap *s, struct nc_span t, long long n, int fetch)
{
	s->lit[1] = (uint64_t)n;
	if (s->n > 0)
		s->q[0].literal += (uint64_t)n;
	if (fetch && n > 0 && whole_message(t))
		nc_mail_begin(&s->mail);
}

/* A server line that starts a response. */
static int
response(struct imap *s, const struct nc_line *l,
    const struct nc_tcpapp_ctx *c)
{
	static const uint8_t init[] = "<init>";
	struct nc_span t = nc_lines_span(l->p, l->n), tag, rest, word, text;
	struct cmd g;
	size_t before;
	long long n;

	if ((n = literal(t, &before)) >= 0) {
		server_literal(s, nc_lines_sub(t, 0, before), n,
		    nc_lines_find(t, " FETCH "));
		s->cont[1] = 1;
	}
	nc_lines_word(l, &tag, &rest);
	if (tag.n == 1 && tag.p[0] == '*') {
		/* The server greets first, whatever the client sent. */
		if (!s->greeted) {
			s->greeted = 1;
			nc_lines_split(rest, &word, &text);
			memset(&g, 0, sizeof g);
			memcpy(g.name, init, sizeof init - 1);
			g.nname = sizeof init - 1;
			g.ts = c->ts;
			g.packet = c->packet;
			return put(s, &g, nc_lines_is(word, "OK") ? "OK" :
			    nc_lines_is(word, "PREAUTH") ? "PREAUTH" :
			    nc_lines_is(word, "BYE") ? "BYE" : "", text, c);
		}
		if (s->n > 0)
			s->q[0].untagged++;
		return 0;
	}
	s->greeted = 1;
	if (tag.n == 1 && tag.p[0] == '+')
		return 0;
	if (n >= 0)
		return 0;
	return complete(s, tag, rest, c);
}

static int
side(struct imap *s, int dir, struct nc_cur *cur,
    const struct nc_tcpapp_ctx *c)
{
	struct nc_line l;
	size_t take;
	long long n;
	size_t before;

	while (!s->done && nc_cur_left(cur) > 0) {
		if (s->lit[dir] > 0) {
			take = nc_cur_left(cur);
			if (take > s->lit[dir])
				take = (size_t)s->lit[dir];
			/* A LOGIN argument sent as a literal. */
			if (dir == 0 && s->login.on && s->login.n < 2) {
				struct login *g = &s->login;
				size_t room = NC_CRED_MAX - g->len[g->n];
				const uint8_t *q = nc_cur_bytes(cur, take);

				if (take > room)
					g->cut = 1;
				memcpy(g->tok[g->n] + g->len[g->n], q,
				    take < room ? take : room);
				g->len[g->n] = (uint16_t)(g->len[g->n] +
				    (take < room ? take : room));
				if (s->lit[dir] == take)
					g->n++;
			} else if (dir == 1 && s->mail.active) {
				nc_mail_data(&s->mail, nc_cur_bytes(cur, take),
				    take, c);
			} else {
				nc_cur_skip(cur, take);
			}
			s->lit[dir] -= take;
			if (dir == 1 && s->lit[1] == 0 && s->mail.active &&
			    nc_mail_end(&s->mail, c, "imap", NC_TCPAPP_RESP,
			    ++s->mails, 0) < 0)
				return -1;
			continue;
		}
		if (nc_lines_next(&s->l[dir], cur, &l) != 1)
			break;
		if (s->cont[dir]) {
			/* The line goes on after a literal. */
			if (dir == 0) {
				args(s, nc_lines_span(l.p, l.n), c);
			} else if ((n = literal(nc_lines_span(l.p, l.n),
			    &before)) >= 0) {
				/* Still the FETCH response. */
				server_literal(s, nc_lines_span(l.p, before),
				    n, 1);
			} else {
				s->cont[1] = 0;
			}
			continue;
		}
		if ((dir == 0 ? command(s, &l, c) : response(s, &l, c)) < 0)
			return -1;
	}
	return 0;
}

static int
imap_data(void *p, int dir, const uint8_t *b, size_t n,
    const struct nc_tcpapp_ctx *c)
{
	struct imap *s = p;
	struct nc_cur cur = nc_cur_make(b, n);

	if (side(s, dir, &cur, c) < 0)
		return -1;
	return s->done ? NC_TCPAPP_DONE : NC_TCPAPP_MORE;
}

/* A gap inside a literal shortens it; elsewhere it cuts a line. */
static int
imap_gap(void *p, int dir, uint64_t n, const struct nc_tcpapp_ctx *c)
{
	struct imap *s = p;

	if (s->lit[dir] > 0) {
		s->lit[dir] -= n < s->lit[dir] ? n : s->lit[dir];
		if (dir == 0)
			s->login.on = 0;
		if (dir == 1) {
			nc_mail_cut(&s->mail);
			if (s->lit[1] == 0 && nc_mail_end(&s->mail, c, "imap",
			    NC_TCPAPP_RESP, ++s->mails, 1) < 0)
				return -1;
		}
		return NC_TCPAPP_MORE;
	}
	nc_lines_reset(&s->l[dir]);
	return NC_TCPAPP_MORE;
}

static int
imap_close(void *p, const struct nc_tcpapp_ctx *c)
{
	struct imap *s = p;
	unsigned i;
	int rc = 0;

	/* A message the connection's end cut. */
	if (s->mail.active)
		rc = nc_mail_end(&s->mail, c, "imap", NC_TCPAPP_RESP,
		    ++s->mails, 1);
	for (i = 0; i < s->n && rc == 0; i++)
		rc = put(s, &s->q[i], "", nc_lines_span(NULL, 0), c);
	if (rc == 0)
		rc = nc_creds_settle(&s->cred, c, NC_CRED_UNKNOWN, NULL, 0);
	nc_lines_free(&s->l[0]);
	nc_lines_free(&s->l[1]);
	nc_mail_free(&s->mail);
	free(s);
	return rc;
}

const struct nc_tcpapp nc_tcpapp_imap = {
	.name = "imap",
	.probe = imap_probe,
	.open = imap_open,
	.data = imap_data,
	.gap = imap_gap,
	.close = imap_close,
};
