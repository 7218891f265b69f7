#!/usr/bin/env bats
# Link and control layer decoders (802.2 LLC, SNAP, STP/RSTP/MSTP, CDP,
# LLDP, EAPOL, EAP, EAPOL-Key, MPLS): nc-decode on captures made by
# tests/data/link/make-link-pcaps, read back with nc-tojson/jq and
# nc-tocsv, compared field by field with tshark -T fields, and on the
# shared corpus where it has these protocols.

bats_require_minimum_version 1.5.0

# The captures are made once for the file; every test gets its own copy.
setup_file() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	command -v python3 >/dev/null || return 0
	mkdir "$BATS_FILE_TMPDIR/gen"
	python3 "$NC_ROOT/tests/data/link/make-link-pcaps" "$BATS_FILE_TMPDIR/gen"
}

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	P=$BATS_TEST_TMPDIR
	command -v jq >/dev/null || skip "jq is not installed"
	command -v python3 >/dev/null || skip "python3 is not installed"
	cp -R "$BATS_FILE_TMPDIR/gen/." "$P/"
}

need_tshark() {
	command -v tshark >/dev/null || skip "tshark is not installed"
}

# jq program $2 over the records of type $1 of capture $3 (link.pcap),
# as tab-separated text.
nc() {
	nc-decode -q -r "${3:-$P/link.pcap}" | nc-tojson -t all,header |
	    jq -r --arg t "$1" "select(.type == \$t) | $2 | @tsv"
}

# tshark -T fields over display filter $1 of link.pcap (or $CAP), the
# fields in the other arguments, tab-separated, commas between repeats.
ts() {
	local f=$1 a=()
	shift
	for e in "$@"; do a+=(-e "$e"); done
	tshark -n -r "${CAP:-$P/link.pcap}" -Y "$f" -T fields -E occurrence=a \
	    -E aggregator=, "${a[@]}" 2>/dev/null
}

# Puts both sides in one notation: hex numbers in decimal, booleans as
# 1/0, whole floats without ".0", MACs and hex bytes in lower case
# without separators.
norm() {
	python3 -c '
import re, sys
def one(v):
    if re.fullmatch(r"0x[0-9a-fA-F]+", v):
        return str(int(v, 16))
    if v in ("True", "true"):
        return "1"
    if v in ("False", "false"):
        return "0"
    if re.fullmatch(r"-?[0-9]+\.0+", v):
        return v.split(".")[0]
    if re.fullmatch(r"([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}", v):
        return v.replace(":", "").lower()
    return v
for line in sys.stdin:
    cols = line.rstrip("\n").split("\t")
    print("\t".join(",".join(one(x) for x in c.split(",")) for c in cols))
'
}

@test "dec-link: the generator writes the same captures every time" {
	mkdir "$P/again"
	python3 "$NC_ROOT/tests/data/link/make-link-pcaps" "$P/again"
	cmp "$P/link.pcap" "$P/again/link.pcap"
	cmp "$P/bad.pcap" "$P/again/bad.pcap"
}

@test "dec-link: records of every packet, outermost first" {
	run bash -c 'nc-decode -q -r "$1" | nc-tojson -t all,header | jq -r "select(.packet) | [.packet, .type] | @tsv" | awk -F"\t" "\$1 != p { if (p) print s; s = \$1; p = \$1 } { s = s \" \" \$2 } END { print s }"' _ "$P/link.pcap"
	[ "$status" -eq 0 ]
	want="1 Ethernet LLC STP
2 Ethernet LLC STP
3 Ethernet LLC STP
4 Ethernet LLC STP
5 Ethernet LLC SNAP STP
6 Ethernet LLC SNAP CDP
7 Ethernet LLDP
8 Ethernet LLDP
9 Ethernet EAPOL
10 Ethernet EAPOL EAP
11 Ethernet EAPOL EAP
12 Ethernet EAPOL EAP
13 Ethernet EAPOL EAPOLKey
14 Ethernet EAPOL EAPOLKey
15 Ethernet EAPOL EAPOLKey
16 Ethernet EAPOL EAPOLKey
17 Ethernet MPLS IPv4 UDP
18 Ethernet MPLS MPLS IPv6
19 Ethernet MPLS Undecoded
20 Ethernet LLC Undecoded
21 Ethernet LLC SNAP IPv4 UDP"
	[ "$output" = "$want" ]
}

@test "dec-link: LLC and SNAP agree with tshark" {
	need_tshark
	a=$(nc LLC '[.packet, (.dsap + (if .ig then 1 else 0 end)), (.ssap + (if .cr then 1 else 0 end)), .control]')
	b=$(ts llc frame.number llc.dsap llc.ssap llc.control | norm)
	[ -n "$a" ]
	[ "$a" = "$b" ]
	a=$(nc SNAP '[.packet, .oui, .protocol_id]')
	b=$(ts llc.oui frame.number llc.oui llc.pid llc.cisco_pid llc.type | norm |
	    awk -F'\t' -v OFS='\t' '{ print $1, $2, $3 $4 $5 }')
	[ "$a" = "$b" ]
}

@test "dec-link: STP, RSTP, MSTP and PVST+ fields agree with tshark" {
	need_tshark
	a=$(nc STP 'select(.bpdu_type != 128) | [.packet, .protocol_id, .version, .bpdu_type, .flags, .root_priority, .root_system_id, .root_mac, .root_path_cost, .bridge_priority, .bridge_system_id, .bridge_mac, .port_id, .message_age, .max_age, .hello_time, .forward_delay, .version_1_length // ""]' | norm)
	b=$(ts 'stp.type != 0x80' frame.number stp.protocol stp.version stp.type stp.flags stp.root.prio stp.root.ext stp.root.hw stp.root.cost stp.bridge.prio stp.bridge.ext stp.bridge.hw stp.port stp.msg_age stp.max_age stp.hello stp.forward stp.version_1_length | norm)
	[ "$(echo "$a" | wc -l)" -eq 4 ]
	[ "$a" = "$b" ]
	a=$(nc STP 'select(.version == 3) | [.packet, .version_3_length, .mst_config_format, .mst_config_name, .mst_config_revision, .mst_config_digest, .cist_internal_root_path_cost, .cist_bridge_priority, .cist_bridge_system_id, .cist_bridge_mac, .cist_remaining_hops, ([.mstis[].msti_id] | join(",")), ([.mstis[].internal_root_path_cost] | join(",")), ([.mstis[].bridge_priority] | join(",")), ([.mstis[].remaining_hops] | join(","))]' | norm)
	b=$(ts 'mstp.version_3_length' frame.number mstp.version_3_length mstp.config_format_selector mstp.config_name mstp.config_revision_level mstp.config_digest mstp.cist_internal_root_path_cost mstp.cist_bridge.prio mstp.cist_bridge.ext mstp.cist_bridge.hw mstp.cist_remaining_hops mstp.msti.msti_id mstp.msti.root_cost mstp.msti.bridge_priority mstp.msti.remaining_hops | norm)
	[ "$a" = "$b" ]
	[ "$(nc STP '[.packet, .bpdu_type]' | sed -n 4p)" = "$(printf '4\t128')" ]
	[ "$(nc STP 'select(.originating_vlan) | [.packet, .originating_vlan]')" = "$(ts stp.pvst.origvlan frame.number stp.pvst.origvlan)" ]
}

@test "dec-link: LLDP fields agree with tshark" {
	need_tshark
	a=$(nc LLDP '[.packet, .chassis_id_subtype, .chassis_id_mac, .chassis_id_ip, .port_id_subtype, .port_id_text, .ttl, .system_name, .system_capabilities // "", .enabled_capabilities // "", (.tlv_types | join(",")), ([.management_addresses[].interface_number] | join(",")), ([.org_tlvs[].oui] | join(","))]' | norm)
	b=$(ts lldp frame.number lldp.chassis.subtype lldp.chassis.id.mac lldp.chassis.id.ip4 lldp.port.subtype lldp.port.id lldp.time_to_live lldp.tlv.system.name lldp.tlv.system_cap lldp.tlv.enable_system_cap lldp.tlv.type lldp.mgn.interface.number lldp.orgtlv.oui | norm)
	[ "$(echo "$a" | wc -l)" -eq 2 ]
	[ "$a" = "$b" ]
	a=$(nc LLDP '[.packet, .port_description, .system_description, ([.management_addresses[].address_ip] | join(","))]')
	b=$(CAP=$P/link.pcap ts lldp frame.number lldp.port.desc lldp.tlv.system.desc lldp.mgn.addr.ip4 lldp.mgn.addr.ip6 |
	    awk -F'\t' -v OFS='\t' '{ d = $3; for (i = 4; i < NF - 1; i++) d = d "," $i; print $1, $2, d, $(NF - 1) $NF }')
	[ "$a" = "$b" ]
}

# The capability names: which bits tshark reports set, named as tcpdump
# names them, in every sink, the numbers kept.
@test "dec-link: LLDP capability names agree with tshark's bits" {
	need_tshark
	local bits="other repeater bridge wlan_access_pt router telephone docsis_cable_device station_only" f=() k
	for k in $bits; do f+=(lldp.tlv.system_cap.$k); done
	for k in $bits; do f+=(lldp.tlv.enable_system_cap.$k); done
	b=$(ts lldp frame.number "${f[@]}" | awk -F'\t' -v OFS='\t' '
	    BEGIN { split("Other,Repeater,Bridge,WLAN AP,Router,Telephone,Docsis,Station Only", n, ",") }
	    { s = e = ""
	      for (i = 1; i <= 8; i++) {
	        if ($(i + 1) == 1) s = s (s == "" ? "" : ", ") n[i]
	        if ($(i + 9) == 1) e = e (e == "" ? "" : ", ") n[i] }
	      print $1, s, e }')
	a=$(nc LLDP '[.packet, .system_capabilities_name // "", .enabled_capabilities_name // ""]')
	[ "$a" = "$b" ]
	[ "$a" = "$(printf '7\tBridge, Router\tBridge\n8\t\t')" ]
	nc-decode -q -r "$P/link.pcap" | nc-tocsv -t LLDP -f packet,system_capabilities,system_capabilities_name,enabled_capabilities_name >"$P/out"
	[ "$(cat "$P/out")" = "$(printf '%s\n' packet,system_capabilities,system_capabilities_name,enabled_capabilities_name '7,20,"Bridge, Router",Bridge' 8,,,)" ]
	nc-decode -q -r "$P/link.pcap" -t LLDP | nc-dump >"$P/out"
	grep -q ' system_capabilities=0x0014(Bridge, Router) enabled_capabilities=0x0004(Bridge) ' "$P/out"
}

@test "dec-link: CDP fields agree with tshark" {
	need_tshark
	a=$(nc CDP '[.packet, .version, .ttl, .checksum, .device_id, .port_id, .capabilities, .platform, .vtp_management_domain, .native_vlan, (if .full_duplex then 1 else 0 end), .voice_vlan, .power_consumption, .mtu, .system_name, .location, (.tlv_types | join(","))]' | norm)
	b=$(ts cdp frame.number cdp.version cdp.ttl cdp.checksum cdp.deviceid cdp.portid cdp.capabilities cdp.platform cdp.vtp_management_domain cdp.native_vlan cdp.duplex cdp.voice_vlan cdp.power_consumption cdp.mtu cdp.system_name cdp.location cdp.tlv.type | norm)
	[ -n "$a" ]
	[ "$a" = "$b" ]
	[ "$(nc CDP '[[(.addresses_ip + .management_addresses_ip)[]] | join(",")]')" = "$(ts cdp cdp.nrgyz.ip_address cdp.nrgyz.ipv6_address | awk -F'\t' '{ split($1, v4, ","); print v4[1] "," $2 "," v4[2] }')" ]
	[ "$(nc CDP '[.software_version]' | sed 's/\\n/,/')" = "$(ts cdp cdp.software_version)" ]
}

@test "dec-link: EAPOL, EAP and EAPOL-Key fields agree with tshark" {
	need_tshark
	a=$(nc EAPOL '[.packet, .version, .type_, .length]')
	b=$(ts eapol frame.number eapol.version eapol.type eapol.len)
	[ "$(echo "$a" | wc -l)" -eq 8 ]
	[ "$a" = "$b" ]
	a=$(nc EAP '[.packet, .code, .id, .length, .type_ // "", .identity]')
	b=$(ts eap frame.number eap.code eap.id eap.len eap.type eap.identity)
	[ "$(echo "$a" | wc -l)" -eq 3 ]
	[ "$a" = "$b" ]
	a=$(nc EAPOLKey 'select(.descriptor_type != 1) | [.packet, .descriptor_type, .key_info, .descriptor_version, .key_type, .key_index, .install, .key_ack, .key_mic, .secure, .mic_error, .request, .encrypted_key_data, .key_length, .replay_counter, .nonce, .rsc, .mic, .key_data_length, .key_data]' | norm)
	b=$(ts 'eapol.type == 3 && eapol.keydes.type != 1' frame.number eapol.keydes.type wlan_rsna_eapol.keydes.key_info wlan_rsna_eapol.keydes.key_info.keydes_version wlan_rsna_eapol.keydes.key_info.key_type wlan_rsna_eapol.keydes.key_info.key_index wlan_rsna_eapol.keydes.key_info.install wlan_rsna_eapol.keydes.key_info.key_ack wlan_rsna_eapol.keydes.key_info.key_mic wlan_rsna_eapol.keydes.key_info.secure wlan_rsna_eapol.keydes.key_info.error wlan_rsna_eapol.keydes.key_info.request wlan_rsna_eapol.keydes.key_info.encrypted_key_data eapol.keydes.key_len eapol.keydes.replay_counter wlan_rsna_eapol.keydes.nonce wlan_rsna_eapol.keydes.rsc wlan_rsna_eapol.keydes.mic wlan_rsna_eapol.keydes.data_len wlan_rsna_eapol.keydes.data | norm)
	[ "$(echo "$a" | wc -l)" -eq 3 ]
	[ "$a" = "$b" ]
	a=$(nc EAPOLKey 'select(.descriptor_type == 1) | [.packet, .key_length, .replay_counter, .iv, .key_index, .mic, .key_data]' | norm)
	b=$(ts 'eapol.keydes.type == 1' frame.number eapol.keydes.key_len eapol.keydes.replay_counter eapol.keydes.key_iv eapol.keydes.key_index eapol.keydes.key_signature eapol.keydes.key | norm)
	[ "$a" = "$b" ]
}

@test "dec-link: MPLS label stacks agree with tshark" {
	need_tshark
	a=$(nc-decode -q -r "$P/link.pcap" | nc-tojson -t all,header | jq -r 'select(.type == "MPLS") | [.packet, .label, .traffic_class, (if .stack_bottom then 1 else 0 end), .ttl] | @tsv' |
	    awk -F'\t' -v OFS='\t' '$1 != p { if (p) print p, l, t, s, x; p = $1; l = $2; t = $3; s = $4; x = $5; next } { l = l "," $2; t = t "," $3; s = s "," $4; x = x "," $5 } END { print p, l, t, s, x }')
	b=$(ts mpls frame.number mpls.label mpls.exp mpls.bottom mpls.ttl)
	[ "$(echo "$a" | wc -l)" -eq 3 ]
	[ "$a" = "$b" ]
	[ "$(nc UDP '[.packet, .src_port, .dst_port, .payload_size]' | head -1)" = "$(printf '17\t41000\t42000\t5')" ]
	[ "$(nc Undecoded '[.packet, .layer, .reason]' | head -1)" = "$(printf '19\tMPLS\tunknown payload after the bottom label (first byte 0x00)')" ]
}

@test "dec-link: tests/corpus/agree finds no disagreement on link.pcap" {
	need_tshark
	[ -x /usr/bin/python3 ] || skip "no /usr/bin/python3"
	run "$NC_ROOT/tests/corpus/agree" -s "$P/summary" "$P" link.pcap
	echo "$output"
	[ "$status" -eq 0 ]
	grep -q '^STP  *5  *99  *99$' "$P/summary"
	grep -q '^LLDP  *2  *24  *24$' "$P/summary"
	grep -q '^CDP  *1  *20  *20$' "$P/summary"
}

@test "dec-link: damaged layers become Undecoded with a reason, never a crash" {
	run --separate-stderr bash -c 'nc-decode -q -r "$1" | nc-tojson -t all,header | jq -r "select(.type == \"Undecoded\") | [.packet, .layer, .offset, .reason] | @tsv"' _ "$P/bad.pcap"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	want="1	LLC	14	truncated header: 2 of 3 bytes
2	STP	17	truncated header: 20 of 35 bytes
3	STP	17	unknown BPDU type 0x07
4	STP	53	truncated MST part: 22 of 96 bytes
5	CDP	49	truncated TLV header
6	CDP	26	TLV type 0x0001 with bad length 2
7	CDP	26	bad address list
8	LLDP	38	truncated TLV header
9	LLDP	14	missing mandatory TLVs (chassis id, port id, TTL)
10	LLDP	14	truncated header: 1 of 2 bytes
11	EAPOL	18	truncated body: 3 of 8 bytes
12	EAP	18	truncated header: 3 of 4 bytes
13	EAPOLKey	18	truncated header: 60 of 95 bytes
14	EAPOLKey	113	key data length 500, 0 bytes left
15	EAPOLKey	18	unknown key descriptor type 7
16	MPLS	18	truncated header: 2 of 4 bytes
17	MPLS	78	too many nested headers"
	[ "$output" = "$want" ]
}

@test "dec-link: nc-tocsv renders the records" {
	run bash -c 'nc-decode -q -r "$1" | nc-tocsv -t STP' _ "$P/link.pcap"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == ts,packet,protocol_id,version,bpdu_type,flags,* ]]
	[[ "${lines[1]}" == *,00:11:22:33:44:55,19,36864,1,00:aa:bb:cc:dd:ee,32770,1,20,2,15,* ]]
	run bash -c 'nc-decode -q -r "$1" | nc-tocsv -t LLDP | sed -n 2p' _ "$P/link.pcap"
	[[ "$output" == *,00:11:22:33:44:55,*,ge-0/0/1,120,uplink\ to\ core,sw1.example.net,* ]]
	[[ "$output" == *,1\;2\;3\;4\;5\;6\;7\;8\;127\;127\;0,* ]]
	run bash -c 'nc-decode -q -r "$1" | nc-tocsv -t CDP | sed -n 2p' _ "$P/link.pcap"
	[[ "$output" == *,switch1.example.net,192.0.2.10\;2001:db8::10,GigabitEthernet0/1,* ]]
}

@test "dec-link: the LLDP packet of tests/data/decode/eth.pcap" {
	run bash -c 'nc-decode -q -r "$1" | nc-tojson -t all,header | jq -c "select(.type == \"LLDP\") | [.packet, .chassis_id_subtype, .chassis_id_mac, .port_id_subtype, .ttl, .tlv_types]"' _ "$NC_ROOT/tests/data/decode/eth.pcap"
	[ "$output" = '[8,4,"02:00:00:00:00:01",2,120,[1,2,3,0]]' ]
}

@test "dec-link: EAPOL-Key handshake of a real capture agrees with tshark" {
	need_tshark
	CAP=$PCAPS/bulk/ndpi-iphone.pcap
	[ -f "$CAP" ] || skip "$CAP is absent"
	a=$(nc EAPOLKey '[.packet, .descriptor_type, .key_info, .key_length, .replay_counter, .nonce, .mic, .key_data_length]' "$CAP" | norm)
	b=$(ts 'eapol.type == 3' frame.number eapol.keydes.type wlan_rsna_eapol.keydes.key_info eapol.keydes.key_len eapol.keydes.replay_counter wlan_rsna_eapol.keydes.nonce wlan_rsna_eapol.keydes.mic wlan_rsna_eapol.keydes.data_len | norm)
	[ "$(echo "$a" | wc -l)" -eq 4 ]
	[ "$a" = "$b" ]
}

@test "dec-link: 802.1Q and link-type captures of the corpus decode without Undecoded from these layers" {
	[ -d "$PCAPS/vlan" ] || skip "$PCAPS/vlan is absent"
	for f in "$PCAPS"/vlan/* "$PCAPS"/linktype/*; do
		run bash -c 'nc-decode -q -r "$1" | nc-tojson -t all,header | jq -r "select(.type == \"Undecoded\") | .layer" | grep -E "^(LLC|SNAP|STP|CDP|LLDP|EAPOL|EAP|EAPOLKey|MPLS)$"' _ "$f"
		[ "$status" -eq 1 ]
	done
}

@test "dec-link: LLDP IDs show once in CSV and JSON, decoded; -f still reaches the raw bytes" {
	nc-decode -q -r "$P/link.pcap" -t LLDP >"$P/lldp.ncap"
	run -0 bash -c 'nc-tojson "$1" | jq -c "select(.packet <= 8) | [.packet, .chassis_id, .chassis_id_mac, .chassis_id_ip, .port_id, .port_id_text, .management_addresses[0].address, .management_addresses[0].address_ip]"' _ "$P/lldp.ncap"
	[ "${lines[0]}" = '[7,null,"00:11:22:33:44:55",null,null,"ge-0/0/1",null,"192.0.2.1"]' ]
	[ "${lines[1]}" = '[8,null,null,"192.0.2.7",null,"port 7",null,"2001:db8::1"]' ]
	run -0 bash -c 'nc-tocsv -t LLDP "$1" | sed -n 2p | cut -d, -f3-12' _ "$P/lldp.ncap"
	[ "$output" = "4,,00:11:22:33:44:55,,,5,,,,ge-0/0/1" ]
	run -0 bash -c 'nc-tocsv -t LLDP -f chassis_id,port_id "$1" | sed -n 2p' _ "$P/lldp.ncap"
	[ "$output" = "001122334455,67652d302f302f31" ]
	# nc-dump showed them once already
	run -0 bash -c 'nc-dump "$1" | head -1' _ "$P/lldp.ncap"
	[[ "$output" != *001122334455* ]]
}
