/* Software and Service records from what nc-tcp's parsers saw
 * (software.h).  Which host runs the software follows Zeek's scripts
 * (policy/protocols/{http,ssh}/software.zeek): the client for a
 * User-Agent and an SSH client's identification, the server for the
 * Server and X-Powered-By headers, an SSH server's identification and a
 * greeting.  Zeek reads no greetings for software; here they give a
 * record only when a version is found in them. */
#include "tcpapp/software.h"

#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "netcap.pb-c.h"
#include "tcpapp/version.h"

/* One sighting: the host it is about first. */
struct seen {
	const uint8_t *ip[2];		/* the host, its peer */
	uint8_t alen;
	uint32_t port[2];
	uint64_t flow;
	uint32_t inner;
	int64_t ts;
	uint64_t packet;
};

struct nc_software {
	uint64_t *slot;			/* hashes; 0 is a free slot */
	size_t mask, used, max;
	int (*put)(void *, int, const ProtobufCMessage *);
	void *arg;
	struct nc_software_stats st;
};

struct nc_software *
nc_software_new(size_t max,
    int (*put)(void *arg, int type, const ProtobufCMessage *m), void *arg)
{
	struct nc_software *w;
	size_t n = 16;

	if (max == 0)
		max = NC_SOFTWARE_MAX;
	/* At most half full: probes stay short. */
	while (n < 2 * max && n < ((size_t)1 << 40))
		n <<= 1;
	if ((w = calloc(1, sizeof *w)) == NULL)
		return NULL;
	if ((w->slot = calloc(n, sizeof *w->slot)) == NULL) {
		free(w);
		return NULL;
	}
	w->mask = n - 1;
	w->max = max;
	w->put = put;
	w->arg = arg;
	return w;
}

void
nc_software_free(struct nc_software *w)
{
	if (w == NULL)
		return;
	free(w->slot);
	free(w);
}

void
nc_software_stats(const struct nc_software *w, struct nc_software_stats *st)
{
	*st = w->st;
}

/* 1 when the key k[0, n) is new and now remembered, 0 when it was seen
 * or the table is full (counted). */
static int
first(struct nc_software *w, const uint8_t *k, size_t n)
{
	uint64_t h = XXH3_64bits(k, n);
	size_t i;

	if (h == 0)
		h = 1;
	for (i = (size_t)h & w->mask; w->slot[i] != 0; i = (i + 1) & w->mask)
		if (w->slot[i] == h)
			return 0;
	if (w->used >= w->max) {
		w->st.full++;
		return 0;
	}
	w->slot[i] = h;
	w->used++;
	return 1;
}

/* Appends n bytes of p to the key at k + *at, within cap. */
static void
key_add(uint8_t *k, size_t *at, size_t cap, const void *p, size_t n)
{
	if (n > cap - *at)
		n = cap - *at;
	memcpy(k + *at, p, n);
	*at += n;
}

#define TEXT(p, n)	nc_bin((p), (n) < NC_VERSION_TEXT ? (n) : NC_VERSION_TEXT)

static int
service(struct nc_software *w, const struct seen *s, const char *proto,
    const uint8_t *banner, size_t nbanner)
{
	Netcap__Service r = NETCAP__SERVICE__INIT;
	uint8_t k[1 + 16 + 2];
	size_t at = 0;
	int rc;

	k[at++] = 'S';
	key_add(k, &at, sizeof k, s->ip[0], s->alen);
	k[at++] = (uint8_t)(s->port[0] >> 8);
	k[at++] = (uint8_t)s->port[0];
	if (!first(w, k, at))
		return 0;
	r.ts = s->ts;
	r.packet = s->packet;
	r.src_ip = nc_bin(s->ip[0], s->alen);
	r.dst_ip = nc_bin(s->ip[1], s->alen);
	r.src_port = s->port[0];
	r.dst_port = s->port[1];
	r.flow = s->flow;
	r.inner = s->inner;
	r.protocol = (char *)proto;
	/* The first line only. */
	for (at = 0; at < nbanner && banner[at] != '\r' && banner[at] != '\n';
	    at++)
		;
	r.banner = TEXT(banner, at);
	if ((rc = w->put(w->arg, NETCAP__RECORD__RECORD_SERVICE, &r.base)) == 0)
		w->st.services++;
	return rc;
}

/* A Software record for text p[0, n) if it is new; need_version: only
 * when a version was found (greetings). */
static int
software(struct nc_software *w, const struct seen *s, const char *proto,
    const char *type, const char *source, const uint8_t *p, size_t n,
    const uint8_t *parse, size_t nparse, int need_version)
{
	Netcap__Software r = NETCAP__SOFTWARE__INIT;
	struct nc_version v;
	uint8_t k[1 + 16 + 2 * NC_VERSION_TEXT + 4 * 8 + 8];
	size_t at = 0;
	int rc, i;

	if (n == 0)
		return 0;
	nc_version_parse(parse, nparse, &v);
	if (need_version && !(v.has & NC_V_MAJOR))
		return 0;
	k[at++] = 'W';
	key_add(k, &at, sizeof k, s->ip[0], s->alen);
	key_add(k, &at, sizeof k, v.name, v.nname);
	k[at++] = 0;
	k[at++] = (uint8_t)v.has;
	for (i = 0; i < 4; i++)
		key_add(k, &at, sizeof k, &v.num[i], sizeof v.num[i]);
	key_add(k, &at, sizeof k, v.addl, v.naddl);
	if (!first(w, k, at))
		return 0;
	r.ts = s->ts;
	r.packet = s->packet;
	r.src_ip = nc_bin(s->ip[0], s->alen);
	r.dst_ip = nc_bin(s->ip[1], s->alen);
	r.src_port = s->port[0];
	r.dst_port = s->port[1];
	r.flow = s->flow;
	r.inner = s->inner;
	r.protocol = (char *)proto;
	r.software_type = (char *)type;
	r.source = (char *)source;
	r.evidence = TEXT(p, n);
	r.name = nc_bin(v.name, v.nname);
	if (v.has & NC_V_MAJOR) {
		r._major_case = NETCAP__SOFTWARE___MAJOR_MAJOR;
		r.major = v.num[0];
	}
	if (v.has & NC_V_MINOR) {
		r._minor_case = NETCAP__SOFTWARE___MINOR_MINOR;
		r.minor = v.num[1];
	}
	if (v.has & NC_V_MINOR2) {
		r._minor2_case = NETCAP__SOFTWARE___MINOR2_MINOR2;
		r.minor2 = v.num[2];
	}
	if (v.has & NC_V_MINOR3) {
		r._minor3_case = NETCAP__SOFTWARE___MINOR3_MINOR3;
		r.minor3 = v.num[3];
	}
	r.addl = nc_bin(v.addl, v.naddl);
	if ((rc = w->put(w->arg, NETCAP__RECORD__RECORD_SOFTWARE,
	    &r.base)) == 0)
		w->st.software++;
	return rc;
}

/* Where a greeting names its product, or n: greetings are free text
 * ("mx.example.com ESMTP Exim 4.92 Mon, ...", "FTP Server (Apache/2.2.3
 * (CentOS) ...) ready", "(vsFTPd 3.0.3)"), so the parser is given them
 * from the first word that carries a version, "Name/1.2" ("_" or "-"
 * for "/"), or that a "1.2" word follows; words that are no product
 * ("Version", a host name) are passed over. */
/* Whether p[0, n) starts with digits, a dot and a digit. */
static int
dotted(const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n && p[i] >= '0' && p[i] <= '9')
		i++;
	return i > 0 && i + 1 < n && p[i] == '.' && p[i + 1] >= '0' &&
	    p[i + 1] <= '9';
}

static size_t
greeting_start(const uint8_t *p, size_t n)
{
	static const char *const no[] = { "Version", "version", "Server",
	    "server", "Release", "release", "ready", "Ready" };
	size_t i = 0, j, k, w, at;
	int name, other;

	while (i < n) {
		while (i < n && (p[i] == ' ' || p[i] == '('))
			i++;
		/* A capability list ("[CAPABILITY IMAP4rev1 ...]"). */
		if (i < n && p[i] == '[') {
			while (i < n && p[i] != ']')
				i++;
			continue;
		}
		for (j = i; j < n && p[j] != ' '; j++)
			;
		name = i < j && ((p[i] >= 'A' && p[i] <= 'Z') ||
		    (p[i] >= 'a' && p[i] <= 'z'));
		/* Name/1.2 within the word ("_" or "-" for "/"). */
		for (k = i + 1; name && k + 1 < j; k++)
			if ((p[k] == '/' || p[k] == '_' || p[k] == '-') &&
			    dotted(p + k + 1, j - k - 1))
				return i;
		other = memchr(p + i, '.', j - i) != NULL;
		for (w = 0; w < sizeof no / sizeof no[0]; w++)
			if (j - i == strlen(no[w]) &&
			    memcmp(p + i, no[w], j - i) == 0)
				other = 1;
		/* Name 1.2: a word of digits and dots, a dot in it. */
		at = j + 1;
		if (name && !other && at < n && p[at] >= '0' && p[at] <= '9') {
			for (k = at; k < n && ((p[k] >= '0' && p[k] <= '9') ||
			    p[k] == '.'); k++)
				;
			if (memchr(p + at, '.', k - at) != NULL)
				return i;
		}
		i = j;
	}
	return n;
}

static int
greeting(struct nc_software *w, const struct seen *s, const char *proto,
    const char *type, const uint8_t *p, size_t n)
{
	size_t skip, line;
	int rc;

	for (line = 0; line < n && p[line] != '\r' && p[line] != '\n'; line++)
		;
	if ((rc = service(w, s, proto, p, line)) != 0)
		return rc;
	if ((skip = greeting_start(p, line)) == line)
		return 0;
	return software(w, s, proto, type, "greeting", p, line, p + skip,
	    line - skip, 1);
}

/* s from a record's endpoints; server: the record's dst is the host. */
#define SEEN(s, m, server) do {						\
	int h_ = (server);						\
	(s).ip[0] = h_ ? (m)->dst_ip.data : (m)->src_ip.data;		\
	(s).ip[1] = h_ ? (m)->src_ip.data : (m)->dst_ip.data;		\
	(s).alen = (uint8_t)((m)->src_ip.len == 16 ? 16 : 4);		\
	(s).port[0] = h_ ? (m)->dst_port : (m)->src_port;		\
	(s).port[1] = h_ ? (m)->src_port : (m)->dst_port;		\
	(s).flow = (m)->flow;						\
	(s).inner = (m)->inner;						\
	(s).ts = (m)->ts;						\
	(s).packet = (m)->packet;					\
} while (0)

static int
http(struct nc_software *w, const Netcap__HTTP *m)
{
	struct seen s;
	int rc;

	SEEN(s, m, 0);
	if ((rc = software(w, &s, "http", "HTTP::BROWSER", "User-Agent",
	    m->user_agent.data, m->user_agent.len, m->user_agent.data,
	    m->user_agent.len, 0)) != 0 || m->status_code == 0)
		return rc;
	SEEN(s, m, 1);
	if ((rc = service(w, &s, "http", m->server.data, m->server.len)) != 0 ||
	    (rc = software(w, &s, "http", "HTTP::SERVER", "Server",
	    m->server.data, m->server.len, m->server.data, m->server.len,
	    0)) != 0)
		return rc;
	return software(w, &s, "http", "HTTP::APPSERVER", "X-Powered-By",
	    m->x_powered_by.data, m->x_powered_by.len, m->x_powered_by.data,
	    m->x_powered_by.len, 0);
}

static int
ssh(struct nc_software *w, const Netcap__SSH *m)
{
	uint8_t clean[NC_VERSION_TEXT];
	int server = m->direction != NULL &&
	    strcmp(m->direction, "server") == 0;
	struct seen s;
	size_t n;
	int rc;

	if (m->ident.len == 0)
		return 0;
	SEEN(s, m, 0);
	/* Zeek cuts "SSH-2.0-" out of a client's with one pattern and of a
	 * server's with another. */
	n = nc_version_ssh_clean(m->ident.data, m->ident.len, server ? 2 : 1,
	    clean, sizeof clean);
	if (server && (rc = service(w, &s, "ssh", m->ident.data,
	    m->ident.len)) != 0)
		return rc;
	return software(w, &s, "ssh", server ? "SSH::SERVER" : "SSH::CLIENT",
	    "ident", m->ident.data, m->ident.len, clean, n, 0);
}

static int
is_init(ProtobufCBinaryData cmd)
{
	return cmd.len == 6 && memcmp(cmd.data, "<init>", 6) == 0;
}

int
nc_software_record(struct nc_software *w, int type, const ProtobufCMessage *m)
{
	struct seen s;

	switch (type) {
	case NETCAP__RECORD__RECORD_HTTP:
		return http(w, (const Netcap__HTTP *)m);
	case NETCAP__RECORD__RECORD_SSH:
		return ssh(w, (const Netcap__SSH *)m);
	case NETCAP__RECORD__RECORD_FTP: {
		const Netcap__FTP *r = (const Netcap__FTP *)m;

		if (!is_init(r->command) || r->reply_code == 0)
			return 0;
		SEEN(s, r, 1);
		return greeting(w, &s, "ftp", "FTP::SERVER", r->reply_msg.data,
		    r->reply_msg.len);
	}
	case NETCAP__RECORD__RECORD_POP3: {
		const Netcap__POP3 *r = (const Netcap__POP3 *)m;

		if (!is_init(r->command) || r->status == NULL ||
		    r->status[0] == '\0')
			return 0;
		SEEN(s, r, 1);
		return greeting(w, &s, "pop3", "POP3::SERVER", r->message.data,
		    r->message.len);
	}
	case NETCAP__RECORD__RECORD_IMAP: {
		const Netcap__IMAP *r = (const Netcap__IMAP *)m;

		if (!is_init(r->command) || r->status == NULL ||
		    r->status[0] == '\0')
			return 0;
		SEEN(s, r, 1);
		return greeting(w, &s, "imap", "IMAP::SERVER", r->message.data,
		    r->message.len);
	}
	case NETCAP__RECORD__RECORD_TLS_SERVER_HELLO: {
		const Netcap__TLSServerHello *r = (const void *)m;

		SEEN(s, r, 0);
		return service(w, &s, "tls", NULL, 0);
	}
	default:
		return 0;
	}
}

/* s for the server of a connection. */
static void
seen_conn(struct seen *s, const struct nc_tcpapp_conn *cn, int64_t ts,
    uint64_t packet)
{
	s->ip[0] = cn->ip[NC_TCPAPP_RESP];
	s->ip[1] = cn->ip[NC_TCPAPP_ORIG];
	s->alen = cn->alen;
	s->port[0] = cn->port[NC_TCPAPP_RESP];
	s->port[1] = cn->port[NC_TCPAPP_ORIG];
	s->flow = cn->flow;
	s->inner = cn->inner;
	s->ts = ts;
	s->packet = packet;
}

int
nc_software_greeting(struct nc_software *w, const struct nc_tcpapp_ctx *c,
    const char *proto, const uint8_t *p, size_t n)
{
	static const char *const types[][2] = { { "smtp", "SMTP::SERVER" },
	    { "ftp", "FTP::SERVER" }, { "pop3", "POP3::SERVER" },
	    { "imap", "IMAP::SERVER" } };
	const char *type = "UNKNOWN";
	struct seen s;
	size_t i;

	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(types[i][0], proto) == 0)
			type = types[i][1];
	seen_conn(&s, c->conn, c->ts, c->packet);
	/* "220 " or "220-": the code is the reply's, not the product's. */
	if (n >= 4 && p[0] >= '0' && p[0] <= '9' && p[1] >= '0' &&
	    p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
	    (p[3] == ' ' || p[3] == '-')) {
		p += 4;
		n -= 4;
	}
	return greeting(w, &s, proto, type, p, n);
}

int
nc_software_answered(struct nc_software *w, const struct nc_tcpapp_conn *cn,
    const char *proto, int64_t ts, uint64_t packet, const uint8_t *p,
    size_t n)
{
	struct seen s;

	seen_conn(&s, cn, ts, packet);
	return service(w, &s, proto, p, p != NULL ? n : 0);
}
