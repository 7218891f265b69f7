/* Placeholder until the decoder lands. */
#include "decode/internal.h"

void
nc_dec_usb(struct nc_pkt *k, struct nc_cur *c, int mmapped)
{
	nc_dec_undecoded(k, "pcap", c, "unsupported link type %d", mmapped ? 220 : 189);
}
