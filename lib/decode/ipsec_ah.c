/* IP Authentication Header, RFC 4302 section 2.
 *
 *	+---------------+---------------+-------------------------------+
 *	|  next header  |  payload len  |           reserved            |
 *	|                Security Parameters Index (SPI)                |
 *	|                    Sequence Number Field                      |
 *	|          Integrity Check Value (variable, ICV)                |
 *	+---------------------------------------------------------------+
 *
 * The header is (payload len + 2) 4-byte words long; what follows is the
 * next header's, decoded by protocol number as after an IP header (in
 * tunnel mode that is an IP header, and inner goes up there); over IPv6
 * that may be more extension headers. */
#include "decode/internal.h"

enum {
	AH_HDR = 12,
	NH_NONE = 59,
};

void
nc_dec_ipsec_ah(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip)
{
	Netcap__IPSecAH h = NETCAP__IPSEC_AH__INIT;
	struct nc_cur start = *c;
	struct nc_ip up;
	const uint8_t *icv;
	size_t hl;

	h.next_header = nc_cur_u8(c);
	h.payload_length = nc_cur_u8(c);
	h.reserved = nc_cur_be16(c);
	h.spi = nc_cur_be32(c);
	h.seq = nc_cur_be32(c);
	if (c->err) {
		nc_dec_truncated(k, "IPSecAH", &start, AH_HDR);
		return;
	}
	hl = (h.payload_length + 2u) * 4;
	if (hl < AH_HDR) {
		nc_dec_undecoded(k, "IPSecAH", &start, "bad payload length %u",
		    h.payload_length);
		return;
	}
	icv = nc_cur_bytes(c, hl - AH_HDR);
	if (c->err) {
		nc_dec_truncated(k, "IPSecAH", &start, hl);
		return;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_IPSEC_AH)) {
		NC_DEC_IP_FLOW(&h, k, ip, 0, 0, 51);
		h.icv.data = (uint8_t *)icv;
		h.icv.len = hl - AH_HDR;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_IPSEC_AH, &h.base);
	}
	up = *ip;
	up.declared = ip->declared > hl ? ip->declared - hl : 0;
	up.layer = "IPSecAH";
	/* AH after AH has no IP header between them whose depth check would
	 * bound the recursion. */
	if (++k->depth > NC_MAX_DEPTH) {
		nc_dec_undecoded(k, "IPSecAH", c, "too many nested headers");
		return;
	}
	/* Over IPv6, AH is one link of the extension header chain. */
	if (ip->alen == 16)
		nc_dec_ipv6_chain(k, c, &up, h.next_header);
	else if (h.next_header != NH_NONE)
		nc_dec_ipproto(k, c, &up, h.next_header);
	k->depth--;
}
