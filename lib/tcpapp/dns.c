/* DNS over TCP: messages after a 2-byte length (RFC 1035 4.2.2; RFC 7766
 * 8 allows several in one segment and one across several), decoded by
 * nc-decode's DNS decoder into DNS records with the connection's
 * endpoints.
 *
 * nc-decode already decodes every message that lies whole in a segment
 * on port 53 or 5355, walking the messages from the segment's first byte
 * (decode/dns.c).  To hold each message once in "nc-decode -P | nc-tcp",
 * this parser writes only the others: a message cut across the bytes of
 * two calls (a call is one segment's new bytes), and the messages after
 * it in that call, which nc-decode read out of step. */
#include "tcpapp/tcpapp.h"

#include <stdlib.h>
#include <string.h>

#include "decode/cursor.h"
#include "decode/decode.h"
#include "netcap.pb-c.h"

#define DNS_HDR		12

struct side {
	uint8_t done;
	uint8_t nlen;			/* bytes of the length read */
	uint8_t len[2];
	uint16_t need;			/* the message's length */
	uint32_t nbuf, cap;		/* a message across calls */
	uint8_t *buf;
};

struct dns {
	struct side s[2];
	int decoded;			/* nc-decode decodes this port */
};

/* The records of one message go out through the call's context. */
static int
emit(void *arg, int type, const ProtobufCMessage *m)
{
	const struct nc_tcpapp_ctx *c = arg;

	if (c->put(c->arg, type, m) < 0)
		return -1;
	if (type == NETCAP__RECORD__RECORD_DNS)
		c->stats->records++;
	return 0;
}

static void *
dns_init(void)
{
	return nc_dns_decoder_new(emit);
}

static void
dns_fini(void *s)
{
	nc_dns_decoder_free(s);
}

/* Nothing in a DNS message's first bytes tells it apart: the port does. */
static enum nc_probe
dns_probe(int dir, const uint8_t *p, size_t n)
{
	(void)dir;
	(void)p;
	(void)n;
	return NC_PROBE_NO;
}

static void *
dns_open(const struct nc_tcpapp_ctx *c)
{
	struct dns *h = calloc(1, sizeof *h);
	int i;

	if (h == NULL)
		return NULL;
	for (i = 0; i < 2; i++)
		if (c->conn->port[i] == 53 || c->conn->port[i] == 5355)
			h->decoded = 1;
	return h;
}

/* One whole message of direction dir. */
static int
message(int dir, const uint8_t *m, size_t n, const struct nc_tcpapp_ctx *c)
{
	const struct nc_tcpapp_conn *cn = c->conn;
	struct nc_dns_ends e = {
		.ts = c->ts, .packet = c->packet,
		.src = cn->ip[dir], .dst = cn->ip[!dir], .alen = cn->alen,
		.sport = cn->port[dir], .dport = cn->port[!dir],
		.flow = cn->flow, .inner = cn->inner,
	};

	return nc_decode_dns_message(c->shared, (void *)c, &e, m, n) != 0 ?
	    -1 : 0;
}

static int
state(const struct dns *h)
{
	return h->s[0].done && h->s[1].done ? NC_TCPAPP_DONE : NC_TCPAPP_MORE;
}

static int
dns_data(void *s, int dir, const uint8_t *p, size_t n,
    const struct nc_tcpapp_ctx *c)
{
	struct dns *h = s;
	struct side *x = &h->s[dir];
	struct nc_cur cur = nc_cur_make(p, n), l;
	const uint8_t *q;
	size_t take;
	uint8_t *nb;
	/* Whether nc-decode, reading this segment from its first byte, is
	 * in step with the messages. */
	int chain = h->decoded && x->nlen == 0;

	while (!x->done && nc_cur_left(&cur) > 0) {
		if (x->nlen < 2) {
			x->len[x->nlen++] = nc_cur_u8(&cur);
			if (x->nlen < 2)
				continue;
			l = nc_cur_make(x->len, 2);
			x->need = nc_cur_be16(&l);
			if (x->need < DNS_HDR) {
				c->stats->malformed++;
				x->done = 1;
				break;
			}
		}
		if (x->nbuf == 0 && nc_cur_left(&cur) >= x->need) {
			q = nc_cur_bytes(&cur, x->need);
			if (!chain && message(dir, q, x->need, c) < 0)
				return -1;
			x->nlen = 0;
			continue;
		}
		/* Cut by the end of this call: kept until it is whole. */
		if (x->cap < x->need) {
			if ((nb = realloc(x->buf, x->need)) == NULL) {
				c->stats->capped++;
				x->done = 1;
				break;
			}
			x->buf = nb;
			x->cap = x->need;
		}
		take = nc_cur_left(&cur);
		if (take > x->need - x->nbuf)
			take = x->need - x->nbuf;
		q = nc_cur_bytes(&cur, take);
		memcpy(x->buf + x->nbuf, q, take);
		x->nbuf += (uint32_t)take;
		if (x->nbuf < x->need)
			continue;
		chain = 0;
		if (message(dir, x->buf, x->need, c) < 0)
			return -1;
		x->nbuf = 0;
		x->nlen = 0;
	}
	return state(h);
}

/* A gap leaves the rest of the direction out of step: it ends. */
static int
dns_gap(void *s, int dir, uint64_t n, const struct nc_tcpapp_ctx *c)
{
	struct dns *h = s;

	(void)n;
	(void)c;
	h->s[dir].done = 1;
	return state(h);
}

static int
dns_close(void *s, const struct nc_tcpapp_ctx *c)
{
	struct dns *h = s;

	(void)c;
	free(h->s[0].buf);
	free(h->s[1].buf);
	free(h);
	return 0;
}

const struct nc_tcpapp nc_tcpapp_dns = {
	.name = "dns",
	.probe = dns_probe,
	.open = dns_open,
	.data = dns_data,
	.gap = dns_gap,
	.close = dns_close,
	.init = dns_init,
	.fini = dns_fini,
};
