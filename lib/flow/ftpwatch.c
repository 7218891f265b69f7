/* FTP data connections for nc-conn (ftpwatch.h). */
#include "flow/ftpwatch.h"

#include <stdlib.h>
#include <string.h>

#include "tcpapp/ftpaddr.h"
#include "tcpapp/lines.h"

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

/* One line of the control connection, l (without its CR LF): the
 * client's when from_client. */
static void
line(struct nc_ftpwatch *w, struct nc_span l, int from_client,
    const uint8_t *client, const uint8_t *server, uint8_t alen,
    uint64_t flow, int64_t now)
{
	struct nc_line rl = { .p = l.p, .n = l.n, .len = l.n };
	struct nc_expect_key k;
	struct nc_span word, arg;
	uint8_t ip[16];
	uint16_t port;
	unsigned code;
	int eprt, more;

	k.alen = alen;
	if (from_client) {
		nc_lines_split(l, &word, &arg);
		eprt = nc_lines_is(word, "EPRT");
		if ((!eprt && !nc_lines_is(word, "PORT")) ||
		    nc_ftpaddr_active(arg.p, arg.n, eprt, alen, ip, &port) < 0)
			return;
		/* The server connects to the address named. */
		memcpy(k.orig, server, alen);
		memcpy(k.resp, ip, alen);
	} else {
		if (nc_lines_reply(&rl, &code, &more, &arg) < 0 || more ||
		    (code != 227 && code != 229) ||
		    nc_ftpaddr_passive(code, arg.p, arg.n, alen, server, ip,
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
	struct nc_span seg = nc_lines_span(p, n);
	size_t at, end, len;
	int from_client = dport == NC_FTPWATCH_PORT;

	if (n == 0 || (alen != 4 && alen != 16) ||
	    (!from_client && sport != NC_FTPWATCH_PORT))
		return;
	for (at = 0; at < seg.n; at = end + 1) {
		end = nc_lines_index(seg, at, '\n');
		/* The line without its CR LF. */
		len = end - at - (end > at && seg.p[end - 1] == '\r');
		line(w, nc_lines_sub(seg, at, len), from_client,
		    from_client ? src : dst, from_client ? dst : src, alen,
		    flow, now);
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
