/* The TLS ClientHello and ServerHello (RFC 8446 4.1.2 and 4.1.3, RFC 5246
 * 7.4.1), parsed from a handshake message for both users of it: the QUIC
 * decoder (CRYPTO data of Initials) and the TLS stream parser of nc-tcp.
 * The parse keeps pointers into the caller's bytes and fixed arrays: it
 * never allocates, so the caller's bytes must outlive the result. */
#ifndef NC_TLS_HELLO_H
#define NC_TLS_HELLO_H

#include <stddef.h>
#include <stdint.h>

/* Entries kept of each list: more than any real hello sends.  An entry
 * past them sets dropped.  The limits of the QUIC record's fields are
 * these (see netcap.proto). */
enum {
	NC_TLS_MAX_SUITES = 128,
	NC_TLS_MAX_EXT = 64,
	NC_TLS_MAX_ALPN = 16,
	NC_TLS_MAX_VERS = 32,
	NC_TLS_MAX_GROUPS = 64,
	NC_TLS_MAX_SIGALGS = 64,
	NC_TLS_MAX_SHARES = 16,
	NC_TLS_MAX_SMALL = 16,	/* compression, point formats, psk modes */
};

enum { NC_TLS_CLIENT_HELLO = 1, NC_TLS_SERVER_HELLO = 2 };

struct nc_tls_span {
	const uint8_t *p;
	size_t n;
};

/* uint32_t lists so that repeated uint32 fields can point at them. */
struct nc_tls_hello {
	unsigned type;			/* handshake type */
	uint32_t length;		/* as declared */
	int complete;			/* the whole message was there */
	int sslv2;			/* an SSL 2.0 format ClientHello */
	int hrr;			/* a HelloRetryRequest */
	int dropped;			/* a list had more than is kept */
	int malformed;			/* complete, but its lengths lie */
	int has_version;
	uint32_t version;		/* legacy_version */
	struct nc_tls_span random;	/* 32 bytes; SSLv2: the challenge */
	struct nc_tls_span session_id;
	uint32_t suites[NC_TLS_MAX_SUITES];
	size_t n_suites;
	uint32_t comp[NC_TLS_MAX_SMALL];
	size_t n_comp;
	uint32_t ext[NC_TLS_MAX_EXT];
	size_t n_ext;
	int has_sni;
	struct nc_tls_span sni;		/* the first host_name */
	struct nc_tls_span alpn[NC_TLS_MAX_ALPN];
	size_t n_alpn;
	uint32_t vers[NC_TLS_MAX_VERS];	/* supported_versions */
	size_t n_vers;
	uint32_t groups[NC_TLS_MAX_GROUPS];
	size_t n_groups;
	uint32_t ecpf[NC_TLS_MAX_SMALL];	/* ec_point_formats */
	size_t n_ecpf;
	uint32_t sigalgs[NC_TLS_MAX_SIGALGS];
	size_t n_sigalgs;
	uint32_t shares[NC_TLS_MAX_SHARES];	/* key_share groups */
	size_t n_shares;
	uint32_t pskmodes[NC_TLS_MAX_SMALL];
	size_t n_pskmodes;
	struct nc_tls_span quic_tp;	/* quic_transport_parameters */
};

/* Parses the handshake message at p (type, 24-bit length, body) from up
 * to n bytes: a message cut short keeps the fields that were there and
 * complete says so.  Returns 0 for a hello, 1 for another handshake type
 * (type, length and complete set), -1 when fewer than 4 bytes. */
int nc_tls_hello_parse(struct nc_tls_hello *h, const uint8_t *p, size_t n);

/* An SSL 2.0 CLIENT-HELLO (RFC 6101 appendix E.1, the SSL 2.0 draft)
 * at p, the message after its 2-byte record header.  Its 3-byte cipher
 * specs go into suites as they are.  Returns 0, or -1 when it is not one. */
int nc_tls_hello_sslv2(struct nc_tls_hello *h, const uint8_t *p, size_t n);

/* RFC 8701: a value of the form 0x?a?a with both bytes equal. */
int nc_tls_grease(uint32_t v);

/* The version the hello means: the highest supported_versions entry
 * that is not GREASE (a ServerHello's only one), else legacy_version. */
uint32_t nc_tls_hello_version(const struct nc_tls_hello *h);

#endif
