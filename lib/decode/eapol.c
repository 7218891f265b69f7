/* Placeholder until the decoder lands: reports the ethertype as before. */
#include "decode/internal.h"

void
nc_dec_eapol(struct nc_pkt *k, struct nc_cur *c)
{
	nc_dec_undecoded(k, "Ethernet", c, "unsupported ethertype 0x%04x", 0x888eu);
}
