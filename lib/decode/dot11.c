/* IEEE 802.11 MAC frames, IEEE Std 802.11-2020 clause 9; link type 105
 * and the frame after a radiotap header.
 *
 *	+-------+-------+----------+-------+-------+-------+---------+-------+
 *	| frame | dura- | address1 | addr2 | addr3 | seq.  | addr4   | QoS,  |
 *	| ctl 2 | tion 2|    6     |   6   |   6   | ctl 2 | 6 (WDS) | HTC   |
 *	+-------+-------+----------+-------+-------+-------+---------+-------+
 *	  body (management fixed fields and elements, or LLC/SNAP), FCS 4
 *
 * Multi-byte fields are little-endian.  Which addresses a frame has
 * depends on its type: control frames carry one or two and no sequence
 * control; data frames with both DS bits a fourth.  Roles (receiver,
 * transmitter, BSSID, source, destination) follow the DS bits (table
 * 9-30) and are named as Wireshark's wlan.ra/ta/bssid/sa/da.
 *
 * Only an unprotected data body goes up the stack, through LLC/SNAP;
 * protected bodies and A-MSDUs are Undecoded.  Elements are id, length,
 * value; a length past the body stops the element walk. */
#include "decode/internal.h"

#include <string.h>

enum {
	T_MGMT = 0,
	T_CTRL = 1,
	T_DATA = 2,
	F_TO_DS = 0x01,
	F_FROM_DS = 0x02,
	F_MORE_FRAG = 0x04,
	F_RETRY = 0x08,
	F_PWR = 0x10,
	F_MORE_DATA = 0x20,
	F_PROTECTED = 0x40,
	F_ORDER = 0x80,
	RT_FCS = 0x10,		/* radiotap flags */
	RT_DATAPAD = 0x20,
	MAX_IE = 1024,		/* elements of one frame kept */
	MAX_RATES = 256,
	MAX_SUITES = 64,
	SSID_TEXT = 255 * 4 + 1,
	E_SSID = 0,
	E_RATES = 1,
	E_DS = 3,
	E_COUNTRY = 7,
	E_RSN = 48,
	E_EXT_RATES = 50,
};

/* Management subtypes. */
enum {
	M_ASSOC_REQ = 0, M_ASSOC_RESP = 1, M_REASSOC_REQ = 2,
	M_REASSOC_RESP = 3, M_PROBE_REQ = 4, M_PROBE_RESP = 5,
	M_BEACON = 8, M_ATIM = 9, M_DISASSOC = 10, M_AUTH = 11,
	M_DEAUTH = 12,
};

struct d11_buf {
	uint32_t ids[MAX_IE];
	uint32_t rates[MAX_RATES], xrates[MAX_RATES];
	uint32_t pairwise[MAX_SUITES], akms[MAX_SUITES];
	char ssid[SSID_TEXT];
	char country[3 * 4 + 1];
};

static void
mac(ProtobufCBinaryData *b, const uint8_t *p)
{
	if (p != NULL) {
		b->data = (uint8_t *)p;
		b->len = 6;
	}
}

/* Printable ASCII as it is, "\" as "\\", other bytes as \xNN, so the text
 * is valid UTF-8 and says which bytes were sent. */
static char *
text(char *dst, const uint8_t *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char *q = dst;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\\') {
			*q++ = '\\';
			*q++ = '\\';
		} else if (p[i] >= 0x20 && p[i] < 0x7f) {
			*q++ = (char)p[i];
		} else {
			*q++ = '\\';
			*q++ = 'x';
			*q++ = hex[p[i] >> 4];
			*q++ = hex[p[i] & 0xf];
		}
	}
	*q = '\0';
	return dst;
}

/* A cipher or AKM suite: OUI and type as one number, as Wireshark shows
 * wlan.rsn.gcs. */
static uint32_t
suite(struct nc_cur *v)
{
	return nc_cur_be32(v);
}

/* A suite count and list; -1 if the element is too short for it. */
static int
suites(struct nc_cur *v, uint32_t *out, size_t *n)
{
	unsigned cnt = nc_cur_le16(v), i;

	if (v->err || (size_t)cnt * 4 > nc_cur_left(v))
		return -1;
	for (i = 0; i < cnt; i++) {
		if (*n < MAX_SUITES)
			out[(*n)++] = suite(v);
		else
			nc_cur_skip(v, 4);
	}
	return 0;
}

static void
rsn(Netcap__Dot11 *d, struct d11_buf *b, struct nc_cur *v,
    struct nc_issue *is, const struct nc_cur *at)
{
	d->rsn_version = nc_cur_le16(v);
	if (v->err) {
		nc_dec_issue(is, "Dot11", at, "RSN element too short");
		return;
	}
	d->_rsn_version_case = NETCAP__DOT11___RSN_VERSION_RSN_VERSION;
	/* Every part after the version is optional, in order. */
	if (nc_cur_left(v) == 0)
		return;
	d->rsn_group_cipher = suite(v);
	if (v->err)
		goto bad;
	d->_rsn_group_cipher_case =
	    NETCAP__DOT11___RSN_GROUP_CIPHER_RSN_GROUP_CIPHER;
	if (nc_cur_left(v) == 0)
		return;
	if (suites(v, b->pairwise, &d->n_rsn_pairwise_ciphers) < 0)
		goto bad;
	if (nc_cur_left(v) == 0)
		return;
	if (suites(v, b->akms, &d->n_rsn_akms) < 0)
		goto bad;
	if (nc_cur_left(v) == 0)
		return;
	d->rsn_capabilities = nc_cur_le16(v);
	if (v->err)
		goto bad;
	d->_rsn_capabilities_case =
	    NETCAP__DOT11___RSN_CAPABILITIES_RSN_CAPABILITIES;
	return;
bad:
	nc_dec_issue(is, "Dot11", at, "RSN element: suite list past its "
	    "length");
}

static void
rates(uint32_t *out, size_t *n, struct nc_cur *v)
{
	while (nc_cur_left(v) > 0 && *n < MAX_RATES)
		out[(*n)++] = nc_cur_u8(v);
}

/* The information elements to the end of the body. */
static void
elements(Netcap__Dot11 *d, struct d11_buf *b, struct nc_cur *c,
    struct nc_issue *is)
{
	struct nc_cur at, v;
	const uint8_t *p;
	size_t n;
	unsigned id, len;

	while (nc_cur_left(c) > 0) {
		at = *c;
		id = nc_cur_u8(c);
		len = nc_cur_u8(c);
		if (c->err) {
			nc_dec_issue(is, "Dot11", &at, "truncated element "
			    "header");
			return;
		}
		v = nc_cur_sub(c, len);
		if (v.err) {
			nc_dec_issue(is, "Dot11", &at, "element %u length %u "
			    "past the end (%zu bytes left)", id, len,
			    nc_cur_left(&at) - 2);
			return;
		}
		if (d->n_element_ids == MAX_IE) {
			nc_dec_issue(is, "Dot11", &at, "more than %d elements",
			    MAX_IE);
			return;
		}
		b->ids[d->n_element_ids++] = id;
		switch (id) {
		case E_SSID:
			/* The first SSID counts; mesh and multi-BSSID
			 * frames may carry more. */
			if (d->_ssid_present_case)
				break;
			p = nc_cur_rest(&v, &n);
			d->ssid.data = (uint8_t *)p;
			d->ssid.len = n;
			d->ssid_text = text(b->ssid, p, n);
			d->ssid_present = 1;
			d->_ssid_present_case =
			    NETCAP__DOT11___SSID_PRESENT_SSID_PRESENT;
			break;
		case E_RATES:
			rates(b->rates, &d->n_supported_rates, &v);
			break;
		case E_EXT_RATES:
			rates(b->xrates, &d->n_extended_supported_rates, &v);
			break;
		case E_DS:
			if (len < 1)
				break;
			d->ds_channel = nc_cur_u8(&v);
			d->_ds_channel_case =
			    NETCAP__DOT11___DS_CHANNEL_DS_CHANNEL;
			break;
		case E_COUNTRY:
			if (len < 3) {
				nc_dec_issue(is, "Dot11", &at, "country "
				    "element of %u bytes", len);
				break;
			}
			p = nc_cur_bytes(&v, 2);
			d->country_code = text(b->country, p, 2);
			d->country_environment = nc_cur_u8(&v);
			d->_country_environment_case =
			    NETCAP__DOT11___COUNTRY_ENVIRONMENT_COUNTRY_ENVIRONMENT;
			break;
		case E_RSN:
			if (!d->_rsn_version_case)
				rsn(d, b, &v, is, &at);
			break;
		}
	}
}

/* The fixed fields before the elements of a management frame. */
static void
mgmt_body(Netcap__Dot11 *d, struct d11_buf *b, struct nc_cur *c,
    struct nc_issue *is)
{
	struct nc_cur at = *c;
	unsigned st = d->subtype;
	int ies = 1;

	switch (st) {
	case M_BEACON:
	case M_PROBE_RESP:
		d->timestamp = nc_cur_le64(c);
		d->beacon_interval = nc_cur_le16(c);
		d->capability_info = nc_cur_le16(c);
		if (c->err)
			break;
		d->_timestamp_case = NETCAP__DOT11___TIMESTAMP_TIMESTAMP;
		d->_beacon_interval_case =
		    NETCAP__DOT11___BEACON_INTERVAL_BEACON_INTERVAL;
		d->_capability_info_case =
		    NETCAP__DOT11___CAPABILITY_INFO_CAPABILITY_INFO;
		break;
	case M_ASSOC_REQ:
	case M_REASSOC_REQ:
		d->capability_info = nc_cur_le16(c);
		d->listen_interval = nc_cur_le16(c);
		if (st == M_REASSOC_REQ)
			mac(&d->current_ap_mac, nc_cur_bytes(c, 6));
		if (c->err)
			break;
		d->_capability_info_case =
		    NETCAP__DOT11___CAPABILITY_INFO_CAPABILITY_INFO;
		d->_listen_interval_case =
		    NETCAP__DOT11___LISTEN_INTERVAL_LISTEN_INTERVAL;
		break;
	case M_ASSOC_RESP:
	case M_REASSOC_RESP:
		d->capability_info = nc_cur_le16(c);
		d->status_code = nc_cur_le16(c);
		d->association_id = nc_cur_le16(c) & 0x3fff;
		if (c->err)
			break;
		d->_capability_info_case =
		    NETCAP__DOT11___CAPABILITY_INFO_CAPABILITY_INFO;
		d->_status_code_case = NETCAP__DOT11___STATUS_CODE_STATUS_CODE;
		d->_association_id_case =
		    NETCAP__DOT11___ASSOCIATION_ID_ASSOCIATION_ID;
		break;
	case M_AUTH:
		d->auth_algorithm = nc_cur_le16(c);
		d->auth_seq = nc_cur_le16(c);
		d->status_code = nc_cur_le16(c);
		if (c->err)
			break;
		d->_auth_algorithm_case =
		    NETCAP__DOT11___AUTH_ALGORITHM_AUTH_ALGORITHM;
		d->_auth_seq_case = NETCAP__DOT11___AUTH_SEQ_AUTH_SEQ;
		d->_status_code_case = NETCAP__DOT11___STATUS_CODE_STATUS_CODE;
		/* SAE's commit and confirm fields are not elements. */
		if (d->auth_algorithm == 3)
			ies = 0;
		break;
	case M_DISASSOC:
	case M_DEAUTH:
		d->reason_code = nc_cur_le16(c);
		if (c->err)
			break;
		d->_reason_code_case = NETCAP__DOT11___REASON_CODE_REASON_CODE;
		break;		/* a broadcast one of 802.11w ends in an MMIE */
	case M_PROBE_REQ:
		break;
	default:
		/* Action and the rest: the body stays in payload_size. */
		return;
	}
	if (c->err) {
		nc_dec_issue(is, "Dot11", &at, "management subtype %u body "
		    "of %zu bytes is too short", st, nc_cur_left(&at));
		return;
	}
	if (ies)
		elements(d, b, c, is);
}

static void
roles(Netcap__Dot11 *d, const uint8_t *a1, const uint8_t *a2,
    const uint8_t *a3, const uint8_t *a4)
{
	mac(&d->address1_mac, a1);
	mac(&d->address2_mac, a2);
	mac(&d->address3_mac, a3);
	mac(&d->address4_mac, a4);
	mac(&d->receiver_mac, a1);
	/* CF-End's second address is the BSSID, not named a transmitter. */
	if (!(d->type == T_CTRL && (d->subtype == 14 || d->subtype == 15)))
		mac(&d->transmitter_mac, a2);
	switch (d->type) {
	case T_MGMT:
		mac(&d->destination_mac, a1);
		mac(&d->source_mac, a2);
		mac(&d->bssid_mac, a3);
		break;
	case T_DATA:
		switch (d->flags & (F_TO_DS | F_FROM_DS)) {
		case 0:
			mac(&d->destination_mac, a1);
			mac(&d->source_mac, a2);
			mac(&d->bssid_mac, a3);
			break;
		case F_TO_DS:
			mac(&d->bssid_mac, a1);
			mac(&d->source_mac, a2);
			mac(&d->destination_mac, a3);
			break;
		case F_FROM_DS:
			mac(&d->destination_mac, a1);
			mac(&d->bssid_mac, a2);
			mac(&d->source_mac, a3);
			break;
		default:
			mac(&d->destination_mac, a3);
			mac(&d->source_mac, a4);
			break;
		}
		break;
	case T_CTRL:
		/* PS-Poll is sent to the BSSID; CF-End from it. */
		if (d->subtype == 10)
			mac(&d->bssid_mac, a1);
		else if (d->subtype == 14 || d->subtype == 15)
			mac(&d->bssid_mac, a2);
		break;
	}
}

/* Control subtypes with a transmitter address after the receiver. */
static int
ctrl_has_a2(unsigned st)
{
	return st == 2 || st == 3 || st == 4 || st == 5 || st == 8 ||
	    st == 9 || st == 10 || st == 11 || st == 14 || st == 15;
}

void
nc_dec_dot11_rt(struct nc_pkt *k, struct nc_cur *c, unsigned rtflags)
{
	Netcap__Dot11 d = NETCAP__DOT11__INIT;
	struct d11_buf b;
	struct nc_issue is = { 0 };
	struct nc_cur at = *c, fcs;
	const uint8_t *a1, *a2 = NULL, *a3 = NULL, *a4 = NULL;
	size_t need = 10, hlen, wire;
	unsigned fc0, seq, qos;
	int body = 0;

	if (rtflags & RT_FCS) {
		/* The FCS ends the frame on the wire; when a snap length
		 * cut it off, only the window shrinks. */
		wire = nc_dec_wire_left(k, c);
		if (wire < 4 || nc_cur_left(c) < 4) {
			nc_dec_truncated(k, "Dot11", &at, 14);
			return;
		}
		if (wire == nc_cur_left(c)) {
			fcs = nc_cur_tail(c, 4);
			d.fcs = nc_cur_le32(&fcs);
			d._fcs_case = NETCAP__DOT11___FCS_FCS;
		}
		nc_cur_limit(c, wire - 4);
	}
	fc0 = nc_cur_u8(c);
	d.flags = nc_cur_u8(c);
	d.duration_id = nc_cur_le16(c);
	a1 = nc_cur_bytes(c, 6);
	if (c->err) {
		nc_dec_truncated(k, "Dot11", &at, need);
		return;
	}
	d.proto = fc0 & 3;
	d.type = fc0 >> 2 & 3;
	d.subtype = fc0 >> 4;
	d.type_subtype = d.type << 4 | d.subtype;
	if (d.proto != 0) {
		/* Another version, or not 802.11 at all: nothing after
		 * the frame control can be trusted. */
		nc_dec_undecoded(k, "Dot11", &at, "protocol version %u",
		    d.proto);
		return;
	}
	d.to_ds = (d.flags & F_TO_DS) != 0;
	d.from_ds = (d.flags & F_FROM_DS) != 0;
	d.more_fragments = (d.flags & F_MORE_FRAG) != 0;
	d.retry = (d.flags & F_RETRY) != 0;
	d.power_management = (d.flags & F_PWR) != 0;
	d.more_data = (d.flags & F_MORE_DATA) != 0;
	d.protected_ = (d.flags & F_PROTECTED) != 0;
	d.order = (d.flags & F_ORDER) != 0;
	if (d.type == T_CTRL) {
		if (ctrl_has_a2(d.subtype)) {
			need = 16;
			a2 = nc_cur_bytes(c, 6);
		}
	} else if (d.type == T_MGMT || d.type == T_DATA) {
		need = 24;
		a2 = nc_cur_bytes(c, 6);
		a3 = nc_cur_bytes(c, 6);
		seq = nc_cur_le16(c);
		d.sequence_number = seq >> 4;
		d._sequence_number_case =
		    NETCAP__DOT11___SEQUENCE_NUMBER_SEQUENCE_NUMBER;
		d.fragment_number = seq & 0xf;
		d._fragment_number_case =
		    NETCAP__DOT11___FRAGMENT_NUMBER_FRAGMENT_NUMBER;
		if (d.type == T_DATA && d.to_ds && d.from_ds) {
			need += 6;
			a4 = nc_cur_bytes(c, 6);
		}
		if (d.type == T_DATA && (d.subtype & 8)) {
			need += 2;
			qos = nc_cur_le16(c);
			d.qos_control = qos;
			d._qos_control_case =
			    NETCAP__DOT11___QOS_CONTROL_QOS_CONTROL;
			d.qos_tid = qos & 0xf;
			d._qos_tid_case = NETCAP__DOT11___QOS_TID_QOS_TID;
			d.qos_ack_policy = qos >> 5 & 3;
			d._qos_ack_policy_case =
			    NETCAP__DOT11___QOS_ACK_POLICY_QOS_ACK_POLICY;
			d.qos_amsdu = (qos & 0x80) != 0;
			d._qos_amsdu_case =
			    NETCAP__DOT11___QOS_AMSDU_QOS_AMSDU;
		}
		/* The order bit announces an HT Control field in QoS data
		 * and management frames; in others it means strict order. */
		if (d.order && (d.type == T_MGMT || (d.subtype & 8))) {
			need += 4;
			d.ht_control = nc_cur_le32(c);
			if (!c->err)
				d._ht_control_case =
				    NETCAP__DOT11___HT_CONTROL_HT_CONTROL;
		}
	}
	if (c->err) {
		nc_dec_truncated(k, "Dot11", &at, need);
		return;
	}
	hlen = nc_cur_offset(c, at.p);
	if ((rtflags & RT_DATAPAD) && hlen % 4 != 0) {
		nc_cur_skip(c, 4 - hlen % 4);
		if (c->err) {
			nc_dec_truncated(k, "Dot11", &at, hlen + 4 - hlen % 4);
			return;
		}
	}
	d.payload_size = (uint32_t)nc_cur_left(c);
	roles(&d, a1, a2, a3, a4);
	if (d.type == T_MGMT && !d.protected_) {
		mgmt_body(&d, &b, c, &is);
	} else if (d.type == T_DATA && !(d.subtype & 4))
		body = 1;		/* subtypes with bit 2 carry no data */
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_DOT11)) {
		d.ts = k->ts;
		d.packet = k->packet;
		d.element_ids = b.ids;
		d.supported_rates = b.rates;
		d.extended_supported_rates = b.xrates;
		d.rsn_pairwise_ciphers = b.pairwise;
		d.rsn_akms = b.akms;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_DOT11, &d.base);
	}
	nc_dec_flush_issue(k, &is);
	if (d.type == T_MGMT && d.protected_ && nc_cur_left(c) > 0)
		nc_dec_undecoded(k, "Dot11", c, "protected management frame "
		    "body");
	if (!body || nc_cur_left(c) == 0)
		return;
	if (d.protected_)
		nc_dec_undecoded(k, "Dot11", c, "protected frame body");
	else if (d.qos_amsdu)
		nc_dec_undecoded(k, "Dot11", c, "A-MSDU not decoded");
	else
		nc_dec_llc(k, c, "Dot11");
}

void
nc_dec_dot11(struct nc_pkt *k, struct nc_cur *c)
{
	nc_dec_dot11_rt(k, c, 0);
}
