#!/usr/bin/env bats
# The standing adversarial suite: hostile streams (build/tools/hostile)
# run through every sink, each of which must end with status 0 or 1, never
# a signal or a hang, say what is wrong in one line, and stay under 64 MiB
# of peak memory (GNU time, not under the sanitizers, whose shadow memory
# counts too).  Then truncation at every offset of a real stream, and a
# mutation run with zzuf over a few captures (tests/mutate).
#
# make test keeps the amplifying frames at 512 KiB (NC_HOSTILE_SIZE) and
# runs a choice of the cases; NC_HOSTILE_ALL=1 runs every case the generator
# knows, at the full 16 MiB unless NC_HOSTILE_SIZE says otherwise.

bats_require_minimum_version 1.5.0

setup_file() {
	export NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	export NC_BUILD=${NC_BUILD:-$(cd "$(dirname "$(command -v nc-dump)")/.." && pwd)}
}

setup() {
	[ -x /usr/bin/time ] || skip "no GNU time (scripts/install-deps test)"
	hostile=$NC_BUILD/tools/hostile
	[ -x "$hostile" ] || { echo "no $hostile: run make"; return 1; }
	D=$BATS_TEST_TMPDIR
	SINKS=("nc-tojson" "nc-tocsv -d $D/csv" "nc-dump")
	# 64 MiB, in the KiB GNU time reports
	RSS_MAX=65536
	measure=1
	# ASan's shadow memory and quarantine are not the program's
	if grep -q __asan_init "$(command -v nc-dump)" 2>/dev/null; then
		measure=0
	fi
	if [ "${NC_HOSTILE_ALL:-0}" = 1 ]; then
		size=${NC_HOSTILE_SIZE:-0}
	else
		size=${NC_HOSTILE_SIZE:-524288}
	fi
}

# Output to a file: bash would take minutes over a 24 MiB line in $output.
to_file() {
	"$@" >"$D/out"
}

# sinks FILE STATUS [PATTERN]: every sink on FILE ends with STATUS and, for
# status 1, one line on stderr "PROG: FILE: byte N: ..." matching PATTERN
# (a glob); for status 0, nothing or only the unknown-type warning.  Peak
# memory under RSS_MAX.  Prints the figures on fd 3 for the TAP log.
sinks() {
	local f=$1 want=$2 pat=${3:-*} s prog rss figures=""
	for s in "${SINKS[@]}"; do
		prog=${s%% *}
		rm -rf "$D/csv"
		run --separate-stderr to_file /usr/bin/time -o "$D/time" \
		    -f %M timeout 20 $s "$f"
		rss=$(tail -n 1 "$D/time")
		figures="$figures $prog=$status/${rss}K"
		if [ "$status" -ne "$want" ]; then
			echo "$s $f: status $status, want $want"
			echo "stderr: $stderr"
			return 1
		fi
		if [ "$want" -eq 1 ] && { [ "${#stderr_lines[@]}" -ne 1 ] ||
		    [[ "$stderr" != "$prog: $f: byte "[0-9]*": "$pat ]]; }; then
			echo "$s $f: stderr is not one clear line matching $pat:"
			echo "$stderr"
			return 1
		fi
		if [ "$want" -eq 0 ] && [ -n "$stderr" ] &&
		    [[ "$stderr" != *"skipping records of unknown type"* ]]; then
			echo "$s $f: unexpected stderr: $stderr"
			return 1
		fi
		if [ "$measure" = 1 ] && [ "$rss" -gt "$RSS_MAX" ]; then
			echo "$s $f: peak memory ${rss} KiB over ${RSS_MAX} KiB"
			return 1
		fi
	done
	echo "# $(basename "$f"):$figures" >&3
}

# hcase CASE STATUS [PATTERN]: generates CASE and runs every sink on it.
hcase() {
	local c=$1
	shift
	if [ "$size" -gt 0 ]; then
		"$hostile" -s "$size" "$c" >"$D/$c"
	else
		"$hostile" "$c" >"$D/$c"
	fi
	sinks "$D/$c" "$@"
}

# The cases make test runs of a family, or all of them.
pick() {
	local fam=$1
	shift
	if [ "${NC_HOSTILE_ALL:-0}" = 1 ]; then
		"$hostile" -l | grep -E "^$fam(-gz|-zst|-zst27|-xz|-xz9)?$"
	else
		printf '%s\n' "$@"
	fi
}

@test "amplifying frames: refused by the budget, nothing held" {
	local c t pat
	for c in $(pick '(answers|sack|packed|strings|unknown|singular)' \
	    answers-gz answers-zst strings-zst answers-xz); do
		case $c in
		answers*|unknown*|singular*) t=DNS ;;
		sack*|packed*) t=TCP ;;
		strings*) t=SIP ;;
		esac
		pat="$t record * the budget (-B *=N raises it)"
		hcase "$c" 1 "$pat"
	done
}

@test "one field the size of the frame: rendered within the budget, or refused" {
	local c
	for c in $(pick bytes bytes-zst); do
		if [ "$size" -gt 0 ] && [ "$size" -lt $((4 << 20)) ]; then
			hcase "$c" 0
		else
			hcase "$c" 1 "Undecoded record unpacks to more than 4194304 bytes, the budget (-B size=N raises it)"
		fi
	done
}

@test "deep nesting and damage inside sub-messages" {
	local c
	for c in $(pick '(deep|nested-damage)' deep-zst nested-damage-zst); do
		hcase "$c" 1 "DNS record unpacks to more than 4194304 bytes, the budget (-B size=N raises it)"
	done
	for c in $(pick nested-len nested-len); do
		hcase "$c" 1 "cannot decode DNS record"
	done
}

@test "huge and overlong varints, in fields and frame lengths" {
	local c
	for c in $(pick 'varint-(field|tag)' varint-field varint-tag); do
		hcase "$c" 1 "cannot decode TCP record"
	done
	for c in $(pick len-overlong len-overlong-zst); do
		hcase "$c" 1 "frame length over 5 varint bytes"
	done
	for c in $(pick len-huge); do
		hcase "$c" 1 "frame length 17179869184 exceeds the 16777216-byte limit"
	done
	for c in $(pick len-cap); do
		hcase "$c" 1 "frame length 16777217 exceeds the 16777216-byte limit"
	done
	for c in $(pick len-truncated len-truncated-zst); do
		hcase "$c" 1 "truncated frame: 6 of 16777216 bytes"
	done
}

@test "decompression bombs: zstd and xz windows, long streams, the most a reader holds" {
	local c
	for c in $(pick window window-zst27 window-xz9); do
		case $c in
		*-zst27) hcase "$c" 1 "zstd window over 8 MiB (--long or --ultra?): decompress with zstd -d --long=31 first" ;;
		*-xz9) hcase "$c" 1 "xz dictionary over 12 MiB (xz -7 or above?): decompress with xz -d first" ;;
		*) hcase "$c" 0 ;;
		esac
	done
	for c in $(pick frames frames-zst frames-xz); do
		hcase "$c" 0
	done
	# a 16 MiB frame read whole, then a string as long as the budget
	# allows, all control characters: always at full size, and only
	# where memory is measured (make test's time is short)
	[ "$measure" = 1 ] || [ "${NC_HOSTILE_ALL:-0}" = 1 ] || return 0
	for c in $(pick worst worst-zst worst-xz); do
		"$hostile" "$c" >"$D/$c"
		sinks "$D/$c" 0
	done
}

@test "truncation at every offset of a real stream, raw, gzip, zstd and xz" {
	nc-decode -q -r "$NC_ROOT/tests/data/demo.pcap" -c 5 -w "$D/demo.ncap"
	run "$NC_BUILD/tools/truncate" "$D/demo.ncap"
	echo "$output"
	[ "$status" -eq 0 ]
	echo "# truncate: $output" >&3
}

@test "mutation run: zzuf over captures and streams" {
	command -v zzuf >/dev/null || skip "no zzuf (scripts/install-deps test)"
	run "$NC_ROOT/tests/mutate" "$(dirname "$(command -v nc-dump)")" \
	    "${NC_MUTATE_SEEDS:-2}"
	echo "$output"
	[ "$status" -eq 0 ]
	echo "$output" | sed -n 's/^# /# mutate: /p' >&3
}
