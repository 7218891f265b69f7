/* Unit tests for lib/tcpapp/expect.c, the table of connections an FTP
 * control connection announced: matching, expiry, the bound, names, and
 * hostile announcements. */
#include <string.h>
#include <time.h>

#include "tcpapp/expect.h"
#include "tap.h"

static const uint8_t CLIENT[4] = { 192, 0, 2, 1 }, SERVER[4] = { 192, 0, 2, 2 },
    OTHER[4] = { 198, 51, 100, 7 };

static struct nc_expect_key
key(const uint8_t *orig, const uint8_t *resp, uint16_t port)
{
	struct nc_expect_key k = { .alen = 4, .port = port };

	memcpy(k.orig, orig, 4);
	memcpy(k.resp, resp, 4);
	return k;
}

static uint64_t
add(struct nc_expect *e, const uint8_t *orig, const uint8_t *resp,
    uint16_t port, int64_t now)
{
	struct nc_expect_key k = key(orig, resp, port);

	return nc_expect_add(e, &k, CLIENT, SERVER, 0x77, now);
}

static uint64_t
take(struct nc_expect *e, const uint8_t *orig, const uint8_t *resp,
    uint16_t port, int64_t now)
{
	struct nc_expect_key k = key(orig, resp, port);

	return nc_expect_take(e, &k, now);
}

static void
test_match(void)
{
	struct nc_expect *e = nc_expect_new();
	struct nc_expect_stats st;
	const uint8_t *name;
	uint64_t h, t, ctrl;
	size_t n;

	ok(take(e, CLIENT, SERVER, 5000, 1) == 0,
	    "an empty table matches nothing");
	h = add(e, CLIENT, SERVER, 5000, 1);
	ok(h != 0, "a PASV port between the control hosts is expected");
	ok(take(e, SERVER, CLIENT, 5000, 2) == 0 &&
	    take(e, CLIENT, SERVER, 5001, 2) == 0,
	    "the other way round or another port does not match");
	t = take(e, CLIENT, SERVER, 5000, 2);
	ok(t == h, "the announced connection takes it");
	ok(take(e, CLIENT, SERVER, 5000, 3) == 0,
	    "a second connection does not take it again");
	nc_expect_name(e, h, (const uint8_t *)"/pub/a.txt", 10);
	ok(nc_expect_get(e, t, &ctrl, &name, &n) == 0 && ctrl == 0x77 &&
	    n == 10 && memcmp(name, "/pub/a.txt", 10) == 0,
	    "the name given after it was taken is there, with the control "
	    "flow");
	h = add(e, SERVER, CLIENT, 6000, 4);
	ok(h != 0 && take(e, SERVER, CLIENT, 6000, 5) == h,
	    "a PORT to the client: the server connects");
	nc_expect_stats(e, &st);
	ok(st.added == 2 && st.taken == 2 && st.refused == 0,
	    "counted: 2 added, 2 taken");
	nc_expect_free(e);
}

static void
test_expiry(void)
{
	struct nc_expect *e = nc_expect_new();
	struct nc_expect_stats st;
	const uint8_t *name;
	uint64_t ctrl;
	size_t n;

	add(e, CLIENT, SERVER, 5000, 0);
	ok(nc_expect_live(e, NC_EXPECT_TTL) == 1 &&
	    nc_expect_live(e, NC_EXPECT_TTL + 1) == 0,
	    "an announcement lives 5 minutes");
	ok(take(e, CLIENT, SERVER, 5000, NC_EXPECT_TTL + 1) == 0,
	    "a connection after 5 minutes does not take it");
	nc_expect_stats(e, &st);
	ok(st.expired == 1 && st.taken == 0, "counted as expired");
	ok(take(e, CLIENT, SERVER, 5000, 1) == 0,
	    "and it is gone");
	ok(nc_expect_get(e, 1 << 10, &ctrl, &name, &n) < 0 &&
	    nc_expect_get(e, 0, &ctrl, &name, &n) < 0,
	    "a handle that holds nothing says so");
	nc_expect_free(e);
}

static void
test_hostile(void)
{
	struct nc_expect *e = nc_expect_new();
	struct nc_expect_stats st;
	const uint8_t *name;
	uint8_t big[4 * NC_EXPECT_NAME];
	uint64_t h, first, ctrl;
	size_t n, live;
	clock_t t0;
	long i;
	int ok1 = 1;

	ok(add(e, SERVER, OTHER, 6000, 1) == 0 &&
	    add(e, OTHER, SERVER, 6000, 1) == 0 &&
	    add(e, CLIENT, OTHER, 6000, 1) == 0,
	    "a PORT or PASV naming a third host is refused (a bounce)");
	ok(add(e, CLIENT, SERVER, 0, 1) == 0, "port 0 is refused");
	ok(take(e, SERVER, OTHER, 6000, 2) == 0,
	    "so the connection to the third host is not ftp-data");
	nc_expect_stats(e, &st);
	ok(st.refused == 4 && st.added == 0, "4 refused, counted");

	/* A million PASV replies, each a new port: the table stays at its
	 * bound, each costs constant time, and the newest still match. */
	first = add(e, CLIENT, SERVER, 1, 10);
	t0 = clock();
	for (i = 0; i < 1000000; i++)
		if (add(e, CLIENT, SERVER, (uint16_t)(2 + i % 65000),
		    10 + i) == 0)
			ok1 = 0;
	ok(ok1, "a million announcements are all taken in");
	ok((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0,
	    "in under 5 seconds of CPU (%.2f)",
	    (double)(clock() - t0) / CLOCKS_PER_SEC);
	live = nc_expect_live(e, 10 + 1000000);
	ok(live <= NC_EXPECT_MAX && live > NC_EXPECT_MAX / 2,
	    "at most %d live (%zu)", NC_EXPECT_MAX, live);
	nc_expect_stats(e, &st);
	ok(st.evicted >= 65000 - NC_EXPECT_MAX,
	    "older ones were evicted, counted (%llu)",
	    (unsigned long long)st.evicted);
	ok(nc_expect_get(e, first, &ctrl, &name, &n) < 0,
	    "the first one's handle no longer holds");
	h = take(e, CLIENT, SERVER, (uint16_t)(2 + 999999 % 65000),
	    10 + 1000000);
	ok(h != 0, "the newest announcement still matches");
	memset(big, 'x', sizeof big);
	nc_expect_name(e, h, big, sizeof big);
	ok(nc_expect_get(e, h, &ctrl, &name, &n) == 0 &&
	    n == NC_EXPECT_NAME, "a long name is cut at %d bytes",
	    NC_EXPECT_NAME);
	/* The same port announced again and again replaces itself. */
	nc_expect_free(e);
	e = nc_expect_new();
	for (i = 0; i < 1000000; i++)
		add(e, CLIENT, SERVER, 7000, i);
	ok(nc_expect_live(e, 1000000) == 1,
	    "the same port a million times is one announcement");
	ok(take(e, CLIENT, SERVER, 7000, 1000000) != 0,
	    "which matches");
	nc_expect_free(e);
}

static void
test_ipv6(void)
{
	struct nc_expect *e = nc_expect_new();
	struct nc_expect_key k = { .alen = 16, .port = 57086 };
	uint8_t c6[16] = { 0x20, 1, 0xd, 0xb8, [15] = 1 };
	uint8_t s6[16] = { 0x20, 1, 0xd, 0xb8, [15] = 2 };
	uint64_t h;

	memcpy(k.orig, c6, 16);
	memcpy(k.resp, s6, 16);
	h = nc_expect_add(e, &k, c6, s6, 1, 1);
	ok(h != 0 && nc_expect_take(e, &k, 2) == h,
	    "IPv6 announcements match");
	nc_expect_free(e);
}

int
main(void)
{
	test_match();
	test_expiry();
	test_hostile();
	test_ipv6();
	return tap_done();
}
