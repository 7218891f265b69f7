/* IEEE 802.1Q VLAN tags and 802.1ad (QinQ) service tags.
 *
 * After a TPID of 0x8100, 0x88a8 or 0x9100 in the ethertype position:
 *
 *	+-----+-----+-----------+--------------+
 *	| PCP | DEI | VID (12)  | ethertype(2) |
 *	+-----+-----+-----------+--------------+
 *	  3     1
 *
 * One Dot1Q record per tag, outer first.  As in an untagged frame, a
 * type of 1500 or less is an 802.3 length and 802.2 LLC follows; the
 * record then has it as length, with type 0, as the Ethernet record
 * does, so a length is never read as an ethertype. */
#include "decode/internal.h"

enum { ETH_MAX_LENGTH = 1500 };

void
nc_dec_vlan(struct nc_pkt *k, struct nc_cur *c, uint16_t tpid)
{
	Netcap__Dot1Q q = NETCAP__DOT1_Q__INIT;
	struct nc_cur start = *c;
	uint16_t tci, type;

	if (++k->depth > NC_MAX_DEPTH) {
		nc_dec_undecoded(k, "Dot1Q", c, "too many nested headers");
		return;
	}
	tci = nc_cur_be16(c);
	type = nc_cur_be16(c);
	if (c->err) {
		nc_dec_truncated(k, "Dot1Q", &start, 4);
		return;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_DOT1Q)) {
		q.ts = k->ts;
		q.packet = k->packet;
		q.tpid = tpid;
		q.priority = tci >> 13;
		q.drop_eligible = (tci >> 12) & 1;
		q.vlan_identifier = tci & 0x0fff;
		if (type <= ETH_MAX_LENGTH)
			q.length = type;
		else
			q.type = type;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_DOT1Q, &q.base);
	}
	if (type <= ETH_MAX_LENGTH) {
		/* The length excludes the padding of short frames. */
		nc_cur_limit(c, type);
		nc_dec_llc(k, c, "Dot1Q");
		return;
	}
	nc_dec_ethertype(k, c, type, "Dot1Q");
}

/* The table's entries, one per TPID (dispatch.h). */
void
nc_dec_dot1q(struct nc_pkt *k, struct nc_cur *c)
{
	nc_dec_vlan(k, c, 0x8100);
}

void
nc_dec_dot1ad(struct nc_pkt *k, struct nc_cur *c)
{
	nc_dec_vlan(k, c, 0x88a8);
}

void
nc_dec_qinq_9100(struct nc_pkt *k, struct nc_cur *c)
{
	nc_dec_vlan(k, c, 0x9100);
}
