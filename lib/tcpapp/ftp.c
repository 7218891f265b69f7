/* FTP control connections (RFC 959, RFC 2428 for EPRT and EPSV): one FTP
 * record per command and the reply that completes it, and a Credentials
 * record per USER and PASS.
 *
 *	command	= word [SP argument] CR LF
 *	reply	= DDD SP text CR LF			(one line)
 *		| DDD "-" text CR LF *(line CR LF) DDD SP text CR LF
 *
 * Replies answer commands in order (RFC 959 4.2); a 1yz reply is
 * preliminary and another follows it.  The data connection is announced
 * by the client (PORT h1,h2,h3,h4,p1,p2; EPRT |af|addr|port|) or by the
 * server's reply to PASV (227 ... (h1,h2,h3,h4,p1,p2)) and EPSV (229 ...
 * (|||port|)).  After AUTH answered 234 the connection is TLS (RFC 4217):
 * nothing after it is read.
 *
 * The data connections announced are expected (expect.h), each named by
 * the RETR, STOR, STOU or APPE that follows it, as a path from the
 * working directory that CWD and CDUP change and PWD's 257 reply tells
 * ("dir" with "" for a quote inside, RFC 959 appendix II), as Zeek's
 * ftp.log builds its URLs.  A transfer command sent before the reply
 * that announces its connection waits for it; STOU's file is the one the
 * server names in its preliminary reply (RFC 1123 4.1.2.9). */
#include "tcpapp/tcpapp.h"

#include <stdlib.h>
#include <string.h>

#include "netcap.pb-c.h"
#include "tcpapp/creds.h"
#include "tcpapp/expect.h"
#include "tcpapp/ftpaddr.h"
#include "tcpapp/lines.h"

#define LINE_CAP	4096		/* Zeek's max_arg_length */
#define CMD_MAX		16		/* bytes of a command word kept */
#define ARG_MAX		512		/* bytes of a queued command's argument */
#define QUEUE		8		/* commands waiting for replies */
#define USER_MAX	128		/* Zeek's max_user_length */
#define PATH_MAX_	512		/* bytes of the working directory */

struct cmd {
	union {
		struct nc_cmd base;
		struct { NC_CMD_MEMBERS; };
	};
	uint8_t has_size, passive, has_chan;
	uint8_t chan_orig[16], chan_resp[16];
	uint16_t chan_port;
	uint32_t pending;
	uint64_t size;
	uint64_t xfer;			/* a transfer command's data connection
					 * (expect.h), 0 when none was known */
	uint8_t unnamed;		/* a transfer command sent before the
					 * reply that announced its data
					 * connection was read */
};

struct ftp {
	struct nc_lines l[2];
	struct cmd q[QUEUE];
	unsigned head, n;
	uint64_t over;			/* commands past the queue */
	uint8_t greeted, done, tls, in_reply, reply_cut;
	unsigned reply_code;
	uint32_t reply_lines;
	uint8_t user[USER_MAX], pass[USER_MAX];
	uint16_t nuser, npass;
	uint8_t has_user, has_pass;
	struct nc_cred cred;
	/* "/a/b", empty for "/" (the root until the server says) */
	uint8_t cwd[PATH_MAX_];
	uint16_t ncwd;
	uint64_t chan;			/* the last data connection announced
					 * (expect.h), 0 when none waits for
					 * its transfer command */
};

/* Zeek's guest_ids: their passwords are shown, being no secret. */
static const char *const guests[] = { "ANONYMOUS", "FTP", "FTPUSER",
    "GUEST" };

/* A greeting "220" that names FTP; the port decides the others. */
static enum nc_probe
ftp_probe(int dir, const uint8_t *p, size_t n)
{
	struct nc_span s = nc_lines_span(p, n);

	if (dir != NC_TCPAPP_RESP)
		return NC_PROBE_NO;
	if (nc_lines_greeting(s, "220") != NC_PROBE_YES)
		return nc_lines_greeting(s, "220");
	if (nc_lines_find(s, "FTP"))
		return NC_PROBE_YES;
	return memchr(p, '\n', n) != NULL ? NC_PROBE_NO : NC_PROBE_MORE;
}

static void *
ftp_open(const struct nc_tcpapp_ctx *c)
{
	struct ftp *f = calloc(1, sizeof *f);

	(void)c;
	if (f == NULL)
		return NULL;
	nc_lines_init(&f->l[0], LINE_CAP);
	nc_lines_init(&f->l[1], LINE_CAP);
	return f;
}

static int
is_guest(const struct ftp *f)
{
	size_t i;

	for (i = 0; i < sizeof guests / sizeof guests[0]; i++)
		if (nc_lines_is(nc_lines_span(f->user, f->nuser), guests[i]))
			return 1;
	return 0;
}

/* Writes command k (NULL: a reply no command asked for) with the reply
 * code and text. */
static int
put(struct ftp *f, const struct cmd *k, unsigned code, struct nc_span text,
    const struct nc_tcpapp_ctx *c)
{
	static const uint8_t unknown[] = "<unknown>", hidden[] = "<hidden>";
	Netcap__FTP m = NETCAP__FTP__INIT;
	const struct nc_tcpapp_conn *cn = c->conn;
	int hide = !is_guest(f);

	m.ts = k != NULL ? k->ts : c->ts;
	m.packet = k != NULL ? k->packet : c->packet;
	NC_TCPAPP_ENDS(m, cn, NC_TCPAPP_ORIG);
	m.user = f->has_user ? nc_bin(f->user, f->nuser) :
	    nc_bin(unknown, sizeof unknown - 1);
	if (f->has_pass)
		m.password = hide ? nc_bin(hidden, sizeof hidden - 1) :
		    nc_bin(f->pass, f->npass);
	if (k != NULL) {
		m.command = nc_bin(k->word, k->nword);
		m.arg = nc_bin(k->arg, k->narg);
		if (hide && nc_lines_is(nc_lines_span(k->word, k->nword),
		    "PASS") && k->narg > 0)
			m.arg = nc_bin(hidden, sizeof hidden - 1);
		if (k->has_size) {
			m._file_size_case = NETCAP__FTP___FILE_SIZE_FILE_SIZE;
			m.file_size = k->size;
		}
		if (k->has_chan) {
			m._data_passive_case =
			    NETCAP__FTP___DATA_PASSIVE_DATA_PASSIVE;
			m.data_passive = k->passive;
			m.data_orig_ip = nc_bin(k->chan_orig, cn->alen);
			m.data_resp_ip = nc_bin(k->chan_resp, cn->alen);
			m.data_resp_port = k->chan_port;
		}
		m.cut = k->cut;
		m.pending = k->pending;
	}
	m.reply_code = code;
	if (code != 0) {
		m.reply_msg = nc_bin(text.p, text.n);
		m.reply_lines = f->reply_lines;
		m.cut = m.cut || f->reply_cut;
	}
	if (c->put(c->arg, NETCAP__RECORD__RECORD_FTP, &m.base) < 0)
		return -1;
	c->stats->records++;
	return 0;
}

/* A decimal number of at most max from s at *i, stepping over it; -1
 * when there is none. */
static long
number(struct nc_span s, size_t *i, long max)
{
	return nc_ftpaddr_number(s.p, s.n, i, max);
}

/* The data connection the client's PORT or EPRT announces: the server
 * will connect to the address given. */
static void
active(struct cmd *k, struct nc_span arg, const struct nc_tcpapp_conn *cn,
    int eprt)
{
	uint8_t ip[16];
	uint16_t port;

	if (nc_ftpaddr_active(arg.p, arg.n, eprt, cn->alen, ip, &port) < 0)
		return;
	k->has_chan = 1;
	k->passive = 0;
	memcpy(k->chan_orig, cn->ip[NC_TCPAPP_RESP], cn->alen);
	memcpy(k->chan_resp, ip, cn->alen);
	k->chan_port = port;
}

/* The data connection a PASV or EPSV reply announces: the client will
 * connect. */
static void
passive(struct cmd *k, unsigned code, struct nc_span text,
    const struct nc_tcpapp_conn *cn)
{
	uint8_t ip[16];
	uint16_t port;

	if (nc_ftpaddr_passive(code, text.p, text.n, cn->alen,
	    cn->ip[NC_TCPAPP_RESP], ip, &port) < 0)
		return;
	k->has_chan = 1;
	k->passive = 1;
	memcpy(k->chan_orig, cn->ip[NC_TCPAPP_ORIG], cn->alen);
	memcpy(k->chan_resp, ip, cn->alen);
	k->chan_port = port;
}

static int
is(const struct cmd *k, const char *w)
{
	return nc_lines_is(nc_lines_span(k->word, k->nword), w);
}

/* The components of p appended to the path out[0, n) ("/a/b"), "." and
 * empty ones dropped, ".." taking the last away; what does not fit in
 * max is dropped.  The new length. */
static size_t
walk(uint8_t *out, size_t n, size_t max, struct nc_span p)
{
	struct nc_span part;
	size_t i = 0, j;

	while (i < p.n) {
		j = nc_lines_index(p, i, '/');
		part = nc_lines_sub(p, i, j - i);
		i = j + 1;
		if (part.n == 0 || (part.n == 1 && part.p[0] == '.'))
			continue;
		if (part.n == 2 && part.p[0] == '.' && part.p[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
		} else if (n + 1 + part.n <= max) {
			out[n++] = '/';
			memcpy(out + n, part.p, part.n);
			n += part.n;
		}
	}
	return n;
}

/* p from the working directory, into out (PATH_MAX_ bytes): its length,
 * at least 1 ("/"). */
static size_t
resolve(const struct ftp *f, struct nc_span p, uint8_t *out)
{
	size_t n = 0;

	if (p.n == 0 || p.p[0] != '/') {
		memcpy(out, f->cwd, f->ncwd);
		n = f->ncwd;
	}
	if ((n = walk(out, n, PATH_MAX_, p)) == 0)
		out[n++] = '/';
	return n;
}

static void
cwd_set(struct ftp *f, struct nc_span p)
{
	uint8_t d[PATH_MAX_];
	size_t n = resolve(f, p, d);

	/* The root is kept as nothing, so that "/" + name needs no care. */
	f->ncwd = (uint16_t)(n == 1 ? 0 : n);
	memcpy(f->cwd, d, f->ncwd);
}

/* The directory a 257 reply names: "..." with "" for a quote. */
static void
pwd(struct ftp *f, struct nc_span text)
{
	uint8_t d[PATH_MAX_];
	size_t i = nc_lines_index(text, 0, '"'), n = 0;

	if (i == text.n)
		return;
	for (i++; i < text.n && n < sizeof d; i++) {
		if (text.p[i] == '"') {
			if (i + 1 >= text.n || text.p[i + 1] != '"')
				break;
			i++;
		}
		d[n++] = text.p[i];
	}
	f->ncwd = 0;
	cwd_set(f, nc_lines_span(d, n));
}

/* The data connection k announces is expected; the control connection's
 * own server stands for the host a PASV reply names, which is often an
 * address behind NAT that the client does not use. */
static void
expect(struct ftp *f, const struct cmd *k, const struct nc_tcpapp_ctx *c)
{
	const struct nc_tcpapp_conn *cn = c->conn;
	struct nc_expect_key e;

	if (c->expect == NULL || !k->has_chan)
		return;
	e.alen = cn->alen;
	memcpy(e.orig, k->chan_orig, cn->alen);
	memcpy(e.resp, k->passive ? cn->ip[NC_TCPAPP_RESP] : k->chan_resp,
	    cn->alen);
	e.port = k->chan_port;
	f->chan = nc_expect_add(c->expect, &e, cn->ip[NC_TCPAPP_ORIG],
	    cn->ip[NC_TCPAPP_RESP], cn->flow, c->ts);
}

/* 1 for a command that moves a file, 2 a listing, else 0. */
static int
moves(const struct cmd *k)
{
	if (is(k, "RETR") || is(k, "STOR") || is(k, "STOU") || is(k, "APPE"))
		return 1;
	if (is(k, "LIST") || is(k, "NLST") || is(k, "MLSD"))
		return 2;
	return 0;
}

/* A command that moves a file or a listing over the last data
 * connection announced names it.  Sent before that connection's
 * announcement was read (a client that sends PASV and RETR at once), it
 * waits for the reply to PASV. */
static void
transfer(struct ftp *f, struct cmd *k, const struct nc_tcpapp_ctx *c)
{
	uint8_t path[PATH_MAX_];
	int m = moves(k);

	if (c->expect == NULL || m == 0)
		return;
	if (f->chan == 0) {
		k->unnamed = 1;
		return;
	}
	if (m == 1)
		nc_expect_name(c->expect, f->chan, path, resolve(f,
		    nc_lines_span(k->arg, k->narg), path));
	else
		nc_expect_name(c->expect, f->chan, NULL, 0);
	k->xfer = f->chan;
	k->unnamed = 0;
	f->chan = 0;
}

/* The reply to the PASV or EPSV at the head of the queue announced a
 * data connection: a transfer command queued behind it names it. */
static void
late(struct ftp *f, const struct nc_tcpapp_ctx *c)
{
	struct cmd *k;
	unsigned i;

	for (i = 1; i < f->n && f->chan != 0; i++) {
		k = &f->q[(f->head + i) % QUEUE];
		if (k->unnamed)
			transfer(f, k, c);
	}
}

/* STOU's file is named by the server, in its 125 or 150 reply: "FILE:
 * pppp" (RFC 1123 4.1.2.9). */
static void
unique(struct ftp *f, const struct cmd *k, struct nc_span text,
    const struct nc_tcpapp_ctx *c)
{
	uint8_t path[PATH_MAX_];
	size_t n = 5;

	if (c->expect == NULL || k->xfer == 0 || !nc_lines_prefix(text,
	    "FILE:"))
		return;
	while (n < text.n && text.p[n] == ' ')
		n++;
	while (text.n > n && text.p[text.n - 1] == ' ')
		text.n--;
	if (n == text.n)
		return;
	nc_expect_name(c->expect, k->xfer, path, resolve(f,
	    nc_lines_sub(text, n, text.n - n), path));
}

/* A client line. */
static int
command(struct ftp *f, const struct nc_line *l, const struct nc_tcpapp_ctx *c)
{
	struct nc_span w, arg;
	struct cmd *k, one;
	int i;

	nc_lines_word(l, &w, &arg);
	if (w.n == 0)
		return 0;
	i = nc_cmd_slot(f->head, f->n, QUEUE, &f->over, c->stats);
	k = i < 0 ? &one : &f->q[i];
	memset(k, 0, sizeof *k);
	nc_cmd_fill(&k->base, l, w, arg, CMD_MAX, ARG_MAX, c);
	k->pending = f->n;
	if (is(k, "USER")) {
		f->nuser = (uint16_t)(arg.n < USER_MAX ? arg.n : USER_MAX);
		if (f->nuser > 0)
			memcpy(f->user, arg.p, f->nuser);
		f->has_user = 1;
	} else if (is(k, "PASS")) {
		f->npass = (uint16_t)(arg.n < USER_MAX ? arg.n : USER_MAX);
		if (f->npass > 0)
			memcpy(f->pass, arg.p, f->npass);
		f->has_pass = 1;
		nc_creds_hold(&f->cred, c, "ftp", "USER/PASS", f->user,
		    f->has_user ? f->nuser : 0, arg.p, arg.n);
	} else if (is(k, "PORT") || is(k, "EPRT")) {
		active(k, arg, c->conn, is(k, "EPRT"));
		expect(f, k, c);
	} else {
		transfer(f, k, c);
	}
	if (k == &one)
		return put(f, k, 0, nc_lines_span(NULL, 0), c);
	f->n++;
	return 0;
}

/* The final line of a reply: the command at the head is answered. */
static int
answer(struct ftp *f, unsigned code, struct nc_span text,
    const struct nc_tcpapp_ctx *c)
{
	static const uint8_t init[] = "<init>";
	struct cmd *k = f->n > 0 ? &f->q[f->head] : NULL, g;
	int rc;

	if (code < 200) {
		/* Preliminary: what it tells belongs to the command. */
		if (k != NULL && (code == 125 || code == 150) &&
		    is(k, "STOU"))
			unique(f, k, text, c);
		if (k != NULL && code == 150 && is(k, "RETR")) {
			size_t i = 0;
			long v;

			while (i < text.n && (text.p[i] < '0' ||
			    text.p[i] > '9'))
				i++;
			if ((v = number(text, &i, 0x7fffffffL)) >= 0) {
				k->has_size = 1;
				k->size = (uint64_t)v;
			}
		}
		return 0;
	}
	/* The server greets first, whatever the client sent. */
	if (!f->greeted) {
		memset(&g, 0, sizeof g);
		memcpy(g.word, init, sizeof init - 1);
		g.nword = sizeof init - 1;
		g.ts = c->ts;
		g.packet = c->packet;
		k = &g;
	}
	f->greeted = 1;
	if (k == NULL && f->over > 0) {
		f->over--;
		return 0;
	}
	if (k != NULL && k != &g) {
		if (code == 213 && is(k, "SIZE")) {
			size_t i = 0;
			long v = number(text, &i, 0x7fffffffL);

			if (v >= 0) {
				k->has_size = 1;
				k->size = (uint64_t)v;
			}
		} else if ((code == 227 && is(k, "PASV")) ||
		    (code == 229 && is(k, "EPSV"))) {
			passive(k, code, text, c->conn);
			expect(f, k, c);
			if (k->has_chan)
				late(f, c);
		} else if (code == 250 && is(k, "CWD")) {
			cwd_set(f, nc_lines_span(k->arg, k->narg));
		} else if ((code == 200 || code == 250) && (is(k, "CDUP") ||
		    is(k, "XCUP"))) {
			cwd_set(f, nc_lines_span((const uint8_t *)"..", 2));
		} else if (code == 257 && (is(k, "PWD") || is(k, "XPWD"))) {
			pwd(f, text);
		} else if (is(k, "PASS") && nc_creds_settle(&f->cred, c,
		    code < 300 ? NC_CRED_ACCEPTED : code < 400 ?
		    NC_CRED_UNKNOWN : NC_CRED_REJECTED, text.p, text.n) < 0) {
			return -1;
		} else if (code == 234 && is(k, "AUTH")) {
			f->tls = 1;
		}
	}
	rc = put(f, k, code, text, c);
	if (k != NULL && k != &g) {
		f->head = (f->head + 1) % QUEUE;
		f->n--;
	}
	return rc;
}

/* A server line. */
static int
reply(struct ftp *f, const struct nc_line *l, const struct nc_tcpapp_ctx *c)
{
	struct nc_span text;
	unsigned code;
	int more;

	if (nc_lines_reply(l, &code, &more, &text) < 0) {
		/* Inside a multi-line reply: its text. */
		if (f->in_reply) {
			f->reply_lines++;
			f->reply_cut |= l->cut;
		}
		return 0;
	}
	if (f->in_reply && (code != f->reply_code || more)) {
		f->reply_lines++;
		f->reply_cut |= l->cut;
		return 0;
	}
	if (!f->in_reply) {
		f->reply_lines = 0;
		f->reply_cut = 0;
	}
	f->reply_lines++;
	f->reply_cut |= l->cut;
	if (more) {
		f->in_reply = 1;
		f->reply_code = code;
		return 0;
	}
	f->in_reply = 0;
	return answer(f, code, text, c);
}

static int
ftp_data(void *s, int dir, const uint8_t *p, size_t n,
    const struct nc_tcpapp_ctx *c)
{
	struct ftp *f = s;
	struct nc_cur cur = nc_cur_make(p, n);
	struct nc_line l;

	while (!f->done && !f->tls &&
	    nc_lines_next(&f->l[dir], &cur, &l) == 1)
		if ((dir == NC_TCPAPP_ORIG ? command(f, &l, c) :
		    reply(f, &l, c)) < 0)
			return -1;
	if (f->tls)
		f->done = 1;
	return f->done ? NC_TCPAPP_DONE : NC_TCPAPP_MORE;
}

/* A gap loses a line: the one cut is dropped, and a reply in progress
 * may never end, so it ends here. */
static int
ftp_gap(void *s, int dir, uint64_t n, const struct nc_tcpapp_ctx *c)
{
	struct ftp *f = s;

	(void)n;
	(void)c;
	nc_lines_reset(&f->l[dir]);
	if (dir == NC_TCPAPP_RESP)
		f->in_reply = 0;
	return f->done ? NC_TCPAPP_DONE : NC_TCPAPP_MORE;
}

static int
ftp_close(void *s, const struct nc_tcpapp_ctx *c)
{
	struct ftp *f = s;
	int rc = 0;

	while (f->n > 0 && rc == 0) {
		rc = put(f, &f->q[f->head], 0, nc_lines_span(NULL, 0), c);
		f->head = (f->head + 1) % QUEUE;
		f->n--;
	}
	if (rc == 0)
		rc = nc_creds_settle(&f->cred, c, NC_CRED_UNKNOWN, NULL, 0);
	nc_lines_free(&f->l[0]);
	nc_lines_free(&f->l[1]);
	free(f);
	return rc;
}

const struct nc_tcpapp nc_tcpapp_ftp = {
	.name = "ftp",
	.probe = ftp_probe,
	.open = ftp_open,
	.data = ftp_data,
	.gap = ftp_gap,
	.close = ftp_close,
};
