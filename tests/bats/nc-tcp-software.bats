#!/usr/bin/env bats
# nc-tcp: Software and Service records on real captures: the host that
# runs the software, Zeek's version fields, greetings, services no parser
# knows, one record per host and version, -S and -s, and the evidence
# against Zeek's ssh.log and http.log (the manual's examples run in
# docs.bats).

bats_require_minimum_version 1.5.0

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	D=$BATS_TEST_TMPDIR
}

need() {
	[ -f "$PCAPS/$1" ] || skip "no $PCAPS/$1"
}

# The records of type $2 of capture $1, fields $3; nc-tcp's output of a
# capture is made once for the file's tests.
recs() {
	local out=$BATS_FILE_TMPDIR/${1//\//_}.ncap

	[ -s "$out" ] || nc-decode -q -P -r "$PCAPS/$1" | nc-tcp >"$out"
	nc-tocsv -t "$2" -f "$3" "$out"
}

SW=src_ip,src_port,protocol,software_type,source,name,major,minor,minor2,minor3,addl

@test "SSH: the client's and the server's identification, each on its own host; the server's service" {
	need app/zeek-ssh-single-conn.pcap
	run -0 recs app/zeek-ssh-single-conn.pcap Software "packet,$SW,evidence"
	[ "$output" = "packet,$SW,evidence
8,192.150.186.169,49244,ssh,SSH::CLIENT,ident,OpenSSH,3,8,1,,p1,SSH-2.0-OpenSSH_3.8.1p1
9,131.159.14.23,22,ssh,SSH::SERVER,ident,OpenSSH,3,9,,,p1,SSH-1.99-OpenSSH_3.9p1" ]
	run -0 recs app/zeek-ssh-single-conn.pcap Service src_ip,src_port,dst_ip,protocol,banner
	[ "$output" = "src_ip,src_port,dst_ip,protocol,banner
131.159.14.23,22,192.150.186.169,ssh,SSH-1.99-OpenSSH_3.9p1" ]
}

@test "HTTP: User-Agent on the client, Server on the server, the Server header as the service's banner" {
	need http/zeek-http-get-gzip.pcap
	run -0 recs http/zeek-http-get-gzip.pcap Software "$SW"
	[ "$output" = "$SW
141.142.228.5,50153,http,HTTP::BROWSER,User-Agent,curl,7,29,0,,
54.243.118.187,80,http,HTTP::SERVER,Server,gunicorn,0,16,1,," ]
	run -0 recs http/zeek-http-get-gzip.pcap Service src_ip,src_port,protocol,banner
	[ "${lines[1]}" = "54.243.118.187,80,http,gunicorn/0.16.1" ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "greetings: SMTP (kept by no SMTP record), FTP; the product after the host name; none without a version" {
	need app/ndpi-smtp.pcap
	run -0 recs app/ndpi-smtp.pcap Software "$SW"
	[ "${lines[1]}" = "172.16.114.207,25,smtp,SMTP::SERVER,greeting,Sendmail,8,8,7,,/8" ]
	run -0 recs app/ndpi-smtp.pcap Service src_port,protocol,banner
	[ "${lines[1]}" = '25,smtp,"pigeon.eyrie.af.mil ESMTP Sendmail 8.8.7/8.8.7; Sat, 7 Aug 1999 08:20:11 -0400"' ]
	need app/ndpi-ftp.pcap
	run -0 recs app/ndpi-ftp.pcap Software "$SW"
	[ "${lines[1]}" = "90.130.70.73,21,ftp,FTP::SERVER,greeting,vsFTPd,3,0,3,," ]
	need app/zeek-ftp-retr.pcap
	run -0 recs app/zeek-ftp-retr.pcap Software "$SW"
	[ "${lines[1]}" = "141.142.192.162,21,ftp,FTP::SERVER,greeting,Apache,2,2,3,,CentOS" ]
	# "POP server ready H mimap4 ...": a service, no software
	need app/zeek-pop3-pop3.pcap
	run -0 recs app/zeek-pop3-pop3.pcap Software name
	[ "$output" = name ]
	run -0 recs app/zeek-pop3-pop3.pcap Service src_port,protocol,banner
	[ "$output" = "src_port,protocol,banner
110,pop3,POP server ready H mimap4 0MHoUr-1VDxRD3Ui5-003eq2" ]
}

@test "services: TLS and DNS without banner, a server no parser knows with the first line it sent" {
	need tls/zeek-tls-ecdhe.pcap
	run -0 recs tls/zeek-tls-ecdhe.pcap Service src_ip,src_port,protocol,banner
	[ "$output" = "src_ip,src_port,protocol,banner
74.125.239.97,443,tls," ]
	need dns/tcpdump-dns_tcp.pcap
	run -0 recs dns/tcpdump-dns_tcp.pcap Service src_port,protocol
	[ "${lines[1]}" = "53,dns" ]
	# the FTP data connection is ftp-data, a transfer and not a service
	# (as Zeek's known_services leaves it out): only the control server
	need app/zeek-ftp-retr.pcap
	run -0 recs app/zeek-ftp-retr.pcap Service packet,src_port,dst_port,protocol
	[ "${lines[1]}" = "4,21,50736,ftp" ]
	[ "${#lines[@]}" -eq 2 ]
	# a server no parser knows (Modbus/TCP): its first bytes are the banner
	need ics/ndpi-modbus.pcap
	run -0 recs ics/ndpi-modbus.pcap Service packet,src_port,dst_port,protocol,banner
	[ "${lines[1]}" = '2,502,2074,unknown,\x00\xd1\x00\x00\x00\x05\x01\x03\x02\x00\x00' ]
}

@test "one record per host and version, one per host and port, on 50 connections; the input passed through" {
	need app/zeek-ssh-sshguess.pcap
	nc-decode -q -P -r "$PCAPS/app/zeek-ssh-sshguess.pcap" >"$D/in.ncap"
	nc-tcp <"$D/in.ncap" >"$D/out.ncap"
	run -0 nc-tocsv -t SSH -f direction "$D/out.ncap"
	servers=$(grep -c server <<<"$output")
	[ "$servers" -gt 10 ]
	run -0 nc-tocsv -t Service -f src_ip,src_port,protocol "$D/out.ncap"
	[ "${#lines[@]}" -eq 2 ]
	run -0 nc-tocsv -t Software -f software_type,evidence "$D/out.ncap"
	[ "$(printf '%s\n' "${lines[@]}" | sort | uniq -d)" = "" ]
	[ "$(grep -c SSH::SERVER <<<"$output")" -eq 1 ]
	# -S: the same stream without them
	nc-tcp -S <"$D/in.ncap" >"$D/s.ncap"
	run -0 nc-tocsv -t Software,Service -d "$D/none" "$D/s.ncap"
	[ ! -s "$D/none/Software.csv" ] || [ "$(wc -l <"$D/none/Software.csv")" -le 1 ]
	[ ! -s "$D/none/Service.csv" ] || [ "$(wc -l <"$D/none/Service.csv")" -le 1 ]
	cmp <(nc-tocsv -t SSH "$D/out.ncap") <(nc-tocsv -t SSH "$D/s.ncap")
	cmp <(nc-tocsv -t TCP "$D/in.ncap") <(nc-tocsv -t TCP "$D/s.ncap")
}

@test "-s: what is over the cap is counted, not written; -s and -S in -h; bad -s" {
	need app/zeek-ssh-single-conn.pcap
	nc-decode -q -P -r "$PCAPS/app/zeek-ssh-single-conn.pcap" >"$D/in.ncap"
	run -0 --separate-stderr sh -c 'nc-tcp -v -s 1 <"$1" >/dev/null' _ "$D/in.ncap"
	# the client's identification came first
	[[ "$stderr" == *"nc-tcp: 1 Software and 0 Service records; 2 not written, over -s"* ]]
	nc-tcp -s 1 <"$D/in.ncap" >"$D/o.ncap"
	run -0 nc-tocsv -t Software -f software_type "$D/o.ncap"
	[ "$output" = "software_type
SSH::CLIENT" ]
	run -0 nc-tcp -h
	[[ "$output" == *"[-hlMSvV]"*"[-s max-software]"* ]]
	run -2 nc-tcp -s 0
	run -2 nc-tcp -s x
}

@test "Zeek's ssh.log and http.log: every client and server string and user agent is a Software record's evidence, on the right host" {
	[ -d "$PCAPS/app" ] || skip "no $PCAPS"
	n=0
	while IFS=$'\t' read -r cap _ oh _ rh _ _ client server _; do
		[ -f "$PCAPS/$cap" ] && [ "$client" != "*" ] || continue
		got=$(recs "$cap" Software src_ip,software_type,evidence)
		grep -qxF "$oh,SSH::CLIENT,$client" <<<"$got"
		grep -qxF "$rh,SSH::SERVER,$server" <<<"$got"
		n=$((n + 1))
	done < <(grep -v '^#' "$NC_ROOT/tests/data/zeek/ssh.tsv" | tail -n +2)
	[ "$n" -ge 4 ]
	n=0
	while IFS=$'\t' read -r cap _ _ _ _ _ _ _ _ ua _; do
		case $ua in '*'|-|'') continue ;; esac
		[ -f "$PCAPS/$cap" ] || continue
		got=$(recs "$cap" Software software_type,evidence)
		grep -qF "HTTP::BROWSER,$ua" <<<"$got" ||
		    grep -qF "HTTP::BROWSER,\"$ua" <<<"$got"
		n=$((n + 1))
	done < <(grep -v '^#' "$NC_ROOT/tests/data/zeek/http.tsv" | tail -n +2)
	[ "$n" -ge 9 ]
}

@test "nc-label: Software and Service records take labels like the other nc-tcp records" {
	need app/zeek-ssh-single-conn.pcap
	printf '%s\n' '2000-01-01T00:00 2100-01-01T00:00 src_port == 22  sshd' >"$D/sched"
	nc-decode -q -P -r "$PCAPS/app/zeek-ssh-single-conn.pcap" | nc-tcp |
	    nc-label -r "$D/sched" >"$D/l.ncap"
	run -0 nc-tocsv -t Service -f protocol,label "$D/l.ncap"
	[ "${lines[1]}" = "ssh,sshd" ]
	run -0 nc-tocsv -t Software -f software_type,label "$D/l.ncap"
	[ "${lines[1]}" = "SSH::CLIENT,normal" ]
	[ "${lines[2]}" = "SSH::SERVER,sshd" ]
}
