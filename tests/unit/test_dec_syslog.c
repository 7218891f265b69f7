/* Unit tests for the Syslog decoder: payloads built byte by byte and
 * handed to one decoder through layer_n(); every record is packed and
 * unpacked again before its fields are checked.  Damaged payloads (cut at
 * every length, lying lengths, oversize counts) must give Undecoded
 * records, never a crash. */
#include "dectest.h"

/* --- Syslog -------------------------------------------------------------- */

static Netcap__Syslog *
syslog_of(const char *s)
{
	layer_n("Syslog", (const uint8_t *)s, strlen(s), 40000, 514);
	return named("Syslog");
}

static void
test_syslog(void)
{
	Netcap__Syslog *y;
	struct pkt p;
	static const char *bad[] = { "<192>x", "<01>x", "<>x", "<1234>x",
	    "<13 x", "13>x", "<", "" };
	size_t i;
	int nbad = 0;

	y = syslog_of("<165>1 2003-08-24T05:14:15.000003-07:00 host app 8710 "
	    "ID47 [ex@1 a=\"x\\]\"][y@2] \xef\xbb\xbfhello");
	ok(y != NULL && y->priority == 165 && y->facility == 20 &&
	    y->severity == 5 && y->version == 1 &&
	    txtcmp(y->timestamp, "2003-08-24T05:14:15.000003-07:00") == 0 &&
	    txtcmp(y->hostname, "host") == 0 &&
	    txtcmp(y->app_name, "app") == 0 &&
	    txtcmp(y->proc_id, "8710") == 0 &&
	    txtcmp(y->msg_id, "ID47") == 0 &&
	    txtcmp(y->structured_data, "[ex@1 a=\"x\\]\"][y@2]") == 0 &&
	    txtcmp(y->message, "hello") == 0 && y->message_length == 5,
	    "Syslog RFC 5424: every field, escaped ] in SD, BOM dropped");
	y = syslog_of("<34>1 - - - - - -");
	ok(y != NULL && txtcmp(y->timestamp, "-") == 0 &&
	    txtcmp(y->structured_data, "-") == 0 && y->message.len == 0,
	    "Syslog RFC 5424: nil values, no message");
	y = syslog_of("<13>Feb  5 17:32:18 10.0.0.99 sshd[2304]: Accepted");
	ok(y != NULL && y->version == 0 && y->facility == 1 &&
	    txtcmp(y->timestamp, "Feb  5 17:32:18") == 0 &&
	    txtcmp(y->hostname, "10.0.0.99") == 0 &&
	    txtcmp(y->app_name, "sshd") == 0 &&
	    txtcmp(y->proc_id, "2304") == 0 &&
	    txtcmp(y->message, "Accepted") == 0,
	    "Syslog RFC 3164: timestamp, host, tag, pid, message");
	y = syslog_of("<190>Oct 11 22:14:15 gw a message: with colon");
	ok(y != NULL && txtcmp(y->hostname, "gw") == 0 &&
	    y->app_name.len == 0 &&
	    txtcmp(y->message, "a message: with colon") == 0,
	    "Syslog RFC 3164: no tag when no colon follows the first word");
	y = syslog_of("<0>bare");
	ok(y != NULL && y->priority == 0 && y->timestamp.len == 0 &&
	    txtcmp(y->message, "bare") == 0, "Syslog: bare message");
	y = syslog_of("<14>1 2020 h a p m [unterminated sd");
	ok(y != NULL && txtcmp(y->structured_data, "[unterminated sd") == 0,
	    "Syslog: unterminated SD runs to the end");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		syslog_of(bad[i]);
		if (bad[i][0] != '\0' &&
		    (nrec != 1 || !has(reason(0), "not syslog")))
			nbad++;
	}
	ok(nbad == 0, "Syslog: bad PRIs are Undecoded");
	p.n = 0;
	str(&p, "<13>");
	fill(&p, 'x', 3000);
	layer_n("Syslog", p.b, p.n, 514, 514);
	y = named("Syslog");
	ok(y != NULL && y->message_length == 3000 &&
	    y->message.len == 1024, "Syslog: 3000-byte message cut to "
	    "1024, length kept");
	/* A NUL and terminal escapes inside: all 26 bytes kept. */
	p.n = 0;
	str(&p, "<13>Feb  5 17:32:18 host\x1b[2J tag: before");
	fill(&p, 0, 1);
	str(&p, "after \x1b]0;title\x07 \xff!");
	layer_n("Syslog", p.b, p.n, 514, 514);
	y = named("Syslog");
	ok(y != NULL && y->message_length == 26 && y->message.len == 26 &&
	    memcmp(y->message.data, "before\0after \x1b]0;title\x07 \xff!",
	    26) == 0 && txtcmp(y->hostname, "host\x1b[2J") == 0,
	    "Syslog: NUL, controls and invalid UTF-8 kept");
	p.n = 0;
	str(&p, "<13>Feb  5 17:32:18 host tag[12]: message");
	ok(layer_cuts("Syslog", &p, 514, 514), "Syslog: cut at each of %zu "
	    "lengths: a record or Undecoded every time", p.n);
}

int
main(void)
{
	test_syslog();
	clear();
	return tap_done();
}
