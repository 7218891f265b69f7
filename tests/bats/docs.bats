#!/usr/bin/env bats
# Every command README.md and the EXAMPLES of every manual page show runs,
# taken from the documents themselves (tests/tools/doc-examples): the file
# names they use stand for the demo capture, a live interface becomes that
# capture, a remote host this one, and a pager cat.  A page added to man/
# is covered with no change here.

bats_require_minimum_version 1.5.0

setup_file() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	export NC_ROOT
	# The files the examples read, made once for the file's tests and
	# copied into each test's folder (examples write next to them).
	local pcap=$NC_ROOT/tests/data/demo.pcap f
	mkdir "$BATS_FILE_TMPDIR/base"
	cd "$BATS_FILE_TMPDIR/base" || return 1
	mkdir -p tests/data
	ln -s "$pcap" tests/data/demo.pcap
	for f in day1.pcap big.pcap f.pcap a.pcap b.pcapng demo.pcap; do
		ln -s "$pcap" "$f"
	done
	nc-decode -q -r "$pcap" >f.ncap
	zstd -q -c f.ncap >f.ncap.zst
	cp f.ncap.zst big.ncap.zst
	gzip -c f.ncap >mon.ncap.gz
	cp f.ncap.zst tue.ncap.zst
	xz -c f.ncap >wed.ncap.xz
	# ncap(5)'s Python reader, as the page prints it, run by Debian's
	# python3 (python3-protobuf)
	mkdir bin
	ln -s /usr/bin/python3 bin/python3
	protoc --proto_path="$NC_ROOT/proto" --python_out=. netcap.proto
	sed -n '/^\.\\" begin python reader/,/^\.\\" end python reader/p' \
	    "$NC_ROOT/man/ncap.5" | grep -v '^\.' >reader.py
}

setup() {
	# The examples are common uses of programs whose own tests run under
	# the sanitizers; a second round costs a minute of CI for little.
	[ "${NC_TEST_PASS:-1}" = 1 ] ||
	    skip "the documents' commands run in the first pass"
	D=$BATS_TEST_TMPDIR
	cd "$D"
	cp -a "$BATS_FILE_TMPDIR/base/." .
	PATH=$D/bin:$PATH
	# A -w file written after root is dropped needs a folder that
	# account can write.
	W=$(mktemp -d /tmp/nc-docs.XXXXXX)
	chmod 1777 "$W"
}

teardown() {
	rm -rf "$W"
}

# Runs the commands of document $1; prints what failed.  Each must exit
# 0, or 1 when it ends in a grep that found nothing, or die of SIGPIPE
# (141) when head(1) stopped reading.  Commands for root
# (a "# " prompt) are skipped, with a note, when not run as root.
run_examples() {
	local doc=$1 cmd n=0 root=0
	[ "$(id -u)" -eq 0 ] && root=1
	while IFS= read -r -d '' cmd; do
		case $cmd in
		'# '*)
			cmd=${cmd#\# }
			if [ $root -eq 0 ]; then
				echo "# not root: skipped: $cmd" >&3
				continue
			fi ;;
		esac
		cmd=$(printf '%s\n' "$cmd" | sed -e 's/^ssh sensor //' \
		    -e 's/tcpdump -i eth0 -w -/cat day1.pcap/' \
		    -e 's/-i eth0/-r day1.pcap/' \
		    -e 's/| less$/| cat/' \
		    -e "s|/root/day1.pcap|$D/day1.pcap|" \
		    -e "s|/tmp/day1.ncap|$W/day1.ncap|")
		run --separate-stderr bash -o pipefail -c "$cmd"
		if [ "$status" -ne 0 ] && ! { [ "$status" -eq 1 ] &&
		    [[ "$cmd" == *"| grep "* ]] && [ -z "$stderr" ]; } &&
		    ! { [ "$status" -eq 141 ] && [[ "$cmd" == *"| head "* ]]; }
		then
			printf 'failed (%s): %s\n%s\n%s\n' "$status" "$cmd" \
			    "$output" "$stderr"
			return 1
		fi
		n=$((n + 1))
	done < <("$NC_ROOT/tests/tools/doc-examples" "$doc")
	[ $n -gt 0 ] || { echo "$doc shows no command"; return 1; }
}

# The files a document's "ls DIR/" example lists, one per line, without
# the "..." that says there may be more.
listed() {
	awk '/\$ ls [a-z0-9]+\/$/ { getline; gsub(/\.\.\./, ""); print; exit }' "$1" |
	    tr -s ' ' '\n' | sed '/^$/d'
}

@test "every command in README.md runs" {
	run_examples "$NC_ROOT/README.md"
	[ -s tcp.csv ]
	[ "$(head -1 tcp.csv)" = "packet,src_ip,src_port,dst_ip,dst_port,flags" ]
	[ -s big.ncap.zst ] && [ -s eth0.ncap.zst ]
	# the files the README says nc-tocsv -d makes are there
	[ "$(listed "$NC_ROOT/README.md" | wc -l)" -ge 5 ]
	for f in $(listed "$NC_ROOT/README.md"); do [ -s "day1/$f" ]; done
}

@test "every manual page shows examples, and each of them runs" {
	local page
	for page in "$NC_ROOT"/man/*.[1-8]; do
		rm -rf day1 tcp.csv
		run_examples "$page"
	done
}

@test "nc-tocsv(1): the files its ls example lists are what -d wrote" {
	rm -rf day1
	run_examples "$NC_ROOT/man/nc-tocsv.1"
	mandoc -Tascii "$NC_ROOT/man/nc-tocsv.1" | col -bx >page.txt
	[ "$(listed page.txt | wc -l)" -ge 3 ]
	for f in $(listed page.txt); do [ -s "day1/$f" ]; done
}

@test "doc-examples finds a command and its continuation lines" {
	printf '%s\n' 'Text.' '' '    $ echo a |' '        tr a b' \
	    '    output line' '' '    # nc-decode -V' '    make demo' >t.md
	run -0 bash -c "'$NC_ROOT/tests/tools/doc-examples' t.md | tr '\\0' '@'"
	[ "$output" = "echo a |
tr a b@# nc-decode -V@" ]
}
