/* Fleet mode's connection, stream, signatures and message bodies
 * (fleet.h). */
#include "fleet.h"
#include "wire.h"

#include <stdio.h>
#include <string.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

/* An Ed25519 SubjectPublicKeyInfo is 44 bytes; some slack for others. */
#define SPKI_MAX 64

int
nc_fleet_url(const char *s)
{
	return strncmp(s, "nats://", 7) == 0 || strncmp(s, "tls://", 6) == 0;
}

int
nc_fleet_stream_ok(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > NC_FLEET_STREAM_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= '0' && name[i] <= '9') ||
		    name[i] == '_' || name[i] == '-'))
			return 0;
	return 1;
}

static int
fail(char *why, size_t whylen, const char *what, natsStatus s)
{
	const char *last = nats_GetLastError(NULL);

	snprintf(why, whylen, "%s: %s", what, last != NULL && *last ?
	    last : natsStatus_GetText(s));
	return -1;
}

/* A second process making the stream at the same time is no failure. */
int
nc_fleet_stream(const struct nc_fleet_conf *c, jsCtx *js, jsOptions *jo,
    char *why, size_t whylen)
{
	jsStreamConfig cfg;
	jsStreamInfo *si = NULL;
	jsErrCode je = 0;
	char subj[NC_FLEET_STREAM_MAX + 3];
	const char *subjs[1] = { subj };
	natsStatus s;

	s = js_GetStreamInfo(&si, js, c->stream, jo, &je);
	jsStreamInfo_Destroy(si);
	if (s == NATS_OK)
		return 0;
	if (s != NATS_NOT_FOUND && je != JSStreamNotFoundErr)
		return fail(why, whylen, c->stream, s);
	jsStreamConfig_Init(&cfg);
	snprintf(subj, sizeof subj, "%s.>", c->stream);
	cfg.Name = c->stream;
	cfg.Subjects = subjs;
	cfg.SubjectsLen = 1;
	cfg.Storage = js_FileStorage;
	si = NULL;
	s = js_AddStream(&si, js, &cfg, jo, &je);
	jsStreamInfo_Destroy(si);
	if (s == NATS_OK || je == JSStreamNameExistErr)
		return 0;
	return fail(why, whylen, c->stream, s);
}

/* With a callback libnats connects in the background; without, it
 * would try for ever before returning. */
static void
on_connected(natsConnection *nc, void *arg)
{
	(void)nc;
	(void)arg;
}

void
nc_fleet_set_url(struct nc_fleet_conf *c, const char *url)
{
	const char *p = url, *end, *host, *at, *colon, *r;
	size_t o = 0, n = sizeof c->shown;

	c->url = url;
	/* A list of servers, "nats://u:p@a:4222,nats://b:4222".  In each,
	 * the user information runs from "//" to the last '@': a password
	 * after its first ':', or a token when it has none. */
	for (;;) {
		end = p + strcspn(p, ",");
		host = p;
		at = colon = NULL;
		if ((r = strstr(p, "//")) != NULL && r < end) {
			host = r + 2;
			for (r = host; r < end; r++)
				if (*r == '@')
					at = r;
		}
		if (at != NULL) {
			colon = memchr(host, ':', (size_t)(at - host));
			if (colon == NULL)
				colon = host - 1;	/* the token, whole */
			o += (size_t)snprintf(c->shown + o, n - o, "%.*s***%.*s",
			    (int)(colon + 1 - p), p, (int)(end - at), at);
		} else
			o += (size_t)snprintf(c->shown + o, n - o, "%.*s",
			    (int)(end - p), p);
		if (o >= n - 1 || *end == '\0')
			break;
		c->shown[o++] = ',';
		p = end + 1;
	}
	c->shown[o < n ? o : n - 1] = '\0';
}

int
nc_fleet_connect(const struct nc_fleet_conf *c, natsConnection **nc,
    jsCtx **js, jsOptions *jo, char *why, size_t whylen)
{
	natsOptions *o = NULL;
	natsStatus s;
	int64_t ms = (int64_t)(c->timeout * 1000);

	*nc = NULL;
	*js = NULL;
	if ((s = natsOptions_Create(&o)) != NATS_OK ||
	    (s = natsOptions_SetURL(o, c->url)) != NATS_OK ||
	    (s = natsOptions_SetTimeout(o, ms)) != NATS_OK ||
	    (s = natsOptions_SetMaxReconnect(o, -1)) != NATS_OK ||
	    (s = natsOptions_SetReconnectWait(o, 100)) != NATS_OK ||
	    (s = natsOptions_SetRetryOnFailedConnect(o, true,
	    on_connected, NULL)) != NATS_OK ||
	    (s = natsOptions_SetPingInterval(o, 2000)) != NATS_OK ||
	    (s = natsOptions_SetMaxPingsOut(o, 2)) != NATS_OK) {
		natsOptions_Destroy(o);
		return fail(why, whylen, c->shown, s);
	}
	if (c->creds != NULL && (s = natsOptions_SetUserCredentialsFromFiles(o,
	    c->creds, NULL)) != NATS_OK) {
		natsOptions_Destroy(o);
		return fail(why, whylen, c->creds, s);
	}
	if (c->ca != NULL && ((s = natsOptions_SetSecure(o, true)) !=
	    NATS_OK || (s = natsOptions_LoadCATrustedCertificates(o,
	    c->ca)) != NATS_OK)) {
		natsOptions_Destroy(o);
		return fail(why, whylen, c->ca, s);
	}
	/* With retry on, a server that is not up yet is no failure: the
	 * connection is made in the background. */
	s = natsConnection_Connect(nc, o);
	natsOptions_Destroy(o);
	if (s != NATS_OK && s != NATS_NOT_YET_CONNECTED)
		return fail(why, whylen, c->shown, s);
	if ((s = natsConnection_JetStream(js, *nc, jo)) != NATS_OK) {
		fail(why, whylen, c->shown, s);
		natsConnection_Destroy(*nc);
		*nc = NULL;
		return -1;
	}
	return 0;
}

int
nc_fleet_revive(const struct nc_fleet_conf *c, natsConnection **nc,
    jsCtx **js, jsOptions *jo, char *why, size_t whylen)
{
	if (*nc != NULL &&
	    natsConnection_Status(*nc) != NATS_CONN_STATUS_CLOSED)
		return 0;
	jsCtx_Destroy(*js);
	natsConnection_Destroy(*nc);
	if (nc_fleet_connect(c, nc, js, jo, why, whylen) < 0)
		return -1;
	snprintf(why, whylen, "%s: the connection was closed: connecting "
	    "again", c->shown);
	return 1;
}

int
nc_fleet_key_text(EVP_PKEY *k, char text[NC_FLEET_KEY_TEXT])
{
	unsigned char der[SPKI_MAX], *q = der;
	int n = i2d_PUBKEY(k, NULL);

	if (n <= 0 || n > 44 || i2d_PUBKEY(k, &q) != n)
		return -1;
	EVP_EncodeBlock((unsigned char *)text, der, n);
	return 0;
}

int
nc_fleet_sign(EVP_MD_CTX *mc, EVP_PKEY *k, const uint8_t *p, size_t n,
    char text[NC_FLEET_SIG_TEXT])
{
	unsigned char sig[NC_FLEET_SIG_LEN];
	size_t len = sizeof sig;

	EVP_MD_CTX_reset(mc);
	if (EVP_DigestSignInit(mc, NULL, NULL, NULL, k) != 1 ||
	    EVP_DigestSign(mc, sig, &len, p, n) != 1 || len != sizeof sig)
		return -1;
	EVP_EncodeBlock((unsigned char *)text, sig, (int)len);
	return 0;
}

/* Decodes base64 text of exactly want bytes; -1 otherwise. */
static int
unbase64(const char *text, unsigned char *out, size_t want)
{
	unsigned char buf[128];
	size_t n = strlen(text);
	int k;

	/* base64 of want bytes, with its padding */
	if (n != (want + 2) / 3 * 4 || n > 4 * sizeof buf / 3)
		return -1;
	if ((k = EVP_DecodeBlock(buf, (const unsigned char *)text,
	    (int)n)) < 0)
		return -1;
	/* EVP_DecodeBlock counts the padding as zero bytes. */
	if ((size_t)k < want)
		return -1;
	memcpy(out, buf, want);
	return 0;
}

EVP_PKEY *
nc_fleet_key_parse(const char *text, const uint8_t want[NC_PIN_LEN])
{
	unsigned char der[44], hash[NC_PIN_LEN];
	const unsigned char *q = der;
	EVP_PKEY *k;

	if (unbase64(text, der, sizeof der) < 0)
		return NULL;
	SHA256(der, sizeof der, hash);
	if (memcmp(hash, want, NC_PIN_LEN) != 0)
		return NULL;
	if ((k = d2i_PUBKEY(NULL, &q, sizeof der)) == NULL ||
	    EVP_PKEY_id(k) != EVP_PKEY_ED25519) {
		EVP_PKEY_free(k);
		return NULL;
	}
	return k;
}

int
nc_fleet_verify(EVP_MD_CTX *mc, EVP_PKEY *k, const uint8_t *p, size_t n,
    const char *text)
{
	unsigned char sig[NC_FLEET_SIG_LEN];

	if (text == NULL || unbase64(text, sig, sizeof sig) < 0)
		return 0;
	EVP_MD_CTX_reset(mc);
	return EVP_DigestVerifyInit(mc, NULL, NULL, NULL, k) == 1 &&
	    EVP_DigestVerify(mc, sig, sizeof sig, p, n) == 1;
}

long
nc_fleet_parse(const uint8_t *p, size_t n, size_t cap, uint64_t *stream,
    uint64_t *first, const char **why)
{
	struct nc_wire_msg m;
	size_t off;
	long k, count = 0;

	*why = NULL;
	k = nc_wire_parse(p, n, cap, &m, why);
	if (k <= 0 || m.kind != NC_WIRE_HELLO) {
		if (*why == NULL)
			*why = "no hello";
		return -1;
	}
	*stream = m.stream;
	for (off = (size_t)k; off < n; off += (size_t)k) {
		k = nc_wire_parse(p + off, n - off, cap, &m, why);
		if (k == 0) {
			*why = "a message cut short";
			return -1;
		}
		if (k < 0)
			return -1;
		if (m.kind != NC_WIRE_RECORD) {
			*why = "not a record";
			return -1;
		}
		if (count == 0)
			*first = m.seq;
		else if (m.seq != *first + (uint64_t)count) {
			*why = "sequence numbers with a gap";
			return -1;
		}
		if (nc_wire_record_type(m.data, m.len) < 0) {
			*why = "not a Record";
			return -1;
		}
		count++;
	}
	if (count == 0) {
		*why = "no records";
		return -1;
	}
	return count;
}
