/* The TLS stream parser of nc-tcp (lib/tcpapp/tls.c): hellos split into
 * 1-byte calls and across records, a server flight of several messages
 * in one record with a certificate chain (one made here with libcrypto,
 * one that is not DER), TLS 1.3 and HelloRetryRequest ends, a hello that
 * declares 16 MB, bytes that are not TLS, SSL 2.0, gaps, and the probe. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "netcap.pb-c.h"
#include "tcpapp/tcpapp.h"
#include "tap.h"
#include "tlsmsg.h"

/* What the records said, the fields the tests look at. */
struct got {
	int type;
	uint64_t packet;
	char s[8][256];
	uint32_t u[4];
};
static struct got G[64];
static int NG;

static void
str(char *dst, const char *s)
{
	snprintf(dst, 256, "%s", s != NULL ? s : "");
}

static void
txt(char *dst, ProtobufCBinaryData b)
{
	snprintf(dst, 256, "%.*s", (int)b.len, (const char *)b.data);
}

static int
put(void *arg, int type, const ProtobufCMessage *m)
{
	struct got *g = &G[NG < 63 ? NG++ : 63];

	(void)arg;
	memset(g, 0, sizeof *g);
	g->type = type;
	if (type == NETCAP__RECORD__RECORD_TLS_CLIENT_HELLO) {
		const Netcap__TLSClientHello *h = (const void *)m;

		g->packet = h->packet;
		txt(g->s[0], h->sni);
		str(g->s[1], h->ja3);
		str(g->s[2], h->ja4);
		g->u[0] = h->record_version;
		g->u[1] = (uint32_t)h->n_cipher_suites;
		g->u[2] = h->src_port;
	} else if (type == NETCAP__RECORD__RECORD_TLS_SERVER_HELLO) {
		const Netcap__TLSServerHello *h = (const void *)m;

		g->packet = h->packet;
		str(g->s[1], h->ja3s);
		str(g->s[2], h->ja4s);
		g->u[0] = h->selected_version;
		g->u[1] = h->hello_retry_request;
		g->u[2] = h->src_port;
		g->u[3] = h->cipher_suite;
		if (h->_selected_group_case)
			snprintf(g->s[3], 256, "%u", h->selected_group);
	} else if (type == NETCAP__RECORD__RECORD_TLS_CERTIFICATE) {
		const Netcap__TLSCertificate *c = (const void *)m;

		txt(g->s[0], c->subject);
		str(g->s[1], c->serial);
		str(g->s[2], c->parse_error);
		str(g->s[3], c->sha256);
		str(g->s[4], c->curve);
		str(g->s[5], c->sig_alg);
		g->s[6][0] = '\0';
		if (c->n_san_dns > 0)
			txt(g->s[6], c->san_dns[0]);
		g->u[0] = c->index;
		g->u[1] = (uint32_t)(c->n_san_dns + c->n_san_ip +
		    c->n_san_email + c->n_san_uri);
		g->u[2] = c->_is_ca_case ? 1u + c->is_ca : 0;
		g->u[3] = (uint32_t)(c->not_after / 1000000000);
	}
	return 0;
}

static const struct nc_tcpapp_conn CONN = {
	0x1234, 4, { { 10, 0, 0, 1 }, { 10, 0, 0, 2 } }, { 40000, 443 }, 0,
};
static struct nc_tcpapp_stats ST;
static struct nc_tcpapp_ctx C = { &CONN, 0, 0, put, NULL, &ST, NULL, NULL,
    NULL, 0, { 0, 0 }, NULL };
static const struct nc_tcpapp *T = &nc_tcpapp_tls;

static void
reset(void)
{
	NG = 0;
	memset(&ST, 0, sizeof ST);
}

/* Feeds n bytes of dir in calls of per bytes, the packet number counting
 * the calls; returns the last result. */
static int
feed(void *s, int dir, const uint8_t *p, size_t n, size_t per)
{
	size_t k;
	int r = 0;

	while (n > 0) {
		k = n < per ? n : per;
		C.packet++;
		r = T->data(s, dir, p, k, &C);
		if (r < 0)
			return r;
		p += k;
		n -= k;
	}
	return r;
}

/* A ClientHello with SNI "example.com" and 3 suites. */
static void
client_hello(struct msg *m)
{
	static const unsigned sv[] = { 0x0304, 0x0303 };
	size_t hl, l, e, i;

	m->n = 0;
	u8(m, 1);
	hl = begin(m, 3);
	u16(m, 0x0303);
	for (i = 0; i < 32; i++)
		u8(m, 7);
	u8(m, 0);
	u16(m, 6);
	u16(m, 0x1301);
	u16(m, 0xc02f);
	u16(m, 0x002f);
	u8(m, 1);
	u8(m, 0);
	e = begin(m, 2);
	ext(m, 0, "\x00\x0e\x00\x00\x0b" "example.com", 16);
	u16(m, 0x002b);
	l = begin(m, 2);
	u8(m, 4);
	for (i = 0; i < 2; i++)
		u16(m, sv[i]);
	end(m, l, 2);
	end(m, e, 2);
	end(m, hl, 3);
}

static void
server_hello(struct msg *m, int tls13, int hrr)
{
	static const uint8_t hrr_random[32] = {
		0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d,
		0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16,
		0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8,
		0x33, 0x9c,
	};
	static const uint8_t zero[32];
	size_t hl, e;

	u8(m, 2);
	hl = begin(m, 3);
	u16(m, 0x0303);
	raw(m, hrr ? hrr_random : zero, 32);
	u8(m, 0);
	u16(m, tls13 ? 0x1301 : 0xc02f);
	u8(m, 0);
	e = begin(m, 2);
	if (tls13)
		ext(m, 0x002b, "\x03\x04", 2);
	else
		ext(m, 0xff01, "\x00", 1);
	end(m, e, 2);
	end(m, hl, 3);
}

/* A self-signed P-256 certificate: DER into out, its length. */
static size_t
make_cert(uint8_t *out, size_t cap)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_NAME *nm;
	X509V3_CTX v3;
	X509_EXTENSION *e;
	unsigned char *p = NULL;
	int n;

	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 0x0123);
	ASN1_TIME_set(X509_getm_notBefore(x), 1700000000);
	ASN1_TIME_set(X509_getm_notAfter(x), 1800000000);
	nm = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(nm, "C", MBSTRING_ASC,
	    (const unsigned char *)"US", -1, -1, 0);
	X509_NAME_add_entry_by_txt(nm, "O", MBSTRING_ASC,
	    (const unsigned char *)"netcap, tests", -1, -1, 0);
	X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC,
	    (const unsigned char *)"test.example", -1, -1, 0);
	X509_set_issuer_name(x, nm);
	X509_set_pubkey(x, k);
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name,
	    "DNS:a.example,IP:192.0.2.1,email:a@example.org,"
	    "URI:https://a.example/");
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	e = X509V3_EXT_conf_nid(NULL, &v3, NID_basic_constraints,
	    "critical,CA:TRUE");
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	X509_sign(x, k, EVP_sha256());
	n = i2d_X509(x, &p);
	if (n <= 0 || (size_t)n > cap)
		n = 0;
	else
		memcpy(out, p, (size_t)n);
	OPENSSL_free(p);
	X509_free(x);
	EVP_PKEY_free(k);
	return (size_t)n;
}

static void
test_client_split(void)
{
	static struct msg h, r;
	size_t per[] = { 1, 7, 100000 }, rec[] = { 16384, 50, 1 }, i;
	void *s;

	client_hello(&h);
	for (i = 0; i < 3; i++) {
		reset();
		r.n = 0;
		records(&r, 22, 0x0301, h.b, h.n, rec[i]);
		s = T->open(&C);
		C.packet = 0;
		feed(s, NC_TCPAPP_ORIG, r.b, r.n, per[i]);
		ok(NG == 1 && G[0].type ==
		    NETCAP__RECORD__RECORD_TLS_CLIENT_HELLO &&
		    strcmp(G[0].s[0], "example.com") == 0 &&
		    G[0].u[0] == 0x0301 && G[0].u[1] == 3 &&
		    G[0].u[2] == 40000 && G[0].packet == C.packet &&
		    strcmp(G[0].s[1], "771,4865-49199-47,0-43,,") == 0 &&
		    strncmp(G[0].s[2], "t13d030200_", 11) == 0,
		    "ClientHello in %zu-byte records, %zu-byte calls: one "
		    "record when its last byte came (%s %s)", rec[i], per[i],
		    G[0].s[1], G[0].s[2]);
		T->close(s, &C);
	}
}

static void
test_server_flight(void)
{
	static struct msg f, r, ch;
	static uint8_t der[4096];
	size_t dn = make_cert(der, sizeof der), cl, i;
	uint64_t sh_end;
	void *s;
	int rc;

	f.n = 0;
	server_hello(&f, 0, 0);
	u8(&f, 11);			/* Certificate: two entries */
	cl = begin(&f, 3);
	{
		size_t l = begin(&f, 3);

		u24(&f, dn);
		raw(&f, der, dn);
		u24(&f, 5);
		raw(&f, "hello", 5);
		end(&f, l, 3);
	}
	end(&f, cl, 3);
	u8(&f, 12);			/* ServerKeyExchange: secp256r1 */
	cl = begin(&f, 3);
	u8(&f, 3);
	u16(&f, 23);
	u8(&f, 65);
	for (i = 0; i < 65; i++)
		u8(&f, 4);
	u16(&f, 0x0401);
	u16(&f, 4);
	u16(&f, 0);
	u16(&f, 0);
	end(&f, cl, 3);
	u8(&f, 14);			/* ServerHelloDone */
	u24(&f, 0);
	reset();
	s = T->open(&C);
	client_hello(&ch);
	r.n = 0;
	records(&r, 22, 0x0301, ch.b, ch.n, 16384);
	feed(s, NC_TCPAPP_ORIG, r.b, r.n, 3);
	r.n = 0;
	records(&r, 22, 0x0303, f.b, f.n, 16384);
	sh_end = C.packet + (5 + 4 + 45 + 12) / 13;	/* its last byte's call */
	feed(s, NC_TCPAPP_RESP, r.b, r.n, 13);
	ok(NG == 4 && G[3].type == NETCAP__RECORD__RECORD_TLS_SERVER_HELLO &&
	    G[3].u[0] == 0x0303 && G[3].u[3] == 0xc02f && G[3].u[2] == 443 &&
	    strcmp(G[3].s[1], "771,49199,65281") == 0 &&
	    strncmp(G[3].s[2], "t120100_c02f_", 13) == 0 &&
	    strcmp(G[3].s[3], "23") == 0 && G[3].packet == sh_end,
	    "TLS 1.2 ServerHello after the certificates, with the curve of "
	    "ServerKeyExchange and the packet of its own end: %s %s group %s "
	    "packet %llu", G[3].s[1], G[3].s[2], G[3].s[3],
	    (unsigned long long)G[3].packet);
	ok(NG == 4 && G[1].type == NETCAP__RECORD__RECORD_TLS_CERTIFICATE &&
	    G[1].u[0] == 0 &&
	    strcmp(G[1].s[0], "CN=test.example,O=netcap\\, tests,C=US") == 0 &&
	    strcmp(G[1].s[1], "0123") == 0 && G[1].s[2][0] == '\0' &&
	    strlen(G[1].s[3]) == 64 && strcmp(G[1].s[4], "prime256v1") == 0 &&
	    strcmp(G[1].s[5], "ecdsa-with-SHA256") == 0 &&
	    strcmp(G[1].s[6], "a.example") == 0 && G[1].u[1] == 4 &&
	    G[1].u[2] == 2 && G[1].u[3] == 1800000000,
	    "certificate 0: subject in RFC 2253 (%s), serial %s, curve, "
	    "signature, 4 SANs, CA, not_after", G[1].s[0], G[1].s[1]);
	ok(NG == 4 && G[2].u[0] == 1 && G[2].s[2][0] != '\0' &&
	    strcmp(G[2].s[3], "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa74"
	    "25e73043362938b9824") == 0,
	    "certificate 1, not DER: its SHA-256 and a parse error");
	for (i = 0; i < 2; i++) {
		C.packet++;
		rc = T->data(s, (int)i, (const uint8_t *)"\x14\x03\x03\x00\x01"
		    "\x01", 6, &C);
	}
	ok(rc == NC_TCPAPP_DONE && NG == 4, "ChangeCipherSpec both ways: "
	    "done");
	T->close(s, &C);
}

static void
test_tls13_hrr(void)
{
	static struct msg h, r;
	const uint8_t *ccs = (const uint8_t *)"\x14\x03\x03\x00\x01\x01";
	void *s;
	int rc;

	/* TLS 1.3: the ServerHello ends the server's side. */
	reset();
	s = T->open(&C);
	client_hello(&h);
	r.n = 0;
	records(&r, 22, 0x0301, h.b, h.n, 16384);
	feed(s, NC_TCPAPP_ORIG, r.b, r.n, 4096);
	h.n = 0;
	server_hello(&h, 1, 0);
	r.n = 0;
	records(&r, 22, 0x0303, h.b, h.n, 16384);
	records(&r, 23, 0x0303, (const uint8_t *)"xxxx", 4, 16384);
	rc = feed(s, NC_TCPAPP_RESP, r.b, r.n, 4096);
	ok(rc == NC_TCPAPP_MORE && NG == 2 && G[1].u[0] == 0x0304,
	    "TLS 1.3 ServerHello: selected_version 0x0304");
	rc = feed(s, NC_TCPAPP_ORIG, ccs, 6, 6);
	ok(rc == NC_TCPAPP_DONE, "then the client's ChangeCipherSpec: done");
	T->close(s, &C);

	/* HelloRetryRequest, ChangeCipherSpec of both, second hellos. */
	reset();
	s = T->open(&C);
	client_hello(&h);
	r.n = 0;
	records(&r, 22, 0x0301, h.b, h.n, 16384);
	feed(s, NC_TCPAPP_ORIG, r.b, r.n, 4096);
	h.n = 0;
	server_hello(&h, 1, 1);
	r.n = 0;
	records(&r, 22, 0x0303, h.b, h.n, 16384);
	raw(&r, ccs, 6);
	rc = feed(s, NC_TCPAPP_RESP, r.b, r.n, 4096);
	ok(rc == NC_TCPAPP_MORE && NG == 2 && G[1].u[1] == 1,
	    "HelloRetryRequest recognised, then ChangeCipherSpec: not done");
	client_hello(&h);
	r.n = 0;
	raw(&r, ccs, 6);
	records(&r, 22, 0x0303, h.b, h.n, 16384);
	feed(s, NC_TCPAPP_ORIG, r.b, r.n, 4096);
	h.n = 0;
	server_hello(&h, 1, 0);
	r.n = 0;
	records(&r, 22, 0x0303, h.b, h.n, 16384);
	feed(s, NC_TCPAPP_RESP, r.b, r.n, 4096);
	rc = feed(s, NC_TCPAPP_ORIG, ccs, 6, 6);
	ok(NG == 4 && G[2].type == NETCAP__RECORD__RECORD_TLS_CLIENT_HELLO &&
	    G[3].type == NETCAP__RECORD__RECORD_TLS_SERVER_HELLO &&
	    G[3].u[1] == 0 && rc == NC_TCPAPP_DONE,
	    "second ClientHello after ChangeCipherSpec, real ServerHello");
	T->close(s, &C);
}

static void
test_hostile(void)
{
	static struct msg r;
	static uint8_t junk[16384];
	void *s;
	int i, rc;

	/* A hello that declares 16 MB, then 64 full records of it. */
	reset();
	s = T->open(&C);
	r.n = 0;
	u8(&r, 22);
	u16(&r, 0x0301);
	u16(&r, 16384);
	u8(&r, 1);
	u24(&r, 0xffffff);
	raw(&r, junk, 16380);
	feed(s, NC_TCPAPP_ORIG, r.b, r.n, 1460);
	r.n = 0;
	records(&r, 22, 0x0301, junk, sizeof junk, 16384);
	for (i = 0; i < 64; i++)
		feed(s, NC_TCPAPP_ORIG, r.b, r.n, 65536);
	ok(NG == 0 && ST.capped == 1 && ST.malformed == 0,
	    "a hello declaring 16 MB: skipped, capped 1");
	T->close(s, &C);

	/* A hello that declares 60000 bytes and sends 100: the buffer
	 * grows with what came, not to what was declared (glibc's count of
	 * the heap in use; ASan's allocator keeps no such count). */
	reset();
	s = T->open(&C);
	{
		size_t before = mallinfo2().uordblks, after;

		r.n = 0;
		u8(&r, 22);
		u16(&r, 0x0301);
		u16(&r, 16384);
		u8(&r, 1);
		u24(&r, 60000);
		raw(&r, junk, 100);
		feed(s, NC_TCPAPP_ORIG, r.b, r.n, 1460);
		after = mallinfo2().uordblks;
#if defined(__SANITIZE_ADDRESS__)
		after = before;
#endif
		ok(NG == 0 && ST.capped == 0 && after - before < 16384,
		    "a hello declaring 60000 bytes, 100 sent: %zu bytes "
		    "held", after - before);
	}
	T->close(s, &C);

	reset();
	s = T->open(&C);
	feed(s, NC_TCPAPP_ORIG, (const uint8_t *)"GET / HTTP/1.1\r\n", 16, 16);
	ok(ST.malformed == 1 && NG == 0, "bytes that are not TLS: the "
	    "direction is given up, malformed 1");
	rc = T->gap(s, NC_TCPAPP_RESP, 100, &C);
	ok(rc == NC_TCPAPP_DONE, "a gap ends the other direction: done");
	T->close(s, &C);
}

static void
test_sslv2(void)
{
	static const uint8_t v2[] = {
		0x80, 0x1f, 1, 0x03, 0x01, 0, 6, 0, 0, 0, 16,
		0x01, 0x00, 0x80, 0x00, 0x00, 0x2f,
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
	};
	void *s;

	reset();
	s = T->open(&C);
	feed(s, NC_TCPAPP_ORIG, v2, sizeof v2, 1);
	ok(NG == 1 && G[0].u[0] == 2 && G[0].u[1] == 2 &&
	    G[0].s[1][0] == '\0' && ST.malformed == 0,
	    "SSL 2.0 CLIENT-HELLO byte by byte: record_version 2, no JA3");
	T->close(s, &C);
	ok(T->probe(0, v2, 5) == NC_PROBE_YES, "probe: SSL 2.0 hello");
}

static void
test_probe(void)
{
	const uint8_t *hs = (const uint8_t *)"\x16\x03\x01\x02\x00\x01";

	ok(T->probe(0, hs, 6) == NC_PROBE_YES &&
	    T->probe(0, hs, 3) == NC_PROBE_MORE &&
	    T->probe(0, hs, 0) == NC_PROBE_MORE,
	    "probe: a handshake record, or too few bytes of one");
	ok(T->probe(0, (const uint8_t *)"\x16\x03\x05\x02\x00", 5) ==
	    NC_PROBE_NO && T->probe(0, (const uint8_t *)"\x17\x03\x03\x02\x00",
	    5) == NC_PROBE_NO && T->probe(0, (const uint8_t *)"\x16\x03\x03"
	    "\xff\xff", 5) == NC_PROBE_NO && T->probe(0, (const uint8_t *)
	    "GET ", 4) == NC_PROBE_NO, "probe: version 0x0305, application "
	    "data, 64 KiB record, HTTP: no");
}

int
main(void)
{
	C.shared = T->init();
	test_client_split();
	test_server_flight();
	test_tls13_hrr();
	test_hostile();
	test_sslv2();
	test_probe();
	T->fini(C.shared);
	return tap_done();
}
