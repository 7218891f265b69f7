#!/usr/bin/env bats
# PPP (link types 9, 50, 204, PPTP's GRE), PPPoE (Ethernet, link type 51)
# and Cisco HDLC with SLARP (link types 104 and 50).  The captures come
# from tests/data/ppp/make-pcaps; tshark checks every field through
# tests/corpus/agree, with the differences listed in
# tests/data/ppp/known-differences.tsv.

bats_require_minimum_version 1.5.0

# The captures are made once for the file; every test gets its own copy.
setup_file() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	command -v python3 >/dev/null || return 0
	mkdir "$BATS_FILE_TMPDIR/gen"
	python3 "$NC_ROOT/tests/data/ppp/make-pcaps" "$BATS_FILE_TMPDIR/gen"
}

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	D=$BATS_TEST_TMPDIR
	command -v jq >/dev/null || skip "jq is not installed"
	command -v python3 >/dev/null || skip "python3 is not installed"
	cp -R "$BATS_FILE_TMPDIR/gen/." "$D/"
}

# jq program $2 over the records of capture $1, compact output.
nc() {
	nc-decode -q -r "$1" | nc-tojson -t all,header | jq -c "$2"
}

# Undecoded records of capture $1 as "packet layer reason" lines.
undecoded() {
	nc-decode -q -r "$1" | nc-tojson -t all,header |
	    jq -r 'select(.type == "Undecoded") | "\(.packet) \(.layer) \(.reason)"'
}

@test "dec-ppp: the generator is deterministic" {
	mkdir "$D/again"
	python3 "$NC_ROOT/tests/data/ppp/make-pcaps" "$D/again"
	for f in "$D"/*.pcap; do
		cmp "$f" "$D/again/${f##*/}"
	done
}

@test "dec-ppp: every field agrees with tshark but the listed differences" {
	command -v tshark >/dev/null || skip "tshark is not installed"
	[ -x /usr/bin/python3 ] || skip "/usr/bin/python3 is not installed"
	run "$NC_ROOT/tests/corpus/agree" -j 2 \
	    -k "$NC_ROOT/tests/data/ppp/known-differences.tsv" -s "$D/sum" "$D"
	echo "$output"
	cat "$D/sum"
	[ "$status" -eq 0 ]
	for p in PPP PPPoED PPPoES CHDLC IPv4 IPv6 MPLS CDP; do
		awk -v p="$p" '$1 == p && $3 > 0 { ok = 1 } END { exit !ok }' \
		    "$D/sum"
	done
	# Every control packet's fields were among those compared.
	[ "$(awk '$1 == "PPP" { print $4 }' "$D/sum")" -gt 300 ]
}

@test "dec-ppp: PPP carries IPv4, IPv6, MPLS and EAP, with or without address" {
	run nc "$D/ppp.pcap" 'select(.packet != null) |
	    select(.packet <= 4 or .packet == 29) |
	    select(.type != "UDP") | [.packet, .type, .address, .protocol]'
	[ "$status" -eq 0 ]
	want='[1,"PPP",255,33]
[1,"IPv4",null,17]
[2,"PPP",null,33]
[2,"IPv4",null,17]
[3,"PPP",255,87]
[3,"IPv6",null,null]
[4,"PPP",255,641]
[4,"MPLS",null,null]
[4,"IPv4",null,17]
[29,"PPP",255,49703]
[29,"EAP",null,null]'
	diff -u <(echo "$want") <(echo "$output")
	run undecoded "$D/ppp.pcap"
	[ -z "$output" ]
}

@test "dec-ppp: LCP, PAP and CHAP bodies are in the PPP record" {
	run nc "$D/ppp.pcap" 'select(.type == "PPP" and .packet == 5) |
	    [.options[] | [.type, .length, .data]]'
	[ "$output" = '[[1,4,"05d4"],[2,6,"00000000"],[3,5,"c22305"],[5,6,"12345678"],[7,2,null],[8,2,null]]' ]
	run nc "$D/ppp.pcap" 'select(.type == "PPP" and .packet == 12) |
	    [.code, .rejected_protocol, .data]'
	[ "$output" = '[8,43,"69707821"]' ]
	run nc "$D/ppp.pcap" 'select(.type == "PPP" and .packet == 17) |
	    [.code, .magic_number, .seconds_remaining, .message]'
	[ "$output" = '[13,16909060,3600,"hour"]' ]
	# PAP sends the password in the clear; a record keeps it.
	run nc "$D/ppp.pcap" 'select(.type == "PPP" and .packet == 22) |
	    [.protocol, .code, .peer_id, .password]'
	[ "$output" = '[49187,1,"alice","s3cret"]' ]
	run nc "$D/ppp.pcap" 'select(.type == "PPP" and .packet == 26) |
	    [.code, .value, .name]'
	[ "$output" = '[2,"101112131415161718191a1b1c1d1e1f","alice"]' ]
	run nc "$D/ppp.pcap" 'select(.type == "PPP" and .packet == 28) |
	    [.code, .message]'
	[ "$output" = '[4,"E=691 R=0"]' ]
	# Bytes after a control packet's length are padding, not data.
	run nc "$D/ppp.pcap" 'select(.type == "PPP" and .packet == 30) |
	    [.length, .magic_number, .data]'
	[ "$output" = '[8,42,null]' ]
}

@test "dec-ppp: link type 204 keeps the direction byte" {
	run nc "$D/ppp-dir.pcap" 'select(.type == "PPP") |
	    [.packet, .direction, .protocol]'
	[ "$output" = $'[1,0,33]\n[2,1,49185]' ]
}

@test "dec-ppp: link type 50 holds PPP or Cisco HDLC" {
	run nc "$D/ppp-hdlc.pcap" 'select(.type == "PPP" or .type == "CHDLC") |
	    [.packet, .type, .address]'
	[ "$output" = $'[1,"PPP",255]\n[2,"CHDLC",143]' ]
}

@test "dec-ppp: PPPoE discovery tags and session frames" {
	run nc "$D/pppoe.pcap" 'select(.type == "PPPoE") | [.packet, .code,
	    .session_id, .service_name, .ac_name, .host_uniq, .ac_cookie,
	    .error, (.tags | length)]'
	want='[1,9,0,null,null,"1637",null,null,2]
[2,7,0,"internet","bras-1","1637","0001020304050607",null,6]
[3,25,0,"internet",null,null,"0001020304050607",null,2]
[4,101,23,"internet",null,null,null,null,1]
[5,0,23,null,null,null,null,null,0]
[6,0,23,null,null,null,null,null,0]
[7,167,23,null,null,null,null,"idle timeout",1]'
	diff -u <(echo "$want") <(echo "$output")
	# The session's PPP frame, and IPv4 within the PPPoE length only.
	run nc "$D/pppoe.pcap" 'select(.packet >= 5 and .packet <= 6 and
	    (.type == "PPP" or .type == "UDP")) | [.packet, .type, .protocol,
	    .length]'
	[ "$output" = $'[5,"PPP",49185,8]\n[6,"PPP",33,null]\n[6,"UDP",null,12]' ]
	run undecoded "$D/pppoe.pcap"
	[ -z "$output" ]
	run nc "$D/pppoe-raw.pcap" 'select(.type == "PPPoE" or .type == "PPP") |
	    [.packet, .type, .code]'
	[ "$output" = $'[1,"PPPoE",9]\n[2,"PPPoE",0]\n[2,"PPP",9]' ]
}

@test "dec-ppp: Cisco HDLC, SLARP, and what its protocol carries" {
	run nc "$D/chdlc.pcap" 'select(.type == "CHDLC") | [.packet,
	    .slarp_type, .slarp_address_ip, .slarp_netmask_ip,
	    .slarp_my_sequence, .slarp_your_sequence, .slarp_reliability]'
	want='[1,0,"0.0.0.0","0.0.0.0",null,null,null]
[2,1,"192.0.2.1","255.255.255.252",null,null,null]
[3,2,null,null,5,2,65535]
[4,2,null,null,6,5,null]
[5,null,null,null,null,null,null]
[6,null,null,null,null,null,null]
[7,null,null,null,null,null,null]'
	diff -u <(echo "$want") <(echo "$output")
	run nc "$D/chdlc.pcap" 'select(.packet >= 5 and .type != "CHDLC") |
	    [.packet, .type]'
	[ "$output" = $'[5,"IPv4"]\n[5,"UDP"]\n[6,"CDP"]\n[7,"Undecoded"]' ]
	run undecoded "$D/chdlc.pcap"
	[ "$output" = "7 CHDLC unsupported ethertype 0xfefe" ]
}

@test "dec-ppp: damaged PPP becomes Undecoded after what could be read" {
	run --separate-stderr nc-decode -q -r "$D/ppp-bad.pcap"
	[ "$status" -eq 0 ]
	run undecoded "$D/ppp-bad.pcap"
	want='1 PPP truncated header: 1 of 4 bytes
2 PPP truncated control header: have 1 of 4 bytes
3 PPP control packet length 2
4 PPP option 1 with bad length 1
5 PPP option 1 length 8 past the end
6 PPP control packet length 200 past the end (8 bytes)
7 PPP PAP code 1 too short (length 11)
8 PPP CHAP value past the end (length 9)
9 PPP code 9 too short (length 6)
10 PPP unsupported protocol 0x002b
11 PPP more than 256 options
12 PPP code 13 too short (length 9)'
	diff -u <(echo "$want") <(echo "$output")
	# The record before each: header, and whatever fitted.
	run nc "$D/ppp-bad.pcap" 'select(.type == "PPP") | .packet'
	[ "$(echo $output)" = "2 3 4 5 6 7 8 9 10 11 12" ]
	run nc "$D/ppp-bad.pcap" 'select(.type == "PPP" and .packet == 7) |
	    [.peer_id, .password]'
	[ "$output" = '["bob",null]' ]
	run nc "$D/ppp-bad.pcap" 'select(.type == "PPP" and .packet == 11) |
	    .options | length'
	[ "$output" = 256 ]
}

@test "dec-ppp: damaged PPPoE and Cisco HDLC become Undecoded" {
	run undecoded "$D/pppoe-bad.pcap"
	want='1 PPPoE truncated header: 3 of 6 bytes
2 PPPoE unsupported version 2 type 1
3 PPPoE tag 0x0101 length 32 past the end (7 bytes left)
4 PPPoE payload length 100 past the end (4 bytes)'
	diff -u <(echo "$want") <(echo "$output")
	run nc "$D/pppoe-bad.pcap" 'select(.type == "PPPoE") |
	    [.packet, .version, (.tags | length)]'
	[ "$output" = $'[2,2,0]\n[3,1,0]\n[4,1,1]' ]
	run undecoded "$D/chdlc-bad.pcap"
	want='1 CHDLC truncated header: 3 of 4 bytes
2 CHDLC truncated SLARP: have 6 of 12 bytes
3 CHDLC unknown SLARP type 7
4 CHDLC truncated SLARP: have 4 of 12 bytes'
	diff -u <(echo "$want") <(echo "$output")
}

@test "dec-ppp: -t keeps only the chosen types, nc-tocsv writes them" {
	nc-decode -q -t PPPoE -r "$D/pppoe.pcap" | nc-tojson -t all,header |
	    jq -r .type | sort | uniq -c | awk '{ print $2 "=" $1 }' > "$D/types"
	[ "$(echo $(cat "$D/types"))" = "Header=1 PPPoE=7" ]
	nc-decode -q -t PPP -r "$D/ppp.pcap" | nc-tocsv -t PPP > "$D/ppp.csv"
	head -1 "$D/ppp.csv" | grep -q '^ts,packet,direction,address,control,protocol,code,identifier,length,'
	[ "$(wc -l < "$D/ppp.csv")" -eq 31 ]
	grep -q ',alice,s3cret,' "$D/ppp.csv"
}
