/* Credentials records of the clear-text logins parsers see (creds.h). */
#include "tcpapp/creds.h"

#include <string.h>

#include "netcap.pb-c.h"

static size_t
clip(size_t n, uint8_t *cut)
{
	if (n > NC_CRED_MAX) {
		*cut = 1;
		return NC_CRED_MAX;
	}
	return n;
}

/* Writes the record of k. */
static int
write_cred(const struct nc_cred *k, const struct nc_tcpapp_ctx *c,
    int accepted, const uint8_t *reply, size_t nreply)
{
	Netcap__Credentials m = NETCAP__CREDENTIALS__INIT;
	const struct nc_tcpapp_conn *cn = c->conn;

	m.ts = k->ts;
	m.packet = k->packet;
	NC_TCPAPP_ENDS(m, cn, NC_TCPAPP_ORIG);
	m.service = (char *)k->service;
	m.mechanism = (char *)k->mechanism;
	m.user = nc_bin(k->user, k->nuser);
	m.password = nc_bin(k->pass, k->npass);
	m.authzid = nc_bin(k->authz, k->nauthz);
	if (accepted != NC_CRED_UNKNOWN) {
		m._accepted_case = NETCAP__CREDENTIALS___ACCEPTED_ACCEPTED;
		m.accepted = accepted == NC_CRED_ACCEPTED;
	}
	m.reply = nc_bin(reply, nreply > NC_CRED_MAX ? NC_CRED_MAX : nreply);
	m.cut = k->cut;
	if (c->put(c->arg, NETCAP__RECORD__RECORD_CREDENTIALS, &m.base) < 0)
		return -1;
	c->stats->records++;
	return 0;
}

void
nc_creds_user(struct nc_cred *k, const uint8_t *user, size_t n)
{
	n = clip(n, &k->cut);
	if (n > 0)
		memcpy(k->user, user, n);
	k->nuser = (uint16_t)n;
}

void
nc_creds_pass(struct nc_cred *k, const struct nc_tcpapp_ctx *c,
    const uint8_t *pass, size_t n)
{
	n = clip(n, &k->cut);
	if (n > 0)
		memcpy(k->pass, pass, n);
	k->npass = (uint16_t)n;
	k->ts = c->ts;
	k->packet = c->packet;
}

void
nc_creds_hold(struct nc_cred *k, const struct nc_tcpapp_ctx *c,
    const char *service, const char *mechanism, const uint8_t *user,
    size_t nuser, const uint8_t *pass, size_t npass)
{
	k->held = 1;
	k->cut = 0;
	k->nauthz = 0;
	k->service = service;
	k->mechanism = mechanism;
	k->ts = c->ts;
	k->packet = c->packet;
	nc_creds_user(k, user, nuser);
	nc_creds_pass(k, c, pass, npass);
}

int
nc_creds_settle(struct nc_cred *k, const struct nc_tcpapp_ctx *c,
    int accepted, const uint8_t *reply, size_t nreply)
{
	if (!k->held)
		return 0;
	k->held = 0;
	return write_cred(k, c, accepted, reply, nreply);
}

int
nc_creds_put(const struct nc_tcpapp_ctx *c, const char *service,
    const char *mechanism, const uint8_t *user, size_t nuser,
    const uint8_t *pass, size_t npass, int accepted, const uint8_t *reply,
    size_t nreply)
{
	struct nc_cred k;

	nc_creds_hold(&k, c, service, mechanism, user, nuser, pass, npass);
	return nc_creds_settle(&k, c, accepted, reply, nreply);
}

static int
b64val(uint8_t ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	if (ch == '+')
		return 62;
	if (ch == '/')
		return 63;
	return -1;
}

long
nc_creds_base64(const uint8_t *in, size_t n, uint8_t *out, size_t max)
{
	uint32_t acc = 0;
	size_t i, o = 0, bits = 0, pad = 0;
	int v;

	for (i = 0; i < n; i++) {
		if (in[i] == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (v = b64val(in[i])) < 0)
			return -1;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o == max)
				return -1;
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	/* A lone sixth of a byte is no encoding of anything. */
	if (bits >= 6 || pad > 2)
		return -1;
	return (long)o;
}

int
nc_creds_plain(struct nc_cred *k, const struct nc_tcpapp_ctx *c,
    const char *service, const uint8_t *b64, size_t n)
{
	uint8_t d[3 * NC_CRED_MAX + 2];
	long len;
	size_t a, z1, z2;

	if ((len = nc_creds_base64(b64, n, d, sizeof d)) < 0)
		return -1;
	for (z1 = 0; z1 < (size_t)len && d[z1] != '\0'; z1++)
		;
	for (z2 = z1 + 1; z2 < (size_t)len && d[z2] != '\0'; z2++)
		;
	if (z2 >= (size_t)len)
		return -1;
	a = z1;
	nc_creds_hold(k, c, service, "PLAIN", d + z1 + 1, z2 - z1 - 1,
	    d + z2 + 1, (size_t)len - z2 - 1);
	a = clip(a, &k->cut);
	memcpy(k->authz, d, a);
	k->nauthz = (uint16_t)a;
	return 0;
}

enum { SASL_NONE, SASL_PLAIN, SASL_USER, SASL_PASS };

static int
upper_is(const uint8_t *p, size_t n, const char *w)
{
	size_t i;

	if (n != strlen(w))
		return 0;
	for (i = 0; i < n; i++)
		if ((p[i] >= 'a' && p[i] <= 'z' ? p[i] - 'a' + 'A' : p[i]) !=
		    (uint8_t)w[i])
			return 0;
	return 1;
}

int
nc_sasl_wants(const struct nc_sasl *s)
{
	return s->state != SASL_NONE;
}

void
nc_sasl_end(struct nc_sasl *s)
{
	s->state = SASL_NONE;
}

void
nc_sasl_line(struct nc_sasl *s, struct nc_cred *k,
    const struct nc_tcpapp_ctx *c, const uint8_t *p, size_t n)
{
	uint8_t d[NC_CRED_MAX];
	long len;

	if (s->state == SASL_NONE)
		return;
	if (n == 1 && p[0] == '*') {
		s->state = SASL_NONE;
		return;
	}
	if (s->state == SASL_PLAIN) {
		if (nc_creds_plain(k, c, s->service, p, n) < 0)
			c->stats->malformed++;
		s->state = SASL_NONE;
		return;
	}
	if ((len = nc_creds_base64(p, n, d, sizeof d)) < 0) {
		c->stats->malformed++;
		s->state = SASL_NONE;
		return;
	}
	if (s->state == SASL_USER) {
		nc_creds_hold(k, c, s->service, "LOGIN", d, (size_t)len, NULL,
		    0);
		s->state = SASL_PASS;
		return;
	}
	nc_creds_pass(k, c, d, (size_t)len);
	s->state = SASL_NONE;
}

void
nc_sasl_start(struct nc_sasl *s, struct nc_cred *k,
    const struct nc_tcpapp_ctx *c, const char *service, const uint8_t *mech,
    size_t nmech, const uint8_t *ir, size_t nir)
{
	s->service = service;
	s->state = SASL_NONE;
	if (upper_is(mech, nmech, "PLAIN"))
		s->state = SASL_PLAIN;
	else if (upper_is(mech, nmech, "LOGIN"))
		s->state = SASL_USER;
	/* "=" is an empty initial response (RFC 4954 4). */
	if (s->state != SASL_NONE && nir > 0 && !(nir == 1 && ir[0] == '='))
		nc_sasl_line(s, k, c, ir, nir);
}
