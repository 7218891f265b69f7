#!/usr/bin/env bats
# nc-label: labels from EVE alerts, fast.log and schedules on real
# captures, with alert files written here for flows whose 5-tuple and
# times are known; bad source files (the manual's examples run in
# docs.bats).

bats_require_minimum_version 1.5.0

# zeek-pop3-pop3.pcap opens three connections from 192.168.0.4:26242 to
# 212.227.15.188:110, each reset after about 50 ms, about 0.5 s apart:
# flow 1 20:00:33.570191-.620883, flow 2 20:00:34.118955-.179802, flow 3
# 20:00:34.679980-.730947 (UTC, 2013-08-22).
setup_file() {
	export NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	export PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	export TZ=UTC
	[ -f "$PCAPS/app/zeek-pop3-pop3.pcap" ] || return 0
	nc-decode -q -r "$PCAPS/app/zeek-pop3-pop3.pcap" | nc-flow \
	    >"$BATS_FILE_TMPDIR/pop.ncap"
}

setup() {
	D=$BATS_TEST_TMPDIR
	POP=$BATS_FILE_TMPDIR/pop.ncap
	USAGE='usage: nc-label [-hlvV] [-B budget] [-d default] [-e eve.json] [-f fast.log] [-k key] [-r schedule] [-t types] [-w seconds] [-x types] [file ...]'
}

need() {
	[ -f "$PCAPS/$1" ] || skip "no $PCAPS/$1"
}

# An EVE alert line: time, src, sport, dst, dport, signature, severity
# and, optionally, flow.start and community_id.
eve() {
	local extra=
	[ -n "${8:-}" ] && extra=",\"flow\":{\"pkts_toserver\":1,\"start\":\"$8\"}"
	[ -n "${9:-}" ] && extra="$extra,\"community_id\":\"$9\""
	printf '{"timestamp":"%s","flow_id":1,"event_type":"alert","src_ip":"%s","src_port":%s,"dest_ip":"%s","dest_port":%s,"proto":"TCP","alert":{"action":"allowed","gid":1,"signature_id":1,"rev":1,"signature":"%s","category":"Test","severity":%s}%s}\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$extra"
}

# The three flows of the POP3 port 26242 as "label|labels" lines; nc-label
# gets the arguments.
pop_flows() {
	nc-label "$@" "$POP" | nc-tocsv -t Flow -f src_port,label,labels |
	    awk -F, '$1 == 26242 { print $2 "|" $3 }'
}

@test "nc-label: an alert inside the second of three flows on one 5-tuple labels that flow only" {
	need app/zeek-pop3-pop3.pcap
	eve 2013-08-22T20:00:34.140000+0000 212.227.15.188 110 192.168.0.4 26242 'POP3 probe' 2 >"$D/eve.json"
	run -0 pop_flows -w 0 -e "$D/eve.json"
	[ "$output" = "normal|
POP3 probe|POP3 probe
normal|" ]
}

@test "nc-label: an alert in the gap between two flows goes to the one within the tolerance" {
	need app/zeek-pop3-pop3.pcap
	# 0.019 s before flow 2, 0.479 s after flow 1.
	eve 2013-08-22T20:00:34.100000Z 192.168.0.4 26242 212.227.15.188 110 gap 2 >"$D/eve.json"
	run -0 pop_flows -w 0.1 -e "$D/eve.json"
	[ "$output" = "normal|
gap|gap
normal|" ]
	run -0 pop_flows -w 0.01 -e "$D/eve.json"
	[ "$output" = "normal|
normal|
normal|" ]
}

@test "nc-label: a clock 0.2 s off matches within -w 0.3 and not within -w 0.1" {
	need app/zeek-pop3-pop3.pcap
	# flow 2 ends at .179802; the alert is 0.2 s later, flow 3 0.3 s later.
	eve 2013-08-22T20:00:34.379802Z 192.168.0.4 26242 212.227.15.188 110 late 2 >"$D/eve.json"
	run -0 pop_flows -w 0.3 -e "$D/eve.json"
	[ "$output" = "normal|
late|late
normal|" ]
	run -0 pop_flows -w 0.1 -e "$D/eve.json"
	[ "$output" = "normal|
normal|
normal|" ]
}

@test "nc-label: packets are labelled from the alert's flow.start to the alert" {
	need app/zeek-pop3-pop3.pcap
	eve 2013-08-22T20:00:34.179802Z 192.168.0.4 26242 212.227.15.188 110 pkt 2 2013-08-22T20:00:34.118955+0000 >"$D/eve.json"
	run -0 bash -c 'nc-label -w 0 -e "$1" "$2" | nc-filter "label == \"pkt\"" | nc-tocsv -t TCP -f packet,flags'  _ "$D/eve.json" "$POP"
	[ "$output" = "packet,flags
3,S
4,RA" ]
	# nc-filter -p keeps the IPv4 records of those packets, which
	# carry no label of their own (on nc-decode's stream: nc-flow writes
	# a flow's record among the records of its last packet).
	run -0 bash -c 'nc-decode -q -r "$2" | nc-label -w 0 -e "$1" | nc-filter -p "label == \"pkt\"" | nc-tocsv -t IPv4 -f packet'  _ "$D/eve.json" "$PCAPS/app/zeek-pop3-pop3.pcap"
	[ "$output" = "packet
3
4" ]
}

@test "nc-label: community_id decides when both sides have it" {
	need basic/zeek-communityid-tcp.pcap
	nc-decode -q -r "$PCAPS/basic/zeek-communityid-tcp.pcap" | nc-conn | nc-flow >"$D/in.ncap"
	# Right community ID, wrong addresses: the Connection only.
	eve 2003-12-16T13:21:45Z 10.9.9.9 1 10.9.9.8 2 bycid 2 '' '1:LQU9qZlK+B5F3KDmev6m5PMibrg=' >"$D/eve.json"
	# Right 5-tuple, another community ID: the Flow only (it has none).
	eve 2003-12-16T13:21:45Z 66.35.250.204 80 128.232.110.120 34855 bytuple 2 '' '1:AAAAAAAAAAAAAAAAAAAAAAAAAAA=' >>"$D/eve.json"
	run -0 bash -c 'nc-label -w 1 -e "$1" "$2" | nc-tojson -t Connection,Flow | jq -r "[.type, .label, (.labels | join(\",\"))] | join(\" \")" | sort' _ "$D/eve.json" "$D/in.ncap"
	[ "$output" = "Connection bycid bycid
Flow bytuple bytuple" ]
}

@test "nc-label -f: fast.log, with -k category and severity" {
	need app/zeek-pop3-pop3.pcap
	printf '%s\n' '08/22/2013-20:00:34.140000  [**] [1:2002:1] POP3 fast [**] [Classification: Attempted Recon] [Priority: 3] {TCP} 192.168.0.4:26242 -> 212.227.15.188:110' >"$D/fast.log"
	run -0 pop_flows -w 0 -f "$D/fast.log"
	[ "${lines[1]}" = "POP3 fast|POP3 fast" ]
	run -0 pop_flows -w 0 -k category -f "$D/fast.log"
	[ "${lines[1]}" = "Attempted Recon|Attempted Recon" ]
	run -0 pop_flows -w 0 -k severity -f "$D/fast.log"
	[ "${lines[1]}" = "3|3" ]
	[ "${lines[0]}" = "normal|" ]
}

@test "nc-label: precedence schedule, EVE (by severity), fast.log; every label in labels" {
	need app/zeek-pop3-pop3.pcap
	printf '%s\n' '08/22/2013-20:00:34.140000  [**] [1:2002:1] fast [**] [Classification: x] [Priority: 1] {TCP} 192.168.0.4:26242 -> 212.227.15.188:110' >"$D/fast.log"
	{
		eve 2013-08-22T20:00:34.140000Z 192.168.0.4 26242 212.227.15.188 110 low 3
		eve 2013-08-22T20:00:34.150000Z 192.168.0.4 26242 212.227.15.188 110 high 1
		eve 2013-08-22T20:00:34.160000Z 192.168.0.4 26242 212.227.15.188 110 high 1
	} >"$D/eve.json"
	printf '%s\n' '# the second flow of port 26242' \
	    '2013-08-22T20:00:34Z 2013-08-22T20:00:34.5Z src_port == 26242 and dst_port == 110	"POP3 retry"' >"$D/sched"
	run -0 pop_flows -w 0 -f "$D/fast.log" -e "$D/eve.json" -r "$D/sched"
	[ "${lines[1]}" = "POP3 retry|POP3 retry;high;low;fast" ]
	run -0 pop_flows -w 0 -f "$D/fast.log" -e "$D/eve.json"
	[ "${lines[1]}" = "high|high;low;fast" ]
	[ "${lines[0]}" = "normal|" ]
	run -0 pop_flows -d benign -w 0 -f "$D/fast.log"
	[ "${lines[0]}" = "benign|" ]
}

@test "nc-label -r: a schedule's expression, local time, and the label as last word" {
	need app/zeek-pop3-pop3.pcap
	# 22:00 in Paris (summer time) is 20:00 UTC.
	printf '%s\n' '2013-08-22T22:00:34 2013-08-22T22:00:36 dst_ip == 212.227.15.171 and protocol == 6  DoS-Hulk' >"$D/sched"
	run -0 bash -c 'TZ=Europe/Paris nc-label -r "$1" "$2" | nc-filter "label == \"DoS-Hulk\"" | nc-tocsv -t Flow -f src_port,label' _ "$D/sched" "$POP"
	[ "$output" = "src_port,label
26245,DoS-Hulk
26245,DoS-Hulk
26245,DoS-Hulk" ]
}

@test "nc-label: records of other types and unlabelled types pass byte for byte" {
	need app/zeek-pop3-pop3.pcap
	: >"$D/none"
	nc-label -r "$D/none" -t Flow "$POP" >"$D/out.ncap"
	cmp <(nc-filter -x Flow true "$POP") <(nc-filter -x Flow true "$D/out.ncap")
	# Labelled again: the labels are replaced, not added to.
	eve 2013-08-22T20:00:34.140000Z 212.227.15.188 110 192.168.0.4 26242 again 2 >"$D/eve.json"
	run -0 bash -c 'nc-label -w 0 -e "$1" "$2" | nc-label -w 0 -e "$1" | nc-tocsv -t Flow -f src_port,label,labels | grep -c ",again,again$"' _ "$D/eve.json" "$D/out.ncap"
	[ "$output" = 1 ]
}

@test "nc-label: bad source files stop with file:line" {
	need app/zeek-pop3-pop3.pcap
	printf '\n{"event_type":"alert",\n' >"$D/a.json"
	run -1 --separate-stderr nc-label -e "$D/a.json" "$POP"
	[ "$stderr" = "nc-label: $D/a.json:2: column 23: expected a member name" ]
	[ -z "$output" ]
	eve 2013-13-01T00:00:00Z 1.2.3.4 1 1.2.3.5 2 x 1 >"$D/b.json"
	run -1 --separate-stderr nc-label -e "$D/b.json" "$POP"
	[ "$stderr" = "nc-label: $D/b.json:1: bad timestamp" ]
	eve 2013-08-01T00:00:00Z 1.2.3.4 70000 1.2.3.5 2 x 1 >"$D/c.json"
	run -1 --separate-stderr nc-label -e "$D/c.json" "$POP"
	[ "$stderr" = "nc-label: $D/c.json:1: a port is not a number from 0 to 65535" ]
	printf '{"event_type":"alert","timestamp":"2013-08-01T00:00:00Z","alert":{"signature":"x"}}\n' >"$D/d.json"
	run -1 --separate-stderr nc-label -e "$D/d.json" "$POP"
	[ "$stderr" = "nc-label: $D/d.json:1: an alert with neither addresses nor community_id" ]
	printf 'x\n2013-08-22T20:00 2013-08-22T19:00 tcp x\n' >"$D/s"
	run -1 --separate-stderr nc-label -r "$D/s" "$POP"
	[ "$stderr" = "nc-label: $D/s:1: bad start time: not YYYY-MM-DDTHH:MM[:SS][zone]" ]
	printf '2013-08-22T20:00 2013-08-22T19:00 tcp x\n' >"$D/s"
	run -1 --separate-stderr nc-label -r "$D/s" "$POP"
	[ "$stderr" = "nc-label: $D/s:1: the end time is not after the start" ]
	printf '2013-08-22T20:00 2013-08-22T21:00 src_port === 1 x\n' >"$D/s"
	run -1 --separate-stderr nc-label -r "$D/s" "$POP"
	[ "$stderr" = "nc-label: $D/s:1: expression, column 12: expected a value, found \`=\`" ]
	printf '2013-08-22T20:00 2013-08-22T21:00 x\n' >"$D/s"
	run -1 --separate-stderr nc-label -r "$D/s" "$POP"
	[ "$stderr" = "nc-label: $D/s:1: a rule needs START END EXPRESSION LABEL" ]
	printf '13/22/2013-20:00:34.14 [**] [1:1:1] x [**] {TCP} 1.2.3.4:1 -> 1.2.3.5:2\n' >"$D/f"
	run -1 --separate-stderr nc-label -f "$D/f" "$POP"
	[ "$stderr" = "nc-label: $D/f:1: bad time: not MM/DD/YYYY-HH:MM:SS.ffffff" ]
	printf '08/22/2013-20:00:34.14 [**] [1:1:1] x [**] {TCP} 1.2.3.4 -> 1.2.3.5:2\n' >"$D/f"
	run -1 --separate-stderr nc-label -f "$D/f" "$POP"
	[ "$stderr" = "nc-label: $D/f:1: bad SRC:PORT -> DST:PORT" ]
	run -1 --separate-stderr nc-label -e "$D/missing" "$POP"
	[ "$stderr" = "nc-label: $D/missing: No such file or directory" ]
}

@test "nc-label: a line over 1 MiB and deep nesting are errors, not a crash" {
	need app/zeek-pop3-pop3.pcap
	head -c 1100000 /dev/zero | tr '\0' ' ' >"$D/long.json"
	run -1 --separate-stderr nc-label -e "$D/long.json" "$POP"
	[ "$stderr" = "nc-label: $D/long.json:1: line longer than 1048576 bytes" ]
	{ printf '{"a":'; printf '[%.0s' $(seq 100); printf '\n'; } >"$D/deep.json"
	run -1 --separate-stderr nc-label -e "$D/deep.json" "$POP"
	[ "$stderr" = "nc-label: $D/deep.json:1: column 37: nested too deeply" ]
}

@test "nc-label: usage" {
	run -0 nc-label -h
	[ "$output" = "$USAGE" ]
	run -2 --separate-stderr nc-label -k name
	[ "${stderr_lines[0]}" = "nc-label: -k: signature, category or severity, not name" ]
	run -2 --separate-stderr nc-label -w -1
	[ "${stderr_lines[0]}" = "nc-label: -w: seconds from 0 to 31536000, not -1" ]
	run -2 --separate-stderr nc-label -q
	[ "${stderr_lines[-1]}" = "$USAGE" ]
}

@test "nc-label: a labelled CSV that pandas loads and scikit-learn trains on" {
	need app/zeek-pop3-pop3.pcap
	/usr/bin/python3 -c 'import pandas, sklearn' 2>/dev/null ||
	    skip "no python3-pandas or python3-sklearn"
	eve 2013-08-22T20:00:34.140000Z 212.227.15.188 110 192.168.0.4 26242 'POP3 probe' 2 >"$D/eve.json"
	printf '%s\n' '2013-08-22T20:00:34Z 2013-08-22T20:00:36Z src_port == 26245  brute' >"$D/sched"
	nc-label -w 0 -e "$D/eve.json" -r "$D/sched" "$POP" | nc-tocsv -t Flow >"$D/f.csv"
	run -0 /usr/bin/python3 - "$D/f.csv" <<'PY'
import sys
import pandas as pd
from sklearn.tree import DecisionTreeClassifier
d = pd.read_csv(sys.argv[1])
X = d.select_dtypes("number").drop(columns=["ts", "src_port", "dst_port"]).fillna(0)
y = d["label"]
m = DecisionTreeClassifier(random_state=0).fit(X, y)
print(len(d), dict(sorted(y.value_counts().items())), m.score(X, y))
PY
	[ "$output" = "11 {'POP3 probe': 1, 'brute': 3, 'normal': 7} 1.0" ]
}

@test "nc-label: nc-tcp's HTTP and Credentials records take labels like the others" {
	need http/zeek-http-basic-auth-with-colon.pcap
	# the first rule matches the login only (HTTP has no user field), the
	# second every record to port 8000
	printf '%s\n' '2000-01-01T00:00 2100-01-01T00:00 user == "test"  web-login' \
	    '2000-01-01T00:00 2100-01-01T00:00 dst_port == 8000  web' >"$D/sched"
	nc-decode -q -P -r "$PCAPS/http/zeek-http-basic-auth-with-colon.pcap" | nc-tcp |
	    nc-label -r "$D/sched" >"$D/l.ncap"
	run -0 nc-tocsv -t Credentials -f user,label,labels "$D/l.ncap"
	[ "$output" = "user,label,labels
test,web-login,web-login;web" ]
	run -0 nc-tocsv -t HTTP -f uri,label,labels "$D/l.ncap"
	[ "${lines[1]}" = "/,web,web" ]
	[ "${#lines[@]}" -eq 2 ]
}
