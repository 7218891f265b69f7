/* Unit tests for lib/walk.c and lib/render.c: every rendering rule of
 * walk.h, checked exactly on records that went through the writer and the
 * reader, and dotted path resolution. */
#include <arpa/inet.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "names.h"
#include "registry.h"
#include "stream.h"
#include "walk.h"
#include "tap.h"

#define TS0 1258531221486539000LL

static struct nc_reader *rd;
static struct nc_buf out;

/* Writes a Header and m to a file, reads m back: the rendering tests see
 * what a sink sees, memory owned by the reader. */
static const ProtobufCMessage *
trip(int type, const void *m)
{
	static char path[] = "/tmp/nc-test-walk.XXXXXX";
	static char name[sizeof path];
	Netcap__Header h = NETCAP__HEADER__INIT;
	struct nc_writer *w;
	struct nc_frame f;
	const ProtobufCMessage *back;
	int fd;

	nc_reader_close(rd);
	memcpy(name, path, sizeof path);
	if ((fd = mkstemp(name)) < 0 || (w = nc_writer_open(fd)) == NULL)
		abort();
	h.version = NC_FORMAT_VERSION;
	if (nc_writer_put(w, NETCAP__RECORD__RECORD_HEADER, &h.base) < 0 ||
	    nc_writer_put(w, type, m) < 0 || nc_writer_close(w) < 0)
		abort();
	close(fd);
	rd = nc_reader_open(name);
	unlink(name);
	if (rd == NULL || nc_reader_next(rd, &f) != 1 ||
	    nc_reader_next(rd, &f) != 1 ||
	    (back = nc_reader_unpack(rd, &f)) == NULL)
		abort();
	return back;
}

/* Renders the named columns of m as CSV (TSV with tsv), without the
 * newline. */
static const char *
table(const ProtobufCMessage *m, const char *cols, int tfmt, int tsv)
{
	struct nc_cols c;
	const char *bad;
	size_t badlen;

	if (nc_cols_parse(m->descriptor, cols, &c, &bad, &badlen) < 0)
		return "(bad columns)";
	c.tsv = tsv;
	out.len = 0;
	nc_walk_csv(m, &c, tfmt, &out);
	nc_cols_free(&c);
	out.p[--out.len] = '\0';
	return out.p;
}

static const char *
csv(const ProtobufCMessage *m, const char *cols, int tfmt)
{
	return table(m, cols, tfmt, 0);
}

static const char *
tsv(const ProtobufCMessage *m, const char *cols)
{
	return table(m, cols, NC_TIME_EPOCH, 1);
}

static const char *
json(const ProtobufCMessage *m, const char *type, int tfmt)
{
	out.len = 0;
	nc_walk_json(m, type, tfmt, &out);
	out.p[--out.len] = '\0';
	return out.p;
}

static const char *
summary(const ProtobufCMessage *m, const char *type, int tfmt)
{
	out.len = 0;
	nc_walk_summary(m, type, tfmt, &out);
	out.p[--out.len] = '\0';
	return out.p;
}

/* The -v line: these tests check every field's rendering, which the
 * tcpdump-like lines of hinted types leave out. */
static const char *
summary_v(const ProtobufCMessage *m, const char *type, int tfmt)
{
	out.len = 0;
	nc_walk_summary_all(m, type, tfmt, &out);
	out.p[--out.len] = '\0';
	return out.p;
}

static int
same(const char *got, const char *want)
{
	if (strcmp(got, want) == 0)
		return 1;
	printf("# got:  %s\n# want: %s\n", got, want);
	return 0;
}

static ProtobufCBinaryData
bin(const void *p, size_t n)
{
	ProtobufCBinaryData b = { n, (uint8_t *)(uintptr_t)p };

	return b;
}

static const uint8_t v4a[] = { 10, 0, 0, 1 }, v4b[] = { 192, 168, 1, 200 };
static const uint8_t v6a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t v6m[16] = { [10] = 0xff, [11] = 0xff, 1, 2, 3, 4 };
static const uint8_t mac[] = { 0x00, 0x1b, 0x21, 0xaa, 0xbb, 0xcc };
static const uint8_t three[] = { 0xde, 0xad, 0x01 };

static const char *
time_text(int64_t ns, int fmt)
{
	out.len = 0;
	nc_fmt_time(&out, ns, fmt);
	nc_buf_putc(&out, '\0');
	return out.p;
}

static const char *
dbl(double d)
{
	out.len = 0;
	nc_fmt_double(&out, d);
	nc_buf_putc(&out, '\0');
	return out.p;
}

static void
test_times(void)
{
	Netcap__Header h = NETCAP__HEADER__INIT;
	Netcap__TCP t = NETCAP__TCP__INIT;
	const ProtobufCMessage *m;

	t.ts = TS0;
	m = trip(NETCAP__RECORD__RECORD_TCP, &t);
	ok(same(csv(m, "ts", NC_TIME_EPOCH), "1258531221.486539000"),
	    "ts as epoch seconds with 9 decimals");
	ok(same(csv(m, "ts", NC_TIME_ISO), "2009-11-18T08:00:21.486539000Z"),
	    "ts as RFC 3339 with -T iso");
	ok(same(time_text(0, NC_TIME_EPOCH), "0.000000000") &&
	    same(time_text(0, NC_TIME_ISO), "1970-01-01T00:00:00.000000000Z"),
	    "ts 0 is the epoch");
	ok(same(time_text(-1, NC_TIME_EPOCH), "-0.000000001") &&
	    same(time_text(-1, NC_TIME_ISO), "1969-12-31T23:59:59.999999999Z"),
	    "negative ts counts back from 1970");
	ok(same(time_text(INT64_MIN, NC_TIME_EPOCH), "-9223372036.854775808") &&
	    same(time_text(INT64_MIN, NC_TIME_ISO),
	    "1677-09-21T00:12:43.145224192Z"), "INT64_MIN ts");
	ok(same(time_text(INT64_MAX, NC_TIME_EPOCH), "9223372036.854775807") &&
	    same(time_text(INT64_MAX, NC_TIME_ISO),
	    "2262-04-11T23:47:16.854775807Z"), "INT64_MAX ts");
	ok(strncmp(json(m, "TCP", NC_TIME_ISO),
	    "{\"type\":\"TCP\",\"ts\":\"2009-11-18T08:00:21.486539000Z\",", 52)
	    == 0, "ts is a JSON string with -T iso");
	/* A double holds no ns count since 1970: jq and pandas would
	 * round a number. */
	ok(strncmp(json(m, "TCP", NC_TIME_EPOCH),
	    "{\"type\":\"TCP\",\"ts\":\"1258531221.486539000\",\"packet\":0,",
	    53) == 0, "ts is a JSON string of epoch seconds with -T epoch");

	m = trip(NETCAP__RECORD__RECORD_HEADER, &h);
	ok(same(csv(m, "created,version", NC_TIME_EPOCH), ",0"),
	    "Header.created 0 renders empty in CSV");
	ok(strstr(json(m, "Header", NC_TIME_EPOCH), "\"created\":null,")
	    != NULL,
	    "Header.created 0 is null in JSON");
	ok(same(summary(m, "Header", NC_TIME_ISO), "HEADER"),
	    "a Header with nothing set is a bare HEADER line");
	h.created = TS0;
	h.source = "eth0";
	h.version = 1;
	m = trip(NETCAP__RECORD__RECORD_HEADER, &h);
	ok(same(csv(m, "created", NC_TIME_ISO),
	    "2009-11-18T08:00:21.486539000Z"),
	    "Header.created set renders as a time");
	ok(same(summary(m, "Header", NC_TIME_EPOCH),
	    "HEADER version=1 created=1258531221.486539000 source=eth0"),
	    "Header summary line");
}

static void
test_addresses(void)
{
	Netcap__ARP a = NETCAP__ARP__INIT;
	Netcap__TCP t = NETCAP__TCP__INIT;
	Netcap__IPv6Routing r = NETCAP__IPV6_ROUTING__INIT;
	ProtobufCBinaryData list[3];
	const ProtobufCMessage *m;

	t.src_ip = bin(v4a, 4);
	t.dst_ip = bin(v6a, 16);
	m = trip(NETCAP__RECORD__RECORD_TCP, &t);
	ok(same(csv(m, "src_ip,dst_ip", 0), "10.0.0.1,2001:db8::1"),
	    "_ip bytes of 4 and 16 render as IPv4 and IPv6");
	t.src_ip = bin(three, 3);
	t.dst_ip = bin(v6m, 16);
	m = trip(NETCAP__RECORD__RECORD_TCP, &t);
	ok(same(csv(m, "src_ip,dst_ip", 0), "dead01,::ffff:1.2.3.4"),
	    "_ip of another length is hex; v4-mapped IPv6 per inet_ntop");
	ok(strstr(json(m, "TCP", 0), "\"src_ip\":\"dead01\",\"dst_ip\":"
	    "\"::ffff:1.2.3.4\"") != NULL, "addresses are JSON strings");
	t.src_ip = bin(NULL, 0);
	m = trip(NETCAP__RECORD__RECORD_TCP, &t);
	ok(same(csv(m, "src_ip,src_port", 0), ",0"), "empty _ip renders empty");

	a.src_hw = bin(mac, 6);
	a.dst_hw = bin(mac, 5);
	a.src_ip = bin(v4a, 4);
	a.dst_ip = bin(v4b, 4);
	m = trip(NETCAP__RECORD__RECORD_ARP, &a);
	ok(same(csv(m, "src_hw,dst_hw", 0), "00:1b:21:aa:bb:cc,001b21aabb"),
	    "_hw of 6 bytes is a MAC, else hex");

	list[0] = bin(v6a, 16);
	list[1] = bin(v4b, 4);
	list[2] = bin(three, 3);
	r.n_addresses_ip = 3;
	r.addresses_ip = list;
	m = trip(NETCAP__RECORD__RECORD_IPV6_ROUTING, &r);
	ok(same(csv(m, "addresses_ip", 0), "2001:db8::1;192.168.1.200;dead01"),
	    "repeated _ip bytes joined by ;");
	ok(strstr(json(m, "IPv6Routing", 0),
	    "\"addresses_ip\":[\"2001:db8::1\","
	    "\"192.168.1.200\",\"dead01\"]") != NULL,
	    "repeated _ip bytes are a JSON array of strings");
}

static const char *
flags(uint32_t f)
{
	Netcap__TCP t = NETCAP__TCP__INIT;

	t.flags = f;
	return csv(trip(NETCAP__RECORD__RECORD_TCP, &t), "flags", 0);
}

static void
test_tcp(void)
{
	Netcap__TCP t = NETCAP__TCP__INIT;
	const ProtobufCMessage *m;
	static uint32_t kinds[] = { 2, 4, 8, 1, 3 };
	static const uint8_t pl[] = { 0, 1, 2, 0xff };
	const char *want, *got;

	ok(same(flags(0x12), "SA"), "flags SYN+ACK is SA");
	ok(same(flags(0x19), "FPA"), "flags FIN+PSH+ACK is FPA");
	ok(same(flags(0x02), "S") && same(flags(0x04), "R") &&
	    same(flags(0x10), "A") && same(flags(0x20), "U"),
	    "single flags S R A U");
	ok(same(flags(0x1ff), "FSRPAUECN"), "all nine flags in bit order");
	ok(same(flags(0xc2), "SEC"), "SYN+ECE+CWR is SEC");
	ok(same(flags(0), ""), "no flags is empty");
	ok(same(flags(0x204), "R+0x200"), "bits past NS follow in hex");

	t.ts = TS0;
	t.packet = 7;
	t.src_ip = bin(v4a, 4);
	t.dst_ip = bin(v4b, 4);
	t.src_port = 80;
	t.dst_port = 1234;
	t.seq = 4294967295u;
	t.flags = 0x12;
	t.window = 0;
	t.flow = 0xabcdef;
	t._mss_case = NETCAP__TCP___MSS_MSS;
	t.mss = 0;
	t.sack_permitted = 1;
	t.n_option_kinds = 5;
	t.option_kinds = kinds;
	t.payload_entropy = 2.0 / 3;
	t.payload = bin(pl, 4);
	m = trip(NETCAP__RECORD__RECORD_TCP, &t);
	ok(same(csv(m, "flow", 0), "0000000000abcdef"),
	    "flow is 16 hex digits");
	ok(same(csv(m, "seq,window,urgent", 0), "4294967295,0,0"),
	    "proto3 scalars render even when 0");
	ok(same(csv(m, "mss,window_scale,ts_val", 0), "0,,"),
	    "a set oneof member renders (even 0), unset ones are empty");
	ok(same(csv(m, "sack_permitted,sack,option_kinds", 0),
	    "true,,2;4;8;1;3"), "bools; repeated joined by ;");
	ok(same(csv(m, "payload,payload_entropy", 0), "000102ff,0.666667"),
	    "bytes as hex, doubles with 6 decimals");
	/* Fields added to TCP later come after these: compare the start. */
	want = "{\"type\":\"TCP\",\"ts\":\"1258531221.486539000\","
	    "\"packet\":7,\"src_ip\":\"10.0.0.1\",\"dst_ip\":\"192.168.1.200\","
	    "\"src_port\":80,\"dst_port\":1234,\"seq\":4294967295,\"ack\":0,"
	    "\"data_offset\":0,\"flags\":\"SA\",\"window\":0,\"checksum\":0,"
	    "\"urgent\":0,\"mss\":0,\"sack_permitted\":true,\"sack\":[],"
	    "\"option_kinds\":[2,4,8,1,3],\"payload_size\":0,"
	    "\"payload_entropy\":0.666667,\"flow\":\"0000000000abcdef\","
	    "\"payload\":\"000102ff\"";
	got = json(m, "TCP", 0);
	if (strncmp(got, want, strlen(want)) != 0)
		printf("# got:  %s\n# want: %s...\n", got, want);
	ok(strncmp(got, want, strlen(want)) == 0 && got[strlen(got) - 1] == '}',
	    "whole TCP record as JSON");
	ok(same(summary_v(m, "TCP", NC_TIME_ISO),
	    "2009-11-18T08:00:21.486539000Z 7 TCP 10.0.0.1:80 > "
	    "192.168.1.200:1234 seq=4294967295 flags=SA mss=0 "
	    "sack_permitted=true option_kinds=2;4;8;1;3 "
	    "payload_entropy=0.666667 payload=000102ff"),
	    "TCP summary: endpoints, zeros skipped, set oneof kept");
	t.src_ip = bin(v6a, 16);
	t.dst_ip = bin(v6m, 16);
	m = trip(NETCAP__RECORD__RECORD_TCP, &t);
	ok(strncmp(summary_v(m, "TCP", NC_TIME_EPOCH),
	    "1258531221.486539000 7 TCP [2001:db8::1]:80 > "
	    "[::ffff:1.2.3.4]:1234 seq=", 70) == 0,
	    "IPv6 endpoints as [addr]:port");
}

static void
test_scalars(void)
{
	Netcap__UDP u = NETCAP__UDP__INIT;
	Netcap__Dot1Q q = NETCAP__DOT1_Q__INIT;
	Netcap__Ethernet e = NETCAP__ETHERNET__INIT;
	Netcap__ICMPv4 i;
	static uint8_t big[40];
	const ProtobufCMessage *m;

	ok(same(dbl(0), "0") && same(dbl(7.5), "7.5") &&
	    same(dbl(1.0 / 3), "0.333333") && same(dbl(-2.25), "-2.25") &&
	    same(dbl(3.5849625007), "3.584963") && same(dbl(8), "8"),
	    "doubles: at most 6 decimals, zeros trimmed");
	ok(same(dbl(1e-7), "0") && same(dbl(-1e-7), "0") &&
	    same(dbl(0.0000005), "0.000001") && same(dbl(1e15),
	    "1000000000000000") && same(dbl(-1e20), "-100000000000000000000"),
	    "doubles: tiny round to 0 without sign, huge stay fixed point");
	ok(same(dbl(NAN), "nan") && same(dbl(INFINITY), "inf") &&
	    same(dbl(-INFINITY), "-inf"), "doubles: nan and inf");
	u.payload_entropy = NAN;
	m = trip(NETCAP__RECORD__RECORD_UDP, &u);
	ok(strstr(json(m, "UDP", 0), "\"payload_entropy\":null") != NULL,
	    "nan is null in JSON");

	q.drop_eligible = 0;
	m = trip(NETCAP__RECORD__RECORD_DOT1Q, &q);
	ok(same(csv(m, "drop_eligible", 0), "false"), "bool false");
	ok(strstr(json(m, "Dot1Q", 0), "\"drop_eligible\":false,") != NULL &&
	    strstr(json(m, "Dot1Q", 0), "\"type_\":0,") != NULL &&
	    strstr(json(m, "Dot1Q", 0), "\"type\":0") == NULL,
	    "JSON bool, and a field named type becomes type_");
	ok(same(summary(m, "Dot1Q", 0), "0.000000000 0 Dot1Q"),
	    "summary of an all-zero record has only its columns");

	e.src_mac = bin(mac, 6);
	e.dst_mac = bin(mac, 6);
	e.ethertype = 0x86dd;
	m = trip(NETCAP__RECORD__RECORD_ETHERNET, &e);
	ok(same(summary(m, "Ethernet", NC_TIME_ISO),
	    "1970-01-01T00:00:00.000000000Z 0 Ethernet 00:1b:21:aa:bb:cc > "
	    "00:1b:21:aa:bb:cc ethertype=0x86dd"), "MAC endpoints, an ethertype in "
	    "hex");

	netcap__icmpv4__init(&i);
	i.src_ip = bin(v4a, 4);
	i.dst_ip = bin(v4b, 4);
	i.type = 3;
	i._mtu_case = NETCAP__ICMPV4___MTU_MTU;
	i.mtu = 1400;
	m = trip(NETCAP__RECORD__RECORD_ICMPV4, &i);
	ok(same(csv(m, "type,id,seq,gateway_ip,mtu", 0), "3,,,,1400"),
	    "unset oneof members are empty CSV columns");
	ok(strstr(json(m, "ICMPv4", 0), "\"mtu\":1400,") != NULL &&
	    strstr(json(m, "ICMPv4", 0), "\"id\"") == NULL &&
	    strstr(json(m, "ICMPv4", 0), "\"seq\"") == NULL,
	    "unset oneof members are left out of JSON");
	ok(same(summary_v(m, "ICMPv4", 0), "0.000000000 0 ICMPv4 10.0.0.1 > "
	    "192.168.1.200 type_=3(unreachable) mtu=1400"),
	    "summary without ports, the type's name after its number");
	ok(strstr(json(m, "ICMPv4", 0), "\"type_\":3,\"type_name\":"
	    "\"unreachable\",\"code\":0,\"code_name\":\"net-unreachable\","
	    "\"checksum\":0,") != NULL,
	    "JSON: the number kept, FIELD_name after it, the code named by "
	    "its type");
	ok(same(csv(m, "type,type_name,code_name,checksum", 0),
	    "3,unreachable,net-unreachable,0"), "CSV: FIELD_name columns");
	i.type = 8;
	i.code = 7;
	m = trip(NETCAP__RECORD__RECORD_ICMPV4, &i);
	ok(strstr(json(m, "ICMPv4", 0), "\"code\":7,\"checksum\"") != NULL &&
	    same(csv(m, "type_name,code_name", 0), "echo-request,") &&
	    same(tsv(m, "code_name"), "-") &&
	    strstr(summary_v(m, "ICMPv4", 0), " code=7 ") != NULL,
	    "a value with no known name: no JSON key, an empty cell, the "
	    "number alone");

	u.payload_entropy = 0;
	u.payload = bin(big, sizeof big);
	m = trip(NETCAP__RECORD__RECORD_UDP, &u);
	ok(strstr(summary_v(m, "UDP", 0), " payload=" "0000000000000000"
	    "000000000000000000000000000000000000000000000000...") != NULL,
	    "summary shows 32 bytes of a long bytes field");
	u.payload = bin(three, 1);
	m = trip(NETCAP__RECORD__RECORD_UDP, &u);
	ok(strstr(json(m, "UDP", 0), "\"payload\":\"de\"") != NULL,
	    "JSON bytes in hex, as CSV: 1 byte");
	u.payload = bin(three, 2);
	m = trip(NETCAP__RECORD__RECORD_UDP, &u);
	ok(strstr(json(m, "UDP", 0), "\"payload\":\"dead\"") != NULL,
	    "JSON bytes in hex: 2 bytes");
	u.payload = bin(three, 3);
	m = trip(NETCAP__RECORD__RECORD_UDP, &u);
	ok(strstr(json(m, "UDP", 0), "\"payload\":\"dead01\"") != NULL,
	    "JSON bytes in hex: 3 bytes");
	u.payload = bin(three, 0);
	m = trip(NETCAP__RECORD__RECORD_UDP, &u);
	ok(strstr(json(m, "UDP", 0), "\"payload\":null,") != NULL,
	    "JSON: empty bytes (no presence in proto3) are null, not \"\"");
}

static void
test_nested(void)
{
	Netcap__IPv4 ip = NETCAP__IPV4__INIT;
	Netcap__IPv4Option o1 = NETCAP__IPV4_OPTION__INIT;
	Netcap__IPv4Option o2 = NETCAP__IPV4_OPTION__INIT, *opts[2];
	const ProtobufCMessage *m;

	o1.type = 148;
	o1.length = 4;
	o1.data = bin(three, 2);
	o2.type = 7;
	o2.length = 3;
	opts[0] = &o1;
	opts[1] = &o2;
	ip.n_options = 2;
	ip.options = opts;
	m = trip(NETCAP__RECORD__RECORD_IPV4, &ip);
	ok(same(csv(m, "options,padding", 0), "\"[{\"\"type\"\":148,"
	    "\"\"length\"\":4,\"\"data\"\":\"\"dead\"\"},{\"\"type\"\":7,"
	    "\"\"length\"\":3,\"\"data\"\":null}]\","),
	    "nested messages: the JSON nc-tojson writes, in one quoted cell");
	ok(same(tsv(m, "options,padding"), "[{\"type\":148,\"length\":4,"
	    "\"data\":\"dead\"},{\"type\":7,\"length\":3,\"data\":null}]\t"
	    "(empty)"), "TSV: the JSON as it is, an empty field (empty)");
	ok(strstr(json(m, "IPv4", 0), "\"options\":[{\"type\":148,\"length\":4,"
	    "\"data\":\"dead\"},{\"type\":7,\"length\":3,\"data\":null}],")
	    != NULL, "nested messages are JSON objects, type kept inside");
	ok(strstr(summary_v(m, "IPv4", 0), " options=148:4:dead;7:3:") != NULL,
	    "nested messages in the summary");
	ok(same(csv(m, "options.type,options.data", 0), "148;7,dead;"),
	    "dotted columns reach into repeated messages");
	ip.n_options = 0;
	m = trip(NETCAP__RECORD__RECORD_IPV4, &ip);
	ok(same(csv(m, "options,options.type", 0), ","),
	    "no options: empty columns");
	ok(strstr(json(m, "IPv4", 0), "\"options\":[],") != NULL,
	    "no options: empty JSON array");
}

/* DNS answers of which only some have an MX or a TXT: the lists of -f
 * paths through answers line up. */
static void
test_table_rules(void)
{
	Netcap__DNS d = NETCAP__DNS__INIT;
	Netcap__DNSResourceRecord a1 = NETCAP__DNSRESOURCE_RECORD__INIT;
	Netcap__DNSResourceRecord a2 = NETCAP__DNSRESOURCE_RECORD__INIT;
	Netcap__DNSResourceRecord a3 = NETCAP__DNSRESOURCE_RECORD__INIT;
	Netcap__DNSResourceRecord *ans[3] = { &a1, &a2, &a3 };
	Netcap__DNSMX mx = NETCAP__DNSMX__INIT;
	Netcap__Syslog sl = NETCAP__SYSLOG__INIT;
	char *txts[2] = { "v=1; a", "b\\c" };
	char n1[] = "a;b", n2[] = "-", n3[] = "(empty)", mxn[] = "mx\\1";
	const ProtobufCMessage *m;

	a1.name = n1;
	a2.name = n2;
	a3.name = n3;
	mx.preference = 10;
	mx.name = mxn;
	a2.mx = &mx;
	a3.n_txts = 2;
	a3.txts = txts;
	d.n_answers = 3;
	d.answers = ans;
	d.qd_count = 0;
	d.flavour = "";
	m = trip(NETCAP__RECORD__RECORD_DNS, &d);
	ok(same(csv(m, "answers.name,answers.mx.preference,answers.txts", 0),
	    "a\\x3bb;-;(empty),;10;,\"[];[];[\"\"v=1\\u003b a\"\",\"\"b\\\\c\"\"]\""),
	    "CSV -f: ; in text escaped, an absent MX an empty slot, a "
	    "repeated leaf JSON in its slot");
	ok(same(tsv(m, "answers.name,answers.mx.preference,answers.txts,"
	    "authorities.name,flavour,tcp_length"),
	    "a\\x3bb;\\x2d;\\x28empty)\t-;10;-\t[];[];[\"v=1\\\\u003b a\","
	    "\"b\\\\\\\\c\"]\t(empty)\t(empty)\t-"),
	    "TSV: - absent, (empty) for no element or no text, values that "
	    "read as either escaped, backslashes of JSON doubled");
	ok(strncmp(tsv(m, "answers"), "[{\"name\":\"a;b\",", 15) == 0,
	    "TSV: a repeated message is one JSON array");

	sl.message.data = (uint8_t *)"tab\there";
	sl.message.len = 8;
	m = trip(NETCAP__RECORD__RECORD_SYSLOG, &sl);
	ok(same(tsv(m, "message,hostname"), "tab\\there\t(empty)"),
	    "TSV: a tab in text is \\t");
}

static void
test_strings(void)
{
	Netcap__Undecoded u = NETCAP__UNDECODED__INIT;
	const ProtobufCMessage *m;

	u.layer = "plain";
	u.reason = "a,b \"q\"\nnext";
	m = trip(NETCAP__RECORD__RECORD_UNDECODED, &u);
	ok(same(csv(m, "layer,reason", 0),
	    "plain,\"a,b \"\"q\"\"\\nnext\""),
	    "CSV: quoted only when needed, quotes doubled, newline escaped");
	u.reason = "tab\there \x01\x1f\x7f \\ \"";
	m = trip(NETCAP__RECORD__RECORD_UNDECODED, &u);
	ok(strstr(json(m, "Undecoded", 0), "\"reason\":\"tab\\there "
	    "\\u0001\\u001f\\u007f \\\\ \\\"\"") != NULL,
	    "JSON escapes control characters, DEL, backslash and quote");
	ok(strstr(summary(m, "Undecoded", 0), " reason=\"tab\\there "
	    "\\x01\\x1f\\x7f \\\\ \\\"\"") != NULL,
	    "summary escapes controls and quotes text with spaces");
	ok(same(csv(m, "reason", 0), "\"tab\\there \\x01\\x1f\\x7f \\\\ "
	    "\"\"\""), "CSV escapes controls, DEL and the backslash");
	u.reason = "caf\xc3\xa9 \xff\xc0\x80\xed\xa0\x80 \xf0\x9f\x98\x80 "
	    "\xf4\x90\x80\x80 \xe2\x82";
	m = trip(NETCAP__RECORD__RECORD_UNDECODED, &u);
	ok(strstr(json(m, "Undecoded", 0), "\"reason\":\"caf\xc3\xa9 "
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd \xf0\x9f\x98\x80 \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd\"") != NULL,
	    "JSON: invalid UTF-8 (stray, overlong, surrogate, too high, cut) "
	    "becomes U+FFFD, valid kept");
	ok(same(csv(m, "reason", 0), "caf\xc3\xa9 \\xff\\xc0\\x80\\xed\\xa0"
	    "\\x80 \xf0\x9f\x98\x80 \\xf4\\x90\\x80\\x80 \\xe2\\x82"),
	    "CSV: each byte of invalid UTF-8 as \\xNN, valid kept");
	u.reason = "\x1b[31mred\xc2\x9b";
	m = trip(NETCAP__RECORD__RECORD_UNDECODED, &u);
	ok(same(summary(m, "Undecoded", 0),
	    "0.000000000 0 Undecoded layer=plain "
	    "reason=\\x1b[31mred\\xc2\\x9b"),
	    "summary: terminal escapes and C1 controls neutralised");
	ok(strstr(json(m, "Undecoded", 0), "\"reason\":\"\\u001b[31mred\\u009b\"")
	    != NULL, "JSON: terminal escapes and C1 controls as \\u00NN");
	ok(same(csv(m, "reason", 0), "\\x1b[31mred\\xc2\\x9b"),
	    "CSV: terminal escapes and C1 controls neutralised");
	/* RLO, LRI and ALM reorder a terminal line; a Hebrew letter and a
	 * zero width joiner next to them are ordinary text. */
	u.reason = "a\xe2\x80\xae" "fdp.exe\xe2\x81\xa6x\xd8\x9c\xd7\x90"
	    "\xe2\x80\x8d\xe2\x80\xad";
	m = trip(NETCAP__RECORD__RECORD_UNDECODED, &u);
	ok(same(csv(m, "reason", 0), "a\\xe2\\x80\\xaefdp.exe\\xe2\\x81\\xa6x"
	    "\\xd8\\x9c\xd7\x90\xe2\x80\x8d\\xe2\\x80\\xad"),
	    "CSV: bidirectional controls as \\xNN, other UTF-8 kept");
	ok(strstr(json(m, "Undecoded", 0), "\"reason\":\"a\\u202efdp.exe"
	    "\\u2066x\\u061c\xd7\x90\xe2\x80\x8d\\u202d\"") != NULL,
	    "JSON: bidirectional controls as \\uNNNN");
	ok(strstr(summary(m, "Undecoded", 0), "reason=a\\xe2\\x80\\xae")
	    != NULL, "summary: bidirectional controls as \\xNN");
	out.len = 0;
	nc_fmt_json_str(&out, "", 0);
	ok(out.len == 2 && memcmp(out.p, "\"\"", 2) == 0, "empty JSON string");
}

static int
collect(const struct nc_value *v, void *arg)
{
	double *sum = arg;
	double d;

	if (nc_walk_value_num(v, &d) == 0)
		*sum += d;
	return 0;
}

static int
stop_at_first(const struct nc_value *v, void *arg)
{
	(void)v;
	(*(int *)arg)++;
	return 42;
}

static void
test_paths(void)
{
	const struct nc_type *ipt = nc_type_by_name("ipv4");
	const struct nc_type *tcpt = nc_type_by_name("TCP");
	Netcap__IPv4 ip = NETCAP__IPV4__INIT;
	Netcap__IPv4Option o1 = NETCAP__IPV4_OPTION__INIT;
	Netcap__IPv4Option o2 = NETCAP__IPV4_OPTION__INIT, *opts[2];
	Netcap__TCP t = NETCAP__TCP__INIT;
	struct nc_path p;
	struct nc_cols c;
	const ProtobufCMessage *m;
	const char *bad;
	size_t badlen;
	double sum = 0;
	int n = 0;

	ok(nc_walk_path(ipt->desc, "options.type", &p, &bad, &badlen) == 0 &&
	    p.depth == 2 && strcmp(p.field[0]->name, "options") == 0 &&
	    strcmp(p.field[1]->name, "type") == 0 &&
	    p.msg[0] == ipt->desc && p.msg[1] == p.field[0]->descriptor,
	    "options.type resolves through the nested message");
	out.len = 0;
	ok(nc_walk_path(ipt->desc, "OPTIONS.Type", &p, &bad, &badlen) == 0 &&
	    (nc_walk_path_name(&p, &out), nc_buf_putc(&out, '\0'),
	    same(out.p, "options.type")), "names match case-insensitively");
	ok(nc_walk_path(ipt->desc, "nope", &p, &bad, &badlen) < 0 &&
	    badlen == 4 && strncmp(bad, "nope", 4) == 0, "unknown field");
	ok(nc_walk_path(ipt->desc, "src_ip.x", &p, &bad, &badlen) < 0 &&
	    badlen == 1 && *bad == 'x', "cannot step into bytes");
	ok(nc_walk_path(ipt->desc, "options.", &p, &bad, &badlen) < 0 &&
	    badlen == 0, "empty component");
	ok(nc_walk_path(ipt->desc, "", &p, &bad, &badlen) < 0,
	    "empty path");
	ok(nc_walk_path(ipt->desc, "options.type.x", &p, &bad, &badlen) < 0 &&
	    *bad == 'x', "too deep");
	ok(nc_cols_parse(tcpt->desc, "ts,bogus,flags", &c, &bad, &badlen) < 0 &&
	    badlen == 5 && strncmp(bad, "bogus,flags", 11) == 0,
	    "nc_cols_parse points at the bad column in the list");
	nc_cols_free(&c);

	o1.type = 148;
	o2.type = 7;
	opts[0] = &o1;
	opts[1] = &o2;
	ip.n_options = 2;
	ip.options = opts;
	ip.ttl = 64;
	m = trip(NETCAP__RECORD__RECORD_IPV4, &ip);
	nc_walk_path(ipt->desc, "options.type", &p, &bad, &badlen);
	out.len = 0;
	ok(nc_walk_path_text(m, &p, 0, &out) == 2 &&
	    (nc_buf_putc(&out, '\0'), same(out.p, "148;7")),
	    "path text of a repeated nested field");
	ok(nc_walk_path_each(m, &p, collect, &sum) == 0 && sum == 155,
	    "path values are numbers");
	ok(nc_walk_path_each(m, &p, stop_at_first, &n) == 42 && n == 1,
	    "a non-zero callback return stops the walk");

	t.ts = TS0;
	t.flags = 0x12;
	t.flow = 5;
	m = trip(NETCAP__RECORD__RECORD_TCP, &t);
	nc_walk_path(tcpt->desc, "flags", &p, &bad, &badlen);
	sum = 0;
	out.len = 0;
	nc_walk_path_text(m, &p, 0, &out);
	nc_buf_putc(&out, '\0');
	ok(same(out.p, "SA") && nc_walk_path_each(m, &p, collect, &sum) == 0 &&
	    sum == 18, "flags: text SA, number 18");
	nc_walk_path(tcpt->desc, "ts", &p, &bad, &badlen);
	sum = 0;
	nc_walk_path_each(m, &p, collect, &sum);
	ok(sum == (double)TS0, "ts as a number is nanoseconds");
	nc_walk_path(tcpt->desc, "mss", &p, &bad, &badlen);
	n = 0;
	ok(nc_walk_path_each(m, &p, stop_at_first, &n) == 0 && n == 0 &&
	    nc_walk_path_text(m, &p, 0, &out) == 0, "unset oneof: no value");
	nc_walk_path(tcpt->desc, "src_ip", &p, &bad, &badlen);
	ok(nc_walk_path_each(trip(NETCAP__RECORD__RECORD_IPV4, &ip), &p,
	    stop_at_first, &n) == 0, "a path of another type reaches nothing");
	out.len = 0;
	nc_walk_field_names(ipt->desc, &out);
	nc_buf_putc(&out, '\0');
	ok(strncmp(out.p, "ts, packet, version, ihl, ", 26) == 0,
	    "field names for messages");
}

static void
test_header_row(void)
{
	const struct nc_type *t = nc_type_by_name("ipv4");
	struct nc_cols c;
	const char *bad;
	size_t badlen;
	unsigned i;
	int good = 1;

	nc_cols_all(t->desc, &c);
	out.len = 0;
	nc_walk_csv_header(&c, &out);
	nc_buf_putc(&out, '\0');
	ok(strncmp(out.p, "ts,packet,version,ihl,tos,length,", 33) == 0 &&
	    out.p[out.len - 2] == '\n', "default header: every field in order");
	for (i = 0; i < t->desc->n_fields; i++)
		good &= c.path[i].depth == 1 &&
		    c.path[i].field[0] == &t->desc->fields[i];
	ok(good && c.n == t->desc->n_fields, "default columns are the fields");
	nc_cols_free(&c);
	nc_cols_parse(t->desc, "ttl,options.type,ts", &c, &bad, &badlen);
	out.len = 0;
	nc_walk_csv_header(&c, &out);
	nc_buf_putc(&out, '\0');
	ok(same(out.p, "ttl,options.type,ts\n"), "chosen header in order");
	nc_cols_free(&c);
}

static void
test_utf8(void)
{
	ok(nc_utf8_len((const uint8_t *)"a", 1) == 1 &&
	    nc_utf8_len((const uint8_t *)"\xc3\xa9", 2) == 2 &&
	    nc_utf8_len((const uint8_t *)"\xe2\x82\xac", 3) == 3 &&
	    nc_utf8_len((const uint8_t *)"\xf4\x8f\xbf\xbf", 4) == 4,
	    "valid UTF-8 of 1-4 bytes");
	ok(nc_utf8_len((const uint8_t *)"\xc1\xbf", 2) == 0 &&
	    nc_utf8_len((const uint8_t *)"\xe0\x9f\xbf", 3) == 0 &&
	    nc_utf8_len((const uint8_t *)"\xed\xbf\xbf", 3) == 0 &&
	    nc_utf8_len((const uint8_t *)"\xf4\x90\x80\x80", 4) == 0 &&
	    nc_utf8_len((const uint8_t *)"\xe2\x82", 2) == 0 &&
	    nc_utf8_len((const uint8_t *)"\x80", 1) == 0,
	    "overlong, surrogate, too high, cut and stray bytes are invalid");
}

/* nc_fmt_ip writes IPv6 itself: it must say what inet_ntop says, on every
 * zero-run shape and on random addresses. */
static void
test_ip6_like_inet_ntop(void)
{
	static const uint8_t fixed[][16] = {
		{ 0 },
		{ [15] = 1 },
		{ [0] = 0x20, [1] = 0x01, [2] = 0x0d, [3] = 0xb8 },
		{ [10] = 0xff, [11] = 0xff, [12] = 192, [13] = 0, [14] = 2,
		  [15] = 1 },
		{ [12] = 10, [13] = 1, [14] = 2, [15] = 3 },
		{ [13] = 1, [14] = 2, [15] = 3 },
		{ [11] = 1, [12] = 10, [13] = 1, [14] = 2, [15] = 3 },
		{ [0] = 0xfe, [1] = 0x80, [14] = 0xab, [15] = 0xcd },
		{ [1] = 1, [5] = 1, [9] = 1, [13] = 1 },
		{ [1] = 1, [9] = 1 },
		{ [3] = 1, [11] = 1 },
		{ [0] = 0xff, [1] = 0x02, [15] = 0xfb },
	};
	char want[INET6_ADDRSTRLEN];
	uint8_t a[16];
	uint32_t x = 12345;
	size_t i, j, bad = 0;

	for (i = 0; i < sizeof fixed / sizeof fixed[0] + 20000; i++) {
		if (i < sizeof fixed / sizeof fixed[0]) {
			memcpy(a, fixed[i], 16);
		} else {
			/* Groups zero half the time, to make runs. */
			for (j = 0; j < 16; j += 2) {
				x = x * 1103515245 + 12345;
				a[j] = x >> 24 & 1 ? 0 : (uint8_t)(x >> 8);
				a[j + 1] = x >> 25 & 1 ? 0 : (uint8_t)(x >> 16);
				if (x >> 26 & 1)
					a[j] = a[j + 1] = 0;
			}
		}
		out.len = 0;
		nc_fmt_ip(&out, a, 16);
		inet_ntop(AF_INET6, a, want, sizeof want);
		if (out.len != strlen(want) || memcmp(out.p, want, out.len)) {
			if (bad++ < 5)
				ok(0, "ip6 %s, got %.*s", want, (int)out.len,
				    out.p);
		}
	}
	ok(bad == 0, "IPv6 text as inet_ntop on %zu addresses", i);
}

/* Flag sets: the names of the set bits in bit order, the rest in hex,
 * nothing for none; plain tables unchanged. */
static void
test_names(void)
{
	const struct nc_names *t = nc_names_for("LLDP", "system_capabilities");
	char buf[NC_NAMES_BUF];
	const char *s;

	ok(t != NULL && t->kind == NC_NAMES_BITS, "LLDP capabilities are a flag set");
	s = nc_names_text(t, 0x14, 0, buf);
	ok(s != NULL && strcmp(s, "Bridge, Router") == 0, "0x14: %s", s);
	s = nc_names_text(t, 0x7ff, 0, buf);
	ok(s != NULL && strcmp(s, "Other, Repeater, Bridge, WLAN AP, Router, "
	    "Telephone, Docsis, Station Only, C-VLAN, S-VLAN, TPMR") == 0,
	    "every bit: %s", s);
	s = nc_names_text(t, 0xffffffffu, 0, buf);
	ok(s != NULL && strlen(s) < sizeof buf &&
	    strcmp(s + strlen(s) - 12, ", 0xfffff800") == 0,
	    "unnamed bits in hex: %s", s);
	ok(nc_names_text(t, 0, 0, buf) == NULL, "no bit, no name");
	t = nc_names_for("ICMPv4", "code");
	s = nc_names_text(t, 3, 3, buf);
	ok(s != NULL && strcmp(s, "port-unreachable") == 0,
	    "a keyed table as before: %s", s);
	t = nc_names_for("DHCPv6Option", "code");
	s = nc_names_text(t, 3, 0, buf);
	ok(s != NULL && strcmp(s, "IA_NA") == 0, "DHCPv6 option 3: %s", s);

	t = nc_names_for("NTP", "reference_id");
	s = nc_names_text(t, 0x47505300, 1, buf);
	ok(s != NULL && strcmp(s, "GPS") == 0, "stratum 1 refid: %s", s);
	s = nc_names_text(t, 0x52415445, 0, buf);
	ok(s != NULL && strcmp(s, "RATE") == 0, "kiss code: %s", s);
	s = nc_names_text(t, 0x0a051b0a, 2, buf);
	ok(s != NULL && strcmp(s, "10.5.27.10") == 0, "stratum 2: %s", s);
	ok(nc_names_text(t, 0, 0, buf) == NULL &&
	    nc_names_text(t, 0x41000142, 1, buf) == NULL,
	    "no refid for 0 or for bytes that are not printable ASCII");
	{
		int64_t ns = 0;

		ok(nc_names_ntp_ns(0, &ns) == -1, "NTP time 0 is unset");
		ok(nc_names_ntp_ns((uint64_t)2208988800u << 32, &ns) == 0 &&
		    ns == 0, "1970 in era 0: %lld", (long long)ns);
		ok(nc_names_ntp_ns(1 | (uint64_t)1 << 31, &ns) == 0 &&
		    ns == ((int64_t)1 << 32) * 1000000000 -
		    2208988800LL * 1000000000 + 500000000,
		    "top bit clear: era 1, fraction to the ns: %lld",
		    (long long)ns);
		ok(nc_names_ntp_ns(UINT64_MAX, &ns) == 0 &&
		    ns == (4294967295LL - 2208988800LL) * 1000000000 +
		    999999999, "the last of era 0: %lld", (long long)ns);
	}
}

/* The rules nc-tojson(1) states for absent values, 64-bit integers, the
 * record's own type field and values shown once. */
static void
test_json_rules(void)
{
	static const uint8_t mac6[6] = { 0, 0x11, 0x22, 0x33, 0x44, 0x55 };
	Netcap__NTP n = NETCAP__NTP__INIT;
	Netcap__DNS d = NETCAP__DNS__INIT;
	Netcap__DNSResourceRecord rr = NETCAP__DNSRESOURCE_RECORD__INIT, *rrs[1];
	Netcap__LLDP l = NETCAP__LLDP__INIT;
	Netcap__ICMPv4 i = NETCAP__ICMPV4__INIT;
	const ProtobufCMessage *m;
	struct nc_cols c;
	const char *bad;
	size_t badlen;

	n.transmit_timestamp = UINT64_C(15920886835784281541);
	n.origin_timestamp = UINT64_C(9007199254740992);	/* 2^53 */
	n.receive_timestamp = UINT64_C(9007199254740993);
	m = trip(NETCAP__RECORD__RECORD_NTP, &n);
	ok(strstr(json(m, "NTP", 0), "\"origin_timestamp\":9007199254740992,")
	    != NULL && strstr(json(m, "NTP", 0),
	    "\"receive_timestamp\":\"9007199254740993\",") != NULL &&
	    strstr(json(m, "NTP", 0),
	    "\"transmit_timestamp\":\"15920886835784281541\",") != NULL,
	    "JSON: integers up to 2^53 are numbers, above it strings");
	ok(strstr(json(m, "NTP", 0), "\"transmit_timestamp_time\":\"") != NULL,
	    "JSON: a time read from a field is a string");

	rr.type = 1;
	rrs[0] = &rr;
	d.n_answers = 1;
	d.answers = rrs;
	m = trip(NETCAP__RECORD__RECORD_DNS, &d);
	ok(strstr(json(m, "DNS", 0), "\"ns\":null,\"cname\":null,"
	    "\"ptr\":null,\"txts\":[],") != NULL &&
	    strstr(json(m, "DNS", 0), "\"mx\"") == NULL &&
	    strstr(json(m, "DNS", 0), "\"srv\"") == NULL,
	    "JSON: empty nested strings null, absent nested messages left out");

	l.chassis_id_subtype = 4;
	l.chassis_id = bin(mac6, 6);
	l.chassis_id_mac = bin(mac6, 6);
	l.port_id_subtype = 2;
	l.port_id = bin("\x01\x02", 2);
	m = trip(NETCAP__RECORD__RECORD_LLDP, &l);
	ok(strstr(json(m, "LLDP", 0), "\"chassis_id\":null,\"chassis_id_mac\":"
	    "\"00:11:22:33:44:55\",") != NULL && strstr(json(m, "LLDP", 0),
	    "\"port_id\":\"0102\",") != NULL,
	    "JSON: a raw copy shows only where nothing holds it decoded");
	nc_cols_all(m->descriptor, &c);
	out.len = 0;
	nc_walk_csv(m, &c, 0, &out);
	nc_buf_putc(&out, '\0');
	nc_cols_free(&c);
	ok(strstr(out.p, ",4,,00:11:22:33:44:55,,,2,0102,") != NULL,
	    "CSV: the same, every column kept");
	ok(same(csv(m, "chassis_id,chassis_id_mac", 0),
	    "001122334455,00:11:22:33:44:55"),
	    "CSV -f: a raw copy named is shown");

	i.type = 3;
	m = trip(NETCAP__RECORD__RECORD_ICMPV4, &i);
	ok(same(csv(m, "type_,type,TYPE_,type_name", 0), "3,3,3,unreachable"),
	    "paths: the record's own type is type_, type still accepted");
	ok(nc_cols_parse(m->descriptor, "type,type_name,code", &c, &bad,
	    &badlen) == 0, "parse type columns");
	out.len = 0;
	nc_walk_csv_header(&c, &out);
	nc_buf_putc(&out, '\0');
	nc_cols_free(&c);
	ok(same(out.p, "type_,type_name,code\n"), "CSV header spells type_");
	out.len = 0;
	nc_cols_all(m->descriptor, &c);
	nc_walk_csv_header(&c, &out);
	nc_buf_putc(&out, '\0');
	nc_cols_free(&c);
	ok(strstr(out.p, ",type_,type_name,code,") != NULL,
	    "default CSV header spells type_");
}

int
main(void)
{
	test_names();
	test_times();
	test_addresses();
	test_ip6_like_inet_ntop();
	test_tcp();
	test_scalars();
	test_nested();
	test_json_rules();
	test_table_rules();
	test_strings();
	test_paths();
	test_header_row();
	test_utf8();
	nc_reader_close(rd);
	nc_buf_free(&out);
	return tap_done();
}
