/* IEEE 802.2 LLC and SNAP (RFC 1042), after an 802.3 length field or
 * from 802.11.  Only SNAP with the zero OUI, which carries an ethertype,
 * is decoded further. */
#include "decode/internal.h"

enum {
	LLC_SNAP_SAP = 0xaa,
	LLC_UI = 0x03,
};

/* 802.2 LLC after an 802.3 length field. */
void
nc_dec_llc(struct nc_pkt *k, struct nc_cur *c, const char *layer)
{
	struct nc_cur at = *c;
	uint8_t dsap, ssap, ctl;
	uint32_t oui;
	uint16_t type;

	dsap = nc_cur_u8(c);
	ssap = nc_cur_u8(c);
	ctl = nc_cur_u8(c);
	if (c->err) {
		nc_dec_undecoded(k, layer, &at, "truncated 802.2 LLC "
		    "header: %zu of 3 bytes", nc_cur_left(&at));
		return;
	}
	if (dsap != LLC_SNAP_SAP || ssap != LLC_SNAP_SAP || ctl != LLC_UI) {
		nc_dec_undecoded(k, layer, &at, "unsupported 802.2 LLC "
		    "frame: dsap 0x%02x ssap 0x%02x", dsap, ssap);
		return;
	}
	oui = (uint32_t)nc_cur_u8(c) << 16;
	oui |= nc_cur_be16(c);
	type = nc_cur_be16(c);
	if (c->err) {
		nc_dec_undecoded(k, layer, &at, "truncated SNAP header: "
		    "%zu of 8 bytes", nc_cur_left(&at));
		return;
	}
	if (oui != 0) {
		nc_dec_undecoded(k, layer, &at, "unsupported SNAP "
		    "OUI %06x", (unsigned)oui);
		return;
	}
	nc_dec_ethertype(k, c, type, layer);
}
