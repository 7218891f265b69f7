#!/usr/bin/env bats
# Hostile arguments: every flag and operand of every program given an
# empty string, 64 KiB, and bytes that are not UTF-8.  Each run must end
# with a status of the suite's table (0, 1, 2) and no sanitizer report:
# make test runs this file a second time with the ASan+UBSan build.

bats_require_minimum_version 1.5.0

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	NC_BUILD=${NC_BUILD:-$(cd "$(dirname "$(command -v nc-decode)")/.." && pwd)}
	# the programs of the build under test, sanitized or not
	PATH=$NC_BUILD/bin:$PATH
	F=$NC_ROOT/tests/data/decode
	# Files the programs create with these names land here.
	D=$BATS_TEST_TMPDIR/w
	mkdir -p "$D"
	cd "$D"
	nc-decode -r "$F/eth.pcap" -w "$BATS_TEST_TMPDIR/s.ncap"
	S=$BATS_TEST_TMPDIR/s.ncap
	BAD=$'\xff\xfe\xc0\x80\xed\xa0\x80\x1b[2J'
	# 64 KiB, not UTF-8 either: one run for both
	LONG=$(for i in $(seq 5958); do printf '%s' "$BAD"; done | head -c 65536)
}

# Runs the command with each hostile value put where @ is: empty, long,
# and (for names of files, folders, users and interfaces, where a short
# name gets further) short and not UTF-8.
hostile() {
	local v args a values=("" "$LONG")
	[ "$1" != -n ] || { values+=("$BAD"); shift; }
	for v in "${values[@]}"; do
		args=()
		for a in "$@"; do
			[ "$a" = @ ] && a=$v
			args+=("$a")
		done
		# Not bats' run: this is many runs, and each costs.
		status=0
		timeout 20 "${args[@]}" </dev/null >/dev/null \
		    2>"$BATS_TEST_TMPDIR/err" || status=$?
		if [ "$status" -gt 2 ] ||
		    grep -Eq 'Sanitizer|runtime error' "$BATS_TEST_TMPDIR/err"; then
			echo "${args[*]:0:3} (value of ${#v} bytes): status $status"
			head -c 2000 "$BATS_TEST_TMPDIR/err"
			return 1
		fi
	done
}

@test "nc-decode: hostile values for every option and the expression" {
	for o in -c -s -t -x; do
		hostile nc-decode "$o" @ -r "$F/eth.pcap" -w /dev/null
	done
	hostile -n nc-decode -r @ -w /dev/null
	hostile -n nc-decode -r "$F/eth.pcap" -w @
	hostile -n nc-decode -r "$F/eth.pcap" -Z @ -w /dev/null
	hostile -n nc-decode -i @ -c 1 -w /dev/null
	hostile nc-decode -r "$F/eth.pcap" -w /dev/null @
	hostile nc-decode -r "$F/eth.pcap" -w /dev/null tcp or @
}

@test "nc-tocsv: hostile values for every option and file" {
	for o in -t -x -T; do
		hostile nc-tocsv "$o" @ "$S"
	done
	hostile nc-tocsv -t tcp -f @ "$S"
	hostile -n nc-tocsv -d @ "$S"
	hostile -n nc-tocsv -t tcp @
	hostile nc-tocsv -t tcp "$S" @
}

@test "nc-tojson and nc-dump: hostile values for every option and file" {
	for p in nc-tojson nc-dump; do
		for o in -t -x -T; do
			hostile "$p" "$o" @ "$S"
		done
		hostile -n "$p" @
		hostile "$p" "$S" @
	done
}

@test "an empty -d or -w is a usage error, not a crash" {
	run --separate-stderr nc-tocsv -d '' "$S"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nc-tocsv: -d needs a folder name" ]
	run --separate-stderr nc-decode -r "$F/eth.pcap" -w ''
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nc-decode: -w needs a file name" ]
}

@test "nc-send and nc-recv: hostile values for every option and operand" {
	(cd "$BATS_TEST_TMPDIR" && nc-recv -g c >c.pub && nc-send -g s >s.pub)
	K=$BATS_TEST_TMPDIR
	for o in -b -D -e -i -t -z; do
		hostile nc-send "$o" @ -e 0 -S "$K/sp" -k "$K/s.key" -s "$K/c.pub" 127.0.0.1:1
	done
	hostile -n nc-send -e 0 -S @ -k "$K/s.key" -s "$K/c.pub" 127.0.0.1:1
	hostile -n nc-send -e 0 -S "$K/sp" -k @ -s "$K/c.pub" 127.0.0.1:1
	hostile -n nc-send -e 0 -S "$K/sp" -k "$K/s.key" -s @ 127.0.0.1:1
	hostile nc-send -e 0 -S "$K/sp" -k "$K/s.key" -s "$K/c.pub" @
	hostile -n nc-send -g @
	for o in -c -i -M -m -R -r -t; do
		hostile nc-recv "$o" @ -l 127.0.0.1:bad -k "$K/c.key" -a "$K/s.pub"
	done
	hostile nc-recv -l @ -k "$K/c.key" -a "$K/s.pub"
	hostile -n nc-recv -l 127.0.0.1:bad -k @ -a "$K/s.pub"
	hostile -n nc-recv -l 127.0.0.1:bad -k "$K/c.key" -a @
	hostile -n nc-recv -d @ -l 127.0.0.1:bad -k "$K/c.key" -a "$K/s.pub"
	hostile -n nc-recv -g @
	# fleet mode, on a port nothing listens on
	N=nats://127.0.0.1:1
	for o in -C -J -n -T; do
		hostile -n nc-send -e 0 -S "$K/sp" -k "$K/s.key" -n s "$o" @ "$N"
	done
	hostile nc-send -e 0 -S "$K/sp" -k "$K/s.key" -n s "nats://@"
	# (-C: a collector waits for ever for a server to take it)
	for o in -J -T -u; do
		hostile -n nc-recv -l "$N" -a "$K/s.pub" -u d "$o" @
	done
}
