/* Keys, pins and TLS contexts (tls.h). */
#include "tls.h"
#include "hex.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

/* An Ed25519 SubjectPublicKeyInfo is 44 bytes of DER. */
#define SPKI_MAX 128

int
nc_pin_name_ok(const char *name)
{
	size_t i;

	if (name[0] == '\0' || name[0] == '.')
		return 0;
	for (i = 0; name[i] != '\0'; i++)
		if (i >= NC_NAME_MAX || !(isalnum((unsigned char)name[i]) ||
		    name[i] == '.' || name[i] == '_' || name[i] == '-'))
			return 0;
	return 1;
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Decodes hex (an even count of hex digits) or base64 (padded or not)
 * into out; the length, or -1. */
static long
decode_key(const char *s, size_t n, uint8_t *out, size_t cap)
{
	size_t i, k = 0;
	uint32_t acc = 0;
	int bits = 0, v, allhex = n % 2 == 0;

	for (i = 0; i < n && allhex; i++)
		allhex = nc_hexval(s[i]) >= 0;
	if (allhex) {
		if (n / 2 > cap)
			return -1;
		for (i = 0; i < n; i += 2)
			out[k++] = (uint8_t)(nc_hexval(s[i]) << 4 |
			    nc_hexval(s[i + 1]));
		return (long)k;
	}
	while (n > 0 && s[n - 1] == '=')
		n--;
	for (i = 0; i < n; i++) {
		if ((v = b64val((unsigned char)s[i])) < 0)
			return -1;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (k >= cap)
				return -1;
			out[k++] = (uint8_t)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	return (long)k;
}

int
nc_pins_parse_line(const char *line, size_t len, struct nc_pin *pin,
    char *why, size_t whylen)
{
	uint8_t raw[SPKI_MAX];
	size_t i = 0, ns, ne, ks, ke;
	long n;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == len || line[i] == '#' || line[i] == '\r')
		return 0;
	ns = i;
	while (i < len && line[i] != ' ' && line[i] != '\t')
		i++;
	ne = i;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	ks = i;
	while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
		i++;
	ke = i;
	while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	if (ks == ke || i != len) {
		snprintf(why, whylen, "expected \"name key\"");
		return -1;
	}
	if (ne - ns > NC_NAME_MAX) {
		snprintf(why, whylen, "name longer than %d bytes", NC_NAME_MAX);
		return -1;
	}
	memcpy(pin->name, line + ns, ne - ns);
	pin->name[ne - ns] = '\0';
	if (!nc_pin_name_ok(pin->name)) {
		snprintf(why, whylen, "a name has letters, digits, '.', '_' "
		    "and '-' and does not start with '.'");
		return -1;
	}
	n = decode_key(line + ks, ke - ks, raw, sizeof raw);
	if (n == NC_PIN_LEN) {
		memcpy(pin->hash, raw, NC_PIN_LEN);
		return 1;
	}
	/* A whole key: hashed, once it is seen to be one. */
	if (n > NC_PIN_LEN) {
		const uint8_t *q = raw;
		EVP_PKEY *k = d2i_PUBKEY(NULL, &q, n);

		if (k != NULL && q == raw + n) {
			EVP_PKEY_free(k);
			SHA256(raw, (size_t)n, pin->hash);
			return 1;
		}
		EVP_PKEY_free(k);
		ERR_clear_error();
	}
	snprintf(why, whylen, "the key is neither a SHA-256 pin nor a public "
	    "key, in base64 or hex");
	return -1;
}

int
nc_pins_load(struct nc_pins *p, const char *path, char *why, size_t whylen)
{
	FILE *fp;
	char *line = NULL, err[160];
	size_t cap = 0, lineno = 0, i;
	ssize_t n;
	struct nc_pin pin;
	int r, rval = -1;

	if ((fp = fopen(path, "re")) == NULL) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			n--;
		if ((r = nc_pins_parse_line(line, (size_t)n, &pin, err,
		    sizeof err)) < 0) {
			snprintf(why, whylen, "%s: line %zu: %s", path, lineno,
			    err);
			goto out;
		}
		if (r == 0)
			continue;
		for (i = 0; i < p->n; i++)
			if (strcmp(p->pin[i].name, pin.name) == 0 ||
			    memcmp(p->pin[i].hash, pin.hash, NC_PIN_LEN) == 0) {
				snprintf(why, whylen, "%s: line %zu: name or "
				    "key listed twice", path, lineno);
				goto out;
			}
		if (p->n == p->cap) {
			size_t nc = p->cap ? p->cap * 2 : 16;
			struct nc_pin *q = realloc(p->pin, nc * sizeof *q);

			if (q == NULL) {
				snprintf(why, whylen, "out of memory");
				goto out;
			}
			p->pin = q;
			p->cap = nc;
		}
		p->pin[p->n++] = pin;
	}
	if (ferror(fp)) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (p->n == 0) {
		snprintf(why, whylen, "%s: lists no key", path);
		goto out;
	}
	rval = 0;
out:
	free(line);
	fclose(fp);
	return rval;
}

const struct nc_pin *
nc_pins_find(const struct nc_pins *p, const uint8_t hash[NC_PIN_LEN])
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (CRYPTO_memcmp(p->pin[i].hash, hash, NC_PIN_LEN) == 0)
			return &p->pin[i];
	return NULL;
}

void
nc_pins_free(struct nc_pins *p)
{
	free(p->pin);
	p->pin = NULL;
	p->n = p->cap = 0;
}

void
nc_pin_text(const uint8_t hash[NC_PIN_LEN], char text[NC_PIN_TEXT])
{
	EVP_EncodeBlock((unsigned char *)text, hash, NC_PIN_LEN);
}

const char *
nc_tls_error(void)
{
	static char buf[256];
	unsigned long e = ERR_get_error();

	ERR_clear_error();
	if (e == 0)
		return "no further detail";
	ERR_error_string_n(e, buf, sizeof buf);
	return buf;
}

static int
pubkey_pin(EVP_PKEY *k, uint8_t hash[NC_PIN_LEN])
{
	unsigned char der[SPKI_MAX], *q = der;
	int n = i2d_PUBKEY(k, NULL);

	if (n <= 0 || n > (int)sizeof der || i2d_PUBKEY(k, &q) != n)
		return -1;
	SHA256(der, (size_t)n, hash);
	return 0;
}

int
nc_key_generate(const char *name, char *line, size_t linelen, char *path,
    size_t pathlen, char *why, size_t whylen)
{
	EVP_PKEY *k = NULL;
	FILE *fp = NULL;
	uint8_t hash[NC_PIN_LEN];
	char text[NC_PIN_TEXT];
	int fd, rval = -1;

	if (!nc_pin_name_ok(name)) {
		snprintf(why, whylen, "a name has letters, digits, '.', '_' "
		    "and '-', at most %d, and does not start with '.'",
		    NC_NAME_MAX);
		return -1;
	}
	snprintf(path, pathlen, "%s.key", name);
	if ((k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519")) == NULL ||
	    pubkey_pin(k, hash) < 0) {
		snprintf(why, whylen, "key generation: %s", nc_tls_error());
		goto out;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd < 0 || (fp = fdopen(fd, "w")) == NULL) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	if (!PEM_write_PrivateKey(fp, k, NULL, NULL, 0, NULL, NULL) ||
	    fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		snprintf(why, whylen, "%s: write failed", path);
		fclose(fp);
		fp = NULL;
		unlink(path);
		goto out;
	}
	nc_pin_text(hash, text);
	snprintf(line, linelen, "%s %s", name, text);
	rval = 0;
out:
	if (fp != NULL && fclose(fp) != 0 && rval == 0) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		unlink(path);
		rval = -1;
	}
	EVP_PKEY_free(k);
	return rval;
}

/* Accepts every certificate during the handshake: the pin, not a chain,
 * decides, once the handshake is over. */
static int
accept_any(int ok, X509_STORE_CTX *x)
{
	(void)ok;
	(void)x;
	return 1;
}

static X509 *
self_signed(EVP_PKEY *k)
{
	X509 *x = X509_new();
	X509_NAME *n;

	if (x == NULL)
		return NULL;
	n = X509_get_subject_name(x);
	if (!X509_set_version(x, 2) ||
	    !ASN1_INTEGER_set(X509_get_serialNumber(x), 1) ||
	    X509_gmtime_adj(X509_getm_notBefore(x), -86400) == NULL ||
	    X509_gmtime_adj(X509_getm_notAfter(x), 3650L * 86400) == NULL ||
	    !X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	    (const unsigned char *)"netcap", -1, -1, 0) ||
	    !X509_set_issuer_name(x, n) || !X509_set_pubkey(x, k) ||
	    X509_sign(x, k, NULL) <= 0) {
		X509_free(x);
		return NULL;
	}
	return x;
}

SSL_CTX *
nc_tls_ctx(const char *keyfile, int server, char *why, size_t whylen)
{
	SSL_CTX *ctx = NULL;
	EVP_PKEY *k = NULL;
	X509 *x = NULL;
	FILE *fp;

	if ((fp = fopen(keyfile, "re")) == NULL) {
		snprintf(why, whylen, "%s: %s", keyfile, strerror(errno));
		return NULL;
	}
	k = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
	fclose(fp);
	if (k == NULL || EVP_PKEY_get_id(k) != EVP_PKEY_ED25519) {
		snprintf(why, whylen, "%s: not an Ed25519 private key in PEM",
		    keyfile);
		ERR_clear_error();
		goto fail;
	}
	if ((x = self_signed(k)) == NULL ||
	    (ctx = SSL_CTX_new(server ? TLS_server_method() :
	    TLS_client_method())) == NULL ||
	    !SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) ||
	    !SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) ||
	    SSL_CTX_use_certificate(ctx, x) != 1 ||
	    SSL_CTX_use_PrivateKey(ctx, k) != 1) {
		snprintf(why, whylen, "%s: TLS set-up: %s", keyfile,
		    nc_tls_error());
		goto fail;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER |
	    SSL_VERIFY_FAIL_IF_NO_PEER_CERT, accept_any);
	/* No tickets: each connection proves its key again. */
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
	SSL_CTX_set_num_tickets(ctx, 0);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
	    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	X509_free(x);
	EVP_PKEY_free(k);
	return ctx;
fail:
	SSL_CTX_free(ctx);
	X509_free(x);
	EVP_PKEY_free(k);
	return NULL;
}

int
nc_tls_peer_pin(SSL *ssl, uint8_t hash[NC_PIN_LEN])
{
	X509 *x = SSL_get0_peer_certificate(ssl);
	EVP_PKEY *k;

	if (x == NULL || (k = X509_get0_pubkey(x)) == NULL)
		return -1;
	return pubkey_pin(k, hash);
}

int
nc_tls_own_pin(SSL_CTX *ctx, char text[NC_PIN_TEXT])
{
	EVP_PKEY *k = SSL_CTX_get0_privatekey(ctx);
	uint8_t hash[NC_PIN_LEN];

	if (k == NULL || pubkey_pin(k, hash) < 0)
		return -1;
	nc_pin_text(hash, text);
	return 0;
}
