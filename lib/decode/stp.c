/* Spanning tree BPDUs: IEEE 802.1D STP, 802.1w RSTP (version 2) and
 * 802.1s/802.1Q MSTP (version 3), after LLC SAP 0x42 or Cisco PVST+.
 *
 *	 0   protocol id (2) = 0   version (1)   BPDU type (1)
 *	     -- a TCN BPDU (type 0x80) ends here --
 *	 4   flags (1)   root id (8)   root path cost (4)   bridge id (8)
 *	25   port id (2)   message age, max age, hello, forward delay (2 each)
 *	35   version 1 length (1)                      RST and MST BPDUs
 *	36   version 3 length (2)   MST config id (51)  CIST internal root
 *	     path cost (4)  CIST bridge id (8)  remaining hops (1)  MSTIs (16
 *	     each)                                     MST BPDUs
 *
 * A bridge id is a 4-bit priority, a 12-bit system id extension (the
 * VLAN or instance) and a MAC address; the timers count 1/256 s.  PVST+
 * appends a TLV with the originating VLAN. */
#include "decode/internal.h"
#include "decode/text.h"

#include <string.h>

enum {
	STP_TCN = 0x80,
	STP_CONFIG = 0x00,
	STP_RST = 0x02,
	CONFIG_LEN = 35,
	RST_LEN = 36,
	MST_FIXED = 64,		/* version 3 length without MSTIs */
	MSTI_LEN = 16,
	MAX_MSTI = 64,		/* 802.1Q allows 64 instances */
};

struct bridge_id {
	uint32_t prio, ext;
	const uint8_t *mac;
};

static void
bridge_id(struct nc_cur *c, struct bridge_id *b)
{
	uint16_t v = nc_cur_be16(c);

	b->prio = v & 0xf000;
	b->ext = v & 0x0fff;
	b->mac = nc_cur_bytes(c, 6);
}


static double
timer(struct nc_cur *c)
{
	return nc_cur_be16(c) / 256.0;
}

/* MST part after the version 1 length; problems go to is. */
static void
mst(struct nc_cur *c, Netcap__STP *s, Netcap__STPMSTI *m,
    Netcap__STPMSTI **mp, struct nc_issue *is)
{
	struct nc_cur at = *c, v3;
	struct bridge_id b;
	const uint8_t *p;
	size_t i, n;

	if (nc_cur_left(c) == 0)
		return;		/* an RST BPDU from an MST bridge */
	s->version_3_length = nc_cur_be16(c);
	if (c->err) {
		nc_dec_issue(is, "STP", &at, "truncated version 3 length");
		return;
	}
	s->_version_3_length_case =
	    NETCAP__STP___VERSION_3_LENGTH_VERSION_3_LENGTH;
	if (s->version_3_length < MST_FIXED ||
	    (s->version_3_length - MST_FIXED) % MSTI_LEN != 0) {
		nc_dec_issue(is, "STP", &at, "bad version 3 length %u",
		    s->version_3_length);
		return;
	}
	v3 = nc_cur_sub(c, s->version_3_length);
	if (v3.err) {
		nc_dec_issue(is, "STP", &at, "truncated MST part: %zu of %u "
		    "bytes", nc_cur_left(&at) - 2, s->version_3_length);
		return;
	}
	s->mst_config_format = nc_cur_u8(&v3);
	p = nc_cur_bytes(&v3, 32);
	/* NUL-padded, not always terminated. */
	s->mst_config_name = nc_dec_cstr(p, 32, 32);
	s->mst_config_revision = nc_cur_be16(&v3);
	s->mst_config_digest.data = (uint8_t *)nc_cur_bytes(&v3, 16);
	s->mst_config_digest.len = 16;
	s->cist_internal_root_path_cost = nc_cur_be32(&v3);
	bridge_id(&v3, &b);
	s->cist_bridge_priority = b.prio;
	s->cist_bridge_system_id = b.ext;
	s->cist_bridge_mac.data = (uint8_t *)b.mac;
	s->cist_bridge_mac.len = 6;
	s->cist_remaining_hops = nc_cur_u8(&v3);
	n = nc_cur_left(&v3) / MSTI_LEN;
	for (i = 0; i < n && i < MAX_MSTI; i++) {
		netcap__stpmsti__init(&m[i]);
		m[i].flags = nc_cur_u8(&v3);
		bridge_id(&v3, &b);
		m[i].regional_root_priority = b.prio;
		m[i].msti_id = b.ext;
		m[i].regional_root_mac.data = (uint8_t *)b.mac;
		m[i].regional_root_mac.len = 6;
		m[i].internal_root_path_cost = nc_cur_be32(&v3);
		m[i].bridge_priority = nc_cur_u8(&v3) >> 4;
		m[i].port_priority = nc_cur_u8(&v3) >> 4;
		m[i].remaining_hops = nc_cur_u8(&v3);
		mp[i] = &m[i];
	}
	if (n > MAX_MSTI)
		nc_dec_issue(is, "STP", &v3, "%zu MSTI messages, more than %d",
		    n, MAX_MSTI);
	s->n_mstis = i;
	s->mstis = mp;
}

void
nc_dec_stp(struct nc_pkt *k, struct nc_cur *c)
{
	Netcap__STP s = NETCAP__STP__INIT;
	Netcap__STPMSTI m[MAX_MSTI], *mp[MAX_MSTI];
	struct nc_issue is = { 0 };
	struct nc_cur at = *c;
	struct bridge_id b;
	size_t need;

	s.protocol_id = nc_cur_be16(c);
	s.version = nc_cur_u8(c);
	s.bpdu_type = nc_cur_u8(c);
	if (c->err) {
		nc_dec_truncated(k, "STP", &at, 4);
		return;
	}
	if (s.protocol_id != 0) {
		nc_dec_undecoded(k, "STP", &at, "not STP: protocol id 0x%04x",
		    s.protocol_id);
		return;
	}
	switch (s.bpdu_type) {
	case STP_TCN:
		need = 4;
		break;
	case STP_CONFIG:
		need = CONFIG_LEN;
		break;
	case STP_RST:
		need = RST_LEN;
		break;
	default:
		nc_dec_undecoded(k, "STP", &at, "unknown BPDU type 0x%02x",
		    s.bpdu_type);
		return;
	}
	if (nc_cur_left(&at) < need) {
		nc_dec_truncated(k, "STP", &at, need);
		return;
	}
	if (s.bpdu_type != STP_TCN) {
		s.flags = nc_cur_u8(c);
		s.tc = s.flags & 0x01;
		s.tca = (s.flags & 0x80) != 0;
		if (s.bpdu_type == STP_RST) {
			s.proposal = (s.flags & 0x02) != 0;
			s.port_role = (s.flags >> 2) & 3;
			s.learning = (s.flags & 0x10) != 0;
			s.forwarding = (s.flags & 0x20) != 0;
			s.agreement = (s.flags & 0x40) != 0;
		}
		bridge_id(c, &b);
		s.root_priority = b.prio;
		s.root_system_id = b.ext;
		s.root_mac.data = (uint8_t *)b.mac;
		s.root_mac.len = 6;
		s.root_path_cost = nc_cur_be32(c);
		bridge_id(c, &b);
		s.bridge_priority = b.prio;
		s.bridge_system_id = b.ext;
		s.bridge_mac.data = (uint8_t *)b.mac;
		s.bridge_mac.len = 6;
		s.port_id = nc_cur_be16(c);
		s.message_age = timer(c);
		s.max_age = timer(c);
		s.hello_time = timer(c);
		s.forward_delay = timer(c);
	}
	if (s.bpdu_type == STP_RST) {
		s.version_1_length = nc_cur_u8(c);
		s._version_1_length_case =
		    NETCAP__STP___VERSION_1_LENGTH_VERSION_1_LENGTH;
		if (s.version >= 3)
			mst(c, &s, m, mp, &is);
	}
	/* Cisco PVST+: type 0, length 2, the VLAN. */
	if (nc_cur_left(c) == 6 && nc_cur_peek(c, 0) == 0 &&
	    nc_cur_peek(c, 1) == 0 && nc_cur_peek(c, 2) == 0 &&
	    nc_cur_peek(c, 3) == 2) {
		nc_cur_skip(c, 4);
		s.originating_vlan = nc_cur_be16(c);
		s._originating_vlan_case =
		    NETCAP__STP___ORIGINATING_VLAN_ORIGINATING_VLAN;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_STP)) {
		s.ts = k->ts;
		s.packet = k->packet;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_STP, &s.base);
	}
	nc_dec_flush_issue(k, &is);
}
