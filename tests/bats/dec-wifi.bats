#!/usr/bin/env bats
# RadioTap, 802.11 and usbmon in nc-decode: captures made by
# tests/data/wifi/make-captures, read back with nc-tojson/jq and nc-tocsv,
# and compared field by field with tshark -T fields; then the whole
# tests/corpus/agree table (agree.d/wifi.py) on the same captures.

bats_require_minimum_version 1.5.0

# The captures are made once for the file; every test gets its own copy.
setup_file() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	command -v python3 >/dev/null || return 0
	mkdir "$BATS_FILE_TMPDIR/gen"
	python3 "$NC_ROOT/tests/data/wifi/make-captures" "$BATS_FILE_TMPDIR/gen"
}

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	D=$BATS_TEST_TMPDIR
	command -v jq >/dev/null || skip "jq is not installed"
	command -v python3 >/dev/null || skip "python3 is not installed"
	cp -R "$BATS_FILE_TMPDIR/gen/." "$D/"
}

# Records of a capture as JSON lines.
dec() {
	nc-decode -q -r "$1" | nc-tojson -t all,header
}

# tshark -T fields for capture $1 and fields $2..., tab-separated, every
# occurrence joined by ",".
tf() {
	local f=$1 a=()
	shift
	for x in "$@"; do a+=(-e "$x"); done
	tshark -n -r "$f" -T fields -E occurrence=a -E aggregator=, "${a[@]}" \
	    2>/dev/null
}

need_tshark() {
	command -v tshark >/dev/null || skip "tshark is not installed"
}

@test "wifi: make-captures writes the same bytes every time" {
	mkdir "$D/again"
	python3 "$NC_ROOT/tests/data/wifi/make-captures" "$D/again"
	for f in radiotap.pcap dot11.pcap usb.pcap usbmmap.pcap; do
		cmp "$D/$f" "$D/again/$f"
	done
}

@test "wifi: radiotap.pcap decodes to RadioTap and Dot11 for every frame" {
	# LLC and SNAP records come from llc.c and are not counted here.
	run bash -c 'nc-decode -q -r "$1" -x LLC,SNAP | nc-tojson -t all,header | jq -r .type | sort | uniq -c | awk "{print \$2, \$1}" | paste -sd" "' _ "$D/radiotap.pcap"
	[ "$status" -eq 0 ]
	[ "$output" = "Dot11 21 Header 1 IPv4 3 RadioTap 21 UDP 3 Undecoded 1" ]
	run bash -c 'nc-decode -q -r "$1" | nc-tojson -t all,header | jq -r "select(.type == \"Undecoded\") | \"\(.packet) \(.layer) \(.reason)\""' _ "$D/radiotap.pcap"
	[ "$output" = "13 Dot11 protected frame body" ]
}

@test "wifi: radiotap fields agree with tshark" {
	need_tshark
	# Present words, flags, channel, every dBm signal (first namespace,
	# then the chains), antennas.
	dec "$D/radiotap.pcap" | jq -r 'select(.type == "RadioTap") |
	    [.length, (.present | map(tostring) | join(",")), (.flags // ""),
	     (.channel_frequency // ""),
	     (([.dbm_antenna_signal // empty] + .chain_dbm_antenna_signal) |
	      map(tostring) | join(",")),
	     (([.antenna // empty] + .chain_antenna) | map(tostring) |
	      join(",")), (.dbm_antenna_noise // ""), (.mcs_index // "")] |
	    @tsv' > "$D/nc"
	tf "$D/radiotap.pcap" radiotap.length radiotap.present.word \
	    radiotap.flags radiotap.channel.freq radiotap.dbm_antsignal \
	    radiotap.antenna radiotap.dbm_antnoise radiotap.mcs.index |
	    python3 -c '
import sys
for line in sys.stdin:
    c = line.rstrip("\n").split("\t")
    c[1] = ",".join(str(int(x, 16)) for x in c[1].split(","))
    c[2] = str(int(c[2], 16)) if c[2] else ""
    print("\t".join(c))' > "$D/ts"
	diff "$D/ts" "$D/nc"
	[ "$(wc -l < "$D/nc")" -eq 21 ]
}

@test "wifi: 802.11 fields agree with tshark" {
	need_tshark
	for f in radiotap.pcap dot11.pcap; do
		dec "$D/$f" | jq -r 'select(.type == "Dot11") |
		    [.type_subtype, .flags, .receiver_mac, .transmitter_mac,
		     .source_mac, .destination_mac, .bssid_mac,
		     (.sequence_number // ""), (.qos_tid // ""),
		     (if .ssid_present then "hex:" + (.ssid // "") else "" end),
		     (.supported_rates | map(tostring) | join(",")),
		     (.element_ids | map(tostring) | join(",")),
		     (.rsn_group_cipher // ""), (.reason_code // ""),
		     (.status_code // "")] | @tsv' > "$D/nc"
		tf "$D/$f" wlan.fc.type_subtype wlan.flags wlan.ra wlan.ta \
		    wlan.sa wlan.da wlan.bssid wlan.seq wlan.qos.tid wlan.ssid \
		    wlan.supported_rates wlan.tag.number wlan.rsn.gcs \
		    wlan.fixed.reason_code wlan.fixed.status_code |
		    python3 -c '
import sys
for line in sys.stdin:
    c = line.rstrip("\n").split("\t")
    c[0] = str(int(c[0], 16))
    c[1] = str(int(c[1], 16))
    # tshark prints an empty SSID as <MISSING>.
    c[9] = "" if c[9] == "" else "hex:" + (
        "" if c[9] == "<MISSING>" else c[9])
    c[10] = ",".join(str(int(x, 16)) for x in c[10].split(",") if x)
    c[13] = str(int(c[13], 16)) if c[13] else ""
    c[14] = str(int(c[14], 16)) if c[14] else ""
    print("\t".join(c))' > "$D/ts"
		diff "$D/ts" "$D/nc"
		[ "$(wc -l < "$D/nc")" -eq 21 ]
	done
}

@test "wifi: the IPv4 and UDP inside 802.11 data agree with tshark" {
	need_tshark
	for f in radiotap.pcap dot11.pcap; do
		dec "$D/$f" | jq -r 'select(.type == "UDP") |
		    "\(.packet) \(.src_ip) \(.dst_ip) \(.src_port) \(.dst_port)"' > "$D/nc"
		tshark -n -r "$D/$f" -Y udp -T fields -E separator=' ' \
		    -e frame.number -e ip.src -e ip.dst -e udp.srcport \
		    -e udp.dstport 2>/dev/null > "$D/ts"
		diff "$D/ts" "$D/nc"
		[ "$(wc -l < "$D/nc")" -eq 3 ]
	done
}

@test "wifi: SSID text escapes what is not printable, nc-tocsv renders roles" {
	run bash -c 'nc-decode -q -r "$1" -t Dot11 | nc-tojson -t all,header | jq -r "select(.packet == 3) | .ssid_text"' _ "$D/dot11.pcap"
	[ "$output" = 'caf\xc3\xa9\\x\x01' ]
	nc-decode -q -r "$D/dot11.pcap" -t Dot11 | nc-tocsv -t Dot11 > "$D/csv"
	head -1 "$D/csv" | grep -q 'bssid_mac'
	python3 - "$D/csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 21, len(rows)
b = rows[0]
assert b["ssid_text"] == "netcap-test", b
assert b["bssid_mac"] == "00:11:22:33:44:55", b
assert b["destination_mac"] == "ff:ff:ff:ff:ff:ff", b
EOF
}

@test "wifi: usbmon headers agree with tshark (link types 189 and 220)" {
	need_tshark
	for f in usb.pcap usbmmap.pcap; do
		# Python reads the JSON: jq 1.6 rounds 64-bit URB ids.
		dec "$D/$f" | python3 -c '
import json, sys
keys = ("urb_id event_type transfer_type endpoint_address device bus "
        "status urb_length data_length bm_request_type b_request "
        "w_length interval copy_of_flags").split()
for line in sys.stdin:
    r = json.loads(line)
    if r["type"] == "USB":
        print("\t".join(str(r.get(k, "")) for k in keys))' > "$D/nc"
		tf "$D/$f" usb.urb_id usb.urb_type usb.transfer_type \
		    usb.endpoint_address usb.device_address usb.bus_id \
		    usb.urb_status usb.urb_len usb.data_len usb.bmRequestType \
		    usb.setup.bRequest usb.setup.wLength usb.interval \
		    usb.copy_of_transfer_flags | python3 -c '
import sys
for line in sys.stdin:
    c = line.rstrip("\n").split("\t")
    c[0] = str(int(c[0], 16))
    c[1] = c[1].strip("\x27")
    for i in (2, 3, 9, 13):
        c[i] = str(int(c[i], 16)) if c[i] else ""
    print("\t".join(c))' > "$D/ts"
		diff "$D/ts" "$D/nc"
		[ "$(wc -l < "$D/nc")" -eq 7 ]
	done
}

@test "wifi: usbmon data is kept, bounded by the data length" {
	run bash -c 'nc-decode -q -r "$1" | nc-tojson -t all,header | jq -r "select(.packet == 6) | (.data | length / 2)"' _ "$D/usb.pcap"
	[ "$output" = "100" ]
}

@test "wifi: the corpus agreement table agrees on these captures" {
	need_tshark
	run "$NC_ROOT/tests/corpus/agree" \
	    -k "$NC_ROOT/tests/data/wifi/known-differences.tsv" "$D" \
	    radiotap.pcap dot11.pcap usb.pcap usbmmap.pcap
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"0 not listed"* ]]
}

@test "wifi: real 802.11 and usbmon captures decode without errors" {
	[ -d "$PCAPS" ] || skip "no shared captures at $PCAPS"
	# Captures whose link type is 105, 127, 189 or 220.
	run bash -c 'awk -F"\t" "NR > 1 && \$5 ~ /\\((105|127|189|220)\\)/ { print \$1 }" "$1/MANIFEST.tsv"' _ "$PCAPS"
	[ -n "$output" ] || skip "no 802.11 or usbmon captures in $PCAPS"
	for f in $output; do
		nc-decode -q -r "$PCAPS/$f" -t RadioTap,Dot11,USB | nc-tojson > "$D/out"
		[ -s "$D/out" ]
	done
}
