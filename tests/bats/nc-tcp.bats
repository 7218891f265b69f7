#!/usr/bin/env bats
# nc-tcp: SSH and DNS records from reassembled TCP on real captures and
# on the project's own (tests/tools/tcpgen), pass-through byte for byte,
# stream order, the stream without payloads, Zeek's ssh.log, caps and
# counters, live input (the manual's examples run in docs.bats).

bats_require_minimum_version 1.5.0

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	GEN=$NC_ROOT/tests/tools/tcpgen
	D=$BATS_TEST_TMPDIR
	USAGE='usage: nc-tcp [-hlMSvV] [-b body-bytes] [-C total-bytes] [-c conn-bytes] [-F disk-bytes] [-f file-bytes] [-H hashes] [-I timeouts] [-j threads] [-m max-flows] [-o dir] [-s max-software] [file ...]'
}

need() {
	[ -f "$PCAPS/$1" ] || skip "no $PCAPS/$1"
}

# Checks that stream $1 (nc-tcp's output) is stream $2 (its input) with
# frames added, and prints the Record types of the added frames, one a
# line: the input is kept byte for byte and in order.
added() {
	python3 - "$1" "$2" <<'PY'
import sys

def frames(path):
    d, i, out = open(path, "rb").read(), 0, []
    while i < len(d):
        n = s = 0
        while True:
            b = d[i]; i += 1; n |= (b & 0x7f) << s; s += 7
            if b < 0x80:
                break
        out.append(d[i:i + n]); i += n
    return out

out, inp = frames(sys.argv[1]), frames(sys.argv[2])
j = 0
for f in out:
    if j < len(inp) and f == inp[j]:
        j += 1
        continue
    print(f[0] >> 3 if f[0] < 0x80 else (f[0] & 0x7f | f[1] << 7) >> 3)
if j != len(inp):
    sys.exit("input frame %d of %d is missing" % (j + 1, len(inp)))
PY
}

@test "nc-tcp -h, -V and bad use" {
	run nc-tcp -h
	[ "$status" -eq 0 ]
	[ "$output" = "$USAGE" ]
	run nc-tcp -V
	[[ "$output" =~ ^nc-tcp\ \(netcap\)\ [0-9] ]]
	run --separate-stderr nc-tcp -q
	[ "$status" -eq 2 ]
	[ "${stderr_lines[-1]}" = "$USAGE" ]
	for bad in "-c 0" "-C x" "-m 0" "-I tcp=0" "-I sctp=1" "-b 0" "-f x" "-F 0" "-s 0" "-j x" "-j 65" "-H sha512" "-H md5,"; do
		run --separate-stderr nc-tcp $bad </dev/null
		[ "$status" -eq 2 ]
	done
}

@test "SSH on Zeek's captures: both sides of every connection, the input passed through byte for byte" {
	need app/zeek-ssh-sshguess.pcap
	nc-decode -q -P -r "$PCAPS/app/zeek-ssh-sshguess.pcap" >"$D/in.ncap"
	# -S: no Software and Service records (nc-tcp-software.bats)
	nc-tcp -S "$D/in.ncap" >"$D/out.ncap"
	run added "$D/out.ncap" "$D/in.ncap"
	[ "$status" -eq 0 ]
	# 11 connections, a record for each side, nothing else added
	[ "${#lines[@]}" -eq 22 ]
	[ "$(printf '%s\n' "${lines[@]}" | sort -u)" = 60 ]
	run nc-tocsv -t SSH -f direction,software,hassh "$D/out.ncap"
	[ "${lines[1]}" = "client,OpenSSH_6.2,1f120ecfc2c57fbdeaf66b93a3bf26ee" ]
	[ "${lines[2]}" = "server,OpenSSH_6.7p1,3711ee816d3ea9975d96c39c31c54299" ]
}

@test "SSH cut everywhere: an identification one byte a segment, lines before the server's, KEXINITs over segments" {
	"$GEN" ssh-split >"$D/s.pcap"
	nc-decode -q -P -r "$D/s.pcap" | nc-tcp >"$D/out.ncap"
	# each record right after the TCP record of the packet completing it
	run awk '$3 == "TCP" { tcp = $2 } $3 == "SSH" { n++; if ($2 != tcp) bad++ }
	    END { print n + 0, bad + 0 }' <(nc-dump "$D/out.ncap")
	[ "$output" = "2 0" ]
	run nc-tocsv -t SSH -f direction,ident,comments,pre_banner_lines,kex_alg,cipher_alg,compression_alg "$D/out.ncap"
	[ "${lines[1]}" = "client,SSH-2.0-TestClient_2.0,,0,,," ]
	[ "${lines[2]}" = 'server,SSH-2.0-TestServer_1.0 a comment,a comment,2,curve25519-sha256,"To server: chacha20-poly1305@openssh.com, To client: aes128-ctr",none' ]
}

@test "DNS over TCP: every message exactly once in nc-decode -P | nc-tcp, cut or whole" {
	"$GEN" dns-split >"$D/d.pcap"
	nc-decode -q -P -r "$D/d.pcap" >"$D/in.ncap"
	nc-tcp -S "$D/in.ncap" >"$D/out.ncap"
	run added "$D/out.ncap" "$D/in.ncap"
	[ "${lines[*]}" = "17 17" ]
	run nc-tocsv -t DNS -f packet,id,qr,tcp_length,src_port "$D/out.ncap"
	[ "${#lines[@]}" -eq 6 ]
	[ "$(printf '%s\n' "${lines[@]:1}" | cut -d, -f2,3 | sort | uniq -d)" = "" ]
	[ "${lines[1]}" = "6,4369,false,31,40000" ]
	[[ "$output" == *"8,13107,true,79,53"* ]]
	# the whole capture's messages: nc-decode wrote them, nc-tcp none
	need dns/tcpdump-dns_tcp.pcap
	run bash -c 'nc-decode -q -P -r "$1" | nc-tcp | nc-tocsv -t DNS -f id,qr' _ "$PCAPS/dns/tcpdump-dns_tcp.pcap"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "17177,false" ]
	[ "${lines[2]}" = "17177,true" ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "a stream made without -P: said once, passed through, exit 1" {
	need app/zeek-ssh-single-conn.pcap
	nc-decode -q -r "$PCAPS/app/zeek-ssh-single-conn.pcap" >"$D/in.ncap"
	run --separate-stderr bash -c 'nc-tcp <"$1" >"$2"' _ "$D/in.ncap" "$D/out.ncap"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nc-tcp: TCP records carry no payload: make the stream with nc-decode -P" ]
	cmp "$D/in.ncap" "$D/out.ncap"
	# a stream without TCP data is no error
	run bash -c 'nc-decode -q -r "$1" -t UDP | nc-tcp >/dev/null' _ "$PCAPS/app/zeek-ssh-single-conn.pcap"
	[ "$status" -eq 0 ]
}

@test "Zeek's ssh.log and published HASSH values: every field agrees or the difference is named" {
	[ -d "$PCAPS/app" ] || skip "no $PCAPS"
	run "$NC_ROOT/tests/zeek-ssh" "$PCAPS" "$NC_ROOT/tests/data/zeek/ssh.tsv" \
	    "$NC_ROOT/tests/data/zeek/ssh-known-differences.tsv"
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | awk -F'\t' 'NR > 1 && $3 == 0' | wc -l)" -eq 0 ]
}

@test "hostile: an overlap with other bytes, packet_length 2^32-1, a cap: counted, nothing lost but what was capped" {
	"$GEN" ssh-hostile >"$D/h.pcap"
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" | nc-tcp -v | nc-tocsv -t SSH -f direction,software,kexinit' _ "$D/h.pcap"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "client,Hostile,false" ]
	[ "${lines[2]}" = "server,Server,false" ]
	[[ "$stderr" == *"ssh: 1 connections, 2 records, 1 malformed, 0 capped"* ]]
	[[ "$stderr" == *"1 overlaps, 1 overlaps that differ, 0 capped"* ]]
	# -c 10: the 20 bytes waiting beyond the hole are over the cap
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" | nc-tcp -v -c 10 >/dev/null' _ "$D/h.pcap"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"reassembly: 1 gaps (10 bytes)"*", 1 capped,"* ]]
}

@test "-m: connections evicted under the cap still get their records, and are counted" {
	"$GEN" many 50 >"$D/m.pcap"
	run --separate-stderr bash -c 'nc-decode -q -P -r "$1" | nc-tcp -v -m 4 -I tcp=1 | nc-tocsv -t SSH -f direction | tail -n +2 | sort | uniq -c' _ "$D/m.pcap"
	[ "$status" -eq 0 ]
	[[ "$output" == *"50 client"* ]]
	[[ "$output" == *"50 server"* ]]
	[[ "$stderr" =~ ^nc-tcp:\ 50\ connections:.*at\ most\ 4\ at\ once ]]
}

@test "damaged input: what came before is kept, exit 1; a pcap is not a stream" {
	need app/zeek-ssh-single-conn.pcap
	nc-decode -q -P -r "$PCAPS/app/zeek-ssh-single-conn.pcap" >"$D/a.ncap"
	head -c 3000 "$D/a.ncap" >"$D/cut.ncap"
	run --separate-stderr bash -c 'nc-tcp "$1" >"$2"' _ "$D/cut.ncap" "$D/out"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "nc-tcp: "*"byte"* ]]
	[ -s "$D/out" ]
	run --separate-stderr bash -c 'nc-tcp "$1" >/dev/null' _ "$PCAPS/app/zeek-ssh-single-conn.pcap"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "nc-tcp: "* ]]
}

@test "live-like input: with -l a record is out while the input is still open" {
	need app/zeek-ssh-single-conn.pcap
	nc-decode -q -P -r "$PCAPS/app/zeek-ssh-single-conn.pcap" >"$D/a.ncap"
	{ cat "$D/a.ncap"; sleep 1.5; } | nc-tcp -l >"$D/out.ncap" &
	sleep 0.7
	cp "$D/out.ncap" "$D/early.ncap"
	wait
	[ "$(nc-tocsv -t SSH -f direction "$D/early.ncap" | tail -n +2 | tr '\n' ' ')" = "client server " ]
}
