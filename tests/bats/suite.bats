#!/usr/bin/env bats
# Checks that keep the suite in step with itself: manual pages, usage lines,
# shell completions and installation.

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	# the list and what is added to it (PROGS += ...)
	PROGS=$(sed -n 's/^PROGS +\{0,1\}= //p' "$NC_ROOT/Makefile" | tr '\n' ' ')
}

@test "every man page passes mandoc -Tlint" {
	[ "${NC_TEST_PASS:-1}" = 1 ] || skip "no program runs: checked in the first pass"
	run mandoc -Tlint -Wwarning "$NC_ROOT"/man/*.[157]
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "every program has a man page, and netcap.7 lists it" {
	[ "${NC_TEST_PASS:-1}" = 1 ] || skip "no program runs: checked in the first pass"
	for p in $PROGS; do
		[ -f "$NC_ROOT/man/$p.1" ]
		grep -q "^\.Xr $p 1" "$NC_ROOT/man/netcap.7"
	done
}

# The SYNOPSIS as mandoc renders it, on one line.
synopsis() {
	mandoc -Tascii -O width=1000 "$1" | col -b |
	    awk '/^SYNOPSIS/ { on = 1; next } /^[A-Z]/ { on = 0 } on' |
	    tr -s ' \t\n' '   ' | sed 's/^ //; s/ $//'
}

@test "each man page SYNOPSIS matches the program's -h" {
	for p in $PROGS; do
		run "$p" -h
		[ "$status" -eq 0 ]
		usage=$(printf '%s\n' "$output" | sed -n '1s/^usage: //p')
		man=$(synopsis "$NC_ROOT/man/$p.1")
		if [ "$usage" != "$man" ]; then
			echo "$p -h:   $usage"
			echo "$p.1:   $man"
			return 1
		fi
	done
}

@test "every program takes --help and --version as -h and -V" {
	for p in $PROGS; do
		[ "$("$p" --help)" = "$("$p" -h)" ]
		[ "$("$p" --version)" = "$("$p" -V)" ]
	done
}

# Options named in a usage line, one letter a line: each letter of a
# group such as [-hlPpqV], and each option with an argument.
usage_opts() {
	"$1" -h | sed -n '1s/^usage: //p' | grep -oE '(^|[[ ])-[A-Za-z]+' |
	    sed 's/^.-//; s/^-//' | fold -w1 | sort -u
}

# The lines of _netcap that handle program $1.
zsh_section() {
	awk -v p="$1" '
	    /^\t[a-z|-]+\)$/ { n = split(substr($1, 1, length($1) - 1), a, "|")
		on = 0; for (i = 1; i <= n; i++) if (a[i] == p) on = 1; next }
	    /;;/ { on = 0 } on' "$NC_ROOT/completions/_netcap"
}

@test "bash completion offers exactly each program's options" {
	for p in $PROGS; do
		want=$(usage_opts "$p" | tr '\n' ' ')
		line=$(sed -n "s/^	$p) opts=\"\\(.*\\)\" ;;/\\1/p" "$NC_ROOT/completions/netcap.bash")
		have=$(printf '%s\n' $line | sed 's/^-//' | sort -u | tr '\n' ' ')
		if [ "$want" != "$have" ]; then
			echo "$p: usage has [$want], completion has [$have]"
			return 1
		fi
	done
}

@test "zsh completion covers each program's options" {
	for p in $PROGS; do
		sec=$(zsh_section "$p")
		[ -n "$sec" ] || { echo "$p: no section in _netcap"; return 1; }
		for o in $(usage_opts "$p"); do
			grep -qE "'(\*)?-$o\[" <<<"$sec" ||
			    { [ "$o" = T ] && grep -q 'time\[@\]' <<<"$sec"; } ||
			    { echo "$p: -$o missing from _netcap"; return 1; }
		done
	done
	if command -v zsh >/dev/null; then
		zsh -n "$NC_ROOT/completions/_netcap"
	fi
}

@test "bash completion completes record types after -t" {
	run bash -c '. "$1/completions/netcap.bash"
		COMP_WORDS=(nc-tocsv -t tc); COMP_CWORD=2; _netcap
		printf "%s\n" "${COMPREPLY[@]}"
		COMP_WORDS=(nc-decode -x TCP,ud); COMP_CWORD=2; _netcap
		printf "%s\n" "${COMPREPLY[@]}"' _ "$NC_ROOT"
	[ "$status" -eq 0 ]
	# type names match case-insensitively, completed in schema case
	[ "${lines[0]}" = TCP ]
	[ "${lines[1]}" = TCP,UDP ]
}

@test "make install puts programs, pages, completions and schema under DESTDIR" {
	dest=$BATS_TEST_TMPDIR/root
	run make -C "$NC_ROOT" --no-print-directory B="${NC_BUILD#$NC_ROOT/}" \
	    DESTDIR="$dest" PREFIX=/usr install
	[ "$status" -eq 0 ]
	for p in $PROGS; do
		[ -x "$dest/usr/bin/$p" ]
		[ -f "$dest/usr/share/man/man1/$p.1" ]
		[ -e "$dest/usr/share/bash-completion/completions/$p" ]
	done
	[ -f "$dest/usr/share/man/man5/ncap.5" ]
	[ -f "$dest/usr/share/man/man7/netcap.7" ]
	[ -f "$dest/usr/share/zsh/site-functions/_netcap" ]
	[ -f "$dest/usr/share/netcap/netcap.proto" ]
	run "$dest/usr/bin/nc-decode" -V
	[[ "$output" == "nc-decode (netcap) "* ]]
}

@test "nc-decode.1 lists every record type and field the schema has" {
	run "$NC_ROOT/scripts/man-types" -c
	[ "$status" -eq 0 ]
	# every Record member appears as an entry of the generated list
	for t in $(nc-decode -L); do
		mandoc -Tascii "$NC_ROOT/man/nc-decode.1" | col -b |
		    grep -q "^     $t ([0-9]*)\$" || { echo "missing $t"; return 1; }
	done
	# and the check notices a schema the page does not match
	sed 's/^  uint32 urgent = 13;$/  uint32 urgent = 13;\n  uint32 added_field = 99;/' \
	    "$NC_ROOT/proto/netcap.proto" >"$BATS_TEST_TMPDIR/p.proto"
	! cmp -s "$NC_ROOT/proto/netcap.proto" "$BATS_TEST_TMPDIR/p.proto"
	run "$NC_ROOT/scripts/man-types" -c "$BATS_TEST_TMPDIR/p.proto"
	[ "$status" -eq 1 ]
	[[ "$output" == *"run scripts/man-types -w"* ]]
}
