#!/usr/bin/env bats
# nc-tcp: HTTP and File records on the project's loopback captures
# (tests/tools/httpcap: keep-alive, chunked, gzip, deflate, 100-continue,
# pipelining, a decompression bomb, hostile requests) and on Zeek's,
# files stored by SHA-256 under their caps.

bats_require_minimum_version 1.5.0

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	H=$NC_ROOT/tests/data/http
	D=$BATS_TEST_TMPDIR
}

# The SHA-256 of the bodies tests/tools/httpcap serves, into f (file.bin),
# t (the gzip and deflate text) and u (the upload): one python3 for all.
sums() {
	read -r f t u < <(python3 -c '
import hashlib
b = [bytes((i * 7 + 3) % 256 for i in range(5000)),
     b"".join(b"line %d of the gzip body\n" % i for i in range(200)),
     bytes((i * 13 + 1) % 256 for i in range(3000))]
print(*(hashlib.sha256(x).hexdigest() for x in b))')
}

@test "keep-alive: five requests on one connection, every field as served" {
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" | nc-tcp |
	    nc-tocsv -t HTTP -f trans_depth,method,host,uri,version,response_version,user_agent,status_code,status_msg,info_code,request_content_length,response_content_length,request_body_len,response_body_len,response_content_type,set_cookie,server,complete' _ "$H/keepalive.pcap"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "trans_depth,method,host,uri,version,response_version,user_agent,status_code,status_msg,info_code,request_content_length,response_content_length,request_body_len,response_body_len,response_content_type,set_cookie,server,complete" ]
	[ "${lines[1]}" = "1,GET,127.0.0.1:8080,/file.bin,1.1,1.1,curl/7.88.1,200,OK,0,,5000,0,5000,application/octet-stream,,netcap-test/1,true" ]
	# gzip and deflate: the decoded length, not the 488 and 472 sent
	[ "${lines[2]}" = "2,GET,127.0.0.1:8080,/gzip,1.1,1.1,curl/7.88.1,200,OK,0,,488,0,5090,text/plain,,netcap-test/1,true" ]
	# chunked: no Content-Length; Set-Cookie twice, joined
	[ "${lines[3]}" = "3,GET,127.0.0.1:8080,/chunked,1.1,1.1,curl/7.88.1,200,OK,0,,,0,227,,\"a=1, b=2\",netcap-test/1,true" ]
	[ "${lines[4]}" = "4,GET,127.0.0.1:8080,/deflate,1.1,1.1,curl/7.88.1,200,OK,0,,472,0,5090,,,netcap-test/1,true" ]
	# Expect: 100-continue: the 100 is skipped, the final answer kept
	[ "${lines[5]}" = "5,POST,127.0.0.1:8080,/upload,1.1,1.1,curl/7.88.1,201,Created,100,3000,3,3000,3,,,netcap-test/1,true" ]
	[ "${#lines[@]}" -eq 6 ]
}

@test "headers: every request and response header as a name/value pair, in order" {
	run bash -c 'nc-decode -q -P -r "$1" | nc-tcp | nc-tojson -t HTTP | head -1 |
	    python3 -c "import json, sys; r = json.load(sys.stdin); print([h[\"name\"] for h in r[\"request_headers\"]]); print([h[\"name\"] for h in r[\"response_headers\"]])"' _ "$H/keepalive.pcap"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "['Host', 'User-Agent', 'Accept']" ]
	[ "${lines[1]}" = "['Server', 'Date', 'Content-Type', 'Content-Disposition', 'Content-Length']" ]
}

@test "pipelining: three requests in one segment on a port no parser has, paired in order" {
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" | nc-tcp -v |
	    nc-tocsv -t HTTP -f trans_depth,uri,dst_port,status_code,response_body_len' _ "$H/pipelined.pcap"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1,/gzip,18080,200,5090" ]
	[ "${lines[2]}" = "2,/chunked,18080,200,227" ]
	[ "${lines[3]}" = "3,/file.bin,18080,200,5000" ]
	[ "${#lines[@]}" -eq 4 ]
	[[ "$stderr" == *"http: 1 connections, 3 records, 0 malformed, 0 capped"* ]]
}

@test "files: hashes of the decoded bodies, the sanitised name, the link to the request" {
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" | nc-tcp |
	    nc-tocsv -t File -f direction,protocol,link,name,size,truncated,mime_type,sha256,stored' _ "$H/keepalive.pcap"
	[ "$status" -eq 0 ]
	sums
	# Content-Disposition: filename="../x\1y.bin", no separator or control byte kept
	[ "${lines[1]}" = "server,http,1,.._x_y.bin,5000,false,application/octet-stream,$f,false" ]
	[ "${lines[2]}" = "server,http,2,gzip,5090,false,text/plain,$t,false" ]
	[ "${lines[4]}" = "server,http,4,deflate,5090,false,text/plain,$t,false" ]
	[ "${lines[5]}" = "client,http,5,,3000,false,application/octet-stream,$u,false" ]
	[ "${#lines[@]}" -eq 7 ]
}

@test "nc-tcp -M: no MIME type asked of libmagic, hashes and sizes as before" {
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" | nc-tcp -M |
	    nc-tocsv -t File -f link,size,mime_type,sha256' _ "$H/keepalive.pcap"
	[ "$status" -eq 0 ]
	sums
	[ "${lines[1]}" = "1,5000,,$f" ]
	[ "${lines[2]}" = "2,5090,,$t" ]
	[ "${#lines[@]}" -eq 7 ]
}

@test "nc-tcp -H: only the hashes asked for; -o still names a file by its SHA-256" {
	sums
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" | nc-tcp -H sha256 |
	    nc-tocsv -t File -f link,size,md5,sha1,sha256' _ "$H/keepalive.pcap"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1,5000,,,$f" ]
	[ "${lines[2]}" = "2,5090,,,$t" ]
	[ "${#lines[@]}" -eq 7 ]
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" | nc-tcp -H md5,sha1 |
	    nc-tocsv -t File -f link,sha256' _ "$H/keepalive.pcap"
	[ "${lines[1]}" = "1," ]
	mkdir "$D/out"
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" |
	    nc-tcp -H none -o "$2" | nc-tocsv -t File -f link,md5,sha1,sha256,stored' \
	    _ "$H/keepalive.pcap" "$D/out"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1,,,$f,true" ]
	[ -f "$D/out/$f" ]
}

@test "nc-tcp -j: libmagic on 0, 1 or 4 threads of its own, the same bytes out" {
	local b=${NC_BUILD:-$NC_ROOT/build} c j
	# Web traffic whose bodies libmagic names (text, JSON, random bytes),
	# and the HTTP captures
	"$b/tools/pcapgen" -m lan -n 20000 -s 7 -o "$D/lan.pcap"
	for c in "$D/lan.pcap" "$H"/*.pcap* "$PCAPS"/http/*.pcap*; do
		[ -f "$c" ] || continue
		nc-decode -q -P -r "$c"
	done >"$D/in.ncap"
	for j in 0 1 4; do
		nc-tcp -j "$j" "$D/in.ncap" >"$D/out.$j"
	done
	cmp "$D/out.0" "$D/out.1"
	cmp "$D/out.0" "$D/out.4"
	# Not a stream of empty types: libmagic named them
	nc-tocsv -t File -f mime_type "$D/out.4" | sort | uniq -c >"$D/types"
	cat "$D/types"
	grep -q ' text/plain$' "$D/types"
	grep -q ' application/octet-stream$' "$D/types"
	[ "$(nc-tocsv -t File -f mime_type "$D/out.4" | grep -c '^$')" -lt 5 ]
}

# Waits until the file $1 has bytes and has not grown for half a second
# (at most 30 s).
settled() {
	local n=-1 m i
	for i in $(seq 60); do
		m=$(stat -c %s "$1")
		[ "$m" -gt 0 ] && [ "$m" = "$n" ] && return 0
		n=$m
		sleep 0.5
	done
	return 1
}

@test "nc-tcp -l -j 2: with the input still open, every File record libmagic's threads name is out" {
	local b=${NC_BUILD:-$NC_ROOT/build} j
	"$b/tools/pcapgen" -m lan -n 5000 -s 3 -o "$D/lan.pcap"
	nc-decode -q -P -r "$D/lan.pcap" | nc-conn >"$D/in.ncap"
	for j in 0 2; do
		mkfifo "$D/fifo.$j"
		nc-tcp -l -j "$j" <"$D/fifo.$j" >"$D/out.$j" &
		exec 7>"$D/fifo.$j"
		cat "$D/in.ncap" >&7
		# What nc-tcp writes before the end of its input
		settled "$D/out.$j"
		cp "$D/out.$j" "$D/early.$j"
		exec 7>&-
		wait
	done
	cmp "$D/early.0" "$D/early.2"
	cmp "$D/out.0" "$D/out.2"
	nc-tocsv -t File -f mime_type "$D/early.2" | sort | uniq -c
	nc-tocsv -t File -f mime_type "$D/early.2" | grep -q '^text/plain$'
}

@test "HTML pages are named text/html without libmagic, even one libmagic calls a tracker module" {
	"$NC_ROOT/tests/tools/tcpgen" html-pages >"$D/p.pcap"
	mkdir "$D/out"
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" | nc-tcp -o "$2" |
	    nc-tocsv -t File -f size,mime_type,sha256' _ "$D/p.pcap" "$D/out"
	[ "$status" -eq 0 ]
	[ "${lines[1]%,*}" = "86,text/html" ]
	# "M.K." at byte 1080: libmagic's binary rules come before its text
	# rules, so it said audio/x-mod
	[ "${lines[2]%,*}" = "1300,text/html" ]
	# UTF-8 is left to libmagic, which says the same
	[ "${lines[3]%,*}" = "86,text/html" ]
	[ "${lines[4]%,*}" = "26,text/plain" ]
	[ "${#lines[@]}" -eq 5 ]
	if command -v file >/dev/null; then
		[ "$(file -b --mime-type "$D/out/${lines[2]##*,}")" = audio/x-mod ]
	fi
}

@test "every stored body's MIME type is the one libmagic gives its first 4096 bytes" {
	command -v file >/dev/null || skip "no file(1)"
	local c s m st bad=0 n=0
	mkdir "$D/out"
	for c in "$H"/*.pcap* "$PCAPS"/http/*.pcap*; do
		[ -f "$c" ] || continue
		nc-decode -q -P -r "$c" | nc-tcp -o "$D/out" |
		    nc-tocsv -t File -f sha256,mime_type,stored
	done | grep ',true$' | sort -u >"$D/files"
	while IFS=, read -r s m st; do
		n=$((n + 1))
		[ "$(head -c 4096 "$D/out/$s" | file -b --mime-type -)" = "$m" ] ||
		    { echo "differs: $s $m"; bad=$((bad + 1)); }
	done <"$D/files"
	echo "$n files"
	[ "$n" -ge 5 ]
	[ "$bad" -eq 0 ]
}

@test "the sniffer names JPEG, PNG, GIF, PDF and HTML heads and their near misses as libmagic does, or not at all" {
	local b=${NC_BUILD:-$NC_ROOT/build}
	run "$b/tools/sniffcheck" -e
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "sniffcheck: 0 differ" ]
	# each type is named by the sniffer at least once, so its
	# answers were compared
	local t
	for t in image/jpeg image/png image/gif application/pdf text/html; do
		awk -v t="$t" '$1 == t && $3 > 0 { f = 1 } END { exit !f }' <<<"$output"
	done
}

@test "nc-tcp -o: the bodies stored under their SHA-256, the same bytes as served, nothing else in the directory" {
	mkdir "$D/out"
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" | nc-tcp -v -o "$2" >/dev/null' _ "$H/keepalive.pcap" "$D/out"
	[ "$status" -eq 0 ]
	sums
	# each stored file's bytes hash to its name, the original's hash
	[ "$(cd "$D/out" && sha256sum "$f" "$t" "$u" | awk '$1 == $2' | wc -l)" -eq 3 ]
	# five distinct bodies (gzip and deflate decode to the same), no
	# temporary file left, every name 64 hex digits
	[ "$(ls -A "$D/out" | wc -l)" -eq 5 ]
	[ "$(ls -A "$D/out" | grep -cvE '^[0-9a-f]{64}$')" -eq 0 ]
	[[ "$stderr" == *"files: 6, 6 stored (18410 bytes); not stored: 0 over -f, 0 over -F, 0 write errors"* ]]
}

@test "nc-tcp -f and -F: a file over a cap is not stored, said once, counted" {
	mkdir "$D/f" "$D/F"
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" | nc-tcp -v -o "$2" -f 4000 >/dev/null' _ "$H/keepalive.pcap" "$D/f"
	[ "$status" -eq 0 ]
	# 5000, 5090 and 5090 bytes are over; 227, 3000 and 3 are kept
	[ "$(ls -A "$D/f" | wc -l)" -eq 3 ]
	[ "$(grep -c 'over the size cap' <<<"$stderr")" -eq 1 ]
	[[ "$stderr" == *"files: 6, 3 stored (3230 bytes); not stored: 3 over -f, 0 over -F, 0 write errors"* ]]
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" | nc-tcp -v -o "$2" -F 6000 >/dev/null' _ "$H/keepalive.pcap" "$D/F"
	[ "$status" -eq 0 ]
	# in order: 5000 kept, 5090 not, 227 kept, 5090 and 3000 not, 3 kept
	[ "$(ls -A "$D/F" | wc -l)" -eq 3 ]
	[ "$(grep -c 'the disk cap (-F) is reached' <<<"$stderr")" -eq 1 ]
	[[ "$stderr" == *"files: 6, 3 stored (5230 bytes); not stored: 0 over -f, 3 over -F, 0 write errors"* ]]
	run nc-tcp -o "$D/none" </dev/null
	[ "$status" -eq 1 ]
}

@test "decompression bomb: 10 MB of zeros in 10 KB of gzip stop at -b, flagged and counted" {
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" | command time -f "%M" nc-tcp -v -b 100000 |
	    nc-tocsv -t HTTP -f response_body_len,response_body_capped' _ "$H/bomb.pcap"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "100000,true" ]
	[[ "$stderr" == *"http: 1 connections, 1 records, 0 malformed, 1 capped"* ]]
	# peak memory (GNU time, KB): nothing like the 10 MB inflated
	[ "${stderr_lines[-1]}" -lt 40000 ]
	run bash -c 'nc-decode -q -P -r "$1" | nc-tcp -b 100000 | nc-tocsv -t File -f size,truncated,sha256' _ "$H/bomb.pcap"
	z=$(head -c 100000 /dev/zero | sha256sum | cut -d' ' -f1)
	[ "${lines[1]}" = "100000,true,$z" ]
	# without -b: the default cap (32 MiB) is above the 10 MB
	run bash -c 'nc-decode -q -P -r "$1" | nc-tcp | nc-tocsv -t HTTP -f response_body_len,response_body_capped' _ "$H/bomb.pcap"
	[ "${lines[1]}" = "10485760,false" ]
}

@test "hostile requests: NUL and non-UTF-8 bytes kept, 3000 headers and a 70000-byte line cut, every output valid UTF-8" {
	nc-decode -q -P -r "$H/hostile.pcap" >"$D/in.ncap"
	run --separate-stderr bash -c 'command time -f "%M" nc-tcp -v <"$1" | nc-tocsv -t HTTP -f uri,user_agent,server,headers_capped,complete' _ "$D/in.ncap"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = '/a\x00b\xff\xfe.html,ua\x00\xc3(\xff,"netcap-test/1, bad\xff\xfe",false,true' ]
	[ "${lines[2]}" = ",,,true,false" ] || [ "${lines[2]}" = "/many,,,true,false" ]
	[ "${#lines[@]}" -eq 4 ]
	# peak memory (GNU time, KB) stays small
	[ "${stderr_lines[-1]}" -lt 65536 ]
	nc-tcp <"$D/in.ncap" >"$D/out.ncap"
	nc-tojson -t HTTP "$D/out.ncap" >"$D/j"
	nc-tocsv -t HTTP "$D/out.ncap" >"$D/c"
	nc-dump "$D/out.ncap" >"$D/d"
	python3 - "$D/j" "$D/c" "$D/d" <<'PY'
import json, sys
lines = open(sys.argv[1], "rb").read().decode("utf-8").splitlines()
assert len(lines) == 3, len(lines)
for l in lines:
    json.loads(l)
for f in sys.argv[2:]:
    open(f, "rb").read().decode("utf-8")
PY
}

@test "Zeek's http.log: every field agrees or the difference is named" {
	[ -d "$PCAPS/http" ] || skip "no $PCAPS"
	run "$NC_ROOT/tests/zeek-http" "$PCAPS" "$NC_ROOT/tests/data/zeek/http.tsv" \
	    "$NC_ROOT/tests/data/zeek/http-known-differences.tsv"
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | awk -F'\t' 'NR > 1 && $2 == 0' | wc -l)" -eq 0 ]
}

@test "the Authorization header stays in request_headers, for the credentials a later parser reads" {
	[ -f "$PCAPS/http/zeek-http-basic-auth-with-colon.pcap" ] || skip "no $PCAPS"
	run bash -c 'nc-decode -q -P -r "$1" | nc-tcp | nc-tojson -t HTTP |
	    jq -r ".request_headers[] | select(.name == \"Authorization\") | .value"' _ "$PCAPS/http/zeek-http-basic-auth-with-colon.pcap"
	[ "$status" -eq 0 ]
	# as sent, two spaces included: "test" and "1:34" in base64, which
	# Zeek's http.log shows as username and password
	[ "$output" = "Basic  $(printf 'test:1:34' | base64)" ]
}

@test "HTTP Basic authorization is a Credentials record: the user ends at the first colon" {
	[ -f "$PCAPS/http/zeek-http-basic-auth-with-colon.pcap" ] || skip "no $PCAPS"
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" | nc-tcp |
	    nc-tocsv -t Credentials -f service,mechanism,user,password,accepted,reply' _ "$PCAPS/http/zeek-http-basic-auth-with-colon.pcap"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "http,Basic,test,1:34,true,HTTP/1.0 200 OK" ]
	[ "${#lines[@]}" -eq 2 ]
}
