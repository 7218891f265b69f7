#!/usr/bin/env bats
# nc-send over real loopback sockets: keys, a collector it does not trust,
# nothing lost or doubled when the collector, the link or the sender is
# stopped mid-stream, a full spool (the collector's side is in
# nc-recv.bats, the manuals' examples run in docs.bats).  Timeouts are
# short flags, not sleeps.

bats_require_minimum_version 1.5.0

load link

@test "nc-send and nc-recv: -h, -V and bad use" {
	run nc-send -h
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "usage: nc-send [-hqV] [-b seconds] [-C creds] [-D oldest|newest] [-e seconds] [-g name] [-i seconds] [-J stream] [-k key] [-n name] [-S dir] [-s collector.pub] [-T ca.pem] [-t seconds] [-z size] [host:port | nats://host:port]" ]
	run nc-recv -h
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "usage: nc-recv [-hqV] [-a sensors.pub] [-C creds] [-c count] [-d dir] [-g name] [-i seconds] [-J stream] [-k key] [-l [host]:port | nats://host:port] [-M conns] [-m size] [-R seconds] [-r size] [-T ca.pem] [-t seconds] [-u durable]" ]
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

@test "nc-send: a collector whose key is not the pinned one gets nothing" {
	nc-recv -g other >other.pub
	nc-recv -t 0.5 -l "$A" -k other.key -a sensors.pub >out.ncap 2>recv.log &
	PIDS+=($!)
	run --separate-stderr send sensor1 -e 0.5 <in.ncap
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"the collector's key $(sed -n 's/^other //p' other.pub) is not the one pinned: refused"* ]]
	signal_child TERM "${PIDS[-1]}" || true
	wait "${PIDS[-1]}" || true
	[ ! -s out.ncap ]
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
