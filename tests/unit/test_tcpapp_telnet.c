/* Telnet (lib/tcpapp/telnet.c): option negotiation stripped whatever the
 * calls' cuts, subnegotiations bounded, and logins read from prompts,
 * whole lines or a key a call, with the server's answer. */
#include <stdio.h>

#include "tap.h"
#include "tcpapp.h"
#include "tcpapp/telnet.h"

/* IAC DO TTYPE, "a", IAC IAC, IAC SB NAWS 0 80 IAC IAC IAC SE, "b",
 * IAC NOP, IAC WILL ECHO, "c", IAC SB ... IAC WONT (a broken end), "d". */
static const uint8_t NEG[] = "\xff\xfd\x18" "a" "\xff\xff"
    "\xff\xfa\x1f\x00\x50\xff\xff\xff\xf0" "b" "\xff\xf1" "\xff\xfb\x01" "c"
    "\xff\xfa\x18x\xff\xfc\x01" "d";

static size_t
strip_in(const uint8_t *in, size_t n, size_t step, uint8_t *out,
    struct nc_telnet_iac *t)
{
	size_t i, k, o = 0;

	memset(t, 0, sizeof *t);
	for (i = 0; i < n; i += k) {
		k = n - i < step ? n - i : step;
		o += nc_telnet_strip(t, in + i, k, out + o);
	}
	return o;
}

static void
test_strip(void)
{
	static uint8_t big[3 + NC_TELNET_SB_MAX + 8];
	struct nc_telnet_iac t;
	uint8_t out[sizeof big];
	size_t step, n;
	int all = 1;

	for (step = 1; step <= sizeof NEG; step++) {
		n = strip_in(NEG, sizeof NEG - 1, step, out, &t);
		all &= n == 5 && memcmp(out, "a\xff" "bcd", 5) == 0;
	}
	ok(all, "negotiation, subnegotiation, IAC IAC and commands stripped "
	    "in calls of any size");
	/* A subnegotiation never ended: the bytes past the bound (its
	 * option byte counted) are text. */
	memcpy(big, "\xff\xfa\x18", 3);
	memset(big + 3, 'A', sizeof big - 3);
	n = strip_in(big, sizeof big, 100, out, &t);
	ok(n == sizeof big - 2 - NC_TELNET_SB_MAX && t.cuts == 1 &&
	    out[0] == 'A', "an unended subnegotiation ends at %d bytes",
	    NC_TELNET_SB_MAX);
}

/* The i-th Credentials record written, unpacked; NULL if none. */
static Netcap__Credentials *
cred(int i)
{
	int j, seen = 0;

	for (j = 0; j < NR; j++)
		if (R[j].type == NETCAP__RECORD__RECORD_CREDENTIALS &&
		    seen++ == i)
			return netcap__credentials__unpack(NULL, R[j].len,
			    R[j].buf);
	return NULL;
}

static int
is(ProtobufCBinaryData b, const char *s)
{
	return b.len == strlen(s) && (b.len == 0 ||
	    memcmp(b.data, s, b.len) == 0);
}

static const char MOTD[] = "\r\nLast failed login: Sun Dec  6 on pts/0\r\n"
    "There were 2 failed login attempts since the last successful login.\r\n"
    "Last login: Sat Dec  5\r\n$ ";

static void
test_logins(void)
{
	/* Server and client by turns: a key a call, echoed, DEL erasing;
	 * CR NUL; a rejection; a login in lines, accepted. */
	static const char *const talk[] = {
	    "\xff\xfb\x01Welcome\r\nhost login: ", "r", "r", "x", "x",
	    "\x7f", "\b \b", "oot", "oot", "\r", "", "\0",
	    "\r\nPassword: ", "bad\r\n", "\r\nLogin incorrect\r\n\r\nlogin: ",
	    "bob\r\n", "Password:", "pw\r\n", "\r\nLast login: today\r\n$ ",
	};
	static const size_t step[] = { 1, 3, 1000 };
	Netcap__Credentials *a, *b, *c;
	size_t i, j;
	void *s;

	for (j = 0; j < sizeof step / sizeof step[0]; j++) {
		forget();
		s = nc_tcpapp_telnet.open(&CTX);
		for (i = 0; i < sizeof talk / sizeof talk[0]; i++)
			feed(&nc_tcpapp_telnet, s, i % 2 == 0 ?
			    NC_TCPAPP_RESP : NC_TCPAPP_ORIG, talk[i],
			    strlen(talk[i]) + (i == 11), step[j]);
		nc_tcpapp_telnet.close(s, &CTX);
		a = cred(0);
		b = cred(1);
		c = cred(2);
		ok(a != NULL && b != NULL && c == NULL &&
		    strcmp(a->service, "telnet") == 0 &&
		    strcmp(a->mechanism, "login prompt") == 0 &&
		    is(a->user, "root") && is(a->password, "bad") &&
		    a->_accepted_case && !a->accepted &&
		    is(a->reply, "Login incorrect") && is(b->user, "bob") &&
		    is(b->password, "pw") && b->_accepted_case && b->accepted &&
		    is(b->reply, "Last login: today"),
		    "calls of %zu bytes: root/bad rejected, bob/pw accepted",
		    step[j]);
		if (a != NULL)
			netcap__credentials__free_unpacked(a, NULL);
		if (b != NULL)
			netcap__credentials__free_unpacked(b, NULL);
		if (c != NULL)
			netcap__credentials__free_unpacked(c, NULL);
	}
	/* What a system says after a login that worked, cut anywhere:
	 * "failed" in it is no refusal. */
	for (j = 0; j < sizeof step / sizeof step[0]; j++) {
		forget();
		s = nc_tcpapp_telnet.open(&CTX);
		feed(&nc_tcpapp_telnet, s, NC_TCPAPP_RESP, "login: ", 7, 100);
		feed(&nc_tcpapp_telnet, s, NC_TCPAPP_ORIG, "u\r\n", 3, 100);
		feed(&nc_tcpapp_telnet, s, NC_TCPAPP_RESP, "Password:", 9, 100);
		feed(&nc_tcpapp_telnet, s, NC_TCPAPP_ORIG, "p\r\n", 3, 100);
		feed(&nc_tcpapp_telnet, s, NC_TCPAPP_RESP, MOTD,
		    sizeof MOTD - 1, step[j]);
		nc_tcpapp_telnet.close(s, &CTX);
		a = cred(0);
		c = cred(1);
		ok(a != NULL && c == NULL && a->_accepted_case && a->accepted &&
		    is(a->reply, "Last failed login: Sun Dec  6 on pts/0"),
		    "calls of %zu bytes: \"Last failed login\" and \"failed "
		    "login attempts\" after a login that worked", step[j]);
		if (a != NULL)
			netcap__credentials__free_unpacked(a, NULL);
		if (c != NULL)
			netcap__credentials__free_unpacked(c, NULL);
	}
	/* Connection end before any answer. */
	forget();
	s = nc_tcpapp_telnet.open(&CTX);
	feed(&nc_tcpapp_telnet, s, NC_TCPAPP_RESP, "Username: ", 10, 100);
	feed(&nc_tcpapp_telnet, s, NC_TCPAPP_ORIG, "u\n", 2, 100);
	feed(&nc_tcpapp_telnet, s, NC_TCPAPP_RESP, "Password: ", 10, 100);
	feed(&nc_tcpapp_telnet, s, NC_TCPAPP_ORIG, "p\n", 2, 100);
	nc_tcpapp_telnet.close(s, &CTX);
	a = cred(0);
	ok(a != NULL && is(a->user, "u") && is(a->password, "p") &&
	    !a->_accepted_case, "no answer before the end: unknown");
	if (a != NULL)
		netcap__credentials__free_unpacked(a, NULL);
	forget();
}

int
main(void)
{
	test_strip();
	test_logins();
	return tap_done();
}
