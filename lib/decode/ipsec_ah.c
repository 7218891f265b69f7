/* Placeholder until the decoder lands: reports the protocol as before. */
#include "decode/internal.h"

void
nc_dec_ipsec_ah(struct nc_pkt *k, struct nc_cur *c, const struct nc_ip *ip)
{
	nc_dec_undecoded(k, ip->layer, c, "unsupported IP protocol %u", 51u);
}
