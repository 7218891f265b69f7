#!/usr/bin/env bats
# The stream format as ncap(5) describes it, read by outside code: the
# Python reader printed in the manual page, with the stock protobuf package.

bats_require_minimum_version 1.5.0

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	py=/usr/bin/python3
	"$py" -c 'import google.protobuf' 2>/dev/null ||
	    skip "python3-protobuf is not installed"
	command -v protoc >/dev/null || skip "protoc is not installed"
	cd "$BATS_TEST_TMPDIR"
	protoc --proto_path="$NC_ROOT/proto" --python_out=. netcap.proto
	# the reader, exactly as the manual page prints it
	sed -n '/^\.\\" begin python reader/,/^\.\\" end python reader/p' \
	    "$NC_ROOT/man/ncap.5" | grep -v '^\.' >reader.py
	[ -s reader.py ]
}

@test "the Python reader in ncap(5) reads a stream with stock protobuf" {
	nc-decode -q -r "$NC_ROOT/tests/data/demo.pcap" >demo.ncap
	run "$py" reader.py <demo.ncap
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Header -" ]
	# the same types and packet numbers as netcap's own reader sees
	want=$(nc-tojson -t all,header demo.ncap | jq -r '"\(.type) \(.packet // "-")"')
	[ "$output" = "$want" ]
	[ "${#lines[@]}" -gt 50 ]
}

@test "the manual page's sample output is what the reader prints" {
	nc-decode -q -r "$NC_ROOT/tests/data/demo.pcap" >demo.ncap
	want=$(MANWIDTH=200 mandoc -Tascii "$NC_ROOT/man/ncap.5" | col -b |
	    sed -n '/python3 reader.py | head -n 3/,/^$/p' | sed -n '2,4p' | sed 's/^[[:space:]]*//')
	run bash -c "\"$py\" reader.py <demo.ncap | head -n 3"
	[ "$output" = "$want" ]
}

@test "members of different compressions, plain ones too, are read in turn" {
	nc-decode -q -r "$NC_ROOT/tests/data/demo.pcap" -c 20 >a.ncap
	gzip -c a.ncap >a.ncap.gz
	zstd -q -c a.ncap >a.ncap.zst
	xz -c a.ncap >a.ncap.xz
	nc-dump a.ncap >one
	cat one one one one >want
	run -0 --separate-stderr bash -c \
	    'cat a.ncap.gz a.ncap.zst a.ncap a.ncap.xz | nc-dump'
	[ "$output" = "$(cat want)" ]
	[ -z "$stderr" ]
	bzip2 -c a.ncap >a.ncap.bz2
	run -1 --separate-stderr bash -c 'cat a.ncap.xz a.ncap.bz2 | nc-tojson'
	[ "${#lines[@]}" -eq "$(wc -l <one)" ]
	[ "$stderr" = "nc-tojson: stdin: byte $(stat -c %s a.ncap): bzip2-compressed input, which netcap does not read (it reads gzip, zstd and xz): decompress it first" ]
}

@test "concatenated and zstd-compressed streams stay readable by nc-dump" {
	nc-decode -q -r "$NC_ROOT/tests/data/demo.pcap" >a.ncap
	cat a.ncap a.ncap | zstd -q >ab.ncap.zst
	one=$(nc-dump a.ncap | wc -l)
	run nc-dump ab.ncap.zst
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq $((2 * one)) ]
}
