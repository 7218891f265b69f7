#!/usr/bin/env bats
# nc-recv as a collector runs it, over real loopback sockets: one sensor's
# records byte for byte after a Header naming it, refused peers (keys not
# listed, garbage, silence, records over the cap) beside a sensor that
# goes on, many sensors merged whole, and -d files by sensor rotated by
# size and age.  The sender side is in nc-send.bats.

bats_require_minimum_version 1.5.0

load link

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
