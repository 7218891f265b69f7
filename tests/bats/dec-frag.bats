#!/usr/bin/env bats
# IP fragment reassembly in nc-decode: captures made by
# tests/data/frag/make-frag.py, compared with tshark (which reassembles by
# default), and the real captures with fragments in $NC_PCAPS.

bats_require_minimum_version 1.5.0

# The captures are made once for the file; every test gets its own copy.
setup_file() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	command -v python3 >/dev/null || return 0
	mkdir "$BATS_FILE_TMPDIR/gen"
	python3 "$NC_ROOT/tests/data/frag/make-frag.py" "$BATS_FILE_TMPDIR/gen"
}

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	D=$BATS_TEST_TMPDIR
	command -v jq >/dev/null || skip "jq is not installed"
	cp -R "$BATS_FILE_TMPDIR/gen/." "$D/"
}

# Records of a capture as JSON lines.
dec() {
	nc-decode -q -r "$1" | nc-tojson -t all,header
}

# packet src_port dst_port length checksum of every UDP record.
nc_udp() {
	dec "$1" | jq -r 'select(.type == "UDP") |
	    "\(.packet) \(.src_port) \(.dst_port) \(.length) \(.checksum)"'
}

# The same from tshark, with its default (reassembling) preferences;
# frames where tshark shows a UDP header inside ICMP errors are left out.
t_udp() {
	tshark -n -r "$1" -Y 'udp && !icmp && !icmpv6' -T fields \
	    -e frame.number -e udp.srcport -e udp.dstport -e udp.length \
	    -e udp.checksum -E occurrence=f 2>/dev/null |
	while read -r n s d l c; do
		printf '%s %s %s %s %d\n' "$n" "$s" "$d" "$l" "$c"
	done
}

need_tshark() {
	command -v tshark >/dev/null || skip "tshark is not installed"
}

@test "make-frag.py is deterministic" {
	mkdir "$D/again"
	python3 "$NC_ROOT/tests/data/frag/make-frag.py" "$D/again"
	cmp "$D/agree.pcap" "$D/again/agree.pcap"
	cmp "$D/edge.pcap" "$D/again/edge.pcap"
}

@test "reassembled UDP records match tshark field by field" {
	need_tshark
	nc_udp "$D/agree.pcap" > "$D/nc"
	t_udp "$D/agree.pcap" > "$D/ts"
	[ "$(wc -l < "$D/nc")" -eq 45 ]
	diff -u "$D/ts" "$D/nc"
}

@test "reassembled ICMP echo records match tshark" {
	need_tshark
	run -0 bash -c "nc-decode -q -r '$D/agree.pcap' | nc-tojson -t all,header |
	    jq -r 'select(.type == \"ICMPv4\" or .type == \"ICMPv6\") |
	    \"\(.packet) \(.id) \(.seq) \(.checksum)\"'"
	nc=$output
	run -0 bash -c "tshark -n -r '$D/agree.pcap' -Y 'icmp || icmpv6' \
	    -T fields -E separator=, -e frame.number -e icmp.ident \
	    -e icmpv6.echo.identifier -e icmp.seq -e icmpv6.echo.sequence_number \
	    -e icmp.checksum -e icmpv6.checksum 2>/dev/null"
	# A comma, unlike a tab, does not let empty fields collapse.
	ts=$(printf '%s\n' "$output" | while IFS=, read -r n i4 i6 s4 s6 c4 c6; do
		printf '%s %d %d %d\n' "$n" "${i4:-$i6}" "${s4:-$s6}" "${c4:-$c6}"
	done)
	[ "$nc" = "$ts" ]
	[ "$(printf '%s\n' "$nc" | wc -l)" -eq 2 ]
}

@test "the reassembled payload is the datagram's bytes (-P)" {
	run -0 bash -c "nc-decode -q -P -r '$D/agree.pcap' | nc-tojson -t all,header |
	    jq -r 'select(.type == \"UDP\" and .packet == 3) | .payload' |
	    head -c 6 | python3 -c 'import sys; print(*bytes.fromhex(sys.stdin.read()), sep=\"\")'"
	# payload_bytes(3000, 1): (i * 7 + 1) & 0xff
	[ "$output" = "1815" ]
	run -0 bash -c "nc-decode -q -r '$D/agree.pcap' | nc-tojson -t all,header |
	    jq -r 'select(.type == \"UDP\" and .packet == 3) | .payload_size'"
	[ "$output" = 3000 ]
}

@test "held fragments give their IP records and no Undecoded" {
	dec "$D/agree.pcap" > "$D/all"
	[ "$(jq -c 'select(.type == "Undecoded")' "$D/all" | wc -l)" -eq 0 ]
	# Every frame has its IPv4 or IPv6 record; IPv6 fragments also their
	# IPv6Fragment (and extension header) records.
	[ "$(jq -r 'select(.type == "IPv4" or .type == "IPv6") | .packet' \
	    "$D/all" | sort -un | wc -l)" -eq 97 ]
	[ "$(jq -c 'select(.type == "IPv6Fragment")' "$D/all" | wc -l)" -eq 6 ]
	[ "$(jq -c 'select(.type == "IPv6HopByHop")' "$D/all" | wc -l)" -eq 3 ]
	# The reassembled UDP follows the completing packet's own records.
	[ "$(jq -r 'select(.packet == 14) | .type' "$D/all" | tr '\n' ' ')" = \
	    "Ethernet IPv6 IPv6HopByHop IPv6Destination IPv6Fragment UDP " ]
}

@test "what reassembly gives up on is reported with a reason" {
	dec "$D/edge.pcap" | jq -r 'select(.type == "Undecoded") |
	    "\(.packet) \(.layer) \(.reason)"' > "$D/u"
	cat > "$D/want" <<-'EOF'
	65 IPv4 datagram id 0x0600 from packet 1 evicted incomplete: 64 datagrams in flight
	66 IPv4 datagram id 0x0601 from packet 2 evicted incomplete: 64 datagrams in flight
	67 IPv4 datagram id 0x0602 from packet 3 evicted incomplete: 64 datagrams in flight
	68 IPv4 datagram id 0x0603 from packet 4 evicted incomplete: 64 datagrams in flight
	69 IPv4 datagram id 0x0604 from packet 5 evicted incomplete: 64 datagrams in flight
	70 IPv4 datagram id 0x0605 from packet 6 evicted incomplete: 64 datagrams in flight
	142 IPv4 fragment at offset 1472 overlaps earlier ones: their bytes kept
	144 IPv6Fragment datagram id 0x00050002 from packet 143 discarded: overlapping fragments (RFC 5722)
	145 IPv6Fragment fragment at offset 2464: datagram discarded at packet 144
	149 IPv4 datagram id 0x0504 from packet 148 discarded: longer than 65535 bytes
	151 IPv4 datagram id 0x0605 from packet 135 expired incomplete after 30 s
	151 IPv4 datagram id 0x0604 from packet 136 expired incomplete after 30 s
	151 IPv4 datagram id 0x0603 from packet 137 expired incomplete after 30 s
	151 IPv4 datagram id 0x0602 from packet 138 expired incomplete after 30 s
	151 IPv4 datagram id 0x0601 from packet 139 expired incomplete after 30 s
	151 IPv4 datagram id 0x0600 from packet 140 expired incomplete after 30 s
	151 IPv4 datagram id 0x0503 from packet 146 expired incomplete after 30 s
	151 IPv4 datagram id 0x0507 from packet 150 expired incomplete after 30 s
	153 IPv4 datagram id 0x0509 from packet 153 incomplete at end of input
	EOF
	diff -u "$D/want" "$D/u"
}

@test "a discarded datagram's report carries the bytes it had" {
	run -0 bash -c "nc-decode -q -r '$D/edge.pcap' | nc-tojson -t all,header |
	    jq -r 'select(.type == \"Undecoded\" and .packet == 149) | .data' |
	    tr -d '\n' | wc -c"
	[ "$output" -eq 2960 ]
}

@test "UDP on the edge capture matches tshark but where we give up" {
	need_tshark
	nc_udp "$D/edge.pcap" > "$D/nc"
	# tshark neither evicts (135-140) nor discards IPv6 overlaps (145).
	t_udp "$D/edge.pcap" | grep -Ev '^(13[5-9]|140|145) ' > "$D/ts"
	diff -u "$D/ts" "$D/nc"
	[ "$(wc -l < "$D/nc")" -eq 66 ]
}

@test "each source ends its own datagrams" {
	nc-decode -q -r "$D/edge.pcap" -r "$D/agree.pcap" | nc-tojson -t all,header |
	    jq -r 'if .type == "Header" then "H \(.source)" elif
	    (.type == "Undecoded" and (.reason | test("end of input"))) then
	    "U \(.packet)" else empty end' | sed 's|^H .*/|H |' > "$D/o"
	cat "$D/o"
	[ "$(tr '\n' ' ' < "$D/o")" = "H edge.pcap U 153 H agree.pcap " ]
}

@test "CSV of reassembled UDP" {
	run -0 bash -c "nc-decode -q -r '$D/agree.pcap' | nc-tocsv -t UDP |
	    head -2 | tail -1"
	[[ "$output" == *,40000,40001,3008,* ]]
}

@test "ndpi-dns_fragmented.pcap: UDP and IPv6 fragments as tshark sees them" {
	need_tshark
	f=$PCAPS/ipfrag/ndpi-dns_fragmented.pcap
	[ -r "$f" ] || skip "no $f"
	nc_udp "$f" > "$D/nc"
	t_udp "$f" > "$D/ts"
	diff -u "$D/ts" "$D/nc"
	[ "$(dec "$f" | jq -c 'select(.type == "Undecoded")' | wc -l)" -eq 0 ]
	# DNS answers that needed reassembly: on the completing frames.
	grep -q '^3 53 ' "$D/nc"
}

@test "zeek-ipv4-fragmented-1.pcap: inconsistent fragments are discarded" {
	f=$PCAPS/ipfrag/zeek-ipv4-fragmented-1.pcap
	[ -r "$f" ] || skip "no $f"
	run -0 bash -c "nc-decode -q -r '$f' | nc-tojson -t all,header | jq -r \
	    'select(.type == \"Undecoded\") | \"\(.packet) \(.reason)\"'"
	[ "${lines[0]}" = "1 fragment at offset 0: length 18 not a positive multiple of 8" ]
	[ "${lines[1]}" = "3 datagram id 0x00f2 from packet 2 discarded: fragments disagree on its length" ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "zeek-dns-edns-ecs.pcap and libpcap-ipv6_ext_headers.pcap: UDP as tshark" {
	need_tshark
	for f in dns/zeek-dns-edns-ecs.pcap basic/libpcap-ipv6_ext_headers.pcap; do
		f=$PCAPS/$f
		[ -r "$f" ] || skip "no $f"
		nc_udp "$f" > "$D/nc"
		t_udp "$f" > "$D/ts"
		diff -u "$D/ts" "$D/nc"
	done
}

@test "a fragment cut by the snap length is reported, not held; its UDP header decoded" {
	f=$PCAPS/malformed/tcpdump-bootp_asan.pcap
	[ -r "$f" ] || skip "no $f"
	run -0 bash -c "nc-decode -q -r '$f' | nc-tojson -t all,header | jq -r \
	    'select(.type == \"Undecoded\") | .reason'"
	[ "${lines[0]}" = "fragment at offset 0 cut short by the capture (19 of 60931 bytes)" ]
	[ "${lines[1]}" = "truncated header: 11 of 236 bytes" ]
	run -0 bash -c "nc-decode -q -t UDP -r '$f' | nc-tojson -t all,header | jq -c \
	    'select(.type == \"UDP\") | [.src_port, .dst_port, .length]'"
	[ "$output" = "[16896,68,59392]" ]
}
