/* Unit tests for the dispatch table (lib/decode/dispatch.h): each key
 * space is sorted and has no key twice, every line is what a lookup of its
 * key finds, the layers of nc_decode_layer() are the table's names, and
 * content probes run in order, by transport, without moving the cursor. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode/internal.h"
#include "tap.h"

static const char *const spaces[NC_SPACE_MAX] = {
	"link type", "ethertype", "PPP protocol", "IP protocol", "port",
	"probe",
};

/* The table once more, as this test reads it: every line's name and
 * the function it names (NULL for the NC_LAYER_ lines, whose functions
 * may be file-local). */
static const struct line {
	const char *layer;
	const void *fn;
} lines[] = {
#define NC_LINK(K, L, F)	{ L, (const void *)F },
#define NC_ETHERTYPE(K, L, F)	{ L, (const void *)F },
#define NC_PPP(K, L, F)		{ L, (const void *)F },
#define NC_IPPROTO(K, L, F)	{ L, (const void *)F },
#define NC_PORT(K, ON, L, F)	{ L, (const void *)F },
#define NC_PROBE(ON, L, P, F)	{ L, (const void *)F },
#define NC_LAYER_FRAME(L, F)	{ L, NULL },
#define NC_LAYER_APP(L, ON, F)	{ L, NULL },
#include "decode/dispatch.h"
};

#define NLINES	(sizeof lines / sizeof lines[0])

/* The layers the fuzz seeds and the decoder tests use by name. */
static const char *const historic[] = {
	"Ethernet", "LLC", "LLDP", "EAPOL", "MPLS", "STP", "CDP", "EAP",
	"Dot11", "RadioTap", "USB", "USBmmap", "PPP", "PPPoE", "CHDLC",
	"IPv4", "IPv6", "GRE", "IPSecAH", "IPSecESP", "OSPF", "VRRP", "SCTP",
	"TCP", "UDP", "DNS", "DNSTCP", "NBNS", "DHCPv4", "DHCPv6", "NTP",
	"SNMP", "SIP", "Syslog", "Modbus", "ENIP", "CIP", "Diameter", "BFD",
	"LCM", "VXLAN", "Geneve", "QUIC", "QUICPlain",
};

static const void *
fn_of(int space, const struct nc_dispatch *e)
{
	switch (space) {
	case NC_SPACE_IPPROTO:
		return (const void *)e->ip;
	case NC_SPACE_PORT:
	case NC_SPACE_PROBE:
		return (const void *)e->app;
	}
	return (const void *)e->frame;
}

static void
test_spaces(void)
{
	const struct nc_dispatch_space *s;
	const struct nc_dispatch *e;
	size_t i, total = 0, layer_only = 0;
	int sp, sorted, dup, reach, fns;
	unsigned bit;

	for (sp = 0; sp < NC_SPACE_MAX; sp++) {
		s = &nc_dispatch[sp];
		total += s->n;
		sorted = dup = 0;
		for (i = 1; i < s->n && sp != NC_SPACE_PROBE; i++) {
			if (s->e[i - 1].key > s->e[i].key)
				sorted++;
			if (s->e[i - 1].key == s->e[i].key)
				dup++;
		}
		ok(sorted == 0, "%s: lines sorted by key", spaces[sp]);
		ok(dup == 0, "%s: no key registered twice", spaces[sp]);
		reach = fns = 0;
		for (i = 0; i < s->n; i++) {
			e = &s->e[i];
			if (fn_of(sp, e) == NULL ||
			    (sp == NC_SPACE_PROBE && e->probe == NULL))
				fns++;
			if ((sp == NC_SPACE_PORT || sp == NC_SPACE_PROBE) &&
			    (e->on == 0 || (e->on & ~(NC_UDP | NC_TCP |
			    NC_SCTP)) != 0))
				fns++;
			if (sp == NC_SPACE_PROBE)
				continue;
			if (sp != NC_SPACE_PORT) {
				if (nc_dispatch_find(s, e->key, 0) != e)
					reach++;
				continue;
			}
			for (bit = NC_UDP; bit <= NC_SCTP; bit <<= 1)
				if ((e->on & bit) != 0 &&
				    nc_dispatch_find(s, e->key, bit) != e)
					reach++;
		}
		ok(fns == 0, "%s: every line has its function and transports",
		    spaces[sp]);
		ok(reach == 0, "%s: a lookup of every key finds its line",
		    spaces[sp]);
	}
	for (i = 0; i < NLINES; i++)
		if (lines[i].fn == NULL)
			layer_only++;
	ok(total + layer_only == NLINES, "the arrays hold every line of the "
	    "table (%zu and %zu layer lines of %zu)", total, layer_only,
	    NLINES);
}

static void
test_lookups(void)
{
	const struct nc_dispatch_space *ports = &nc_dispatch[NC_SPACE_PORT];
	const struct nc_dispatch *e;

	e = nc_dispatch_find(ports, 53, NC_UDP);
	ok(e != NULL && e->app == nc_dec_dns && strcmp(e->layer, "DNS") == 0,
	    "port 53 over UDP is DNS");
	ok(nc_dispatch_find(ports, 53, NC_TCP) == e, "and over TCP");
	ok(nc_dispatch_find(ports, 53, NC_SCTP) == NULL,
	    "port 53 over SCTP alone is nothing");
	e = nc_dispatch_find(ports, 3868, NC_UDP | NC_SCTP);
	ok(e != NULL && e->app == nc_dec_diameter,
	    "SCTP finds Diameter, registered for TCP and SCTP");
	ok(nc_dispatch_find(ports, 3868, NC_UDP) == NULL,
	    "Diameter is not on UDP");
	e = nc_dispatch_find(ports, 44818, NC_UDP);
	ok(e != NULL && e->app == nc_dec_enip, "44818 over UDP is ENIP");
	ok(nc_dispatch_find(ports, 0, NC_UDP) == NULL &&
	    nc_dispatch_find(ports, 65535, NC_UDP | NC_TCP) == NULL &&
	    nc_dispatch_find(ports, 54, NC_UDP) == NULL,
	    "ports nobody has find nothing");
	e = nc_dispatch_find(&nc_dispatch[NC_SPACE_ETHERTYPE], 0x0800, 0);
	ok(e != NULL && e->frame == nc_dec_ipv4, "ethertype 0x0800 is IPv4");
	ok(nc_dispatch_find(&nc_dispatch[NC_SPACE_ETHERTYPE], 0xffff, 0) ==
	    NULL, "ethertype 0xffff is nothing");
	e = nc_dispatch_find(&nc_dispatch[NC_SPACE_IPPROTO], 17, 0);
	ok(e != NULL && e->ip == nc_dec_udp, "IP protocol 17 is UDP");
	ok(nc_dispatch_find(&nc_dispatch[NC_SPACE_IPPROTO], 255, 0) == NULL,
	    "IP protocol 255 is nothing");
	e = nc_dispatch_find(&nc_dispatch[NC_SPACE_PPP], 0xc227, 0);
	ok(e != NULL && e->frame == nc_dec_eap, "PPP protocol 0xc227 is EAP");
	ok(nc_dispatch_port(53, NC_TCP) == nc_dispatch_find(ports, 53, NC_TCP) &&
	    nc_dispatch_port(53, NC_SCTP)
	    == NULL && nc_dispatch_port(54, NC_UDP) == NULL,
	    "the port index finds the same lines");
	ok(nc_dispatch_ethertype(0x0800) ==
	    nc_dispatch_find(&nc_dispatch[NC_SPACE_ETHERTYPE], 0x0800, 0) &&
	    nc_dispatch_ethertype(0x0801) == NULL &&
	    nc_dispatch_ipproto(6) ==
	    nc_dispatch_find(&nc_dispatch[NC_SPACE_IPPROTO], 6, 0) &&
	    nc_dispatch_ipproto(256) == NULL && nc_dispatch_ipproto(255) == NULL &&
	    nc_dispatch_link(1) ==
	    nc_dispatch_find(&nc_dispatch[NC_SPACE_LINK], 1, 0) &&
	    nc_dispatch_link(1024) == NULL && nc_dispatch_link(-1) == NULL,
	    "the other indexes find the same lines, and nothing out of range");
	ok(nc_decode_linktype_supported(1) &&
	    nc_decode_linktype_supported(276) &&
	    !nc_decode_linktype_supported(2) &&
	    !nc_decode_linktype_supported(-1),
	    "supported link types are the table's");
}

static int
count(void *ctx, int type, const ProtobufCMessage *msg)
{
	(void)type, (void)msg;
	(*(size_t *)ctx)++;
	return 0;
}

static void
test_layers(void)
{
	const char *name;
	size_t i, j, n, missing = 0, extra = 0, twice = 0, same = 0;
	size_t records = 0;
	struct nc_decoder d;

	for (n = 0; nc_decode_layer_name(n) != NULL; n++) {
		name = nc_decode_layer_name(n);
		for (j = 0; j < n; j++)
			if (strcasecmp(nc_decode_layer_name(j), name) == 0)
				twice++;
		for (j = 0; j < NLINES; j++)
			if (lines[j].layer != NULL &&
			    strcmp(lines[j].layer, name) == 0)
				break;
		if (j == NLINES)
			extra++;
	}
	for (i = 0; i < NLINES; i++) {
		if (lines[i].layer == NULL)
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(nc_decode_layer_name(j), lines[i].layer) == 0)
				break;
		if (j == n)
			missing++;
		/* Lines that share a name share the decoder. */
		for (j = 0; j < i; j++)
			if (lines[j].layer != NULL &&
			    strcmp(lines[j].layer, lines[i].layer) == 0 &&
			    lines[j].fn != lines[i].fn)
				same++;
	}
	ok(n > 0 && missing == 0 && extra == 0,
	    "the layer list is the table's names (%zu layers)", n);
	ok(twice == 0, "no layer is listed twice");
	ok(same == 0, "lines that share a layer name share the decoder");

	if (nc_decoder_init(&d, 1, NULL, 0, count, &records) < 0)
		abort();
	missing = 0;
	for (i = 0; i < sizeof historic / sizeof historic[0]; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(nc_decode_layer_name(j), historic[i]) == 0)
				break;
		if (j == n || nc_decode_layer(&d, historic[i],
		    (const uint8_t *)"", 0, 1, 2) != 0) {
			ok(0, "layer %s", historic[i]);
			missing++;
		}
	}
	ok(missing == 0, "every layer the seeds and tests name is there");
	ok(nc_decode_layer(&d, "dnstcp", (const uint8_t *)"", 0, 1, 2) == 0,
	    "layer names are matched without case");
	ok(nc_decode_layer(&d, "NoSuchLayer", (const uint8_t *)"", 0, 1, 2) ==
	    -1, "an unknown layer is -1");
	nc_decoder_free(&d);
}

/* --- content probes ------------------------------------------------------ */

static int calls;

static int
probe_abc(const struct nc_cur *c)
{
	struct nc_cur v = *c;

	calls++;
	return nc_cur_u8(&v) == 'a' && nc_cur_u8(&v) == 'b' &&
	    nc_cur_u8(&v) == 'c' && !v.err;
}

static int
probe_ab(const struct nc_cur *c)
{
	struct nc_cur v = *c;

	calls++;
	return nc_cur_left(&v) >= 2 && nc_cur_peek(&v, 0) == 'a' &&
	    nc_cur_peek(&v, 1) == 'b';
}

static void
app_a(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	(void)k, (void)c, (void)a;
}

static void
app_b(struct nc_pkt *k, struct nc_cur *c, const struct nc_app *a)
{
	(void)k, (void)c, (void)a;
}

static void
test_probes(void)
{
	static const struct nc_dispatch probes[] = {
		{ 0, NC_UDP, "ABC", NULL, NULL, app_a, probe_abc },
		{ 0, NC_UDP | NC_TCP, "AB", NULL, NULL, app_b, probe_ab },
	};
	const struct nc_dispatch_space s = { probes, 2, NULL, 0 };
	const struct nc_dispatch_space none = { probes, 0, NULL, 0 };
	static const uint8_t abc[] = "abcd", abx[] = "abx", x[] = "x";
	struct nc_cur c = nc_cur_make(abc, 4);
	const struct nc_dispatch *e;
	const struct nc_dispatch_space *real = &nc_dispatch[NC_SPACE_PROBE];
	size_t i;
	int bad = 0;

	e = nc_dispatch_probe(&s, NC_UDP, &c);
	ok(e == &probes[0], "the first probe that says yes wins");
	ok(c.p == abc && nc_cur_left(&c) == 4 && !c.err,
	    "probing leaves the cursor where it was");
	calls = 0;
	e = nc_dispatch_probe(&s, NC_TCP, &c);
	ok(e == &probes[1] && calls == 1,
	    "a probe for another transport is not asked");
	c = nc_cur_make(abx, 3);
	ok(nc_dispatch_probe(&s, NC_UDP, &c) == &probes[1],
	    "a no passes the payload to the next probe");
	c = nc_cur_make(x, 1);
	calls = 0;
	ok(nc_dispatch_probe(&s, NC_UDP | NC_SCTP, &c) == NULL && calls == 2,
	    "no yes, no decoder");
	c = nc_cur_make(abc, 2);
	ok(nc_dispatch_probe(&s, NC_UDP, &c) == &probes[1],
	    "a probe never reads past the payload");
	ok(nc_dispatch_probe(&none, NC_UDP, &c) == NULL,
	    "no probes, no decoder");
	ok(nc_dispatch_probe(&s, NC_SCTP, &c) == NULL,
	    "SCTP alone finds no UDP probe");

	/* A registered probe gives its yes only to what it recognises. */
	c = nc_cur_make(x, 0);
	for (i = 0; i < real->n; i++)
		if (real->e[i].probe(&c))
			bad++;
	ok(bad == 0, "the table's %zu probes say no to an empty payload",
	    real->n);
}

/* fuzz/run gives fuzz_layer one run per folder fuzz/seeds/layer-NAME: a
 * layer without one is never fuzzed alone. */
static void
test_seeds(void)
{
	const char *root = getenv("NC_ROOT"), *name;
	char path[4096];
	struct dirent *e;
	size_t n, missing = 0;
	DIR *d;

	if (root == NULL) {
		printf("ok %d - # skip NC_ROOT not set: fuzz seeds not checked\n",
		    ++tap_n);
		return;
	}
	for (n = 0; (name = nc_decode_layer_name(n)) != NULL; n++) {
		int files = 0;

		snprintf(path, sizeof path, "%s/fuzz/seeds/layer-%s", root, name);
		if ((d = opendir(path)) != NULL) {
			while ((e = readdir(d)) != NULL)
				files += e->d_name[0] != '.';
			closedir(d);
		}
		if (files == 0) {
			printf("# no seeds in fuzz/seeds/layer-%s\n", name);
			missing++;
		}
	}
	ok(missing == 0, "every one of the %zu layers has fuzz seeds", n);
}

int
main(void)
{
	test_spaces();
	test_lookups();
	test_layers();
	test_probes();
	test_seeds();
	return tap_done();
}
