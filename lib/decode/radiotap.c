/* Radiotap capture header, link type 127 (https://www.radiotap.org).
 *
 *	+---------+---------+-------------------+
 *	| version | pad     | length (LE16)     |
 *	+---------+---------+-------------------+
 *	| present word (LE32), bit 31: another follows ...
 *	+---------------------------------------+
 *	| fields in bit order, each aligned to its natural size
 *	| counted from the start of the header ...
 *	+---------------------------------------+
 *	| 802.11 frame (at "length")
 *
 * Bit 29 in a word starts a new radiotap namespace with the next word
 * (Linux drivers put per-chain signal and antenna there); bit 30 a vendor
 * namespace, whose 6-byte header (OUI, sub namespace, skip length) is the
 * field for bit 30 and whose data we step over.  Bit 28 says the rest of
 * the header is a list of TLVs (type, length: LE16 each; data padded to
 * 4), which newer fields (EHT, U-SIG) use; their types are listed.  A
 * field we do not know has no known size, so parsing the fields stops
 * there (as Wireshark and the Linux iterator do); the length still leads
 * to the 802.11 frame. */
#include "decode/internal.h"

#include <string.h>

enum {
	RT_HDR = 8,
	MAX_WORDS = 32,		/* presence words kept; more stop parsing */
	MAX_CHAINS = 32,
	MAX_TLVS = 64,
	B_TLV = 28,
	B_RT_NS = 29,
	B_VENDOR_NS = 30,
	B_EXT = 31,
	F_FCS = 0x10,
};

/* Alignment and size of the fields of the radiotap namespace, by bit.
 * Size 0: unknown, parsing stops. */
static const struct {
	uint8_t align, size;
} fields[] = {
	{ 8, 8 },	/* 0 TSFT */
	{ 1, 1 },	/* 1 flags */
	{ 1, 1 },	/* 2 rate */
	{ 2, 4 },	/* 3 channel */
	{ 1, 2 },	/* 4 FHSS */
	{ 1, 1 },	/* 5 dBm antenna signal */
	{ 1, 1 },	/* 6 dBm antenna noise */
	{ 2, 2 },	/* 7 lock quality */
	{ 2, 2 },	/* 8 TX attenuation */
	{ 2, 2 },	/* 9 dB TX attenuation */
	{ 1, 1 },	/* 10 dBm TX power */
	{ 1, 1 },	/* 11 antenna */
	{ 1, 1 },	/* 12 dB antenna signal */
	{ 1, 1 },	/* 13 dB antenna noise */
	{ 2, 2 },	/* 14 RX flags */
	{ 2, 2 },	/* 15 TX flags */
	{ 1, 1 },	/* 16 RTS retries */
	{ 1, 1 },	/* 17 data retries */
	{ 4, 8 },	/* 18 XChannel */
	{ 1, 3 },	/* 19 MCS */
	{ 4, 8 },	/* 20 A-MPDU status */
	{ 2, 12 },	/* 21 VHT */
	{ 8, 12 },	/* 22 timestamp */
	{ 2, 12 },	/* 23 HE */
	{ 2, 12 },	/* 24 HE-MU */
	{ 2, 6 },	/* 25 HE-MU other user */
	{ 1, 1 },	/* 26 0-length PSDU */
	{ 2, 4 },	/* 27 L-SIG */
};

struct rt_state {
	Netcap__RadioTap *r;
	uint32_t words[MAX_WORDS];
	int32_t chain_sig[MAX_CHAINS];
	uint32_t chain_ant[MAX_CHAINS];
	uint32_t tlv_types[MAX_TLVS];
	int first;			/* in the first radiotap namespace */
};

/* Steps c to the next multiple of a from base. */
static void
align(struct nc_cur *c, const uint8_t *base, size_t a)
{
	size_t off = nc_cur_offset(c, base);

	if (off % a != 0)
		nc_cur_skip(c, a - off % a);
}

/* Stores the field of radiotap bit b, f being exactly its bytes. */
static void
store(struct rt_state *s, unsigned b, struct nc_cur *f)
{
	Netcap__RadioTap *r = s->r;

	if (!s->first) {
		/* Later namespaces: only what tells the chains apart. */
		if (b == 5 && r->n_chain_dbm_antenna_signal < MAX_CHAINS)
			s->chain_sig[r->n_chain_dbm_antenna_signal++] =
			    (int8_t)nc_cur_peek(f, 0);
		else if (b == 11 && r->n_chain_antenna < MAX_CHAINS)
			s->chain_ant[r->n_chain_antenna++] = nc_cur_peek(f, 0);
		return;
	}
	switch (b) {
	case 0:
		r->tsft = nc_cur_peek_le64(f, 0);
		r->_tsft_case = NETCAP__RADIO_TAP___TSFT_TSFT;
		break;
	case 1:
		r->flags = nc_cur_peek(f, 0);
		r->_flags_case = NETCAP__RADIO_TAP___FLAGS_FLAGS;
		r->fcs_at_end = (nc_cur_peek(f, 0) & F_FCS) != 0;
		break;
	case 2:
		r->rate = nc_cur_peek(f, 0);
		r->_rate_case = NETCAP__RADIO_TAP___RATE_RATE;
		break;
	case 3:
		r->channel_frequency = nc_cur_peek_le16(f, 0);
		r->_channel_frequency_case =
		    NETCAP__RADIO_TAP___CHANNEL_FREQUENCY_CHANNEL_FREQUENCY;
		r->channel_flags = nc_cur_peek_le16(f, 2);
		r->_channel_flags_case =
		    NETCAP__RADIO_TAP___CHANNEL_FLAGS_CHANNEL_FLAGS;
		break;
	case 4:
		r->fhss = nc_cur_peek_be16(f, 0);
		r->_fhss_case = NETCAP__RADIO_TAP___FHSS_FHSS;
		break;
	case 5:
		r->dbm_antenna_signal = (int8_t)nc_cur_peek(f, 0);
		r->_dbm_antenna_signal_case =
		    NETCAP__RADIO_TAP___DBM_ANTENNA_SIGNAL_DBM_ANTENNA_SIGNAL;
		break;
	case 6:
		r->dbm_antenna_noise = (int8_t)nc_cur_peek(f, 0);
		r->_dbm_antenna_noise_case =
		    NETCAP__RADIO_TAP___DBM_ANTENNA_NOISE_DBM_ANTENNA_NOISE;
		break;
	case 7:
		r->lock_quality = nc_cur_peek_le16(f, 0);
		r->_lock_quality_case =
		    NETCAP__RADIO_TAP___LOCK_QUALITY_LOCK_QUALITY;
		break;
	case 8:
		r->tx_attenuation = nc_cur_peek_le16(f, 0);
		r->_tx_attenuation_case =
		    NETCAP__RADIO_TAP___TX_ATTENUATION_TX_ATTENUATION;
		break;
	case 9:
		r->db_tx_attenuation = nc_cur_peek_le16(f, 0);
		r->_db_tx_attenuation_case =
		    NETCAP__RADIO_TAP___DB_TX_ATTENUATION_DB_TX_ATTENUATION;
		break;
	case 10:
		r->dbm_tx_power = (int8_t)nc_cur_peek(f, 0);
		r->_dbm_tx_power_case =
		    NETCAP__RADIO_TAP___DBM_TX_POWER_DBM_TX_POWER;
		break;
	case 11:
		r->antenna = nc_cur_peek(f, 0);
		r->_antenna_case = NETCAP__RADIO_TAP___ANTENNA_ANTENNA;
		break;
	case 12:
		r->db_antenna_signal = nc_cur_peek(f, 0);
		r->_db_antenna_signal_case =
		    NETCAP__RADIO_TAP___DB_ANTENNA_SIGNAL_DB_ANTENNA_SIGNAL;
		break;
	case 13:
		r->db_antenna_noise = nc_cur_peek(f, 0);
		r->_db_antenna_noise_case =
		    NETCAP__RADIO_TAP___DB_ANTENNA_NOISE_DB_ANTENNA_NOISE;
		break;
	case 14:
		r->rx_flags = nc_cur_peek_le16(f, 0);
		r->_rx_flags_case = NETCAP__RADIO_TAP___RX_FLAGS_RX_FLAGS;
		break;
	case 15:
		r->tx_flags = nc_cur_peek_le16(f, 0);
		r->_tx_flags_case = NETCAP__RADIO_TAP___TX_FLAGS_TX_FLAGS;
		break;
	case 16:
		r->rts_retries = nc_cur_peek(f, 0);
		r->_rts_retries_case =
		    NETCAP__RADIO_TAP___RTS_RETRIES_RTS_RETRIES;
		break;
	case 17:
		r->data_retries = nc_cur_peek(f, 0);
		r->_data_retries_case =
		    NETCAP__RADIO_TAP___DATA_RETRIES_DATA_RETRIES;
		break;
	case 18:
		r->xchannel_flags = nc_cur_peek_le32(f, 0);
		r->_xchannel_flags_case =
		    NETCAP__RADIO_TAP___XCHANNEL_FLAGS_XCHANNEL_FLAGS;
		r->xchannel_frequency = nc_cur_peek_le16(f, 4);
		r->_xchannel_frequency_case =
		    NETCAP__RADIO_TAP___XCHANNEL_FREQUENCY_XCHANNEL_FREQUENCY;
		r->xchannel_channel = nc_cur_peek(f, 6);
		r->_xchannel_channel_case =
		    NETCAP__RADIO_TAP___XCHANNEL_CHANNEL_XCHANNEL_CHANNEL;
		r->xchannel_max_power = nc_cur_peek(f, 7);
		r->_xchannel_max_power_case =
		    NETCAP__RADIO_TAP___XCHANNEL_MAX_POWER_XCHANNEL_MAX_POWER;
		break;
	case 19:
		r->mcs_known = nc_cur_peek(f, 0);
		r->_mcs_known_case = NETCAP__RADIO_TAP___MCS_KNOWN_MCS_KNOWN;
		r->mcs_flags = nc_cur_peek(f, 1);
		r->_mcs_flags_case = NETCAP__RADIO_TAP___MCS_FLAGS_MCS_FLAGS;
		r->mcs_index = nc_cur_peek(f, 2);
		r->_mcs_index_case = NETCAP__RADIO_TAP___MCS_INDEX_MCS_INDEX;
		break;
	case 20:
		r->ampdu_reference = nc_cur_peek_le32(f, 0);
		r->_ampdu_reference_case =
		    NETCAP__RADIO_TAP___AMPDU_REFERENCE_AMPDU_REFERENCE;
		r->ampdu_flags = nc_cur_peek_le16(f, 4);
		r->_ampdu_flags_case =
		    NETCAP__RADIO_TAP___AMPDU_FLAGS_AMPDU_FLAGS;
		r->ampdu_delimiter_crc = nc_cur_peek(f, 6);
		r->_ampdu_delimiter_crc_case =
		    NETCAP__RADIO_TAP___AMPDU_DELIMITER_CRC_AMPDU_DELIMITER_CRC;
		break;
	case 21:
		r->vht_known = nc_cur_peek_le16(f, 0);
		r->_vht_known_case = NETCAP__RADIO_TAP___VHT_KNOWN_VHT_KNOWN;
		r->vht_flags = nc_cur_peek(f, 2);
		r->_vht_flags_case = NETCAP__RADIO_TAP___VHT_FLAGS_VHT_FLAGS;
		r->vht_bandwidth = nc_cur_peek(f, 3);
		r->_vht_bandwidth_case =
		    NETCAP__RADIO_TAP___VHT_BANDWIDTH_VHT_BANDWIDTH;
		r->vht_mcs_nss.data = (uint8_t *)nc_cur_at(f, 4, 4);
		r->vht_mcs_nss.len = 4;
		r->vht_coding = nc_cur_peek(f, 8);
		r->_vht_coding_case = NETCAP__RADIO_TAP___VHT_CODING_VHT_CODING;
		r->vht_group_id = nc_cur_peek(f, 9);
		r->_vht_group_id_case =
		    NETCAP__RADIO_TAP___VHT_GROUP_ID_VHT_GROUP_ID;
		r->vht_partial_aid = nc_cur_peek_le16(f, 10);
		r->_vht_partial_aid_case =
		    NETCAP__RADIO_TAP___VHT_PARTIAL_AID_VHT_PARTIAL_AID;
		break;
	case 22:
		r->timestamp = nc_cur_peek_le64(f, 0);
		r->_timestamp_case = NETCAP__RADIO_TAP___TIMESTAMP_TIMESTAMP;
		r->timestamp_accuracy = nc_cur_peek_le16(f, 8);
		r->_timestamp_accuracy_case =
		    NETCAP__RADIO_TAP___TIMESTAMP_ACCURACY_TIMESTAMP_ACCURACY;
		r->timestamp_unit = nc_cur_peek(f, 10);
		r->_timestamp_unit_case =
		    NETCAP__RADIO_TAP___TIMESTAMP_UNIT_TIMESTAMP_UNIT;
		r->timestamp_flags = nc_cur_peek(f, 11);
		r->_timestamp_flags_case =
		    NETCAP__RADIO_TAP___TIMESTAMP_FLAGS_TIMESTAMP_FLAGS;
		break;
	case 23:
		r->he.data = (uint8_t *)nc_cur_at(f, 0, 12);
		r->he.len = 12;
		break;
	case 24:
		r->he_mu.data = (uint8_t *)nc_cur_at(f, 0, 12);
		r->he_mu.len = 12;
		break;
	}
}

/* The TLV list that fills the rest of the header after bit 28. */
static int
tlvs(struct rt_state *s, struct nc_cur *c, const uint8_t *base,
    struct nc_issue *is)
{
	Netcap__RadioTap *r = s->r;
	struct nc_cur at;
	unsigned type, len;

	align(c, base, 4);
	while (!c->err && nc_cur_left(c) > 0) {
		at = *c;
		type = nc_cur_le16(c);
		len = nc_cur_le16(c);
		if (c->err) {
			nc_dec_issue(is, "RadioTap", &at, "truncated TLV "
			    "header");
			return -1;
		}
		nc_cur_skip(c, len);
		if (c->err) {
			nc_dec_issue(is, "RadioTap", &at, "TLV type %u length "
			    "%u past the header length", type, len);
			return -1;
		}
		if (r->n_tlv_types == MAX_TLVS) {
			nc_dec_issue(is, "RadioTap", &at, "more than %d TLVs",
			    MAX_TLVS);
			return -1;
		}
		s->tlv_types[r->n_tlv_types++] = type;
		/* The last item's padding may be left out. */
		if (nc_cur_left(c) > 0)
			align(c, base, 4);
	}
	if (c->err) {
		nc_dec_issue(is, "RadioTap", c, "TLVs past the header length");
		return -1;
	}
	return 0;
}

/* Walks the fields of the presence words; returns 0, or -1 with the issue
 * set when parsing had to stop early. */
static int
walk(struct rt_state *s, struct nc_cur *c, const uint8_t *base,
    size_t nwords, struct nc_issue *is)
{
	Netcap__RadioTap *r = s->r;
	struct nc_cur f;
	size_t w, skip;
	unsigned b, idx, bitbase = 0;
	uint32_t word;
	int vendor = 0;

	for (w = 0; w < nwords; w++) {
		word = s->words[w];
		for (b = 0; b < B_RT_NS && !vendor; b++) {
			if (!(word & (1u << b)))
				continue;
			idx = bitbase + b;
			if (idx == B_TLV)
				return tlvs(s, c, base, is);
			if (idx >= sizeof fields / sizeof fields[0]) {
				nc_dec_issue(is, "RadioTap", c, "unknown field "
				    "%u: the rest of the header is skipped",
				    idx);
				return -1;
			}
			align(c, base, fields[idx].align);
			f = nc_cur_sub(c, fields[idx].size);
			if (f.err) {
				nc_dec_issue(is, "RadioTap", c, "field %u past "
				    "the header length", idx);
				return -1;
			}
			store(s, idx, &f);
		}
		if (word & (1u << B_VENDOR_NS)) {
			align(c, base, 2);
			f = nc_cur_sub(c, 6);
			if (f.err) {
				nc_dec_issue(is, "RadioTap", c, "vendor "
				    "namespace past the header length");
				return -1;
			}
			if (r->vendor_oui.len == 0) {
				r->vendor_oui.data = (uint8_t *)nc_cur_at(&f,
				    0, 3);
				r->vendor_oui.len = 3;
			}
			skip = nc_cur_peek_le16(&f, 4);
			nc_cur_skip(c, skip);
			if (c->err) {
				nc_dec_issue(is, "RadioTap", c, "vendor data "
				    "of %zu bytes past the header length",
				    skip);
				return -1;
			}
			vendor = 1;
			s->first = 0;
			bitbase = 0;
		} else if (word & (1u << B_RT_NS)) {
			vendor = 0;
			s->first = 0;
			bitbase = 0;
		} else {
			bitbase += 32;
		}
	}
	return 0;
}

void
nc_dec_radiotap(struct nc_pkt *k, struct nc_cur *c)
{
	Netcap__RadioTap r = NETCAP__RADIO_TAP__INIT;
	struct rt_state s;
	struct nc_issue is = { 0 };
	struct nc_cur at = *c, hdr;
	const uint8_t *base = c->p;
	size_t len, nwords = 0;
	uint32_t word;

	r.version = nc_cur_u8(c);
	nc_cur_skip(c, 1);
	if (c->err || nc_cur_left(c) < 2) {
		nc_dec_truncated(k, "RadioTap", &at, RT_HDR);
		return;
	}
	len = nc_cur_le16(c);
	r.length = (uint32_t)len;
	*c = at;
	if (len < RT_HDR) {
		nc_dec_undecoded(k, "RadioTap", &at, "header length %zu is "
		    "less than %d", len, RT_HDR);
		return;
	}
	hdr = nc_cur_sub(c, len);
	if (hdr.err) {
		nc_dec_truncated(k, "RadioTap", &at, len);
		return;
	}
	nc_cur_skip(&hdr, 4);
	memset(&s, 0, sizeof s);
	s.r = &r;
	s.first = 1;
	do {
		word = nc_cur_le32(&hdr);
		if (hdr.err) {
			nc_dec_issue(&is, "RadioTap", &hdr, "presence words "
			    "past the header length");
			break;
		}
		if (nwords == MAX_WORDS) {
			nc_dec_issue(&is, "RadioTap", &hdr, "more than %d "
			    "presence words", MAX_WORDS);
			break;
		}
		s.words[nwords++] = word;
	} while (word & (1u << B_EXT));
	if (is.at == NULL)
		walk(&s, &hdr, base, nwords, &is);
	if (r.version != 0 && is.at == NULL)
		nc_dec_issue(&is, "RadioTap", &at, "version %u", r.version);
	if (nc_dec_want(k, NETCAP__RECORD__RECORD_RADIOTAP)) {
		r.ts = k->ts;
		r.packet = k->packet;
		r.present = s.words;
		r.n_present = nwords;
		r.chain_dbm_antenna_signal = s.chain_sig;
		r.chain_antenna = s.chain_ant;
		r.tlv_types = s.tlv_types;
		nc_dec_emit(k, NETCAP__RECORD__RECORD_RADIOTAP, &r.base);
	}
	nc_dec_flush_issue(k, &is);
	nc_dec_dot11_rt(k, c, r._flags_case ==
	    NETCAP__RADIO_TAP___FLAGS_FLAGS ? r.flags : 0);
}
