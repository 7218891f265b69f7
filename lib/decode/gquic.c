/* Google QUIC's public header (versions Q024 to Q043, before gQUIC took
 * the IETF invariants), as Chromium's "QUIC Wire Layout Specification"
 * describes it:
 *
 *	flags (8) | connection ID (64, if 0x08) | version (32, if 0x01, client
 *	only) | diversification nonce (256, if 0x04, server only, Q033 on) |
 *	packet number (8, 16, 32 or 48 by bits 0x30) | payload
 *
 * Flags 0x02 mark a public reset, 0x01 from the server a version
 * negotiation.  Before Q033 the two bits 0x0c were a connection ID length
 * (0x0c: 8 bytes), and before Q039 the packet number is little-endian.
 * Only a client's first packets name the version, so what depends on it
 * is filled in only when the packet itself settles it: the record never
 * guesses.  Payloads are encrypted or authenticated by the QUIC crypto
 * handshake and are not decoded. */
#include "decode/internal.h"
#include "decode/quic.h"

#include <string.h>

enum {
	F_VERSION = 0x01, F_RESET = 0x02, F_NONCE = 0x04, F_CID = 0x08,
	F_PN = 0x30, F_RESERVED = 0xc0,
};

/* The version number of a label "Qddd" that l holds, or -1. */
static int
qversion(struct nc_cur l)
{
	int v = 0;
	unsigned d;

	if (nc_cur_u8(&l) != 'Q')
		return -1;
	while (nc_cur_left(&l) > 0) {
		d = nc_cur_u8(&l);
		if (d < '0' || d > '9')
			return -1;
		v = v * 10 + (int)(d - '0');
	}
	return l.err ? -1 : v;
}

int
nc_gquic(Netcap__QUIC *q, struct nc_cur *c, int client, char label[5],
    uint32_t *versions, size_t maxv, struct nc_issue *is)
{
	struct nc_cur start = *c, l;
	struct nc_cur_mark m;
	uint8_t f = nc_cur_u8(c);
	static const uint8_t pnlen[4] = { 1, 2, 4, 6 };
	const uint8_t *p;
	size_t i, n;
	unsigned b1, b2;
	int v = -1, nonce = 0, known = 1;
	uint64_t pn = 0;

	if (f & F_RESERVED)
		return -1;
	/* DTLS runs on the ports QUIC test servers use, and its record
	 * header (content type 20 to 25, version 0xfeff, 0xfefd or 0xfefc,
	 * or OpenSSL's early 0x0100) parses as a public header. */
	if (nc_cur_left(&start) >= 3 && f >= 20 && f <= 25) {
		b1 = nc_cur_peek(c, 0);
		b2 = nc_cur_peek(c, 1);
		if ((b1 == 0xfe && b2 >= 0xfc && b2 != 0xfe) ||
		    (b1 == 1 && b2 == 0))
			return -1;
	}
	q->gquic = 1;
	q->public_flags = f;
	if (f & F_CID) {
		q->dcid.data = (uint8_t *)nc_cur_bytes(c, 8);
		q->dcid.len = c->err ? 0 : 8;
	}
	if ((f & F_VERSION) && client) {
		l = nc_cur_sub(c, 4);
		if (c->err || (v = qversion(l)) < 0)
			return -1;
		memcpy(label, nc_cur_at(&l, 0, 4), 4);
		label[4] = '\0';
		q->gquic_version = label;
		q->_version_case = NETCAP__QUIC___VERSION_VERSION;
		q->version = nc_cur_be32(&l);
	}
	if (c->err)
		return -1;
	if (f & F_RESET) {
		/* A public reset is a tagged message, "PRST", after the
		 * connection ID; anything else with the bit is not gQUIC. */
		m = nc_cur_mark(c);
		p = nc_cur_bytes(c, 4);
		if (!(f & F_CID) || c->err || memcmp(p, "PRST", 4) != 0)
			return -1;
		nc_cur_rewind(c, m);
		q->packet_type = "PublicReset";
		q->payload_length = (uint32_t)nc_cur_left(c);
		nc_cur_skip_rest(c);
		return 0;
	}
	if ((f & F_VERSION) && !client) {
		/* Version negotiation: the versions the server offers. */
		q->packet_type = "VersionNegotiation";
		q->supported_versions = versions;
		while (nc_cur_left(c) >= 4 && q->n_supported_versions < maxv)
			versions[q->n_supported_versions++] = nc_cur_be32(c);
		q->payload_length = (uint32_t)nc_cur_left(c);
		nc_cur_skip_rest(c);
		return 0;
	}
	q->packet_type = "gQUIC";
	/* A nonce only comes from servers; a server's 0x0c is either an old
	 * 8-byte connection ID or a new one with a nonce. */
	if ((f & F_NONCE) && !client) {
		if (v < 0 && (f & F_CID))
			known = 0;
		else
			nonce = v < 0 || v >= 33;
	}
	if (nonce)
		nc_cur_skip(c, 32);
	n = pnlen[(f & F_PN) >> 4];
	if (known && !c->err && nc_cur_left(c) >= n) {
		l = nc_cur_sub(c, n);
		/* Little-endian before Q039: known for one byte, for a
		 * version the packet names, and for a client's old-style 0x0c
		 * (an 8-byte connection ID, before Q033). */
		if (n == 1 || v >= 0 || (client && (f & 0x0c) == 0x0c)) {
			for (i = 0; i < n; i++)
				pn |= (uint64_t)nc_cur_u8(&l) << (v >= 39 ?
				    8 * (n - 1 - i) : 8 * i);
			q->_packet_number_case =
			    NETCAP__QUIC___PACKET_NUMBER_PACKET_NUMBER;
			q->packet_number = pn;
		}
		q->_packet_number_length_case =
		    NETCAP__QUIC___PACKET_NUMBER_LENGTH_PACKET_NUMBER_LENGTH;
		q->packet_number_length = (uint32_t)n;
	} else if (known) {
		nc_dec_issue(is, "QUIC", &start, "gQUIC header cut short");
	}
	q->payload_length = (uint32_t)nc_cur_left(c);
	nc_cur_skip_rest(c);
	return 0;
}
