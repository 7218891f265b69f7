/* The TLS hello parser (lib/tls/hello.c) and the fingerprints
 * (lib/tls/fingerprint.c): fields of a ClientHello and a ServerHello,
 * GREASE kept in the lists and left out of JA3 and JA4, HelloRetryRequest,
 * SSL 2.0, hellos cut at every length and with every byte changed, and
 * JA4/JA4S against the values FoxIO publishes: the worked example of
 * technical_details/JA4.md (t13d1516h2_8daaf6152771_e5627efa2ab1) and
 * ServerHellos of its test captures (rust/ja4/src/snapshots). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls/fingerprint.h"
#include "tls/hello.h"
#include "tap.h"
#include "tlsmsg.h"

static const unsigned spec_suites[] = {
	0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9,
	0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035,
};
static const unsigned spec_sigalgs[] = {
	0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601,
};
#define N(a) (sizeof (a) / sizeof (a)[0])

/* FoxIO's example ClientHello: its ciphers, its extensions in its order
 * (001b 0000 0033 0010 4469 0017 002d 000d 0005 0023 0012 002b ff01 000b
 * 000a 0015) and signature algorithms; with grease, GREASE values in
 * the cipher, extension, group and version lists as Chrome sends them. */
static void
client_hello(struct msg *m, int grease)
{
	static const uint8_t rnd[32] = { 1, 2, 3 };
	unsigned groups[] = { 0x3a3a, 0x001d, 0x0017, 0x0018 };
	size_t hl, l, e, i;

	m->n = 0;
	u8(m, 1);
	hl = begin(m, 3);
	u16(m, 0x0303);
	raw(m, rnd, 32);
	u8(m, 32);
	for (i = 0; i < 32; i++)
		u8(m, (unsigned)i);
	l = begin(m, 2);
	if (grease)
		u16(m, 0x0a0a);
	for (i = 0; i < N(spec_suites); i++)
		u16(m, spec_suites[i]);
	end(m, l, 2);
	u8(m, 1);
	u8(m, 0);
	e = begin(m, 2);
	if (grease)
		ext(m, 0x1a1a, "", 0);
	ext(m, 0x001b, "\x02\x00\x02", 3);
	ext(m, 0x0000, "\x00\x0e\x00\x00\x0b" "example.com", 16);
	u16(m, 0x0033);			/* key_share: x25519 */
	l = begin(m, 2);
	u16(m, 36);
	u16(m, 0x001d);
	u16(m, 32);
	for (i = 0; i < 32; i++)
		u8(m, 0x40);
	end(m, l, 2);
	ext(m, 0x0010, "\x00\x0c\x02h2\x08http/1.1", 14);
	ext(m, 0x4469, "\x00\x03\x02h2", 5);
	ext(m, 0x0017, "", 0);
	ext(m, 0x002d, "\x01\x01", 2);
	ext16(m, 0x000d, 2, spec_sigalgs, N(spec_sigalgs));
	ext(m, 0x0005, "\x01\x00\x00\x00\x00", 5);
	ext(m, 0x0023, "", 0);
	ext(m, 0x0012, "", 0);
	if (grease)
		ext(m, 0x002b, "\x06\x4a\x4a\x03\x04\x03\x03", 7);
	else
		ext(m, 0x002b, "\x04\x03\x04\x03\x03", 5);
	ext(m, 0xff01, "\x00", 1);
	ext(m, 0x000b, "\x01\x00", 2);
	ext16(m, 0x000a, 2, groups + !grease, N(groups) - !grease);
	ext(m, 0x0015, "\0\0\0\0\0\0\0\0\0\0", 10);
	if (grease)
		ext(m, 0x2a2a, "\x00", 1);
	end(m, e, 2);
	end(m, hl, 3);
}

/* A ServerHello of TLS 1.3 with the extensions given in order; random
 * may be NULL (zeros). */
static void
server_hello(struct msg *m, const uint8_t *random, unsigned suite,
    const unsigned *exts, size_t n)
{
	static const uint8_t zero[32];
	size_t hl, e, i;

	m->n = 0;
	u8(m, 2);
	hl = begin(m, 3);
	u16(m, 0x0303);
	raw(m, random != NULL ? random : zero, 32);
	u8(m, 0);
	u16(m, suite);
	u8(m, 0);
	e = begin(m, 2);
	for (i = 0; i < n; i++) {
		if (exts[i] == 0x002b)
			ext(m, 0x002b, "\x03\x04", 2);
		else if (exts[i] == 0x0033 && random != NULL)
			ext(m, 0x0033, "\x00\x17", 2);	/* HRR: the group */
		else if (exts[i] == 0x0033)
			ext(m, 0x0033, "\x00\x1d\x00\x02\xaa\xbb", 6);
		else
			ext(m, exts[i], "", 0);
	}
	end(m, e, 2);
	end(m, hl, 3);
}

static void
test_client(void)
{
	static struct msg m;
	struct nc_tls_hello h;
	char ja3[NC_TLS_JA3_MAX], md5[NC_TLS_MD5_HEX], ja4[NC_TLS_JA4_MAX];
	const char *want3 = "771,4865-4866-4867-49195-49199-49196-49200-"
	    "52393-52392-49171-49172-156-157-47-53,27-0-51-16-17513-23-45-"
	    "13-5-35-18-43-65281-11-10-21,29-23-24,0";
	int g;

	for (g = 0; g <= 1; g++) {
		client_hello(&m, g);
		ok(nc_tls_hello_parse(&h, m.b, m.n) == 0 && h.complete &&
		    !h.malformed && !h.dropped && h.type == 1 &&
		    h.version == 0x0303 && h.session_id.n == 32 &&
		    h.n_suites == 15u + g && h.n_ext == 16u + 2 * g &&
		    h.has_sni && h.sni.n == 11 &&
		    memcmp(h.sni.p, "example.com", 11) == 0 &&
		    h.n_alpn == 2 && h.alpn[1].n == 8 && h.n_sigalgs == 8 &&
		    h.n_groups == 3u + g && h.n_ecpf == 1 && h.n_shares == 1 &&
		    h.shares[0] == 0x1d && h.n_pskmodes == 1 &&
		    h.n_comp == 1 && h.n_vers == 2u + g,
		    "ClientHello%s: every list, as sent", g ? " with GREASE" :
		    "");
		ok(!g || (h.suites[0] == 0x0a0a && h.ext[0] == 0x1a1a &&
		    h.groups[0] == 0x3a3a && h.vers[0] == 0x4a4a),
		    "GREASE values are kept in the lists");
		ok(nc_tls_hello_version(&h) == 0x0304,
		    "version: the highest supported_versions entry");
		nc_tls_ja3(&h, ja3);
		ok(strcmp(ja3, want3) == 0, "JA3%s: %s", g ? " (GREASE left "
		    "out)" : "", ja3);
		nc_tls_md5(ja3, strlen(ja3), md5);
		ok(strcmp(md5, "c000e2caf3a25423f9de6c8a4b12a975") == 0,
		    "JA3 md5 %s", md5);
		nc_tls_ja4(&h, 't', ja4);
		ok(strcmp(ja4, "t13d1516h2_8daaf6152771_e5627efa2ab1") == 0,
		    "JA4 of FoxIO's example%s: %s", g ? " with GREASE" : "",
		    ja4);
	}
}

/* JA4's edge rules, on the example changed one field at a time. */
static void
test_ja4_rules(void)
{
	static struct msg m;
	struct nc_tls_hello h;
	char ja4[NC_TLS_JA4_MAX];
	static const uint8_t odd[] = { 0xab, 'x', 0xcd };

	client_hello(&m, 0);
	nc_tls_hello_parse(&h, m.b, m.n);
	h.has_sni = 0;
	h.alpn[0].p = odd;
	h.alpn[0].n = 3;
	nc_tls_ja4(&h, 'q', ja4);
	ok(strncmp(ja4, "q13i1516ad_", 11) == 0, "JA4: q, no SNI is i, a "
	    "non-alphanumeric ALPN gives hex digits: %s", ja4);
	h.n_alpn = 0;
	h.n_vers = 0;
	h.version = 0x0301;
	h.n_sigalgs = 0;
	nc_tls_ja4(&h, 't', ja4);
	ok(strncmp(ja4, "t10i151600_8daaf6152771_", 24) == 0 &&
	    strcmp(ja4 + 24, "e5627efa2ab1") != 0,
	    "JA4: legacy version without supported_versions, 00 without "
	    "ALPN, no signature algorithms: %s", ja4);
	h.n_suites = 0;
	h.n_ext = 0;
	nc_tls_ja4(&h, 't', ja4);
	ok(strcmp(ja4, "t10i000000_000000000000_000000000000") == 0,
	    "JA4: empty lists hash to zeros: %s", ja4);
}

static void
test_server(void)
{
	static struct msg m;
	static const unsigned google[] = { 0x0033, 0x002b };
	static const unsigned fb[] = { 0x002b, 0x0033 };
	static const uint8_t hrr[32] = {
		0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d,
		0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16,
		0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8,
		0x33, 0x9c,
	};
	struct nc_tls_hello h;
	char ja3s[NC_TLS_JA3_MAX], md5[NC_TLS_MD5_HEX], ja4s[NC_TLS_JA4_MAX];

	server_hello(&m, NULL, 0x1301, google, 2);
	ok(nc_tls_hello_parse(&h, m.b, m.n) == 0 && h.complete &&
	    h.type == 2 && h.n_suites == 1 && h.suites[0] == 0x1301 &&
	    nc_tls_hello_version(&h) == 0x0304 && h.n_shares == 1 &&
	    h.shares[0] == 0x1d && !h.hrr, "ServerHello: suite, "
	    "supported_versions, key_share group");
	nc_tls_ja3s(&h, ja3s);
	nc_tls_md5(ja3s, strlen(ja3s), md5);
	ok(strcmp(ja3s, "771,4865,51-43") == 0 &&
	    strcmp(md5, "eb1d94daa7e0344597e756a1fb6e7054") == 0,
	    "JA3S %s %s", ja3s, md5);
	nc_tls_ja4s(&h, 't', ja4s);
	ok(strcmp(ja4s, "t130200_1301_234ea6891581") == 0,
	    "JA4S as FoxIO's tls-handshake capture gives (Google): %s", ja4s);
	server_hello(&m, NULL, 0x1302, fb, 2);
	nc_tls_hello_parse(&h, m.b, m.n);
	nc_tls_ja4s(&h, 't', ja4s);
	ok(strcmp(ja4s, "t130200_1302_a56c5b993250") == 0,
	    "JA4S with the other extension order: %s", ja4s);
	server_hello(&m, hrr, 0x1301, google, 2);
	ok(nc_tls_hello_parse(&h, m.b, m.n) == 0 && h.hrr &&
	    h.n_shares == 1 && h.shares[0] == 0x17,
	    "HelloRetryRequest: its random, the group it asks for");
}

static void
test_sslv2(void)
{
	/* CLIENT-HELLO of SSL 3.0 in SSL 2.0 format: 2 cipher specs, no
	 * session id, a 16-byte challenge. */
	static const uint8_t v2[] = {
		1, 0x03, 0x00, 0, 6, 0, 0, 0, 16,
		0x01, 0x00, 0x80, 0x00, 0x00, 0x2f,
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
	};
	struct nc_tls_hello h;

	ok(nc_tls_hello_sslv2(&h, v2, sizeof v2) == 0 && h.sslv2 &&
	    h.version == 0x0300 && h.n_suites == 2 &&
	    h.suites[0] == 0x010080 && h.suites[1] == 0x2f &&
	    h.random.n == 16 && !h.malformed, "SSL 2.0 CLIENT-HELLO");
	ok(nc_tls_hello_sslv2(&h, v2, sizeof v2 - 1) < 0,
	    "SSL 2.0 CLIENT-HELLO one byte short: not one");
}

/* Every prefix parses to what is there; every byte set to 0xff or 0
 * parses without reading outside the message (ASan build). */
static void
test_hostile(void)
{
	static struct msg m;
	static uint8_t b[sizeof m.b];
	struct nc_tls_hello h;
	char ja3[NC_TLS_JA3_MAX], ja4[NC_TLS_JA4_MAX];
	size_t i, bad = 0, cut = 0;

	client_hello(&m, 1);
	for (i = 0; i < m.n; i++) {
		uint8_t *p = malloc(i + 1);	/* ASan sees the end */

		memcpy(p, m.b, i);
		if (nc_tls_hello_parse(&h, p, i) == 0 && h.complete)
			bad++;
		if (i >= 4 && h.complete == 0)
			cut++;
		nc_tls_ja3(&h, ja3);
		nc_tls_ja4(&h, 't', ja4);
		free(p);
	}
	ok(bad == 0 && cut == m.n - 4, "hello cut at every length: never "
	    "complete, no over-read");
	for (i = 0; i < m.n; i++) {
		memcpy(b, m.b, m.n);
		b[i] = 0xff;
		(void)nc_tls_hello_parse(&h, b, m.n);
		nc_tls_ja4(&h, 't', ja4);
		b[i] = 0;
		(void)nc_tls_hello_parse(&h, b, m.n);
		nc_tls_ja3(&h, ja3);
	}
	ok(1, "every byte set to 0xff and to 0: parsed without a fault");
	/* An extension block one byte longer than its extensions. */
	client_hello(&m, 0);
	m.b[m.n - 11]++;		/* the padding extension's length */
	ok(nc_tls_hello_parse(&h, m.b, m.n) == 0 && h.malformed,
	    "an extension length past its block: malformed");
	ok(nc_tls_hello_parse(&h, m.b, 3) == -1, "3 bytes: no hello");
	m.b[0] = 11;
	ok(nc_tls_hello_parse(&h, m.b, m.n) == 1 && h.type == 11,
	    "another handshake type: its header only");
}

/* 200 cipher suites, 100 extensions: kept up to the limits, marked. */
static void
test_limits(void)
{
	static struct msg m;
	struct nc_tls_hello h;
	size_t hl, l, i;

	m.n = 0;
	u8(&m, 1);
	hl = begin(&m, 3);
	u16(&m, 0x0303);
	for (i = 0; i < 33; i++)
		u8(&m, 0);
	l = begin(&m, 2);
	for (i = 0; i < 200; i++)
		u16(&m, (unsigned)i);
	end(&m, l, 2);
	u8(&m, 1);
	u8(&m, 0);
	l = begin(&m, 2);
	for (i = 0; i < 100; i++)
		ext(&m, 0x1000 + (unsigned)i, "", 0);
	end(&m, l, 2);
	end(&m, hl, 3);
	ok(nc_tls_hello_parse(&h, m.b, m.n) == 0 && h.dropped &&
	    h.n_suites == NC_TLS_MAX_SUITES && h.n_ext == NC_TLS_MAX_EXT &&
	    !h.malformed, "lists past the limits: kept up to them, dropped "
	    "set");
}

/* The values of a list but GREASE, in decimal, joined by '-', after
 * want[0, n); returns the new length. */
static size_t
ja3_list(char *want, size_t n, const uint32_t *v, size_t k)
{
	size_t i;
	int first = 1;

	for (i = 0; i < k; i++) {
		if (nc_tls_grease(v[i]))
			continue;
		n += (size_t)sprintf(want + n, "%s%u", first ? "" : "-", v[i]);
		first = 0;
	}
	return n;
}

/* JA3 with every list full and values from 0 to 65535, against the
 * same string made with printf's %u; JA3S too. */
static void
test_ja3_full(void)
{
	static struct nc_tls_hello h;
	static char want[NC_TLS_JA3_MAX * 2], ja3[NC_TLS_JA3_MAX];
	size_t i, n;

	memset(&h, 0, sizeof h);
	h.version = 0x0303;
	for (i = 0; i < NC_TLS_MAX_SUITES; i++)
		h.suites[i] = i == 1 ? 65535 : (uint32_t)(i * 1237 % 65536);
	h.suites[2] = 0x2a2a;		/* GREASE */
	h.n_suites = NC_TLS_MAX_SUITES;
	for (i = 0; i < NC_TLS_MAX_EXT; i++)
		h.ext[i] = (uint32_t)(i * 1031 % 65536);
	h.n_ext = NC_TLS_MAX_EXT;
	for (i = 0; i < NC_TLS_MAX_GROUPS; i++)
		h.groups[i] = (uint32_t)(i * 9 + 1);
	h.n_groups = NC_TLS_MAX_GROUPS;
	h.ecpf[0] = 0;
	h.ecpf[1] = 2;
	h.n_ecpf = 2;
	n = (size_t)sprintf(want, "771,");
	n = ja3_list(want, n, h.suites, h.n_suites);
	want[n++] = ',';
	n = ja3_list(want, n, h.ext, h.n_ext);
	want[n++] = ',';
	n = ja3_list(want, n, h.groups, h.n_groups);
	n += (size_t)sprintf(want + n, ",0-2");
	ok(n < NC_TLS_JA3_MAX && nc_tls_ja3(&h, ja3) == n &&
	    strcmp(ja3, want) == 0, "JA3 of full lists, 0 to 65535");
	n = (size_t)sprintf(want, "771,0,");
	n = ja3_list(want, n, h.ext, h.n_ext);
	ok(nc_tls_ja3s(&h, ja3) == n && strcmp(ja3, want) == 0,
	    "JA3S of a full list");
}

int
main(void)
{
	test_client();
	test_ja4_rules();
	test_ja3_full();
	test_server();
	test_sslv2();
	test_hostile();
	test_limits();
	return tap_done();
}
