/* Credentials records: the clear-text logins the stream parsers see.
 *
 * A parser that reads a login holds it in a struct nc_cred until the
 * server answers, then settles it: one Credentials record, accepted or
 * not.  A source that knows the answer at once (an HTTP request with
 * Basic authorization and its response) writes one with nc_creds_put.
 * Users and passwords are kept to NC_CRED_MAX bytes. */
#ifndef NC_TCPAPP_CREDS_H
#define NC_TCPAPP_CREDS_H

#include <stddef.h>
#include <stdint.h>

#include "tcpapp/tcpapp.h"

#define NC_CRED_MAX	256

/* What the server said: */
enum { NC_CRED_UNKNOWN = -1, NC_CRED_REJECTED = 0, NC_CRED_ACCEPTED = 1 };

struct nc_cred {
	uint8_t held;			/* a login waits for its answer */
	uint8_t cut;
	uint16_t nuser, npass, nauthz;
	const char *service, *mechanism;	/* static strings */
	int64_t ts;
	uint64_t packet;
	uint8_t user[NC_CRED_MAX], pass[NC_CRED_MAX], authz[NC_CRED_MAX];
};

/* One login of the connection's client, answered (or not: UNKNOWN);
 * reply is the server's answer, n bytes of it, or NULL.  0, or -1 when
 * the record could not be written. */
int nc_creds_put(const struct nc_tcpapp_ctx *c, const char *service,
    const char *mechanism, const uint8_t *user, size_t nuser,
    const uint8_t *pass, size_t npass, int accepted, const uint8_t *reply,
    size_t nreply);

/* Holds a login until its answer: the packet of c carried it. */
void nc_creds_hold(struct nc_cred *k, const struct nc_tcpapp_ctx *c,
    const char *service, const char *mechanism, const uint8_t *user,
    size_t nuser, const uint8_t *pass, size_t npass);
/* The user of a login held (to fill in once the password comes). */
void nc_creds_user(struct nc_cred *k, const uint8_t *user, size_t n);

/* The password of a login held, which the packet of c carried. */
void nc_creds_pass(struct nc_cred *k, const struct nc_tcpapp_ctx *c,
    const uint8_t *pass, size_t n);

/* Writes the login held, if one, with the answer; 0 or -1. */
int nc_creds_settle(struct nc_cred *k, const struct nc_tcpapp_ctx *c,
    int accepted, const uint8_t *reply, size_t nreply);

/* SASL PLAIN (RFC 4616): "authzid NUL authcid NUL passwd", base64 in
 * b64[0, n), into k (held); 0, or -1 when it is not that. */
int nc_creds_plain(struct nc_cred *k, const struct nc_tcpapp_ctx *c,
    const char *service, const uint8_t *b64, size_t n);

/* A SASL exchange of PLAIN or LOGIN (RFC 4616; the LOGIN mechanism sends
 * the user and the password each base64 on a line of its own), as SMTP
 * AUTH, POP3 AUTH and IMAP AUTHENTICATE carry them. */
struct nc_sasl {
	uint8_t state;			/* 0: none; else a line is expected */
	const char *service;
};

/* The client's AUTH or AUTHENTICATE with its mechanism and initial
 * response (empty when none). */
void nc_sasl_start(struct nc_sasl *s, struct nc_cred *k,
    const struct nc_tcpapp_ctx *c, const char *service, const uint8_t *mech,
    size_t nmech, const uint8_t *ir, size_t nir);
/* Whether the client's next line belongs to the exchange. */
int nc_sasl_wants(const struct nc_sasl *s);
/* One client line of the exchange: a response, or "*" ending it. */
void nc_sasl_line(struct nc_sasl *s, struct nc_cred *k,
    const struct nc_tcpapp_ctx *c, const uint8_t *p, size_t n);
/* The server ended the exchange. */
void nc_sasl_end(struct nc_sasl *s);

/* Base64 (RFC 4648 4) of in[0, n) decoded into out, at most max bytes;
 * the length, or -1 when in is not base64.  Spaces are not allowed;
 * padding is optional. */
long nc_creds_base64(const uint8_t *in, size_t n, uint8_t *out, size_t max);

#endif
