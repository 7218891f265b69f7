#!/usr/bin/env bats
# nc-tcp: Telnet logins as Credentials records, on the project's own
# capture (tests/tools/tcpgen telnet): options negotiated both ways, a
# login typed a key a segment, one in line mode, one found by the probe
# on another port, and hostile bytes (a subnegotiation never ended, a
# megabyte without a line end).

bats_require_minimum_version 1.5.0

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	D=$BATS_TEST_TMPDIR
	# made once for the file's tests
	IN=$BATS_FILE_TMPDIR/telnet.in
	OUT=$BATS_FILE_TMPDIR/telnet.ncap
	if [ ! -s "$OUT" ]; then
		"$NC_ROOT/tests/tools/tcpgen" telnet >"$BATS_FILE_TMPDIR/t.pcap"
		nc-decode -q -P -r "$BATS_FILE_TMPDIR/t.pcap" >"$IN"
		nc-tcp -v "$IN" >"$OUT" 2>"$BATS_FILE_TMPDIR/telnet.err"
	fi
}

@test "Telnet: a login per prompt, negotiation stripped, with the server's answer" {
	run -0 nc-tocsv -t Credentials -f src_port,dst_port,service,mechanism,user,password,accepted,reply "$OUT"
	[ "${#lines[@]}" -eq 5 ]
	# a key a segment, echoed, a DEL erasing the x, CR NUL ending it
	[ "${lines[1]}" = "40040,23,telnet,login prompt,root,wrong,false,Login incorrect" ]
	# line mode, an IAC NOP inside the password
	[ "${lines[2]}" = "40040,23,telnet,login prompt,alice,s3cret,true,Last login: Sun Dec  6 12:00:00 2026 from 192.0.2.1" ]
	# port 2323, taken by the server's IAC DO; bare LF ends the lines
	[ "${lines[3]}" = "40041,2323,telnet,login prompt,bob,pw,false,% Access denied" ]
}

@test "Telnet hostile: an unended subnegotiation and megabyte lines are cut and counted" {
	run -0 nc-tocsv -t Credentials -f src_port,user,password,accepted,cut "$OUT"
	# the subnegotiation ends at its bound, so the prompt after it is
	# read; 256 bytes of the password kept; the megabyte of server text
	# after it is more text, so the login counts as accepted
	[ "${lines[4]}" = "40042,mallory,$(printf 'p%.0s' $(seq 256)),true,true" ]
	grep -q "telnet: 3 connections, 4 records, 0 malformed, 1 capped" "$BATS_FILE_TMPDIR/telnet.err"
}

@test "Telnet: the input is passed through untouched, Credentials and Service records added" {
	nc-dump "$IN" >"$D/in.txt"
	nc-dump "$OUT" >"$D/out.txt"
	run -0 awk '$3 != "Credentials" && $3 != "Service"' "$D/out.txt"
	[ "$output" = "$(cat "$D/in.txt")" ]
	[ "$(awk '$3 == "TCP"' "$D/in.txt" | wc -l)" -eq 97 ]
	[ "$(awk '$3 == "Credentials"' "$D/out.txt" | wc -l)" -eq 4 ]
	# one per server and port, the protocol named, no banner
	run -0 nc-tocsv -t Service -f src_ip,src_port,protocol,banner "$OUT"
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[1]}" = "192.0.2.2,23,telnet," ]
	[ "${lines[2]}" = "192.0.2.2,2323,telnet," ]
}
