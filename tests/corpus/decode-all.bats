#!/usr/bin/env bats
# Every shared capture decodes without a crash, into a stream that reads
# back and accounts for every packet, and decoding is deterministic.
#
# The captures libpcap itself cannot read to the end are the ones whose
# MANIFEST.tsv notes say "reader error" (tcpdump -r stops on them too:
# "archaic pcap savefile format", "unsupported pcapng savefile version",
# "block total length in header and trailer don't match", "truncated dump
# file", "invalid packet capture length"); for those nc-decode must exit 1
# with one line of explanation, after writing the packets it could read.

setup_file() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	# (setup skips every test then: skip does not work here in bats 1.8)
	[ -f "$PCAPS/MANIFEST.tsv" ] || return 0
	# file <TAB> packets libpcap reads (leading number of the packets
	# column: "6 readable" is 6) <TAB> 1 when libpcap stops with an error
	awk -F'\t' 'NR > 1 && $1 != "" {
		n = $6; sub(/[^0-9].*/, "", n)
		print $1 "\t" n "\t" ($8 ~ /reader error/ ? 1 : 0)
	}' "$PCAPS/MANIFEST.tsv" >"$BATS_FILE_TMPDIR/list"
	[ -s "$BATS_FILE_TMPDIR/list" ]
	local f n e rc i=0
	while IFS=$'\t' read -r f n e; do
		i=$((i + 1))
		rc=0
		nc-decode -q -r "$PCAPS/$f" >"$BATS_FILE_TMPDIR/$i.ncap" \
		    2>"$BATS_FILE_TMPDIR/$i.err" || rc=$?
		echo "$rc" >"$BATS_FILE_TMPDIR/$i.rc"
	done <"$BATS_FILE_TMPDIR/list"
}

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	[ -f "$PCAPS/MANIFEST.tsv" ] ||
	    skip "no shared captures in $PCAPS (set NC_PCAPS)"
	T=$BATS_FILE_TMPDIR
}

# A sanitizer report, whatever exit status it came with.
sanitized() {
	grep -qE 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:' "$1"
}

# Prints a failure, at most 10 of them per test.
fail() {
	bad=$((bad + 1))
	[ "$bad" -le 10 ] && printf '%s\n' "$@"
	return 0
}

# Says how many failures were not shown; succeeds when there were none.
verdict() {
	[ "$bad" -le 10 ] || echo "... and $((bad - 10)) more"
	[ "$bad" -eq 0 ]
}

@test "nc-decode -r exits 0 on every capture, 1 with one line where libpcap fails, never crashes" {
	local f n e i=0 rc bad=0
	while IFS=$'\t' read -r f n e; do
		i=$((i + 1))
		read -r rc <"$T/$i.rc"
		# (an empty stderr cannot hold a report: no grep for it)
		if [ "$rc" -ge 128 ] || [ "$rc" -eq 99 ] ||
		    { [ -s "$T/$i.err" ] && sanitized "$T/$i.err"; }; then
			fail "$f: crashed (exit $rc):" "$(head -n 12 "$T/$i.err")"
		elif [ "$e" = 0 ] && [ "$rc" -ne 0 ]; then
			fail "$f: exit $rc, want 0: $(head -n 3 "$T/$i.err")"
		elif [ "$e" = 1 ] && [ "$rc" -ne 1 ]; then
			fail "$f: exit $rc, want 1 (libpcap cannot read it all)"
		elif [ "$e" = 1 ] && { [ "$(wc -l <"$T/$i.err")" -ne 1 ] ||
		    ! grep -q '^nc-decode: .' "$T/$i.err"; }; then
			fail "$f: want one line \"nc-decode: ...\" on stderr, got:" \
			    "$(head -n 5 "$T/$i.err")"
		fi
	done <"$T/list"
	[ "$i" -ge 80 ] || fail "only $i captures in MANIFEST.tsv"
	verdict
}

@test "every stream reads back with nc-dump and has a record for each packet 1..N" {
	local f n e i=0 bad=0 got want
	while IFS=$'\t' read -r f n e; do
		i=$((i + 1))
		if [ ! -s "$T/$i.ncap" ]; then
			# Nothing at all is right only for a file with no packets.
			[ "$n" -eq 0 ] || fail "$f: empty output, want $n packets"
			continue
		fi
		if ! nc-dump -t all,header "$T/$i.ncap" >"$T/$i.dump" 2>"$T/$i.dumperr" ||
		    [ -s "$T/$i.dumperr" ]; then
			fail "$f: nc-dump: $(head -n 3 "$T/$i.dumperr")"
			continue
		fi
		# The first record is the Header; the second column of the other
		# lines is the packet number (see nc-dump(1)).  One awk a capture
		# (174 of them, twice a run): "<" a packet without records, ">"
		# a number that is not a packet, at most 5 of them.
		out=$(awk -v n="$n" '
		    NR == 1 && substr($0, 1, 7) != "HEADER " { print "no Header" }
		    $1 != "HEADER" && $2 != "-" { got[$2 + 0] = 1 }
		    END {
			for (k = 1; k <= n && d < 5; k++)
				if (!(k in got)) { print "< " k; d++ }
			for (k in got)
				if ((k + 0 < 1 || k + 0 > n + 0) && d < 5) { print "> " k; d++ }
		    }' "$T/$i.dump")
		case $out in
		"") ;;
		"no Header"*)
			fail "$f: does not start with a Header"
			[ "$out" = "no Header" ] ||
			    fail "$f: packets with records differ from 1..$n:" "${out#no Header?}" ;;
		*) fail "$f: packets with records differ from 1..$n:" "$out" ;;
		esac
	done <"$T/list"
	verdict
}

# In the sanitizer pass the question is whether the ASan+UBSan build
# writes what the plain build (NC_PLAIN_BUILD, set by tests/run) writes:
# output that hangs on uninitialised memory or on where malloc puts
# things differs between the two.  That also makes the field-by-field
# comparisons of the first pass (tshark-agree) hold for this build, so
# they do not run again.
@test "decoding a capture twice gives byte-identical streams; so do the two builds, and nc-tojson on them" {
	local f n e i=0 bad=0 plain=${NC_PLAIN_BUILD:-}
	if [ -z "$plain" ] || [ "$plain" = "$NC_BUILD" ]; then
		plain=
	fi
	while IFS=$'\t' read -r f n e; do
		i=$((i + 1))
		if [ -z "$plain" ]; then
			nc-decode -q -r "$PCAPS/$f" >"$T/$i.again" 2>/dev/null || true
			cmp -s "$T/$i.ncap" "$T/$i.again" ||
			    fail "$f: second decode differs: $(cmp "$T/$i.ncap" "$T/$i.again" 2>&1)"
			continue
		fi
		"$plain/bin/nc-decode" -q -r "$PCAPS/$f" >"$T/$i.again" 2>/dev/null || true
		cmp -s "$T/$i.ncap" "$T/$i.again" ||
		    fail "$f: the plain build's stream differs: $(cmp "$T/$i.ncap" "$T/$i.again" 2>&1)"
		[ -s "$T/$i.ncap" ] || continue
		rc=0
		nc-tojson "$T/$i.ncap" >"$T/$i.json" 2>"$T/$i.jsonerr" || rc=$?
		if [ "$rc" -ne 0 ]; then
			fail "$f: nc-tojson exit $rc: $(head -n 5 "$T/$i.jsonerr")"
		elif ! "$plain/bin/nc-tojson" "$T/$i.ncap" 2>/dev/null |
		    cmp -s - "$T/$i.json"; then
			fail "$f: nc-tojson of the two builds differs"
		fi
	done <"$T/list"
	verdict
}
