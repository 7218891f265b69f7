/* Unit tests for lib/filter/: what each operator and value kind does at
 * its edges (signs, widths, prefixes, NULs, unset optional fields,
 * repeated fields), the per-type verdicts that let nc-filter skip records
 * unread, the packet number peek of -p, and compile errors. */
#include <stdlib.h>
#include <string.h>

#include "filter/filter.h"
#include "filter/select.h"
#include "registry.h"
#include "tap.h"

static struct nc_filter_error err;

static int
m(const char *expr, int type, const void *msg)
{
	struct nc_filter *f = nc_filter_compile(expr, &err);
	int r;

	if (f == NULL) {
		printf("# %s: column %d: %s\n", expr, err.col, err.msg);
		return -1;
	}
	r = nc_filter_match(f, nc_type_by_id(type), msg);
	nc_filter_free(f);
	return r;
}

static int
verdict(const char *expr, int type)
{
	struct nc_filter *f = nc_filter_compile(expr, &err);
	int v;

	if (f == NULL)
		return -1;
	v = nc_filter_verdict(f, type);
	nc_filter_free(f);
	return v;
}

/* The error text for expr, "" if it compiled. */
static const char *
bad(const char *expr, int *col)
{
	struct nc_filter *f = nc_filter_compile(expr, &err);

	if (f != NULL) {
		nc_filter_free(f);
		return "";
	}
	*col = err.col;
	return err.msg;
}

static void
numbers(void)
{
	Netcap__TCP t = NETCAP__TCP__INIT;
	Netcap__NTP n = NETCAP__NTP__INIT;
	uint32_t sack[] = { 7, 9 };

	t.dst_port = 80;
	t.flow = UINT64_MAX;
	t.ts = -5;
	t.payload_entropy = 7.25;
	t.n_sack = 2;
	t.sack = sack;
	ok(m("dst_port == 80", 11, &t) == 1, "== on uint32");
	ok(m("dst_port == 0x50", 11, &t) == 1, "hexadecimal");
	ok(m("dst_port > -1", 11, &t) == 1, "an unsigned field is above every negative");
	ok(m("dst_port == -80", 11, &t) == 0, "and never equal to one");
	ok(m("flow == 0xffffffffffffffff", 11, &t) == 1, "all 64 bits of an unsigned field");
	ok(m("flow > 9223372036854775807", 11, &t) == 1, "above INT64_MAX");
	ok(m("ts == -5", 11, &t) == 1, "a negative int64");
	ok(m("ts > -9223372036854775808", 11, &t) == 1, "INT64_MIN as a literal");
	ok(m("ts < 1", 11, &t) == 1, "signed below an unsigned literal");
	ok(m("payload_entropy > 7.2 and payload_entropy < 7.3", 11, &t) == 1, "doubles");
	ok(m("payload_entropy == 7.25", 11, &t) == 1, "a double equal");
	ok(m("dst_port < 80.5", 11, &t) == 1, "an integer field against a fraction");
	ok(m("sack == 9", 11, &t) == 1, "any element of a repeated field");
	ok(m("sack != 7", 11, &t) == 1, "!= on a repeated field: some element differs");
	ok(m("not sack == 8", 11, &t) == 1, "not ==: no element equals");
	ok(m("sack in {}", 11, &t) == 0, "the empty set");
	ok(m("mss == 0", 11, &t) == 0, "an unset optional field has no value");
	ok(m("mss != 0", 11, &t) == 0, "not even for !=");
	ok(m("not mss", 11, &t) == 1, "and is not set");
	t._mss_case = NETCAP__TCP___MSS_MSS;
	t.mss = 0;
	ok(m("mss == 0", 11, &t) == 1, "a set optional field holding 0");
	n.precision = -22;
	ok(m("precision == -22 and precision < -21 and precision >= -22", 21, &n) == 1,
	    "int32 negatives");
	ok(m("precision in {1, -22}", 21, &n) == 1, "a set with a negative");
	ok(m("response == false and not response", 21, &n) == 1, "booleans");
	ok(m("response == 0", 21, &n) == 1, "a boolean against 0");
}

static void
addresses(void)
{
	Netcap__TCP t = NETCAP__TCP__INIT;
	Netcap__Ethernet e = NETCAP__ETHERNET__INIT;
	uint8_t v4[] = { 10, 1, 2, 3 };
	uint8_t v6[16] = { 0xfe, 0x80, [15] = 1 };
	uint8_t mac[] = { 0, 0x0c, 0x29, 0xbd, 0x6f, 1 };

	t.src_ip.data = v4;
	t.src_ip.len = 4;
	t.dst_ip.data = v6;
	t.dst_ip.len = 16;
	ok(m("src_ip == 10.1.2.3", 11, &t) == 1, "IPv4 ==");
	ok(m("src_ip in 10.0.0.0/8", 11, &t) == 1, "a /8");
	ok(m("src_ip in 10.1.2.2/31", 11, &t) == 1, "a /31");
	ok(m("src_ip in 10.1.2.4/31", 11, &t) == 0, "the next /31");
	ok(m("src_ip in 10.1.2.0/23", 11, &t) == 1, "a prefix ending inside a byte");
	ok(m("src_ip in 10.1.4.0/23", 11, &t) == 0, "and the next one");
	ok(m("src_ip in 0.0.0.0/0", 11, &t) == 1, "/0 holds every IPv4 address");
	ok(m("src_ip in ::/0", 11, &t) == 0, "but ::/0 none of them");
	ok(m("src_ip in 10.99.99.99/8", 11, &t) == 1, "host bits of a prefix are ignored");
	ok(m("src_ip in {192.0.2.0/24, 10.1.2.3}", 11, &t) == 1, "a set of a prefix and an address");
	ok(m("dst_ip == fe80::1", 11, &t) == 1, "IPv6 ==");
	ok(m("dst_ip in fe80::/10", 11, &t) == 1, "an IPv6 prefix");
	ok(m("dst_ip != 10.1.2.3", 11, &t) == 1, "IPv6 is != every IPv4 address");
	ok(m("dst_ip > 10.1.2.3 or dst_ip < 10.1.2.3", 11, &t) == 0, "and not ordered with one");
	ok(m("src_ip > 10.1.2.2 and src_ip < 10.1.2.4", 11, &t) == 1, "addresses ordered");
	e.src_mac.data = mac;
	e.src_mac.len = 6;
	ok(m("src_mac == 00:0c:29:bd:6f:01", 2, &e) == 1, "MAC");
	ok(m("src_mac == 00-0C-29-BD-6F-01", 2, &e) == 1, "MAC with dashes, upper case");
	ok(m("src_mac != 00:0c:29:bd:6f:02", 2, &e) == 1, "MAC !=");
}

static void
strings(void)
{
	Netcap__Syslog s = NETCAP__SYSLOG__INIT;
	Netcap__DNS d = NETCAP__DNS__INIT;
	static const uint8_t msg[] = "login\0 failed for Root";
	Netcap__DNSQuestion q1 = NETCAP__DNSQUESTION__INIT,
	    q2 = NETCAP__DNSQUESTION__INIT, *qs[] = { &q1, &q2 };

	s.message.data = (uint8_t *)msg;
	s.message.len = sizeof msg - 1;
	ok(m("message contains \"failed\"", 24, &s) == 1, "contains past a NUL");
	ok(m("message contains \"n\\0 f\"", 24, &s) == 1, "contains a NUL");
	ok(m("message contains 'n\\x00 f'", 24, &s) == 1, "\\x00 and single quotes");
	ok(m("message icontains \"ROOT\"", 24, &s) == 1, "icontains");
	ok(m("message contains \"ROOT\"", 24, &s) == 0, "contains is exact");
	ok(m("message ~ \"for R[a-z]+$\"", 24, &s) == 1, "a regex reaches past a NUL");
	ok(m("message ~ \"^login\"", 24, &s) == 1, "anchored at the start");
	ok(m("message ~* \"ROOT$\"", 24, &s) == 1, "~* ignores case");
	ok(m("message ~ \"ROOT$\"", 24, &s) == 0, "~ does not");
	ok(m("message == \"login\"", 24, &s) == 0, "== is the whole value");
	ok(m("message > \"login\"", 24, &s) == 1, "a longer value sorts after its prefix");
	ok(m("message", 24, &s) == 1, "a non-empty field alone");
	ok(m("hostname", 24, &s) == 0, "an empty one");
	q1.name = "a.example";
	q2.name = "www.google.com";
	d.n_questions = 2;
	d.questions = qs;
	d.flavour = "mDNS";
	ok(m("questions.name ~ \"\\.google\\.com$\"", 17, &d) == 1,
	    "a nested repeated string, \\. kept for the regex");
	ok(m("questions.name == \"a.example\"", 17, &d) == 1, "the first element");
	ok(m("questions.name in {\"x\", \"www.google.com\"}", 17, &d) == 1, "a set of strings");
	ok(m("questions", 17, &d) == 1, "a repeated message alone");
	ok(m("answers", 17, &d) == 0, "an empty one");
	ok(m("flavour == \"mDNS\" && !(flavour != \"mDNS\") || false_field", 17, &d) == -1,
	    "a name no type has is an error");
	ok(m("flavour == \"mDNS\" && !(flavour != \"mDNS\")", 17, &d) == 1, "&& ! ()");
}

static void
verdicts(void)
{
	ok(verdict("TCP and dst_port == 80", 11) == NC_FILTER_LOOK, "TCP is looked at");
	ok(verdict("TCP and dst_port == 80", 12) == NC_FILTER_NEVER, "UDP never matches");
	ok(verdict("TCP and dst_port == 80", 1) == NC_FILTER_NEVER, "nor a Header");
	ok(verdict("not TCP", 11) == NC_FILTER_NEVER, "not TCP: TCP never");
	ok(verdict("not TCP", 12) == NC_FILTER_ALWAYS, "not TCP: UDP always");
	ok(verdict("DNS or src_port == 1", 17) == NC_FILTER_ALWAYS, "or with a true type");
	ok(verdict("DNS or src_port == 1", 4) == NC_FILTER_NEVER, "ARP has no src_port");
	ok(verdict("not src_port == 1", 4) == NC_FILTER_ALWAYS, "so not src_port == 1 always holds for it");
	ok(verdict("src_port == 1", 200) == NC_FILTER_NEVER, "an unknown type id");
	ok(verdict("not DNS", 200) == NC_FILTER_ALWAYS, "not DNS holds for it");
	ok(verdict("src_ip == 10.0.0.1", 4) == NC_FILTER_LOOK, "ARP has a src_ip");
	ok(verdict("src_ip == \"x\" or TCP", 11) == NC_FILTER_ALWAYS, "or: one true side decides");
	ok(verdict("payload_entropy > 1 and TCP and UDP", 11) == NC_FILTER_NEVER, "and: one false side decides");
}

static void
errors(void)
{
	char deep[200];
	int col = 0;

	ok(strcmp(bad("dst_prot == 1", &col), "no record type has a field "
	    "`dst_prot`: did you mean `dst_port`?") == 0 && col == 1, "suggestion");
	ok(strcmp(bad("TCP and (dst_port == 1", &col),
	    "expected `)` or an operator, found the end") == 0 && col == 23, "unclosed");
	ok(strcmp(bad("src_ip == 1.2.3", &col), "`1.2.3` is not a number") == 0 &&
	    col == 11, "not an address");
	ok(strcmp(bad("src_ip == 1::2::3", &col),
	    "`1::2::3` is not an IPv6 or MAC address") == 0, "bad IPv6");
	ok(strcmp(bad("dst_port == 1.5e999", &col), "`1.5e999` is not a number") == 0,
	    "a float out of range");
	ok(strcmp(bad("dst_port == inf", &col), "no record type has a field "
	    "`dst_port` that can be compared with a name") == 0, "inf is no number");
	ok(strcmp(bad("questions == 1", &col), "no record type has a field "
	    "`questions` that can be compared with an integer") == 0, "a message compared");
	ok(strcmp(bad("flavour ~ \"\\\\(a\\\\)\\\\1\"", &col), "") != 0, "a back-reference");
	ok(strcmp(bad("not", &col), "expected a record type, a field or `(`, "
	    "found the end") == 0 && col == 4, "not alone");
	ok(strcmp(bad("and", &col), "expected a record type, a field or `(`, "
	    "found `and`") == 0 && col == 1, "a keyword as a field");
	ok(strcmp(bad("tcp", &col), "no record type has a field `tcp`: did you "
	    "mean `TCP`?") == 0,
	    "type names are spelt as the registry has them");
	memset(deep, '(', 64);
	strcpy(deep + 64, "TCP");
	memset(deep + 67, ')', 64);
	deep[131] = '\0';
	ok(strcmp(bad(deep, &col), "") == 0, "64 levels of parentheses");
	memmove(deep + 1, deep, 132);
	deep[0] = '(';
	strcat(deep, ")");
	ok(strcmp(bad(deep, &col), "nested deeper than 64") == 0 && col == 65, "65 levels");
}

static void
peek(void)
{
	/* ts (sfixed64, field 1), packet (varint, field 2) = 300 */
	static const uint8_t body[] = { 0x09, 1, 2, 3, 4, 5, 6, 7, 8, 0x10,
	    0xac, 0x02, 0x1a, 0x01, 0xff };
	static const uint8_t trunc[] = { 0x09, 1, 2, 3, 4, 5, 6, 7, 8, 0x10,
	    0xac };
	static const uint8_t longlen[] = { 0x0a, 0x7f, 0x10, 0x01 };
	static const uint8_t endless[] = { 0x10, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 };

	ok(nc_select_peek_uint(body, sizeof body, 2) == 300, "the packet number");
	ok(nc_select_peek_uint(body, sizeof body, 4) == 0, "a field past the last");
	ok(nc_select_peek_uint(trunc, sizeof trunc, 2) == 0, "a truncated varint");
	ok(nc_select_peek_uint(longlen, sizeof longlen, 2) == 0, "a length past the end");
	ok(nc_select_peek_uint(endless, sizeof endless, 2) == 0, "a varint of 12 bytes");
	ok(nc_select_peek_uint(NULL, 0, 2) == 0, "an empty body");
}

int
main(void)
{
	numbers();
	addresses();
	strings();
	verdicts();
	errors();
	peek();
	return tap_done();
}
