#!/usr/bin/env bats
# nc-conn: Connection records on real captures, pass-through, the end of
# a connection inside the stream, Zeek's conn.log and tshark's Community
# ID, options, live input (the manual's examples run in docs.bats).

bats_require_minimum_version 1.5.0

load pages

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	D=$BATS_TEST_TMPDIR
	USAGE='usage: nc-conn [-hlvV] [-I timeouts] [-m max-flows] [file ...]'
	COLS=orig_ip,orig_port,resp_ip,resp_port,proto,conn_state,history,orig_pkts,resp_pkts,end
}

need() {
	[ -f "$PCAPS/$1" ] || skip "no $PCAPS/$1"
}

# The Connection records of capture $1 as CSV rows of COLS.
conns() {
	nc-decode -q -r "$PCAPS/$1" | nc-conn "${@:2}" |
	    nc-tocsv -t Connection -f "$COLS" | tail -n +2
}

@test "nc-conn -h, -V and bad use" {
	run nc-conn -h
	[ "$status" -eq 0 ]
	[ "$output" = "$USAGE" ]
	run nc-conn -V
	[[ "$output" =~ ^nc-conn\ \(netcap\)\ [0-9] ]]
	run --separate-stderr nc-conn -q
	[ "$status" -eq 2 ]
	[ "${stderr_lines[-1]}" = "$USAGE" ]
	run --separate-stderr nc-conn -I tcp=0 </dev/null
	[ "$status" -eq 2 ]
	run --separate-stderr nc-conn -I sctp=5 </dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *'unknown class "sctp"'* ]]
	run --separate-stderr nc-conn -m 0 </dev/null
	[ "$status" -eq 2 ]
}

@test "a handshake, data and both FINs: one SF connection, every record passed through" {
	need basic/zeek-communityid-tcp.pcap
	nc-decode -q -r "$PCAPS/basic/zeek-communityid-tcp.pcap" >"$D/in.ncap"
	nc-conn "$D/in.ncap" >"$D/out.ncap"
	run nc-tocsv -t Connection -f "$COLS,orig_bytes,resp_bytes,community_id" "$D/out.ncap"
	[ "${lines[1]}" = "128.232.110.120,34855,66.35.250.204,80,6,SF,ShADadfF,6,6,flushed,496,1731,1:LQU9qZlK+B5F3KDmev6m5PMibrg=" ]
	[ "${#lines[@]}" -eq 2 ]
	# pass-through: without the Connection record, the input byte for byte
	cmp <(nc-tojson -x Connection "$D/out.ncap") <(nc-tojson "$D/in.ncap")
}

@test "a connection's record comes out when it ends, not at the end of input" {
	need app/zeek-pop3-pop3.pcap
	nc-decode -q -r "$PCAPS/app/zeek-pop3-pop3.pcap" | nc-conn | nc-dump >"$D/dump"
	first=$(grep -n ' Connection ' "$D/dump" | head -1 | cut -d: -f1)
	last=$(grep -n ' TCP ' "$D/dump" | tail -1 | cut -d: -f1)
	[ "$first" -lt "$last" ]
	# the first, a rejected attempt, ended (closed) before the input did
	grep ' Connection ' "$D/dump" | head -1 | grep -q 'conn_state=REJ.* end=closed'
}

@test "S0, RSTOS0, REJ, SHR and a flip (^) on Zeek's captures, one pipeline" {
	need conv/zeek-tcp-syn.pcap
	need app/zeek-pop3-pop3.pcap
	run bash -c 'nc-decode -q $(printf -- "-r $1/%s " conv/zeek-tcp-syn.pcap \
	    conv/zeek-tcp-syn-then-rst.pcap app/zeek-pop3-pop3.pcap \
	    conv/zeek-tcp-one-sided-2745.pcap conv/zeek-tcp-missing-syn.pcap) |
	    nc-conn | nc-tocsv -t Connection -f "$2"' _ "$PCAPS" "$COLS"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "141.142.228.5,59856,192.150.187.43,80,6,S0,S,1,0,flushed" ]
	[ "${lines[2]}" = "1.1.1.1,13131,1.1.1.2,31313,6,RSTOS0,SR,2,0,flushed" ]
	[ "${lines[3]}" = "192.168.0.4,26242,212.227.15.188,110,6,REJ,Sr,1,1,closed" ]
	[[ "$output" == *"247.180.123.139,2745,245.181.165.133,1433,6,SHR,^haf,0,3,closed"* ]]
	[ "${lines[-1]}" = "141.42.64.125,56730,125.190.109.199,80,6,SF,^hADdFaf,11,10,flushed" ]
}

@test "each stream is a capture of its own: a Header ends the conversations before it" {
	need basic/zeek-communityid-tcp.pcap
	nc-decode -q -r "$PCAPS/basic/zeek-communityid-tcp.pcap" >"$D/a.ncap"
	cat "$D/a.ncap" "$D/a.ncap" | nc-conn | nc-dump -t all,header >"$D/dump"
	# the first one is written before the second Header
	run awk '/^HEADER/ { h++ } / Connection / { print h }' "$D/dump"
	[ "${lines[*]}" = "1 2" ]
	[ "$(grep -c ' Connection .*end=flushed' "$D/dump")" -eq 2 ]
}

@test "UDP and ICMP conversations, and a VLAN" {
	need vlan/zeek-icmp_dot1q.pcap
	COLS=$COLS,vlan,icmp_type,icmp_code run conns vlan/zeek-icmp_dot1q.pcap
	[ "${lines[0]}" = "192.168.123.2,8,192.168.123.1,0,1,OTH,,5,4,flushed,123,8,0" ]
	need dns/zeek-dns-mdns.pcap
	run conns dns/zeek-dns-mdns.pcap
	[ "$status" -eq 0 ]
	[[ "$output" == *"10.0.2.7,5353,224.0.0.251,5353,17,S0,D,9,0,flushed"* ]]
	[[ "$output" == *",58,OTH,,"* ]]
}

@test "-I: a shorter UDP timeout ends a conversation inside the stream" {
	need dns/zeek-dns-long-connection.pcap
	run conns dns/zeek-dns-long-connection.pcap
	n_default=${#lines[@]}
	run conns dns/zeek-dns-long-connection.pcap -I udp=1
	[ "${#lines[@]}" -gt "$n_default" ]
	[[ "$output" == *",timeout"* ]]
}

@test "a SYN flood stays under -m; what the cap evicts is counted" {
	gen=${NC_BUILD:-$NC_ROOT/build}/tools/pcapgen
	[ -x "$gen" ] || skip "no $gen"
	"$gen" -m synflood -n 5050 -o "$D/syn.pcap"
	run --separate-stderr bash -c 'nc-decode -q -r "$1" | nc-conn -v -m 500 | nc-tocsv -t Connection -f conn_state,end | sort | uniq -c' _ "$D/syn.pcap"
	[ "$status" -eq 0 ]
	[[ "$output" == *" 4500 S0,evicted"* ]]
	[[ "$stderr" =~ ^nc-conn:\ 5010\ connections:.*\ 4510\ evicted,\ 500\ at\ end\ of\ input.*at\ most\ 500\ at\ once ]]
}

@test "Zeek's conn.log for its own captures: every field agrees or the difference is named" {
	[ -d "$PCAPS/conv" ] || skip "no $PCAPS"
	run "$NC_ROOT/tests/zeek-conn" "$PCAPS" "$NC_ROOT/tests/data/zeek/conn.tsv" \
	    "$NC_ROOT/tests/data/zeek/known-differences.tsv"
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	# every field was compared on some connection
	[ "$(printf '%s\n' "$output" | awk -F'\t' 'NR > 1 && $3 == 0' | wc -l)" -eq 0 ]
}

@test "the Community ID agrees with tshark's" {
	command -v tshark >/dev/null || skip "tshark is not installed"
	for f in basic/zeek-communityid-tcp.pcap basic/zeek-communityid-icmp6.pcap; do
		need "$f"
		nc-decode -q -r "$PCAPS/$f" | nc-conn |
		    nc-tocsv -t Connection -f community_id | tail -n +2 |
		    sort -u >"$D/ours"
		tshark -r "$PCAPS/$f" -o communityid.do_base64:TRUE \
		    --enable-protocol communityid -T fields -e communityid \
		    2>/dev/null | sort -u | grep . >"$D/theirs"
		# each of ours is one tshark gives some packet of the capture
		run comm -23 "$D/ours" "$D/theirs"
		[ -z "$output" ] || { echo "$f: $output"; return 1; }
		[ -s "$D/ours" ]
	done
}

@test "damaged input: what came before is kept, exit 1" {
	need basic/zeek-communityid-tcp.pcap
	nc-decode -q -r "$PCAPS/basic/zeek-communityid-tcp.pcap" >"$D/a.ncap"
	head -c 700 "$D/a.ncap" >"$D/cut.ncap"
	run --separate-stderr bash -c 'nc-conn "$1" >"$2"' _ "$D/cut.ncap" "$D/out"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "nc-conn: "*"byte"* ]]
	[ -s "$D/out" ]
}

# The frames of stream $1 after its first (the Header).
without_header() {
	python3 -c '
import sys
d = open(sys.argv[1], "rb").read()
i = n = s = 0
while True:
    b = d[i]; i += 1; n |= (b & 0x7f) << s; s += 7
    if b < 0x80:
        break
sys.stdout.buffer.write(d[i + n:])' "$1"
}

@test "a live stream: the wall clock ends a quiet conversation at the next record" {
	need dns/zeek-dns-mdns.pcap
	need conv/zeek-tcp-syn.pcap
	nc-decode -q -c 1 -r "$PCAPS/dns/zeek-dns-mdns.pcap" >"$D/u.ncap"
	nc-decode -q -c 1 -r "$PCAPS/conv/zeek-tcp-syn.pcap" >"$D/t.ncap"
	without_header "$D/u.ncap" >"$D/u.frames"
	without_header "$D/t.ncap" >"$D/t.frames"
	# a Header with created set (a live capture), then one UDP packet,
	# a second and a half of nothing, and a TCP packet of an old capture
	live() { printf '\006\012\004\010\001\020\001'; cat "$D/u.frames"; sleep 1.5; cat "$D/t.frames"; }
	export D
	run bash -c "$(declare -f live); live | nc-conn -I udp=1 | nc-tocsv -t Connection -f proto,end"
	[ "${lines[1]}" = "17,timeout" ]
	[ "${lines[2]}" = "6,flushed" ]
	# the same from a file: packet time only, nothing timed out
	cat "$D/u.ncap" "$D/t.frames" | nc-conn -I udp=1 | nc-tocsv -t Connection -f proto,end >"$D/file"
	grep -qx "17,flushed" "$D/file"
}

# The Connection records of an FTP capture $1 (nc-decode -P), as
# orig_port,resp_port,service rows.
ftp_conns() {
	nc-decode -q -P -r "$1" | nc-conn | nc-tocsv -t Connection -f orig_port,resp_port,service | tail -n +2
}

@test "FTP: the data connections EPSV, PASV and EPRT announce are ftp-data with -P, nothing without" {
	need app/zeek-ftp-ipv6.pcap
	need app/zeek-ftp-retr.pcap
	need app/ndpi-ftp.pcap
	run ftp_conns "$PCAPS/app/zeek-ftp-ipv6.pcap"
	# three EPSV (the client connects), two EPRT (the server does), as
	# Zeek's conn.log (tests/data/zeek/conn.tsv compares every field)
	[ "$output" = "49186,57086,ftp-data
49187,57087,ftp-data
49188,57088,ftp-data
55785,49189,ftp-data
55647,49190,ftp-data
49185,21,ftp" ]
	# PASV (227): a RETR, and in the nDPI capture a LIST and a RETR cut
	run ftp_conns "$PCAPS/app/zeek-ftp-retr.pcap"
	[ "${lines[0]}" = "50737,38141,ftp-data" ]
	run ftp_conns "$PCAPS/app/ndpi-ftp.pcap"
	[ "$(printf '%s\n' "$output" | grep -c ',ftp-data$')" -eq 2 ]
	# without the payloads nothing is read: no service from an
	# unregistered port
	run bash -c 'nc-decode -q -r "$1" | nc-conn | nc-tocsv -t Connection -f service | sort | uniq -c' _ "$PCAPS/app/zeek-ftp-ipv6.pcap"
	[ "$output" = "      5 
      1 ftp
      1 service" ]
}

@test "FTP: a PASV address behind NAT counts as the server's; a PORT to a third host is refused" {
	"$NC_ROOT/tests/tools/tcpgen" ftp-data >"$D/g.pcap"
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" | nc-conn -v | nc-tocsv -t Connection -f orig_ip,orig_port,resp_ip,resp_port,service' _ "$D/g.pcap"
	[ "$status" -eq 0 ]
	# 227 names 10.9.8.7: the client connects to the server, 192.0.2.2
	[ "${lines[1]}" = "192.0.2.1,40031,192.0.2.2,5001,ftp-data" ]
	# PORT 198.51.100.7: a bounce, not the client's address
	[ "${lines[2]}" = "192.0.2.2,20,198.51.100.7,6000," ]
	[ "${lines[3]}" = "192.0.2.2,20,192.0.2.1,6001,ftp-data" ]
	[ "${lines[4]}" = "192.0.2.1,40032,192.0.2.2,5002,ftp-data" ]
	[ "${stderr_lines[1]}" = "nc-conn: ftp data connections announced: 3, 1 refused, 3 taken, 0 expired, 0 evicted" ]
}

@test "FTP: a million announcements and garbage on the control connection stay bounded" {
	"$NC_ROOT/tests/tools/tcpgen" ftp-flood 1000000 >"$D/f.pcap"
	nc-decode -q -P -r "$D/f.pcap" >"$D/f.ncap"
	run --separate-stderr bash -c 'nc-conn -v "$1" | nc-tocsv -t Connection -f orig_ip,resp_ip,resp_port,service' _ "$D/f.ncap"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "192.0.2.2,198.51.100.7,10," ]
	# the first port announced was evicted long before its connection
	[ "${lines[2]}" = "192.0.2.2,192.0.2.1,1," ]
	[ "${lines[3]}" = "192.0.2.2,192.0.2.1,16975,ftp-data" ]
	[ "${stderr_lines[1]}" = "nc-conn: ftp data connections announced: 1000000, 1 refused, 1 taken, 0 expired, 998976 evicted" ]
	# the table is some 330 KB however many come (not measured under
	# ASan, whose shadow memory is not the program's)
	if [ -x /usr/bin/time ] && ! grep -q __asan_init "$(command -v nc-conn)"; then
		/usr/bin/time -o "$D/time" -f %M nc-conn "$D/f.ncap" >/dev/null
		[ "$(tail -n 1 "$D/time")" -lt 20000 ]
	fi
}

@test "nc-conn(1)'s FTP example, run on a capture with a transfer" {
	need app/zeek-ftp-retr.pcap
	cd "$D"
	run_page_examples nc-conn.1 ftp "$PCAPS/app/zeek-ftp-retr.pcap"
	[ "$(cat out.txt)" = "141.142.228.5,141.142.192.162,38141,ftp-data,16557
141.142.228.5,141.142.192.162,21,ftp,488" ]
}
