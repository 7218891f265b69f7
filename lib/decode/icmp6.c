/* Internet Control Message Protocol for IPv6, RFC 4443, and Neighbor
 * Discovery, RFC 4861 (router solicitation/advertisement, neighbour
 * solicitation/advertisement, redirect, with their options), with the
 * route information option of RFC 4191.
 *
 *	+---------------+---------------+-------------------------------+
 *	|     type      |     code      |           checksum            |
 *	|                        message body                           |
 *	+---------------------------------------------------------------+
 *
 * ND options are type(1) length(1) in units of 8 bytes (counting type and
 * length), then data; a zero length is invalid and ends the list.
 *
 * Errors (destination unreachable, packet too big, time exceeded,
 * parameter problem) have 4 more bytes (unused, MTU or pointer), then
 * quote the packet that caused them, which icmpquote.c decodes; for
 * unreachable and time exceeded the first of those bytes is RFC 4884's
 * length of that quote in 64-bit words, 0 when extension objects do not
 * follow it.
 *
 * A route information option sends only as much of its prefix as the
 * prefix length needs: 0, 8 or 16 bytes (option length 1, 2 or 3).  The
 * record's prefix is always 16 bytes, the rest zero, copied to scratch
 * space; an option shorter than its prefix length, or longer than 3, is
 * to be ignored (RFC 4191 2.3) and is reported instead. */
#include "decode/internal.h"

#include <string.h>

enum {
	ICMP6_HDR = 4,
	ICMP6_DST_UNREACH = 1,
	ICMP6_PACKET_TOO_BIG = 2,
	ICMP6_TIME_EXCEEDED = 3,
	ICMP6_PARAM_PROB = 4,
	ICMP6_ECHO_REQUEST = 128,
	ICMP6_ECHO_REPLY = 129,
	ND_ROUTER_SOLICIT = 133,
	ND_ROUTER_ADVERT = 134,
	ND_NEIGHBOR_SOLICIT = 135,
	ND_NEIGHBOR_ADVERT = 136,
	ND_REDIRECT = 137,
	NDOPT_SOURCE_LINKADDR = 1,
	NDOPT_TARGET_LINKADDR = 2,
	NDOPT_PREFIX_INFORMATION = 3,
	NDOPT_MTU = 5,
	NDOPT_ROUTE_INFORMATION = 24,
};

/* RFC 4191 2.3: prefix length(1) flags(1) (Prf in bits 3-4) route
 * lifetime(4), then the prefix's leading bytes (len: the option's length
 * in 8-byte units). */
static int
route_info(struct nc_decode_scratch *s, Netcap__ICMPv6 *m, struct nc_cur *b,
    uint8_t len)
{
	size_t i = m->n_route_prefixes_ip;
	uint8_t plen, flags;
	const uint8_t *pfx;

	if (len > 3 || i == NC_MAX_ROUTE)
		return -1;
	plen = nc_cur_u8(b);
	flags = nc_cur_u8(b);
	if (plen > 128 || (plen > 64 && len < 3) || (plen > 0 && len < 2))
		return -1;
	s->route_lens[i] = plen;
	s->route_prefs[i] = (flags >> 3) & 3;
	s->route_lifetimes[i] = nc_cur_be32(b);
	pfx = nc_cur_bytes(b, (len - 1) * 8u);
	if (b->err || pfx == NULL)
		return -1;
	memset(s->route_prefix[i], 0, 16);
	memcpy(s->route_prefix[i], pfx, (len - 1) * 8u);
	s->routes[i].data = s->route_prefix[i];
	s->routes[i].len = 16;
	m->n_route_prefixes_ip = m->n_route_prefix_lengths = i + 1;
	m->n_route_preferences = m->n_route_lifetimes = i + 1;
	return 0;
}

static void
nd_options(struct nc_pkt *k, Netcap__ICMPv6 *m, struct nc_cur *c,
    struct nc_issue *is)
{
	struct nc_decode_scratch *s = k->d->s;

	m->option_types = s->nd_types;
	m->prefixes_ip = s->prefixes;
	m->prefix_lengths = s->prefix_lens;
	m->route_prefixes_ip = s->routes;
	m->route_prefix_lengths = s->route_lens;
	m->route_preferences = s->route_prefs;
	m->route_lifetimes = s->route_lifetimes;
	while (nc_cur_left(c) > 0) {
		struct nc_cur at = *c, body;
		uint8_t type, len;

		if (m->n_option_types == NC_MAX_ND) {
			nc_dec_issue(is, "ICMPv6", &at, "too many options");
			return;
		}
		type = nc_cur_u8(c);
		len = nc_cur_u8(c);
		if (c->err || len == 0 || len * 8u - 2 > nc_cur_left(c)) {
			nc_dec_issue(is, "ICMPv6", &at, "bad length %u of "
			    "option %u", len, type);
			return;
		}
		s->nd_types[m->n_option_types++] = type;
		body = nc_cur_sub(c, len * 8u - 2);
		switch (type) {
		case NDOPT_SOURCE_LINKADDR:
			m->src_link_mac.data = (uint8_t *)nc_cur_rest(&body,
			    &m->src_link_mac.len);
			break;
		case NDOPT_TARGET_LINKADDR:
			m->dst_link_mac.data = (uint8_t *)nc_cur_rest(&body,
			    &m->dst_link_mac.len);
			break;
		case NDOPT_PREFIX_INFORMATION:
			/* prefix length(1) flags(1) valid lifetime(4)
			 * preferred lifetime(4) reserved(4) prefix(16) */
			if (len != 4 || m->n_prefixes_ip == NC_MAX_PREFIX) {
				nc_dec_issue(is, "ICMPv6", &at, "bad prefix "
				    "information option");
				break;
			}
			s->prefix_lens[m->n_prefixes_ip] = nc_cur_u8(&body);
			m->n_prefix_lengths = m->n_prefixes_ip + 1;
			nc_cur_skip(&body, 13);
			s->prefixes[m->n_prefixes_ip].data =
			    (uint8_t *)nc_cur_bytes(&body, 16);
			s->prefixes[m->n_prefixes_ip++].len = 16;
			break;
		case NDOPT_ROUTE_INFORMATION:
			if (route_info(s, m, &body, len) < 0)
				nc_dec_issue(is, "ICMPv6", &at, "bad route "
				    "information option (length %u)", len);
			break;
		case NDOPT_MTU:
			/* reserved(2) MTU(4) */
			nc_cur_skip(&body, 2);
			NC_DEC_SET(m, ICMPV6, mtu, MTU, nc_cur_be32(&body));
			break;
		}
	}
}

static void
target(Netcap__ICMPv6 *m, struct nc_cur *c)
{
	const uint8_t *t = nc_cur_bytes(c, 16);

	if (t != NULL) {
		m->target_ip.data = (uint8_t *)t;
		m->target_ip.len = 16;
	}
}

/* The quote of an error, after its 4-byte unused, MTU or pointer field
 * (which packet too big has read already): the rest, or its first len
 * 64-bit words when an RFC 4884 length says so. */
static void
quote(struct nc_pkt *k, struct nc_cur *c, unsigned type)
{
	unsigned len = 0;

	switch (type) {
	case ICMP6_DST_UNREACH:
	case ICMP6_TIME_EXCEEDED:
		len = nc_cur_peek(c, 0);
		/* FALLTHROUGH */
	case ICMP6_PARAM_PROB:
		nc_cur_skip(c, 4);
		break;
	case ICMP6_PACKET_TOO_BIG:
		break;
	default:
		return;
	}
	if (c->err)
		return;
	if (len != 0)
		nc_cur_limit(c, len * 8u);
	nc_dec_icmp_quote(k, c, 1);
}

void
nc_dec_icmp6(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip)
{
	Netcap__ICMPv6 m = NETCAP__ICMPV6__INIT;
	struct nc_cur start = *c, body;
	struct nc_issue is = { 0 };
	size_t need = 0;

	m.type = nc_cur_u8(c);
	m.code = nc_cur_u8(c);
	m.checksum = nc_cur_be16(c);
	if (c->err) {
		nc_dec_truncated(k, "ICMPv6", &start, ICMP6_HDR);
		return;
	}
	if (!nc_dec_want(k, NETCAP__RECORD__RECORD_ICMPV6) &&
	    !nc_dec_want(k, NETCAP__RECORD__RECORD_UNDECODED)) {
		if (m.type == ICMP6_PACKET_TOO_BIG)
			nc_cur_skip(c, 4);
		if (!c->err)
			quote(k, c, m.type);
		return;
	}
	/* The fixed part each message type needs after the 4 bytes. */
	switch (m.type) {
	case ICMP6_PACKET_TOO_BIG:
	case ICMP6_ECHO_REQUEST:
	case ICMP6_ECHO_REPLY:
	case ND_ROUTER_SOLICIT:
		need = 4;
		break;
	case ND_ROUTER_ADVERT:
		need = 12;
		break;
	case ND_NEIGHBOR_SOLICIT:
	case ND_NEIGHBOR_ADVERT:
		need = 20;
		break;
	case ND_REDIRECT:
		need = 36;
		break;
	}
	body = nc_cur_sub(c, need);
	if (c->err) {
		nc_dec_truncated(k, "ICMPv6", &start, ICMP6_HDR + need);
		return;
	}
	switch (m.type) {
	case ICMP6_PACKET_TOO_BIG:
		NC_DEC_SET(&m, ICMPV6, mtu, MTU, nc_cur_be32(&body));
		break;
	case ICMP6_ECHO_REQUEST:
	case ICMP6_ECHO_REPLY:
		NC_DEC_SET(&m, ICMPV6, id, ID, nc_cur_be16(&body));
		NC_DEC_SET(&m, ICMPV6, seq, SEQ, nc_cur_be16(&body));
		break;
	case ND_ROUTER_SOLICIT:
		nd_options(k, &m, c, &is);
		break;
	case ND_ROUTER_ADVERT:
		m.cur_hop_limit = nc_cur_u8(&body);
		m.nd_flags = nc_cur_u8(&body);
		m.router_lifetime = nc_cur_be16(&body);
		m.reachable_time = nc_cur_be32(&body);
		m.retrans_timer = nc_cur_be32(&body);
		nd_options(k, &m, c, &is);
		break;
	case ND_NEIGHBOR_SOLICIT:
	case ND_NEIGHBOR_ADVERT:
		m.nd_flags = m.type == ND_NEIGHBOR_ADVERT ?
		    nc_cur_u8(&body) : 0;
		nc_cur_skip(&body, m.type == ND_NEIGHBOR_ADVERT ? 3 : 4);
		target(&m, &body);
		nd_options(k, &m, c, &is);
		break;
	case ND_REDIRECT:
		nc_cur_skip(&body, 4);
		target(&m, &body);
		nd_options(k, &m, c, &is);
		break;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_ICMPV6)) {
		NC_DEC_IP_FLOW(&m, k, ip, 0, 0, 58);
		nc_dec_emit(k, NETCAP__RECORD__RECORD_ICMPV6, &m.base);
	}
	nc_dec_flush_issue(k, &is);
	quote(k, c, m.type);
}
