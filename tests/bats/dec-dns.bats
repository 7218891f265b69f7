#!/usr/bin/env bats
# The DNS (mDNS, LLMNR) and NBNS decoders in real pipelines: a capture made
# by tests/data/dns/make-dns.py, decoded with nc-decode, read back with
# nc-tojson and jq or nc-tocsv, and compared field by field with tshark
# (tests/corpus/agree); then the DNS captures of the shared corpus.

bats_require_minimum_version 1.5.0

# The captures are made once for the file; every test gets its own copy.
setup_file() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	command -v python3 >/dev/null || return 0
	mkdir "$BATS_FILE_TMPDIR/gen"
	python3 "$NC_ROOT/tests/data/dns/make-dns.py" "$BATS_FILE_TMPDIR/gen"
}

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	F=$NC_ROOT/tests/data/dns
	P=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	D=$BATS_TEST_TMPDIR
	NC_BUILD=${NC_BUILD:-$NC_ROOT/build}
	command -v jq >/dev/null || skip "jq is not installed"
	cp -R "$BATS_FILE_TMPDIR/gen/." "$D/"
}

# The records of type $1 from dns.pcap as JSON lines.
recs() {
	nc-decode -q -r "$D/dns.pcap" -t "$1" | nc-tojson -t all,header
}

# jq program $2 over the record of type $1 of packet $3 (the nth with $4).
one() {
	recs "$1" | jq -c --argjson n "$3" "select(.packet == \$n)" |
	    sed -n "${4:-1}p" | jq -r "$2"
}

@test "dec-dns: the generator writes the same capture every time" {
	mkdir "$D/again"
	python3 "$F/make-dns.py" "$D/again"
	cmp "$D/dns.pcap" "$D/again/dns.pcap"
}

@test "dec-dns: DNS, NBNS and Undecoded records per packet" {
	run -0 bash -c "nc-decode -q -r '$D/dns.pcap' -t DNS,NBNS,Undecoded |
	    nc-tojson -t all,header | jq -r 'select(.packet) | \"\(.packet) \(.type)\"' | tr '\n' ' '"
	[ "$output" = "1 DNS 2 DNS 3 DNS 4 DNS 5 DNS 6 DNS 6 DNS 7 Undecoded 8 DNS 8 Undecoded 9 NBNS 10 NBNS 11 NBNS 12 DNS 13 Undecoded " ]
}

@test "dec-dns: query header, question and EDNS0 client subnet" {
	run -0 one DNS '[.flavour,.id,.qr,.rd,.qd_count,.ar_count,.src_port,.dst_port,.tcp_length] | @tsv' 1
	[ "$output" = "$(printf 'DNS\t4660\tfalse\ttrue\t1\t1\t40000\t53\t')" ]
	run -0 one DNS '.questions[] | [.name,.type,.class] | @tsv' 1
	[ "$output" = "$(printf 'www.example.com\t1\t1')" ]
	run -0 one DNS '.additionals[0] | [.name,.type,.udp_payload_size,.edns_version,.opt[0].code,.opt[0].ecs_family,.opt[0].ecs_source_prefix,.opt[0].ecs_ip] | @tsv' 1
	[ "$output" = "$(printf '.\t41\t1232\t0\t8\t1\t24\t198.51.100.0')" ]
}

@test "dec-dns: response records of every decoded type" {
	run -0 one DNS '[.answers[] | .cname + .address_ip + (.txts | join("|")) + (.mx.name // "")] | join(" ")' 2
	[ "$output" = "cdn.www.example.com 203.0.113.10 2001:db8::11 v=spf|hello world mx.example.com" ]
	run -0 one DNS '.authorities | "\(.[0].ns) \(.[1].soa.mname) \(.[1].soa.rname) \(.[1].soa.serial) \(.[1].soa.minimum)"' 2
	[ "$output" = "ns1.example.com example.com hostmaster 2024010101 300" ]
	run -0 one DNS '.additionals | "\(.[0].srv.port) \(.[0].srv.name) \(.[1].ptr) \(.[2].dnssec_ok)"' 2
	[ "$output" = "5060 sip.example.com www.example.com true" ]
}

@test "dec-dns: mDNS and LLMNR are DNS records with their flavour" {
	run -0 one DNS '"\(.flavour) \(.questions[0].class) \(.questions[0].unicast_response)"' 3
	[ "$output" = "mDNS 1 true" ]
	run -0 one DNS '"\(.flavour) \(.answers[0].class) \(.answers[0].cache_flush) \(.answers[0].address_ip)"' 4
	[ "$output" = "mDNS 1 true 192.168.1.50" ]
	run -0 one DNS '"\(.flavour) \(.questions[0].name)"' 5
	[ "$output" = "LLMNR fileserver" ]
}

@test "dec-dns: TCP: each whole message a record, a cut one Undecoded" {
	run -0 one DNS '"\(.tcp_length) \(.an_count) \(.answers | length)"' 6 1
	[ "$output" = "336 5 5" ]
	run -0 one DNS '"\(.tcp_length) \(.id) \(.questions[0].name)"' 6 2
	[ "$output" = "29 9 example.org" ]
	run -0 one Undecoded '"\(.layer) \(.offset) \(.reason)"' 7
	[ "$output" = "DNS 54 truncated: message of 200 bytes, 50 in this segment" ]
}

@test "dec-dns: a compression loop keeps the header, the rest Undecoded" {
	run -0 one DNS '"\(.id) \(.qd_count) \(.questions | length)"' 8
	[ "$output" = "7 1 0" ]
	run -0 one Undecoded '"\(.offset) \(.reason) \(.data)"' 8
	[ "$output" = "54 question 1: compression pointer does not point back c00c00010001" ]
}

@test "dec-dns: dots and spaces inside labels are escaped as dig does" {
	run -0 one DNS '.questions[0].name' 12
	[ "$output" = 'a\.b.\032x\032y\032' ]
}

@test "dec-dns: a payload on port 53 too short for DNS is Undecoded" {
	run -0 one Undecoded '"\(.layer) \(.reason)"' 13
	[ "$output" = "DNS truncated header: 5 of 12 bytes" ]
}

@test "dec-dns: NBNS names, suffixes, NB entries and node status" {
	run -0 one NBNS '"\(.broadcast) \(.questions[0].name) \(.questions[0].suffix) \(.questions[0].type)"' 9
	[ "$output" = "true WORKGROUP 29 32" ]
	run -0 one NBNS '.answers[0] | "\(.name) \(.suffix) \(.ttl) \(.nb_flags | join(",")) \(.addresses_ip | join(","))"' 10
	[ "$output" = "HOST1 32 300000 24576,32768 10.0.0.5,10.0.0.6" ]
	run -0 one NBNS '.answers[0] | "\(.name) \(.type) \(.node_names | join(",")) \(.unit_id_mac)"' 11
	[ "$output" = "* 33 HOST1<00>,WORKGROUP<1e> 00:0c:29:01:02:03" ]
}

@test "dec-dns: nc-tocsv writes DNS and NBNS columns" {
	run -0 bash -c "nc-decode -q -r '$D/dns.pcap' | nc-tocsv -t DNS | head -1"
	[[ "$output" == ts,packet,src_ip,dst_ip,src_port,dst_port,flow,flavour,tcp_length,id,qr,* ]]
	run -0 bash -c "nc-decode -q -r '$D/dns.pcap' | nc-tocsv -t NBNS | wc -l"
	[ "$output" -eq 4 ]
}

# DNS and NBNS field by field (tests/corpus/agree.d/dns.py); what differs
# by design is listed in tests/data/dns/known-differences.tsv.
@test "dec-dns: DNS and NBNS fields agree with tshark on the generated captures" {
	command -v tshark >/dev/null || skip "tshark is not installed"
	"$NC_BUILD/tools/pcapgen" -m dns -n 3000 -o "$D/mix.pcap"
	run -0 "$NC_ROOT/tests/corpus/agree" -k "$F/known-differences.tsv" \
	    "$D" dns.pcap mix.pcap
	echo "$output"
	[[ "$output" == *" 0 not listed), 0 listed ones that no longer happen"* ]]
	n=$(echo "$output" | awk '$1 == "DNS" { print $3 }')
	[ "$n" -gt 20000 ]
	n=$(echo "$output" | awk '$1 == "NBNS" { print $3 }')
	[ "$n" -gt 40 ]
}

@test "dec-dns: DNS fields agree with tshark on the corpus DNS captures" {
	command -v tshark >/dev/null || skip "tshark is not installed"
	[ -d "$P/dns" ] || skip "no shared captures in $P"
	run -0 "$NC_ROOT/tests/corpus/agree" \
	    -k "$NC_ROOT/tests/corpus/known-differences.tsv" "$P" \
	    $(cd "$P" && ls dns/*.pcap)
	echo "$output"
	[[ "$output" == *" 0 not listed), 0 listed ones that no longer happen"* ]]
}

@test "dec-dns: malformed corpus DNS ends in Undecoded, never a crash" {
	[ -f "$P/malformed/ndpi-malformed_dns.pcap" ] || skip "no shared captures in $P"
	run -0 bash -c "nc-decode -q -r '$P/malformed/ndpi-malformed_dns.pcap' -t Undecoded |
	    nc-tojson -t all,header | jq -r 'select(.layer == \"DNS\") | .reason' | sort | uniq -c"
	[[ "$output" == *"4 question 2: name longer than 255 bytes"* ]]
	run nc-decode -q -r "$P/malformed/tcpdump-dns-zlip-1.pcap" -w /dev/null
	[ "$status" -le 1 ]
	run nc-decode -q -r "$P/ipfrag/ndpi-dns_fragmented.pcap" -w /dev/null
	[ "$status" -le 1 ]
}

@test "dec-dns: NBNS and LLMNR of the 1kxun capture agree with tshark" {
	command -v tshark >/dev/null || skip "tshark is not installed"
	[ -f "$P/bulk/ndpi-1kxun.pcap" ] || skip "no shared captures in $P"
	run -0 "$NC_ROOT/tests/corpus/agree" \
	    -k "$NC_ROOT/tests/corpus/known-differences.tsv" "$P" \
	    bulk/ndpi-1kxun.pcap
	echo "$output"
	[[ "$output" == *" 0 not listed), 0 listed ones that no longer happen"* ]]
	run -0 bash -c "nc-decode -q -r '$P/bulk/ndpi-1kxun.pcap' -t DNS | nc-tojson -t all,header |
	    jq -r 'select(.flavour == \"LLMNR\") | .packet' | wc -l"
	[ "$output" -gt 0 ]
}

@test "dec-dns: the demo capture shows DNS lines in nc-dump" {
	run -0 bash -c "nc-decode -q -r '$NC_ROOT/tests/data/demo.pcap' -t DNS | nc-dump -t all,header | grep -c ' DNS .* id=[0-9]* .*questions=\\[[A-Z]* '"
	[ "$output" -ge 6 ]
}
