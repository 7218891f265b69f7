#!/usr/bin/env bats
# DHCPv4, DHCPv6, NTP, Syslog, SIP, BFD and LCM decoders: captures made by
# tests/data/dhcp/make-captures and real ones from ../shared/pcaps,
# decoded by nc-decode, read back with nc-tojson/jq and nc-tocsv, and
# compared field by field with tshark on the same capture.

bats_require_minimum_version 1.5.0

# The captures are made once for the file; every test gets its own copy.
setup_file() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	command -v python3 >/dev/null || return 0
	mkdir "$BATS_FILE_TMPDIR/gen"
	python3 "$NC_ROOT/tests/data/dhcp/make-captures" "$BATS_FILE_TMPDIR/gen"
}

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	P=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	D=$BATS_TEST_TMPDIR
	set -o pipefail		# a crash inside a pipeline fails the test
	command -v jq >/dev/null || skip "jq is not installed"
	command -v python3 >/dev/null || skip "python3 is not installed"
	cp -R "$BATS_FILE_TMPDIR/gen/." "$D/"
}

# jq helpers: numbers as tshark writes them in hex.
JQ_DEFS='
def hexn($w): . as $n | [range($w - 1; -1; -1) as $i |
    (($n / pow(16; $i)) | floor) % 16] |
    map("0123456789abcdef"[.:.+1]) | join("");
def opt: if . == null then "" else tostring end;'

# Records of type $2 in capture $1 through the jq program $3, as TSV.
ncq() {
	nc-decode -q -r "$1" | nc-tojson -t all,header |
	    jq -r --arg t "$2" "$JQ_DEFS select(.type == \$t) | $3 | @tsv"
}

# tshark fields of capture $1 (then -e options), every occurrence joined
# with commas.
tsq() {
	local f=$1
	shift
	tshark -n -r "$f" -T fields -E occurrence=a -E aggregator=, "$@" \
	    2>/dev/null
}

need_tshark() {
	command -v tshark >/dev/null || skip "tshark is not installed"
}

# --- DHCPv4 ------------------------------------------------------------------

DHCP4_NC='[.packet, .operation, .hardware_opts, "0x" + (.xid | hexn(8)),
    .your_client_ip, .relay_agent_ip, (.message_type | opt), .hostname,
    (.routers_ip | join(",")), (.params | map(tostring) | join(",")),
    (.lease_time | opt), .server_name, .file]'
DHCP4_TS='-e frame.number -e dhcp.type -e dhcp.hops -e dhcp.id
    -e dhcp.ip.your -e dhcp.ip.relay -e dhcp.option.dhcp
    -e dhcp.option.hostname -e dhcp.option.router
    -e dhcp.option.request_list_item -e dhcp.option.ip_address_lease_time
    -e dhcp.server -e dhcp.file'

@test "DHCPv4: generated capture agrees with tshark field by field" {
	need_tshark
	ncq "$D/dhcpv4.pcap" DHCPv4 "$DHCP4_NC" > "$D/nc"
	tsq "$D/dhcpv4.pcap" $DHCP4_TS > "$D/ts"
	[ "$(wc -l < "$D/nc")" -eq 4 ]
	diff "$D/ts" "$D/nc"
}

@test "DHCPv4: options, typed fields and overload read back with jq" {
	run ncq "$D/dhcpv4.pcap" DHCPv4 '[.packet, .client_mac, .cookie,
	    ([.options[].type] | map(tostring) | join(" ")), .vendor_class,
	    .requested_ip, .server_identifier_ip, .subnet_mask_ip,
	    (.dns_servers_ip | join(",")), .domain_name, (.overload | opt),
	    .relay_agent_info]'
	[ "$status" -eq 0 ]
	local tab=$'\t'
	[ "${lines[0]}" = "1${tab}02:00:00:00:00:01${tab}true${tab}53 61 50 12 60 55 255${tab}MSFT 5.0${tab}192.0.2.10${tab}${tab}${tab}${tab}${tab}${tab}" ]
	[ "${lines[1]}" = "2${tab}02:00:00:00:00:01${tab}true${tab}53 54 51 1 3 6 15 255${tab}${tab}${tab}192.0.2.1${tab}255.255.255.0${tab}192.0.2.53,198.51.100.53${tab}example.org${tab}${tab}" ]
	[ "${lines[2]}" = "3${tab}02:00:00:00:00:01${tab}true${tab}53 52 82 255 12 255${tab}${tab}${tab}${tab}${tab}${tab}${tab}1${tab}0106657468302f3102020011" ]
	[ "${lines[3]}" = "4${tab}02:00:00:00:00:01${tab}false${tab}${tab}${tab}${tab}${tab}${tab}${tab}${tab}${tab}" ]
}

@test "DHCPv4: nc-tocsv writes the record with its option list" {
	run bash -c "nc-decode -q -r '$D/dhcpv4.pcap' | nc-tocsv -t DHCPv4"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *xid*client_mac*options*message_type* ]]
	[ "${#lines[@]}" -eq 5 ]
}

@test "DHCPv4: real capture (RFC 3004 user class) agrees with tshark" {
	need_tshark
	f=$P/app/tcpdump-dhcp-rfc3004.pcap
	[ -f "$f" ] || skip "no $f"
	ncq "$f" DHCPv4 "$DHCP4_NC" > "$D/nc"
	tsq "$f" $DHCP4_TS > "$D/ts"
	[ "$(wc -l < "$D/nc")" -eq 4 ]
	diff "$D/ts" "$D/nc"
}

@test "DHCPv4: the fuzzer's bootp_asan capture decodes without a crash" {
	f=$P/malformed/tcpdump-bootp_asan.pcap
	[ -f "$f" ] || skip "no $f"
	run -0 bash -c "nc-decode -q -r '$f' | nc-tojson -t all,header | jq -r .type"
	[[ "$output" == *Undecoded* ]]
}

# --- DHCPv6 ------------------------------------------------------------------

DHCP6_NC='[.packet, ([.msg_type, .relay_msg_type] | map(select(. != null) |
    tostring) | join(",")), (.hop_count | opt), .link_ip,
    (.ia_addresses_ip | join(",")), (.oro | map(tostring) | join(",")),
    (.iaid | if . == null then "" else hexn(8) end), (.t1 | opt)]'
DHCP6_TS='-e frame.number -e dhcpv6.msgtype -e dhcpv6.hopcount
    -e dhcpv6.linkaddr -e dhcpv6.iaaddr.ip -e dhcpv6.requested_option_code
    -e dhcpv6.iaid -e dhcpv6.iaid.t1'

@test "DHCPv6: generated capture agrees with tshark field by field" {
	need_tshark
	ncq "$D/dhcpv6.pcap" DHCPv6 "$DHCP6_NC" > "$D/nc"
	tsq "$D/dhcpv6.pcap" $DHCP6_TS > "$D/ts"
	[ "$(wc -l < "$D/nc")" -eq 3 ]
	diff "$D/ts" "$D/nc"
}

@test "DHCPv6: DUIDs, FQDN, elapsed time and transaction id" {
	run ncq "$D/dhcpv6.pcap" DHCPv6 '[.packet, (.transaction_id | opt),
	    .client_duid, .server_duid, .fqdn, (.fqdn_flags | opt),
	    (.elapsed_time | opt), (.status_code | opt),
	    (.preferred_lifetimes | map(tostring) | join(","))]'
	[ "$status" -eq 0 ]
	local tab=$'\t'
	[ "${lines[0]}" = "1${tab}9483356${tab}00030001020000000001${tab}${tab}host.example.org${tab}1${tab}100${tab}${tab}" ]
	[ "${lines[1]}" = "2${tab}9483356${tab}00030001020000000001${tab}000100012a2b2c2d020000000002${tab}${tab}${tab}${tab}0${tab}7200,100" ]
}

@test "DHCPv6: real capture (IA_NA) agrees with tshark" {
	need_tshark
	f=$P/app/tcpdump-dhcpv6-ia-na.pcap
	[ -f "$f" ] || skip "no $f"
	ncq "$f" DHCPv6 "$DHCP6_NC" > "$D/nc"
	tsq "$f" $DHCP6_TS > "$D/ts"
	[ "$(wc -l < "$D/nc")" -eq 4 ]
	diff "$D/ts" "$D/nc"
}

# --- NTP ---------------------------------------------------------------------

NTP_NC='[.packet, .leap_indicator, .version, .mode,
    (if .mode == 6 then "", "", "", "" else .stratum, .poll, .root_delay,
    (.reference_id | hexn(8)) end), (.sequence | opt), (.status |
    if . == null then "" else "0x" + hexn(4) end), (.count | opt)]'
NTP_TS='-e frame.number -e ntp.flags.li -e ntp.flags.vn -e ntp.flags.mode
    -e ntp.stratum -e ntp.ppoll -e ntp.rootdelay -e ntp.refid
    -e ntp.ctrl.sequence -e ntp.ctrl.status -e ntp.ctrl.count'

@test "NTP: generated capture agrees with tshark field by field" {
	need_tshark
	ncq "$D/ntp.pcap" NTP "$NTP_NC" > "$D/nc"
	tsq "$D/ntp.pcap" $NTP_TS > "$D/ts"
	[ "$(wc -l < "$D/nc")" -eq 5 ]
	diff "$D/ts" "$D/nc"
}

@test "NTP: timestamps stay raw 64-bit values" {
	run ncq "$D/ntp.pcap" NTP '[.packet, (.transmit_timestamp | tostring),
	    .precision, .extension_bytes, .data]'
	[ "${lines[2]}" = $'3\t4\t-20\t0000000711111111111111111111111111111111\t' ]
	[ "${lines[4]}" = $'5\t0\t0\t0000\t76657273696f6e3d226e74706420342e3222' ]
}

@test "NTP: real captures (client/server, control) agree with tshark" {
	need_tshark
	for c in tcpdump-ntp.pcap tcpdump-ntp-control.pcap; do
		f=$P/app/$c
		[ -f "$f" ] || skip "no $f"
		ncq "$f" NTP "$NTP_NC" > "$D/nc"
		# A read-status response lists the status word of every
		# association as ntp.ctrl.status too: the header's is first.
		tsq "$f" $NTP_TS | awk -F'\t' -v OFS='\t' \
		    '{ sub(/,.*/, "", $10) } 1' > "$D/ts"
		[ -s "$D/nc" ]
		diff "$D/ts" "$D/nc"
	done
}

# The reference id read as RFC 5905 says by the stratum, the four times
# as tshark reads them (RFC 4330's eras, 0 unset), to the nanosecond; the
# raw numbers stay beside them, and nc-dump shows each once, read.
@test "NTP: reference id and times read as tshark reads them" {
	need_tshark
	f=$P/app/tcpdump-ntp.pcap
	[ -f "$f" ] || skip "no $f"
	nc-decode -q -r "$f" -t NTP | nc-tojson -T iso | jq -r '[.packet,
	    .reference_id_text // "", .reference_timestamp_time // "",
	    .origin_timestamp_time // "", .receive_timestamp_time // "",
	    .transmit_timestamp_time // ""] | @tsv' > "$D/nc"
	tsq "$f" -e frame.number -e ntp.stratum -e ntp.refid -e ntp.reftime \
	    -e ntp.org -e ntp.rec -e ntp.xmt | python3 -c '
import sys, datetime
def t(v):
    if v == "NULL":
        return ""
    d, frac = v[:-4].rsplit(".", 1)
    s = datetime.datetime.strptime(d, "%b %d, %Y %H:%M:%S")
    return s.strftime("%Y-%m-%dT%H:%M:%S") + "." + frac + "Z"
for line in sys.stdin:
    n, st, ref, *ts = line.rstrip("\n").split("\t")
    b = bytes.fromhex(ref)
    if int(st) >= 2:
        r = ".".join(str(x) for x in b)
    else:
        r = b.rstrip(b"\0").decode("ascii")
    print("\t".join([n, r] + [t(x) for x in ts]))
' > "$D/ts"
	[ "$(wc -l < "$D/nc")" -eq 8 ]
	diff "$D/ts" "$D/nc"
	[ "$(sed -n 2p "$D/nc")" = "$(printf '2\tSTEP\t\t1987-07-25T21:08:33.007738396Z\t2017-06-19T14:12:09.516015118Z\t2017-06-19T14:12:09.516074047Z')" ]
	run sh -c "nc-decode -q -r '$f' -t NTP | nc-tocsv -t NTP -f packet,stratum,reference_id,reference_id_text,transmit_timestamp,transmit_timestamp_time"
	[ "${lines[4]}" = "4,2,168106762,10.5.27.10,15920888678232793033,1497881958.494546877" ]
	run sh -c "nc-decode -q -r '$f' -t NTP | nc-filter 'reference_id_text == \"INIT\"' | nc-dump"
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == *" 7 NTP "*" reference_id=INIT transmit_timestamp=2017-06-19T14:47:12.800841171Z" ]]
	run sh -c "nc-decode -q -r '$f' -t NTP | nc-dump | sed -n 4p"
	[[ "$output" == *" reference_id=10.5.27.10 reference_timestamp=2017-06-19T14:19:17.720418353Z origin_timestamp=1992-10-31T13:37:44.107565978Z "* ]]
}

# --- Syslog ------------------------------------------------------------------

@test "Syslog: facility, severity and hostname agree with tshark" {
	need_tshark
	ncq "$D/syslog.pcap" Syslog '[.packet, .facility, .severity,
	    .hostname]' > "$D/nc"
	tsq "$D/syslog.pcap" -e frame.number -e syslog.facility \
	    -e syslog.level -e syslog.hostname > "$D/ts"
	[ "$(wc -l < "$D/nc")" -eq 5 ]
	diff "$D/ts" "$D/nc"
}

@test "Syslog: RFC 5424 and RFC 3164 parts read back with jq" {
	run ncq "$D/syslog.pcap" Syslog '[.version, .timestamp, .app_name,
	    .proc_id, .msg_id, .structured_data, .message]'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = $'1\t2003-10-11T22:14:15.003Z\tsu\t-\tID47\t-\t\'su root\' failed for lonvick on /dev/pts/8' ]
	[ "${lines[1]}" = $'1\t2003-08-24T05:14:15.000003-07:00\tmyproc\t8710\t-\t[exampleSDID@32473 iut="3" eventSource="App\\\\]"][x@1 a="b"]\tAn application event' ]
	[ "${lines[2]}" = $'0\tFeb  5 17:32:18\tsshd\t2304\t\t\tAccepted publickey for root' ]
	[ "${lines[3]}" = $'0\tOct 11 22:14:15\tkernel\t\t\t\tlink up' ]
	[ "${lines[4]}" = $'0\t\t\t\t\t\tjust a bare message' ]
}

@test "Syslog, SIP: escapes and NULs from the wire are kept whole and printed safely" {
	nc-decode -q -r "$D/hostile.pcap" > "$D/h.ncap"
	run nc-tocsv -t Syslog -f hostname,message_length,message "$D/h.ncap"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = 'host\x1b[2J,30,before\x00after \x1b]0;title\x07 \xff done' ]
	run nc-tocsv -t SIP -f from "$D/h.ncap"
	[ "${lines[1]}" = '<sip:a\x00hidden@x>' ]
	run sh -c "nc-tojson -t all,header '$D/h.ncap' | jq -c 'select(.type == \"Syslog\") | .message'"
	[ "$output" = $'"before\\u0000after \\u001b]0;title\\u0007 \xef\xbf\xbd done"' ]
	# no sink lets a control byte through
	nc-tocsv -d "$D/csv" "$D/h.ncap"
	nc-tojson -t all,header "$D/h.ncap" > "$D/h.json"
	nc-dump -t all,header "$D/h.ncap" > "$D/h.dump"
	run env LC_ALL=C grep -caP '[\x00-\x09\x0b-\x1f\x7f]' \
	    "$D"/csv/*.csv "$D/h.json" "$D/h.dump"
	[ "$status" -eq 1 ]
}

# --- SIP ---------------------------------------------------------------------

SIP_NC='[.packet, .method, .request_uri, (.status_code | opt), .call_id,
    .cseq, .via, (.max_forwards | opt), (.content_length | opt)]'
SIP_TS='-e frame.number -e sip.Method -e sip.r-uri -e sip.Status-Code
    -e sip.Call-ID -e sip.CSeq -e sip.Via -e sip.Max-Forwards
    -e sip.Content-Length'

@test "SIP: generated capture (UDP and TCP) agrees with tshark" {
	need_tshark
	ncq "$D/sip.pcap" SIP "$SIP_NC" > "$D/nc"
	tshark -n -r "$D/sip.pcap" -T fields -E occurrence=f $SIP_TS \
	    2>/dev/null > "$D/ts"
	[ "$(wc -l < "$D/nc")" -eq 3 ]
	diff "$D/ts" "$D/nc"
}

@test "SIP: header names in order, compact forms, body size" {
	run ncq "$D/sip.pcap" SIP '[.packet, (.headers | join(" ")),
	    .from, .to, .contact, .user_agent, .content_type, .body_size]'
	[ "${lines[0]}" = $'1\tVia Via Max-Forwards To From Call-ID CSeq Contact User-Agent Content-Type Content-Length\tAlice <sip:alice@atlanta.example.com>;tag=1928301774\tBob <sip:bob@biloxi.example.com>\t<sip:alice@pc33.atlanta.example.com>\ttest-phone/1.0\tapplication/sdp\t4' ]
	[ "${lines[1]}" = $'2\tv t f i CSeq m l\tAlice <sip:alice@atlanta.example.com>;tag=1928301774\tBob <sip:bob@biloxi.example.com>;tag=a6c85cf\t<sip:bob@192.0.2.4>\t\t\t0' ]
}

@test "SIP: real capture (nDPI) agrees with tshark" {
	need_tshark
	f=$P/app/ndpi-sip.pcap
	[ -f "$f" ] || skip "no $f"
	ncq "$f" SIP "select(.keep_alive | not) | $SIP_NC" > "$D/nc"
	tshark -n -r "$f" -Y sip -T fields -E occurrence=f $SIP_TS \
	    2>/dev/null > "$D/ts"
	[ "$(wc -l < "$D/nc")" -gt 50 ]
	diff "$D/ts" "$D/nc"
}

@test "SIP: keep-alives are SIP records, the packets tshark shows as data" {
	need_tshark
	f=$P/app/ndpi-sip.pcap
	[ -f "$f" ] || skip "no $f"
	ncq "$f" SIP 'select(.keep_alive) | [.packet]' > "$D/nc"
	# tshark: UDP 5060 payloads that are not SIP, all CR, LF, space or NUL.
	tshark -n -r "$f" -Y 'udp.port == 5060 && !sip' -T fields \
	    -e frame.number -e data.data 2>/dev/null |
	    awk '$2 ~ /^((0d)|(0a)|(20)|(00))+$/ { print $1 }' > "$D/ts"
	[ "$(wc -l < "$D/ts")" -eq 21 ]
	diff "$D/ts" "$D/nc"
	run -0 bash -c "nc-decode -q -r '$f' -t Undecoded | nc-tojson -t all,header | wc -l"
	[ "$output" -eq 1 ]	# the Header alone
}

# --- BFD ---------------------------------------------------------------------

@test "BFD: generated capture agrees with tshark field by field" {
	need_tshark
	ncq "$D/bfd.pcap" BFD '[.packet, .version, "0x" + (.diagnostic |
	    hexn(2)), "0x" + (.state | hexn(2)), ([.poll, .final,
	    .control_plane_independent, .auth_present, .demand, .multipoint] |
	    map(if . then 1 else 0 end) | .[]), .detect_multiplier, .length,
	    "0x" + (.my_discriminator | hexn(8)),
	    "0x" + (.your_discriminator | hexn(8)), .desired_min_tx_interval,
	    .required_min_rx_interval, .required_min_echo_rx_interval,
	    (.auth_type | opt), (.auth_sequence |
	    if . == null then "" else "0x" + hexn(8) end)]' > "$D/nc"
	tsq "$D/bfd.pcap" -e frame.number -e bfd.version -e bfd.diag \
	    -e bfd.sta -e bfd.flags.p -e bfd.flags.f -e bfd.flags.c \
	    -e bfd.flags.a -e bfd.flags.d -e bfd.flags.m \
	    -e bfd.detect_time_multiplier -e bfd.message_length \
	    -e bfd.my_discriminator -e bfd.your_discriminator \
	    -e bfd.desired_min_tx_interval -e bfd.required_min_rx_interval \
	    -e bfd.required_min_echo_interval -e bfd.auth.type \
	    -e bfd.auth.seq_num > "$D/ts"
	[ "$(wc -l < "$D/nc")" -eq 5 ]
	diff "$D/ts" "$D/nc"
}

# --- LCM ---------------------------------------------------------------------

@test "LCM: short message and fragments (tshark has no LCM dissector)" {
	run ncq "$D/lcm.pcap" LCM '[.packet, .magic, .sequence_number,
	    .channel_name, .fragmented, .payload_size, (.fragment_offset | opt),
	    (.fragment_number | opt), (.total_fragments | opt)]'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = $'1\t1279471666\t7\tPOSE\tfalse\t16\t\t\t' ]
	[ "${lines[1]}" = $'2\t1279471667\t8\tCAMERA_IMAGE\ttrue\t1032\t0\t0\t2' ]
	[ "${lines[2]}" = $'3\t1279471667\t8\t\ttrue\t1032\t600\t1\t2' ]
}

# --- damage ------------------------------------------------------------------

@test "damaged packets of every protocol become Undecoded with a reason" {
	run -0 bash -c "nc-decode -q -r '$D/bad.pcap' | nc-tojson -t all,header |
	    jq -r 'select(.type == \"Undecoded\") |
	    [.packet, .layer, .reason] | @tsv'"
	[ "${lines[0]}" = $'1\tDHCPv4\ttruncated header: 100 of 236 bytes' ]
	[ "${lines[1]}" = $'2\tDHCPv4\tnot DHCPv4: op 7' ]
	[ "${lines[2]}" = $'3\tDHCPv4\toption 53 in options truncated: length 5, 3 left' ]
	[ "${lines[3]}" = $'4\tDHCPv6\ttruncated header: 2 of 4 bytes' ]
	[ "${lines[4]}" = $'5\tDHCPv6\toption 1 truncated: length 200, 5 left' ]
	[ "${lines[5]}" = $'6\tNTP\ttruncated header: 21 of 48 bytes' ]
	[ "${lines[6]}" = $'7\tNTP\tnot NTP: version 0' ]
	[ "${lines[7]}" = $'8\tSyslog\tnot syslog: no PRI' ]
	[ "${lines[8]}" = $'9\tSIP\tnot SIP: no method' ]
	[ "${lines[9]}" = $'10\tSIP\theaders end without a blank line' ]
	[ "${lines[10]}" = $'11\tBFD\ttruncated header: 20 of 24 bytes' ]
	[ "${lines[11]}" = $'12\tBFD\tnot BFD: version 2' ]
	[ "${lines[12]}" = $'13\tLCM\tchannel name not terminated' ]
	[ "${lines[13]}" = $'14\tLCM\tnot LCM: magic 0x58585858' ]
	[ "${#lines[@]}" -eq 14 ]
}

@test "the zeek std-ports capture decodes its NTP without Undecoded NTP" {
	f=$P/basic/zeek-var-services-std-ports.pcap
	[ -f "$f" ] || skip "no $f"
	run -0 bash -c "nc-decode -q -r '$f' | nc-tojson -t all,header |
	    jq -r 'select(.type == \"NTP\" or .layer == \"NTP\") | .type' |
	    sort | uniq -c"
	[[ "$output" == *NTP* ]]
	[[ "$output" != *Undecoded* ]]
}

# Option codes are named as IANA's registries name them, beside their
# numbers, in nested option messages too.
@test "dec-dhcp: DHCP and DHCPv6 message types and option codes have names" {
	[ -d "$P/app" ] || skip "the shared captures are not there"
	run ncq "$P/app/tcpdump-dhcpv6-ia-na.pcap" DHCPv6 '[.packet, .msg_type, .msg_type_name, ([.options[] | "\(.code)=\(.code_name)"] | join(","))]'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\t%s\t%s\t%s\n' \
	    1 1 SOLICIT 1=CLIENTID,6=ORO,8=ELAPSED_TIME,3=IA_NA \
	    2 2 ADVERTISE 3=IA_NA,1=CLIENTID,2=SERVERID \
	    3 3 REQUEST 1=CLIENTID,2=SERVERID,6=ORO,8=ELAPSED_TIME,3=IA_NA \
	    4 7 REPLY 3=IA_NA,1=CLIENTID,2=SERVERID)" ]
	run ncq "$P/app/tcpdump-dhcp-rfc3004.pcap" DHCPv4 '[.packet, .message_type_name, ([.options[] | "\(.type)=\(.type_name)"] | join(","))]'
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '2\tOFFER\t53=DHCP-Message-Type,54=Server-Identifier,51=Lease-Time,1=Subnet-Mask,3=Router,6=Domain-Server,15=Domain-Name,255=End')" ]
	run sh -c "nc-decode -q -r '$P/app/tcpdump-dhcpv6-ia-na.pcap' -t DHCPv6 | nc-tocsv -t DHCPv6 -f packet,options.code,options.code_name"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = '1,1;6;8;3,CLIENTID;ORO;ELAPSED_TIME;IA_NA' ]
}
