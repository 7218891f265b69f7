#!/usr/bin/env bats
# QUIC decoding (lib/decode/quic.c) on captures made by
# tests/data/quic/mkquic.py: values read back with nc-tojson/jq and
# nc-tocsv, and compared field by field with tshark, which decrypts
# Initial packets itself (tests/corpus/agree).

bats_require_minimum_version 1.5.0

# The captures are made once for the file; every test gets its own copy.
setup_file() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	python3 -c 'import cryptography' 2>/dev/null || return 0
	mkdir "$BATS_FILE_TMPDIR/gen"
	python3 "$NC_ROOT/tests/data/quic/mkquic.py" "$BATS_FILE_TMPDIR/gen"
}

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	G=$NC_ROOT/tests/data/quic
	D=$BATS_TEST_TMPDIR
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	command -v jq >/dev/null || skip "jq is not installed"
	python3 -c 'import cryptography' 2>/dev/null ||
	    skip "python3-cryptography is not installed"
	cp -R "$BATS_FILE_TMPDIR/gen/." "$D/"
}

# jq program $1 over the QUIC records of capture $2, compact.
q() {
	nc-decode -q -r "$D/$2" | nc-tojson -t all,header |
	    jq -c "select(.type == \"QUIC\") | $1"
}

# The Undecoded reasons of the QUIC layer in capture $1.
und() {
	nc-decode -q -r "$D/$1" | nc-tojson -t all,header |
	    jq -c 'select(.type == "Undecoded" and .layer == "QUIC") |
	    [.packet, .reason]'
}

# The client (A.2) and server (A.3) Initials of RFC 9001's example, written
# from the unit test's vectors into rfc.pcap.
rfcpcap() {
	G="$G" PYTHONDONTWRITEBYTECODE=1 python3 - "$NC_ROOT/tests/unit/quic_vectors.h" "$D/rfc.pcap" <<'EOF'
import os, re, sys
sys.path.insert(0, os.environ["G"])
import mkquic
src = open(sys.argv[1]).read()
def get(name):
    blk = src.split(name + "[] =")[1].split(";")[0]
    return bytes.fromhex("".join(re.findall(r'"([0-9a-f]+)"', blk)))
p = mkquic.Pcap(sys.argv[2])
p.up(get("rfc9001_a2"))
p.down(get("rfc9001_a3"))
p.close()
EOF
}

@test "quic: client Initial v1 decrypted: header, packet number, frames" {
	run q '[.index, .header_form, .fixed_bit, .packet_type, .version,
	    .dcid_len, .dcid, .scid_len, .token_length, .length, .decrypted,
	    .packet_number, .packet_number_length, .frame_types,
	    .crypto_offsets, .crypto_lengths]' quic-v1.pcap
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '[0,1,1,"Initial",1,8,"8394c8f03e515708",4,0,1178,true,0,2,[6,0],[0],[179]]' ]
}

@test "quic: ClientHello fields from the client Initial" {
	run q 'select(.packet == 1) | [.tls_handshake_type, .tls_version,
	    .cipher_suites, .extensions, .sni, .alpns,
	    .supported_versions_tls, .supported_groups,
	    (.transport_parameters | length / 2), .hello_complete]' \
	    quic-v1.pcap
	[ "$status" -eq 0 ]
	[ "$output" = '[1,771,[4865,4866,4867],[0,10,16,13,51,45,43,57],"example.org",["h3","h3-29"],[772],[29,23,24],6,true]' ]
}

@test "quic: server Initial decrypted with the client's DCID; coalesced Handshake and 1-RTT" {
	run q 'select(.packet == 2) | [.index, .packet_type, .decrypted,
	    .tls_handshake_type, .cipher_suites, .ack_largest, .dcid_len,
	    .short_header_raw, .payload_length]' quic-v1.pcap
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '[0,"Initial",true,2,[4865],0,4,null,117]' ]
	[ "${lines[1]}" = '[1,"Handshake",null,null,[],null,4,null,40]' ]
	[ "${lines[2]}" = '[2,"1-RTT",null,null,[],null,4,null,30]' ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "quic: later Initials of both sides; CONNECTION_CLOSE" {
	run q 'select(.packet >= 3) | [.packet, .decrypted, .packet_number,
	    .frame_types, .close_error_code, .close_frame_type,
	    .close_reason]' quic-v1.pcap
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '[3,true,1,[2,1,0],null,null,null]' ]
	[ "${lines[1]}" = '[4,true,1,[28],10,6,"bad hello"]' ]
}

@test "quic: v2 and draft-29 Initials, Version Negotiation, Retry, ports 4433 and 8443" {
	run q '[.packet, .dst_port, .packet_type, .long_packet_type, .version,
	    .decrypted, .sni, .supported_versions, .token,
	    .retry_integrity_tag]' quic-versions.pcap
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '[1,443,"Initial",1,1798521807,true,"v2.example",[],null,null]' ]
	[ "${lines[1]}" = '[2,443,"Initial",0,4278190109,true,"d29.example",[],null,null]' ]
	[ "${lines[2]}" = '[3,50001,"VersionNegotiation",null,0,null,null,[1,1798521807,438975050],null,null]' ]
	[ "${lines[3]}" = '[4,50004,"Retry",3,1,null,null,[],"72657472792d746f6b656e2d6279746573","000102030405060708090a0b0c0d0e0f"]' ]
	[ "${lines[4]}" = '[5,4433,"Initial",0,1,true,"port4433.example",[],"746f6b",null]' ]
	[ "${lines[5]}" = '[6,8443,"Initial",0,1,true,"port8443.example",[],null,null]' ]
}

@test "quic: a hello over coalesced Initials is whole; over two datagrams it is not" {
	run q '[.packet, .index, .crypto_offsets, .hello_complete, .sni,
	    .extensions]' quic-split.pcap
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '[1,0,[60,0],true,"split.example",[0,10,16,13,51,45,43,57]]' ]
	[ "${lines[1]}" = '[1,1,[120],null,null,[]]' ]
	[ "${lines[2]}" = '[2,0,[0],false,"two.example",[0,10,16,13,51,45,43,57]]' ]
	[ "${lines[3]}" = '[3,0,[1100],null,null,[]]' ]
}

@test "quic: bad tag, cut packets, gQUIC and unknown versions" {
	run q '[.packet, .decrypted, .decrypt_error, .version, .payload_length]' \
	    quic-bad.pcap
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '[1,false,"authentication failed",1,1182]' ]
	[ "${lines[1]}" = '[2,false,"packet shorter than its length",1,582]' ]
	# Packet 4 is a gQUIC Q043 public header: 0x51303433 is "Q043".
	[ "${lines[2]}" = '[4,null,null,1362113587,19]' ]
	[ "${lines[3]}" = '[5,null,null,4207849484,30]' ]
	[ "${#lines[@]}" -eq 4 ]
	run und quic-bad.pcap
	[ "${lines[0]}" = '[2,"length 1182 beyond the 582 bytes left"]' ]
	[ "${lines[1]}" = '[3,"not QUIC: truncated long header"]' ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "quic: nc-tocsv renders connection IDs as hex and lists joined" {
	run --separate-stderr sh -c "nc-decode -q -r '$D/quic-v1.pcap' |
	    nc-tocsv -t QUIC -f packet,index,dcid,scid,sni,alpns,cipher_suites"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 'packet,index,dcid,scid,sni,alpns,cipher_suites' ]
	[ "${lines[1]}" = '1,0,8394c8f03e515708,c0ffee00,example.org,h3;h3-29,4865;4866;4867' ]
	[ "${lines[3]}" = '2,1,c0ffee00,5e7e5e7e5e7e5e7e,,,' ]
}

@test "quic: the RFC 9001 Appendix A packets decode as tshark decodes them" {
	rfcpcap
	run q '[.packet_number, .sni, .alpns, .tls_handshake_type]' rfc.pcap
	[ "${lines[0]}" = '[2,"example.com",["alpn"],1]' ]
	[ "${lines[1]}" = '[1,null,[],2]' ]
	command -v tshark >/dev/null || return 0
	run -0 "$NC_ROOT/tests/corpus/agree" "$D" rfc.pcap
	echo "$output"
	[[ "$output" == *"1 captures, 0 disagreements"* ]]
}

@test "quic: gQUIC in the shared corpus: public headers as tshark reads them" {
	[ -f "$PCAPS/tls/ndpi-http_ipv6.pcap" ] || skip "no shared captures"
	run sh -c "nc-decode -q -r '$PCAPS/tls/ndpi-http_ipv6.pcap' |
	    nc-tojson -t all,header | jq -c 'select(.layer == \"QUIC\" or .type == \"QUIC\") |
	    [.type, .packet_type, .gquic, .public_flags]' | sort | uniq -c"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[0]}" =~ ^\ *30\ \[\"QUIC\",\"gQUIC\",true,0\]$ ]]
	[[ "${lines[1]}" =~ ^\ *34\ \[\"QUIC\",\"gQUIC\",true,12\]$ ]]
	[[ "${lines[2]}" =~ ^\ *1\ \[\"QUIC\",\"gQUIC\",true,13\]$ ]]
	# The client's first packet names the version; tshark agrees.
	run sh -c "nc-decode -q -r '$PCAPS/tls/ndpi-http_ipv6.pcap' -t QUIC |
	    nc-tojson -t all,header | jq -r 'select(.type == \"QUIC\" and .gquic_version != null) |
	    [.packet, .gquic_version, .packet_number] | @tsv'"
	[ "$output" = $'5\tQ025\t1' ]
	command -v tshark >/dev/null || return 0
	run sh -c "tshark -r '$PCAPS/tls/ndpi-http_ipv6.pcap' -Y gquic.version \
	    -T fields -e frame.number -e gquic.version -e gquic.packet_number \
	    2>/dev/null"
	[ "$output" = $'5\tQ025\t1' ]
}

# Every QUIC packet of each datagram, coalesced ones too, field by field
# (tests/corpus/agree.d/quic.py).  tshark reassembles CRYPTO data across
# datagrams and shows the hello in the datagram that completes it;
# nc-decode shows what the first datagram held, with hello_complete=false.
# tshark does not take 0xfaceb00c for QUIC at all; nc-decode keeps the
# invariant header of an unknown version.  Both are listed in
# tests/data/quic/known-differences.tsv.
@test "quic: agrees with tshark field by field, but for the listed differences" {
	command -v tshark >/dev/null || skip "tshark is not installed"
	rfcpcap
	run tests_agree
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"23 listed in known differences, 0 not listed"* ]]
}

tests_agree() {
	"$NC_ROOT/tests/corpus/agree" -k "$G/known-differences.tsv" "$D" \
	    quic-v1.pcap quic-versions.pcap rfc.pcap quic-split.pcap \
	    quic-bad.pcap
}
