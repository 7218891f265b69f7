/* Unit tests for the link and control layer decoders: 802.2 LLC and
 * SNAP, spanning tree, CDP, LLDP, EAPOL/EAP/EAPOL-Key and MPLS.  The
 * well-formed frames are those tests/data/link/make-link-pcaps writes;
 * every record is packed and unpacked again before it is looked at, and
 * every decoder is fed each of its inputs cut at every length. */
#include "dectest.h"

/* --- frames (hex) ---------------------------------------------------- */

static const char stp_config[] =
    "0180c20000000200000000010026424203000000008180010011223344550000"
    "0013900100aabbccddee80020100140002000f000000000000000000"
    ;
static const char rstp[] =
    "0180c20000000200000000010027424203000002023e80010011223344550000"
    "0004900100aabbccddee80030100140002000f000000000000000000"
    ;
static const char mstp[] =
    "0180c20000000200000000010089424203000003027c80010011223344550000"
    "0004900100aabbccddee80010100140002000f0000006000726567696f6e2d6f"
    "6e65000000000000000000000000000000000000000000000007000102030405"
    "060708090a0b0c0d0e0f00004e201000001122334466147c200a001122334470"
    "000007d08080137c201400112233447100000fa0808012"
    ;
static const char tcn[] =
    "0180c20000000200000000010007424203000000800000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000"
    ;
static const char pvst[] =
    "01000ccccccd0200000000010032aaaa0300000c010b000002023c8014020000"
    "00000200000000801402000000000280100100140002000f0000000000020014"
    ;
static const char cdp[] =
    "01000ccccccc0200000000010124aaaa0300000c200002b4beef000100177377"
    "69746368312e6578616d706c652e6e65740002002d000000020101cc0004c000"
    "020a0208aaaa0300000086dd001020010db80000000000000000000000100003"
    "00164769676162697445746865726e6574302f31000400080000002800050047"
    "436973636f20494f5320536f6674776172652c2043323936302056657273696f"
    "6e2031352e3028322953450a436f707972696768742028632920313938362d32"
    "30313200060019636973636f2057532d43323936302d323454542d4c0009000a"
    "565450444f4d000a0006000a000b000501000e00070100c800100006189c0011"
    "0008000005dc00120005000014000773773100160011000000010101cc0004c0"
    "00020a0017000f004275696c64696e672034"
    ;
static const char lldp1[] =
    "0180c200000e02000000000188cc02070400112233445504090567652d302f30"
    "2f3106020078080e75706c696e6b20746f20636f72650a0f7377312e6578616d"
    "706c652e6e65740c234a756e69706572204e6574776f726b7320455832323030"
    "2c204a554e4f532031322e330e0400140004100c0501c0000201020000001100"
    "fe060080c2010064fe0900120f01036c0000100000"
    ;
static const char lldp2[] =
    "0180c200000e02000000000188cc02060501c0000207040707706f7274203706"
    "020000101b110220010db80000000000000000000000010300000007032b0601"
    "0000"
    ;
static const char eap_ident[] =
    "020000000001020000000002888e010000160201001601616c69636540657861"
    "6d706c652e6f72670000000000000000000000000000000000000000"
    ;
static const char key_m1[] =
    "020000000002020000000001888e0203005f02008a0010000000000000000100"
    "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f00"
    "0102030405060708090a0b0c0d0e0f0102030405060708000000000000000000"
    "0000000000000000000000000000000000"
    ;
static const char key_m2[] =
    "020000000001020000000002888e0103007502010a0000000000000000000120"
    "2122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f00"
    "0102030405060708090a0b0c0d0e0f0102030405060708000000000000000064"
    "65666768696a6b6c6d6e6f70717273001630140100000fac040100000fac0401"
    "00000fac020000"
    ;
static const char key_wpa[] =
    "020000000002020000000001888e01030077fe13ca0020000000000000000200"
    "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f00"
    "0102030405060708090a0b0c0d0e0f0102030405060708000000000000000000"
    "0102030405060708090a0b0c0d0e0f0018000102030405060708090a0b0c0d0e"
    "0f1011121314151617"
    ;
static const char key_rc4[] =
    "020000000002020000000001888e0103003901000d0000000000000005000000"
    "0000000000000000000000000081101112131415161718191a1b1c1d1e1f0001"
    "02030405060708090a0b0c"
    ;
static const char mpls_ip4[] =
    "020000000002020000000001884703e80b404500002100010000401100000a00"
    "00010a000002a028a410000d000068656c6c6f000000000000000000"
    ;
static const char mpls_ip6[] =
    "0200000000020200000000018847000640ff000c8f016000000000003b402001"
    "0db800000000000000000000000120010db8000000000000000000000002"
    ;

/* --- decoding and looking at the records ------------------------------- */

static uint8_t fbuf[70000];

static size_t
load(const char *hex)
{
	size_t n = unhex(hex, fbuf);

	frame_n(DLT_EN10MB, fbuf, n);
	return n;
}

/* Feeds every cut of p[0..n) but the whole to layer; returns how many
 * cuts gave no Undecoded record, and whether each cut left at least one
 * record (nothing was dropped silently). */
static int
cuts_without_undecoded(const char *layer, const uint8_t *p, size_t n,
    int *all_recorded)
{
	size_t i;
	int quiet = 0;

	*all_recorded = 1;
	for (i = 0; i < n; i++) {
		layer_n(layer, p, i, 0, 0);
		if (nrec == 0)
			*all_recorded = 0;
		if (count(NETCAP__RECORD__RECORD_UNDECODED) == 0)
			quiet++;
	}
	return quiet;
}

/* --- the tests ----------------------------------------------------------- */

static const uint8_t mac_root[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t mac_bridge[6] = { 0x00, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };

static void
test_stp(void)
{
	Netcap__LLC *l;
	Netcap__STP *s;
	Netcap__SNAP *sn;
	uint8_t digest[16], big[1200];
	size_t n, i;
	int all;

	load(stp_config);
	ok(order_is("Ethernet,LLC,STP"), "stp: Ethernet, LLC, STP");
	l = get(NETCAP__RECORD__RECORD_LLC, 0);
	ok(l != NULL && l->dsap == 0x42 && l->ssap == 0x42 && !l->ig &&
	    !l->cr && l->control == 3 && l->ts == TS && l->packet == PKTNO,
	    "llc: SAPs, bits and control of a BPDU");
	s = get(NETCAP__RECORD__RECORD_STP, 0);
	ok(s != NULL && s->protocol_id == 0 && s->version == 0 &&
	    s->bpdu_type == 0 && s->flags == 0x81 && s->tc && s->tca &&
	    !s->proposal && s->port_role == 0 && s->ts == TS &&
	    s->packet == PKTNO, "stp: config BPDU header and flags");
	ok(s != NULL && s->root_priority == 32768 && s->root_system_id == 1 &&
	    bin_is(s->root_mac, mac_root, 6) && s->root_path_cost == 19 &&
	    s->bridge_priority == 36864 && s->bridge_system_id == 1 &&
	    bin_is(s->bridge_mac, mac_bridge, 6) && s->port_id == 0x8002,
	    "stp: root and bridge ids, cost, port");
	ok(s != NULL && s->message_age == 1.0 && s->max_age == 20.0 &&
	    s->hello_time == 2.0 && s->forward_delay == 15.0 &&
	    s->_version_1_length_case == 0 && s->_version_3_length_case == 0 &&
	    s->_originating_vlan_case == 0, "stp: timers in seconds, no "
	    "RSTP fields");

	load(rstp);
	s = get(NETCAP__RECORD__RECORD_STP, 0);
	ok(s != NULL && s->version == 2 && s->bpdu_type == 2 &&
	    s->flags == 0x3e && s->proposal && s->port_role == 3 &&
	    s->learning && s->forwarding && !s->agreement && !s->tc &&
	    !s->tca && s->_version_1_length_case != 0 &&
	    s->version_1_length == 0 && s->_version_3_length_case == 0,
	    "stp: RSTP flags and version 1 length");

	load(mstp);
	s = get(NETCAP__RECORD__RECORD_STP, 0);
	for (i = 0; i < 16; i++)
		digest[i] = (uint8_t)i;
	ok(order_is("Ethernet,LLC,STP") && s != NULL && s->version == 3 &&
	    s->agreement && s->_version_3_length_case != 0 &&
	    s->version_3_length == 96 && s->mst_config_format == 0 &&
	    !txtcmp(s->mst_config_name, "region-one") &&
	    s->mst_config_revision == 7 &&
	    bin_is(s->mst_config_digest, digest, 16), "stp: MST config id");
	ok(s != NULL && s->cist_internal_root_path_cost == 20000 &&
	    s->cist_bridge_priority == 4096 && s->cist_bridge_system_id == 0 &&
	    bin_hex(s->cist_bridge_mac, "001122334466") &&
	    s->cist_remaining_hops == 20, "stp: CIST fields");
	ok(s != NULL && s->n_mstis == 2 && s->mstis[0]->flags == 0x7c &&
	    s->mstis[0]->regional_root_priority == 8192 &&
	    s->mstis[0]->msti_id == 10 &&
	    bin_hex(s->mstis[0]->regional_root_mac, "001122334470") &&
	    s->mstis[0]->internal_root_path_cost == 2000 &&
	    s->mstis[0]->bridge_priority == 8 &&
	    s->mstis[0]->port_priority == 8 &&
	    s->mstis[0]->remaining_hops == 19 && s->mstis[1]->msti_id == 20 &&
	    s->mstis[1]->internal_root_path_cost == 4000 &&
	    s->mstis[1]->remaining_hops == 18, "stp: MSTI messages");
	/* A config name byte that is not UTF-8: kept, for the sinks to
	 * escape. */
	n = unhex(mstp, fbuf);
	fbuf[14 + 3 + 39] = 0xff;
	frame_n(DLT_EN10MB, fbuf, n);
	s = get(NETCAP__RECORD__RECORD_STP, 0);
	ok(s != NULL && !txtcmp(s->mst_config_name, "\xff" "egion-one"),
	    "stp: config name byte that is not UTF-8 is kept");

	load(tcn);
	s = get(NETCAP__RECORD__RECORD_STP, 0);
	ok(order_is("Ethernet,LLC,STP") && s != NULL && s->bpdu_type == 0x80 &&
	    s->root_mac.len == 0 && s->flags == 0, "stp: TCN BPDU");

	load(pvst);
	sn = get(NETCAP__RECORD__RECORD_SNAP, 0);
	s = get(NETCAP__RECORD__RECORD_STP, 0);
	ok(order_is("Ethernet,LLC,SNAP,STP") && sn != NULL &&
	    sn->oui == 0x00000c && sn->protocol_id == 0x010b && s != NULL &&
	    s->root_system_id == 20 && s->_originating_vlan_case != 0 &&
	    s->originating_vlan == 20, "stp: Cisco PVST+ with originating "
	    "VLAN");

	/* Every cut of each BPDU is Undecoded, except an MST BPDU cut
	 * right after its version 1 length (what an RST BPDU is). */
	n = unhex(stp_config, fbuf);
	ok(cuts_without_undecoded("STP", fbuf + 17, 35, &all) == 0 && all,
	    "stp: config BPDU cut at every length is Undecoded");
	n = unhex(rstp, fbuf);
	ok(cuts_without_undecoded("STP", fbuf + 17, 36, &all) == 0 && all,
	    "stp: RST BPDU cut at every length is Undecoded");
	n = unhex(mstp, fbuf);
	ok(cuts_without_undecoded("STP", fbuf + 17, n - 17, &all) == 1 &&
	    all, "stp: MST BPDU cut at every length is Undecoded but one");
	layer_n("STP", fbuf + 17, 60, 0, 0);
	ok(order_is("STP,Undecoded") &&
	    undecoded(0, "STP", 36, "truncated MST part: 22 of 96 bytes"),
	    "stp: cut MST part keeps the RST fields");
	layer_n("STP", fbuf + 17, 20, 0, 0);
	ok(undecoded(0, "STP", 0, "truncated header: 20 of 36 bytes"),
	    "stp: cut RST BPDU");

	/* Unknown type, wrong protocol, bad version 3 length, 65 MSTIs. */
	memcpy(big, "\x00\x00\x00\x07", 4);
	layer_n("STP", big, 4, 0, 0);
	ok(order_is("Undecoded") && undecoded(0, "STP", 0,
	    "unknown BPDU type 0x07"), "stp: unknown BPDU type");
	memcpy(big, "\x00\x01\x00\x00", 4);
	layer_n("STP", big, 4, 0, 0);
	ok(undecoded(0, "STP", 0, "not STP: protocol id 0x0001"),
	    "stp: protocol id other than 0");
	n = unhex(mstp, fbuf) - 17;
	memcpy(big, fbuf + 17, n);
	big[36] = 0;
	big[37] = 65;
	layer_n("STP", big, n, 0, 0);
	ok(order_is("STP,Undecoded") && undecoded(0, "STP", 36,
	    "bad version 3 length 65"), "stp: bad version 3 length");
	memset(big + n, 0, sizeof big - n);
	big[36] = (64 + 65 * 16) >> 8;
	big[37] = (64 + 65 * 16) & 0xff;
	layer_n("STP", big, 38 + 64 + 65 * 16, 0, 0);
	s = get(NETCAP__RECORD__RECORD_STP, 0);
	ok(s != NULL && s->n_mstis == 64 && undecoded(0, "STP", 38 + 64 +
	    64 * 16, "65 MSTI messages, more than 64"),
	    "stp: MSTI messages are bounded");
}

static void
test_llc(void)
{
	static const uint8_t hdr[12] = { 1, 2, 3, 4, 5, 6, 2, 0, 0, 0, 0, 1 };
	Netcap__LLC *l;
	uint8_t f[64];

	/* An I frame: two control bytes, no payload. */
	memcpy(f, hdr, 12);
	memcpy(f + 12, "\x00\x04\xf0\xf0\x02\x05", 6);
	frame_n(DLT_EN10MB, f, 18);
	l = get(NETCAP__RECORD__RECORD_LLC, 0);
	ok(order_is("Ethernet,LLC") && l != NULL && l->dsap == 0xf0 &&
	    l->control == 0x0502, "llc: I frame, two-byte control");
	frame_n(DLT_EN10MB, f, 17);
	ok(order_is("Ethernet,Undecoded") && undecoded(0, "LLC", 14,
	    "truncated header: 3 of 4 bytes"), "llc: cut I frame control");
	frame_n(DLT_EN10MB, f, 16);
	ok(undecoded(0, "LLC", 14, "truncated header: 2 of 3 bytes"),
	    "llc: cut header");
	/* Group DSAP, response SSAP, unknown SAP with payload. */
	memcpy(f + 12, "\x00\x05\xf1\xf1\x03xy", 7);
	frame_n(DLT_EN10MB, f, 19);
	l = get(NETCAP__RECORD__RECORD_LLC, 0);
	ok(order_is("Ethernet,LLC,Undecoded") && l != NULL && l->dsap == 0xf0 &&
	    l->ig && l->ssap == 0xf0 && l->cr && l->control == 3 &&
	    undecoded(0, "LLC", 17, "unsupported 802.2 LLC frame: dsap 0xf1"),
	    "llc: I/G and C/R bits, unknown SAP");
	/* Novell raw 802.3: IPX where the LLC header would be. */
	memcpy(f + 12, "\x00\x04\xff\xff\x00\x04", 6);
	frame_n(DLT_EN10MB, f, 18);
	ok(order_is("Ethernet,Undecoded") && undecoded(0, "LLC", 14,
	    "Novell raw 802.3 (IPX)"), "llc: raw 802.3 IPX is not LLC");
	/* SNAP with an unknown OUI, and cut. */
	memcpy(f + 12, "\x00\x09\xaa\xaa\x03\x00\x00\x0c\x20\x04z", 11);
	frame_n(DLT_EN10MB, f, 23);
	ok(order_is("Ethernet,LLC,SNAP,Undecoded") && undecoded(0, "SNAP", 22,
	    "unsupported SNAP OUI 0x00000c protocol 0x2004"),
	    "snap: unknown protocol");
	frame_n(DLT_EN10MB, f, 20);
	ok(order_is("Ethernet,LLC,Undecoded") && undecoded(0, "SNAP", 17,
	    "truncated header: 3 of 5 bytes"), "snap: cut header");
	/* SNAP with the zero OUI: an ethertype (ARP, cut here). */
	memcpy(f + 12, "\x00\x0a\xaa\xaa\x03\x00\x00\x00\x08\x06\x00\x01", 12);
	frame_n(DLT_EN10MB, f, 24);
	ok(order_is("Ethernet,LLC,SNAP,Undecoded") &&
	    ((Netcap__SNAP *)get(NETCAP__RECORD__RECORD_SNAP, 0))->protocol_id
	    == 0x0806 && undecoded(0, "ARP", 22, "truncated"),
	    "snap: zero OUI hands the ethertype on");
}

/* Cuts inside a TLV list give Undecoded; those on a TLV boundary need
 * not.  tlv_at: where the TLVs start; lldp: 2-byte type/length headers. */
static int
tlv_cuts_ok(const char *layer, const uint8_t *p, size_t n, size_t tlv_at,
    int lldp)
{
	uint8_t bound[2048] = { 0 };
	size_t at = tlv_at, i, len;
	int bad = 0;

	while (at + 4 <= n) {
		bound[at] = 1;
		if (lldp) {
			len = ((p[at] & 1) << 8 | p[at + 1]) + 2;
		} else {
			len = (size_t)(p[at + 2] << 8 | p[at + 3]);
		}
		at += len;
	}
	bound[at < sizeof bound ? at : 0] = 1;
	for (i = 0; i < n; i++) {
		layer_n(layer, p, i, 0, 0);
		if (nrec == 0)
			bad++;
		else if (i >= tlv_at && !bound[i] &&
		    count(NETCAP__RECORD__RECORD_UNDECODED) == 0) {
			printf("# %s cut at %zu: %s\n", layer, i, order());
			bad++;
		}
	}
	return bad;
}

static void
test_cdp(void)
{
	Netcap__CDP *d;
	static const uint32_t types[] = { 1, 2, 3, 4, 5, 6, 9, 0x0a, 0x0b,
	    0x0e, 0x10, 0x11, 0x12, 0x14, 0x16, 0x17 };
	uint8_t f[8192], *p;
	size_t n, i;

	n = load(cdp);
	ok(order_is("Ethernet,LLC,SNAP,CDP"), "cdp: Ethernet, LLC, SNAP, CDP");
	d = get(NETCAP__RECORD__RECORD_CDP, 0);
	ok(d != NULL && d->version == 2 && d->ttl == 180 &&
	    d->checksum == 0xbeef && !txtcmp(d->device_id,
	    "switch1.example.net") && !txtcmp(d->port_id,
	    "GigabitEthernet0/1") && d->_capabilities_case != 0 &&
	    d->capabilities == 0x28 && !txtcmp(d->platform,
	    "cisco WS-C2960-24TT-L") && d->software_version.len >= 53 &&
	    memcmp(d->software_version.data, "Cisco IOS Software, C2960 "
	    "Version 15.0(2)SE\nCopyright", 53) == 0,
	    "cdp: header, ids, capabilities, version, platform");
	ok(d != NULL && d->n_addresses_ip == 2 &&
	    bin_hex(d->addresses_ip[0], "c000020a") &&
	    bin_hex(d->addresses_ip[1], "20010db8000000000000000000000010") &&
	    d->n_management_addresses_ip == 1 &&
	    bin_hex(d->management_addresses_ip[0], "c000020a"),
	    "cdp: IPv4 and IPv6 addresses, management address");
	ok(d != NULL && !txtcmp(d->vtp_management_domain, "VTPDOM") &&
	    d->_native_vlan_case != 0 && d->native_vlan == 10 &&
	    d->_full_duplex_case != 0 && d->full_duplex &&
	    d->_voice_vlan_case != 0 && d->voice_vlan == 200 &&
	    d->_power_consumption_case != 0 && d->power_consumption == 6300 &&
	    d->_mtu_case != 0 && d->mtu == 1500 && !txtcmp(d->system_name,
	    "sw1") && !txtcmp(d->location, "Building 4"),
	    "cdp: VTP domain, VLANs, duplex, power, MTU, name, location");
	ok(d != NULL && d->n_tlv_types == sizeof types / sizeof types[0] &&
	    memcmp(d->tlv_types, types, sizeof types) == 0,
	    "cdp: every TLV type in order");
	p = fbuf + 22;
	n -= 22;
	ok(tlv_cuts_ok("CDP", p, n, 4, 0) == 0, "cdp: cut at every length, "
	    "Undecoded inside a TLV");
	layer_n("CDP", p, 3, 0, 0);
	ok(order_is("Undecoded") && undecoded(0, "CDP", 0,
	    "truncated header: 3 of 4 bytes"), "cdp: cut header");
	memcpy(f, "\x02\xb4\x00\x00\x00\x01\x00\x02", 8);
	layer_n("CDP", f, 8, 0, 0);
	ok(order_is("CDP,Undecoded") && undecoded(0, "CDP", 4,
	    "TLV type 0x0001 with bad length 2"), "cdp: TLV length below 4");
	memcpy(f, "\x02\xb4\x00\x00\x00\x02\x00\x11\xff\xff\xff\xff"
	    "\x01\x01\xcc\x00\x04\x0a\x00\x00\x01", 21);
	layer_n("CDP", f, 21, 0, 0);
	d = get(NETCAP__RECORD__RECORD_CDP, 0);
	ok(d != NULL && d->n_addresses_ip == 1 && undecoded(0, "CDP", 4,
	    "bad address list"), "cdp: address count larger than the list");
	/* 40 addresses: 32 kept, the rest reported. */
	memcpy(f, "\x02\xb4\x00\x00\x00\x02", 6);
	f[6] = (8 + 40 * 9) >> 8;
	f[7] = (8 + 40 * 9) & 0xff;
	memcpy(f + 8, "\x00\x00\x00\x28", 4);
	for (i = 0; i < 40; i++)
		memcpy(f + 12 + i * 9, "\x01\x01\xcc\x00\x04\x0a\x00\x00\x01",
		    9);
	layer_n("CDP", f, 12 + 40 * 9, 0, 0);
	d = get(NETCAP__RECORD__RECORD_CDP, 0);
	ok(d != NULL && d->n_addresses_ip == 32 && undecoded(0, "CDP", 4,
	    "bad address list"), "cdp: addresses are bounded");
	memcpy(f, "\x03\xb4\x00\x00", 4);
	layer_n("CDP", f, 4, 0, 0);
	ok(order_is("Undecoded") && undecoded(0, "CDP", 0, "not CDP: version 3"),
	    "cdp: unknown version");
	/* A 2000-byte platform string is cut to 1023 bytes. */
	memcpy(f, "\x02\xb4\x00\x00\x00\x06", 6);
	f[6] = 2004 >> 8;
	f[7] = 2004 & 0xff;
	memset(f + 8, 'p', 2000);
	layer_n("CDP", f, 2008, 0, 0);
	d = get(NETCAP__RECORD__RECORD_CDP, 0);
	ok(d != NULL && d->platform.len == 1023 && undecoded(0, "CDP", 4,
	    "TLV type 0x0006 text cut to 1023 bytes"), "cdp: long text is cut "
	    "and says so");
	/* 600 empty TLVs: 512 listed. */
	memcpy(f, "\x02\xb4\x00\x00", 4);
	for (i = 0; i < 600; i++)
		memcpy(f + 4 + i * 4, "\x00\x99\x00\x04", 4);
	layer_n("CDP", f, 4 + 600 * 4, 0, 0);
	d = get(NETCAP__RECORD__RECORD_CDP, 0);
	ok(d != NULL && d->n_tlv_types == 512 && undecoded(0, "CDP",
	    4 + 512 * 4, "more than 512 TLVs"), "cdp: TLV list is bounded");
	/* Device id with a stray byte and a valid two-byte sequence. */
	memcpy(f, "\x02\xb4\x00\x00\x00\x01\x00\x09x\xfey\xc3\xa9", 13);
	layer_n("CDP", f, 13, 0, 0);
	d = get(NETCAP__RECORD__RECORD_CDP, 0);
	ok(order_is("CDP") && d != NULL &&
	    !txtcmp(d->device_id, "x\xfey\xc3\xa9"),
	    "cdp: text bytes that are not UTF-8 are kept");
}

static void
test_lldp(void)
{
	Netcap__LLDP *l;
	static const uint32_t types[] = { 1, 2, 3, 4, 5, 6, 7, 8, 127, 127, 0 };
	uint8_t f[4096];
	size_t n, i;

	n = load(lldp1);
	ok(order_is("Ethernet,LLDP"), "lldp: Ethernet, LLDP");
	l = get(NETCAP__RECORD__RECORD_LLDP, 0);
	ok(l != NULL && l->chassis_id_subtype == 4 &&
	    bin_is(l->chassis_id, mac_root, 6) &&
	    bin_is(l->chassis_id_mac, mac_root, 6) &&
	    l->chassis_id_ip.len == 0 && !txtcmp(l->chassis_id_text, "") &&
	    l->port_id_subtype == 5 && bin_is(l->port_id, "ge-0/0/1", 8) &&
	    !txtcmp(l->port_id_text, "ge-0/0/1") && l->ttl == 120 &&
	    l->ts == TS && l->packet == PKTNO,
	    "lldp: chassis MAC, port interface name, TTL");
	ok(l != NULL && !txtcmp(l->port_description, "uplink to core") &&
	    !txtcmp(l->system_name, "sw1.example.net") &&
	    !txtcmp(l->system_description,
	    "Juniper Networks EX2200, JUNOS 12.3") &&
	    l->_system_capabilities_case != 0 &&
	    l->system_capabilities == 0x14 &&
	    l->_enabled_capabilities_case != 0 &&
	    l->enabled_capabilities == 0x04,
	    "lldp: descriptions, name, capabilities");
	ok(l != NULL && l->n_management_addresses == 1 &&
	    l->management_addresses[0]->subtype == 1 &&
	    bin_hex(l->management_addresses[0]->address_ip, "c0000201") &&
	    l->management_addresses[0]->interface_subtype == 2 &&
	    l->management_addresses[0]->interface_number == 17 &&
	    l->management_addresses[0]->oid.len == 0,
	    "lldp: IPv4 management address");
	ok(l != NULL && l->n_org_tlvs == 2 && l->org_tlvs[0]->oui == 0x0080c2 &&
	    l->org_tlvs[0]->subtype == 1 &&
	    bin_hex(l->org_tlvs[0]->info, "0064") &&
	    l->org_tlvs[1]->oui == 0x00120f && l->org_tlvs[1]->subtype == 1 &&
	    bin_hex(l->org_tlvs[1]->info, "036c000010") &&
	    l->n_tlv_types == 11 && memcmp(l->tlv_types, types,
	    sizeof types) == 0, "lldp: organisational TLVs, TLV types");
	ok(tlv_cuts_ok("LLDP", fbuf + 14, n - 14, 0, 1) == 0,
	    "lldp: cut at every length, Undecoded inside a TLV");

	load(lldp2);
	l = get(NETCAP__RECORD__RECORD_LLDP, 0);
	ok(order_is("Ethernet,LLDP") && l != NULL && l->chassis_id_subtype == 5 &&
	    bin_hex(l->chassis_id_ip, "c0000207") &&
	    bin_hex(l->chassis_id, "01c0000207") && l->port_id_subtype == 7 &&
	    !txtcmp(l->port_id_text, "port 7") && l->ttl == 0 &&
	    l->_system_capabilities_case == 0, "lldp: chassis network "
	    "address, locally assigned port, TTL 0");
	ok(l != NULL && l->n_management_addresses == 1 &&
	    l->management_addresses[0]->subtype == 2 &&
	    bin_hex(l->management_addresses[0]->address_ip,
	    "20010db8000000000000000000000001") &&
	    l->management_addresses[0]->interface_subtype == 3 &&
	    l->management_addresses[0]->interface_number == 7 &&
	    bin_hex(l->management_addresses[0]->oid, "2b0601"),
	    "lldp: IPv6 management address with an OID");

	/* Malformed. */
	layer_n("LLDP", (const uint8_t *)"\x10", 1, 0, 0);
	ok(order_is("Undecoded") && undecoded(0, "LLDP", 0,
	    "truncated header: 1 of 2 bytes"), "lldp: cut first TLV");
	layer_n("LLDP", (const uint8_t *)"\x06\x02\x00\x05\x00\x00", 6, 0, 0);
	ok(order_is("LLDP,Undecoded") && undecoded(0, "LLDP", 0,
	    "missing mandatory TLVs"), "lldp: mandatory TLVs missing");
	layer_n("LLDP", (const uint8_t *)"\x02\x00\x04\x00\x06\x01\x00\x00\x00",
	    9, 0, 0);
	ok(undecoded(0, "LLDP", 0, "empty chassis id TLV"), "lldp: empty "
	    "chassis id");
	/* Used to say "truncated header: 4 of 2 bytes". */
	layer_n("LLDP", (const uint8_t *)"\x02\x07\x04\x00", 4, 0, 0);
	ok(order_is("Undecoded") && undecoded(0, "LLDP", 0,
	    "TLV type 1 length 7 past the end (2 bytes left)"),
	    "lldp: first TLV longer than the frame");
	layer_n("LLDP", (const uint8_t *)"\x02\x07\x04\x00\x11\x22\x33\x44\x55"
	    "\x04\x03\x05p1\x06\x02\x00\x78\x0a\x05" "a\xff" "b\xc3\xa9\x00\x00",
	    27, 0, 0);
	l = get(NETCAP__RECORD__RECORD_LLDP, 0);
	ok(order_is("LLDP") && l != NULL &&
	    !txtcmp(l->system_name, "a\xff" "b\xc3\xa9") &&
	    !txtcmp(l->port_id_text, "p1"),
	    "lldp: text bytes that are not UTF-8 are kept");
	layer_n("LLDP", (const uint8_t *)"\x10\x01\x04\x00\x00", 5, 0, 0);
	ok(undecoded(0, "LLDP", 0, "bad management address TLV"),
	    "lldp: management address length 0");
	/* 20 management addresses: 16 kept. */
	n = 0;
	for (i = 0; i < 20; i++) {
		memcpy(f + n, "\x10\x0c\x05\x01\xc0\x00\x02\x01\x02\x00\x00"
		    "\x00\x01\x00", 14);
		n += 14;
	}
	layer_n("LLDP", f, n, 0, 0);
	l = get(NETCAP__RECORD__RECORD_LLDP, 0);
	ok(l != NULL && l->n_management_addresses == 16 && undecoded(0,
	    "LLDP", 16 * 14, "more than 16 management addresses"),
	    "lldp: management addresses are bounded");
	/* 600 reserved TLVs of length 0: 512 listed. */
	memset(f, 0, sizeof f);
	for (i = 0; i < 600; i++)
		f[i * 2] = 9 << 1;
	layer_n("LLDP", f, 1200, 0, 0);
	l = get(NETCAP__RECORD__RECORD_LLDP, 0);
	ok(l != NULL && l->n_tlv_types == 512 && undecoded(0, "LLDP", 1024,
	    "more than 512 TLVs"), "lldp: TLV list is bounded");
	/* 130 organisational TLVs: 128 kept. */
	for (i = 0; i < 130; i++)
		memcpy(f + i * 6, "\xfe\x04\x00\x80\xc2\x07", 6);
	layer_n("LLDP", f, 130 * 6, 0, 0);
	l = get(NETCAP__RECORD__RECORD_LLDP, 0);
	ok(l != NULL && l->n_org_tlvs == 128 && undecoded(0, "LLDP", 128 * 6,
	    "more than 128 organisationally"), "lldp: org TLVs are bounded");
}

static void
test_eapol(void)
{
	Netcap__EAPOL *e;
	Netcap__EAP *p;
	Netcap__EAPOLKey *k;
	uint8_t f[1024], nonce[32];
	size_t n, i;
	int all;

	load(eap_ident);
	e = get(NETCAP__RECORD__RECORD_EAPOL, 0);
	p = get(NETCAP__RECORD__RECORD_EAP, 0);
	ok(order_is("Ethernet,EAPOL,EAP") && e != NULL && e->version == 1 &&
	    e->type == 0 && e->length == 22 && e->ts == TS,
	    "eapol: header of an EAP packet");
	ok(p != NULL && p->code == 2 && p->id == 1 && p->length == 22 &&
	    p->_type_case != 0 && p->type == 1 &&
	    !txtcmp(p->identity, "alice@example.org") &&
	    bin_is(p->type_data, "alice@example.org", 17),
	    "eap: identity response");
	ok(cuts_without_undecoded("EAPOL", fbuf + 14, 4 + 22, &all) == 0 &&
	    all, "eapol: EAP packet cut at every length is Undecoded");
	ok(cuts_without_undecoded("EAP", fbuf + 18, 22, &all) == 0 && all,
	    "eap: cut at every length is Undecoded");
	fbuf[14 + 4 + 5] = 0x80;
	frame_n(DLT_EN10MB, fbuf, 14 + 4 + 22);
	p = get(NETCAP__RECORD__RECORD_EAP, 0);
	ok(p != NULL && !txtcmp(p->identity, "\x80" "lice@example.org"),
	    "eap: identity byte that is not UTF-8 is kept");

	n = load(key_m1);
	k = get(NETCAP__RECORD__RECORD_EAPOL_KEY, 0);
	for (i = 0; i < 32; i++)
		nonce[i] = (uint8_t)i;
	ok(order_is("Ethernet,EAPOL,EAPOLKey") && k != NULL &&
	    k->descriptor_type == 2 && k->key_info == 0x008a &&
	    k->descriptor_version == 2 && k->key_type && k->key_index == 0 &&
	    !k->install && k->key_ack && !k->key_mic && !k->secure &&
	    !k->mic_error && !k->request && !k->encrypted_key_data &&
	    k->key_length == 16 && k->replay_counter == 1,
	    "eapolkey: message 1 key information bits");
	ok(k != NULL && bin_is(k->nonce, nonce, 32) && k->iv.len == 16 &&
	    bin_hex(k->rsc, "0102030405060708") && k->id.len == 8 &&
	    k->mic.len == 16 && k->key_data_length == 0 &&
	    k->key_data.len == 0, "eapolkey: nonce, IV, RSC, MIC, no data");
	ok(cuts_without_undecoded("EAPOL", fbuf + 14, n - 14, &all) == 0 &&
	    all, "eapol: key cut at every length is Undecoded");
	/* Bodies cut short with an EAPOL length that agrees. */
	all = 1;
	for (i = 0; i < n - 18; i++) {
		memcpy(f, fbuf + 14, 4);
		f[2] = (uint8_t)(i >> 8);
		f[3] = (uint8_t)i;
		memcpy(f + 4, fbuf + 18, i);
		layer_n("EAPOL", f, 4 + i, 0, 0);
		if (i > 0 && !undecoded(0, "EAPOLKey", 4, "truncated header"))
			all = 0;
	}
	ok(all, "eapolkey: cut at every length is Undecoded");

	load(key_m2);
	k = get(NETCAP__RECORD__RECORD_EAPOL_KEY, 0);
	ok(k != NULL && k->key_mic && !k->key_ack && k->key_data_length == 22 &&
	    bin_hex(k->key_data,
	    "30140100000fac040100000fac040100000fac020000") &&
	    k->mic.data[0] == 100, "eapolkey: message 2 with key data");
	load(key_wpa);
	k = get(NETCAP__RECORD__RECORD_EAPOL_KEY, 0);
	ok(k != NULL && k->descriptor_type == 254 && k->key_info == 0x13ca &&
	    k->install && k->key_ack && k->key_mic && k->secure &&
	    k->encrypted_key_data && k->replay_counter == 2 &&
	    k->key_data.len == 24, "eapolkey: WPA descriptor, all bits");
	load(key_rc4);
	k = get(NETCAP__RECORD__RECORD_EAPOL_KEY, 0);
	ok(k != NULL && k->descriptor_type == 1 && k->key_length == 13 &&
	    k->replay_counter == 5 && k->key_index == 0x81 &&
	    k->iv.len == 16 && k->mic.data[0] == 16 && k->key_data.len == 13 &&
	    k->nonce.len == 0, "eapolkey: RC4 descriptor");

	/* Malformed. */
	memcpy(f, "\x02\x03\x00\x5f\x02\x01\x0a", 7);
	memset(f + 7, 0, 92);
	f[97] = 0x01;		/* key data length 500 */
	f[98] = 0xf4;
	layer_n("EAPOL", f, 99, 0, 0);
	ok(order_is("EAPOL,EAPOLKey,Undecoded") && undecoded(0, "EAPOLKey", 99,
	    "key data length 500, 0 bytes left"), "eapolkey: key data "
	    "length past the body");
	memcpy(f, "\x02\x03\x00\x04\x07\x00\x00\x00", 8);
	layer_n("EAPOL", f, 8, 0, 0);
	ok(undecoded(0, "EAPOLKey", 4, "unknown key descriptor type 7"),
	    "eapolkey: unknown descriptor");
	memcpy(f, "\x01\x00\x00\x02\x01\x00", 6);
	layer_n("EAP", f, 6, 0, 0);
	ok(order_is("Undecoded") && undecoded(0, "EAP", 0, "bad length 2"),
	    "eap: length below 4");
	memcpy(f, "\x09\x00\x00\x04", 4);
	layer_n("EAP", f, 4, 0, 0);
	ok(undecoded(0, "EAP", 0, "not EAP: code 9"), "eap: unknown code");
	memcpy(f, "\x01\x05\x00\x04", 4);
	layer_n("EAP", f, 4, 0, 0);
	p = get(NETCAP__RECORD__RECORD_EAP, 0);
	ok(order_is("EAP,Undecoded") && p != NULL && p->_type_case == 0 &&
	    undecoded(0, "EAP", 0, "request without a type"),
	    "eap: request without a type");
	memcpy(f, "\x02\x05\x01\x2d\x01", 5);
	memset(f + 5, 'i', 296);
	layer_n("EAP", f, 301, 0, 0);
	p = get(NETCAP__RECORD__RECORD_EAP, 0);
	ok(p != NULL && p->identity.len == 255 && p->type_data.len == 296 &&
	    undecoded(0, "EAP", 5, "identity cut to 255 bytes"),
	    "eap: long identity is cut and says so");
	memcpy(f, "\x02\x05\x00\x10\x01", 5);
	layer_n("EAP", f, 5, 0, 0);
	ok(order_is("EAP,Undecoded") && undecoded(0, "EAP", 0,
	    "truncated: 5 of 16 bytes"), "eap: length past the end");
	memcpy(f, "\x02\x05\x00\x02\x01\x00", 6);
	layer_n("EAPOL", f, 6, 0, 0);
	ok(order_is("EAPOL,Undecoded") && undecoded(0, "EAPOL", 4,
	    "unsupported EAPOL type 5 body"), "eapol: MKA is not decoded");
	layer_n("EAPOL", f, 3, 0, 0);
	ok(order_is("Undecoded") && undecoded(0, "EAPOL", 0,
	    "truncated header: 3 of 4 bytes"), "eapol: cut header");
}

static void
test_mpls(void)
{
	Netcap__MPLS *m;
	uint8_t f[200];
	size_t n, i;
	int all;

	n = load(mpls_ip4);
	m = get(NETCAP__RECORD__RECORD_MPLS, 0);
	ok(order_is("Ethernet,MPLS,IPv4,UDP") && m != NULL &&
	    m->label == 16000 && m->traffic_class == 5 && m->stack_bottom &&
	    m->ttl == 64 && m->ts == TS, "mpls: one label, IPv4 below");
	/* All but the cut right after the label, which leaves no payload. */
	ok(cuts_without_undecoded("MPLS", fbuf + 14, 4 + 20 + 8, &all) == 1 &&
	    all, "mpls: cut at every length is Undecoded");
	(void)n;
	load(mpls_ip6);
	m = get(NETCAP__RECORD__RECORD_MPLS, 1);
	ok(order_is("Ethernet,MPLS,MPLS,IPv6") && m != NULL && m->label == 200 &&
	    m->traffic_class == 7 && m->stack_bottom && m->ttl == 1 &&
	    !((Netcap__MPLS *)get(NETCAP__RECORD__RECORD_MPLS, 0))->stack_bottom,
	    "mpls: two labels, IPv6 below");
	memcpy(f, "\x00\x00\x31\x0a\x00\x00\x00\x00", 8);
	layer_n("MPLS", f, 8, 0, 0);
	ok(order_is("MPLS,Undecoded") && undecoded(0, "MPLS", 4,
	    "unknown payload after the bottom label (first byte 0x00)"),
	    "mpls: a payload that is not IP");
	layer_n("MPLS", f, 4, 0, 0);
	ok(order_is("MPLS"), "mpls: nothing after the bottom label");
	for (i = 0; i < 40; i++)
		memcpy(f + i * 4, "\x00\x00\x50\x40", 4);
	layer_n("MPLS", f, 160, 0, 0);
	ok(count(NETCAP__RECORD__RECORD_MPLS) == 16 && undecoded(0, "MPLS", 64,
	    "too many nested headers"), "mpls: label stack is bounded");
}

int
main(void)
{
	test_stp();
	test_llc();
	test_cdp();
	test_lldp();
	test_eapol();
	test_mpls();
	clear();
	return tap_done();
}
