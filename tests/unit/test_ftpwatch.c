/* Unit tests for the FTP data connection addresses (lib/tcpapp/ftpaddr.c)
 * and nc-conn's watch of FTP control connections (lib/flow/ftpwatch.c):
 * the four forms, hostile text, a third host, the bound on the table and
 * the expiry of what was announced. */
#include <stdio.h>
#include <string.h>

#include "flow/ftpwatch.h"
#include "tcpapp/ftpaddr.h"
#include "tap.h"

#define S(x) (const uint8_t *)(x), sizeof(x) - 1

static const uint8_t CLIENT[4] = { 192, 0, 2, 1 }, SERVER[4] = { 192, 0, 2, 2 },
    OTHER[4] = { 198, 51, 100, 7 };
static const uint8_t C6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 },
    S6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

static void
test_addr(void)
{
	uint8_t ip[16];
	uint16_t port;

	ok(nc_ftpaddr_active(S("192,0,2,1,19,137"), 0, 4, ip, &port) == 0 &&
	    memcmp(ip, CLIENT, 4) == 0 && port == 5001, "PORT h1..h4,p1,p2");
	ok(nc_ftpaddr_active(S("|1|192.0.2.1|6001|"), 1, 4, ip, &port) == 0 &&
	    memcmp(ip, CLIENT, 4) == 0 && port == 6001, "EPRT |1|...|port|");
	ok(nc_ftpaddr_active(S("!2!2001:db8::1!49189!"), 1, 16, ip, &port) ==
	    0 && memcmp(ip, C6, 16) == 0 && port == 49189,
	    "EPRT with another delimiter, IPv6");
	ok(nc_ftpaddr_active(S("|2|2001:db8::1|49189|"), 1, 4, ip, &port) < 0,
	    "EPRT of IPv6 on an IPv4 control connection: refused");
	ok(nc_ftpaddr_active(S("192,0,2,1,19,137"), 0, 16, ip, &port) < 0,
	    "PORT on an IPv6 control connection: refused");
	ok(nc_ftpaddr_active(S("192,0,2,256,1,1"), 0, 4, ip, &port) < 0 &&
	    nc_ftpaddr_active(S("192,0,2,1,1"), 0, 4, ip, &port) < 0 &&
	    nc_ftpaddr_active(S("192,0,2,1,1,"), 0, 4, ip, &port) < 0 &&
	    nc_ftpaddr_active(S("99999999999999999999999"), 0, 4, ip, &port) <
	    0 && nc_ftpaddr_active(S(""), 0, 4, ip, &port) < 0,
	    "PORT: a byte over 255, too few numbers, a huge number, nothing");
	ok(nc_ftpaddr_active(S("|1|192.0.2.1|65536|"), 1, 4, ip, &port) < 0 &&
	    nc_ftpaddr_active(S("|3|192.0.2.1|1|"), 1, 4, ip, &port) < 0 &&
	    nc_ftpaddr_active(S("|1|192.0.2.1|1"), 1, 4, ip, &port) < 0 &&
	    nc_ftpaddr_active(S("|1||1|"), 1, 4, ip, &port) < 0 &&
	    nc_ftpaddr_active(S("\0011\001x\0011\001"), 1, 4, ip, &port) < 0 &&
	    nc_ftpaddr_active(S("|1|1111111111111111111111111111111111111111"
	    "111111111111111111111111111111|1|"), 1, 4, ip, &port) < 0,
	    "EPRT: port over 65535, family 3, no end, no address, a control "
	    "delimiter, an address of 70 bytes");
	ok(nc_ftpaddr_passive(227, S("Entering Passive Mode (10,9,8,7,19,137)"),
	    4, SERVER, ip, &port) == 0 && ip[0] == 10 && port == 5001,
	    "227 names its address");
	ok(nc_ftpaddr_passive(227, S("=10,9,8,7,19,137"), 4, SERVER, ip,
	    &port) == 0 && port == 5001, "227 without parentheses");
	ok(nc_ftpaddr_passive(229, S("Extended Passive Mode (|||57086|)"), 16,
	    S6, ip, &port) == 0 && memcmp(ip, S6, 16) == 0 && port == 57086,
	    "229 names the port; the address is the server's");
	ok(nc_ftpaddr_passive(229, S("no parenthesis |||1|"), 4, SERVER, ip,
	    &port) < 0 && nc_ftpaddr_passive(229, S("("), 4, SERVER, ip,
	    &port) < 0 && nc_ftpaddr_passive(227, S("(1,2,3,4,5,6)"), 16, S6,
	    ip, &port) < 0 && nc_ftpaddr_passive(200, S("(|||1|)"), 4, SERVER,
	    ip, &port) < 0,
	    "229 without '(', cut after it; 227 on IPv6; another code");
}

static void
seg(struct nc_ftpwatch *w, int from_client, const char *text, int64_t now)
{
	if (from_client)
		nc_ftpwatch_segment(w, CLIENT, SERVER, 4, 40000, 21,
		    (const uint8_t *)text, strlen(text), 7, now);
	else
		nc_ftpwatch_segment(w, SERVER, CLIENT, 4, 21, 40000,
		    (const uint8_t *)text, strlen(text), 7, now);
}

static void
test_watch(void)
{
	struct nc_ftpwatch *w = nc_ftpwatch_new();
	struct nc_expect_stats st;

	ok(!nc_ftpwatch_take(w, CLIENT, 40001, SERVER, 5001, 4, 1),
	    "nothing announced: nothing taken");
	seg(w, 0, "150 ok\r\n227 Entering Passive Mode (10,9,8,7,19,137)\r\n",
	    10);
	ok(nc_ftpwatch_take(w, CLIENT, 40001, SERVER, 5001, 4, 11),
	    "PASV behind NAT: the client connects to the server itself");
	ok(!nc_ftpwatch_take(w, CLIENT, 40002, SERVER, 5001, 4, 12),
	    "an announcement is taken once");
	seg(w, 1, "NOOP\r\nport 192,0,2,1,23,113\nEPRT |1|192.0.2.1|6002|", 20);
	ok(nc_ftpwatch_take(w, SERVER, 20, CLIENT, 6001, 4, 21) &&
	    nc_ftpwatch_take(w, CLIENT, 6002, SERVER, 20, 4, 21),
	    "PORT in lower case and EPRT without CR LF, after another line; "
	    "taken either way round");
	seg(w, 1, "PORT 198,51,100,7,23,112\r\n", 30);
	ok(!nc_ftpwatch_take(w, SERVER, 20, OTHER, 6000, 4, 31),
	    "PORT to a third host: refused (a bounce)");
	seg(w, 0, "PORT 192,0,2,1,23,114\r\n227 (192,0,2,2,1,2)\r\n", 32);
	seg(w, 1, "227 (192,0,2,2,1,3)\r\n", 32);
	ok(!nc_ftpwatch_take(w, SERVER, 20, CLIENT, 6004, 4, 33) &&
	    !nc_ftpwatch_take(w, CLIENT, 1, SERVER, 259, 4, 33),
	    "a PORT from the server, a 227 from the client: not read");
	nc_ftpwatch_segment(w, CLIENT, SERVER, 4, 40000, 2121,
	    (const uint8_t *)"PORT 192,0,2,1,23,115\r\n", 23, 7, 34);
	ok(!nc_ftpwatch_take(w, SERVER, 20, CLIENT, 6003, 4, 35),
	    "not on port 21: not read");
	seg(w, 0, "229 Entering Extended Passive Mode (|||5005|)\r\n", 40);
	ok(!nc_ftpwatch_take(w, CLIENT, 40005, SERVER, 5005, 4,
	    40 + NC_EXPECT_TTL + 1), "an announcement expires");
	nc_ftpwatch_stats(w, &st);
	ok(st.added == 5 && st.refused == 1 && st.taken == 3 &&
	    st.expired == 1, "counted: %llu kept, %llu refused, %llu taken, "
	    "%llu expired", (unsigned long long)st.added,
	    (unsigned long long)st.refused, (unsigned long long)st.taken,
	    (unsigned long long)st.expired);
	seg(w, 0, "229 (|||5006|)\r\n", 50);
	nc_ftpwatch_reset(w);
	ok(!nc_ftpwatch_take(w, CLIENT, 40006, SERVER, 5006, 4, 51),
	    "a new capture forgets what the one before announced");
	nc_ftpwatch_stats(w, &st);
	ok(st.added == 6, "the counts outlive the reset");
	nc_ftpwatch_free(w);
}

static void
test_ipv6(void)
{
	struct nc_ftpwatch *w = nc_ftpwatch_new();
	static const char eprt[] = "EPRT |2|2001:db8::1|49189|\r\n";
	static const char pasv[] = "229 ok (|||57086|)\r\n";

	nc_ftpwatch_segment(w, C6, S6, 16, 49185, 21, (const uint8_t *)eprt,
	    sizeof eprt - 1, 1, 1);
	nc_ftpwatch_segment(w, S6, C6, 16, 21, 49185, (const uint8_t *)pasv,
	    sizeof pasv - 1, 1, 1);
	ok(nc_ftpwatch_take(w, S6, 55785, C6, 49189, 16, 2) &&
	    nc_ftpwatch_take(w, C6, 49186, S6, 57086, 16, 2),
	    "IPv6: EPRT and EPSV");
	nc_ftpwatch_free(w);
}

/* A flood of announcements, every port in turn: the table keeps at most
 * NC_EXPECT_MAX, evicts the oldest, and the newest still match. */
static void
test_flood(void)
{
	struct nc_ftpwatch *w = nc_ftpwatch_new();
	struct nc_expect_stats st;
	char buf[64 * 32];
	size_t n;
	int i, j;

	for (i = 0; i < 1024000; i += 64) {
		n = 0;
		for (j = i; j < i + 64; j++)
			n += (size_t)snprintf(buf + n, sizeof buf - n,
			    "PORT 192,0,2,1,%d,%d\r\n", (1 + j % 65535) >> 8,
			    (1 + j % 65535) & 255);
		nc_ftpwatch_segment(w, CLIENT, SERVER, 4, 40000, 21,
		    (const uint8_t *)buf, n, 7, i);
	}
	nc_ftpwatch_stats(w, &st);
	ok(st.added == 1024000 && st.evicted >= 1024000 - NC_EXPECT_MAX,
	    "a million PORTs (1024000): %llu added, %llu evicted",
	    (unsigned long long)st.added, (unsigned long long)st.evicted);
	ok(!nc_ftpwatch_take(w, SERVER, 20, CLIENT, 1, 4, 1024000),
	    "port 1, last announced 16k before the end, is gone");
	ok(nc_ftpwatch_take(w, SERVER, 20, CLIENT, 1 + 1023999 % 65535, 4,
	    1024000), "the last is kept");
	nc_ftpwatch_free(w);
}

int
main(void)
{
	test_addr();
	test_watch();
	test_ipv6();
	test_flood();
	return tap_done();
}
