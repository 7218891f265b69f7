/* Point-to-Point Protocol frames (RFC 1661, in the HDLC-like framing of
 * RFC 1662) and the control packets they carry.
 *
 *	+---------+---------+--------------+-------------
 *	| address | control | protocol     | information
 *	|  0xff   |  0x03   | 2 bytes (1)  |
 *	+---------+---------+--------------+-------------
 *
 * Address and control are absent when the peers negotiated their
 * compression, and PPPoE never sends them (RFC 2516 section 7); a
 * protocol whose first byte is odd is a compressed one-byte protocol.
 * The link types hand over what lies between the HDLC flags, without
 * escapes or FCS, so none are looked for.
 *
 * LCP (0xc021) and the network control protocols (0x8000-0xbfff) share
 * one packet format (RFC 1661 section 5): code, identifier, length
 * (header included), then options of type, length (itself included) and
 * data for codes 1 to 4, or data.  PAP (RFC 1334 section 2.2) is code,
 * identifier, length, then length-prefixed peer id and password, or a
 * message; CHAP (RFC 1994 section 4) length-prefixed value and a name, or
 * a message.  Bytes after a control packet's length are padding. */
#include "decode/internal.h"
#include "decode/text.h"

/* The protocols a PPP frame carries are in the table (dispatch.h); these
 * are the control protocols of the PPP record itself. */
enum {
	PROTO_NCP_FIRST = 0x8000,	/* network control protocols */
	PROTO_NCP_LAST = 0xbfff,
	PROTO_LCP = 0xc021,
	PROTO_PAP = 0xc023,
	PROTO_CHAP = 0xc223,
	CP_HDR = 4,
	MAX_OPT = 256,
	TEXT_MAX = 1024,
};

struct ppp_buf {
	Netcap__PPPOption opt[MAX_OPT];
	Netcap__PPPOption *optp[MAX_OPT];
};

static void
set_data(ProtobufCBinaryData *b, struct nc_cur *v)
{
	size_t n;

	b->data = (uint8_t *)nc_cur_rest(v, &n);
	b->len = n;
	nc_cur_skip(v, n);
}

/* The rest of v as sent, cut to TEXT_MAX - 1 bytes (an issue says
 * so). */
static ProtobufCBinaryData
text(struct nc_cur *v, struct nc_issue *is, const struct nc_cur *at)
{
	const uint8_t *p;
	size_t n;

	p = nc_cur_rest(v, &n);
	if (n >= TEXT_MAX)
		nc_dec_issue(is, "PPP", at, "text cut to %d bytes",
		    TEXT_MAX - 1);
	nc_cur_skip(v, n);
	return nc_dec_span(p, n, TEXT_MAX - 1);
}

/* A one-byte length, then that many bytes of text; empty when they run
 * past the packet (or an earlier field did). */
static ProtobufCBinaryData
counted(struct nc_cur *v)
{
	const uint8_t *p;
	unsigned n;

	n = nc_cur_u8(v);
	p = nc_cur_bytes(v, n);
	return nc_dec_span(v->err ? NULL : p, n, 255);
}

static void
options(Netcap__PPP *r, struct ppp_buf *b, struct nc_cur *v,
    struct nc_issue *is)
{
	struct nc_cur at;
	unsigned type, len;

	while (nc_cur_left(v) > 0) {
		at = *v;
		type = nc_cur_u8(v);
		len = nc_cur_u8(v);
		if (v->err || len < 2) {
			nc_dec_issue(is, "PPP", &at, "option %u with bad length "
			    "%u", type, len);
			return;
		}
		if (r->n_options == MAX_OPT) {
			nc_dec_issue(is, "PPP", &at, "more than %d options",
			    MAX_OPT);
			return;
		}
		netcap__pppoption__init(&b->opt[r->n_options]);
		b->opt[r->n_options].type = type;
		b->opt[r->n_options].length = len;
		b->opt[r->n_options].data.data =
		    (uint8_t *)nc_cur_bytes(v, len - 2);
		b->opt[r->n_options].data.len = len - 2;
		if (v->err) {
			nc_dec_issue(is, "PPP", &at, "option %u length %u past "
			    "the end", type, len);
			return;
		}
		b->optp[r->n_options] = &b->opt[r->n_options];
		r->n_options++;
	}
}

static void
magic(Netcap__PPP *r, struct nc_cur *v)
{
	r->magic_number = nc_cur_be32(v);
	if (!v->err)
		r->_magic_number_case = NETCAP__PPP___MAGIC_NUMBER_MAGIC_NUMBER;
}

/* The body of an LCP-format packet after its 4-byte header. */
static void
lcp_body(Netcap__PPP *r, struct ppp_buf *b, struct nc_cur *v, int lcp,
    struct nc_issue *is, const struct nc_cur *at)
{
	switch (r->code) {
	case 1: case 2: case 3: case 4:	/* Configure-* */
		options(r, b, v, is);
		r->options = b->optp;
		return;
	}
	if (lcp) {
		switch (r->code) {
		case 8:			/* Protocol-Reject */
			r->rejected_protocol = nc_cur_be16(v);
			if (!v->err)
				r->_rejected_protocol_case =
				    NETCAP__PPP___REJECTED_PROTOCOL_REJECTED_PROTOCOL;
			break;
		case 9: case 10: case 11: /* Echo-*, Discard-Request */
			magic(r, v);
			break;
		case 12:		/* Identification, RFC 1570 */
			magic(r, v);
			if (!v->err)
				r->message = text(v, is, at);
			break;
		case 13:		/* Time-Remaining, RFC 1570 */
			magic(r, v);
			r->seconds_remaining = nc_cur_be32(v);
			if (!v->err)
				r->_seconds_remaining_case =
				    NETCAP__PPP___SECONDS_REMAINING_SECONDS_REMAINING;
			if (!v->err)
				r->message = text(v, is, at);
			break;
		}
	}
	if (v->err) {
		nc_dec_issue(is, "PPP", at, "code %u too short (length %u)",
		    r->code, r->length);
		return;
	}
	set_data(&r->data, v);
}

static void
pap_body(Netcap__PPP *r, struct nc_cur *v,
    struct nc_issue *is, const struct nc_cur *at)
{
	if (r->code == 1) {
		r->peer_id = counted(v);
		r->password = counted(v);
	} else if (r->code == 2 || r->code == 3) {
		r->message = counted(v);
	}
	if (v->err) {
		nc_dec_issue(is, "PPP", at, "PAP code %u too short (length "
		    "%u)", r->code, r->length);
	}
}

static void
chap_body(Netcap__PPP *r, struct nc_cur *v,
    struct nc_issue *is, const struct nc_cur *at)
{
	const uint8_t *p;
	unsigned n;

	if (r->code == 1 || r->code == 2) {
		n = nc_cur_u8(v);
		p = nc_cur_bytes(v, n);
		if (v->err) {
			nc_dec_issue(is, "PPP", at, "CHAP value past the end "
			    "(length %u)", r->length);
			return;
		}
		r->value.data = (uint8_t *)p;
		r->value.len = n;
		r->name = text(v, is, at);
	} else if (r->code == 3 || r->code == 4) {
		r->message = text(v, is, at);
	}
}

/* A control packet: the header into r, the body by protocol. */
static void
control(const struct nc_pkt *k, Netcap__PPP *r, struct ppp_buf *b,
    struct nc_cur *c, struct nc_issue *is)
{
	struct nc_cur at = *c, v;

	r->code = nc_cur_u8(c);
	r->identifier = nc_cur_u8(c);
	r->length = nc_cur_be16(c);
	if (c->err) {
		nc_dec_issue(is, "PPP", &at, "truncated control header: have "
		    "%zu of %d bytes", nc_cur_left(&at), CP_HDR);
		return;
	}
	r->_code_case = NETCAP__PPP___CODE_CODE;
	r->_identifier_case = NETCAP__PPP___IDENTIFIER_IDENTIFIER;
	r->_length_case = NETCAP__PPP___LENGTH_LENGTH;
	if (r->length < CP_HDR) {
		nc_dec_issue(is, "PPP", &at, "control packet length %u",
		    r->length);
		return;
	}
	/* A length past the frame keeps what there is, flagged; one past a
	 * snap length is not the sender's fault. */
	if (r->length - CP_HDR > nc_dec_wire_left(k, c))
		nc_dec_issue(is, "PPP", &at, "control packet length %u past "
		    "the end (%zu bytes)", r->length, nc_cur_left(&at));
	v = *c;
	nc_cur_limit(&v, r->length - CP_HDR);
	if (r->protocol == PROTO_PAP)
		pap_body(r, &v, is, &at);
	else if (r->protocol == PROTO_CHAP)
		chap_body(r, &v, is, &at);
	else
		lcp_body(r, b, &v, r->protocol == PROTO_LCP, is, &at);
}

static int
is_control(unsigned proto)
{
	return (proto >= PROTO_NCP_FIRST && proto <= PROTO_NCP_LAST) ||
	    proto == PROTO_LCP || proto == PROTO_PAP || proto == PROTO_CHAP;
}

/* The PPP record, control packet included; returns the protocol, or -1
 * when the header is cut short.  Its buffers are gone before the payload
 * is decoded. */
static int
record(struct nc_pkt *k, struct nc_cur *c, int dir)
{
	Netcap__PPP r = NETCAP__PPP__INIT;
	struct ppp_buf b;
	struct nc_issue is = { 0 };
	struct nc_cur start = *c;

	if (dir >= 0) {
		r.direction = (uint32_t)dir;
		r._direction_case = NETCAP__PPP___DIRECTION_DIRECTION;
	}
	/* No protocol starts with 0xff: the all-stations address does. */
	if (nc_cur_left(c) > 0 && nc_cur_peek(c, 0) == 0xff) {
		r.address = nc_cur_u8(c);
		r._address_case = NETCAP__PPP___ADDRESS_ADDRESS;
		r.control = nc_cur_u8(c);
		r._control_case = NETCAP__PPP___CONTROL_CONTROL;
	}
	if (!c->err && nc_cur_left(c) > 0 && (nc_cur_peek(c, 0) & 1))
		r.protocol = nc_cur_u8(c);
	else
		r.protocol = nc_cur_be16(c);
	if (c->err) {
		nc_dec_truncated(k, "PPP", &start, r._address_case ? 4 : 2);
		return -1;
	}
	if (is_control(r.protocol))
		control(k, &r, &b, c, &is);
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_PPP)) {
		r.ts = k->ts;
		r.packet = k->packet;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_PPP, &r.base);
	}
	nc_dec_flush_issue(k, &is);
	return (int)r.protocol;
}

/* dir: the direction byte of link type 204, or -1. */
static void
frame(struct nc_pkt *k, struct nc_cur *c, int dir)
{
	int proto = record(k, c, dir);
	const struct nc_dispatch *e;

	if (proto < 0)
		return;
	e = nc_dispatch_find(&nc_dispatch[NC_SPACE_PPP], (uint32_t)proto, 0);
	if (e != NULL)
		e->frame(k, c);
	else if (!is_control((unsigned)proto))
		nc_dec_undecoded(k, "PPP", c, "unsupported protocol 0x%04x",
		    (unsigned)proto);
}

void
nc_dec_ppp(struct nc_pkt *k, struct nc_cur *c)
{
	frame(k, c, -1);
}

void
nc_dec_ppp_dir(struct nc_pkt *k, struct nc_cur *c)
{
	struct nc_cur start = *c;
	uint8_t dir;

	dir = nc_cur_u8(c);
	if (c->err) {
		nc_dec_truncated(k, "PPP", &start, 1);
		return;
	}
	frame(k, c, dir);
}

/* Link type 50 holds PPP in HDLC-like framing or, on Cisco routers,
 * Cisco HDLC; their first bytes tell them apart. */
void
nc_dec_ppp_serial(struct nc_pkt *k, struct nc_cur *c)
{
	uint8_t a = nc_cur_left(c) > 0 ? nc_cur_peek(c, 0) : 0;

	if (a == 0x0f || a == 0x8f)
		nc_dec_chdlc(k, c);
	else
		frame(k, c, -1);
}
