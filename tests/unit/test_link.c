/* Unit tests for lib/link: the messages inside TLS, lines of a pin list,
 * and the sender's spool (numbering, acknowledgement, restart, a full
 * spool). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "link/spool.h"
#include "link/tls.h"
#include "link/wire.h"
#include "tap.h"

static void
test_wire(void)
{
	uint8_t b[64], rec[] = { 0x0a, 0x02, 0x08, 0x01 };
	struct nc_wire_msg m;
	const char *why;
	size_t n;
	long k;

	n = nc_wire_hello(b, 0x0102030405060708ull);
	k = nc_wire_parse(b, n, 100, &m, &why);
	ok(k == 10 && m.kind == 'H' && m.stream == 0x0102030405060708ull,
	    "hello round trip");
	ok(nc_wire_parse(b, 5, 100, &m, &why) == 0, "a part of a hello waits");
	b[1] = 2;
	ok(nc_wire_parse(b, n, 100, &m, &why) < 0 && why != NULL,
	    "a hello of another version is refused");

	n = nc_wire_record_head(b, 300, sizeof rec);
	memcpy(b + n, rec, sizeof rec);
	k = nc_wire_parse(b, n + sizeof rec, 100, &m, &why);
	ok(k == (long)(n + sizeof rec) && m.seq == 300 && m.len == sizeof rec &&
	    memcmp(m.data, rec, sizeof rec) == 0, "record round trip");
	ok(nc_wire_parse(b, n + 1, 100, &m, &why) == 0,
	    "a part of a record waits");
	ok(nc_wire_parse(b, n + sizeof rec, 3, &m, &why) < 0 &&
	    strcmp(why, "record over the stream cap") == 0,
	    "a record over the cap is refused before its bytes come");
	ok(nc_wire_record_type(rec, sizeof rec) == 1, "envelope of a Header");
	ok(nc_wire_record_type(rec, 3) < 0, "a short envelope is not one");
	n = nc_wire_record_head(b, 0, 0);
	ok(nc_wire_parse(b, n, 100, &m, &why) < 0, "sequence number 0 is refused");
	memset(b, 0xff, 12);
	b[0] = 'A';
	ok(nc_wire_parse(b, 12, 100, &m, &why) < 0, "an overlong varint is refused");
	ok(nc_wire_parse((const uint8_t *)"X", 1, 100, &m, &why) < 0,
	    "an unknown kind is refused");
	n = nc_wire_seq(b, NC_WIRE_ACK, 1ull << 40);
	k = nc_wire_parse(b, n, 100, &m, &why);
	ok(k == (long)n && m.kind == 'A' && m.seq == 1ull << 40, "ack round trip");
}

static void
test_pins(void)
{
	struct nc_pin p;
	char why[160];
	const char *b64 = "s1 Q5FcnJ0djm8dOPI6lcw36Xvijq7/1TvCcywDQBkGoLo=";
	const char *hex = "s2 43915c9c9d1d8e6f1d38f23a95cc37e97be28eaeffd53bc2"
	    "732c034019066a7a\r";

	ok(nc_pins_parse_line(b64, strlen(b64), &p, why, sizeof why) == 1 &&
	    strcmp(p.name, "s1") == 0 && p.hash[0] == 0x43, "base64 pin");
	ok(nc_pins_parse_line(hex, strlen(hex), &p, why, sizeof why) == 1 &&
	    p.hash[0] == 0x43 && p.hash[31] == 0x7a, "hex pin, CRLF line");
	ok(nc_pins_parse_line("  # c", 5, &p, why, sizeof why) == 0, "comment");
	ok(nc_pins_parse_line("", 0, &p, why, sizeof why) == 0, "blank");
	ok(nc_pins_parse_line("s1", 2, &p, why, sizeof why) < 0, "no key");
	ok(nc_pins_parse_line("../x abcd", 9, &p, why, sizeof why) < 0,
	    "a name that is a path is refused");
	ok(nc_pins_parse_line("s1 YWJj", 7, &p, why, sizeof why) < 0,
	    "a key of the wrong length is refused");
	ok(nc_pins_parse_line("s1 a b", 6, &p, why, sizeof why) < 0,
	    "three words are refused");
}

/* Reads every record from seq on; their count. */
static int
drain(struct nc_spool *s, uint64_t from, uint64_t *first, uint64_t *last)
{
	struct nc_spool_cursor c = { .fd = -1 };
	const uint8_t *rec;
	uint64_t seq;
	size_t len;
	int n = 0;

	nc_spool_seek(s, &c, from);
	while (nc_spool_next(s, &c, &seq, &rec, &len) == 1) {
		if (n == 0)
			*first = seq;
		else if (seq != *last + 1 || len != 100 || rec[0] != (uint8_t)seq)
			n = -100000;
		*last = seq;
		n++;
	}
	nc_spool_cursor_free(&c);
	return n;
}

#define TMPL "/tmp/nc-test-spool.XXXXXX"

static void
test_spool(void)
{
	char dir[] = TMPL, cmd[64];
	struct nc_spool s;
	uint8_t rec[100];
	uint64_t i, first = 0, last = 0, stream;
	int n, dropped = 0;

	if (mkdtemp(dir) == NULL)
		abort();
	ok(nc_spool_open(&s, dir, 1 << 20, 0) == 0, "spool opens: %s", s.why);
	stream = s.stream;
	for (i = 1; i <= 1000; i++) {
		memset(rec, (int)(uint8_t)i, sizeof rec);
		nc_spool_append(&s, rec, sizeof rec);
	}
	ok(drain(&s, 1, &first, &last) < 1000,
	    "what is buffered is not read before a flush");
	nc_spool_flush(&s);
	n = drain(&s, 1, &first, &last);
	ok(n == 1000 && first == 1 && last == 1000, "1000 records in order");
	n = drain(&s, 401, &first, &last);
	ok(n == 600 && first == 401, "read from the middle");
	nc_spool_ack(&s, 700);
	ok(nc_spool_unacked(&s) == 300, "300 unacknowledged");
	nc_spool_close(&s);

	ok(nc_spool_open(&s, dir, 1 << 20, 0) == 0 && s.stream == stream &&
	    s.next == 1001 && s.acked == 700,
	    "reopened: same stream, numbers go on, acknowledged stays");
	n = drain(&s, s.acked + 1, &first, &last);
	ok(n == 300 && first == 701 && last == 1000, "the rest is still there");
	{
		struct nc_spool t;

		ok(nc_spool_open(&t, dir, 1 << 20, 0) < 0 &&
		    strstr(t.why, "in use") != NULL, "a second sender is refused");
		nc_spool_close(&t);
	}
	nc_spool_close(&s);

	/* Full: newest dropped, then oldest. */
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0 || mkdtemp(strcpy(dir, TMPL)) == NULL)
		abort();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ok(nc_spool_open(&s, dir, 64 << 10, 0) == 0, "small spool");
	for (i = 1; i <= 1000; i++) {
		memset(rec, (int)(uint8_t)i, sizeof rec);
		dropped += nc_spool_append(&s, rec, sizeof rec) == 1;
	}
	ok(s.size + 2 <= s.max && nc_spool_append(&s, rec, 1) == 1,
	    "after a drop, a record that would still fit is dropped too");
	dropped++;
	ok(dropped > 300 && nc_spool_dropped(&s) == (uint64_t)dropped &&
	    nc_spool_full_news(&s) == 1 && nc_spool_full_news(&s) == 0,
	    "newest dropped and counted (%d), the news told once", dropped);
	nc_spool_flush(&s);
	n = drain(&s, 1, &first, &last);
	ok(first == 1 && n == 1001 - dropped, "the oldest kept");
	nc_spool_close(&s);
	if (system(cmd) != 0 || mkdtemp(strcpy(dir, TMPL)) == NULL)
		abort();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ok(nc_spool_open(&s, dir, 64 << 10, 1) == 0, "small spool, drop oldest");
	for (i = 1; i <= 1000; i++) {
		memset(rec, (int)(uint8_t)i, sizeof rec);
		nc_spool_append(&s, rec, sizeof rec);
	}
	nc_spool_flush(&s);
	n = drain(&s, 1, &first, &last);
	ok(last == 1000 && first > 1 && n == (int)(1001 - first) &&
	    nc_spool_dropped(&s) == first - 1 && s.size <= 64 << 10,
	    "the newest kept, %llu dropped", (unsigned long long)(first - 1));
	nc_spool_close(&s);
	if (system(cmd) != 0)
		abort();
}

int
main(void)
{
	test_wire();
	test_pins();
	test_spool();
	return tap_done();
}
