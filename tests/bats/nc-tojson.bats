#!/usr/bin/env bats
# nc-tojson: one JSON object per record, checked with jq on a fixed stream
# (tests/tools/sink-fixture.c).

bats_require_minimum_version 1.5.0

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	NC_BUILD=${NC_BUILD:-$(cd "$(dirname "$(command -v nc-tojson)")/.." && pwd)}
	fixture=$NC_BUILD/tools/sink-fixture
	[ -x "$fixture" ] || { echo "no $fixture: run make"; return 1; }
	command -v jq >/dev/null || skip "jq is not installed"
	D=$BATS_TEST_TMPDIR
	"$fixture" >"$D/mixed.ncap"
	USAGE='usage: nc-tojson [-hlV] [-B budget] [-t types] [-T format] [-x types] [file ...]'
}

# jq program $1 over the records of type $2 in the fixture, compact output.
q() {
	nc-tojson -t all,Header "$D/mixed.ncap" | jq -c --arg t "$2" "select(.type == \$t) | $1"
}

@test "nc-tojson -h prints the usage to stdout and exits 0" {
	run nc-tojson -h
	[ "$status" -eq 0 ]
	[ "$output" = "$USAGE" ]
}

@test "nc-tojson -V and a bad flag" {
	run nc-tojson -V
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^nc-tojson\ \(netcap\)\ [0-9] ]]
	run --separate-stderr nc-tojson -q
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "${stderr_lines[-1]}" = "$USAGE" ]
	run nc-tojson -t nosuch "$D/mixed.ncap"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "nc-tojson: -t: unknown type: nosuch" ]
}

@test "nc-tojson: every line is a JSON object jq accepts, type first" {
	run nc-tojson "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 12 ]
	run bash -c 'nc-tojson "$1" | jq -r "keys_unsorted[0] + \" \" + .type"' _ "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'type %s\n' Ethernet IPv4 TCP IPv6 UDP TCP ICMPv4 ICMPv6 ARP Dot1Q IPv6Routing Undecoded)" ]
}

@test "nc-tojson: fields in schema order after type" {
	run q 'keys_unsorted | join(",")' UDP
	[ "$output" = "\"type,$(sed -n '/^message UDP {/,/^}/p' "$NC_ROOT/proto/netcap.proto" |
	    grep -o '[a-z0-9_]* = [0-9]*;' | sort -t= -k2 -n | cut -d' ' -f1 | paste -sd,)\"" ]
}

@test "nc-tojson: numbers, times, addresses, flow, flags, bytes in hex" {
	run q '[.ts, .packet, .src_ip, .dst_ip, .src_port, .flags, .flow, .payload_entropy, .sack_permitted]' TCP
	[ "${lines[0]}" = '["2009-11-18T08:00:21.486539000Z",1,"10.0.0.1","10.0.0.2",80,"SA","0123456789abcdef",0,true]' ]
	[ "${lines[1]}" = '["2009-11-18T08:00:21.488539000Z",3,"10.0.0.2","10.0.0.1",1234,"FPA","0123456789abcdef",7.5,false]' ]
	run q '[.src_ip, .dst_ip, .payload_entropy, .payload]' UDP
	[ "$output" = '["2001:db8::1","2001:db8::2",3.584963,"68656c6c6f2c20776f726c64"]' ]
	# the bytes read as CSV shows them
	run bash -c 'nc-tocsv -t udp -f payload "$1" | sed -n 2p' _ "$D/mixed.ncap"
	[ "$output" = 68656c6c6f2c20776f726c64 ]
	# -T epoch: Zeek's seconds, as a string that keeps all nine digits
	run bash -c 'nc-tojson -T epoch -t tcp "$1" | grep -o "\"ts\":[^,]*"' _ "$D/mixed.ncap"
	[ "$output" = "$(printf '"ts":"1258531221.486539000"\n"ts":"1258531221.488539000"')" ]
}

@test "nc-tojson: jq and pandas read ts and 64-bit integers back exactly" {
	# One NTP packet in a nanosecond pcap (raw IPv4): its time has nine
	# digits and its transmit timestamp is above 2^53.
	python3 - "$D/ns.pcap" <<'EOF'
import struct, sys
ntp = bytes([0x23]) + bytes(39) + struct.pack(">Q", 16285027049813180417)
udp = struct.pack(">HHHH", 40000, 123, 8 + len(ntp), 0) + ntp
ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                 bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2])) + udp
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b23c4d, 2, 4, 0, 0, 65535, 101))
    f.write(struct.pack("<IIII", 1700000006, 123456789, len(ip), len(ip)) + ip)
EOF
	nc-decode -q -r "$D/ns.pcap" -t NTP | nc-tojson >"$D/ntp.json"
	run jq -r '[.ts, .transmit_timestamp, .packet] | @tsv' "$D/ntp.json"
	[ "$output" = "$(printf '2023-11-14T22:13:26.123456789Z\t16285027049813180417\t1')" ]
	nc-decode -q -r "$D/ns.pcap" -t NTP >"$D/ntp.ncap"
	run bash -c 'nc-tojson -T epoch "$1" | jq -r .ts' _ "$D/ntp.ncap"
	[ "$output" = 1700000006.123456789 ]
	[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import pandas' 2>/dev/null ||
	    skip "no python3-pandas"
	run --separate-stderr /usr/bin/python3 -c '
import pandas, sys
df = pandas.read_json(sys.argv[1], lines=True, dtype=False)
print(pandas.to_datetime(df.ts[0]).value, int(df.transmit_timestamp[0]), df.packet[0])
# without dtype=False too, the time stays text pandas converts exactly
print(pandas.to_datetime(pandas.read_json(sys.argv[1], lines=True).ts[0]).value)' "$D/ntp.json"
	[ "${lines[0]}" = "1700000006123456789 16285027049813180417 1" ]
	[ "${lines[1]}" = "1700000006123456789" ]
}

@test "nc-tojson: absent values are null or left out, never \"\"" {
	# no presence in proto3 (bytes, strings): null when empty
	run q '[.payload, (.payload == null)]' TCP
	[ "${lines[0]}" = '[null,true]' ]
	run bash -c 'nc-tojson "$1" | grep -c "\"\""' _ "$D/mixed.ncap"
	[ "$output" = 0 ]
	# presence (oneof members, messages): no key when unset
	run q 'has("id")' ICMPv4
	[ "$output" = false ]
}

@test "nc-tojson: unset oneof members are left out, set ones kept even if 0" {
	run q '[has("mss"), has("window_scale"), has("ts_val"), has("ts_ecr"), .window_scale]' TCP
	[ "${lines[0]}" = '[true,true,false,false,0]' ]
	[ "${lines[1]}" = '[false,false,true,true,null]' ]
	run q '[.ts_val, .ts_ecr]' TCP
	[ "${lines[1]}" = '[123,0]' ]
}

@test "nc-tojson: a field named type is type_, the record type stays .type" {
	run q '[.type, .type_, .code]' ICMPv4
	[ "$output" = '["ICMPv4",5,1]' ]
	run q '[.type, .type_]' Dot1Q
	[ "$output" = '["Dot1Q",2048]' ]
	run bash -c 'nc-tojson "$1" | grep -c "\"type\":.*\"type\":"' _ "$D/mixed.ncap"
	# only IPv4, whose nested options keep their own "type"
	[ "$output" = 1 ]
}

@test "nc-tojson: string escapes and invalid UTF-8 made valid" {
	run q '.reason' Undecoded
	[ "$output" = '"bad label, \"x\"\nat\tend � café"' ]
	run bash -c 'nc-tojson -t undecoded "$1" | iconv -f UTF-8 -t UTF-8 >/dev/null' _ "$D/mixed.ncap"
	[ "$status" -eq 0 ]
}

@test "nc-tojson: the Header only when asked, created null; -t selects types" {
	run bash -c 'nc-tojson "$1" | jq -r .type | grep -c Header' _ "$D/mixed.ncap"
	[ "$output" = 0 ]
	run q '[.version, .created, .source, .link_type]' Header
	[ "$output" = '[1,null,"fixture.pcap",1]' ]
	run bash -c 'nc-tojson -t tcp "$1" | jq -r .type' _ "$D/mixed.ncap"
	[ "$output" = "$(printf 'TCP\nTCP')" ]
	run bash -c 'nc-tojson -t header,ARP "$1" | jq -r .type' _ "$D/mixed.ncap"
	[ "$output" = "$(printf 'Header\nARP')" ]
}

@test "nc-tojson -x leaves types out; repeated -t and -x add up" {
	all=$(nc-tojson "$D/mixed.ncap" | jq -r .type)
	run bash -c 'nc-tojson -x header,TCP -x udp "$1" | jq -r .type' _ "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	[ "$output" = "$(grep -vx -e Header -e TCP -e UDP <<<"$all")" ]
	run bash -c 'nc-tojson -t tcp -t arp,udp -x udp "$1" | jq -r .type' _ "$D/mixed.ncap"
	[ "$output" = "$(printf 'TCP\nTCP\nARP')" ]
	run --separate-stderr nc-tojson -x nosuch "$D/mixed.ncap"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nc-tojson: -x: unknown type: nosuch" ]
}

@test "nc-tojson -T iso writes times as strings" {
	run bash -c 'nc-tojson -T iso -t tcp "$1" | jq -c "[.ts, .packet]"' _ "$D/mixed.ncap"
	[ "$output" = "$(printf '%s\n' '["2009-11-18T08:00:21.486539000Z",1]' '["2009-11-18T08:00:21.488539000Z",3]')" ]
	run nc-tojson -T bogus "$D/mixed.ncap"
	[ "$status" -eq 2 ]
}

@test "nc-tojson: several files, stdin, compressed, concatenated" {
	"$fixture" -s b.pcap >"$D/b.ncap"
	zstd -q -c "$D/b.ncap" >"$D/b.ncap.zst"
	gzip -c "$D/mixed.ncap" >"$D/a.ncap.gz"
	run bash -c 'nc-tojson -t header "$1" - <"$2" | jq -r .source' _ "$D/a.ncap.gz" "$D/b.ncap.zst"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'fixture.pcap\nb.pcap')" ]
	run bash -c 'cat "$1" "$2" | nc-tojson -t all,header | jq -r "select(.type == \"Header\") | .source"' _ "$D/mixed.ncap" "$D/b.ncap"
	[ "$output" = "$(printf 'fixture.pcap\nb.pcap')" ]
}

@test "nc-tojson: a newer stream's unknown types are skipped, warned once" {
	"$fixture" -u >"$D/u.ncap"
	run --separate-stderr nc-tojson "$D/u.ncap"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 12 ]
	[ "$stderr" = "nc-tojson: $D/u.ncap: byte 42: skipping records of unknown type 200 (from a newer netcap?)" ]
}

@test "nc-tojson | head -1 ends quietly" {
	"$fixture" -n 100000 >"$D/big.ncap"
	run --separate-stderr bash -c 'set -o pipefail; nc-tojson "$1" | head -1 | jq -r .type' _ "$D/big.ncap"
	[ "$status" -eq 0 ]
	[ "$output" = TCP ]
	[ -z "$stderr" ]
}

@test "nc-decode | nc-tojson: jq parses every line of the demo capture" {
	pcap=$NC_ROOT/tests/data/demo.pcap
	[ -f "$pcap" ] || skip "tests/data/demo.pcap is not there yet"
	command -v nc-decode >/dev/null || skip "nc-decode is not built"
	nc-decode -r "$pcap" >"$D/demo.ncap"
	n=$(nc-dump "$D/demo.ncap" | wc -l)
	run bash -c 'nc-tojson "$1" | jq -c "{type}" | wc -l' _ "$D/demo.ncap"
	[ "$status" -eq 0 ]
	[ "$output" -eq "$n" ]
	[ "$n" -gt 10 ]
	# the man page's example
	run bash -c 'nc-tojson "$1" | jq -r "select(.type==\"TCP\") | .flags" | sort -u' _ "$D/demo.ncap"
	[ -n "$output" ]
	printf '%s\n' "${lines[@]}" | grep -qvx '[FSRPAUECN]*' && return 1
	true
}

@test "the EXAMPLES in nc-tojson.1 run on the demo capture" {
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
	done < <("$NC_ROOT/tests/data/sink/man-examples" "$NC_ROOT/man/nc-tojson.1")
	[ "$n" -ge 4 ]
	true
}

@test "nc-tojson: a failed write is an error" {
	run --separate-stderr bash -c 'nc-tojson "$1" >/dev/full' _ "$D/mixed.ncap"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-tojson: write stdout: No space left on device" ]
}
