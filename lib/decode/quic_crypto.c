/* QUIC Initial packet protection, RFC 9001 section 5 (v1 and drafts 29-32)
 * and RFC 9369 section 3.3 (v2), with OpenSSL libcrypto.
 *
 *	initial_secret = HKDF-Extract(salt, client's first DCID)
 *	secret = HKDF-Expand-Label(initial_secret, "client in" | "server in")
 *	key, iv, hp = HKDF-Expand-Label(secret, "quic key" | "quic iv" |
 *	    "quic hp")		(v2: "quicv2 key", "quicv2 iv", "quicv2 hp")
 *
 * HKDF with SHA-256 is two HMACs here: every output fits one SHA-256
 * block, so Expand is a single HMAC.  OpenSSL's one-shot HMAC() allocates
 * a context per call, so derived keys are cached per DCID: a connection
 * pays for derivation once.  The two cipher contexts (AES-128-ECB for the
 * header protection mask, AES-128-GCM for the payload) are allocated on
 * first use and kept until the decoder is freed; re-keying them per packet
 * does not allocate.  The cache and the contexts belong to one decoder
 * (struct nc_quic_crypto): two decoders share none of it. */
#include "decode/quic.h"

#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "digest.h"

static const uint8_t salt_v1[20] = {
	0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
	0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a,
};
static const uint8_t salt_v2[20] = {
	0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
	0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9,
};
static const uint8_t salt_d29[20] = {
	0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97,
	0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99,
};

int
nc_quic_known(uint32_t v)
{
	return v == NC_QUIC_V1 || v == NC_QUIC_V2 ||
	    (v >= 0xff00001du && v <= 0xff000020u);
}

/* HKDF-Expand-Label (RFC 8446 7.1) with an empty context, for n <= 32. */
static int
expand_label(const uint8_t prk[32], const char *label, uint8_t *out, size_t n)
{
	uint8_t info[2 + 1 + 255 + 1 + 1], md[32];
	unsigned int mdlen = 0;
	size_t ll = strlen(label), i = 0;

	info[i++] = 0;
	info[i++] = (uint8_t)n;
	info[i++] = (uint8_t)(6 + ll);
	memcpy(info + i, "tls13 ", 6);
	i += 6;
	memcpy(info + i, label, ll);
	i += ll;
	info[i++] = 0;			/* context */
	info[i++] = 1;			/* T(1) */
	if (HMAC(nc_sha256(), prk, 32, info, i, md, &mdlen) == NULL ||
	    mdlen != 32)
		return -1;
	memcpy(out, md, n);
	return 0;
}

static int
derive(uint32_t version, const uint8_t *dcid, size_t n, int server,
    struct nc_quic_keys *out)
{
	const uint8_t *salt = version == NC_QUIC_V2 ? salt_v2 :
	    version == NC_QUIC_V1 ? salt_v1 : salt_d29;
	int v2 = version == NC_QUIC_V2;
	uint8_t initial[32], secret[32];
	unsigned int len = 0;

	if (HMAC(nc_sha256(), salt, 20, dcid, n, initial, &len) == NULL ||
	    len != 32)
		return -1;
	if (expand_label(initial, server ? "server in" : "client in",
	    secret, 32) == -1 ||
	    expand_label(secret, v2 ? "quicv2 key" : "quic key", out->key,
	    16) == -1 ||
	    expand_label(secret, v2 ? "quicv2 iv" : "quic iv", out->iv,
	    12) == -1 ||
	    expand_label(secret, v2 ? "quicv2 hp" : "quic hp", out->hp,
	    16) == -1)
		return -1;
	return 0;
}

/* A handful of recent connections: a client's Initials and the server's
 * answers all use the keys of one DCID. */
enum { NCACHE = 16 };

struct nc_quic_crypto {
	struct {
		uint32_t version;
		uint8_t server, n, used;
		uint8_t dcid[255];
		struct nc_quic_keys keys;
	} cache[NCACHE];
	unsigned cache_next;
	EVP_CIPHER_CTX *ecb, *gcm;	/* NULL until first used */
};

struct nc_quic_crypto *
nc_quic_crypto_new(void)
{
	return calloc(1, sizeof(struct nc_quic_crypto));
}

void
nc_quic_crypto_free(struct nc_quic_crypto *qc)
{
	if (qc == NULL)
		return;
	EVP_CIPHER_CTX_free(qc->ecb);
	EVP_CIPHER_CTX_free(qc->gcm);
	free(qc);
}

int
nc_quic_initial_keys(struct nc_quic_crypto *qc, uint32_t version,
    const uint8_t *dcid, size_t n, int server, struct nc_quic_keys *out)
{
	size_t i;

	if (!nc_quic_known(version) || n > 255)
		return -1;
	for (i = 0; i < NCACHE; i++)
		if (qc->cache[i].used && qc->cache[i].version == version &&
		    qc->cache[i].server == !!server && qc->cache[i].n == n &&
		    memcmp(qc->cache[i].dcid, dcid, n) == 0) {
			*out = qc->cache[i].keys;
			return 0;
		}
	if (derive(version, dcid, n, server, out) == -1)
		return -1;
	i = qc->cache_next++ % NCACHE;
	qc->cache[i].used = 1;
	qc->cache[i].version = version;
	qc->cache[i].server = (uint8_t)!!server;
	qc->cache[i].n = (uint8_t)n;
	memcpy(qc->cache[i].dcid, dcid, n);
	qc->cache[i].keys = *out;
	return 0;
}

int
nc_quic_hp_mask(struct nc_quic_crypto *qc, const struct nc_quic_keys *k,
    const uint8_t *sample, uint8_t mask[5])
{
	EVP_CIPHER_CTX *ecb = qc->ecb;
	uint8_t block[32];
	int len = 0;

	if (ecb == NULL) {
		if ((ecb = EVP_CIPHER_CTX_new()) == NULL)
			return -1;
		if (EVP_EncryptInit_ex(ecb, EVP_aes_128_ecb(), NULL, NULL,
		    NULL) != 1) {
			EVP_CIPHER_CTX_free(ecb);
			return -1;
		}
		EVP_CIPHER_CTX_set_padding(ecb, 0);
		qc->ecb = ecb;
	}
	if (EVP_EncryptInit_ex(ecb, NULL, NULL, k->hp, NULL) != 1 ||
	    EVP_EncryptUpdate(ecb, block, &len, sample, 16) != 1 || len != 16)
		return -1;
	memcpy(mask, block, 5);
	return 0;
}

int
nc_quic_open(struct nc_quic_crypto *qc, const struct nc_quic_keys *k,
    uint64_t pn, const uint8_t *aad, size_t aadlen, const uint8_t *ct,
    size_t n, uint8_t *out)
{
	EVP_CIPHER_CTX *gcm = qc->gcm;
	uint8_t nonce[12], tag[NC_QUIC_TAG];
	int len = 0, i;

	if (n < NC_QUIC_TAG || aadlen > INT32_MAX || n > INT32_MAX)
		return -1;
	if (gcm == NULL) {
		if ((gcm = EVP_CIPHER_CTX_new()) == NULL)
			return -1;
		if (EVP_DecryptInit_ex(gcm, EVP_aes_128_gcm(), NULL, NULL,
		    NULL) != 1) {
			EVP_CIPHER_CTX_free(gcm);
			return -1;
		}
		qc->gcm = gcm;
	}
	/* The nonce is the IV with the packet number XORed into its low
	 * bytes (RFC 9001 5.3). */
	memcpy(nonce, k->iv, 12);
	for (i = 0; i < 8; i++)
		nonce[11 - i] ^= (uint8_t)(pn >> (8 * i));
	n -= NC_QUIC_TAG;
	memcpy(tag, ct + n, NC_QUIC_TAG);
	if (EVP_DecryptInit_ex(gcm, NULL, NULL, k->key, nonce) != 1 ||
	    EVP_DecryptUpdate(gcm, NULL, &len, aad, (int)aadlen) != 1 ||
	    (n > 0 && EVP_DecryptUpdate(gcm, out, &len, ct, (int)n) != 1) ||
	    EVP_CIPHER_CTX_ctrl(gcm, EVP_CTRL_GCM_SET_TAG, NC_QUIC_TAG,
	    tag) != 1 ||
	    EVP_DecryptFinal_ex(gcm, out + n, &len) != 1)
		return -1;
	return 0;
}
