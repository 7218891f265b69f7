#!/usr/bin/env bats
# What every stream reader does with input that is not a good record
# stream: one line "PROG: NAME: byte N: problem", exit 1, what was rendered
# before the damage kept, never a crash or a hang.

bats_require_minimum_version 1.5.0

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	NC_BUILD=${NC_BUILD:-$(cd "$(dirname "$(command -v nc-dump)")/.." && pwd)}
	fixture=$NC_BUILD/tools/sink-fixture
	[ -x "$fixture" ] || { echo "no $fixture: run make"; return 1; }
	D=$BATS_TEST_TMPDIR
	"$fixture" >"$D/good.ncap"
	# the readers, each with the options that make it print TCP records
	READERS=("nc-tocsv -t tcp -f packet" "nc-tojson -t tcp" "nc-dump -t tcp")
	# an empty Header frame: the shortest valid stream
	HDR='\x02\x0a\x00'
}

# Runs every reader on file $1; each must fail with status 1, print only
# "PROG: $1: byte $2: $3" on stderr, and render the $4 records before the
# damage (nc-tocsv with its header row).
all_fail() {
	local r prog n
	for r in "${READERS[@]}"; do
		prog=${r%% *}
		n=$4
		[ "$prog" = nc-tocsv ] && [ "$n" -gt 0 ] && n=$((n + 1))
		run --separate-stderr timeout 20 $r "$1"
		if [ "$status" -ne 1 ] ||
		    [ "$stderr" != "$prog: $1: byte $2: $3" ] ||
		    [ "${#lines[@]}" -ne "$n" ]; then
			echo "$r: status $status, ${#lines[@]} lines"
			echo "stderr: $stderr"
			echo "want:   $prog: $1: byte $2: $3"
			return 1
		fi
	done
}

@test "a pcap file: says it is a capture, suggests nc-decode -r" {
	printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\x00\x00\x01\x00\x00\x00' >"$D/f.pcap"
	all_fail "$D/f.pcap" 0 "this is a packet capture, not a record stream (decode it with nc-decode -r)" 0
}

@test "a pcapng file: the same" {
	printf '\x0a\x0d\x0d\x0a\x1c\x00\x00\x00\x4d\x3c\x2b\x1a\x01\x00\x00\x00' >"$D/f.pcapng"
	all_fail "$D/f.pcapng" 0 "this is a packet capture, not a record stream (decode it with nc-decode -r)" 0
}

@test "a real capture from the shared corpus, if there" {
	pcaps=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	f=$pcaps/basic/zeek-communityid-tcp.pcap
	[ -f "$f" ] || skip "no shared captures at $pcaps"
	all_fail "$f" 0 "this is a packet capture, not a record stream (decode it with nc-decode -r)" 0
}

@test "garbage text" {
	echo 'hello, world' >"$D/text"
	for r in "${READERS[@]}"; do
		run --separate-stderr timeout 20 $r "$D/text"
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		[[ "$stderr" == "${r%% *}: $D/text: byte 0: "*"not a record stream"* ]]
		[ "${#stderr_lines[@]}" -eq 1 ]
	done
}

@test "empty input is an empty stream: no error, only the CSV header row" {
	: >"$D/empty"
	for r in "${READERS[@]}"; do
		for src in "$D/empty" "</dev/null"; do
			run --separate-stderr bash -c "$r $src"
			[ "$status" -eq 0 ]
			[ -z "$stderr" ]
			if [ "${r%% *}" = nc-tocsv ]; then
				[ "$output" = packet ]
			else
				[ -z "$output" ]
			fi
		done
	done
}

@test "a failing nc-decode upstream gives one error, not two" {
	for r in "${READERS[@]}"; do
		run --separate-stderr bash -c "nc-decode -r '$D/none.pcap' | $r"
		[ "$status" -eq 0 ]
		[ "${#stderr_lines[@]}" -eq 1 ]
		[[ "$stderr" == "nc-decode: "*"none.pcap"* ]]
	done
}

@test "an absurd frame length" {
	printf '\xff\xff\xff\xff\x0f' >"$D/huge"
	all_fail "$D/huge" 0 "frame length 4294967295 exceeds the 16777216-byte limit: not a record stream" 0
	printf "$HDR"'\xff\xff\xff\x7f' >"$D/huge2"
	for r in "${READERS[@]}"; do
		run --separate-stderr timeout 20 $r "$D/huge2"
		[ "$status" -eq 1 ]
		[[ "$stderr" == *": byte 3: frame length 268435455 exceeds the 16777216-byte limit"* ]]
	done
}

@test "a truncated frame: records before it are kept" {
	# a Header and two TCP records, the second one cut short
	"$fixture" -n 2 | head -c -5 >"$D/cut"
	run --separate-stderr nc-tocsv -t tcp -f packet "$D/cut"
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'packet\n1')" ]
	[[ "$stderr" == "nc-tocsv: $D/cut: byte "*": truncated frame: "*" of "*" bytes" ]]
	for r in "nc-tojson -t tcp" "nc-dump -t tcp"; do
		run --separate-stderr $r "$D/cut"
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		[[ "${lines[0]}" == *"192.168.0.0"*"10.1.2.3"* ]]
		[[ "$stderr" == "${r%% *}: $D/cut: byte "*": truncated frame: "* ]]
	done
}

@test "a truncated stream through a pipe: same, as stdin" {
	run --separate-stderr bash -c '"$1" -n 2 | head -c -5 | nc-dump -t tcp' _ "$fixture"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$stderr" == "nc-dump: stdin: byte "*": truncated frame: "* ]]
}

@test "garbage after a good stream" {
	{ cat "$D/good.ncap"; echo 'trailing junk'; } >"$D/tail"
	all_fail "$D/tail" "$(stat -c %s "$D/good.ncap")" "truncated frame: 13 of 116 bytes" 2
}

@test "a frame protobuf-c cannot decode" {
	printf "$HDR"'\x03\x5a\x01\xff' >"$D/bad"
	all_fail "$D/bad" 3 "cannot decode TCP record" 0
}

@test "an empty frame and a malformed envelope" {
	printf "$HDR"'\x00' >"$D/zero"
	all_fail "$D/zero" 3 "empty frame" 0
	printf "$HDR"'\x02\x08\x01' >"$D/env"
	all_fail "$D/env" 3 "malformed record envelope" 0
}

@test "a stream that does not start with a Header" {
	printf '\x02\x5a\x00' >"$D/nohdr"
	all_fail "$D/nohdr" 0 "not a record stream (it does not start with a Header record)" 0
}

@test "truncated gzip and zstd input" {
	gzip -c "$D/good.ncap" | head -c 200 >"$D/cut.gz"
	zstd -q -c "$D/good.ncap" | head -c 200 >"$D/cut.zst"
	for f in cut.gz cut.zst; do
		for r in "${READERS[@]}"; do
			run --separate-stderr timeout 20 $r "$D/$f"
			[ "$status" -eq 1 ]
			[[ "$stderr" == "${r%% *}: $D/$f: byte "*": truncated "*" input (the "*" at byte 0 of the file)" ]] ||
			    [[ "$stderr" == "${r%% *}: $D/$f: byte "*": truncated frame"* ]]
			[ "${#stderr_lines[@]}" -eq 1 ]
		done
	done
}

@test "zero padding after a gzip member is read as gzip -d reads it" {
	gzip -c "$D/good.ncap" >"$D/pad.gz"
	head -c 3000 /dev/zero >>"$D/pad.gz"
	gzip -dc "$D/pad.gz" | cmp - "$D/good.ncap"
	for r in "${READERS[@]}"; do
		run --separate-stderr $r "$D/pad.gz"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$output" = "$($r "$D/good.ncap")" ]
	done
	# but not something else after the padding
	printf x >>"$D/pad.gz"
	all_fail "$D/pad.gz" "$(stat -c %s "$D/good.ncap")" \
	    "corrupt gzip input (the gzip member at byte $(($(stat -c %s "$D/pad.gz") - 1)) of the file): data after zero padding" 2
}

# File $1 with the byte $2 from its end flipped.
flip() {
	python3 -c 'import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[-int(sys.argv[2])] ^= 0xff
open(sys.argv[1], "wb").write(b)' "$1" "$2"
}

@test "a damaged compressed member: where it starts, what came before it" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	n=$(stat -c %s "$D/good.ncap")
	# two zstd frames, the second failing its checksum
	zstd -q -c "$D/good.ncap" >"$D/one.zst"
	cp "$D/one.zst" "$D/bad.zst"
	flip "$D/bad.zst" 1
	cat "$D/one.zst" "$D/bad.zst" >"$D/two.zst"
	all_fail "$D/two.zst" "$n" "corrupt zstd input (the zstd frame at byte $(stat -c %s "$D/one.zst") of the file): Restored data doesn't match checksum" 2
	all_fail "$D/bad.zst" 0 "corrupt zstd input (the zstd frame at byte 0 of the file): Restored data doesn't match checksum" 0
	# two gzip members, the second failing its CRC: zlib hands over its
	# data before it checks
	gzip -c "$D/good.ncap" >"$D/one.gz"
	cp "$D/one.gz" "$D/bad.gz"
	flip "$D/bad.gz" 6
	cat "$D/one.gz" "$D/bad.gz" >"$D/two.gz"
	all_fail "$D/two.gz" "$((2 * n))" "corrupt gzip input (the gzip member at byte $(stat -c %s "$D/one.gz") of the file): incorrect data check" 4
}

@test "unknown record types are skipped with one warning" {
	printf "$HDR"'\x03\xc2\x0c\x00\x03\xc2\x0c\x00\x03\xca\x0c\x00' >"$D/newer"
	cat "$D/good.ncap" >>"$D/newer"
	for r in "${READERS[@]}"; do
		run --separate-stderr $r "$D/newer"
		[ "$status" -eq 0 ]
		[ "${stderr_lines[0]}" = "${r%% *}: $D/newer: byte 3: skipping records of unknown type 200 (from a newer netcap?)" ]
		[ "${stderr_lines[1]}" = "${r%% *}: $D/newer: byte 11: skipping records of unknown type 201 (from a newer netcap?)" ]
		[ "${#stderr_lines[@]}" -eq 2 ]
	done
	run --separate-stderr nc-tocsv -t tcp -f packet "$D/newer"
	[ "$output" = "$(printf 'packet\n1\n3')" ]
}

@test "a missing file is warned about, the others read, exit 1" {
	for r in "${READERS[@]}"; do
		run --separate-stderr $r "$D/nosuch" "$D/good.ncap"
		[ "$status" -eq 1 ]
		[ "$stderr" = "${r%% *}: $D/nosuch: No such file or directory" ]
		[ "${#lines[@]}" -ge 2 ]
	done
}

@test "a directory given as input" {
	for r in "${READERS[@]}"; do
		run --separate-stderr $r "$D"
		[ "$status" -eq 1 ]
		[[ "$stderr" == "${r%% *}: $D: byte 0: read error: Is a directory" ]]
	done
}

@test "damage in the second file stops after the first was rendered" {
	printf '\xff\xff\xff\xff\x0f' >"$D/huge"
	run --separate-stderr nc-dump -t tcp "$D/good.ncap" "$D/huge" "$D/good.ncap"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "$stderr" == "nc-dump: $D/huge: byte 0: frame length"* ]]
}

@test "a record over the budget: one line naming the limit, -B raises it" {
	# a Header, then at byte 3 a DNS record of 20 empty answers
	{ printf "$HDR"'\x3f\x8a\x01\x3c'
	  for i in $(seq 20); do printf '\xd2\x01\x00'; done; } >"$D/dns"
	READERS=("nc-tocsv -B elements=19 -t dns -f id"
	    "nc-tojson -B elements=19 -t dns" "nc-dump -t dns -B elements=19")
	all_fail "$D/dns" 3 "DNS record has more than 19 repeated elements, the budget (-B elements=N raises it)" 0
	READERS=("nc-tocsv -B depth=0 -t dns -f id")
	all_fail "$D/dns" 3 "DNS record nests more than 0 deep, the budget (-B depth=N raises it)" 0
	READERS=("nc-dump -B size=1k -t dns")
	all_fail "$D/dns" 3 "DNS record unpacks to more than 1024 bytes, the budget (-B size=N raises it)" 0
	for r in "nc-tocsv -B elements=20 -t dns -f id" \
	    "nc-tojson -B depth=1,elements=20 -t dns" \
	    "nc-dump -B elements=20,size=1m -t dns" "nc-tojson -t dns"; do
		run --separate-stderr $r "$D/dns"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
	done
}

@test "-B: a bad budget is a usage error" {
	for p in nc-tocsv nc-tojson nc-dump; do
		run --separate-stderr $p -B size=lots "$D/good.ncap"
		[ "$status" -eq 2 ]
		[ "${stderr_lines[0]}" = "$p: -B: bad budget: size=lots (elements=N, depth=N or size=N[kmg])" ]
	done
}
