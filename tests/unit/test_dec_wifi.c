/* Unit tests for the RadioTap, 802.11 and usbmon decoders: frames built
 * byte by byte and handed to one decoder with nc_decode_layer() (or as a
 * whole frame of a link type with nc_decode_packet()), well-formed and
 * damaged (cut at every length, lying lengths, unknown presence bits,
 * oversize counts).  Every record is packed and unpacked again before
 * its fields are checked. */
#include "dectest.h"

/* --- building frames ---------------------------------------------------- */

static void
pad(struct pkt *p, size_t from, size_t a)
{
	while ((p->n - from) % a != 0)
		u8(p, 0);
}

static const uint8_t AP[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t STA[6] = { 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb };
static const uint8_t GW[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t WDS[6] = { 0x02, 0, 0, 0, 0, 0x02 };
static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* 802.11 header up to and including sequence control. */
static void
hdr3(struct pkt *p, unsigned type, unsigned sub, unsigned flags,
    const uint8_t *a1, const uint8_t *a2, const uint8_t *a3, unsigned seq)
{
	u8(p, sub << 4 | type << 2);
	u8(p, flags);
	le16(p, 314);
	raw(p, a1, 6);
	raw(p, a2, 6);
	raw(p, a3, 6);
	le16(p, seq << 4 | 3);
}

static void
ie(struct pkt *p, unsigned id, const void *d, size_t n)
{
	u8(p, id);
	u8(p, (unsigned)n);
	raw(p, d, n);
}

static const uint8_t RSN_IE[] = {
	1, 0, 0x00, 0x0f, 0xac, 0x04,
	2, 0, 0x00, 0x0f, 0xac, 0x04, 0x00, 0x0f, 0xac, 0x02,
	2, 0, 0x00, 0x0f, 0xac, 0x02, 0x00, 0x0f, 0xac, 0x08,
	0x0c, 0x00,
};
static const uint8_t RATES[] = { 0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12 };

static void
beacon(struct pkt *p)
{
	static const uint8_t ssid[] = { 'c', 'a', 'f', 0xc3, 0xa9, '\\', 1 };

	hdr3(p, 0, 8, 0, BCAST, AP, AP, 100);
	le64(p, 0x0102030405ULL);
	le16(p, 100);
	le16(p, 0x0431);
	ie(p, 0, ssid, sizeof ssid);
	ie(p, 1, RATES, sizeof RATES);
	ie(p, 3, "\x06", 1);
	ie(p, 7, "DE \x01\x0d\x14", 6);
	ie(p, 48, RSN_IE, sizeof RSN_IE);
	ie(p, 50, "\x30\x48", 2);
	ie(p, 221, "\x00\x50\xf2\x02", 4);
}

/* LLC/SNAP, IPv4, UDP with 4 payload bytes; the IPv4 checksum is not
 * checked by the decoder. */
static void
snap_ip_udp(struct pkt *p)
{
	static const uint8_t b[] = {
		0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00,
		0x45, 0, 0, 32, 0, 7, 0, 0, 64, 17, 0, 0,
		192, 168, 1, 10, 192, 168, 1, 1,
		0x9c, 0x40, 0x27, 0x0f, 0, 12, 0, 0, 'a', 'b', 'c', 'd',
	};

	raw(p, b, sizeof b);
}

/* A Linux mac80211-style radiotap header: TSFT, flags, rate, channel,
 * signal, RX flags, then two namespaces with per-chain signal and
 * antenna.  Returns its length. */
static size_t
linux_rt(struct pkt *p, unsigned flags)
{
	size_t at = p->n;

	u8(p, 0);
	u8(p, 0);
	le16(p, 0);
	le32(p, 0xa000402f);
	le32(p, 0xa0000820);
	le32(p, 0x00000820);
	pad(p, at, 8);
	le64(p, 123456789);
	u8(p, flags);
	u8(p, 2);
	le16(p, 2412);
	le16(p, 0xa0);
	u8(p, (uint8_t)-40);
	pad(p, at, 2);
	le16(p, 0);
	u8(p, (uint8_t)-41);
	u8(p, 0);
	u8(p, (uint8_t)-43);
	u8(p, 1);
	setle16(p, at + 2, (unsigned)(p->n - at));
	return p->n - at;
}

/* --- decoding and looking at the records -------------------------------- */

/* --- RadioTap ------------------------------------------------------------ */

static void
test_radiotap_linux(void)
{
	struct pkt p = { .n = 0 };
	Netcap__RadioTap *r;
	Netcap__Dot11 *d;
	size_t hl, body;

	hl = linux_rt(&p, 0x10);
	body = p.n;
	beacon(&p);
	le32(&p, 0xdeadbeef);		/* FCS */
	layer("RadioTap", &p, 0, 0);
	r = get(NETCAP__RECORD__RECORD_RADIOTAP, 0);
	ok(r != NULL && count(NETCAP__RECORD__RECORD_UNDECODED) == 0,
	    "radiotap: a Linux-style header decodes cleanly");
	if (r == NULL)
		return;
	ok(r->version == 0 && r->length == hl && r->n_present == 3 &&
	    r->present[0] == 0xa000402f && r->present[1] == 0xa0000820 &&
	    r->present[2] == 0x820, "radiotap: version, length, 3 present words");
	ok(r->_tsft_case && r->tsft == 123456789,
	    "radiotap: TSFT aligned to 8");
	ok(r->_flags_case && r->flags == 0x10 && r->fcs_at_end,
	    "radiotap: flags, FCS at end");
	ok(r->_rate_case && r->rate == 2, "radiotap: rate");
	ok(r->channel_frequency == 2412 && r->channel_flags == 0xa0,
	    "radiotap: channel");
	ok(r->_dbm_antenna_signal_case && r->dbm_antenna_signal == -40,
	    "radiotap: signal of the first namespace");
	ok(r->_rx_flags_case && r->rx_flags == 0, "radiotap: RX flags");
	ok(!r->_antenna_case, "radiotap: no antenna in the first namespace");
	ok(r->n_chain_dbm_antenna_signal == 2 &&
	    r->chain_dbm_antenna_signal[0] == -41 &&
	    r->chain_dbm_antenna_signal[1] == -43 && r->n_chain_antenna == 2 &&
	    r->chain_antenna[0] == 0 && r->chain_antenna[1] == 1,
	    "radiotap: per-chain namespaces");
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->_fcs_case && d->fcs == 0xdeadbeef &&
	    d->payload_size == p.n - body - 24 - 4,
	    "radiotap: 802.11 follows, FCS taken off the end");
	ok(d != NULL && d->n_element_ids == 7 && d->element_ids[6] == 221,
	    "radiotap: the FCS is not read as an element");
	ok(abuse("RadioTap", &p, 0, 0), "radiotap: every cut and byte flip");
}

static void
test_radiotap_fields(void)
{
	struct pkt p = { .n = 0 };
	Netcap__RadioTap *r;

	/* flags, channel (pad 1), noise, antenna, MCS, A-MPDU (align 4),
	 * VHT (align 2), then timestamp (align 8). */
	u8(&p, 0);
	u8(&p, 0);
	le16(&p, 0);
	le32(&p, 1u << 1 | 1u << 3 | 1u << 6 | 1u << 11 | 1u << 19 |
	    1u << 20 | 1u << 21 | 1u << 22);
	u8(&p, 0x02);
	pad(&p, 0, 2);
	le16(&p, 5180);
	le16(&p, 0x140);
	u8(&p, (uint8_t)-95);
	u8(&p, 3);
	u8(&p, 0x3f);
	u8(&p, 0x14);
	u8(&p, 7);
	pad(&p, 0, 4);
	le32(&p, 42);
	le16(&p, 0x0c);
	u8(&p, 0x99);
	u8(&p, 0);
	le16(&p, 0x44);
	u8(&p, 4);
	u8(&p, 4);
	raw(&p, "\x92\x00\x00\x00", 4);
	u8(&p, 1);
	u8(&p, 2);
	le16(&p, 0x1234);
	pad(&p, 0, 8);
	le64(&p, 987654321);
	le16(&p, 10);
	u8(&p, 0x11);
	u8(&p, 0x03);
	setle16(&p, 2, (unsigned)p.n);
	u8(&p, 0xd4);			/* ACK */
	u8(&p, 0);
	le16(&p, 0);
	raw(&p, STA, 6);
	layer("RadioTap", &p, 0, 0);
	r = get(NETCAP__RECORD__RECORD_RADIOTAP, 0);
	ok(r != NULL && count(NETCAP__RECORD__RECORD_UNDECODED) == 0,
	    "radiotap fields: decode cleanly");
	if (r == NULL)
		return;
	ok(r->flags == 2 && !r->fcs_at_end && r->channel_frequency == 5180 &&
	    r->channel_flags == 0x140, "radiotap fields: channel after pad");
	ok(r->_dbm_antenna_noise_case && r->dbm_antenna_noise == -95 &&
	    r->_antenna_case && r->antenna == 3, "radiotap fields: noise, antenna");
	ok(r->mcs_known == 0x3f && r->mcs_flags == 0x14 && r->mcs_index == 7,
	    "radiotap fields: MCS");
	ok(r->ampdu_reference == 42 && r->ampdu_flags == 0x0c &&
	    r->ampdu_delimiter_crc == 0x99, "radiotap fields: A-MPDU aligned to 4");
	ok(r->vht_known == 0x44 && r->vht_flags == 4 && r->vht_bandwidth == 4 &&
	    r->vht_mcs_nss.len == 4 && r->vht_mcs_nss.data[0] == 0x92 &&
	    r->vht_coding == 1 && r->vht_group_id == 2 &&
	    r->vht_partial_aid == 0x1234, "radiotap fields: VHT");
	ok(r->_timestamp_case && r->timestamp == 987654321 &&
	    r->timestamp_accuracy == 10 && r->timestamp_unit == 0x11 &&
	    r->timestamp_flags == 3, "radiotap fields: timestamp aligned to 8");
	ok(count(NETCAP__RECORD__RECORD_DOT11) == 1,
	    "radiotap fields: ACK follows");
	ok(abuse("RadioTap", &p, 0, 0),
	    "radiotap fields: every cut and byte flip");
}

static void
test_radiotap_tlv(void)
{
	struct pkt p = { .n = 0 };
	Netcap__RadioTap *r;

	/* Flags, then bit 28: TLVs to the end of the header (U-SIG 33 with
	 * 12 bytes, EHT 34 with 5 and its padding). */
	u8(&p, 0);
	u8(&p, 0);
	le16(&p, 0);
	le32(&p, 1u << 1 | 1u << 28);
	u8(&p, 0x10);
	pad(&p, 0, 4);
	le16(&p, 33);
	le16(&p, 12);
	raw(&p, "abcdefghijkl", 12);
	le16(&p, 34);
	le16(&p, 5);
	raw(&p, "mnopq\0\0\0", 8);
	setle16(&p, 2, (unsigned)p.n);
	u8(&p, 0xd4);
	u8(&p, 0);
	le16(&p, 0);
	raw(&p, STA, 6);
	le32(&p, 0x11223344);
	layer("RadioTap", &p, 0, 0);
	r = get(NETCAP__RECORD__RECORD_RADIOTAP, 0);
	ok(r != NULL && r->flags == 0x10 && r->n_tlv_types == 2 &&
	    r->tlv_types[0] == 33 && r->tlv_types[1] == 34 &&
	    count(NETCAP__RECORD__RECORD_UNDECODED) == 0,
	    "radiotap TLVs: types listed");
	ok(count(NETCAP__RECORD__RECORD_DOT11) == 1 &&
	    ((Netcap__Dot11 *)get(NETCAP__RECORD__RECORD_DOT11, 0))->fcs ==
	    0x11223344, "radiotap TLVs: 802.11 at the header length");
	ok(abuse("RadioTap", &p, 0, 0),
	    "radiotap TLVs: every cut and byte flip");
	/* A TLV length past the header. */
	setle16(&p, 14, 200);
	layer("RadioTap", &p, 0, 0);
	ok(undecoded(0, "RadioTap", ANY_OFF,
	    "TLV type 33 length 200 past the header") &&
	    count(NETCAP__RECORD__RECORD_DOT11) == 1,
	    "radiotap TLVs: length past the header");
	/* Half a TLV header at the end (the header length cuts it). */
	setle16(&p, 14, 12);
	setle16(&p, 2, 30);
	layer("RadioTap", &p, 0, 0);
	ok(undecoded(0, "RadioTap", ANY_OFF, "truncated TLV header"),
	    "radiotap TLVs: truncated TLV header");
}

static void
test_radiotap_unknown(void)
{
	struct pkt p = { .n = 0 };
	Netcap__RadioTap *r;

	/* An extended word with a bit past the known ones: no known size,
	 * so parsing stops; the length still finds the 802.11 frame. */
	u8(&p, 0);
	u8(&p, 0);
	le16(&p, 16);
	le32(&p, 1u << 2 | 1u << 31);
	le32(&p, 1u << 3);		/* bit 35 */
	u8(&p, 12);
	raw(&p, "\0\0\0", 3);
	u8(&p, 0xd4);
	u8(&p, 0);
	le16(&p, 0);
	raw(&p, STA, 6);
	layer("RadioTap", &p, 0, 0);
	r = get(NETCAP__RECORD__RECORD_RADIOTAP, 0);
	ok(r != NULL && r->n_present == 2 && r->rate == 12 &&
	    undecoded(0, "RadioTap", ANY_OFF, "unknown field 35") &&
	    count(NETCAP__RECORD__RECORD_DOT11) == 1,
	    "radiotap: unknown bit in an extended word");
}

static void
test_radiotap_vendor(void)
{
	struct pkt p = { .n = 0 };
	Netcap__RadioTap *r;

	/* Word 0: flags, vendor namespace next; word 1 (vendor): back to
	 * radiotap; word 2: antenna signal of a chain. */
	u8(&p, 0);
	u8(&p, 0);
	le16(&p, 0);
	le32(&p, 1u << 1 | 1u << 30 | 1u << 31);
	le32(&p, 1u << 0 | 1u << 29 | 1u << 31);
	le32(&p, 1u << 5);
	u8(&p, 0);
	pad(&p, 0, 2);
	raw(&p, "\x00\x11\x22\x01", 4);
	le16(&p, 5);
	raw(&p, "VEND!", 5);
	u8(&p, (uint8_t)-77);
	setle16(&p, 2, (unsigned)p.n);
	u8(&p, 0xd4);
	u8(&p, 0);
	le16(&p, 0);
	raw(&p, STA, 6);
	layer("RadioTap", &p, 0, 0);
	r = get(NETCAP__RECORD__RECORD_RADIOTAP, 0);
	ok(r != NULL && count(NETCAP__RECORD__RECORD_UNDECODED) == 0 &&
	    r->vendor_oui.len == 3 && r->vendor_oui.data[2] == 0x22,
	    "radiotap vendor: namespace header read");
	ok(r != NULL && r->n_chain_dbm_antenna_signal == 1 &&
	    r->chain_dbm_antenna_signal[0] == -77,
	    "radiotap vendor: data skipped, next namespace found");
	ok(count(NETCAP__RECORD__RECORD_DOT11) == 1, "radiotap vendor: 802.11");
	ok(abuse("RadioTap", &p, 0, 0),
	    "radiotap vendor: every cut and byte flip");

	/* Vendor skip length past the header. */
	setle16(&p, 22, 200);
	layer("RadioTap", &p, 0, 0);
	ok(undecoded(0, "RadioTap", ANY_OFF, "vendor data of 200 bytes") &&
	    count(NETCAP__RECORD__RECORD_DOT11) == 1,
	    "radiotap vendor: skip length past the header");
}

static void
test_radiotap_bad(void)
{
	struct pkt p = { .n = 0 };
	int i;

	raw(&p, "\0\0\x04\0\0\0\0\0", 8);
	layer("RadioTap", &p, 0, 0);
	ok(undecoded(0, "RadioTap", ANY_OFF,
	    "header length 4 is less than 8") &&
	    nrec == 1, "radiotap: length below 8");
	setle16(&p, 2, 300);
	layer("RadioTap", &p, 0, 0);
	ok(undecoded(0, "RadioTap", ANY_OFF, "truncated header: 8 of 300"),
	    "radiotap: length past the capture");
	/* Every word has the extension bit, to the end of the header. */
	p.n = 0;
	u8(&p, 0);
	u8(&p, 0);
	le16(&p, 8 + 4 * 40);
	le32(&p, 0x80000000);
	for (i = 0; i < 40; i++)
		le32(&p, 0x80000000);
	layer("RadioTap", &p, 0, 0);
	ok(get(NETCAP__RECORD__RECORD_RADIOTAP, 0) != NULL &&
	    undecoded(0, "RadioTap", ANY_OFF, "more than 32 presence words"),
	    "radiotap: too many presence words");
	setle16(&p, 2, 8 + 4 * 10);
	layer("RadioTap", &p, 0, 0);
	ok(undecoded(0, "RadioTap", ANY_OFF, "presence words past the header"),
	    "radiotap: presence words past the length");
	/* TSFT announced in an 8-byte header. */
	p.n = 0;
	raw(&p, "\0\0\x08\0\x01\0\0\0", 8);
	layer("RadioTap", &p, 0, 0);
	ok(undecoded(0, "RadioTap", ANY_OFF, "field 0 past the header length"),
	    "radiotap: field past the length");
	/* Version 1. */
	p.n = 0;
	raw(&p, "\x01\0\x08\0\0\0\0\0", 8);
	layer("RadioTap", &p, 0, 0);
	ok(undecoded(0, "RadioTap", ANY_OFF,
	    "version 1"), "radiotap: other version");
}

static void
test_radiotap_datapad(void)
{
	struct pkt p = { .n = 0 };

	/* QoS data has a 26-byte header; the data pad flag puts the body
	 * at 28. */
	raw(&p, "\0\0\x09\0\x02\0\0\0\x20", 9);
	hdr3(&p, 2, 8, 0x01, AP, STA, GW, 5);
	le16(&p, 0);
	le16(&p, 0);			/* the pad */
	snap_ip_udp(&p);
	layer("RadioTap", &p, 0, 0);
	ok(count(NETCAP__RECORD__RECORD_UDP) == 1 &&
	    count(NETCAP__RECORD__RECORD_UNDECODED) == 0,
	    "radiotap: data pad skipped before LLC");
}

static void
test_fcs_snaplen(void)
{
	struct pkt p = { .n = 0 };
	Netcap__Dot11 *d;
	size_t hl;

	hl = linux_rt(&p, 0x10);
	beacon(&p);
	le32(&p, 0xcafebabe);
	decode_ex(127, p.b, p.n, p.n, 0, NULL);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->_fcs_case && d->fcs == 0xcafebabe,
	    "link type 127: FCS");
	/* Cut by the snap length: no FCS, the elements that are there. */
	decode_ex(127, p.b, hl + 24 + 12 + 9, p.n, 0, NULL);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && !d->_fcs_case && d->ssid.len == 7,
	    "link type 127 cut by the snap length: no FCS read");
}

/* --- 802.11 -------------------------------------------------------------- */

static void
test_beacon(void)
{
	struct pkt p = { .n = 0 };
	Netcap__Dot11 *d;

	beacon(&p);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && nrec == 1, "beacon: one record");
	if (d == NULL)
		return;
	ok(d->type == 0 && d->subtype == 8 && d->type_subtype == 8 &&
	    d->proto == 0 && d->flags == 0 && d->duration_id == 314,
	    "beacon: frame control, duration");
	ok(mac_is(d->address1_mac, BCAST) && mac_is(d->address2_mac, AP) &&
	    mac_is(d->address3_mac, AP) && mac_is(d->address4_mac, NULL),
	    "beacon: addresses");
	ok(mac_is(d->receiver_mac, BCAST) && mac_is(d->transmitter_mac, AP) &&
	    mac_is(d->destination_mac, BCAST) && mac_is(d->source_mac, AP) &&
	    mac_is(d->bssid_mac, AP), "beacon: roles");
	ok(d->sequence_number == 100 && d->fragment_number == 3,
	    "beacon: sequence and fragment");
	ok(d->_timestamp_case && d->timestamp == 0x0102030405ULL &&
	    d->beacon_interval == 100 && d->capability_info == 0x431,
	    "beacon: fixed fields");
	ok(d->ssid.len == 7 && d->ssid_present &&
	    strcmp(d->ssid_text, "caf\\xc3\\xa9\\\\\\x01") == 0,
	    "beacon: SSID bytes and escaped text (%s)", d->ssid_text);
	ok(d->n_supported_rates == 6 && d->supported_rates[0] == 0x82 &&
	    d->n_extended_supported_rates == 2 &&
	    d->extended_supported_rates[1] == 0x48, "beacon: rates");
	ok(d->_ds_channel_case && d->ds_channel == 6, "beacon: DS channel");
	ok(strcmp(d->country_code, "DE") == 0 && d->country_environment == ' ',
	    "beacon: country");
	ok(d->rsn_version == 1 && d->rsn_group_cipher == 0x000fac04 &&
	    d->n_rsn_pairwise_ciphers == 2 &&
	    d->rsn_pairwise_ciphers[1] == 0x000fac02 && d->n_rsn_akms == 2 &&
	    d->rsn_akms[1] == 0x000fac08 && d->_rsn_capabilities_case &&
	    d->rsn_capabilities == 0x0c, "beacon: RSN");
	ok(d->n_element_ids == 7 && d->element_ids[0] == 0 &&
	    d->element_ids[4] == 48 && d->element_ids[6] == 221,
	    "beacon: element ids in order");
	ok(!d->_qos_control_case && !d->_fcs_case && !d->_ht_control_case,
	    "beacon: no QoS, FCS, HT control");
	ok(abuse("Dot11", &p, 0, 0), "beacon: every cut and byte flip");
}

static void
test_mgmt_fixed(void)
{
	struct pkt p = { .n = 0 };
	Netcap__Dot11 *d;

	hdr3(&p, 0, 11, 0, AP, STA, AP, 1);
	le16(&p, 3);
	le16(&p, 2);
	le16(&p, 17);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->_auth_algorithm_case && d->auth_algorithm == 3 &&
	    d->auth_seq == 2 && d->status_code == 17 && nrec == 1,
	    "authentication: algorithm, sequence, status");

	p.n = 0;
	hdr3(&p, 0, 1, 0, STA, AP, AP, 2);
	le16(&p, 0x431);
	le16(&p, 0);
	le16(&p, 0xc005);
	ie(&p, 1, RATES, sizeof RATES);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->capability_info == 0x431 && d->_status_code_case &&
	    d->status_code == 0 && d->association_id == 5 &&
	    d->n_supported_rates == 6, "association response: AID masked");

	p.n = 0;
	hdr3(&p, 0, 2, 0, AP, STA, AP, 3);
	le16(&p, 0x431);
	le16(&p, 10);
	raw(&p, GW, 6);
	ie(&p, 0, "net", 3);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->listen_interval == 10 &&
	    mac_is(d->current_ap_mac, GW) && strcmp(d->ssid_text, "net") == 0,
	    "reassociation request: listen interval, current AP, SSID");

	p.n = 0;
	hdr3(&p, 0, 12, 0, STA, AP, AP, 4);
	le16(&p, 7);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->_reason_code_case && d->reason_code == 7,
	    "deauthentication: reason");

	/* SAE commit: group 19, then scalar and element, not elements. */
	p.n = 0;
	hdr3(&p, 0, 11, 0, AP, STA, AP, 8);
	le16(&p, 3);
	le16(&p, 1);
	le16(&p, 0);
	le16(&p, 19);
	fill(&p, 0x13, 96);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->auth_algorithm == 3 && d->n_element_ids == 0 &&
	    !d->_ssid_present_case && nrec == 1,
	    "authentication: an SAE body is not read as elements");

	/* A broadcast deauthentication of 802.11w ends in an MMIE. */
	p.n = 0;
	hdr3(&p, 0, 12, 0, BCAST, AP, AP, 9);
	le16(&p, 7);
	ie(&p, 76, "\x04\x00\x01\x00\x00\x00\x00\x00"
	    "\x11\x22\x33\x44\x55\x66\x77\x88", 16);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->reason_code == 7 && d->n_element_ids == 1 &&
	    d->element_ids[0] == 76 && nrec == 1,
	    "deauthentication: the MMIE after the reason");

	p.n = 0;
	hdr3(&p, 0, 4, 0, BCAST, STA, BCAST, 5);
	ie(&p, 0, "", 0);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->ssid_present && d->ssid.len == 0 &&
	    strcmp(d->ssid_text, "") == 0, "probe request: wildcard SSID");

	/* The order bit on a management frame announces HT control. */
	p.n = 0;
	hdr3(&p, 0, 12, 0x80, STA, AP, AP, 7);
	le32(&p, 0xa1b2c3d4);
	le16(&p, 3);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->_ht_control_case && d->ht_control == 0xa1b2c3d4 &&
	    d->reason_code == 3 && d->payload_size == 2,
	    "management +HTC: HT control before the body");

	/* A body too short for its fixed fields. */
	p.n = 0;
	hdr3(&p, 0, 8, 0, BCAST, AP, AP, 6);
	le32(&p, 1);
	layer("Dot11", &p, 0, 0);
	ok(count(NETCAP__RECORD__RECORD_DOT11) == 1 &&
	    !((Netcap__Dot11 *)get(NETCAP__RECORD__RECORD_DOT11, 0))->
	    _timestamp_case &&
	    undecoded(0, "Dot11", ANY_OFF,
	    "management subtype 8 body of 4 bytes"),
	    "beacon: short body");
}

static void
test_elements_bad(void)
{
	struct pkt p = { .n = 0 };
	Netcap__Dot11 *d;
	size_t i;

	hdr3(&p, 0, 4, 0, BCAST, STA, BCAST, 1);
	ie(&p, 0, "ab", 2);
	u8(&p, 1);
	u8(&p, 200);
	u8(&p, 0x82);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->n_element_ids == 1 &&
	    undecoded(0, "Dot11", ANY_OFF,
	    "element 1 length 200 past the end"),
	    "elements: length past the end");

	/* RSN whose pairwise count is larger than the element. */
	p.n = 0;
	hdr3(&p, 0, 4, 0, BCAST, STA, BCAST, 1);
	ie(&p, 48, "\x01\x00\x00\x0f\xac\x04\xff\x00\x00\x0f\xac\x04", 12);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->rsn_group_cipher == 0x000fac04 &&
	    d->n_rsn_pairwise_ciphers == 0 &&
	    undecoded(0, "Dot11", ANY_OFF, "RSN element: suite list"),
	    "RSN: oversize suite count");

	/* Country element too short. */
	p.n = 0;
	hdr3(&p, 0, 4, 0, BCAST, STA, BCAST, 1);
	ie(&p, 7, "D", 1);
	layer("Dot11", &p, 0, 0);
	ok(undecoded(0, "Dot11", ANY_OFF, "country element of 1 bytes"),
	    "country: too short");

	/* More elements than the record keeps. */
	p.n = 0;
	hdr3(&p, 0, 4, 0, BCAST, STA, BCAST, 1);
	for (i = 0; i < 1100; i++)
		ie(&p, 221, "", 0);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->n_element_ids == 1024 &&
	    undecoded(0, "Dot11", ANY_OFF, "more than 1024 elements"),
	    "elements: oversize count");

	/* 300 rates over several elements: kept up to 256. */
	p.n = 0;
	hdr3(&p, 0, 4, 0, BCAST, STA, BCAST, 1);
	for (i = 0; i < 2; i++) {
		u8(&p, 1);
		u8(&p, 150);
		memset(p.b + p.n, 0x0c, 150);
		p.n += 150;
	}
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->n_supported_rates == 256, "rates: bounded");
}

static void
test_data(void)
{
	struct pkt p = { .n = 0 };
	Netcap__Dot11 *d;

	hdr3(&p, 2, 0, 0x01, AP, STA, GW, 9);
	snap_ip_udp(&p);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->to_ds && !d->from_ds && mac_is(d->bssid_mac, AP) &&
	    mac_is(d->source_mac, STA) && mac_is(d->destination_mac, GW) &&
	    d->payload_size == 40, "data to DS: roles");
	ok(count(NETCAP__RECORD__RECORD_IPV4) == 1 &&
	    count(NETCAP__RECORD__RECORD_UDP) == 1 &&
	    count(NETCAP__RECORD__RECORD_UNDECODED) == 0,
	    "data to DS: LLC/SNAP hands IPv4 up");
	ok(abuse("Dot11", &p, 0, 0), "data: every cut and byte flip");

	p.n = 0;
	hdr3(&p, 2, 8, 0x02 | 0x08 | 0x80, STA, AP, GW, 10);
	le16(&p, 0x0025);		/* TID 5, no ack */
	le32(&p, 0x12345678);		/* HT control */
	snap_ip_udp(&p);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->from_ds && d->retry && d->order &&
	    mac_is(d->destination_mac, STA) && mac_is(d->bssid_mac, AP) &&
	    mac_is(d->source_mac, GW), "QoS data from DS: roles, flags");
	ok(d != NULL && d->_qos_control_case && d->qos_control == 0x25 &&
	    d->qos_tid == 5 && d->qos_ack_policy == 1 && !d->qos_amsdu &&
	    d->_ht_control_case && d->ht_control == 0x12345678 &&
	    d->type_subtype == 0x28, "QoS data: QoS and HT control");
	ok(count(NETCAP__RECORD__RECORD_UDP) == 1, "QoS data: UDP inside");

	p.n = 0;
	hdr3(&p, 2, 0, 0x03, AP, GW, STA, 11);
	raw(&p, WDS, 6);
	snap_ip_udp(&p);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && mac_is(d->address4_mac, WDS) &&
	    mac_is(d->receiver_mac, AP) && mac_is(d->transmitter_mac, GW) &&
	    mac_is(d->destination_mac, STA) && mac_is(d->source_mac, WDS) &&
	    mac_is(d->bssid_mac, NULL) &&
	    count(NETCAP__RECORD__RECORD_UDP) == 1, "WDS: four addresses");

	p.n = 0;
	hdr3(&p, 2, 8, 0x41, AP, STA, GW, 12);
	le16(&p, 0);
	raw(&p, "\x01\x00\x00\x20\x00\x00\x00\x00ciphertext", 18);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->protected_ &&
	    undecoded(0, "Dot11", ANY_OFF, "protected frame body") &&
	    count(NETCAP__RECORD__RECORD_LLC) == 0, "protected data: Undecoded");

	p.n = 0;
	hdr3(&p, 2, 8, 0x01, AP, STA, GW, 13);
	le16(&p, 0x80);
	snap_ip_udp(&p);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->qos_amsdu && undecoded(0, "Dot11", ANY_OFF,
	    "A-MSDU"),
	    "A-MSDU: Undecoded");

	p.n = 0;
	hdr3(&p, 2, 4, 0x11, AP, STA, AP, 14);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->power_management && nrec == 1 &&
	    d->payload_size == 0, "null function: no body, power management");
}

static void
test_control(void)
{
	struct pkt p = { .n = 0 };
	Netcap__Dot11 *d;

	raw(&p, "\xb4\x00\xc8\x00", 4);		/* RTS */
	raw(&p, AP, 6);
	raw(&p, STA, 6);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->type == 1 && d->subtype == 11 &&
	    d->duration_id == 200 && mac_is(d->receiver_mac, AP) &&
	    mac_is(d->transmitter_mac, STA) && !d->_sequence_number_case,
	    "RTS: receiver, transmitter, no sequence");

	p.n = 0;
	raw(&p, "\xd4\x00\x00\x00", 4);		/* ACK */
	raw(&p, STA, 6);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && mac_is(d->receiver_mac, STA) &&
	    mac_is(d->transmitter_mac, NULL) && nrec == 1, "ACK: receiver only");
	p.n = 9;
	layer("Dot11", &p, 0, 0);
	ok(undecoded(0, "Dot11", ANY_OFF,
	    "truncated header: 9 of 10"), "ACK: cut");

	p.n = 0;
	raw(&p, "\xa4\x10\x01\xc0", 4);		/* PS-Poll */
	raw(&p, AP, 6);
	raw(&p, STA, 6);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && d->duration_id == 0xc001 && mac_is(d->bssid_mac, AP) &&
	    mac_is(d->transmitter_mac, STA), "PS-Poll: BSSID, transmitter");

	p.n = 0;
	raw(&p, "\xe4\x00\x00\x00", 4);		/* CF-End */
	raw(&p, BCAST, 6);
	raw(&p, AP, 6);
	layer("Dot11", &p, 0, 0);
	d = get(NETCAP__RECORD__RECORD_DOT11, 0);
	ok(d != NULL && mac_is(d->bssid_mac, AP) &&
	    mac_is(d->transmitter_mac, NULL), "CF-End: BSSID");
}

static void
test_dot11_bad(void)
{
	struct pkt p = { .n = 0 };

	raw(&p, "\x81\x00\x00\x00", 4);
	raw(&p, STA, 6);
	layer("Dot11", &p, 0, 0);
	ok(undecoded(0, "Dot11", ANY_OFF, "protocol version 1") && nrec == 1,
	    "802.11: another protocol version");
	p.n = 0;
	hdr3(&p, 2, 8, 0x03, AP, STA, GW, 1);
	layer("Dot11", &p, 0, 0);
	ok(undecoded(0, "Dot11", ANY_OFF, "truncated header: 24 of 32"),
	    "802.11: QoS WDS header cut");
	layer_n("Dot11", p.b, 0, 0, 0);
	ok(undecoded(0, "Dot11", ANY_OFF, "truncated header: 0 of 10"),
	    "802.11: empty");
	/* Protected management frame: the body is not parsed. */
	p.n = 0;
	hdr3(&p, 0, 12, 0x40, STA, AP, AP, 1);
	raw(&p, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	layer("Dot11", &p, 0, 0);
	ok(undecoded(0, "Dot11", ANY_OFF, "protected management frame body") &&
	    !((Netcap__Dot11 *)get(NETCAP__RECORD__RECORD_DOT11, 0))->
	    _reason_code_case, "802.11: protected deauthentication");
	/* Link type 105 with 3 bytes. */
	p.n = 3;
	decode_ex(105, p.b, 3, p.n, 0, NULL);
	ok(undecoded(0, "Dot11", ANY_OFF, "truncated header: 3 of 10"),
	    "link type 105: 3 bytes");
}

/* --- USB ----------------------------------------------------------------- */

static void
usbhdr(struct pkt *p, int mmapped, int ev, unsigned xfer, unsigned ep,
    int setup, uint32_t urblen, uint32_t datalen)
{
	le64(p, 0xffff88810a1b2c00ULL);
	u8(p, (unsigned)ev);
	u8(p, xfer);
	u8(p, ep);
	u8(p, 3);
	le16(p, 1);
	u8(p, setup ? 0 : '-');
	u8(p, datalen ? 0 : '<');
	le64(p, 1700000000);
	le32(p, 123);
	le32(p, (uint32_t)-32);
	le32(p, urblen);
	le32(p, datalen);
	if (setup)
		raw(p, "\x80\x06\x00\x01\x09\x04\x12\x00", 8);
	else
		raw(p, "\0\0\0\0\0\0\0\0", 8);
	if (mmapped) {
		le32(p, 8);
		le32(p, (uint32_t)-1);
		le32(p, 0x204);
		le32(p, 2);
	}
}

static void
test_usb(void)
{
	struct pkt p = { .n = 0 };
	Netcap__USB *u;
	int i;

	usbhdr(&p, 0, 'S', 2, 0x80, 1, 18, 0);
	layer("USB", &p, 0, 0);
	u = get(NETCAP__RECORD__RECORD_USB, 0);
	ok(u != NULL && nrec == 1, "usb 48: one record");
	if (u == NULL)
		return;
	ok(u->urb_id == 0xffff88810a1b2c00ULL && strcmp(u->event_type, "S") == 0 &&
	    u->transfer_type == 2 && u->endpoint == 0 && u->direction_in &&
	    u->endpoint_address == 0x80 && u->device == 3 && u->bus == 1,
	    "usb 48: URB id, event, transfer, endpoint, device, bus");
	ok(u->setup_flag == 0 && u->data_flag == '<' &&
	    u->timestamp_sec == 1700000000 && u->timestamp_usec == 123 &&
	    u->status == -32 && u->urb_length == 18 && u->data_length == 0,
	    "usb 48: flags, time, status, lengths");
	ok(u->_bm_request_type_case && u->bm_request_type == 0x80 &&
	    u->b_request == 6 && u->w_value == 0x100 && u->w_index == 0x409 &&
	    u->w_length == 18 && u->setup.len == 8, "usb 48: setup packet");
	ok(!u->_interval_case && !u->_ndesc_case, "usb 48: no mmap fields");

	p.n = 0;
	usbhdr(&p, 1, 'C', 3, 0x82, 0, 512, 5);
	raw(&p, "hello", 5);
	raw(&p, "trailing", 8);
	layer("USBmmap", &p, 0, 0);
	u = get(NETCAP__RECORD__RECORD_USB, 0);
	ok(u != NULL && !u->_bm_request_type_case && u->setup_flag == '-' &&
	    u->endpoint == 2 && u->direction_in,
	    "usb 64: no setup packet");
	ok(u != NULL && u->_interval_case && u->interval == 8 &&
	    u->start_frame == -1 && u->copy_of_flags == 0x204 && u->ndesc == 2,
	    "usb 64: interval, start frame, flags, ndesc");
	ok(u != NULL && u->data.len == 5 && memcmp(u->data.data, "hello", 5) == 0,
	    "usb 64: data bounded by the data length");
	ok(abuse("USBmmap", &p, 0, 0), "usb 64: every cut and byte flip");

	/* Data longer than the record keeps. */
	p.n = 0;
	usbhdr(&p, 0, 'C', 3, 0x82, 0, 10000, 10000);
	for (i = 0; i < 10000; i++)
		u8(&p, (unsigned)i);
	layer("USB", &p, 0, 0);
	u = get(NETCAP__RECORD__RECORD_USB, 0);
	ok(u != NULL && u->data_length == 10000 && u->data.len == 4096,
	    "usb: data kept up to 4096 bytes");
	/* Data length past the capture. */
	p.n = 48 + 100;
	layer("USB", &p, 0, 0);
	u = get(NETCAP__RECORD__RECORD_USB, 0);
	ok(u != NULL && u->data.len == 100, "usb: data cut by the capture");

	/* Isochronous: error count and descriptor count instead of setup. */
	p.n = 0;
	usbhdr(&p, 1, 'C', 0, 0x83, 0, 64, 16);
	p.b[40] = 2;
	p.b[44] = 1;
	p.b[60] = 1;			/* ndesc */
	raw(&p, "\0\0\0\0\0\0\0\0\x10\0\0\0\0\0\0\0", 16);
	fill(&p, 0xd5, 16);
	layer("USBmmap", &p, 0, 0);
	u = get(NETCAP__RECORD__RECORD_USB, 0);
	ok(u != NULL && u->_iso_error_count_case && u->iso_error_count == 2 &&
	    u->iso_numdesc == 1 && !u->_bm_request_type_case &&
	    u->ndesc == 1, "usb: isochronous counts");
	/* The data used to start with the descriptor and miss its end. */
	ok(u != NULL && u->data.len == 16 && u->data.data[0] == 0xd5 &&
	    u->data.data[15] == 0xd5, "usb 64: isochronous data after the "
	    "descriptors");
	p.b[60] = 0xff;			/* descriptors past the capture */
	p.b[61] = 0xff;
	p.b[62] = 0xff;
	p.b[63] = 0xff;
	layer("USBmmap", &p, 0, 0);
	u = get(NETCAP__RECORD__RECORD_USB, 0);
	ok(u != NULL && nrec == 1 && u->data.len == 0,
	    "usb 64: a descriptor count past the capture");

	p.n = 0;
	usbhdr(&p, 0, 'X', 3, 0x82, 0, 0, 0);
	layer("USB", &p, 0, 0);
	ok(undecoded(0, "USB", ANY_OFF,
	    "not usbmon: event type 0x58") && nrec == 1,
	    "usb: unknown event type");
	layer_n("USB", p.b, 47, 0, 0);
	ok(undecoded(0, "USB", ANY_OFF,
	    "truncated header: 47 of 48"), "usb 48: cut");
	layer_n("USBmmap", p.b, 63, 0, 0);
	ok(count(NETCAP__RECORD__RECORD_UNDECODED) == 1 &&
	    undecoded(0, "USB", ANY_OFF, "truncated header"), "usb 64: cut");
	p.n = 0;
	usbhdr(&p, 0, 'E', 1, 0x81, 0, 8, 0);
	decode_ex(189, p.b, p.n, p.n, 0, NULL);
	ok(count(NETCAP__RECORD__RECORD_USB) == 1, "link type 189");
	p.n = 0;
	usbhdr(&p, 1, 'E', 1, 0x81, 0, 8, 0);
	decode_ex(220, p.b, p.n, p.n, 0, NULL);
	ok(count(NETCAP__RECORD__RECORD_USB) == 1, "link type 220");
}

int
main(void)
{
	test_radiotap_linux();
	test_radiotap_fields();
	test_radiotap_tlv();
	test_radiotap_unknown();
	test_radiotap_vendor();
	test_radiotap_bad();
	test_radiotap_datapad();
	test_fcs_snaplen();
	test_beacon();
	test_mgmt_fixed();
	test_elements_bad();
	test_data();
	test_control();
	test_dot11_bad();
	test_usb();
	clear();
	return tap_done();
}
