/* Keys, pinned public keys and the TLS 1.3 contexts of nc-send and
 * nc-recv.
 *
 * Each end holds a long-term Ed25519 key.  Certificates only carry the
 * key through the TLS handshake: each end makes a self-signed one from
 * its key at start and never looks at the peer's names or dates.  A peer
 * is known by the SHA-256 of its certificate's SubjectPublicKeyInfo (the
 * pin, as HTTP public key pinning and Syncthing's device IDs use it),
 * checked against a list after the handshake and before a record moves.
 *
 * A list of pins is text, one key a line:
 *	name key
 * name: letters, digits, '.', '_' and '-', not starting with '.' (it
 * names the sensor's files); key: the pin in base64 (44 characters) or
 * hex (64), or the whole SubjectPublicKeyInfo in base64 or hex, which is
 * hashed.  Blank lines and lines starting with '#' are skipped. */
#ifndef NC_LINK_TLS_H
#define NC_LINK_TLS_H

#include <stddef.h>
#include <stdint.h>
#include <openssl/ssl.h>

#define NC_PIN_LEN 32
/* base64 of a pin, with its NUL */
#define NC_PIN_TEXT 45
#define NC_NAME_MAX 64

struct nc_pin {
	char name[NC_NAME_MAX + 1];
	uint8_t hash[NC_PIN_LEN];
};

struct nc_pins {
	size_t n, cap;
	struct nc_pin *pin;
};

/* Whether name may name a sensor (and its files). */
int nc_pin_name_ok(const char *name);

/* Parses one line of a list; 1: *pin is set, 0: blank or comment, -1:
 * damaged (why says how). */
int nc_pins_parse_line(const char *line, size_t len, struct nc_pin *pin,
    char *why, size_t whylen);
/* Loads a list; -1 with why ("FILE: line N: ...") on failure. */
int nc_pins_load(struct nc_pins *p, const char *path, char *why,
    size_t whylen);
const struct nc_pin *nc_pins_find(const struct nc_pins *p,
    const uint8_t hash[NC_PIN_LEN]);
void nc_pins_free(struct nc_pins *p);

/* Writes a new Ed25519 key to NAME.key (mode 0600, never over an
 * existing file) and its line "NAME pin" to out. */
int nc_key_generate(const char *name, char *line, size_t linelen,
    char *path, size_t pathlen, char *why, size_t whylen);

/* A TLS 1.3-only context for one end, holding the key of keyfile and a
 * certificate made from it; the peer must show a certificate.  NULL with
 * why on failure. */
SSL_CTX *nc_tls_ctx(const char *keyfile, int server, char *why,
    size_t whylen);
/* The pin of the peer of a finished handshake; -1 when it showed no key. */
int nc_tls_peer_pin(SSL *ssl, uint8_t hash[NC_PIN_LEN]);
/* The pin of the context's own key, in base64. */
int nc_tls_own_pin(SSL_CTX *ctx, char text[NC_PIN_TEXT]);
void nc_pin_text(const uint8_t hash[NC_PIN_LEN], char text[NC_PIN_TEXT]);
/* The first OpenSSL error as text, clearing the queue. */
const char *nc_tls_error(void);

#endif
