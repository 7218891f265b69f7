#!/usr/bin/env bats
# nc-tcp: FTP data connections.  The connections PASV, EPSV, PORT and EPRT
# announce are decoded as ftp-data and their bytes become File records,
# named by the transfer command's path from the working directory, on
# real captures (hashes checked against tshark's bytes of the connection)
# and on the project's own (tests/tools/tcpgen ftp-data).

bats_require_minimum_version 1.5.0

load pages

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	GEN=$NC_ROOT/tests/tools/tcpgen
	D=$BATS_TEST_TMPDIR
}

need() {
	[ -f "$PCAPS/$1" ] || skip "no $PCAPS/$1"
}

# The File records of capture $1, fields $2.
files() {
	nc-decode -q -P -r "$PCAPS/$1" | nc-tcp | nc-tocsv -t File -f "$2"
}

@test "ftp-data: passive and active transfers of a real capture become File records linked to the control connection" {
	need app/zeek-ftp-ipv6.pcap
	nc-decode -q -P -r "$PCAPS/app/zeek-ftp-ipv6.pcap" | nc-tcp >"$D/s.ncap"
	run nc-tocsv -t File -f src_port,dst_port,direction,protocol,name,size,truncated,mime_type,sha256 "$D/s.ncap"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 6 ]
	# LIST and NLST over EPSV: listings, no name
	[ "${lines[1]}" = "57086,49186,server,ftp-data,,342,false,text/plain,f09d6215580227125878c61bb32a9d2ebc651a879bfa87003f4b8721d1587e89" ]
	[ "${lines[2]}" = "57087,49187,server,ftp-data,,43,false,text/plain,d35f9053f66e25201e4764ddf73f38ea87d6dda8b3a3a0f09715df07bb1bb3bc" ]
	# RETR robots.txt over EPSV, then over EPRT (the server connects):
	# the 77 bytes tshark's follow,tcp,raw shows, after PWD said "/"
	[ "${lines[3]}" = "57088,49188,server,ftp-data,/robots.txt,77,false,text/plain,92101c97b7425d24309c923bbd4a554f85d8b0b1ce105666bc8f64c0c72d7fac" ]
	[ "${lines[4]}" = "55785,49189,client,ftp-data,/robots.txt,77,false,text/plain,92101c97b7425d24309c923bbd4a554f85d8b0b1ce105666bc8f64c0c72d7fac" ]
	# every File links to the FTP control connection's flow
	run bash -c 'nc-tocsv -t FTP -f flow "$1" | sed -n 2p; nc-tocsv -t File -f link_flow "$1" | sed 1d | sort -u' _ "$D/s.ncap"
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "${lines[1]}" ]
}

@test "ftp-data: -o stores a retrieved file under its SHA-256, the bytes tshark follows" {
	need app/zeek-ftp-retr.pcap
	mkdir "$D/o"
	nc-decode -q -P -r "$PCAPS/app/zeek-ftp-retr.pcap" | nc-tcp -o "$D/o" >"$D/r.ncap"
	run nc-tocsv -t File -f name,size,truncated,stored,sha256 "$D/r.ncap"
	[ "${lines[1]}" = "/README,16557,false,true,202674eba48e832690a4475113acf8b16a3f6c82c04c94b36bb2c7ce457ac8d2" ]
	run sha256sum "$D/o/202674eba48e832690a4475113acf8b16a3f6c82c04c94b36bb2c7ce457ac8d2"
	[[ "$output" == 202674eba48e832690a4475113acf8b16a3f6c82c04c94b36bb2c7ce457ac8d2\ * ]]
	command -v tshark >/dev/null || skip "no tshark"
	# TCP stream 1 is the data connection; Node 1 the server's bytes
	tshark -r "$PCAPS/app/zeek-ftp-retr.pcap" -q -z follow,tcp,raw,1 |
	    sed -n '/^Node 1/,/^====/p' | sed '1d;$d' | tr -d '\t\n' |
	    python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read()))' >"$D/t"
	cmp "$D/t" "$D/o/202674eba48e832690a4475113acf8b16a3f6c82c04c94b36bb2c7ce457ac8d2"
}

@test "ftp-data: a transfer the capture cut before the server's FIN is truncated" {
	need app/ndpi-ftp.pcap
	run files app/ndpi-ftp.pcap name,size,truncated,mime_type
	[ "${lines[1]}" = ",1205,false,text/plain" ]
	# 1048576 bytes announced, 109440 in the capture
	[ "${lines[2]}" = "/1MB.zip,109440,true,application/octet-stream" ]
}

@test "ftp-data: the working directory, hostile names, a PASV address behind NAT, a PORT to a third host" {
	"$GEN" ftp-data >"$D/g.pcap"
	mkdir "$D/o"
	nc-decode -q -P -r "$D/g.pcap" | nc-tcp -v -o "$D/o" >"$D/g.ncap" 2>"$D/g.err"
	run nc-tocsv -t File -f src_port,dst_port,direction,name,size,stored,sha256 "$D/g.ncap"
	[ "${#lines[@]}" -eq 4 ]
	want=$(python3 -c 'import hashlib; print(hashlib.sha256(bytes(range(256)) * 400).hexdigest())')
	# PWD "/home/""u""", CWD ../pub/./x, CDUP, then RETR
	# ../etc/<SOH>evil\name: the path resolved, the bytes made "_"
	[ "${lines[1]}" = "5001,40031,server,/home/etc/_evil_name,102400,true,$want" ]
	cmp "$D/o/$want" <(python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 400)')
	# EPRT: the server connects; the client sends STOR's bytes
	want=$(python3 -c 'import hashlib; print(hashlib.sha256(b"upload" * 1000).hexdigest())')
	[ "${lines[2]}" = "6001,20,server,/home/pub/upload.bin,6000,true,$want" ]
	[[ "${lines[3]}" == 5002,40032,server,,42,true,* ]]
	# the PORT to 198.51.100.7 is refused: that connection is probed
	# as any other (SSH), not taken for ftp-data
	run nc-tocsv -t SSH -f dst_ip,ident "$D/g.ncap"
	[ "${lines[1]}" = "198.51.100.7,SSH-2.0-bounce" ]
	grep -q "ftp data connections announced: 3, 1 refused, 3 taken, 0 expired, 0 evicted" "$D/g.err"
	# the directory holds the three files, named by their hashes only
	[ "$(ls "$D/o" | grep -c '^[0-9a-f]\{64\}$')" -eq 3 ]
	[ "$(ls -A "$D/o" | wc -l)" -eq 3 ]
}

@test "ftp-data: a RETR sent with its PASV, before the 227, and STOU's name from the server's 150 FILE: reply" {
	"$GEN" ftp-late >"$D/l.pcap"
	run bash -c 'nc-decode -q -P -r "$1" | nc-tcp | nc-tocsv -t File -f src_port,dst_port,direction,name,size,truncated' _ "$D/l.pcap"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	# "PASV\r\nRETR early.bin\r\n" in one segment: the RETR waits for
	# the 227 and names the connection it announces
	[ "${lines[1]}" = "6008,40061,server,/pub/early.bin,500,false" ]
	# STOU has no argument: "150 FILE: unique.42" names the file
	[ "${lines[2]}" = "40062,6009,client,/pub/unique.42,400,false" ]
}

@test "ftp-data: the -f cap keeps a transfer off the disk and still hashes it" {
	"$GEN" ftp-data >"$D/g.pcap"
	mkdir "$D/o"
	nc-decode -q -P -r "$D/g.pcap" | nc-tcp -f 10000 -o "$D/o" >"$D/g.ncap" 2>"$D/g.err"
	run nc-tocsv -t File -f size,stored "$D/g.ncap"
	[ "${lines[1]}" = "102400,false" ]
	[ "${lines[2]}" = "6000,true" ]
	[ "$(ls "$D/o" | wc -l)" -eq 2 ]
	grep -q "over the size cap" "$D/g.err"
}

@test "nc-tcp(1)'s FTP files example, run on a capture with a transfer" {
	need app/zeek-ftp-retr.pcap
	cd "$D"
	run_page_examples nc-tcp.1 ftpfiles "$PCAPS/app/zeek-ftp-retr.pcap"
	flow=$(nc-decode -q -P -r "$PCAPS/app/zeek-ftp-retr.pcap" | nc-tcp | nc-tocsv -t FTP -f flow | sed -n 2p)
	[ "$(cat out.txt)" = "ftp-data,141.142.192.162,141.142.228.5,/README,16557,false,202674eba48e832690a4475113acf8b16a3f6c82c04c94b36bb2c7ce457ac8d2,$flow" ]
	[ -s ftpfiles/202674eba48e832690a4475113acf8b16a3f6c82c04c94b36bb2c7ce457ac8d2 ]
}
