/* Internet Protocol version 6, RFC 8200, and its extension headers:
 * hop-by-hop and destination options (RFC 8200 4.3, 4.6), routing (4.4;
 * type 0 RFC 2460, type 2 RFC 6275, segment routing type 4 RFC 8754) and
 * fragment (4.5).
 *
 *	+-------+---------------+--------------------------------------+
 *	|version| traffic class |              flow label              |
 *	|         payload length        |  next header  |   hop limit   |
 *	|                  source address (16 bytes)                   |
 *	|               destination address (16 bytes)                  |
 *	+--------------------------------------------------------------+
 *
 * Extension headers are walked in chain order, one record each; every one
 * but the fragment header is next header(1), length(1) in 8-byte units
 * not counting the first 8, then its body.  The payload length narrows the
 * window after it is checked.  What follows a fragment header goes to
 * reassembly (ipfrag.c), unless the fragment is atomic. */
#include "decode/internal.h"

enum {
	IPV6_HDR = 40,
	NH_HOPOPTS = 0,
	NH_ROUTING = 43,
	NH_FRAGMENT = 44,
	NH_NONE = 59,
	NH_DSTOPTS = 60,
	OPT_PAD1 = 0,
	RT_TYPE0 = 0,
	RT_MIP6 = 2,
	RT_SRH = 4,
};

/* The options of a hop-by-hop or destination options header: Pad1 is a
 * lone zero byte, every other option is type(1) length(1) data. */
static size_t
tlv_options(struct nc_pkt *k, struct nc_cur *c, const char *layer,
    struct nc_issue *is)
{
	struct nc_decode_scratch *s = k->d->s;
	size_t n = 0;

	while (nc_cur_left(c) > 0) {
		Netcap__IPv6Option *o;
		struct nc_cur at = *c;
		uint8_t type, len;

		if (n == NC_MAX_V6OPT) {
			nc_dec_issue(is, layer, &at, "too many options");
			break;
		}
		o = &s->v6opt[n];
		netcap__ipv6_option__init(o);
		type = nc_cur_u8(c);
		o->type = type;
		if (type != OPT_PAD1) {
			len = nc_cur_u8(c);
			if (c->err || len > nc_cur_left(c)) {
				nc_dec_issue(is, layer, &at, "bad length %u of "
				    "option %u", len, type);
				break;
			}
			o->length = len;
			o->data.len = len;
			o->data.data = (uint8_t *)nc_cur_bytes(c, len);
		}
		s->v6optp[n++] = o;
	}
	return n;
}

static void
hop_or_dst(struct nc_pkt *k, struct nc_cur *body, unsigned nh, unsigned len,
    int dst, struct nc_issue *is)
{
	const char *layer = dst ? "IPv6Destination" : "IPv6HopByHop";
	int type = dst ? NETCAP__RECORD__RECORD_IPV6_DESTINATION :
	    NETCAP__RECORD__RECORD_IPV6_HOP_BY_HOP;
	size_t n;

	if (!nc_dec_want(k, type)) {
		if (nc_dec_want(k, NETCAP__RECORD__RECORD_UNDECODED))
			tlv_options(k, body, layer, is);
		return;
	}
	n = tlv_options(k, body, layer, is);
	if (dst) {
		Netcap__IPv6Destination h = NETCAP__IPV6_DESTINATION__INIT;

		h.ts = k->ts;
		h.packet = k->packet;
		h.next_header = nh;
		h.length = len;
		h.n_options = n;
		h.options = k->d->s->v6optp;
		nc_dec_emit(k, type, &h.base);
	} else {
		Netcap__IPv6HopByHop h = NETCAP__IPV6_HOP_BY_HOP__INIT;

		h.ts = k->ts;
		h.packet = k->packet;
		h.next_header = nh;
		h.length = len;
		h.n_options = n;
		h.options = k->d->s->v6optp;
		nc_dec_emit(k, type, &h.base);
	}
}

static void
routing(struct nc_pkt *k, struct nc_cur *body, unsigned nh, unsigned len)
{
	Netcap__IPv6Routing r = NETCAP__IPV6_ROUTING__INIT;
	struct nc_decode_scratch *s = k->d->s;
	struct nc_cur a;
	size_t naddr = 0, max = 0;

	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_IPV6_ROUTING))
		return;
	r.ts = k->ts;
	r.packet = k->packet;
	r.next_header = nh;
	r.length = len;
	r.routing_type = nc_cur_u8(body);
	r.segments_left = nc_cur_u8(body);
	r.data.data = (uint8_t *)nc_cur_rest(body, &r.data.len);
	/* Type 0 and 2 have 4 reserved bytes before the addresses; the SRH
	 * has last entry(1) flags(1) tag(2) and last entry + 1 segments. */
	a = *body;
	switch (r.routing_type) {
	case RT_TYPE0:
	case RT_MIP6:
		nc_cur_skip(&a, 4);
		max = NC_MAX_ADDRS;
		break;
	case RT_SRH:
		max = nc_cur_peek(&a, 0) + 1u;
		nc_cur_skip(&a, 4);
		break;
	}
	while (naddr < max && naddr < NC_MAX_ADDRS && !a.err &&
	    nc_cur_left(&a) >= 16) {
		s->addrs[naddr].data = (uint8_t *)nc_cur_bytes(&a, 16);
		s->addrs[naddr++].len = 16;
	}
	r.n_addresses_ip = naddr;
	r.addresses_ip = s->addrs;
	nc_dec_emit(k, NETCAP__RECORD__RECORD_IPV6_ROUTING, &r.base);
}

/* Returns 1 if the payload after the fragment header can be decoded at
 * once (an atomic fragment, RFC 6946: offset 0 and no more fragments,
 * never mixed with held fragments of the same id); otherwise fills fr
 * for reassembly. */
static int
fragment(struct nc_pkt *k, struct nc_cur *c, unsigned nh, unsigned reserved,
    struct nc_frag *fr)
{
	Netcap__IPv6Fragment f = NETCAP__IPV6_FRAGMENT__INIT;
	uint16_t fo = nc_cur_be16(c);
	uint32_t id = nc_cur_be32(c);

	f.frag_offset = fo >> 3;
	f.res = (fo >> 1) & 3;
	f.more_fragments = fo & 1;
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_IPV6_FRAGMENT)) {
		f.ts = k->ts;
		f.packet = k->packet;
		f.next_header = nh;
		f.reserved = reserved;
		f.id = id;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_IPV6_FRAGMENT, &f.base);
	}
	fr->v6 = 1;
	fr->id = id;
	fr->proto = nh;
	fr->off = f.frag_offset * 8u;
	fr->more = f.more_fragments;
	fr->hl = 0;
	fr->layer = "IPv6Fragment";
	return f.frag_offset == 0 && !f.more_fragments;
}

static const char *
ext_name(unsigned nh)
{
	switch (nh) {
	case NH_HOPOPTS:
		return "IPv6HopByHop";
	case NH_ROUTING:
		return "IPv6Routing";
	case NH_FRAGMENT:
		return "IPv6Fragment";
	default:
		return "IPv6Destination";
	}
}

/* Walks the extension headers from next header nh on, one record each,
 * and hands what follows them to its decoder.  plen is the IPv6 payload
 * length (0 if unknown) and base the frame offset where that payload
 * starts: together they give the size of a fragment. */
static void
chain(struct nc_pkt *k, struct nc_cur *c, struct nc_ip *up, unsigned nh,
    size_t plen, size_t base)
{
	struct nc_frag fr;

	for (;;) {
		struct nc_cur at = *c, body;
		struct nc_issue is = { 0 };
		const char *layer = ext_name(nh);
		unsigned next, len;
		size_t hlen;

		if (nh != NH_HOPOPTS && nh != NH_ROUTING &&
		    nh != NH_FRAGMENT && nh != NH_DSTOPTS)
			break;
		if (k->rc != 0)
			return;
		next = nc_cur_u8(c);
		len = nc_cur_u8(c);
		hlen = nh == NH_FRAGMENT ? 8 : (len + 1u) * 8u;
		if (c->err || hlen > nc_cur_left(&at)) {
			if (hlen > up->declared)
				nc_dec_undecoded(k, layer, &at, "header length "
				    "%zu exceeds payload length %zu", hlen,
				    up->declared);
			else
				nc_dec_truncated(k, layer, &at, hlen);
			return;
		}
		body = nc_cur_sub(c, hlen - 2);
		up->declared -= hlen;
		switch (nh) {
		case NH_HOPOPTS:
		case NH_DSTOPTS:
			hop_or_dst(k, &body, next, len, nh == NH_DSTOPTS, &is);
			nc_dec_flush_issue(k, &is);
			break;
		case NH_ROUTING:
			routing(k, &body, next, len);
			break;
		case NH_FRAGMENT:
			if (fragment(k, &body, next, len, &fr))
				break;
			/* The fragment's size is what the payload length
			 * leaves after the headers before it (the frame's,
			 * for a zero payload length). */
			fr.src = up->src;
			fr.dst = up->dst;
			fr.declared = up->declared;
			if (plen != 0)
				fr.declared = plen -
				    (nc_cur_offset(c, k->frame) - base);
			nc_ipfrag_add(k, c, &fr);
			return;
		}
		up->layer = layer;
		nh = next;
	}
	if (nh == NH_NONE)
		return;
	nc_dec_ipproto(k, c, up, nh);
}

void
nc_dec_ipv6(struct nc_pkt *k, struct nc_cur *c)
{
	Netcap__IPv6 ip = NETCAP__IPV6__INIT;
	struct nc_cur start = *c;
	struct nc_ip up;
	size_t base;
	uint32_t vtf;

	if (++k->depth > NC_MAX_DEPTH) {
		nc_dec_undecoded(k, "IPv6", c, "too many nested headers");
		return;
	}
	vtf = nc_cur_be32(c);
	ip.length = nc_cur_be16(c);
	ip.next_header = nc_cur_u8(c);
	ip.hop_limit = nc_cur_u8(c);
	up.src = nc_cur_bytes(c, 16);
	up.dst = nc_cur_bytes(c, 16);
	if (c->err) {
		nc_dec_truncated(k, "IPv6", &start, IPV6_HDR);
		return;
	}
	ip.version = vtf >> 28;
	if (ip.version != 6) {
		nc_dec_undecoded(k, "IPv6", &start, "bad version %u",
		    ip.version);
		return;
	}
	ip.traffic_class = (vtf >> 20) & 0xff;
	ip.flow_label = vtf & 0xfffff;
	/* As for IPv4: no more than the frame held, and a zero length (a
	 * jumbogram, RFC 2675, or segmentation offload) means the frame's;
	 * in a quote, the length is the packet's size. */
	up.declared = k->quoted ? nc_cur_left(c) : nc_dec_wire_left(k, c);
	base = nc_cur_offset(c, k->frame);
	if (ip.length != 0) {
		if (ip.length < up.declared || k->quoted)
			up.declared = ip.length;
		nc_cur_limit(c, up.declared);
	}
	up.alen = 16;
	up.layer = "IPv6";
	up.first_frag = 0;
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_IPV6)) {
		NC_DEC_IP_ENDS(&ip, k, &up);
		nc_dec_emit(k, NETCAP__RECORD__RECORD_IPV6, &ip.base);
	}

	chain(k, c, &up, ip.next_header, ip.length, base);
}

/* For reassembly: the fragmentable part of a datagram (ipfrag.c). */
void
nc_dec_ipv6_chain(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip,
    unsigned nh)
{
	struct nc_ip up = *ip;

	chain(k, c, &up, nh, 0, 0);
}
