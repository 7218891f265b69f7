/* Unit tests for lib/budget.c: the -B syntax, each limit, that the
 * reckoning never comes in under what protobuf-c really allocates, and the
 * reader's message for a record over budget. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "budget.h"
#include "registry.h"
#include "stream.h"
#include "netcap.pb-c.h"
#include "tap.h"

/* Record bodies made of one wire item repeated. */
static size_t
repeat(uint8_t *buf, size_t cap, const uint8_t *item, size_t n, size_t count)
{
	size_t len = 0;

	while (count-- > 0 && len + n <= cap) {
		memcpy(buf + len, item, n);
		len += n;
	}
	return len;
}

static void
test_parse(void)
{
	struct nc_budget b = NC_BUDGET_DEFAULT;
	const char *bad;

	ok(nc_budget_parse(&b, "size=8m", &bad) == 0 && b.size == 8u << 20 &&
	    b.elements == 1u << 20 && b.depth == 16,
	    "-B size=8m sets the size and keeps the rest");
	ok(nc_budget_parse(&b, "elements=10,depth=2,size=1k", &bad) == 0 &&
	    b.elements == 10 && b.depth == 2 && b.size == 1024,
	    "-B sets several limits");
	ok(nc_budget_parse(&b, "size=1g", &bad) == 0 && b.size == 1u << 30,
	    "g is 2^30");
	ok(nc_budget_parse(&b, "depth=3,size=", &bad) < 0 &&
	    strcmp(bad, "size=") == 0 && b.depth == 2,
	    "an empty number is refused, nothing is changed, the bad part named");
	ok(nc_budget_parse(&b, "colour=3", &bad) < 0, "an unknown name is refused");
	ok(nc_budget_parse(&b, "size=-1", &bad) < 0, "a negative number is refused");
	ok(nc_budget_parse(&b, "size=4t", &bad) < 0, "an unknown suffix is refused");
	ok(nc_budget_parse(&b, "size=99999999999999999999", &bad) < 0,
	    "a number past 2^40 is refused");
	ok(nc_budget_parse(&b, "size=1025g", &bad) < 0,
	    "a suffixed number past 2^40 is refused");
	ok(nc_budget_parse(&b, "", &bad) < 0 && nc_budget_parse(&b, "size=1,",
	    &bad) < 0, "empty lists and items are refused");
}

static void
test_limits(void)
{
	static const uint8_t answer[] = { 26 << 3 | 2 | 0x80, 1, 0 };
	static const uint8_t opt[] = {
		26 << 3 | 2 | 0x80, 1, 3, (20 << 3 | 2) | 0x80, 1, 0,
	};
	const struct nc_type *dns = nc_type_by_id(NETCAP__RECORD__RECORD_DNS);
	struct nc_budget b = NC_BUDGET_DEFAULT;
	uint8_t buf[64];
	size_t n;

	n = repeat(buf, sizeof buf, answer, sizeof answer, 3);
	ok(nc_budget_check(&b, dns, buf, n) == NC_BUDGET_OK,
	    "3 answers fit the default budget");
	b.elements = 3;
	ok(nc_budget_check(&b, dns, buf, n) == NC_BUDGET_OK,
	    "3 answers fit elements=3");
	b.elements = 2;
	ok(nc_budget_check(&b, dns, buf, n) == NC_BUDGET_ELEMENTS,
	    "3 answers go over elements=2");
	b = (struct nc_budget)NC_BUDGET_DEFAULT;
	b.size = 300;
	ok(nc_budget_check(&b, dns, buf, n) == NC_BUDGET_SIZE,
	    "3 answers go over size=300");
	b = (struct nc_budget)NC_BUDGET_DEFAULT;
	n = repeat(buf, sizeof buf, opt, sizeof opt, 1);
	b.depth = 2;
	ok(nc_budget_check(&b, dns, buf, n) == NC_BUDGET_OK,
	    "an answer's option is 2 deep: fits depth=2");
	b.depth = 1;
	ok(nc_budget_check(&b, dns, buf, n) == NC_BUDGET_DEPTH,
	    "an answer's option goes over depth=1");
	b.depth = 0;
	n = repeat(buf, sizeof buf, answer, sizeof answer, 1);
	ok(nc_budget_check(&b, dns, buf, n) == NC_BUDGET_DEPTH,
	    "an answer goes over depth=0");
	ok(nc_budget_check(&b, dns, buf, 0) == NC_BUDGET_OK,
	    "an empty record fits depth=0");
}

/* Adds up what protobuf-c asks for, rounded as the reader's arena does. */
static size_t counted;

static void *
count_alloc(void *data, size_t size)
{
	(void)data;
	counted += (size + 15) & ~(size_t)15;
	return malloc(size);
}

static void
count_free(void *data, void *p)
{
	(void)data;
	free(p);
}

/* For each hostile shape the reckoning must be at least what protobuf-c
 * allocates: a budget one byte under the real cost is gone over. */
static void
test_reckoning(void)
{
	static const struct {
		const char *what;
		int type;
		uint8_t item[8];
		size_t n;
	} shapes[] = {
		{ "empty answers", NETCAP__RECORD__RECORD_DNS,
		    { 26 << 3 | 2 | 0x80, 1, 0 }, 3 },
		{ "answers with an option", NETCAP__RECORD__RECORD_DNS,
		    { 26 << 3 | 2 | 0x80, 1, 3, (20 << 3 | 2) | 0x80, 1, 0 },
		    6 },
		{ "unpacked sack", NETCAP__RECORD__RECORD_TCP,
		    { 17 << 3 | 0x80, 1, 0 }, 3 },
		{ "packed option kinds", NETCAP__RECORD__RECORD_TCP,
		    { (20 << 3 | 2) | 0x80, 1, 3, 1, 2, 3 }, 6 },
		{ "empty strings", NETCAP__RECORD__RECORD_SIP,
		    { (24 << 3 | 2) | 0x80, 1, 0 }, 3 },
		{ "unknown fields", NETCAP__RECORD__RECORD_DNS,
		    { 0xf8, 0x7f, 0 }, 3 },
		{ "a singular field again and again",
		    NETCAP__RECORD__RECORD_DNS, { 10 << 3, 0 }, 2 },
		{ "a string 5 bytes long", NETCAP__RECORD__RECORD_UNDECODED,
		    { 5 << 3 | 2, 5, 'a', 'b', 'c', 'd', 'e' }, 7 },
		{ "nested damage", NETCAP__RECORD__RECORD_DNS,
		    { 26 << 3 | 2 | 0x80, 1, 2, (20 << 3 | 2) | 0x80, 1 }, 5 },
	};
	static const size_t counts[] = { 1, 7, 100, 1000 };
	ProtobufCAllocator a = { count_alloc, count_free, NULL };
	struct nc_budget b = { 1u << 30, 16, 0 };
	static uint8_t buf[8192];
	ProtobufCMessage *m;
	const struct nc_type *t;
	size_t i, j, n;
	int bad;

	for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
		bad = 0;
		t = nc_type_by_id(shapes[i].type);
		for (j = 0; j < sizeof counts / sizeof counts[0]; j++) {
			n = repeat(buf, sizeof buf, shapes[i].item,
			    shapes[i].n, counts[j]);
			counted = 0;
			m = protobuf_c_message_unpack(t->desc, &a, n, buf);
			if (m != NULL)
				protobuf_c_message_free_unpacked(m, &a);
			if (counted == 0)
				continue;
			b.size = counted - 1;
			if (nc_budget_check(&b, t, buf, n) != NC_BUDGET_SIZE)
				bad++;
		}
		ok(bad == 0, "%s: the reckoning covers protobuf-c's "
		    "allocations", shapes[i].what);
	}
}

/* The reader refuses the record with one line naming the limit and the
 * frame's offset, and unpacks the next stream's records again. */
static void
test_reader(void)
{
	static const uint8_t hdr[] = { 2, 0x0a, 0 };
	static const uint8_t answer[] = { 26 << 3 | 2 | 0x80, 1, 0 };
	char path[] = "/tmp/nc-test-budget.XXXXXX";
	struct nc_budget b = NC_BUDGET_DEFAULT;
	struct nc_reader *r;
	struct nc_frame f;
	uint8_t buf[256];
	size_t n, len;
	const char *e;
	int fd;

	memcpy(buf, hdr, sizeof hdr);
	len = sizeof hdr;
	n = repeat(buf + len + 4, sizeof buf - len - 4, answer, sizeof answer, 20);
	buf[len++] = (uint8_t)(n + 3);
	buf[len++] = (NETCAP__RECORD__RECORD_DNS << 3 | 2) | 0x80;
	buf[len++] = (NETCAP__RECORD__RECORD_DNS << 3 | 2) >> 7;
	buf[len++] = (uint8_t)n;
	len += n;
	if ((fd = mkstemp(path)) < 0 || write(fd, buf, len) != (ssize_t)len)
		abort();
	close(fd);

	r = nc_reader_open(path);
	ok(nc_reader_next(r, &f) == 1 && nc_reader_next(r, &f) == 1 &&
	    nc_reader_unpack(r, &f) != NULL, "20 answers unpack by default");
	nc_reader_close(r);

	r = nc_reader_open(path);
	b.elements = 19;
	nc_reader_set_budget(r, &b);
	nc_reader_next(r, &f);
	nc_reader_next(r, &f);
	ok(nc_reader_unpack(r, &f) == NULL, "20 answers: refused with elements=19");
	e = nc_reader_error(r);
	ok(e != NULL && strstr(e, ": byte 3: DNS record has more than 19 "
	    "repeated elements, the budget (-B elements=N raises it)") != NULL,
	    "the error names the offset and the limit: %s", e ? e : "(none)");
	ok(nc_reader_next(r, &f) == -1, "and the reader stops there");
	nc_reader_close(r);
	unlink(path);
}

int
main(void)
{
	test_parse();
	test_limits();
	test_reckoning();
	test_reader();
	return tap_done();
}
