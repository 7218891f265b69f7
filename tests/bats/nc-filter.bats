#!/usr/bin/env bats
# nc-filter: every operator and value kind checked against the same
# selection made by jq over nc-tojson, on real captures; frames passed
# byte for byte; -v -c -p -t -x; errors in the expression.

bats_require_minimum_version 1.5.0

setup_file() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	P=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	[ -d "$P" ] || return 0
	# The mixed stream of three real captures (TCP, UDP, ARP, NTP, DNS,
	# mDNS, IPv4 and IPv6, ICMPv6, IGMP), once for the whole file.
	for f in basic/zeek-var-services-std-ports dns/zeek-dns-mdns \
	    dns/tcpdump-dnssec; do
		nc-decode -r "$P/$f.pcap" || return 1
	done >"$BATS_FILE_TMPDIR/mix.ncap"
	nc-tojson -t all,header "$BATS_FILE_TMPDIR/mix.ncap" >"$BATS_FILE_TMPDIR/mix.json"
}

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	P=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	D=$BATS_TEST_TMPDIR
	MIX=$BATS_FILE_TMPDIR/mix
	USAGE='usage: nc-filter [-chlpvV] [-B budget] [-t types] [-x types] expression [file ...]'
}

mix() {
	[ -s "$MIX.ncap" ] || skip "no shared captures in $P"
}

# check CASES: each line of CASES is "expression<TAB>jq condition", and
# optionally "<TAB>options" and "<TAB>all".  nc-filter's output for each
# must be, byte for byte, the frames of the records jq's condition selects
# from the same records as JSON lines, and Header records.  One jq run
# decides every case.  A case that keeps no record, or every record
# (unless marked all), tests nothing and fails.
check() {
	local prog= i=0 expr cond opts all kept total
	local -a counts
	while IFS=$'\t' read -r expr cond opts all; do
		prog+="${prog:+, }(.type == \"Header\" or ($cond))"
	done <<<"$1"
	jq -r "[$prog] | map(if . then \"1\" else \"0\" end) | join(\"\")" \
	    "$MIX.json" >"$D/flags" || return 1
	mapfile -t counts < <("$NC_ROOT/tests/data/filter/pick" "$MIX.ncap" \
	    "$D/flags" "$D/want")
	while IFS=$'\t' read -r expr cond opts all; do
		i=$((i + 1))
		nc-filter $opts "$expr" "$MIX.ncap" >"$D/got" ||
		    { echo "nc-filter $opts '$expr' failed"; return 1; }
		if ! cmp -s "$D/got" "$D/want/$i"; then
			echo "nc-filter $opts '$expr' differs from jq 'select($cond)':"
			diff <(nc-tojson -t all,header "$D/want/$i") <(nc-tojson -t all,header "$D/got") | head -6
			return 1
		fi
		read -r kept total <<<"${counts[i - 1]}"
		[ "$kept" -gt 0 ] || { echo "'$expr' selected nothing"; return 1; }
		[ -n "$all" ] || [ "$kept" -lt "$total" ] ||
		    { echo "'$expr' selected everything"; return 1; }
	done <<<"$1"
}

@test "nc-filter -h, -V, a bad flag and no expression" {
	run nc-filter -h
	[ "$status" -eq 0 ]
	[ "$output" = "$USAGE" ]
	run nc-filter -V
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^nc-filter\ \(netcap\)\ [0-9] ]]
	run --separate-stderr nc-filter -q TCP
	[ "$status" -eq 2 ]
	[ "${stderr_lines[-1]}" = "$USAGE" ]
	run --separate-stderr nc-filter
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nc-filter: an expression is needed" ]
}

# One jq run and one nc-filter run per case: type names, and, or, not,
# && || ! and parentheses with C's precedence; integers (decimal, hex,
# negative) with == != < <= > >=; floats; booleans; a field alone;
# strings with == != < contains icontains ~ ~* and sets; repeated and
# nested fields; IPv4, IPv6, prefixes with in, MAC addresses; fields a
# type lacks; -v, -t and -x.
@test "every operator and value kind selects what jq selects" {
	mix
	check "$(cat <<'EOF'
DNS	.type == "DNS"
DNS or ARP	.type == "DNS" or .type == "ARP"
DNS || TCP && dst_port == 80	.type == "DNS" or (.type == "TCP" and .dst_port == 80)
(DNS || TCP) && dst_port == 53	(.type == "DNS" or .type == "TCP") and .dst_port == 53
not IPv4 and !Ethernet and not not UDP	.type == "UDP"
!(TCP or UDP) && src_port == 5353	.type == "DNS" and .src_port == 5353
dst_port == 53	.dst_port == 53
dst_port == 0x35	.dst_port == 53
TCP and src_port != 22	.type == "TCP" and .src_port != 22
ttl < 64	.ttl != null and .ttl < 64
length >= 1000	.length != null and .length >= 1000
precision == -22	.precision == -22
DNS and response_code == 3	.type == "DNS" and .response_code == 3
packet in {1, 2, 3}	.packet == 1 or .packet == 2 or .packet == 3
payload_entropy > 4.5	.payload_entropy != null and .payload_entropy > 4.5
payload_entropy <= 3.5 and UDP	.type == "UDP" and .payload_entropy <= 3.5
qr == true	.qr == true
qr	.qr == true
DNS and not qr	.type == "DNS" and .qr == false
questions	(.questions // []) | length > 0
payload_entropy	(.payload_entropy // 0) != 0
flavour == "mDNS"	.flavour == "mDNS"
flavour != "mDNS"	.flavour != null and .flavour != "mDNS"
flavour in {"mDNS", "LLMNR"}	.flavour == "mDNS" or .flavour == "LLMNR"
flavour < "E"	.flavour != null and .flavour < "E"
questions.name contains "google"	any(.questions[]?; .name | contains("google"))
questions.name icontains "GOOGLE.COM"	any(.questions[]?; .name | ascii_downcase | contains("google.com"))
questions.name ~ "^[a-z]+\.google\.com$"	any(.questions[]?; .name | test("^[a-z]+\\.google\\.com$"))
questions.name ~* "^(MAIL|DOCS)\\."	any(.questions[]?; .name | test("^(mail|docs)\\."; "i"))
answers.ptr == 'tangent.local'	any(.answers[]?; .ptr == "tangent.local")
answers.ttl > 200	any(.answers[]?; .ttl > 200)
answers.ttl != 120	any(.answers[]?; .ttl != 120)
not answers.ttl == 120 and DNS	.type == "DNS" and (any(.answers[]?; .ttl == 120) | not)
option_kinds == 8	any(.option_kinds[]?; . == 8)
answers.type in {1, 28}	any(.answers[]?; .type == 1 or .type == 28)
answers.type_name == "AAAA"	any(.answers[]?; .type_name == "AAAA")
questions.type_name in {"PTR", "SRV"}	any(.questions[]?; .type_name == "PTR" or .type_name == "SRV")
type_name ~ "^mld"	.type_name // "" | test("^mld")
operation_name == "reply"	.operation_name == "reply"
response_code_name != "NOERROR"	.response_code_name != null and .response_code_name != "NOERROR"
src_ip == 172.16.238.2	.src_ip == "172.16.238.2"
dst_ip != 172.16.238.131 and IPv4	.type == "IPv4" and .dst_ip != "172.16.238.131"
src_ip == fe80::20c:29ff:febd:6f01	.src_ip == "fe80::20c:29ff:febd:6f01"
src_ip in 10.0.0.0/8	(.src_ip // "") | startswith("10.")
src_ip in fd52::/16	(.src_ip // "") | startswith("fd52:")
dst_ip in ff02::/120	.dst_ip == "ff02::16" or .dst_ip == "ff02::fb"
src_ip in {127.0.0.1, 10.0.2.7, fe80::883c:d6ff:fee1:4dc4}	.src_ip == "127.0.0.1" or .src_ip == "10.0.2.7" or .src_ip == "fe80::883c:d6ff:fee1:4dc4"
src_mac == 00:50:56:c0:00:08	.src_mac == "00:50:56:c0:00:08"
dst_mac == 00-0C-29-BD-6F-01	.dst_mac == "00:0c:29:bd:6f:01"
src_ip in 172.16.0.0/12 and dst_port in {80, 443, 8080}	((.src_ip // "") | startswith("172.16.")) and (.dst_port == 80 or .dst_port == 443 or .dst_port == 8080)
dst_port == 53	.type == "UDP" and .dst_port == 53	-t UDP
dst_port == 53	.dst_port == 53 and .type != "DNS"	-x DNS
not DNS	.type == "UDP" or .type == "TCP"	-t UDP,TCP,DNS	all
IPv4 or Ethernet or dst_port == 53	(.type == "IPv4" or .type == "Ethernet" or .dst_port == 53) | not	-v
EOF
)"
	run nc-filter -c 'DNS and qr' "$MIX.ncap"
	[ "$status" -eq 0 ]
	[ "$output" = "$(jq -c 'select(.type == "DNS" and .qr)' "$MIX.json" | wc -l)" ]
	run nc-filter -vc 'DNS and qr' "$MIX.ncap"
	[ "$output" = "$(jq -c 'select(.type != "Header" and (.type != "DNS" or (.qr | not)))' "$MIX.json" | wc -l)" ]
}

@test "-p keeps every record of a packet any of whose records matches" {
	[ -d "$P" ] || skip "no shared captures in $P"
	nc-decode -r "$P/basic/zeek-var-services-std-ports.pcap" >"$D/f.ncap"
	nc-tojson -t all,header "$D/f.ncap" >"$D/f.json"
	got=$(nc-filter -p 'DNS and qr' "$D/f.ncap" | nc-tojson -t all,header)
	want=$(jq -c -s '
	    [.[] | select(.type == "DNS" and .qr) | .packet] as $p
	    | .[] | select(.type == "Header" or (.packet as $k | any($p[]; . == $k)))' "$D/f.json")
	[ "$(echo "$got" | jq -c .)" = "$want" ]
	# the Ethernet, IP and UDP records of those packets came too
	[ "$(echo "$got" | grep -c '"type":"Ethernet"')" -eq \
	    "$(echo "$got" | grep -c '"type":"DNS"')" ]
	[ "$(echo "$got" | grep -c '"type":"DNS"')" -gt 10 ]
	# -p -v: the packets none of whose records match
	got=$(nc-filter -pv 'DNS and qr' "$D/f.ncap" | nc-tojson -t all,header | jq -c .)
	want=$(jq -c -s '
	    [.[] | select(.type == "DNS" and .qr) | .packet] as $p
	    | .[] | select(.type == "Header" or (.packet as $k | any($p[]; . == $k) | not))' "$D/f.json")
	[ "$got" = "$want" ]
	run nc-filter -pc 'DNS and qr' "$D/f.ncap"
	[ "$output" -eq "$(nc-filter -p 'DNS and qr' "$D/f.ncap" | nc-tojson -t all,header | grep -vc Header)" ]
}

@test "frames are passed byte for byte, never re-encoded" {
	mix
	# every TCP frame spelt with an overlong length: re-encoding would
	# shorten it, copying keeps it
	"$NC_ROOT/tests/data/filter/overlong" 11 <"$MIX.ncap" >"$D/long.ncap"
	nc-filter 'TCP' "$MIX.ncap" | "$NC_ROOT/tests/data/filter/overlong" 11 >"$D/want.ncap"
	# unpacked and matched (dst_port is looked at), and not unpacked
	nc-filter 'TCP and dst_port >= 0' "$D/long.ncap" | cmp - "$D/want.ncap"
	nc-filter 'TCP' "$D/long.ncap" | cmp - "$D/want.ncap"
	# the whole stream through a test of every record
	nc-filter 'src_port >= 0 or not src_port >= 0' "$D/long.ncap" | cmp - "$D/long.ncap"
	nc-filter -p 'src_port == 22' "$D/long.ncap" >"$D/p.ncap"
	[ -s "$D/p.ncap" ]
	cmp <(nc-filter -p 'src_port == 22' "$MIX.ncap" | "$NC_ROOT/tests/data/filter/overlong" 11) "$D/p.ncap"
}

@test "records the expression cannot look at are not unpacked" {
	mix
	# one ARP record that no reader can unpack
	"$NC_ROOT/tests/data/filter/spoil" 4 <"$MIX.ncap" >"$D/bad.ncap"
	run nc-filter -c 'TCP' "$D/bad.ncap"
	[ "$status" -eq 0 ]
	run nc-filter -vc 'TCP and dst_port == 80' "$D/bad.ncap"
	[ "$status" -eq 0 ]
	n=$(nc-filter -vc 'TCP and dst_port == 80' "$MIX.ncap")
	[ "$output" = "$n" ]
	run nc-filter -pc 'dst_port == 53' "$D/bad.ncap"
	[ "$status" -eq 0 ]
	# an expression ARP records could match unpacks them
	run --separate-stderr nc-filter -c 'src_ip == 1.2.3.4' "$D/bad.ncap"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"nc-filter: "*"bad.ncap: byte "* ]]
}

# "total heap usage: N allocs" of nc-filter $1 over stream $2, from valgrind.
allocs() {
	valgrind --error-exitcode=98 --leak-check=full --errors-for-leak-kinds=definite \
	    nc-filter $1 "$2" "$3" 2>&1 >/dev/null |
	    awk '/total heap usage:/ { gsub(",", "", $5); print $5 } /ERROR SUMMARY: [1-9]/ { print "errors" }'
}

@test "no heap allocation per record (valgrind, the stream once and ten times)" {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[ -z "${ASAN_OPTIONS:-}" ] || skip "valgrind cannot run ASan builds"
	mix
	for i in 1 2 3 4 5 6 7 8 9 10; do cat "$MIX.ncap"; done >"$D/ten.ncap"
	e='dst_port in {80, 8080} or src_ip in 10.0.0.0/8 or
	    questions.name contains "google" or questions.name ~ "^www\."'
	a=$(allocs -p "$e" "$MIX.ncap")
	b=$(allocs -p "$e" "$D/ten.ncap")
	echo "$a allocations once, $b ten times"
	[[ "$a" =~ ^[0-9]+$ ]] && [ "$a" -gt 0 ]
	[ "$a" = "$b" ]
}

@test "errors in the expression exit 2 with the column and what was expected" {
	err() {
		run --separate-stderr nc-filter "$1" /dev/null
		[ "$status" -eq 2 ] || { echo "'$1': status $status"; return 1; }
		[ -z "$output" ]
		[ "${stderr_lines[0]}" = "nc-filter: $2" ] ||
		    { echo "'$1': ${stderr_lines[0]}"; return 1; }
	}
	err 'dst_prot == 53' 'expression, column 1: no record type has a field `dst_prot`: did you mean `dst_port`?'
	err 'DNS and questions.nmae ~ "x"' 'expression, column 9: no record type has a field `questions.nmae`: did you mean `questions.name`?'
	err '(TCP' 'expression, column 5: expected `)` or an operator, found the end'
	err 'TCP and' 'expression, column 8: expected a record type, a field or `(`, found the end'
	err 'dst_port = 53' 'expression, column 10: expected `==`, found `=`'
	err 'dst_port == ' 'expression, column 13: expected a value, found the end'
	err 'dst_port == "53"' 'expression, column 13: no record type has a field `dst_port` that can be compared with a string'
	err 'src_ip == 10.0.0.0/8' 'expression, column 8: a prefix is tested with `in`, not `==`'
	err 'src_ip in 10.0.0.0/33' 'expression, column 11: bad prefix length `/33`: expected 0 to 32'
	err 'dst_port in {53, 80' 'expression, column 20: expected `,` or `}` in the set, found the end'
	err 'flavour contains 3' 'expression, column 18: expected a quoted string, and a field `flavour` that holds text'
	err 'flavour ~ "(a)\1"' 'expression, column 11: back-references (\1) are not supported'
	err 'flavour ~ "(a"' 'expression, column 11: bad regular expression: Unmatched ( or \('
	err 'flavour == "abc' 'expression, column 12: unterminated string: expected "'
	err 'dst_port == 99999999999999999999' 'expression, column 13: `99999999999999999999` is out of the range of 64-bit integers'
	err 'TCP or' 'expression, column 7: expected a record type, a field or `(`, found the end'
	err 'TCP TCP' 'expression, column 5: expected `and`, `or` or the end, found `TCP`'
	err '' 'expression, column 1: empty expression: expected a record type, a field or `(`'
}

@test "deep nesting, huge literals and hostile regular expressions are bounded" {
	deep=$(printf '(%.0s' $(seq 64))TCP$(printf ')%.0s' $(seq 64))
	run -0 nc-filter -c "$deep" /dev/null
	[ "$output" = 0 ]	# an empty stream: the expression was fine
	run --separate-stderr nc-filter -c "($deep)" /dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nc-filter: expression, column 65: nested deeper than 64" ]
	run --separate-stderr nc-filter -c "$(printf '!%.0s' $(seq 100))TCP" /dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nc-filter: expression, column 65: nested deeper than 64" ]
	# a long run of and is not nesting
	run -0 nc-filter -c "TCP$(printf ' and TCP%.0s' $(seq 5000))" /dev/null
	[ "$output" = 0 ]
	run --separate-stderr nc-filter -c "flavour == \"$(head -c 5000 /dev/zero | tr '\0' a)\"" /dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nc-filter: expression, column 12: a string longer than 4096 bytes" ]
	run --separate-stderr nc-filter -c "flavour ~ \"$(head -c 2000 /dev/zero | tr '\0' a)\"" /dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nc-filter: expression, column 11: a regular expression longer than 1024 bytes" ]
	# nested counts would take glibc's regcomp minutes and gigabytes
	run --separate-stderr timeout 10 nc-filter -c 'flavour ~ "((a{1,255}){1,255}){1,255}"' /dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nc-filter: expression, column 11: a regular expression whose repetitions expand it to more than 10000 parts" ]
	# and so would a run of +, each doubling what it repeats (found by
	# fuzz_filter)
	run --separate-stderr timeout 10 nc-filter -c 'flavour ~ "x++++++++++++++++++++++++++++++"' /dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "nc-filter: expression, column 11: a regular expression whose repetitions expand it to more than 10000 parts" ]
	run -0 timeout 10 nc-filter -c 'flavour ~ "(a{1,100}){1,100}"' /dev/null
	[ "$output" = 0 ]
	# the classic catastrophic pattern, on every name of the capture
	mix
	run timeout 10 nc-filter -c 'questions.name ~ "^(a+)+$" or answers.ptr ~ "(x+x+)+y"' "$MIX.ncap"
	[ "$status" -eq 0 ]
	[ "$output" = 0 ]
}
