/* FTP data connections for nc-conn (ftpwatch.h). */
#include "flow/ftpwatch.h"

#include <stdlib.h>
#include <string.h>

#include "decode/cursor.h"
#include "tcpapp/ftpaddr.h"

struct nc_ftpwatch {
	struct nc_expect *e;
	struct nc_expect_stats past;	/* of the tables reset */
};

struct nc_ftpwatch *
nc_ftpwatch_new(void)
{
	struct nc_ftpwatch *w = calloc(1, sizeof *w);

	if (w != NULL && (w->e = nc_expect_new()) == NULL) {
		free(w);
		return NULL;
	}
	return w;
}

void
nc_ftpwatch_free(struct nc_ftpwatch *w)
{
	if (w == NULL)
		return;
	nc_expect_free(w->e);
	free(w);
}

/* Whether the line c holds is the command w (four letters, upper case),
 * in any case, followed by a space and its argument. */
static int
command(struct nc_cur *c, const char *w)
{
	const uint8_t *h;
	size_t i;

	if (nc_cur_left(c) < 5 || nc_cur_peek(c, 4) != ' ' ||
	    (h = nc_cur_at(c, 0, 4)) == NULL)
		return 0;
	for (i = 0; i < 4; i++)
		if ((h[i] & ~0x20) != (uint8_t)w[i])
			return 0;
	return 1;
}

/* Whether the line c holds is the last of a reply with code w (three
 * digits). */
static int
reply(struct nc_cur *c, const char *w)
{
	const uint8_t *h;

	return nc_cur_left(c) >= 4 && nc_cur_peek(c, 3) == ' ' &&
	    (h = nc_cur_at(c, 0, 3)) != NULL && memcmp(h, w, 3) == 0;
}

/* One line of the control connection, l: the client's when from_client. */
static void
line(struct nc_ftpwatch *w, struct nc_cur l, int from_client,
    const uint8_t *client, const uint8_t *server, uint8_t alen,
    uint64_t flow, int64_t now)
{
	struct nc_expect_key k;
	const uint8_t *arg;
	uint8_t ip[16];
	uint16_t port;
	unsigned code;
	size_t n;
	int eprt;

	k.alen = alen;
	if (from_client) {
		eprt = command(&l, "EPRT");
		if (!eprt && !command(&l, "PORT"))
			return;
		nc_cur_skip(&l, 5);
		n = nc_cur_left(&l);
		if ((arg = nc_cur_at(&l, 0, n)) == NULL ||
		    nc_ftpaddr_active(arg, n, eprt, alen, ip, &port) < 0)
			return;
		/* The server connects to the address named. */
		memcpy(k.orig, server, alen);
		memcpy(k.resp, ip, alen);
	} else {
		if (reply(&l, "227"))
			code = 227;
		else if (reply(&l, "229"))
			code = 229;
		else
			return;
		nc_cur_skip(&l, 4);
		n = nc_cur_left(&l);
		if ((arg = nc_cur_at(&l, 0, n)) == NULL ||
		    nc_ftpaddr_passive(code, arg, n, alen, server, ip,
		    &port) < 0)
			return;
		/* The client connects to the server itself: the address a
		 * 227 names is often one behind NAT that it does not use. */
		memcpy(k.orig, client, alen);
		memcpy(k.resp, server, alen);
	}
	k.port = port;
	nc_expect_add(w->e, &k, client, server, flow, now);
}

void
nc_ftpwatch_segment(struct nc_ftpwatch *w, const uint8_t *src,
    const uint8_t *dst, uint8_t alen, uint16_t sport, uint16_t dport,
    const uint8_t *p, size_t n, uint64_t flow, int64_t now)
{
	struct nc_cur c = nc_cur_make(p, n);
	const uint8_t *rest;
	size_t left, len, cr;
	int from_client = dport == NC_FTPWATCH_PORT;

	if (n == 0 || (alen != 4 && alen != 16) ||
	    (!from_client && sport != NC_FTPWATCH_PORT))
		return;
	while ((left = nc_cur_left(&c)) > 0 &&
	    (rest = nc_cur_at(&c, 0, left)) != NULL) {
		for (len = 0; len < left && rest[len] != '\n'; len++)
			;
		/* The line without its CR LF. */
		cr = len > 0 && rest[len - 1] == '\r';
		line(w, nc_cur_sub(&c, len - cr), from_client,
		    from_client ? src : dst, from_client ? dst : src, alen,
		    flow, now);
		nc_cur_skip(&c, cr + (len < left));
	}
}

int
nc_ftpwatch_take(struct nc_ftpwatch *w, const uint8_t *a, uint16_t ap,
    const uint8_t *b, uint16_t bp, uint8_t alen, int64_t now)
{
	struct nc_expect_key k;

	if (alen != 4 && alen != 16)
		return 0;
	k.alen = alen;
	memcpy(k.orig, a, alen);
	memcpy(k.resp, b, alen);
	k.port = bp;
	if (nc_expect_take(w->e, &k, now) != 0)
		return 1;
	memcpy(k.orig, b, alen);
	memcpy(k.resp, a, alen);
	k.port = ap;
	return nc_expect_take(w->e, &k, now) != 0;
}

static void
add(struct nc_expect_stats *to, const struct nc_expect_stats *s)
{
	to->added += s->added;
	to->refused += s->refused;
	to->taken += s->taken;
	to->expired += s->expired;
	to->evicted += s->evicted;
}

void
nc_ftpwatch_reset(struct nc_ftpwatch *w)
{
	struct nc_expect_stats st;
	struct nc_expect *e;

	/* Made before the old is let go: on no memory, the old stays. */
	if ((e = nc_expect_new()) == NULL)
		return;
	nc_expect_stats(w->e, &st);
	add(&w->past, &st);
	nc_expect_free(w->e);
	w->e = e;
}

void
nc_ftpwatch_stats(const struct nc_ftpwatch *w, struct nc_expect_stats *st)
{
	struct nc_expect_stats cur;

	*st = w->past;
	nc_expect_stats(w->e, &cur);
	add(st, &cur);
}
