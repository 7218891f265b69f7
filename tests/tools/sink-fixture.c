/* sink-fixture: writes a fixed record stream to stdout for the sink tests.
 *
 *	sink-fixture [-u] [-s source]	one of many record types, every
 *					rendering rule exercised
 *	sink-fixture -n count		a Header and count TCP records (bench)
 *
 * -u adds a record of type 200, which no build knows, after the Header. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "registry.h"
#include "stream.h"

#define TS0 1258531221486539000LL	/* 2009-11-18T08:00:21.486539Z */

static struct nc_writer *w;

static void
put(int type, const void *msg)
{
	if (nc_writer_put(w, type, msg) < 0)
		nc_die_write("stdout");
}

static ProtobufCBinaryData
bin(const void *p, size_t n)
{
	ProtobufCBinaryData b = { n, (uint8_t *)(uintptr_t)p };

	return b;
}

static const uint8_t ip_a[] = { 10, 0, 0, 1 }, ip_b[] = { 10, 0, 0, 2 };
static const uint8_t ip6_a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t ip6_b[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
static const uint8_t mac_a[] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t mac_b[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void
header(const char *source)
{
	Netcap__Header h = NETCAP__HEADER__INIT;

	h.version = NC_FORMAT_VERSION;
	h.source = (char *)(uintptr_t)source;
	h.link_type = 1;
	h.snaplen = 65535;
	h.generator = "sink-fixture";
	h.generator_version = "1";
	put(NETCAP__RECORD__RECORD_HEADER, &h);
}

static void
mixed(void)
{
	Netcap__Ethernet e = NETCAP__ETHERNET__INIT;
	Netcap__IPv4 ip = NETCAP__IPV4__INIT;
	Netcap__IPv4Option opt = NETCAP__IPV4_OPTION__INIT, *opts[2];
	Netcap__IPv6 ip6 = NETCAP__IPV6__INIT;
	Netcap__TCP t = NETCAP__TCP__INIT;
	Netcap__UDP u = NETCAP__UDP__INIT;
	Netcap__ICMPv4 i4;
	Netcap__ICMPv6 i6;
	Netcap__ARP a = NETCAP__ARP__INIT;
	Netcap__Dot1Q q = NETCAP__DOT1_Q__INIT;
	Netcap__IPv6Routing rt = NETCAP__IPV6_ROUTING__INIT;
	Netcap__Undecoded un = NETCAP__UNDECODED__INIT;
	static uint8_t pl[40], ra[] = { 0, 0 };
	static uint32_t kinds[] = { 2, 3, 4, 1, 0 }, sack[] = { 1, 2, 3, 4 };
	static const uint8_t pfx[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 };
	static const uint8_t odd[3] = { 1, 2, 3 }, gw[] = { 192, 168, 1, 1 };
	ProtobufCBinaryData pfxs[2], addrs[2];
	size_t k;

	/* packet 1: Ethernet, IPv4 with an option, TCP SYN+ACK */
	e.ts = TS0;
	e.packet = 1;
	e.src_mac = bin(mac_a, 6);
	e.dst_mac = bin(mac_b, 6);
	e.ethertype = 0x0800;
	put(NETCAP__RECORD__RECORD_ETHERNET, &e);
	ip.ts = TS0;
	ip.packet = 1;
	ip.version = 4;
	ip.ihl = 6;
	ip.length = 60;
	ip.id = 4660;
	ip.flags = 2;
	ip.ttl = 64;
	ip.protocol = 6;
	ip.checksum = 48879;
	ip.src_ip = bin(ip_a, 4);
	ip.dst_ip = bin(ip_b, 4);
	opt.type = 148;
	opt.length = 4;
	opt.data = bin(ra, 2);
	opts[0] = &opt;
	ip.n_options = 1;
	ip.options = opts;
	put(NETCAP__RECORD__RECORD_IPV4, &ip);
	t.ts = TS0;
	t.packet = 1;
	t.src_ip = bin(ip_a, 4);
	t.dst_ip = bin(ip_b, 4);
	t.src_port = 80;
	t.dst_port = 1234;
	t.seq = 1000;
	t.ack = 2000;
	t.data_offset = 8;
	t.flags = 0x12;
	t.window = 65535;
	t.checksum = 4660;
	t._mss_case = NETCAP__TCP___MSS_MSS;
	t.mss = 1460;
	t._window_scale_case = NETCAP__TCP___WINDOW_SCALE_WINDOW_SCALE;
	t.window_scale = 0;
	t.sack_permitted = 1;
	t.n_option_kinds = 5;
	t.option_kinds = kinds;
	t.flow = 0x0123456789abcdefULL;
	put(NETCAP__RECORD__RECORD_TCP, &t);

	/* packet 2: IPv6, UDP with a payload */
	ip6.ts = TS0 + 1000;
	ip6.packet = 2;
	ip6.version = 6;
	ip6.length = 20;
	ip6.next_header = 17;
	ip6.hop_limit = 255;
	ip6.src_ip = bin(ip6_a, 16);
	ip6.dst_ip = bin(ip6_b, 16);
	put(NETCAP__RECORD__RECORD_IPV6, &ip6);
	u.ts = TS0 + 1000;
	u.packet = 2;
	u.src_ip = bin(ip6_a, 16);
	u.dst_ip = bin(ip6_b, 16);
	u.src_port = 53;
	u.dst_port = 5353;
	u.length = 20;
	u.payload_size = 12;
	u.payload_entropy = 3.5849625007;
	u.flow = 0xfedcba9876543210ULL;
	u.payload = bin("hello, world", 12);
	put(NETCAP__RECORD__RECORD_UDP, &u);

	/* packet 3: TCP FIN+PSH+ACK with timestamps and SACK */
	t = (Netcap__TCP)NETCAP__TCP__INIT;
	t.ts = TS0 + 2000000;
	t.packet = 3;
	t.src_ip = bin(ip_b, 4);
	t.dst_ip = bin(ip_a, 4);
	t.src_port = 1234;
	t.dst_port = 80;
	t.seq = 2000;
	t.ack = 1001;
	t.data_offset = 5;
	t.flags = 0x19;
	t.window = 512;
	t._ts_val_case = NETCAP__TCP___TS_VAL_TS_VAL;
	t.ts_val = 123;
	t._ts_ecr_case = NETCAP__TCP___TS_ECR_TS_ECR;
	t.ts_ecr = 0;
	t.n_sack = 4;
	t.sack = sack;
	t.payload_size = 40;
	t.payload_entropy = 7.5;
	t.flow = 0x0123456789abcdefULL;
	for (k = 0; k < sizeof pl; k++)
		pl[k] = (uint8_t)k;
	t.payload = bin(pl, sizeof pl);
	put(NETCAP__RECORD__RECORD_TCP, &t);

	/* packet 4: ICMP redirect (the _INIT macros of types with a bytes
	 * oneof member upset gcc's -Wmissing-braces) */
	netcap__icmpv4__init(&i4);
	i4.ts = TS0 + 3000000;
	i4.packet = 4;
	i4.src_ip = bin(ip_a, 4);
	i4.dst_ip = bin(ip_b, 4);
	i4.type = 5;
	i4.code = 1;
	i4.checksum = 65535;
	i4.gateway_ip = bin(gw, 4);
	put(NETCAP__RECORD__RECORD_ICMPV4, &i4);

	/* packet 5: router advertisement, one odd prefix */
	netcap__icmpv6__init(&i6);
	i6.ts = TS0 + 4000000;
	i6.packet = 5;
	i6.src_ip = bin(ip6_a, 16);
	i6.dst_ip = bin(ip6_b, 16);
	i6.type = 134;
	i6.src_link_mac = bin(mac_a, 6);
	i6.cur_hop_limit = 64;
	i6.router_lifetime = 1800;
	pfxs[0] = bin(pfx, 16);
	pfxs[1] = bin(odd, 3);
	i6.n_prefixes_ip = 2;
	i6.prefixes_ip = pfxs;
	put(NETCAP__RECORD__RECORD_ICMPV6, &i6);

	/* packet 6: ARP reply */
	a.ts = TS0 + 5000000;
	a.packet = 6;
	a.addr_type = 1;
	a.protocol = 0x0800;
	a.hw_address_size = 6;
	a.prot_address_size = 4;
	a.operation = 2;
	a.src_hw = bin(mac_a, 6);
	a.src_ip = bin(ip_a, 4);
	a.dst_hw = bin(odd, 3);
	a.dst_ip = bin(ip_b, 4);
	put(NETCAP__RECORD__RECORD_ARP, &a);

	/* packet 7: VLAN tag */
	q.ts = TS0 + 6000000;
	q.packet = 7;
	q.tpid = 0x8100;
	q.drop_eligible = 1;
	q.vlan_identifier = 100;
	q.type = 0x0800;
	put(NETCAP__RECORD__RECORD_DOT1Q, &q);

	/* packet 8: routing header with an address list */
	rt.ts = TS0 + 7000000;
	rt.packet = 8;
	rt.next_header = 6;
	rt.length = 4;
	rt.segments_left = 2;
	addrs[0] = bin(ip6_a, 16);
	addrs[1] = bin(ip6_b, 16);
	rt.n_addresses_ip = 2;
	rt.addresses_ip = addrs;
	put(NETCAP__RECORD__RECORD_IPV6_ROUTING, &rt);

	/* packet 9: what could not be decoded, with text needing quoting */
	un.ts = TS0 + 8000000;
	un.packet = 9;
	un.layer = "DNS";
	un.offset = 42;
	un.reason = "bad label, \"x\"\nat\tend \xff caf\xc3\xa9";
	un.data = bin(odd, 3);
	put(NETCAP__RECORD__RECORD_UNDECODED, &un);
}

static void
bench(long n)
{
	Netcap__TCP t = NETCAP__TCP__INIT;
	static uint32_t kinds[] = { 2, 4, 8, 1, 3 };
	uint8_t src[4] = { 192, 168, 0, 0 }, dst[4] = { 10, 1, 2, 3 };
	long i;

	t.src_ip = bin(src, 4);
	t.dst_ip = bin(dst, 4);
	t.dst_port = 443;
	t.data_offset = 8;
	t.checksum = 4660;
	t.n_option_kinds = 5;
	t.option_kinds = kinds;
	for (i = 0; i < n; i++) {
		t.ts = TS0 + i * 1234567;
		t.packet = (uint64_t)i + 1;
		src[2] = (uint8_t)(i >> 8);
		src[3] = (uint8_t)i;
		t.src_port = 1024 + (uint32_t)(i % 60000);
		t.seq = (uint32_t)i * 1460;
		t.ack = (uint32_t)i * 7;
		t.flags = i % 10 == 0 ? 0x02 : 0x18;
		t.window = 29200;
		t._mss_case = i % 10 == 0 ? NETCAP__TCP___MSS_MSS
		    : NETCAP__TCP___MSS__NOT_SET;
		t.mss = 1460;
		t.payload_size = (uint32_t)(i % 1460);
		t.payload_entropy = (double)(i % 800) / 100.0;
		t.flow = (uint64_t)i * 0x9e3779b97f4a7c15ULL;
		put(NETCAP__RECORD__RECORD_TCP, &t);
	}
}

int
main(int argc, char *argv[])
{
	static const char usage[] = "sink-fixture [-u] [-n count] [-s source]";
	Netcap__Ethernet e = NETCAP__ETHERNET__INIT;
	const char *source = "fixture.pcap";
	long n = -1;
	int c, unknown = 0;

	nc_cli_init(argv[0]);
	while ((c = getopt(argc, argv, "n:s:u")) != -1) {
		switch (c) {
		case 'n':
			n = (long)nc_parse_num(usage, "-n", optarg, 0,
			    1L << 40);
			break;
		case 's':
			source = optarg;
			break;
		case 'u':
			unknown = 1;
			break;
		default:
			nc_usage(usage);
		}
	}
	if ((w = nc_writer_open(STDOUT_FILENO)) == NULL)
		nc_die("out of memory");
	header(source);
	if (unknown) {
		e.packet = 99;
		put(200, &e);
		put(200, &e);
	}
	if (n >= 0)
		bench(n);
	else
		mixed();
	if (nc_writer_close(w) < 0)
		nc_die_write("stdout");
	return 0;
}
