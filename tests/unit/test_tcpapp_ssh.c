/* The SSH stream parser (lib/tcpapp/ssh.c): identification strings cut
 * anywhere, lines before them, KEXINITs cut anywhere, HASSH against a
 * published value, the negotiated algorithms, SSH-1, and hostile lengths
 * and name-lists. */
#include <stdio.h>

#include "tap.h"
#include "tcpapp.h"

static const struct nc_tcpapp *A = &nc_tcpapp_ssh;

/* OpenSSH 8.2p1's client lists (zeek-ssh-ssh1-ssh2-fingerprints.pcap),
 * whose HASSH, ae8bd7dd09970555aa4c6ed22adbbf56, is the one published
 * for OpenSSH 8.x clients (HASSH database, honeypot reports). */
static const char *const CLIENT[10] = {
	"curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,"
	"ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-"
	"sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,"
	"diffie-hellman-group14-sha256,ext-info-c",
	"ssh-ed25519,rsa-sha2-512",
	"chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,"
	"aes128-gcm@openssh.com,aes256-gcm@openssh.com",
	"chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,"
	"aes128-gcm@openssh.com,aes256-gcm@openssh.com",
	"umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@"
	"openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,"
	"umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,"
	"hmac-sha1",
	"hmac-sha1",
	"none,zlib@openssh.com,zlib",
	"none", "", "",
};

static const char *const SERVER[10] = {
	"diffie-hellman-group14-sha256,curve25519-sha256",
	"rsa-sha2-512,ssh-ed25519",
	"aes256-ctr", "aes128-ctr",
	"hmac-sha2-256,hmac-sha1", "hmac-sha1",
	"zlib,none", "none", "", "",
};

/* A binary packet holding a KEXINIT of the ten lists; plen overrides the
 * packet_length unless 0.  Returns its length. */
static size_t
kexinit(uint8_t *out, const char *const l[10], uint32_t plen)
{
	size_t n = 5, i, len, pad;

	out[n++] = 20;
	for (i = 0; i < 16; i++)
		out[n++] = (uint8_t)i;
	for (i = 0; i < 10; i++) {
		len = strlen(l[i]);
		out[n++] = (uint8_t)(len >> 24);
		out[n++] = (uint8_t)(len >> 16);
		out[n++] = (uint8_t)(len >> 8);
		out[n++] = (uint8_t)len;
		memcpy(out + n, l[i], len);
		n += len;
	}
	memset(out + n, 0, 5);		/* first_kex_packet_follows, reserved */
	n += 5;
	pad = 8 - n % 8;
	if (pad < 4)
		pad += 8;
	memset(out + n, 0, pad);
	n += pad;
	if (plen == 0)
		plen = (uint32_t)(n - 4);
	out[0] = (uint8_t)(plen >> 24);
	out[1] = (uint8_t)(plen >> 16);
	out[2] = (uint8_t)(plen >> 8);
	out[3] = (uint8_t)plen;
	out[4] = (uint8_t)pad;
	return n;
}

static Netcap__SSH *
rec(int i)
{
	if (i >= NR || R[i].type != NETCAP__RECORD__RECORD_SSH)
		return NULL;
	return netcap__ssh__unpack(NULL, R[i].len, R[i].buf);
}

static int
is(ProtobufCBinaryData b, const char *s)
{
	return b.len == strlen(s) && memcmp(b.data, s, b.len) == 0;
}

static const char CB[] = "SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.1\r\n";
static const char SB[] = "Hello\r\nthere\r\nSSH-1.99-Srv_1.0\r\n";

/* A whole exchange, every call step bytes long. */
static void
exchange(size_t step)
{
	static uint8_t ck[4096], sk[4096];
	size_t cn = kexinit(ck, CLIENT, 0), sn = kexinit(sk, SERVER, 0);
	void *s = A->open(&CTX);
	Netcap__SSH *c, *v;
	int rc;

	memset(&STATS, 0, sizeof STATS);
	feed(A, s, NC_TCPAPP_RESP, SB, strlen(SB), step);
	feed(A, s, NC_TCPAPP_ORIG, CB, strlen(CB), step);
	feed(A, s, NC_TCPAPP_RESP, sk, sn, step);
	ok(NR == 0, "step %zu: the server's record waits for the client's "
	    "KEXINIT", step);
	rc = feed(A, s, NC_TCPAPP_ORIG, ck, cn, step);
	ok(rc == NC_TCPAPP_DONE && NR == 2, "step %zu: both records once both "
	    "KEXINITs are read, and done (rc %d, %d records)", step, rc, NR);
	c = rec(0);
	v = rec(1);
	ok(c != NULL && strcmp(c->direction, "client") == 0 &&
	    is(c->ident, "SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.1") &&
	    is(c->proto_version, "2.0") && c->version == 2 &&
	    is(c->software, "OpenSSH_8.2p1") &&
	    is(c->comments, "Ubuntu-4ubuntu0.1") && c->src_port == 40000,
	    "step %zu: the client's identification, split", step);
	ok(c != NULL && c->hassh != NULL &&
	    strcmp(c->hassh, "ae8bd7dd09970555aa4c6ed22adbbf56") == 0,
	    "step %zu: HASSH is the published value (%s)", step,
	    c != NULL ? c->hassh : "none");
	ok(v != NULL && strcmp(v->direction, "server") == 0 &&
	    is(v->ident, "SSH-1.99-Srv_1.0") && v->version == 2 &&
	    v->pre_banner_lines == 2 && v->src_port == 22,
	    "step %zu: the server's, after two other lines; 1.99 is 2", step);
	ok(v != NULL && is(v->kex_alg, "curve25519-sha256") &&
	    is(v->host_key_alg, "ssh-ed25519") &&
	    is(v->cipher_alg, "To server: aes256-ctr, To client: aes128-ctr") &&
	    is(v->mac_alg, "To server: hmac-sha2-256, To client: hmac-sha1") &&
	    is(v->compression_alg, "none") &&
	    is(v->hassh_algorithms, "diffie-hellman-group14-sha256,curve25519-"
	    "sha256;aes128-ctr;hmac-sha1;none"),
	    "step %zu: negotiated as RFC 4253 7.1 (the client's first that "
	    "the server has), the server's lists server to client in "
	    "HASSHServer", step);
	netcap__ssh__free_unpacked(c, NULL);
	netcap__ssh__free_unpacked(v, NULL);
	ok(A->close(s, &CTX) == 0 && NR == 2, "step %zu: nothing more at "
	    "close", step);
	forget();
}

static void
hostile(void)
{
	static uint8_t k[8192];
	static char big[2100];
	const char *l[10];
	Netcap__SSH *c;
	size_t n, i;
	void *s;

	/* packet_length 2^32-1 */
	memset(&STATS, 0, sizeof STATS);
	s = A->open(&CTX);
	feed(A, s, NC_TCPAPP_ORIG, CB, strlen(CB), 1000);
	n = kexinit(k, CLIENT, 0xffffffffu);
	feed(A, s, NC_TCPAPP_ORIG, k, n, 1000);
	ok(STATS.malformed == 1 && NR == 0, "packet_length 2^32-1: malformed, "
	    "nothing kept");
	A->close(s, &CTX);
	c = rec(0);
	ok(NR == 1 && c != NULL && !c->kexinit && is(c->software,
	    "OpenSSH_8.2p1"), "its identification still reported at close");
	netcap__ssh__free_unpacked(c, NULL);
	forget();

	/* A name-list over the cap. */
	memset(big, 'a', sizeof big - 1);
	for (i = 0; i < 10; i++)
		l[i] = CLIENT[i];
	l[2] = big;
	memset(&STATS, 0, sizeof STATS);
	s = A->open(&CTX);
	feed(A, s, NC_TCPAPP_ORIG, CB, strlen(CB), 1000);
	n = kexinit(k, l, 0);
	feed(A, s, NC_TCPAPP_ORIG, k, n, 7);
	c = rec(0);
	ok(NR == 1 && c != NULL && c->capped && c->encryption_c2s.len == 1024 &&
	    (c->hassh == NULL || c->hassh[0] == '\0') && STATS.capped == 1,
	    "a 2099-byte name-list: kept to 1024 bytes, capped, no HASSH");
	netcap__ssh__free_unpacked(c, NULL);
	A->close(s, &CTX);
	forget();

	/* A name-list longer than its packet. */
	memset(&STATS, 0, sizeof STATS);
	s = A->open(&CTX);
	n = kexinit(k, CLIENT, 0);
	k[5 + 1 + 16] = 0x7f;
	feed(A, s, NC_TCPAPP_ORIG, CB, strlen(CB), 1000);
	feed(A, s, NC_TCPAPP_ORIG, k, n, 1000);
	ok(STATS.malformed == 1, "a name-list longer than its packet: "
	    "malformed");
	A->close(s, &CTX);
	forget();

	/* A line that never ends. */
	memset(&STATS, 0, sizeof STATS);
	s = A->open(&CTX);
	memset(k, 'x', sizeof k);
	for (i = 0; i < 3; i++)
		feed(A, s, NC_TCPAPP_RESP, k, sizeof k, sizeof k);
	ok(STATS.malformed == 1, "16 KiB without an identification: given up");
	A->close(s, &CTX);
	ok(NR == 0, "and nothing to report");
	forget();
}

static void
ssh1_and_gap(void)
{
	static const char one[] = "SSH-1.5-Old_1\n";
	Netcap__SSH *c;
	void *s = A->open(&CTX);
	int rc;

	feed(A, s, NC_TCPAPP_ORIG, one, strlen(one), 3);
	rc = feed(A, s, NC_TCPAPP_RESP, "SSH-2.0-x\r\n", 11, 100);
	ok(rc == NC_TCPAPP_MORE && NR == 0, "SSH-1.5: nothing yet");
	rc = A->gap(s, NC_TCPAPP_RESP, 10, &CTX);
	ok(rc == NC_TCPAPP_DONE, "a gap ends the server side, SSH-1 the "
	    "client's: done");
	A->close(s, &CTX);
	c = rec(0);
	ok(NR == 2 && c != NULL && c->version == 1 && is(c->proto_version,
	    "1.5") && !c->kexinit, "at close: SSH-1.5 is version 1, no KEXINIT");
	netcap__ssh__free_unpacked(c, NULL);
	forget();
}

int
main(void)
{
	size_t steps[] = { 1, 2, 3, 7, 64, 5000 };
	size_t i;

	ok(A->probe(1, (const uint8_t *)"SSH-2.0", 7) == NC_PROBE_YES &&
	    A->probe(1, (const uint8_t *)"SS", 2) == NC_PROBE_MORE &&
	    A->probe(0, (const uint8_t *)"GET / ", 6) == NC_PROBE_NO,
	    "probe: SSH- yes, a prefix of it more, anything else no");
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
		exchange(steps[i]);
	hostile();
	ssh1_and_gap();
	return tap_done();
}
