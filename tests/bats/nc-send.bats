#!/usr/bin/env bats
# nc-send and nc-recv over real loopback sockets: keys, refused peers,
# nothing lost or doubled when the collector, the link or the sender is
# stopped mid-stream, many sensors, and files by sensor (the manuals'
# examples run in docs.bats).  Timeouts are short flags, not sleeps.

bats_require_minimum_version 1.5.0

setup_file() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	cd "$BATS_FILE_TMPDIR"
	nc-recv -g collector >collector.pub 2>/dev/null
	nc-send -g sensor1 >sensors.pub
	nc-send -g sensor2 >>sensors.pub
	nc-send -g rogue >rogue.pub
	nc-decode -q -r "$NC_ROOT/tests/data/demo.pcap" >in.ncap
	# 60 streams one after the other: 9,000 records, 600 KB
	for i in 1 2 3 4 5 6; do cat in.ncap; done >six.ncap
	for i in 1 2 3 4 5 6 7 8 9 10; do cat six.ncap; done >big.ncap
}

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	D=$BATS_TEST_TMPDIR
	cd "$D"
	PIDS=()
	cp -p "$BATS_FILE_TMPDIR"/* .
	PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	A=127.0.0.1:$PORT
}

teardown() {
	local p
	for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
}

# nc-recv in the background on $A; its pid in PIDS and RECV.
recv() {
	nc-recv -t 5 -l "$A" -k collector.key -a sensors.pub "$@" &
	RECV=$!
	PIDS+=("$RECV")
}

# Waits for the collector of recv's log $1 to listen.
listening() {
	wait_for "listening on" "$1"
}

send() {
	nc-send -k "$1.key" -s collector.pub -S "spool.$1" -b 0.2 -e 5 "${@:2}" "$A"
}

# The records of each sensor in nc-recv's output $2..., less its Headers,
# as files in folder $1.
split() {
	"$NC_ROOT/tests/tools/ncap-sensors" "$@"
}

# Waits up to 5 s for a line matching $1 in file $2.
wait_for() {
	local i
	for i in $(seq 100); do
		grep -q "$1" "$2" && return 0
		sleep 0.05
	done
	echo "not in $2: $1"; cat "$2"
	return 1
}

# Stops the collector and waits for it: files are complete after.
stop_recv() {
	kill -TERM "$RECV" 2>/dev/null || true
	wait "$RECV"
}

# The number of records in stream $1.
records() {
	python3 -c '
import sys
d = open(sys.argv[1], "rb").read(); i = n = 0
while i < len(d):
    v = s = 0
    while True:
        c = d[i]; i += 1; v |= (c & 0x7f) << s; s += 7
        if not c & 0x80: break
    i += v; n += 1
print(n)' "$1"
}

# Stream $1 written a sixth at a time, 0.1 s apart: a sender mid-stream
# for most of a second.
slowly() {
	local n size
	size=$(stat -c %s "$1")
	for n in 0 1 2 3 4 5; do
		tail -c +$((n * size / 6 + 1)) "$1" | head -c $(((n + 1) * size / 6 - n * size / 6))
		sleep 0.1
	done
}

@test "nc-send and nc-recv: -h, -V and bad use" {
	run nc-send -h
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "usage: nc-send [-hqV] [-b seconds] [-D oldest|newest] [-e seconds] [-g name] [-i seconds] [-k key] [-S dir] [-s collector.pub] [-t seconds] [-z size] [host:port]" ]
	run nc-recv -h
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "usage: nc-recv [-hqV] [-a sensors.pub] [-c count] [-d dir] [-g name] [-i seconds] [-k key] [-l [host]:port] [-M conns] [-m size] [-R seconds] [-r size] [-t seconds]" ]
	run nc-send -V
	[[ "$output" =~ ^nc-send\ \(netcap\)\ [0-9] ]]
	run --separate-stderr nc-send -k sensor1.key "$A"
	[ "$status" -eq 2 ]
	run --separate-stderr nc-send -z 12q -k sensor1.key -s collector.pub "$A"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"-z: not a size: 12q"* ]]
	run --separate-stderr nc-recv -r 1M -l "$A" -k collector.key -a sensors.pub
	[ "$status" -eq 2 ]
	run --separate-stderr nc-recv -l "$A" -k sensors.pub -a sensors.pub
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"not an Ed25519 private key"* ]]
	echo 'sensor3 not-a-key' >bad.pub
	run --separate-stderr nc-recv -l "$A" -k collector.key -a bad.pub
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-recv: bad.pub: line 1: the key is neither a SHA-256 pin nor a public key, in base64 or hex" ]
}

@test "nc-send -g: a private key only its owner reads, and its pin" {
	[ "$(stat -c %a sensor1.key)" = 600 ]
	head -1 sensor1.key | grep -q 'BEGIN PRIVATE KEY'
	# the pin is the SHA-256 of the key's SubjectPublicKeyInfo
	want=$(openssl pkey -in sensor1.key -pubout -outform DER |
	    openssl dgst -sha256 -binary | base64)
	[ "$(head -1 sensors.pub)" = "sensor1 $want" ]
	run --separate-stderr nc-send -g sensor1
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"sensor1.key: File exists"* ]]
	run --separate-stderr nc-send -g ../x
	[ "$status" -eq 1 ]
	# hex pins and whole keys in base64 are taken too
	hex=$(openssl pkey -in sensor1.key -pubout -outform DER |
	    openssl dgst -sha256 -hex | sed 's/.*= //')
	spki=$(openssl pkey -in sensor2.key -pubout -outform DER | base64 -w0)
	printf '# hex\nsensor1 %s\n\nsensor2 %s\n' "$hex" "$spki" >other.pub
	recv -c 2 -a other.pub >out.ncap
	send sensor1 <in.ncap
	send sensor2 <in.ncap
	stop_recv
	split s out.ncap
	cmp s/sensor1.ncap in.ncap
	cmp s/sensor2.ncap in.ncap
}

@test "nc-recv: one sensor's records, byte for byte, after a Header naming it" {
	recv -c 1 >out.ncap 2>recv.log
	run send sensor1 <big.ncap
	[ "$status" -eq 0 ]
	stop_recv
	split s out.ncap
	cmp s/sensor1.ncap big.ncap
	nc-tojson -t Header out.ncap | head -1 >h.json
	[ "$(jq -r .generator h.json)" = nc-recv ]
	[ "$(jq -r .sensor h.json)" = sensor1 ]
	[ "$(jq -r .key_fingerprint h.json)" = "$(sed -n 's/^sensor1 //p' sensors.pub)" ]
	[[ "$(jq -r .peer h.json)" == 127.0.0.1:* ]]
	grep -q "(sensor1): connected" recv.log
}

@test "nc-recv: a key not listed is refused and logged, the others go on" {
	recv -c 1 >out.ncap 2>recv.log
	run --separate-stderr nc-send -k rogue.key -s collector.pub -S spool.r -e 0.5 "$A" <in.ncap
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"records left in the spool"* ]]
	run send sensor1 <in.ncap
	[ "$status" -eq 0 ]
	stop_recv
	grep -q "^nc-recv: 127.0.0.1:[0-9]*: key $(sed -n 's/^rogue //p' rogue.pub) is not listed: refused" recv.log
	split s out.ncap
	cmp s/sensor1.ncap in.ncap
	[ ! -e s/rogue.ncap ]
}

@test "nc-send: a collector whose key is not the pinned one gets nothing" {
	nc-recv -g other >other.pub
	nc-recv -t 0.5 -l "$A" -k other.key -a sensors.pub >out.ncap 2>recv.log &
	PIDS+=($!)
	run --separate-stderr send sensor1 -e 0.5 <in.ncap
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"the collector's key $(sed -n 's/^other //p' other.pub) is not the one pinned: refused"* ]]
	kill "${PIDS[-1]}"
	wait "${PIDS[-1]}" || true
	[ ! -s out.ncap ]
}

@test "nc-recv: garbage, silence and a record over the cap are refused; a sensor beside them is not disturbed" {
	recv -m 2k -i 1 -t 1 >out.ncap 2>recv.log
	listening recv.log
	# garbage instead of a TLS handshake
	head -c 3000 /dev/urandom | socat -u - "TCP:$A" || true
	# slowloris: connects, says nothing
	socat -u "EXEC:sleep 3" "TCP:$A" &
	PIDS+=($!)
	# a listed key that finishes the handshake and then says nothing
	openssl req -new -x509 -key sensor2.key -subj /CN=x -days 1 -out s2.crt 2>/dev/null
	(sleep 3) | openssl s_client -quiet -tls1_3 -cert s2.crt -key sensor2.key \
	    -connect "$A" >/dev/null 2>&1 &
	PIDS+=($!)
	wait_for "(sensor2): no hello in 1s: closed" recv.log
	# a record over -m 2k (a Header of 3,000 bytes): sensor2 is cut off
	python3 -c '
import sys
def v(n):
    b = b""
    while n >= 0x80:
        b += bytes([n & 0x7f | 0x80]); n >>= 7
    return b + bytes([n])
body = b"\x1a" + v(3000) + b"a" * 3000
rec = b"\x0a" + v(len(body)) + body
sys.stdout.buffer.write(v(len(rec)) + rec)' >huge.ncap
	cat in.ncap huge.ncap >s2.ncap
	run --separate-stderr send sensor2 -e 0.3 <s2.ncap
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"1 records left in the spool"* ]]
	# sensor1 all the while
	run send sensor1 <big.ncap
	[ "$status" -eq 0 ]
	wait_for "no handshake in 1s: closed" recv.log
	stop_recv
	split s out.ncap
	cmp s/sensor1.ncap big.ncap
	# what came before the huge record is there, once
	cmp s/sensor2.ncap in.ncap
	grep -q "^nc-recv: 127.0.0.1:[0-9]*: TLS handshake failed: .*: refused" recv.log
	grep -q "^nc-recv: 127.0.0.1:[0-9]*: no handshake in 1s: closed" recv.log
	grep -q "^nc-recv: 127.0.0.1:[0-9]* (sensor2): record over the stream cap: closed" recv.log
}

@test "nothing lost or doubled: the collector killed and started again (-d)" {
	recv -d out >/dev/null 2>recv.log
	slowly big.ncap | send sensor1 >send.log 2>&1 &
	SEND=$!
	wait_for "(sensor1): connected" recv.log
	sleep 0.3
	kill -9 "$RECV"
	wait "$RECV" || true
	# a part file cut short, its state behind it
	ls out/sensor1.ncap.part
	recv -d out >/dev/null 2>>recv.log
	wait "$SEND"
	stop_recv
	ls out/sensor1.*.ncap
	[ ! -e out/sensor1.ncap.part ]
	split s out/sensor1.*.ncap
	cmp s/sensor1.ncap big.ncap
}

@test "nothing lost or doubled: the link cut and mended (socat relay)" {
	P2=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	recv -c 2 >out.ncap 2>recv.log
	# the relay serves one connection: the collector must be up first
	listening recv.log
	socat "TCP-LISTEN:$P2,bind=127.0.0.1,reuseaddr" "TCP:$A" &
	RELAY=$!
	PIDS+=("$RELAY")
	slowly big.ncap | nc-send -k sensor1.key -s collector.pub -S spool -b 0.1 -e 5 \
	    "127.0.0.1:$P2" 2>send.log &
	SEND=$!
	wait_for "(sensor1): connected" recv.log
	sleep 0.2
	kill -9 "$RELAY"
	sleep 0.2
	socat "TCP-LISTEN:$P2,bind=127.0.0.1,reuseaddr" "TCP:$A" &
	PIDS+=($!)
	wait "$SEND"
	stop_recv
	[ "$(grep -c '(sensor1): connected' recv.log)" -ge 2 ]
	split s out.ncap
	cmp s/sensor1.ncap big.ncap
}

@test "nothing lost or doubled: the sender stopped mid-stream, started again on its spool" {
	# each part a stream of its own, as a restarted capture writes
	for i in $(seq 20); do cat in.ncap; done >a.ncap
	for i in $(seq 40); do cat in.ncap; done >b.ncap
	n=$(records a.ncap)
	# no collector yet: the first sender gives up with its records spooled
	run --separate-stderr send sensor1 -e 0.2 <a.ncap
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"$n records left in the spool"* ]]
	recv -c 1 >out.ncap 2>recv.log
	run send sensor1 <b.ncap
	[ "$status" -eq 0 ]
	stop_recv
	split s out.ncap
	cmp s/sensor1.ncap big.ncap
	# killed outright mid-stream, with the collector up: what it had
	# read is in the spool, and nothing comes twice
	rm -rf spool.sensor1
	recv -d o2 >/dev/null 2>recv.log
	# nc-send itself, not the send function, so that $! is nc-send's pid
	# and not a subshell's whose child would live on holding the spool
	slowly big.ncap | nc-send -k sensor1.key -s collector.pub \
	    -S spool.sensor1 -b 0.2 -e 5 "$A" 2>/dev/null &
	SEND=$!
	sleep 0.4
	kill -9 "$SEND" || true
	wait "$SEND" || true
	stop_recv
	recv -d o2 >/dev/null 2>>recv.log
	send sensor1 </dev/null
	stop_recv
	split s2 o2/sensor1.*.ncap
	# the records sent are a prefix of the input, each once
	n=$(stat -c %s s2/sensor1.ncap)
	[ "$n" -gt 0 ]
	cmp -n "$n" s2/sensor1.ncap big.ncap
}

@test "nc-send: a full spool says so once, counts what it drops, and drops newest or oldest" {
	run --separate-stderr send sensor1 -z 64k -e 0 <big.ncap
	[ "$status" -eq 1 ]
	[ "$(grep -c 'spool full' <<<"$stderr")" -eq 1 ]
	[[ "$stderr" == *"spool full (65536 bytes): dropping the newest records"* ]]
	[[ "$stderr" =~ [0-9]+\ records\ dropped ]]
	recv -c 1 >out.ncap 2>recv.log
	send sensor1 </dev/null || true
	stop_recv
	split s out.ncap
	n=$(stat -c %s s/sensor1.ncap)
	[ "$n" -gt 30000 ] && [ "$n" -le 65536 ]
	cmp -n "$n" s/sensor1.ncap big.ncap
	# oldest: what is kept ends where the input ends
	rm -rf spool.sensor1 s
	run --separate-stderr send sensor1 -D oldest -z 64k -e 0 <big.ncap
	[[ "$stderr" == *"dropping the oldest records"* ]]
	recv -c 1 >out.ncap 2>recv.log
	send sensor1 </dev/null || true
	stop_recv
	split s out.ncap
	n=$(stat -c %s s/sensor1.ncap)
	[ "$n" -gt 8000 ]
	cmp s/sensor1.ncap <(tail -c "$n" big.ncap)
}

@test "nc-recv: many sensors merged whole, each after its own Header" {
	recv -c 2 >out.ncap 2>recv.log
	slowly big.ncap | send sensor1 &
	S1=$!
	tac <(nc-dump in.ncap) >/dev/null
	slowly in.ncap | send sensor2
	wait "$S1"
	stop_recv
	split s out.ncap
	cmp s/sensor1.ncap big.ncap
	cmp s/sensor2.ncap in.ncap
	# the output is one valid stream
	[ "$(nc-dump -t Header out.ncap | grep -c .)" -ge 3 ]
}

@test "nc-recv -d: a file by sensor, rotated by size, complete files renamed into place" {
	recv -d out -r 100k >/dev/null 2>recv.log
	send sensor1 <big.ncap
	send sensor2 <in.ncap
	stop_recv
	[ "$(ls out/sensor1.*.ncap | wc -l)" -ge 5 ]
	[ "$(ls out | grep -c part)" -eq 0 ]
	for f in out/sensor1.*.ncap; do
		[ "$(nc-tojson -t Header "$f" | head -1 | jq -r .sensor)" = sensor1 ]
	done
	split s out/sensor1.*.ncap
	split s out/sensor2.*.ncap
	cmp s/sensor1.ncap big.ncap
	cmp s/sensor2.ncap in.ncap
}

@test "nc-recv -d -R: a sensor's file rotated once it is older than -R, no record lost or doubled" {
	recv -d out -R 1 >/dev/null 2>recv.log
	send sensor1 <in.ncap
	# -R counts whole seconds of the file's age
	sleep 2.1
	send sensor1 <in.ncap
	stop_recv
	[ "$(ls out/sensor1.*.ncap | wc -l)" -ge 2 ]
	[ "$(ls out | grep -c part)" -eq 0 ]
	split s out/sensor1.*.ncap
	cat in.ncap in.ncap >twice.ncap
	cmp s/sensor1.ncap twice.ncap
}
