/* JA3 and JA3S as Salesforce defined them (github.com/salesforce/ja3):
 * the decimal values of the hello's fields, GREASE left out, MD5'd.
 * JA4 and JA4S as FoxIO's technical_details/JA4.md and JA4S.md define
 * them: a readable prefix, then SHA-256 of lists truncated to 12 hex
 * digits.  JA4's rules, in short:
 *   - version: the highest supported_versions entry, else legacy_version;
 *     13 12 11 10 s3 s2, d1 d2 d3 for DTLS, 00 otherwise;
 *   - d when a server_name was sent, i when not;
 *   - counts of ciphers and of extensions, at most 99;
 *   - first and last character of the first ALPN protocol, 00 without
 *     one, or the first and last hex digit of it when either end is not
 *     an ASCII letter or digit;
 *   - ciphers sorted, extensions sorted without server_name and ALPN,
 *     then '_' and the signature algorithms in their order; an empty
 *     list hashes to twelve 0s. */
#include "tls/fingerprint.h"
#include "digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

/* Appends to a buffer of NC_TLS_JA3_MAX; output past it is cut, and the
 * text is always terminated, as snprintf would leave it. */
struct buf {
	char *s;
	size_t n, cap;
};

static void
put_str(struct buf *b, const char *t, size_t k)
{
	if (b->n >= b->cap)
		return;
	if (k > b->cap - b->n - 1)
		k = b->cap - b->n - 1;
	memcpy(b->s + b->n, t, k);
	b->n += k;
	b->s[b->n] = '\0';
}

static void
put_char(struct buf *b, char c)
{
	put_str(b, &c, 1);
}

/* A value in decimal, or in four or more hex digits (hex4): the lists
 * hold hundreds of values a hello, and snprintf took most of the time
 * of a ClientHello's fingerprints. */
static void
put_num(struct buf *b, unsigned v, int hex4)
{
	static const char digits[] = "0123456789abcdef";
	char t[16];
	size_t i = sizeof t;

	if (hex4) {
		do {
			t[--i] = digits[v & 15];
			v >>= 4;
		} while (v != 0 || sizeof t - i < 4);
	} else {
		do {
			t[--i] = (char)('0' + v % 10);
			v /= 10;
		} while (v != 0);
	}
	put_str(b, t + i, sizeof t - i);
}

/* The values of a list but GREASE, joined by sep. */
static void
list(struct buf *b, const uint32_t *v, size_t n, int hex4, char sep)
{
	size_t i;
	int first = 1;

	for (i = 0; i < n; i++) {
		if (nc_tls_grease(v[i]))
			continue;
		if (!first)
			put_char(b, sep);
		put_num(b, v[i], hex4);
		first = 0;
	}
}

size_t
nc_tls_ja3(const struct nc_tls_hello *h, char out[NC_TLS_JA3_MAX])
{
	struct buf b = { out, 0, NC_TLS_JA3_MAX };

	out[0] = '\0';
	put_num(&b, h->version, 0);
	put_char(&b, ',');
	list(&b, h->suites, h->n_suites, 0, '-');
	put_char(&b, ',');
	list(&b, h->ext, h->n_ext, 0, '-');
	put_char(&b, ',');
	list(&b, h->groups, h->n_groups, 0, '-');
	put_char(&b, ',');
	list(&b, h->ecpf, h->n_ecpf, 0, '-');
	return b.n;
}

size_t
nc_tls_ja3s(const struct nc_tls_hello *h, char out[NC_TLS_JA3_MAX])
{
	struct buf b = { out, 0, NC_TLS_JA3_MAX };

	out[0] = '\0';
	put_num(&b, h->version, 0);
	put_char(&b, ',');
	put_num(&b, h->n_suites > 0 ? h->suites[0] : 0, 0);
	put_char(&b, ',');
	list(&b, h->ext, h->n_ext, 0, '-');
	return b.n;
}

static void
hex(const unsigned char *d, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * n] = '\0';
}

void
nc_tls_md5(const char *s, size_t n, char out[NC_TLS_MD5_HEX])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int dn = 0;

	if (!EVP_Digest(s, n, d, &dn, nc_md5(), NULL) || dn != 16) {
		out[0] = '\0';
		return;
	}
	hex(d, 16, out);
}

/* The first 12 hex digits of SHA-256 of s; twelve 0s for "". */
static void
sha12(const char *s, size_t n, char out[13])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	char h[2 * EVP_MAX_MD_SIZE + 1];
	unsigned int dn = 0;

	if (n == 0 || !EVP_Digest(s, n, d, &dn, nc_sha256(), NULL) ||
	    dn < 6) {
		memcpy(out, "000000000000", 13);
		return;
	}
	hex(d, 6, h);
	memcpy(out, h, 13);
}

static const char *
version_code(uint32_t v)
{
	switch (v) {
	case 0x0304: return "13";
	case 0x0303: return "12";
	case 0x0302: return "11";
	case 0x0301: return "10";
	case 0x0300: return "s3";
	case 0x0002: return "s2";
	case 0xfeff: return "d1";
	case 0xfefd: return "d2";
	case 0xfefc: return "d3";
	}
	return "00";
}

static int
alnum(unsigned c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z');
}

/* The two characters that stand for the first ALPN protocol. */
static void
alpn_code(const struct nc_tls_hello *h, char out[3])
{
	static const char digits[] = "0123456789abcdef";
	const struct nc_tls_span *a = &h->alpn[0];
	unsigned first, last;

	memcpy(out, "00", 3);
	if (h->n_alpn == 0 || a->n == 0)
		return;
	first = a->p[0];
	last = a->p[a->n - 1];
	if (alnum(first) && alnum(last)) {
		out[0] = (char)first;
		out[1] = (char)last;
	} else {
		out[0] = digits[first >> 4];
		out[1] = digits[last & 15];
	}
}

static int
cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The values of v but GREASE (and but server_name and ALPN when
 * skip_named), sorted when sort is set; returns how many. */
static size_t
pick(const uint32_t *v, size_t n, uint32_t *out, int skip_named, int sort)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (nc_tls_grease(v[i]))
			continue;
		if (skip_named && (v[i] == 0 || v[i] == 16))
			continue;
		out[k++] = v[i];
	}
	if (sort)
		qsort(out, k, sizeof *out, cmp);
	return k;
}

static size_t
count(const uint32_t *v, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += !nc_tls_grease(v[i]);
	return k > 99 ? 99 : k;
}

void
nc_tls_ja4(const struct nc_tls_hello *h, char proto, char out[NC_TLS_JA4_MAX])
{
	uint32_t v[NC_TLS_MAX_SUITES];
	char s[NC_TLS_JA3_MAX], a[3], hb[13], hc[13];
	struct buf b = { s, 0, sizeof s };
	size_t n;

	n = pick(h->suites, h->n_suites, v, 0, 1);
	s[0] = '\0';
	list(&b, v, n, 1, ',');
	sha12(s, b.n, hb);
	b.n = 0;
	s[0] = '\0';
	n = pick(h->ext, h->n_ext, v, 1, 1);
	list(&b, v, n, 1, ',');
	if (count(h->sigalgs, h->n_sigalgs) > 0) {
		put_char(&b, '_');
		list(&b, h->sigalgs, h->n_sigalgs, 1, ',');
	}
	sha12(s, n > 0 ? b.n : 0, hc);
	alpn_code(h, a);
	snprintf(out, NC_TLS_JA4_MAX, "%c%s%c%02zu%02zu%s_%s_%s", proto,
	    version_code(nc_tls_hello_version(h)), h->has_sni ? 'd' : 'i',
	    count(h->suites, h->n_suites), count(h->ext, h->n_ext), a, hb,
	    hc);
}

void
nc_tls_ja4s(const struct nc_tls_hello *h, char proto,
    char out[NC_TLS_JA4_MAX])
{
	uint32_t v[NC_TLS_MAX_EXT];
	char s[NC_TLS_JA3_MAX], a[3], hc[13];
	struct buf b = { s, 0, sizeof s };
	size_t n;

	s[0] = '\0';
	n = pick(h->ext, h->n_ext, v, 0, 0);
	list(&b, v, n, 1, ',');
	sha12(s, b.n, hc);
	alpn_code(h, a);
	snprintf(out, NC_TLS_JA4_MAX, "%c%s%02zu%s_%04x_%s", proto,
	    version_code(nc_tls_hello_version(h)), count(h->ext, h->n_ext), a,
	    h->n_suites > 0 ? (unsigned)h->suites[0] : 0u, hc);
}
