/* Common Industrial Protocol messages: "The CIP Networks Library, Volume
 * 1", 2-4 (Message Router request and response) and appendix C (EPATH
 * segments).  Little-endian.
 *
 *	request:   service | path size (words) | path ...     | data ...
 *	response:  service|0x80 | 0 | general status | extra size (words)
 *	           | additional status (words) ...            | data ...
 *
 * The logical segments of the path give class, instance, attribute,
 * member and connection point; ANSI extended symbol segments give a tag
 * name.  Other segments (port, network, data) stay in the raw path bytes
 * and end the walk.  A Multiple Service Packet (service 0x0a) holds a
 * count, a list of offsets from the count, and the services: after its
 * own record each service gets one, with service_index set.  An
 * Unconnected Send (0x52 to the Connection Manager, class 6) is followed
 * by a record for the request it carries, marked embedded. */
#include "decode/internal.h"

#include <string.h>

enum {
	SVC_MULTIPLE = 0x0a,
	SVC_UNCONN_SEND = 0x52,
	/* A path is at most 255 words: its symbols and dots fit. */
	SYM_MAX = 512,
	MSP_MAX = 1024			/* services of one packet decoded */
};

enum { SEG_CLASS, SEG_INSTANCE, SEG_MEMBER, SEG_POINT, SEG_ATTR };


/* Appends n symbol bytes to the symbol text (dot-separated), every byte
 * as it is: the field is [text]. */
static void
symbol(ProtobufCBinaryData *t, const uint8_t *v, size_t n)
{
	if (t->len > 0 && t->len < SYM_MAX)
		t->data[t->len++] = '.';
	if (n > SYM_MAX - t->len)
		n = SYM_MAX - t->len;
	memcpy(t->data + t->len, v, n);
	t->len += n;
}

/* Walks the logical and symbolic segments of a request path. */
static void
epath(Netcap__CIP *m, struct nc_cur *c, ProtobufCBinaryData *sym)
{
	unsigned seg, type, fmt;
	uint32_t v;
	const uint8_t *s;
	size_t n;

	while (nc_cur_left(c) > 0) {
		seg = nc_cur_u8(c);
		if (seg == 0x91) {		/* ANSI extended symbol */
			n = nc_cur_u8(c);
			s = nc_cur_bytes(c, n);
			if (s == NULL)
				return;
			symbol(sym, s, n);
			if (n % 2)
				nc_cur_skip(c, 1);
			continue;
		}
		if ((seg & 0xe0) != 0x20)
			return;			/* not a logical segment */
		type = seg >> 2 & 7;
		fmt = seg & 3;
		switch (fmt) {
		case 0:
			v = nc_cur_u8(c);
			break;
		case 1:
			nc_cur_skip(c, 1);	/* pad */
			v = nc_cur_le16(c);
			break;
		case 2:
			nc_cur_skip(c, 1);
			v = nc_cur_le32(c);
			break;
		default:
			return;
		}
		if (c->err)
			return;
		switch (type) {
		case SEG_CLASS:
			if (!m->_class_id_case)
				NC_DEC_SET(m, CIP, class_id, CLASS_ID, v);
			break;
		case SEG_INSTANCE:
			if (!m->_instance_id_case)
				NC_DEC_SET(m, CIP, instance_id, INSTANCE_ID, v);
			break;
		case SEG_MEMBER:
			if (!m->_member_id_case)
				NC_DEC_SET(m, CIP, member_id, MEMBER_ID, v);
			break;
		case SEG_POINT:
			if (!m->_connection_point_case)
				NC_DEC_SET(m, CIP, connection_point,
				    CONNECTION_POINT, v);
			break;
		case SEG_ATTR:
			if (!m->_attribute_id_case)
				NC_DEC_SET(m, CIP, attribute_id, ATTRIBUTE_ID,
				    v);
			break;
		default:
			return;			/* special, service id */
		}
	}
}

static void
message(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a,
    unsigned index, int embedded);

/* The services of a Multiple Service Packet, request or response. */
static void
multiple(struct nc_pkt *k, const struct nc_cur *data, const struct nc_app *a)
{
	struct nc_cur d = *data, offs, svc;
	unsigned n, i, off, next, prev;
	size_t len = nc_cur_left(data);

	n = nc_cur_le16(&d);
	offs = nc_cur_sub(&d, 2 * (size_t)n);
	if (d.err || n > MSP_MAX) {
		nc_dec_undecoded(k, "CIP", data, "bad Multiple Service Packet: "
		    "%u services in %zu bytes", n, len);
		return;
	}
	prev = 2 + 2 * n;
	for (i = 0; i < n && k->rc == 0; i++) {
		off = nc_cur_le16(&offs);
		next = i + 1 < n ? (unsigned)(nc_cur_peek(&offs, 0) |
		    nc_cur_peek(&offs, 1) << 8) : (unsigned)len;
		if (off < prev || next < off || next > len) {
			nc_dec_undecoded(k, "CIP", data, "bad Multiple Service "
			    "Packet: service %u at offset %u", i + 1, off);
			return;
		}
		svc = *data;
		nc_cur_skip(&svc, off);
		nc_cur_limit(&svc, next - off);
		message(k, &svc, a, i + 1, 0);
		prev = off;
	}
}

/* The message request inside an Unconnected Send: priority and tick
 * time, time-out ticks, the request's size, the request, a pad byte if
 * the size is odd, then the route path (not decoded). */
static void
unconnected(struct nc_pkt *k, const struct nc_cur *data,
    const struct nc_app *a)
{
	struct nc_cur d = *data, req;
	unsigned n;

	nc_cur_skip(&d, 2);
	n = nc_cur_le16(&d);
	req = nc_cur_sub(&d, n);
	if (d.err || n == 0) {
		nc_dec_undecoded(k, "CIP", data, "bad Unconnected Send: "
		    "request of %u bytes in %zu", n, nc_cur_left(data));
		return;
	}
	message(k, &req, a, 0, 1);
}

static void
message(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a,
    unsigned index, int embedded)
{
	Netcap__CIP m = NETCAP__CIP__INIT;
	struct nc_cur start = *c, path;
	uint32_t add[256];
	uint8_t sym[SYM_MAX];
	unsigned sc, words, i;

	sc = nc_cur_u8(c);
	m.service = sc & 0x7f;
	m.response = (sc & 0x80) != 0;
	if (m.response) {
		nc_cur_skip(c, 1);		/* reserved */
		NC_DEC_SET(&m, CIP, general_status, GENERAL_STATUS,
		    nc_cur_u8(c));
		words = nc_cur_u8(c);
		for (i = 0; i < words; i++)
			add[i] = nc_cur_le16(c);
		if (c->err) {
			nc_dec_undecoded(k, "CIP", &start, "truncated response "
			    "header: %zu of %u bytes", nc_cur_left(&start),
			    4 + 2 * words);
			return;
		}
		m.additional_status = add;
		m.n_additional_status = words;
	} else {
		words = nc_cur_u8(c);
		path = nc_cur_sub(c, 2 * (size_t)words);
		if (c->err) {
			nc_dec_undecoded(k, "CIP", &start, "truncated request "
			    "path: %zu of %u bytes", nc_cur_left(&start),
			    2 + 2 * words);
			return;
		}
		NC_DEC_SET(&m, CIP, path_size, PATH_SIZE, words);
		m.path.data = (uint8_t *)nc_cur_rest(&path, &m.path.len);
		m.symbol.data = sym;
		epath(&m, &path, &m.symbol);
	}
	m.data.data = (uint8_t *)nc_cur_rest(c, &m.data.len);
	m.data_length = (uint32_t)m.data.len;
	if (index > 0)
		NC_DEC_SET(&m, CIP, service_index, SERVICE_INDEX, index);
	m.embedded = embedded;
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_CIP)) {
		NC_DEC_APP_ENDS(&m, k, a);
		nc_dec_emit(k, NETCAP__RECORD__RECORD_CIP, &m.base);
	}
	/* One level of each only, so that nesting costs no stack: a packet
	 * inside a packet, or a send inside a send, stays data. */
	if (m.service == SVC_MULTIPLE && index == 0 &&
	    (!m.response || m.general_status == 0 || m.general_status == 0x1e))
		multiple(k, c, a);
	else if (m.service == SVC_UNCONN_SEND && !m.response && !embedded &&
	    index == 0 && m.class_id == 6 && m._class_id_case)
		unconnected(k, c, a);
}

void
nc_dec_cip(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	message(k, c, a, 0, 0);
}
