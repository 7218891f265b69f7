#!/usr/bin/env bats
# nc-send and nc-recv in fleet mode, through a real nats-server with
# JetStream on a free loopback port: nothing lost or doubled when the
# server and a collector are killed mid-stream (or the collector dies at
# the worst instant), two collectors sharing a durable, a key that is not
# the sensor's, no password in messages.  Skipped without nats-server.

bats_require_minimum_version 1.5.0

load link

# Two sensors' streams of distinct records, 9,000 or so each, so that
# the share of each collector can be told apart.
setup_file() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	NC_BUILD=${NC_BUILD:-$NC_ROOT/build}
	cd "$BATS_FILE_TMPDIR"
	nc-send -g sensor1 >sensors.pub
	nc-send -g sensor2 >>sensors.pub
	nc-send -g rogue >rogue.pub
	"$NC_BUILD/tools/pcapgen" -n 3000 -s 1 -o s1.pcap
	"$NC_BUILD/tools/pcapgen" -n 3000 -s 2 -o s2.pcap
	nc-decode -q -r s1.pcap >s1.ncap
	nc-decode -q -r s2.pcap >s2.ncap
	rm -f s1.pcap s2.pcap
}

setup() {
	command -v nats-server >/dev/null ||
	    skip "nats-server is not installed (scripts/install-deps test)"
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	D=$BATS_TEST_TMPDIR
	cd "$D"
	PIDS=()
	cp -p "$BATS_FILE_TMPDIR"/* .
	NPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	URL=nats://127.0.0.1:$NPORT
	start_nats
}

teardown() {
	local p
	for p in "${PIDS[@]}"; do signal_child KILL "$p" || true; done
}

# nats-server with JetStream, its store in ./js; waits until it listens.
start_nats() {
	nats-server -js -sd "$D/js" -a 127.0.0.1 -p "$NPORT" >>nats.log 2>&1 &
	NATS=$!
	PIDS+=("$NATS")
	local i
	for i in $(seq 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$NPORT") 2>/dev/null && return 0
		sleep 0.05
	done
	echo "nats-server did not start"; cat nats.log
	return 1
}

# nc-recv on the durable $1, to stdout, the rest of its options after.
frecv() {
	nc-recv -i 1 -t 2 -l "$URL" -a sensors.pub -u "$@" &
	RECV=$!
	PIDS+=("$RECV")
}

fsend() {
	nc-send -k "$1.key" -n "$1" -S "spool.$1" -b 0.2 -i 1 -e 60 "${@:2}" "$URL"
}

# Stream $1 written in twenty parts, 0.1 s apart: two seconds mid-stream.
trickle() {
	python3 -c '
import sys, time
d = open(sys.argv[1], "rb").read(); n = 20
for k in range(n):
    sys.stdout.buffer.write(d[k * len(d) // n:(k + 1) * len(d) // n])
    sys.stdout.flush(); time.sleep(0.1)' "$1"
}

# Splits collectors' outputs $2... by sensor, each into a folder of its
# own under $1: $1/0/sensor1.ncap, $1/1/sensor1.ncap...
split_each() {
	local out=$1 i=0 f
	shift
	rm -rf "$out"
	for f in "$@"; do
		split "$out/$i" "$f"
		i=$((i + 1))
	done
}

# Compares the parts of sensor $2 under folder $1 with its input $3:
# together every record once, each part in the order of the input (with
# $4 "unordered", in any order).  Prints how many records each part
# holds, and how many came out of order.
union_is() {
	python3 - "$@" <<'PY'
import glob, sys
def recs(path):
    d = open(path, "rb").read(); i = 0; out = []
    while i < len(d):
        v = s = 0
        while True:
            c = d[i]; i += 1; v |= (c & 0x7f) << s; s += 7
            if not c & 0x80: break
        out.append(d[i:i + v]); i += v
    return out
want = recs(sys.argv[3])
place = {r: k for k, r in enumerate(want)}
assert len(place) == len(want), "the input repeats records"
got = []
for p in sorted(glob.glob(sys.argv[1] + "/*/" + sys.argv[2] + ".ncap")):
    part = recs(p)
    at = [place.get(r, -1) for r in part]
    assert -1 not in at, p + ": a record that was not sent"
    late = sum(1 for a, b in zip(at, at[1:]) if b < a)
    assert late == 0 or sys.argv[4:] == ["unordered"], p + ": out of order"
    print(p, len(part), "records,", late, "out of order")
    got += part
assert len(got) == len(set(got)), "%d records twice" % (len(got) - len(set(got)))
assert len(got) == len(want), "%d of %d records" % (len(got), len(want))
PY
}

# Waits up to 30 s (a loaded machine) for file $1 to hold something.
written() {
	local i
	for i in $(seq 300); do
		[ -s "$1" ] && return 0
		sleep 0.1
	done
	echo "nothing in $1"
	return 1
}

# Waits up to 60 s for process $1 to end.
gone() {
	local end=$((SECONDS + 60))
	while kill -0 "$1" 2>/dev/null; do
		[ $SECONDS -lt $end ] ||
		    { echo "process $1 did not end"; cat recv.log; return 1; }
		sleep 0.1
	done
}

# Waits up to 60 s (a loaded machine) until the outputs $2... hold $1 records, Headers
# included.
have() {
	local n=$1 end=$((SECONDS + 60))
	shift
	while [ $SECONDS -lt $end ]; do
		[ "$(cat "$@" 2>/dev/null | records /dev/stdin)" -ge "$n" ] &&
		    return 0
		sleep 0.1
	done
	echo "not all records came: $(cat "$@" 2>/dev/null | records /dev/stdin) of $n"
	local f
	for f in recv.log recv1.log recv2.log send1.log send2.log nats.log; do
		[ -s "$f" ] && { echo "--- $f"; tail -15 "$f"; }
	done
	return 1
}

@test "fleet: -h, and options that need a fleet or the TCP mode" {
	run --separate-stderr nc-send -k sensor1.key "$URL"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"a fleet takes -k and -n, not -s"* ]]
	run --separate-stderr nc-send -k sensor1.key -n ../x "$URL"
	[ "$status" -eq 2 ]
	run --separate-stderr nc-send -k sensor1.key -n s -J a.b "$URL"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"-J: a.b: not a stream name"* ]]
	run --separate-stderr nc-send -k sensor1.key -s sensors.pub -n s 127.0.0.1:1
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"-C, -J, -n and -T are for a fleet"* ]]
	run --separate-stderr nc-recv -l "$URL" -a sensors.pub -k sensor1.key
	[ "$status" -eq 2 ]
	run --separate-stderr nc-recv -l "$URL" -a sensors.pub -u 'a b'
	[ "$status" -eq 2 ]
	run --separate-stderr nc-recv -l 127.0.0.1:1 -k sensor1.key -a sensors.pub -u d
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"-C, -J, -T and -u are for a fleet"* ]]
}

@test "fleet: messages show a URL's password or token as ***" {
	# Nothing listens on port 1: both ends say they are not connected.
	run --separate-stderr nc-send -k sensor1.key -n sensor1 -S spool -e 1 \
	    nats://alice:hunter2@127.0.0.1:1,nats://tok3n@127.0.0.1:1 <s1.ncap
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"nats://alice:***@127.0.0.1:1,nats://***@127.0.0.1:1: not connected"* ]]
	[[ "$stderr" != *hunter2* && "$stderr" != *tok3n* ]]
	run --separate-stderr timeout 2 nc-recv -l nats://bob:hunter2@127.0.0.1:1 \
	    -a sensors.pub -u one
	[ "$status" -eq 124 ]
	[[ "$stderr" == *"nats://bob:***@127.0.0.1:1: not connected"* ]]
	[[ "$stderr" != *hunter2* ]]
}

@test "fleet: nothing lost or doubled: nats-server and the collector killed and started again (-d)" {
	frecv one -d out >/dev/null 2>recv.log
	trickle s1.ncap | fsend sensor1 2>send1.log &
	S1=$!
	trickle s2.ncap | fsend sensor2 2>send2.log &
	S2=$!
	written out/sensor1.ncap.part
	kill -9 "$RECV"
	wait "$RECV" || true
	frecv one -d out >/dev/null 2>>recv.log
	written out/sensor2.ncap.part
	kill -9 "$NATS"
	wait "$NATS" || true
	sleep 0.3
	start_nats
	wait "$S1"
	wait "$S2"
	have $(($(records s1.ncap) + $(records s2.ncap))) out/*
	stop_recv
	[ ! -e out/sensor1.ncap.part ]
	split_each parts "$(cat out/sensor1.*.ncap out/sensor2.*.ncap >all.ncap; echo all.ncap)"
	# What the killed collector held comes -i seconds later, after newer
	# records: every record once, not all in order.
	union_is parts sensor1 s1.ncap unordered
	union_is parts sensor2 s2.ncap unordered
}

@test "fleet: a collector that dies just after saving its state writes nothing twice when started again" {
	# The first state it saves is its last act: what it wrote is in the
	# state, its acknowledgements never went out, and the messages come
	# again to the collector started after it.
	NC_KILL_AFTER_RENAME=.sensor1.state LD_PRELOAD=$NC_BUILD/tools/killat.so \
	    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
	    frecv one -d out >/dev/null 2>recv.log
	trickle s1.ncap | fsend sensor1 2>send1.log &
	S1=$!
	gone "$RECV"
	local st=0
	wait "$RECV" || st=$?
	[ "$st" -eq 137 ]
	[ -s out/sensor1.ncap.part ]
	frecv one -d out >/dev/null 2>>recv.log
	wait "$S1"
	have $(records s1.ncap) out/*
	stop_recv
	split_each parts "$(cat out/sensor1.*.ncap >all.ncap; echo all.ncap)"
	union_is parts sensor1 s1.ncap unordered
}

# Deletes the durable $1 through JetStream's API, as an operator or a
# server that lost its state would.
delete_durable() {
	python3 - "$NPORT" "$1" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.recv(4096)
s.sendall(b'CONNECT {"verbose":false}\r\nSUB _r 1\r\n'
    b'PUB $JS.API.CONSUMER.DELETE.netcap.%s _r 0\r\n\r\n' % sys.argv[2].encode())
got = b""
while b'"success":true' not in got:
    b = s.recv(4096)
    assert b, got
    got += b
PY
}

@test "fleet: a durable deleted under a running collector is made anew; nothing lost or doubled" {
	frecv one >out.ncap 2>recv.log
	trickle s1.ncap | fsend sensor1 2>send1.log &
	S1=$!
	written out.ncap
	delete_durable one
	wait "$S1"
	have $(($(records s1.ncap) + 1)) out.ncap
	stop_recv
	split_each parts out.ncap
	union_is parts sensor1 s1.ncap
}

@test "fleet: two collectors share a durable; one stopped and started again resumes" {
	frecv shared >o1.ncap 2>recv1.log
	R1=$RECV
	frecv shared >o2.ncap 2>recv2.log
	R2=$RECV
	trickle s1.ncap | fsend sensor1 2>send1.log &
	S1=$!
	trickle s2.ncap | fsend sensor2 2>send2.log &
	S2=$!
	written o1.ncap
	RECV=$R1 stop_recv
	frecv shared >o3.ncap 2>recv3.log
	wait "$S1"
	wait "$S2"
	have $(($(records s1.ncap) + $(records s2.ncap))) o1.ncap o2.ncap o3.ncap
	stop_recv
	RECV=$R2 stop_recv
	split_each parts o1.ncap o2.ncap o3.ncap
	union_is parts sensor1 s1.ncap
	union_is parts sensor2 s2.ncap
	# each collector wrote a share
	[ "$(records o1.ncap)" -gt 0 ]
	[ "$(records o2.ncap)" -gt 0 ]
	[ "$(records o3.ncap)" -gt 0 ]
}

@test "fleet: a message signed by a key not listed for its subject is discarded; -c 1 drains and ends" {
	run --separate-stderr fsend rogue -n sensor1 <s1.ncap
	[ "$status" -eq 0 ]
	fsend sensor2 <s2.ncap
	timeout 20 nc-recv -c 1 -l "$URL" -a sensors.pub -u one >out.ncap 2>recv.log
	grep -q "netcap.sensor1: not the key listed for the sensor: discarded" recv.log
	split s out.ncap
	[ ! -e s/sensor1.ncap ]
	cmp s/sensor2.ncap s2.ncap
}
