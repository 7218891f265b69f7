/* Diameter base protocol, RFC 6733 section 3 (header) and 4 (AVPs).
 *
 *	+---------+---------------------------+
 *	| version |      message length       |	1 + 3 bytes
 *	| flags   |       command code        |	1 + 3
 *	|           application id            |	4
 *	|         hop-by-hop identifier       |	4
 *	|         end-to-end identifier       |	4
 *	| AVPs ...                            |
 *
 *	AVP: code (4), flags (1), length (3, header and data without the
 *	padding to 4 bytes), vendor id (4, if flag V), data.
 *
 * A TCP segment may hold several messages; each becomes one record.
 * Nothing is reassembled: a message cut by the segment end keeps the AVPs
 * that fit and the rest is Undecoded.  Only the top-level AVPs are
 * listed; grouped ones keep their inner AVPs as data.  A few AVPs of the
 * base protocol are lifted out as fields. */
#include "decode/internal.h"
#include "decode/text.h"

#include <string.h>

enum {
	DIAM_HDR = 20,
	AVP_HDR = 8,
	MAX_AVP = 512
};

enum {
	AVP_SESSION_ID = 263,
	AVP_ORIGIN_HOST = 264,
	AVP_RESULT_CODE = 268,
	AVP_DEST_REALM = 283,
	AVP_ORIGIN_REALM = 296
};

struct diam_scratch {
	Netcap__DiameterAVP avp[MAX_AVP];
	Netcap__DiameterAVP *avpp[MAX_AVP];
};

static uint32_t
be24(struct nc_cur *c)
{
	uint32_t v = (uint32_t)nc_cur_u8(c) << 16;

	return v | nc_cur_be16(c);
}

/* The first AVP of a code that is not empty gives the field, every byte
 * of it. */
static void
text(ProtobufCBinaryData *field, struct nc_cur d)
{
	const uint8_t *p;
	size_t n;

	if (field->len > 0)
		return;
	p = nc_cur_rest(&d, &n);
	*field = nc_dec_span(p, n, n);
}

/* The AVPs in c; returns 0 with a reason in *bad. */
static int
avps(Netcap__Diameter *m, struct nc_cur *c, struct diam_scratch *s,
    const char **bad)
{
	Netcap__DiameterAVP *v;
	struct nc_cur data, at;
	size_t n = 0, dlen, pad;
	unsigned hl;

	m->avps = s->avpp;
	while (nc_cur_left(c) > 0) {
		at = *c;
		if (n == MAX_AVP) {
			*bad = "more AVPs than kept";
			return 0;
		}
		v = &s->avp[n];
		netcap__diameter_avp__init(v);
		v->code = nc_cur_be32(c);
		v->flags = nc_cur_u8(c);
		v->length = be24(c);
		hl = AVP_HDR;
		if (v->flags & 0x80) {
			v->vendor_id = nc_cur_be32(c);
			v->_vendor_id_case =
			    NETCAP__DIAMETER_AVP___VENDOR_ID_VENDOR_ID;
			hl += 4;
		}
		if (c->err) {
			*bad = "truncated AVP header";
			goto bad;
		}
		if (v->length < hl) {
			*bad = "AVP length shorter than its header";
			goto bad;
		}
		dlen = v->length - hl;
		data = nc_cur_sub(c, dlen);
		if (c->err) {
			*bad = "AVP longer than the message";
			goto bad;
		}
		v->data.data = (uint8_t *)nc_cur_rest(&data, &v->data.len);
		/* The last AVP may go without its padding. */
		pad = (4 - v->length % 4) % 4;
		nc_cur_skip(c, pad < nc_cur_left(c) ? pad : nc_cur_left(c));
		s->avpp[n++] = v;
		m->n_avps = n;
		switch (v->code) {
		case AVP_SESSION_ID:
			text(&m->session_id, data);
			break;
		case AVP_ORIGIN_HOST:
			text(&m->origin_host, data);
			break;
		case AVP_ORIGIN_REALM:
			text(&m->origin_realm, data);
			break;
		case AVP_DEST_REALM:
			text(&m->destination_realm, data);
			break;
		case AVP_RESULT_CODE:
			if (v->data.len == 4 && !m->_result_code_case) {
				m->result_code = nc_cur_be32(&data);
				m->_result_code_case =
				    NETCAP__DIAMETER___RESULT_CODE_RESULT_CODE;
			}
			break;
		}
	}
	return 1;
bad:
	/* The Undecoded record starts at the AVP that did not parse. */
	*c = at;
	return 0;
}

/* One message; returns 0 when the rest of the segment is not worth
 * reading. */
static int
message(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a,
    struct diam_scratch *s)
{
	Netcap__Diameter m = NETCAP__DIAMETER__INIT;
	struct nc_cur start = *c, body;
	const char *bad = NULL;
	size_t blen;
	int cut = 0, ok;

	m.version = nc_cur_u8(c);
	m.length = be24(c);
	m.flags = nc_cur_u8(c);
	m.command_code = be24(c);
	m.application_id = nc_cur_be32(c);
	m.hop_by_hop_id = nc_cur_be32(c);
	m.end_to_end_id = nc_cur_be32(c);
	if (c->err) {
		nc_dec_truncated(k, "Diameter", &start, DIAM_HDR);
		return 0;
	}
	if (m.version != 1 || m.length < DIAM_HDR || m.length % 4 != 0) {
		nc_dec_undecoded(k, "Diameter", &start, "not Diameter: "
		    "version %u, length %u", m.version, m.length);
		return 0;
	}
	blen = m.length - DIAM_HDR;
	if (blen > nc_cur_left(c)) {
		cut = 1;
		blen = nc_cur_left(c);
	}
	body = nc_cur_sub(c, blen);
	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_DIAMETER)) {
		if (cut)
			nc_dec_undecoded(k, "Diameter", &start, "truncated "
			    "message: %zu of %u bytes", DIAM_HDR + blen,
			    m.length);
		return !cut;
	}
	m.request = (m.flags & 0x80) != 0;
	m.proxiable = (m.flags & 0x40) != 0;
	m.error = (m.flags & 0x20) != 0;
	m.retransmit = (m.flags & 0x10) != 0;
	ok = avps(&m, &body, s, &bad);
	NC_DEC_APP_ENDS(&m, k, a);
	nc_dec_emit(k, NETCAP__RECORD__RECORD_DIAMETER, &m.base);
	if (cut) {
		nc_dec_undecoded(k, "Diameter", &start, "truncated message: "
		    "%zu of %u bytes", DIAM_HDR + blen, m.length);
		return 0;
	}
	if (!ok)
		nc_dec_undecoded(k, "Diameter", &body, "%s", bad);
	return 1;
}

void
nc_dec_diameter(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	struct diam_scratch s;

	while (nc_cur_left(c) > 0 && k->rc == 0)
		if (!message(k, c, a, &s))
			break;
}
