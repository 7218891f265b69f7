/* Fleet mode of nc-send and nc-recv: the records go through a NATS
 * JetStream stream instead of a TLS connection (ncap(5), FLEET MODE).
 *
 * Sensor NAME publishes to the subject STREAM.NAME.  Each message is a
 * run of the messages of the TCP mode (wire.h): a hello with the stream
 * id of the sensor's spool, then records with consecutive sequence
 * numbers.  NATS authenticates connections and its accounts and subject
 * permissions decide who may publish where; on top of that each message
 * is signed with the sensor's Ed25519 key, so that a collector takes a
 * record only from the key it lists under the subject's name, whatever
 * the NATS set-up.  Headers:
 *	Nats-Msg-Id	STREAMID-FIRST-LAST (JetStream drops a message
 *			published again with the same id)
 *	Nc-Key		the sensor's SubjectPublicKeyInfo, base64
 *	Nc-Sig		Ed25519 signature of the message body, base64 */
#ifndef NC_LINK_FLEET_H
#define NC_LINK_FLEET_H

#include <stddef.h>
#include <stdint.h>
#include <nats/nats.h>
#include <openssl/evp.h>

#include "tls.h"

#define NC_FLEET_SIG_LEN 64
/* base64 of an Ed25519 SubjectPublicKeyInfo (44 bytes), with its NUL */
#define NC_FLEET_KEY_TEXT 61
#define NC_FLEET_SIG_TEXT 89
#define NC_FLEET_STREAM_MAX 64

struct nc_fleet_conf {
	const char *url;	/* nats://[user:pass@]host:port, tls://... */
	const char *stream;	/* JetStream stream, also the subject prefix */
	const char *creds;	/* NATS credentials file (JWT and nkey) */
	const char *ca;		/* CA file of the server's certificate */
	double timeout;		/* connecting and JetStream requests */
	char shown[256];	/* url as messages show it: no password */
};

/* Sets c->url, and c->shown: url with the password of each server in it
 * replaced by "***" (cut when long), since messages end up in logs. */
void nc_fleet_set_url(struct nc_fleet_conf *c, const char *url);

/* 1 when s names a fleet (nats:// or tls://). */
int nc_fleet_url(const char *s);
/* 1 when name is fit for a JetStream stream and a subject token. */
int nc_fleet_stream_ok(const char *name);

/* Connects, trying again for ever in the background while the server is
 * away; -1 with why. */
int nc_fleet_connect(const struct nc_fleet_conf *c, natsConnection **nc,
    jsCtx **js, jsOptions *jo, char *why, size_t whylen);

/* Makes a connection that libnats closed for good anew (it gives up,
 * for all its endless retries, when a server dies during its handshake):
 * 1 when it did and -1 when it could not (both with why), 0 when the
 * connection is alive. */
int nc_fleet_revive(const struct nc_fleet_conf *c, natsConnection **nc,
    jsCtx **js, jsOptions *jo, char *why, size_t whylen);

/* Makes the stream (file storage, subjects STREAM.>) when the server
 * does not have it; -1 with why. */
int nc_fleet_stream(const struct nc_fleet_conf *c, jsCtx *js, jsOptions *jo,
    char *why, size_t whylen);

/* The key's SubjectPublicKeyInfo in base64. */
int nc_fleet_key_text(EVP_PKEY *k, char text[NC_FLEET_KEY_TEXT]);
/* Signs p[0, n) into base64; -1 on failure. */
int nc_fleet_sign(EVP_MD_CTX *mc, EVP_PKEY *k, const uint8_t *p, size_t n,
    char text[NC_FLEET_SIG_TEXT]);
/* The public key in text (Nc-Key) when its pin is want; NULL otherwise. */
EVP_PKEY *nc_fleet_key_parse(const char *text,
    const uint8_t want[NC_PIN_LEN]);
/* 1 when text (Nc-Sig) is k's signature of p[0, n). */
int nc_fleet_verify(EVP_MD_CTX *mc, EVP_PKEY *k, const uint8_t *p, size_t n,
    const char *text);

/* A message body: a hello, then records numbered first..last without a
 * gap, each at most cap bytes and a Record.  Returns the number of
 * records, or -1 with why. */
long nc_fleet_parse(const uint8_t *p, size_t n, size_t cap,
    uint64_t *stream, uint64_t *first, const char **why);

#endif
