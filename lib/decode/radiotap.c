/* Placeholder until the decoder lands. */
#include "decode/internal.h"

void
nc_dec_radiotap(struct nc_pkt *k, struct nc_cur *c)
{
	nc_dec_undecoded(k, "pcap", c, "unsupported link type %d", 127);
}
