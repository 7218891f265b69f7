#!/usr/bin/env bats
# nc-tcp's TLS parser: hellos, fingerprints and certificates on the
# project's own loopback captures (tests/tools/tlscap made them), JA3 and
# JA3S against tshark, and the records against Zeek's ssl.log and
# x509.log for the shared captures (tests/tls-ja3, tests/zeek-tls).

bats_require_minimum_version 1.5.0

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	DATA=$NC_ROOT/tests/data/tls
}

# The TLS records of capture $1 as JSON lines.
tls() {
	nc-decode -q -P -r "$DATA/$1" | nc-tcp |
	    nc-tojson -t TLSClientHello,TLSServerHello,TLSCertificate
}

@test "nc-tcp tls: TLS 1.2 on 8443: SNI, ALPN, suite, curve, the certificate" {
	run -0 tls tls12.pcap
	echo "$output"
	run -0 jq -sc 'map({type, packet, sni, alpns, record_version,
	    cipher_suite, selected_version, selected_group, alpn,
	    hello_retry_request, subject, issuer, san_dns, san_ip, san_email,
	    key_type, key_length, curve, sig_alg, is_ca, index, parse_error})
	    | map(with_entries(select(.value != null)))' <<<"$output"
	echo "$output"
	[ "$output" = '[{"type":"TLSClientHello","packet":4,"sni":"localhost","alpns":["h2","http/1.1"],"record_version":769},{"type":"TLSCertificate","packet":6,"subject":"CN=localhost,O=netcap tests,C=US","issuer":"CN=localhost,O=netcap tests,C=US","san_dns":["localhost"],"san_ip":["127.0.0.1"],"san_email":["test@example.org"],"key_type":"ecdsa","key_length":256,"curve":"prime256v1","sig_alg":"ecdsa-with-SHA256","is_ca":true,"index":0},{"type":"TLSServerHello","packet":6,"record_version":771,"cipher_suite":49196,"selected_version":771,"selected_group":29,"alpn":"h2","hello_retry_request":false}]' ]
}

@test "nc-tcp tls: TLS 1.3 HelloRetryRequest on a port that is not TLS's" {
	run -0 tls tls13-hrr.pcap
	run -0 jq -sc 'map([.type[3:4], .packet, .hello_retry_request,
	    .selected_version, .selected_group, .record_version])' <<<"$output"
	echo "$output"
	[ "$output" = '[["C",4,null,null,null,769],["S",6,true,772,23,771],["C",8,null,null,null,771],["S",9,false,772,23,771]]' ]
}

@test "nc-tcp tls: a ClientHello over three records, 40 ALPN names" {
	run -0 tls tls12-split.pcap
	run -0 jq -r 'select(.type == "TLSClientHello") |
	    "\(.alpns | length) \(.ja4) \(.malformed) \(.truncated)"' <<<"$output"
	# 40 ALPN names sent, 16 kept: truncated says so.
	[ "$output" = "16 t12d2808h2_d943125447b4_e7e480e5a997 false true" ]
	# The same client settings but the ALPN list: the same JA4 as tls12.
	run -0 tls tls12.pcap
	run -0 jq -r 'select(.type == "TLSClientHello") | .ja4' <<<"$output"
	[ "$output" = "t12d2808h2_d943125447b4_e7e480e5a997" ]
}

@test "nc-tcp tls: JA3 and JA3S of the loopback captures are tshark's" {
	# tests/tls-ja3 -r tests/data tests/data/tls/ja3-tshark-own.tsv
	# recorded tshark's.
	run "$NC_ROOT/tests/tls-ja3" "$NC_ROOT/tests/data" "$DATA/ja3-tshark-own.tsv" "$DATA/ja3-known.tsv"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"8 of 8 hellos tshark fingerprints agree (3 captures)"* ]]
}

@test "nc-tcp tls: JA3 and JA3S agree with tshark on the shared captures" {
	[ -d "$PCAPS/tls" ] || skip "no shared captures in $PCAPS"
	run "$NC_ROOT/tests/tls-ja3" "$PCAPS" "$DATA/ja3-tshark.tsv" "$DATA/ja3-known.tsv"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"143 of 149 hellos tshark fingerprints agree (31 captures)"* ]]
}

@test "nc-tcp tls: ssl.log and x509.log fields agree with Zeek's baselines" {
	[ -d "$PCAPS/tls" ] || skip "no shared captures in $PCAPS"
	Z=$NC_ROOT/tests/data/zeek
	run "$NC_ROOT/tests/zeek-tls" "$PCAPS" "$Z/ssl.tsv" "$Z/x509.tsv" \
	    "$Z/tls-known-differences.tsv"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "nc-tcp tls: an SSL 2.0 CLIENT-HELLO has no JA3" {
	[ -d "$PCAPS/tls" ] || skip "no shared captures in $PCAPS"
	run -0 bash -c "nc-decode -q -P -r '$PCAPS/tls/zeek-tls-ssl-v2.pcap' | nc-tcp |
	    nc-tojson -t TLSClientHello | jq -c '[.record_version, .version, (.cipher_suites | length), .ja3]'"
	echo "$output"
	[ "$output" = '[2,2,7,null]' ]
}
