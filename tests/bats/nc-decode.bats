#!/usr/bin/env bats
# nc-decode: options, exit codes, decoded values (read back with nc-tojson -t all,header
# and jq), sources, filters, determinism and live capture on loopback.
# The captures come from tests/data/decode/make-fixtures.

bats_require_minimum_version 1.5.0

load procs

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	F=$NC_ROOT/tests/data/decode
	D=$BATS_TEST_TMPDIR
	USAGE='usage: nc-decode [-DhLlnPpqV] [-c count] [-i interface | -r file ...] [-s snaplen] [-t types] [-w file] [-x types] [-Z user] [expression]'
	command -v jq >/dev/null || skip "jq is not installed"
}

# Decodes with the given options and prints the records as JSON.
dec() {
	nc-decode -q "$@" | nc-tojson -t all,header
}

# jq program $1 over the records of type $2 from eth.pcap, compact.
q() {
	dec -r "$F/eth.pcap" | jq -c --arg t "$2" "select(.type == \$t) | $1"
}

@test "nc-decode -h prints the usage to stdout and exits 0" {
	run --separate-stderr nc-decode -h
	[ "$status" -eq 0 ]
	[ "$output" = "$USAGE" ]
	[ -z "$stderr" ]
}

@test "nc-decode -V prints the version" {
	run nc-decode -V
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^nc-decode\ \(netcap\)\ [0-9]+\.[0-9]+ ]]
}

@test "nc-decode: bad flags and missing arguments are usage errors (2)" {
	run --separate-stderr nc-decode -k
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "${stderr_lines[-1]}" = "$USAGE" ]
	run --separate-stderr nc-decode -r
	[ "$status" -eq 2 ]
	[ "${stderr_lines[-1]}" = "$USAGE" ]
}

@test "nc-decode: conflicting or missing sources are usage errors" {
	run --separate-stderr nc-decode
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nc-decode: no packet source: use -i or -r" ]
	run --separate-stderr nc-decode -i lo -r "$F/eth.pcap"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nc-decode: -i and -r cannot be used together" ]
	for o in -p "-s 96"; do
		run --separate-stderr nc-decode $o -r "$F/eth.pcap" -w "$D/o"
		[ "$status" -eq 2 ]
		[ "${stderr_lines[0]}" = "nc-decode: -p and -s apply only to live capture (-i)" ]
	done
}

@test "nc-decode: checked numbers and type names" {
	run --separate-stderr nc-decode -c 0 -r "$F/eth.pcap"
	[ "$status" -eq 2 ]
	[[ "${stderr_lines[0]}" == "nc-decode: -c: 0 is out of range"* ]]
	run --separate-stderr nc-decode -c 3x -r "$F/eth.pcap"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nc-decode: -c: not a number: 3x" ]
	run --separate-stderr nc-decode -i lo -s 999999
	[ "$status" -eq 2 ]
	run --separate-stderr nc-decode -t tcp,nosuch -r "$F/eth.pcap"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nc-decode: unknown record type: nosuch" ]
	run --separate-stderr nc-decode -x bogus -r "$F/eth.pcap"
	[ "$status" -eq 2 ]
}

@test "nc-decode -L lists the record types it writes, one a line" {
	run nc-decode -L
	[ "$status" -eq 0 ]
	# every member of the schema's Record envelope, in field-number order
	want=$(sed -n '/^message Record {/,/^}/p' "$NC_ROOT/proto/netcap.proto" |
	    awk '$3 == "=" { print $1 }')
	[ "$(printf '%s\n' "$want" | sed -n '1p;2p;$p' | paste -sd' ')" = "Header Ethernet $(printf '%s\n' "$want" | tail -1)" ]
	[ "$output" = "$want" ]
}

@test "nc-decode: the Header record of a file" {
	run q '[.version, .created, .source, .link_type, .snaplen, .generator, .sensor, .filter]' Header
	[ "$status" -eq 0 ]
	[ "$output" = "[1,null,\"$F/eth.pcap\",1,65535,\"nc-decode\",null,null]" ]
	run q .generator_version Header
	[ "$output" = "\"$(nc-decode -V | sed 's/.* //')\"" ]
}

@test "nc-decode: records of every packet, outermost first" {
	run bash -c 'nc-decode -r "$1" | nc-tojson -t all,header | jq -r "[.packet // 0, .type] | @tsv" | paste -sd" "' _ "$F/eth.pcap"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\t%s ' 0 Header \
	    1 Ethernet 1 IPv4 1 TCP 2 Ethernet 2 IPv4 2 TCP \
	    3 Ethernet 3 IPv4 3 TCP 4 Ethernet 4 IPv4 4 UDP \
	    5 Ethernet 5 IPv4 5 ICMPv4 6 Ethernet 6 ARP \
	    7 Ethernet 7 Dot1Q 7 IPv6 7 UDP 8 Ethernet 8 LLDP \
	    9 Ethernet 9 Undecoded 10 Ethernet 10 IPv6 10 ICMPv6 | sed 's/ $//')" ]
}

@test "nc-decode: TCP fields and options" {
	run q '[.packet, .ts, .src_ip, .dst_ip, .src_port, .dst_port, .seq, .ack, .flags, .data_offset, .mss, .window_scale, .sack_permitted, .ts_val, .ts_ecr, .option_kinds, .payload_size]' TCP
	[ "${lines[0]}" = '[1,"2023-11-14T22:13:20.000001000Z","10.0.0.1","10.0.0.2",40000,80,1000,0,"S",10,1460,7,true,100,0,[2,4,8,1,3],0]' ]
	[ "${lines[1]}" = '[2,"2023-11-14T22:13:21.000002000Z","10.0.0.2","10.0.0.1",80,40000,5000,1001,"SA",10,1400,9,true,200,100,[2,4,8,1,3],0]' ]
	[ "${lines[2]}" = '[3,"2023-11-14T22:13:22.000003000Z","10.0.0.1","10.0.0.2",40000,80,1001,5001,"PA",5,null,null,false,null,null,[],18]' ]
}

@test "nc-decode: one flow id for both directions, another for another flow" {
	run bash -c 'nc-decode -r "$1" | nc-tojson -t all,header | jq -r "select(.flow) | .flow" | sort -u | wc -l' _ "$F/eth.pcap"
	[ "$output" -eq 5 ]
	run q .flow TCP
	[ "${lines[0]}" = "${lines[1]}" ]
	[ "${lines[1]}" = "${lines[2]}" ]
	[[ "${lines[0]}" =~ ^\"[0-9a-f]{16}\"$ ]]
}

@test "nc-decode: payload size, entropy and -P payload bytes" {
	run q '[.payload_size, .payload_entropy, .payload]' UDP
	[ "${lines[0]}" = '[5,1.921928,null]' ]
	run bash -c 'nc-decode -P -r "$1" | nc-tojson -t all,header | jq -r "select(.type == \"TCP\" and .packet == 3) | .payload" | python3 -c "import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read()))"' _ "$F/eth.pcap"
	[ "$output" = "$(printf 'GET / HTTP/1.0\r\n\r')" ]
}

@test "nc-decode: UDP, ICMP, ARP, VLAN and IPv6 values" {
	run q '[.src_port, .dst_port, .length, .dst_ip]' UDP
	[ "${lines[0]}" = '[5354,5354,13,"224.0.0.251"]' ]
	[ "${lines[1]}" = '[40546,40547,13,"2001:db8::2"]' ]
	run q '[.type_, .code, .id, .seq, .mtu]' ICMPv4
	[ "$output" = '[8,0,4660,1,null]' ]
	run q '[.type_, .id, .seq]' ICMPv6
	[ "$output" = '[128,119,3]' ]
	run q '[.operation, .src_hw, .src_ip, .dst_ip]' ARP
	[ "$output" = '[1,"02:00:00:00:00:01","10.0.0.1","10.0.0.2"]' ]
	run q '[.tpid, .vlan_identifier, .priority, .type_]' Dot1Q
	[ "$output" = '[33024,100,0,34525]' ]
	run q '[.ethertype]' Ethernet
	[ "${lines[6]}" = '[33024]' ]
}

@test "nc-decode: what cannot be decoded is kept as Undecoded" {
	run q '[.packet, .layer, .offset, .reason]' Undecoded
	[ "${lines[0]}" = '[9,"IPv4",14,"bad header length 4"]' ]
	[ "${#lines[@]}" -eq 1 ]
	run q '.data' Undecoded
	[ "$(printf '%s' "${lines[0]}" | tr -d '"' | head -c 8)" = 4400001c ]
}

@test "nc-decode -t and -x choose record types; Header is always there" {
	run bash -c 'nc-decode -t TCP,udp -r "$1" | nc-tojson -t all,header | jq -r .type | sort | uniq -c | tr -s " " | paste -sd,' _ "$F/eth.pcap"
	[ "$output" = " 1 Header, 3 TCP, 2 UDP" ]
	run bash -c 'nc-decode -x ethernet,ipv4,ipv6,undecoded -r "$1" | nc-tojson -t all,header | jq -r .type | sort -u | paste -sd,' _ "$F/eth.pcap"
	[ "$output" = "ARP,Dot1Q,Header,ICMPv4,ICMPv6,LLDP,TCP,UDP" ]
	run bash -c 'nc-decode -t tcp -x tcp -r "$1" | nc-tojson -t all,header | jq -r .type' _ "$F/eth.pcap"
	[ "$output" = "Header" ]
	run bash -c 'nc-decode -t undecoded -r "$1" | nc-tojson -t all,header | jq -c "[.type, .packet]" | paste -sd,' _ "$F/eth.pcap"
	[ "$output" = '["Header",null],["Undecoded",9]' ]
}

@test "nc-decode -c stops after count packets" {
	run bash -c 'nc-decode -c 2 -r "$1" | nc-tojson -t all,header | jq -r .packet | sort -u | paste -sd,' _ "$F/eth.pcap"
	[ "$output" = "1,2,null" ]
	run bash -c 'nc-decode -c 2 -r "$1" -r "$1" | nc-tojson -t all,header | jq -r .type | grep -c Header' _ "$F/eth.pcap"
	[ "$output" = 1 ]
}

@test "nc-decode: a BPF expression filters file input and keeps packet numbers" {
	run bash -c 'nc-decode -r "$1" icmp or arp | nc-tojson -t all,header | jq -c "[.type, .packet]" | paste -sd,' _ "$F/eth.pcap"
	[ "$output" = '["Header",null],["Ethernet",5],["IPv4",5],["ICMPv4",5],["Ethernet",6],["ARP",6]' ]
	run q .filter Header
	[ "$output" = null ]
	run bash -c 'nc-decode -r "$1" tcp port 80 | nc-tojson -t all,header | jq -c "select(.type == \"Header\") | .filter"' _ "$F/eth.pcap"
	[ "$output" = '"tcp port 80"' ]
	run bash -c 'nc-decode -c 1 -r "$1" udp | nc-tojson -t all,header | jq -c "select(.type == \"UDP\") | .packet"' _ "$F/eth.pcap"
	[ "$output" = 4 ]
}

@test "nc-decode: a bad filter expression is an error (1)" {
	run --separate-stderr nc-decode -r "$F/eth.pcap" -w "$D/o" 'tcp port'
	[ "$status" -eq 1 ]
	[[ "$stderr" == "nc-decode: $F/eth.pcap: bad filter expression \"tcp port\": "* ]]
}

@test "nc-decode: options after the expression, as with tcpdump" {
	# the words are the expression, -c 1 an option
	run bash -c 'nc-decode -r "$1" udp -c 1 -t UDP | nc-tojson | jq -c "[.type, .packet]"' _ "$F/eth.pcap"
	[ "$status" -eq 0 ]
	[ "$output" = '["UDP",4]' ]
	# -- ends the options: what follows is the expression
	run --separate-stderr nc-decode -r "$F/eth.pcap" -w "$D/o" -- udp -c 1
	[ "$status" -eq 1 ]
	[[ "$stderr" == *'bad filter expression "udp -c 1"'* ]]
}

@test "nc-decode: repeated -t and -x add up; -t all" {
	run bash -c 'nc-decode -t TCP -t udp -r "$1" | nc-tojson | jq -r .type | sort | uniq -c | tr -s " " | paste -sd,' _ "$F/eth.pcap"
	[ "$output" = " 3 TCP, 2 UDP" ]
	run bash -c 'nc-decode -t all -x ethernet,ipv4 -x ipv6 -x undecoded -r "$1" | nc-tojson | jq -r .type | sort -u | paste -sd,' _ "$F/eth.pcap"
	[ "$output" = "ARP,Dot1Q,ICMPv4,ICMPv6,LLDP,TCP,UDP" ]
}

@test "nc-decode: --help, --version, -n and -D as tcpdump users expect" {
	run -0 nc-decode --help
	[ "$output" = "$USAGE" ]
	run -0 nc-decode --version
	[[ "$output" =~ ^nc-decode\ \(netcap\)\ [0-9] ]]
	# -n changes nothing: names are never resolved
	[ "$(nc-decode -n -r "$F/eth.pcap" | md5sum)" = "$(nc-decode -r "$F/eth.pcap" | md5sum)" ]
	# -D numbers the interfaces, loopback among them
	run -0 nc-decode -D
	[[ "$output" == *[0-9].lo* ]]
	[[ "${lines[0]}" == 1.* ]]
}

@test "nc-decode -l writes each packet's records while the capture grows" {
	# a capture whose writer holds the rest back after the first packet
	# until told to go on (file go, or 20 s): with -l, that packet's
	# records are through the pipe while it waits
	mkfifo "$D/fifo"
	python3 - "$F/eth.pcap" "$D/fifo" "$D/go" <<'PY' &
import os, struct, sys, time
data = open(sys.argv[1], "rb").read()
cut = 24 + 16 + struct.unpack("<I", data[24 + 8:24 + 12])[0]
with open(sys.argv[2], "wb") as f:
    f.write(data[:cut])
    f.flush()
    for _ in range(400):
        if os.path.exists(sys.argv[3]):
            break
        time.sleep(0.05)
    f.write(data[cut:])
PY
	nc-decode -l -r "$D/fifo" | nc-tojson -l -t Ethernet >"$D/out" &
	for _ in $(seq 200); do
		[ -s "$D/out" ] && break
		sleep 0.05
	done
	cp "$D/out" "$D/early"
	touch "$D/go"
	wait
	[ "$(jq -r .packet "$D/early")" = 1 ]
	[ "$(wc -l <"$D/out")" -gt 1 ]
}

@test "nc-decode: several files make one stream, packet numbers restart" {
	run bash -c 'nc-decode -r "$1" -r "$2" | nc-tojson -t all,header | jq -c "select(.type == \"Header\" or .type == \"UDP\") | [.type, .source, .link_type, .packet]"' _ "$F/eth.pcap" "$F/raw.pcap"
	[ "${lines[0]}" = "[\"Header\",\"$F/eth.pcap\",1,null]" ]
	[ "${lines[1]}" = '["UDP",null,null,4]' ]
	[ "${lines[2]}" = '["UDP",null,null,7]' ]
	[ "${lines[3]}" = "[\"Header\",\"$F/raw.pcap\",101,null]" ]
	[ "${lines[4]}" = '["UDP",null,null,1]' ]
}

@test "nc-decode -r - reads a capture from stdin" {
	run bash -c 'nc-decode -r - < "$1" | nc-tojson -t all,header | jq -c "select(.type != \"Header\")"' _ "$F/eth.pcap"
	[ "$status" -eq 0 ]
	[ "$output" = "$(dec -r "$F/eth.pcap" | jq -c 'select(.type != "Header")')" ]
	run bash -c 'nc-decode -r - < "$1" | nc-tojson -t all,header | head -1 | jq -r .source' _ "$F/eth.pcap"
	[ "$output" = "-" ]
}

@test "nc-decode: pcapng, nanosecond pcap, Linux cooked and raw IP" {
	run bash -c 'nc-decode -r "$1" | nc-tojson -t all,header | jq -c "select(.type != \"Header\")"' _ "$F/eth.pcapng"
	[ "$output" = "$(dec -r "$F/eth.pcap" | jq -c 'select(.type != "Header")')" ]
	run bash -c 'nc-decode -r "$1" | nc-tojson -t all,header | jq -c "[.type, .link_type, .dst_port]"' _ "$F/sll-nano.pcap"
	[ "$output" = "$(printf '%s\n' '["Header",113,null]' '["IPv4",null,null]' '["TCP",null,80]')" ]
	run bash -c 'nc-decode -r "$1" | nc-tojson -T epoch -t all,header | jq -r "select(.ts) | .ts" | sort -u' _ "$F/sll-nano.pcap"
	[ "$output" = 1700000000.000001007 ]
	run bash -c 'nc-decode -r "$1" | nc-tojson -t all,header | jq -c "[.type, .dst_port]"' _ "$F/raw.pcap"
	[ "$output" = "$(printf '%s\n' '["Header",null]' '["IPv4",null]' '["UDP",1053]')" ]
}

@test "nc-decode: time fields are unsigned, fractions past a second carry" {
	run bash -c 'nc-decode -t udp -r "$1" | nc-tojson -T epoch -t all,header | jq -r "select(.ts) | .ts"' _ "$F/badtime.pcap"
	[ "${lines[0]}" = 1700000001.000000000 ]
	[ "${lines[1]}" = 1700000002.147483648 ]
	[ "${lines[2]}" = 2147483648.000000005 ]
}

@test "nc-decode: pcapng times past 2262 stop at the largest, not wrap" {
	run bash -c 'nc-decode -t udp -r "$1" | nc-tojson -T epoch -t all,header | jq -r "select(.ts) | .ts"' _ "$F/fartime.pcapng"
	[ "${lines[0]}" = 9223372036.854775000 ]
	[ "${lines[1]}" = 9223372036.854775807 ]
	[ "${lines[2]}" = 9223372036.854775807 ]
}

@test "nc-decode: decoding a file twice gives identical bytes" {
	nc-decode -r "$F/eth.pcap" -r "$F/sll-nano.pcap" -w "$D/a"
	nc-decode -q -r "$F/eth.pcap" -r "$F/sll-nano.pcap" > "$D/b"
	[ -s "$D/a" ]
	cmp "$D/a" "$D/b"
}

@test "nc-decode -w writes the stream to a file; -w - to stdout" {
	run nc-decode -r "$F/eth.pcap" -w "$D/out.ncap"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run bash -c 'nc-tojson -t all,header "$1" | wc -l' _ "$D/out.ncap"
	[ "$output" -eq 29 ]
	nc-decode -r "$F/eth.pcap" -w - > "$D/out2.ncap"
	cmp "$D/out.ncap" "$D/out2.ncap"
}

@test "nc-decode: a failed write is an error (1)" {
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr nc-decode -r "$F/eth.pcap" -w /dev/full
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-decode: write /dev/full: No space left on device" ]
}

@test "nc-decode: the fixtures are what make-fixtures writes" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	python3 "$F/make-fixtures" "$D"
	for f in eth.pcap eth.pcapng raw.pcap sll-nano.pcap empty.pcap usb.pcap truncated.pcap badtime.pcap fartime.pcapng; do
		cmp "$F/$f" "$D/$f"
	done
}

@test "nc-decode: a missing file warns, the others are decoded, exit 1" {
	run --separate-stderr nc-decode -r "$D/nosuch.pcap" -r "$F/raw.pcap" -w "$D/o"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-decode: $D/nosuch.pcap: No such file or directory" ]
	run bash -c 'nc-tojson -t all,header "$1" | jq -r .type | paste -sd,' _ "$D/o"
	[ "$output" = "Header,IPv4,UDP" ]
}

@test "nc-decode: not a capture, an empty file, an unknown link type" {
	echo "hello world, not a pcap" > "$D/text"
	run --separate-stderr nc-decode -r "$D/text" -w "$D/o"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "nc-decode: $D/text: "*"format"* ]]
	: > "$D/zero"
	run --separate-stderr nc-decode -r "$D/zero" -w "$D/o"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "nc-decode: $D/zero: "* ]]
	# a pcap header with link type 147 (USER0), which means nothing fixed
	printf '\324\303\262\241\2\0\4\0\0\0\0\0\0\0\0\0\377\377\0\0\223\0\0\0' >"$D/user0.pcap"
	run --separate-stderr nc-decode -r "$D/user0.pcap" -r "$F/raw.pcap" -w "$D/o"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-decode: $D/user0.pcap: unsupported link type 147 (unknown)" ]
	run bash -c 'nc-tojson -t all,header "$1" | head -1 | jq -r .source' _ "$D/o"
	[ "$output" = "$F/raw.pcap" ]
}

@test "nc-decode: a capture with no packets gives only its Header, exit 0" {
	run bash -c 'nc-decode -r "$1" | nc-tojson -t all,header | jq -c "[.type, .link_type]"' _ "$F/empty.pcap"
	[ "$status" -eq 0 ]
	[ "$output" = '["Header",1]' ]
}

@test "nc-decode: a capture cut short keeps the packets before the cut, exit 1" {
	run --separate-stderr nc-decode -r "$F/truncated.pcap" -w "$D/o"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "nc-decode: $F/truncated.pcap: truncated dump file"* ]]
	run bash -c 'nc-tojson -t all,header "$1" | jq -r "select(.type == \"TCP\") | .packet" | paste -sd,' _ "$D/o"
	[ "$output" = "1,2" ]
}

@test "nc-decode refuses to write records to a terminal" {
	command -v script >/dev/null || skip "script(1) is not installed"
	run script -qec "nc-decode -r '$F/eth.pcap'" /dev/null
	[ "$status" -eq 2 ]
	[[ "$output" == *"nc-decode: refusing to write binary records to a terminal"* ]]
}

@test "nc-decode shows progress on a terminal, and -q silences it" {
	command -v script >/dev/null || skip "script(1) is not installed"
	run script -qec "nc-decode -r '$F/eth.pcap' -w /dev/null" /dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *"nc-decode: 10 packets"*"100%"* ]]
	run script -qec "nc-decode -q -r '$F/eth.pcap' -w /dev/null" /dev/null
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "nc-decode | head ends quietly" {
	local args=()
	for i in $(seq 300); do args+=(-r "$F/eth.pcap"); done
	run --separate-stderr bash -c 'nc-decode "$@" | head -c 10 > /dev/null; echo "${PIPESTATUS[0]}"' _ "${args[@]}"
	[ "$output" = 0 ]
	[ -z "$stderr" ]
}

@test "nc-decode: live capture on loopback drops root and stops after -c" {
	[ "$(id -u)" -eq 0 ] || skip "live capture needs root"
	id nobody >/dev/null 2>&1 || skip "no user nobody"
	ip link show lo >/dev/null 2>&1 || skip "no loopback interface"
	nc-decode -i lo -c 3 'udp port 47123' >"$D/live.ncap" 2>"$D/err" &
	pid=$!
	uid=
	for i in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		# Send only once root is gone: the capture is open by then.
		u=$(awk '/^Uid:/ { print $2 $3 $4 $5 }' "/proc/$pid/status" 2>/dev/null || true)
		if [ -n "$u" ] && [ "$u" != 0000 ]; then
			uid=$u
			printf 'datagram %s' "$i" > /dev/udp/127.0.0.1/47123
		fi
		sleep 0.1
	done
	if signal_child TERM "$pid"; then
		echo "nc-decode -c 3 did not stop"
		return 1
	fi
	wait "$pid"
	nobody=$(id -u nobody)
	[ "$uid" = "$nobody$nobody$nobody$nobody" ]
	run bash -c 'nc-tojson -t all,header "$1" | jq -c "select(.type == \"UDP\") | [.dst_ip, .dst_port]" | sort -u' _ "$D/live.ncap"
	[ "$output" = '["127.0.0.1",47123]' ]
	run bash -c 'nc-tojson -t all,header "$1" | jq -r "select(.type == \"UDP\") | .packet" | paste -sd,' _ "$D/live.ncap"
	[ "$output" = "1,2,3" ]
	run bash -c 'nc-tojson -t all,header "$1" | head -1 | jq -r "[.source, .link_type, .filter, (.created > 0), (.sensor != \"\")] | @tsv"' _ "$D/live.ncap"
	[ "$output" = "$(printf 'lo\t1\tudp port 47123\ttrue\ttrue')" ]
	grep -q '^3 packets captured$' "$D/err"
	grep -q 'packets received by filter$' "$D/err"
	grep -q 'packets dropped by kernel$' "$D/err"
}

@test "nc-decode: an interface that cannot be opened, an unknown -Z user (1)" {
	run --separate-stderr nc-decode -i nosuch0 -w "$D/o"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "nc-decode: nosuch0: "* ]]
	[ "$(id -u)" -eq 0 ] || skip "-Z needs root"
	ip link show lo >/dev/null 2>&1 || skip "no loopback interface"
	run --separate-stderr nc-decode -i lo -Z nosuchuser -w "$D/o"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-decode: unknown user: nosuchuser" ]
}

@test "nc-decode: SIGINT ends a live capture cleanly with statistics" {
	[ "$(id -u)" -eq 0 ] || skip "live capture needs root"
	ip link show lo >/dev/null 2>&1 || skip "no loopback interface"
	nc-decode -i lo 'udp port 47124' >"$D/live.ncap" 2>"$D/err" &
	pid=$!
	sleep 1
	printf x > /dev/udp/127.0.0.1/47124
	sleep 0.5
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 0 ]
	grep -q 'packets\{0,1\} captured$' "$D/err"
	run bash -c 'nc-tojson -t all,header "$1" | jq -r .type | sort -u | paste -sd,' _ "$D/live.ncap"
	[[ ",$output," == *,Header,* ]]
}

# The shared third-party captures, when they are there.
pcaps() {
	P=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	[ -d "$P" ] || skip "no shared captures in $P (set NC_PCAPS)"
}

@test "nc-decode: damaged packets from the shared captures" {
	pcaps
	m=$P/malformed
	run bash -c 'nc-decode -r "$1" | nc-tojson -t all,header | jq -c "select(.type == \"Undecoded\") | [.layer, .offset, .reason]"' _ "$m/tcpdump-ipv4_invalid_hdr_length.pcap"
	[ "$output" = '["IPv4",14,"bad header length 4"]' ]
	# Its link-type field has upper bits set: still Ethernet.
	run bash -c 'nc-decode -r "$1" | nc-tojson -t all,header | jq -c "[.type, .link_type, .layer, .reason]"' _ "$m/tcpdump-tcp_header_heapoverflow.pcap"
	[ "${lines[0]}" = '["Header",1,null,null]' ]
	[ "${lines[3]}" = '["Undecoded",null,"TCP","truncated header: 12 of 20 bytes"]' ]
	run bash -c 'nc-decode -r "$1" | nc-tojson -t all,header | jq -c "select(.type == \"Undecoded\") | [.layer, .reason]"' _ "$m/tcpdump-ipv6_invalid_length.pcap"
	[ "$output" = '["IPv6","truncated header: 39 of 40 bytes"]' ]
	run bash -c 'nc-decode -r "$1" | nc-tojson -t all,header | jq -c "select(.type == \"ARP\") | [.hw_address_size, .src_hw]"' _ "$m/tcpdump-arp-too-long-tha.pcap"
	[ "$output" = '[14,"3030303030303030303030303030"]' ]
	run --separate-stderr nc-decode -r "$m/ndpi-fuzz-2021-10-13.pcap" -w "$D/o"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"truncated dump file"* ]]
	run --separate-stderr nc-decode -r "$m/libpcap-pcap-invalid-version-1.pcap" -w "$D/o"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-decode: $m/libpcap-pcap-invalid-version-1.pcap: archaic pcap savefile format" ]
}

@test "nc-decode: link types of the shared captures" {
	pcaps
	for f in linktype/tcpdump-LINKTYPE_RAW_ipv4.pcap:101:UDP \
	    linktype/tcpdump-LINKTYPE_IPV6.pcap:229:UDP \
	    linktype/zeek-linux_dlt_sll2.pcap:276:ICMPv6 \
	    linktype/tcpdump-tcp-handshake-nano.pcap:113:TCP \
	    linktype/suricata-verify-http-post-file.pcap:0:TCP \
	    vlan/tcpdump-802.1ad_QinQ.pcap:1:Dot1Q; do
		IFS=: read -r name lt type <<<"$f"
		run bash -c 'nc-decode -r "$1" | nc-tojson -t all,header | jq -r "select(.type == \"Header\") | .link_type"' _ "$P/$name"
		[ "$output" = "$lt" ]
		run bash -c 'nc-decode -r "$1" | nc-tojson -t all,header | jq -r .type | sort -u' _ "$P/$name"
		[[ "$output" == *"$type"* ]]
		[[ "$output" != *Undecoded* ]]
	done
}

@test "nc-decode: the packet an ICMP error quotes (shared captures)" {
	pcaps
	# A DNS reply that came back unreachable: the quoted IPv4 and UDP
	# records follow the ICMP one, and no DNS record.
	run bash -c 'nc-decode -r "$1" | nc-tojson -t all,header | jq -c "select(.type != \"Header\" and .type != \"Ethernet\") | [.type, .quoted, .src_port, .length]"' _ "$P/basic/zeek-icmp-destunreach-udp.pcap"
	[ "$output" = "$(printf '%s\n' '["IPv4",0,null,176]' '["ICMPv4",0,null,null]' '["IPv4",1,null,163]' '["UDP",1,53,143]')" ]
	# The example of nc-decode(1): 5 errors about 5 UDP conversations.
	run bash -c 'nc-decode -r "$1" -t TCP,UDP | nc-tojson -t all,header |
	    jq -r '"'"'select(.quoted == 1) | [.type, .src_ip, .dst_ip, .dst_port] |
	    @tsv'"'"' | sort | uniq -c' _ "$P/bulk/ndpi-iphone.pcap"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 5 ]
	[[ "${lines[0]}" == *"1 UDP	192.168.2.1	192.168.2.17	49880" ]]
}

# "total heap usage: N allocs" of nc-decode over a capture, from valgrind.
allocs() {
	valgrind --error-exitcode=98 --leak-check=full --errors-for-leak-kinds=definite \
	    nc-decode -q -r "$1" -w /dev/null 2>&1 |
	    awk '/total heap usage:/ { gsub(",", "", $5); print $5 } /ERROR SUMMARY: [1-9]/ { print "errors" }'
}

@test "nc-decode: no heap allocation per packet (valgrind, 2k vs 20k packets)" {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[ -z "${ASAN_OPTIONS:-}" ] || skip "valgrind cannot run ASan builds"
	G=$NC_BUILD/tools/pcapgen
	for mix in lan dns; do
		"$G" -m $mix -n 2000 -o "$D/small.pcap"
		"$G" -m $mix -n 20000 -o "$D/big.pcap"
		a=$(allocs "$D/small.pcap")
		b=$(allocs "$D/big.pcap")
		echo "$mix: $a allocations for 2000 packets, $b for 20000"
		[[ "$a" =~ ^[0-9]+$ ]] && [ "$a" -gt 0 ]
		[ "$a" = "$b" ]
	done
}
