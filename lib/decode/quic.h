/* QUIC Initial packet protection (RFC 9001 section 5, RFC 9369 section 3.3):
 * the keys anyone can derive from a connection ID, header protection and
 * AEAD.  Private to quic.c and quic_crypto.c. */
#ifndef NC_DECODE_QUIC_H
#define NC_DECODE_QUIC_H

#include <stddef.h>
#include <stdint.h>

#define NC_QUIC_V1	0x00000001u
#define NC_QUIC_V2	0x6b3343cfu
#define NC_QUIC_TAG	16		/* AES-128-GCM tag */

struct nc_quic_keys {
	uint8_t key[16], iv[12], hp[16];
};

/* One decoder's cipher contexts and cache of derived keys; NULL from
 * _new when out of memory. */
struct nc_quic_crypto;
struct nc_quic_crypto *nc_quic_crypto_new(void);
void nc_quic_crypto_free(struct nc_quic_crypto *qc);

/* 1 if Initial packets of this version can be decrypted (v1, v2,
 * draft-29 to draft-32). */
int nc_quic_known(uint32_t version);
/* The Initial keys of one side (server: 1 for "server in") for the
 * client's first DCID.  Returns -1 for an unknown version or when
 * libcrypto fails. */
int nc_quic_initial_keys(struct nc_quic_crypto *qc, uint32_t version,
    const uint8_t *dcid, size_t n, int server, struct nc_quic_keys *out);
/* The header protection mask for a 16-byte sample (AES-128-ECB). */
int nc_quic_hp_mask(struct nc_quic_crypto *qc, const struct nc_quic_keys *k,
    const uint8_t *sample, uint8_t mask[5]);
/* Opens an AES-128-GCM payload: ct holds n bytes including the tag,
 * out gets n - 16 bytes.  Returns 0, or -1 when authentication fails. */
int nc_quic_open(struct nc_quic_crypto *qc, const struct nc_quic_keys *k,
    uint64_t pn, const uint8_t *aad, size_t aadlen, const uint8_t *ct,
    size_t n, uint8_t *out);

/* An Initial's payload taken as plaintext (layer "QUICPlain"). */
struct nc_pkt;
struct nc_cur;
struct nc_app;
void nc_dec_quic_plain(struct nc_pkt *k, struct nc_cur *c,
    const struct nc_app *a);

/* Google QUIC's public header (Q024 to Q043) at c: fills q, leaves the
 * version label in label, version negotiation versions in versions.
 * client: the packet goes to the server.  Returns -1 when it is not
 * gQUIC either. */
struct nc_issue;
struct Netcap__QUIC;
int nc_gquic(struct Netcap__QUIC *q, struct nc_cur *c, int client,
    char label[5], uint32_t *versions, size_t maxv, struct nc_issue *is);

#endif
