#!/usr/bin/env bats
# Tunnels and routing protocols: IP-in-IP, GRE, VXLAN, Geneve, IPsec AH
# and ESP, OSPFv2/v3, VRRP, SCTP and IGMPv3 sources.  The captures come
# from tests/data/tun/make-pcaps; nc-decode's records (read back with
# nc-tojson and jq) are compared field by field with tshark's, including
# the layers inside a tunnel (inner = 1, 2) against tshark's second and
# third occurrence of a protocol.

bats_require_minimum_version 1.5.0

# The captures are made once for the file; every test gets its own copy.
setup_file() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	command -v python3 >/dev/null || return 0
	mkdir "$BATS_FILE_TMPDIR/gen"
	python3 "$NC_ROOT/tests/data/tun/make-pcaps" "$BATS_FILE_TMPDIR/gen"
}

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	D=$BATS_TEST_TMPDIR
	command -v jq >/dev/null || skip "jq is not installed"
	command -v python3 >/dev/null || skip "python3 is not installed"
	cp -R "$BATS_FILE_TMPDIR/gen/." "$D/"
	P=$D/tun.pcap
}

# tshark fields of the packets matching filter $2 in capture $1: every
# occurrence, comma-joined, hex numbers made decimal.
ts() {
	local f=$1 y=$2
	shift 2
	command -v tshark >/dev/null || skip "tshark is not installed"
	tshark -n -r "$f" -Y "$y" -T fields -E occurrence=a -E aggregator=, \
	    "$@" 2>/dev/null | python3 -c '
import sys
def n(t):
    return str(int(t, 16)) if t.startswith("0x") else t
for line in sys.stdin:
    print("\t".join(",".join(n(t) for t in c.split(",")) if c else ""
                    for c in line.rstrip("\n").split("\t")))'
}

# jq program $2 over the records of capture $1, raw output; booleans as
# tshark writes them.
nc() {
	nc-decode -q -r "$1" | nc-tojson -t all,header |
	    jq -r 'def b: if . == true then 1 elif . == false then 0 else . end;
		def j: map(b | tostring) | join(",");
		'"$2"
}

same() {
	diff -u "$1" "$2" || return 1
	[ -s "$1" ]
}

@test "dec-tun: the generator is deterministic" {
	mkdir "$D/again"
	python3 "$NC_ROOT/tests/data/tun/make-pcaps" "$D/again"
	cmp "$P" "$D/again/tun.pcap"
	cmp "$D/tun-bad.pcap" "$D/again/tun-bad.pcap"
}

@test "dec-tun: every record type, and no Undecoded" {
	run --separate-stderr nc-decode -q -r "$P"
	[ "$status" -eq 0 ]
	nc "$P" 'select(.type != "Header") | .type' | sort -u > "$D/types"
	for t in GRE VXLAN Geneve IPSecAH IPSecESP OSPFv2 OSPFv3 VRRPv2 SCTP \
	    IGMP PPP; do
		grep -qx "$t" "$D/types"
	done
	run nc "$P" 'select(.type == "Undecoded") | .packet'
	[ -z "$output" ]
	# PPTP's PPP frame inside GRE: an LCP Echo-Request, one tunnel in.
	run nc "$P" 'select(.type == "PPP") | [.packet, .inner, .protocol,
	    .code, .magic_number] | @tsv'
	[ "$output" = $'5\t1\t49185\t9\t42' ]
}

@test "dec-tun: inner IPv4 headers are tshark's second and third" {
	ts "$P" 'ip' -e frame.number -e ip.src -e ip.dst -e ip.proto |
	    awk -F'\t' '{ n = split($2, s, ","); split($3, d, ",");
		split($4, p, ",");
		for (i = 1; i <= n; i++) print $1, i - 1, s[i], d[i], p[i] }' \
	    > "$D/t"
	nc "$P" 'select(.type == "IPv4") | [.packet, .inner, .src_ip, .dst_ip,
	    .protocol] | map(tostring) | join(" ")' > "$D/n"
	same "$D/t" "$D/n"
	# The nesting itself: packet 6 is GRE in GRE.
	run nc "$P" 'select(.packet == 6) | "\(.type)/\(.inner)"'
	want="Ethernet/0 IPv4/0 GRE/0 IPv4/1 GRE/1 IPv4/2 UDP/2"
	[ "$(echo $output)" = "$want" ]
}

@test "dec-tun: inner IPv6, Ethernet and UDP match tshark's inner layers" {
	ts "$P" 'ip and ipv6' -e frame.number -e ipv6.src -e ipv6.dst > "$D/t"
	nc "$P" 'select(.type == "IPv6" and .inner == 1) |
	    [.packet, .src_ip, .dst_ip] | @tsv' > "$D/n"
	same "$D/t" "$D/n"
	ts "$P" 'gre.proto == 0x6558 or vxlan or geneve or erspan' \
	    -e frame.number -e eth.src -e eth.dst | awk -F'\t' '{ split($2, s, ",");
		split($3, d, ","); print $1 "\t" s[2] "\t" d[2] }' > "$D/t"
	nc "$P" 'select(.type == "Ethernet" and .inner == 1) |
	    [.packet, .src_mac, .dst_mac] | @tsv' > "$D/n"
	same "$D/t" "$D/n"
	ts "$P" 'udp.srcport == 1000' -e frame.number -e udp.srcport \
	    -e udp.dstport -e udp.length | awk -F'\t' '{ n = split($2, s, ",");
		split($3, d, ","); split($4, l, ",");
		print $1 "\t" s[n] "\t" d[n] "\t" l[n] }' > "$D/t"
	nc "$P" 'select(.type == "UDP" and .inner > 0) |
	    [.packet, .src_port, .dst_port, .length] | @tsv' > "$D/n"
	same "$D/t" "$D/n"
}

@test "dec-tun: GRE fields agree with tshark" {
	ts "$P" 'gre' -e frame.number -e gre.flags_and_version \
	    -e gre.flags.checksum -e gre.flags.routing -e gre.flags.key \
	    -e gre.flags.sequence_number -e gre.flags.ack \
	    -e gre.flags.version -e gre.proto -e gre.checksum -e gre.key \
	    -e gre.sequence_number -e gre.ack_number \
	    -e gre.key.payload_length -e gre.key.call_id > "$D/t"
	# tshark lists both headers of GRE in GRE in one row.
	nc "$P" '[.] | map(select(.type == "GRE")) | .[] | [.packet,
	    .flags_and_version, .checksum_present, .routing_present,
	    .key_present, .seq_present,
	    (if .version == 1 then .ack_present else null end), .version,
	    .protocol, .checksum,
	    (if .version == 0 then .key else null end), .seq, .ack,
	    .payload_length, .call_id] |
	    map(b // "" | tostring) | @tsv' |
	    awk -F'\t' -v OFS='\t' '$1 == last { for (i = 2; i <= NF; i++)
		if ($i != "") row[i] = row[i] "," $i; next }
		{ if (last != "") { printf "%s", last;
		  for (i = 2; i <= nf; i++) printf "\t%s", row[i]; print "" }
		  last = $1; nf = NF; for (i = 2; i <= NF; i++) row[i] = $i }
		END { printf "%s", last; for (i = 2; i <= nf; i++)
		  printf "\t%s", row[i]; print "" }' > "$D/n"
	same "$D/t" "$D/n"
}

@test "dec-tun: ERSPAN II and III headers agree with tshark" {
	ts "$P" 'erspan' -e frame.number -e erspan.version -e erspan.spanid \
	    > "$D/t"
	nc "$P" 'select(.type == "GRE" and .erspan_version != null) |
	    [.packet, .erspan_version, .erspan_session_id] | @tsv' > "$D/n"
	same "$D/t" "$D/n"
	[ "$(wc -l < "$D/n")" -eq 2 ]
}

@test "dec-tun: VXLAN and Geneve fields agree with tshark" {
	ts "$P" 'vxlan' -e frame.number -e vxlan.flags -e vxlan.vni \
	    -e vxlan.gbp > "$D/t"
	nc "$P" 'select(.type == "VXLAN") | [.packet, .flags, .vni,
	    .gbp_group_policy_id] | @tsv' > "$D/n"
	same "$D/t" "$D/n"
	ts "$P" 'geneve' -e frame.number -e geneve.version \
	    -e geneve.flags.oam -e geneve.flags.critical -e geneve.proto_type \
	    -e geneve.vni -e geneve.option.class -e geneve.option.type \
	    -e geneve.option.length > "$D/t"
	# tshark's geneve.option.length is first the options length in
	# bytes, then each option's length with its 4-byte header.
	nc "$P" 'select(.type == "Geneve") | [.packet, .version,
	    (.oam_packet | b), (.critical_option | b), .protocol, .vni,
	    (.options | map(.class) | j), (.options | map(.type) | j),
	    ([.options_length * 4] + (.options | map(.length + 4)) | j)] |
	    @tsv' > "$D/n"
	same "$D/t" "$D/n"
}

@test "dec-tun: IPsec AH and ESP fields agree with tshark" {
	ts "$P" 'ah' -e frame.number -e ah.next_header -e ah.length \
	    -e ah.spi -e ah.sequence -e ah.icv > "$D/t"
	nc "$P" 'select(.type == "IPSecAH") | [.packet, .next_header,
	    .payload_length, .spi, .seq, .icv] | @tsv' > "$D/n"
	same "$D/t" "$D/n"
	ts "$P" 'esp' -e frame.number -e esp.spi -e esp.sequence \
	    -e ip.len > "$D/t"
	nc "$P" 'select(.type == "IPSecESP") | [.packet, .spi, .seq,
	    .len_encrypted + 28] | @tsv' > "$D/n"
	same "$D/t" "$D/n"
}

@test "dec-tun: OSPFv2 and OSPFv3 fields agree with tshark" {
	ts "$P" 'ospf' -e frame.number -e ospf.version -e ospf.msg \
	    -e ospf.packet_length -e ospf.srcrouter -e ospf.area_id \
	    -e ospf.checksum -e ospf.instance_id > "$D/t"
	nc "$P" 'select(.type == "OSPFv2" or .type == "OSPFv3") | [.packet,
	    .version, .type_, .packet_length, .router_id_ip, .area_id_ip,
	    .checksum, (if .version == 3 then .instance_id else "" end)] |
	    @tsv' > "$D/n"
	same "$D/t" "$D/n"
	ts "$P" 'ospf.msg == 1' -e frame.number -e ospf.hello.network_mask \
	    -e ospf.hello.hello_interval -e ospf.hello.router_priority \
	    -e ospf.hello.router_dead_interval \
	    -e ospf.hello.designated_router \
	    -e ospf.hello.backup_designated_router \
	    -e ospf.hello.active_neighbor -e ospf.hello.interface_id \
	    -e ospf.v2.options -e ospf.v3.options > "$D/t"
	nc "$P" 'select(.type_ == 1 and (.type | startswith("OSPF"))) |
	    [.packet, .network_mask_ip, .hello_interval, .priority,
	    .dead_interval, .dr_ip, .bdr_ip, (.neighbors_ip | j),
	    (if .version == 3 then .interface_id else "" end),
	    (if .version == 2 then .options else "" end),
	    (if .version == 3 then .options else "" end)] | @tsv' > "$D/n"
	same "$D/t" "$D/n"
	ts "$P" 'ospf.msg == 2' -e frame.number -e ospf.db.interface_mtu \
	    -e ospf.dbd -e ospf.db.dd_sequence > "$D/t"
	nc "$P" 'select(.type == "OSPFv2" and .type_ == 2) | [.packet,
	    .interface_mtu, .dd_flags, .dd_sequence] | @tsv' > "$D/n"
	same "$D/t" "$D/n"
	# LSA headers of DB description, update and ack (v2 and v3).
	ts "$P" 'ospf.msg == 2 or ospf.msg == 4 or ospf.msg == 5' \
	    -e frame.number -e ospf.lsa.age -e ospf.advrouter \
	    -e ospf.lsa.seqnum -e ospf.lsa.chksum -e ospf.lsa.length \
	    -e ospf.lsa -e ospf.v3.lsa -e ospf.ls.number_of_lsas > "$D/t"
	nc "$P" 'select((.type | startswith("OSPF")) and .type_ != 1 and
	    .type_ != 3) | [.packet, (.lsas | map(.age) | j),
	    (.lsas | map(.adv_router_ip) | j), (.lsas | map(.seq_num) | j),
	    (.lsas | map(.checksum) | j), (.lsas | map(.length) | j),
	    (if .version == 2 then .lsas | map(.type) | j else "" end),
	    (if .version == 3 then .lsas | map(.type) | j else "" end),
	    (if .type_ == 4 then .num_lsas else "" end)] | @tsv' > "$D/n"
	same "$D/t" "$D/n"
	# LS request: type and advertising router of each entry.
	ts "$P" 'ospf.msg == 3' -e frame.number -e ospf.lsa \
	    -e ospf.advrouter > "$D/t"
	nc "$P" 'select(.type == "OSPFv2" and .type_ == 3) | [.packet,
	    (.lsas | map(.type) | j), (.lsas | map(.adv_router_ip) | j)] |
	    @tsv' > "$D/n"
	same "$D/t" "$D/n"
}

@test "dec-tun: VRRP v2 and v3 fields agree with tshark" {
	ts "$P" 'vrrp' -e frame.number -e vrrp.version -e vrrp.type \
	    -e vrrp.virt_rtr_id -e vrrp.prio -e vrrp.addr_count \
	    -e vrrp.auth_type -e vrrp.adver_int -e vrrp.short_adver_int \
	    -e vrrp.checksum -e vrrp.ip_addr -e vrrp.ipv6_addr > "$D/t"
	nc "$P" 'select(.type == "VRRPv2") | [.packet, .version, .type_,
	    .virtual_rtr_id, .priority, .count_ip_addrs,
	    (if .version == 2 then .auth_type, .adver_int, ""
	     else "", "", .max_adver_int end), .checksum,
	    (if .version == 2 then (.addresses_ip | j), ""
	     else "", (.addresses_ip | j) end)] | @tsv' > "$D/n"
	same "$D/t" "$D/n"
}

@test "dec-tun: SCTP fields agree with tshark" {
	ts "$P" 'sctp' -e frame.number -e sctp.srcport -e sctp.dstport \
	    -e sctp.verification_tag -e sctp.checksum -e sctp.chunk_type \
	    -e sctp.chunk_flags -e sctp.chunk_length -e sctp.data_tsn_raw \
	    -e sctp.data_sid -e sctp.data_ssn -e sctp.data_payload_proto_id \
	    -e sctp.init_initiate_tag -e sctp.init_credit \
	    -e sctp.init_nr_out_streams -e sctp.init_nr_in_streams \
	    -e sctp.init_initial_tsn -e sctp.sack_cumulative_tsn_ack_raw \
	    -e sctp.sack_a_rwnd > "$D/t"
	nc "$P" 'select(.type == "SCTP") | . as $s | [.packet, .src_port,
	    .dst_port, .verification_tag, .checksum,
	    (.chunks | map(.type) | j), (.chunks | map(.flags) | j),
	    (.chunks | map(.length) | j),
	    (.chunks | map(.tsn // empty) | j),
	    (.chunks | map(.stream_id // empty) | j),
	    (.chunks | map(.stream_seq // empty) | j),
	    (.chunks | map(.ppid // empty) | j),
	    (.chunks | map(select(.type == 1) | .initiate_tag) | j),
	    (.chunks | map(select(.type == 1) | .a_rwnd) | j),
	    (.chunks | map(select(.type == 1) | .outbound_streams) | j),
	    (.chunks | map(select(.type == 1) | .inbound_streams) | j),
	    (.chunks | map(select(.type == 1) | .initial_tsn) | j),
	    (.chunks | map(.cum_tsn_ack // empty) | j),
	    (.chunks | map(select(.type == 3) | .a_rwnd) | j)] | @tsv' \
	    > "$D/n"
	same "$D/t" "$D/n"
}

@test "dec-tun: IGMPv3 group sources agree with tshark" {
	ts "$P" 'igmp.version == 3' -e frame.number -e igmp.num_grp_recs \
	    -e igmp.record_type -e igmp.aux_data_len -e igmp.num_src \
	    -e igmp.saddr > "$D/t"
	nc "$P" 'select(.type == "IGMP" and .version == 3) | [.packet,
	    (if .type_ == 34 then .num_records else "" end),
	    (.record_types | j), (.record_aux_lens | j),
	    (if .type_ == 34 then .record_num_sources | j
	     else .num_sources end), (.sources_ip | j)] | @tsv' > "$D/n"
	same "$D/t" "$D/n"
}

@test "dec-tun: damaged packets become Undecoded, never a crash" {
	run --separate-stderr nc-decode -q -r "$D/tun-bad.pcap"
	[ "$status" -eq 0 ]
	nc "$D/tun-bad.pcap" 'select(.type == "Undecoded") |
	    [.packet, .layer, .reason] | @tsv' > "$D/n"
	cat > "$D/want" <<-'EOF'
	1	GRE	truncated header: 6 of 8 bytes
	2	VXLAN	not VXLAN: I flag clear (flags 0x0000)
	3	OSPFv2	bad packet length 400
	4	SCTP	bad length 2 of chunk 1
	5	IPSecAH	bad payload length 0
	6	Geneve	option 1 runs past the options
	7	VRRP	truncated header: 8 of 808 bytes
	8	IGMP	truncated group record 1 of 1
	EOF
	same "$D/want" "$D/n"
	# The record of a layer with a bad part is still there.
	run nc "$D/tun-bad.pcap" 'select(.type == "SCTP" or .type == "Geneve"
	    or .type == "IGMP") | "\(.packet)/\(.type)"'
	[ "$(echo $output)" = "4/SCTP 6/Geneve 8/IGMP" ]
}

@test "dec-tun: a snap length cut inside a tunnel" {
	command -v editcap >/dev/null || skip "editcap is not installed"
	editcap -s 66 "$P" "$D/cut.pcap" >/dev/null 2>&1
	run --separate-stderr nc-decode -q -r "$D/cut.pcap"
	[ "$status" -eq 0 ]
	# GRE in GRE cut in the innermost IPv4 header.
	run nc "$D/cut.pcap" 'select(.packet == 6) | "\(.type)/\(.inner)"'
	want="Ethernet/0 IPv4/0 GRE/0 IPv4/1 GRE/1 Undecoded/2"
	[ "$(echo $output)" = "$want" ]
	run nc "$D/cut.pcap" 'select(.type == "IPSecESP") | .len_encrypted'
	[ "$output" = 48 ]
}

@test "dec-tun: IGMP in the shared captures agrees with tshark" {
	local f n=0
	for f in dns/zeek-dns-mdns.pcap bulk/ndpi-netflix.pcap; do
		[ -f "$PCAPS/$f" ] || continue
		n=$((n + 1))
		ts "$PCAPS/$f" 'igmp' -e frame.number -e igmp.version \
		    -e igmp.type -e igmp.num_grp_recs -e igmp.record_type \
		    -e igmp.num_src -e igmp.saddr > "$D/t"
		nc "$PCAPS/$f" 'select(.type == "IGMP") | [.packet, .version,
		    .type_, (if .type_ == 34 then .num_records else "" end),
		    (.record_types | j),
		    (if .type_ == 34 then .record_num_sources | j
		     elif .version == 3 then .num_sources else "" end),
		    (.sources_ip | j)] | @tsv' > "$D/n"
		same "$D/t" "$D/n"
	done
	[ "$n" -gt 0 ] || skip "shared captures not found in $PCAPS"
}
