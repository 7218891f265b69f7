/* QUIC packets: RFC 8999 (invariants), RFC 9000 (v1), RFC 9001 (Initial
 * protection), RFC 9369 (v2).  One QUIC record per packet of a datagram.
 *
 * Long header (RFC 9000 17.2):
 *
 *	+-+-+-+-+-+-+-+-+
 *	|1|1|T T|X X X X|	form, fixed bit, type, type-specific
 *	+-+-+-+-+-+-+-+-+---------------------------------------------+
 *	| version (32) | DCID len (8) | DCID (0..160) | SCID len (8) |
 *	| SCID (0..160) | Initial: token length (i), token |
 *	| length (i) | packet number (8..32) | protected payload ...  |
 *
 * Short header (17.3): |0|1|S|R R|K|P P| DCID (length not on the wire)
 * | packet number | payload.  A version 0 long header is a Version
 * Negotiation packet; Retry carries a token and a 16-byte tag.
 *
 * A datagram may hold several long-header packets, each ended by its
 * length field, and a last one of any kind (12.2).  Initial packets of
 * the versions quic_crypto.c knows are decrypted: the keys come from the
 * client's first DCID, which the server's Initials no longer carry, so a
 * small table maps the connection IDs seen in decrypted Initials back to
 * it; the same table gives the length of a short header's DCID when an
 * Initial of the flow named that connection ID.  CRYPTO data of the
 * Initials of one datagram is reassembled and the TLS ClientHello or
 * ServerHello in it parsed (RFC 8446 4.1.2, 4.1.3). */
#include "decode/internal.h"
#include "decode/quic.h"
#include "decode/text.h"
#include "tls/hello.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	MAX_PKTS = 16,		/* coalesced packets kept per datagram */
	MAX_CID = 20,		/* v1 and v2; other versions up to 255 */
	MAX_FRAMES = 64,	/* frame types kept per packet */
	MAX_CRYPTO = 32,	/* CRYPTO frames kept per packet */
	CRYPTO_BUF = 16384,	/* handshake bytes reassembled */
	MAX_VERSIONS = 64,
	SHORT_RAW = 20,
	TXT = 256,
};

/* Version-dependent packet types: v2 rotated the bits (RFC 9369 3.2). */
enum { P_INITIAL, P_0RTT, P_HANDSHAKE, P_RETRY };
static const char *const ptype_name[] = {
	"Initial", "0-RTT", "Handshake", "Retry",
};

/* Connection IDs of decrypted Initials -> the client's first DCID, so that
 * later Initials of either side find their keys.  The owner is the side
 * that chose cid: a packet sent to it comes from the other side. */
enum { NCONN = 64 };
struct conntab {
	struct {
		uint64_t flow;
		uint32_t version;
		uint8_t used, client, n, on;
		uint8_t cid[MAX_CID], odcid[MAX_CID];
	} c[NCONN];
	unsigned next;
};

static int
conn_find(const struct conntab *t, uint64_t flow, uint32_t version,
    const uint8_t *cid, size_t n)
{
	int i;

	for (i = 0; i < NCONN; i++)
		if (t->c[i].used && t->c[i].flow == flow &&
		    t->c[i].version == version && t->c[i].n == n &&
		    memcmp(t->c[i].cid, cid, n) == 0)
			return i;
	return -1;
}

/* The length of the connection ID a short header starts with: the
 * longest one of this flow's that prefixes it (zero-length ones say
 * nothing), or -1. */
static size_t
conn_prefix(const struct conntab *t, uint64_t flow, const uint8_t *p,
    size_t left)
{
	size_t best = (size_t)-1;
	int i;

	for (i = 0; i < NCONN; i++)
		if (t->c[i].used && t->c[i].flow == flow &&
		    t->c[i].n > 0 && t->c[i].n <= left &&
		    (best == (size_t)-1 || t->c[i].n > best) &&
		    memcmp(t->c[i].cid, p, t->c[i].n) == 0)
			best = t->c[i].n;
	return best;
}

static void
conn_add(struct conntab *t, uint64_t flow, uint32_t version,
    const uint8_t *cid, size_t n, int client, const uint8_t *odcid, size_t on)
{
	int i;

	if (n > MAX_CID || on > MAX_CID)
		return;
	if ((i = conn_find(t, flow, version, cid, n)) < 0)
		i = (int)(t->next++ % NCONN);
	t->c[i].used = 1;
	t->c[i].flow = flow;
	t->c[i].version = version;
	t->c[i].client = (uint8_t)client;
	t->c[i].n = (uint8_t)n;
	memcpy(t->c[i].cid, cid, n);
	t->c[i].on = (uint8_t)on;
	memcpy(t->c[i].odcid, odcid, on);
}

/* RFC 9000 16: two high bits give the length, 1 to 8 bytes. */
static uint64_t
varint(struct nc_cur *c)
{
	uint8_t b = nc_cur_u8(c);
	size_t n = (size_t)1 << (b >> 6), i;
	uint64_t v = b & 0x3f;

	for (i = 1; i < n; i++)
		v = v << 8 | nc_cur_u8(c);
	return c->err ? 0 : v;
}

/* One packet of the datagram and the arrays its record points into. */
struct qpkt {
	Netcap__QUIC q;
	uint32_t frames[MAX_FRAMES];
	uint64_t coff[MAX_CRYPTO], clen[MAX_CRYPTO];
	char reason[TXT];
	struct nc_issue is;
	const uint8_t *start;		/* first byte, in the frame */
	char gver[5];			/* gQUIC version label */
	int drop;			/* not a packet: only the issue */
	int initial_ok;			/* decrypted Initial with CRYPTO */
};

/* What the datagram's Initials share: reassembled CRYPTO data. */
struct dgram {
	struct nc_quic *qs;		/* the decoder's QUIC state */
	struct nc_pkt *k;
	const struct nc_app *a;
	uint8_t crypto[CRYPTO_BUF];
	uint8_t have[CRYPTO_BUF / 8];
	int crypto_any;
	uint32_t versions[MAX_VERSIONS];
	uint8_t plain[65536];
	size_t plain_used;
};

/* A decoder's QUIC state: the connection IDs and keys of the flows it saw,
 * and the datagram being decoded, which is too large for the stack and
 * alive only until its records are emitted. */
struct nc_quic {
	struct conntab conns;
	struct nc_quic_crypto *crypto;
	struct dgram g;
};

struct nc_quic *
nc_quic_new(void)
{
	struct nc_quic *qs = calloc(1, sizeof *qs);

	if (qs == NULL)
		return NULL;
	if ((qs->crypto = nc_quic_crypto_new()) == NULL) {
		free(qs);
		return NULL;
	}
	qs->g.qs = qs;
	return qs;
}

void
nc_quic_free(struct nc_quic *qs)
{
	if (qs == NULL)
		return;
	nc_quic_crypto_free(qs->crypto);
	free(qs);
}

static void
crypto_put(struct dgram *g, uint64_t off, const uint8_t *p, size_t n)
{
	size_t i;

	g->crypto_any = 1;
	if (off >= CRYPTO_BUF)
		return;
	if (n > CRYPTO_BUF - off)
		n = CRYPTO_BUF - (size_t)off;
	memcpy(g->crypto + off, p, n);
	for (i = (size_t)off; i < off + n; i++)
		g->have[i / 8] |= (uint8_t)(1u << (i % 8));
}

static size_t
crypto_contig(const struct dgram *g)
{
	size_t i;

	for (i = 0; i < CRYPTO_BUF; i++)
		if (!(g->have[i / 8] & (1u << (i % 8))))
			break;
	return i;
}

/* Frames of a decrypted Initial (RFC 9000 12.4: only PADDING, PING, ACK,
 * CRYPTO and CONNECTION_CLOSE may appear in one).  at is the protected
 * payload in the frame, for an Undecoded record. */
static void
frames(struct dgram *g, struct qpkt *P, const uint8_t *p, size_t n,
    const struct nc_cur *at)
{
	Netcap__QUIC *q = &P->q;
	struct nc_cur c = nc_cur_make(p, n);
	uint64_t t, cnt, i, off, len, code;
	const uint8_t *d;
	size_t pad;
	int full = 0;

	while (nc_cur_left(&c) > 0) {
		size_t start = nc_cur_offset(&c, p);

		t = varint(&c);
		if (t != 0 || q->n_frame_types == 0 ||
		    P->frames[q->n_frame_types - 1] != 0) {
			if (q->n_frame_types < MAX_FRAMES)
				P->frames[q->n_frame_types++] = (uint32_t)t;
			else
				full = 1;
		}
		switch (t) {
		case 0x00:		/* PADDING: count the run */
			for (pad = 1; nc_cur_left(&c) > 0 &&
			    nc_cur_peek(&c, 0) == 0; pad++)
				nc_cur_skip(&c, 1);
			q->padding_length += (uint32_t)pad;
			break;
		case 0x01:		/* PING */
			break;
		case 0x02:		/* ACK */
		case 0x03:		/* ACK with ECN counts */
			len = varint(&c);
			if (q->_ack_largest_case ==
			    NETCAP__QUIC___ACK_LARGEST__NOT_SET && !c.err) {
				q->_ack_largest_case =
				    NETCAP__QUIC___ACK_LARGEST_ACK_LARGEST;
				q->ack_largest = len;
			}
			(void)varint(&c);	/* delay */
			cnt = varint(&c);	/* ranges after the first */
			(void)varint(&c);	/* first range */
			/* Each range takes two bytes at least: a lying count
			 * ends at the end of the plaintext. */
			for (i = 0; i < cnt && !c.err; i++) {
				(void)varint(&c);
				(void)varint(&c);
			}
			if (t == 0x03) {
				(void)varint(&c);
				(void)varint(&c);
				(void)varint(&c);
			}
			break;
		case 0x06:		/* CRYPTO */
			off = varint(&c);
			len = varint(&c);
			if (c.err || len > nc_cur_left(&c)) {
				c.err = 1;
				break;
			}
			d = nc_cur_bytes(&c, (size_t)len);
			if (q->n_crypto_offsets < MAX_CRYPTO) {
				P->coff[q->n_crypto_offsets++] = off;
				P->clen[q->n_crypto_lengths++] = len;
			} else
				full = 1;
			crypto_put(g, off, d, (size_t)len);
			P->initial_ok = 1;
			break;
		case 0x1c:		/* CONNECTION_CLOSE, transport */
		case 0x1d:		/* CONNECTION_CLOSE, application */
			code = varint(&c);
			if (!c.err) {
				q->_close_error_code_case =
				    NETCAP__QUIC___CLOSE_ERROR_CODE_CLOSE_ERROR_CODE;
				q->close_error_code = code;
			}
			if (t == 0x1c) {
				code = varint(&c);
				if (!c.err) {
					q->_close_frame_type_case =
					    NETCAP__QUIC___CLOSE_FRAME_TYPE_CLOSE_FRAME_TYPE;
					q->close_frame_type = code;
				}
			}
			len = varint(&c);
			if (c.err || len > nc_cur_left(&c)) {
				c.err = 1;
				break;
			}
			d = nc_cur_bytes(&c, (size_t)len);
			q->close_reason = nc_dec_copy(P->reason,
			    sizeof P->reason - 1, d, (size_t)len);
			break;
		default:
			nc_dec_issue(&P->is, "QUIC", at, "Initial: frame "
			    "0x%llx not allowed (plaintext offset %zu)",
			    (unsigned long long)t, start);
			return;
		}
		if (c.err) {
			nc_dec_issue(&P->is, "QUIC", at, "Initial: frame "
			    "0x%llx truncated (plaintext offset %zu)",
			    (unsigned long long)t, start);
			return;
		}
	}
	/* The frames were all parsed (their CRYPTO data is in); only the
	 * record's lists were too short. */
	if (full)
		nc_dec_issue(&P->is, "QUIC", at, "Initial: more than %d "
		    "frames or %d CRYPTO frames", MAX_FRAMES, MAX_CRYPTO);
}

/* Removes header and payload protection of an Initial (RFC 9001 5.4,
 * 5.3) and parses its frames.  pkt is the packet from its first byte,
 * pn_off where the packet number starts, n the bytes up to the end of
 * its length field's window. */
static void
decrypt(struct dgram *g, struct qpkt *P, const uint8_t *pkt, size_t pn_off,
    size_t n, const uint8_t *dcid, size_t dl, const uint8_t *scid, size_t sl,
    const struct nc_cur *at)
{
	Netcap__QUIC *q = &P->q;
	struct nc_cur pc = nc_cur_make(pkt, n);
	struct nc_quic_keys keys;
	uint8_t mask[5], *hdr, *out;
	size_t pnl, i;
	uint64_t pn = 0;
	int ci, server = 0;
	const uint8_t *odcid = dcid;
	size_t on = dl;

	q->_decrypted_case = NETCAP__QUIC___DECRYPTED_DECRYPTED;
	q->decrypted = 0;
	/* A packet sent to a connection ID chosen by one side comes from
	 * the other; the keys are those of the client's first DCID. */
	if ((ci = conn_find(&g->qs->conns, g->a->flow, q->version, dcid,
	    dl)) >= 0) {
		server = g->qs->conns.c[ci].client;
		odcid = g->qs->conns.c[ci].odcid;
		on = g->qs->conns.c[ci].on;
	}
	if (nc_quic_initial_keys(g->qs->crypto, q->version, odcid, on, server,
	    &keys) == -1) {
		q->decrypt_error = "no keys";
		return;
	}
	if (pn_off + 4 + 16 > n) {
		q->decrypt_error = "packet too short for the sample";
		return;
	}
	if (nc_quic_hp_mask(g->qs->crypto, &keys,
	    nc_cur_at(&pc, pn_off + 4, 16), mask) == -1) {
		q->decrypt_error = "libcrypto failed";
		return;
	}
	/* The header is authenticated as unprotected: rebuild it in the
	 * plaintext buffer, the payload follows it there. */
	if (n > sizeof g->plain - g->plain_used) {
		q->decrypt_error = "datagram too large";
		return;
	}
	hdr = g->plain + g->plain_used;
	memcpy(hdr, pkt, pn_off + 4);
	hdr[0] ^= mask[0] & 0x0f;
	pnl = (size_t)(hdr[0] & 3) + 1;
	for (i = 0; i < pnl; i++) {
		hdr[pn_off + i] ^= mask[1 + i];
		pn = pn << 8 | hdr[pn_off + i];
	}
	q->_packet_number_case = NETCAP__QUIC___PACKET_NUMBER_PACKET_NUMBER;
	q->packet_number = pn;
	q->_packet_number_length_case =
	    NETCAP__QUIC___PACKET_NUMBER_LENGTH_PACKET_NUMBER_LENGTH;
	q->packet_number_length = (uint32_t)pnl;
	if (n - pn_off - pnl < NC_QUIC_TAG) {
		q->decrypt_error = "payload shorter than the tag";
		return;
	}
	out = hdr + pn_off + pnl;
	if (nc_quic_open(g->qs->crypto, &keys, pn, hdr, pn_off + pnl,
	    nc_cur_at(&pc, pn_off + pnl, n - pn_off - pnl), n - pn_off - pnl,
	    out) == -1) {
		q->decrypt_error = ci < 0 && g->a->sport < g->a->dport ?
		    "authentication failed (server Initial of an unseen "
		    "client?)" : "authentication failed";
		return;
	}
	q->decrypted = 1;
	g->plain_used += n - NC_QUIC_TAG;
	/* Remember whose connection IDs these are. */
	conn_add(&g->qs->conns, g->a->flow, q->version, scid, sl, !server,
	    odcid, on);
	frames(g, P, out, n - pn_off - pnl - NC_QUIC_TAG, at);
}

/* One packet from c's position; returns 0 to go on with the next one in
 * the datagram, -1 when the rest of the datagram is used up or unusable. */
static int
packet(struct dgram *g, struct qpkt *P, struct nc_cur *c, unsigned idx,
    size_t *dcid_len)
{
	Netcap__QUIC *q = &P->q;
	struct nc_cur start = *c, w;
	const uint8_t *dcid, *scid, *pkt = c->p;
	uint8_t b = nc_cur_u8(c);
	size_t dl, sl, n, pn_off;
	unsigned t;
	uint64_t len;
	int type;

	P->start = pkt;
	q->index = idx;
	q->header_form = b >> 7;
	q->fixed_bit = (b >> 6) & 1;
	if (!(b & 0x80)) {
		/* Short header: the DCID length is the connection's secret
		 * unless a long header in this datagram showed it. */
		if (!q->fixed_bit) {
			/* Google QUIC has no fixed bit: its public header
			 * is tried on a datagram's first packet only. */
			*c = start;
			if (idx == 0 && nc_gquic(q, c, g->a->dport <= g->a->sport,
			    P->gver, g->versions, MAX_VERSIONS, &P->is) == 0)
				return -1;
			P->drop = 1;
			nc_dec_issue(&P->is, "QUIC", &start, idx == 0 ?
			    "not QUIC: short header with fixed bit clear" :
			    "bytes after coalesced packets");
			return -1;
		}
		q->packet_type = "1-RTT";
		q->_spin_bit_case = NETCAP__QUIC___SPIN_BIT_SPIN_BIT;
		q->spin_bit = (b >> 5) & 1;
		if (*dcid_len == (size_t)-1)
			*dcid_len = conn_prefix(&g->qs->conns, g->a->flow, c->p,
			    nc_cur_left(c));
		if (*dcid_len != (size_t)-1 && *dcid_len <= nc_cur_left(c)) {
			q->_dcid_len_case = NETCAP__QUIC___DCID_LEN_DCID_LEN;
			q->dcid_len = (uint32_t)*dcid_len;
			q->dcid.len = *dcid_len;
			q->dcid.data = (uint8_t *)nc_cur_bytes(c, *dcid_len);
		} else {
			q->short_header_raw.len = nc_cur_left(c) < SHORT_RAW ?
			    nc_cur_left(c) : SHORT_RAW;
			q->short_header_raw.data = (uint8_t *)c->p;
		}
		q->payload_length = (uint32_t)nc_cur_left(c);
		nc_cur_skip_rest(c);
		return 0;
	}
	q->_version_case = NETCAP__QUIC___VERSION_VERSION;
	q->version = nc_cur_be32(c);
	dl = nc_cur_u8(c);
	dcid = nc_cur_bytes(c, dl);
	sl = c->err ? 0 : nc_cur_u8(c);
	scid = nc_cur_bytes(c, sl);
	if (c->err) {
		P->drop = 1;
		nc_dec_issue(&P->is, "QUIC", &start, "%struncated long "
		    "header", idx == 0 ? "not QUIC: " : "");
		return -1;
	}
	if ((dl > MAX_CID || sl > MAX_CID) && (nc_quic_known(q->version) ||
	    (q->version & 0xffff0000u) == 0xff000000u)) {
		P->drop = 1;
		nc_dec_issue(&P->is, "QUIC", &start, "%sconnection ID "
		    "length %zu/%zu above 20", idx == 0 ? "not QUIC: " : "",
		    dl, sl);
		return -1;
	}
	*dcid_len = dl;
	q->_dcid_len_case = NETCAP__QUIC___DCID_LEN_DCID_LEN;
	q->dcid_len = (uint32_t)dl;
	q->dcid.data = (uint8_t *)dcid;
	q->dcid.len = dl;
	q->_scid_len_case = NETCAP__QUIC___SCID_LEN_SCID_LEN;
	q->scid_len = (uint32_t)sl;
	q->scid.data = (uint8_t *)scid;
	q->scid.len = sl;
	if (q->version == 0) {
		/* Version Negotiation (RFC 9000 17.2.1): the rest of the
		 * datagram is a list of versions. */
		q->packet_type = "VersionNegotiation";
		q->payload_length = (uint32_t)nc_cur_left(c);
		q->supported_versions = g->versions;
		while (nc_cur_left(c) >= 4 &&
		    q->n_supported_versions < MAX_VERSIONS)
			g->versions[q->n_supported_versions++] = nc_cur_be32(c);
		if (nc_cur_left(c) > 0)
			nc_dec_issue(&P->is, "QUIC", c, nc_cur_left(c) < 4 ?
			    "Version Negotiation: odd trailing bytes" :
			    "Version Negotiation: more than 64 versions");
		nc_cur_skip_rest(c);
		return 0;
	}
	t = (b >> 4) & 3;
	q->_long_packet_type_case =
	    NETCAP__QUIC___LONG_PACKET_TYPE_LONG_PACKET_TYPE;
	q->long_packet_type = t;
	if (!nc_quic_known(q->version)) {
		/* A clear fixed bit is allowed only once greasing was agreed
		 * (RFC 9287), which needs a version both sides know: with
		 * an unknown one it is more likely some other protocol. */
		if (!q->fixed_bit && idx == 0) {
			P->drop = 1;
			nc_dec_issue(&P->is, "QUIC", &start, "not QUIC: fixed "
			    "bit clear, unknown version 0x%08x", q->version);
			return -1;
		}
		/* Past the invariants, an unknown version's format is its
		 * own: nothing more can be said, nor where it ends. */
		q->payload_length = (uint32_t)nc_cur_left(c);
		nc_cur_skip_rest(c);
		return 0;
	}
	type = q->version == NC_QUIC_V2 ? (int)((t + 3) & 3) : (int)t;
	q->packet_type = (char *)ptype_name[type];
	if (type == P_RETRY) {
		n = nc_cur_left(c);
		if (n < NC_QUIC_TAG) {
			nc_dec_issue(&P->is, "QUIC", c, "Retry shorter than "
			    "its integrity tag");
			q->payload_length = (uint32_t)n;
			nc_cur_skip_rest(c);
			return 0;
		}
		q->token.data = (uint8_t *)nc_cur_bytes(c, n - NC_QUIC_TAG);
		q->token.len = n - NC_QUIC_TAG;
		q->retry_integrity_tag.data = (uint8_t *)nc_cur_bytes(c,
		    NC_QUIC_TAG);
		q->retry_integrity_tag.len = NC_QUIC_TAG;
		q->payload_length = (uint32_t)n;
		return 0;
	}
	if (type == P_INITIAL) {
		len = varint(c);
		if (!c->err && len > nc_cur_left(c))
			c->err = 1;
		if (c->err) {
			nc_dec_issue(&P->is, "QUIC", &start, "Initial: "
			    "truncated token");
			return -1;
		}
		q->_token_length_case =
		    NETCAP__QUIC___TOKEN_LENGTH_TOKEN_LENGTH;
		q->token_length = len;
		q->token.data = (uint8_t *)nc_cur_bytes(c, (size_t)len);
		q->token.len = (size_t)len;
	}
	len = varint(c);
	if (c->err) {
		nc_dec_issue(&P->is, "QUIC", &start, "%s: truncated length",
		    q->packet_type);
		return -1;
	}
	q->_length_case = NETCAP__QUIC___LENGTH_LENGTH;
	q->length = len;
	pn_off = nc_cur_offset(c, pkt);
	n = nc_cur_left(c);
	if (len <= n)
		n = (size_t)len;
	q->payload_length = (uint32_t)n;
	w = nc_cur_sub(c, n);
	if (type == P_INITIAL && nc_dec_want(g->k, NETCAP__RECORD__RECORD_QUIC))
		decrypt(g, P, pkt, pn_off, pn_off + n, dcid, dl, scid, sl, &w);
	if (len > n) {
		/* The rest of the datagram is this packet's, and less of
		 * it than the length says. */
		if (q->_decrypted_case == NETCAP__QUIC___DECRYPTED_DECRYPTED &&
		    !q->decrypted)
			q->decrypt_error = "packet shorter than its length";
		nc_dec_issue(&P->is, "QUIC", &w, "length %llu beyond the "
		    "%zu bytes left", (unsigned long long)len, n);
		return -1;
	}
	return 0;
}

/* --- TLS hello in the CRYPTO data ------------------------------------- */

/* The record's fields point into t, or into the copies for text. */
struct hello {
	struct nc_tls_hello t;
	char sni[TXT], alpn_pool[1024];
	ProtobufCBinaryData alpn[NC_TLS_MAX_ALPN];
};

/* Takes as much of the hello as the contiguous CRYPTO bytes hold
 * (lib/tls/hello.c): a hello cut short keeps the fields it got,
 * hello_complete says so. */
static void
hello(struct dgram *g, Netcap__QUIC *q, struct hello *h, struct nc_issue *is,
    const struct nc_cur *at)
{
	struct nc_tls_hello *t = &h->t;
	size_t used = 0, i, n;
	int dropped;

	if (nc_tls_hello_parse(t, g->crypto, crypto_contig(g)) < 0)
		return;
	q->_tls_handshake_type_case =
	    NETCAP__QUIC___TLS_HANDSHAKE_TYPE_TLS_HANDSHAKE_TYPE;
	q->tls_handshake_type = t->type;
	q->_hello_complete_case = NETCAP__QUIC___HELLO_COMPLETE_HELLO_COMPLETE;
	q->hello_complete = t->complete;
	if (t->type != NC_TLS_CLIENT_HELLO && t->type != NC_TLS_SERVER_HELLO)
		return;
	q->_tls_version_case = NETCAP__QUIC___TLS_VERSION_TLS_VERSION;
	q->tls_version = t->version;
	q->tls_random.data = (uint8_t *)t->random.p;
	q->tls_random.len = t->random.n;
	q->tls_session_id.data = (uint8_t *)t->session_id.p;
	q->tls_session_id.len = t->session_id.n;
	q->cipher_suites = t->suites;
	q->n_cipher_suites = t->n_suites;
	q->extensions = t->ext;
	q->n_extensions = t->n_ext;
	if (t->has_sni)
		q->sni = nc_dec_copy(h->sni, sizeof h->sni - 1, t->sni.p,
		    t->sni.n);
	dropped = t->dropped;
	for (i = 0; i < t->n_alpn; i++) {
		n = t->alpn[i].n;
		if (n > sizeof h->alpn_pool - used) {
			dropped = 1;
			continue;
		}
		h->alpn[q->n_alpns++] = nc_dec_copy(h->alpn_pool + used, n,
		    t->alpn[i].p, n);
		used += n;
	}
	q->alpns = h->alpn;
	q->supported_versions_tls = t->vers;
	q->n_supported_versions_tls = t->n_vers;
	q->supported_groups = t->groups;
	q->n_supported_groups = t->n_groups;
	q->transport_parameters.data = (uint8_t *)t->quic_tp.p;
	q->transport_parameters.len = t->quic_tp.n;
	if (dropped)
		nc_dec_issue(is, "QUIC", at, "TLS hello: more entries than "
		    "kept");
	else if (t->malformed)
		nc_dec_issue(is, "QUIC", at, "TLS hello: malformed "
		    "extensions");
}

/* Records carry the datagram's endpoints. */
static void
endpoints(struct nc_pkt *k, Netcap__QUIC *q, const struct nc_app *a)
{
	NC_DEC_APP_ENDS(q, k, a);
}

/* The decoder's datagram, ready for a new one. */
static struct dgram *
dgram_reset(struct nc_pkt *k, const struct nc_app *a)
{
	struct dgram *g = &k->d->s->quic->g;

	g->k = k;
	g->a = a;
	g->crypto_any = 0;
	g->plain_used = 0;
	memset(g->have, 0, sizeof g->have);
	return g;
}

/* The payload of an Initial as if already decrypted: reaches the frame and
 * TLS parsers with bytes of the caller's choosing (layer "QUICPlain" of
 * nc_decode_layer, for fuzzing and tests). */
void
nc_dec_quic_plain(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	struct qpkt P;
	struct hello h;
	struct nc_cur at = *c;
	struct dgram *g;
	size_t n;
	const uint8_t *p = nc_cur_rest(c, &n);

	g = dgram_reset(k, a);
	memset(&P, 0, sizeof P);
	P.q = (Netcap__QUIC)NETCAP__QUIC__INIT;
	P.q.frame_types = P.frames;
	P.q.crypto_offsets = P.coff;
	P.q.crypto_lengths = P.clen;
	P.q.header_form = 1;
	P.q.packet_type = "Initial";
	P.q._decrypted_case = NETCAP__QUIC___DECRYPTED_DECRYPTED;
	P.q.decrypted = 1;
	frames(g, &P, p, n, &at);
	nc_cur_skip_rest(c);
	if (P.initial_ok) {
		memset(&h, 0, sizeof h);
		hello(g, &P.q, &h, &P.is, &at);
	}
	endpoints(k, &P.q, a);
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_QUIC))
		nc_dec_emit(k, NETCAP__RECORD__RECORD_QUIC, &P.q.base);
	nc_dec_flush_issue(k, &P.is);
}

void
nc_dec_quic(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	struct qpkt P[MAX_PKTS];
	struct hello h;
	struct nc_cur tail;
	struct dgram *g;
	size_t dcid_len = (size_t)-1;
	unsigned n = 0, i;
	int tls = -1, r = 0;

	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_QUIC) &&
	    !nc_dec_want(k, NETCAP__RECORD__RECORD_UNDECODED))
		return;
	g = dgram_reset(k, a);
	while (nc_cur_left(c) > 0 && n < MAX_PKTS && r == 0) {
		struct qpkt *p = &P[n];

		memset(p, 0, sizeof *p);
		p->q = (Netcap__QUIC)NETCAP__QUIC__INIT;
		p->q.frame_types = p->frames;
		p->q.crypto_offsets = p->coff;
		p->q.crypto_lengths = p->clen;
		r = packet(g, p, c, n, &dcid_len);
		n++;
		if (tls < 0 && p->initial_ok)
			tls = (int)n - 1;
	}
	tail = *c;
	if (tls >= 0) {
		struct nc_cur at = nc_cur_make(P[tls].start, 0);

		memset(&h, 0, sizeof h);
		hello(g, &P[tls].q, &h, &P[tls].is, &at);
	}
	for (i = 0; i < n; i++) {
		Netcap__QUIC *q = &P[i].q;

		endpoints(k, q, a);
		if (!P[i].drop && nc_dec_want(k, NETCAP__RECORD__RECORD_QUIC))
			nc_dec_emit(k, NETCAP__RECORD__RECORD_QUIC, &q->base);
		nc_dec_flush_issue(k, &P[i].is);
	}
	if (r == 0 && n == MAX_PKTS && nc_cur_left(&tail) > 0)
		nc_dec_undecoded(k, "QUIC", &tail, "more than %d coalesced "
		    "packets", MAX_PKTS);
}
