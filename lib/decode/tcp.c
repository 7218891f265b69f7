/* Transmission Control Protocol header, RFC 9293 (options: MSS RFC 9293
 * 3.2, window scale and timestamps RFC 7323, SACK RFC 2018; the NS bit
 * RFC 3540).
 *
 *	+-------------------------------+-------------------------------+
 *	|          source port          |       destination port        |
 *	|                        sequence number                        |
 *	|                     acknowledgment number                     |
 *	| offset| rsv |N|C E U A P R S F|            window             |
 *	|           checksum            |        urgent pointer         |
 *	|              options (offset * 4 - 20 bytes)                  |
 *	+---------------------------------------------------------------+
 *
 * Options other than End of List (0) and No-Operation (1) are
 * kind(1) length(1) data, the length counting kind and length bytes. */
#include "decode/internal.h"

enum {
	TCP_HDR = 20,
	TCP_MAX_OPTS = 40,
	TCP_MAX_SACK = 8,		/* 4 blocks: all 40 option bytes */
	OPT_EOL = 0,
	OPT_NOP = 1,
	OPT_MSS = 2,
	OPT_WSCALE = 3,
	OPT_SACK_OK = 4,
	OPT_SACK = 5,
	OPT_TIMESTAMP = 8,
};

struct opts {
	uint32_t kinds[TCP_MAX_OPTS];
	uint32_t sack[TCP_MAX_SACK];
};

/* 1 if an option of this kind may have this length. */
static int
len_ok(uint8_t kind, uint8_t len)
{
	switch (kind) {
	case OPT_MSS:
		return len == 4;
	case OPT_WSCALE:
		return len == 3;
	case OPT_SACK_OK:
		return len == 2;
	case OPT_SACK:
		return len >= 10 && (len - 2) % 8 == 0;
	case OPT_TIMESTAMP:
		return len == 10;
	}
	return 1;
}

static void
options(Netcap__TCP *t, struct opts *a, struct nc_cur *c, struct nc_issue *is)
{
	t->option_kinds = a->kinds;
	t->sack = a->sack;
	while (nc_cur_left(c) > 0 && t->n_option_kinds < TCP_MAX_OPTS) {
		struct nc_cur at = *c, body;
		uint8_t kind = nc_cur_u8(c), len;

		a->kinds[t->n_option_kinds++] = kind;
		if (kind == OPT_EOL)
			break;
		if (kind == OPT_NOP)
			continue;
		len = nc_cur_u8(c);
		if (c->err || len < 2 || len - 2u > nc_cur_left(c)) {
			nc_dec_issue(is, "TCP", &at, "bad length %u of option "
			    "%u", len, kind);
			break;
		}
		body = nc_cur_sub(c, len - 2u);
		if (!len_ok(kind, len)) {
			nc_dec_issue(is, "TCP", &at, "bad length %u of option "
			    "%u", len, kind);
			continue;
		}
		switch (kind) {
		case OPT_MSS:
			NC_DEC_SET(t, TCP, mss, MSS, nc_cur_be16(&body));
			break;
		case OPT_WSCALE:
			t->_window_scale_case =
			    NETCAP__TCP___WINDOW_SCALE_WINDOW_SCALE;
			t->window_scale = nc_cur_u8(&body);
			break;
		case OPT_SACK_OK:
			t->sack_permitted = 1;
			break;
		case OPT_SACK:
			while (nc_cur_left(&body) >= 8 &&
			    t->n_sack + 2 <= TCP_MAX_SACK) {
				a->sack[t->n_sack++] = nc_cur_be32(&body);
				a->sack[t->n_sack++] = nc_cur_be32(&body);
			}
			break;
		case OPT_TIMESTAMP:
			NC_DEC_SET(t, TCP, ts_val, TS_VAL, nc_cur_be32(&body));
			NC_DEC_SET(t, TCP, ts_ecr, TS_ECR, nc_cur_be32(&body));
			break;
		}
	}
}

/* RFC 792 asks an ICMP error for only the first 8 bytes of a TCP header
 * (RFC 1812 allows more): the ports and the sequence number, worth a
 * record (tshark shows them too).  The fields past the quote stay zero,
 * which data_offset 0 makes plain, and the Undecoded record after this
 * one says where the quote ended. */
static void
quoted_cut(struct nc_pkt *k, const struct nc_cur *start,
    const struct nc_ip *ip)
{
	Netcap__TCP t = NETCAP__TCP__INIT;
	struct nc_cur c = *start;

	t.src_port = nc_cur_be16(&c);
	t.dst_port = nc_cur_be16(&c);
	t.seq = nc_cur_be32(&c);
	if (c.err || !nc_dec_want(k, NETCAP__RECORD__RECORD_TCP))
		return;
	NC_DEC_IP_FLOW(&t, k, ip, t.src_port, t.dst_port, 6);
	nc_dec_emit(k, NETCAP__RECORD__RECORD_TCP, &t.base);
}

void
nc_dec_tcp(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip)
{
	Netcap__TCP t = NETCAP__TCP__INIT;
	struct nc_cur start = *c, opt;
	struct nc_issue is = { 0 };
	struct opts a;
	size_t hl, n;
	int cut;
	uint8_t off;
	const uint8_t *pl;

	t.src_port = nc_cur_be16(c);
	t.dst_port = nc_cur_be16(c);
	t.seq = nc_cur_be32(c);
	t.ack = nc_cur_be32(c);
	off = nc_cur_u8(c);
	t.flags = nc_cur_u8(c);
	t.window = nc_cur_be16(c);
	t.checksum = nc_cur_be16(c);
	t.urgent = nc_cur_be16(c);
	if (c->err) {
		if (k->quoted > 0)
			quoted_cut(k, &start, ip);
		nc_dec_truncated(k, "TCP", &start, TCP_HDR);
		return;
	}
	t.data_offset = off >> 4;
	/* The three reserved bits too: set, they are worth seeing. */
	t.flags |= (off & 0x0fu) << 8;
	if (t.data_offset < 5) {
		nc_dec_undecoded(k, "TCP", &start, "bad header length %u",
		    t.data_offset);
		return;
	}
	hl = t.data_offset * 4u;
	if (hl > ip->declared) {
		nc_dec_undecoded(k, "TCP", &start, "header length %zu "
		    "exceeds %s payload length %zu", hl, ip->layer,
		    ip->declared);
		return;
	}
	/* A snap length that cuts the options keeps the fixed header and
	 * the options captured whole; the cut is reported after the record
	 * and nothing past it is decoded. */
	cut = hl - TCP_HDR > nc_cur_left(c);
	opt = nc_cur_sub(c, cut ? nc_cur_left(c) : hl - TCP_HDR);
	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_TCP)) {
		if (cut) {
			nc_dec_truncated(k, "TCP", &start, hl);
			return;
		}
		if (nc_dec_want(k, NETCAP__RECORD__RECORD_UNDECODED)) {
			options(&t, &a, &opt, &is);
			nc_dec_flush_issue(k, &is);
		}
		goto app;
	}
	options(&t, &a, &opt, &is);
	NC_DEC_IP_FLOW(&t, k, ip, t.src_port, t.dst_port, 6);
	/* The window is already narrowed to what the IP layer declares. */
	t.payload_size = ip->declared > hl ? (uint32_t)(ip->declared - hl) : 0;
	pl = nc_cur_rest(c, &n);
	t.payload_entropy = nc_dec_entropy(k, pl, n);
	if (k->d->payload) {
		t.payload.data = (uint8_t *)pl;
		t.payload.len = n;
	}
	nc_dec_emit(k, NETCAP__RECORD__RECORD_TCP, &t.base);
	if (cut) {
		/* An option the cut split is this, not a bad length. */
		nc_dec_truncated(k, "TCP", &start, hl);
		return;
	}
	nc_dec_flush_issue(k, &is);
app:
	/* Per segment: an application message split over segments is
	 * decoded as far as this one goes (nc-tcp reassembles streams). */
	nc_dec_app(k, c, ip, t.src_port, t.dst_port, 6, t.flow);
}
