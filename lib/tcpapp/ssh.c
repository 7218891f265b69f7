/* SSH: each side's identification string and its first binary packet,
 * SSH_MSG_KEXINIT, with the HASSH fingerprints.
 *
 * RFC 4253 4.2: "SSH-protoversion-softwareversion SP comments CR LF", at
 * most 255 bytes; a server may send other lines before it, which are
 * skipped here on either side.  4.1 (RFC 4253 5.1): "SSH-1.99" is a
 * server that also speaks 2.0.  6: the binary packet
 *
 *	uint32	packet_length	(not counting itself or the MAC)
 *	byte	padding_length
 *	byte[]	payload		(packet_length - padding_length - 1)
 *	byte[]	padding, then no MAC before the first key exchange
 *
 * 7.1: the payload of SSH_MSG_KEXINIT (20) is a 16-byte cookie, ten
 * name-lists (uint32 length, comma-separated names): kex, server host
 * key, encryption, MAC, compression and language, the last four client
 * to server then server to client; a boolean, and a reserved uint32.
 *
 * HASSH (Salesforce, github.com/salesforce/hassh): the MD5 in hex of
 * "kex;encryption;mac;compression", the client's client-to-server lists
 * for the client (HASSH), the server's server-to-client lists for the
 * server (HASSHServer). */
#include "tcpapp/tcpapp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "decode/cursor.h"
#include "digest.h"
#include "netcap.pb-c.h"

#define LINE_MAX_	255		/* RFC 4253 4.2, CR LF included */
#define PRE_MAX		(16 * 1024)	/* bytes of lines before it */
#define PACKET_MAX	35000		/* RFC 4253 6.1: what every
					 * implementation must take */
#define LIST_MAX	1024		/* bytes of a name-list reported */
#define LISTS		10

enum { P_LINE, P_PACKET, P_DONE };
enum { L_KEX, L_HOSTKEY, L_ENC_CS, L_ENC_SC, L_MAC_CS, L_MAC_SC,
	L_COMP_CS, L_COMP_SC, L_LANG_CS, L_LANG_SC };

struct side {
	uint8_t phase, has_ident, kexinit, written, capped, first_follows;
	uint8_t skipping;		/* in a line past LINE_MAX_ */
	uint16_t nline, nident;
	uint32_t pre_bytes, pre_lines;
	uint8_t line[LINE_MAX_];
	uint8_t ident[LINE_MAX_];
	uint8_t hdr[4];
	uint8_t nhdr;
	uint32_t need;			/* bytes of the packet after hdr */
	uint8_t *pkt;			/* the packet, once its length is known */
	uint32_t npkt;
	uint8_t cookie[16];
	struct { const uint8_t *p; uint32_t n; } list[LISTS];
	int64_t ts;			/* when what is reported was complete */
	uint64_t packet;
};

struct ssh {
	struct side s[2];
};

static enum nc_probe
ssh_probe(int dir, const uint8_t *p, size_t n)
{
	static const char magic[] = "SSH-";
	struct nc_cur c = nc_cur_make(p, n);
	size_t i;

	(void)dir;
	for (i = 0; i < 4 && i < n; i++)
		if (nc_cur_u8(&c) != (uint8_t)magic[i])
			return NC_PROBE_NO;
	return n < 4 ? NC_PROBE_MORE : NC_PROBE_YES;
}

static void *
ssh_open(const struct nc_tcpapp_ctx *c)
{
	(void)c;
	return calloc(1, sizeof(struct ssh));
}

/* The bytes up to the next stop byte, which is stepped over too. */
static ProtobufCBinaryData
upto(struct nc_cur *c, uint8_t stop)
{
	size_t n = 0, left = nc_cur_left(c);
	const uint8_t *p;

	while (n < left && nc_cur_peek(c, n) != stop)
		n++;
	p = nc_cur_bytes(c, n);
	if (n < left)
		nc_cur_skip(c, 1);
	return nc_bin(p, n);
}

static int
same(ProtobufCBinaryData a, ProtobufCBinaryData b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data,
	    a.len) == 0);
}

static void
hex(char *out, const uint8_t *d, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* "kex;enc;mac;comp" of the lists of side x for its direction, at most
 * LISTS_MAX bytes a list; its length. */
static size_t
hassh_text(const struct side *x, int server, uint8_t *out)
{
	const int l[4] = { L_KEX, server ? L_ENC_SC : L_ENC_CS,
	    server ? L_MAC_SC : L_MAC_CS, server ? L_COMP_SC : L_COMP_CS };
	size_t n = 0;
	int i;

	for (i = 0; i < 4; i++) {
		if (i > 0)
			out[n++] = ';';
		memcpy(out + n, x->list[l[i]].p, x->list[l[i]].n);
		n += x->list[l[i]].n;
	}
	return n;
}

/* The first name of client's list that server's also has (RFC 4253
 * 7.1), into out[0, LIST_MAX); its length, 0 when none. */
static size_t
negotiate(const struct side *cl, const struct side *sv, int l, uint8_t *out)
{
	struct nc_cur c = nc_cur_make(cl->list[l].p, cl->list[l].n), s;
	ProtobufCBinaryData a, b;

	while (nc_cur_left(&c) > 0) {
		if ((a = upto(&c, ',')).len == 0)
			continue;
		s = nc_cur_make(sv->list[l].p, sv->list[l].n);
		while (nc_cur_left(&s) > 0) {
			b = upto(&s, ',');
			if (same(a, b)) {
				memcpy(out, a.data, a.len);
				return a.len;
			}
		}
	}
	return 0;
}

/* As Zeek writes an algorithm that may differ by direction. */
static size_t
negotiate2(const struct side *cl, const struct side *sv, int cs, int sc,
    uint8_t *out)
{
	static const char to_s[] = "To server: ", to_c[] = ", To client: ";
	uint8_t a[LIST_MAX], b[LIST_MAX];
	size_t an = negotiate(cl, sv, cs, a), bn = negotiate(cl, sv, sc, b);
	size_t n = 0;

	if (an == bn && memcmp(a, b, an) == 0) {
		memcpy(out, a, an);
		return an;
	}
	memcpy(out + n, to_s, sizeof to_s - 1);
	n += sizeof to_s - 1;
	memcpy(out + n, a, an);
	n += an;
	memcpy(out + n, to_c, sizeof to_c - 1);
	n += sizeof to_c - 1;
	memcpy(out + n, b, bn);
	return n + bn;
}

/* The identification string of x into m. */
static void
ident_fields(const struct side *x, Netcap__SSH *m)
{
	struct nc_cur c = nc_cur_make(x->ident, x->nident), v;
	size_t n;

	m->ident = nc_bin(x->ident, x->nident);
	m->pre_banner_lines = x->pre_lines;
	/* "SSH-" protoversion "-" softwareversion [SP comments] */
	nc_cur_skip(&c, 4);
	if (c.err)
		return;
	m->proto_version = upto(&c, '-');
	v = nc_cur_make(m->proto_version.data, m->proto_version.len);
	if (same(m->proto_version, nc_bin((const uint8_t *)"1.99", 4)))
		m->version = 2;
	else if (nc_cur_left(&v) > 0 && (nc_cur_peek(&v, 0) == '1' ||
	    nc_cur_peek(&v, 0) == '2'))
		m->version = (uint32_t)(nc_cur_peek(&v, 0) - '0');
	m->software = upto(&c, ' ');
	/* The length first: nc_cur_bytes moves the cursor, and the order
	 * in which a call's arguments are read is the compiler's (clang's
	 * read it after, and gave every identification empty comments). */
	n = nc_cur_left(&c);
	m->comments = nc_bin(nc_cur_bytes(&c, n), n);
}

/* Writes the record of side dir. */
static int
put_side(struct ssh *h, int dir, const struct nc_tcpapp_ctx *c)
{
	Netcap__SSH m = NETCAP__SSH__INIT;
	const struct nc_tcpapp_conn *cn = c->conn;
	struct side *x = &h->s[dir], *cl = &h->s[NC_TCPAPP_ORIG],
	    *sv = &h->s[NC_TCPAPP_RESP];
	uint8_t ht[4 * LIST_MAX + 4], md[EVP_MAX_MD_SIZE];
	uint8_t neg[5][2 * LIST_MAX + 32];
	char hx[2 * EVP_MAX_MD_SIZE + 1];
	unsigned mdlen;
	size_t hn;

	x->written = 1;
	m.ts = x->ts;
	m.packet = x->packet;
	NC_TCPAPP_ENDS(m, cn, dir);
	m.direction = dir == NC_TCPAPP_ORIG ? "client" : "server";
	if (x->has_ident)
		ident_fields(x, &m);
	if (x->kexinit) {
		m.kexinit = 1;
		m.cookie = nc_bin(x->cookie, 16);
		m.kex_algorithms = nc_bin(x->list[L_KEX].p, x->list[L_KEX].n);
		m.server_host_key_algorithms = nc_bin(x->list[L_HOSTKEY].p,
		    x->list[L_HOSTKEY].n);
		m.encryption_c2s = nc_bin(x->list[L_ENC_CS].p,
		    x->list[L_ENC_CS].n);
		m.encryption_s2c = nc_bin(x->list[L_ENC_SC].p,
		    x->list[L_ENC_SC].n);
		m.mac_c2s = nc_bin(x->list[L_MAC_CS].p, x->list[L_MAC_CS].n);
		m.mac_s2c = nc_bin(x->list[L_MAC_SC].p, x->list[L_MAC_SC].n);
		m.compression_c2s = nc_bin(x->list[L_COMP_CS].p,
		    x->list[L_COMP_CS].n);
		m.compression_s2c = nc_bin(x->list[L_COMP_SC].p,
		    x->list[L_COMP_SC].n);
		m.languages_c2s = nc_bin(x->list[L_LANG_CS].p,
		    x->list[L_LANG_CS].n);
		m.languages_s2c = nc_bin(x->list[L_LANG_SC].p,
		    x->list[L_LANG_SC].n);
		m.first_kex_follows = x->first_follows;
		m.capped = x->capped;
		if (!x->capped) {
			hn = hassh_text(x, dir == NC_TCPAPP_RESP, ht);
			m.hassh_algorithms = nc_bin(ht, hn);
			if (EVP_Digest(ht, hn, md, &mdlen, nc_md5(), NULL)) {
				hex(hx, md, mdlen);
				m.hassh = hx;
			}
		}
	}
	if (dir == NC_TCPAPP_RESP && cl->kexinit && sv->kexinit) {
		/* The client's KEXINIT completed what this record says. */
		if (cl->ts > m.ts) {
			m.ts = cl->ts;
			m.packet = cl->packet;
		}
		m.kex_alg = nc_bin(neg[0], negotiate(cl, sv, L_KEX, neg[0]));
		m.host_key_alg = nc_bin(neg[1], negotiate(cl, sv, L_HOSTKEY,
		    neg[1]));
		m.cipher_alg = nc_bin(neg[2], negotiate2(cl, sv, L_ENC_CS,
		    L_ENC_SC, neg[2]));
		m.mac_alg = nc_bin(neg[3], negotiate2(cl, sv, L_MAC_CS,
		    L_MAC_SC, neg[3]));
		m.compression_alg = nc_bin(neg[4], negotiate2(cl, sv, L_COMP_CS,
		    L_COMP_SC, neg[4]));
	}
	if (c->put(c->arg, NETCAP__RECORD__RECORD_SSH, &m.base) < 0)
		return -1;
	c->stats->records++;
	return 0;
}

/* Writes what is ready: the client's record once its KEXINIT is read,
 * the server's once both are (it says what they negotiated), or any
 * side's at the end (all). */
static int
flush(struct ssh *h, const struct nc_tcpapp_ctx *c, int all)
{
	struct side *cl = &h->s[NC_TCPAPP_ORIG], *sv = &h->s[NC_TCPAPP_RESP];

	if (!cl->written && (cl->kexinit || all) &&
	    (cl->has_ident || cl->kexinit) &&
	    put_side(h, NC_TCPAPP_ORIG, c) < 0)
		return -1;
	if (!sv->written && ((sv->kexinit && cl->kexinit) || all ||
	    (sv->kexinit && cl->phase == P_DONE)) &&
	    (sv->has_ident || sv->kexinit) &&
	    put_side(h, NC_TCPAPP_RESP, c) < 0)
		return -1;
	return 0;
}

static int
state(const struct ssh *h)
{
	return h->s[0].phase == P_DONE && h->s[1].phase == P_DONE ?
	    NC_TCPAPP_DONE : NC_TCPAPP_MORE;
}

/* The side gives up: what it said does not parse as SSH. */
static void
malformed(struct side *x, const struct nc_tcpapp_ctx *c)
{
	c->stats->malformed++;
	x->phase = P_DONE;
}

/* One whole line (without LF) of side x. */
static void
line(struct side *x, const struct nc_tcpapp_ctx *c)
{
	size_t n = x->nline;

	if (n > 0 && x->line[n - 1] == '\r')
		n--;
	if (n >= 4 && memcmp(x->line, "SSH-", 4) == 0) {
		memcpy(x->ident, x->line, n);
		x->nident = (uint16_t)n;
		x->has_ident = 1;
		x->ts = c->ts;
		x->packet = c->packet;
		/* Only SSH 2 (and 1.99) follow with binary packets that
		 * this parser reads. */
		x->phase = n >= 8 && (memcmp(x->line + 4, "2.", 2) == 0 ||
		    memcmp(x->line + 4, "1.99", 4) == 0) ? P_PACKET : P_DONE;
		return;
	}
	x->pre_lines++;
}

/* Bytes of side x's lines. */
static void
lines(struct side *x, struct nc_cur *cur, const struct nc_tcpapp_ctx *c)
{
	uint8_t b;

	while (x->phase == P_LINE && nc_cur_left(cur) > 0) {
		b = nc_cur_u8(cur);
		if (++x->pre_bytes > PRE_MAX) {
			malformed(x, c);
			return;
		}
		if (b == '\n') {
			if (!x->skipping) {
				line(x, c);
			} else if (memcmp(x->line, "SSH-", 4) == 0) {
				/* Longer than an identification string may
				 * be: kept cut. */
				c->stats->capped++;
				line(x, c);
			} else {
				x->pre_lines++;
			}
			x->nline = 0;
			x->skipping = 0;
			continue;
		}
		if (x->skipping)
			continue;
		if (x->nline == LINE_MAX_) {
			x->skipping = 1;
			continue;
		}
		x->line[x->nline++] = b;
	}
}

/* The payload of the first binary packet, p[0, n). */
static void
kexinit(struct side *x, const uint8_t *p, size_t n,
    const struct nc_tcpapp_ctx *c)
{
	struct nc_cur cur = nc_cur_make(p, n);
	const uint8_t *q;
	uint32_t len;
	int i;

	if (nc_cur_u8(&cur) != 20) {
		malformed(x, c);
		return;
	}
	if ((q = nc_cur_bytes(&cur, 16)) != NULL)
		memcpy(x->cookie, q, 16);
	for (i = 0; i < LISTS; i++) {
		len = nc_cur_be32(&cur);
		if ((q = nc_cur_bytes(&cur, len)) == NULL)
			break;
		x->list[i].p = q;
		if (len > LIST_MAX) {
			len = LIST_MAX;
			x->capped = 1;
		}
		x->list[i].n = len;
	}
	x->first_follows = nc_cur_u8(&cur) != 0;
	nc_cur_be32(&cur);
	if (cur.err) {
		memset(x->list, 0, sizeof x->list);
		x->capped = 0;
		malformed(x, c);
		return;
	}
	if (x->capped)
		c->stats->capped++;
	x->kexinit = 1;
	x->ts = c->ts;
	x->packet = c->packet;
	x->phase = P_DONE;
}

/* Bytes of side x's first binary packet. */
static void
packet(struct side *x, struct nc_cur *cur, const struct nc_tcpapp_ctx *c)
{
	struct nc_cur h;
	const uint8_t *q;
	uint32_t len, pad;
	size_t take;

	while (x->nhdr < 4 && nc_cur_left(cur) > 0)
		x->hdr[x->nhdr++] = nc_cur_u8(cur);
	if (x->nhdr < 4)
		return;
	if (x->pkt == NULL) {
		h = nc_cur_make(x->hdr, 4);
		len = nc_cur_be32(&h);
		/* The length is a lie until checked: at least the padding
		 * length, a message byte and RFC 4253's 4 bytes of
		 * padding; at most what every implementation takes. */
		if (len < 6 || len > PACKET_MAX - 4) {
			malformed(x, c);
			return;
		}
		if ((x->pkt = malloc(len)) == NULL) {
			c->stats->malformed++;
			x->phase = P_DONE;
			return;
		}
		x->need = len;
	}
	take = nc_cur_left(cur);
	if (take > x->need - x->npkt)
		take = x->need - x->npkt;
	if ((q = nc_cur_bytes(cur, take)) != NULL)
		memcpy(x->pkt + x->npkt, q, take);
	x->npkt += (uint32_t)take;
	if (x->npkt < x->need)
		return;
	h = nc_cur_make(x->pkt, x->npkt);
	pad = nc_cur_u8(&h);
	if (pad + 1 >= x->npkt) {
		malformed(x, c);
		return;
	}
	kexinit(x, nc_cur_bytes(&h, x->npkt - pad - 1), x->npkt - pad - 1, c);
}

static int
ssh_data(void *s, int dir, const uint8_t *p, size_t n,
    const struct nc_tcpapp_ctx *c)
{
	struct ssh *h = s;
	struct side *x = &h->s[dir];
	struct nc_cur cur = nc_cur_make(p, n);

	if (x->phase == P_LINE)
		lines(x, &cur, c);
	if (x->phase == P_PACKET)
		packet(x, &cur, c);
	if (flush(h, c, 0) < 0)
		return -1;
	return state(h);
}

/* A gap cuts a line or a packet: this side is over. */
static int
ssh_gap(void *s, int dir, uint64_t n, const struct nc_tcpapp_ctx *c)
{
	struct ssh *h = s;

	(void)n;
	if (h->s[dir].phase != P_DONE)
		h->s[dir].phase = P_DONE;
	if (flush(h, c, 0) < 0)
		return -1;
	return state(h);
}

static int
ssh_close(void *s, const struct nc_tcpapp_ctx *c)
{
	struct ssh *h = s;
	int rc = flush(h, c, 1);

	free(h->s[0].pkt);
	free(h->s[1].pkt);
	free(h);
	return rc;
}

const struct nc_tcpapp nc_tcpapp_ssh = {
	.name = "ssh",
	.probe = ssh_probe,
	.open = ssh_open,
	.data = ssh_data,
	.gap = ssh_gap,
	.close = ssh_close,
};
