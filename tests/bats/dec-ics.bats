#!/usr/bin/env bats
# The Modbus/TCP, EtherNet/IP, CIP, SNMP and Diameter decoders end to end:
# captures from tests/data/ics/make-captures decoded by nc-decode, read
# back with nc-tojson and jq, and compared field by field with tshark on
# the same capture; then the shared real captures.

bats_require_minimum_version 1.5.0

# The captures are made once for the file; every test gets its own copy.
setup_file() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	mkdir "$BATS_FILE_TMPDIR/gen"
	"$NC_ROOT/tests/data/ics/make-captures" "$BATS_FILE_TMPDIR/gen"
}

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	D=$BATS_TEST_TMPDIR
	command -v jq >/dev/null || skip "jq is not installed"
	cp "$BATS_FILE_TMPDIR"/gen/*.pcap "$D"/
	Q=()
}

# A comparison queued must have been run.
teardown() {
	[ "${#Q[@]}" -eq 0 ] || { echo "same without compare"; return 1; }
}

need_tshark() {
	command -v tshark >/dev/null || skip "tshark is not installed"
}

# Records of type $2 in capture $1 as JSON lines.
recs() {
	nc-decode -q -r "$1" | nc-tojson -t all,header | jq -c --arg t "$2" \
	    'select(.type == $t)'
}

# "packet<TAB>values" for every packet where the jq expression $3 over
# the records of type $2 gives something: the values of all its records
# joined by commas, like tshark's occurrences.
nc_col() {
	recs "$1" "$2" | jq -r "[.packet, ($3 | tostring)] | @tsv" | join_packets
}

# The same from the records already decoded to JSON lines in file $1.
nc_json() {
	jq -r --arg t "$2" "select(.type == \$t) | [.packet, ($3 | tostring)] |
	    @tsv" "$1" | join_packets
}

# Lines "packet<TAB>value" of one packet joined into one, values
# comma-separated; empty and null values left out.
join_packets() {
	awk -F'\t' '$2 != "" && $2 != "null" {
		if ($1 == p) v = v "," $2; else { if (p != "") print p "\t" v;
		p = $1; v = $2 } }
		END { if (p != "") print p "\t" v }'
}

# Hexadecimal numbers (0x0063) in decimal, as the records have them.
unhex() {
	python3 -c 'import sys, re
for l in sys.stdin:
    sys.stdout.write(re.sub(r"\b0x[0-9a-fA-F]+\b",
                            lambda m: str(int(m.group(0), 16)), l))'
}

# "frame<TAB>values" for every packet where tshark shows field $2, with
# hexadecimal numbers in decimal.
ts_col() {
	tshark -n -r "$1" -T fields -E occurrence=a -E aggregator=, \
	    -e frame.number -e "$2" 2>/dev/null | awk -F'\t' '$2 != ""' | unhex
}

# same CAPTURE FIELD TYPE EXPR: tshark's FIELD and nc_col's TYPE EXPR
# agree on CAPTURE, except in the packets the regular expression SKIP
# matches (TS_SKIP and NC_SKIP, when set, for one side only).  Queued:
# compare runs every comparison of a test with one tshark and one
# nc-decode per capture.
same() {
	Q+=("$1" "$2" "$3" "$4" "${TS_SKIP:-${SKIP:-0}}" "${NC_SKIP:-${SKIP:-0}}")
}

# Runs the queued comparisons; diff shows each disagreement, after the
# field's name.  Fails when one disagrees or tshark fails.
compare() {
	local i j f n bad=0 fields
	local -A done=()
	for ((i = 0; i < ${#Q[@]}; i += 6)); do
		f=${Q[i]}
		[ -z "${done[$f]:-}" ] || continue
		done[$f]=1
		# One tshark run for every field asked of this capture: column
		# n + 1 of its output is the field of the nth comparison.
		fields=()
		for ((j = i; j < ${#Q[@]}; j += 6)); do
			[ "${Q[j]}" = "$f" ] && fields+=(-e "${Q[j + 1]}")
		done
		tshark -n -r "$f" -T fields -E occurrence=a -E aggregator=, \
		    -e frame.number "${fields[@]}" >"$D/ts.tsv" 2>"$D/ts.err" || {
			echo "tshark failed on $f:"; cat "$D/ts.err"; return 1; }
		unhex <"$D/ts.tsv" >"$D/ts.dec"
		nc-decode -q -r "$f" | nc-tojson -t all,header >"$D/nc.json"
		n=1
		for ((j = i; j < ${#Q[@]}; j += 6)); do
			[ "${Q[j]}" = "$f" ] || continue
			n=$((n + 1))
			diff <(awk -F'\t' -v c="$n" '$c != "" { print $1 "\t" $c }' \
			    "$D/ts.dec" | grep -Ev "^(${Q[j + 4]})	") \
			    <(nc_json "$D/nc.json" "${Q[j + 2]}" "${Q[j + 3]}" |
			    grep -Ev "^(${Q[j + 5]})	") >"$D/diff" || {
				echo "${Q[j + 1]} ($f):"; cat "$D/diff"; bad=1; }
		done
	done
	Q=()
	[ "$bad" -eq 0 ]
}

@test "make-captures writes the same bytes every time" {
	mkdir "$D/again"
	"$NC_ROOT/tests/data/ics/make-captures" "$D/again"
	for f in modbus enip snmp diameter; do
		cmp "$D/$f.pcap" "$D/again/$f.pcap"
	done
}

@test "modbus: one record per ADU, Undecoded for the rest" {
	run -0 bash -c "nc-decode -q -r '$D/modbus.pcap' | nc-tojson -t all,header |
	    jq -r 'select(.type == \"Modbus\" or .type == \"Undecoded\") |
	    [.packet, .type] | @tsv' | awk '{ print \$2 }' | sort | uniq -c"
	[[ "$output" =~ 17\ Modbus ]]
	[[ "$output" =~ 2\ Undecoded ]]
	run -0 bash -c "nc-decode -q -r '$D/modbus.pcap' | nc-tojson -t all,header |
	    jq -r 'select(.type == \"Undecoded\") | .reason'"
	[ "${lines[0]}" = "not Modbus: protocol id 7" ]
	[ "${lines[1]}" = "truncated ADU: 8 of 12 bytes" ]
}

@test "modbus: fields agree with tshark" {
	need_tshark
	F=$D/modbus.pcap
	# tshark leaves the ADU cut by the segment end (17) undissected.
	SKIP=17
	same "$F" mbtcp.trans_id Modbus .transaction_id
	same "$F" mbtcp.len Modbus .length
	same "$F" mbtcp.unit_id Modbus .unit_id
	same "$F" modbus.func_code Modbus .function_code
	same "$F" modbus.exception_code Modbus .exception_code
	same "$F" modbus.byte_cnt Modbus .byte_count
	same "$F" modbus.write_reference_num Modbus .write_address
	same "$F" modbus.read_reference_num Modbus \
	    'if .function_code == 23 and (.response | not) then .address
	    else null end'
	same "$F" modbus.reference_num Modbus \
	    'if .function_code == 23 then null else .address end'
	same "$F" modbus.regval_uint16 Modbus \
	    'if .function_code == 23 then null
	    else (.registers | map(tostring) | join(",")) end | select(. // "" != "")'
	same "$F" modbus.object_str_value Modbus \
	    '.objects | map(.value) | join(",") | select(. // "" != "")'
	same "$F" modbus.num_objects Modbus .num_objects
	same "$F" modbus.mei Modbus .mei_type
	compare
}

@test "modbus: request and response fields by function" {
	F=$D/modbus.pcap
	run -0 nc_col "$F" Modbus \
	    '[.function_code, .response, .address, .quantity, .value] |
	    map(tostring) | join("/")'
	[ "${lines[0]}" = "$(printf '1\t3/false/100/3/null')" ]
	[ "${lines[4]}" = "$(printf '5\t5/false/7/null/65280')" ]
	[ "${lines[5]}" = "$(printf '6\t5/true/7/null/65280')" ]
	[ "${lines[14]}" = "$(printf '15\t4/false/0/1/null,6/false/3/null/1234')" ]
	run -0 nc_col "$F" Modbus 'select(.exception) | .exception_code'
	[ "$output" = "$(printf '10\t2')" ]
	run -0 nc_col "$F" Modbus '.coils | select(. // "" != "")'
	[ "$output" = "$(printf '4\tcd01\n9\tff01')" ]
}

@test "enip: header and CPF fields agree with tshark" {
	need_tshark
	F=$D/enip.pcap
	# 13 has non-zero options, which the specification makes invalid:
	# nc-decode calls it not EtherNet/IP, tshark decodes it.
	SKIP=13
	same "$F" enip.command ENIP 'select(.io | not) | .command'
	same "$F" enip.session ENIP 'select(.io | not) | .session_handle'
	same "$F" enip.cpf.typeid ENIP \
	    '.item_types | join(",") | select(. // "" != "")'
	same "$F" enip.cpf.cai.connid ENIP 'select(.io | not) | .connection_id'
	same "$F" enip.status ENIP 'select(.io | not) | .status'
	same "$F" enip.cpf.length ENIP \
	    '.item_lengths | map(tostring) | join(",") | select(. // "" != "")'
	same "$F" cip.seq ENIP .sequence_count
	same "$F" enip.cpf.sai.seq ENIP .encap_sequence
	same "$F" enip.lir.name ENIP '.identities[0].product_name'
	same "$F" enip.lir.vendor ENIP '.identities[0].vendor_id'
	same "$F" enip.lir.prodcode ENIP '.identities[0].product_code'
	same "$F" enip.lir.state ENIP '.identities[0].state'
	same "$F" enip.sinport ENIP '.identities[0].socket_port'
	same "$F" enip.rs.version ENIP .protocol_version
	compare
}

@test "enip: implicit I/O, ListIdentity, and what is not EtherNet/IP" {
	F=$D/enip.pcap
	run -0 nc_col "$F" ENIP 'select(.io) | [.connection_id,
	    .encap_sequence, (.item_types | join(" "))] | map(tostring) |
	    join("/")'
	[ "$output" = "$(printf '12\t4660/99/32770 177')" ]
	run -0 nc_col "$F" ENIP '.identities[0] | select(.) | [.socket_ip,
	    .device_type, .revision_major, .revision_minor, .serial_number,
	    .status] | map(tostring) | join("/")'
	[ "$output" = "$(printf '2\t10.0.0.2/14/20/11/3237998081/96')" ]
	run -0 nc_col "$F" Undecoded .reason
	[ "$output" = "$(printf '13\tnot ENIP: command 0x6f, options 0x1')" ]
}

@test "cip: services, paths and status agree with tshark" {
	need_tshark
	F=$D/enip.pcap
	same "$F" cip.sc CIP .service
	same "$F" cip.genstat CIP .general_status
	# tshark lists each symbol segment, and copies the request's into
	# the response (10).
	SKIP=10 same "$F" cip.symbol CIP \
	    '.symbol | select(. // "" != "") | split(".") | join(",")'
	# tshark copies the request's path into the responses.
	SKIP="6|8|10" same "$F" cip.request_path_size CIP .path_size
	compare
	run -0 nc_col "$F" CIP '[.class_id, .instance_id, .attribute_id,
	    .service_index, .embedded, (.additional_status | join(" "))] |
	    map(tostring) | join("/")'
	[ "${lines[0]}" = "$(printf '5\t1/1/7/null/false/')" ]
	[ "${lines[2]}" = "$(printf '7\t768/4660/null/null/false/')" ]
	[ "${lines[3]}" = "$(printf '8\tnull/null/null/null/false/4660')" ]
	[ "${lines[4]}" = "$(printf '9\t2/1/null/null/false/,null/null/null/1/false/,null/null/null/2/false/')" ]
	[ "${lines[6]}" = "$(printf '11\t6/1/null/null/false/,1/1/null/null/true/')" ]
}

@test "snmp: fields agree with tshark" {
	need_tshark
	F=$D/snmp.pcap
	same "$F" snmp.version SNMP 'select(.version < 3) | .version'
	same "$F" snmp.msgVersion SNMP 'select(.version == 3) | .version'
	same "$F" snmp.community SNMP '.community | select(. // "" != "")'
	same "$F" snmp.data SNMP .pdu_type
	same "$F" snmp.request_id SNMP .request_id
	same "$F" snmp.error_status SNMP 'select(.pdu_type != 5) | .error_status'
	same "$F" snmp.non_repeaters SNMP 'select(.pdu_type == 5) | .error_status'
	same "$F" snmp.max_repetitions SNMP 'select(.pdu_type == 5) | .error_index'
	same "$F" snmp.name SNMP \
	    '.varbinds | map(.oid) | join(",") | select(. // "" != "")'
	same "$F" snmp.value.int SNMP \
	    '[.varbinds[] | .value_int | select(.)] | join(",") | select(. // "" != "")'
	# jq holds numbers as doubles: Counter64 (in 4) is checked as text
	# in the next test.
	SKIP=4 same "$F" snmp.value.counter SNMP '[.varbinds[] | select(.tag == 65) |
	    .value_uint] | join(",") | select(. // "" != "")'
	same "$F" snmp.value.timeticks SNMP '[.varbinds[] | select(.tag == 67) |
	    .value_uint] | join(",") | select(. // "" != "")'
	same "$F" snmp.value.g32 SNMP '[.varbinds[] | select(.tag == 66) |
	    .value_uint] | join(",") | select(. // "" != "")'
	same "$F" snmp.value.oid SNMP \
	    '[.varbinds[] | .value_oid | select(. // "" != "")] | join(",") |
	    select(. // "" != "")'
	same "$F" snmp.value.ipv4 SNMP \
	    '[.varbinds[] | .value_ip | select(. // "" != "")] | join(",") |
	    select(. // "" != "")'
	same "$F" snmp.enterprise SNMP '.enterprise | select(. // "" != "")'
	same "$F" snmp.agent_addr SNMP '.agent_addr_ip | select(. // "" != "")'
	same "$F" snmp.generic_trap SNMP .generic_trap
	same "$F" snmp.specific_trap SNMP .specific_trap
	same "$F" snmp.time_stamp SNMP .time_stamp
	same "$F" snmp.msgID SNMP .msg_id
	same "$F" snmp.msgMaxSize SNMP .msg_max_size
	same "$F" snmp.msgSecurityModel SNMP .msg_security_model
	same "$F" snmp.msgAuthoritativeEngineBoots SNMP .engine_boots
	same "$F" snmp.msgAuthoritativeEngineTime SNMP .engine_time
	same "$F" snmp.msgUserName SNMP '.user_name | select(. // "" != "")'
	compare
}

@test "snmp: value types, v3 flags, encryption and non-SNMP" {
	F=$D/snmp.pcap
	run -0 nc_col "$F" SNMP \
	    '.varbinds | map(.value_type) | join(";") | select(. // "" != "")'
	[ "${lines[3]}" = "$(printf '4\tCounter32;Gauge32;Counter64;IpAddress;OID;INTEGER;noSuchObject;endOfMibView')" ]
	run -0 bash -c "nc-decode -q -r '$F' | nc-tojson -t all,header | grep -o \
	    '\"value_type\":\"Counter64\",\"value_uint\":[0-9\"]*'"
	# above 2^53: a string, which jq reads without rounding
	[ "$output" = '"value_type":"Counter64","value_uint":"18446744073709551615"' ]
	[ "$(ts_col "$F" snmp.value.counter | head -1)" = \
	    "$(printf '4\t4294967295,18446744073709551615')" ]
	run -0 nc_col "$F" SNMP 'select(.version == 3) |
	    [.msg_flags, .encrypted, .pdu_type] | map(tostring) | join("/")'
	[ "$output" = "$(printf '9\t4/false/0\n10\t0/false/8\n11\t7/true/null')" ]
	run -0 nc_col "$F" Undecoded .reason
	[ "$output" = "$(printf '12\tnot SNMP: no message header')" ]
}

@test "diameter: fields agree with tshark" {
	need_tshark
	F=$D/diameter.pcap
	for f in version:.version length:.length flags:.flags \
	    cmd.code:.command_code applicationId:.application_id \
	    hopbyhopid:.hop_by_hop_id endtoendid:.end_to_end_id \
	    Session-Id:.session_id Origin-Host:.origin_host \
	    Origin-Realm:.origin_realm Destination-Realm:.destination_realm \
	    Result-Code:.result_code; do
		# tshark also calls version 2 (packet 6) Diameter.
		TS_SKIP=6 NC_SKIP=0 same "$F" "diameter.${f%%:*}" Diameter \
		    "${f#*:} | select(. != \"\")"
	done
	# tshark lists AVPs inside grouped ones too; packet 3 has one.
	TS_SKIP="3|6" NC_SKIP=3 same "$F" diameter.avp.code Diameter \
	    '.avps | map(.code | tostring) | join(",")'
	compare
}

@test "diameter: flags, vendor AVPs, two messages, not Diameter" {
	F=$D/diameter.pcap
	run -0 nc_col "$F" Diameter '[.request, .proxiable, .error,
	    .retransmit] | map(tostring) | join("/")'
	[ "${lines[2]}" = "$(printf '3\ttrue/true/false/false')" ]
	[ "${lines[3]}" = "$(printf '4\ttrue/false/false/false,true/false/false/false')" ]
	[ "${lines[4]}" = "$(printf '5\tfalse/false/true/false')" ]
	run -0 nc_col "$F" Diameter '.avps[] | select(.vendor_id) |
	    [.code, .flags, .vendor_id, .length] | map(tostring) | join("/")'
	[ "$output" = "$(printf '3\t873/192/10415/40')" ]
	run -0 nc_col "$F" Undecoded .reason
	[ "$output" = "$(printf '6\tnot Diameter: version 2, length 68')" ]
}

@test "real captures: Modbus and EtherNet/IP agree with tshark" {
	need_tshark
	[ -d "$PCAPS/ics" ] || skip "no shared captures in $PCAPS"
	F=$PCAPS/ics/ndpi-modbus.pcap
	same "$F" mbtcp.trans_id Modbus .transaction_id
	same "$F" modbus.func_code Modbus .function_code
	same "$F" modbus.reference_num Modbus .address
	same "$F" modbus.regval_uint16 Modbus \
	    '.registers | map(tostring) | join(",") | select(. // "" != "")'
	F=$PCAPS/ics/ndpi-ethernetIP.pcap
	same "$F" enip.command ENIP .command
	same "$F" enip.length ENIP .length
	same "$F" cip.sc CIP .service
	same "$F" cip.genstat CIP .general_status
	same "$F" cip.seq ENIP .sequence_count
	compare
}

@test "real captures: no Undecoded from these decoders, no error" {
	[ -d "$PCAPS/ics" ] || skip "no shared captures in $PCAPS"
	for f in "$PCAPS"/ics/*.pcap \
	    "$PCAPS"/basic/zeek-var-services-std-ports.pcap; do
		nc-decode -q -r "$f" >"$D/out.ncap"
		n=$(nc-tojson -t all,header <"$D/out.ncap" | jq -r \
		    'select(.type == "Undecoded") | .layer' |
		    grep -cE '^(Modbus|ENIP|CIP|SNMP|Diameter)$' || true)
		[ "$n" -eq 0 ] || { echo "$f: $n Undecoded"; false; }
	done
}
