/* TLS on a reassembled TCP connection: the record layer of each direction
 * (RFC 8446 5.1, RFC 5246 6.2.1), the handshake messages carried in it,
 * and from them TLSClientHello, TLSServerHello and one TLSCertificate per
 * certificate of the server's chain.
 *
 *	record: type (8) | version (16) | length (16) | fragment
 *	handshake: msg_type (8) | length (24) | body
 *
 * A handshake message may span records and records span segments; both
 * are gathered here, bytes at a time if need be.  Only the messages that
 * make records are kept (hellos up to HELLO_MAX, a Certificate up to
 * CERT_MAX): a longer one is stepped over and counted in capped, and the
 * rest are stepped over unkept.  ChangeCipherSpec or application data ends
 * what a direction can tell (what follows is encrypted), as does a TLS 1.3
 * ServerHello; after a HelloRetryRequest (RFC 8446 4.1.4) both sides may
 * send ChangeCipherSpec (D.4) before their second hello, which is waited
 * for.  An SSL 2.0 format CLIENT-HELLO opening the connection is read
 * too.  STARTTLS (SMTP, IMAP, POP3 ...) is not followed: the connection
 * starts in the clear protocol, which this parser does not speak. */
#include "tcpapp/tcpapp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "decode/cursor.h"
#include "netcap.pb-c.h"
#include "tls/cert.h"
#include "tls/fingerprint.h"
#include "tls/hello.h"

#define HELLO_MAX	(64 * 1024)
#define CERT_MAX	(256 * 1024)
#define RECORD_MAX	(16384 + 2048)	/* TLSCiphertext (RFC 5246 6.2.3) */

enum {
	CT_CCS = 20, CT_ALERT = 21, CT_HANDSHAKE = 22, CT_APPDATA = 23,
	CT_HEARTBEAT = 24,
};
enum {
	HS_CLIENT_HELLO = 1, HS_SERVER_HELLO = 2, HS_CERTIFICATE = 11,
	HS_SERVER_KEY_EXCHANGE = 12, HS_SERVER_HELLO_DONE = 14,
};

struct dir {
	uint8_t started, done, v2;
	uint8_t hdr[5], nhdr;		/* record header being read */
	uint8_t rtype;
	uint32_t rleft;			/* fragment bytes still to come */
	uint32_t rversion;		/* of the record a message began in */
	uint8_t hs[4], nhs;		/* handshake header being read */
	uint8_t keep;			/* the message is being kept */
	uint32_t mlen, mhave;		/* its length and bytes so far */
	uint8_t *buf;			/* header and body of a kept one */
	size_t cap;
	unsigned hellos;
};

/* A ServerHello before TLS 1.3 waits in sh for the curve. */
struct tls {
	struct dir d[2];
	uint8_t hrr, tls13, has_curve;
	uint8_t *sh;
	size_t shn;
	uint32_t sh_rversion, curve;
	int64_t sh_ts;
	uint64_t sh_packet;
};

static enum nc_probe
tls_probe(int dir, const uint8_t *p, size_t n)
{
	struct nc_cur c = nc_cur_make(p, n);
	uint8_t b0 = nc_cur_peek(&c, 0);
	unsigned len;

	(void)dir;
	if (n == 0)
		return NC_PROBE_MORE;
	if (b0 & 0x80) {		/* SSL 2.0 header, 2 bytes */
		if (n < 5)
			return NC_PROBE_MORE;
		len = (b0 & 0x7fu) << 8 | nc_cur_peek(&c, 1);
		return nc_cur_peek(&c, 2) == 1 && len >= 9 &&
		    (nc_cur_peek(&c, 3) == 0 || nc_cur_peek(&c, 3) == 3) ?
		    NC_PROBE_YES : NC_PROBE_NO;
	}
	if (b0 != CT_HANDSHAKE)
		return NC_PROBE_NO;
	if (n >= 2 && nc_cur_peek(&c, 1) != 3)
		return NC_PROBE_NO;
	if (n >= 3 && nc_cur_peek(&c, 2) > 4)
		return NC_PROBE_NO;
	if (n < 5)
		return NC_PROBE_MORE;
	len = nc_cur_peek_be16(&c, 3);
	return len >= 4 && len <= RECORD_MAX ? NC_PROBE_YES : NC_PROBE_NO;
}

static void *
tls_init(void)
{
	return malloc(sizeof(struct nc_tls_cert));
}

static void
tls_fini(void *shared)
{
	free(shared);
}

static void *
tls_open(const struct nc_tcpapp_ctx *c)
{
	(void)c;
	return calloc(1, sizeof(struct tls));
}

/* The endpoints of every record: the sender of dir first. */
#define ENDS(m, c, dir) do {						\
	(m).ts = (c)->ts;						\
	(m).packet = (c)->packet;					\
	NC_TCPAPP_ENDS(m, (c)->conn, dir);				\
} while (0)

static int
put(const struct nc_tcpapp_ctx *c, int type, const ProtobufCMessage *m)
{
	if (c->put(c->arg, type, m) < 0)
		return -1;
	c->stats->records++;
	return 0;
}

static int
client_hello(const struct nc_tls_hello *h, uint32_t rversion,
    const struct nc_tcpapp_ctx *c)
{
	Netcap__TLSClientHello m = NETCAP__TLSCLIENT_HELLO__INIT;
	ProtobufCBinaryData alpn[NC_TLS_MAX_ALPN];
	char ja3[NC_TLS_JA3_MAX], md5[NC_TLS_MD5_HEX], ja4[NC_TLS_JA4_MAX];
	size_t i, n;

	ENDS(m, c, NC_TCPAPP_ORIG);
	m.record_version = rversion;
	m.version = h->version;
	m.random = nc_bin(h->random.p, h->random.n);
	m.session_id = nc_bin(h->session_id.p, h->session_id.n);
	m.cipher_suites = (uint32_t *)h->suites;
	m.n_cipher_suites = h->n_suites;
	m.compression_methods = (uint32_t *)h->comp;
	m.n_compression_methods = h->n_comp;
	m.extensions = (uint32_t *)h->ext;
	m.n_extensions = h->n_ext;
	if (h->has_sni)
		m.sni = nc_bin(h->sni.p, h->sni.n);
	for (i = 0; i < h->n_alpn; i++)
		alpn[i] = nc_bin(h->alpn[i].p, h->alpn[i].n);
	m.alpns = alpn;
	m.n_alpns = h->n_alpn;
	m.supported_versions = (uint32_t *)h->vers;
	m.n_supported_versions = h->n_vers;
	m.supported_groups = (uint32_t *)h->groups;
	m.n_supported_groups = h->n_groups;
	m.ec_point_formats = (uint32_t *)h->ecpf;
	m.n_ec_point_formats = h->n_ecpf;
	m.signature_algorithms = (uint32_t *)h->sigalgs;
	m.n_signature_algorithms = h->n_sigalgs;
	m.key_share_groups = (uint32_t *)h->shares;
	m.n_key_share_groups = h->n_shares;
	m.psk_key_exchange_modes = (uint32_t *)h->pskmodes;
	m.n_psk_key_exchange_modes = h->n_pskmodes;
	m.length = h->length;
	m.malformed = h->malformed;
	m.truncated = h->dropped;
	if (!h->sslv2) {		/* neither definition covers SSL 2.0 */
		n = nc_tls_ja3(h, ja3);
		nc_tls_md5(ja3, n, md5);
		nc_tls_ja4(h, 't', ja4);
		m.ja3 = ja3;
		m.ja3_md5 = md5;
		m.ja4 = ja4;
	}
	return put(c, NETCAP__RECORD__RECORD_TLS_CLIENT_HELLO, &m.base);
}

static int
server_hello(const struct tls *t, const struct nc_tls_hello *h,
    uint32_t rversion, const struct nc_tcpapp_ctx *c)
{
	Netcap__TLSServerHello m = NETCAP__TLSSERVER_HELLO__INIT;
	char ja3s[NC_TLS_JA3_MAX], md5[NC_TLS_MD5_HEX], ja4s[NC_TLS_JA4_MAX];
	size_t n;

	ENDS(m, c, NC_TCPAPP_RESP);
	m.record_version = rversion;
	m.version = h->version;
	m.selected_version = nc_tls_hello_version(h);
	m.random = nc_bin(h->random.p, h->random.n);
	m.session_id = nc_bin(h->session_id.p, h->session_id.n);
	m.cipher_suite = h->n_suites > 0 ? h->suites[0] : 0;
	m.compression_method = h->n_comp > 0 ? h->comp[0] : 0;
	m.extensions = (uint32_t *)h->ext;
	m.n_extensions = h->n_ext;
	if (h->n_shares > 0 || t->has_curve) {
		m._selected_group_case =
		    NETCAP__TLSSERVER_HELLO___SELECTED_GROUP_SELECTED_GROUP;
		m.selected_group = h->n_shares > 0 ? h->shares[0] : t->curve;
	}
	if (h->n_alpn > 0)
		m.alpn = nc_bin(h->alpn[0].p, h->alpn[0].n);
	m.hello_retry_request = h->hrr;
	n = nc_tls_ja3s(h, ja3s);
	nc_tls_md5(ja3s, n, md5);
	nc_tls_ja4s(h, 't', ja4s);
	m.ja3s = ja3s;
	m.ja3s_md5 = md5;
	m.ja4s = ja4s;
	m.length = h->length;
	m.malformed = h->malformed;
	m.truncated = h->dropped;
	return put(c, NETCAP__RECORD__RECORD_TLS_SERVER_HELLO, &m.base);
}

/* Certificate (RFC 5246 7.4.2): certificate_list <0..2^24-1> of
 * ASN.1Cert <1..2^24-1>.  The strings of a certificate's record are
 * kept in the program's one struct nc_tls_cert (ctx->shared): too large
 * to have per connection, and used only while a record is written. */
static int
certificates(const uint8_t *p, size_t n, const struct nc_tcpapp_ctx *c)
{
	struct nc_cur m = nc_cur_make(p, n), l;
	struct nc_tls_cert *b = c->shared;
	const uint8_t *der;
	uint32_t index = 0;
	size_t len;
	int r = 0;

	nc_cur_skip(&m, 4);
	l = nc_cur_sub(&m, nc_cur_be24(&m));
	if (l.err || b == NULL)
		return 0;
	while (nc_cur_left(&l) >= 3 && r == 0) {
		Netcap__TLSCertificate x = NETCAP__TLSCERTIFICATE__INIT;

		len = nc_cur_be24(&l);
		der = nc_cur_bytes(&l, len);
		if (der == NULL)
			break;
		ENDS(x, c, NC_TCPAPP_RESP);
		x.index = index++;
		r = nc_tls_cert_parse(&x, b, der, len);
		if (r == 0)
			r = put(c, NETCAP__RECORD__RECORD_TLS_CERTIFICATE,
			    &x.base);
	}
	if (r < 0 && errno == 0)
		errno = ENOMEM;
	return r;
}

/* Keeps a ServerHello until its curve is known. */
static int
sh_keep(struct tls *t, const uint8_t *p, size_t n, uint32_t rversion,
    const struct nc_tcpapp_ctx *c)
{
	uint8_t *b = realloc(t->sh, n);

	if (b == NULL)
		return -1;
	memcpy(b, p, n);
	t->sh = b;
	t->shn = n;
	t->sh_rversion = rversion;
	t->sh_ts = c->ts;
	t->sh_packet = c->packet;
	return 0;
}

/* Writes the ServerHello kept, if any. */
static int
sh_flush(struct tls *t, const struct nc_tcpapp_ctx *c)
{
	struct nc_tcpapp_ctx at = *c;
	struct nc_tls_hello h;
	size_t n = t->shn;

	if (n == 0)
		return 0;
	at.ts = t->sh_ts;
	at.packet = t->sh_packet;
	t->shn = 0;
	if (nc_tls_hello_parse(&h, t->sh, n) != 0)
		return 0;
	return server_hello(t, &h, t->sh_rversion, &at);
}

/* ServerKeyExchange of an ECDHE suite (RFC 8422 5.4): ECParameters
 * first, curve_type 3 (named_curve) and the curve.  A DHE one starts
 * with the length of p, whose first byte is 3 only for a p of 768 to
 * 1023 bytes, so the curve is taken only from a suite of ECDHE's ranges
 * (0xc0xx, 0xccxx) and a point length that fits. */
static void
ske_curve(struct tls *t, const uint8_t *p, size_t n)
{
	struct nc_cur m = nc_cur_make(p, n);
	struct nc_tls_hello h;
	uint32_t suite, curve;

	if (t->shn == 0 || nc_tls_hello_parse(&h, t->sh, t->shn) != 0 ||
	    h.n_suites == 0)
		return;
	suite = h.suites[0];
	if ((suite >> 8) != 0xc0 && (suite >> 8) != 0xcc)
		return;
	nc_cur_skip(&m, 4);
	if (nc_cur_u8(&m) != 3)
		return;
	curve = nc_cur_be16(&m);
	nc_cur_skip(&m, nc_cur_u8(&m));
	if (m.err)
		return;
	t->curve = curve;
	t->has_curve = 1;
}

/* A whole handshake message of dir, header included. */
static int
message(struct tls *t, int dir, const uint8_t *p, size_t n,
    const struct nc_tcpapp_ctx *c)
{
	struct dir *d = &t->d[dir];
	struct nc_tls_hello h;

	switch (d->hs[0]) {
	case HS_CLIENT_HELLO:
	case HS_SERVER_HELLO:
		if (nc_tls_hello_parse(&h, p, n) != 0)
			return 0;
		d->hellos++;
		if (dir == NC_TCPAPP_ORIG)
			return client_hello(&h, d->rversion, c);
		if (h.hrr)
			t->hrr = 1;
		else if (nc_tls_hello_version(&h) >= 0x0304 &&
		    nc_tls_hello_version(&h) < 0xfe00) {
			t->tls13 = 1;	/* the rest is encrypted */
			d->done = 1;
		} else
			return sh_keep(t, p, n, d->rversion, c);
		return server_hello(t, &h, d->rversion, c);
	case HS_CERTIFICATE:
		return certificates(p, n, c);
	case HS_SERVER_KEY_EXCHANGE:
		ske_curve(t, p, n);
		return sh_flush(t, c);
	case HS_SERVER_HELLO_DONE:
		return sh_flush(t, c);
	}
	return 0;
}

/* Whether dir keeps a message of this type, and up to what length. */
static size_t
keep_max(const struct tls *t, int dir, unsigned type)
{
	if (dir == NC_TCPAPP_ORIG)
		return type == HS_CLIENT_HELLO ? HELLO_MAX : 0;
	if (type == HS_SERVER_HELLO || type == HS_SERVER_KEY_EXCHANGE ||
	    type == HS_SERVER_HELLO_DONE)
		return HELLO_MAX;
	return type == HS_CERTIFICATE && !t->tls13 ? CERT_MAX : 0;
}

/* Grows d's buffer to hold want bytes, doubling; -1 out of memory. */
static int
reserve(struct dir *d, size_t want)
{
	size_t cap = d->cap != 0 ? d->cap : 4096;
	uint8_t *b;

	if (want <= d->cap)
		return 0;
	while (cap < want)
		cap *= 2;
	b = realloc(d->buf, cap);
	if (b == NULL)
		return -1;
	d->buf = b;
	d->cap = cap;
	return 0;
}

/* Handshake bytes of dir, from the fragments of its handshake records. */
static int
handshake(struct tls *t, int dir, struct nc_cur *f,
    const struct nc_tcpapp_ctx *c)
{
	struct dir *d = &t->d[dir];
	struct nc_cur hdr = nc_cur_make(d->hdr, sizeof d->hdr);
	const uint8_t *q;
	size_t k, max;

	while (nc_cur_left(f) > 0 && !d->done) {
		if (d->nhs < 4) {
			if (d->nhs == 0)
				d->rversion = nc_cur_peek_be16(&hdr, 1);
			d->hs[d->nhs++] = nc_cur_u8(f);
			if (d->nhs < 4)
				continue;
			d->mlen = (uint32_t)d->hs[1] << 16 |
			    (uint32_t)d->hs[2] << 8 | d->hs[3];
			d->mhave = 0;
			max = keep_max(t, dir, d->hs[0]);
			d->keep = max > 0 && d->mlen <= max;
			if (max > 0 && !d->keep)
				c->stats->capped++;
			if (d->keep) {
				if (reserve(d, 4) < 0)
					return -1;
				memcpy(d->buf, d->hs, 4);
			}
		}
		k = d->mlen - d->mhave;
		if (k > nc_cur_left(f))
			k = nc_cur_left(f);
		q = nc_cur_bytes(f, k);
		/* Grown as bytes come, not to what the header declares. */
		if (d->keep && k > 0) {
			if (reserve(d, 4 + (size_t)d->mhave + k) < 0)
				return -1;
			memcpy(d->buf + 4 + d->mhave, q, k);
		}
		d->mhave += (uint32_t)k;
		if (d->mhave < d->mlen)
			continue;
		d->nhs = 0;
		if (d->keep && message(t, dir, d->buf, 4 + (size_t)d->mlen,
		    c) < 0)
			return -1;
	}
	return 0;
}

/* Gives up on dir: what it sends is not TLS. */
static void
malformed(struct dir *d, const struct nc_tcpapp_ctx *c)
{
	d->done = 1;
	c->stats->malformed++;
}

/* A record header just read: whether dir goes on. */
static void
record(struct tls *t, struct dir *d, const struct nc_tcpapp_ctx *c)
{
	struct nc_cur h = nc_cur_make(d->hdr, sizeof d->hdr);

	d->rtype = d->hdr[0];
	d->rleft = nc_cur_peek_be16(&h, 3);
	if (d->rtype < CT_CCS || d->rtype > CT_HEARTBEAT ||
	    d->hdr[1] != 3 || d->hdr[2] > 4 || d->rleft > RECORD_MAX) {
		malformed(d, c);
		return;
	}
	/* After a HelloRetryRequest the second hello is still to come. */
	if (d->rtype == CT_APPDATA || (d->rtype == CT_CCS &&
	    !(t->hrr && d->hellos < 2)))
		d->done = 1;
}

/* The SSL 2.0 CLIENT-HELLO, gathered whole into buf. */
static int
sslv2(struct tls *t, int dir, struct nc_cur *f, const struct nc_tcpapp_ctx *c)
{
	struct dir *d = &t->d[dir];
	struct nc_tls_hello h;
	size_t k;

	if (d->nhdr < 2) {
		d->hdr[d->nhdr++] = nc_cur_u8(f);
		if (d->nhdr < 2)
			return 0;
		d->mlen = (d->hdr[0] & 0x7fu) << 8 | d->hdr[1];
		d->mhave = 0;
	}
	k = d->mlen - d->mhave;
	if (k > nc_cur_left(f))
		k = nc_cur_left(f);
	if (k > 0) {
		if (reserve(d, (size_t)d->mhave + k) < 0)
			return -1;
		memcpy(d->buf + d->mhave, nc_cur_bytes(f, k), k);
	}
	d->mhave += (uint32_t)k;
	if (d->mhave < d->mlen)
		return 0;
	d->v2 = 0;
	d->nhdr = 0;
	if (nc_tls_hello_sslv2(&h, d->buf, d->mlen) < 0) {
		malformed(d, c);
		return 0;
	}
	d->hellos++;
	return client_hello(&h, 2, c);
}

static int
tls_data(void *s, int dir, const uint8_t *p, size_t n,
    const struct nc_tcpapp_ctx *c)
{
	struct tls *t = s;
	struct dir *d = &t->d[dir];
	struct nc_cur in = nc_cur_make(p, n), f;
	size_t k;

	if (!d->started && n > 0) {
		d->started = 1;
		if (nc_cur_peek(&in, 0) & 0x80) {
			if (dir == NC_TCPAPP_ORIG)
				d->v2 = 1;
			else		/* an SSL 2.0 server: not followed */
				d->done = 1;
		}
	}
	while (nc_cur_left(&in) > 0 && !d->done) {
		if (d->v2) {
			if (sslv2(t, dir, &in, c) < 0)
				return -1;
			continue;
		}
		if (d->nhdr < 5) {
			d->hdr[d->nhdr++] = nc_cur_u8(&in);
			if (d->nhdr == 5)
				record(t, d, c);
			continue;
		}
		k = d->rleft < nc_cur_left(&in) ? d->rleft : nc_cur_left(&in);
		f = nc_cur_sub(&in, k);
		d->rleft -= (uint32_t)k;
		if (d->rtype == CT_HANDSHAKE && handshake(t, dir, &f, c) < 0)
			return -1;
		if (d->rleft == 0)
			d->nhdr = 0;
	}
	if (t->d[NC_TCPAPP_RESP].done && sh_flush(t, c) < 0)
		return -1;
	return t->d[0].done && t->d[1].done ? NC_TCPAPP_DONE : NC_TCPAPP_MORE;
}

/* The record boundaries are lost with the bytes: the direction ends. */
static int
tls_gap(void *s, int dir, uint64_t n, const struct nc_tcpapp_ctx *c)
{
	struct tls *t = s;

	(void)n;
	t->d[dir].done = 1;
	if (dir == NC_TCPAPP_RESP && sh_flush(t, c) < 0)
		return -1;
	return t->d[0].done && t->d[1].done ? NC_TCPAPP_DONE : NC_TCPAPP_MORE;
}

static int
tls_close(void *s, const struct nc_tcpapp_ctx *c)
{
	struct tls *t = s;
	int r = sh_flush(t, c);

	free(t->sh);
	free(t->d[0].buf);
	free(t->d[1].buf);
	free(t);
	return r;
}

const struct nc_tcpapp nc_tcpapp_tls = {
	.name = "tls",
	.probe = tls_probe,
	.open = tls_open,
	.data = tls_data,
	.gap = tls_gap,
	.close = tls_close,
	.init = tls_init,
	.fini = tls_fini,
};
