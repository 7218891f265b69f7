/* Internet Protocol version 4, RFC 791 (options: RFC 791 section 3.1).
 *
 *	 0       4       8              16    19                      31
 *	+-------+-------+---------------+-----+------------------------+
 *	|version|  IHL  |      TOS      |        total length          |
 *	|        identification         |flags|    fragment offset     |
 *	|      TTL      |   protocol    |       header checksum        |
 *	|                        source address                        |
 *	|                      destination address                     |
 *	|                 options (IHL * 4 - 20 bytes)                 |
 *	+--------------------------------------------------------------+
 *
 * The total length is checked against the header length and then narrows
 * the window, so Ethernet padding after a short packet is not read as
 * payload.  Fragments go to reassembly (ipfrag.c); the datagram they
 * complete is decoded after the IPv4 record of the completing one. */
#include "decode/internal.h"

enum {
	IPV4_HDR = 20,
	IPV4_MAX_OPTS = 40,		/* one byte each at most */
	IPOPT_EOL = 0,
	IPOPT_NOP = 1,
	IP_MF = 1,			/* in the 3-bit flags field */
};

struct opts {
	Netcap__IPv4Option o[IPV4_MAX_OPTS];
	Netcap__IPv4Option *p[IPV4_MAX_OPTS];
};

/* Parses the options area into a; the bytes after End of Options List
 * are its padding.  A malformed option ends the list and becomes an
 * issue. */
static void
options(Netcap__IPv4 *ip, struct opts *a, struct nc_cur *c,
    struct nc_issue *is)
{
	while (nc_cur_left(c) > 0 && ip->n_options < IPV4_MAX_OPTS) {
		Netcap__IPv4Option *o = &a->o[ip->n_options];
		struct nc_cur at = *c;
		uint8_t type = nc_cur_u8(c), len;

		netcap__ipv4_option__init(o);
		o->type = type;
		if (type == IPOPT_EOL || type == IPOPT_NOP) {
			o->length = 1;
			a->p[ip->n_options++] = o;
			if (type == IPOPT_EOL) {
				ip->padding.data = (uint8_t *)nc_cur_rest(c,
				    &ip->padding.len);
				break;
			}
			continue;
		}
		len = nc_cur_u8(c);
		if (c->err) {
			nc_dec_issue(is, "IPv4", &at, "truncated option %u",
			    type);
			break;
		}
		if (len < 2 || len - 2u > nc_cur_left(c)) {
			nc_dec_issue(is, "IPv4", &at, "bad length %u of option "
			    "%u", len, type);
			break;
		}
		o->length = len;
		o->data.len = len - 2u;
		o->data.data = (uint8_t *)nc_cur_bytes(c, o->data.len);
		a->p[ip->n_options++] = o;
	}
	ip->options = a->p;
}

void
nc_dec_ipv4(struct nc_pkt *k, struct nc_cur *c)
{
	Netcap__IPv4 ip = NETCAP__IPV4__INIT;
	struct nc_cur start = *c, opt;
	struct nc_issue is = { 0 };
	struct nc_ip up;
	struct opts a;
	size_t hl;
	uint8_t vihl;
	uint16_t fo;

	if (++k->depth > NC_MAX_DEPTH) {
		nc_dec_undecoded(k, "IPv4", c, "too many nested headers");
		return;
	}
	vihl = nc_cur_u8(c);
	ip.tos = nc_cur_u8(c);
	ip.length = nc_cur_be16(c);
	ip.id = nc_cur_be16(c);
	fo = nc_cur_be16(c);
	ip.ttl = nc_cur_u8(c);
	ip.protocol = nc_cur_u8(c);
	ip.checksum = nc_cur_be16(c);
	up.src = nc_cur_bytes(c, 4);
	up.dst = nc_cur_bytes(c, 4);
	up.alen = 4;
	if (c->err) {
		nc_dec_truncated(k, "IPv4", &start, IPV4_HDR);
		return;
	}
	ip.version = vihl >> 4;
	ip.ihl = vihl & 0x0f;
	if (ip.version != 4) {
		nc_dec_undecoded(k, "IPv4", &start, "bad version %u",
		    ip.version);
		return;
	}
	if (ip.ihl < 5) {
		nc_dec_undecoded(k, "IPv4", &start, "bad header length %u",
		    ip.ihl);
		return;
	}
	hl = ip.ihl * 4u;
	opt = nc_cur_sub(c, hl - IPV4_HDR);
	if (c->err) {
		nc_dec_truncated(k, "IPv4", &start, hl);
		return;
	}
	ip.flags = fo >> 13;
	ip.frag_offset = fo & 0x1fff;
	/* A frame shorter than the total length says holds no more than
	 * it held; one captured before segmentation offload filled the total
	 * length in has 0 there, and the frame length is the best guess.
	 * The quote in an ICMP error was cut by its sender, not on the wire:
	 * there the total length is the datagram's size. */
	up.declared = k->quoted ? nc_cur_left(c) : nc_dec_wire_left(k, c);
	if (ip.length >= hl) {
		if (ip.length - hl < up.declared || k->quoted)
			up.declared = ip.length - hl;
		nc_cur_limit(c, up.declared);
	} else if (ip.length != 0) {
		up.declared = 0;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_IPV4)) {
		NC_DEC_IP_ENDS(&ip, k, &up);
		options(&ip, &a, &opt, &is);
		nc_dec_emit(k, NETCAP__RECORD__RECORD_IPV4, &ip.base);
	} else if (nc_dec_want(k, NETCAP__RECORD__RECORD_UNDECODED)) {
		options(&ip, &a, &opt, &is);
	}
	nc_dec_flush_issue(k, &is);
	if (ip.length != 0 && ip.length < hl) {
		nc_dec_undecoded(k, "IPv4", c, "bad total length %u",
		    ip.length);
		return;
	}
	if ((ip.flags & IP_MF) || ip.frag_offset != 0) {
		struct nc_frag f;

		/* No total length, no way to tell a fragment's size. */
		if (ip.length == 0) {
			nc_dec_undecoded(k, "IPv4", c, "fragment at offset %u "
			    "with total length 0 not reassembled",
			    ip.frag_offset * 8u);
			return;
		}
		f.v6 = 0;
		f.src = up.src;
		f.dst = up.dst;
		f.id = ip.id;
		f.proto = ip.protocol;
		f.off = ip.frag_offset * 8u;
		f.more = ip.flags & IP_MF;
		f.hl = hl;
		f.declared = ip.length - hl;
		f.layer = "IPv4";
		nc_ipfrag_add(k, c, &f);
		return;
	}
	up.layer = "IPv4";
	up.first_frag = 0;
	nc_dec_ipproto(k, c, &up, ip.protocol);
}
