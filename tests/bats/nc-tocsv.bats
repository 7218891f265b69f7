#!/usr/bin/env bats
# nc-tocsv: one type to stdout, -d one file per type, -f columns, -T, and
# the rendering rules on a fixed stream (tests/tools/sink-fixture.c).

bats_require_minimum_version 1.5.0

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	NC_BUILD=${NC_BUILD:-$(cd "$(dirname "$(command -v nc-tocsv)")/.." && pwd)}
	fixture=$NC_BUILD/tools/sink-fixture
	[ -x "$fixture" ] || { echo "no $fixture: run make"; return 1; }
	D=$BATS_TEST_TMPDIR
	"$fixture" >"$D/mixed.ncap"
	GOLD=$NC_ROOT/tests/data/sink
	TCPF=ts,packet,src_ip,dst_ip,src_port,dst_port,seq,ack,data_offset,flags,window,mss,window_scale,sack_permitted,sack,ts_val,ts_ecr,option_kinds,payload_size,payload_entropy,flow,payload
	USAGE='usage: nc-tocsv [-hlV] [-B budget] [-d dir] [-f fields] [-H header] [-t types] [-T format] [-x types] [file ...]'
}

# The fields of message $1 in proto/netcap.proto, in field-number order,
# comma-separated: what the default header row must be.
proto_fields() {
	awk -v m="$1" '
	    $0 ~ "^message " m " \\{" { on = 1; next }
	    on && /^}/ { on = 0 }
	    on && match($0, /[a-z0-9_]+ = [0-9]+;/) {
		split(substr($0, RSTART, RLENGTH - 1), a, " = ")
		print a[2], a[1]
	    }' "$NC_ROOT/proto/netcap.proto" | sort -n | cut -d' ' -f2 |
	    sed 's/^type$/type_/' | paste -sd,
}

@test "nc-tocsv -h prints the usage to stdout and exits 0" {
	run nc-tocsv -h
	[ "$status" -eq 0 ]
	[ "$output" = "$USAGE" ]
}

@test "nc-tocsv -V prints the version" {
	run nc-tocsv -V
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^nc-tocsv\ \(netcap\)\ [0-9] ]]
}

@test "nc-tocsv: a bad flag is a usage error on stderr" {
	run --separate-stderr nc-tocsv -y "$D/mixed.ncap"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "${stderr_lines[-1]}" = "$USAGE" ]
}

@test "nc-tocsv -t TCP -f: the golden CSV" {
	run nc-tocsv -t TCP -f "$TCPF" "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$GOLD/tcp.csv")" ]
}

# The header row without the FIELD_name columns that follow a field with
# named values.
no_names() {
	sed -E ':a; s/(^|,)([a-z0-9_]+),\2_name(,|$)/\1\2\3/; ta
	    s/(^|,)type_,type_name(,|$)/\1type_\2/'
}

@test "nc-tocsv -t: the default header row is every schema field in order" {
	for t in TCP IPv4 ICMPv6 Header Undecoded; do
		run nc-tocsv -t "$t" "$D/mixed.ncap"
		[ "$status" -eq 0 ]
		lines[0]=$(echo "${lines[0]}" | no_names)
		want=$(proto_fields "$t")
		[ -n "$want" ]
		[ "${lines[0]}" = "$want" ] || { echo "$t: ${lines[0]} != $want"; return 1; }
	done
}

@test "nc-tocsv: every TCP row has as many columns as the header" {
	run nc-tocsv -t tcp "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	n=$(printf '%s\n' "$output" | awk -F, '{ print NF }' | sort -u)
	[ "$n" = "$(proto_fields TCP | awk -F, '{ print NF }')" ]
}

@test "nc-tocsv: text is escaped, then quoted by libcsv only where needed" {
	run nc-tocsv -t Undecoded "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$GOLD/undecoded.csv")" ]
	# one line per record, valid UTF-8; a CSV reader and undoing the
	# escapes give the original bytes back
	got=$(python3 -c 'import csv, re, sys
raw = open(sys.argv[1], "rb").read()
raw.decode("utf-8")
assert raw.count(b"\n") == 2
r = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
esc = {"n": b"\n", "r": b"\r", "t": b"\t", "\\": b"\\"}
def unesc(m):
    s = m.group(1).decode()
    return bytes([int(s[1:], 16)]) if s[0] == "x" else esc[s]
b = re.sub(rb"\\(x[0-9a-f]{2}|[nrt\\])", unesc, r[0]["reason"].encode())
print(repr(b), r[0]["layer"], r[0]["data"])' "$GOLD/undecoded.csv")
	[ "$got" = "b'bad label, \"x\"\\nat\\tend \\xff caf\\xc3\\xa9' DNS 010203" ]
}

@test "nc-tocsv: addresses, MACs, nested options, repeated _ip, bools" {
	run nc-tocsv -t ipv4 -f src_ip,dst_ip,options,options.type,padding "$D/mixed.ncap"
	[ "${lines[1]}" = '10.0.0.1,10.0.0.2,"[{""type"":148,""length"":4,""data"":""0000""}]",148,' ]
	run nc-tocsv -t icmpv6 -f src_ip,src_link_mac,dst_link_mac,prefixes_ip,id "$D/mixed.ncap"
	[ "${lines[1]}" = "2001:db8::1,00:11:22:33:44:55,,2001:db8:1::;010203," ]
	run nc-tocsv -t arp -f src_hw,dst_hw "$D/mixed.ncap"
	[ "${lines[1]}" = "00:11:22:33:44:55,010203" ]
	run nc-tocsv -t dot1q -f drop_eligible,vlan_identifier "$D/mixed.ncap"
	[ "${lines[1]}" = "true,100" ]
	run nc-tocsv -t ipv6_routing -f addresses_ip "$D/mixed.ncap"
	[ "${lines[1]}" = "2001:db8::1;2001:db8::2" ]
	run nc-tocsv -t udp -f payload_entropy,flow,payload "$D/mixed.ncap"
	[ "${lines[1]}" = "3.584963,fedcba9876543210,68656c6c6f2c20776f726c64" ]
}

@test "nc-tocsv -T iso and Header.created" {
	run nc-tocsv -T iso -t TCP -f ts,packet "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "2009-11-18T08:00:21.486539000Z,1" ]
	[ "${lines[2]}" = "2009-11-18T08:00:21.488539000Z,3" ]
	run nc-tocsv -t header -f created,source,version "$D/mixed.ncap"
	[ "$output" = "$(printf 'created,source,version\n,fixture.pcap,1')" ]
}

@test "nc-tocsv -T with an unknown format is a usage error" {
	run nc-tocsv -T unix -t tcp "$D/mixed.ncap"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "nc-tocsv: -T: unknown format: unix (epoch, iso, csv or tsv)" ]
	run nc-tojson -T tsv "$D/mixed.ncap"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "nc-tojson: -T: unknown format: tsv (epoch or iso)" ]
}

@test "nc-tocsv -T tsv: TAB-separated, - and (empty), -T iso,tsv, -d writes TYPE.tsv" {
	run -0 nc-tocsv -T iso,tsv -t tcp -f ts,packet,flags,mss "$D/mixed.ncap"
	[ "${lines[5]}" = "$(printf '#fields\tts\tpacket\tflags\tmss')" ]
	[ "${lines[7]}" = "$(printf '2009-11-18T08:00:21.486539000Z\t1\tSA\t1460')" ]
	[ "$(nc-tocsv -T tsv -T epoch -t tcp -f mss "$D/mixed.ncap" | sed -n 9p)" = - ]
	run -0 nc-tocsv -T tsv -t ipv4 -f options,padding "$D/mixed.ncap"
	[ "${lines[7]}" = "$(printf '[{"type":148,"length":4,"data":"0000"}]\t(empty)')" ]
	nc-tocsv -T tsv -d "$D/t" "$D/mixed.ncap"
	[ -s "$D/t/TCP.tsv" ] && [ ! -e "$D/t/TCP.csv" ]
}

# Zeek's header lines, read the way zeek-cut reads them (Debian has no
# zeek-cut: its awk program's steps, here): the separator from
# #separator, the columns by name from #fields, other "#" lines skipped.
@test "nc-tocsv -T tsv: Zeek's #separator, #fields and #types, read as zeek-cut reads them" {
	P=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	[ -d "$P" ] || skip "no shared captures in $P"
	nc-decode -q -r "$P/dns/tcpdump-dns_udp.pcap" -t DNS |
	    nc-tocsv -T tsv -t DNS -f ts,id,src_ip,qr,answers.name,answers.ttl,answers.type_name,flow >"$D/dns.tsv"
	run -0 sed -n 1,7p "$D/dns.tsv"
	[ "${lines[0]}" = '#separator \x09' ]
	[ "${lines[1]}" = "$(printf '#set_separator\t;')" ]
	[ "${lines[2]}" = "$(printf '#empty_field\t(empty)')" ]
	[ "${lines[3]}" = "$(printf '#unset_field\t-')" ]
	[ "${lines[4]}" = "$(printf '#path\tDNS')" ]
	[ "${lines[5]}" = "$(printf '#fields\tts\tid\tsrc_ip\tqr\tanswers.name\tanswers.ttl\tanswers.type_name\tflow')" ]
	[ "${lines[6]}" = "$(printf '#types\ttime\tcount\taddr\tbool\tvector[string]\tvector[count]\tvector[string]\tstring')" ]
	zcut() {
		awk -v want="$*" '
		/^#separator / { s = $2; sub(/^\\x/, "", s); FS = sprintf("%c", index("0123456789abcdef", substr(s, 1, 1)) * 16 + index("0123456789abcdef", substr(s, 2, 1)) - 17); next }
		/^#fields/ { n = split(want, w, " "); for (i = 2; i <= NF; i++) col[$i] = i - 1; next }
		/^#/ { next }
		{ line = ""; for (i = 1; i <= n; i++) line = line (i > 1 ? "\t" : "") $(col[w[i]]); print line }'
	}
	run -0 zcut id answers.type_name answers.name <"$D/dns.tsv"
	[ "$output" = "$(printf '22836\t(empty)\t(empty)\n22836\tA;A\twww.tcpdump.org;www.tcpdump.org')" ]
}

@test "nc-tocsv -T tsv: a data line starting with # is escaped, so no reader takes it for a header line" {
	run -0 bash -c 'nc-label -d "#x" "$1" | nc-tocsv -T tsv -t tcp -f label,packet' _ "$D/mixed.ncap"
	[ "${lines[7]}" = "$(printf '\\x23x\t1')" ]
	# only the line's first byte: a "#" inside a cell stays as it is
	run -0 bash -c 'nc-label -d "#x" "$1" | nc-tocsv -T tsv -t tcp -f packet,label' _ "$D/mixed.ncap"
	[ "${lines[7]}" = "$(printf '1\t#x')" ]
}

@test "nc-tocsv: coded values keep their number, FIELD_name columns name them" {
	run -0 nc-tocsv -t icmpv4 "$D/mixed.ncap"
	[[ "${lines[0]}" == "ts,packet,src_ip,dst_ip,type_,type_name,code,code_name,checksum,"* ]]
	[[ "${lines[1]}" == *",10.0.0.1,10.0.0.2,5,redirect,1,redirect-host,65535,"* ]]
	run -0 nc-tocsv -T tsv -t arp -f OPERATION_NAME,operation,protocol "$D/mixed.ncap"
	[ "${lines[5]}" = "$(printf '#fields\toperation_name\toperation\tprotocol')" ]
	[ "${lines[7]}" = "$(printf 'reply\t2\t2048')" ]
	run -2 nc-tocsv -t arp -f protocol_name "$D/mixed.ncap"
}

@test "nc-tocsv: CSV and TSV parse back by the documented rules to what nc-tojson writes" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	"$NC_BUILD/tools/text-fixture" >"$D/s.ncap"
	cat "$D/mixed.ncap" >>"$D/s.ncap"
	nc-decode -q -r "$NC_ROOT/tests/data/demo.pcap" >>"$D/s.ncap"
	nc-tocsv -d "$D/c" "$D/s.ncap"
	nc-tocsv -T tsv -d "$D/t" "$D/s.ncap"
	nc-tojson -t all "$D/s.ncap" >"$D/s.json"
	run "$NC_ROOT/tests/tools/table-check" "$D/c" "$D/t" "$D/s.json"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *" cells compared, 0 problems" ]]
}

@test "nc-tocsv -f: paths through a repeated message give aligned lists" {
	nc-decode -q -r "$NC_ROOT/tests/data/demo.pcap" -t DNS >"$D/dns.ncap"
	run -0 nc-tocsv -t dns -f answers.name,answers.address_ip,answers.cname "$D/dns.ncap"
	[ "${lines[2]}" = "www.example.com;www.example.com.cdn.example.net,;203.0.113.10,www.example.com.cdn.example.net;" ]
	run -0 nc-tocsv -T tsv -t dns -f answers.name,answers.mx.preference "$D/dns.ncap"
	[ "${lines[8]}" = "$(printf 'www.example.com;www.example.com.cdn.example.net\t-;-')" ]
	[ "${lines[7]}" = "$(printf '(empty)\t(empty)')" ]
}

@test "nc-tocsv -t: an unknown type is a usage error" {
	run nc-tocsv -t TCP,Bogus "$D/mixed.ncap"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "nc-tocsv: -t: unknown type: Bogus" ]
}

@test "nc-tocsv: several types without -d is a usage error" {
	run nc-tocsv -t tcp,udp "$D/mixed.ncap"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "nc-tocsv: -t names several types: write them with -d DIR" ]
}

@test "nc-tocsv -f needs exactly one type" {
	run nc-tocsv -f ts "$D/mixed.ncap"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "nc-tocsv: -f needs -t naming exactly one type" ]
	run nc-tocsv -f ts -t tcp,udp -d "$D/out" "$D/mixed.ncap"
	[ "$status" -eq 2 ]
	[ ! -e "$D/out" ]
}

@test "nc-tocsv -f with an unknown field lists the type's fields, or the nested message's" {
	run nc-tocsv -t udp -f ts,nope "$D/mixed.ncap"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "nc-tocsv: -f: UDP has no field \"nope\"; its fields are: $(proto_fields UDP | sed 's/,/, /g')" ]
	[ "${lines[1]}" = "$USAGE" ]
	run nc-tocsv -t ipv4 -f packet,options.nope "$D/mixed.ncap"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "nc-tocsv: -f: IPv4Option has no field \"nope\"; its fields are: type, length, data" ]
}

@test "nc-tocsv -f orders columns; names are case-insensitive" {
	run nc-tocsv -t TCP -f FLAGS,dst_port,ts "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'flags,dst_port,ts\nSA,1234,1258531221.486539000\nFPA,80,1258531221.488539000')" ]
}

@test "nc-tocsv: the header row is there even when no record matched" {
	run nc-tocsv -t IGMP "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	[ "$output" = "$(proto_fields IGMP)" ]
	run --separate-stderr nc-tocsv -t tcp -f ts,seq /dev/null
	[ "$status" -eq 0 ]
	[ "$output" = "ts,seq" ] && [ -z "$stderr" ]
}

@test "nc-tocsv without -t writes the first type and counts the others" {
	run --separate-stderr nc-tocsv "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(proto_fields Ethernet)" ]
	[ "${lines[1]}" = "1258531221.486539000,1,00:11:22:33:44:55,ff:ff:ff:ff:ff:ff,2048,0,0,0" ]
	[ "${#lines[@]}" -eq 2 ]
	[ "$stderr" = "nc-tocsv: skipped 1 Dot1Q, 1 ARP, 1 IPv4, 1 IPv6, 1 IPv6Routing, 2 TCP, 1 UDP, 1 ICMPv4, 1 ICMPv6, 1 Undecoded records: choose a type with -t or write every type with -d DIR" ]
}

@test "nc-tocsv -d writes one file per type seen, Header left out" {
	run nc-tocsv -d "$D/out/day1" "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run ls "$D/out/day1"
	[ "$output" = "$(printf '%s.csv\n' ARP Dot1Q Ethernet ICMPv4 ICMPv6 IPv4 IPv6 IPv6Routing TCP UDP Undecoded)" ]
	[ "$(head -1 "$D/out/day1/ARP.csv" | no_names)" = "$(proto_fields ARP)" ]
	[ "$(sed -n 2p "$D/out/day1/ARP.csv")" = "1258531221.491539000,6,1,2048,6,4,2,reply,00:11:22:33:44:55,10.0.0.1,010203,10.0.0.2,0,0" ]
	[ "$(wc -l <"$D/out/day1/TCP.csv")" -eq 3 ]
	cmp "$D/out/day1/Undecoded.csv" "$GOLD/undecoded.csv"
}

@test "nc-tocsv -d -t: a file per chosen type, Header only when named" {
	run nc-tocsv -d "$D/out" -t tcp,igmp,header "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	run ls "$D/out"
	[ "$output" = "$(printf '%s.csv\n' Header IGMP TCP)" ]
	[ "$(cat "$D/out/IGMP.csv")" = "$(proto_fields IGMP)" ]
	[ "$(sed -n 2p "$D/out/Header.csv")" = "1,,fixture.pcap,1,65535,sink-fixture,1,,,," ]
	run nc-tocsv -d "$D/out2" -t tcp -f "$TCPF" "$D/mixed.ncap"
	cmp "$D/out2/TCP.csv" "$GOLD/tcp.csv"
}

@test "nc-tocsv -x: left out of -d, of the first type and of the count" {
	run nc-tocsv -d "$D/out" -x ethernet,ipv4,ipv6,tcp,udp "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	run ls "$D/out"
	[ "$output" = "$(printf '%s.csv\n' ARP Dot1Q ICMPv4 ICMPv6 IPv6Routing Undecoded)" ]
	run --separate-stderr nc-tocsv -x ethernet "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(proto_fields IPv4)" ]
	[ "$stderr" = "nc-tocsv: skipped 1 Dot1Q, 1 ARP, 1 IPv6, 1 IPv6Routing, 2 TCP, 1 UDP, 1 ICMPv4, 1 ICMPv6, 1 Undecoded records: choose a type with -t or write every type with -d DIR" ]
	# -t and -x together name one type: no -d needed, -f allowed
	run nc-tocsv -t tcp,udp -x udp -f packet "$D/mixed.ncap"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'packet\n1\n3')" ]
	run --separate-stderr nc-tocsv -x tcp -f packet "$D/mixed.ncap"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nc-tocsv: -f needs -t naming exactly one type" ]
}

@test "nc-tocsv -d on a file that is not a directory fails" {
	touch "$D/plain"
	run nc-tocsv -d "$D/plain" "$D/mixed.ncap"
	[ "$status" -eq 1 ]
	[ "$output" = "nc-tocsv: $D/plain: not a directory" ]
	[ ! -e "$D/plain/TCP.csv" ]
}

@test "nc-tocsv reads several files in order, one header row" {
	"$fixture" -s second.pcap >"$D/b.ncap"
	run nc-tocsv -t tcp -f packet,flags "$D/mixed.ncap" "$D/b.ncap"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'packet,flags\n1,SA\n3,FPA\n1,SA\n3,FPA')" ]
	run nc-tocsv -t header -f source "$D/mixed.ncap" "$D/b.ncap"
	[ "$output" = "$(printf 'source\nfixture.pcap\nsecond.pcap')" ]
}

@test "nc-tocsv reads stdin, - and concatenated streams" {
	"$fixture" -s second.pcap >"$D/b.ncap"
	run bash -c 'cat "$1" "$2" | nc-tocsv -t header -f source' _ "$D/mixed.ncap" "$D/b.ncap"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'source\nfixture.pcap\nsecond.pcap')" ]
	run bash -c 'nc-tocsv -t tcp -f "$2" - <"$1"' _ "$D/mixed.ncap" "$TCPF"
	[ "$output" = "$(cat "$GOLD/tcp.csv")" ]
}

@test "nc-tocsv reads gzip- and zstd-compressed streams" {
	gzip -c "$D/mixed.ncap" >"$D/m.ncap.gz"
	zstd -q -c "$D/mixed.ncap" >"$D/m.ncap.zst"
	run nc-tocsv -t tcp -f "$TCPF" "$D/m.ncap.gz"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$GOLD/tcp.csv")" ]
	run bash -c 'nc-tocsv -t tcp -f "$2" <"$1"' _ "$D/m.ncap.zst" "$TCPF"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$GOLD/tcp.csv")" ]
}

@test "nc-tocsv: a missing file warns, the rest is read, exit 1" {
	run --separate-stderr nc-tocsv -t tcp -f packet "$D/nosuch" "$D/mixed.ncap"
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'packet\n1\n3')" ]
	[ "$stderr" = "nc-tocsv: $D/nosuch: No such file or directory" ]
}

@test "nc-tocsv: a capture file says so and suggests nc-decode -r" {
	printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\x00\x00\x01\x00\x00\x00' >"$D/x.pcap"
	run --separate-stderr nc-tocsv -t tcp "$D/x.pcap"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nc-tocsv: $D/x.pcap: byte 0: this is a packet capture, not a record stream (decode it with nc-decode -r)" ]
}

@test "nc-tocsv | head -1 ends quietly with success" {
	"$fixture" -n 200000 >"$D/big.ncap"
	run --separate-stderr bash -c 'set -o pipefail; nc-tocsv -t tcp "$1" | head -1' _ "$D/big.ncap"
	[ "$status" -eq 0 ]
	[ "$output" = "$(proto_fields TCP)" ]
	[ -z "$stderr" ]
}

@test "nc-tocsv on a large stream: one row per record" {
	"$fixture" -n 100000 >"$D/big.ncap"
	run bash -c 'nc-tocsv -t tcp -f packet,flags,mss "$1" | sed -n "2p;11p;12p;\$p"; nc-tocsv -t tcp "$1" | wc -l' _ "$D/big.ncap"
	[ "$output" = "$(printf '1,S,1460\n10,PA,\n11,S,1460\n100000,PA,\n100001')" ]
}

@test "nc-decode | nc-tocsv -t TCP on the demo capture agrees with tcpdump" {
	pcap=$NC_ROOT/tests/data/demo.pcap
	[ -f "$pcap" ] || skip "tests/data/demo.pcap is not there yet"
	command -v nc-decode >/dev/null || skip "nc-decode is not built"
	command -v tcpdump >/dev/null || skip "tcpdump is not installed"
	run bash -c 'set -o pipefail; nc-decode -r "$1" | nc-tocsv -t TCP -f ts,src_ip,src_port,dst_ip,dst_port,flags' _ "$pcap"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "ts,src_ip,src_port,dst_ip,dst_port,flags" ]
	# tcpdump's view of the IPv4 TCP packets in the same columns: its
	# flags [S.] are our SA, its microseconds our nanoseconds
	want=$(tcpdump -nn -tt -r "$pcap" 'tcp and not ip6' 2>/dev/null | awk '{
	    split($3, s, "."); split($5, d, "."); sub(":", "", d[5])
	    f = $7; gsub(/\./, "A", f); gsub(/W/, "C", f); fl = ""
	    for (i = 1; i <= 8; i++)
		if (index(f, substr("FSRPAUEC", i, 1))) fl = fl substr("FSRPAUEC", i, 1)
	    printf "%s000,%s.%s.%s.%s,%s,%s.%s.%s.%s,%s,%s\n", $1, s[1], s[2], s[3], s[4], s[5], d[1], d[2], d[3], d[4], d[5], fl }')
	[ "$(printf '%s\n' "$want" | wc -l)" -ge 10 ]
	# our IPv6 rows (with colons in the addresses) are not in tcpdump's
	diff <(printf '%s\n' "$want") <(printf '%s\n' "${lines[@]:1}" | grep -v :)
}

@test "the EXAMPLES in nc-tocsv.1 run on the demo capture" {
	pcap=$NC_ROOT/tests/data/demo.pcap
	[ -f "$pcap" ] || skip "tests/data/demo.pcap is not there yet"
	command -v nc-decode >/dev/null || skip "nc-decode is not built"
	cd "$D"
	ln -s "$pcap" day1.pcap
	ln -s "$pcap" f.pcap
	nc-decode -r "$pcap" >f.ncap
	zstd -q -c f.ncap >f.ncap.zst
	cp f.ncap.zst big.ncap.zst
	# Debian's python3, which has pandas (python3-pandas), before any
	# other on the PATH, as in docs.bats.
	mkdir bin
	ln -s /usr/bin/python3 bin/python3
	PATH=$D/bin:$PATH
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
	done < <("$NC_ROOT/tests/data/sink/man-examples" "$NC_ROOT/man/nc-tocsv.1")
	[ "$n" -ge 5 ]
	[ -s tcp.csv ] && [ -s day1/TCP.csv ] && [ "$(head -1 tcp.csv | cut -d, -f1-3)" = "ts,packet,src_ip" ]
}

@test "nc-tocsv: a failed write is an error" {
	run --separate-stderr bash -c 'nc-tocsv -t tcp "$1" >/dev/full' _ "$D/mixed.ncap"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-tocsv: write stdout: No space left on device" ]
}

# CICFlowMeter 4's column names (FlowFeature.java), in its order.
CIC_COLUMNS='Flow ID,Src IP,Src Port,Dst IP,Dst Port,Protocol,Timestamp,Flow Duration,Total Fwd Packet,Total Bwd packets,Total Length of Fwd Packet,Total Length of Bwd Packet,Fwd Packet Length Max,Fwd Packet Length Min,Fwd Packet Length Mean,Fwd Packet Length Std,Bwd Packet Length Max,Bwd Packet Length Min,Bwd Packet Length Mean,Bwd Packet Length Std,Flow Bytes/s,Flow Packets/s,Flow IAT Mean,Flow IAT Std,Flow IAT Max,Flow IAT Min,Fwd IAT Total,Fwd IAT Mean,Fwd IAT Std,Fwd IAT Max,Fwd IAT Min,Bwd IAT Total,Bwd IAT Mean,Bwd IAT Std,Bwd IAT Max,Bwd IAT Min,Fwd PSH Flags,Bwd PSH Flags,Fwd URG Flags,Bwd URG Flags,Fwd Header Length,Bwd Header Length,Fwd Packets/s,Bwd Packets/s,Packet Length Min,Packet Length Max,Packet Length Mean,Packet Length Std,Packet Length Variance,FIN Flag Count,SYN Flag Count,RST Flag Count,PSH Flag Count,ACK Flag Count,URG Flag Count,CWR Flag Count,ECE Flag Count,Down/Up Ratio,Average Packet Size,Fwd Segment Size Avg,Bwd Segment Size Avg,Fwd Bytes/Bulk Avg,Fwd Packet/Bulk Avg,Fwd Bulk Rate Avg,Bwd Bytes/Bulk Avg,Bwd Packet/Bulk Avg,Bwd Bulk Rate Avg,Subflow Fwd Packets,Subflow Fwd Bytes,Subflow Bwd Packets,Subflow Bwd Bytes,FWD Init Win Bytes,Bwd Init Win Bytes,Fwd Act Data Pkts,Fwd Seg Size Min,Active Mean,Active Std,Active Max,Active Min,Idle Mean,Idle Std,Idle Max,Idle Min,Label'

@test "nc-tocsv -H cicflowmeter: pandas reads CICFlowMeter's columns, in its units, beside our own" {
	[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import pandas' 2>/dev/null ||
	    skip "no python3-pandas"
	nc-decode -q -r "$NC_ROOT/tests/data/demo.pcap" | nc-flow |
	    nc-label -r /dev/null -d benign >"$D/f.ncap"
	TZ=UTC nc-tocsv -t Flow -H cicflowmeter "$D/f.ncap" >"$D/cic.csv"
	nc-tocsv -t Flow "$D/f.ncap" >"$D/own.csv"
	run -0 /usr/bin/python3 - "$D/cic.csv" "$D/own.csv" "$CIC_COLUMNS" <<'PY'
import sys
import pandas as pd
c = pd.read_csv(sys.argv[1])
o = pd.read_csv(sys.argv[2])
assert list(c.columns) == sys.argv[3].split(","), list(c.columns)
assert len(c) == len(o) == 10, (len(c), len(o))
us = lambda col: (o[col] * 1000).round(3)
checks = {
    "Flow Duration": us("bidirectional_duration_ms"),
    "Flow IAT Max": us("bidirectional_max_piat_ms"),
    "Fwd IAT Total": us("src2dst_duration_ms"),
    "Bwd IAT Mean": us("dst2src_mean_piat_ms"),
    "Total Fwd Packet": o["src2dst_packets"],
    "Total Length of Bwd Packet": o["dst2src_payload_bytes"],
    "Packet Length Max": o["bidirectional_max_payload"],
    "SYN Flag Count": o["bidirectional_syn_packets"],
    "Fwd Seg Size Min": o["src2dst_min_header_bytes"],
    "Src Port": o["src_port"],
    "Label": o["label"],
}
for name, want in checks.items():
    got = c[name].round(3) if c[name].dtype.kind == "f" else c[name]
    assert (got == want).all(), (name, list(got), list(want))
assert (c["Timestamp"].str.match(r"^01/01/2024 12:00:0[0-3] AM$")).all(), list(c["Timestamp"])
assert c["Flow ID"][0] == "192.168.1.13-203.0.113.10-43783-80-6", c["Flow ID"][0]
print("ok", len(c.columns))
PY
	[ "$output" = "ok 84" ]
}

@test "nc-tocsv -H: only cicflowmeter, only with -t Flow, not with -f" {
	run -2 --separate-stderr nc-tocsv -H zeek -t Flow
	[ "${stderr_lines[0]}" = "nc-tocsv: -H: the only header is cicflowmeter, not zeek" ]
	run -2 --separate-stderr nc-tocsv -H cicflowmeter -t TCP
	[ "${stderr_lines[0]}" = "nc-tocsv: -H cicflowmeter needs -t Flow" ]
	run -2 --separate-stderr nc-tocsv -H cicflowmeter
	[ "${stderr_lines[0]}" = "nc-tocsv: -H cicflowmeter needs -t Flow" ]
	run -2 --separate-stderr nc-tocsv -H cicflowmeter -t Flow -f ts
	[ "${stderr_lines[0]}" = "nc-tocsv: -H and -f choose the columns both" ]
}
