/* IEEE 802.2 LLC and SNAP (RFC 1042), after an 802.3 length field.
 *
 *	+------+------+------------+       +-----------+-----------------+
 *	| DSAP | SSAP | control    |  AA AA 03 | OUI (3)   | protocol id (2) |
 *	+------+------+------------+       +-----------+-----------------+
 *	    I/G bit  C/R bit   1 byte (U) or 2 (I, S)
 *
 * SNAP with the zero OUI carries an ethertype; Cisco's OUI carries CDP
 * (0x2000) and PVST+ BPDUs (0x010b); SAP 0x42 carries spanning tree
 * BPDUs.  Anything else above LLC is kept as Undecoded. */
#include "decode/internal.h"

enum {
	SAP_STP = 0x42,
	SAP_SNAP = 0xaa,
	LLC_UI = 0x03,
	OUI_CISCO = 0x00000c,
	CISCO_CDP = 0x2000,
	CISCO_PVST = 0x010b,
};

static void
snap(struct nc_pkt *k, struct nc_cur *c)
{
	Netcap__SNAP s = NETCAP__SNAP__INIT;
	struct nc_cur at = *c;
	uint32_t oui;
	uint16_t pid;

	oui = (uint32_t)nc_cur_u8(c) << 16;
	oui |= nc_cur_be16(c);
	pid = nc_cur_be16(c);
	if (c->err) {
		nc_dec_truncated(k, "SNAP", &at, 5);
		return;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_SNAP)) {
		s.ts = k->ts;
		s.packet = k->packet;
		s.oui = oui;
		s.protocol_id = pid;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_SNAP, &s.base);
	}
	if (oui == 0)
		nc_dec_ethertype(k, c, pid, "SNAP");
	else if (oui == OUI_CISCO && pid == CISCO_CDP)
		nc_dec_cdp(k, c);
	else if (oui == OUI_CISCO && pid == CISCO_PVST)
		nc_dec_stp(k, c);
	else
		nc_dec_undecoded(k, "SNAP", c, "unsupported SNAP OUI 0x%06x "
		    "protocol 0x%04x", (unsigned)oui, pid);
}

/* layer names the header that carried the LLC header; the LLC layer
 * reports its own problems. */
void
nc_dec_llc(struct nc_pkt *k, struct nc_cur *c, const char *layer)
{
	Netcap__LLC l = NETCAP__LLC__INIT;
	struct nc_cur at = *c;
	uint8_t dsap, ssap;
	unsigned ctl;

	(void)layer;
	/* Novell's "raw" 802.3 puts IPX (checksum 0xffff) where LLC goes. */
	if (nc_cur_left(c) >= 2 && nc_cur_peek(c, 0) == 0xff &&
	    nc_cur_peek(c, 1) == 0xff) {
		nc_dec_undecoded(k, "LLC", c, "Novell raw 802.3 (IPX), no LLC "
		    "header");
		return;
	}
	dsap = nc_cur_u8(c);
	ssap = nc_cur_u8(c);
	ctl = nc_cur_u8(c);
	if (c->err) {
		nc_dec_truncated(k, "LLC", &at, 3);
		return;
	}
	/* Only unnumbered (U) frames have a one-byte control field; the
	 * second byte of an I or S frame's is the high one (N(R)), as
	 * Wireshark shows it. */
	if ((ctl & 3) != 3) {
		ctl |= (unsigned)nc_cur_u8(c) << 8;
		if (c->err) {
			nc_dec_truncated(k, "LLC", &at, 4);
			return;
		}
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_LLC)) {
		l.ts = k->ts;
		l.packet = k->packet;
		l.dsap = dsap & 0xfe;
		l.ig = dsap & 1;
		l.ssap = ssap & 0xfe;
		l.cr = ssap & 1;
		l.control = ctl;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_LLC, &l.base);
	}
	if (dsap == SAP_SNAP && ssap == SAP_SNAP && ctl == LLC_UI)
		snap(k, c);
	else if ((dsap & 0xfe) == SAP_STP && ctl == LLC_UI)
		nc_dec_stp(k, c);
	else if (nc_cur_left(c) > 0)
		nc_dec_undecoded(k, "LLC", c, "unsupported 802.2 LLC frame: "
		    "dsap 0x%02x ssap 0x%02x control 0x%02x", dsap, ssap, ctl);
}
