/* TLS ClientHello and ServerHello: RFC 8446 4.1.2, 4.1.3 and 4.2, RFC
 * 5246 7.4.1, and the SSL 2.0 CLIENT-HELLO older clients still open with.
 *
 *	handshake: type (8) | length (24) | body
 *	ClientHello body: legacy_version (16) | random (256 bits) |
 *	    session_id <0..32> | cipher_suites <2..2^16-2> |
 *	    compression_methods <1..2^8-1> | extensions <8..2^16-1>
 *	ServerHello body: legacy_version | random | session_id |
 *	    cipher_suite (16) | compression_method (8) | extensions
 *	extension: type (16) | length (16) | data
 *
 * A <a..b> is a vector whose length comes first, in as many bytes as b
 * needs.  Every length is checked against the window around it before it
 * is believed. */
#include "tls/hello.h"

#include <string.h>

#include "decode/cursor.h"

/* SHA-256("HelloRetryRequest"), the random of a HelloRetryRequest
 * (RFC 8446 4.1.3). */
static const uint8_t hrr_random[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
	0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
	0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

int
nc_tls_grease(uint32_t v)
{
	return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

uint32_t
nc_tls_hello_version(const struct nc_tls_hello *h)
{
	uint32_t best = 0;
	size_t i;

	for (i = 0; i < h->n_vers; i++)
		if (!nc_tls_grease(h->vers[i]) && h->vers[i] > best &&
		    h->vers[i] < 0xfe00)	/* DTLS counts down */
			best = h->vers[i];
	return best != 0 ? best : h->version;
}

/* Appends v to a list of cap entries; past them the hello is marked. */
static void
add(struct nc_tls_hello *h, uint32_t *list, size_t *n, size_t cap,
    uint32_t v)
{
	if (*n < cap)
		list[(*n)++] = v;
	else
		h->dropped = 1;
}

/* A vector of 16-bit values, its length in lb bytes. */
static void
list16(struct nc_tls_hello *h, struct nc_cur *e, unsigned lb, uint32_t *list,
    size_t *n, size_t cap)
{
	struct nc_cur l = nc_cur_sub(e, lb == 1 ? nc_cur_u8(e) :
	    nc_cur_be16(e));

	while (nc_cur_left(&l) >= 2)
		add(h, list, n, cap, nc_cur_be16(&l));
}

static void
list8(struct nc_tls_hello *h, struct nc_cur *e, uint32_t *list, size_t *n,
    size_t cap)
{
	struct nc_cur l = nc_cur_sub(e, nc_cur_u8(e));

	while (nc_cur_left(&l) > 0)
		add(h, list, n, cap, nc_cur_u8(&l));
}

static void
server_name(struct nc_tls_hello *h, struct nc_cur *e)
{
	struct nc_cur l = nc_cur_sub(e, nc_cur_be16(e));
	const uint8_t *p;
	unsigned nt;
	size_t n;

	while (nc_cur_left(&l) > 0 && !l.err) {		/* RFC 6066 3 */
		nt = nc_cur_u8(&l);
		n = nc_cur_be16(&l);
		p = nc_cur_bytes(&l, n);
		if (p != NULL && nt == 0 && !h->has_sni) {
			h->has_sni = 1;
			h->sni.p = p;
			h->sni.n = n;
		}
	}
}

static void
alpn(struct nc_tls_hello *h, struct nc_cur *e)
{
	struct nc_cur l = nc_cur_sub(e, nc_cur_be16(e));
	const uint8_t *p;
	size_t n;

	while (nc_cur_left(&l) > 0 && !l.err) {		/* RFC 7301 3.1 */
		n = nc_cur_u8(&l);
		p = nc_cur_bytes(&l, n);
		if (p == NULL)
			break;
		if (h->n_alpn >= NC_TLS_MAX_ALPN) {
			h->dropped = 1;
			continue;
		}
		h->alpn[h->n_alpn].p = p;
		h->alpn[h->n_alpn++].n = n;
	}
}

static void
key_share(struct nc_tls_hello *h, struct nc_cur *e, int client)
{
	struct nc_cur l;

	if (!client) {		/* one entry; a HelloRetryRequest's is bare */
		uint32_t g = nc_cur_be16(e);

		if (!e->err)
			add(h, h->shares, &h->n_shares, NC_TLS_MAX_SHARES, g);
		return;
	}
	l = nc_cur_sub(e, nc_cur_be16(e));
	while (nc_cur_left(&l) >= 4) {
		uint32_t g = nc_cur_be16(&l);

		nc_cur_skip(&l, nc_cur_be16(&l));
		if (l.err)
			break;
		add(h, h->shares, &h->n_shares, NC_TLS_MAX_SHARES, g);
	}
}

static void
ext_data(struct nc_tls_hello *h, unsigned type, struct nc_cur *e, int client)
{
	size_t n;
	const uint8_t *p;

	switch (type) {
	case 0:			/* server_name */
		server_name(h, e);
		break;
	case 10:		/* supported_groups (RFC 8446 4.2.7) */
		list16(h, e, 2, h->groups, &h->n_groups, NC_TLS_MAX_GROUPS);
		break;
	case 11:		/* ec_point_formats (RFC 8422 5.1.2) */
		list8(h, e, h->ecpf, &h->n_ecpf, NC_TLS_MAX_SMALL);
		break;
	case 13:		/* signature_algorithms (RFC 8446 4.2.3) */
		list16(h, e, 2, h->sigalgs, &h->n_sigalgs,
		    NC_TLS_MAX_SIGALGS);
		break;
	case 16:		/* ALPN */
		alpn(h, e);
		break;
	case 43:		/* supported_versions (RFC 8446 4.2.1) */
		if (client) {
			list16(h, e, 1, h->vers, &h->n_vers, NC_TLS_MAX_VERS);
		} else {
			uint32_t v = nc_cur_be16(e);

			if (!e->err)
				add(h, h->vers, &h->n_vers, NC_TLS_MAX_VERS,
				    v);
		}
		break;
	case 45:		/* psk_key_exchange_modes (RFC 8446 4.2.9) */
		list8(h, e, h->pskmodes, &h->n_pskmodes, NC_TLS_MAX_SMALL);
		break;
	case 51:		/* key_share (RFC 8446 4.2.8) */
		key_share(h, e, client);
		break;
	case 57:		/* quic_transport_parameters (RFC 9001 8.2) */
	case 0xffa5:		/* its draft codepoint */
		p = nc_cur_rest(e, &n);
		h->quic_tp.p = p;
		h->quic_tp.n = n;
		break;
	}
}

static void
extensions(struct nc_tls_hello *h, struct nc_cur *c, int client)
{
	struct nc_cur x, e;
	unsigned type;

	if (nc_cur_left(c) == 0 && !c->err)
		return;				/* none: allowed before 1.3 */
	x = nc_cur_sub(c, nc_cur_be16(c));
	if (x.err)			/* cut short: take what is there */
		x = nc_cur_remain(c);
	while (nc_cur_left(&x) >= 4) {
		type = nc_cur_be16(&x);
		e = nc_cur_sub(&x, nc_cur_be16(&x));
		if (x.err)
			break;
		add(h, h->ext, &h->n_ext, NC_TLS_MAX_EXT, type);
		ext_data(h, type, &e, client);
	}
	if (h->complete && (x.err || nc_cur_left(&x) > 0))
		h->malformed = 1;
}

int
nc_tls_hello_parse(struct nc_tls_hello *h, const uint8_t *p, size_t n)
{
	struct nc_cur c = nc_cur_make(p, n), x;
	const uint8_t *r;
	size_t k;
	int client;

	memset(h, 0, sizeof *h);
	if (n < 4)
		return -1;
	h->type = nc_cur_u8(&c);
	h->length = nc_cur_be24(&c);
	h->complete = h->length <= nc_cur_left(&c);
	if (h->type != NC_TLS_CLIENT_HELLO && h->type != NC_TLS_SERVER_HELLO)
		return 1;
	client = h->type == NC_TLS_CLIENT_HELLO;
	nc_cur_limit(&c, h->length);
	h->version = nc_cur_be16(&c);
	h->has_version = !c.err;
	r = nc_cur_bytes(&c, 32);
	if (r != NULL) {
		h->random.p = r;
		h->random.n = 32;
		h->hrr = !client && memcmp(r, hrr_random, 32) == 0;
	}
	k = nc_cur_u8(&c);
	r = nc_cur_bytes(&c, k);
	if (r != NULL) {
		h->session_id.p = r;
		h->session_id.n = k;
	}
	if (client) {
		x = nc_cur_sub(&c, nc_cur_be16(&c));
		if (x.err)
			x = nc_cur_remain(&c);
		while (nc_cur_left(&x) >= 2)
			add(h, h->suites, &h->n_suites, NC_TLS_MAX_SUITES,
			    nc_cur_be16(&x));
		list8(h, &c, h->comp, &h->n_comp, NC_TLS_MAX_SMALL);
	} else {
		uint32_t s = nc_cur_be16(&c), m;

		if (!c.err)
			add(h, h->suites, &h->n_suites, 1, s);
		m = nc_cur_u8(&c);
		if (!c.err)
			add(h, h->comp, &h->n_comp, 1, m);
	}
	if (c.err && h->complete)
		h->malformed = 1;
	if (!c.err)
		extensions(h, &c, client);
	return 0;
}

int
nc_tls_hello_sslv2(struct nc_tls_hello *h, const uint8_t *p, size_t n)
{
	struct nc_cur c = nc_cur_make(p, n), s;
	size_t cs, sid, chal;

	memset(h, 0, sizeof *h);
	h->type = nc_cur_u8(&c);
	if (c.err || h->type != NC_TLS_CLIENT_HELLO)
		return -1;
	h->sslv2 = 1;
	h->length = (uint32_t)n;
	h->version = nc_cur_be16(&c);
	cs = nc_cur_be16(&c);
	sid = nc_cur_be16(&c);
	chal = nc_cur_be16(&c);
	h->has_version = !c.err;
	s = nc_cur_sub(&c, cs);
	h->session_id.p = nc_cur_bytes(&c, sid);
	h->session_id.n = h->session_id.p != NULL ? sid : 0;
	h->random.p = nc_cur_bytes(&c, chal);
	h->random.n = h->random.p != NULL ? chal : 0;
	if (c.err || cs % 3 != 0)
		return -1;
	h->complete = 1;
	h->malformed = nc_cur_left(&c) > 0;
	while (nc_cur_left(&s) >= 3)
		add(h, h->suites, &h->n_suites, NC_TLS_MAX_SUITES,
		    nc_cur_be24(&s));
	return 0;
}
