/* Telnet (RFC 854): a Credentials record per login a server prompts for.
 *
 * Telnet has no login command: a login is text.  Once option negotiation
 * is taken out of both directions (telnet.h), the server's text is watched
 * for a prompt and the client's typing is read as lines:
 *
 *	server	"login: "	(or "Username:", "User name:")
 *	client	"root" CR LF	(CR NUL and a bare LF end a line too; in
 *				 character mode each key is its own segment,
 *				 the server echoing it, BS and DEL erasing)
 *	server	"Password: "
 *	client	"secret" CR LF
 *	server	"Login incorrect", a new "login: "	rejected
 *		"Last login: ...", a shell prompt	accepted
 *
 * A prompt is the end of the server's current line, trailing blanks
 * ignored, whether or not a line end follows it.  Only the last TAIL bytes
 * of the server's line are kept and the first NC_CRED_MAX of the client's,
 * and at most LOGINS logins of a connection are read. */
#include "tcpapp/telnet.h"

#include <stdlib.h>
#include <string.h>

#include "decode/cursor.h"
#include "tcpapp/creds.h"
#include "tcpapp/lines.h"
#include "tcpapp/tcpapp.h"

#define IAC	255
#define SB	250
#define SE	240
#define WILL	251			/* WILL, WONT, DO, DONT: 251-254 */

#define TAIL	160			/* bytes of the server's line kept */
#define LOGINS	16			/* logins of a connection read */
#define CHUNK	2048			/* bytes stripped at a time */

enum { T_DATA, T_IAC, T_OPT, T_SB, T_SB_IAC };

size_t
nc_telnet_strip(struct nc_telnet_iac *t, const uint8_t *in, size_t n,
    uint8_t *out)
{
	size_t i, o = 0;
	uint8_t b;

	for (i = 0; i < n; i++) {
		b = in[i];
		if ((t->state == T_SB || t->state == T_SB_IAC) &&
		    t->sb >= NC_TELNET_SB_MAX) {
			t->cuts++;
			t->state = T_DATA;
		}
		switch (t->state) {
		case T_DATA:
			if (b == IAC)
				t->state = T_IAC;
			else
				out[o++] = b;
			break;
		case T_IAC:
			t->state = T_DATA;
			if (b == IAC)
				out[o++] = b;
			else if (b >= WILL)
				t->state = T_OPT;
			else if (b == SB) {
				t->state = T_SB;
				t->sb = 0;
			}
			break;
		case T_OPT:
			t->state = T_DATA;
			break;
		case T_SB:
			t->sb++;
			if (b == IAC)
				t->state = T_SB_IAC;
			break;
		default:
			/* IAC inside SB: SE ends it, IAC IAC is a data byte
			 * of it; anything else breaks RFC 855, so the
			 * subnegotiation is taken as ended by that command. */
			t->sb++;
			if (b == IAC)
				t->state = T_SB;
			else
				t->state = b >= WILL ? T_OPT : T_DATA;
			break;
		}
	}
	return o;
}

/* Where the login is: what the next prompt or line means. */
enum {
	W_IDLE,				/* no login prompt yet */
	W_USER,				/* the client's next line is a user */
	W_PASS_PROMPT,			/* a user taken, a password prompt
					 * awaited */
	W_PASS,				/* the next line is the password */
	W_ANSWER,			/* the server's next text decides */
	W_OFF,				/* LOGINS read: nothing more */
};

struct telnet {
	struct nc_telnet_iac iac[2];
	uint8_t state;
	uint8_t cr;			/* the client's last byte was CR: an
					 * LF or NUL after it ends nothing */
	uint8_t fresh;			/* server text not looked at yet */
	uint16_t nline, ntail;
	uint16_t mark;			/* where in tail the text after the
					 * last prompt acted on starts */
	uint64_t len;			/* bytes of the client's line, kept
					 * or not */
	uint32_t logins;
	uint8_t line[NC_CRED_MAX];
	uint8_t tail[TAIL];
	struct nc_cred cred;
};

static enum nc_probe
telnet_probe(int dir, const uint8_t *p, size_t n)
{
	struct nc_cur c = nc_cur_make(p, n);
	uint8_t b;

	/* The server's first bytes: IAC WILL/WONT/DO/DONT.  Only the
	 * server's, since a client's are hers to choose. */
	if (dir != NC_TCPAPP_RESP)
		return NC_PROBE_NO;
	if (n == 0)
		return NC_PROBE_MORE;
	if (nc_cur_u8(&c) != IAC)
		return NC_PROBE_NO;
	if (n < 2)
		return NC_PROBE_MORE;
	b = nc_cur_u8(&c);
	return b >= WILL && b != IAC ? NC_PROBE_YES : NC_PROBE_NO;
}

static void *
telnet_open(const struct nc_tcpapp_ctx *c)
{
	(void)c;
	return calloc(1, sizeof(struct telnet));
}

static int
ends(struct nc_span s, const char *word)
{
	size_t n = strlen(word);

	return s.n >= n && nc_lines_is(nc_lines_sub(s, s.n - n, n), word);
}

static int
blank(uint8_t b)
{
	return b == ' ' || b == '\t';
}

/* The login held, settled with the server's text t. */
static int
settle(struct telnet *s, int accepted, struct nc_span t,
    const struct nc_tcpapp_ctx *c)
{
	return nc_creds_settle(&s->cred, c, accepted, t.p, t.n);
}

/* The server's line as it stands: whole (its line end came) or not. */
static int
server_text(struct telnet *s, int whole, const struct nc_tcpapp_ctx *c)
{
	struct nc_span t = nc_lines_sub(nc_lines_span(s->tail, s->ntail),
	    s->mark, s->ntail);
	uint8_t user[NC_CRED_MAX];
	uint16_t nuser;
	int login, pass, motd, st = s->state, rc = 0;

	while (t.n > 0 && blank(t.p[t.n - 1]))
		t.n--;
	while (t.n > 0 && blank(t.p[0]))
		t = nc_lines_sub(t, 1, t.n);
	if (t.n == 0)
		return 0;
	/* What a system says once a login has worked ("Last login: ...",
	 * "Last failed login: ...", "There were 2 failed login attempts
	 * since ..."): neither a prompt, even cut where "login:" ends a
	 * segment, nor a refusal. */
	motd = nc_lines_prefix(t, "LAST ") ||
	    nc_lines_find(t, "LOGIN ATTEMPT");
	login = !motd && (ends(t, "LOGIN:") || ends(t, "USERNAME:") ||
	    ends(t, "USER NAME:"));
	pass = ends(t, "PASSWORD:");
	switch (s->state) {
	case W_IDLE:
	case W_USER:
		if (login)
			s->state = W_USER;
		break;
	case W_PASS_PROMPT:
	case W_PASS:
		if (pass)
			s->state = W_PASS;
		else if (login) {
			rc = settle(s, NC_CRED_REJECTED, t, c);
			s->state = W_USER;
		}
		break;
	case W_ANSWER:
		if (login) {
			rc = settle(s, NC_CRED_REJECTED, t, c);
			s->state = W_USER;
		} else if (!motd && (nc_lines_find(t, "INCORRECT") ||
		    nc_lines_find(t, "FAILED") || nc_lines_find(t, "DENIED") ||
		    nc_lines_find(t, "INVALID"))) {
			rc = settle(s, NC_CRED_REJECTED, t, c);
			s->state = W_IDLE;
		} else if (pass) {
			/* Asked again for the same user's password: the
			 * one given was wrong. */
			nuser = s->cred.nuser;
			memcpy(user, s->cred.user, nuser);
			rc = settle(s, NC_CRED_REJECTED, t, c);
			s->state = W_OFF;
			if (s->logins < LOGINS) {
				s->logins++;
				nc_creds_hold(&s->cred, c, "telnet",
				    "login prompt", user, nuser, NULL, 0);
				s->state = W_PASS;
			}
		} else if (whole || (!motd && t.p[t.n - 1] != '\0' &&
		    strchr("$#>%", t.p[t.n - 1]) != NULL)) {
			/* Text that is no prompt of the login: the shell's
			 * greeting (a line, read whole) or prompt. */
			rc = settle(s, NC_CRED_ACCEPTED, t, c);
			s->state = W_IDLE;
		}
		break;
	default:
		break;
	}
	/* Text acted on is not read again, when its line ends or more
	 * comes after it on the same line. */
	if (s->state != st)
		s->mark = s->ntail;
	return rc;
}

/* Text the server sent; end: the last of a call's. */
static int
server(struct telnet *s, const uint8_t *p, size_t n, int end,
    const struct nc_tcpapp_ctx *c)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\n') {
			if (server_text(s, 1, c) < 0)
				return -1;
			s->ntail = s->mark = 0;
			s->fresh = 0;
			continue;
		}
		if (p[i] == '\r' || p[i] == '\0')
			continue;
		/* Prompts are at the end of a line: of a long one the
		 * last half of TAIL at least is kept. */
		if (s->ntail == TAIL) {
			memmove(s->tail, s->tail + TAIL / 2, TAIL / 2);
			s->ntail = TAIL / 2;
			s->mark = s->mark > TAIL / 2 ? s->mark - TAIL / 2 : 0;
		}
		s->tail[s->ntail++] = p[i];
		s->fresh = 1;
	}
	if (end && s->fresh) {
		s->fresh = 0;
		return server_text(s, 0, c);
	}
	return 0;
}

/* The client ended a line. */
static void
client_line(struct telnet *s, const struct nc_tcpapp_ctx *c)
{
	int cut = s->len > s->nline;

	if (s->state == W_USER && (s->nline > 0 || cut)) {
		if (s->logins >= LOGINS) {
			s->state = W_OFF;
		} else {
			s->logins++;
			nc_creds_hold(&s->cred, c, "telnet", "login prompt",
			    s->line, s->nline, NULL, 0);
			s->cred.cut |= (uint8_t)cut;
			s->state = W_PASS_PROMPT;
		}
	} else if (s->state == W_PASS) {
		nc_creds_pass(&s->cred, c, s->line, s->nline);
		s->cred.cut |= (uint8_t)cut;
		s->state = W_ANSWER;
	}
	s->nline = 0;
	s->len = 0;
}

/* Text the client typed. */
static void
client(struct telnet *s, const uint8_t *p, size_t n,
    const struct nc_tcpapp_ctx *c)
{
	size_t i;
	uint8_t b;

	for (i = 0; i < n; i++) {
		b = p[i];
		if (s->cr) {
			s->cr = 0;
			if (b == '\n' || b == '\0')
				continue;
		}
		switch (b) {
		case '\r':
		case '\n':
			s->cr = b == '\r';
			client_line(s, c);
			break;
		case 0x08:		/* BS */
		case 0x7f:		/* DEL */
			if (s->len > 0)
				s->len--;
			if (s->nline > s->len)
				s->nline = (uint16_t)s->len;
			break;
		case 0x15:		/* ^U: the line erased */
			s->len = 0;
			s->nline = 0;
			break;
		case '\0':
			break;
		default:
			s->len++;
			if (s->nline < sizeof s->line)
				s->line[s->nline++] = b;
			break;
		}
	}
}

static int
telnet_data(void *v, int dir, const uint8_t *b, size_t n,
    const struct nc_tcpapp_ctx *c)
{
	struct telnet *s = v;
	struct nc_cur cur = nc_cur_make(b, n);
	uint8_t text[CHUNK];
	const uint8_t *p;
	size_t k, m, left;

	/* Stripped a bounded piece at a time, into the stack. */
	while ((p = nc_cur_rest(&cur, &left)), left > 0) {
		k = left < sizeof text ? left : sizeof text;
		m = nc_telnet_strip(&s->iac[dir], p, k, text);
		nc_cur_skip(&cur, k);
		if (dir == NC_TCPAPP_ORIG)
			client(s, text, m, c);
		else if (server(s, text, m, k == left, c) < 0)
			return -1;
	}
	c->stats->capped += s->iac[dir].cuts;
	s->iac[dir].cuts = 0;
	if (s->state == W_OFF && !s->cred.held)
		return NC_TCPAPP_DONE;
	return NC_TCPAPP_MORE;
}

/* A gap: the line it cut is dropped, and a password it cut is lost. */
static int
telnet_gap(void *v, int dir, uint64_t n, const struct nc_tcpapp_ctx *c)
{
	struct telnet *s = v;
	int rc = 0;

	(void)n;
	memset(&s->iac[dir], 0, sizeof s->iac[dir]);
	if (dir == NC_TCPAPP_ORIG) {
		s->nline = 0;
		s->len = 0;
		s->cr = 0;
		if (s->state == W_USER || s->state == W_PASS) {
			s->cred.cut = 1;
			rc = nc_creds_settle(&s->cred, c, NC_CRED_UNKNOWN,
			    NULL, 0);
			s->state = W_IDLE;
		}
	} else {
		s->ntail = s->mark = 0;
		s->fresh = 0;
	}
	return rc < 0 ? -1 : NC_TCPAPP_MORE;
}

static int
telnet_close(void *v, const struct nc_tcpapp_ctx *c)
{
	struct telnet *s = v;
	int rc = 0;

	/* A line the server did not end still answers a password. */
	if (s->state == W_ANSWER) {
		s->fresh = 0;
		rc = server_text(s, 1, c);
	}
	if (rc == 0)
		rc = nc_creds_settle(&s->cred, c, NC_CRED_UNKNOWN, NULL, 0);
	free(s);
	return rc;
}

const struct nc_tcpapp nc_tcpapp_telnet = {
	.name = "telnet",
	.probe = telnet_probe,
	.open = telnet_open,
	.data = telnet_data,
	.gap = telnet_gap,
	.close = telnet_close,
};
