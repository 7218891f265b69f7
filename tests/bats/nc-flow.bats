#!/usr/bin/env bats
# nc-flow: Flow records on a real capture, pass-through, and each expiry
# rule of nc-flow(1) on small captures made by tests/tools/flowgen (the
# manual's examples run in docs.bats).

bats_require_minimum_version 1.5.0

# The TCP rules' scenarios, each on its own client port and 10 s after the
# one before (well within the idle timeout), in one capture read once.
setup_file() {
	export NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	local hs='0 c S 0
0.01 s SA 0
0.02 c A 0
0.03 c PA 100
0.04 s PA 1000'
	{
		scenario 1 "$hs
0.05 c FA 0
0.06 s FA 0
0.07 c A 0"
		scenario 2 "$hs
0.05 c FA 0
0.06 s A 0
0.07 s PA 500
0.08 c A 0"
		scenario 3 "$hs
0.05 c FA 0
0.06 s FA 0
0.07 c A 0
0.5 s FA 0
1.5 c A 0
2 c R 0"
		scenario 4 "$hs
0.05 s R 0
0.06 c A 0
1 c S 0
1.01 s SA 0
1.02 c A 0"
		scenario 5 "$hs
0.05 c FA 0
0.06 s FA 0
0.07 c A 0
0.08 c S 0"
		scenario 6 "0 s SA 0
0.01 c A 0
0.02 c PA 10"
	} | "$NC_ROOT/tests/tools/flowgen" >"$BATS_FILE_TMPDIR/tcp.pcap"
	nc-decode -q -r "$BATS_FILE_TMPDIR/tcp.pcap" | nc-flow -v 2>"$BATS_FILE_TMPDIR/tcp.err" |
	    nc-tocsv -t Flow -f src_port,dst_port,protocol,end,src2dst_packets,dst2src_packets \
	    >"$BATS_FILE_TMPDIR/tcp.csv"
}

# scenario K SCRIPT: SCRIPT's packets on client port 4000K, K * 10 s on.
scenario() {
	awk -v k="$1" 'NF { $1 += k * 10; print $0, 40000 + k }' <<<"$2"
}

# The rows of client port $1 in the TCP scenarios' flows, in order.
tcp_rows() {
	grep -E "(^|,)$1," "$BATS_FILE_TMPDIR/tcp.csv"
}

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	D=$BATS_TEST_TMPDIR
	USAGE='usage: nc-flow [-hlvV] [-a active-timeout] [-i idle-timeout] [-m max-flows] [-n splt] [file ...]'
	COLS=src_port,dst_port,protocol,end,src2dst_packets,dst2src_packets
}

need() {
	[ -f "$PCAPS/$1" ] || skip "no $PCAPS/$1"
}

# The Flow records of the script on stdin, as CSV rows of COLS; nc-flow
# gets the arguments.
flows() {
	"$NC_ROOT/tests/tools/flowgen" >"$D/g.pcap"
	nc-decode -q -r "$D/g.pcap" | nc-flow "$@" |
	    nc-tocsv -t Flow -f "$COLS" | tail -n +2
}

# The frames of stream $1 but its Flow records (Record field 61, whose
# tag is the first thing in a frame: ea 03).
without_flows() {
	/usr/bin/python3 -c '
import sys
d, i, out = open(sys.argv[1], "rb").read(), 0, bytearray()
while i < len(d):
    j, n, s = i, 0, 0
    while True:
        b = d[j]; j += 1; n |= (b & 0x7f) << s; s += 7
        if b < 0x80:
            break
    if d[j:j + 2] != b"\xea\x03":
        out += d[i:j + n]
    i = j + n
sys.stdout.buffer.write(out)' "$1"
}

# A handshake, a request and its answer.
HANDSHAKE='0 c S 0
0.01 s SA 0
0.02 c A 0
0.03 c PA 100
0.04 s PA 1000'

@test "nc-flow -h, -V and bad use" {
	run nc-flow -h
	[ "$status" -eq 0 ]
	[ "$output" = "$USAGE" ]
	run nc-flow -V
	[[ "$output" =~ ^nc-flow\ \(netcap\)\ [0-9] ]]
	run --separate-stderr nc-flow -q
	[ "$status" -eq 2 ]
	[ "${stderr_lines[-1]}" = "$USAGE" ]
	for bad in "-i 0" "-a 0" "-n 256" "-n x" "-m 0"; do
		run --separate-stderr nc-flow $bad </dev/null
		[ "$status" -eq 2 ]
	done
}

@test "a real connection: one Flow, every input record passed through byte for byte" {
	need basic/zeek-communityid-tcp.pcap
	nc-decode -q -r "$PCAPS/basic/zeek-communityid-tcp.pcap" >"$D/in.ncap"
	nc-flow "$D/in.ncap" >"$D/out.ncap"
	run nc-tocsv -t Flow -f "src_ip,$COLS,src2dst_payload_bytes,dst2src_payload_bytes" "$D/out.ncap"
	[ "${lines[1]}" = "128.232.110.120,34855,80,6,fin,6,6,496,1731" ]
	[ "${#lines[@]}" -eq 2 ]
	# the same payload sums as nc-conn's orig_bytes and resp_bytes
	without_flows "$D/out.ncap" | cmp - "$D/in.ncap"
}

@test "FIN exchange: the flow ends at the ACK of the second FIN, with it" {
	[ "$(tcp_rows 40001)" = "40001,80,6,fin,5,3" ]
}

@test "one FIN does not end a flow (CICFlowMeter's does)" {
	[ "$(tcp_rows 40002)" = "40002,80,6,flushed,5,4" ]
}

@test "packets after the end make no ghost flow; they are counted" {
	[ "$(tcp_rows 40003)" = "40003,80,6,fin,5,3" ]
	# 3 of them here, 1 (the ACK after the RST) on port 40004
	grep -q "4 packets after their flow's end" "$BATS_FILE_TMPDIR/tcp.err"
}

@test "a RST ends a flow; a later SYN on the same 5-tuple starts a new one" {
	[ "$(tcp_rows 40004)" = "40004,80,6,rst,3,3
40004,80,6,flushed,2,1" ]
}

@test "a SYN after a FIN exchange starts a new flow at once" {
	[ "$(tcp_rows 40005)" = "40005,80,6,fin,5,3
40005,80,6,flushed,1,0" ]
}

@test "the first packet's sender is src, whoever it is" {
	[ "$(tcp_rows 40006)" = "80,40006,6,flushed,1,2" ]
}

@test "idle timeout: 120 s by default, -i to change it" {
	script='0 c U 10
100 s U 10
221 c U 10'
	run flows <<<"$script"
	[ "${lines[0]}" = "40000,80,17,idle,1,1" ]
	[ "${lines[1]}" = "40000,80,17,flushed,1,0" ]
	run flows -i 200 <<<"$script"
	[ "$output" = "40000,80,17,flushed,2,1" ]
	run flows -i 50 <<<"$script"
	[ "${#lines[@]}" -eq 3 ]
}

@test "active timeout: 1800 s by default, -a to change it; the packet that passes it starts the next flow" {
	script=$(for t in $(seq 0 100 2000); do echo "$t c U 10"; done)
	run flows <<<"$script"
	[ "${lines[0]}" = "40000,80,17,active,18,0" ]
	[ "${lines[1]}" = "40000,80,17,flushed,3,0" ]
	run flows -a 1000 <<<"$script"
	[ "${lines[0]}" = "40000,80,17,active,10,0" ]
	[ "${lines[1]}" = "40000,80,17,active,10,0" ]
	[ "${lines[2]}" = "40000,80,17,flushed,1,0" ]
}

@test "SPLT: the first N packets, -n to change N, -n 0 for none" {
	"$NC_ROOT/tests/tools/flowgen" >"$D/g.pcap" <<<"$HANDSHAKE"
	nc-decode -q -r "$D/g.pcap" >"$D/in.ncap"
	run bash -c 'nc-flow -n 3 "$1" | nc-tojson -t Flow | jq -c "[.splt_direction, .splt_ps, .splt_piat_ms]"' _ "$D/in.ncap"
	[ "$output" = "[[0,1,0],[40,40,40],[0,10,10]]" ]
	run bash -c 'nc-flow "$1" | nc-tojson -t Flow | jq -c ".splt_ps"' _ "$D/in.ncap"
	[ "$output" = "[40,40,40,140,1040]" ]
	run bash -c 'nc-flow -n 0 "$1" | nc-tojson -t Flow | jq -c ".splt_ps"' _ "$D/in.ncap"
	[ "$output" = "[]" ]
}

@test "a flow's record comes out when it ends, before the records after it" {
	"$NC_ROOT/tests/tools/flowgen" >"$D/g.pcap" <<<"$HANDSHAKE
0.05 s R 0
9 c U 10 40001"
	nc-decode -q -r "$D/g.pcap" | nc-flow | nc-dump >"$D/dump"
	flow=$(grep -n ' Flow ' "$D/dump" | head -1 | cut -d: -f1)
	udp=$(grep -n ' UDP ' "$D/dump" | head -1 | cut -d: -f1)
	[ "$flow" -lt "$udp" ]
}

@test "-m: the least recent flow is evicted and said so" {
	run flows -m 1 <<<"0 c U 10 1
1 c U 10 2
2 c U 10 1"
	[ "${lines[0]}" = "1,80,17,evicted,1,0" ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "a datagram reassembled from fragments counts at its whole size" {
	need dns/zeek-dns-edns-ecs.pcap
	run bash -c 'nc-decode -q -r "$1" | nc-flow | nc-tocsv -t Flow -f dst_port,src2dst_packets,src2dst_bytes,src2dst_payload_bytes,splt_ps' _ "$PCAPS/dns/zeek-dns-edns-ecs.pcap"
	[[ "$output" == *$'\n56680,1,1730,1702,1730'* ]]
}

@test "packets out of time order count at the time of the one before" {
	need basic/zeek-communityid-tcp.pcap
	# frame 8 is stamped 146 microseconds before frame 7
	run bash -c 'nc-decode -q -r "$1" | nc-flow | nc-tocsv -t Flow -f bidirectional_min_piat_ms,dst2src_max_piat_ms' _ "$PCAPS/basic/zeek-communityid-tcp.pcap"
	[ "${lines[1]}" = "0,161.537" ]
}

@test "damaged input: one line naming the byte, exit 1, what came before kept" {
	need basic/zeek-communityid-tcp.pcap
	nc-decode -q -r "$PCAPS/basic/zeek-communityid-tcp.pcap" >"$D/a.ncap"
	head -c 700 "$D/a.ncap" >"$D/cut.ncap"
	run --separate-stderr bash -c 'nc-flow "$1" >"$2"' _ "$D/cut.ncap" "$D/out"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "nc-flow: "*"byte"* ]]
	[ -s "$D/out" ]
	run --separate-stderr nc-flow "$PCAPS/basic/zeek-communityid-tcp.pcap"
	[ "$status" -eq 1 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
}
