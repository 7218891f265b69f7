#!/usr/bin/env bats
# The files a program creates (nc-decode -w, nc-tocsv -d): never one of
# its inputs, never through a link someone planted, never half written
# under the final name; and -Z checked before anything is created.

bats_require_minimum_version 1.5.0

load procs

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	F=$NC_ROOT/tests/data/decode
	# bats keeps files of its own in BATS_TEST_TMPDIR
	D=$BATS_TEST_TMPDIR/w
	mkdir "$D"
	cp "$F/eth.pcap" "$D/f.pcap"
	pids=()
}

teardown() {
	local p
	for p in "${pids[@]}"; do
		signal_child TERM "$p" || true
	done
	[ -z "${SHARED:-}" ] || rm -rf "$SHARED"
}

# Everything in folder $1, hidden names included, on one line.
listing() {
	(cd "$1" && ls -A | paste -sd' ')
}

# A folder the account nobody can reach and write, outside the test's
# own (which only root may enter).
shared_dir() {
	SHARED=$(mktemp -d "${TMPDIR:-/tmp}/nc-files.XXXXXX")
	chmod 0777 "$SHARED"
}

@test "nc-decode -w refuses to overwrite its own input" {
	run --separate-stderr nc-decode -r "$D/f.pcap" -w "$D/f.pcap"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-decode: $D/f.pcap: is one of the inputs: refusing to overwrite it" ]
	cmp "$F/eth.pcap" "$D/f.pcap"
	# by another name for the same file, and from stdin
	ln "$D/f.pcap" "$D/hard.pcap"
	run --separate-stderr nc-decode -r "$D/f.pcap" -w "$D/hard.pcap"
	[ "$status" -eq 1 ]
	run --separate-stderr bash -c 'nc-decode -r - -w "$1" <"$1"' _ "$D/f.pcap"
	[ "$status" -eq 1 ]
	run --separate-stderr bash -c 'nc-decode -r "$1" >>"$1"' _ "$D/f.pcap"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-decode: stdout: is one of the inputs: refusing to write to it" ]
	cmp "$F/eth.pcap" "$D/f.pcap"
	[ "$(listing "$D")" = "f.pcap hard.pcap" ]
}

@test "nc-decode -w replaces a planted link, not what it points to" {
	echo precious >"$D/victim"
	ln -s "$D/victim" "$D/out.ncap"
	run nc-decode -r "$D/f.pcap" -w "$D/out.ncap"
	[ "$status" -eq 0 ]
	[ "$(cat "$D/victim")" = precious ]
	[ -f "$D/out.ncap" ] && [ ! -L "$D/out.ncap" ]
	[ "$(nc-tojson -t all,header "$D/out.ncap" | wc -l)" -eq 29 ]
	# and leaves no temporary file behind
	[ "$(listing "$D")" = "f.pcap out.ncap victim" ]
}

@test "nc-decode -w follows no link of another user's to a device" {
	[ "$(id -u)" -eq 0 ] || skip "a link of another user's needs root to make"
	id nobody >/dev/null 2>&1 || skip "no user nobody"
	mkfifo "$D/fifo"
	ln -s "$D/fifo" "$D/out.ncap"
	chown -h nobody "$D/out.ncap"
	# were the link followed, this would wait for a reader of the pipe
	run timeout 10 nc-decode -r "$D/f.pcap" -w "$D/out.ncap"
	[ "$status" -eq 0 ]
	[ -f "$D/out.ncap" ] && [ ! -L "$D/out.ncap" ]
	[ "$(nc-tojson -t all,header "$D/out.ncap" | wc -l)" -eq 29 ]
}

@test "nc-decode -w writes devices and pipes as they are" {
	run nc-decode -r "$D/f.pcap" -w /dev/null
	[ "$status" -eq 0 ]
	mkfifo "$D/fifo"
	nc-tojson -t all,header "$D/fifo" >"$D/json" &
	pids+=($!)
	run nc-decode -r "$D/f.pcap" -w "$D/fifo"
	[ "$status" -eq 0 ]
	wait "${pids[0]}"
	[ "$(wc -l <"$D/json")" -eq 29 ]
	[ -p "$D/fifo" ]
}

@test "nc-decode: a run that cannot start leaves no -w file" {
	run --separate-stderr nc-decode -r "$D/nosuch.pcap" -w "$D/o"
	[ "$status" -eq 1 ]
	run --separate-stderr nc-decode -i nosuch0 -w "$D/o"
	[ "$status" -eq 1 ]
	run --separate-stderr nc-decode -r "$D/f.pcap" -w "$D/o" 'tcp port'
	[ "$status" -eq 1 ]
	run --separate-stderr nc-decode -r "$D/f.pcap" -w "$D/nosuchdir/o"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-decode: $D/nosuchdir/o: cannot open its folder: No such file or directory" ]
	[ "$(listing "$D")" = "f.pcap" ]
}

# Feeds $1 to nc-decode -r - -w $D/out.ncap through a pipe that stays
# open, so that the program waits for more; sets $dec to its pid.
decode_open_pipe() {
	mkfifo "$D/in"
	(cat "$1"; exec sleep 30) >"$D/in" 3>&- &
	pids+=($!)
	nc-decode -q -r - -w "$D/out.ncap" <"$D/in" 2>"$D/err" &
	dec=$!
	pids+=($dec)
	# The temporary file exists once the signals are caught; the ten
	# packets, already in the pipe, take far less than the pause after.
	for i in $(seq 100); do
		[ -z "$(find "$D" -name '.out.ncap.*')" ] || break
		sleep 0.05
	done
	sleep 0.3
}

@test "nc-decode: SIGHUP ends the run like SIGINT, the stream whole, exit 0" {
	decode_open_pipe "$D/f.pcap"
	[ ! -e "$D/out.ncap" ]
	kill -HUP "$dec"
	rc=0
	wait "$dec" || rc=$?
	[ "$rc" -eq 0 ]
	[ ! -s "$D/err" ]
	[ "$(nc-tojson -t all,header "$D/out.ncap" | wc -l)" -eq 29 ]
	[ "$(listing "$D")" = "err f.pcap in out.ncap" ]
}

@test "nc-decode: a killed run leaves nothing under the -w name" {
	echo before >"$D/out.ncap"
	decode_open_pipe "$D/f.pcap"
	kill -KILL "$dec"
	wait "$dec" || true
	[ "$(cat "$D/out.ncap")" = before ]
}

@test "nc-tocsv -d replaces planted links, not what they point to" {
	nc-decode -r "$D/f.pcap" -w "$D/s.ncap"
	mkdir "$D/csv"
	echo precious >"$D/victim"
	ln -s "$D/victim" "$D/csv/TCP.csv"
	run nc-tocsv -d "$D/csv" "$D/s.ncap"
	[ "$status" -eq 0 ]
	[ "$(cat "$D/victim")" = precious ]
	[ ! -L "$D/csv/TCP.csv" ]
	[ "$(wc -l <"$D/csv/TCP.csv")" -eq 4 ]
	[ "$(listing "$D/csv")" = "ARP.csv Dot1Q.csv Ethernet.csv ICMPv4.csv ICMPv6.csv IPv4.csv IPv6.csv LLDP.csv TCP.csv UDP.csv Undecoded.csv" ]
}

@test "nc-tocsv -d refuses to overwrite an input" {
	nc-decode -r "$D/f.pcap" -w "$D/s.ncap"
	mkdir "$D/csv"
	cp "$D/s.ncap" "$D/csv/TCP.csv"
	run --separate-stderr nc-tocsv -d "$D/csv" "$D/csv/TCP.csv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-tocsv: $D/csv/TCP.csv: is one of the inputs: refusing to overwrite it" ]
	cmp "$D/s.ncap" "$D/csv/TCP.csv"
	[ "$(listing "$D/csv")" = "TCP.csv" ]
}

@test "nc-tocsv -d refuses a folder anyone may write to, unless sticky and ours" {
	nc-decode -r "$D/f.pcap" -w "$D/s.ncap"
	mkdir -m 0777 "$D/open"
	chmod 0777 "$D/open"
	run --separate-stderr nc-tocsv -d "$D/open" "$D/s.ncap"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-tocsv: $D/open: refusing a folder every user may write to (mode 0777, owner $(id -u)): use a folder of your own" ]
	[ -z "$(listing "$D/open")" ]
	chmod 1777 "$D/open"
	run nc-tocsv -d "$D/open" "$D/s.ncap"
	[ "$status" -eq 0 ]
	[ -s "$D/open/TCP.csv" ]
	[ "$(id -u)" -eq 0 ] || skip "a sticky folder of another user needs root to make"
	id nobody >/dev/null 2>&1 || skip "no user nobody"
	mkdir -m 1777 "$D/theirs"
	chown nobody "$D/theirs"
	run --separate-stderr nc-tocsv -d "$D/theirs" "$D/s.ncap"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"refusing a folder every user may write to (mode 1777, owner $(id -u nobody))"* ]]
}

@test "nc-tocsv -d makes no folder anyone may write to, whatever the umask" {
	nc-decode -r "$D/f.pcap" -w "$D/s.ncap"
	run bash -c 'umask 0; nc-tocsv -d "$1/new/csv" "$1/s.ncap"' _ "$D"
	[ "$status" -eq 0 ]
	[ "$(stat -c %a "$D/new" "$D/new/csv" | paste -sd' ')" = "775 775" ]
	[ -s "$D/new/csv/TCP.csv" ]
}

@test "nc-tocsv -d: a killed run leaves no file, finished or not" {
	nc-decode -r "$D/f.pcap" -w "$D/s.ncap"
	mkfifo "$D/in"
	(cat "$D/s.ncap"; exec sleep 30) >"$D/in" 3>&- &
	pids+=($!)
	nc-tocsv -d "$D/csv" "$D/in" &
	pid=$!
	for i in $(seq 50); do
		[ -z "$(listing "$D/csv" 2>/dev/null)" ] || break
		sleep 0.1
	done
	[ -n "$(listing "$D/csv")" ]
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 143 ]
	[ -z "$(listing "$D/csv")" ]
}

@test "-Z: an unknown account is refused before anything is opened" {
	run --separate-stderr nc-decode -Z nosuchuser -r "$D/f.pcap" -w "$D/o"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-decode: unknown user: nosuchuser" ]
	# checked before the interface too
	run --separate-stderr nc-decode -Z nosuchuser -i nosuch0 -w "$D/o"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-decode: unknown user: nosuchuser" ]
	[ "$(listing "$D")" = "f.pcap" ]
}

@test "-Z with files: root is given up once they are open, then -w is created" {
	[ "$(id -u)" -eq 0 ] || skip "switching users needs root"
	id nobody >/dev/null 2>&1 || skip "no user nobody"
	# the capture only root can read: it is open before the switch
	chmod 0600 "$D/f.pcap"
	shared_dir
	run --separate-stderr nc-decode -Z nobody -r "$D/f.pcap" -w "$SHARED/o.ncap"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(stat -c %U "$SHARED/o.ncap")" = nobody ]
	[ "$(nc-tojson -t all,header "$SHARED/o.ncap" | wc -l)" -eq 29 ]
	# a folder nobody cannot write: said so, nothing created
	run --separate-stderr nc-decode -Z nobody -r "$D/f.pcap" -w "$D/o.ncap"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-decode: $D/o.ncap: cannot open its folder: Permission denied (as user nobody)" ]
	[ ! -e "$D/o.ncap" ]
}

@test "-Z root warns that the program still runs as root" {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	run --separate-stderr nc-decode -Z root -r "$D/f.pcap" -w "$D/o.ncap"
	[ "$status" -eq 0 ]
	[ "$stderr" = "nc-decode: still running as root (-Z names a root account)" ]
	[ -s "$D/o.ncap" ]
}

@test "live capture: -w is created after root is given up, by that account" {
	[ "$(id -u)" -eq 0 ] || skip "live capture needs root"
	id nobody >/dev/null 2>&1 || skip "no user nobody"
	ip link show lo >/dev/null 2>&1 || skip "no loopback interface"
	shared_dir
	nc-decode -q -i lo -w "$SHARED/live.ncap" 'udp port 47125' 2>"$D/err" &
	pid=$!
	pids+=($pid)
	for i in $(seq 100); do
		[ -z "$(find "$SHARED" -name '.live.ncap.*')" ] || break
		sleep 0.05
	done
	[ ! -e "$SHARED/live.ncap" ]
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 0 ]
	[ "$(stat -c %U "$SHARED/live.ncap")" = nobody ]
	nc-tojson -t all,header "$SHARED/live.ncap" | head -1 | grep -q "\"source\":\"lo\""
	# where nobody cannot write: said so, nothing created
	run --separate-stderr nc-decode -i lo -c 1 -w "$D/live.ncap"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-decode: $D/live.ncap: cannot open its folder: Permission denied (as user nobody)" ]
	[ ! -e "$D/live.ncap" ]
}
