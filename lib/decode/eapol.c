/* EAP over LAN, IEEE 802.1X, ethertype 0x888e, and its EAPOL-Key
 * descriptors (802.1X RC4, and IEEE 802.11 RSN and WPA).
 *
 *	+---------+------+------------+------------------
 *	| version | type | length (2) | body (length bytes): EAP (type 0),
 *	+---------+------+------------+   key descriptor (type 3)
 *
 * 802.11 key descriptor (types 2 RSN, 254 WPA):
 *
 *	 0 descriptor type   1 key information (2)   3 key length (2)
 *	 5 replay counter (8)   13 nonce (32)   45 IV (16)   61 RSC (8)
 *	69 reserved (8)   77 MIC (16)   93 key data length (2)   95 data
 *
 * The MIC is taken as 16 bytes: AKMs with longer MICs (Suite B 192)
 * are told apart only by the association, which this layer never sees.
 * RC4 descriptor (type 1): key length (2), replay counter (8), IV (16),
 * index (1), signature (16), then the key up to the body's end. */
#include "decode/internal.h"

enum {
	EAPOL_HDR = 4,
	EAPOL_EAP = 0,
	EAPOL_START = 1,
	EAPOL_LOGOFF = 2,
	EAPOL_KEY = 3,
	KEY_RC4 = 1,
	KEY_RSN = 2,
	KEY_WPA = 254,
	RSN_FIXED = 95,
	RC4_FIXED = 44,
};

static uint64_t
be64(struct nc_cur *c)
{
	uint64_t v = nc_cur_be32(c);

	return v << 32 | nc_cur_be32(c);
}

static void
bin(ProtobufCBinaryData *b, struct nc_cur *c, size_t n)
{
	b->data = (uint8_t *)nc_cur_bytes(c, n);
	b->len = b->data != NULL ? n : 0;
}

static void
key(struct nc_pkt *k, struct nc_cur *c)
{
	Netcap__EAPOLKey y = NETCAP__EAPOLKEY__INIT;
	struct nc_cur at = *c;
	struct nc_issue is = { 0 };
	const uint8_t *p;
	size_t n;
	unsigned ki;

	y.descriptor_type = nc_cur_u8(c);
	if (c->err) {
		nc_dec_truncated(k, "EAPOLKey", &at, 1);
		return;
	}
	if (y.descriptor_type == KEY_RC4) {
		if (nc_cur_left(&at) < RC4_FIXED) {
			nc_dec_truncated(k, "EAPOLKey", &at, RC4_FIXED);
			return;
		}
		y.key_length = nc_cur_be16(c);
		y.replay_counter = be64(c);
		bin(&y.iv, c, 16);
		y.key_index = nc_cur_u8(c);
		bin(&y.mic, c, 16);
		p = nc_cur_rest(c, &n);
		y.key_data.data = (uint8_t *)p;
		y.key_data.len = n;
		y.key_data_length = (uint32_t)n;
	} else if (y.descriptor_type == KEY_RSN ||
	    y.descriptor_type == KEY_WPA) {
		if (nc_cur_left(&at) < RSN_FIXED) {
			nc_dec_truncated(k, "EAPOLKey", &at, RSN_FIXED);
			return;
		}
		ki = nc_cur_be16(c);
		y.key_info = ki;
		y.descriptor_version = ki & 7;
		y.key_type = (ki & 0x0008) != 0;
		y.key_index = (ki >> 4) & 3;
		y.install = (ki & 0x0040) != 0;
		y.key_ack = (ki & 0x0080) != 0;
		y.key_mic = (ki & 0x0100) != 0;
		y.secure = (ki & 0x0200) != 0;
		y.mic_error = (ki & 0x0400) != 0;
		y.request = (ki & 0x0800) != 0;
		y.encrypted_key_data = (ki & 0x1000) != 0;
		y.key_length = nc_cur_be16(c);
		y.replay_counter = be64(c);
		bin(&y.nonce, c, 32);
		bin(&y.iv, c, 16);
		bin(&y.rsc, c, 8);
		bin(&y.id, c, 8);
		bin(&y.mic, c, 16);
		y.key_data_length = nc_cur_be16(c);
		if (y.key_data_length > nc_cur_left(c)) {
			nc_dec_issue(&is, "EAPOLKey", c, "key data length %u, "
			    "%zu bytes left", y.key_data_length,
			    nc_cur_left(c));
			p = nc_cur_rest(c, &n);
		} else {
			n = y.key_data_length;
			p = nc_cur_bytes(c, n);
		}
		y.key_data.data = (uint8_t *)p;
		y.key_data.len = n;
	} else {
		nc_dec_undecoded(k, "EAPOLKey", &at, "unknown key descriptor "
		    "type %u", y.descriptor_type);
		return;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_EAPOL_KEY)) {
		y.ts = k->ts;
		y.packet = k->packet;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_EAPOL_KEY, &y.base);
	}
	nc_dec_flush_issue(k, &is);
}

void
nc_dec_eapol(struct nc_pkt *k, struct nc_cur *c)
{
	Netcap__EAPOL e = NETCAP__EAPOL__INIT;
	struct nc_cur at = *c;

	e.version = nc_cur_u8(c);
	e.type = nc_cur_u8(c);
	e.length = nc_cur_be16(c);
	if (c->err) {
		nc_dec_truncated(k, "EAPOL", &at, EAPOL_HDR);
		return;
	}
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_EAPOL)) {
		e.ts = k->ts;
		e.packet = k->packet;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_EAPOL, &e.base);
	}
	/* The length ends the body before any Ethernet padding. */
	nc_cur_limit(c, e.length);
	if (nc_cur_left(c) < e.length) {
		nc_dec_undecoded(k, "EAPOL", c, "truncated body: %zu of %u "
		    "bytes", nc_cur_left(c), e.length);
		return;
	}
	switch (e.type) {
	case EAPOL_EAP:
		nc_dec_eap(k, c);
		break;
	case EAPOL_KEY:
		key(k, c);
		break;
	default:
		if (e.length > 0)
			nc_dec_undecoded(k, "EAPOL", c, "unsupported EAPOL "
			    "type %u body", e.type);
		break;
	}
}
