#!/usr/bin/env bats
# nc-tcp: FTP, SMTP, POP3, IMAP and Credentials records on real captures
# and on the project's own (tests/tools/tcpgen): Zeek's ftp.log and
# smtp.log, the logins of every capture, STARTTLS, hostile lines and a
# million pipelined commands (the manual's examples run in docs.bats).

bats_require_minimum_version 1.5.0

setup() {
	NC_ROOT=${NC_ROOT:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	PCAPS=${NC_PCAPS:-$NC_ROOT/../shared/pcaps}
	GEN=$NC_ROOT/tests/tools/tcpgen
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

@test "FTP: one record per command, multi-line greeting, data channels of EPSV and EPRT" {
	need app/zeek-ftp-ipv6.pcap
	run recs app/zeek-ftp-ipv6.pcap FTP command,arg,reply_code,reply_lines,file_size,data_passive,data_orig_ip,data_resp_ip,data_resp_port
	[ "$status" -eq 0 ]
	# 22 commands and the greeting
	[ "${#lines[@]}" -eq 24 ]
	[ "${lines[1]}" = "<init>,,220,1,,,,,0" ]
	[ "${lines[3]}" = "PASS,test,230,37,,,,,0" ]
	[ "${lines[7]}" = "EPSV,,229,1,,true,2001:470:1f11:81f:c999:d94:aa7c:2e3e,2001:470:4867:99::21,57086" ]
	[ "${lines[14]}" = "RETR,robots.txt,226,1,77,,,,0" ]
	[ "${lines[17]}" = "EPRT,|2|2001:470:1f11:81f:c999:d94:aa7c:2e3e|49189|,200,1,,false,2001:470:4867:99::21,2001:470:1f11:81f:c999:d94:aa7c:2e3e,49189" ]
	[ "${lines[23]}" = "QUIT,,221,4,,,,,0" ]
}

@test "FTP: PASV's address, a reply no command asked for, AUTH TLS ends the parsing" {
	need app/ndpi-ftp.pcap
	run recs app/ndpi-ftp.pcap FTP command,reply_code,data_passive,data_resp_ip,data_resp_port
	[ "${lines[9]}" = "PASV,227,true,90.130.70.73,25685" ]
	need app/zeek-ftp-ipv6-multiline-reply.pcap
	run recs app/zeek-ftp-ipv6-multiline-reply.pcap FTP command,reply_code,reply_lines
	[ "${lines[1]}" = "<init>,220,12" ]
	[ "${lines[12]}" = "RETR,550,1" ]
	[ "${lines[13]}" = ",221,1" ]
	need app/zeek-ftp-ftp-auth-tls.pcap
	run recs app/zeek-ftp-ftp-auth-tls.pcap FTP command,arg,reply_code
	[ "${#lines[@]}" -eq 4 ]
	[ "${lines[3]}" = "AUTH,TLS,234" ]
}

@test "Zeek's ftp.log: every field agrees or the difference is named" {
	[ -d "$PCAPS/app" ] || skip "no $PCAPS"
	run "$NC_ROOT/tests/zeek-ftp" "$PCAPS" "$NC_ROOT/tests/data/zeek/ftp.tsv" \
	    "$NC_ROOT/tests/data/zeek/ftp-known-differences.tsv"
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | awk -F'\t' 'NR > 1 && $3 == 0' | wc -l)" -eq 0 ]
}

@test "Zeek's smtp.log: every field agrees or the difference is named" {
	[ -d "$PCAPS/app" ] || skip "no $PCAPS"
	run "$NC_ROOT/tests/zeek-smtp" "$PCAPS" "$NC_ROOT/tests/data/zeek/smtp.tsv" \
	    "$NC_ROOT/tests/data/zeek/smtp-known-differences.tsv"
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | awk -F'\t' 'NR > 1 && $3 == 0' | wc -l)" -eq 0 ]
}

@test "SMTP: header fields, Received fields, the message's size, on real captures" {
	need app/zeek-smtp-multi-addr.pcap
	run recs app/zeek-smtp-multi-addr.pcap SMTP msg_id,subject,path_ip,body_bytes
	[ "${lines[1]}" = "<201512082130.tB8LU0vs014629@gras-os-desk.cern.ch>,Testmail,188.184.36.24;188.184.129.157;127.0.0.1,684" ]
	need app/ndpi-smtp.pcap
	run recs app/ndpi-smtp.pcap SMTP helo,mailfrom,date,cut
	[ "${lines[1]}" = "delta.peach.mil,coreys@delta.peach.mil,\"Sat,  7 Aug 1999 08:20:10 -0400\",true" ]
	run bash -c 'nc-tojson -t SMTP "$1" | python3 -c "import json,sys; r=json.loads(sys.stdin.readline()); print(len(r[\"rcptto\"]), len(r[\"to\"]))"' _ "$BATS_FILE_TMPDIR/app_ndpi-smtp.pcap.ncap"
	# 30 recipients; 32 of the To field kept, the rest counted in cut
	[ "$output" = "30 32" ]
}

@test "STARTTLS in SMTP, STLS in POP3, STARTTLS in IMAP: the record says so and nothing after it is read" {
	need tls/zeek-tls-smtp-starttls.pcap
	run recs tls/zeek-tls-smtp-starttls.pcap SMTP helo,tls,last_reply
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[1]}" = "openssl.client.net,true,220 2.0.0 Ready to start TLS" ]
	run recs tls/zeek-tls-pop3-starttls.pcap POP3 command,status
	[ "$(printf '%s\n' "${lines[@]}" | tail -1)" = "STLS,+OK" ]
	run recs tls/zeek-tls-imap-starttls.pcap IMAP command,status
	[ "${#lines[@]}" -eq 4 ]
	[ "${lines[3]}" = "STARTTLS,OK" ]
}

@test "POP3 and IMAP: commands, replies, multi-line data and literals counted" {
	need app/ndpi-pop3.pcap
	run recs app/ndpi-pop3.pcap POP3 command,arg,status,lines,bytes,user
	[ "${lines[2]}" = "USER,cicciopernacchio@mail.com,+OK,0,0,cicciopernacchio@mail.com" ]
	[ "${lines[6]}" = "RETR,2,+OK,39,1476,cicciopernacchio@mail.com" ]
	need app/ndpi-imap.pcap
	run recs app/ndpi-imap.pcap IMAP tag,command,status,untagged,literal_bytes,user
	[ "${#lines[@]}" -eq 8 ]
	[ "${lines[1]}" = ",<init>,OK,0,0," ]
	[ "${lines[3]}" = "C00001,LOGIN,OK,0,0,samir" ]
	[ "${lines[7]}" = "C00005,UID FETCH,OK,1,666,samir" ]
}

@test "Credentials: every clear-text login of the captures, with the server's answer" {
	need app/zeek-ftp-bruteforce.pcap
	run recs app/zeek-ftp-bruteforce.pcap Credentials service,mechanism,user,password,accepted
	[ "${#lines[@]}" -eq 31 ]
	[ "${lines[1]}" = "ftp,USER/PASS,bro,1,false" ]
	[ "${lines[30]}" = "ftp,USER/PASS,bro,30,false" ]
	run recs app/zeek-ftp-ftp-password-pass-command.pcap Credentials user,password,accepted,reply
	[ "${lines[1]}" = "Admin,qwerty,false,Login incorrect." ]
	run recs app/zeek-ftp-ipv6.pcap Credentials user,password,accepted
	[ "${lines[1]}" = "anonymous,test,true" ]
	need app/ndpi-pop3.pcap
	run recs app/ndpi-pop3.pcap Credentials service,mechanism,user,password,accepted
	[ "${#lines[@]}" -eq 5 ]
	[ "${lines[1]}" = "pop3,USER/PASS,cicciopernacchio@mail.com,pippozzo,true" ]
	[ "${lines[2]}" = "pop3,PLAIN,digitalinvestigator@networksims.com,napier,false" ]
	[ "${lines[3]}" = "pop3,PLAIN,digitalinvestigator@networksims.com,napier123,true" ]
	run recs app/zeek-pop3-unknown-commands.pcap Credentials user,password,accepted
	[ "${lines[1]}" = "zeek@zeek.org,zeek,true" ]
	need app/ndpi-imap.pcap
	run recs app/ndpi-imap.pcap Credentials service,mechanism,user,password,accepted,src_ip,dst_port
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" =~ ^imap,LOGIN,samir,pfres,true,[0-9.]+,143$ ]]
}

@test "hostile: a megabyte line, NUL bytes and invalid UTF-8 in commands and fields: cut, counted, valid JSON" {
	"$GEN" mail-hostile >"$D/h.pcap"
	nc-decode -q -P -r "$D/h.pcap" | nc-tcp >"$D/h.ncap"
	run bash -c 'nc-tojson -t FTP,SMTP,Credentials "$1" | python3 -c "
import json, sys
n = 0
for l in sys.stdin:
    r = json.loads(l)
    n += 1
    if r[\"type\"] == \"FTP\" and r[\"command\"] == \"USER\":
        print(len(r[\"user\"] or \"\"), r[\"cut\"], ascii((r[\"arg\"] or \"\")[:8]))
    if r[\"type\"] == \"SMTP\":
        print(ascii(r[\"mailfrom\"] or \"\"), ascii(r[\"subject\"] or \"\"), len(r[\"from\"] or \"\"), r[\"cut\"])
    if r[\"type\"] == \"Credentials\":
        print(ascii(r[\"user\"] or \"\"), ascii(r[\"password\"] or \"\"))
print(n)
"' _ "$D/h.ncap"
	[ "$status" -eq 0 ]
	# Zeek's 128 bytes of a user; the line kept to 4096 and cut
	[ "${lines[0]}" = "128 True 'AAAAAAAA'" ]
	[ "${lines[1]}" = "6 False 'n\\x00ul\\ufffd\\ufffd'" ]
	[ "${lines[2]}" = "'n\\x00ul\\ufffd\\ufffd' '\\ufffd(\\x00x'" ]
	# a field is kept to 1024 bytes, "From: " included
	[ "${lines[3]}" = "'a\\x00@\\ufffd(' '\\x00\\ufffd\\ufffd\\ufffd' 1018 True" ]
	# the BDAT chunk of 2^32 bytes: skipped, its header read
	[ "${lines[4]}" = "'c@x' 'huge' 0 False" ]
	[ "${lines[5]}" = 7 ]
}

# Peak memory (KB) of nc-tcp -v on stream $1, its records into $2, its
# counters into $3.
peak() {
	python3 -c 'import resource, subprocess, sys
with open(sys.argv[2], "wb") as o, open(sys.argv[3], "wb") as e:
    subprocess.run(["nc-tcp", "-v", sys.argv[1]], stdout=o, stderr=e)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}

@test "a million pipelined FTP commands: a record each, in bounded memory" {
	"$GEN" ftp-pipeline 1000000 | nc-decode -q -P -r - >"$D/p.ncap"
	"$GEN" ftp-pipeline 1000 | nc-decode -q -P -r - >"$D/s.ncap"
	big=$(peak "$D/p.ncap" "$D/p.out" "$D/p.err")
	small=$(peak "$D/s.ncap" "$D/s.out" "$D/s.err")
	# the greeting, 8 commands answered and 999992 past the queue written
	# without their replies (test_tcpapp_mail checks what pairs with what)
	grep -q "ftp: 1 connections, 1000001 records, 0 malformed, 999992 capped" "$D/p.err"
	# the parser's state is its queue: the peak is the same for a
	# thousand commands as for a million
	echo "peak $big KB for a million, $small KB for a thousand"
	[ "$big" -lt $((small + 8192)) ]
}

# The Mail and File records of the project's own capture (tests/tools/
# mailcap): one message over SMTP (DATA, then BDAT), POP3 (RETR, TOP) and
# IMAP (FETCH BODY[]).
MAILCAP=tests/data/mail/mail.pcap

@test "Mail: one record per message of SMTP DATA and BDAT, POP3 RETR and TOP, IMAP FETCH BODY[]" {
	nc-decode -q -P -r "$NC_ROOT/$MAILCAP" | nc-tcp >"$D/m.ncap"
	run -0 nc-tocsv -t Mail -f protocol,link,direction,dst_port,body_bytes,cut,parts "$D/m.ncap"
	[ "${#lines[@]}" -eq 6 ]
	all="multipart/mixed;text/plain;application/octet-stream;text/plain"
	[ "${lines[1]}" = "smtp,1,client,28025,5322,false,$all" ]
	[ "${lines[2]}" = "smtp,2,client,28025,5322,false,$all" ]
	[[ "${lines[3]}" == pop3,1,server,*,5322,false,$all ]]
	# TOP 1 0: the header alone
	[[ "${lines[4]}" == pop3,2,server,*,412,false,multipart/mixed ]]
	[[ "${lines[5]}" == imap,1,server,*,5322,false,$all ]]
	# the SMTP records the messages link to
	run -0 nc-tocsv -t SMTP -f trans_depth,body_bytes "$D/m.ncap"
	[ "${lines[1]}" = "1,5322" ] && [ "${lines[2]}" = "2,5322" ]
}

@test "Mail: header fields decoded (RFC 2047), addresses split, the date as a time, attachments listed" {
	nc-decode -q -P -r "$NC_ROOT/$MAILCAP" | nc-tcp >"$D/m.ncap"
	run -0 nc-tojson -t Mail "$D/m.ncap"
	[ "${#lines[@]}" -eq 5 ]
	run -0 python3 -c '
import json, sys
r = json.loads(sys.argv[1])
for f in ("from", "to", "cc", "reply_to", "subject", "date", "date_time",
          "message_id", "in_reply_to", "x_originating_ip", "user_agent",
          "attachment_names", "attachment_types", "attachment_sizes"):
    print(f, r[f])' "${lines[0]}"
	[ "${lines[0]}" = "from Jörg <jorg@example.org>" ]
	[ "${lines[1]}" = "to ['a@example.org', '\"B, Person\" <b@example.org>']" ]
	[ "${lines[2]}" = "cc ['c@example.org']" ]
	[ "${lines[3]}" = "reply_to r@example.org" ]
	[ "${lines[4]}" = "subject Grüße, attached" ]
	[ "${lines[5]}" = "date Tue, 01 Dec 2026 10:00:00 +0000" ]
	[ "${lines[6]}" = "date_time 1796119200000000000" ]
	[ "${lines[7]}" = "message_id <m1@example.org>" ]
	[ "${lines[8]}" = "in_reply_to <m0@example.org>" ]
	[ "${lines[9]}" = "x_originating_ip [192.0.2.7]" ]
	[ "${lines[10]}" = "user_agent mailcap/1.0" ]
	# RFC 2231's "../../data\x01.bin", sanitised as HTTP's file names
	[ "${lines[11]}" = "attachment_names ['.._.._data_.bin', 'note.txt']" ]
	[ "${lines[12]}" = "attachment_types ['application/octet-stream', 'text/plain']" ]
	[ "${lines[13]}" = "attachment_sizes [3000, 218]" ]
}

@test "Mail attachments: File records with the original bytes' SHA-256, base64 and quoted-printable decoded, stored by -o" {
	mkdir "$D/files"
	nc-decode -q -P -r "$NC_ROOT/$MAILCAP" | nc-tcp -o "$D/files" >"$D/m.ncap"
	att=$(python3 -c 'import hashlib; print(hashlib.sha256(bytes((i * 11 + 5) % 256 for i in range(3000))).hexdigest())')
	# a text part travels with CR LF line ends; the last one is the
	# boundary's
	note=$(python3 -c 'import hashlib; print(hashlib.sha256(("caf\u00e9 = 1\r\n" * 20).encode()[:-2]).hexdigest())')
	run -0 nc-tocsv -t File -f protocol,link,direction,name,size,mime_type,sha256,stored "$D/m.ncap"
	[ "${#lines[@]}" -eq 9 ]
	[ "${lines[1]}" = "smtp,1,client,.._.._data_.bin,3000,application/octet-stream,$att,true" ]
	[ "${lines[2]}" = "smtp,1,client,note.txt,218,text/plain,$note,true" ]
	[ "${lines[5]}" = "pop3,1,server,.._.._data_.bin,3000,application/octet-stream,$att,true" ]
	[ "${lines[8]}" = "imap,1,server,note.txt,218,text/plain,$note,true" ]
	# stored once each, under its SHA-256, nothing else in the directory
	[ "$(ls "$D/files" | sort | tr '\n' ' ')" = "$(printf '%s\n' "$att" "$note" | sort | tr '\n' ' ')" ]
	[ "$(sha256sum <"$D/files/$att" | cut -d' ' -f1)" = "$att" ]
}

@test "Mail on Zeek's and nDPI's captures: BDAT with an image attachment, POP3 RETR, encoded words" {
	need app/zeek-smtp-rfc3030-bdat-multipart.pcap
	run recs app/zeek-smtp-rfc3030-bdat-multipart.pcap Mail link,subject,parts,attachment_names,attachment_sizes,date_time
	[ "${lines[1]}" = "1,Zeek Logo,multipart/mixed;text/plain;image/png,zeek-logo.png,2011,1702399036000000000" ]
	run recs app/zeek-smtp-rfc3030-bdat-multipart.pcap File protocol,name,size,mime_type
	[ "${lines[1]}" = "smtp,zeek-logo.png,2011,image/png" ]
	need app/zeek-pop3-pop3.pcap
	run recs app/zeek-pop3-pop3.pcap Mail protocol,link,subject,parts,body_bytes
	[ "${#lines[@]}" -eq 4 ]
	[ "${lines[1]}" = "pop3,1,A message from 1&1 Internet,multipart/alternative;text/plain;text/html,5565" ]
	[ "${lines[3]}" = "pop3,3,RE: Testing,text/plain,5214" ]
}

@test "Zeek's smtp.log against the Mail records: every header field agrees or the difference is named" {
	[ -d "$PCAPS/app" ] || skip "no $PCAPS"
	run "$NC_ROOT/tests/zeek-mail" "$PCAPS" "$NC_ROOT/tests/data/zeek/smtp.tsv" \
	    "$NC_ROOT/tests/data/zeek/mail-known-differences.tsv"
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | awk -F'\t' 'NR > 1 && $3 == 0' | wc -l)" -eq 0 ]
	# the four messages of the baselines are compared
	[ "$(printf '%s\n' "$output" | awk -F'\t' '$1 == "subject" { print $3 }')" -eq 4 ]
}

@test "Mail hostile: a million parts, multiparts 1000 deep, a 16 MB header line, NUL bytes and invalid UTF-8: bounded, cut, valid JSON" {
	"$GEN" mail-bomb | nc-decode -q -P -r - >"$D/b.ncap"
	nc-filter 'src_port == 40033 or dst_port == 40033' "$D/b.ncap" >"$D/one.ncap"
	kb=$(peak "$D/b.ncap" "$D/b.out" "$D/b.err")
	one=$(peak "$D/one.ncap" "$D/one.out" "$D/one.err")
	echo "peak $kb KB, $one KB for the one message at the cap alone"
	# a million parts or deep nesting cost about what a message at the
	# cap (8 MB kept) does
	# (the sanitizers hold freed buffers a while: a margin of 32 MB)
	[ "$kb" -lt $((one + 32768)) ]
	run -0 nc-tocsv -t Mail -f src_port,parts,attachment_names,cut "$D/b.out"
	[ "${#lines[@]}" -eq 6 ]
	# a million parts: the header alone is read
	[ "${lines[1]}" = "40030,multipart/mixed,,true" ]
	# 200 deep: walked 16 levels down; 1000 deep: the header alone
	[ "$(echo "${lines[2]}" | grep -o multipart/mixed | wc -l)" -eq 16 ]
	[[ "${lines[2]}" == 40031,*,,true ]]
	[ "${lines[3]}" = "40032,multipart/mixed,,true" ]
	run -0 bash -c 'nc-tojson -t Mail,File "$1" | python3 -c "
import json, sys
for l in sys.stdin.buffer:
    r = json.loads(l.decode(\"utf-8\"))
    if r[\"type\"] == \"Mail\" and r[\"src_port\"] == 40033:
        print(len(r[\"subject\"]), r[\"body_bytes\"], r[\"cut\"])
    if r[\"type\"] == \"File\":
        print(ascii(r[\"name\"]), r[\"size\"])
"' _ "$D/b.out"
	# the Subject line kept to the first 8 MB of the message, and the
	# field to 1024 bytes
	[ "${lines[0]}" = "1024 16777235 True" ]
	# gmime's C strings end at a NUL: the name is what came before it,
	# its 0xff read as Latin-1
	[ "${lines[1]}" = "'\"\\xff' 5" ]
	[ "${#lines[@]}" -eq 2 ]
}
