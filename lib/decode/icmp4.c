/* Internet Control Message Protocol, RFC 792 (timestamp and information
 * messages there too; address mask RFC 950; the next-hop MTU of
 * "fragmentation needed" RFC 1191).
 *
 *	+---------------+---------------+-------------------------------+
 *	|     type      |     code      |           checksum            |
 *	|          rest of header: identifier, sequence number,        |
 *	|          gateway address or next-hop MTU, by type             |
 *	+---------------------------------------------------------------+
 *
 * The body of an error (unreachable, source quench, redirect, time
 * exceeded, parameter problem) quotes the packet that caused it, which
 * icmpquote.c decodes; for unreachable, time exceeded and parameter
 * problem the second byte of the rest of the header is RFC 4884's length
 * of that quote in 32-bit words, 0 when extension objects do not follow
 * it.  Other bodies (echo data ...) are not decoded further. */
#include "decode/internal.h"

enum {
	ICMP_HDR = 8,
	ICMP_ECHOREPLY = 0,
	ICMP_UNREACH = 3,
	ICMP_UNREACH_NEEDFRAG = 4,
	ICMP_SOURCEQUENCH = 4,
	ICMP_REDIRECT = 5,
	ICMP_ECHO = 8,
	ICMP_TIMXCEED = 11,
	ICMP_PARAMPROB = 12,
	ICMP_TSTAMP = 13,
	ICMP_TSTAMPREPLY = 14,
	ICMP_IREQ = 15,
	ICMP_IREQREPLY = 16,
	ICMP_MASKREQ = 17,
	ICMP_MASKREPLY = 18,
};

/* The quote of an error: the body, or the first len 32-bit words of it
 * when an RFC 4884 length says so (extension objects follow). */
static void
quote(struct nc_pkt *k, struct nc_cur *c, unsigned type, unsigned len)
{
	switch (type) {
	case ICMP_UNREACH:
	case ICMP_TIMXCEED:
	case ICMP_PARAMPROB:
		if (len != 0)
			nc_cur_limit(c, len * 4u);
		break;
	case ICMP_SOURCEQUENCH:
	case ICMP_REDIRECT:
		break;
	default:
		return;
	}
	nc_dec_icmp_quote(k, c, 0);
}

static void
record(struct nc_pkt *k, Netcap__ICMPv4 *m, struct nc_cur *rest,
    const struct nc_ip *ip)
{
	switch (m->type) {
	case ICMP_ECHOREPLY:
	case ICMP_ECHO:
	case ICMP_TSTAMP:
	case ICMP_TSTAMPREPLY:
	case ICMP_IREQ:
	case ICMP_IREQREPLY:
	case ICMP_MASKREQ:
	case ICMP_MASKREPLY:
		NC_DEC_SET(m, ICMPV4, id, ID, nc_cur_be16(rest));
		NC_DEC_SET(m, ICMPV4, seq, SEQ, nc_cur_be16(rest));
		break;
	case ICMP_REDIRECT:
		m->gateway_ip.data = (uint8_t *)nc_cur_bytes(rest, 4);
		m->gateway_ip.len = 4;
		break;
	case ICMP_UNREACH:
		if (m->code == ICMP_UNREACH_NEEDFRAG) {
			nc_cur_skip(rest, 2);
			NC_DEC_SET(m, ICMPV4, mtu, MTU, nc_cur_be16(rest));
		}
		break;
	}
	NC_DEC_IP_FLOW(m, k, ip, 0, 0, 1);
	nc_dec_emit(k, NETCAP__RECORD__RECORD_ICMPV4, &m->base);
}

void
nc_dec_icmp4(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip)
{
	Netcap__ICMPv4 m = NETCAP__ICMPV4__INIT;
	struct nc_cur start = *c, rest;
	unsigned len;

	m.type = nc_cur_u8(c);
	m.code = nc_cur_u8(c);
	m.checksum = nc_cur_be16(c);
	rest = nc_cur_sub(c, 4);
	len = nc_cur_peek(&rest, 1);
	if (c->err) {
		nc_dec_truncated(k, "ICMPv4", &start, ICMP_HDR);
		return;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_ICMPV4))
		record(k, &m, &rest, ip);
	quote(k, c, m.type, len);
}
