#!/usr/bin/env bats
# nc-decode against tshark, field by field, on every shared capture: link,
# network and transport headers (see tests/corpus/README).  Disagreements
# that are understood are listed, with their reason, in
# known-differences.tsv; any other one fails, and so does a listed one that
# no longer happens.

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	KNOWN=$BATS_TEST_DIRNAME/known-differences.tsv
	AGREE=$BATS_TEST_DIRNAME/agree
	[ -f "$PCAPS/MANIFEST.tsv" ] ||
	    skip "no shared captures in $PCAPS (set NC_PCAPS)"
	command -v tshark >/dev/null || skip "tshark is not installed"
	[ -x /usr/bin/python3 ] || skip "/usr/bin/python3 is not installed"
}

# Prints the first paragraph of a file as TAP diagnostics.
diag() {
	sed -n '/^$/q; s/^/# /p' "$1" >&3
}

@test "known-differences.tsv: four columns, a reason, captures that exist" {
	[ "${NC_TEST_PASS:-1}" = 1 ] || skip "no program runs: checked in the first pass"
	run awk -F'\t' -v dir="$PCAPS" '
		/^#/ || NF == 0 { next }
		$1 == "capture" && $2 == "packet" { next }
		NF != 4 || $4 == "" { print FILENAME ":" NR ": want 4 columns, the last a reason"; bad = 1; next }
		$2 != "*" && $2 !~ /^[1-9][0-9]*$/ { print FILENAME ":" NR ": packet must be a number or *"; bad = 1 }
		seen[$1 FS $2 FS $3]++ { print FILENAME ":" NR ": listed twice"; bad = 1 }
		{ if ((getline line < (dir "/" $1)) < 0) { print FILENAME ":" NR ": no capture " $1; bad = 1 } close(dir "/" $1) }
		END { exit bad }' "$KNOWN"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "nc-decode agrees with tshark on every capture but the listed differences" {
	# decode-all.bats checks there that this build's streams and JSON
	# are the first pass's, byte for byte.
	[ "${NC_TEST_PASS:-1}" = 1 ] || skip "the sanitizer build writes the same bytes (decode-all)"
	sum=$BATS_TEST_TMPDIR/summary
	run "$AGREE" -j "$(nproc 2>/dev/null || echo 2)" -k "$KNOWN" -s "$sum" "$PCAPS"
	[ -f "$sum" ] && diag "$sum"
	if [ "$status" -ne 0 ]; then
		echo "agree exit $status; '+' not listed in known-differences.tsv, '-' listed but gone:"
		echo "$output"
		[ -f "$sum" ] && cat "$sum"
		return 1
	fi
	# Something was compared: every protocol the corpus holds.
	for p in Ethernet Dot1Q ARP IPv4 IPv6 IPv6HopByHop IPv6Fragment TCP UDP ICMPv4 ICMPv6 IGMP; do
		grep -q "^$p " "$sum" || { echo "nothing compared for $p"; return 1; }
	done
	[ "$(awk '$1 == "all" { print $4 }' "$sum")" -gt 100000 ]
}

# The comparison itself: a difference that is not listed fails, and so
# does a listed one that does not happen.
@test "agree fails on an unlisted difference and on a stale listed one" {
	f=basic/zeek-communityid-arp.pcap
	printf '%s\t3\tarp.opcode\tinvented for the test\n' "$f" >"$BATS_TEST_TMPDIR/stale.tsv"
	run "$AGREE" -j 1 -k "$BATS_TEST_TMPDIR/stale.tsv" "$PCAPS" "$f"
	[ "$status" -eq 1 ]
	[[ "$output" == *"- $f	3	arp.opcode	(invented for the test: listed at line 1, no longer happens)"* ]]

	# Pick a listed difference of one packet and drop it from the list.
	line=$(awk -F'\t' '!/^#/ && $2 ~ /^[0-9]+$/ { print; exit }' "$KNOWN")
	[ -n "$line" ] || skip "no single-packet known difference to remove"
	cap=$(printf '%s\n' "$line" | cut -f1)
	pkt=$(printf '%s\n' "$line" | cut -f2)
	fld=$(printf '%s\n' "$line" | cut -f3)
	grep -vF "$line" "$KNOWN" >"$BATS_TEST_TMPDIR/less.tsv"
	run "$AGREE" -j 1 -k "$BATS_TEST_TMPDIR/less.tsv" "$PCAPS" "$cap"
	[ "$status" -eq 1 ]
	[[ "$output" == *"+ $cap	$pkt	$fld	tshark="* ]]
}
