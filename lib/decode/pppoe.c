/* PPP over Ethernet, RFC 2516: ethertypes 0x8863 (discovery) and 0x8864
 * (session), and link type 51, which starts at this header.
 *
 *	+-----+------+------+------------+--------+---------
 *	| ver | type | code | session id | length | payload
 *	|  4  |  4   |  8   |     16     |   16   |
 *	+-----+------+------+------------+--------+---------
 *
 * Code 0 is session data, a PPP frame (ppp.c); other codes are discovery
 * packets, whose payload is tags: type(2) length(2) value, up to an
 * End-Of-List tag.  The length ends the payload (Ethernet pads short
 * frames); a length past the capture keeps what there is. */
#include "decode/internal.h"
#include "decode/text.h"

enum {
	PPPOE_HDR = 6,
	TAG_END = 0x0000,
	TAG_SERVICE_NAME = 0x0101,
	TAG_AC_NAME = 0x0102,
	TAG_HOST_UNIQ = 0x0103,
	TAG_AC_COOKIE = 0x0104,
	TAG_SERVICE_NAME_ERROR = 0x0201,
	TAG_AC_SYSTEM_ERROR = 0x0202,
	TAG_GENERIC_ERROR = 0x0203,
	MAX_TAG = 256,
	TEXT_MAX = 1024,
};

struct pppoe_buf {
	Netcap__PPPOption tag[MAX_TAG];
	Netcap__PPPOption *tagp[MAX_TAG];
};

/* A tag's text as sent, cut to TEXT_MAX - 1 bytes (an issue says so). */
static ProtobufCBinaryData
text(const ProtobufCBinaryData *v, struct nc_issue *is,
    const struct nc_cur *at)
{
	if (v->len >= TEXT_MAX)
		nc_dec_issue(is, "PPPoE", at, "tag text cut to %d bytes",
		    TEXT_MAX - 1);
	return nc_dec_span(v->data, v->len, TEXT_MAX - 1);
}

static void
tags(Netcap__PPPoE *r, struct pppoe_buf *b, struct nc_cur *c,
    struct nc_issue *is)
{
	Netcap__PPPOption *t;
	struct nc_cur at;
	int service = 0;

	while (nc_cur_left(c) > 0) {
		at = *c;
		if (r->n_tags == MAX_TAG) {
			nc_dec_issue(is, "PPPoE", &at, "more than %d tags",
			    MAX_TAG);
			return;
		}
		t = &b->tag[r->n_tags];
		netcap__pppoption__init(t);
		t->type = nc_cur_be16(c);
		t->length = nc_cur_be16(c);
		t->data.data = (uint8_t *)nc_cur_bytes(c, t->length);
		t->data.len = t->length;
		if (c->err) {
			nc_dec_issue(is, "PPPoE", &at, "tag 0x%04x length %u "
			    "past the end (%zu bytes left)", t->type,
			    t->length, nc_cur_left(&at));
			return;
		}
		b->tagp[r->n_tags++] = t;
		switch (t->type) {
		case TAG_END:
			return;
		case TAG_SERVICE_NAME:
			/* PADO lists each service offered; the first is the
			 * one a PADI or PADR asks for. */
			if (!service++)
				r->service_name = text(&t->data, is, &at);
			break;
		case TAG_AC_NAME:
			r->ac_name = text(&t->data, is, &at);
			break;
		case TAG_HOST_UNIQ:
			r->host_uniq = t->data;
			break;
		case TAG_AC_COOKIE:
			r->ac_cookie = t->data;
			break;
		case TAG_SERVICE_NAME_ERROR:
		case TAG_AC_SYSTEM_ERROR:
		case TAG_GENERIC_ERROR:
			r->error = text(&t->data, is, &at);
			break;
		}
	}
}

static void
emit(struct nc_pkt *k, Netcap__PPPoE *r)
{
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_PPPOE))
		nc_dec_emit(k, NETCAP__RECORD__RECORD_PPPOE, &r->base);
}

/* A discovery packet's record; its buffers stay here. */
static void
discovery(struct nc_pkt *k, struct nc_cur *c, Netcap__PPPoE *r,
    struct nc_issue *is)
{
	struct pppoe_buf b;

	tags(r, &b, c, is);
	r->tags = b.tagp;
	emit(k, r);
	nc_dec_flush_issue(k, is);
}

void
nc_dec_pppoe(struct nc_pkt *k, struct nc_cur *c)
{
	Netcap__PPPoE r = NETCAP__PPPO_E__INIT;
	struct nc_issue is = { 0 };
	struct nc_cur start = *c;
	uint8_t vt;

	vt = nc_cur_u8(c);
	r.code = nc_cur_u8(c);
	r.session_id = nc_cur_be16(c);
	r.length = nc_cur_be16(c);
	if (c->err) {
		nc_dec_truncated(k, "PPPoE", &start, PPPOE_HDR);
		return;
	}
	r.ts = k->ts;
	r.packet = k->packet;
	r.version = vt >> 4;
	r.type = vt & 0x0f;
	if (r.version != 1 || r.type != 1) {
		emit(k, &r);
		nc_dec_undecoded(k, "PPPoE", c, "unsupported version %u type "
		    "%u", r.version, r.type);
		return;
	}
	if (r.length > nc_dec_wire_left(k, c))
		nc_dec_issue(&is, "PPPoE", &start, "payload length %u past the "
		    "end (%zu bytes)", r.length, nc_cur_left(c));
	nc_cur_limit(c, r.length);
	if (r.code != 0) {
		discovery(k, c, &r, &is);
		return;
	}
	emit(k, &r);
	nc_dec_flush_issue(k, &is);
	if (nc_cur_left(c) > 0)
		nc_dec_ppp(k, c);
}
