/* BSD loopback encapsulations (tcpdump.org/linktypes): DLT_NULL, a 4-byte
 * address family in the byte order of the host that wrote the capture, and
 * DLT_LOOP (OpenBSD), the same in network byte order; and raw IP
 * (LINKTYPE_RAW, IPV4, IPV6), where the version nibble tells IPv4 from
 * IPv6.
 *
 * AF_INET is 2 everywhere; AF_INET6 differs by system: 24 (NetBSD,
 * OpenBSD, BSD/OS), 28 (FreeBSD, DragonFly), 30 (macOS). */
#include "decode/internal.h"

enum {
	BSD_AF_INET = 2,
	BSD_AF_INET6_BSD = 24,
	BSD_AF_INET6_FREEBSD = 28,
	BSD_AF_INET6_DARWIN = 30,
};

static void
loopback(struct nc_pkt *k, struct nc_cur *c, int network_order)
{
	struct nc_cur start = *c;
	uint32_t af;

	af = network_order ? nc_cur_be32(c) : nc_cur_le32(c);
	if (c->err) {
		nc_dec_truncated(k, "Loopback", &start, 4);
		return;
	}
	/* A host-order family written on a big-endian host reads as a
	 * large number here; families are small, so swap it back. */
	if (!network_order && (af & 0xffff0000u) != 0)
		af = (af >> 24) | ((af >> 8) & 0xff00u) |
		    ((af << 8) & 0xff0000u) | (af << 24);
	switch (af) {
	case BSD_AF_INET:
		nc_dec_ipv4(k, c);
		break;
	case BSD_AF_INET6_BSD:
	case BSD_AF_INET6_FREEBSD:
	case BSD_AF_INET6_DARWIN:
		nc_dec_ipv6(k, c);
		break;
	default:
		nc_dec_undecoded(k, "Loopback", &start, "unsupported address "
		    "family %u", (unsigned)af);
		break;
	}
}

void
nc_dec_null(struct nc_pkt *k, struct nc_cur *c)
{
	loopback(k, c, 0);
}

void
nc_dec_loop(struct nc_pkt *k, struct nc_cur *c)
{
	loopback(k, c, 1);
}

void
nc_dec_raw(struct nc_pkt *k, struct nc_cur *c)
{
	struct nc_cur at = *c;
	uint8_t v = nc_cur_peek(&at, 0) >> 4;

	if (at.err) {
		nc_dec_truncated(k, "IP", c, 20);
		return;
	}
	if (v == 4)
		nc_dec_ipv4(k, c);
	else if (v == 6)
		nc_dec_ipv6(k, c);
	else
		nc_dec_undecoded(k, "IP", c, "bad IP version %u", v);
}
