/* The line reader and the text protocol parsers (lib/tcpapp/lines.c,
 * creds.c, ftp.c, smtp.c, pop3.c, imap.c): lines cut anywhere, over the
 * cap, CR LF and bare LF; base64 and SASL PLAIN; FTP replies paired with
 * commands through multi-line and preliminary replies; SMTP headers
 * folded and split by segments; logins of every protocol with the
 * server's answer. */
#include <stdio.h>

#include "tap.h"
#include "tcpapp.h"
#include "tcpapp/creds.h"
#include "tcpapp/lines.h"
#include "tcpapp/mail.h"

static int
is(ProtobufCBinaryData b, const char *s)
{
	return b.len == strlen(s) && (b.len == 0 ||
	    memcmp(b.data, s, b.len) == 0);
}

/* Every line of text fed in calls of step bytes, joined by '|'. */
static void
lines_of(const char *text, size_t step, uint32_t cap, char *out,
    uint64_t *cuts)
{
	struct nc_lines l;
	struct nc_line x;
	struct nc_cur c;
	size_t i, k, n = strlen(text), o = 0;

	nc_lines_init(&l, cap);
	for (i = 0; i < n; i += k) {
		k = n - i < step ? n - i : step;
		c = nc_cur_make((const uint8_t *)text + i, k);
		while (nc_lines_next(&l, &c, &x) == 1) {
			memcpy(out + o, x.p, x.n);
			o += x.n;
			o += (size_t)sprintf(out + o, "(%llu)|",
			    (unsigned long long)x.len);
		}
	}
	out[o] = '\0';
	*cuts = l.cuts;
	nc_lines_free(&l);
}

static void
test_lines(void)
{
	static const char in[] = "USER a\r\nPASS\r\n\r\nbare\nlong line here\r\n";
	char out[256];
	uint64_t cuts;
	size_t step;
	int all = 1;

	for (step = 1; step <= sizeof in; step++) {
		lines_of(in, step, 64, out, &cuts);
		if (strcmp(out, "USER a(6)|PASS(4)|(0)|bare(4)|"
		    "long line here(14)|") != 0 || cuts != 0)
			all = 0;
	}
	ok(all, "lines cut anywhere: CR LF and bare LF end them, CR dropped");
	all = 1;
	for (step = 1; step <= sizeof in; step++) {
		lines_of(in, step, 4, out, &cuts);
		if (strcmp(out, "USER(6)|PASS(4)|(0)|bare(4)|long(14)|") != 0 ||
		    cuts != 2)
			all = 0;
	}
	ok(all, "lines over the cap: the first cap bytes, the length they "
	    "had, counted (%s)", out);
	lines_of("abc\r", 1, 4, out, &cuts);
	ok(strcmp(out, "") == 0, "a line without its LF is not handed out");
}

static void
test_base64(void)
{
	uint8_t d[16];

	ok(nc_creds_base64((const uint8_t *)"AHVzZXIAcGFzcw==", 16, d, 16) ==
	    10 && memcmp(d, "\0user\0pass", 10) == 0, "base64 with padding");
	ok(nc_creds_base64((const uint8_t *)"dXNlcg", 6, d, 16) == 4 &&
	    memcmp(d, "user", 4) == 0, "base64 without padding");
	ok(nc_creds_base64((const uint8_t *)"dXN!cg==", 8, d, 16) < 0 &&
	    nc_creds_base64((const uint8_t *)"dXNlc", 5, d, 16) < 0 &&
	    nc_creds_base64((const uint8_t *)"dXNlcg==", 8, d, 3) < 0,
	    "not base64, a lone sixth, longer than the room: refused");
}

static ProtobufCMessage *
unpack(int i, int type)
{
	if (i >= NR || R[i].type != type)
		return NULL;
	switch (type) {
	case NETCAP__RECORD__RECORD_FTP:
		return &netcap__ftp__unpack(NULL, R[i].len, R[i].buf)->base;
	case NETCAP__RECORD__RECORD_SMTP:
		return &netcap__smtp__unpack(NULL, R[i].len, R[i].buf)->base;
	case NETCAP__RECORD__RECORD_CREDENTIALS:
		return &netcap__credentials__unpack(NULL, R[i].len,
		    R[i].buf)->base;
	case NETCAP__RECORD__RECORD_POP3:
		return &netcap__pop3__unpack(NULL, R[i].len, R[i].buf)->base;
	case NETCAP__RECORD__RECORD_IMAP:
		return &netcap__imap__unpack(NULL, R[i].len, R[i].buf)->base;
	case NETCAP__RECORD__RECORD_MAIL:
		return &netcap__mail__unpack(NULL, R[i].len, R[i].buf)->base;
	}
	return NULL;
}

/* The index of the k-th record (from 0) of type, or NR. */
static int
nth(int type, int k)
{
	int i;

	for (i = 0; i < NR; i++)
		if (R[i].type == type && k-- == 0)
			return i;
	return NR;
}

/* The index of the first record of type from i on, or NR. */
static int
find(int i, int type)
{
	while (i < NR && R[i].type != type)
		i++;
	return i;
}

static const char FTP_S1[] = "220-Welcome\r\n 220 this is not the end\r\n"
    "220 FTP ready\r\n";
static const char FTP_C[] = "USER bob\r\nPASS s3cret\r\nPASV\r\nRETR f\r\n"
    "EPRT |1|10.0.0.9|6000|\r\n";
static const char FTP_S2[] = "331 Password\r\n230 Hi\r\n"
    "227 Entering Passive Mode (192,0,2,2,19,137).\r\n"
    "150 Opening BINARY mode data connection for f (1234 bytes)\r\n"
    "226 Done\r\n200 EPRT ok\r\n";

static void
test_ftp(size_t step)
{
	const struct nc_tcpapp *a = &nc_tcpapp_ftp;
	void *s = a->open(&CTX);
	Netcap__FTP *m[6];
	Netcap__Credentials *k;
	int i, ic;

	forget();
	feed(a, s, NC_TCPAPP_RESP, FTP_S1, strlen(FTP_S1), step);
	/* The client pipelines every command before any reply. */
	feed(a, s, NC_TCPAPP_ORIG, FTP_C, strlen(FTP_C), step);
	feed(a, s, NC_TCPAPP_RESP, FTP_S2, strlen(FTP_S2), step);
	a->close(s, &CTX);
	for (i = 0; i < 6; i++)
		m[i] = (Netcap__FTP *)unpack(nth(NETCAP__RECORD__RECORD_FTP,
		    i), NETCAP__RECORD__RECORD_FTP);
	ic = find(0, NETCAP__RECORD__RECORD_CREDENTIALS);
	k = (Netcap__Credentials *)unpack(ic,
	    NETCAP__RECORD__RECORD_CREDENTIALS);
	ok(m[0] != NULL && is(m[0]->command, "<init>") &&
	    m[0]->reply_code == 220 && is(m[0]->reply_msg, "FTP ready") &&
	    m[0]->reply_lines == 3,
	    "step %zu: the greeting, three lines, a line inside it that "
	    "starts with its code is not its end", step);
	ok(m[1] != NULL && is(m[1]->command, "USER") && is(m[1]->arg, "bob") &&
	    m[1]->reply_code == 331 && m[2] != NULL && is(m[2]->command,
	    "PASS") && is(m[2]->arg, "<hidden>") &&
	    is(m[2]->password, "<hidden>") && is(m[2]->user, "bob") &&
	    m[2]->reply_code == 230 && m[2]->pending == 1 &&
	    is(m[1]->user, "bob"),
	    "step %zu: USER, PASS paired in order, the password hidden as "
	    "Zeek hides it", step);
	ok(k != NULL && is(k->user, "bob") && is(k->password, "s3cret") &&
	    k->_accepted_case && k->accepted && strcmp(k->service, "ftp") == 0
	    && is(k->reply, "Hi"), "step %zu: a Credentials record, accepted",
	    step);
	ok(m[3] != NULL && is(m[3]->command, "PASV") &&
	    m[3]->_data_passive_case && m[3]->data_passive &&
	    m[3]->data_resp_port == 5001 && m[3]->data_resp_ip.len == 4 &&
	    m[3]->data_resp_ip.data[3] == 2 && m[3]->data_orig_ip.data[3] == 1,
	    "step %zu: PASV's reply announces 192.0.2.2:5001 to the client",
	    step);
	ok(m[4] != NULL && is(m[4]->command, "RETR") &&
	    m[4]->reply_code == 226 && m[4]->_file_size_case &&
	    m[4]->file_size == 1234, "step %zu: RETR ends with 226, the size "
	    "from the preliminary 150", step);
	ok(m[5] != NULL && is(m[5]->command, "EPRT") &&
	    m[5]->_data_passive_case && !m[5]->data_passive &&
	    m[5]->data_resp_port == 6000 && m[5]->data_resp_ip.data[3] == 9 &&
	    m[5]->data_orig_ip.data[3] == 2, "step %zu: EPRT: the server "
	    "connects to 10.0.0.9:6000", step);
	for (i = 0; i < 6; i++)
		if (m[i] != NULL)
			netcap__ftp__free_unpacked(m[i], NULL);
	if (k != NULL)
		netcap__credentials__free_unpacked(k, NULL);
}

static const char SMTP_S[] = "220 mx ESMTP\r\n250-mx\r\n250 AUTH LOGIN\r\n"
    "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n235 ok\r\n250 ok\r\n250 ok\r\n"
    "250 ok\r\n354 go\r\n250 2.0.0 queued as X\r\n";
static const char SMTP_C[] = "EHLO client.example\r\nAUTH LOGIN\r\n"
    "YWxpY2U=\r\ncGFzcw==\r\nMAIL FROM:<a@example.org> SIZE=10\r\n"
    "RCPT TO:<b@example.org>\r\nRCPT TO:<c@example.org>\r\nDATA\r\n"
    "Received: from x ([203.0.113.5]) by y\r\n"
    "Received: from z ([10.1.2.3])\r\n"
    "From: Alice <a@example.org>\r\nTo: b@example.org,\r\n"
    " \"C, Carol\" <c@example.org>\r\nSubject: Hello\r\n\tworld\r\n"
    "X-Mailer: T 1.0\r\n\r\nTo: not a header\r\n..leading dot\r\n.\r\n";

static void
test_smtp(size_t step)
{
	const struct nc_tcpapp *a = &nc_tcpapp_smtp;
	void *s = a->open(&CTX);
	Netcap__SMTP *m;
	Netcap__Credentials *k;
	Netcap__Mail *ml;
	int im;

	forget();
	feed(a, s, NC_TCPAPP_ORIG, SMTP_C, strlen(SMTP_C), step);
	feed(a, s, NC_TCPAPP_RESP, SMTP_S, strlen(SMTP_S), step);
	a->close(s, &CTX);
	m = (Netcap__SMTP *)unpack(find(0, NETCAP__RECORD__RECORD_SMTP),
	    NETCAP__RECORD__RECORD_SMTP);
	k = (Netcap__Credentials *)unpack(find(0,
	    NETCAP__RECORD__RECORD_CREDENTIALS),
	    NETCAP__RECORD__RECORD_CREDENTIALS);
	im = find(0, NETCAP__RECORD__RECORD_MAIL);
	ml = (Netcap__Mail *)unpack(im, NETCAP__RECORD__RECORD_MAIL);
	/* The message's record comes before its transaction's. */
	ok(ml != NULL && im < find(0, NETCAP__RECORD__RECORD_SMTP) &&
	    ml->link == 1 && strcmp(ml->protocol, "smtp") == 0 &&
	    is(ml->subject, "Hello\tworld") && ml->n_to == 2 &&
	    is(ml->to[1], "\"C, Carol\" <c@example.org>") &&
	    is(ml->user_agent, "T 1.0") && ml->n_parts == 1 &&
	    is(ml->parts[0], "text/plain") && !ml->cut &&
	    ml->body_bytes == m->body_bytes && ml->src_port == CONN.port[0],
	    "step %zu: the message's Mail record, linked to the "
	    "transaction", step);
	if (ml != NULL)
		netcap__mail__free_unpacked(ml, NULL);
	ok(NR == 3 && m != NULL && is(m->helo, "client.example") &&
	    is(m->mailfrom, "a@example.org") && m->n_rcptto == 2 &&
	    is(m->rcptto[1], "c@example.org") && m->trans_depth == 1,
	    "step %zu: one transaction: HELO, MAIL FROM, two RCPT TO", step);
	ok(m != NULL && is(m->from, "Alice <a@example.org>") && m->n_to == 2 &&
	    is(m->to[0], "b@example.org") &&
	    is(m->to[1], "\"C, Carol\" <c@example.org>") &&
	    is(m->subject, "Hello\tworld") && is(m->user_agent, "T 1.0"),
	    "step %zu: header fields unfolded, To split outside quotes, the "
	    "body's To: not a header", step);
	ok(m != NULL && is(m->first_received, "from z ([10.1.2.3])") &&
	    is(m->second_received, "from x ([203.0.113.5]) by y") &&
	    m->n_path_ip == 3 && m->path_ip[2].len == 4 &&
	    m->path_ip[2].data[0] == 203 &&
	    is(m->last_reply, "250 2.0.0 queued as X") &&
	    is(m->auth_user, "alice"),
	    "step %zu: Received fields and the path as Zeek builds them, the "
	    "last reply, the user AUTH accepted", step);
	ok(m != NULL && m->body_bytes == strlen(SMTP_C) -
	    (size_t)(strstr(SMTP_C, "DATA\r\n") + 6 - SMTP_C) - 4,
	    "step %zu: the message's bytes, dot-unstuffed, without the final "
	    "dot (%llu)", step, m != NULL ? (unsigned long long)m->body_bytes :
	    0ULL);
	ok(k != NULL && strcmp(k->mechanism, "LOGIN") == 0 &&
	    is(k->user, "alice") && is(k->password, "pass") &&
	    k->_accepted_case && k->accepted,
	    "step %zu: AUTH LOGIN: user and password from base64, accepted",
	    step);
	if (m != NULL)
		netcap__smtp__free_unpacked(m, NULL);
	if (k != NULL)
		netcap__credentials__free_unpacked(k, NULL);
}

static void
test_logins(void)
{
	static const struct {
		const struct nc_tcpapp *a;
		const char *srv, *cli, *srv2, *mech, *user, *pass;
		int accepted;
	} t[] = {
		{ &nc_tcpapp_pop3, "+OK hi\r\n", "USER u1\r\nPASS p1\r\n",
		    "+OK\r\n-ERR no\r\n", "USER/PASS", "u1", "p1", 0 },
		{ &nc_tcpapp_pop3, "+OK hi\r\n",
		    "AUTH PLAIN\r\nAHUyAHAy\r\n", "+ \r\n+OK in\r\n", "PLAIN",
		    "u2", "p2", 1 },
		{ &nc_tcpapp_imap, "* OK hi\r\n",
		    "a1 LOGIN \"u\\\"3\" {2}\r\np3\r\n", "+ go\r\na1 OK in\r\n",
		    "LOGIN", "u\"3", "p3", 1 },
		{ &nc_tcpapp_imap, "* OK hi\r\n",
		    "a1 LOGIN {0}\r\n {2}\r\np6\r\n", "+ \r\n+ \r\na1 NO\r\n",
		    "LOGIN", "", "p6", 0 },
		{ &nc_tcpapp_imap, "* OK hi\r\n",
		    "a2 AUTHENTICATE PLAIN AHU0AHA0\r\n", "a2 NO bad\r\n",
		    "PLAIN", "u4", "p4", 0 },
		{ &nc_tcpapp_smtp, "220 mx ESMTP\r\n",
		    "AUTH PLAIN AHU1AHA1\r\n", "535 no\r\n", "PLAIN", "u5",
		    "p5", 0 },
	};
	Netcap__Credentials *k;
	size_t i;
	void *s;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		forget();
		s = t[i].a->open(&CTX);
		feed(t[i].a, s, NC_TCPAPP_RESP, t[i].srv, strlen(t[i].srv), 3);
		feed(t[i].a, s, NC_TCPAPP_ORIG, t[i].cli, strlen(t[i].cli), 3);
		feed(t[i].a, s, NC_TCPAPP_RESP, t[i].srv2, strlen(t[i].srv2),
		    3);
		t[i].a->close(s, &CTX);
		k = (Netcap__Credentials *)unpack(find(0,
		    NETCAP__RECORD__RECORD_CREDENTIALS),
		    NETCAP__RECORD__RECORD_CREDENTIALS);
		ok(k != NULL && strcmp(k->service, t[i].a->name) == 0 &&
		    strcmp(k->mechanism, t[i].mech) == 0 &&
		    is(k->user, t[i].user) && is(k->password, t[i].pass) &&
		    k->_accepted_case && k->accepted == t[i].accepted,
		    "%s %s: %s/%s, %s", t[i].a->name, t[i].mech, t[i].user,
		    t[i].pass, t[i].accepted ? "accepted" : "rejected");
		if (k != NULL)
			netcap__credentials__free_unpacked(k, NULL);
	}
}

/* The Mail record of message p, read by nc_mail_put; NULL if none. */
static Netcap__Mail *
mail_of(const char *p, size_t n)
{
	forget();
	if (nc_mail_put((const uint8_t *)p, n, n, 0, &CTX, "pop3",
	    NC_TCPAPP_RESP, 7) != 0)
		return NULL;
	return (Netcap__Mail *)unpack(find(0, NETCAP__RECORD__RECORD_MAIL),
	    NETCAP__RECORD__RECORD_MAIL);
}

static void
test_mail(void)
{
	static const char b64[] = "Subject: =?iso-8859-1?q?Gr=FC=DFe?=\r\n"
	    "Date: not a date\r\n"
	    "Content-Type: multipart/mixed; boundary=x\r\n\r\n"
	    "--x\r\nContent-Type: image/gif\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\nR0lGODlh\r\n--x--\r\n";
	char *deep, *many;
	size_t i, n;
	Netcap__Mail *m;

	m = mail_of(b64, strlen(b64));
	ok(m != NULL && is(m->subject, "Gr\xc3\xbc\xc3\x9f" "e") &&
	    is(m->date, "not a date") &&
	    m->_date_time_case != NETCAP__MAIL___DATE_TIME_DATE_TIME &&
	    m->n_parts == 2 && is(m->parts[1], "image/gif") &&
	    m->n_attachment_sizes == 1 && m->attachment_sizes[0] == 6 &&
	    m->n_attachment_names == 1 && m->attachment_names[0].len == 0 &&
	    m->link == 7 && strcmp(m->direction, "server") == 0 &&
	    m->src_port == CONN.port[1] && !m->cut,
	    "mail: Latin-1 encoded word to UTF-8, no time for a bad Date, a "
	    "non-text part without a name listed with its decoded size");
	if (m != NULL)
		netcap__mail__free_unpacked(m, NULL);

	/* 40 levels: the walk stops at 16, and says so. */
	deep = malloc(40 * 64 + 64);
	for (n = 0, i = 0; i < 40; i++)
		n += (size_t)sprintf(deep + n, "Content-Type: multipart/mixed; "
		    "boundary=b%zu\r\n\r\n--b%zu\r\n", i, i);
	m = mail_of(deep, n);
	ok(m != NULL && m->n_parts == 16 && m->cut,
	    "mail: nested 40 deep, 16 levels walked, cut");
	if (m != NULL)
		netcap__mail__free_unpacked(m, NULL);
	free(deep);

	/* 300 boundary lines: the header alone is read. */
	many = malloc(300 * 8 + 128);
	n = (size_t)sprintf(many, "Subject: s\r\nContent-Type: multipart/mixed;"
	    " boundary=a\r\n\r\n");
	for (i = 0; i < 300; i++)
		n += (size_t)sprintf(many + n, "--a\r\n\r\n");
	m = mail_of(many, n);
	ok(m != NULL && is(m->subject, "s") && m->n_parts == 1 && m->cut &&
	    m->body_bytes == n, "mail: 300 parts, the header read, cut");
	if (m != NULL)
		netcap__mail__free_unpacked(m, NULL);
	/* 250: every part read, 64 listed. */
	n = (size_t)sprintf(many, "Content-Type: multipart/mixed;"
	    " boundary=a\r\n\r\n");
	for (i = 0; i < 250; i++)
		n += (size_t)sprintf(many + n, "--a\r\n\r\n");
	m = mail_of(many, n);
	ok(m != NULL && m->n_parts == 64 && m->cut,
	    "mail: 250 parts, 64 listed, cut");
	if (m != NULL)
		netcap__mail__free_unpacked(m, NULL);
	free(many);

	m = mail_of("", 0);
	ok(m != NULL && m->n_parts <= 1 && m->from.len == 0,
	    "mail: an empty message still has its record");
	if (m != NULL)
		netcap__mail__free_unpacked(m, NULL);
}

int
main(void)
{
	size_t step;

	CONN.port[1] = 21;
	test_lines();
	test_base64();
	for (step = 1; step <= 64; step *= 4)
		test_ftp(step);
	test_ftp(4096);
	for (step = 1; step <= 64; step *= 4)
		test_smtp(step);
	test_smtp(4096);
	test_logins();
	test_mail();
	forget();
	return tap_done();
}
