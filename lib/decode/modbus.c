/* Placeholder until the decoder lands: the payload stays payload. */
#include "decode/internal.h"

void
nc_dec_modbus(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	(void)k;
	(void)c;
	(void)a;
}
