#!/usr/bin/env bats
# nc-flow's features checked two ways on shared captures: against Argus
# for every feature both compute (flow-argus; the disagreements that are
# understood are in flow-argus.tsv with their reason, any other one fails
# and so does a listed one that no longer happens), and against a small
# independent reference over tshark's per-packet fields (flow-tshark).

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	KNOWN=$BATS_TEST_DIRNAME/flow-argus.tsv
	[ -f "$PCAPS/MANIFEST.tsv" ] ||
	    skip "no shared captures in $PCAPS (set NC_PCAPS)"
	[ -x /usr/bin/python3 ] || skip "/usr/bin/python3 is not installed"
}

# Ethernet captures without VLAN tags: one connection, a POST, a FIN
# retransmitted, frames with an FCS, SYNs refused by RSTs, a long UDP
# conversation, fragmented DNS answers, DNS over TCP, a video service's
# many flows.
ARGUS_CAPTURES="basic/zeek-communityid-tcp.pcap http/zeek-http-post.pcap
conv/zeek-tcp-fin_retransmission.pcap app/zeek-ssh-single-conn.pcap
app/zeek-pop3-pop3.pcap dns/zeek-dns-long-connection.pcap
dns/zeek-dns-edns-ecs.pcap dns/tcpdump-dns_tcp.pcap bulk/ndpi-netflix.pcap"

@test "flow-argus.tsv: four columns, a reason, listed captures" {
	[ "${NC_TEST_PASS:-1}" = 1 ] || skip "no program runs: checked in the first pass"
	run awk -F'\t' -v caps=" $(echo $ARGUS_CAPTURES) " '
		/^#/ || NF == 0 || $1 == "capture" { next }
		NF != 4 || $4 == "" { print NR ": want 4 columns, the last a reason"; bad = 1; next }
		index(caps, " " $1 " ") == 0 { print NR ": " $1 " is not compared"; bad = 1 }
		seen[$1 FS $2 FS $3]++ { print NR ": listed twice"; bad = 1 }
		END { exit bad }' "$KNOWN"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
}

@test "nc-flow agrees with Argus but for the differences flow-argus.tsv explains" {
	command -v argus >/dev/null && command -v racluster >/dev/null ||
	    skip "argus and argus-client are not installed"
	"$BATS_TEST_DIRNAME/flow-argus" "$PCAPS" $ARGUS_CAPTURES >"$BATS_TEST_TMPDIR/diff"
	run /usr/bin/python3 - "$KNOWN" "$BATS_TEST_TMPDIR/diff" <<'PY'
import sys
known, used, bad = {}, set(), 0
for line in open(sys.argv[1]):
    w = line.rstrip("\n").split("\t")
    if line.startswith("#") or w[0] == "capture" or len(w) < 4:
        continue
    known[tuple(w[:3])] = w[3]
for line in open(sys.argv[2]):
    cap, flow, field, ours, theirs = line.rstrip("\n").split("\t")
    for k in ((cap, flow, field), (cap, "*", field)):
        if k in known:
            used.add(k)
            break
    else:
        print("unexplained: %s %s %s: nc-flow %s, argus %s" %
              (cap, flow, field, ours, theirs))
        bad = 1
# Argus cuts a flow into records differently from run to run; a
# difference that comes from that is listed with a reason that starts
# "varies:", and may not show in every run.
for k in known:
    if k not in used and not known[k].startswith("varies:"):
        print("listed but agrees now: %s %s %s" % k)
        bad = 1
sys.exit(bad)
PY
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
}

@test "nc-flow agrees with a reference computed from tshark's fields" {
	command -v tshark >/dev/null || skip "tshark is not installed"
	# one connection whose packets are not all in time order; an SSH
	# session
	run "$BATS_TEST_DIRNAME/flow-tshark" "$PCAPS" \
	    basic/zeek-communityid-tcp.pcap app/zeek-ssh-single-conn.pcap
	[ "$status" -eq 0 ]
	[ "$output" = "checked 100 values" ] || { echo "$output"; return 1; }
}
