#!/usr/bin/env bats
# pcapgen (bench/pcapgen.c): usage, determinism, the committed demo capture,
# exact packet counts, and that tshark reads what it writes without errors
# and sees the whole protocol mix.

bats_require_minimum_version 1.5.0

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	NC_BUILD=${NC_BUILD:-$NC_ROOT/build}
	GEN=$NC_BUILD/tools/pcapgen
	[ -x "$GEN" ] || { echo "no $GEN: run make"; return 1; }
	DEMO=$NC_ROOT/tests/data/demo.pcap
	D=$BATS_TEST_TMPDIR
	USAGE='usage: pcapgen [-hN] [-m lan | dns | synflood] [-n packets] [-o file] [-s seed]'
	CK=(-o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE
	    -o ip.check_checksum:TRUE)
}

need_tshark() {
	command -v tshark >/dev/null || skip "tshark is not installed"
}

# Packet count of a capture, from its record headers: 16 bytes plus the
# captured length each, after the 24-byte file header (little-endian).
count() {
	od -An -v -tu1 -w1 "$1" | awk '
	    NR > 24 { b[n++] = $1 }
	    END {
		i = 0; c = 0
		while (i + 16 <= n) {
			len = b[i+8] + b[i+9] * 256 + b[i+10] * 65536
			i += 16 + len; c++
		}
		print (i == n ? c : "bad")
	    }'
}

# Fields of the frames matching a display filter, one line per frame.
fields() {
	local file=$1 filter=$2
	shift 2
	local args=() f
	for f in "$@"; do args+=(-e "$f"); done
	tshark -r "$file" "${CK[@]}" -Y "$filter" -T fields -E separator=, \
	    "${args[@]}" 2>/dev/null
}

@test "pcapgen -h prints the usage to stdout and exits 0" {
	run --separate-stderr "$GEN" -h
	[ "$status" -eq 0 ]
	[ "$output" = "$USAGE" ]
	[ -z "$stderr" ]
}

@test "pcapgen: bad options, numbers and arguments are usage errors" {
	run --separate-stderr "$GEN" -z
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "${stderr_lines[-1]}" = "$USAGE" ]
	run --separate-stderr "$GEN" -n 12x -o "$D/x.pcap"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "pcapgen: -n: not a number: 12x" ]
	run --separate-stderr "$GEN" -n -1 -o "$D/x.pcap"
	[ "$status" -eq 2 ]
	[[ "${stderr_lines[0]}" == "pcapgen: -n: -1 is out of range"* ]]
	run --separate-stderr "$GEN" -s seed -o "$D/x.pcap"
	[ "$status" -eq 2 ]
	run --separate-stderr "$GEN" -m voip -o "$D/x.pcap"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "pcapgen: -m: unknown mix: voip" ]
	run --separate-stderr "$GEN" -o "$D/x.pcap" extra
	[ "$status" -eq 2 ]
	[ "${stderr_lines[-1]}" = "$USAGE" ]
}

@test "pcapgen: an unwritable output file is a runtime error" {
	run --separate-stderr "$GEN" -n 5 -o "$D/no/such/dir/x.pcap"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "pcapgen: $D/no/such/dir/x.pcap: No such file"* ]]
}

@test "pcapgen: -n 0 writes only the pcap file header" {
	"$GEN" -n 0 -o "$D/empty.pcap"
	[ "$(wc -c <"$D/empty.pcap")" -eq 24 ]
	# Little-endian magic, version 2.4, zone and sigfigs 0, snaplen
	# 262144, LINKTYPE_ETHERNET.
	[ "$(od -An -tx1 "$D/empty.pcap" | tr -d ' \n')" = \
	    d4c3b2a10200040000000000000000000000040001000000 ]
}

@test "pcapgen: -n gives exactly that many packets" {
	for n in 1 49 50 51 2000; do
		"$GEN" -n "$n" -s 3 -o "$D/n.pcap"
		[ "$(count "$D/n.pcap")" = "$n" ]
	done
	# Without -n: 1000.
	"$GEN" >"$D/d.pcap"
	[ "$(count "$D/d.pcap")" = 1000 ]
}

@test "pcapgen: capinfos agrees on the packet count" {
	command -v capinfos >/dev/null || skip "capinfos is not installed"
	"$GEN" -n 12345 -s 9 -o "$D/c.pcap"
	run capinfos -M -c "$D/c.pcap"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Number of packets:"*" 12345"* ]]
}

@test "pcapgen is deterministic: same arguments, same bytes" {
	"$GEN" -n 20000 -s 42 -o "$D/a.pcap"
	"$GEN" -n 20000 -s 42 >"$D/b.pcap"
	cmp "$D/a.pcap" "$D/b.pcap"
	# Another seed gives another capture.
	"$GEN" -n 20000 -s 43 -o "$D/c.pcap"
	! cmp -s "$D/a.pcap" "$D/c.pcap"
}

@test "pcapgen: a shorter run is a prefix of a longer one" {
	"$GEN" -n 300 -o "$D/short.pcap"
	"$GEN" -n 1500 -o "$D/long.pcap"
	[ "$(count "$D/long.pcap")" = 1500 ]
	cmp -n "$(wc -c <"$D/short.pcap")" "$D/short.pcap" "$D/long.pcap"
}

@test "pcapgen: regenerating demo.pcap as tests/data/README says gives its bytes" {
	cmd=$(sed -n 's|^[[:space:]]*build/tools/pcapgen \(.*\) -o tests/data/demo.pcap$|\1|p' \
	    "$NC_ROOT/tests/data/README")
	[ "$cmd" = "-n 50 -s 1" ]
	# shellcheck disable=SC2086
	"$GEN" $cmd -o "$D/demo.pcap"
	cmp "$D/demo.pcap" "$DEMO"
	sum=$(sha256sum "$DEMO" | cut -d' ' -f1)
	grep -q "sha256 $sum" "$NC_ROOT/tests/data/README"
}

@test "pcapgen: the tour is 50 complete packets whatever the seed" {
	for s in 0 5 77 123456789; do
		"$GEN" -n 51 -s "$s" -o "$D/t.pcap"
		# Packet 50 is always the VLAN DNS answer: 0x8100, VLAN 20, UDP
		# from port 53.  Its record starts after the first 49.
		off=$(od -An -v -tu1 -w1 "$D/t.pcap" | awk '
		    NR > 24 { b[n++] = $1 }
		    END {
			i = 0
			for (k = 0; k < 49; k++)
				i += 16 + b[i+8] + b[i+9] * 256
			print 24 + i + 16
		    }')
		frame=$(od -An -tx1 -j "$off" -N 40 "$D/t.pcap" | tr -d ' \n')
		[ "${frame:24:8}" = 81000014 ]
		[ "${frame:76:4}" = 0035 ]
	done
}

@test "pcapgen -N writes nanosecond pcap with the same packets" {
	"$GEN" -n 300 -o "$D/us.pcap"
	"$GEN" -n 300 -N -o "$D/ns.pcap"
	[ "$(od -An -tx1 -N4 "$D/ns.pcap" | tr -d ' ')" = 4d3cb2a1 ]
	[ "$(count "$D/ns.pcap")" = 300 ]
	# Same size: only the magic and the fraction of each time differ.
	[ "$(wc -c <"$D/us.pcap")" -eq "$(wc -c <"$D/ns.pcap")" ]
	need_tshark
	a=$(tshark -r "$D/us.pcap" -T fields -e frame.time_epoch 2>/dev/null |
	    cut -c1-17 | md5sum)
	b=$(tshark -r "$D/ns.pcap" -T fields -e frame.time_epoch 2>/dev/null |
	    cut -c1-17 | md5sum)
	[ "$a" = "$b" ]
	# And the nanoseconds are really used.
	tshark -r "$D/ns.pcap" -T fields -e frame.time_epoch 2>/dev/null |
	    grep -qv '000$'
}

@test "tshark reads demo.pcap without warnings, malformed packets or bad checksums" {
	need_tshark
	run --separate-stderr tshark -r "$DEMO" "${CK[@]}" \
	    -Y '_ws.expert.severity >= 0x600000 || _ws.malformed'
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# The filter itself works: the demo has notes (connection closing).
	run --separate-stderr tshark -r "$DEMO" \
	    -Y '_ws.expert.severity >= 0x400000'
	[ "${#lines[@]}" -gt 0 ]
	# Every checksum was verified and good: status 1 (0 is bad, 2 not
	# verified).
	run fields "$DEMO" 'ip || tcp || udp || icmp || icmpv6' \
	    ip.checksum.status tcp.checksum.status udp.checksum.status \
	    icmp.checksum.status icmpv6.checksum.status
	[ "${#lines[@]}" -eq 48 ]
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^[,1]*1[,1]*$')" -eq 48 ]
	# The 16 IPv4 frames: header checksum and transport checksum.
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^1,.*1')" -eq 16 ]
}

@test "tshark reads a large generated capture without errors" {
	need_tshark
	"$GEN" -n 30000 -s 11 -o "$D/big.pcap"
	run --separate-stderr tshark -r "$D/big.pcap" "${CK[@]}" \
	    -Y '_ws.expert.severity >= 0x800000 || _ws.malformed' \
	    -T fields -e frame.number
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# Every protocol of the mix shows up.
	protos=$(tshark -r "$D/big.pcap" -T fields -e frame.protocols \
	    2>/dev/null | tr ':' '\n' | sort -u | paste -sd' ')
	for p in eth vlan arp ip ipv6 tcp udp icmp icmpv6 dns http tls json \
	    data-text-lines; do
		[[ " $protos " == *" $p "* ]] || { echo "no $p in: $protos"; false; }
	done
}

@test "demo.pcap: ARP, VLAN and neighbour discovery" {
	need_tshark
	run fields "$DEMO" arp arp.opcode arp.src.proto_ipv4 arp.dst.proto_ipv4
	[ "$output" = "$(printf '1,192.168.1.13,192.168.1.1\n2,192.168.1.1,192.168.1.13')" ]
	run fields "$DEMO" vlan vlan.id
	[ "$output" = "$(printf '20\n20')" ]
	run fields "$DEMO" 'icmpv6.type == 135 || icmpv6.type == 136' \
	    icmpv6.type ipv6.dst ipv6.hlim
	[ "${lines[0]}" = "135,ff02::1:ffc7:f6d,255" ]
	[[ "${lines[1]}" == 136,fe80::*,255 ]]
}

@test "demo.pcap: DNS answers with CNAME, A and AAAA" {
	need_tshark
	run fields "$DEMO" 'dns.flags.response == 1' dns.qry.name dns.cname \
	    dns.a dns.aaaa
	[ "${lines[0]}" = "www.example.com,www.example.com.cdn.example.net,203.0.113.10," ]
	[ "${lines[1]}" = "api.example.org,,,2001:db8:64::11" ]
	[ "${lines[2]}" = "news.example.net,news.example.net.edge.example.net,198.51.100.31,198.51.100.159," ]
	# The answers point back at names already in the message.
	run tshark -r "$DEMO" -Y 'frame.number == 4' -x 2>/dev/null
	[[ "$output" == *"c0 0c"* ]]
}

@test "demo.pcap: TCP handshakes carry MSS, SACK, timestamps, window scale" {
	need_tshark
	run fields "$DEMO" 'tcp.flags.syn == 1' tcp.options.mss_val \
	    tcp.options.sack_perm tcp.options.wscale.shift \
	    tcp.options.timestamp.tsval
	[ "${#lines[@]}" -eq 6 ]
	# SACK-permitted shows as its raw option bytes, kind 4 length 2.
	[[ "${lines[0]}" =~ ^1460,0402,7,[0-9]+$ ]]
	[[ "${lines[2]}" =~ ^1440,0402,7,[0-9]+$ ]]
	# Data segments carry timestamps too, and the three connections close
	# with FINs both ways.
	run fields "$DEMO" 'tcp.len > 0 && !tcp.options.timestamp.tsval' \
	    frame.number
	[ -z "$output" ]
	run fields "$DEMO" 'tcp.flags.fin == 1' tcp.stream
	[ "$output" = "$(printf '0\n0\n1\n1\n2\n2')" ]
}

@test "demo.pcap: HTTP requests and responses" {
	need_tshark
	run fields "$DEMO" http.request http.request.method http.host \
	    http.content_type
	[ "${lines[0]}" = "GET,www.example.com," ]
	[ "${lines[1]}" = "POST,api.example.org,application/json" ]
	run fields "$DEMO" http.response http.response.code \
	    http.content_type http.content_length
	[ "${lines[0]}" = "200,text/html; charset=utf-8,1800" ]
	[[ "${lines[1]}" =~ ^200,application/json,[0-9]+$ ]]
}

@test "demo.pcap: TLS ClientHello with SNI and ALPN, then TLS 1.3" {
	need_tshark
	run fields "$DEMO" 'tls.handshake.type == 1' \
	    tls.handshake.extensions_server_name tls.handshake.extensions_alpn_str
	[ "$output" = "api.example.org,http/1.1" ]
	run fields "$DEMO" 'tls.handshake.type == 2' \
	    tls.handshake.extensions.supported_version tls.handshake.ciphersuite
	[ "$output" = "0x0304,0x1301" ]
	# TLS 1.3 hides the real type: records show as application data.
	run fields "$DEMO" tls.app_data frame.number
	[ "${#lines[@]}" -ge 4 ]
}

@test "demo.pcap: ICMP and ICMPv6 echo pairs" {
	need_tshark
	run fields "$DEMO" 'icmp || icmpv6.type == 128 || icmpv6.type == 129' \
	    icmp.type icmpv6.type
	[ "$output" = "$(printf '8,\n0,\n,128\n,129')" ]
}

@test "pcapgen: the mix of a large run averages about 447 bytes a frame" {
	"$GEN" -n 200000 -o "$D/mix.pcap"
	n=200000
	bytes=$(( $(wc -c <"$D/mix.pcap") - 24 - 16 * n ))
	mean=$(( bytes / n ))
	echo "mean frame $mean bytes"
	[ "$mean" -ge 400 ] && [ "$mean" -le 500 ]
}

@test "pcapgen -m dns: after the tour, DNS only, every query type answered" {
	need_tshark
	"$GEN" -m dns -n 4000 -o "$D/dns.pcap"
	[ "$(count "$D/dns.pcap")" -eq 4000 ]
	# Past the 50-packet tour nothing but DNS over UDP.
	run -0 fields "$D/dns.pcap" 'frame.number > 50 && !dns' frame.number
	[ -z "$output" ]
	run -0 fields "$D/dns.pcap" '_ws.malformed || _ws.expert.severity >= 8388608' frame.number
	[ -z "$output" ]
	# Responses of each type the mix asks, and NXDOMAIN with the SOA.
	for t in 1 2 12 15 16 28 33; do
		run -0 fields "$D/dns.pcap" "dns.flags.response == 1 && dns.qry.type == $t && dns.count.answers > 0" frame.number
		[ "${#lines[@]}" -gt 10 ] || { echo "type $t: ${#lines[@]}"; return 1; }
	done
	run -0 fields "$D/dns.pcap" 'dns.flags.rcode == 3 && dns.soa.mname' frame.number
	[ "${#lines[@]}" -gt 50 ]
	# Same arguments, same bytes; -m lan is the default mix.
	"$GEN" -m dns -n 4000 -o "$D/again.pcap"
	cmp "$D/dns.pcap" "$D/again.pcap"
	"$GEN" -m lan -n 300 -o "$D/lan.pcap"
	"$GEN" -n 300 -o "$D/default.pcap"
	cmp "$D/lan.pcap" "$D/default.pcap"
}

@test "pcapgen -m synflood: after the tour, SYNs only, each of its own connection" {
	need_tshark
	"$GEN" -m synflood -n 550 -o "$D/syn.pcap"
	[ "$(count "$D/syn.pcap")" -eq 550 ]
	run -0 fields "$D/syn.pcap" 'frame.number > 50' tcp.flags tcp.dstport \
	    ip.src tcp.srcport _ws.malformed
	[ "${#lines[@]}" -eq 500 ]
	[ -z "$(printf '%s\n' "${lines[@]}" | grep -v '^0x0002,80,198\.18\.0\.0,[0-9]*,$')" ]
	[ "$(printf '%s\n' "${lines[@]}" | sort -u | wc -l)" -eq 500 ]
}
