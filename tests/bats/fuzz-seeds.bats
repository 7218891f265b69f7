#!/usr/bin/env bats
# fuzz/seeds-from-pcaps: the fuzz harnesses' seeds from real captures,
# made at run time (fuzz/run) so that no capture is copied into the tree.

bats_require_minimum_version 1.5.0

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	NC_BUILD=${NC_BUILD:-$NC_ROOT/build}
	S=$NC_ROOT/fuzz/seeds-from-pcaps
	D=$BATS_TEST_TMPDIR
	mkdir -p "$D/in"
	cp "$NC_ROOT/tests/data/demo.pcap" "$D/in/"
}

# The first byte of every file in directory $1, as decimal numbers.
first_bytes() {
	for f in "$1"/*; do od -An -tu1 -N1 "$f"; done | sort -u | tr -d ' '
}

@test "seeds-from-pcaps: frames behind their link type, DNS payloads behind ports" {
	run -0 "$S" "$NC_BUILD/bin" "$D/out" "$D/in"
	[ "$output" = "seeds-from-pcaps: 36 seeds from 1 captures in 2 directories" ]
	# demo.pcap: Ethernet, index 1 of fuzz_decode.c's link types; 50
	# packets, more distinct frames than the per-capture cap of 30.
	[ "$(ls "$D/out/fuzz_decode" | wc -l)" -eq 30 ]
	[ "$(first_bytes "$D/out/fuzz_decode")" = 1 ]
	# Every DNS seed (the demo has 6 DNS packets, as tshark counts) has
	# port 53 on one side and a DNS header after it.
	[ "$(ls "$D/out/layer-DNS" | wc -l)" -eq 6 ]
	for f in "$D/out/layer-DNS"/*; do
		ports=$(od -An -tu1 -N4 "$f" | awk '{ print $1 * 256 + $2, $3 * 256 + $4 }')
		[[ " $ports " == *" 53 "* ]] || { echo "$f: $ports"; return 1; }
		[ "$(stat -c %s "$f")" -ge $((4 + 12)) ]
	done
}

@test "seeds-from-pcaps: the same captures give the same seeds" {
	"$S" "$NC_BUILD/bin" "$D/a" "$D/in" >/dev/null
	"$S" "$NC_BUILD/bin" "$D/b" "$D/in" >/dev/null
	diff -r "$D/a" "$D/b"
}

@test "seeds-from-pcaps: cut, empty and foreign files give what parses, no error" {
	head -c 3000 "$D/in/demo.pcap" >"$D/in/cut.pcap"
	: >"$D/in/empty.pcap"
	printf 'not a capture at all, longer than a header\n' >"$D/in/text.pcap"
	rm "$D/in/demo.pcap"
	run -0 "$S" "$NC_BUILD/bin" "$D/out" "$D/in"
	n=$(ls "$D/out/fuzz_decode" | wc -l)
	[ "$n" -gt 0 ] && [ "$n" -lt 30 ]
}

@test "seeds-from-pcaps: without nc-decode it still writes the frames" {
	run -0 "$S" "$D/nowhere" "$D/out" "$D/in"
	[ "${lines[0]}" = "seeds-from-pcaps: no $D/nowhere/nc-decode: frames only" ]
	[ -d "$D/out/fuzz_decode" ]
	[ ! -d "$D/out/layer-DNS" ]
}

@test "seeds-from-pcaps: no arguments is a usage error" {
	run "$S"
	[ "$status" -ne 0 ]
	[[ "$output" == "usage: fuzz/seeds-from-pcaps BINDIR OUTDIR PCAPDIR..." ]]
}
