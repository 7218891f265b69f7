#!/usr/bin/env bats
# nc-dump: one readable line per record, checked against a golden dump of a
# fixed stream (tests/tools/sink-fixture.c).

bats_require_minimum_version 1.5.0

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	NC_BUILD=${NC_BUILD:-$(cd "$(dirname "$(command -v nc-dump)")/.." && pwd)}
	fixture=$NC_BUILD/tools/sink-fixture
	[ -x "$fixture" ] || { echo "no $fixture: run make"; return 1; }
	D=$BATS_TEST_TMPDIR
	"$fixture" >"$D/mixed.ncap"
	GOLD=$NC_ROOT/tests/data/sink
	USAGE='usage: nc-dump [-hlVv] [-B budget] [-t types] [-T format] [-x types] [file ...]'
}

@test "nc-dump -h prints the usage to stdout and exits 0" {
	run nc-dump -h
	[ "$status" -eq 0 ]
	[ "$output" = "$USAGE" ]
}

@test "nc-dump -V and bad use" {
	run nc-dump -V
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^nc-dump\ \(netcap\)\ [0-9] ]]
	run --separate-stderr nc-dump -z
	[ "$status" -eq 2 ]
	[ "${stderr_lines[-1]}" = "$USAGE" ]
	run nc-dump -T local "$D/mixed.ncap"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "nc-dump: -T: unknown format: local (epoch or iso)" ]
}

@test "nc-dump: the golden dump of every record type" {
	run nc-dump -t all,Header "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$GOLD/mixed.dump")" ]
	# the Header only when asked
	run nc-dump "$D/mixed.ncap"
	[ "$output" = "$(sed 1d "$GOLD/mixed.dump")" ]
}

@test "nc-dump: layout is TIME PACKET TYPE endpoints name=value" {
	run nc-dump -v -t tcp "$D/mixed.ncap"
	[ "${lines[0]}" = "2009-11-18T08:00:21.486539000Z 1 TCP 10.0.0.1:80 > 10.0.0.2:1234 seq=1000 ack=2000 data_offset=8 flags=SA window=65535 checksum=0x1234 mss=1460 window_scale=0 sack_permitted=true option_kinds=2;3;4;1;0" ]
	# ts, packet and flow are not repeated as name=value; zeros are left out
	printf '%s\n' "${lines[@]}" | grep -qE ' (ts|packet|flow|urgent)=' && return 1
	# layers of one packet line up on the packet number
	run bash -c 'nc-dump "$1" | awk "\$2 == 1 { print \$3 }"' _ "$D/mixed.ncap"
	[ "$output" = "$(printf 'Ethernet\nIPv4\nTCP')" ]
}

@test "nc-dump -T epoch" {
	run nc-dump -v -T epoch -t udp,ethernet "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "1258531221.486539000 1 Ethernet 00:11:22:33:44:55 > ff:ff:ff:ff:ff:ff ethertype=0x0800" ]
	[ "${lines[1]}" = "1258531221.486540000 2 UDP [2001:db8::1]:53 > [2001:db8::2]:5353 length=20 payload_size=12 payload_entropy=3.584963 payload=68656c6c6f2c20776f726c64" ]
}

@test "nc-dump -x: every type but those named, Header too" {
	run nc-dump -x header,ethernet "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	[ "$output" = "$(grep -v -e '^HEADER ' -e '^[^ ]* [^ ]* Ethernet ' "$GOLD/mixed.dump")" ]
	run nc-dump -x tcp -t tcp,udp "$D/mixed.ncap"
	[ "$output" = "$(grep '^[^ ]* [^ ]* UDP ' "$GOLD/mixed.dump")" ]
}

@test "nc-dump: long bytes are cut, text is safe for a terminal" {
	run nc-dump -v -t tcp "$D/mixed.ncap"
	[[ "${lines[1]}" == *" payload=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f..." ]]
	run nc-dump -t undecoded "$D/mixed.ncap"
	[ "$output" = '2009-11-18T08:00:21.494539000Z 9 Undecoded layer=DNS offset=42 reason="bad label, \"x\"\nat\tend \xff café" data=010203' ]
	# no control character reaches the terminal
	run bash -c 'nc-dump "$1" | tr -d "\n" | LC_ALL=C grep -c "[[:cntrl:]]"' _ "$D/mixed.ncap"
	[ "$output" = 0 ]
}

@test "nc-dump: each Header of concatenated streams is a HEADER line" {
	"$fixture" -s second.pcap >"$D/b.ncap"
	run bash -c 'cat "$1" "$2" | zstd -q | nc-dump -t all,header | grep "^HEADER"' _ "$D/mixed.ncap" "$D/b.ncap"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "HEADER version=1 source=fixture.pcap link_type=1 snaplen=65535 generator=sink-fixture generator_version=1" ]
	[ "${lines[1]}" = "HEADER version=1 source=second.pcap link_type=1 snaplen=65535 generator=sink-fixture generator_version=1" ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "nc-dump reads several files and gzip input" {
	gzip -c "$D/mixed.ncap" >"$D/m.gz"
	run nc-dump -t arp "$D/mixed.ncap" "$D/m.gz"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "${lines[1]}" ]
	[ "${lines[0]}" = "2009-11-18T08:00:21.491539000Z 6 ARP 10.0.0.1 > 10.0.0.2 addr_type=1 protocol=0x0800 hw_address_size=6 prot_address_size=4 operation=2(reply) src_hw=00:11:22:33:44:55 dst_hw=010203" ]
}

@test "nc-dump | head -1 ends quietly" {
	"$fixture" -n 100000 >"$D/big.ncap"
	run --separate-stderr bash -c 'set -o pipefail; nc-dump -x Ethernet,IPv4 -t header,all "$1" | head -1' _ "$D/big.ncap"
	[ "$status" -eq 0 ]
	[ "$output" = "HEADER version=1 source=fixture.pcap link_type=1 snaplen=65535 generator=sink-fixture generator_version=1" ]
	[ -z "$stderr" ]
}

@test "nc-decode | nc-dump on the demo capture" {
	pcap=$NC_ROOT/tests/data/demo.pcap
	[ -f "$pcap" ] || skip "tests/data/demo.pcap is not there yet"
	command -v nc-decode >/dev/null || skip "nc-decode is not built"
	run bash -c 'set -o pipefail; nc-decode -r "$1" | nc-dump -t all,header -T epoch' _ "$pcap"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "HEADER version=1 "*"link_type=1"* ]]
	# one line per record, and packet numbers only go up
	printf '%s\n' "${lines[@]:1}" | awk '$2 < last { exit 1 } { last = $2 }'
	# the first packet's time is tcpdump's, to the microsecond
	first=$(tcpdump -tt -nn -c 1 -r "$pcap" 2>/dev/null | cut -d' ' -f1)
	[[ "${lines[1]}" == "${first}000 1 "* ]]
}

@test "the EXAMPLES in nc-dump.1 run on the demo capture" {
	pcap=$NC_ROOT/tests/data/demo.pcap
	[ -f "$pcap" ] || skip "tests/data/demo.pcap is not there yet"
	command -v nc-decode >/dev/null || skip "nc-decode is not built"
	cd "$D"
	ln -s "$pcap" day1.pcap
	ln -s "$pcap" f.pcap
	nc-decode -r "$pcap" >f.ncap
	zstd -q -c f.ncap >f.ncap.zst
	cp f.ncap.zst big.ncap.zst
	n=0
	while IFS= read -r -d '' cmd; do
		run --separate-stderr bash -o pipefail -c "$cmd"
		# a grep that finds nothing is not a failure of the example
		if [ "$status" -ne 0 ] && ! { [ "$status" -eq 1 ] &&
		    [[ "$cmd" == *"| grep "* ]] && [ -z "$stderr" ]; }; then
			printf 'failed (%s): %s\n%s\n%s\n' "$status" "$cmd" "$output" "$stderr"
			return 1
		fi
		n=$((n + 1))
	done < <("$NC_ROOT/tests/data/sink/man-examples" "$NC_ROOT/man/nc-dump.1")
	[ "$n" -ge 3 ]
	true
}

@test "nc-dump: a failed write is an error" {
	run --separate-stderr bash -c 'nc-dump "$1" >/dev/full' _ "$D/mixed.ncap"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-dump: write stdout: No space left on device" ]
}

# Feeds the demo stream to "$@" through a FIFO that stays open, and prints
# how many lines the program had written after up to 5 s, before its input
# ended; then ends the input and checks the program's whole output.
lines_before_eof() {
	local t=$BATS_TEST_TMPDIR want n i
	nc-decode -q -r "$NC_ROOT/tests/data/demo.pcap" >"$t/demo.ncap"
	want=$("$@" <"$t/demo.ncap" | wc -l)
	rm -f "$t/fifo" "$t/out"
	mkfifo "$t/fifo"
	"$@" <"$t/fifo" >"$t/out" &
	exec 3>"$t/fifo"
	cat "$t/demo.ncap" >&3
	for i in $(seq 50); do
		n=$(wc -l <"$t/out")
		[ "$n" -eq "$want" ] && break
		sleep 0.1
	done
	echo "$n of $want"
	exec 3>&-
	wait
	[ "$(wc -l <"$t/out")" -eq "$want" ]
}

@test "-l: each line goes out while the input is still open (all sinks)" {
	for p in "nc-dump -l" "nc-tojson -l" "nc-tocsv -l -t TCP"; do
		run lines_before_eof $p
		[ "$status" -eq 0 ]
		n=${output%% of *} want=${output##* of }
		[ "$want" -gt 10 ] && [ "$n" -eq "$want" ] ||
		    { echo "$p: $output"; return 1; }
	done
	# without -l, output to a file waits for a full block or the end
	run lines_before_eof nc-dump
	[ "$status" -eq 0 ]
	[ "${output%% of *}" -eq 0 ]
}

# IPv4 flags and TOS as tcpdump -v prints them, on every IPv4 header of
# real captures with DF, MF and no flag.
@test "nc-dump: IPv4 flags and TOS read as tcpdump -v reads them" {
	P=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	[ -d "$P" ] || skip "no shared captures in $P"
	command -v tcpdump >/dev/null || skip "tcpdump is not installed"
	for c in ipfrag/zeek-ipv4-fragmented-1 app/tcpdump-ntp basic/zeek-icmp-destunreach-udp; do
		nc-decode -q -r "$P/$c.pcap" -t IPv4 | nc-dump -v
	done >"$D/nc"
	for c in ipfrag/zeek-ipv4-fragmented-1 app/tcpdump-ntp basic/zeek-icmp-destunreach-udp; do
		tcpdump -n -v -r "$P/$c.pcap" 2>/dev/null
	done | sed -n 's/.*IP (tos \(0x[0-9a-f]*\)[^,]*, ttl [0-9]*, id \([0-9]*\), offset [0-9]*, flags \(\[[^]]*\]\).*/\1 \2 \3/p' >"$D/td"
	# tcpdump: "tos id flags", the quoted header of an ICMP error too
	awk '{ t = "0x0"; for (i = 4; i <= NF; i++) { split($i, kv, "=");
	    if (kv[1] == "tos") t = kv[2]; if (kv[1] == "id") id = kv[2];
	    if (kv[1] == "flags") f = kv[2] }
	    print t, id, f }' "$D/nc" | sed 's/^0x0*\([0-9a-f]\)/0x\1/' >"$D/nc2"
	[ "$(wc -l <"$D/nc2")" -eq 13 ]
	diff "$D/td" "$D/nc2"
	grep -qx '0x0 242 \[+\]' "$D/nc2"
	grep -qx '0x0 242 \[none\]' "$D/nc2"
	grep -qx '0x0 58037 \[DF\]' "$D/nc2"
	grep -qx '0xb8 24722 \[DF\]' "$D/nc2"
}

# The tcpdump-like lines of the types with a summary hint, on real
# captures: nested records by their meaningful parts, names for codes,
# each decoded value once; -v every field.
@test "nc-dump: DNS, DHCP, DHCPv6, NTP and ICMP lines, and -v" {
	P=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	[ -d "$P" ] || skip "no shared captures in $P"
	run sh -c "nc-decode -q -r '$P/dns/tcpdump-dns_udp.pcap' -t DNS | nc-dump"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "2020-06-10T09:19:54.740079000Z 1 DNS 192.168.1.11:43966 > 209.87.249.18:53 id=22836 questions=[A www.tcpdump.org] additionals=[OPT . udp_payload_size=4096 [10 42f5d00996f90b13]]" ]
	[ "${lines[1]}" = "2020-06-10T09:19:54.870361000Z 2 DNS 209.87.249.18:53 > 192.168.1.11:43966 id=22836 response questions=[A www.tcpdump.org] answers=[A www.tcpdump.org 192.139.46.66, A www.tcpdump.org 198.199.88.104] authorities=[NS tcpdump.org sns.cooperix.net, NS tcpdump.org nic.sandelman.ca] additionals=[A nic.sandelman.ca 209.87.249.18, AAAA nic.sandelman.ca 2607:f0b0:f::babe:f00d, A sns.cooperix.net 97.107.133.15, AAAA sns.cooperix.net 2600:3c03::f03c:91ff:fe96:e8ef, OPT . udp_payload_size=4096]" ]
	run sh -c "nc-decode -q -r '$P/dns/tcpdump-dns_udp.pcap' -t DNS | nc-dump -v"
	[[ "${lines[1]}" == *" flavour=DNS id=22836 qr=true aa=true rd=true qd_count=1 an_count=2 ns_count=2 ar_count=5 questions=www.tcpdump.org:1:1:false answers="* ]]
	run sh -c "nc-decode -q -r '$P/app/tcpdump-dhcp-rfc3004.pcap' -t DHCPv4 | nc-dump"
	[ "${lines[1]}" = "2014-11-28T09:38:18.384572000Z 2 DHCPv4 192.168.1.1:67 > 192.168.1.4:68 OFFER BOOTREPLY xid=0x6e32864 00:0c:29:1f:74:06 your_client_ip=192.168.1.4 server_identifier_ip=192.168.1.1 domain_name=Home lease_time=86400 routers_ip=192.168.1.1 dns_servers_ip=192.168.1.1 options=[DHCP-Message-Type, Server-Identifier, Lease-Time, Subnet-Mask, Router, Domain-Server, Domain-Name, End]" ]
	run sh -c "nc-decode -q -r '$P/app/tcpdump-dhcpv6-ia-na.pcap' -t DHCPv6 | nc-dump"
	[ "${lines[3]}" = "2012-11-26T15:34:56.019017000Z 4 DHCPv6 [fe80::211:22ff:fe33:4455]:547 > [fe80::201:2ff:fe03:405]:546 REPLY transaction_id=0x2ffdd1 options=[IA_NA, CLIENTID, SERVERID] ia_addresses_ip=2a00:1:1:200:38e6:b22e:c440:acdf" ]
	run sh -c "nc-decode -q -r '$P/app/tcpdump-ntp.pcap' -t NTP | nc-dump"
	[ "${lines[3]}" = "2017-06-19T14:19:18.494589000Z 4 NTP 192.168.100.1:123 > 192.168.100.2:42818 version=4 server leap_indicator=0 stratum=2 precision=-23 reference_id=10.5.27.10 reference_timestamp=2017-06-19T14:19:17.720418353Z origin_timestamp=1992-10-31T13:37:44.107565978Z receive_timestamp=2017-06-19T14:19:18.494427815Z transmit_timestamp=2017-06-19T14:19:18.494546877Z" ]
	run sh -c "nc-decode -q -r '$P/basic/zeek-icmp-destunreach-udp.pcap' -x Ethernet | nc-dump"
	[ "${lines[0]}" = "2009-11-18T18:22:28.135731000Z 1 IPv4 192.168.1.102 > 192.168.1.1 ttl 128 id 10270 proto 1 length 176" ]
	[ "${lines[1]}" = "2009-11-18T18:22:28.135731000Z 1 ICMPv4 192.168.1.102 > 192.168.1.1 unreachable port-unreachable" ]
	[ "${lines[2]}" = "2009-11-18T18:22:28.135731000Z 1 IPv4 192.168.1.1 > 192.168.1.102 ttl 64 id 14097 proto 17 length 163 quoted" ]
	[ "${lines[3]}" = "2009-11-18T18:22:28.135731000Z 1 UDP 192.168.1.1:53 > 192.168.1.102:59207 length 135 quoted" ]
	run sh -c "nc-decode -q -r '$P/basic/zeek-icmp-destunreach-udp.pcap' -t ICMPv4 | nc-dump -v"
	[[ "$output" == *" type_=3(unreachable) code=3(port-unreachable) checksum=0x03bb" ]]
}

# Without a hint, the line is -v's.
@test "nc-dump: types without a summary hint show every field either way" {
	[ "$(nc-dump -x ICMPv4,ICMPv6,IPv4,TCP,UDP "$D/mixed.ncap")" = "$(nc-dump -v -x ICMPv4,ICMPv6,IPv4,TCP,UDP "$D/mixed.ncap")" ]
	for t in ICMPv4 ICMPv6 IPv4 TCP UDP; do
		[ "$(nc-dump -t $t "$D/mixed.ncap")" != "$(nc-dump -v -t $t "$D/mixed.ncap")" ]
	done
}

# TCP as tcpdump -n -S prints it: flags, ack, window and length agree on
# every TCP packet of the demo capture.
@test "nc-dump: TCP lines in tcpdump's words, flags as tcpdump's [S.]" {
	command -v tcpdump >/dev/null || skip "tcpdump is not installed"
	F=$NC_ROOT/tests/data/demo.pcap
	pick='{ f = a = w = l = "-"; for (i = 1; i <= NF; i++) {
	    if ($i == "Flags") f = $(i + 1); if ($i == "ack") a = $(i + 1);
	    if ($i == "win") w = $(i + 1); if ($i == "length") l = $(i + 1) }
	    print f, a, w, l }'
	tcpdump -n -S -r "$F" tcp 2>/dev/null | sed 's/options \[[^]]*\]//; s/,//g; s/: HTTP.*//; s/length \([0-9]*\):.*/length \1/' |
	    awk "$pick" >"$D/td"
	nc-decode -q -r "$F" -t TCP | nc-dump | awk "$pick" >"$D/nc"
	[ "$(wc -l <"$D/nc")" -gt 30 ]
	diff "$D/td" "$D/nc"
	grep -q '^\[S\.\] ' "$D/nc"
	run sh -c "nc-decode -q -r '$F' -t TCP | nc-dump | sed -n 2p"
	[ "$output" = "2024-01-01T00:00:00.411068000Z 6 TCP 203.0.113.10:80 > 192.168.1.13:43783 Flags [S.] seq 163056092 ack 4248997035 win 64240 length 0" ]
	run sh -c "nc-decode -q -r '$F' -t UDP,IPv4 | nc-dump | sed -n 1,2p"
	[ "${lines[0]}" = "2024-01-01T00:00:00.142485000Z 3 IPv4 192.168.1.13 > 192.168.1.1 ttl 64 id 10172 proto 17 length 72" ]
	[ "${lines[1]}" = "2024-01-01T00:00:00.142485000Z 3 UDP 192.168.1.13:43782 > 192.168.1.1:53 length 44" ]
	# -v: every field, as before
	run sh -c "nc-decode -q -r '$F' -t TCP | nc-dump -v | sed -n 2p"
	[[ "$output" == *" flags=SA window=64240 "* ]]
}
