# Helpers of nc-send.bats and nc-recv.bats: keys and streams made once
# per file, a collector and senders on a free loopback port, the records
# of each sensor split out of a collector's output.

load procs

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
	for p in "${PIDS[@]}"; do signal_child KILL "$p" || true; done
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
	signal_child TERM "$RECV" || true
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
